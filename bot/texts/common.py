"""What every message shares: Telegram's limits, escaping, clipping, fitting lists."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.i18n import _, ngettext

# Telegram rejects longer messages; replies are built to stay under it.
MESSAGE_LIMIT = 4096
# One win shown inside a list is cut to this many characters.
LIST_ITEM_CHARS = 300

BOT_NAME = "smallwins"


def q(text: str) -> str:
    """Escape user-written text for an HTML message."""
    return escape(text, quote=False)


def clip(text: str, limit: int = LIST_ITEM_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_within(head: str, lines: Sequence[str], tail: str = "", limit: int = MESSAGE_LIMIT) -> str:
    """head + as many lines as fit + tail, with a note on how many were left out.

    Sizes are measured on the escaped HTML, which is never shorter than the text
    Telegram counts, so the result always fits.
    """
    budget = limit - len(head) - len(tail) - 40
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        kept.append(line)
        used += len(line) + 1
    more = len(lines) - len(kept)
    parts = [head, *kept]
    if more:
        parts.append(ngettext("…and {count} more.", "…and {count} more.", more).format(count=more))
    if tail:
        parts.append(tail)
    return "\n".join(p for p in parts if p)


# Said in any chat: errors, repeats and storage faults, stale buttons.
def stale_button() -> str:
    return _("That button has expired. Send /settings for fresh ones.")


def generic_error() -> str:
    return _("Sorry, something went wrong on my side. Please try that again in a moment.")


def already_handled() -> str:
    """Telegram delivered a message again (after a restart): its effect was stored the first
    time."""
    return _("That one's already taken care of ✓")


# Database faults: never "try again" once something is stored (it would be stored twice).
def saved_reply_lost() -> str:
    return _("That's saved ✓ My reply got lost on the way, so no need to send it again.")


def saving_soon() -> str:
    return _("Saving is slow on my side right now. I'll save this in a moment.")


def not_saved() -> str:
    return _(
        "Sorry, I couldn't save that one: my storage is having trouble. "
        "Please send it again in a few minutes."
    )


def saved() -> str:
    # Translators: a short pop-up after a settings button was pressed.
    return _("Saved ✓")
