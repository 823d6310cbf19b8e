"""The SQLite connection: pragmas, numbered migrations and transactions."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from storage.facts import Facts

logger = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

# How long a statement waits for another process's write lock, and how long a coroutine
# waits for this process's connection. Both bounded: a writer elsewhere holding the lock
# makes handlers fail with "database is locked" (and be retried, see bot/updates.py)
# instead of queueing every chat behind it.
BUSY_TIMEOUT_MS = 2000
CONNECTION_WAIT_S = 5.0

# sqlite3.OperationalError messages that say "not now" rather than "never": the same
# statement can succeed once the lock is released or space is freed.
_TRANSIENT = ("database is locked", "database table is locked", "disk i/o error", "disk is full")


def is_transient(error: BaseException) -> bool:
    """True for a database failure that a later attempt may not meet (locked, full, I/O)."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    message = str(error).lower()
    return any(part in message for part in _TRANSIENT)


# Telegram redelivers an unconfirmed update within a day; ids are kept a while longer.
HANDLED_UPDATES_KEPT = timedelta(days=2)
_PRUNE_EVERY = 256  # update ids: prune the handled_updates table now and then


class AlreadyHandled(Exception):
    """The update being handled stored its effect before: Telegram delivered it again."""

    def __init__(self, update_id: int) -> None:
        super().__init__(f"update {update_id} was handled before")
        self.update_id = update_id


@dataclass(slots=True)
class UpdateClaim:
    """The update the current task handles. Its first effect (a transaction opened with
    `effect=True`) records the update id in the same transaction, so a replay stops there."""

    update_id: int
    at: datetime
    claimed: bool = False  # this run recorded the update id with its effect
    committed: bool = False  # an effect of this update is stored
    storage_failed: bool = False  # this attempt met a transient database failure


_handling: ContextVar[UpdateClaim | None] = ContextVar("smallwins_handling", default=None)


def handling_update(update_id: int, now: datetime) -> UpdateClaim:
    """From here on, this task (and what it awaits) handles `update_id`.

    Handling the same update again in the same task is another attempt of it."""
    claim = _handling.get()
    if claim is not None and claim.update_id == update_id:
        # An effect stored by an earlier attempt must stop this one, as a replay would.
        claim.claimed = False
        claim.storage_failed = False
        return claim
    claim = UpdateClaim(update_id, now)
    _handling.set(claim)
    return claim


def current_update() -> UpdateClaim | None:
    """The update this task is handling, if any (None in the scheduler and the sender)."""
    return _handling.get()


def _each_alone(
    conn: sqlite3.Connection, statements: list[tuple[str, Params]]
) -> list[list[sqlite3.Row] | BaseException]:
    """In the database thread: the statements in one transaction (one commit writes the
    pages they share once), each in a savepoint of its own, so that one that fails takes
    only itself back. Its rows or its error for each; if the commit fails, that error for
    all, since none of them was stored."""
    if len(statements) == 1:
        sql, params = statements[0]
        try:
            return [conn.execute(sql, params).fetchall()]
        except Exception as error:
            return [error]
    outcomes: list[list[sqlite3.Row] | BaseException] = []
    try:
        conn.execute("BEGIN IMMEDIATE")
        for sql, params in statements:
            conn.execute("SAVEPOINT alone")
            try:
                rows = conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                if not conn.in_transaction:
                    raise  # SQLite rolled everything back (disk full, I/O error)
                conn.execute("ROLLBACK TO alone")
                outcomes.append(error)
            else:
                outcomes.append(rows)
            conn.execute("RELEASE alone")
        conn.execute("COMMIT")
    except Exception as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return [error] * len(statements)
    return outcomes


def _read_each(
    conn: sqlite3.Connection, statements: list[tuple[str, Params]]
) -> list[list[sqlite3.Row] | BaseException]:
    """In the database thread: each read on its own; its rows or its error."""
    outcomes: list[list[sqlite3.Row] | BaseException] = []
    for sql, params in statements:
        try:
            outcomes.append(conn.execute(sql, params).fetchall())
        except Exception as error:
            outcomes.append(error)
    return outcomes


# One statement waiting for a shared trip, and what runs a batch of them in the thread.
Queued = tuple[str, Params, asyncio.Future[list[sqlite3.Row]]]
BatchRunner = Callable[
    [sqlite3.Connection, list[tuple[str, Params]]], list[list[sqlite3.Row] | BaseException]
]


def _reads_only(sql: str) -> bool:
    """A plain SELECT (or a PRAGMA read): nothing it runs can change a row."""
    head = sql.lstrip()[:6].upper()
    return head == "SELECT" or (head == "PRAGMA" and "=" not in sql)


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (semicolons inside strings or
    trigger bodies do not end a statement).

    executescript() would commit on its own, so migrations run statement by statement
    inside one transaction instead.
    """
    statements: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \t\r\n;"):
                statements.append(current.strip())
            current = ""
    if current.strip(" \t\r\n;"):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {current!r}")
    return statements


def bundled_migrations() -> list[Migration]:
    """The migrations shipped in `storage/migrations/`, in order."""
    found = []
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration numbers must be 1..n without gaps, got {migration}")
    return found


class Database:
    """One aiosqlite connection shared by the app.

    SQLite allows one writer at a time and a transaction on a shared connection must not
    interleave with another coroutine's statements, so every use goes through one lock.

    `facts` keeps the rows read on every message (storage/facts.py); every write through
    here forgets them, unless the caller says it touches neither users nor questions.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self.facts = Facts()
        # Statements waiting to share one trip to the database thread (`fetch_together`).
        self._together: list[Queued] = []
        # Reads waiting to share one trip (`read_together`).
        self._shared_reads: list[Queued] = []
        self._runs: set[asyncio.Task[None]] = set()  # the loop keeps weak references only
        # A semaphore, not a Lock: its locked() also counts waiters, so it says exactly
        # when acquire() would return at once.
        self._lock = asyncio.Semaphore(1)

    @asynccontextmanager
    async def _connection_turn(self) -> AsyncIterator[None]:
        """The connection to ourselves, or "database is locked" after CONNECTION_WAIT_S."""
        if not self._lock.locked():
            await self._lock.acquire()  # free: returns without waiting or a timer
        else:
            await self._wait_for_connection()
        try:
            yield
        finally:
            self._lock.release()

    async def _wait_for_connection(self) -> None:
        try:
            async with asyncio.timeout(CONNECTION_WAIT_S):
                await self._lock.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError(
                f"database is locked (waited {CONNECTION_WAIT_S:g} s for the connection)"
            ) from None

    @classmethod
    async def open(
        cls, path: str | Path, migrations: Iterable[Migration] | None = None
    ) -> Database:
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
        # WAL with synchronous=NORMAL survives a killed process (only power loss can drop
        # the last commits), and keeps readers off the writer's back.
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = " + str(int(BUSY_TIMEOUT_MS)))
        # SQLite's own lower() and LIKE fold ASCII only; searches fold "Ärger" too.
        await conn.create_function("casefold", 1, _casefold, deterministic=True)
        db = cls(conn)
        await db.migrate(bundled_migrations() if migrations is None else list(migrations))
        return db

    async def close(self) -> None:
        async with self._lock:
            await self._conn.close()
        self.facts.forget()

    async def schema_version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self, migrations: list[Migration]) -> None:
        """Apply pending migrations, each atomically: a failure rolls back and stays pending."""
        current = await self.schema_version()
        for migration in migrations:
            if migration.version <= current:
                continue
            logger.info("Applying migration %04d_%s", migration.version, migration.name)
            async with self.transaction() as conn:
                for statement in split_statements(migration.sql):
                    await conn.execute(statement)
                # PRAGMA takes no bound parameters; the version is our own integer.
                await conn.execute("PRAGMA user_version = " + str(int(migration.version)))
            current = migration.version

    @asynccontextmanager
    async def transaction(
        self, *, effect: bool = False, keeps_facts: bool = False
    ) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises.

        With `effect=True` (a change a repeated update must not make twice: a goal added, a
        win taken back) the update being handled is recorded in the same transaction; if it
        was recorded before, AlreadyHandled is raised and nothing changes. `keeps_facts`:
        the block writes neither users nor questions (see `facts`).
        """
        claim = _handling.get() if effect else None
        async with self._connection_turn():
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                if claim is not None and not claim.claimed:
                    await self._claim(claim)
                await self._conn.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (disk full, I/O error): a second
                # ROLLBACK would fail and hide the error that matters.
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                raise
            finally:
                if not keeps_facts:
                    self.facts.forget()
        if claim is not None:
            claim.claimed = claim.committed = True

    def effect_stored(self) -> None:
        """An effect made idempotent otherwise (a win keyed by its message) is stored."""
        claim = _handling.get()
        if claim is not None:
            claim.committed = True

    async def _claim(self, claim: UpdateClaim) -> None:
        cursor = await self._conn.execute(
            """
            INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?)
            ON CONFLICT (update_id) DO NOTHING
            """,
            (claim.update_id, claim.at.isoformat()),
        )
        if cursor.rowcount != 1:
            raise AlreadyHandled(claim.update_id)
        if claim.update_id % _PRUNE_EVERY == 0:
            await self._conn.execute(
                "DELETE FROM handled_updates WHERE handled_at < ?",
                ((claim.at - HANDLED_UPDATES_KEPT).isoformat(),),
            )

    # execute_fetchall runs execute, fetch and close in one trip to the database thread
    # (each trip is a thread handoff: they add up on the hot path).
    @asynccontextmanager
    async def connection(self, *, keeps_facts: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        """The connection to itself, without a transaction: each statement commits alone."""
        async with self._connection_turn():
            try:
                yield self._conn
            finally:
                if not keeps_facts:
                    self.facts.forget()

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._connection_turn():
            try:
                rows = await self._conn.execute_fetchall(sql, params)
            finally:
                if not _reads_only(sql):  # INSERT ... RETURNING
                    self.facts.forget()
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._connection_turn():
            try:
                return list(await self._conn.execute_fetchall(sql, params))
            finally:
                if not _reads_only(sql):
                    self.facts.forget()

    async def fetch_together(self, sql: str, params: Params) -> list[sqlite3.Row]:
        """Run one write statement, as `fetchall` does, but in one trip to the database
        thread and one commit with the others queued while the connection was busy.

        A trip (a thread handoff both ways) and a commit (the pages it changed written to
        the WAL) were a third of a win's CPU; under load wins arrive together, and a batch
        pays for one of each. Each statement still succeeds or fails on its own (a
        savepoint each), and its caller gets its own rows or error once committed. It
        must not change users or questions (`facts` are kept).
        """
        return await self._queued(self._together, _each_alone, sql, params)

    async def read_together(self, sql: str, params: Params) -> list[sqlite3.Row]:
        """Run one plain read, as `fetchall` does, in one trip to the database thread with
        the other reads queued while the connection was busy; its caller gets its own rows
        or error. It runs when asked, after everything its caller wrote."""
        return await self._queued(self._shared_reads, _read_each, sql, params)

    async def _queued(
        self, queue: list[Queued], run: BatchRunner, sql: str, params: Params
    ) -> list[sqlite3.Row]:
        """Queue one statement; the first in an empty queue takes the next batch over."""
        done: asyncio.Future[list[sqlite3.Row]] = asyncio.get_running_loop().create_future()
        queue.append((sql, params, done))
        if len(queue) == 1:
            task = asyncio.get_running_loop().create_task(self._run_queue(queue, run))
            self._runs.add(task)
            task.add_done_callback(self._runs.discard)
        return await done

    async def _run_queue(self, queue: list[Queued], run: BatchRunner) -> None:
        batch: list[Queued] = []
        try:
            async with self._connection_turn():
                batch = queue[:]
                queue.clear()
                # aiosqlite has no public call for "run this in your thread": its own
                # _execute is how each of its methods gets there.
                outcomes = await self._conn._execute(
                    run, self._conn._conn, [(sql, params) for sql, params, _ in batch]
                )
        except BaseException as error:
            if not batch:  # the connection never came: all who waited for it fail
                batch = queue[:]
                queue.clear()
            for _, _, done in batch:
                if done.done():
                    continue
                if isinstance(error, Exception):
                    done.set_exception(error)
                else:
                    done.cancel()
            if not isinstance(error, Exception):
                raise
            return
        for (_, _, done), outcome in zip(batch, outcomes, strict=True):
            if done.done():
                continue  # its caller was cancelled meanwhile
            if isinstance(outcome, BaseException):
                done.set_exception(outcome)
            else:
                done.set_result(outcome)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement on its own (autocommit); returns the changed row count."""
        async with self._connection_turn():
            try:
                cursor = await self._conn.execute(sql, params)
            finally:
                self.facts.forget()
            return int(cursor.rowcount)

    async def ping(self) -> None:
        """Raise unless the database answers a trivial query."""
        await self.fetchone("SELECT 1")

    async def heartbeat(self, now: datetime) -> None:
        """Raise unless the database takes a small write (locked, read-only, full, I/O)."""
        async with self.transaction(keeps_facts=True) as conn:
            await conn.execute(
                """
                INSERT INTO ops_heartbeat (id, written_at) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at
                """,
                (now.isoformat(),),
            )

    async def table_names(self) -> list[str]:
        rows = await self.fetchall(
            """
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            ORDER BY name
            """
        )
        return [str(r[0]) for r in rows]

    async def backup_to(self, target: str | Path) -> None:
        """A consistent online copy through SQLite's backup API."""
        async with self._lock:
            dest = await aiosqlite.connect(str(target))
            try:
                await self._conn.backup(dest)
            finally:
                await dest.close()
