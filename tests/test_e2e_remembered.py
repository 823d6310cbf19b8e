"""What a win reads from memory (storage/facts.py) follows every write, end to end:
a message read from memory first, then a change, then a message that must see it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.standin.actors import FakeUser
from tests.conftest import Harness


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def _days(bot: Harness, user: FakeUser) -> list[date]:
    return [w.local_date for w in await bot.store.wins.all_for(user.id)]


async def test_a_second_win_reads_the_user_from_memory(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "first")
    await bot.reply(ada, "second")  # the first one's question is asked: a write
    facts = bot.store.db.facts
    generation = facts.generation
    third = await bot.reply(ada, "third")
    assert "#3" in (third.text or "")
    # Nothing but the win was written, and the user is still known without a read.
    assert facts.generation == generation
    assert facts.user(ada.id) is not None


async def test_a_new_time_zone_moves_the_next_win_to_its_day(bot: Harness, ada: FakeUser) -> None:
    bot.clock.set(_at(23, 20))
    await bot.reply(ada, "in UTC")
    await bot.reply(ada, "still in UTC")  # the user row now comes from memory
    await bot.send(ada, "/timezone Pacific/Kiritimati")  # UTC+14: already the 24th
    await bot.reply(ada, "in Kiritimati")
    assert await _days(bot, ada) == [date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 24)]


async def test_after_forget_a_known_user_is_welcomed_afresh(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "made tea")
    again = await bot.reply(ada, "made more tea")  # known, asked for a zone: from memory
    assert "Step 1 of 3" not in (again.text or "")
    confirm = await bot.reply(ada, "/forget")
    await bot.press(ada, confirm, "Delete everything")
    first = await bot.reply(ada, "made tea once more")
    assert "first marble" in (first.text or "").lower() and "Step 1 of 3" in (first.text or "")
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made tea once more"]


async def test_a_prompt_closing_a_question_by_trigger_is_seen(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    bot.clock.set(_at(23, 20, 55))
    started = await bot.reply(ada, "/goal walk 30 minutes")
    await bot.press(ada, started, "Make it smaller")
    # Small talk leaves the question open, and the chat's open questions are in memory.
    await bot.reply(ada, "thanks!")
    # The evening prompt's delivery closes it in SQL (a trigger on the outbox).
    assert len(await bot.tick_at(_at(23, 21))) == 1
    await bot.reply(ada, "cooked dinner from scratch")
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["cooked dinner from scratch"]
    (goal,) = await bot.store.goals.active(ada.id)
    assert goal.text == "walk 30 minutes"
