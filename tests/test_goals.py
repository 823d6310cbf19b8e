"""Micro-goal rules: reading /goal, naming goals, the strip, and when to offer shrinking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.goals import (
    GoalDays,
    GoalInputError,
    extend_choices,
    find_goals,
    goal_span,
    looks_like_outcome,
    parse_goal,
    should_offer_shrink,
    split_shrink,
    strip,
)
from bot.domain.months import MonthParseError, parse_month, shift
from bot.domain.review import GoalRecord, goal_finished

D0 = date(2026, 11, 23)  # a Monday


@dataclass(frozen=True)
class G:
    goal_id: int
    text: str


GOALS = [G(10, "drink water when I wake up"), G(11, "read one page"), G(12, "walk to the park")]


def test_goal_defaults_to_seven_days() -> None:
    assert parse_goal("  drink   water ") == parse_goal("drink water for 7 days")
    assert parse_goal("drink water").days == 7


@pytest.mark.parametrize(
    ("text", "days"), [("read for 14 days", 14), ("read 30 days", 30), ("read for 66 days", 66)]
)
def test_goal_length_is_read_from_the_end(text: str, days: int) -> None:
    goal = parse_goal(text)
    assert (goal.text, goal.days) == ("read", days)


@pytest.mark.parametrize("text", ["read for 67 days", "read for 0 days", "read for -3 days"])
def test_goal_length_outside_1_to_66_is_refused(text: str) -> None:
    with pytest.raises(GoalInputError) as error:
        parse_goal(text)
    assert error.value.reason == "days_range"


def test_empty_and_too_long_goals_are_refused() -> None:
    with pytest.raises(GoalInputError, match="empty"):
        parse_goal("  . ")
    with pytest.raises(GoalInputError, match="too_long"):
        parse_goal("x" * 201)


@pytest.mark.parametrize("text", ["for 14 days", "14 days", "for 3d.", "for 90 days"])
def test_a_length_without_a_step_is_refused(text: str) -> None:
    with pytest.raises(GoalInputError) as error:
        parse_goal(text)
    assert error.value.reason == "only_days"


def test_a_number_inside_the_text_is_not_a_length() -> None:
    assert parse_goal("walk 10 minutes").text == "walk 10 minutes"


@pytest.mark.parametrize(
    "text", ["lose 10 kg", "write a bestseller", "earn $5000 a month", "get a promotion"]
)
def test_outcome_goals_are_recognised(text: str) -> None:
    assert looks_like_outcome(text)


@pytest.mark.parametrize(
    "text", ["drink a glass of water", "write 100 words", "walk 10 minutes", "read one page"]
)
def test_process_goals_are_not_flagged(text: str) -> None:
    assert not looks_like_outcome(text)


def test_goal_is_named_by_number_or_words() -> None:
    assert find_goals(GOALS, "2") == [GOALS[1]]
    assert find_goals(GOALS, "4") == []
    assert find_goals(GOALS, "WATER") == [GOALS[0]]
    assert find_goals(GOALS, "the") == [GOALS[2]]
    assert find_goals(GOALS, "e") == GOALS
    assert find_goals(GOALS, "swim") == []


@pytest.mark.parametrize(
    ("query", "goal"),
    [
        ("вода", "выпивать стакан воды"),
        ("воду", "выпивать стакан воды"),
        ("página", "leer 20 páginas"),
        ("Seite", "20 Seiten lesen"),
        ("walks", "walk to the park"),
    ],
)
def test_a_word_with_another_ending_still_names_its_goal(query: str, goal: str) -> None:
    goals = [G(1, goal), G(2, "swim once")]
    assert find_goals(goals, query) == [goals[0]]


@pytest.mark.parametrize(
    ("query", "goal"), [("водка", "выпивать стакан воды"), ("water", "walk to the park")]
)
def test_a_short_or_different_word_names_no_goal(query: str, goal: str) -> None:
    assert find_goals([G(1, goal)], query) == []


def test_shrink_splits_goal_and_smaller_version() -> None:
    assert split_shrink(GOALS, "2 read a sentence") == ([GOALS[1]], "read a sentence")
    assert split_shrink(GOALS, "read: a sentence") == ([GOALS[1]], "a sentence")
    assert split_shrink(GOALS, "walk walk to the door") == ([GOALS[2]], "walk to the door")
    assert split_shrink(GOALS[:1], "a sip of water") == ([GOALS[0]], "a sip of water")
    assert split_shrink(GOALS, "3") == ([GOALS[2]], "")
    assert split_shrink(GOALS, "swim less") == ([], "")


def test_strip_marks_done_rest_and_missed_days() -> None:
    span = GoalDays(D0, 7, frozenset({D0, D0 + timedelta(2)}), frozenset({D0 + timedelta(3)}))
    # Six days before the start are blank; today (day 5) isn't over yet.
    assert strip(span, D0 + timedelta(4)) == "Sa  Su  Mo ✓  Tu ·  We ✓  Th –  Fr"


def test_day_number_and_end() -> None:
    span = GoalDays(D0, 7, frozenset(), frozenset())
    assert span.day_number(D0 + timedelta(3)) == 4
    assert span.last_day == D0 + timedelta(6)
    assert not span.is_over(span.last_day)
    assert span.is_over(span.last_day + timedelta(1))
    assert GoalDays(D0, 7, frozenset({span.last_day}), frozenset()).is_over(span.last_day)


def test_shrink_is_offered_after_two_misses_once() -> None:
    span = GoalDays(D0, 7, frozenset({D0}), frozenset())
    assert not should_offer_shrink(span, D0 + timedelta(2), None)  # one miss
    assert should_offer_shrink(span, D0 + timedelta(3), None)  # two misses
    assert not should_offer_shrink(span, D0 + timedelta(4), D0 + timedelta(3))
    # A check-off after the offer, then two more misses: it may be offered again.
    again = GoalDays(D0, 14, frozenset({D0, D0 + timedelta(4)}), frozenset())
    assert should_offer_shrink(again, D0 + timedelta(7), D0 + timedelta(3))
    # Once the goal's days are over there is nothing to shrink.
    assert not should_offer_shrink(
        GoalDays(D0, 5, frozenset({D0}), frozenset()), D0 + timedelta(8), None
    )


def test_planned_rest_is_not_a_miss_for_the_offer() -> None:
    span = GoalDays(D0, 7, frozenset({D0}), frozenset({D0 + timedelta(1)}))
    assert not should_offer_shrink(span, D0 + timedelta(3), None)


@settings(max_examples=60)
@given(st.sets(st.integers(0, 13)), st.integers(0, 20))
def test_offer_needs_two_missed_days_just_before_today(done: set[int], today_n: int) -> None:
    span = GoalDays(D0, 14, frozenset(D0 + timedelta(n) for n in done), frozenset())
    today = D0 + timedelta(today_n)
    offered = should_offer_shrink(span, today, None)
    yesterday, before = today - timedelta(1), today - timedelta(2)
    missed_two = before >= D0 and yesterday not in span.done and before not in span.done
    assert offered == (missed_two and not span.is_over(today))


def test_extend_choices_grow_toward_66() -> None:
    assert extend_choices(7) == (14, 30, 66)
    assert extend_choices(30) == (66,)
    assert extend_choices(66) == ()


TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (2026, 11)),
        ("3", (2026, 3)),
        ("12", (2025, 12)),
        ("march", (2026, 3)),
        ("Dec", (2025, 12)),
        ("2026-03", (2026, 3)),
        ("03/2024", (2024, 3)),
        ("feb 2027", (2027, 2)),
    ],
)
def test_month_is_read_relative_to_today(text: str, expected: tuple[int, int]) -> None:
    assert parse_month(text, TODAY) == expected


@pytest.mark.parametrize("text", ["13", "0", "2026-13", "ma", "next week", "march 26"])
def test_bad_months_are_refused(text: str) -> None:
    with pytest.raises(MonthParseError):
        parse_month(text, TODAY)


def test_month_shift_crosses_years() -> None:
    assert shift(2026, 1, -1) == (2025, 12)
    assert shift(2026, 12, 1) == (2027, 1)


def test_a_dropped_goal_ends_the_day_before_it_was_let_go() -> None:
    rests = {D0 + timedelta(n) for n in range(1, 6)}
    span = goal_span(D0, 7, {D0}, rests, dropped_on=D0 + timedelta(3))
    assert span.last_day == D0 + timedelta(2)
    assert span.rest == {D0 + timedelta(1), D0 + timedelta(2)}
    # Checked off on the day it was let go: that day still counts.
    done_then = goal_span(D0, 7, {D0 + timedelta(3)}, (), dropped_on=D0 + timedelta(3))
    assert done_then.last_day == D0 + timedelta(3)
    # Not dropped: rests past its last day are not its rests.
    assert goal_span(D0, 2, (), rests).rest == {D0 + timedelta(1)}


def test_a_dropped_goal_is_never_counted_as_seen_through() -> None:
    kept = GoalRecord(1, "walk", D0, 3, frozenset({D0, D0 + timedelta(1)}), frozenset())
    let_go = GoalRecord(1, "walk", D0, 3, kept.checked, frozenset(), D0 + timedelta(2))
    assert goal_finished(kept, D0 + timedelta(5))
    assert not goal_finished(let_go, D0 + timedelta(5))
