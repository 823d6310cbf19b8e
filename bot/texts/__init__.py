"""Everything the bot says, by feature: short, warm, never shaming.

Texts are HTML (the app's default parse mode), so anything a user wrote is escaped
here. Each feature has its module: `texts.goals.shrink_offer(...)`.
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
