"""The command list: /help, the menu (setMyCommands) and the README all read it."""

from __future__ import annotations

from bot.i18n import _
from bot.texts.common import q


def commands() -> tuple[tuple[str, str], ...]:
    """(command, menu description). /help, setMyCommands and the README all come from here."""
    return (
        ("start", _("Set up your time zone and check-in times")),
        ("win", _("Log a win: /win walked to the shop")),
        ("undo", _("Take back your last win from today")),
        ("yesterday", _("Log a win for yesterday: /yesterday called mum")),
        ("today", _("Today's wins")),
        ("goal", _("Start a micro-goal: /goal walk 10 minutes for 7 days")),
        ("goals", _("Your micro-goals and how they're going")),
        ("done", _("Check off a goal: /done, or /done yesterday")),
        ("skip", _("Plan a rest day for a goal (not a miss)")),
        ("shrink", _("Make a goal smaller: /shrink 1 walk 5 minutes")),
        ("drop", _("Let go of a goal")),
        ("week", _("The last 7 days at a glance")),
        ("calendar", _("A month with a star on each day with a win")),
        ("year", _("The last 12 months, a square a day")),
        ("jar", _("Your marble jar")),
        ("stats", _("Totals and streaks")),
        ("history", _("Page through your wins, a week at a time")),
        ("find", _("Search your wins: /find walk or /find #running")),
        ("tags", _("Your tags with counts, a tap to see their wins")),
        ("lift", _("A win from a while back, for a rough day")),
        ("timezone", _("Set your time zone")),
        ("morning", _("Morning check-in time, or off")),
        ("evening", _("Evening prompt time, or off")),
        ("settings", _("All settings with buttons")),
        ("weekly", _("Weekly review day and time, or off")),
        ("pause", _("Pause nudges: /pause or /pause 3 days")),
        ("resume", _("Turn nudges back on")),
        ("language", _("Choose the language I speak")),
        ("buddy", _("Get a one-time link to pair up with a buddy")),
        ("buddies", _("Your buddies: cheer them, choose what to share")),
        ("unbuddy", _("End a buddy pairing")),
        ("join", _("In a group: join its circle of wins")),
        ("leave", _("In a group: leave its circle")),
        ("share", _("In a group: show your private wins there too, on or off")),
        ("groupsettings", _("In a group: digest times, time zone (admins)")),
        ("export", _("Download your data (a zip of JSON and CSV)")),
        ("forget", _("Delete everything I know about you")),
        ("help", _("What I can do")),
    )


def help_groups() -> dict[str, tuple[str, ...]]:
    """/help's headings, in order, with their command names (the README lists them the
    same way); a command no heading names goes under the last one."""
    groups: dict[str, tuple[str, ...]] = {
        # Translators: a heading in /help over the commands that log wins.
        _("Log"): ("win", "yesterday", "undo"),
        # Translators: a heading in /help over the micro-goal commands.
        _("Goals"): ("goal", "goals", "done", "skip", "shrink", "drop"),
        # Translators: a heading in /help over the commands that show past wins.
        _("Look back"): (
            "today",
            "week",
            "calendar",
            "year",
            "jar",
            "stats",
            "history",
            "find",
            "tags",
            "lift",
        ),
        # Translators: a heading in /help over the settings commands.
        _("Settings"): (
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
        # Translators: a heading in /help over the buddy and group commands.
        _("Together"): ("buddy", "buddies", "unbuddy", "join", "leave", "share", "groupsettings"),
        # Translators: a heading in /help over export, forget and help.
        _("Your data"): ("export", "forget", "help"),
    }
    named = {name for names in groups.values() for name in names}
    rest = tuple(name for name, _description in commands() if name not in named)
    last = list(groups)[-1]
    groups[last] = groups[last] + rest
    return groups


def help_text() -> str:
    descriptions = dict(commands())
    blocks = [
        "\n".join(
            [f"<b>{heading}</b>"]
            + [f"/{name} — {q(descriptions[name])}" for name in names if name in descriptions]
        )
        for heading, names in help_groups().items()
    ]
    intro = _(
        "Text me anything that went well and it becomes a win: one line per win, "
        "#tags welcome, photos too."
    )
    return intro + "\n\n" + "\n\n".join(blocks)


def group_commands() -> tuple[tuple[str, str], ...]:
    """Shown in a group's command menu (setMyCommands with the all-group-chats scope)."""
    return (
        ("win", _("Log a win: /win finished the draft")),
        ("join", _("Join this group's circle of wins")),
        ("leave", _("Leave this group's circle")),
        ("share", _("Show your private wins here too: on or off")),
        ("groupsettings", _("Digest times, time zone, on/off (admins)")),
        ("timezone", _("The group's time zone (admins)")),
        ("morning", _("The group's morning check-in time (admins)")),
        ("evening", _("The group's evening digest time (admins)")),
        ("language", _("The group's language (admins)")),
        ("help", _("What I can do here")),
    )
