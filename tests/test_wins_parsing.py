"""Reading wins out of a message."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.domain.wins import (
    MAX_WIN_CHARS,
    MAX_WINS_PER_MESSAGE,
    ParsedWin,
    WinTextError,
    extract_tags,
    parse_wins,
)


def texts(message: str) -> list[str]:
    return [win.text for win in parse_wins(message)]


def test_a_single_line_is_one_win_even_with_commas() -> None:
    assert parse_wins("walked, stretched, drank water") == [
        ParsedWin("walked, stretched, drank water", ())
    ]


def test_each_non_empty_line_is_a_win() -> None:
    assert texts("made the bed\n\n  \ncalled mum\r\nwent outside") == [
        "made the bed",
        "called mum",
        "went outside",
    ]


def test_bullets_become_separate_wins() -> None:
    message = "\n".join(
        [
            "- made the bed",
            "* called mum",
            "+ read a page",
            "• stretched",
            "– drank water",
            "— took a walk",
            "· flossed",
            "▪ tidied desk",
            "◦ journaled",
            "> meditated",
        ]
    )
    assert texts(message) == [
        "made the bed",
        "called mum",
        "read a page",
        "stretched",
        "drank water",
        "took a walk",
        "flossed",
        "tidied desk",
        "journaled",
        "meditated",
    ]


def test_numbers_checkboxes_and_ticks_are_stripped() -> None:
    message = "1. one\n2) two\n(3) three\n[x] four\n[ ] five\n- [x] six\n- [ ] seven"
    assert texts(message) == ["one", "two", "three", "four", "five", "six", "seven"]
    ticks = "✅ a\n✔ b\n✔️ c\n☑️ d\n🟢 e\n✅did it"
    assert texts(ticks) == ["a", "b", "c", "d", "e", "did it"]


def test_numbers_that_are_part_of_the_win_stay() -> None:
    assert texts("1.5 km run") == ["1.5 km run"]
    assert texts("-5 kg since March") == ["-5 kg since March"]
    assert texts("+1 push-up") == ["+1 push-up"]
    assert texts("2024 was hard, today was good") == ["2024 was hard, today was good"]


def test_marker_only_lines_are_skipped() -> None:
    assert texts("- \n*\n1.\n✅\n[ ]\n- slept 8 hours") == ["slept 8 hours"]


def test_whitespace_and_zero_width_characters_are_cleaned() -> None:
    assert texts("\u200b  went\t\u00a0 for   a walk \ufeff ") == ["went for a walk"]


def test_emoji_only_wins_are_kept_whole() -> None:
    assert texts("💪") == ["💪"]
    # The zero-width joiner holds the runner together; it must survive cleaning.
    assert texts("🏃\u200d♀️") == ["🏃\u200d♀️"]


def test_tags_are_extracted_and_kept_in_the_text() -> None:
    (win,) = parse_wins("- ran 5k #Running #health #running")
    assert win.text == "ran 5k #Running #health #running"
    assert win.tags == ("running", "health")


def test_each_win_gets_its_own_tags() -> None:
    assert [win.tags for win in parse_wins("a #x\nb #y #x\nc")] == [("x",), ("y", "x"), ()]


def test_tag_rules() -> None:
    assert extract_tags("#café #спорт #योग #ok_2") == ("café", "спорт", "योग", "ok_2")
    assert extract_tags("#1 #2024 a#b") == ()
    assert extract_tags("#" + "a" * 64) == ("a" * 64,)
    assert extract_tags("#" + "a" * 65) == ()
    assert extract_tags("(#gym), #gym!") == ("gym",)


def test_empty_message_is_refused() -> None:
    for message in ("", "   ", "\n\n", "\u200b", "- \n• "):
        with pytest.raises(WinTextError) as error:
            parse_wins(message)
        assert error.value.reason == "empty"


def test_overlong_win_is_refused() -> None:
    assert texts("x" * MAX_WIN_CHARS) == ["x" * MAX_WIN_CHARS]
    with pytest.raises(WinTextError) as error:
        parse_wins("ok\n" + "x" * (MAX_WIN_CHARS + 1))
    assert (error.value.reason, error.value.limit) == ("too_long", MAX_WIN_CHARS)


def test_too_many_wins_in_one_message_is_refused() -> None:
    assert len(parse_wins("\n".join(["w"] * MAX_WINS_PER_MESSAGE))) == MAX_WINS_PER_MESSAGE
    with pytest.raises(WinTextError) as error:
        parse_wins("\n".join(["w"] * (MAX_WINS_PER_MESSAGE + 1)))
    assert (error.value.reason, error.value.limit) == ("too_many", MAX_WINS_PER_MESSAGE)


_MARKERS = ["- ", "* ", "• ", "1. ", "(2) ", "[x] ", "- [ ] ", "✅ ", "✔️", "> ", "— "]
_messy_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["#", "\n", " ", "\u200b", "\u200d", "\ufe0f", "-", "1", "."]),
        st.sampled_from(_MARKERS),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _messy_text))
@example("+\u200c")  # a marker behind an invisible joiner: cleaned once, it must stay clean
def test_any_text_gives_clean_wins_or_a_win_text_error(message: str) -> None:
    try:
        wins = parse_wins(message)
    except WinTextError as error:
        assert error.reason in ("empty", "too_long", "too_many")
        return
    assert 1 <= len(wins) <= MAX_WINS_PER_MESSAGE
    for win in wins:
        assert 0 < len(win.text) <= MAX_WIN_CHARS
        assert win.text == win.text.strip()
        assert not win.text.startswith(("- ", "* ", "• ", "✅", "[x]", "[ ]", "1. ", "> "))
        # Cleaning is done once and for all: a stored win reads back as itself.
        assert parse_wins(win.text) == [win]
        for tag in win.tags:
            assert "#" + tag.casefold() in win.text.casefold()
