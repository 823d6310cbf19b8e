"""Pause history: which user-days a person had their nudges paused."""

from __future__ import annotations

from datetime import date, datetime

from storage.db import Database


class Pauses:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def start(
        self, user_id: int, first_day: date, last_day: date | None, until: datetime | None
    ) -> None:
        """A new pause from `first_day` to `last_day` (None: until /resume); nudges stop
        until `until`. A pause that was still running ends where the new one begins.

        The history (which days were paused) and the user's pause flag (what the schedule
        reads) change together, in one transaction: only this and `end` write either.
        """
        async with self._db.transaction(effect=True) as conn:
            await conn.execute(
                """
                UPDATE pauses SET last_day = max(first_day, ?)
                WHERE user_id = ? AND (last_day IS NULL OR last_day >= ?)
                """,
                (first_day.isoformat(), user_id, first_day.isoformat()),
            )
            await conn.execute(
                "INSERT INTO pauses (user_id, first_day, last_day) VALUES (?, ?, ?)",
                (user_id, first_day.isoformat(), last_day.isoformat() if last_day else None),
            )
            await conn.execute(
                "UPDATE users SET paused = 1, paused_until = ? WHERE user_id = ?",
                (until.isoformat() if until else None, user_id),
            )

    async def end(self, user_id: int, today: date) -> None:
        """/resume: any pause still running ends today (today stays excused), and the
        user's nudges are on again (one transaction, as in `start`)."""
        async with self._db.transaction(effect=True) as conn:
            await conn.execute(
                """
                UPDATE pauses SET last_day = max(first_day, ?)
                WHERE user_id = ? AND (last_day IS NULL OR last_day > ?)
                """,
                (today.isoformat(), user_id, today.isoformat()),
            )
            await conn.execute(
                "UPDATE users SET paused = 0, paused_until = NULL WHERE user_id = ?", (user_id,)
            )

    async def spans(self, user_id: int) -> list[tuple[date, date | None]]:
        rows = await self._db.fetchall(
            "SELECT first_day, last_day FROM pauses WHERE user_id = ? ORDER BY first_day",
            (user_id,),
        )
        return [
            (date.fromisoformat(r[0]), date.fromisoformat(r[1]) if r[1] else None) for r in rows
        ]
