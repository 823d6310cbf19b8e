"""Small helpers shared by the handlers: who is writing, which day it is for them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from telegram import InlineKeyboardButton, Message, Update

from bot import texts
from bot.context import Context
from bot.domain.days import local_day
from bot.domain.onboarding import Step, needs_setup
from bot.domain.questions import ONBOARD_ZONE, Kind, Payload, encode, expires_at
from bot.domain.weeks import MONDAY, SUNDAY, default_week_start
from bot.domain.zones import zone, zone_label
from storage.models import User


async def current_user(update: Update, context: Context) -> User:
    """The sender's row, created on first contact (with defaults, setup still ahead)."""
    tg_user = update.effective_user
    if tg_user is None:
        raise ValueError("update without a user")
    services = context.services
    user, _ = await services.store.users.ensure(
        tg_user.id,
        tg_user.first_name or "",
        tg_user.language_code,
        services.clock.now(),
        onboarding_step=Step.ONBOARD_TIMEZONE,
        week_start=default_week_start(tg_user.language_code),
    )
    if user.prompts_unanswered:
        # Any word or tap from them answers the prompts so far (see bot.nudges).
        await services.store.users.prompts_answered(user.user_id)
        user = replace(user, prompts_unanswered=0)
    return user


async def ask(
    context: Context, user: User, kind: Kind, sent: Message, payload: Payload | None = None
) -> None:
    """`sent` asked the user something: wait for the answer (see bot/questions.py)."""
    now = context.services.clock.now()
    await context.services.store.questions.ask(
        sent.chat_id,
        user.user_id,
        kind,
        sent.message_id,
        encode(payload or Payload()),
        now,
        expires_at(kind, now, zone(user.timezone), user.day_end_hour),
    )


async def never_welcomed(context: Context, user: User) -> bool:
    """Setup not done and never started (a first message before /start, or after /forget):
    the reply to this message leads into setup."""
    if not needs_setup(user.onboarding_step):
        return False
    return not await context.services.store.questions.ever_asked(user.user_id, Kind.ZONE)


def zone_buttons(zones: Sequence[str]) -> list[list[InlineKeyboardButton]]:
    """Time zones as buttons, two a row (the onboarding handler takes them)."""
    buttons = [
        InlineKeyboardButton(zone_label(z), callback_data=f"{ONBOARD_ZONE}{z}") for z in zones
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def user_today(user: User, now: datetime) -> date:
    return local_day(now, zone(user.timezone), user.day_end_hour)


def joined_on(user: User) -> date:
    """The user-day they first wrote to the bot."""
    return user_today(user, user.created_at)


def local_clock(user: User, now: datetime) -> str:
    return now.astimezone(zone(user.timezone)).strftime("%H:%M")


def command_argument(text: str | None) -> str:
    """What follows the command, newlines kept ("/win a\\nb" -> "a\\nb")."""
    if not text:
        return ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


async def settings_changed(context: Context, user: User) -> None:
    """A user's zone, times or pause changed: their schedule follows at once."""
    await context.services.nudges.reschedule(user)


# --- week start: a row of /settings (handlers/weeks.py answers it) ---------------------

WEEK_START = re.compile(r"^week:(mon|sun)$")


def week_start_data(week_start: int) -> str:
    return f"week:{'sun' if week_start == SUNDAY else 'mon'}"


def week_start_row(week_start: int) -> list[InlineKeyboardButton]:
    """Monday | Sunday, the chosen one ticked."""
    return [
        InlineKeyboardButton(
            f"✓ {label}" if day == week_start else label, callback_data=week_start_data(day)
        )
        for day, label in ((MONDAY, texts.weeks.MONDAY_BUTTON), (SUNDAY, texts.weeks.SUNDAY_BUTTON))
    ]
