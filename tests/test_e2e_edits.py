"""Edited messages: commands answer only new messages, an edited /win edits its win."""

from __future__ import annotations

from bot.standin.actors import FakeUser
from tests.conftest import Harness


async def test_an_edited_win_command_edits_its_win_without_a_second_celebration(
    bot: Harness, ada: FakeUser
) -> None:
    message = ada.send("/win ran 1km")
    await bot.settle(message)
    assert len(bot.stand.messages_to(ada)) == 1

    replies = await bot.act(ada, "edit", message, "/win ran 2km #running")

    assert replies == []
    (win,) = await bot.store.wins.all_for(ada.id)
    assert (win.text, win.tags) == ("ran 2km #running", ("running",))
    assert bot.stand.reactions.get((ada.id, message.message_id))


async def test_an_edited_goal_command_adds_no_second_goal(bot: Harness, ada: FakeUser) -> None:
    message = ada.send("/goal read one page")
    await bot.settle(message)

    replies = await bot.act(ada, "edit", message, "/goal read two pages")

    assert replies == []
    assert [g.text for g in await bot.store.goals.all_for(ada.id)] == ["read one page"]


async def test_an_edited_undo_takes_back_nothing_more(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "made the bed")
    await bot.reply(ada, "watered the plants")
    undo = ada.send("/undo")
    await bot.settle(undo)

    replies = await bot.act(ada, "edit", undo, "/undo ")

    assert replies == []
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made the bed"]


async def test_an_edited_group_win_edits_the_members_win(bot: Harness, ada: FakeUser) -> None:
    group = bot.stand.group("Runners", members=[ada], admins=[ada])
    group.add_bot(by=ada)
    await bot.settle(bot.stand.last_update_id)
    await bot.reply(ada, "/join", chat=group)
    message = ada.send("/win@smallwins_bot swam 10 laps", chat=group)
    await bot.settle(message)
    celebrations = len(bot.stand.messages_to(group))

    replies = await bot.act(ada, "edit", message, "/win@smallwins_bot swam 12 laps", chat=group)

    assert replies == []
    assert len(bot.stand.messages_to(group)) == celebrations
    (win,) = await bot.store.wins.all_for(ada.id)
    assert win.text == "swam 12 laps"


async def test_an_edited_reply_to_the_bot_in_a_group_is_not_a_new_win(
    bot: Harness, ada: FakeUser
) -> None:
    group = bot.stand.group("Readers", members=[ada], admins=[ada])
    group.add_bot(by=ada)
    await bot.settle(bot.stand.last_update_id)
    intro = bot.stand.last_message_to(group)
    message = ada.send("read a chapter", chat=group, reply_to=intro)
    await bot.settle(message)

    replies = await bot.act(ada, "edit", message, "read two chapters", chat=group)

    assert replies == []
    (win,) = await bot.store.wins.all_for(ada.id)
    assert win.text == "read two chapters"
