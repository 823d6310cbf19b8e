"""Questions the bot asked and waits for: which chat, which message, until when."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from storage.db import Database
from storage.models import Question

_COLUMNS = """
    question_id, chat_id, user_id, kind, message_id, payload, asked_at, expires_at
"""
# A reply to a question's message answers it for this long; older rows are pruned.
KEEP_FOR = timedelta(days=7)


def _question(row: Any) -> Question:
    return Question(
        question_id=row["question_id"],
        chat_id=row["chat_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        message_id=row["message_id"],
        payload=row["payload"],
        asked_at=datetime.fromisoformat(row["asked_at"]),
        expires_at=datetime.fromisoformat(row["expires_at"]),
    )


class Questions:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def ask(
        self,
        chat_id: int,
        user_id: int,
        kind: str,
        message_id: int,
        payload: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        """Record a new question; whatever was still open in the chat is open no longer."""
        # Only this chat's questions change (nothing triggers on them): the rest of what
        # storage/facts.py keeps stays true, and this chat's is known from here.
        facts = self._db.facts
        async with self._db.transaction(keeps_facts=True) as conn:
            await conn.execute(
                """
                UPDATE questions SET expires_at = :now
                WHERE chat_id = :chat_id AND expires_at > :now
                """,
                {"chat_id": chat_id, "now": now.isoformat()},
            )
            await conn.execute(
                "DELETE FROM questions WHERE chat_id = ? AND asked_at < ?",
                (chat_id, (now - KEEP_FOR).isoformat()),
            )
            rows = await conn.execute_fetchall(
                """
                INSERT INTO questions (chat_id, user_id, kind, message_id, payload, asked_at,
                                       expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (chat_id, message_id) DO UPDATE SET
                    kind = excluded.kind, payload = excluded.payload,
                    asked_at = excluded.asked_at, expires_at = excluded.expires_at
                RETURNING question_id, chat_id, user_id, kind, message_id, payload, asked_at,
                          expires_at
                """,
                (
                    chat_id,
                    user_id,
                    kind,
                    message_id,
                    payload,
                    now.isoformat(),
                    expires_at.isoformat(),
                ),
            )
        facts.forget_chat(chat_id)
        (asked,) = [_question(row) for row in rows]
        # The chat's only open question now (the others were closed at `now`).
        still_open = (asked,) if asked.expires_at > now else ()
        facts.keep_open_questions(chat_id, now, still_open, facts.generation)
        facts.keep_ever_asked(chat_id, kind, True, facts.generation)

    async def open_or_replied(
        self, chat_id: int, reply_to: int | None, now: datetime
    ) -> tuple[Question | None, Question | None]:
        """The question still open in the chat, and the one `reply_to` asked (if any)."""
        if reply_to is None:
            return await self._open(chat_id, now), None
        rows = await self._db.fetchall(
            "SELECT"
            + _COLUMNS
            + """
            FROM questions
            WHERE chat_id = :chat_id AND (expires_at > :now OR message_id = :reply_to)
            ORDER BY asked_at DESC, question_id DESC
            """,
            {"chat_id": chat_id, "now": now.isoformat(), "reply_to": reply_to},
        )
        found = [_question(row) for row in rows]
        live = next((q for q in found if q.expires_at > now), None)
        replied = next((q for q in found if q.message_id == reply_to), None)
        return live, replied

    async def _open(self, chat_id: int, now: datetime) -> Question | None:
        """The newest question open in the chat (mostly from memory, see storage/facts.py)."""
        facts = self._db.facts
        known = facts.open_questions(chat_id, now)
        if known is None:
            generation = facts.generation
            rows = await self._db.fetchall(
                "SELECT"
                + _COLUMNS
                + """
                FROM questions WHERE chat_id = ? AND expires_at > ?
                ORDER BY asked_at DESC, question_id DESC
                """,
                (chat_id, now.isoformat()),
            )
            known = tuple(_question(row) for row in rows)
            facts.keep_open_questions(chat_id, now, known, generation)
        return known[0] if known else None

    async def close_before(self, chat_id: int, message_id: int, now: datetime) -> None:
        """A message (a command) arrived: questions asked before it are open no longer."""
        await self._db.execute(
            """
            UPDATE questions SET expires_at = :now
            WHERE chat_id = :chat_id AND message_id < :message_id AND expires_at > :now
            """,
            {"chat_id": chat_id, "message_id": message_id, "now": now.isoformat()},
        )

    async def close(self, chat_id: int, now: datetime) -> None:
        """Whatever was open in the chat is settled (a reply to it still answers it)."""
        await self._db.execute(
            "UPDATE questions SET expires_at = ? WHERE chat_id = ? AND expires_at > ?",
            (now.isoformat(), chat_id, now.isoformat()),
        )

    async def close_one(self, question_id: int, now: datetime) -> None:
        """One question is settled: typed text no longer answers it, a reply to it still does."""
        await self._db.execute(
            "UPDATE questions SET expires_at = ? WHERE question_id = ? AND expires_at > ?",
            (now.isoformat(), question_id, now.isoformat()),
        )

    async def answered(self, question_id: int) -> None:
        await self._db.execute("DELETE FROM questions WHERE question_id = ?", (question_id,))

    async def ever_asked(self, chat_id: int, kind: str) -> bool:
        facts = self._db.facts
        known = facts.ever_asked(chat_id, kind)
        if known is not None:
            return known
        generation = facts.generation
        row = await self._db.fetchone(
            "SELECT 1 FROM questions WHERE chat_id = ? AND kind = ? LIMIT 1", (chat_id, kind)
        )
        facts.keep_ever_asked(chat_id, kind, row is not None, generation)
        return row is not None

    async def for_chat(self, chat_id: int) -> list[Question]:
        rows = await self._db.fetchall(
            "SELECT" + _COLUMNS + "FROM questions WHERE chat_id = ? ORDER BY question_id",
            (chat_id,),
        )
        return [_question(row) for row in rows]
