"""Words people type, in every language the bot speaks: how they are compared, and the short
answers (yes, no, on, off) that mean the same in each.

All languages are accepted at once, whatever language the bot speaks to the person: a
Spanish speaker with an English interface still types "sí". Commands stay in English.
"""

from __future__ import annotations

import unicodedata

# Persian (۰-۹) and Arabic-Indic (٠-٩) digits read as 0-9, and the Arabic decimal separator
# as a dot ("۱۸٫۳۰"). Python's int() reads such digits too; this is for comparing and
# matching, and keeps each character in place (one for one), so positions still line up.
DIGITS = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫",
    "01234567890123456789.",
)
# Arabic letters that Persian writes differently: the same word typed on an Arabic keyboard.
_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})
SAME_LENGTH = DIGITS | _ARABIC_TO_PERSIAN


def _plain_letters() -> dict[int, str]:
    # Every precomposed Latin and Cyrillic letter with accents to its plain letter, one for
    # one ("é" -> "e", "ё" -> "е"): matching a pattern on text read this way still gives
    # positions in the text as typed.
    table: dict[int, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x400, 0x500)):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and all(unicodedata.combining(c) for c in parts[1:]):
            table[code] = parts[0]
    return table


# Digits, Arabic letters and accents read plainly, each character in its place.
PLAIN = str.maketrans(SAME_LENGTH | _plain_letters())
# Zero-width joiners, non-joiners and direction marks: Persian puts a non-joiner inside
# many words ("سه‌شنبه"), which people type or leave out.
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"))


def fold(text: str) -> str:
    """`text` as compared: lower case, without accents, invisible marks or Arabic variants.

    "Sábado" and "sabado", "Ёлка" and "елка", "سه‌شنبه" and "سهشنبه" fold to the same.
    """
    # Compatibility forms first ("𝔍", "ﻱ", "²"): case and letters fold on what they stand for.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(c for c in folded if not unicodedata.combining(c)).translate(SAME_LENGTH)
    return unicodedata.normalize("NFC", kept).translate(_INVISIBLE)


def folded_words(*words: str) -> frozenset[str]:
    """The words as compared: "adiós" is "adios", "Спасибо" is "спасибо", a Persian word
    with or without its joiner is the same word."""
    return frozenset(fold(w) for w in words)


# A short "yes" or "no" to a question, in each language.
YES = folded_words(
    *("yes", "y", "yeah", "yep", "yup", "ok", "okay", "sure"),
    *("sí", "si", "claro", "vale", "dale"),
    *("sim", "claro", "beleza", "pode ser"),
    *("ja", "jo", "jawohl", "klar", "gerne", "gern"),
    *("да", "ага", "конечно", "ок", "окей", "хорошо", "ладно"),
    *("بله", "آره", "اره", "باشه", "حتما", "اوکی", "چشم"),
)
NO = folded_words(
    *("no", "nope", "nah", "n"),
    *("não", "nao"),
    *("nein", "nö", "nee"),
    *("нет", "неа", "не"),
    *("نه", "نخیر"),
)
# Switching something on or off ("/share on", "/morning off"), in each language.
ON = folded_words(
    *("on", "yes"),
    *("encender", "encendido", "activar", "activado", "sí", "si"),
    *("ligar", "ligado", "ativar", "ativado", "sim"),
    *("an", "ein", "einschalten", "ja"),
    *("вкл", "включить", "включено", "да"),
    *("روشن", "فعال", "بله"),
)
OFF = folded_words(
    *("off", "none", "no", "never", "disable", "stop"),
    *("apagar", "apagado", "desactivar", "desactivado", "nunca", "ninguno", "basta"),
    *("desligar", "desligado", "desativar", "desativado", "não", "nao", "parar", "nenhum"),
    *("aus", "ausschalten", "nie", "nein", "keine", "kein", "stopp"),
    *("выкл", "выключить", "выключено", "нет", "никогда", "стоп", "хватит"),
    *("خاموش", "غیرفعال", "هیچوقت", "هرگز", "نخیر"),
)
# "نه" is Persian for "no" but also for "nine": as the answer to "what time?" it could be
# either, so it does not turn anything off (it still says no where no number is asked).


def parse_switch(word: str) -> bool | None:
    """True for "on" (an, ligado, вкл, روشن...), False for "off", None for anything else."""
    folded = fold(" ".join(word.split())).strip(".!")
    if folded in ON:
        return True
    if folded in OFF:
        return False
    return None


# --- weekdays -------------------------------------------------------------------------------

# Each language's names for Monday..Sunday: the full names first (any form a person types
# alone or after "on"), then the usual short forms. German "Do" is Thursday, so Spanish
# "do" (domingo) is left out; "dom" says Sunday in both Spanish and Portuguese.
WEEKDAY_NAMES: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "en": (
        (("monday",), ("mon", "mo")),
        (("tuesday",), ("tue", "tues", "tu")),
        (("wednesday",), ("wed", "we")),
        (("thursday",), ("thu", "thur", "thurs", "th")),
        (("friday",), ("fri", "fr")),
        (("saturday",), ("sat", "sa")),
        (("sunday",), ("sun", "su")),
    ),
    "es": (
        (("lunes",), ("lun", "lu")),
        (("martes",), ("mar", "ma")),
        (("miércoles",), ("mié", "mi")),
        (("jueves",), ("jue", "ju")),
        (("viernes",), ("vie", "vi")),
        (("sábado",), ("sáb", "sa")),
        (("domingo",), ("dom",)),
    ),
    "pt_BR": (
        (("segunda-feira", "segunda"), ("seg",)),
        (("terça-feira", "terça"), ("ter",)),
        (("quarta-feira", "quarta"), ("qua",)),
        (("quinta-feira", "quinta"), ("qui",)),
        (("sexta-feira", "sexta"), ("sex",)),
        (("sábado",), ("sáb",)),
        (("domingo",), ("dom",)),
    ),
    "de": (
        (("montag",), ("mo",)),
        (("dienstag",), ("di",)),
        (("mittwoch",), ("mi",)),
        (("donnerstag",), ("do",)),
        (("freitag",), ("fr",)),
        (("samstag", "sonnabend"), ("sa",)),
        (("sonntag",), ("so",)),
    ),
    # The nominative, then the accusative of "в среду" where it differs.
    "ru": (
        (("понедельник",), ("пн", "пон")),
        (("вторник",), ("вт",)),
        (("среда", "среду"), ("ср",)),
        (("четверг",), ("чт",)),
        (("пятница", "пятницу"), ("пт",)),
        (("суббота", "субботу"), ("сб",)),
        (("воскресенье",), ("вс",)),
    ),
    # Short forms as calendars print them: "۲ش" is the second day after Saturday.
    "fa": (
        (("دوشنبه",), ("۲ش",)),
        (("سه‌شنبه",), ("۳ش",)),
        (("چهارشنبه",), ("۴ش",)),
        (("پنج‌شنبه",), ("۵ش",)),
        (("جمعه",), ("ج",)),
        (("شنبه",), ("ش",)),
        (("یک‌شنبه",), ("۱ش",)),
    ),
}
# Russian weekdays change their ending ("по понедельникам", "по средам"): what every form
# starts with. Other languages add an ending to the full name ("sundays", "sonntags").
_RUSSIAN_STEMS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресен")


def _weekday_table(short: bool) -> tuple[tuple[str, int], ...]:
    return tuple(
        (fold(name), number)
        for days in WEEKDAY_NAMES.values()
        for number, (full, shorts) in enumerate(days)
        for name in (shorts if short else full)
    )


_FULL_WEEKDAYS = _weekday_table(short=False)
_SHORT_WEEKDAYS = _weekday_table(short=True)
_WEEKDAY_STEMS = tuple((stem, n) for n, stem in enumerate(_RUSSIAN_STEMS))


def _one(numbers: set[int]) -> int | None:
    return numbers.pop() if len(numbers) == 1 else None


def weekday_number(word: str) -> int | None:
    """0..6 (Monday..Sunday) for a weekday named in any of our languages, or None.

    Full names, short forms ("Mo", "mié", "пн") and endings ("sundays", "sonntags",
    "по понедельникам") count, and any start of two letters or more that names one day only
    ("wedn", "quar"); "se" (segunda or sexta?) names none.
    """
    folded = fold(word).strip(".,،")
    if not folded:
        return None
    exact = {n for name, n in _FULL_WEEKDAYS + _SHORT_WEEKDAYS if name == folded}
    if exact:
        return _one(exact)
    longer = {n for name, n in _FULL_WEEKDAYS + _WEEKDAY_STEMS if folded.startswith(name)}
    if longer:
        return _one(longer)
    if len(folded) >= 2:
        return _one({n for name, n in _FULL_WEEKDAYS if name.startswith(folded)})
    return None
