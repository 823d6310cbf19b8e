"""*Later* on the morning and evening prompts, end to end: the copy goes through the same
tick and outbox as every prompt, once, after a restart too, and never past the day's end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest

from bot import texts
from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import polling
from bot.nudges import sender
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import START, Harness

LATER = texts.snooze.later_button()


@pytest.fixture(autouse=True)
def _no_chat_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two prompts an hour apart on the test clock: the real-time gap is not under test."""
    monkeypatch.setattr(sender, "PRIVATE_CHAT_GAP_S", 0.0)


@asynccontextmanager
async def running(stand: StandIn, settings: Settings, clock: ManualClock) -> AsyncIterator[Harness]:
    app = build_application(settings, clock)
    async with polling(app):
        await stand.wait_polling()
        yield Harness(stand, app, clock)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def _tick_at(bot: Harness, instant: datetime) -> list[BotMessage]:
    mark = len(bot.stand.sent)
    bot.clock.set(instant)
    await bot.app.services.nudges.tick()
    await bot.app.services.nudges.drained(timeout=10)
    found = []
    for record in bot.stand.sent[mark:]:
        if record.method == "sendMessage" and record.message_id is not None:
            message = bot.stand.bot_message(record.chat_id or 0, record.message_id)
            if message is not None:
                found.append(message)
    return found


async def _press(bot: Harness, user: FakeUser, message: BotMessage, button: str) -> str | None:
    """Press a button; the short answer the bot gave."""
    query = user.press(message, button)
    await bot.settle(bot.stand.last_update_id)
    return bot.answer_to(query)


async def _press_data(bot: Harness, user: FakeUser, message: BotMessage, data: str) -> str | None:
    query = user.press_data(message, data)
    await bot.settle(bot.stand.last_update_id)
    return bot.answer_to(query)


def _now(bot: Harness, message: BotMessage) -> BotMessage:
    fresh = bot.stand.bot_message(message.chat_id, message.message_id)
    assert fresh is not None
    return fresh


def _later_data(message: BotMessage) -> str:
    (data,) = [d for row in message.buttons for label, d in row if label == LATER]
    assert data is not None
    return data


async def _snoozed_rows(bot: Harness, user: FakeUser) -> int:
    return sum(r.snoozed for r in await bot.store.outbox.for_chat(user.id))


async def test_later_brings_the_check_in_back_once_an_hour_on(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.send(ada, "/goal walk 10 minutes")
    (morning,) = await _tick_at(bot, _at(24, 8))
    assert "walk 10 minutes" in (morning.text or "") and LATER in morning.button_texts

    bot.clock.set(_at(24, 8, 5))
    assert await _press(bot, ada, morning, LATER) == texts.snooze.later_set("09:05")
    # The pressed message keeps its goal buttons; Later is gone from it.
    kept = _now(bot, morning).button_texts
    assert LATER not in kept and texts.goals.done_button() in kept

    assert await _tick_at(bot, _at(24, 8, 30)) == []
    (again,) = await _tick_at(bot, _at(24, 9, 5))
    assert (again.text or "").startswith(texts.snooze.later_back())
    assert "walk 10 minutes" in (again.text or "")
    assert LATER not in again.button_texts and texts.goals.done_button() in again.button_texts
    assert await _tick_at(bot, _at(24, 9, 6)) == []
    assert await _tick_at(bot, _at(24, 12)) == []
    # The next day's check-in has its Later button again.
    (tomorrow,) = await _tick_at(bot, _at(25, 8))
    assert LATER in tomorrow.button_texts
    assert bot.stand.duplicates() == {}


async def test_the_copy_is_rendered_when_it_is_sent(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    (evening,) = await _tick_at(bot, _at(23, 21))
    assert texts.nudges.evening_no_wins() in (evening.text or "")
    assert await _press(bot, ada, evening, LATER) == texts.snooze.later_set("22:00")
    bot.clock.set(_at(23, 21, 30))
    await bot.send(ada, "fixed the bike light")
    (again,) = await _tick_at(bot, _at(23, 22))
    assert texts.nudges.evening_wins(1) in (again.text or "")
    assert "fixed the bike light" in (again.text or "")


async def test_pressing_later_twice_or_a_forged_press_makes_one_copy(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    (evening,) = await _tick_at(bot, _at(23, 21))
    data = _later_data(evening)
    assert await _press(bot, ada, evening, LATER) == texts.snooze.later_set("22:00")
    # A second tap from a device that still shows the old keyboard.
    bot.clock.set(_at(23, 21, 10))
    assert await _press_data(bot, ada, evening, data) == texts.snooze.later_already("22:00")
    assert await _snoozed_rows(bot, ada) == 1

    (again,) = await _tick_at(bot, _at(23, 22))
    assert LATER not in again.button_texts
    # A modified client pressing Later under the copy: kindly no, and nothing queued.
    forged = f"later:{(await bot.store.outbox.by_message(ada.id, again.message_id)).outbox_id}"  # type: ignore[union-attr]
    assert await _press_data(bot, ada, again, forged) == texts.snooze.later_again()
    assert await _snoozed_rows(bot, ada) == 1
    assert await _tick_at(bot, _at(23, 23, 30)) == []


async def test_someone_elses_or_a_made_up_prompt_cannot_be_snoozed(
    bot: Harness, ada: FakeUser, stand: StandIn
) -> None:
    ben = stand.user("Ben", language_code="en")
    await bot.send(ada, "/timezone UTC")
    await bot.send(ben, "/timezone UTC")
    sent = await _tick_at(bot, _at(23, 21))
    adas = next(m for m in sent if m.chat_id == ada.id)
    bens = next(m for m in sent if m.chat_id == ben.id)
    assert await _press_data(bot, ben, bens, _later_data(adas)) == texts.snooze.later_gone()
    assert await _press_data(bot, ada, adas, "later:999999") == texts.snooze.later_gone()
    assert await _snoozed_rows(bot, ada) == 0 and await _snoozed_rows(bot, ben) == 0


async def test_a_snoozed_prompt_survives_a_restart_and_comes_once(
    stand: StandIn, settings: Settings
) -> None:
    clock = ManualClock(START)
    ada = stand.user("Ada", language_code="en")
    async with running(stand, settings, clock) as bot:
        await bot.send(ada, "/timezone UTC")
        (evening,) = await _tick_at(bot, _at(23, 21))
        assert await _press(bot, ada, evening, LATER) == texts.snooze.later_set("22:00")
    async with running(stand, settings, clock) as bot:
        assert await _tick_at(bot, _at(23, 21, 59)) == []
    async with running(stand, settings, clock) as bot:
        (again,) = await _tick_at(bot, _at(23, 22))
        assert (again.text or "").startswith(texts.snooze.later_back())
    async with running(stand, settings, clock) as bot:
        assert await _tick_at(bot, _at(23, 22, 1)) == []
        assert await _tick_at(bot, _at(24, 3)) == []
    assert stand.duplicates() == {}


async def test_a_replayed_later_press_queues_nothing_more(
    stand: StandIn, settings: Settings
) -> None:
    clock = ManualClock(START)
    ada = stand.user("Ada", language_code="en")
    async with running(stand, settings, clock) as bot:
        await bot.send(ada, "/timezone UTC")
        (evening,) = await _tick_at(bot, _at(23, 21))
        await _press(bot, ada, evening, LATER)
        pressed = stand.last_update_id
        assert pressed is not None
    async with running(stand, settings, clock) as bot:
        stand.redeliver(pressed)
        await bot.settle(pressed)
        assert await _snoozed_rows(bot, ada) == 1
        assert len(await _tick_at(bot, _at(23, 22))) == 1


async def test_not_later_past_the_end_of_the_day(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.send(ada, "/evening 3:30")  # the day ends at 04:00
    (evening,) = await _tick_at(bot, _at(24, 3, 30))
    assert texts.nudges.evening_head() in (evening.text or "")
    assert await _press(bot, ada, evening, LATER) == texts.snooze.later_day_end()
    assert LATER not in _now(bot, evening).button_texts
    assert await _snoozed_rows(bot, ada) == 0
    assert await _tick_at(bot, _at(24, 4, 30)) == []


async def test_not_later_than_the_next_prompt(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.send(ada, "/goal stretch")
    await bot.send(ada, "/evening 8:45")
    (morning,) = await _tick_at(bot, _at(24, 8))
    bot.clock.set(_at(24, 8, 10))
    assert await _press(bot, ada, morning, LATER) == texts.snooze.later_next_prompt()
    assert await _snoozed_rows(bot, ada) == 0
    (evening,) = await _tick_at(bot, _at(24, 8, 45))
    assert texts.nudges.evening_head() in (evening.text or "")


async def test_the_morning_question_keeps_its_reply_field_instead(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    (morning,) = await _tick_at(bot, _at(24, 8))
    assert texts.nudges.morning_ask() in (morning.text or "")
    assert LATER not in morning.button_texts
