"""Accountability groups: the groups the bot is in, their circles and their digest data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage.db import Database


@dataclass(frozen=True, slots=True)
class Group:
    chat_id: int
    title: str
    timezone: str
    morning_time: str | None
    evening_time: str | None
    weekly_day: int | None
    weekly_time: str | None
    digest_on: bool
    active: bool
    created_at: datetime
    muted: bool = False  # the bot may not post there (restricted by an admin)
    language: str | None = None  # what the bot speaks there; None: not chosen yet


@dataclass(frozen=True, slots=True)
class GroupMember:
    chat_id: int
    user_id: int
    share: bool
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class CircleWin:
    """A win that the group may see: logged in the group, or shared by its member."""

    user_id: int
    first_name: str
    local_date: date
    text: str
    tags: tuple[str, ...]
    has_photo: bool
    in_group: bool  # logged inside this group (False: a private win the member shares)


@dataclass(frozen=True, slots=True)
class CircleDays:
    """Everything a group prompt needs for a span of days."""

    group: Group
    members: int
    wins: tuple[CircleWin, ...]


_GROUP_COLUMNS = """
    chat_id, title, timezone, morning_time, evening_time, weekly_day, weekly_time,
    digest_on, active, created_at, muted, language
"""


def _group(row: Any) -> Group:
    return Group(
        chat_id=row["chat_id"],
        title=row["title"],
        timezone=row["timezone"],
        morning_time=row["morning_time"],
        evening_time=row["evening_time"],
        weekly_day=row["weekly_day"],
        weekly_time=row["weekly_time"],
        digest_on=bool(row["digest_on"]),
        active=bool(row["active"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        muted=bool(row["muted"]),
        language=row["language"],
    )


class Groups:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, chat_id: int) -> Group | None:
        row = await self._db.fetchone(
            "SELECT" + _GROUP_COLUMNS + "FROM groups WHERE chat_id = ?", (chat_id,)
        )
        return _group(row) if row else None

    async def register(
        self, chat_id: int, title: str, now: datetime, language: str | None = None
    ) -> tuple[Group, bool]:
        """The bot is in the group: its row (created, or active again); True if new.

        `language` is the group's language unless it has one already (a group that
        chose one keeps it when the bot comes back).
        """
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                """
                INSERT INTO groups (chat_id, title, created_at, language) VALUES (?, ?, ?, ?)
                ON CONFLICT (chat_id) DO NOTHING
                """,
                (chat_id, title, now.isoformat(), language),
            )
            created = cursor.rowcount == 1
            if not created:
                await conn.execute(
                    """
                    UPDATE groups SET title = ?, active = 1, language = coalesce(language, ?)
                    WHERE chat_id = ?
                    """,
                    (title, language, chat_id),
                )
            async with conn.execute(
                "SELECT" + _GROUP_COLUMNS + "FROM groups WHERE chat_id = ?", (chat_id,)
            ) as cur:
                row = await cur.fetchone()
        return _group(row), created

    async def set_active(self, chat_id: int, active: bool) -> None:
        await self._db.execute(
            "UPDATE groups SET active = ? WHERE chat_id = ?", (int(active), chat_id)
        )

    async def set_language(self, chat_id: int, language: str) -> None:
        """The language the bot speaks in the group from now on (a code of bot/i18n.py)."""
        await self._db.execute(
            "UPDATE groups SET language = ? WHERE chat_id = ?", (language, chat_id)
        )

    async def set_muted(self, chat_id: int, muted: bool) -> None:
        await self._db.execute(
            "UPDATE groups SET muted = ? WHERE chat_id = ?", (int(muted), chat_id)
        )

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        await self._db.execute(
            "UPDATE groups SET timezone = ? WHERE chat_id = ?", (timezone, chat_id)
        )

    async def set_morning(self, chat_id: int, hhmm: str | None) -> None:
        await self._db.execute(
            "UPDATE groups SET morning_time = ? WHERE chat_id = ?", (hhmm, chat_id)
        )

    async def set_evening(self, chat_id: int, hhmm: str | None) -> None:
        await self._db.execute(
            "UPDATE groups SET evening_time = ? WHERE chat_id = ?", (hhmm, chat_id)
        )

    async def set_digest(self, chat_id: int, on: bool) -> None:
        await self._db.execute(
            "UPDATE groups SET digest_on = ? WHERE chat_id = ?", (int(on), chat_id)
        )

    async def migrate_group(self, old_chat_id: int, new_chat_id: int) -> bool:
        """A group became a supergroup: its settings, circle and wins move to the new id.

        Safe to call twice (Telegram tells both the old and the new chat); returns True if
        anything moved.
        """
        if old_chat_id == new_chat_id:
            return False
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT chat_id FROM groups WHERE chat_id IN (?, ?)", (old_chat_id, new_chat_id)
            ) as cur:
                present = {int(r[0]) for r in await cur.fetchall()}
            if old_chat_id not in present:
                return False
            if new_chat_id in present:
                # The new chat got a row first: keep the old settings, merge the circles.
                await conn.execute(
                    """
                    INSERT OR IGNORE INTO group_members (chat_id, user_id, share, joined_at)
                    SELECT ?, user_id, share, joined_at FROM group_members WHERE chat_id = ?
                    """,
                    (old_chat_id, new_chat_id),
                )
                await conn.execute("DELETE FROM groups WHERE chat_id = ?", (new_chat_id,))
            # ON UPDATE CASCADE carries the circle along.
            await conn.execute(
                "UPDATE groups SET chat_id = ?, active = 1 WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await conn.execute(
                "UPDATE wins SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
            )
        return True

    # --- the circle ------------------------------------------------------------------

    async def join(self, chat_id: int, user_id: int, now: datetime) -> bool:
        """Add the user to the group's circle; False if they were in it already."""
        return (
            await self._db.execute(
                """
                INSERT INTO group_members (chat_id, user_id, joined_at) VALUES (?, ?, ?)
                ON CONFLICT (chat_id, user_id) DO NOTHING
                """,
                (chat_id, user_id, now.isoformat()),
            )
            == 1
        )

    async def leave(self, chat_id: int, user_id: int) -> bool:
        return (
            await self._db.execute(
                "DELETE FROM group_members WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
            )
            == 1
        )

    async def member(self, chat_id: int, user_id: int) -> GroupMember | None:
        row = await self._db.fetchone(
            """
            SELECT chat_id, user_id, share, joined_at FROM group_members
            WHERE chat_id = ? AND user_id = ?
            """,
            (chat_id, user_id),
        )
        if row is None:
            return None
        return GroupMember(
            chat_id=row["chat_id"],
            user_id=row["user_id"],
            share=bool(row["share"]),
            joined_at=datetime.fromisoformat(row["joined_at"]),
        )

    async def set_share(self, chat_id: int, user_id: int, share: bool) -> bool:
        """Whether the member's private wins show in this group; False if not a member."""
        return (
            await self._db.execute(
                "UPDATE group_members SET share = ? WHERE chat_id = ? AND user_id = ?",
                (int(share), chat_id, user_id),
            )
            == 1
        )

    async def member_count(self, chat_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT count(*) FROM group_members WHERE chat_id = ?", (chat_id,)
        )
        return int(row[0]) if row else 0

    async def of_user(self, user_id: int) -> list[Group]:
        """The groups whose circle the user is in."""
        rows = await self._db.fetchall(
            """
            SELECT g.* FROM groups g JOIN group_members m ON m.chat_id = g.chat_id
            WHERE m.user_id = ? ORDER BY g.chat_id
            """,
            (user_id,),
        )
        return [_group(r) for r in rows]

    # --- what the group may see ------------------------------------------------------

    async def circle_wins(self, chat_id: int, first: date, last: date) -> CircleDays | None:
        """The wins of the circle on days first..last: wins logged in this group, plus
        private wins of members who share them here. Never a win of a non-member, never a
        win logged in another group. None if the bot never registered the group."""
        group = await self.get(chat_id)
        if group is None:
            return None
        rows = await self._db.fetchall(
            """
            SELECT w.user_id, u.first_name, w.local_date, w.text, w.tags,
                   w.photo_file_id IS NOT NULL AS has_photo, w.chat_id = m.chat_id AS in_group
            FROM group_members m
            JOIN users u ON u.user_id = m.user_id
            JOIN wins w ON w.user_id = m.user_id AND w.local_date BETWEEN ? AND ?
            WHERE m.chat_id = ?
              AND (w.chat_id = m.chat_id
                   OR (m.share = 1 AND (w.chat_id IS NULL OR w.chat_id > 0)))
            ORDER BY m.joined_at, m.user_id, w.local_date, w.win_id
            """,
            (first.isoformat(), last.isoformat(), chat_id),
        )
        wins = tuple(
            CircleWin(
                user_id=r["user_id"],
                first_name=r["first_name"],
                local_date=date.fromisoformat(r["local_date"]),
                text=r["text"],
                tags=tuple(r["tags"].split()) if r["tags"] else (),
                has_photo=bool(r["has_photo"]),
                in_group=bool(r["in_group"]),
            )
            for r in rows
        )
        return CircleDays(group, await self.member_count(chat_id), wins)

    async def digest_data(self, chat_id: int, local_date: date) -> CircleDays | None:
        """The circle's wins for one day (see circle_wins)."""
        return await self.circle_wins(chat_id, local_date, local_date)
