"""Looking back: today, the week, the calendar, the jar, stats."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _, ngettext
from bot.texts.common import clip, join_within, q
from bot.texts.wins import win_item


def today(wins: Sequence[tuple[str, bool]], total: int) -> str:
    """wins: (text, has_photo) in order."""
    if not wins:
        return _(
            "No wins logged today yet. What's one small thing that went okay? Just type it. 🌱"
        )
    head = ngettext("<b>Today</b>: {count} win", "<b>Today</b>: {count} wins", len(wins)).format(
        count=len(wins)
    )
    lines = [win_item(text, photo) for text, photo in wins]
    tail = ngettext("Your jar holds {count} marble.", "Your jar holds {count} marbles.", total)
    return join_within(head, lines, tail.format(count=total))


def jar(total: int, this_week: int) -> str:
    if total == 0:
        return _("Your jar is empty for now. Text me a win, however small, and watch it fill. 🫙")
    held = ngettext(
        "🫙 Your jar holds <b>{count} marble</b>.",
        "🫙 Your jar holds <b>{count} marbles</b>.",
        total,
    ).format(count=total)
    if not this_week:
        return held
    week = ngettext(
        "{count} of them from the last 7 days.", "{count} of them from the last 7 days.", this_week
    ).format(count=this_week)
    return f"{held} {week}"


def calendar_caption(month_title: str, win_days: int, checkoffs: int) -> str:
    if not checkoffs:
        return ngettext(
            "<b>{month}</b>: {count} day with a win.",
            "<b>{month}</b>: {count} days with a win.",
            win_days,
        ).format(month=month_title, count=win_days)
    checks = ngettext("{count} goal check-off", "{count} goal check-offs", checkoffs)
    return ngettext(
        "<b>{month}</b>: {count} day with a win, {checkoffs}.",
        "<b>{month}</b>: {count} days with a win, {checkoffs}.",
        win_days,
    ).format(month=month_title, count=win_days, checkoffs=checks.format(count=checkoffs))


def bad_month(text: str) -> str:
    return _(
        "I couldn't read {text} as a month. Try <code>/calendar</code>, "
        "<code>/calendar 3</code>, <code>/calendar march</code> or "
        "<code>/calendar 2026-03</code>."
    ).format(text=q(clip(text, 30)))


def future_month(month_title: str) -> str:
    return _(
        "{month} hasn't happened yet, so there's nothing to draw. 🌱 "
        "Send <code>/calendar</code> for this month or <code>/calendar march</code> for an "
        "earlier one."
    ).format(month=month_title)


def future_month_button() -> str:
    return _("That month hasn't happened yet.")


def prev_month() -> str:
    # Translators: a button under the calendar picture: show the month before.
    return _("« Previous")


def next_month() -> str:
    # Translators: a button under the calendar picture: show the month after.
    return _("Next »")
