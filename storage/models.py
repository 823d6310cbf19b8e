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
    # Morning and evening prompts sent since the user last did anything in the chat.
    prompts_unanswered: int = 0
    fewer_asked_at: datetime | None = None  # when the bot last asked if fewer would suit
    fewer_choice: str | None = None  # what they chose: "keep", "weekly" or "pause"
    week_start: int = 0  # the first day of their week: 0 = Monday, 6 = Sunday
    language: str | None = None  # the bot's language for them; None: not chosen yet


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


@dataclass(frozen=True, slots=True)
class Goal:
    """A micro-goal: one small daily step for `days` days from `start`."""

    goal_id: int
    user_id: int
    text: str
    start: date
    days: int
    status: str  # "active" | "finished" | "dropped"
    shrink_offered_on: date | None
    created_at: datetime
    ended_at: datetime | None

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.start.toordinal() + self.days - 1)


@dataclass(frozen=True, slots=True)
class GoalDay:
    """A check-off ("done") or a planned rest ("skip") of a goal on one user day."""

    goal_id: int
    local_date: date
    kind: str
    win_id: int | None


@dataclass(frozen=True, slots=True)
class GoalNote:
    """History kept with a goal: made smaller (old text), what got in the way, extended, rest."""

    note_id: int
    goal_id: int
    kind: str
    text: str
    local_date: date
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Question:
    """Something the bot asked in a chat and waits for (see bot/questions.py)."""

    question_id: int
    chat_id: int
    user_id: int
    kind: str
    message_id: int
    payload: str  # JSON object
    asked_at: datetime
    expires_at: datetime
