"""The words people type, in every language we speak: times, weekdays, months, backdating,
small talk and short answers. English-only behaviour stays where it was (see the older
parsing tests); these check the other languages, all accepted at once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from bot import i18n
from bot.domain.catchup import (
    NUMBER_WORDS,
    Backdated,
    TooFarBack,
    split_backdate,
    split_done_day,
)
from bot.domain.goals import find_goals
from bot.domain.months import MonthParseError, parse_month
from bot.domain.nudges import NudgeInputError, parse_pause, parse_weekly
from bot.domain.questions import KeepTimes, Kind, Payload, ZoneAnswer, interpret
from bot.domain.smalltalk import is_small_talk, kind_of
from bot.domain.times import TimeParseError, parse_time, parse_time_or_off
from bot.domain.words import fold, parse_switch, weekday_number
from bot.i18n import LANGUAGES

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# --- folding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Sábado", "sabado"),
        ("MIÉRCOLES", "miercoles"),
        ("terça", "TERCA"),
        ("März", "marz"),
        ("Ёлка", "елка"),
        ("سه‌شنبه", "سهشنبه"),  # with and without the zero-width non-joiner
        ("يكشنبه", "یکشنبه"),  # Arabic yeh and kaf typed for the Persian ones
        ("۱۹:۳۰", "19:30"),
        ("١٩:٣٠", "19:30"),
    ],
)
def test_words_fold_to_the_same_whatever_the_accents_digits_or_keyboard(
    one: str, other: str
) -> None:
    assert fold(one) == fold(other)


# --- times -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 Uhr", (7, 0)),
        ("19 Uhr", (19, 0)),
        ("um 7:30 Uhr", (7, 30)),
        ("7 Uhr 30", (7, 30)),
        ("7 Uhr abends", (19, 0)),
        ("6 Uhr morgens", (6, 0)),
        ("Mitternacht", (0, 0)),
        ("7 de la tarde", (19, 0)),
        ("7 de la noche", (19, 0)),
        ("a las 8 de la mañana", (8, 0)),
        ("12 de la noche", (0, 0)),
        ("2 de la madrugada", (2, 0)),
        ("mediodía", (12, 0)),
        ("19hs", (19, 0)),
        ("7 da noite", (19, 0)),
        ("às 19h", (19, 0)),
        ("3 da tarde", (15, 0)),
        ("meia-noite", (0, 0)),
        ("в 7 вечера", (19, 0)),
        ("7 утра", (7, 0)),
        ("в 19:00", (19, 0)),
        ("2 часа дня", (14, 0)),
        ("11 вечера", (23, 0)),
        ("12 ночи", (0, 0)),
        ("2 ночи", (2, 0)),
        ("19 часов", (19, 0)),
        ("полдень", (12, 0)),
        ("۷ صبح", (7, 0)),
        ("۷ عصر", (19, 0)),
        ("ساعت ۷ صبح", (7, 0)),
        ("صبح ۷", (7, 0)),
        ("۱۰ شب", (22, 0)),
        ("۲ بعد از ظهر", (14, 0)),
        ("۱۸:۳۰", (18, 30)),
        ("۱۸٫۳۰", (18, 30)),
        ("١٩:٠٠", (19, 0)),
        ("ظهر", (12, 0)),
    ],
)
def test_times_in_each_language_are_understood(text: str, expected: tuple[int, int]) -> None:
    assert parse_time(text) == datetime.time(*expected)


@pytest.mark.parametrize(
    "text", ["19 утра", "7pm de la tarde", "Uhr", "7 de la", "صبح ۷ شب", "7:30 Uhr 15", "mañana"]
)
def test_muddled_times_are_refused(text: str) -> None:
    with pytest.raises(TimeParseError):
        parse_time(text)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([PERSIAN, ARABIC_INDIC]))
def test_persian_and_arabic_digits_read_as_the_same_time(
    hour: int, minute: int, digits: dict[int, str]
) -> None:
    written = f"{hour}:{minute:02d}".translate(digits)
    assert parse_time(written) == datetime.time(hour, minute)
    assert parse_time(f"{hour:02d}{minute:02d}".translate(digits)) == datetime.time(hour, minute)


@given(
    st.integers(1, 11),
    st.sampled_from(["de la tarde", "da tarde", "nachmittags", "дня", "عصر", "بعد از ظهر"]),
)
def test_an_afternoon_hour_is_past_noon_in_every_language(hour: int, period: str) -> None:
    assert parse_time(f"{hour} {period}") == datetime.time(hour + 12)


@given(
    st.integers(1, 11),
    st.sampled_from(["de la mañana", "da manhã", "morgens", "утра", "صبح"]),
)
def test_a_morning_hour_stays_before_noon_in_every_language(hour: int, period: str) -> None:
    assert parse_time(f"{hour} {period}") == datetime.time(hour)


@given(
    st.integers(6, 11),
    st.sampled_from(["de la noche", "da noite", "abends", "вечера", "شب"]),
)
def test_an_evening_hour_is_in_the_evening_in_every_language(hour: int, period: str) -> None:
    assert parse_time(f"{hour} {period}") == datetime.time(hour + 12)


@pytest.mark.parametrize(
    "word", ["aus", "apagado", "desligado", "nunca", "nie", "выкл", "никогда", "خاموش", "NÃO"]
)
def test_off_in_each_language_turns_a_reminder_off(word: str) -> None:
    assert parse_time_or_off(word) is None


def test_persian_no_is_not_off_where_it_could_be_nine() -> None:
    # "نه" is "no" and "nine": as the answer to "what time?" it turns nothing off.
    with pytest.raises(TimeParseError):
        parse_time_or_off("نه")


# --- weekdays --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "weekday"),
    [
        ("lunes", 0),
        ("lun", 0),
        ("miércoles", 2),
        ("miercoles", 2),
        ("mié", 2),
        ("sábado", 5),
        ("domingos", 6),
        ("segunda", 0),
        ("segunda-feira", 0),
        ("seg", 0),
        ("terça", 1),
        ("qui", 3),
        ("sex", 4),
        ("Montag", 0),
        ("Mo", 0),
        ("Do", 3),
        ("sonntags", 6),
        ("Sonnabend", 5),
        ("понедельник", 0),
        ("пн", 0),
        ("среду", 2),
        ("пятницу", 4),
        ("воскресеньям", 6),
        ("دوشنبه", 0),
        ("سه‌شنبه", 1),
        ("سهشنبه", 1),
        ("پنجشنبه", 3),
        ("جمعه", 4),
        ("شنبه", 5),
        ("یکشنبه", 6),
        ("يكشنبه", 6),
        ("۱ش", 6),
    ],
)
def test_weekdays_are_read_in_every_language(word: str, weekday: int) -> None:
    assert weekday_number(word) == weekday


@pytest.mark.parametrize("word", ["se", "qu", "son", "s", "x", "someday", ""])
def test_a_weekday_that_could_be_two_days_is_not_guessed(word: str) -> None:
    assert weekday_number(word) is None


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("context", ["format", "stand-alone"])
@pytest.mark.parametrize("width", ["wide", "abbreviated"])
def test_every_weekday_name_babel_writes_is_read_back(
    language: str, context: str, width: str
) -> None:
    names = Locale.parse(language).days[context][width]
    assert [weekday_number(names[day]) for day in range(7)] == list(range(7))


@pytest.mark.parametrize(
    ("text", "weekday", "hhmm"),
    [
        ("domingo 18:00", 6, (18, 0)),
        ("el domingo 7 de la tarde", 6, (19, 0)),
        ("los domingos 18:00", 6, (18, 0)),
        ("aos domingos 19h", 6, (19, 0)),
        ("sexta 8h", 4, (8, 0)),
        ("segunda feira 8", 0, (8, 0)),
        ("am Sonntag 18 Uhr", 6, (18, 0)),
        ("So 18:00", 6, (18, 0)),
        ("в среду в 7 вечера", 2, (19, 0)),
        ("по воскресеньям 18:00", 6, (18, 0)),
        ("вс 19:00", 6, (19, 0)),
        ("سه شنبه ۱۸:۰۰", 1, (18, 0)),
        ("یکشنبه ساعت ۶ عصر", 6, (18, 0)),
        ("on sunday 7pm", 6, (19, 0)),
    ],
)
def test_weekly_reads_a_day_and_a_time_in_every_language(
    text: str, weekday: int, hhmm: tuple[int, int]
) -> None:
    choice = parse_weekly(text)
    assert (choice.weekday, choice.local_time) == (weekday, datetime.time(*hhmm))


@pytest.mark.parametrize("word", ["aus", "apagado", "выкл", "خاموش"])
def test_weekly_off_in_each_language(word: str) -> None:
    assert parse_weekly(word).weekday is None


@pytest.mark.parametrize("text", ["domingo", "el domingo", "se 18:00", "domingo mañana"])
def test_weekly_without_a_clear_day_and_time_is_refused(text: str) -> None:
    with pytest.raises(NudgeInputError):
        parse_weekly(text)


# --- months ----------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("noviembre", (2026, 11)),
        ("enero", (2026, 1)),
        ("dic", (2025, 12)),
        ("en marzo", (2026, 3)),
        ("janeiro", (2026, 1)),
        ("out", (2026, 10)),
        ("dezembro 2024", (2024, 12)),
        ("Januar", (2026, 1)),
        ("März", (2026, 3)),
        ("Maerz", (2026, 3)),
        ("Dez", (2025, 12)),
        ("январь", (2026, 1)),
        ("января 2027", (2027, 1)),
        ("в ноябре", (2026, 11)),
        ("сент", (2026, 9)),
        ("ژانویه", (2026, 1)),
        ("مه", (2026, 5)),
        ("نوامبر ۲۰۲۵", (2025, 11)),
        ("۳", (2026, 3)),
        ("۲۰۲۵-۰۳", (2025, 3)),
    ],
)
def test_months_are_read_in_every_language(text: str, expected: tuple[int, int]) -> None:
    assert parse_month(text, TODAY) == expected


@pytest.mark.parametrize("text", ["ژوئ", "ju", "ма", "no viembre", "²", "march ²⁰²⁶"])
def test_a_month_that_could_be_two_is_not_guessed(text: str) -> None:
    with pytest.raises(MonthParseError):
        parse_month(text, TODAY)


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("context", ["format", "stand-alone"])
@pytest.mark.parametrize("width", ["wide", "abbreviated"])
def test_every_month_name_babel_writes_is_read_back(
    language: str, context: str, width: str
) -> None:
    names = Locale.parse(language).months[context][width]
    months = [parse_month(names[month], TODAY)[1] for month in range(1, 13)]
    assert months == list(range(1, 13))


@given(st.integers(1, 12), st.integers(1900, 2100), st.sampled_from(list(LANGUAGES)))
def test_a_month_named_with_its_year_is_that_month(month: int, year: int, language: str) -> None:
    name = Locale.parse(language).months["format"]["wide"][month]
    assert parse_month(f"{name} {year}", TODAY) == (year, month)
    assert parse_month(f"{name} {str(year).translate(PERSIAN)}", TODAY) == (year, month)


# --- on and off ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("on", True),
        ("off", False),
        ("An", True),
        ("aus", False),
        ("encendido", True),
        ("apagado", False),
        ("ligado", True),
        ("desligado", False),
        ("вкл", True),
        ("выкл", False),
        ("روشن", True),
        ("خاموش", False),
        ("sí", True),
        ("não", False),
        ("maybe", None),
        ("", None),
    ],
)
def test_on_and_off_in_every_language(word: str, expected: bool | None) -> None:
    assert parse_switch(word) is expected


# --- backdating ------------------------------------------------------------------------

THURSDAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ayer llamé a mamá", (1, "llamé a mamá")),
        ("Ayer: corrí", (1, "corrí")),
        ("ontem li um livro", (1, "li um livro")),
        ("gestern gelaufen", (1, "gelaufen")),
        ("Вчера бегал", (1, "бегал")),
        ("دیروز دویدم", (1, "دویدم")),
        ("ديروز دویدم", (1, "دویدم")),  # typed on an Arabic keyboard
        ("anteayer corrí", (2, "corrí")),
        ("anteontem corri", (2, "corri")),
        ("vorgestern gelaufen", (2, "gelaufen")),
        ("позавчера бегал", (2, "бегал")),
        ("پریروز دویدم", (2, "دویدم")),
        ("the day before yesterday ran", (2, "ran")),
        ("hace 2 días corrí", (2, "corrí")),
        ("hace dos dias corrí", (2, "corrí")),
        ("há 3 dias li", (3, "li")),
        ("ha três dias li", (3, "li")),
        ("2 dias atrás li", (2, "li")),
        ("vor 2 Tagen gelaufen", (2, "gelaufen")),
        ("vor fünf Tagen gelaufen", (5, "gelaufen")),
        ("2 дня назад бегал", (2, "бегал")),
        ("5 дней назад бегал", (5, "бегал")),
        ("три дня назад бегал", (3, "бегал")),
        ("۲ روز پیش دویدم", (2, "دویدم")),
        ("دو روز قبل دویدم", (2, "دویدم")),
        ("el lunes nadé", (3, "nadé")),
        ("el lunes pasado nadé", (3, "nadé")),
        ("miércoles pasado, nadé", (1, "nadé")),
        ("na segunda-feira nadei", (3, "nadei")),
        ("na segunda, nadei", (3, "nadei")),
        ("segunda passada nadei", (3, "nadei")),
        ("no sábado nadei", (5, "nadei")),
        ("na terça nadei", (2, "nadei")),
        ("am Montag geschwommen", (3, "geschwommen")),
        ("letzten Donnerstag geschwommen", (7, "geschwommen")),
        ("в понедельник плавал", (3, "плавал")),
        ("во вторник плавал", (2, "плавал")),
        ("в прошлую среду плавал", (1, "плавал")),
        ("دوشنبه شنا کردم", (3, "شنا کردم")),
        ("سه شنبه شنا کردم", (2, "شنا کردم")),
        ("سه‌شنبه گذشته شنا کردم", (2, "شنا کردم")),
        # Where the words mean something else, the win is today's.
        ("lunes nadé", (0, "lunes nadé")),
        ("Montag war super", (0, "Montag war super")),
        ("na segunda vez consegui", (0, "na segunda vez consegui")),
        ("جمعه‌ها ورزش می‌کنم", (0, "جمعه‌ها ورزش می‌کنم")),
        ("ayeres", (0, "ayeres")),
        ("hace dos semanas", (0, "hace dos semanas")),
    ],
)
def test_backdating_words_in_every_language(text: str, expected: tuple[int, str]) -> None:
    assert split_backdate(text, THURSDAY) == Backdated(*expected)


@pytest.mark.parametrize("text", ["hace 8 días corrí", "vor zehn Tagen", "۱۰ روز پیش دویدم"])
def test_more_than_a_week_back_is_refused_in_every_language(text: str) -> None:
    with pytest.raises(TooFarBack):
        split_backdate(text, THURSDAY)


def test_number_words_mean_one_number_whatever_the_language() -> None:
    seen: dict[str, int] = {}
    for words in NUMBER_WORDS.values():
        for word, number in words.items():
            assert seen.setdefault(word, number) == number, word


@given(
    st.sampled_from(
        [
            "{n} days ago",
            "hace {n} días",
            "há {n} dias",
            "{n} dias atrás",
            "vor {n} Tagen",
            "{n} дня назад",
            "{n} روز پیش",
        ]
    ),
    st.integers(0, 7),
    st.sampled_from([str, lambda n: str(n).translate(PERSIAN)]),
    st.text(alphabet="abcxyz ñéабв", min_size=1, max_size=20).map(str.strip).filter(bool),
)
def test_n_days_ago_in_every_language_goes_n_days_back(
    phrase: str, n: int, digits: object, rest: str
) -> None:
    assert callable(digits)
    backdated = split_backdate(f"{phrase.format(n=digits(n))} {rest}", THURSDAY)
    assert backdated == Backdated(n, rest)


@given(st.sampled_from(list(LANGUAGES)), st.integers(0, 6), st.dates())
def test_the_weekday_babel_names_after_on_goes_back_to_that_day(
    language: str, weekday: int, today: datetime.date
) -> None:
    name = Locale.parse(language).days["format"]["wide"][weekday]
    before = {"en": "on", "es": "el", "pt_BR": "no", "de": "am", "ru": "в", "fa": ""}[language]
    backdated = split_backdate(f"{before} {name} swam".strip(), today)
    day = today - datetime.timedelta(days=backdated.days_back)
    assert (day.weekday(), backdated.text) == (weekday, "swam")
    assert 1 <= backdated.days_back <= 7


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("ayer", ("", 1)),
        ("1 ayer", ("1", 1)),
        ("ontem 2", ("2", 1)),
        ("Gestern", ("", 1)),
        ("прогулка вчера", ("прогулка", 1)),
        ("دیروز ۱", ("۱", 1)),
    ],
)
def test_done_yesterday_in_every_language(argument: str, expected: tuple[str, int]) -> None:
    assert split_done_day(argument) == expected


# --- small talk ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("¡Gracias!", "thanks"),
        ("muchas gracias 🙏", "thanks"),
        ("Hola", "greeting"),
        ("buenos días", "greeting"),
        ("hasta luego", "greeting"),
        ("¡Hasta mañana!", "greeting"),
        ("até amanhã", "greeting"),
        ("bis morgen", "greeting"),
        ("до свидания", "greeting"),
        ("vale", "other"),
        ("obrigada!!", "thanks"),
        ("valeu", "thanks"),
        ("oi", "greeting"),
        ("bom dia", "greeting"),
        ("beleza", "other"),
        ("Danke schön", "thanks"),
        ("vielen Dank", "thanks"),
        ("Hallo", "greeting"),
        ("Guten Morgen", "greeting"),
        ("tschüss", "greeting"),
        ("Спасибо!", "thanks"),
        ("спасибо большое", "thanks"),
        ("Привет", "greeting"),
        ("доброе утро", "greeting"),
        ("ок", "other"),
        ("ممنون", "thanks"),
        ("مرسی", "thanks"),
        ("خیلی ممنونم", "thanks"),
        ("سلام", "greeting"),
        ("صبح بخیر", "greeting"),
        ("باشه", "other"),
    ],
)
def test_small_talk_in_every_language(text: str, kind: str) -> None:
    assert is_small_talk(text)
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "hola a mi vecina",
        "gracias a mi jefe",
        "bom dia de trabalho",
        "guten Kaffee getrunken",
        "morgen",  # "tomorrow" alone is nothing to answer
        "привет соседу",
        "سلام به همسایه",
        "buenos días 5 km",
    ],
)
def test_other_words_make_it_a_win_in_every_language(text: str) -> None:
    assert not is_small_talk(text)


# --- yes and no ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("sí", True),
        ("Si!", True),
        ("claro", True),
        ("sim", True),
        ("ja", True),
        ("да", True),
        ("بله", True),
        ("آره", True),
        ("no", False),
        ("não", False),
        ("nein", False),
        ("нет", False),
        ("نه", False),
        ("cambiar", False),
        ("ändern", False),
    ],
)
def test_keeping_the_default_times_is_answered_in_every_language(text: str, keep: bool) -> None:
    assert interpret(Kind.TIMES, text, Payload(setup=True), by_reply=False) == KeepTimes(keep)


def test_a_yes_in_any_language_takes_the_one_suggested_zone() -> None:
    payload = Payload(suggestions=("Europe/Madrid",), setup=True)
    for word in ("sí", "sim", "ja", "да", "بله"):
        assert interpret(Kind.ZONE, word, payload, by_reply=False) == ZoneAnswer("Europe/Madrid")
    two = Payload(suggestions=("Europe/Madrid", "America/Bogota"), setup=True)
    assert interpret(Kind.ZONE, "۲", two, by_reply=False) == ZoneAnswer("America/Bogota")


# --- the hint, in each language --------------------------------------------------------

# The example each language's hint gives in its own words: it must be a time we read.
OWN_EXAMPLE = {"es": "7 de la tarde", "pt_BR": "7 da noite", "de": "19 Uhr", "ru": "7 вечера"}
OWN_EXAMPLE["fa"] = "۷ عصر"


@pytest.mark.parametrize("language", sorted(OWN_EXAMPLE))
def test_the_time_hint_speaks_the_language_and_its_example_is_a_time(
    language: str,
) -> None:
    with i18n.use(language), pytest.raises(TimeParseError) as refused:
        parse_time("later")
    hint = str(refused.value)
    assert "Try a time" not in hint
    assert OWN_EXAMPLE[language] in hint
    assert parse_time(OWN_EXAMPLE[language]) == datetime.time(19)
    with i18n.use("en"), pytest.raises(TimeParseError, match="Try a time like"):
        parse_time("later")


# --- numbers elsewhere -----------------------------------------------------------------


@given(st.integers(1, 365), st.sampled_from([PERSIAN, ARABIC_INDIC]))
def test_pause_days_read_persian_and_arabic_digits(days: int, digits: dict[int, str]) -> None:
    assert parse_pause(str(days).translate(digits)) == days


@dataclass(frozen=True)
class _Goal:
    goal_id: int
    text: str


def test_a_goal_number_reads_persian_and_arabic_digits() -> None:
    goals = [_Goal(1, "walk"), _Goal(2, "read"), _Goal(3, "stretch")]
    assert find_goals(goals, "۲") == [goals[1]]
    assert find_goals(goals, "٣") == [goals[2]]


# --- anything at all -------------------------------------------------------------------

_TYPED = st.lists(
    st.sampled_from(
        list("0123456789:.h apmAPM-")
        + list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫²")
        + ["uhr", "de la ", "tarde", "noche", "da noite", "вечера", "утра", "в ", "صبح", "عصر"]
        + ["شب", "ساعت", "\u200c", "domingo", "seg", "ayer", "hace", "دیروز", "روز", "پیش"]
    ),
    max_size=12,
).map("".join)


@given(_TYPED | st.text(max_size=30))
def test_any_text_is_a_time_or_a_hint(text: str) -> None:
    try:
        parsed = parse_time(text)
    except TimeParseError as refused:
        assert str(refused)
    else:
        assert isinstance(parsed, datetime.time)


@given(_TYPED | st.text(max_size=30))
def test_any_text_is_a_weekday_or_none(text: str) -> None:
    assert weekday_number(text) in (None, 0, 1, 2, 3, 4, 5, 6)
    try:
        choice = parse_weekly(text)
    except NudgeInputError:
        return
    assert choice.weekday in (None, 0, 1, 2, 3, 4, 5, 6)


@given(_TYPED | st.text(max_size=30))
def test_any_text_is_a_month_or_refused(text: str) -> None:
    try:
        year, month = parse_month(text, TODAY)
    except MonthParseError:
        return
    assert 1 <= month <= 12 and year >= 1900


@given(st.text(max_size=30))
def test_folding_twice_changes_nothing(text: str) -> None:
    assert fold(fold(text)) == fold(text)
