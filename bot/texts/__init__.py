"""Everything the bot says, by feature: short, warm, never shaming.

Texts are HTML (the app's default parse mode), so anything a user wrote is escaped
here. Each feature has its module: `texts.goals.shrink_offer(...)`. Every text is a
function, written in English and looked up in the current language's catalog when it is
called (`bot/i18n.py`), so the same call speaks Spanish inside `i18n.use("es")`.
"""

from bot.texts import (
    buddies,
    catchup,
    commands,
    common,
    data,
    goals,
    groups,
    history,
    language,
    nudges,
    review,
    settings,
    snooze,
    weeks,
    wins,
    year,
)

__all__ = [
    "buddies",
    "catchup",
    "commands",
    "common",
    "data",
    "goals",
    "groups",
    "history",
    "language",
    "nudges",
    "review",
    "settings",
    "snooze",
    "weeks",
    "wins",
    "year",
]
