"""Webhook mode end to end: the stand-in posts updates to PTB's webhook server."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import webhook
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from tests.conftest import Harness, build_app, running

SECRET = "s3cret-token_for-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def hooked(
    stand: StandIn, clock: ManualClock, settings: Settings
) -> AsyncIterator[tuple[Harness, str]]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hook"
    app = build_app(settings, clock)
    async with webhook(app, webhook_url=url, secret_token=SECRET, port=port, url_path="hook"):
        yield Harness(stand, app, clock), url


def _celebrations(harness: Harness, user: FakeUser) -> list[str]:
    return [m.text or "" for m in harness.stand.messages_to(user) if "Undo" in m.button_texts]


async def test_webhook_mode_registers_the_url_with_a_secret(
    hooked: tuple[Harness, str],
) -> None:
    harness, url = hooked
    assert harness.stand.webhook_url == url
    assert harness.stand.webhook_secret == SECRET


async def test_wins_arrive_by_webhook_and_are_logged(
    hooked: tuple[Harness, str], ada: FakeUser
) -> None:
    harness, _ = hooked
    reply = await harness.reply(ada, "watered the plants #home")
    assert "Undo" in reply.button_texts
    assert [w.text for w in await harness.store.wins.all_for(ada.id)] == [
        "watered the plants #home"
    ]
    assert harness.stand.webhook_failures == []


async def test_requests_without_the_right_secret_get_403(
    hooked: tuple[Harness, str], ada: FakeUser
) -> None:
    harness, url = hooked
    update = {
        "update_id": 9_999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": ada.id, "type": "private", "first_name": "Ada"},
            "from": ada.to_json(),
            "text": "forged win",
        },
    }
    async with httpx.AsyncClient() as client:
        missing = await client.post(url, json=update)
        wrong = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
        )
    assert (missing.status_code, wrong.status_code) == (403, 403)
    await harness.app.update_queue.join()
    assert await harness.store.wins.count(ada.id) == 0
    assert harness.stand.messages_to(ada) == []


async def test_a_repeated_update_id_is_handled_once(
    hooked: tuple[Harness, str], ada: FakeUser
) -> None:
    harness, url = hooked
    message = ada.send("stretched for five minutes")
    await harness.settle(message)
    assert len(_celebrations(harness, ada)) == 1
    # Telegram retries a delivery it thinks failed: the very same update comes again.
    again = {"update_id": message.update_id, "message": message.payload}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            url,
            content=json.dumps(again),
            headers={
                "X-Telegram-Bot-Api-Secret-Token": SECRET,
                "Content-Type": "application/json",
            },
        )
    assert response.status_code == 200
    await harness.app.update_queue.join()
    assert len(_celebrations(harness, ada)) == 1
    assert await harness.store.wins.count(ada.id) == 1
    registry = harness.app.services.metrics.registry
    assert registry.get_sample_value("smallwins_updates_repeated_total") == 1


async def test_polling_deletes_a_leftover_webhook_first(
    stand: StandIn, clock: ManualClock, settings: Settings, ada: FakeUser
) -> None:
    stand.webhook_url = f"http://127.0.0.1:{_free_port()}/old-hook"
    async with running(stand, settings, clock) as bot:
        assert stand.webhook_url is None
        reply = await bot.reply(ada, "back on polling")
    assert "Undo" in reply.button_texts
