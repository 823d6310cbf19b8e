"""Database and Telegram faults while handling updates: nothing lost, nothing doubled,
nobody told to "try again" after their win was stored, nobody stalled without bound."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import polling
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.updates import PerChatUpdateProcessor
from storage import Store
from storage import db as storage_db
from tests.conftest import START, Harness, build_app

LONG_WINS = "\n".join(f"- line {n}: " + "kept going " * 80 for n in range(12))


@pytest.fixture
async def watched(
    stand: StandIn, clock: ManualClock, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Harness, str]]:
    # Another process's lock is waited out for 0.2 s, not 2 s; the retries of an update
    # come a moment apart.
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 200)
    app = build_app(dataclasses.replace(settings, health_port=0), clock)
    processor = app.update_processor
    assert isinstance(processor, PerChatUpdateProcessor)
    processor.retry_delays = (0.05, 0.05)
    async with polling(app):
        await stand.wait_polling()
        assert app.services.health is not None
        yield Harness(stand, app, clock), f"http://127.0.0.1:{app.services.health.port}"


async def _ready(base: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(base + "/readyz")


def _texts_to(bot: Harness, user: FakeUser) -> list[str]:
    return [m.text or "" for m in bot.stand.messages_to(user)]


async def _fill_the_disk(bot: Harness) -> None:
    """Like a full disk: the database may not grow by a single page."""
    row = await bot.store.db.fetchone("PRAGMA page_count")
    assert row is not None
    await bot.store.db.fetchone(f"PRAGMA max_page_count = {int(row[0])}")


async def _free_the_disk(bot: Harness) -> None:
    await bot.store.db.fetchone("PRAGMA max_page_count = 1000000")


async def _saying(bot: Harness, user: FakeUser, text: str) -> None:
    await bot.stand.wait_for(
        lambda _: text in _texts_to(bot, user), timeout=5, what=f"the bot to say {text!r}"
    )


async def test_a_lost_reply_after_the_win_is_stored_never_asks_to_try_again(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "made the bed")
    bot.stand.inject("sendMessage", "502", chat_id=ada)

    replies = await bot.send(ada, "watered the plants")

    assert [m.text for m in replies] == [texts.common.saved_reply_lost()]
    assert "again in a moment" not in texts.common.saved_reply_lost()
    wins = await bot.store.wins.all_for(ada.id)
    assert [w.text for w in wins] == ["made the bed", "watered the plants"]


async def test_a_full_disk_keeps_the_update_and_stores_it_once_there_is_room(
    watched: tuple[Harness, str], ada: FakeUser
) -> None:
    bot, base = watched
    processor = bot.app.update_processor
    assert isinstance(processor, PerChatUpdateProcessor)
    processor.retry_delays = (0.5, 3.0)  # time to free the disk before the last attempt
    await bot.reply(ada, "made the bed")
    await _fill_the_disk(bot)

    message = ada.send(LONG_WINS)
    await _saying(bot, ada, texts.common.saving_soon())
    # Not confirmed to Telegram while it waits: a crash now would not lose it.
    assert bot.stand.pending_update_count == 1
    assert (await _ready(base)).status_code == 503
    await _free_the_disk(bot)
    await bot.settle(message)

    assert await bot.store.wins.count(ada.id) == 13
    said = _texts_to(bot, ada)
    assert said[-2] == texts.common.saving_soon() and "13" in said[-1]
    assert not any(texts.common.generic_error() in s or texts.common.not_saved() in s for s in said)
    # Unready for a minute after the failure, then ready again.
    bot.clock.advance(timedelta(minutes=2))
    assert (await _ready(base)).status_code == 200


async def test_an_update_the_database_keeps_refusing_is_given_up_with_an_honest_answer(
    watched: tuple[Harness, str], ada: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    bot, _ = watched
    await bot.reply(ada, "made the bed")
    await _fill_the_disk(bot)

    with caplog.at_level(logging.WARNING):
        message = ada.send(LONG_WINS)
        await bot.settle(message)

    assert _texts_to(bot, ada)[-2:] == [texts.common.saving_soon(), texts.common.not_saved()]
    assert await bot.store.wins.count(ada.id) == 1
    gave_up = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(gave_up) == 1 and "Gave up" in gave_up[0].getMessage()
    assert LONG_WINS[:20] not in caplog.text
    metrics = bot.app.services.metrics.render().decode()
    assert "smallwins_updates_given_up_total 1.0" in metrics
    assert "smallwins_storage_errors_total 3.0" in metrics
    # The next message, once there is room again, is stored as usual.
    await _free_the_disk(bot)
    reply = await bot.reply(ada, "watered the plants")
    assert "#2" in (reply.text or "")


async def test_readiness_fails_while_another_process_holds_the_write_lock(
    watched: tuple[Harness, str], settings: Settings
) -> None:
    _, base = watched
    other = sqlite3.connect(settings.db_path, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        ready = await _ready(base)
        assert ready.status_code == 503 and "database" in ready.text
        other.execute("ROLLBACK")
        assert (await _ready(base)).status_code == 200
    finally:
        other.close()


async def test_a_writer_holding_the_lock_stalls_nobody_beyond_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(storage_db, "CONNECTION_WAIT_S", 0.5)
    store = await Store.open(tmp_path / "bot.db")
    users = range(1, 13)
    for user_id in users:
        await store.users.ensure(user_id, f"user {user_id}", "en", START)
    other = sqlite3.connect(tmp_path / "bot.db", isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another process, writing for a long while

    async def add_goal(user_id: int) -> float:
        began = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked") as raised:
            await store.goals.add(user_id, "read one page", 7, date(2026, 11, 23), START)
        assert storage_db.is_transient(raised.value)
        return time.monotonic() - began

    try:
        waits = await asyncio.gather(*(add_goal(user_id) for user_id in users))
        # Each waits for the connection at most 0.5 s, then for the lock at most 0.2 s
        # (one after the other, the twelve would wait up to 12 x 0.2 s).
        assert max(waits) < 1.5
        # Reading goes on meanwhile.
        assert await store.goals.active(1) == []
    finally:
        other.execute("ROLLBACK")
        other.close()
        await store.close()


async def test_a_win_sent_while_another_process_holds_the_lock_is_stored_once_it_is_free(
    stand: StandIn,
    clock: ManualClock,
    settings: Settings,
    ada: FakeUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 200)
    app = build_app(settings, clock)
    processor = app.update_processor
    assert isinstance(processor, PerChatUpdateProcessor)
    processor.retry_delays = (0.5, 3.0)
    async with polling(app):
        await stand.wait_polling()
        bot = Harness(stand, app, clock)
        await bot.reply(ada, "made the bed")
        other = sqlite3.connect(settings.db_path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            message = ada.send("watered the plants")
            await _saying(bot, ada, texts.common.saving_soon())
        finally:
            other.execute("ROLLBACK")
            other.close()
        await bot.settle(message)

        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == [
            "made the bed",
            "watered the plants",
        ]
        assert "#2" in _texts_to(bot, ada)[-1]
