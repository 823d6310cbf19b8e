"""Group, buddy and button edges end to end: other people's buttons, forged callback data,
odd deep links, caps on invites and cheers, anonymous admins, commands for other bots."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot import texts
from bot.domain import buddies
from bot.standin import StandIn
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness

LINK = re.compile(r"https://t\.me/smallwins_bot\?start=buddy_([A-Za-z0-9_-]+)")


@pytest.fixture
def ben(stand: StandIn) -> FakeUser:
    return stand.user("Ben")


async def _group(bot: Harness, owner: FakeUser, *others: FakeUser) -> tuple[FakeGroup, BotMessage]:
    group = bot.stand.group("Family", members=[owner, *others], admins=[owner])
    group.add_bot(by=owner)
    await bot.settle(bot.stand.last_update_id)
    return group, bot.stand.last_message_to(group)


async def _press_data(bot: Harness, user: FakeUser, message: BotMessage, data: str) -> str:
    query_id = user.press_data(message, data)
    await bot.settle()
    return query_id


def _errors(bot: Harness) -> list[str]:
    return [f"{e.method}: {e.description}" for e in bot.stand.errors]


async def test_only_the_author_can_undo_a_group_win_and_the_button_stays(
    bot: Harness, ada: FakeUser, ben: FakeUser
) -> None:
    group, _ = await _group(bot, ada, ben)
    (celebration,) = await bot.send(ada, "/win baked bread", chat=group)
    mark = len(bot.stand.sent)

    query = ben.press(celebration, texts.wins.undo_button())
    await bot.settle()
    assert bot.answer_to(query) == texts.wins.undo_not_yours("Ada")
    edits = [r for r in bot.stand.sent[mark:] if r.method.startswith("edit")]
    assert edits == []
    assert bot.stand.bot_message(group.id, celebration.message_id).button_texts == [  # type: ignore[union-attr]
        texts.wins.undo_button()
    ]
    assert await bot.store.wins.count(ada.id) == 1

    # Ada herself still can.
    ada.press(celebration, texts.wins.undo_button())
    await bot.settle()
    assert await bot.store.wins.count(ada.id) == 0


@pytest.mark.parametrize("data", ["onb:m=25:99", "onb:keep", "cal:", "cal:2026-11", "set:tz"])
async def test_private_buttons_forged_on_a_group_message_change_nothing(
    bot: Harness, ada: FakeUser, ben: FakeUser, data: str
) -> None:
    group, intro = await _group(bot, ada, ben)
    mark = len(bot.stand.sent)
    query = await _press_data(bot, ben, intro, data)
    assert query in bot.stand.answered_callbacks
    assert [r.method for r in bot.stand.sent[mark:]] == ["answerCallbackQuery"]
    assert bot.stand.bot_message(group.id, intro.message_id).button_texts == [  # type: ignore[union-attr]
        texts.groups.join_button()
    ]
    assert _errors(bot) == []
    assert await bot.store.users.get(ben.id) is None  # nobody was signed up by it


async def test_malformed_buttons_in_private_are_answered_quietly(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/start")
    text_message = bot.stand.last_message_to(ada)
    before = await bot.store.users.get(ada.id)
    for data in ("onb:m=25:99", "onb:e=7pm-ish", "cal:", "cal:2026-13"):
        mark = len(bot.stand.sent)
        query = await _press_data(bot, ada, text_message, data)
        assert query in bot.stand.answered_callbacks, data
        assert [r.method for r in bot.stand.sent[mark:]] == ["answerCallbackQuery"], data
    assert _errors(bot) == []
    assert await bot.store.users.get(ada.id) == before


async def test_a_group_link_with_a_huge_number_gets_a_clear_answer(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/start")
    replies = await bot.send(ada, "/start group_" + "9" * 400)
    assert replies[0].html == texts.groups.circle_link_unknown()
    assert _errors(bot) == []


async def test_open_buddy_invites_are_capped_with_a_way_to_start_fresh(
    bot: Harness, ada: FakeUser, ben: FakeUser
) -> None:
    await bot.send(ada, "/start")
    codes = []
    for _ in range(buddies.OPEN_INVITES_LIMIT):
        reply = await bot.reply(ada, "/buddy")
        match = LINK.search(reply.text or "")
        assert match, reply.text
        codes.append(match.group(1))
    full = await bot.reply(ada, "/buddy")
    assert full.text == texts.buddies.buddy_invites_open(buddies.OPEN_INVITES_LIMIT)
    assert LINK.search(full.text or "") is None
    for _ in range(10):
        await bot.send(ada, "/buddy")
    rows = await bot.store.db.fetchall(
        "SELECT count(*) FROM buddy_invites WHERE inviter_id = ?", (ada.id,)
    )
    assert rows[0][0] == buddies.OPEN_INVITES_LIMIT

    # Starting fresh retires the open links and gives one new link.
    (fresh,) = await bot.press(ada, full, texts.buddies.fresh_invite_button())
    assert LINK.search(fresh.text or "")
    (old, *_) = await bot.send(ben, f"/start buddy_{codes[0]}")
    assert old.text == texts.buddies.buddy_expired()

    # Links expire after 7 days, and then make room by themselves.
    bot.clock.advance(timedelta(days=8))
    assert LINK.search((await bot.reply(ada, "/buddy")).text or "")


async def test_cheers_are_capped_to_one_per_buddy_per_hour(
    bot: Harness, ada: FakeUser, ben: FakeUser
) -> None:
    await bot.send(ada, "/start")
    reply = await bot.reply(ada, "/buddy")
    match = LINK.search(reply.text or "")
    assert match
    (confirm, *_) = await bot.send(ben, f"/start buddy_{match.group(1)}")
    await bot.press(ben, confirm, texts.buddies.pair_button())
    listing = await bot.reply(ben, "/buddies")
    cheer = texts.buddies.cheer_button("Ada")

    before = len(bot.stand.messages_to(ada))
    answers = []
    for _ in range(20):
        query = ben.press(listing, cheer)
        await bot.settle()
        answers.append(bot.answer_to(query))
    received = bot.stand.messages_to(ada)[before:]
    assert [m.text for m in received] == [texts.buddies.cheer_received("Ben")]
    assert answers[0] == texts.buddies.cheer_sent("Ada")
    assert set(answers[1:]) == {texts.buddies.cheer_wait("Ada")}

    bot.clock.advance(timedelta(minutes=61))
    query = ben.press(listing, cheer)
    await bot.settle()
    assert bot.answer_to(query) == texts.buddies.cheer_sent("Ada")
    assert len(bot.stand.messages_to(ada)[before:]) == 2


async def test_an_anonymous_admin_is_told_how_to_join(
    bot: Harness, ada: FakeUser, ben: FakeUser
) -> None:
    group, _ = await _group(bot, ada, ben)
    for command in ("/join", "/win made soup", "/share on", "/leave"):
        (reply,) = await bot.send(ada, command, chat=group, anonymous=True)
        assert reply.text == texts.groups.anonymous_admin(), command
    assert await bot.store.groups.member_count(group.id) == 0
    assert await bot.store.wins.count(ada.id) == 0
    assert "Group" not in " ".join(m.text or "" for m in bot.stand.messages_to(group))


async def test_in_private_a_command_for_another_bot_is_ignored(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/start")
    assert await bot.send(ada, "/win@otherbot hello") == []
    assert await bot.send(ada, "/frobnicate@otherbot") == []
    assert await bot.store.wins.count(ada.id) == 0
    # Addressed to us, it works as ever.
    assert len(await bot.send(ada, "/win@smallwins_bot hello")) == 1
    assert len(await bot.send(ada, "/frobnicate@smallwins_bot")) == 1
