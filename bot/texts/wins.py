"""Logging wins: celebrations, undo, the jar count, what a win can't be."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _, ngettext
from bot.texts.common import clip, q


def _celebrations(number: int) -> tuple[str, ...]:
    """The replies to one new win, taken in turn by its marble number."""
    return (
        _("Nice one! 🎉 That's marble #{number} in your jar.").format(number=number),
        _("Noted, and it counts. Marble #{number} is in.").format(number=number),
        _("Love that. 🌱 Marble #{number}.").format(number=number),
        _("That's real evidence. Marble #{number} for you.").format(number=number),
        _("Yes! Marble #{number} drops into the jar.").format(number=number),
        _("Small win, real win. Marble #{number}. ✨").format(number=number),
        ngettext(
            "Well done. Your jar now holds {count} marble.",
            "Well done. Your jar now holds {count} marbles.",
            number,
        ).format(count=number),
        _("Good stuff. 👏 Marble #{number}.").format(number=number),
    )


def _milestone(number: int) -> str | None:
    milestones = {
        1: _("Your first marble! 🎉 Every win you text me lands in your jar."),
        10: _("Marble #10! 🌟 Ten pieces of proof that you follow through."),
        25: _("Marble #25. That's a handful of evidence now. 🙌"),
        50: _("Fifty marbles! 🎉 Look how far the small stuff has carried you."),
        100: _("Marble #100! 🏆 A hundred wins. Take a moment with that."),
        250: _("Marble #250. Your jar is getting heavy. 🌟"),
        500: _("Five hundred marbles! 🎉 That's a habit of noticing the good."),
        1000: _("Marble #1000. 🏆 A thousand small wins. Wow."),
    }
    return milestones.get(number)


def celebrate(first_number: int, count: int) -> str:
    """The reply to newly logged wins; marble numbers first_number..first_number+count-1."""
    last = first_number + count - 1
    for number in range(first_number, last + 1):
        milestone = _milestone(number)
        if milestone is not None:
            if count == 1:
                return milestone
            at_once = ngettext(
                "{count} win at once! Marbles #{first}–#{last}.",
                "{count} wins at once! Marbles #{first}–#{last}.",
                count,
            ).format(count=count, first=first_number, last=last)
            return f"{at_once}\n{milestone}"
    if count == 1:
        choices = _celebrations(last)
        return choices[last % len(choices)]
    return ngettext(
        "{count} win at once! 🎉 Marbles #{first}–#{last} are in the jar.",
        "{count} wins at once! 🎉 Marbles #{first}–#{last} are in the jar.",
        count,
    ).format(count=count, first=first_number, last=last)


def undo_button() -> str:
    # Translators: a button under a just-logged win; tapping it takes the win back out.
    return _("Undo")


def undone(removed: Sequence[str], total: int, *, html: bool = True) -> str:
    """Which wins went back out of the jar (a few, shortened), and what is left.
    `html=False` for a button's pop-up, which shows plain text."""
    quoted = [clip(text, 60) for text in removed[:3]]
    # Translators: a win the user wrote, quoted in a plain-text pop-up.
    plain = _("“{win}”")
    shown = ", ".join(f"<i>{q(t)}</i>" if html else plain.format(win=t) for t in quoted)
    if len(removed) > 3:
        shown += " …"
    if len(removed) == 1:
        gone = _("{win} is back out of the jar.").format(win=shown)
    else:
        gone = ngettext(
            "{count} win ({wins}) is back out of the jar.",
            "{count} wins ({wins}) are back out of the jar.",
            len(removed),
        ).format(count=len(removed), wins=shown)
    left = ngettext("You have {count} marble.", "You have {count} marbles.", total)
    return f"{gone} {left.format(count=total)}"


def undo_nothing_today() -> str:
    return _("Nothing to undo today. Your jar is just as you left it.")


def undo_gone() -> str:
    return _("Those wins were already taken out.")


def undo_not_yours(name: str | None) -> str:
    """A callback answer (plain text): someone pressed another member's Undo."""
    if not name:
        return _("Only the person who logged it can take this win back.")
    return _("Only {name} can take this win back.").format(name=name)


def marbles(n: int) -> str:
    """A count of marbles, to go inside a sentence: "1 marble", "12 marbles"."""
    return ngettext("{count} marble", "{count} marbles", n).format(count=n)


def win_empty() -> str:
    return _(
        "Tell me what went well and I'll add it to your jar, e.g.\n"
        "<code>/win went for a short walk</code>"
    )


def win_empty_text() -> str:
    return _("I couldn't find a win in that. Type what went well, one line per win.")


def win_too_long(limit: int) -> str:
    return ngettext(
        "That's a lot for one win! Keep each one under {limit} character: "
        "put separate wins on separate lines.",
        "That's a lot for one win! Keep each one under {limit} characters: "
        "put separate wins on separate lines.",
        limit,
    ).format(limit=limit)


def win_too_many(limit: int) -> str:
    return ngettext(
        "That's more than {limit} win in one go. Send them in a few smaller messages.",
        "That's more than {limit} wins in one go. Send them in a few smaller messages.",
        limit,
    ).format(limit=limit)


# A reaction, not words: the same in every language.
EDIT_REACTION = "✍"


def unsupported_message() -> str:
    return _(
        "I can keep text and photo wins. Type what went well, or send a photo of it "
        "(a caption is welcome)."
    )


def photo_win_text() -> str:
    # Translators: stands in for a win that is a photo without a caption.
    return _("📷 photo")


def win_item(text: str, photo: bool) -> str:
    """One win in a list: a photo shows one camera, then its caption (or just "photo")."""
    if not photo:
        return f"• {q(clip(text))}"
    caption = "" if text in ("", photo_win_text()) else text
    if caption:
        return f"• 📷 {q(clip(caption))}"
    # Translators: a photo win without a caption in a list of wins (after a camera emoji).
    return "• 📷 " + _("photo")


def unknown_command(command: str) -> str:
    return _("I don't know {command}. Send /help to see what I can do.").format(
        command=q(clip(command, 40))
    )


def edit_kept_old() -> str:
    return _("I've kept the win as it was.")
