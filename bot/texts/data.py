"""Your data: export and forget."""

from __future__ import annotations

from bot.texts.wins import marbles

EXPORT_NOTHING = (
    "There's nothing to export yet: no wins and no goals. Your first win will change that. 🌱"
)


def _goals(n: int) -> str:
    return "1 goal" if n == 1 else f"{n} goals"


def export_caption(wins: int, goals: int) -> str:
    return (
        f"Your evidence, all of it: {marbles(wins)} and {_goals(goals)}. 📦 "
        "Inside the zip, wins.csv and checkoffs.csv open in any spreadsheet; "
        "the JSON keeps everything."
    )


def forget_confirm(wins: int, goals: int) -> str:
    return (
        f"This deletes everything I know about you: {marbles(wins)}, {_goals(goals)}, "
        "notes and settings. It can't be undone. You may want /export first."
    )


FORGET_YES = "Delete everything"
FORGET_NO = "Keep my data"
FORGOTTEN = "Done. Everything about you is deleted. If you ever want to start again, send /start."
FORGET_CANCELLED = "Nothing deleted. Your jar is safe. 🫙"
