"""Goal check-offs end to end: several from one message, each its own marble, and undo
taking back the whole thing. Real Application, Telegram stand-in, ManualClock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot import texts
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness

TUESDAY = date(2026, 11, 24)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _text(messages: list[BotMessage]) -> str:
    return "\n".join(m.text or "" for m in messages)


async def _two_goals(bot: Harness, ada: FakeUser) -> tuple[int, int]:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    walk, read = await bot.store.goals.active(ada.id)
    return walk.goal_id, read.goal_id


async def _both_checked(bot: Harness, ada: FakeUser, day: date, ids: tuple[int, int]) -> None:
    assert await bot.store.goals.done_on(ada.id, day) == set(ids)
    wins = [w.text for w in await bot.store.wins.on_day(ada.id, day)]
    assert wins == ["walk 10 minutes", "read one page"]
    assert bot.stand.errors == []


async def test_two_done_buttons_under_one_goals_list_both_check_off(
    bot: Harness, ada: FakeUser
) -> None:
    ids = await _two_goals(bot, ada)
    bot.clock.set(_at(24, 10))
    listing = (await bot.send(ada, "/goals"))[0]
    first = await bot.press(ada, listing, f"{texts.goals.done_button()} 1")
    second = await bot.press(ada, listing, f"{texts.goals.done_button()} 2")
    assert "walk 10 minutes" in _text(first) and "Marble #1" in _text(first)
    assert "read one page" in _text(second) and "Marble #2" in _text(second)
    await _both_checked(bot, ada, TUESDAY, ids)


async def test_two_goals_picked_under_one_done_question_both_check_off(
    bot: Harness, ada: FakeUser
) -> None:
    ids = await _two_goals(bot, ada)
    bot.clock.set(_at(24, 10))
    question = await bot.reply(ada, "/done")
    await bot.press(ada, question, "1. walk 10 minutes")
    second = await bot.press(ada, question, "2. read one page")
    assert "Marble #2" in _text(second)
    await _both_checked(bot, ada, TUESDAY, ids)


async def test_both_goals_checked_off_from_the_morning_check_in(
    bot: Harness, ada: FakeUser
) -> None:
    ids = await _two_goals(bot, ada)
    (morning,) = await bot.tick_at(_at(24, 8))
    await bot.press(ada, morning, f"1. {texts.goals.done_button()}")
    # The goal just done needs no more buttons; the other keeps its row.
    shown = bot.stand.bot_message(ada.id, morning.message_id)
    assert shown is not None and shown.button_texts == [
        f"2. {texts.goals.done_button()}",
        f"2. {texts.goals.shrink_button()}",
        f"2. {texts.goals.skip_button()}",
        texts.snooze.later_button(),
    ]
    second = await bot.press(ada, morning, f"2. {texts.goals.done_button()}")
    assert "read one page" in _text(second) and "Marble #2" in _text(second)
    await _both_checked(bot, ada, TUESDAY, ids)


async def test_both_goals_checked_off_from_the_evening_prompt(bot: Harness, ada: FakeUser) -> None:
    ids = await _two_goals(bot, ada)
    await bot.reply(ada, "made tea")  # Monday
    (evening,) = await bot.tick_at(_at(24, 21))
    assert evening.button_texts == [
        "✓ walk 10 minutes",
        "✓ read one page",
        texts.snooze.later_button(),
    ]
    await bot.press(ada, evening, "✓ walk 10 minutes")
    second = await bot.press(ada, evening, "✓ read one page")
    assert "Marble #3" in _text(second)
    await _both_checked(bot, ada, TUESDAY, ids)


async def test_undo_after_a_check_off_unchecks_the_goal_too(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "made tea")
    await bot.reply(ada, "/done")
    monday = date(2026, 11, 23)
    undone = await bot.reply(ada, "/undo")
    assert "walk 10 minutes" in (undone.text or "")
    assert await bot.store.goals.done_on(ada.id, monday) == set()
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made tea"]
    listing = (await bot.send(ada, "/goals"))[0]
    assert "checked off 0×" in (listing.text or "")
    assert listing.button_texts == [texts.goals.done_button()]  # it can be checked off again
    week = await bot.reply(ada, "/week")
    assert "walk 10 minutes: 0 of 1 day" in (week.text or "")
    # Checking it off again works and is one marble again.
    again = await bot.reply(ada, "/done")
    assert "Marble #2" in (again.text or "")


async def test_the_undo_button_under_a_check_off_takes_it_back(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 10 minutes")
    done = await bot.reply(ada, "/done")
    assert done.button_texts == [texts.wins.undo_button()]
    replies = await bot.press(ada, done, texts.wins.undo_button())
    assert "walk 10 minutes" in _text(replies) or "walk 10 minutes" in (
        bot.stand.bot_message(ada.id, done.message_id).text or ""  # type: ignore[union-attr]
    )
    assert await bot.store.goals.done_on(ada.id, date(2026, 11, 23)) == set()
    assert await bot.store.wins.count(ada.id) == 0


async def test_undo_says_which_win_it_took_back(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "walked to the shop")
    undone = await bot.reply(ada, "/undo")
    assert "walked to the shop" in (undone.text or "")
    logged = await bot.reply(ada, "watered the plants")
    await bot.press(ada, logged, texts.wins.undo_button())
    shown = bot.stand.bot_message(ada.id, logged.message_id)
    assert shown is not None and "watered the plants" in (shown.text or "")
