"""Logging wins: celebrations, undo, the jar count, what a win can't be."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.common import clip, q

_CELEBRATIONS = (
    "Nice one! 🎉 That's marble #{n} in your jar.",
    "Noted, and it counts. Marble #{n} is in.",
    "Love that. 🌱 Marble #{n}.",
    "That's real evidence. Marble #{n} for you.",
    "Yes! Marble #{n} drops into the jar.",
    "Small win, real win. Marble #{n}. ✨",
    "Well done. Your jar now holds {n} marbles.",
    "Good stuff. 👏 Marble #{n}.",
)

_MILESTONES = {
    1: "Your first marble! 🎉 Every win you text me lands in your jar.",
    10: "Marble #10! 🌟 Ten pieces of proof that you follow through.",
    25: "Marble #25. That's a handful of evidence now. 🙌",
    50: "Fifty marbles! 🎉 Look how far the small stuff has carried you.",
    100: "Marble #100! 🏆 A hundred wins. Take a moment with that.",
    250: "Marble #250. Your jar is getting heavy. 🌟",
    500: "Five hundred marbles! 🎉 That's a habit of noticing the good.",
    1000: "Marble #1000. 🏆 A thousand small wins. Wow.",
}


def celebrate(first_number: int, count: int) -> str:
    """The reply to newly logged wins; marble numbers first_number..first_number+count-1."""
    last = first_number + count - 1
    for n in range(first_number, last + 1):
        if n in _MILESTONES:
            milestone = _MILESTONES[n]
            if count == 1:
                return milestone
            return f"{count} wins at once! Marbles #{first_number}–#{last}.\n{milestone}"
    if count == 1:
        return _CELEBRATIONS[last % len(_CELEBRATIONS)].format(n=last)
    return f"{count} wins at once! 🎉 Marbles #{first_number}–#{last} are in the jar."


UNDO_BUTTON = "Undo"


def undone(removed: Sequence[str], total: int, *, html: bool = True) -> str:
    """Which wins went back out of the jar (a few, shortened), and what is left.
    `html=False` for a button's pop-up, which shows plain text."""
    quoted = [clip(text, 60) for text in removed[:3]]
    shown = ", ".join(f"<i>{q(t)}</i>" if html else f"“{t}”" for t in quoted)
    if len(removed) > 3:
        shown += " …"
    what = f"{shown} is" if len(removed) == 1 else f"{len(removed)} wins ({shown}) are"
    return f"{what} back out of the jar. You have {marbles(total)}."


UNDO_NOTHING_TODAY = "Nothing to undo today. Your jar is just as you left it."
UNDO_GONE = "Those wins were already taken out."


def undo_not_yours(name: str | None) -> str:
    """A callback answer (plain text): someone pressed another member's Undo."""
    return f"Only {name or 'the person who logged it'} can take this win back."


def marbles(n: int) -> str:
    return "1 marble" if n == 1 else f"{n} marbles"


WIN_EMPTY = (
    "Tell me what went well and I'll add it to your jar, e.g.\n"
    "<code>/win went for a short walk</code>"
)
WIN_EMPTY_TEXT = "I couldn't find a win in that. Type what went well, one line per win."


def win_too_long(limit: int) -> str:
    return (
        f"That's a lot for one win! Keep each one under {limit} characters: "
        "put separate wins on separate lines."
    )


def win_too_many(limit: int) -> str:
    return f"That's more than {limit} wins in one go. Send them in a few smaller messages."


EDIT_REACTION = "✍"

UNSUPPORTED_MESSAGE = (
    "I can keep text and photo wins. Type what went well, or send a photo of it "
    "(a caption is welcome)."
)
PHOTO_WIN_TEXT = "📷 photo"


def win_item(text: str, photo: bool) -> str:
    """One win in a list: a photo shows one camera, then its caption (or just "photo")."""
    if not photo:
        return f"• {q(clip(text))}"
    caption = "" if text in ("", PHOTO_WIN_TEXT) else text
    return f"• 📷 {q(clip(caption)) if caption else 'photo'}"


def unknown_command(command: str) -> str:
    return f"I don't know {q(clip(command, 40))}. Send /help to see what I can do."


EDIT_KEPT_OLD = "I've kept the win as it was."
