"""The rows kept in memory (storage/facts.py): read once, forgotten on every write."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from storage import Store
from storage.facts import Facts
from storage.models import NewWin

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ADA = 7


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "test.db")
    yield s
    await s.close()


async def test_a_known_user_is_read_once(store: Store) -> None:
    await store.users.ensure(ADA, "Ada", "en", NOW)
    first = await store.users.get(ADA)
    assert first is not None
    assert await store.users.get(ADA) is first  # the same row, from memory
    assert (await store.users.ensure(ADA, "Ada", "en", NOW))[0] is first


async def test_every_write_forgets_what_was_read(store: Store) -> None:
    await store.users.ensure(ADA, "Ada", "en", NOW)
    assert (await store.users.get(ADA)).timezone == "UTC"  # type: ignore[union-attr]
    await store.users.set_timezone(ADA, "Europe/Lisbon")
    assert (await store.users.get(ADA)).timezone == "Europe/Lisbon"  # type: ignore[union-attr]
    await store.pauses.start(ADA, NOW.date(), None, None)  # a transaction, users among them
    assert (await store.users.get(ADA)).paused  # type: ignore[union-attr]
    await store.db.execute("DELETE FROM users WHERE user_id = ?", (ADA,))
    assert await store.users.get(ADA) is None


async def test_a_stored_win_keeps_what_was_read(store: Store) -> None:
    await store.users.ensure(ADA, "Ada", "en", NOW)
    await store.users.get(ADA)
    generation = store.db.facts.generation
    await store.wins.add(
        ADA, date(2026, 11, 23), [NewWin("tea", ())], chat_id=ADA, message_id=1, now=NOW
    )
    await store.wins.add(
        ADA,
        date(2026, 11, 23),
        [NewWin("a", ()), NewWin("b", ())],
        chat_id=ADA,
        message_id=2,
        now=NOW,
    )
    assert store.db.facts.generation == generation
    assert store.db.facts.user(ADA) is not None


async def test_questions_open_and_asked_follow_writes(store: Store) -> None:
    await store.users.ensure(ADA, "Ada", "en", NOW)
    assert await store.questions.open_or_replied(ADA, None, NOW) == (None, None)
    assert not await store.questions.ever_asked(ADA, "zone")
    await store.questions.ask(ADA, ADA, "zone", 10, "{}", NOW, NOW + timedelta(minutes=30))
    live, _ = await store.questions.open_or_replied(ADA, None, NOW)
    assert live is not None and live.message_id == 10
    assert await store.questions.ever_asked(ADA, "zone")
    # Still open five minutes on, closed once its time is up (no write needed for that).
    assert (await store.questions.open_or_replied(ADA, None, NOW + timedelta(minutes=5)))[0]
    assert (await store.questions.open_or_replied(ADA, None, NOW + timedelta(hours=1)))[0] is None
    # Read at NOW + 1 h; a clock set back before that reads again rather than guess.
    live, _ = await store.questions.open_or_replied(ADA, None, NOW)
    assert live is not None
    await store.questions.close(ADA, NOW)
    assert await store.questions.open_or_replied(ADA, None, NOW - timedelta(minutes=1)) != (
        None,
        None,
    )
    assert await store.questions.open_or_replied(ADA, None, NOW) == (None, None)


async def test_a_read_that_raced_a_write_is_not_kept(store: Store) -> None:
    await store.users.ensure(ADA, "Ada", "en", NOW)
    user = await store.users.get(ADA)
    assert user is not None
    facts = Facts()
    generation = facts.generation
    facts.forget()  # a write landed while the read was on its way
    facts.keep_user(user, generation)
    assert facts.user(ADA) is None


def test_memory_is_bounded() -> None:
    facts = Facts(limit=2)
    for chat in (1, 2, 3):
        facts.keep_ever_asked(chat, "zone", True, facts.generation)
    assert facts.ever_asked(1, "zone") is None
    assert facts.ever_asked(2, "zone") and facts.ever_asked(3, "zone")


async def test_a_first_contact_or_a_question_forgets_only_its_own(store: Store) -> None:
    await store.users.ensure(ADA, "Ada", "en", NOW)
    ada = await store.users.get(ADA)
    assert not await store.questions.ever_asked(ADA, "zone")
    await store.users.ensure(8, "Bob", "en", NOW)  # a newcomer
    await store.questions.ask(8, 8, "zone", 10, "{}", NOW, NOW + timedelta(minutes=30))
    assert store.db.facts.user(ADA) is ada
    assert store.db.facts.ever_asked(ADA, "zone") is False
    # What the question wrote is known without reading it back.
    assert store.db.facts.ever_asked(8, "zone") is True
    assert store.db.facts.ever_asked(8, "intention") is None
    (open_question,) = store.db.facts.open_questions(8, NOW) or ()
    assert open_question == (await store.questions.for_chat(8))[0]
    # A new name is a write to that row: read back as committed.
    renamed, created = await store.users.ensure(ADA, "Ada L", "en", NOW)
    assert not created and renamed.first_name == "Ada L"
    assert await store.users.get(ADA) is renamed
