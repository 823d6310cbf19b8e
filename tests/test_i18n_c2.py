"""Goals, settings, data and history copy in Spanish and Russian, from their catalogs."""

from __future__ import annotations

from datetime import date

import pytest

from bot import i18n
from bot.domain.goals import GoalDays, strip
from bot.domain.zones import zone_label
from bot.texts import data, goals, history, settings

LANGUAGES = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT]


def test_a_new_goal_reads_in_spanish() -> None:
    with i18n.use("es"):
        text = goals.goal_started("caminar <10> min", 14, 0)
    assert text.startswith("Tu micrometa: <b>caminar &lt;10&gt; min</b>, durante 14 días.")
    assert "/done" in text


def test_english_stays_the_message_id() -> None:
    with i18n.use("en"):
        assert goals.no_goals().startswith("No micro-goal yet.")
    assert goals.done_button() == "Done ✓"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (1, "на 1 день"),
        (21, "на 21 день"),
        (3, "на 3 дня"),
        (5, "на 5 дней"),
        (11, "на 11 дней"),
    ],
)
def test_russian_picks_the_plural_form_for_the_number(days: int, expected: str) -> None:
    with i18n.use("ru"):
        text = goals.goal_started("гулять", days, 0)
    assert f"Твоя микроцель: <b>гулять</b>, {expected}. 🌱" in text


@pytest.mark.parametrize(("count", "expected"), [(1, "1 победа"), (3, "3 победы"), (5, "5 побед")])
def test_a_russian_history_week_counts_its_wins(count: int, expected: str) -> None:
    day = date(2026, 11, 30)
    wins = [(f"победа {n}", False) for n in range(count)]
    with i18n.use("ru"):
        page = history.week_page(date(2026, 11, 30), date(2026, 12, 6), [(day, wins)])
    head = page.splitlines()[0]
    assert head == f"<b>30 нояб. – 6 дек. 2026</b> · {expected}"
    assert "<b>пн, 30 нояб.</b>" in page


@pytest.mark.parametrize(("goal_count", "expected"), [(1, "1 цель"), (3, "3 цели"), (5, "5 целей")])
def test_forgetting_in_russian_names_the_goals_in_the_right_form(
    goal_count: int, expected: str
) -> None:
    with i18n.use("ru"):
        text = data.forget_confirm(0, goal_count)
    assert text.startswith("Это удалит всё, что я о тебе знаю:")
    assert f", {expected}, заметки и настройки." in text


def test_a_slipped_goal_in_spanish_says_how_many_days_in_words() -> None:
    with i18n.use("es"):
        offer = goals.shrink_offer("leer", 3)
        yesterday = goals.shrink_offer("leer", 1)
    assert offer.startswith("<b>leer</b> se te pasó los últimos tres días, no pasa nada.")
    assert yesterday.startswith("Ayer se te pasó <b>leer</b>")


def test_settings_in_spanish_keep_commands_and_times() -> None:
    with i18n.use("es"):
        summary = settings.settings_summary("Madrid", "07:30", None, 4)
        current = settings.prompt_time_current("evening", "21:00")
    assert summary.splitlines() == [
        "<b>Tus ajustes</b>",
        "Zona horaria: Madrid",
        "Mensaje de la mañana: 07:30",
        "Mensaje de la noche: desactivado",
        "Fin del día: 04:00 (los logros anteriores cuentan para el día anterior)",
    ]
    assert "<code>/evening 9 de la noche</code>" in current
    assert "<b>21:00</b>" in current


def test_spanish_offers_time_zones_joined_by_its_own_word() -> None:
    with i18n.use("es"):
        text = settings.unknown_timezone("Berln", ["Europe/Berlin", "Europe/Zurich"])
    assert text == (
        "No conozco la zona horaria Berln. ¿Querías decir Europe/Berlin o Europe/Zurich?"
    )


def test_buttons_that_share_english_words_are_told_apart() -> None:
    with i18n.use("es"):
        assert goals.keep_button() != history.keep()
        assert history.keep() == "Mejor no"


def test_a_goal_strip_shows_weekdays_in_the_language() -> None:
    goal = GoalDays(date(2026, 11, 23), 14, frozenset({date(2026, 11, 29)}), frozenset())
    with i18n.use("en"):
        assert strip(goal, date(2026, 11, 30)).startswith("Tu ·  We ·")
    with i18n.use("ru"):
        assert strip(goal, date(2026, 11, 30)).endswith("вс ✓  пн")


# --- the catalogs themselves -----------------------------------------------------------------


def test_a_time_zone_is_named_by_its_city_in_the_language() -> None:
    with i18n.use("en"):
        assert zone_label("America/New_York") == "New York"
    with i18n.use("ru"):
        assert zone_label("America/New_York") == "Нью-Йорк"
        assert zone_label("UTC+03:00") == "UTC+03:00"
        text = settings.timezone_set(zone_label("Europe/Berlin"), "10:00")
    assert text == "Часовой пояс: <b>Берлин</b>. Сейчас там 10:00."
