"""Users: profile, time zone, prompt times, pause and onboarding state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.db import Database
from storage.models import User

_USER_COLUMNS = """
    user_id, first_name, language_code, timezone, morning_time, evening_time,
    weekly_day, weekly_time, day_end_hour, paused, paused_until, active,
    onboarding_step, created_at, prompts_unanswered, fewer_asked_at, fewer_choice,
    week_start, language
"""


def _user(row: Any) -> User:
    return User(
        user_id=row["user_id"],
        first_name=row["first_name"],
        language_code=row["language_code"],
        timezone=row["timezone"],
        morning_time=row["morning_time"],
        evening_time=row["evening_time"],
        weekly_day=row["weekly_day"],
        weekly_time=row["weekly_time"],
        day_end_hour=row["day_end_hour"],
        paused=bool(row["paused"]),
        paused_until=_instant(row["paused_until"]),
        active=bool(row["active"]),
        onboarding_step=row["onboarding_step"],
        created_at=datetime.fromisoformat(row["created_at"]),
        prompts_unanswered=row["prompts_unanswered"],
        fewer_asked_at=_instant(row["fewer_asked_at"]),
        fewer_choice=row["fewer_choice"],
        week_start=row["week_start"],
        language=row["language"],
    )


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Users:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: int) -> User | None:
        facts = self._db.facts
        known = facts.user(user_id)
        if known is not None:
            return known
        generation = facts.generation
        row = await self._db.fetchone(
            "SELECT" + _USER_COLUMNS + "FROM users WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        user = _user(row)
        facts.keep_user(user, generation)
        return user

    async def ensure(
        self,
        user_id: int,
        first_name: str,
        language_code: str | None,
        now: datetime,
        onboarding_step: str | None = None,
        week_start: int = 0,
        language: str | None = None,
    ) -> tuple[User, bool]:
        """The user's row, created with defaults on first contact; True if it is new.

        A new row starts with `onboarding_step` (how far setup got) and `language` (the
        bot's language for them). A returning user who had blocked the bot is active
        again: they wrote to us.
        """
        # Nearly every update comes from a known user: a read (mostly from memory, see
        # storage/facts.py) instead of a write.
        known = await self.get(user_id)
        if known is not None and known.active and known.first_name == first_name:
            return known, False
        facts = self._db.facts
        async with self._db.transaction(keeps_facts=True) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO users (user_id, first_name, language_code, onboarding_step,
                                   created_at, week_start, language)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO NOTHING
                """,
                (
                    user_id,
                    first_name,
                    language_code,
                    onboarding_step,
                    now.isoformat(),
                    week_start,
                    language,
                ),
            )
            created = cursor.rowcount == 1
            if not created:
                await conn.execute(
                    """
                    UPDATE users SET first_name = ?, active = 1
                    WHERE user_id = ? AND (first_name != ? OR active = 0)
                    """,
                    (first_name, user_id, first_name),
                )
            async with conn.execute(
                "SELECT" + _USER_COLUMNS + "FROM users WHERE user_id = ?", (user_id,)
            ) as cur:
                row = await cur.fetchone()
        facts.forget_user(user_id)  # only this row changed (no trigger on users but delete)
        user = _user(row)
        facts.keep_user(user, facts.generation)  # read as committed
        return user, created

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        await self._db.execute(
            "UPDATE users SET timezone = ? WHERE user_id = ?", (timezone, user_id)
        )

    async def set_morning(self, user_id: int, hhmm: str | None) -> None:
        await self._db.execute(
            "UPDATE users SET morning_time = ? WHERE user_id = ?", (hhmm, user_id)
        )

    async def set_evening(self, user_id: int, hhmm: str | None) -> None:
        await self._db.execute(
            "UPDATE users SET evening_time = ? WHERE user_id = ?", (hhmm, user_id)
        )

    async def set_weekly(self, user_id: int, weekday: int | None, hhmm: str | None) -> None:
        await self._db.execute(
            "UPDATE users SET weekly_day = ?, weekly_time = ? WHERE user_id = ?",
            (weekday, hhmm, user_id),
        )

    async def set_day_end_hour(self, user_id: int, hour: int) -> None:
        await self._db.execute(
            "UPDATE users SET day_end_hour = ? WHERE user_id = ?", (hour, user_id)
        )

    async def set_onboarding_step(self, user_id: int, step: str | None) -> None:
        await self._db.execute(
            "UPDATE users SET onboarding_step = ? WHERE user_id = ?", (step, user_id)
        )

    async def prompt_sent(self, user_id: int) -> None:
        """One more morning or evening prompt on its way, not yet answered."""
        await self._db.execute(
            "UPDATE users SET prompts_unanswered = prompts_unanswered + 1 WHERE user_id = ?",
            (user_id,),
        )

    async def prompts_answered(self, user_id: int) -> None:
        """The user did something in the chat: nothing is left unanswered."""
        await self._db.execute(
            "UPDATE users SET prompts_unanswered = 0 WHERE user_id = ? AND prompts_unanswered > 0",
            (user_id,),
        )

    async def fewer_asked(self, user_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE users SET fewer_asked_at = ? WHERE user_id = ?", (now.isoformat(), user_id)
        )

    async def fewer_chosen(self, user_id: int, choice: str) -> None:
        await self._db.execute(
            "UPDATE users SET fewer_choice = ? WHERE user_id = ?", (choice, user_id)
        )

    async def set_language(self, user_id: int, language: str) -> None:
        """The language the bot speaks to the user from now on (a code of bot/i18n.py)."""
        await self._db.execute(
            "UPDATE users SET language = ? WHERE user_id = ?", (language, user_id)
        )

    async def set_active(self, user_id: int, active: bool) -> None:
        await self._db.execute(
            "UPDATE users SET active = ? WHERE user_id = ?", (int(active), user_id)
        )

    async def delete(self, user_id: int) -> None:
        """Remove the user; every row that references them goes with it (ON DELETE CASCADE)."""
        await self._db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT count(*) FROM users")
        return int(row[0]) if row else 0

    async def ensure_seen(
        self,
        user_id: int,
        first_name: str,
        language_code: str | None,
        now: datetime,
        onboarding_step: str | None = None,
        language: str | None = None,
    ) -> User:
        """The row of someone met in a group, without marking them reachable in private.

        A person first seen in a group has never opened a private chat with the bot, and
        Telegram refuses to let a bot write first, so a new row starts inactive; their
        first private message (`ensure`) makes it active. A new row starts with
        `onboarding_step`, so their first /start welcomes them properly.
        """
        async with self._db.transaction() as conn:
            await conn.execute(
                """
                INSERT INTO users (user_id, first_name, language_code, active, onboarding_step,
                                   created_at, language)
                VALUES (?, ?, ?, 0, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name
                WHERE first_name != excluded.first_name
                """,
                (user_id, first_name, language_code, onboarding_step, now.isoformat(), language),
            )
            async with conn.execute(
                "SELECT" + _USER_COLUMNS + "FROM users WHERE user_id = ?", (user_id,)
            ) as cur:
                row = await cur.fetchone()
        return _user(row)

    async def set_week_start(self, user_id: int, weekday: int) -> bool:
        """The first day of the user's week (0 = Monday, 6 = Sunday); True if it changed."""
        changed = await self._db.execute(
            "UPDATE users SET week_start = ? WHERE user_id = ? AND week_start != ?",
            (weekday, user_id, weekday),
        )
        return changed == 1
