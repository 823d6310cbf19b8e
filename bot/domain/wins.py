"""Turning a message into wins: one per line or bullet, cleaned, with its #tags."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

MAX_WIN_CHARS = 1000
MAX_WINS_PER_MESSAGE = 30
MAX_TAG_CHARS = 64

WinTextProblem = Literal["empty", "too_long", "too_many"]

# Invisible or control characters that carry no meaning inside a win: zero-width space,
# word joiner, BOM, soft hyphen, lone surrogates, and C0/C1 controls other than whitespace.
_DROPPED = re.compile(
    "[\u200b\u2060\ufeff\u00ad\ud800-\udfff\x00-\x08\x0e-\x1b\x7f\x80-\x84\x86-\x9f]"
)
# Invisible at the edges only: joiners glue emoji and some scripts together inside a win,
# and direction marks matter inside right-to-left text.
_EDGE_CHARS = " \u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# A variation selector belongs to the character before it, so it is only an orphan at the start.
_LEADING_CHARS = _EDGE_CHARS + "\ufe0e\ufe0f"
_MARKER = re.compile(
    r"""
    (?:
        [-–—•·▪◦]+(?!\d)              # dashes and bullets, but "-5 kg" is a win
      | [*+>]+(?=\s|$)                # markdown bullets and quotes need a space after
      | \(\d{1,3}\)(?=\s|$)           # (1)
      | \d{1,3}[.)](?=\s|$)           # 1.  1)   but not "1.5 km"
      | \[[\sxX✓✔vV*-]?\]            # [x] [ ] []
      | [✅✔☑✓🟢]\ufe0f?              # ticks
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class ParsedWin:
    """One win from a message: its cleaned text and its tags (lowercase, without '#')."""

    text: str
    tags: tuple[str, ...]


class WinTextError(ValueError):
    """A message that cannot be stored as wins; `limit` is the bound that was crossed."""

    def __init__(self, reason: WinTextProblem, limit: int) -> None:
        super().__init__(f"{reason} (limit {limit})")
        self.reason: WinTextProblem = reason
        self.limit = limit


def parse_wins(text: str) -> list[ParsedWin]:
    """The wins in a message: one per non-empty line, bullet markers removed."""
    cleaned = [_clean_line(line) for line in text.splitlines()]
    wins = [line for line in cleaned if line]
    if not wins:
        raise WinTextError("empty", 1)
    if len(wins) > MAX_WINS_PER_MESSAGE:
        raise WinTextError("too_many", MAX_WINS_PER_MESSAGE)
    if any(len(win) > MAX_WIN_CHARS for win in wins):
        raise WinTextError("too_long", MAX_WIN_CHARS)
    return [ParsedWin(win, extract_tags(win)) for win in wins]


def wins_in_message(text: str, *, photo: bool) -> list[ParsedWin]:
    """The wins a message carries: one per line, or, with a photo, one win whose text is
    the caption folded into one line (an empty caption too: the photo is the win)."""
    if not photo:
        return parse_wins(text)
    parsed = parse_wins(text) if text.strip() else []
    tags = tuple(dict.fromkeys(tag for w in parsed for tag in w.tags))
    return [ParsedWin(" · ".join(w.text for w in parsed), tags)]


def _clean_line(line: str) -> str:
    # Edges first: a marker hidden behind an invisible joiner ("+\u200c") is still a marker,
    # so cleaning a cleaned win changes nothing.
    line = " ".join(_DROPPED.sub("", line).split()).rstrip(_EDGE_CHARS)
    while True:
        line = line.lstrip(_LEADING_CHARS)
        marker = _MARKER.match(line)
        if marker is None or not marker.group():
            break
        line = line[marker.end() :]
    return line.rstrip(_EDGE_CHARS)


def extract_tags(text: str) -> tuple[str, ...]:
    """#tags in order of first appearance, lowercased and without '#', each once."""
    tags: dict[str, None] = {}
    start = text.find("#")
    while start != -1:
        end = start + 1
        while end < len(text) and _is_word_char(text[end]):
            end += 1
        name = text[start + 1 : end]
        preceded_by_word = start > 0 and _is_word_char(text[start - 1])
        # "#1" is a number and "a#b" is not a tag; tags need a letter and a clean start.
        if (
            not preceded_by_word
            and 0 < len(name) <= MAX_TAG_CHARS
            and any(unicodedata.category(c).startswith("L") for c in name)
        ):
            tags.setdefault(name.lower())
        start = text.find("#", end if end > start + 1 else start + 1)
    return tuple(tags)


def _is_word_char(char: str) -> bool:
    # Marks count so that tags in scripts with combining vowel signs ("#योग") stay whole.
    return char == "_" or unicodedata.category(char)[0] in "LNM"
