"""/find searches, kept so their « » buttons can name them by id."""

from __future__ import annotations

from datetime import datetime

from storage.db import Database


class Searches:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, user_id: int, query: str, now: datetime) -> int:
        row = await self._db.fetchone(
            "INSERT INTO searches (user_id, query, created_at) VALUES (?, ?, ?) "
            "RETURNING search_id",
            (user_id, query, now.isoformat()),
        )
        assert row is not None
        return int(row[0])

    async def get(self, user_id: int, search_id: int) -> str | None:
        """The query of one of the user's searches (None if it is not theirs or gone)."""
        row = await self._db.fetchone(
            "SELECT query FROM searches WHERE search_id = ? AND user_id = ?",
            (search_id, user_id),
        )
        return str(row["query"]) if row else None
