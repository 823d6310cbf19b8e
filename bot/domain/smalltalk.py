"""Small talk: a greeting, a thank-you, an "ok" or a lone emoji is not a win.

Only short messages made entirely of such words (and emoji or punctuation) count: "said hi
to my neighbour" has other words in it, so it stays a win.
"""

from __future__ import annotations

import re
import unicodedata

# Longer than this is a sentence, whatever its words.
MAX_CHARS = 40
MAX_WORDS = 5

GREETINGS = frozenset(
    {"hi", "hello", "hey", "heya", "hiya", "howdy", "yo", "sup", "gm", "gn", "morning"}
    | {"evening", "afternoon", "night", "goodnight", "bye", "goodbye", "ciao", "hola"}
    | {"hallo", "salut", "bonjour", "oi", "ola", "olá", "привет", "здравствуйте", "שלום"}
)
THANKS = frozenset(
    {"thanks", "thank", "thx", "ty", "tysm", "tnx", "cheers", "gracias", "danke", "merci"}
    | {"obrigado", "obrigada", "спасибо", "תודה"}
)
ACKNOWLEDGEMENTS = frozenset(
    {"ok", "okay", "okey", "k", "kk", "cool", "nice", "great", "awesome", "lol", "haha"}
    | {"hehe", "yes", "yeah", "yep", "yup", "no", "nope", "nah", "sure", "hmm", "oh", "ah"}
    | {"wow", "alright", "fine", "np", "welcome", "got", "it", "noted", "perfect", "sweet"}
)
# Words that only ever come along with the ones above ("thank you so much", "hi there").
_FILLERS = frozenset(
    {"you", "u", "so", "much", "very", "a", "lot", "there", "good", "again", "all", "dear"}
    | {"bot", "smallwins", "see", "ya", "later", "too", "and", "buenos", "dias", "días"}
)
_VOCABULARY = GREETINGS | THANKS | ACKNOWLEDGEMENTS | _FILLERS
_CORE = GREETINGS | THANKS | ACKNOWLEDGEMENTS
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _only_symbols(text: str) -> bool:
    """Emoji, punctuation and spaces only (no letters or digits)."""
    return not any(unicodedata.category(c)[0] in "LN" for c in text)


def _squash(word: str) -> str:
    # "heyyy", "thanksss", "okkk": a stretched word is the same word.
    return re.sub(r"(.)\1{2,}", r"\1", word)


def is_small_talk(text: str) -> bool:
    """True for obvious small talk ("thanks!", "hi", "👍"), never for a real win."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_CHARS or "\n" in stripped:
        return False
    if _only_symbols(stripped):
        return True
    if any(c.isdigit() for c in stripped) or "#" in stripped:
        return False
    words = [_squash(w) for w in _WORD.findall(stripped.casefold())]
    if not words or len(words) > MAX_WORDS:
        return False
    # Nothing else may be in there but the words, spaces, punctuation and emoji.
    if not all(w in _VOCABULARY for w in words):
        return False
    return any(w in _CORE for w in words)


def kind_of(text: str) -> str:
    """Which small talk it is, for the answer: "thanks", "greeting" or "other"."""
    words = set(_WORD.findall(text.casefold()))
    if words & THANKS:
        return "thanks"
    if words & GREETINGS:
        return "greeting"
    return "other"
