"""The year at a glance: /year's caption."""

from __future__ import annotations

from bot.i18n import _, ngettext
from bot.texts.wins import marbles


def year_caption(win_days: int, wins: int, checkoffs: int) -> str:
    if win_days == 0:
        return _(
            "Your year is a blank page, ready for its first square. 🌱 "
            "Text me one thing that went well today and it lights up."
        )
    if not checkoffs:
        return ngettext(
            "<b>{count} day with a win</b> in the last 12 months: {marbles}. "
            "Every square is evidence. ✨",
            "<b>{count} days with a win</b> in the last 12 months: {marbles}. "
            "Every square is evidence. ✨",
            win_days,
        ).format(count=win_days, marbles=marbles(wins))
    checks = ngettext("{count} goal check-off", "{count} goal check-offs", checkoffs)
    return ngettext(
        "<b>{count} day with a win</b> in the last 12 months: {marbles} and {checkoffs}. "
        "Every square is evidence. ✨",
        "<b>{count} days with a win</b> in the last 12 months: {marbles} and {checkoffs}. "
        "Every square is evidence. ✨",
        win_days,
    ).format(count=win_days, marbles=marbles(wins), checkoffs=checks.format(count=checkoffs))


def no_argument() -> str:
    return _(
        "<code>/year</code> always shows the last 12 months, so it needs nothing after it. "
        "For one month, try <code>/calendar march</code>."
    )
