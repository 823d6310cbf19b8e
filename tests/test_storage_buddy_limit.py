"""The buddy limit is checked inside the transaction that pairs, so no pairing passes it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import Store
from storage.buddies import BuddyLimitReached

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LIMIT = 2


@pytest.fixture
async def store(tmp_path: Path) -> Store:
    s = await Store.open(tmp_path / "test.db")
    for user_id in range(1, 10):
        await s.users.ensure(user_id, f"User {user_id}", "en", NOW)
    yield s
    await s.close()


async def _invite(store: Store, inviter: int, code_hash: str) -> None:
    await store.buddies.create_invite(inviter, code_hash, NOW, NOW + timedelta(days=7))


async def _pair(store: Store, code_hash: str, user_id: int) -> int | None:
    return await store.buddies.pair_with_invite(code_hash, user_id, NOW, limit=LIMIT)


async def test_two_pairings_racing_for_the_last_place_pair_only_one(store: Store) -> None:
    for code in ("a", "b", "c"):
        await _invite(store, 1, code)
    assert await _pair(store, "a", 2) == 1  # one place left
    results = await asyncio.gather(
        _pair(store, "b", 3), _pair(store, "c", 4), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, BuddyLimitReached)]
    assert results.count(1) == 1 and len(refused) == 1
    assert refused[0].user_id == 1
    assert await store.buddies.count(1) == LIMIT


async def test_the_person_pairing_is_refused_when_they_are_full(store: Store) -> None:
    await _invite(store, 2, "a")
    await _invite(store, 3, "b")
    await _invite(store, 4, "c")
    assert await _pair(store, "a", 1) == 2
    assert await _pair(store, "b", 1) == 3
    with pytest.raises(BuddyLimitReached) as refused:
        await _pair(store, "c", 1)
    assert refused.value.user_id == 1
    assert await store.buddies.count(1) == LIMIT
    # Nothing changed: the invite can still pair someone with room.
    assert await _pair(store, "c", 5) == 4


async def test_buddies_already_paired_may_use_another_link_when_full(store: Store) -> None:
    for code in ("a", "b", "c"):
        await _invite(store, 1, code)
    assert await _pair(store, "a", 2) == 1
    assert await _pair(store, "b", 3) == 1
    assert await _pair(store, "c", 2) == 1  # no new pairing: the limit does not apply
    assert await store.buddies.count(1) == LIMIT
