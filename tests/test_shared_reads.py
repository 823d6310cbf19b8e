"""Reads shared between prompts rendered at the same time (storage.nudges.SharedReads):
one trip to the database thread for many reads, each caller its own rows or error, and a
prompt rendered among others saying exactly what it says alone."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import storage.db
from bot.domain.nudges import EVENING, MORNING, WEEKLY
from bot.nudges.render import Prompt
from bot.standin.actors import FakeUser
from storage import Store
from storage.nudges import OutboxRow, SharedReads
from tests.conftest import Harness


@pytest.fixture
async def store(tmp_path: Path) -> Any:
    opened = await Store.open(tmp_path / "reads.db")
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    for user_id, name in ((1, "Ada"), (2, "Bob"), (3, "Cy")):
        await opened.users.ensure(user_id, name, "en", now)
    yield opened
    await opened.close()


def _count_trips(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    trips: list[int] = []
    real = storage.db._read_each

    def counted(conn: sqlite3.Connection, statements: list[Any]) -> Any:
        trips.append(len(statements))
        return real(conn, statements)

    monkeypatch.setattr(storage.db, "_read_each", counted)
    return trips


async def test_reads_asked_together_share_one_trip_and_match_the_store(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips = _count_trips(monkeypatch)
    shared = Store(SharedReads(store.db))
    store.db.facts.forget()  # users come from the database, not from memory
    together = await asyncio.gather(*(shared.users.get(i) for i in (1, 2, 3, 4)))
    assert trips == [4]
    store.db.facts.forget()
    alone = [await store.users.get(i) for i in (1, 2, 3, 4)]
    assert together == alone
    assert [u.first_name if u else None for u in together] == ["Ada", "Bob", "Cy", None]


async def test_a_failing_read_fails_alone(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    trips = _count_trips(monkeypatch)
    shared = SharedReads(store.db)
    good, bad = await asyncio.gather(
        shared.fetchall("SELECT first_name FROM users WHERE user_id = ?", (1,)),
        shared.fetchall("SELECT no_such_column FROM users"),
        return_exceptions=True,
    )
    assert trips == [2]
    assert isinstance(good, list) and [r[0] for r in good] == ["Ada"]
    assert isinstance(bad, sqlite3.OperationalError)


async def test_a_shared_read_sees_what_was_written_before_it(store: Store) -> None:
    reads = SharedReads(store.db)
    shared = Store(reads)
    assert (await shared.users.get(1)) is not None
    await shared.users.prompt_sent(1)  # a write goes to the database itself
    await reads.prompt_sent(1)  # committed with the writes waiting beside it
    user = await shared.users.get(1)
    assert user is not None and user.prompts_unanswered == 2
    assert await store.users.get(1) == user


def _row(outbox_id: int, chat_id: int, kind: str, at: datetime) -> OutboxRow:
    return OutboxRow(outbox_id, chat_id, kind, at.date(), at, "sending", 1, None, None, None)


async def test_prompts_rendered_together_say_what_they_say_alone(
    bot: Harness, ada: FakeUser, bob: FakeUser, carol: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    for user in (ada, bob, carol):
        await bot.send(user, "/timezone UTC")
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    await bot.reply(bob, "/goal stretch")
    await bot.send(ada, "/win tidied the desk")
    await bot.send(carol, "/win called my sister")
    await bot.send(carol, "/win cooked dinner")
    at = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    rows = [
        _row(10 * i + k, user.id, kind, at)
        for i, user in enumerate((ada, bob, carol), start=1)
        for k, kind in enumerate((MORNING, EVENING, WEEKLY))
    ]
    nudges = bot.app.services.nudges

    async def unanswered() -> None:
        for user in (ada, bob, carol):
            await bot.store.users.prompts_answered(user.id)

    await unanswered()
    alone = [await nudges._render(row) for row in rows]
    await unanswered()
    trips = _count_trips(monkeypatch)
    together = await asyncio.gather(*(nudges._render(row) for row in rows))
    assert together == alone
    assert len(trips) < len(rows)  # reads shared trips
    said = [p.text for p in alone if isinstance(p, Prompt)]
    assert len(said) == len(rows)
    assert any("walk 10 minutes" in t for t in said)
    assert any("cooked dinner" in t for t in said)
