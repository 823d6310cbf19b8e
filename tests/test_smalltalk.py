"""Small talk is recognised in a small pure function: kind words are not wins, wins are."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.smalltalk import ACKNOWLEDGEMENTS, GREETINGS, THANKS, is_small_talk, kind_of


@pytest.mark.parametrize(
    "text",
    ["thanks!", "hi", "👍", "❤️", "Thank you so much 😊", "hi there", "Good morning!", "ok",
     "heyyy", "thx", "🙏🙏", "...", "Hello bot", "cheers"],
)  # fmt: skip
def test_obvious_small_talk_is_recognised(text: str) -> None:
    assert is_small_talk(text)


@pytest.mark.parametrize(
    "text",
    ["said hi to my neighbour", "great day at work", "walked 5k", "🏃 5k", "yes I did it",
     "gym", "thanked my boss for the feedback", "ok #health", "hi\nran 3 km", "", "   "],
)  # fmt: skip
def test_real_wins_are_not_small_talk(text: str) -> None:
    assert not is_small_talk(text)


def test_the_kind_of_small_talk_picks_the_answer() -> None:
    assert kind_of("Thanks a lot!") == "thanks"
    assert kind_of("hey") == "greeting"
    assert kind_of("👍") == "other"


_EMOJI = st.sampled_from(["👍", "❤️", "🙂", "🎉", "🙏", "💪", "😊", "!", "?", ".", " "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_EMOJI, min_size=1, max_size=10))
def test_emoji_and_punctuation_alone_are_small_talk(parts: list[str]) -> None:
    text = "".join(parts)
    assert is_small_talk(text) == bool(text.strip())


_KIND_WORDS = st.sampled_from(sorted(GREETINGS | THANKS | ACKNOWLEDGEMENTS))
_OTHER_WORDS = st.sampled_from(
    ["walked", "cooked", "neighbour", "called", "finished", "report", "dinner", "ran"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_KIND_WORDS, min_size=0, max_size=3), _OTHER_WORDS, st.integers(0, 3))
def test_a_word_that_is_not_small_talk_makes_it_a_win(kind: list[str], other: str, at: int) -> None:
    words = list(kind)
    words.insert(min(at, len(words)), other)
    assert not is_small_talk(" ".join(words))


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=41, max_size=200))
def test_long_text_is_never_small_talk(text: str) -> None:
    if len(text.strip()) > 40:
        assert not is_small_talk(text)
