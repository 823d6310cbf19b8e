"""Paused days neither break nor extend a streak (SPEC §1, forgiving streaks)."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.standin.actors import FakeUser
from tests.conftest import Harness


async def _current_streak(bot: Harness, user: FakeUser) -> int:
    reply = await bot.reply(user, "/stats")
    match = re.search(r"[Cc]urrent streak\D*(\d+)", reply.text or "")
    assert match, reply.text
    return int(match.group(1))


async def _a_win_a_day(bot: Harness, user: FakeUser, days: int) -> None:
    for _ in range(days):
        await bot.reply(user, "a small win")
        bot.clock.advance(timedelta(days=1))


async def test_a_pause_keeps_the_streak_through_the_quiet_days(bot: Harness, ada: FakeUser) -> None:
    await _a_win_a_day(bot, ada, 3)
    await bot.reply(ada, "/pause 3 days")
    bot.clock.advance(timedelta(days=3))
    await bot.reply(ada, "back at it")
    assert await _current_streak(bot, ada) == 4


async def test_the_same_quiet_days_without_a_pause_end_the_streak(
    bot: Harness, ada: FakeUser
) -> None:
    await _a_win_a_day(bot, ada, 3)
    bot.clock.advance(timedelta(days=3))
    await bot.reply(ada, "back at it")
    assert await _current_streak(bot, ada) == 1


async def test_resume_ends_the_excused_days(bot: Harness, ada: FakeUser) -> None:
    await _a_win_a_day(bot, ada, 3)
    await bot.reply(ada, "/pause")
    await bot.reply(ada, "/resume")
    bot.clock.advance(timedelta(days=3))
    await bot.reply(ada, "back at it")
    assert await _current_streak(bot, ada) == 1
