"""Looking back: today, the week, the calendar, the jar, stats."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.common import clip, join_within, q
from bot.texts.wins import marbles, win_item


def today(wins: Sequence[tuple[str, bool]], total: int) -> str:
    """wins: (text, has_photo) in order."""
    if not wins:
        return "No wins logged today yet. What's one small thing that went okay? Just type it. 🌱"
    head = f"<b>Today</b>: {'1 win' if len(wins) == 1 else f'{len(wins)} wins'}"
    lines = [win_item(text, photo) for text, photo in wins]
    return join_within(head, lines, f"Your jar holds {marbles(total)}.")


def jar(total: int, this_week: int) -> str:
    if total == 0:
        return "Your jar is empty for now. Text me a win, however small, and watch it fill. 🫙"
    week = f" {this_week} of them from the last 7 days." if this_week else ""
    return f"🫙 Your jar holds <b>{marbles(total)}</b>.{week}"


def calendar_caption(month_title: str, win_days: int, checkoffs: int) -> str:
    days = "1 day" if win_days == 1 else f"{win_days} days"
    checks = ""
    if checkoffs:
        checks = ", 1 goal check-off" if checkoffs == 1 else f", {checkoffs} goal check-offs"
    return f"<b>{month_title}</b>: {days} with a win{checks}."


def bad_month(text: str) -> str:
    return (
        f"I couldn't read {q(clip(text, 30))} as a month. Try <code>/calendar</code>, "
        "<code>/calendar 3</code>, <code>/calendar march</code> or "
        "<code>/calendar 2026-03</code>."
    )


def future_month(month_title: str) -> str:
    return (
        f"{month_title} hasn't happened yet, so there's nothing to draw. 🌱 "
        "Send <code>/calendar</code> for this month or <code>/calendar march</code> for an "
        "earlier one."
    )


FUTURE_MONTH_BUTTON = "That month hasn't happened yet."
PREV_MONTH = "« Previous"
NEXT_MONTH = "Next »"
