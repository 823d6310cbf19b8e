"""The command list: /help, the menu (setMyCommands) and the README all read it."""

from __future__ import annotations

from bot.i18n import N_
from bot.texts.common import q

# (command, menu description). /help, setMyCommands and the README all come from here.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up your time zone and check-in times"),
    ("win", "Log a win: /win walked to the shop"),
    ("undo", "Take back your last win from today"),
    ("yesterday", "Log a win for yesterday: /yesterday called mum"),
    ("today", "Today's wins"),
    ("goal", "Start a micro-goal: /goal walk 10 minutes for 7 days"),
    ("goals", "Your micro-goals and how they're going"),
    ("done", "Check off a goal: /done, or /done yesterday"),
    ("skip", "Plan a rest day for a goal (not a miss)"),
    ("shrink", "Make a goal smaller: /shrink 1 walk 5 minutes"),
    ("drop", "Let go of a goal"),
    ("week", "The last 7 days at a glance"),
    ("calendar", "A month with a star on each day with a win"),
    ("year", "The last 12 months, a square a day"),
    ("jar", "Your marble jar"),
    ("stats", "Totals and streaks"),
    ("history", "Page through your wins, a week at a time"),
    ("find", "Search your wins: /find walk or /find #running"),
    ("tags", "Your tags with counts, a tap to see their wins"),
    ("lift", "A win from a while back, for a rough day"),
    ("timezone", "Set your time zone"),
    ("morning", "Morning check-in time, or off"),
    ("evening", "Evening prompt time, or off"),
    ("settings", "All settings with buttons"),
    ("weekly", "Weekly review day and time, or off"),
    ("pause", "Pause nudges: /pause or /pause 3 days"),
    ("resume", "Turn nudges back on"),
    ("language", N_("Choose the language I speak")),
    ("buddy", "Get a one-time link to pair up with a buddy"),
    ("buddies", "Your buddies: cheer them, choose what to share"),
    ("unbuddy", "End a buddy pairing"),
    ("join", "In a group: join its circle of wins"),
    ("leave", "In a group: leave its circle"),
    ("share", "In a group: show your private wins there too, on or off"),
    ("groupsettings", "In a group: digest times, time zone (admins)"),
    ("export", "Download your data (a zip of JSON and CSV)"),
    ("forget", "Delete everything I know about you"),
    ("help", "What I can do"),
)


# /help and the README list the commands under these headings, in this order.
HELP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Log", ("win", "yesterday", "undo")),
    ("Goals", ("goal", "goals", "done", "skip", "shrink", "drop")),
    (
        "Look back",
        ("today", "week", "calendar", "year", "jar", "stats", "history", "find", "tags", "lift"),
    ),
    (
        "Settings",
        (
            "start",
            "timezone",
            "morning",
            "evening",
            "weekly",
            "settings",
            "pause",
            "resume",
            "language",
        ),
    ),
    ("Together", ("buddy", "buddies", "unbuddy", "join", "leave", "share", "groupsettings")),
    ("Your data", ("export", "forget", "help")),
)


def help_groups() -> dict[str, tuple[str, ...]]:
    """Heading -> command names; a command no heading names goes under the last one."""
    groups = dict(HELP_GROUPS)
    named = {name for names in groups.values() for name in names}
    rest = tuple(name for name, _ in COMMANDS if name not in named)
    last = HELP_GROUPS[-1][0]
    groups[last] = groups[last] + rest
    return groups


def help_text() -> str:
    descriptions = dict(COMMANDS)
    blocks = [
        "\n".join(
            [f"<b>{heading}</b>"]
            + [f"/{name} — {q(descriptions[name])}" for name in names if name in descriptions]
        )
        for heading, names in help_groups().items()
    ]
    return (
        "Text me anything that went well and it becomes a win: one line per win, "
        "#tags welcome, photos too.\n\n" + "\n\n".join(blocks)
    )


# Shown in a group's command menu (setMyCommands with the all-group-chats scope).
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("win", "Log a win: /win finished the draft"),
    ("join", "Join this group's circle of wins"),
    ("leave", "Leave this group's circle"),
    ("share", "Show your private wins here too: on or off"),
    ("groupsettings", "Digest times, time zone, on/off (admins)"),
    ("timezone", "The group's time zone (admins)"),
    ("morning", "The group's morning check-in time (admins)"),
    ("evening", "The group's evening digest time (admins)"),
    ("language", N_("The group's language (admins)")),
    ("help", "What I can do here"),
)
