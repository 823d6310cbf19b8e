"""The rules behind /history, /find and /tags."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import history


def test_weeks_start_on_monday_by_default_and_on_any_given_weekday() -> None:
    sunday = date(2026, 11, 29)
    assert history.week_start(sunday) == date(2026, 11, 23)
    assert history.week_start(sunday, first_weekday=6) == sunday
    assert history.week_days(date(2026, 11, 23)) == (date(2026, 11, 23), date(2026, 11, 29))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 6))
def test_a_day_falls_in_the_week_that_starts_on_or_before_it(day: date, first: int) -> None:
    start = history.week_start(day, first)
    assert start.weekday() == first
    assert 0 <= (day - start).days < 7


def test_a_search_splits_words_and_tags_casefolded_once_each() -> None:
    search = history.parse_search("  Walk #Park dog walk #park #1 ")
    assert search.words == ("walk", "dog", "#1")
    assert search.tags == ("park",)
    assert search.query == "#park walk dog #1"


@pytest.mark.parametrize(
    ("text", "reason"), [("", "empty"), ("   ", "empty"), ("x" * 201, "too_long")]
)
def test_a_search_needs_some_words_and_not_too_many(text: str, reason: str) -> None:
    with pytest.raises(history.SearchError) as raised:
        history.parse_search(text)
    assert raised.value.reason == reason


def test_like_patterns_escape_the_wildcards() -> None:
    assert history.like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"


def test_tags_are_counted_most_used_first_then_by_name() -> None:
    counts = history.tag_counts([("run", "outside"), ("outside",), ("art", "run"), ("zen",)])
    assert counts == [("outside", 2), ("run", 2), ("art", 1), ("zen", 1)]


def test_pages_round_up_and_never_drop_below_one() -> None:
    assert [history.page_count(n) for n in (0, 1, 10, 11, 25)] == [1, 1, 1, 2, 3]


def test_new_words_for_a_win_are_one_line_with_their_tags() -> None:
    win = history.edited_win("  ran 3km #Running ")
    assert (win.text, win.tags) == ("ran 3km #Running", ("running",))
    for text, reason in (("", "empty"), ("a\nb", "several"), ("x" * 1001, "too_long")):
        with pytest.raises(history.EditError) as raised:
            history.edited_win(text)
        assert raised.value.reason == reason
