"""Rows read on every message (the sender's user row, the questions open in a chat), kept
in memory so that a win costs one trip to the database thread instead of four.

The bot is one process by design, and only it writes its database: a row read here stays
true until this process writes. Every write through `storage.db.Database` forgets all of
them (writes are rare next to reads, and a trigger or a cascade can change rows far from
the table written: a prompt delivered closes the chat's questions, /forget deletes them),
except writes that say what they change: a win stored and the readiness heartbeat touch
neither table; a first contact changes only that user, a question asked only its chat
(neither table has a trigger on insert or update, nor a cascade from them), and both
keep what they wrote. A read that
raced a write is not kept (the generation moved on meanwhile).
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from storage.models import Question, User

# Entries kept before the oldest are dropped: a bound on memory, not a tuning knob (the
# hot path only needs the chats writing right now).
LIMIT = 10_000

K = TypeVar("K")
V = TypeVar("V")


class Facts:
    """What the database said about users and questions since the last write."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._limit = limit
        self.generation = 0
        self._users: dict[int, User] = {}
        # chat id -> (when read, the questions open then, newest first)
        self._open: dict[int, tuple[datetime, tuple[Question, ...]]] = {}
        # chat id -> {question kind: ever asked there}
        self._asked: dict[int, dict[str, bool]] = {}

    def forget(self) -> None:
        """A write happened: nothing read before it is trusted."""
        self.generation += 1
        self._users.clear()
        self._open.clear()
        self._asked.clear()

    def forget_user(self, user_id: int) -> None:
        """A write changed this user's row and nothing else."""
        self.generation += 1
        self._users.pop(user_id, None)

    def forget_chat(self, chat_id: int) -> None:
        """A write changed this chat's questions and nothing else."""
        self.generation += 1
        self._open.pop(chat_id, None)
        self._asked.pop(chat_id, None)

    def user(self, user_id: int) -> User | None:
        return self._users.get(user_id)

    def keep_user(self, user: User, generation: int) -> None:
        if generation == self.generation:
            _put(self._users, user.user_id, user, self._limit)

    def open_questions(self, chat_id: int, now: datetime) -> tuple[Question, ...] | None:
        """The chat's questions open at `now` (newest first), or None if not known."""
        entry = self._open.get(chat_id)
        if entry is None or now < entry[0]:  # a clock moved back may reopen some
            return None
        return tuple(q for q in entry[1] if q.expires_at > now)

    def keep_open_questions(
        self, chat_id: int, read_at: datetime, questions: tuple[Question, ...], generation: int
    ) -> None:
        if generation == self.generation:
            _put(self._open, chat_id, (read_at, questions), self._limit)

    def ever_asked(self, chat_id: int, kind: str) -> bool | None:
        return self._asked.get(chat_id, {}).get(kind)

    def keep_ever_asked(self, chat_id: int, kind: str, asked: bool, generation: int) -> None:
        if generation == self.generation:
            kinds = self._asked.get(chat_id)
            if kinds is None:
                kinds = {}
                _put(self._asked, chat_id, kinds, self._limit)
            kinds[kind] = asked


def _put(entries: dict[K, V], key: K, value: V, limit: int) -> None:
    entries.pop(key, None)
    if len(entries) >= limit:
        del entries[next(iter(entries))]  # the oldest
    entries[key] = value
