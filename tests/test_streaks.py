"""Forgiving streaks: one missed day is fine, two end the run, excused days are invisible."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.streaks import Streak, days_with_wins, missed_in_a_row, streak

D0 = date(2026, 3, 2)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def days(*offsets: int) -> list[date]:
    return [day(n) for n in offsets]


# A timeline is a list of booleans (win or not), one per day starting at D0; its last
# day is "today".
timelines = st.lists(st.booleans(), min_size=1, max_size=60)


def active_of(timeline: list[bool]) -> list[date]:
    return [day(i) for i, hit in enumerate(timeline) if hit]


def today_of(timeline: list[bool]) -> date:
    return day(len(timeline) - 1)


def test_no_days_is_no_streak() -> None:
    assert streak([], day(0)) == Streak(0, 0, None)


def test_consecutive_days_count_up() -> None:
    assert streak(days(0, 1, 2), day(2)) == Streak(3, 3, day(2))


def test_one_missed_day_keeps_the_streak_without_counting() -> None:
    assert streak(days(0, 1, 3, 4), day(4)) == Streak(4, 4, day(4))


def test_two_missed_days_in_a_row_end_the_streak() -> None:
    assert streak(days(0, 1, 4, 5), day(5)) == Streak(2, 2, day(5))


def test_today_without_a_win_does_not_break_the_streak() -> None:
    # Yesterday missed and today not logged yet: the day isn't over.
    assert streak(days(0, 1, 2), day(4)) == Streak(3, 3, day(2))


def test_two_missed_days_before_today_end_the_current_streak() -> None:
    assert streak(days(0, 1, 2), day(5)) == Streak(0, 3, None)


def test_excused_days_bridge_a_gap_without_adding_to_it() -> None:
    # Days 2-4 paused: only day 5 is a miss, so the run continues.
    assert streak(days(0, 1, 6), day(6), excused=days(2, 3, 4)) == Streak(3, 3, day(6))


def test_a_win_on_an_excused_day_still_counts() -> None:
    assert streak(days(0, 1), day(1), excused=days(1)) == Streak(2, 2, day(1))


def test_days_after_today_are_ignored() -> None:
    assert streak(days(0, 1, 9), day(1)) == Streak(2, 2, day(1))


def test_days_with_wins_counts_distinct_days_in_the_window() -> None:
    active = days(0, 0, 3, 5, 6, 7)
    assert days_with_wins(active, day(6), 7) == 4
    assert days_with_wins(active, day(6), 1) == 1
    assert days_with_wins(active, day(6), 0) == 0


def test_missed_in_a_row_counts_back_from_yesterday() -> None:
    start = day(0)
    assert missed_in_a_row(days(0, 1), start, day(4)) == 2
    assert missed_in_a_row(days(0, 1, 3), start, day(4)) == 0
    # Today not checked yet is not a miss.
    assert missed_in_a_row([], start, day(0)) == 0
    # Counting starts at the goal's start.
    assert missed_in_a_row([], start, day(3)) == 3


def test_missed_in_a_row_skips_planned_skips() -> None:
    assert missed_in_a_row(days(0), day(0), day(5), excused=days(2, 3)) == 2
    assert missed_in_a_row(days(0), day(0), day(5), excused=days(1, 2, 3, 4)) == 0


def test_check_offs_before_the_goal_start_are_ignored() -> None:
    assert missed_in_a_row(days(0), day(2), day(5)) == 3


@given(timelines)
def test_streak_never_exceeds_the_active_days(timeline: list[bool]) -> None:
    result = streak(active_of(timeline), today_of(timeline))
    assert result.best <= sum(timeline)
    assert 0 <= result.current <= result.best


@given(timelines, st.integers(min_value=0, max_value=59))
def test_adding_an_active_day_never_lowers_the_best(timeline: list[bool], extra: int) -> None:
    active = active_of(timeline)
    today = today_of(timeline)
    extra_day = day(extra % len(timeline))
    assert streak([*active, extra_day], today).best >= streak(active, today).best


@given(
    st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=10),
    st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=10),
    st.integers(min_value=1, max_value=2),
)
def test_a_single_gap_joins_runs_and_a_double_gap_splits_them(
    left: list[int], right: list[int], gap: int
) -> None:
    # Runs with single gaps inside them, then a gap of `gap` days, then more runs.
    timeline: list[bool] = []
    for length in left:
        timeline += [True] * length + [False]
    timeline = timeline[:-1] + [False] * gap
    for length in right:
        timeline += [True] * length + [False]
    timeline = timeline[:-1]
    result = streak(active_of(timeline), today_of(timeline))
    if gap == 1:
        assert result.current == result.best == sum(left) + sum(right)
    else:
        assert result.current == sum(right)
        assert result.best == max(sum(left), sum(right))


@given(timelines, st.lists(st.integers(min_value=0, max_value=60), max_size=10))
def test_excused_days_are_transparent(timeline: list[bool], inserts: list[int]) -> None:
    before = streak(active_of(timeline), today_of(timeline))
    # Insert excused days into the timeline (shifting later days) at the given places.
    # Those placed after the original last day land after "today", which stays put.
    marked: list[bool | None] = list(timeline)
    for place in inserts:
        marked.insert(min(place, len(marked)), None)
    today = max(i for i, hit in enumerate(marked) if hit is not None)
    active = [day(i) for i, hit in enumerate(marked) if hit]
    excused = [day(i) for i, hit in enumerate(marked) if hit is None]
    after = streak(active, day(today), excused)
    assert (after.current, after.best) == (before.current, before.best)


@given(timelines)
def test_best_is_at_least_current_and_last_day_is_a_win(timeline: list[bool]) -> None:
    active = active_of(timeline)
    result = streak(active, today_of(timeline))
    assert result.best >= result.current
    assert (result.last_day is None) == (result.current == 0)
    if result.last_day is not None:
        assert result.last_day in active


def test_paused_days_cover_each_span_up_to_today() -> None:
    from bot.domain.streaks import paused_days

    spans = [(date(2026, 11, 2), date(2026, 11, 4)), (date(2026, 11, 20), None)]
    assert paused_days(spans, date(2026, 11, 22)) == {
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 20),
        date(2026, 11, 21),
        date(2026, 11, 22),
    }
    assert paused_days([], date(2026, 11, 22)) == set()
