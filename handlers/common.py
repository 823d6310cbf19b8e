"""Small helpers shared by the handlers: who is writing, which day it is for them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from telegram import Update

from bot.context import Context
from bot.days import local_day
from bot.zones import zone
from storage.models import User


async def current_user(update: Update, context: Context) -> User:
    """The sender's row, created with defaults on first contact."""
    tg_user = update.effective_user
    if tg_user is None:
        raise ValueError("update without a user")
    services = context.services
    user, _ = await services.store.users.ensure(
        tg_user.id, tg_user.first_name or "", tg_user.language_code, services.clock.now()
    )
    if user.prompts_unanswered:
        # Any word or tap from them answers the prompts so far (see bot.nudges).
        await services.store.users.prompts_answered(user.user_id)
        user = replace(user, prompts_unanswered=0)
    return user


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
