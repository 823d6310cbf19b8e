"""The only place that talks to the database."""

from __future__ import annotations

from pathlib import Path

from storage.buddies import Buddies
from storage.db import Database
from storage.goals import Goals
from storage.groups import Groups
from storage.nudges import Intentions, Outbox, Schedules
from storage.pauses import Pauses
from storage.questions import Questions
from storage.searches import Searches
from storage.users import Users
from storage.wins import Wins


class Store:
    """The database and one repository per table family."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = Users(db)
        self.wins = Wins(db)
        self.goals = Goals(db)
        self.groups = Groups(db)
        self.buddies = Buddies(db)
        self.schedules = Schedules(db)
        self.outbox = Outbox(db)
        self.intentions = Intentions(db)
        self.pauses = Pauses(db)
        self.questions = Questions(db)
        self.searches = Searches(db)

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        return cls(await Database.open(path))

    async def highest_message_id(self) -> int:
        """The largest Telegram message id stored (0 if none): the sandbox starts above it."""
        row = await self.db.fetchone(
            """
            SELECT max(coalesce((SELECT max(message_id) FROM wins), 0),
                       coalesce((SELECT max(message_id) FROM outbox), 0))
            """
        )
        return int(row[0]) if row else 0

    async def close(self) -> None:
        await self.db.close()


__all__ = ["Database", "Store"]
