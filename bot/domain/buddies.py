"""Buddy invite codes: unguessable, single use, short-lived; only their hash is stored."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

INVITE_DAYS = 7
OPEN_INVITES_LIMIT = 3  # links out at once: enough for a few friends, not a flood
CHEER_GAP = timedelta(hours=1)  # one cheer per buddy per hour keeps each one special
CODE_BYTES = 18  # 144 bits of randomness, 24 URL-safe characters
PAYLOAD_PREFIX = "buddy_"
BUDDY_LIMIT = 20  # buddies one person can have
_CODE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class InviteProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    OWN = "own"


def new_code() -> str:
    """A fresh invite code from the OS's secure random source."""
    return secrets.token_urlsafe(CODE_BYTES)


def hash_code(code: str) -> str:
    """What is stored: a leaked database does not give away working links."""
    return hashlib.sha256(code.encode("ascii", "replace")).hexdigest()


def looks_like_code(code: str) -> bool:
    return bool(_CODE.match(code))


def expiry(now: datetime) -> datetime:
    return now + timedelta(days=INVITE_DAYS)


def invite_problem(
    *, found: bool, inviter_id: int, used: bool, expires_at: datetime, user_id: int, now: datetime
) -> InviteProblem | None:
    """Why an invite cannot pair `user_id` now, or None if it can."""
    if not found:
        return InviteProblem.UNKNOWN
    if inviter_id == user_id:
        return InviteProblem.OWN
    if used:
        return InviteProblem.USED
    if expires_at <= now:
        return InviteProblem.EXPIRED
    return None


def cheer_allowed(last_cheer: datetime | None, now: datetime) -> bool:
    """Whether a cheer to the same buddy may go out now."""
    return last_cheer is None or now - last_cheer >= CHEER_GAP
