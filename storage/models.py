"""Typed rows that come out of storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class User:
    user_id: int
    first_name: str
    language_code: str | None
    timezone: str
    morning_time: str | None
    evening_time: str | None
    weekly_day: int | None
    weekly_time: str | None
    day_end_hour: int
    paused: bool
    paused_until: datetime | None
    active: bool
    onboarding_step: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Win:
    win_id: int
    user_id: int
    local_date: date
    text: str
    tags: tuple[str, ...]
    chat_id: int | None
    message_id: int | None
    photo_file_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewWin:
    """A win about to be stored."""

    text: str
    tags: tuple[str, ...] = ()
    photo_file_id: str | None = None
