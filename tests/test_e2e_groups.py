"""Accountability groups end to end: the bot joining, the circle, group wins, settings and
what each digest may show (rendered from the stored data, as the sender will)."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.nudges.render import render_group_prompt
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import BotMessage
from tests.conftest import START, Harness

TODAY = START.date()  # every test user here keeps the default UTC zone


async def _group_with_bot(
    bot: Harness, title: str, members: list[FakeUser], admins: list[FakeUser]
) -> tuple[FakeGroup, BotMessage]:
    group = bot.stand.group(title, members=members, admins=admins)
    group.add_bot(by=admins[0])
    await bot.settle(bot.stand.last_update_id)
    return group, bot.stand.last_message_to(group)


async def _join(bot: Harness, user: FakeUser, group: FakeGroup) -> BotMessage:
    return await bot.reply(user, "/join", chat=group)


async def _digest(bot: Harness, group: FakeGroup | int, day: date = TODAY) -> str:
    chat_id = group if isinstance(group, int) else group.id
    return "\n".join(await render_group_prompt(bot.store, chat_id, "evening", day))


async def test_added_to_a_group_the_bot_registers_it_and_offers_join(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, intro = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    assert intro.button_texts == [texts.groups.join_button()]
    stored = await bot.store.groups.get(group.id)
    assert stored is not None and stored.active and stored.title == "Runners"


async def test_join_button_invites_a_member_who_never_started_the_bot_by_deep_link(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    await bot.send(ada, "/start")
    group, intro = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    (for_bob,) = await bot.act(bob, "press", intro, texts.groups.join_button(), chat=group)
    assert "t.me/smallwins_bot?start=group_" in (for_bob.html or "")
    (for_ada,) = await bot.act(ada, "press", intro, texts.groups.join_button(), chat=group)
    assert "Welcome to the circle, Ada" in (for_ada.text or "")
    assert "t.me" not in (for_ada.html or "")
    assert await bot.store.groups.member_count(group.id) == 2
    # Pressing again changes nothing and posts nothing.
    assert await bot.act(bob, "press", intro, texts.groups.join_button(), chat=group) == []


async def test_the_circle_deep_link_welcomes_the_member_in_private(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    await _join(bot, bob, group)
    replies = await bot.send(bob, f"/start group_{abs(group.id)}")
    assert "circle of Runners" in (replies[0].text or "")
    assert any("Step 1 of 3" in (m.text or "") for m in replies)
    user = await bot.store.users.get(bob.id)
    assert user is not None and user.active


async def test_win_with_the_bot_name_in_a_group_is_the_members_win(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    await _join(bot, ada, group)
    reply = await bot.reply(ada, "/win@smallwins_bot ran 5k #run", chat=group)
    assert "Undo" in reply.button_texts
    (win,) = await bot.store.wins.all_for(ada.id)
    assert (win.text, win.chat_id, win.tags) == ("ran 5k #run", group.id, ("run",))
    assert "ran 5k" in await _digest(bot, group)


async def test_a_command_for_another_bot_is_left_alone(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    bot.stand.privacy_mode = False  # so the update reaches the bot at all
    assert await bot.send(ada, "/win@otherbot hello", chat=group) == []
    assert await bot.store.wins.count(ada.id) == 0


async def test_a_reply_to_the_bot_in_a_group_is_a_win(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, intro = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    await _join(bot, bob, group)
    replies = await bot.send(bob, "stretched for ten minutes", chat=group, reply_to=intro)
    assert len(replies) == 1
    assert [w.text for w in await bot.store.wins.all_for(bob.id)] == ["stretched for ten minutes"]


async def test_a_win_from_someone_outside_the_circle_is_kept_with_a_join_hint(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    reply = await bot.reply(bob, "/win tidied up", chat=group)
    assert "/join" in (reply.text or "")
    assert await bot.store.wins.count(bob.id) == 1
    assert "tidied" not in await _digest(bot, group)


async def test_private_wins_reach_a_digest_only_while_sharing_is_on(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    await bot.send(ada, "/start")
    await bot.send(ada, "my private little win")
    await _join(bot, ada, group)
    await bot.send(ada, "/win a group win", chat=group)
    digest = await _digest(bot, group)
    assert "a group win" in digest and "private little" not in digest
    assert "1 win from 1 person" in digest

    assert "on" in (await bot.reply(ada, "/share on", chat=group)).text  # type: ignore[operator]
    digest = await _digest(bot, group)
    assert "private little" in digest and "2 wins from 1 person" in digest

    await bot.send(ada, "/share off", chat=group)
    assert "private little" not in await _digest(bot, group)


async def test_share_needs_on_or_off_and_membership(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    assert "not in this group's circle" in (await bot.reply(bob, "/share on", chat=group)).text  # type: ignore[operator]
    await _join(bot, bob, group)
    bad = await bot.reply(bob, "/share maybe", chat=group)
    assert "/share on" in (bad.text or "")
    member = await bot.store.groups.member(group.id, bob.id)
    assert member is not None and not member.share


async def test_a_non_member_never_sees_a_members_wins(
    bot: Harness, ada: FakeUser, bob: FakeUser, carol: FakeUser
) -> None:
    runners, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    readers, _ = await _group_with_bot(bot, "Readers", [ada, carol], [carol])
    await bot.send(ada, "/start")
    await bot.send(ada, "secret private win")
    await _join(bot, ada, runners)
    await bot.send(ada, "/share on", chat=runners)
    await bot.send(ada, "/win runners-only win", chat=runners)
    await _join(bot, carol, readers)
    await bot.send(carol, "/win read a chapter", chat=readers)

    readers_digest = await _digest(bot, readers)
    assert "secret" not in readers_digest and "runners-only" not in readers_digest
    # Ada joins Readers too, sharing off: still nothing of hers from elsewhere.
    await _join(bot, ada, readers)
    readers_digest = await _digest(bot, readers)
    assert "secret" not in readers_digest and "runners-only" not in readers_digest
    assert "read a chapter" in readers_digest
    # And nothing the bot ever sent to Carol or to Readers carries Ada's wins.
    seen = [m.text or "" for m in bot.stand.messages_to(carol) + bot.stand.messages_to(readers)]
    assert not any("secret" in t or "runners-only" in t for t in seen)


async def test_members_who_leave_or_are_forgotten_disappear_from_digests(
    bot: Harness, ada: FakeUser, bob: FakeUser, carol: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob, carol], [ada])
    for user in (ada, bob, carol):
        await _join(bot, user, group)
        await bot.send(user, f"/win {user.first_name} stretched", chat=group)
    assert "3 wins from 3 people" in await _digest(bot, group)

    await bot.reply(bob, "/leave", chat=group)
    group.remove_member(carol)  # leaving the Telegram group leaves the circle too
    await bot.settle(bot.stand.last_update_id)
    await bot.store.users.delete(ada.id)  # what /forget does
    digest = await _digest(bot, group)
    assert "Bob" not in digest and "Carol" not in digest and "Ada" not in digest
    assert digest == texts.groups.digest_empty("Runners")
    assert await bot.store.groups.member_count(group.id) == 0


async def test_non_admins_cannot_change_group_settings(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    for command in ("/morning 7", "/evening 19:30", "/timezone Berlin", "/groupsettings"):
        reply = await bot.reply(bob, command, chat=group)
        assert reply.text == texts.groups.admins_only()
    settings = await bot.reply(ada, "/groupsettings", chat=group)
    query_id = bob.press(settings, texts.groups.digest_on_button())
    await bot.settle()
    assert bot.answer_to(query_id) == texts.groups.admins_only_short()
    stored = await bot.store.groups.get(group.id)
    assert stored is not None
    assert (stored.morning_time, stored.evening_time, stored.timezone, stored.digest_on) == (
        "09:00",
        "20:00",
        "UTC",
        True,
    )


async def test_admins_change_the_groups_zone_times_and_digest(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    assert "19:30" in ((await bot.reply(ada, "/evening 7:30pm", chat=group)).text or "")
    assert "Berlin" in ((await bot.reply(ada, "/timezone Berlin", chat=group)).text or "")
    bad = await bot.reply(ada, "/morning soon", chat=group)
    assert "couldn't read" in (bad.text or "")
    settings = await bot.reply(ada, "/groupsettings", chat=group)
    await bot.act(ada, "press", settings, texts.groups.digest_on_button(), chat=group)
    stored = await bot.store.groups.get(group.id)
    assert stored is not None
    assert (stored.evening_time, stored.timezone, stored.morning_time) == (
        "19:30",
        "Europe/Berlin",
        "09:00",
    )
    assert not stored.digest_on
    assert await render_group_prompt(bot.store, group.id, "evening", TODAY) == []
    # Anyone may look at the current time.
    assert "19:30" in ((await bot.reply(bob, "/evening", chat=group)).text or "")


async def test_the_bot_removed_from_a_group_stops_sending_there(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    await _join(bot, ada, group)
    await bot.send(ada, "/win ran", chat=group)
    assert await render_group_prompt(bot.store, group.id, "evening", TODAY)
    group.remove_bot(by=ada)
    await bot.settle(bot.stand.last_update_id)
    stored = await bot.store.groups.get(group.id)
    assert stored is not None and not stored.active
    for kind in ("morning", "evening", "weekly"):
        assert await render_group_prompt(bot.store, group.id, kind, TODAY) == []


async def test_migration_to_a_supergroup_keeps_members_and_history(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    old_id = group.id
    await _join(bot, ada, group)
    await bot.send(ada, "/share on", chat=group)
    await bot.send(ada, "/win before the move", chat=group)
    new_id = group.migrate()
    await bot.settle(bot.stand.last_update_id)
    assert await bot.store.groups.get(old_id) is None
    member = await bot.store.groups.member(new_id, ada.id)
    assert member is not None and member.share
    await bot.send(ada, "/win after the move", chat=group)
    digest = await _digest(bot, new_id)
    assert "before the move" in digest and "after the move" in digest
    assert {w.chat_id for w in await bot.store.wins.all_for(ada.id)} == {new_id}
    # The schedule follows the group: nothing is left under the old id.
    assert await bot.store.schedules.for_chat(old_id) == []
    assert {row.kind for row in await bot.store.schedules.for_chat(new_id)} == {
        "morning",
        "evening",
        "weekly",
    }
    # Told twice (old and new chat), moved once.
    assert not await bot.store.groups.migrate_group(old_id, new_id)


async def test_private_only_commands_in_a_group_link_to_the_private_chat(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    for command in ("/today", "/export", "/buddy@smallwins_bot"):
        reply = await bot.reply(ada, command, chat=group)
        assert 'href="https://t.me/smallwins_bot"' in (reply.html or ""), command
    assert await bot.send(ada, "/somethingelse", chat=group) == []
    unknown = await bot.reply(ada, "/somethingelse@smallwins_bot", chat=group)
    assert "/help" in (unknown.text or "")


async def test_group_only_commands_in_private_point_to_a_group(bot: Harness, ada: FakeUser) -> None:
    for command in ("/join", "/leave", "/share on", "/groupsettings"):
        reply = await bot.reply(ada, command)
        assert "startgroup=" in (reply.html or ""), command


async def test_a_mention_gets_a_hint_on_how_to_log(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    group, _ = await _group_with_bot(bot, "Runners", [ada, bob], [ada])
    reply = await bot.reply(ada, "hey @smallwins_bot how does this work", chat=group)
    assert reply.text == texts.groups.mention_hint().replace("<code>", "").replace("</code>", "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_twenty_groups_due_together_each_render_exactly_one_digest(
    bot: Harness, ada: FakeUser
) -> None:
    ids = []
    for n in range(20):
        group, _ = await _group_with_bot(bot, f"Circle {n}", [ada], [ada])
        await _join(bot, ada, group)
        await bot.send(ada, f"/win win number {n}", chat=group)
        ids.append(group.id)
    for n, chat_id in enumerate(ids):
        messages = await render_group_prompt(bot.store, chat_id, "evening", TODAY)
        assert len(messages) == 1
        win_lines = [line for line in messages[0].split("\n") if line.startswith("• ")]
        assert win_lines == [f"• win number {n}"]
