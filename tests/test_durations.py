"""How long, in every language we speak: `/pause 2 semanas` and `/goal … durante 14 días`.

English reads exactly as it did (a property compares it with the patterns it had before);
the other languages' units and "for" words are read too, with Persian and Arabic digits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.goals import GoalInput, GoalInputError, parse_goal
from bot.domain.nudges import NudgeInputError, PauseOutOfRange, parse_pause

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
LATIN = str.maketrans("", "")

# How people say "N days" and "N weeks" in each language ({n}: the number).
DAYS = {
    "es": [
        "{n} días",
        "{n} dias",
        "{n} día",
        "durante {n} días",
        "por {n} días",
        "{n} días seguidos",
    ],
    "pt_BR": ["{n} dias", "{n} dia", "por {n} dias", "durante {n} dias", "{n} dias seguidos"],
    "de": ["{n} Tage", "{n} Tag", "für {n} Tage", "fur {n} tage", "{n} Tage lang"],
    "ru": ["{n} дней", "{n} дня", "{n} день", "на {n} дней", "в течение {n} дней", "{n} дн"],
    "fa": ["{n} روز", "برای {n} روز", "به مدت {n} روز", "{n}\u200cروز", "{n} روزه"],
}
WEEKS = {
    "es": ["{n} semanas", "{n} semana", "por {n} semanas", "durante {n} semanas"],
    "pt_BR": ["{n} semanas", "{n} semana", "por {n} semanas"],
    "de": ["{n} Wochen", "{n} Woche", "für {n} Wochen", "{n} Wochen lang"],
    "ru": ["{n} недели", "{n} недель", "{n} неделю", "{n} неделя", "на {n} недели", "{n} нед"],
    "fa": ["{n} هفته", "برای {n} هفته", "به مدت {n} هفته"],
}
ALL_DAYS = [form for forms in DAYS.values() for form in forms]
ALL_WEEKS = [form for forms in WEEKS.values() for form in forms]
# A goal's step in each language, as the catalogs' examples have it.
STEPS = ["caminar 10 minutos", "caminhar 10 minutos", "10 Minuten spazieren"]
STEPS += ["гулять 10 минут", "۱۰ دقیقه پیاده\u200cروی", "leer una página"]


# --- /pause ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("3 días", 3),
        ("2 semanas", 14),
        ("30 dias", 30),
        ("3 dias", 3),
        ("30 Tage", 30),
        ("2 Wochen", 14),
        ("3 дня", 3),
        ("30 дней", 30),
        ("2 недели", 14),
        ("на неделю", None),  # no number: not a length (yet)
        ("30 روز", 30),
        ("۳۰ روز", 30),
        ("۲ هفته", 14),
        ("٢ هفته", 14),
    ],
)
def test_pause_reads_days_and_weeks_in_each_language(text: str, days: int | None) -> None:
    if days is None:
        with pytest.raises(NudgeInputError):
            parse_pause(text)
    else:
        assert parse_pause(text) == days


@given(
    st.integers(1, 365),
    st.sampled_from(ALL_DAYS),
    st.sampled_from([LATIN, PERSIAN, ARABIC_INDIC]),
)
def test_any_days_in_any_language_pause_that_many_days(
    days: int, form: str, digits: dict[int, str]
) -> None:
    assert parse_pause(form.format(n=str(days).translate(digits))) == days


@given(st.integers(1, 52), st.sampled_from(ALL_WEEKS), st.sampled_from([LATIN, PERSIAN]))
def test_any_weeks_in_any_language_pause_seven_days_each(
    weeks: int, form: str, digits: dict[int, str]
) -> None:
    text = form.format(n=str(weeks).translate(digits))
    if weeks * 7 > 365:
        with pytest.raises(PauseOutOfRange):
            parse_pause(text)
    else:
        assert parse_pause(text) == weeks * 7


@pytest.mark.parametrize(
    "text", ["0 días", "400 Tage", "60 недель", "۰ روز", "3 meses", "drei Tage", "3 horas"]
)
def test_pause_refuses_what_is_not_a_number_of_days_in_any_language(text: str) -> None:
    with pytest.raises(NudgeInputError):
        parse_pause(text)


# --- /goal … for 14 days -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("caminar 10 minutos durante 14 días", ("caminar 10 minutos", 14)),
        ("caminar 10 minutos por 14 días", ("caminar 10 minutos", 14)),
        ("caminhar 10 minutos por 14 dias", ("caminhar 10 minutos", 14)),
        ("caminhar 10 minutos durante 14 dias", ("caminhar 10 minutos", 14)),
        ("10 Minuten spazieren für 14 Tage", ("10 Minuten spazieren", 14)),
        ("10 Minuten spazieren 14 Tage lang", ("10 Minuten spazieren", 14)),
        ("гулять 10 минут на 14 дней", ("гулять 10 минут", 14)),
        ("гулять 10 минут 14 дней", ("гулять 10 минут", 14)),
        ("гулять 10 минут 21 день", ("гулять 10 минут", 21)),
        ("۱۰ دقیقه پیاده‌روی برای ۱۴ روز", ("۱۰ دقیقه پیاده‌روی", 14)),
        ("۱۰ دقیقه پیاده‌روی ۱۴ روزه", ("۱۰ دقیقه پیاده‌روی", 14)),
        # A number inside the step is not a length, in any language.
        ("caminar 10 minutos", ("caminar 10 minutos", 7)),
        ("۱۰ دقیقه پیاده‌روی", ("۱۰ دقیقه پیاده‌روی", 7)),
        ("leer 2 páginas por día", ("leer 2 páginas por día", 7)),
    ],
)
def test_goal_length_is_read_in_each_language(text: str, wanted: tuple[str, int]) -> None:
    assert parse_goal(text) == GoalInput(*wanted)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("durante 14 días", "only_days"),
        ("für 14 Tage", "only_days"),
        ("на 14 дней", "only_days"),
        ("برای ۱۴ روز", "only_days"),
        ("leer durante 90 días", "days_range"),
        ("lesen für 0 Tage", "days_range"),
        ("читать на 100 дней", "days_range"),
    ],
)
def test_goal_length_rules_hold_in_each_language(text: str, reason: str) -> None:
    with pytest.raises(GoalInputError) as error:
        parse_goal(text)
    assert error.value.reason == reason


@given(
    st.sampled_from(STEPS),
    st.integers(1, 66),
    st.sampled_from(ALL_DAYS),
    st.sampled_from([LATIN, PERSIAN, ARABIC_INDIC]),
)
def test_any_step_for_any_days_in_any_language_keeps_the_step_as_typed(
    step: str, days: int, form: str, digits: dict[int, str]
) -> None:
    text = f"{step} {form.format(n=str(days).translate(digits))}"
    assert parse_goal(text) == GoalInput(step, days)


# --- English, exactly as it was ------------------------------------------------------------

_OLD_GOAL = re.compile(r"\s*(?:\bfor\s+)?(-?\d+)\s*(?:days?|d)\s*\.?\s*$", re.IGNORECASE)
_OLD_PAUSE = re.compile(r"(?:for\s+)?(\d{1,4})\s*(?:d|days?)?")
_OLD_PAUSE_WEEKS = re.compile(r"(?:for\s+)?(\d{1,2})\s*(?:w|weeks?)")
_ENGLISH = st.lists(
    st.sampled_from(
        [
            *("for", "For", "days", "day", "Days", "d", "weeks", "week", "w", "walk", "read"),
            *("1", "10", "14", "66", "67", "-3", "0", "400", " ", "  ", ".", "x"),
        ]
    ),
    max_size=8,
).map("".join)


def _old_goal(argument: str) -> GoalInput | str:
    text = " ".join(argument.split())
    days = 7
    match = _OLD_GOAL.search(text)
    if match and match.start() == 0:
        return "only_days"
    if match:
        days = int(match[1])
        text = text[: match.start()].strip()
        if not 1 <= days <= 66:
            return "days_range"
    text = text.strip(" .")
    return GoalInput(text, days) if text else "empty"


def _old_pause(text: str) -> int | str | None:
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        return None
    weeks = _OLD_PAUSE_WEEKS.fullmatch(cleaned)
    match = _OLD_PAUSE.fullmatch(cleaned)
    days = int(weeks[1]) * 7 if weeks else int(match[1]) if match else None
    if days is None:
        return "unread"
    return days if 1 <= days <= 365 else "range"


@given(_ENGLISH)
def test_english_goal_lengths_read_exactly_as_before(text: str) -> None:
    try:
        now: GoalInput | str = parse_goal(text)
    except GoalInputError as error:
        now = error.reason
    assert now == _old_goal(text)


@given(_ENGLISH)
def test_english_pauses_read_exactly_as_before(text: str) -> None:
    try:
        now: int | str | None = parse_pause(text)
    except PauseOutOfRange:
        now = "range"
    except NudgeInputError:
        now = "unread"
    assert now == _old_pause(text)
