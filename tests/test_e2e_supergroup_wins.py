"""Group wins across a supergroup migration: the new chat's message ids start again, and
no new win may collide with one that moved from the old chat. Real Application,
Telegram stand-in, ManualClock."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.standin import StandIn
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import BotMessage
from tests.conftest import START, Harness, caught_up, running, started

_MARBLE = re.compile(r"#(\d+)|holds (\d+) marbles")


def _marble(message: BotMessage) -> int:
    found = _MARBLE.search(message.text or "")
    assert found is not None, message.text
    return int(found[1] or found[2])


async def _group_of(bot: Harness, members: list[FakeUser]) -> FakeGroup:
    group = bot.stand.group("Runners", members=members, admins=[members[0]])
    group.add_bot(by=members[0])
    await bot.settle(bot.stand.last_update_id)
    for member in members:
        await bot.send(member, "/start")
        await bot.send(member, "/join", chat=group)
    return group


async def _win(bot: Harness, user: FakeUser, group: FakeGroup, text: str) -> BotMessage:
    return await bot.reply(user, f"/win {text}", chat=group)


async def _new_wins_all_land(
    bot: Harness, group: FakeGroup, ada: FakeUser, bob: FakeUser, before: list[str]
) -> None:
    """Eight new wins in the supergroup: each stored, each its own next marble, and Undo
    under one of them takes back that one."""
    replies = []
    for n in range(4):
        for user in (ada, bob):
            replies.append((user, await _win(bot, user, group, f"{user.first_name} new {n}")))
    ada_new = [f"Ada new {n}" for n in range(4)]
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == before + ada_new
    assert [_marble(r) for u, r in replies if u is ada] == [len(before) + n for n in (1, 2, 3, 4)]
    assert [_marble(r) for u, r in replies if u is bob] == [2, 3, 4, 5]
    assert all(w.chat_id == group.id for w in await bot.store.wins.all_for(bob.id))

    (_, second_of_ada) = replies[2]
    await bot.act(ada, "press", second_of_ada, texts.wins.undo_button(), chat=group)
    left = [w.text for w in await bot.store.wins.all_for(ada.id)]
    assert left == [*before, "Ada new 0", "Ada new 2", "Ada new 3"]
    shown = bot.stand.bot_message(group.id, second_of_ada.message_id)
    assert shown is not None and "Ada new 1" in (shown.text or "")


async def test_new_wins_in_a_supergroup_never_collide_with_moved_ones(
    bot: Harness, stand: StandIn
) -> None:
    ada, bob = stand.user("Ada"), stand.user("Bob")
    group = await _group_of(bot, [ada, bob])
    before = [f"Ada old {n}" for n in range(5)]
    # A command the bot ignores, so that old and new message ids line up.
    assert await bot.send(bob, "/somethingelse", chat=group) == []
    for text in before:
        await _win(bot, ada, group, text)
    await _win(bot, bob, group, "Bob old")
    group.migrate()
    await bot.settle(stand.last_update_id)
    await _new_wins_all_land(bot, group, ada, bob, before)


async def test_new_wins_land_after_a_migration_learnt_from_a_400(
    stand: StandIn, settings: Settings
) -> None:
    clock = ManualClock(START)
    ada, bob = stand.user("Ada"), stand.user("Bob")
    before = [f"Ada old {n}" for n in range(5)]
    async with running(stand, settings, clock) as harness:
        group = await _group_of(harness, [ada, bob])
        for text in before:
            await _win(harness, ada, group, text)
        await _win(harness, bob, group, "Bob old")
    new_id = group.migrate()  # the bot is down: the service messages wait

    # Up again: the evening digest goes to the old id, Telegram answers 400 with the new.
    async with started(settings, clock) as second:
        clock.set(datetime(2026, 11, 23, 20, tzinfo=UTC))
        await second.services.nudges.tick()
        await second.services.nudges.drained(timeout=10)
        assert second.services.nudges.sender.stats.migrated == 1
        assert await second.services.store.groups.get(new_id) is not None

    async with caught_up(stand, settings, clock) as third:
        await _new_wins_all_land(third, group, ada, bob, before)
