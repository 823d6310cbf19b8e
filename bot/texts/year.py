"""The year at a glance: /year's caption."""

from __future__ import annotations

from bot.texts.wins import marbles


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def year_caption(win_days: int, wins: int, checkoffs: int) -> str:
    if win_days == 0:
        return (
            "Your year is a blank page, ready for its first square. 🌱 "
            "Text me one thing that went well today and it lights up."
        )
    checks = ""
    if checkoffs:
        checks = " and 1 goal check-off" if checkoffs == 1 else f" and {checkoffs} goal check-offs"
    return (
        f"<b>{_days(win_days)} with a win</b> in the last 12 months: "
        f"{marbles(wins)}{checks}. Every square is evidence. ✨"
    )


NO_ARGUMENT = (
    "<code>/year</code> always shows the last 12 months, so it needs nothing after it. "
    "For one month, try <code>/calendar march</code>."
)
