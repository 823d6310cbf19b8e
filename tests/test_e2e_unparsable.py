"""An update the bot cannot parse is quarantined: counted, logged without its content,
confirmed, and everyone else keeps getting answers."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest

from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.updates import SmallwinsBot
from tests.conftest import Harness

SECRET_WORDS = "told my sister about the diagnosis"


def _unparsable(registry_owner: Harness) -> float | None:
    registry = registry_owner.app.services.metrics.registry
    return registry.get_sample_value("smallwins_updates_unparsable_total")


def _poll_answer_without_persistent_ids(stand: StandIn, user: FakeUser) -> int | None:
    # Bot API 9.6 added option_persistent_ids; this python-telegram-bot requires it.
    return stand.raw_update(
        "poll_answer", {"poll_id": "77", "option_ids": [0], "user": user.to_json()}
    )


def _message_with_a_broken_entity(stand: StandIn, user: FakeUser) -> int | None:
    return stand.raw_update(
        "message",
        {
            "message_id": 9,
            "date": 0,
            "from": user.to_json(),
            "chat": user.private_chat_json(),
            "text": SECRET_WORDS,
            "entities": [{"type": "bold"}],  # no offset, no length
        },
    )


async def test_an_unparsable_update_is_skipped_and_the_next_user_is_answered(
    bot: Harness, ada: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    grace = bot.stand.user("Grace")
    _poll_answer_without_persistent_ids(bot.stand, ada)
    _message_with_a_broken_entity(bot.stand, ada)

    reply = await bot.reply(grace, "finished the first chapter")

    assert "Undo" in reply.button_texts
    assert [w.text for w in await bot.store.wins.all_for(grace.id)] == [
        "finished the first chapter"
    ]
    assert _unparsable(bot) == 2
    # One line per skipped update, naming it without what the person wrote.
    skipped = [r for r in caplog.records if "could not be parsed" in r.getMessage()]
    assert len(skipped) == 2
    assert all(r.levelno == logging.ERROR for r in skipped)
    assert "poll_answer" in skipped[0].getMessage()
    assert not any(r.levelno >= logging.CRITICAL for r in caplog.records)
    assert SECRET_WORDS not in caplog.text
    assert await bot.store.wins.count(ada.id) == 0


async def test_an_unparsable_last_update_is_confirmed_not_fetched_forever(
    bot: Harness, ada: FakeUser
) -> None:
    bad = _message_with_a_broken_entity(bot.stand, ada)
    await bot.stand.wait_acknowledged(bad)
    # Taken once, confirmed with the next getUpdates: not fetched again and again.
    assert _unparsable(bot) == 1
    reply = await bot.reply(ada, "walked the dog")
    assert "Undo" in reply.button_texts
    assert _unparsable(bot) == 1
    assert bot.stand.pending_update_count == 0


async def test_readiness_fails_when_polling_stops_getting_answers(
    watched: tuple[Harness, str], ada: FakeUser
) -> None:
    harness, base = watched
    readyz = base + "/readyz"
    await harness.reply(ada, "made the bed")
    # From the next getUpdates on, Telegram answers 502 only.
    harness.stand.inject("getUpdates", "502", times=1_000)
    ada.send("drank water")  # ends the long poll in flight; the next one fails
    await harness.stand.wait_for(
        lambda _: any(f.method == "getUpdates" for f in harness.stand.faults_fired)
    )
    async with httpx.AsyncClient() as client:
        harness.clock.advance(timedelta(seconds=100))
        assert (await client.get(readyz)).status_code == 200
        harness.clock.advance(timedelta(seconds=30))
        ready = await client.get(readyz)
    assert ready.status_code == 503 and "polling" in ready.text
    harness.stand.clear_faults()


async def test_a_webhook_server_can_quarantine_through_the_bot(bot: Harness) -> None:
    smallwins_bot = bot.app.bot
    assert isinstance(smallwins_bot, SmallwinsBot)
    assert smallwins_bot.parse_update({"update_id": 5, "poll_answer": {"poll_id": "1"}}) is None
    assert _unparsable(bot) == 1
    good = smallwins_bot.parse_update({"update_id": 6})
    assert good is not None and good.update_id == 6
