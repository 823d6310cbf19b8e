"""Your data: export and forget."""

from __future__ import annotations

from bot.texts.wins import marbles

EXPORT_NOTHING = (
    "There's nothing to export yet: no wins and no goals. Your first win will change that. 🌱"
)


def _goals(n: int) -> str:
    return "1 goal" if n == 1 else f"{n} goals"


def export_caption(wins: int, goals: int) -> str:
    return f"Your data: {marbles(wins)} and {_goals(goals)}. The CSV opens in any spreadsheet."


def forget_confirm(wins: int, goals: int) -> str:
    return (
        f"This deletes everything I know about you: {marbles(wins)}, {_goals(goals)}, "
        "notes and settings. It can't be undone. You may want /export first."
    )


FORGET_YES = "Delete everything"
FORGET_NO = "Keep my data"
FORGOTTEN = "Done. Everything about you is deleted. If you ever want to start again, send /start."
FORGET_CANCELLED = "Nothing deleted. Your jar is safe. 🫙"
