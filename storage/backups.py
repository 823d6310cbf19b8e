"""Making and restoring backups: copy read-only, check it is a sound smallwins database.

Runs from the command line with the bot stopped, so plain (blocking) sqlite3 is fine.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from storage.db import bundled_migrations


class BackupError(RuntimeError):
    """The backup cannot be restored; the message says why and what would work."""


def check_backup(source: Path) -> int:
    """Raise BackupError unless `source` is an intact smallwins database; its schema version."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    newest = bundled_migrations()[-1].version
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a readable SQLite database ({error})") from None
    if integrity != ["ok"]:
        raise BackupError(f"{source} fails SQLite's integrity check: {integrity[:3]}")
    if version < 1 or not {"users", "wins"} <= tables:
        raise BackupError(f"{source} is not a smallwins database")
    if version > newest:
        raise BackupError(
            f"{source} was made by a newer smallwins (schema {version}, this one knows "
            f"{newest}); upgrade smallwins first"
        )
    return version


def make_backup(source: Path, target: Path) -> None:
    """A consistent copy of `source` through SQLite's backup API, opened read-only.

    The live database is never migrated or written: a running bot of an older version
    keeps the schema it knows, and so does the copy. The copy appears complete or not at all.
    """
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a readable SQLite database ({error})") from None
    try:
        dest = sqlite3.connect(partial)
        try:
            src.backup(dest)
        finally:
            dest.close()
    except sqlite3.DatabaseError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not copy {source} ({error})") from None
    finally:
        src.close()
    os.replace(partial, target)


def restore_backup(source: Path, target: Path, *, force: bool = False) -> None:
    """Copy a checked backup over `target` (an older schema is migrated on the next start)."""
    check_backup(source)
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; stop the bot, then pass --force to replace it")
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(partial)
    try:
        src.backup(dest)
    finally:
        dest.close()
        src.close()
    # A write-ahead log left by the old database would be replayed onto the new one.
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{target}{suffix}")
    os.replace(partial, target)
