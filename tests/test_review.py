"""Weekly review and stats: the right numbers, and messages that are warm, safe and short."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.review import (
    MESSAGE_LIMIT,
    GoalRecord,
    Stats,
    WeekSummary,
    WinRecord,
    day_strip,
    stats_summary,
    stats_text,
    week_summary,
    week_text,
)

TODAY = date(2026, 11, 8)  # a Sunday
ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "a"}


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def win(n: int, text: str = "walked", tags: tuple[str, ...] = (), photo: bool = False) -> WinRecord:
    return WinRecord(ago(n), text, tags, photo, "file-1" if photo else None)


def goal(
    start: int, days: int, checked: tuple[int, ...] = (), skipped: tuple[int, ...] = ()
) -> GoalRecord:
    return GoalRecord(
        goal_id=1,
        text="water first thing",
        start=ago(start),
        days=days,
        checked=frozenset(ago(n) for n in checked),
        skipped=frozenset(ago(n) for n in skipped),
    )


def html_tags(text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?([a-zA-Z]+)", text)}


def test_week_counts_every_day_in_order_including_empty_ones() -> None:
    summary = week_summary([win(0), win(0), win(2), win(6), win(7)], [], TODAY)
    assert [d.day for d in summary.days] == [ago(n) for n in range(6, -1, -1)]
    assert [d.wins for d in summary.days] == [1, 0, 0, 0, 1, 0, 2]
    assert summary.total_wins == 4
    assert summary.days_with_wins == 3


def test_week_top_tags_by_count_then_first_appearance() -> None:
    wins = [
        win(5, tags=("walk",)),
        win(4, tags=("read", "Walk")),
        win(3, tags=("code",)),
        win(2, tags=("read",)),
        win(1, tags=("sleep",)),
        win(9, tags=("sleep", "sleep", "sleep")),  # outside the week
    ]
    assert week_summary(wins, [], TODAY).top_tags == ("walk", "read", "code")


def test_moment_prefers_photo_then_longer_text_then_most_recent() -> None:
    plain_long = win(3, "a long walk around the whole lake")
    photo_short = win(5, "cake", photo=True)
    assert week_summary([plain_long, photo_short], [], TODAY).moment == photo_short
    older, newer = win(4, "same length"), win(1, "equal words")
    assert week_summary([newer, older], [], TODAY).moment == newer
    assert week_summary([win(2, "short"), plain_long], [], TODAY).moment == plain_long


def test_goal_progress_counts_the_days_inside_the_window() -> None:
    # Started 3 days ago: 4 of its days fall in the week; one was a planned skip.
    started = goal(start=3, days=7, checked=(3, 2, 0), skipped=(1,))
    # Ran 10..4 days ago: 3 of its days are in the week.
    older = goal(start=10, days=7, checked=(10, 6, 4))
    ended = goal(start=30, days=7, checked=(30,))
    summary = week_summary([], [started, older, ended], TODAY)
    assert [(g.checked, g.possible) for g in summary.goals] == [(3, 3), (2, 3)]


def test_stats_sum_up_the_history() -> None:
    wins = [
        win(0, tags=("a",)),
        win(1, tags=("b",)),
        win(3),
        win(10),
        win(11),
        win(12),
        win(13),
        win(40, tags=("a",)),
    ]
    finished = goal(start=20, days=7, checked=(20, 19))
    never_checked = goal(start=20, days=7)
    running = goal(start=2, days=7, checked=(2,))
    stats = stats_summary(wins, [finished, never_checked, running], TODAY)
    assert stats == Stats(
        total_wins=8,
        days_with_wins=8,
        days_known=41,  # from the first win, 40 days ago
        best_streak=4,
        current_streak=3,
        last_7_days=3,
        last_30_days=7,
        top_tags=(("a", 2), ("b", 1)),
        goals_finished=1,
    )


def test_stats_use_paused_days_as_excused() -> None:
    wins = [win(0), win(5)]
    assert stats_summary(wins, [], TODAY).current_streak == 1
    paused = [ago(n) for n in (1, 2, 3, 4)]
    assert stats_summary(wins, [], TODAY, excused=paused).current_streak == 2


def test_a_goal_counts_as_finished_on_its_last_day_once_checked() -> None:
    assert stats_summary([], [goal(start=6, days=7, checked=(0,))], TODAY).goals_finished == 1
    assert stats_summary([], [goal(start=6, days=7, checked=(1,))], TODAY).goals_finished == 0


def test_day_strip_marks_days_with_wins() -> None:
    summary = week_summary([win(0), win(6)], [], TODAY)
    assert day_strip(summary.days) == "Mo ●  Tu ○  We ○  Th ○  Fr ○  Sa ○  Su ●"


def test_an_empty_week_reads_warmly() -> None:
    text = week_text(week_summary([], [], TODAY), "Ada")
    assert "Ada" in text
    assert "tomorrow" in text
    for unkind in ("fail", "missed", "zero", "0 wins"):
        assert unkind not in text.lower()


def test_week_text_shows_numbers_moment_and_goals() -> None:
    wins = [win(0, "ran <5k> & smiled", ("run",)), win(2, "read")]
    text = week_text(week_summary(wins, [goal(start=3, days=7, checked=(3,))], TODAY), "Bo")
    assert "2 wins" in text
    assert "on 2 days" in text
    assert "#run" in text
    assert "ran &lt;5k&gt; &amp; smiled" in text
    assert "water first thing: 1 of 4 days" in text
    assert html_tags(text) <= ALLOWED_TAGS


def test_user_text_is_escaped_everywhere() -> None:
    evil = "<script>alert(1)</script>"
    wins = [WinRecord(TODAY, evil, (evil,), False)]
    goals = [GoalRecord(1, evil, ago(1), 7, frozenset(), frozenset())]
    week = week_text(week_summary(wins, goals, TODAY), evil)
    stats = stats_text(stats_summary(wins, goals, TODAY))
    for text in (week, stats):
        assert "<script>" not in text
        assert html_tags(text) <= ALLOWED_TAGS


def test_stats_text_is_forgiving_and_empty_stats_are_warm() -> None:
    stats = stats_summary([win(0), win(2)], [], TODAY)
    text = stats_text(stats)
    assert "Current streak: <b>2 days</b>" in text
    assert "missed day never breaks" in text
    empty = stats_text(stats_summary([], [], TODAY))
    assert "first marble" in empty


huge_text = st.text(alphabet=st.sampled_from("a&<> é\n"), min_size=0, max_size=6000)


@settings(max_examples=40, deadline=None)
@given(huge_text, st.integers(min_value=0, max_value=30))
def test_messages_stay_under_the_telegram_limit(text: str, count: int) -> None:
    wins = [WinRecord(ago(n % 7), text, (text[:500],) * 3, n % 2 == 0) for n in range(count)]
    goals = [GoalRecord(n, text, ago(3), 7, frozenset(), frozenset()) for n in range(count)]
    summary: WeekSummary = week_summary(wins, goals, TODAY)
    assert len(week_text(summary, text)) <= MESSAGE_LIMIT
    assert len(stats_text(stats_summary(wins, goals, TODAY))) <= MESSAGE_LIMIT


def test_a_week_starts_no_earlier_than_the_users_first_day() -> None:
    summary = week_summary([win(0), win(2)], [], TODAY, since=ago(2))
    assert [d.day for d in summary.days] == [ago(2), ago(1), ago(0)]
    assert day_strip(summary.days).count("○") == 1


def test_stats_know_how_long_the_user_has_been_here() -> None:
    assert stats_summary([win(0)], [], TODAY, since=TODAY).days_known == 1
    # A win backdated before the join day moves the first day back.
    assert stats_summary([win(3)], [], TODAY, since=ago(1)).days_known == 4
    text = stats_text(stats_summary([win(0)], [], TODAY, since=TODAY))
    assert "1 day with a win</b> since you started" in text
    assert "last 7" not in text and "Current streak: <b>1 day</b>" in text


def test_stats_windows_appear_only_when_they_add_something() -> None:
    recent = stats_text(stats_summary([win(0), win(1)], [], TODAY, since=ago(60)))
    assert "2 days with a win in the last 7" in recent
    assert "last 30" not in recent  # the same two days again
    spread = stats_text(stats_summary([win(0), win(20)], [], TODAY, since=ago(60)))
    assert "1 day with a win in the last 7" in spread
    assert "2 days with a win in the last 30" in spread
