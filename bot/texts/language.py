"""/language: which language the bot speaks, said once at first contact and changed any time."""

from __future__ import annotations

from bot.i18n import _
from bot.texts.common import q


def picked() -> str:
    # Translators: shown once, at the start of setup, in the language
    # picked from the person's Telegram app. Name your own language
    # in place of "English".
    return _("I'll write to you in English. To switch, send /language.")


def choose() -> str:
    return _("Which language would you like me to use?")


def choose_in_group() -> str:
    return _("Which language should I use in this group?")


def unknown(name: str) -> str:
    """`/language <name>` with a name the bot does not speak."""
    return _("I don't speak “{name}” yet. Pick one of these:").format(name=q(name))


def changed() -> str:
    # Translators: the answer to choosing this language with /language,
    # said in it. Name your own language in place of "English".
    return _("Done! I'll write to you in English from now on.")


def changed_in_group() -> str:
    # Translators: the answer to choosing this language for a group,
    # said in it. Name your own language in place of "English".
    return _("Done! I'll write in English in this group from now on.")


def admins_only() -> str:
    return _("Only this group's admins can change its language.")


def chosen_button(name: str) -> str:
    """The language in use among the buttons, ticked (its name is the language's own)."""
    return f"✓ {name}"
