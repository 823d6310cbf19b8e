"""Looking back: /history pages, editing and deleting a win, /find and /tags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.texts.common import MESSAGE_LIMIT, clip, join_within, q
from bot.texts.wins import marbles, win_item

OLDER = "« Older"
NEWER = "Newer »"
PREVIOUS = "« Previous"
NEXT = "Next »"
PICK = "✏️ Edit or delete"
BACK = "« Back to the week"
EDIT = "✏️ Edit"
DELETE = "🗑 Delete"
CONFIRM_DELETE = "Yes, delete it"
KEEP = "Keep it"

EMPTY = (
    "Your history starts with your first win 🌱 Text me one small thing that went well "
    "today, like <i>made my bed</i>."
)


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _span(first: date, last: date) -> str:
    if first.year != last.year:
        return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day}–{last.day} {last:%b %Y}"


def week_page(
    first: date,
    last: date,
    days: Sequence[tuple[date, Sequence[tuple[str, bool]]]],
    *,
    note: str = "",
) -> str:
    """One week: its days newest first, each with its wins (text, has a photo)."""
    count = sum(len(wins) for _, wins in days)
    head = f"<b>{_span(first, last)}</b> · {count} {'win' if count == 1 else 'wins'}"
    if note:
        head = f"{note}\n\n{head}"
    lines: list[str] = []
    for day, wins in days:
        lines.append(f"\n<b>{day_label(day)}</b>")
        lines.extend(win_item(text, photo) for text, photo in wins)
    if not days:
        lines.append("\nNo wins left this week.")
    return join_within(head, lines, limit=MESSAGE_LIMIT)


def pick_list(wins: Sequence[tuple[date, str, bool]], more: int) -> str:
    """The page's wins, numbered like their buttons."""
    lines = [
        f"{n}. {day_label(day)}: {win_item(text, photo).removeprefix('• ')}"
        for n, (day, text, photo) in enumerate(wins, start=1)
    ]
    tail = f"The newest {len(wins)} are here; the rest, one week back." if more else ""
    return join_within("Which win? Tap its number.", lines, tail)


def one_win(day: date, text: str, photo: bool) -> str:
    return f"<b>{day_label(day)}</b>\n{win_item(text, photo)}"


def confirm_delete(text: str) -> str:
    return f"Take this win out of your jar?\n<i>{q(clip(text, 200))}</i>"


def deleted(text: str, total: int) -> str:
    return f"<i>{q(clip(text, 60))}</i> is out of the jar. You have {marbles(total)}."


WIN_GONE = "That win isn't there any more."
WIN_GONE_EDIT = (
    "That win isn't there any more, so there's nothing to change. "
    "Send it again as a new win if you like."
)


def ask_new_text(text: str) -> str:
    return (
        f"What should it say instead of <i>{q(clip(text, 200))}</i>?\n"
        "Reply to this message with the new words."
    )


def edited(text: str) -> str:
    return f"Changed ✓ Now it reads: <i>{q(clip(text, 300))}</i>"


EDIT_ONE_LINE = "A win is one line. Reply again with just the new words for this one."
EDIT_NO_TEXT = "I couldn't find any words in that. Reply again with the new text."


def edit_too_long(limit: int) -> str:
    return f"That's a lot for one win! Keep it under {limit} characters and reply again."


# --- /find and /tags ----------------------------------------------------------------------

FIND_HOW = (
    "Tell me what to look for, e.g.\n<code>/find walk</code>, <code>/find park dog</code> "
    "(all the words) or <code>/find #running</code>. /tags lists your tags."
)
FIND_TOO_LONG = "That search is a bit long. Try a few words or a #tag."
SEARCH_GONE = "That search has expired. Send /find again."


def no_match(query: str) -> str:
    return (
        f"No wins with <i>{q(clip(query, 100))}</i> yet. "
        "Try fewer words, or /tags to see your tags."
    )


def found(
    query: str, total: int, page: int, pages: int, wins: Sequence[tuple[date, str, bool]]
) -> str:
    head = f"🔎 <i>{q(clip(query, 100))}</i>: {total} {'win' if total == 1 else 'wins'}"
    if pages > 1:
        head += f" · page {page} of {pages}"
    lines = [
        f"{win_item(text, photo)} <i>({day_label(day)} {day.year})</i>" for day, text, photo in wins
    ]
    return join_within(head, lines)


TAGS_NONE = (
    "No tags yet. Add a #tag to a win, like <i>walked to work #outside</i>, "
    "and you can find them all in one tap."
)


def tags_list(counts: Sequence[tuple[str, int]], shown: int) -> str:
    head = "Your tags, most used first. Tap one to see its wins."
    lines = [f"#{q(tag)} · {count}" for tag, count in counts]
    tail = f"The top {shown} have buttons; /find #tag works for any." if shown < len(counts) else ""
    return join_within(head, lines, tail)


def tag_button(tag: str, count: int) -> str:
    return f"#{clip(tag, 30)} ({count})"


TAG_GONE = "No wins carry that tag any more."
