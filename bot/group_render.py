"""What the scheduler's sender posts for groups and buddies, rendered at send time from
the database: `render_group_prompt` and `render_buddy_lines`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from bot import texts
from bot.domain import groups
from storage import Store
from storage.buddies import Buddy
from storage.groups import CircleWin

GroupPromptKind = Literal["morning", "evening", "weekly"]


def _shared(wins: Sequence[CircleWin]) -> list[groups.SharedWin]:
    return [
        groups.SharedWin(w.user_id, w.first_name, w.local_date, w.text, w.tags, w.has_photo)
        for w in wins
    ]


async def render_group_prompt(
    store: Store, chat_id: int, kind: GroupPromptKind | str, local_date: date
) -> list[str]:
    """The message(s) for one group slot on the group's `local_date` (usually one; more only
    above Telegram's 4096 characters). Empty when nothing should be sent: the group is
    unknown or inactive, the slot is off, or the digest is turned off."""
    group = await store.groups.get(chat_id)
    if group is None or not group.active or group.muted:
        return []
    if kind == "morning":
        return groups.morning_checkin(group.title) if group.morning_time else []
    if kind == "evening":
        if not (group.digest_on and group.evening_time):
            return []
        day = await store.groups.digest_data(chat_id, local_date)
        return groups.evening_digest(group.title, _shared(day.wins if day else ()), local_date)
    if kind == "weekly":
        if not (group.digest_on and group.weekly_day is not None and group.weekly_time):
            return []
        first = local_date - timedelta(days=6)
        week = await store.groups.circle_wins(chat_id, first, local_date)
        return groups.weekly_review(
            group.title, _shared(week.wins if week else ()), first, local_date
        )
    raise ValueError(f"unknown group prompt kind: {kind!r}")


async def buddies_in_summary(store: Store, user_id: int, local_date: date) -> list[Buddy]:
    """Buddies whose wins of the day `user_id` may see: both chose to share, and the buddy
    logged something that day."""
    shown = []
    for buddy in await store.buddies.of(user_id):
        if (
            buddy.i_share
            and buddy.they_share
            and await store.wins.on_day(buddy.user_id, local_date)
        ):
            shown.append(buddy)
    return shown


async def render_buddy_lines(store: Store, user_id: int, local_date: date) -> str | None:
    """Lines for the end of `user_id`'s evening prompt: each mutually sharing buddy's wins
    of that day; None if there is nothing to show. Pair it with
    `handlers.buddies.cheer_keyboard(await buddies_in_summary(...))` for the cheer buttons."""
    lines: list[str] = []
    for buddy in await buddies_in_summary(store, user_id, local_date):
        wins = await store.wins.on_day(buddy.user_id, local_date)
        block = texts.buddy_evening(
            buddy.first_name,
            [(w.text or texts.PHOTO_WIN_TEXT, w.photo_file_id is not None) for w in wins],
        )
        lines.extend(block.split("\n"))
    if not lines:
        return None
    # Half a message at most: the evening prompt it is appended to needs room too.
    return texts.join_within("", lines, limit=texts.MESSAGE_LIMIT // 2)
