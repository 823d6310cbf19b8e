"""Your data: export and forget."""

from __future__ import annotations

from bot.i18n import _, ngettext
from bot.texts.wins import marbles


def export_nothing() -> str:
    return _(
        "There's nothing to export yet: no wins and no goals. Your first win will change that. 🌱"
    )


def _goals(n: int) -> str:
    return ngettext("{count} goal", "{count} goals", n).format(count=n)


def export_caption(wins: int, goals: int) -> str:
    return _(
        "Your evidence, all of it: {marbles} and {goals}. 📦 "
        "Inside the zip, wins.csv and checkoffs.csv open in any spreadsheet; "
        "the JSON keeps everything."
    ).format(marbles=marbles(wins), goals=_goals(goals))


def forget_confirm(wins: int, goals: int) -> str:
    return _(
        "This deletes everything I know about you: {marbles}, {goals}, "
        "notes and settings. It can't be undone. You may want /export first."
    ).format(marbles=marbles(wins), goals=_goals(goals))


def forget_yes() -> str:
    # Translators: a button that confirms /forget: all the user's data is deleted.
    return _("Delete everything")


def forget_no() -> str:
    # Translators: a button that cancels /forget.
    return _("Keep my data")


def forgotten() -> str:
    return _("Done. Everything about you is deleted. If you ever want to start again, send /start.")


def forget_cancelled() -> str:
    return _("Nothing deleted. Your jar is safe. 🫙")
