"""Micro-goals: the goals, their check-offs and planned rests, and the notes kept with them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from storage.db import Database
from storage.models import Goal, GoalDay, GoalNote

__all__ = ["Goal", "GoalDay", "GoalNote", "Goals"]

_GOAL_COLUMNS = """
    goal_id, user_id, text, start_date, days, status, shrink_offered_on, created_at, ended_at
"""


def _goal(row: Any) -> Goal:
    return Goal(
        goal_id=row["goal_id"],
        user_id=row["user_id"],
        text=row["text"],
        start=date.fromisoformat(row["start_date"]),
        days=row["days"],
        status=row["status"],
        shrink_offered_on=(
            date.fromisoformat(row["shrink_offered_on"]) if row["shrink_offered_on"] else None
        ),
        created_at=datetime.fromisoformat(row["created_at"]),
        ended_at=datetime.fromisoformat(row["ended_at"]) if row["ended_at"] else None,
    )


def _day(row: Any) -> GoalDay:
    return GoalDay(
        goal_id=row["goal_id"],
        local_date=date.fromisoformat(row["local_date"]),
        kind=row["kind"],
        win_id=row["win_id"],
    )


def _note(row: Any) -> GoalNote:
    return GoalNote(
        note_id=row["note_id"],
        goal_id=row["goal_id"],
        kind=row["kind"],
        text=row["text"],
        local_date=date.fromisoformat(row["local_date"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )


class _Refused(Exception):
    def __init__(self, running: int) -> None:
        super().__init__(running)
        self.running = running


class Goals:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, user_id: int, text: str, days: int, start: date, now: datetime) -> Goal:
        async with self._db.transaction(effect=True) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO goals (user_id, text, start_date, days, created_at)
                VALUES (?, ?, ?, ?, ?)
                """,
                (user_id, text, start.isoformat(), days, now.isoformat()),
            )
            goal_id = cursor.lastrowid
        assert goal_id is not None
        return Goal(goal_id, user_id, text, start, days, "active", None, now, None)

    async def start(
        self,
        user_id: int,
        text: str,
        days: int,
        today: date,
        now: datetime,
        *,
        finished: Callable[[Goal], bool],
        may_start: Callable[[int], bool],
    ) -> tuple[Goal | None, int]:
        """/goal: the active goals `finished` says are over end as finished, then the new
        goal starts if `may_start(how many still run)`. Returns the goal (None: refused)
        and how many were running beside it. One transaction, so two /goal at once cannot
        pass the limit together."""
        try:
            async with self._db.transaction(effect=True) as conn:
                rows = await conn.execute_fetchall(
                    "SELECT" + _GOAL_COLUMNS + "FROM goals WHERE user_id = ? AND status = 'active' "
                    "ORDER BY goal_id",
                    (user_id,),
                )
                running = 0
                ended = False
                for goal in map(_goal, rows):
                    if not finished(goal):
                        running += 1
                        continue
                    ended = True
                    await conn.execute(
                        "UPDATE goals SET status = 'finished', ended_at = ? WHERE goal_id = ?",
                        (now.isoformat(), goal.goal_id),
                    )
                if not may_start(running):
                    if ended:
                        return None, running  # the finished ones stay finished
                    raise _Refused(running)  # nothing changed: nothing to record
                cursor = await conn.execute(
                    """
                    INSERT INTO goals (user_id, text, start_date, days, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                    (user_id, text, today.isoformat(), days, now.isoformat()),
                )
                goal_id = cursor.lastrowid
        except _Refused as refused:
            return None, refused.running
        assert goal_id is not None
        return Goal(goal_id, user_id, text, today, days, "active", None, now, None), running

    async def active(self, user_id: int) -> list[Goal]:
        """The user's active goals, oldest first (their /goals numbers follow this order)."""
        rows = await self._db.fetchall(
            "SELECT" + _GOAL_COLUMNS + "FROM goals WHERE user_id = ? AND status = 'active' "
            "ORDER BY goal_id",
            (user_id,),
        )
        return [_goal(r) for r in rows]

    async def get(self, user_id: int, goal_id: int) -> Goal | None:
        """The goal if it belongs to `user_id` (None for someone else's or a deleted one)."""
        row = await self._db.fetchone(
            "SELECT" + _GOAL_COLUMNS + "FROM goals WHERE goal_id = ? AND user_id = ?",
            (goal_id, user_id),
        )
        return _goal(row) if row else None

    async def all_for(self, user_id: int) -> list[Goal]:
        rows = await self._db.fetchall(
            "SELECT" + _GOAL_COLUMNS + "FROM goals WHERE user_id = ? ORDER BY goal_id",
            (user_id,),
        )
        return [_goal(r) for r in rows]

    async def days_for(self, user_id: int) -> list[GoalDay]:
        """Every check-off and planned rest of the user's goals, oldest first."""
        rows = await self._db.fetchall(
            """
            SELECT goal_id, local_date, kind, win_id FROM goal_days
            WHERE user_id = ? ORDER BY local_date, goal_id
            """,
            (user_id,),
        )
        return [_day(r) for r in rows]

    async def done_on(self, user_id: int, local_date: date) -> set[int]:
        """Ids of the user's goals checked off on that user day."""
        rows = await self._db.fetchall(
            """
            SELECT goal_id FROM goal_days
            WHERE user_id = ? AND local_date = ? AND kind = 'done'
            """,
            (user_id, local_date.isoformat()),
        )
        return {int(r[0]) for r in rows}

    async def kinds_on(self, user_id: int, local_date: date) -> dict[int, str]:
        """What each of the user's goals has on that user day: 'done' or 'skip' (a rest)."""
        rows = await self._db.fetchall(
            "SELECT goal_id, kind FROM goal_days WHERE user_id = ? AND local_date = ?",
            (user_id, local_date.isoformat()),
        )
        return {int(r["goal_id"]): str(r["kind"]) for r in rows}

    async def check_off(
        self, goal: Goal, local_date: date, *, chat_id: int | None, now: datetime
    ) -> tuple[bool, int]:
        """Mark the goal done that day and drop a marble in the jar, in one transaction.

        Returns (False, jar total) when it was already done that day (nothing changes).
        A planned rest that day turns into a check-off. The marble has no message key:
        the goal_days row keeps it once, and several goals may be checked off under one
        message.
        """
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT kind FROM goal_days WHERE goal_id = ? AND local_date = ?",
                (goal.goal_id, local_date.isoformat()),
            ) as cur:
                existing = await cur.fetchone()
            added = existing is None or existing["kind"] != "done"
            if added:
                cursor = await conn.execute(
                    """
                    INSERT INTO wins (user_id, local_date, text, tags, chat_id, created_at)
                    VALUES (?, ?, ?, '', ?, ?)
                    """,
                    (goal.user_id, local_date.isoformat(), goal.text, chat_id, now.isoformat()),
                )
                await conn.execute(
                    """
                    INSERT INTO goal_days (goal_id, user_id, local_date, kind, win_id, created_at)
                    VALUES (?, ?, ?, 'done', ?, ?)
                    ON CONFLICT (goal_id, local_date)
                    DO UPDATE SET kind = 'done', win_id = excluded.win_id
                    """,
                    (
                        goal.goal_id,
                        goal.user_id,
                        local_date.isoformat(),
                        cursor.lastrowid,
                        now.isoformat(),
                    ),
                )
            async with conn.execute(
                "SELECT count(*) FROM wins WHERE user_id = ?", (goal.user_id,)
            ) as cur:
                row = await cur.fetchone()
        return added, int(row[0]) if row else 0

    async def uncheck(self, goal: Goal, local_date: date) -> tuple[bool, int]:
        """Take back that day's check-off and its marble; returns (False if there was no
        check-off, the jar total)."""
        async with self._db.transaction() as conn:
            taken = await conn.execute_fetchall(
                """
                DELETE FROM goal_days WHERE goal_id = ? AND local_date = ? AND kind = 'done'
                RETURNING win_id
                """,
                (goal.goal_id, local_date.isoformat()),
            )
            for (win_id,) in taken:
                if win_id is not None:
                    await conn.execute("DELETE FROM wins WHERE win_id = ?", (win_id,))
            async with conn.execute(
                "SELECT count(*) FROM wins WHERE user_id = ?", (goal.user_id,)
            ) as cur:
                row = await cur.fetchone()
        return bool(taken), int(row[0]) if row else 0

    async def rest(self, goal: Goal, days: Iterable[date], now: datetime) -> int:
        """Planned rests on `days` (days already checked off stay done); returns how many new."""
        added = 0
        async with self._db.transaction() as conn:
            for day in days:
                cursor = await conn.execute(
                    """
                    INSERT INTO goal_days (goal_id, user_id, local_date, kind, created_at)
                    VALUES (?, ?, ?, 'skip', ?)
                    ON CONFLICT (goal_id, local_date) DO NOTHING
                    """,
                    (goal.goal_id, goal.user_id, day.isoformat(), now.isoformat()),
                )
                added += cursor.rowcount
        return added

    async def day_kind(self, goal: Goal, local_date: date) -> str | None:
        row = await self._db.fetchone(
            "SELECT kind FROM goal_days WHERE goal_id = ? AND local_date = ?",
            (goal.goal_id, local_date.isoformat()),
        )
        return str(row[0]) if row else None

    async def shrink(self, goal: Goal, smaller: str, local_date: date, now: datetime) -> None:
        """New wording, same history; the old wording is kept as a 'shrunk' note."""
        async with self._db.transaction(effect=True) as conn:
            await conn.execute(
                "UPDATE goals SET text = ? WHERE goal_id = ? AND user_id = ?",
                (smaller, goal.goal_id, goal.user_id),
            )
            await conn.execute(
                """
                INSERT INTO goal_notes (goal_id, user_id, kind, text, local_date, created_at)
                VALUES (?, ?, 'shrunk', ?, ?, ?)
                """,
                (goal.goal_id, goal.user_id, goal.text, local_date.isoformat(), now.isoformat()),
            )

    async def extend(self, goal: Goal, days: int, local_date: date, now: datetime) -> None:
        async with self._db.transaction(effect=True) as conn:
            await conn.execute(
                "UPDATE goals SET days = ?, status = 'active', ended_at = NULL "
                "WHERE goal_id = ? AND user_id = ?",
                (days, goal.goal_id, goal.user_id),
            )
            await conn.execute(
                """
                INSERT INTO goal_notes (goal_id, user_id, kind, text, local_date, created_at)
                VALUES (?, ?, 'extended', ?, ?, ?)
                """,
                (
                    goal.goal_id,
                    goal.user_id,
                    f"{goal.days} -> {days} days",
                    local_date.isoformat(),
                    now.isoformat(),
                ),
            )

    async def end(self, goal: Goal, status: str, now: datetime) -> None:
        """Finish or drop a goal; its history stays."""
        if status not in ("finished", "dropped"):
            raise ValueError(status)
        await self._db.execute(
            "UPDATE goals SET status = ?, ended_at = ? WHERE goal_id = ? AND user_id = ?",
            (status, now.isoformat(), goal.goal_id, goal.user_id),
        )

    async def mark_offered(self, goal: Goal, local_date: date) -> None:
        await self._db.execute(
            "UPDATE goals SET shrink_offered_on = ? WHERE goal_id = ? AND user_id = ?",
            (local_date.isoformat(), goal.goal_id, goal.user_id),
        )

    async def add_note(
        self, goal: Goal, kind: str, text: str, local_date: date, now: datetime
    ) -> None:
        await self._db.execute(
            """
            INSERT INTO goal_notes (goal_id, user_id, kind, text, local_date, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            (goal.goal_id, goal.user_id, kind, text, local_date.isoformat(), now.isoformat()),
        )

    async def notes_for(self, user_id: int) -> list[GoalNote]:
        rows = await self._db.fetchall(
            """
            SELECT note_id, goal_id, kind, text, local_date, created_at FROM goal_notes
            WHERE user_id = ? ORDER BY note_id
            """,
            (user_id,),
        )
        return [_note(r) for r in rows]
