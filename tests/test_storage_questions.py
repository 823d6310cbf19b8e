"""Storage of questions: one open per chat, replies find theirs, prompts and commands close
them, and the upgrade from the old onboarding_step flag."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import Store
from storage.db import Database, bundled_migrations

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=30)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "test.db")
    await s.users.ensure(1, "Ada", "en", NOW)
    yield s
    await s.close()


async def test_a_new_question_closes_the_one_still_open(store: Store) -> None:
    questions = store.questions
    await questions.ask(1, 1, "shrink", 10, '{"goal":1}', NOW, LATER)
    await questions.ask(1, 1, "obstacle", 12, '{"goal":2}', NOW + timedelta(minutes=1), LATER)
    live, replied = await questions.open_or_replied(1, 10, NOW + timedelta(minutes=2))
    assert live is not None and live.kind == "obstacle"
    assert replied is not None and replied.kind == "shrink" and replied.expires_at <= LATER
    # After they close, only a reply finds one.
    live, replied = await questions.open_or_replied(1, 12, LATER + timedelta(minutes=1))
    assert live is None and replied is not None and replied.message_id == 12


async def test_a_command_closes_only_what_was_asked_before_it(store: Store) -> None:
    await store.questions.ask(1, 1, "shrink", 10, "{}", NOW, LATER)
    await store.questions.close_before(1, 9, NOW)
    assert (await store.questions.open_or_replied(1, None, NOW))[0] is not None
    await store.questions.close_before(1, 11, NOW)
    assert (await store.questions.open_or_replied(1, None, NOW))[0] is None


async def test_a_prompt_sent_closes_questions_and_the_morning_ask_becomes_one(
    store: Store,
) -> None:
    await store.questions.ask(1, 1, "shrink", 10, "{}", NOW, LATER)
    sent_at = (NOW + timedelta(minutes=5)).isoformat()
    for kind, variant, message_id in (("evening", "evening", 11), ("morning", "ask", 12)):
        await store.db.execute(
            """
            INSERT INTO outbox (chat_id, kind, local_date, due_at, status)
            VALUES (1, ?, '2026-11-24', 0, 'sending')
            """,
            (kind,),
        )
        await store.db.execute(
            """
            UPDATE outbox SET status = 'sent', message_id = ?, variant = ?, finished_at = ?
            WHERE kind = ?
            """,
            (message_id, variant, sent_at, kind),
        )
    live, _ = await store.questions.open_or_replied(1, None, NOW + timedelta(minutes=6))
    assert live is None
    kinds = [(q.kind, q.message_id) for q in await store.questions.for_chat(1)]
    assert kinds == [("shrink", 10), ("intention", 12)]


async def test_forgetting_a_user_forgets_their_questions(store: Store) -> None:
    await store.questions.ask(1, 1, "shrink", 10, "{}", NOW, LATER)
    await store.users.delete(1)
    assert await store.questions.for_chat(1) == []


async def test_the_upgrade_keeps_only_the_unfinished_setup_from_the_old_flag(
    tmp_path: Path,
) -> None:
    migrations = bundled_migrations()
    upgrade = next(m for m in migrations if m.name == "questions")
    before = [m for m in migrations if m.version < upgrade.version]
    db = await Database.open(tmp_path / "old.db", migrations=before)
    for user_id, step in ((1, "onboard_tz"), (2, "goal_shrink:3"), (3, "tz"), (4, None)):
        await db.execute(
            "INSERT INTO users (user_id, onboarding_step, created_at) VALUES (?, ?, ?)",
            (user_id, step, NOW.isoformat()),
        )
    await db.migrate(migrations)
    rows = await db.fetchall("SELECT user_id, onboarding_step FROM users ORDER BY user_id")
    assert [(r[0], r[1]) for r in rows] == [(1, "onboard_tz"), (2, None), (3, None), (4, None)]
    await db.close()
