"""Pause history: which user-days a person had their nudges paused."""

from __future__ import annotations

from datetime import date

from storage.db import Database


class Pauses:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def start(self, user_id: int, first_day: date, last_day: date | None) -> None:
        """A new pause from `first_day`; `last_day` None means until /resume. A pause that
        was still running ends where the new one begins."""
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

    async def end(self, user_id: int, today: date) -> None:
        """/resume: any pause still running ends today (today stays excused)."""
        await self._db.execute(
            """
            UPDATE pauses SET last_day = max(first_day, ?)
            WHERE user_id = ? AND (last_day IS NULL OR last_day > ?)
            """,
            (today.isoformat(), user_id, today.isoformat()),
        )

    async def spans(self, user_id: int) -> list[tuple[date, date | None]]:
        rows = await self._db.fetchall(
            "SELECT first_day, last_day FROM pauses WHERE user_id = ? ORDER BY first_day",
            (user_id,),
        )
        return [
            (date.fromisoformat(r[0]), date.fromisoformat(r[1]) if r[1] else None) for r in rows
        ]
