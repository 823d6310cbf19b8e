"""Reading and writing clock times."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.times import OFF_WORDS, TimeParseError, format_time, parse_time, parse_time_or_off


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", (7, 0)),
        ("07", (7, 0)),
        ("7:30", (7, 30)),
        ("07:30", (7, 30)),
        ("7.30", (7, 30)),
        ("1930", (19, 30)),
        ("0730", (7, 30)),
        ("7pm", (19, 0)),
        ("7 pm", (19, 0)),
        ("7:30pm", (19, 30)),
        ("7:30 PM", (19, 30)),
        ("7 p.m.", (19, 0)),
        ("7am", (7, 0)),
        ("12am", (0, 0)),
        ("12pm", (12, 0)),
        ("19:00", (19, 0)),
        ("19h", (19, 0)),
        ("19h30", (19, 30)),
        ("0:00", (0, 0)),
        ("23:59", (23, 59)),
        ("  21:15 ", (21, 15)),
        ("noon", (12, 0)),
    ],
)
def test_times_people_type_are_understood(text: str, expected: tuple[int, int]) -> None:
    assert parse_time(text) == datetime.time(*expected)


@pytest.mark.parametrize(
    "text", ["", "  ", "24:00", "25", "7:60", "13pm", "0am", "730", "7:5", "seven", "7:30:00", "-1"]
)
def test_non_times_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(TimeParseError, match="7:30"):
        parse_time(text)


def test_off_words_turn_a_reminder_off() -> None:
    for word in OFF_WORDS:
        assert parse_time_or_off(word) is None
        assert parse_time_or_off(f" {word.upper()} ") is None
    assert parse_time_or_off("8:00") == datetime.time(8, 0)


def test_times_are_shown_as_24_hour_hh_mm() -> None:
    assert format_time(datetime.time(7, 5)) == "07:05"
    assert format_time(datetime.time(0, 0)) == "00:00"
    assert format_time(datetime.time(23, 59, 59)) == "23:59"


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_hh_mm_round_trips(hour: int, minute: int) -> None:
    t = datetime.time(hour, minute)
    assert parse_time(format_time(t)) == t
    assert parse_time(f"{hour}:{minute:02d}") == t
    assert parse_time(f"{hour:02d}{minute:02d}") == t


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm", " AM", " p.m."]))
def test_twelve_hour_forms_match_the_24_hour_clock(hour: int, minute: int, half: str) -> None:
    expected = datetime.time(hour % 12 + (12 if "p" in half.lower() else 0), minute)
    assert parse_time(f"{hour}:{minute:02d}{half}") == expected
    assert parse_time(f"{hour}{half}") == expected.replace(minute=0)


@given(st.text(max_size=12))
def test_any_text_is_a_time_or_a_time_parse_error(text: str) -> None:
    try:
        parsed = parse_time_or_off(text)
    except TimeParseError:
        return
    assert parsed is None or isinstance(parsed, datetime.time)
