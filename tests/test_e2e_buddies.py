"""Buddies end to end: one-time invite links, confirmation, cheers, sharing, unpairing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot import texts
from bot.domain import buddies
from bot.nudges.render import render_buddy_lines
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import START, Harness

LINK = re.compile(r"https://t\.me/smallwins_bot\?start=buddy_([A-Za-z0-9_-]+)")


async def _invite(bot: Harness, user: FakeUser) -> str:
    await bot.send(user, "/start")
    reply = await bot.reply(user, "/buddy")
    match = LINK.search(reply.text or "")
    assert match, reply.text
    return match.group(1)


async def _pair(bot: Harness, inviter: FakeUser, friend: FakeUser) -> None:
    code = await _invite(bot, inviter)
    (confirm, *_) = await bot.send(friend, f"/start buddy_{code}")
    await bot.press(friend, confirm, texts.buddies.pair_button())


def _paired_message(bot: Harness, user: FakeUser) -> BotMessage:
    return next(m for m in bot.stand.messages_to(user) if "buddies now" in (m.text or ""))


async def test_a_buddy_link_pairs_after_confirmation_and_tells_both(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    code = await _invite(bot, ada)
    assert len(code) >= 22  # at least 128 bits, URL-safe base64
    replies = await bot.send(bob, f"/start buddy_{code}")
    confirm = replies[0]
    assert "Ada invited you" in (confirm.text or "")
    assert confirm.button_texts == [texts.buddies.pair_button(), texts.buddies.no_thanks_button()]
    assert await bot.store.buddies.count(ada.id) == 0  # nothing before the confirmation
    assert any("Step 1 of 3" in (m.text or "") for m in replies)  # a newcomer is onboarded

    await bot.press(bob, confirm, texts.buddies.pair_button())
    edited = bot.stand.bot_message(bob.id, confirm.message_id)
    assert edited is not None and "You and Ada are buddies" in (edited.text or "")
    assert "You and Bob are buddies" in (bot.stand.last_message_to(ada).text or "")
    (pair,) = await bot.store.buddies.of(ada.id)
    assert pair.user_id == bob.id and not pair.i_share and not pair.they_share


async def test_declining_pairs_nobody(bot: Harness, ada: FakeUser, bob: FakeUser) -> None:
    code = await _invite(bot, ada)
    (confirm, *_) = await bot.send(bob, f"/start buddy_{code}")
    await bot.press(bob, confirm, texts.buddies.no_thanks_button())
    assert await bot.store.buddies.count(bob.id) == 0


async def test_a_used_link_gets_a_clear_answer_and_pairs_nobody(
    bot: Harness, ada: FakeUser, bob: FakeUser, carol: FakeUser
) -> None:
    code = await _invite(bot, ada)
    (confirm_bob, *_) = await bot.send(bob, f"/start buddy_{code}")
    (confirm_carol, *_) = await bot.send(carol, f"/start buddy_{code}")
    await bot.press(bob, confirm_bob, texts.buddies.pair_button())
    # Carol saw the confirmation before Bob used the link: the button now says so.
    await bot.press(carol, confirm_carol, texts.buddies.pair_button())
    edited = bot.stand.bot_message(carol.id, confirm_carol.message_id)
    assert edited is not None and edited.text == texts.buddies.buddy_used()
    replies = await bot.send(carol, f"/start buddy_{code}")
    assert replies[0].text == texts.buddies.buddy_used()
    assert await bot.store.buddies.count(carol.id) == 0
    assert await bot.store.buddies.count(ada.id) == 1


async def test_a_link_from_someone_who_filled_up_since_says_so_and_pairs_nobody(
    bot: Harness, ada: FakeUser, bob: FakeUser, carol: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(buddies, "BUDDY_LIMIT", 1)
    for_bob = await _invite(bot, ada)
    await _pair(bot, ada, carol)  # Ada's one place is taken before Bob opens his link
    assert await bot.store.buddies.count(ada.id) == buddies.BUDDY_LIMIT

    (confirm, *_) = await bot.send(bob, f"/start buddy_{for_bob}")
    await bot.press(bob, confirm, texts.buddies.pair_button())

    edited = bot.stand.bot_message(bob.id, confirm.message_id)
    assert edited is not None
    assert edited.text == texts.buddies.inviter_full("Ada", 1)
    assert "has 1 buddy," in edited.text  # the domain's limit, once, in the singular
    assert edited.text != texts.buddies.buddy_unknown()
    assert await bot.store.buddies.count(bob.id) == 0
    assert await bot.store.buddies.count(ada.id) == 1


async def test_an_expired_link_gets_a_clear_answer_and_pairs_nobody(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    code = await _invite(bot, ada)
    (confirm, *_) = await bot.send(bob, f"/start buddy_{code}")
    bot.clock.advance(timedelta(days=buddies.INVITE_DAYS, minutes=1))
    await bot.press(bob, confirm, texts.buddies.pair_button())
    edited = bot.stand.bot_message(bob.id, confirm.message_id)
    assert edited is not None and "expired" in (edited.text or "")
    replies = await bot.send(bob, f"/start buddy_{code}")
    assert replies[0].text == texts.buddies.buddy_expired()
    assert await bot.store.buddies.count(bob.id) == 0


@pytest.mark.parametrize("code", ["x", "A" * 24, "not a code at all", "../../etc", "A" * 60 + "!!"])
async def test_a_made_up_code_gets_a_clear_answer_and_pairs_nobody(
    bot: Harness, ada: FakeUser, bob: FakeUser, code: str
) -> None:
    await _invite(bot, ada)
    replies = await bot.send(bob, f"/start buddy_{code}")
    assert replies[0].text == texts.buddies.buddy_unknown()
    assert await bot.store.buddies.count(bob.id) == 0


async def test_a_code_one_character_off_pairs_nobody(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    code = await _invite(bot, ada)
    guess = code[:-1] + ("A" if code[-1] != "A" else "B")
    replies = await bot.send(bob, f"/start buddy_{guess}")
    assert replies[0].text == texts.buddies.buddy_unknown()
    assert await bot.store.buddies.count(bob.id) == 0


async def test_your_own_link_does_not_pair_you_with_yourself(bot: Harness, ada: FakeUser) -> None:
    code = await _invite(bot, ada)
    replies = await bot.send(ada, f"/start buddy_{code}")
    assert replies[0].text == texts.buddies.buddy_own()
    assert await bot.store.buddies.count(ada.id) == 0


async def test_only_a_hash_of_the_code_is_stored(bot: Harness, ada: FakeUser) -> None:
    code = await _invite(bot, ada)
    rows = await bot.store.db.fetchall("SELECT * FROM buddy_invites")
    assert len(rows) == 1
    assert code not in [str(v) for v in rows[0]]
    assert rows[0]["code_hash"] == buddies.hash_code(code)
    assert rows[0]["expires_at"] == (START + timedelta(days=7)).isoformat()


async def test_a_cheer_reaches_the_buddy(bot: Harness, ada: FakeUser, bob: FakeUser) -> None:
    await _pair(bot, ada, bob)
    listing = await bot.reply(ada, "/buddies")
    assert "Bob" in (listing.text or "")
    query_id = ada.press(listing, texts.buddies.cheer_button("Bob"))
    await bot.settle()
    assert bot.answer_to(query_id) == texts.buddies.cheer_sent("Bob")
    assert bot.stand.last_message_to(bob).text == "Ada sent you a cheer! 👏 Keep going."


async def test_buddies_see_each_others_evening_wins_only_when_both_share(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    await _pair(bot, ada, bob)
    await bot.send(bob, "walked the dog")
    today = START.date()
    assert await render_buddy_lines(bot.store, ada.id, today) is None
    # Bob shares (the button he got when pairing); Ada doesn't yet.
    await bot.press(bob, _paired_message(bot, bob), texts.buddies.share_evenings_button())
    assert await render_buddy_lines(bot.store, ada.id, today) is None
    await bot.press(ada, _paired_message(bot, ada), texts.buddies.share_evenings_button())
    lines = await render_buddy_lines(bot.store, ada.id, today)
    assert lines is not None and "Bob" in lines and "walked the dog" in lines
    # Bob's view of Ada: she logged nothing, so nothing is shown (and nobody is shamed).
    assert await render_buddy_lines(bot.store, bob.id, today) is None
    # Turning sharing off hides it again.
    listing = await bot.reply(bob, "/buddies")
    await bot.press(bob, listing, texts.buddies.share_toggle_button("Ada", True))
    assert await render_buddy_lines(bot.store, ada.id, today) is None


async def test_unbuddy_ends_the_pairing_and_tells_both_politely(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    await _pair(bot, ada, bob)
    old_listing = await bot.reply(ada, "/buddies")
    pick = await bot.reply(bob, "/unbuddy")
    await bot.press(bob, pick, texts.buddies.end_button("Ada"))
    edited = bot.stand.bot_message(bob.id, pick.message_id)
    assert edited is not None and "no longer buddies" in (edited.text or "")
    assert "ended your buddy pairing" in (bot.stand.last_message_to(ada).text or "")
    assert await bot.store.buddies.count(ada.id) == 0
    # An old cheer button now explains itself and sends nothing.
    query_id = ada.press(old_listing, texts.buddies.cheer_button("Bob"))
    await bot.settle()
    assert bot.answer_to(query_id) == texts.buddies.not_buddies()
    assert (await bot.reply(ada, "/buddies")).text == texts.buddies.no_buddies()


async def test_forgetting_a_user_removes_their_pairings_and_invites(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    await _pair(bot, ada, bob)
    await _invite(bot, bob)
    await bot.store.users.delete(bob.id)
    assert await bot.store.buddies.of(ada.id) == []
    rows = await bot.store.db.fetchall("SELECT inviter_id FROM buddy_invites")
    assert bob.id not in [r[0] for r in rows]
