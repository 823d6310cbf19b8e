"""Group prompts as plain functions: the morning check-in, the evening digest and the
weekly review, built from plain data. One message per slot; split only above the limit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot import texts


@dataclass(frozen=True, slots=True)
class SharedWin:
    """One win the group may see (already filtered for privacy by storage)."""

    user_id: int
    name: str
    local_date: date
    text: str
    tags: tuple[str, ...] = ()
    has_photo: bool = False


@dataclass(frozen=True, slots=True)
class PersonWins:
    user_id: int
    name: str
    wins: tuple[SharedWin, ...]


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def by_person(wins: Iterable[SharedWin]) -> list[PersonWins]:
    """Group wins per person, people in order of first appearance. Only people with wins
    appear, so nobody is ever named for having none."""
    order: dict[int, list[SharedWin]] = {}
    for win in wins:
        order.setdefault(win.user_id, []).append(win)
    return [PersonWins(uid, ws[0].name, tuple(ws)) for uid, ws in order.items()]


def split_messages(blocks: Sequence[str], limit: int = texts.common.MESSAGE_LIMIT) -> list[str]:
    """Join blocks with newlines into as few messages as fit under `limit`.

    Breaks fall between blocks; a block longer than the limit is broken between its lines
    (a single line never exceeds it: win texts are clipped). Sizes are measured on the
    HTML in UTF-16 units, never less than what Telegram counts after parsing.
    """
    lines_per_block = [b.split("\n") for b in blocks if b]
    messages: list[str] = []
    current: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal current, size
        if current:
            messages.append("\n".join(current))
        current, size = [], 0

    for lines in lines_per_block:
        block = "\n".join(lines)
        block_size = utf16_len(block)
        if current and size + 1 + block_size > limit:
            flush()
        if block_size <= limit:
            size += (1 if current else 0) + block_size
            current.append(block)
            continue
        for line in lines:
            line_size = utf16_len(line)
            if current and size + 1 + line_size > limit:
                flush()
            size += (1 if current else 0) + line_size
            current.append(line)
    flush()
    return messages


def _win_line(win: SharedWin) -> str:
    text = win.text or texts.wins.photo_win_text()
    return (
        f"• {'📷 ' if win.has_photo and win.text else ''}{texts.common.q(texts.common.clip(text))}"
    )


def morning_checkin(title: str) -> list[str]:
    return [texts.groups.group_morning(title)]


def evening_digest(title: str, wins: Sequence[SharedWin], day: date) -> list[str]:
    """'today: 9 wins from 4 people', each person's wins, one cheer; an empty day gets an
    encouraging line and no names."""
    people = by_person(wins)
    if not people:
        return [texts.groups.digest_empty(title)]
    blocks = [texts.groups.digest_head(title, len(wins), len(people))]
    for person in people:
        lines = [f"<b>{texts.common.q(texts.common.clip(person.name, 64))}</b>"]
        lines += [_win_line(w) for w in person.wins]
        blocks.append("\n".join(lines))
    blocks.append(texts.groups.cheer(day.toordinal()))
    return split_messages(blocks)


def weekly_review(title: str, wins: Sequence[SharedWin], first: date, last: date) -> list[str]:
    """The week in numbers: wins, people, days with a win, top tags and who took part."""
    people = by_person(wins)
    if not people:
        return [texts.groups.weekly_empty(title)]
    span = (last - first).days + 1
    days = len({w.local_date for w in wins})
    blocks = [texts.groups.weekly_head(title, len(wins), len(people), days, span)]
    tags = Counter(tag for w in wins for tag in w.tags)
    if tags:
        top = sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        blocks.append(texts.groups.weekly_tags([tag for tag, _ in top]))
    # Alphabetical, without counts: the review thanks people, it doesn't rank them.
    names = sorted({texts.common.clip(p.name, 64) for p in people}, key=str.casefold)
    blocks.append(texts.groups.weekly_names(names))
    blocks.append(texts.groups.weekly_cheer())
    return split_messages(blocks)
