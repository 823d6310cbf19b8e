"""The photo/caption rule: which wins a message carries."""

from __future__ import annotations

import pytest

from bot.domain.wins import ParsedWin, WinTextError, wins_in_message


def test_text_carries_one_win_per_line() -> None:
    assert wins_in_message("- ran #health\n- read", photo=False) == [
        ParsedWin("ran #health", ("health",)),
        ParsedWin("read", ()),
    ]


def test_a_photo_is_one_win_its_caption_folded_into_one_line() -> None:
    assert wins_in_message("ran #health\nread #books", photo=True) == [
        ParsedWin("ran #health · read #books", ("health", "books"))
    ]


def test_a_photo_without_a_caption_is_still_a_win() -> None:
    assert wins_in_message("  ", photo=True) == [ParsedWin("", ())]


def test_text_without_a_win_is_refused() -> None:
    with pytest.raises(WinTextError):
        wins_in_message("  ", photo=False)
