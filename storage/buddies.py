"""Buddies: one-to-one pairs, their sharing choices and the one-time invite links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database


@dataclass(frozen=True, slots=True)
class BuddyInvite:
    code_hash: str
    inviter_id: int
    inviter_name: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True, slots=True)
class Buddy:
    """One pairing, seen from one side."""

    user_id: int  # the buddy
    first_name: str
    i_share: bool  # I show my evening summary to them
    they_share: bool
    since: datetime


class BuddyLimitReached(Exception):
    """Pairing would give `user_id` more buddies than the limit (nothing was changed)."""

    def __init__(self, user_id: int) -> None:
        super().__init__(f"user {user_id} has the most buddies allowed")
        self.user_id = user_id


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class Buddies:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create_invite(
        self, inviter_id: int, code_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        async with self._db.transaction(effect=True) as conn:
            await conn.execute(
                """
                INSERT INTO buddy_invites (code_hash, inviter_id, created_at, expires_at)
                VALUES (?, ?, ?, ?)
                """,
                (code_hash, inviter_id, now.isoformat(), expires_at.isoformat()),
            )

    async def open_invites(self, inviter_id: int, now: datetime) -> int:
        """How many of the user's links could still be opened (unused, not expired)."""
        row = await self._db.fetchone(
            """
            SELECT count(*) FROM buddy_invites
            WHERE inviter_id = ? AND used_at IS NULL AND expires_at > ?
            """,
            (inviter_id, now.isoformat()),
        )
        return int(row[0]) if row else 0

    async def retire_open_invites(self, inviter_id: int, now: datetime) -> int:
        """Let every open link of the user expire now; returns how many."""
        return await self._db.execute(
            """
            UPDATE buddy_invites SET expires_at = ?
            WHERE inviter_id = ? AND used_at IS NULL AND expires_at > ?
            """,
            (now.isoformat(), inviter_id, now.isoformat()),
        )

    async def last_cheer(self, from_id: int, to_id: int) -> datetime | None:
        row = await self._db.fetchone(
            "SELECT last_at FROM buddy_cheers WHERE from_id = ? AND to_id = ?", (from_id, to_id)
        )
        return datetime.fromisoformat(row["last_at"]) if row else None

    async def record_cheer(self, from_id: int, to_id: int, now: datetime) -> None:
        await self._db.execute(
            """
            INSERT INTO buddy_cheers (from_id, to_id, last_at) VALUES (?, ?, ?)
            ON CONFLICT (from_id, to_id) DO UPDATE SET last_at = excluded.last_at
            """,
            (from_id, to_id, now.isoformat()),
        )

    async def invite(self, code_hash: str) -> BuddyInvite | None:
        row = await self._db.fetchone(
            """
            SELECT i.code_hash, i.inviter_id, u.first_name, i.created_at, i.expires_at,
                   i.used_at
            FROM buddy_invites i JOIN users u ON u.user_id = i.inviter_id
            WHERE i.code_hash = ?
            """,
            (code_hash,),
        )
        if row is None:
            return None
        return BuddyInvite(
            code_hash=row["code_hash"],
            inviter_id=row["inviter_id"],
            inviter_name=row["first_name"],
            created_at=datetime.fromisoformat(row["created_at"]),
            expires_at=datetime.fromisoformat(row["expires_at"]),
            used_at=datetime.fromisoformat(row["used_at"]) if row["used_at"] else None,
        )

    async def pair_with_invite(
        self, code_hash: str, user_id: int, now: datetime, *, limit: int
    ) -> int | None:
        """Use the invite (once) and pair its inviter with `user_id`; returns the inviter.

        None if the invite is unknown, used or expired by now; BuddyLimitReached if either
        of the two has `limit` buddies already. Both are checked here, inside the
        transaction that pairs, so two people opening one link cannot both pair and two
        pairings at once cannot pass the limit together.
        """
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT inviter_id, expires_at, used_at FROM buddy_invites WHERE code_hash = ?",
                (code_hash,),
            ) as cur:
                row = await cur.fetchone()
            if row is None or row["used_at"] is not None:
                return None
            if datetime.fromisoformat(row["expires_at"]) <= now:
                return None
            inviter = int(row["inviter_id"])
            if inviter == user_id:
                return None
            a, b = _pair(inviter, user_id)
            async with conn.execute(
                "SELECT 1 FROM buddies WHERE user_a = ? AND user_b = ?", (a, b)
            ) as cur:
                paired = await cur.fetchone() is not None
            for person in () if paired else (user_id, inviter):
                async with conn.execute(
                    "SELECT count(*) FROM buddies WHERE user_a = ? OR user_b = ?",
                    (person, person),
                ) as cur:
                    row = await cur.fetchone()
                if row is not None and int(row[0]) >= limit:
                    raise BuddyLimitReached(person)
            await conn.execute(
                "UPDATE buddy_invites SET used_at = ? WHERE code_hash = ?",
                (now.isoformat(), code_hash),
            )
            await conn.execute(
                """
                INSERT INTO buddies (user_a, user_b, created_at) VALUES (?, ?, ?)
                ON CONFLICT (user_a, user_b) DO NOTHING
                """,
                (a, b, now.isoformat()),
            )
        return inviter

    async def of(self, user_id: int) -> list[Buddy]:
        rows = await self._db.fetchall(
            """
            SELECT u.user_id, u.first_name,
                   CASE WHEN p.user_a = :me THEN p.a_shares ELSE p.b_shares END AS i_share,
                   CASE WHEN p.user_a = :me THEN p.b_shares ELSE p.a_shares END AS they_share,
                   p.created_at
            FROM buddies p
            JOIN users u ON u.user_id = CASE WHEN p.user_a = :me THEN p.user_b ELSE p.user_a END
            WHERE p.user_a = :me OR p.user_b = :me
            ORDER BY p.created_at, u.user_id
            """,
            {"me": user_id},
        )
        return [
            Buddy(
                user_id=r["user_id"],
                first_name=r["first_name"],
                i_share=bool(r["i_share"]),
                they_share=bool(r["they_share"]),
                since=datetime.fromisoformat(r["created_at"]),
            )
            for r in rows
        ]

    async def get(self, user_id: int, buddy_id: int) -> Buddy | None:
        for buddy in await self.of(user_id):
            if buddy.user_id == buddy_id:
                return buddy
        return None

    async def count(self, user_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT count(*) FROM buddies WHERE user_a = ? OR user_b = ?", (user_id, user_id)
        )
        return int(row[0]) if row else 0

    async def set_sharing(self, user_id: int, buddy_id: int, share: bool) -> bool:
        """Whether `user_id` shows their evening summary to `buddy_id`; False if not paired."""
        a, b = _pair(user_id, buddy_id)
        changed = await self._db.execute(
            """
            UPDATE buddies
            SET a_shares = CASE WHEN user_a = :me THEN :on ELSE a_shares END,
                b_shares = CASE WHEN user_b = :me THEN :on ELSE b_shares END
            WHERE user_a = :a AND user_b = :b
            """,
            {"me": user_id, "on": int(share), "a": a, "b": b},
        )
        return changed == 1

    async def unpair(self, user_id: int, buddy_id: int) -> bool:
        a, b = _pair(user_id, buddy_id)
        return (
            await self._db.execute("DELETE FROM buddies WHERE user_a = ? AND user_b = ?", (a, b))
            == 1
        )
