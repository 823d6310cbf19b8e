"""The catching-up rules: backdate phrases, the early-morning window, check-off days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.catchup import (
    MAX_DAYS_BACK,
    Backdated,
    TooFarBack,
    check_off_problem,
    lift_before,
    may_move_to,
    offers_yesterday,
    split_backdate,
    split_done_day,
)

THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday called mum", Backdated(1, "called mum")),
        ("Yesterday: called mum", Backdated(1, "called mum")),
        ("2 days ago called mum", Backdated(2, "called mum")),
        ("a day ago - tidied", Backdated(1, "tidied")),
        ("seven days ago cooked", Backdated(7, "cooked")),
        ("on monday swam", Backdated(3, "swam")),
        ("last Thursday swam", Backdated(7, "swam")),
        ("on wednesday swam", Backdated(1, "swam")),
        ("yesterday\nran\nread", Backdated(1, "ran\nread")),
        ("yesterday's stress is gone", Backdated(0, "yesterday's stress is gone")),
        ("Monday meeting went well", Backdated(0, "Monday meeting went well")),
        ("3 days agony", Backdated(0, "3 days agony")),
        ("0 days ago made tea", Backdated(0, "made tea")),
        ("yesterday", Backdated(1, "")),
    ],
)
def test_backdate_phrases(text: str, expected: Backdated) -> None:
    assert split_backdate(text, THURSDAY) == expected


@pytest.mark.parametrize("text", ["8 days ago ran", "ten days ago ran", "1000 days ago ran"])
def test_more_than_a_week_back_is_refused(text: str) -> None:
    with pytest.raises(TooFarBack):
        split_backdate(text, THURSDAY)


@given(st.text(max_size=80), st.dates())
def test_any_text_is_today_or_within_a_week(text: str, today: date) -> None:
    try:
        backdated = split_backdate(text, today)
    except TooFarBack as error:
        assert error.days_back > MAX_DAYS_BACK
        return
    assert 0 <= backdated.days_back <= MAX_DAYS_BACK
    assert len(backdated.text) <= len(text)


@pytest.mark.parametrize(
    ("hour", "minute", "offered"),
    [(1, 0, False), (3, 59, False), (4, 0, True), (9, 59, True), (10, 0, False), (20, 0, False)],
)
def test_the_move_is_offered_in_the_first_six_hours_of_a_day(
    hour: int, minute: int, offered: bool
) -> None:
    now = datetime(2026, 11, 24, hour, minute, tzinfo=UTC)
    expected = date(2026, 11, 23) if offered else None
    assert offers_yesterday(now, UTC, 4) == expected


def test_the_window_is_six_real_hours_when_clocks_go_forward() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 29 March 2026: clocks jump from 02:00 to 03:00; with days ending at 02:00 the day
    # starts at the jump (01:00 UTC), so the window ends at 07:00 UTC (09:00 local).
    assert offers_yesterday(datetime(2026, 3, 29, 6, 59, tzinfo=UTC), berlin, 2) is not None
    assert offers_yesterday(datetime(2026, 3, 29, 7, 0, tzinfo=UTC), berlin, 2) is None


def test_moves_stay_within_the_past_week() -> None:
    assert may_move_to(date(2026, 11, 25), THURSDAY)
    assert may_move_to(date(2026, 11, 19), THURSDAY)
    assert not may_move_to(date(2026, 11, 18), THURSDAY)
    assert not may_move_to(THURSDAY, THURSDAY)


def test_check_off_days() -> None:
    start, last = date(2026, 11, 23), date(2026, 11, 29)
    assert check_off_problem(date(2026, 11, 25), THURSDAY, start, last) is None
    assert check_off_problem(date(2026, 11, 22), THURSDAY, start, last) == "before_start"
    assert check_off_problem(date(2026, 11, 27), THURSDAY, start, last) == "future"
    assert check_off_problem(date(2026, 11, 18), THURSDAY, start, last) == "too_far"
    assert check_off_problem(date(2026, 11, 25), THURSDAY, start, date(2026, 11, 24)) == (
        "after_end"
    )


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("yesterday", ("", 1)),
        ("1 yesterday", ("1", 1)),
        ("yesterday 2", ("2", 1)),
        ("walk for yesterday", ("walk", 1)),
        ("walk", ("walk", 0)),
        ("", ("", 0)),
    ],
)
def test_done_yesterday_arguments(argument: str, expected: tuple[str, int]) -> None:
    assert split_done_day(argument) == expected


def test_a_lift_is_older_than_a_week() -> None:
    assert lift_before(THURSDAY) == date(2026, 11, 19)
