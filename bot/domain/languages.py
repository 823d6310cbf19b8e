"""Which of the bot's languages applies: the one a person or a group chose, and the one a
person means when they type a name (`/language de`, `/language Deutsch`)."""

from __future__ import annotations

import re
import unicodedata

from bot.i18n import DEFAULT, LANGUAGES, language_for

# Names people type in English besides the languages' own (LANGUAGES names them in themselves).
_ENGLISH_NAMES = {
    "english": "en",
    "spanish": "es",
    "castellano": "es",
    "portuguese": "pt_BR",
    "brazilian": "pt_BR",
    "brazilian portuguese": "pt_BR",
    "portugues do brasil": "pt_BR",
    "german": "de",
    "russian": "ru",
    "persian": "fa",
    "farsi": "fa",
}
# A language tag as Telegram or a person writes it: `de`, `pt-BR`, `pt_br`, `es-419`.
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def _key(text: str) -> str:
    """Case, accents, brackets and spacing left out: `Português (Brasil)` -> `portugues brasil`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[()\[\],.!?;:\"'«»]", " ", bare).split())


def _names() -> dict[str, str]:
    names = {_key(name): code for code, name in LANGUAGES.items()}
    # The name without its region: `Português`.
    names.update({_key(name.split("(", 1)[0]): code for code, name in LANGUAGES.items()})
    names.update({_key(name): code for name, code in _ENGLISH_NAMES.items()})
    return names


_BY_NAME = _names()


def choose(text: str) -> str | None:
    """The language `text` names (its code or its name, in itself or in English), if the
    bot speaks it."""
    key = _key(text)
    if not key:
        return None
    if key in _BY_NAME:
        return _BY_NAME[key]
    tag = key.replace("_", "-")
    if _TAG.match(tag):
        found = language_for(tag)
        # language_for falls back to English: only `en...` itself means English.
        if found != DEFAULT or tag.split("-", 1)[0] == DEFAULT:
            return found
    return None


def spoken(language: str | None, telegram_code: str | None) -> str:
    """A person's language: the one stored for them, else their Telegram app's."""
    return language if language in LANGUAGES else language_for(telegram_code)


def group_spoken(language: str | None) -> str:
    """A group's language: the one stored for it, else English (as before languages)."""
    return language if language in LANGUAGES else DEFAULT
