"""Wins: the marbles in each user's jar."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from storage.db import Database
from storage.models import NewWin, Win

_WIN_COLUMNS = """
    win_id, user_id, local_date, text, tags, chat_id, message_id, photo_file_id, created_at
"""


def _win(row: Any) -> Win:
    return Win(
        win_id=row["win_id"],
        user_id=row["user_id"],
        local_date=date.fromisoformat(row["local_date"]),
        text=row["text"],
        tags=tuple(row["tags"].split()) if row["tags"] else (),
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        photo_file_id=row["photo_file_id"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


# The subquery sees the new row, so the jar total comes back in the same trip to the
# database thread (tests on the marble numbers guard this).
_INSERT_WIN = """
    INSERT INTO wins (user_id, local_date, text, tags, chat_id, source_chat_id, message_id,
                      photo_file_id, created_at, position)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING
    RETURNING win_id, (SELECT count(*) FROM wins WHERE user_id = ?)
"""


_DELETE_ONE = """
    DELETE FROM wins WHERE win_id = ? AND user_id = ?
    RETURNING win_id, user_id, local_date, text, tags, chat_id, message_id, photo_file_id,
              created_at
"""
_SET_TEXT = """
    UPDATE wins SET text = ?, tags = ? WHERE win_id = ? AND user_id = ?
    RETURNING win_id, user_id, local_date, text, tags, chat_id, message_id, photo_file_id,
              created_at
"""
# Every word (a LIKE pattern, from a JSON array) in the casefolded text, every tag among
# the tags: one fixed statement, whatever the number of words.
_SEARCH_MATCHES = """
    FROM wins
    WHERE user_id = :user
      AND NOT EXISTS (SELECT 1 FROM json_each(:patterns)
                      WHERE casefold(wins.text) NOT LIKE json_each.value ESCAPE '\\')
      AND NOT EXISTS (SELECT 1 FROM json_each(:tags)
                      WHERE instr(' ' || wins.tags || ' ', ' ' || json_each.value || ' ') = 0)
"""
_SEARCH_COUNT = "SELECT count(*)" + _SEARCH_MATCHES
_SEARCH_PAGE = (
    "SELECT"
    + _WIN_COLUMNS
    + _SEARCH_MATCHES
    + "ORDER BY local_date DESC, win_id DESC LIMIT :limit OFFSET :offset"
)


class Wins:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        user_id: int,
        local_date: date,
        wins: Sequence[NewWin],
        *,
        chat_id: int | None,
        message_id: int | None,
        now: datetime,
    ) -> tuple[list[Win], int]:
        """Store the wins of one message; returns them and the jar total.

        Idempotent per message: if Telegram delivers the message again (after a restart),
        the unique (source chat, message, position) index skips the inserts and the wins
        already stored are returned. The source chat is the chat the message id belongs to;
        unlike `chat_id` it stays when a group moves to a supergroup.
        """
        source_chat_id = chat_id if message_id is not None else None
        values = [
            (
                user_id,
                local_date.isoformat(),
                win.text,
                " ".join(win.tags),
                chat_id,
                source_chat_id,
                message_id,
                win.photo_file_id,
                now.isoformat(),
                position,
                user_id,
            )
            for position, win in enumerate(wins)
        ]
        # One statement is atomic on its own (and shares its trip to the database thread
        # with the wins of other chats arriving meanwhile); several need a transaction.
        # (The message key already makes a replay harmless: the update id is not recorded
        # here, which keeps the hot path at one trip.) Wins touch neither users nor
        # questions: what storage/facts.py keeps stays true.
        inserted: list[Any] = []
        if len(values) == 1:
            inserted.extend(await self._db.fetch_together(_INSERT_WIN, values[0]))
        else:
            async with self._db.transaction(keeps_facts=True) as conn:
                for row_values in values:
                    inserted.extend(await conn.execute_fetchall(_INSERT_WIN, row_values))
        self._db.effect_stored()
        if len(inserted) < len(wins) and chat_id is not None and message_id is not None:
            existing = await self.from_message(user_id, chat_id, message_id)
            return existing, await self.count(user_id)
        stored = [
            Win(
                win_id=int(row[0]),
                user_id=user_id,
                local_date=local_date,
                text=win.text,
                tags=win.tags,
                chat_id=chat_id,
                message_id=message_id,
                photo_file_id=win.photo_file_id,
                created_at=now,
            )
            for row, win in zip(inserted, wins, strict=True)
        ]
        return stored, int(inserted[-1][1]) if inserted else await self.count(user_id)

    async def count(self, user_id: int) -> int:
        row = await self._db.fetchone("SELECT count(*) FROM wins WHERE user_id = ?", (user_id,))
        return int(row[0]) if row else 0

    async def on_day(self, user_id: int, local_date: date) -> list[Win]:
        rows = await self._db.fetchall(
            "SELECT" + _WIN_COLUMNS + "FROM wins WHERE user_id = ? AND local_date = ? "
            "ORDER BY win_id",
            (user_id, local_date.isoformat()),
        )
        return [_win(r) for r in rows]

    async def between(self, user_id: int, first: date, last: date) -> list[Win]:
        """Wins on the user-days first..last inclusive, oldest first."""
        rows = await self._db.fetchall(
            "SELECT" + _WIN_COLUMNS + "FROM wins WHERE user_id = ? "
            "AND local_date BETWEEN ? AND ? ORDER BY local_date, win_id",
            (user_id, first.isoformat(), last.isoformat()),
        )
        return [_win(r) for r in rows]

    async def all_for(self, user_id: int) -> list[Win]:
        rows = await self._db.fetchall(
            "SELECT" + _WIN_COLUMNS + "FROM wins WHERE user_id = ? ORDER BY win_id", (user_id,)
        )
        return [_win(r) for r in rows]

    async def from_message(self, user_id: int, chat_id: int, message_id: int) -> list[Win]:
        """The wins logged by message `message_id` of chat `chat_id`."""
        rows = await self._db.fetchall(
            "SELECT" + _WIN_COLUMNS + "FROM wins WHERE source_chat_id = ? AND message_id = ? "
            "AND user_id = ? ORDER BY win_id",
            (chat_id, message_id, user_id),
        )
        return [_win(r) for r in rows]

    async def author_of(self, chat_id: int, message_id: int) -> int | None:
        """Who logged the wins of one message (None if it holds none)."""
        row = await self._db.fetchone(
            "SELECT user_id FROM wins WHERE chat_id = ? AND message_id = ? LIMIT 1",
            (chat_id, message_id),
        )
        return int(row["user_id"]) if row else None

    async def delete_last_on_day(self, user_id: int, local_date: date) -> tuple[Win | None, int]:
        """Remove the newest win of that day; returns it (or None) and the new jar total."""
        async with self._db.transaction(effect=True) as conn:
            async with conn.execute(
                "SELECT" + _WIN_COLUMNS + "FROM wins WHERE user_id = ? AND local_date = ? "
                "ORDER BY win_id DESC LIMIT 1",
                (user_id, local_date.isoformat()),
            ) as cur:
                row = await cur.fetchone()
            if row is not None:
                await conn.execute("DELETE FROM wins WHERE win_id = ?", (row["win_id"],))
            async with conn.execute(
                "SELECT count(*) FROM wins WHERE user_id = ?", (user_id,)
            ) as cur:
                total = await cur.fetchone()
        return (_win(row) if row else None), int(total[0]) if total else 0

    async def delete_from_message(
        self, user_id: int, chat_id: int, message_id: int
    ) -> tuple[list[str], int]:
        """Remove the wins logged by one message; returns their texts and the new jar total."""
        async with self._db.transaction() as conn:
            removed = await conn.execute_fetchall(
                """
                DELETE FROM wins WHERE source_chat_id = ? AND message_id = ? AND user_id = ?
                RETURNING position, text
                """,
                (chat_id, message_id, user_id),
            )
            async with conn.execute(
                "SELECT count(*) FROM wins WHERE user_id = ?", (user_id,)
            ) as cur:
                total = await cur.fetchone()
        ordered = sorted((int(row[0]), str(row[1])) for row in removed)
        return [text for _, text in ordered], int(total[0]) if total else 0

    async def replace_from_message(
        self, user_id: int, chat_id: int, message_id: int, wins: Sequence[NewWin]
    ) -> list[Win]:
        """An edited message: its wins become `wins`, keeping their day and time logged.

        Existing rows are updated in place (so ids stay stable); extra lines are added and
        lines that disappeared are removed.
        """
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT" + _WIN_COLUMNS + "FROM wins WHERE source_chat_id = ? AND message_id = ? "
                "AND user_id = ? ORDER BY win_id",
                (chat_id, message_id, user_id),
            ) as cur:
                old = [_win(r) for r in await cur.fetchall()]
            if not old:
                return []
            first = old[0]
            for previous, new in zip(old, wins, strict=False):
                await conn.execute(
                    "UPDATE wins SET text = ?, tags = ?, photo_file_id = ? WHERE win_id = ?",
                    (new.text, " ".join(new.tags), new.photo_file_id, previous.win_id),
                )
            for extra in old[len(wins) :]:
                await conn.execute("DELETE FROM wins WHERE win_id = ?", (extra.win_id,))
            async with conn.execute(
                """
                SELECT coalesce(max(position), -1) FROM wins
                WHERE source_chat_id = ? AND message_id = ?
                """,
                (chat_id, message_id),
            ) as cur:
                row = await cur.fetchone()
            next_position = int(row[0]) + 1 if row else 0
            for offset, new in enumerate(wins[len(old) :]):
                await conn.execute(
                    """
                    INSERT INTO wins (user_id, local_date, text, tags, chat_id, source_chat_id,
                                      message_id, photo_file_id, created_at, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (
                        user_id,
                        first.local_date.isoformat(),
                        new.text,
                        " ".join(new.tags),
                        first.chat_id,
                        chat_id,
                        message_id,
                        new.photo_file_id,
                        first.created_at.isoformat(),
                        next_position + offset,
                    ),
                )
            async with conn.execute(
                "SELECT" + _WIN_COLUMNS + "FROM wins WHERE source_chat_id = ? AND message_id = ? "
                "AND user_id = ? ORDER BY win_id",
                (chat_id, message_id, user_id),
            ) as cur:
                return [_win(r) for r in await cur.fetchall()]

    async def move_message_to_day(
        self, user_id: int, chat_id: int, message_id: int, local_date: date
    ) -> list[Win]:
        """The wins of one message now count for `local_date` (a no-op when they already
        do); returns them."""
        async with self._db.transaction(effect=True) as conn:
            await conn.execute(
                """
                UPDATE wins SET local_date = ?
                WHERE source_chat_id = ? AND message_id = ? AND user_id = ?
                """,
                (local_date.isoformat(), chat_id, message_id, user_id),
            )
        return await self.from_message(user_id, chat_id, message_id)

    async def random_before(self, user_id: int, before: date) -> Win | None:
        """One of the user's wins from a day before `before`, picked at random."""
        row = await self._db.fetchone(
            "SELECT" + _WIN_COLUMNS + "FROM wins WHERE user_id = ? AND local_date < ? "
            "ORDER BY random() LIMIT 1",
            (user_id, before.isoformat()),
        )
        return _win(row) if row else None

    async def any_before(self, user_id: int, before: date) -> bool:
        row = await self._db.fetchone(
            "SELECT 1 FROM wins WHERE user_id = ? AND local_date < ? LIMIT 1",
            (user_id, before.isoformat()),
        )
        return row is not None

    # --- looking back: /history, /find, /tags -------------------------------------------

    async def get(self, user_id: int, win_id: int) -> Win | None:
        row = await self._db.fetchone(
            "SELECT" + _WIN_COLUMNS + "FROM wins WHERE win_id = ? AND user_id = ?",
            (win_id, user_id),
        )
        return _win(row) if row else None

    async def newest_day(self, user_id: int) -> date | None:
        """The latest user-day with a win (None for an empty jar)."""
        row = await self._db.fetchone(
            "SELECT max(local_date) FROM wins WHERE user_id = ?", (user_id,)
        )
        return date.fromisoformat(row[0]) if row and row[0] else None

    async def latest_before(self, user_id: int, day: date) -> date | None:
        """The latest user-day with a win before `day`."""
        row = await self._db.fetchone(
            "SELECT max(local_date) FROM wins WHERE user_id = ? AND local_date < ?",
            (user_id, day.isoformat()),
        )
        return date.fromisoformat(row[0]) if row and row[0] else None

    async def earliest_after(self, user_id: int, day: date) -> date | None:
        """The earliest user-day with a win after `day`."""
        row = await self._db.fetchone(
            "SELECT min(local_date) FROM wins WHERE user_id = ? AND local_date > ?",
            (user_id, day.isoformat()),
        )
        return date.fromisoformat(row[0]) if row and row[0] else None

    async def delete_one(self, user_id: int, win_id: int) -> tuple[Win | None, int]:
        """Take one win out of the jar (a check-off's goal day goes with it, by trigger);
        returns it (None if it was gone already) and the new jar total."""
        async with self._db.transaction(effect=True) as conn:
            rows = await conn.execute_fetchall(_DELETE_ONE, (win_id, user_id))
            async with conn.execute(
                "SELECT count(*) FROM wins WHERE user_id = ?", (user_id,)
            ) as cur:
                total = await cur.fetchone()
        removed = [_win(r) for r in rows]
        return (removed[0] if removed else None), int(total[0]) if total else 0

    async def set_text(
        self, user_id: int, win_id: int, text: str, tags: Sequence[str]
    ) -> Win | None:
        """A win's new words (its day, time and photo stay); None if it is gone."""
        async with self._db.transaction(effect=True) as conn:
            rows = await conn.execute_fetchall(_SET_TEXT, (text, " ".join(tags), win_id, user_id))
        found = [_win(r) for r in rows]
        return found[0] if found else None

    async def search(
        self,
        user_id: int,
        patterns: Sequence[str],
        tags: Sequence[str],
        *,
        limit: int,
        offset: int,
    ) -> tuple[list[Win], int]:
        """Wins whose text matches every LIKE pattern (casefolded, ESCAPE '\\') and that
        carry every tag: one page, newest first, and how many match in all."""
        params = {
            "user": user_id,
            "patterns": json.dumps(list(patterns)),
            "tags": json.dumps(list(tags)),
            "limit": limit,
            "offset": offset,
        }
        total = await self._db.fetchone(_SEARCH_COUNT, params)
        rows = await self._db.fetchall(_SEARCH_PAGE, params)
        return [_win(r) for r in rows], int(total[0]) if total else 0

    async def tag_lists(self, user_id: int) -> list[tuple[str, ...]]:
        """The tags of each of the user's tagged wins."""
        rows = await self._db.fetchall(
            "SELECT tags FROM wins WHERE user_id = ? AND tags != ''", (user_id,)
        )
        return [tuple(str(r["tags"]).split()) for r in rows]
