"""Pure nudge rules: which slots, pause and weekly arguments, decisions after downtime,
and the prompts as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.domain.nudges import (
    NudgeInputError,
    Slot,
    decide,
    parse_pause,
    parse_weekly,
    pause_active,
    pause_end,
    wall_time,
    wanted_slots,
)
from bot.domain.schedule import first_due
from bot.nudges import render as prompts

UTC_ZONE = ZoneInfo("UTC")
GRACE = timedelta(hours=2)


@dataclass(frozen=True)
class G:
    goal_id: int
    text: str


def test_slots_follow_the_settings_and_off_means_none() -> None:
    assert wanted_slots("08:00", None, 6, "19:00") == [
        Slot("morning", "08:00"),
        Slot("weekly", "19:00", 6),
    ]
    assert wanted_slots(None, None, None, None) == []


@pytest.mark.parametrize(
    ("text", "days"),
    [("", None), ("3", 3), ("3 days", 3), ("1 day", 1), ("for 5 days", 5), ("2 weeks", 14)],
)
def test_pause_reads_days(text: str, days: int | None) -> None:
    assert parse_pause(text) == days


@pytest.mark.parametrize("text", ["0", "366", "forever", "-2", "3 months", "two"])
def test_pause_refuses_what_is_not_a_number_of_days(text: str) -> None:
    with pytest.raises(NudgeInputError):
        parse_pause(text)


def test_a_pause_ends_when_the_user_day_begins() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    end = pause_end(date(2026, 11, 23), 2, berlin, 4)
    assert end == datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 04:00 CET


def test_pause_active_until_its_end() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert pause_active(True, None, now)
    assert pause_active(True, now + timedelta(seconds=1), now)
    assert not pause_active(True, now, now)
    assert not pause_active(False, None, now)


@pytest.mark.parametrize(
    ("text", "weekday", "hhmm"),
    [
        ("sunday 19:00", 6, (19, 0)),
        ("Sun 7pm", 6, (19, 0)),
        ("fri 6:30", 4, (6, 30)),
        ("Tuesdays 8", 1, (8, 0)),
        ("th 21:15", 3, (21, 15)),
    ],
)
def test_weekly_reads_a_day_and_a_time(text: str, weekday: int, hhmm: tuple[int, int]) -> None:
    choice = parse_weekly(text)
    assert choice.weekday == weekday
    assert choice.local_time is not None
    assert (choice.local_time.hour, choice.local_time.minute) == hhmm


def test_weekly_off() -> None:
    assert parse_weekly("off").weekday is None


@pytest.mark.parametrize("text", ["sunday", "19:00", "s 19:00", "someday 7", "sunday 25:00", ""])
def test_weekly_refuses_unclear_input(text: str) -> None:
    with pytest.raises(NudgeInputError):
        parse_weekly(text)


def test_a_prompt_on_time_is_sent_and_moves_to_tomorrow() -> None:
    due = datetime(2026, 11, 24, 8, tzinfo=UTC)
    decision = decide("08:00", None, UTC_ZONE, due, due + timedelta(seconds=30), GRACE)
    assert decision.send and decision.local_date == date(2026, 11, 24)
    assert decision.next_due == due + timedelta(days=1)


def test_after_long_downtime_only_the_latest_occurrence_counts() -> None:
    due = datetime(2026, 11, 1, 8, tzinfo=UTC)
    now = datetime(2026, 11, 24, 9, tzinfo=UTC)
    decision = decide("08:00", None, UTC_ZONE, due, now, GRACE)
    assert decision.send and decision.due == datetime(2026, 11, 24, 8, tzinfo=UTC)
    assert decision.next_due == datetime(2026, 11, 25, 8, tzinfo=UTC)
    late = decide("08:00", None, UTC_ZONE, due, now + timedelta(hours=2), GRACE)
    assert not late.send and late.local_date == date(2026, 11, 24)


def test_a_missed_spring_forward_prompt_keeps_its_own_date() -> None:
    ny = ZoneInfo("America/New_York")
    # 02:30 does not exist on 2026-03-08: due at 03:00 EDT = 07:00 UTC.
    due = datetime(2026, 3, 8, 7, tzinfo=UTC)
    decision = decide("02:30", None, ny, due, due, GRACE)
    assert decision.send and decision.local_date == date(2026, 3, 8)
    assert decision.next_due == datetime(2026, 3, 9, 6, 30, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(
    zone_name=st.sampled_from(
        ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
    ),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 59]),
    late=st.integers(0, 60 * 24 * 20),
    weekly=st.booleans(),
)
def test_decisions_always_move_past_now_and_pick_an_occurrence_at_or_before_it(
    zone_name: str, hour: int, minute: int, late: int, weekly: bool
) -> None:
    tz = ZoneInfo(zone_name)
    weekday = 2 if weekly else None
    wall = f"{hour:02d}:{minute:02d}"
    due = first_due(wall_time(wall), tz, datetime(2026, 3, 1, tzinfo=UTC), weekday)
    now = due + timedelta(minutes=late)
    decision = decide(wall, weekday, tz, due, now, GRACE)
    assert due <= decision.due <= now < decision.next_due
    assert decision.send == (now - decision.due < GRACE)


def test_morning_without_goals_asks_for_one_small_thing() -> None:
    prompt = prompts.morning([], set())
    assert (
        texts.nudges.morning_ask() in prompt.text and prompt.ask_reply and prompt.variant == "ask"
    )
    assert prompt.buttons == ()


def test_morning_with_a_goal_offers_done_smaller_not_today() -> None:
    prompt = prompts.morning([G(7, "drink water <first>")], set())
    assert "drink water &lt;first&gt;" in prompt.text
    ((done, smaller, skip),) = prompt.buttons
    assert done == (texts.goals.done_button(), "goal:done:7")
    assert smaller == (texts.goals.shrink_button(), "goal:shrink:7")
    assert skip == (texts.goals.skip_button(), "goal:skip:7")


def test_morning_leaves_out_goals_already_done() -> None:
    prompt = prompts.morning([G(1, "walk"), G(2, "read")], {1})
    assert "read" in prompt.text and "walk" not in prompt.text
    assert [row[0][1] for row in prompt.buttons] == ["goal:done:2"]
    assert prompts.morning([G(1, "walk")], {1}).buttons == ()


def test_evening_lists_wins_and_only_open_goals_get_a_button() -> None:
    prompt = prompts.evening(
        [("tidied up", False), ("sunset", True)],
        [G(1, "walk"), G(2, "read")],
        {2},
        prompts.TodaysIntention("call mum", False),
        date(2026, 11, 24),
    )
    assert "2 wins" in prompt.text and "• 📷 sunset" in prompt.text
    assert "call mum" in prompt.text
    datas = [data for row in prompt.buttons for _, data in row]
    assert datas == ["intent:done:2026-11-24", "goal:done:1"]


def test_evening_stays_under_telegrams_limit_with_many_wins() -> None:
    wins = [("x" * 300, False)] * 40
    prompt = prompts.evening(wins, [], set(), None, date(2026, 11, 24))
    assert len(prompt.text) <= texts.common.MESSAGE_LIMIT and "more" in prompt.text
