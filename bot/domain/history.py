"""Looking back: the weeks /history pages through, and what /find and /tags search for."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.wins import ParsedWin, WinTextError, extract_tags, parse_wins

# Weeks start on Monday unless a user's setting says otherwise (0 = Monday ... 6 = Sunday).
MONDAY = 0
# /find results per page, and the win buttons one history page offers at most.
FIND_PAGE_SIZE = 10
PICK_LIMIT = 30
SEARCH_CHARS = 200


def week_start(day: date, first_weekday: int = MONDAY) -> date:
    """The first day of the week `day` belongs to."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def week_days(start: date) -> tuple[date, date]:
    """First and last day of the week starting on `start`."""
    return start, start + timedelta(days=6)


class SearchError(ValueError):
    """A /find query that cannot be searched for: empty or too long."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "empty" | "too_long"


@dataclass(frozen=True, slots=True)
class Search:
    """What /find looks for: every word in the text and every tag among the tags."""

    words: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def query(self) -> str:
        return " ".join([*(f"#{t}" for t in self.tags), *self.words])


def parse_search(text: str) -> Search:
    """ "walk #Park  dog" -> words ("walk", "dog"), tags ("park"); all casefolded."""
    text = " ".join(text.split())
    if not text:
        raise SearchError("empty")
    if len(text) > SEARCH_CHARS:
        raise SearchError("too_long")
    words: list[str] = []
    tags: list[str] = []
    for token in text.split():
        found = extract_tags(token) if token.startswith("#") else ()
        if found:
            tags.extend(t for t in found if t not in tags)
        else:
            word = token.casefold()
            if word not in words:
                words.append(word)
    return Search(tuple(words), tuple(tags))


def like_pattern(word: str) -> str:
    """`word` anywhere, as a LIKE pattern with ESCAPE '\\' (so "50%" means 50%)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def page_count(total: int, size: int = FIND_PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def tag_counts(tag_lists: Iterable[Iterable[str]]) -> list[tuple[str, int]]:
    """Tags with how many wins carry them: most used first, then alphabetical."""
    counts = Counter(tag for tags in tag_lists for tag in tags)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def tag_key(tag: str) -> str:
    """A short, stable stand-in for a tag in a button (tags can be 64 letters long)."""
    return hashlib.sha256(tag.encode()).hexdigest()[:12]


class EditError(ValueError):
    """New words for a win that cannot be stored: empty, several lines, or too long."""

    def __init__(self, reason: str, limit: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason  # "empty" | "several" | "too_long"
        self.limit = limit


def edited_win(text: str) -> ParsedWin:
    """The one win new words make, with its tags (a win stays one line)."""
    try:
        parsed = parse_wins(text)
    except WinTextError as error:
        if error.reason == "too_long":
            raise EditError("too_long", error.limit) from error
        raise EditError("several" if error.reason == "too_many" else "empty") from error
    if not parsed:
        raise EditError("empty")
    if len(parsed) > 1:
        raise EditError("several")
    return parsed[0]
