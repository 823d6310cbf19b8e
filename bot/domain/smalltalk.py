"""Small talk: a greeting, a thank-you, an "ok" or a lone emoji is not a win.

Only short messages made entirely of such words (and emoji or punctuation) count: "said hi
to my neighbour" has other words in it, so it stays a win.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.words import fold, folded_words

# Longer than this is a sentence, whatever its words.
MAX_CHARS = 40
MAX_WORDS = 5


# In every language we speak, all at once: a Spanish speaker with an English interface
# still says "gracias". Words that also mean something else only count here because
# small talk is short and made of nothing but such words.
GREETINGS = folded_words(
    *("hi", "hello", "hey", "heya", "hiya", "howdy", "yo", "sup", "gm", "gn", "morning"),
    *("evening", "afternoon", "night", "goodnight", "bye", "goodbye", "ciao", "hola"),
    *("hallo", "salut", "bonjour", "oi", "ola", "olá", "привет", "здравствуйте", "שלום"),
    *("buenas", "buenos", "buen", "adiós", "chao", "chau", "hasta"),
    *("bom", "boa", "tchau", "até"),
    *("moin", "servus", "tschüss", "tschüs", "guten", "gute", "bis"),
    *("здравствуй", "здрасте", "добрый", "доброе", "доброй", "спокойной", "пока", "свидания"),
    *("سلام", "درود", "خداحافظ", "بخیر", "شب‌بخیر", "فعلا"),
)
THANKS = folded_words(
    *("thanks", "thank", "thx", "ty", "tysm", "tnx", "cheers", "gracias", "danke", "merci"),
    *("obrigado", "obrigada", "спасибо", "תודה"),
    *("brigado", "brigada", "valeu", "vlw"),
    *("dankeschön", "dank"),
    *("спс", "благодарю", "пасиб"),
    *("ممنون", "ممنونم", "مرسی", "متشکرم", "متشکر", "مچکرم", "سپاس", "سپاسگزارم", "تشکر"),
    *("قربانت", "قربونت"),
)
ACKNOWLEDGEMENTS = folded_words(
    *("ok", "okay", "okey", "k", "kk", "cool", "nice", "great", "awesome", "lol", "haha"),
    *("hehe", "yes", "yeah", "yep", "yup", "no", "nope", "nah", "sure", "hmm", "oh", "ah"),
    *("wow", "alright", "fine", "np", "welcome", "got", "it", "noted", "perfect", "sweet"),
    *("sí", "vale", "claro", "genial", "perfecto", "bien", "bueno", "listo", "dale", "jaja"),
    *("entendido",),
    *("sim", "não", "beleza", "blz", "tá", "certo", "legal", "ótimo", "show", "bem", "kkk"),
    *("entendi", "combinado"),
    *("ja", "nein", "jo", "klar", "super", "toll", "prima", "gut", "passt", "genau"),
    *("да", "нет", "ок", "окей", "хорошо", "ладно", "понял", "поняла", "понятно", "ага"),
    *("угу", "круто", "класс", "супер", "отлично"),
    *("باشه", "اوکی", "بله", "آره", "نه", "خوب", "عالی", "حتما", "چشم"),
)
# Words that only ever come along with the ones above ("thank you so much", "hi there",
# "muchas gracias", "bom dia", "vielen Dank", "спасибо большое", "صبح بخیر").
_FILLERS = folded_words(
    *("you", "u", "so", "much", "very", "a", "lot", "there", "good", "again", "all", "dear"),
    *("bot", "smallwins", "see", "ya", "later", "too", "and", "buenos", "dias", "días"),
    *("muchas", "muchísimas", "mil", "muy", "tardes", "noches", "luego", "pronto", "todos"),
    *("mañana",),
    *("muito", "muita", "dia", "tarde", "noite", "tudo", "logo", "você", "vc", "pra", "amanhã"),
    *("vielen", "schön", "sehr", "dir", "euch", "morgen", "tag", "abend", "nacht", "auch"),
    *("alle", "später", "bald"),
    *("большое", "огромное", "тебе", "вам", "утро", "день", "вечер", "ночи", "всем", "очень"),
    *("до",),
    *("خیلی", "صبح", "شب", "روز", "عصر", "ازت", "ازتون", "جان", "عزیز"),
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
    words = [_squash(w) for w in _WORD.findall(fold(stripped))]
    if not words or len(words) > MAX_WORDS:
        return False
    # Nothing else may be in there but the words, spaces, punctuation and emoji.
    if not all(w in _VOCABULARY for w in words):
        return False
    return any(w in _CORE for w in words)


def kind_of(text: str) -> str:
    """Which small talk it is, for the answer: "thanks", "greeting" or "other"."""
    words = {_squash(w) for w in _WORD.findall(fold(text))}
    if words & THANKS:
        return "thanks"
    if words & GREETINGS:
        return "greeting"
    return "other"
