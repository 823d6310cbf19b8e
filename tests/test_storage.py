"""Storage: migrations, pragmas and the win repository, on a fresh database per test."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from storage import Store
from storage.db import AlreadyHandled, Database, Migration, bundled_migrations, handling_update
from storage.models import NewWin

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
USER = 42


@pytest.fixture
async def store(tmp_path: Path) -> Store:
    s = await Store.open(tmp_path / "test.db")
    yield s
    await s.close()


async def test_fresh_database_is_at_the_latest_schema_version(store: Store) -> None:
    assert await store.db.schema_version() == len(bundled_migrations())


async def test_database_uses_wal_and_foreign_keys(store: Store) -> None:
    mode = await store.db.fetchone("PRAGMA journal_mode")
    keys = await store.db.fetchone("PRAGMA foreign_keys")
    busy = await store.db.fetchone("PRAGMA busy_timeout")
    assert mode is not None and mode[0] == "wal"
    assert keys is not None and keys[0] == 1
    assert busy is not None and busy[0] >= 1000


async def test_failed_migration_rolls_back_and_stays_pending(tmp_path: Path) -> None:
    good = Migration(1, "one", "CREATE TABLE a (x INTEGER);")
    bad = Migration(2, "two", "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);")
    db = await Database.open(tmp_path / "m.db", migrations=[good])
    with pytest.raises(Exception, match="nowhere"):
        await db.migrate([good, bad])
    assert await db.schema_version() == 1
    assert "b" not in await db.table_names()
    fixed = Migration(2, "two", "CREATE TABLE b (y INTEGER);")
    await db.migrate([good, fixed])
    assert await db.schema_version() == 2
    assert "b" in await db.table_names()
    await db.close()


async def test_reopening_a_database_keeps_data_and_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    first = await Store.open(path)
    await first.users.ensure(1, "Ada", "en", NOW)
    await first.close()
    second = await Store.open(path)
    assert (await second.users.get(1)) is not None
    assert await second.db.schema_version() == len(bundled_migrations())
    await second.close()


async def test_ensure_creates_a_user_with_defaults_once(store: Store) -> None:
    user, created = await store.users.ensure(7, "Ada", "en", NOW)
    again, created_again = await store.users.ensure(7, "Ada L", "en", NOW)
    assert created and not created_again
    assert user.timezone == "UTC"
    assert (user.morning_time, user.evening_time, user.day_end_hour) == ("08:00", "21:00", 4)
    assert again.first_name == "Ada L"


async def test_wins_from_one_message_are_stored_together_and_counted(store: Store) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    stored, total = await store.wins.add(
        1,
        date(2026, 11, 23),
        [NewWin("walked", ("health",)), NewWin("called mum")],
        chat_id=1,
        message_id=10,
        now=NOW,
    )
    assert [w.text for w in stored] == ["walked", "called mum"]
    assert total == 2
    assert (await store.wins.on_day(1, date(2026, 11, 23)))[0].tags == ("health",)


async def test_editing_a_message_updates_adds_and_removes_its_wins(store: Store) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    await store.wins.add(
        1, date(2026, 11, 22), [NewWin("a"), NewWin("b")], chat_id=1, message_id=5, now=NOW
    )
    after = await store.wins.replace_from_message(1, 1, 5, [NewWin("A #x", ("x",))])
    assert [(w.text, w.tags, w.local_date) for w in after] == [("A #x", ("x",), date(2026, 11, 22))]
    grown = await store.wins.replace_from_message(1, 1, 5, [NewWin("A"), NewWin("C")])
    assert [w.text for w in grown] == ["A", "C"]
    assert all(w.local_date == date(2026, 11, 22) for w in grown)


async def test_undo_removes_only_the_newest_win_of_that_day(store: Store) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    day = date(2026, 11, 23)
    await store.wins.add(1, day, [NewWin("first")], chat_id=1, message_id=1, now=NOW)
    await store.wins.add(1, day, [NewWin("second")], chat_id=1, message_id=2, now=NOW)
    removed, total = await store.wins.delete_last_on_day(1, day)
    assert removed is not None and removed.text == "second"
    assert total == 1
    nothing, _ = await store.wins.delete_last_on_day(1, date(2026, 11, 24))
    assert nothing is None


async def test_deleting_a_user_removes_their_wins(store: Store) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    await store.users.ensure(2, "Bob", "en", NOW)
    for uid in (1, 2):
        await store.wins.add(
            uid, date(2026, 11, 23), [NewWin("x")], chat_id=uid, message_id=1, now=NOW
        )
    await store.users.delete(1)
    assert await store.wins.count(1) == 0
    assert await store.wins.count(2) == 1


async def test_text_with_sql_characters_is_stored_verbatim(store: Store) -> None:
    await store.users.ensure(1, "Robert'); DROP TABLE users;--", "en", NOW)
    text = 'it\'s done; DELETE FROM wins; -- "quoted"'
    await store.wins.add(1, date(2026, 11, 23), [NewWin(text)], chat_id=1, message_id=1, now=NOW)
    assert (await store.wins.on_day(1, date(2026, 11, 23)))[0].text == text
    assert await store.users.count() == 1


async def test_backup_makes_a_readable_copy(store: Store, tmp_path: Path) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    target = tmp_path / "copy.db"
    await store.db.backup_to(target)
    copy = await Store.open(target)
    assert (await copy.users.get(1)) is not None
    await copy.close()


async def test_a_message_delivered_again_stores_its_win_once(store: Store) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    day = date(2026, 11, 23)
    first, total = await store.wins.add(
        1, day, [NewWin("walked")], chat_id=1, message_id=9, now=NOW
    )
    again, total_again = await store.wins.add(
        1, day, [NewWin("walked")], chat_id=1, message_id=9, now=NOW
    )
    assert [w.win_id for w in again] == [w.win_id for w in first]
    assert total == total_again == 1


async def test_a_several_win_message_delivered_again_is_stored_once(store: Store) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    day = date(2026, 11, 23)
    wins = [NewWin("a"), NewWin("b")]
    await store.wins.add(1, day, wins, chat_id=1, message_id=9, now=NOW)
    again, total = await store.wins.add(1, day, wins, chat_id=1, message_id=9, now=NOW)
    assert [w.text for w in again] == ["a", "b"]
    assert total == 2


async def _as_update(update_id: int, store: Store, when: datetime) -> str:
    """Take back the newest win while handling `update_id` (in its own task, as PTB does)."""

    async def handle() -> str:
        handling_update(update_id, when)
        try:
            removed, _ = await store.wins.delete_last_on_day(USER, date(2026, 11, 23))
        except AlreadyHandled:
            return "repeat"
        return removed.text if removed else "nothing"

    return await asyncio.create_task(handle())


async def test_an_effect_records_its_update_and_a_repeat_changes_nothing(store: Store) -> None:
    await store.users.ensure(USER, "Ada", "en", NOW)
    for n in (1, 2):
        await store.wins.add(
            USER, date(2026, 11, 23), [NewWin(f"win {n}")], chat_id=USER, message_id=n, now=NOW
        )
    assert await _as_update(7, store, NOW) == "win 2"
    assert await _as_update(7, store, NOW) == "repeat"
    assert [w.text for w in await store.wins.all_for(USER)] == ["win 1"]
    # Outside any update (the scheduler, the sender) nothing is recorded.
    removed, _ = await store.wins.delete_last_on_day(USER, date(2026, 11, 23))
    assert removed is not None and removed.text == "win 1"


async def test_handled_update_ids_are_pruned_after_two_days(store: Store) -> None:
    await store.users.ensure(USER, "Ada", "en", NOW)
    assert await _as_update(1, store, NOW) == "nothing"
    assert await _as_update(256, store, NOW + timedelta(days=3)) == "nothing"
    rows = await store.db.fetchall("SELECT update_id FROM handled_updates ORDER BY update_id")
    assert [r[0] for r in rows] == [256]


async def test_another_attempt_at_an_update_does_not_repeat_its_stored_effect(
    store: Store,
) -> None:
    """An update handled again after a database failure stops at an effect already stored."""
    await store.users.ensure(USER, "Ada", "en", NOW)

    async def attempts() -> list[str]:
        outcomes = []
        for _ in range(2):
            handling_update(9, NOW)
            try:
                await store.goals.add(USER, "read one page", 7, date(2026, 11, 23), NOW)
            except AlreadyHandled:
                outcomes.append("repeat")
            else:
                outcomes.append("added")
        return outcomes

    assert await asyncio.create_task(attempts()) == ["added", "repeat"]
    assert [g.text for g in await store.goals.all_for(USER)] == ["read one page"]


async def test_wins_arriving_together_share_trips_and_keep_their_own_totals(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips = 0
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal trips
        trips += 1
        return await original(self, fn, *args, **kwargs)

    users = range(100, 120)
    for user in users:
        await store.users.ensure(user, f"U{user}", "en", NOW)
    await store.wins.add(100, NOW.date(), [NewWin("early", ())], chat_id=100, message_id=1, now=NOW)
    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    results = await asyncio.gather(
        *(
            store.wins.add(
                user,
                NOW.date(),
                [NewWin(f"win of {user}", ())],
                chat_id=user,
                message_id=2,
                now=NOW,
            )
            for user in users
        )
    )
    assert trips < len(users)
    assert [total for _, total in results] == [2] + [1] * (len(users) - 1)
    assert [stored[0].text for stored, _ in results] == [f"win of {user}" for user in users]
    assert sorted(w.user_id for w in await store.wins.all_for(105)) == [105]


async def test_a_statement_that_fails_in_a_shared_trip_fails_alone(store: Store) -> None:
    await store.users.ensure(1, "Ada", "en", NOW)
    insert = "INSERT INTO searches (user_id, query, created_at) VALUES (?, ?, ?) RETURNING user_id"
    ok, unknown_user, also_ok = await asyncio.gather(
        store.db.fetch_together(insert, (1, "tea", NOW.isoformat())),
        store.db.fetch_together(insert, (999, "tea", NOW.isoformat())),
        store.db.fetch_together(insert, (1, "walk", NOW.isoformat())),
        return_exceptions=True,
    )
    assert isinstance(unknown_user, sqlite3.IntegrityError)
    assert [tuple(r) for r in ok] == [(1,)] and [tuple(r) for r in also_ok] == [(1,)]  # type: ignore[union-attr]
    rows = await store.db.fetchall("SELECT query FROM searches ORDER BY search_id")
    assert [r[0] for r in rows] == ["tea", "walk"]
