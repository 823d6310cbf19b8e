"""Scheduled nudges: schedule rows (next due instant per chat and kind), the outbox of
deliveries, and the intentions people set in reply to the morning check-in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from storage.db import Database, Params, _reads_only

# Outbox statuses (see migration 0003).
PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
DROPPED = "dropped"
SKIPPED = "skipped"
UNKNOWN = "unknown"
SNOOZED = "snoozed"  # a Later copy waiting for its time (migration 0013)


def _ts(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("instants stored in the schedule must be timezone-aware")
    return int(instant.timestamp())


def _instant(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    chat_id: int
    kind: str
    timezone: str
    local_time: str  # "HH:MM"
    weekday: int | None
    due_at: datetime


@dataclass(frozen=True, slots=True)
class Planned:
    """What the tick does with a due row: queue it (or record it skipped), and when next."""

    local_date: date
    due: datetime
    send: bool
    next_due: datetime


@dataclass(frozen=True, slots=True)
class TickBatch:
    due: int
    queued: int
    skipped: int


@dataclass(frozen=True, slots=True)
class OutboxRow:
    outbox_id: int
    chat_id: int
    kind: str
    local_date: date
    due_at: datetime
    status: str
    attempts: int
    variant: str | None
    message_id: int | None
    error: str | None
    snoozed: bool = False  # the copy sent again after *Later*


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one delivery ended, for `Outbox.finish_many`."""

    outbox_id: int
    status: str
    at: datetime
    message_id: int | None = None
    variant: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Intention:
    user_id: int
    local_date: date
    text: str
    done: bool


_SCHEDULE_COLUMNS = " chat_id, kind, timezone, local_time, weekday, due_at "
_OUTBOX_COLUMNS = """
    outbox_id, chat_id, kind, local_date, due_at, status, attempts, variant, message_id, error,
    snoozed
"""


def _schedule(row: Any) -> ScheduleRow:
    return ScheduleRow(
        chat_id=row["chat_id"],
        kind=row["kind"],
        timezone=row["timezone"],
        local_time=row["local_time"],
        weekday=row["weekday"],
        due_at=_instant(row["due_at"]),
    )


def _outbox(row: Any) -> OutboxRow:
    return OutboxRow(
        outbox_id=row["outbox_id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        local_date=date.fromisoformat(row["local_date"]),
        due_at=_instant(row["due_at"]),
        status=row["status"],
        attempts=row["attempts"],
        variant=row["variant"],
        message_id=row["message_id"],
        error=row["error"],
        snoozed=bool(row["snoozed"]),
    )


class Schedules:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def replace_for_chat(self, chat_id: int, rows: Sequence[ScheduleRow]) -> None:
        """The chat's schedule becomes exactly `rows` (none: nothing is scheduled)."""
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM schedules WHERE chat_id = ?", (chat_id,))
            await conn.executemany(
                """
                INSERT INTO schedules (chat_id, kind, timezone, local_time, weekday, due_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    (chat_id, r.kind, r.timezone, r.local_time, r.weekday, _ts(r.due_at))
                    for r in rows
                ],
            )

    async def for_chat(self, chat_id: int) -> list[ScheduleRow]:
        rows = await self._db.fetchall(
            "SELECT" + _SCHEDULE_COLUMNS + "FROM schedules WHERE chat_id = ? ORDER BY due_at",
            (chat_id,),
        )
        return [_schedule(r) for r in rows]

    async def delete_for_chat(self, chat_id: int) -> None:
        await self._db.execute("DELETE FROM schedules WHERE chat_id = ?", (chat_id,))

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        await self._db.execute(
            "UPDATE OR REPLACE schedules SET chat_id = ? WHERE chat_id = ?",
            (new_chat_id, old_chat_id),
        )

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT count(*) FROM schedules")
        return int(row[0]) if row else 0

    async def move_due(
        self, now: datetime, limit: int, plan: Callable[[ScheduleRow], Planned]
    ) -> TickBatch:
        """One short transaction: up to `limit` rows due at `now` go into the outbox (or are
        recorded as skipped) and advance to their next occurrence, as `plan` says.

        The outbox's unique key makes this idempotent: a row already delivered for that
        local date is not queued again.
        """
        now_ts = _ts(now)
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT" + _SCHEDULE_COLUMNS + "FROM schedules WHERE due_at <= ? "
                "ORDER BY due_at LIMIT ?",
                (now_ts, limit),
            ) as cursor:
                due = [_schedule(r) for r in await cursor.fetchall()]
            queued: list[tuple[Any, ...]] = []
            skipped: list[tuple[Any, ...]] = []
            advanced: list[tuple[Any, ...]] = []
            for row in due:
                planned = plan(row)
                next_ts = _ts(planned.next_due)
                if next_ts <= now_ts:
                    raise RuntimeError(f"schedule row would not advance past now: {row}")
                key = (row.chat_id, row.kind, planned.local_date.isoformat(), _ts(planned.due))
                (queued if planned.send else skipped).append(key)
                advanced.append((next_ts, row.chat_id, row.kind))
            await conn.executemany(
                """
                INSERT OR IGNORE INTO outbox (chat_id, kind, local_date, due_at)
                VALUES (?, ?, ?, ?)
                """,
                queued,
            )
            await conn.executemany(
                """
                INSERT OR IGNORE INTO outbox (chat_id, kind, local_date, due_at, status,
                                              finished_at, error)
                VALUES (?, ?, ?, ?, 'skipped', ?, 'missed by more than the grace window')
                """,
                [(*key, now.isoformat()) for key in skipped],
            )
            await conn.executemany(
                "UPDATE schedules SET due_at = ? WHERE chat_id = ? AND kind = ?", advanced
            )
        return TickBatch(len(due), len(queued), len(skipped))


class Outbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def pending(self, after_id: int, limit: int) -> list[OutboxRow]:
        """Queued deliveries in the order they were queued."""
        rows = await self._db.fetchall(
            "SELECT" + _OUTBOX_COLUMNS + "FROM outbox WHERE status = 'pending' "
            "AND outbox_id > ? ORDER BY outbox_id LIMIT ?",
            (after_id, limit),
        )
        return [_outbox(r) for r in rows]

    async def count_pending(self) -> int:
        row = await self._db.fetchone("SELECT count(*) FROM outbox WHERE status = 'pending'")
        return int(row[0]) if row else 0

    async def claim(self, outbox_id: int) -> bool:
        """Mark a delivery as in flight, just before its request; False if it is not pending.

        A row left 'sending' by a killed process is never sent again (see `recover`).
        """
        changed = await self._db.execute(
            """
            UPDATE outbox SET status = 'sending', attempts = attempts + 1
            WHERE outbox_id = ? AND status = 'pending'
            """,
            (outbox_id,),
        )
        return changed == 1

    async def claim_many(self, outbox_ids: Sequence[int]) -> set[int]:
        """`claim` for several deliveries at once; returns those now in flight.

        One statement, atomic on its own: one trip to the database thread per batch
        instead of five (BEGIN, the update, its rows, the cursor, COMMIT), which at
        1,000 sends a second was most of what a send cost besides its request.
        """
        if not outbox_ids:
            return set()
        rows = await self._db.fetchall(
            """
            UPDATE outbox SET status = 'sending', attempts = attempts + 1
            WHERE status = 'pending'
            AND outbox_id IN (SELECT value FROM json_each(?))
            RETURNING outbox_id
            """,
            (json.dumps([int(i) for i in outbox_ids]),),
        )
        return {int(r[0]) for r in rows}

    async def release(self, outbox_id: int) -> None:
        """A request that certainly did not deliver: back in the queue."""
        await self._db.execute(
            "UPDATE outbox SET status = 'pending' WHERE outbox_id = ? AND status = 'sending'",
            (outbox_id,),
        )

    async def finish(
        self,
        outbox_id: int,
        status: str,
        now: datetime,
        *,
        message_id: int | None = None,
        variant: str | None = None,
        error: str | None = None,
    ) -> None:
        await self._db.execute(
            """
            UPDATE outbox SET status = ?, message_id = ?, variant = ?, error = ?, finished_at = ?
            WHERE outbox_id = ?
            """,
            (status, message_id, variant, error, now.isoformat(), outbox_id),
        )

    async def finish_many(self, outcomes: Sequence[Outcome]) -> None:
        """`finish` for several deliveries in one statement (one trip to the database
        thread, atomic on its own). The outcomes travel as one JSON array; of two for one
        delivery the later counts, as it would have in a statement each."""
        if not outcomes:
            return
        latest = {
            o.outbox_id: [o.outbox_id, o.status, o.message_id, o.variant, o.error, o.at.isoformat()]
            for o in outcomes
        }
        await self._db.execute(
            """
            UPDATE outbox SET status = json_extract(o.value, '$[1]'),
                message_id = json_extract(o.value, '$[2]'),
                variant = json_extract(o.value, '$[3]'),
                error = json_extract(o.value, '$[4]'),
                finished_at = json_extract(o.value, '$[5]')
            FROM json_each(?) AS o
            WHERE outbox.outbox_id = json_extract(o.value, '$[0]')
            """,
            (json.dumps(list(latest.values())),),
        )

    async def drop_chat(self, chat_id: int, now: datetime, reason: str) -> None:
        """Nothing queued for this chat will go out (it blocked the bot, or was removed)."""
        await self._db.execute(
            """
            UPDATE outbox SET status = 'dropped', error = ?, finished_at = ?
            WHERE chat_id = ? AND status IN ('pending', 'snoozed')
            """,
            (reason, now.isoformat(), chat_id),
        )

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        await self._db.execute(
            "UPDATE OR IGNORE outbox SET chat_id = ? WHERE chat_id = ?",
            (new_chat_id, old_chat_id),
        )

    async def recover(self, now: datetime) -> int:
        """At start-up: requests cut off by a stop may have been delivered; never resend."""
        return await self._db.execute(
            """
            UPDATE outbox SET status = 'unknown', finished_at = ?,
                error = 'interrupted mid-request; not sent again'
            WHERE status = 'sending'
            """,
            (now.isoformat(),),
        )

    async def fire_now(self, chat_id: int, kind: str, local_date: date, due: datetime) -> None:
        """Queue a prompt now even if it already went out today (the sandbox's :morning)."""
        await self._db.execute(
            """
            INSERT INTO outbox (chat_id, kind, local_date, due_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (chat_id, kind, local_date, snoozed) DO UPDATE SET
                status = 'pending', due_at = excluded.due_at, attempts = 0, error = NULL
            """,
            (chat_id, kind, local_date.isoformat(), _ts(due)),
        )

    async def get(self, outbox_id: int) -> OutboxRow | None:
        row = await self._db.fetchone(
            "SELECT" + _OUTBOX_COLUMNS + "FROM outbox WHERE outbox_id = ?", (outbox_id,)
        )
        return _outbox(row) if row else None

    async def snooze(self, original: OutboxRow, due: datetime) -> OutboxRow:
        """The Later copy of a delivered prompt, due at `due`; made once, however often
        asked (a second press or a replayed update finds the first copy)."""
        async with self._db.transaction(effect=True) as conn:
            await conn.execute(
                """
                INSERT OR IGNORE INTO outbox (chat_id, kind, local_date, due_at, status, snoozed)
                VALUES (?, ?, ?, ?, 'snoozed', 1)
                """,
                (original.chat_id, original.kind, original.local_date.isoformat(), _ts(due)),
            )
            async with conn.execute(
                "SELECT" + _OUTBOX_COLUMNS + "FROM outbox "
                "WHERE chat_id = ? AND kind = ? AND local_date = ? AND snoozed = 1",
                (original.chat_id, original.kind, original.local_date.isoformat()),
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return _outbox(row)

    async def snoozed_copy(self, original: OutboxRow) -> OutboxRow | None:
        row = await self._db.fetchone(
            "SELECT" + _OUTBOX_COLUMNS + "FROM outbox "
            "WHERE chat_id = ? AND kind = ? AND local_date = ? AND snoozed = 1",
            (original.chat_id, original.kind, original.local_date.isoformat()),
        )
        return _outbox(row) if row else None

    async def wake_snoozed(self, now: datetime) -> int:
        """Later copies whose time has come join the queue (the tick calls this)."""
        return await self._db.execute(
            "UPDATE outbox SET status = 'pending' WHERE status = 'snoozed' AND due_at <= ?",
            (_ts(now),),
        )

    async def by_message(self, chat_id: int, message_id: int) -> OutboxRow | None:
        """The delivery that produced this bot message, if it was a prompt."""
        row = await self._db.fetchone(
            "SELECT" + _OUTBOX_COLUMNS + "FROM outbox WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return _outbox(row) if row else None

    async def for_chat(self, chat_id: int) -> list[OutboxRow]:
        rows = await self._db.fetchall(
            "SELECT" + _OUTBOX_COLUMNS + "FROM outbox WHERE chat_id = ? ORDER BY outbox_id",
            (chat_id,),
        )
        return [_outbox(r) for r in rows]

    async def status_counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, count(*) FROM outbox GROUP BY status")
        return {str(r[0]): int(r[1]) for r in rows}

    async def prune(self, before: datetime) -> int:
        """Forget finished deliveries due before `before`; the unique key only matters for
        dates a schedule can still produce."""
        return await self._db.execute(
            """
            DELETE FROM outbox WHERE due_at < ?
            AND status NOT IN ('pending', 'sending', 'snoozed')
            """,
            (_ts(before),),
        )


class Intentions:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(self, user_id: int, local_date: date, text: str) -> None:
        await self._db.execute(
            """
            INSERT INTO intentions (user_id, local_date, text) VALUES (?, ?, ?)
            ON CONFLICT (user_id, local_date) DO UPDATE SET text = excluded.text, done = 0
            """,
            (user_id, local_date.isoformat(), text),
        )

    async def get(self, user_id: int, local_date: date) -> Intention | None:
        row = await self._db.fetchone(
            "SELECT user_id, local_date, text, done FROM intentions "
            "WHERE user_id = ? AND local_date = ?",
            (user_id, local_date.isoformat()),
        )
        if row is None:
            return None
        return Intention(
            row["user_id"], date.fromisoformat(row["local_date"]), row["text"], bool(row["done"])
        )

    async def mark_done(self, user_id: int, local_date: date) -> bool:
        """True if it was open and is now done."""
        changed = await self._db.execute(
            "UPDATE intentions SET done = 1 WHERE user_id = ? AND local_date = ? AND done = 0",
            (user_id, local_date.isoformat()),
        )
        return changed == 1


class SharedReads(Database):
    """The database as the sender's renderers see it: the same connection, lock and facts,
    but plain reads waiting while the connection is busy share its next trip to the
    database thread. Anything else goes to the database itself.

    At 1,000 sends a second each prompt read its user, goals, check-offs and wins of the
    day in a trip each; a trip (a thread handoff both ways) cost more CPU than the read.
    A read still runs when its caller asks, after everything that caller wrote, so a
    prompt still says what is true when it is sent; it only waits for the trip before.
    `Store(SharedReads(store.db))` is the whole store with its reads shared.
    """

    def __init__(self, db: Database) -> None:
        # Not Database.__init__: the same connection, lock and facts, not new ones.
        self._db = db
        self._conn = db._conn
        self._lock = db._lock
        self.facts = db.facts

    async def fetchone(self, sql: str, params: Params = ()) -> Any:
        if not _reads_only(sql):
            return await self._db.fetchone(sql, params)
        return next(iter(await self._db.read_together(sql, params)), None)

    async def fetchall(self, sql: str, params: Params = ()) -> Any:
        if not _reads_only(sql):
            return await self._db.fetchall(sql, params)
        return await self._db.read_together(sql, params)

    async def fetch_together(self, sql: str, params: Params) -> list[sqlite3.Row]:
        return await self._db.fetch_together(sql, params)

    async def execute(self, sql: str, params: Params = ()) -> int:
        return await self._db.execute(sql, params)

    def transaction(self, *, effect: bool = False, keeps_facts: bool = False) -> Any:
        return self._db.transaction(effect=effect, keeps_facts=keeps_facts)

    def connection(self, *, keeps_facts: bool = False) -> Any:
        return self._db.connection(keeps_facts=keeps_facts)

    async def prompt_sent(self, user_id: int) -> None:
        """`Users.prompt_sent`, committed with the other writes waiting for the connection
        (`Database.fetch_together`): one commit for many prompts instead of one each."""
        try:
            await self._db.fetch_together(
                "UPDATE users SET prompts_unanswered = prompts_unanswered + 1 WHERE user_id = ?",
                (user_id,),
            )
        finally:
            self.facts.forget()  # a user row changed
