"""Someone who never answers is asked once, kindly, whether fewer prompts would suit; it
goes out through the tick and the outbox, and it never nags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.domain.nudges import ASK_FEWER_AGAIN, should_ask_fewer
from bot.nudges import sender
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness

# Prompt times for a user in UTC with the defaults: morning 08:00, weekly Sunday 19:00,
# evening 21:00. START is Monday 23 November 2026, 12:00 UTC.
SLOTS = ((8, 0), (19, 0), (21, 0))


async def _days(bot: Harness, first: datetime, days: int) -> list[BotMessage]:
    """Tick at every prompt time from `first` (a date at 00:00 UTC) for `days` days."""
    sent: list[BotMessage] = []
    for n in range(days):
        for hour, minute in SLOTS:
            instant = first + timedelta(days=n, hours=hour, minutes=minute)
            if instant > bot.clock.now():
                sent += await bot.tick_at(instant)
    return sent


def _day(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, tzinfo=UTC)


def _asks(messages: list[BotMessage]) -> list[BotMessage]:
    return [m for m in messages if m.text == texts.nudges.fewer_ask()]


def _kinds(messages: list[BotMessage]) -> list[str]:
    """morning / evening / weekly / fewer, in order."""
    kinds = []
    for m in messages:
        text = m.text or ""
        if text == texts.nudges.fewer_ask():
            kinds.append("fewer")
        elif "Good morning" in text:
            kinds.append("morning")
        elif texts.nudges.evening_head() in text:
            kinds.append("evening")
        elif "Your week" in text:
            kinds.append("weekly")
    return kinds


@pytest.fixture(autouse=True)
def _no_chat_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Weeks of prompts to one chat: the real-time gap between them is not under test."""
    monkeypatch.setattr(sender, "PRIVATE_CHAT_GAP_S", 0.0)


@pytest.fixture
async def quiet(bot: Harness, stand: StandIn) -> FakeUser:
    """Cy sets a time zone and then never says a word."""
    cy = stand.user("Cy")
    await bot.send(cy, "/timezone UTC")
    return cy


async def test_after_three_unanswered_prompts_the_next_asks_once_kindly(
    bot: Harness, quiet: FakeUser
) -> None:
    # Monday evening, Tuesday morning and evening go unanswered; Wednesday morning asks.
    sent = await _days(bot, _day(23), 3)
    assert _kinds(sent) == ["evening", "morning", "evening", "fewer", "evening"]
    (ask,) = _asks(sent)
    assert ask.chat_id == quiet.id
    assert ask.button_texts == [
        texts.nudges.fewer_keep_button(),
        texts.nudges.fewer_weekly_button(),
        texts.nudges.fewer_pause_button(),
    ]
    # It went out through the outbox like any prompt.
    delivered = await bot.store.outbox.for_chat(quiet.id)
    assert [d.variant for d in delivered].count("fewer") == 1
    # Three more weeks of silence: the same prompts, and no second asking.
    later = await _days(bot, _day(26), 21)
    assert _asks(later) == []
    assert _kinds(later).count("evening") == 21


async def test_a_word_back_resets_the_count(bot: Harness, quiet: FakeUser) -> None:
    await _days(bot, _day(23), 2)  # Monday evening, Tuesday morning and evening
    await bot.send(quiet, "took a walk")  # Tuesday night: a win is an answer
    sent = await _days(bot, _day(25), 1)
    assert _kinds(sent) == ["morning", "evening"]
    # A tap on a button answers too: three prompts later it would ask, so tap first.
    await _days(bot, _day(26), 1)
    listing = await bot.reply(quiet, "/settings")
    await bot.press(quiet, listing, listing.button_texts[0])
    assert _asks(await _days(bot, _day(27), 1)) == []


async def test_just_the_weekly_review_turns_the_daily_prompts_off(
    bot: Harness, quiet: FakeUser
) -> None:
    sent = await _days(bot, _day(23), 3)
    (ask,) = _asks(sent)
    await bot.press(quiet, ask, texts.nudges.fewer_weekly_button())
    edited = bot.stand.bot_message(quiet.id, ask.message_id)
    assert edited is not None and "weekly review, on Sundays at 19:00" in (edited.text or "")
    assert edited.button_texts == []
    user = await bot.store.users.get(quiet.id)
    assert user is not None
    assert (user.morning_time, user.evening_time) == (None, None)
    assert (user.weekly_day, user.weekly_time) == (6, "19:00")
    # Thursday to the next Saturday: only Sunday's weekly review arrives.
    rest = await _days(bot, _day(26), 10)
    assert _kinds(rest) == ["weekly"]
    assert rest[0].text and "Your week" in rest[0].text


async def test_pause_stops_prompts_for_a_week_and_says_until_when(
    bot: Harness, quiet: FakeUser
) -> None:
    sent = await _days(bot, _day(23), 3)  # asked on Wednesday 25 Nov
    (ask,) = _asks(sent)
    await bot.press(quiet, ask, texts.nudges.fewer_pause_button())
    edited = bot.stand.bot_message(quiet.id, ask.message_id)
    assert edited is not None
    assert "7 days" in (edited.text or "") and "Wednesday 2 Dec" in (edited.text or "")
    # Nothing until Wednesday 2 December, then the prompts come back.
    assert await _days(bot, _day(26), 6) == []
    back = await _days(bot, _day(2, 12), 1)
    assert _kinds(back) == ["morning", "evening"]
    # They chose once: silence after the pause is never asked about again.
    assert _asks(await _days(bot, _day(3, 12), 10)) == []


async def test_keep_them_coming_keeps_them_and_a_second_tap_changes_nothing(
    bot: Harness, quiet: FakeUser
) -> None:
    (ask,) = _asks(await _days(bot, _day(23), 3))
    buttons = ask.keyboard
    await bot.press(quiet, ask, texts.nudges.fewer_keep_button())
    edited = bot.stand.bot_message(quiet.id, ask.message_id)
    assert edited is not None and edited.text == texts.nudges.fewer_kept()
    # An old copy of the buttons (another device that missed the edit) changes nothing.
    edited.keyboard = buttons
    query = quiet.press(edited, texts.nudges.fewer_pause_button())
    await bot.settle()
    assert bot.answer_to(query) == texts.common.already_handled()
    user = await bot.store.users.get(quiet.id)
    assert user is not None and not user.paused and user.fewer_choice == "keep"
    sent = await _days(bot, _day(26), 5)
    assert _kinds(sent).count("morning") == 5 and _asks(sent) == []


def test_the_rule_asks_after_three_and_not_again_for_a_long_while() -> None:
    now = datetime(2026, 11, 25, 8, tzinfo=UTC)
    assert not should_ask_fewer(2, None, None, now)
    assert should_ask_fewer(3, None, None, now)
    assert not should_ask_fewer(9, now - timedelta(days=29), None, now)
    assert should_ask_fewer(9, now - ASK_FEWER_AGAIN, None, now)
    assert not should_ask_fewer(9, None, "keep", now)
