"""Online backups while the bot writes, and restoring them safely."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from storage import Database, Store
from storage.backups import BackupError, check_backup, restore_backup
from storage.db import bundled_migrations
from storage.models import NewWin
from tests.conftest import START

USER = 42


async def _open_with_user(path: Path) -> Store:
    store = await Store.open(path)
    await store.users.ensure(USER, "Ada", "en", START)
    return store


async def _log(store: Store, n: int) -> None:
    await store.wins.add(
        USER, date(2026, 11, 23), [NewWin(f"win {n}")], chat_id=USER, message_id=n, now=START
    )


async def test_backup_under_concurrent_writes_keeps_every_committed_win(tmp_path: Path) -> None:
    live = await _open_with_user(tmp_path / "live.db")
    # `smallwins backup` uses its own connection while the bot keeps writing.
    backup_side = await Store.open(tmp_path / "live.db")
    committed: list[int] = []
    stop = asyncio.Event()
    target = {"count": 50}
    reached = asyncio.Event()

    async def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            await _log(live, n)
            committed.append(n)
            if len(committed) >= target["count"]:
                reached.set()

    task = asyncio.create_task(writer())
    try:
        await reached.wait()
        before = list(committed)
        reached.clear()
        target["count"] = len(before) + 20  # writes go on around the backup
        await backup_side.db.backup_to(tmp_path / "copy.db")
        await reached.wait()
    finally:
        stop.set()
        await task
        await backup_side.close()
        await live.close()

    conn = sqlite3.connect(tmp_path / "copy.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {row[0] for row in conn.execute("SELECT message_id FROM wins")}
    finally:
        conn.close()
    assert set(before) <= stored
    assert check_backup(tmp_path / "copy.db") >= 1


async def test_restore_puts_the_backup_in_place_and_it_opens(tmp_path: Path) -> None:
    store = await _open_with_user(tmp_path / "live.db")
    await _log(store, 1)
    await store.db.backup_to(tmp_path / "copy.db")
    await _log(store, 2)
    await store.close()

    restore_backup(tmp_path / "copy.db", tmp_path / "live.db", force=True)

    reopened = await Store.open(tmp_path / "live.db")
    try:
        assert [w.text for w in await reopened.wins.all_for(USER)] == ["win 1"]
    finally:
        await reopened.close()


async def test_restore_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    store = await _open_with_user(tmp_path / "live.db")
    await store.db.backup_to(tmp_path / "copy.db")
    await store.close()
    with pytest.raises(BackupError, match="--force"):
        restore_backup(tmp_path / "copy.db", tmp_path / "live.db")
    code = main(["restore", str(tmp_path / "copy.db"), "--db", str(tmp_path / "live.db")])
    assert code == 1


def test_restore_refuses_a_file_that_is_not_a_smallwins_database(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(BackupError, match="not a readable SQLite database"):
        check_backup(tmp_path / "notes.txt")
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t (x)")
    other.close()
    with pytest.raises(BackupError, match="not a smallwins database"):
        check_backup(tmp_path / "other.db")
    assert not (tmp_path / "fresh.db").exists()
    code = main(["restore", str(tmp_path / "other.db"), "--db", str(tmp_path / "fresh.db")])
    assert code == 1 and not (tmp_path / "fresh.db").exists()


async def test_restore_refuses_a_backup_from_a_newer_version(tmp_path: Path) -> None:
    store = await _open_with_user(tmp_path / "live.db")
    await store.close()
    conn = sqlite3.connect(tmp_path / "live.db")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(BackupError, match="newer smallwins"):
        restore_backup(tmp_path / "live.db", tmp_path / "target.db")


def test_restore_on_the_command_line_into_an_empty_place(tmp_path: Path) -> None:
    asyncio.run(_make_backup(tmp_path / "copy.db"))
    code = main(["restore", str(tmp_path / "copy.db"), "--db", str(tmp_path / "new.db")])
    assert code == 0 and check_backup(tmp_path / "new.db") >= 1


async def _make_backup(path: Path) -> None:
    store = await _open_with_user(path)
    await store.close()


def test_backup_leaves_an_older_schema_as_it_is(tmp_path: Path) -> None:
    """An older bot may still be running: the backup must not migrate its database."""
    older = bundled_migrations()[:-1]

    async def make_old() -> None:
        db = await Database.open(tmp_path / "live.db", older)
        await db.close()

    asyncio.run(make_old())
    old_version = older[-1].version
    before = (tmp_path / "live.db").read_bytes()

    code = main(["backup", str(tmp_path / "copy.db"), "--db", str(tmp_path / "live.db")])

    assert code == 0
    for path in (tmp_path / "live.db", tmp_path / "copy.db"):
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
        finally:
            conn.close()
    assert (tmp_path / "live.db").read_bytes() == before
    assert check_backup(tmp_path / "copy.db") == old_version


def test_backup_of_a_missing_database_says_so(tmp_path: Path) -> None:
    code = main(["backup", str(tmp_path / "copy.db"), "--db", str(tmp_path / "nothing.db")])
    assert code == 1
    assert not (tmp_path / "nothing.db").exists() and not (tmp_path / "copy.db").exists()
