"""Wins, looking back, catching up, Later, week start and the year, in Spanish and Russian."""

from __future__ import annotations

from datetime import date

import pytest

from bot import i18n, texts
from bot.domain.review import DayCount, Stats, WeekSummary, stats_text, week_text

TUESDAY = date(2026, 11, 24)


def _stats(current: int, best: int) -> Stats:
    return Stats(
        total_wins=best,
        days_with_wins=best,
        days_known=best,
        best_streak=best,
        current_streak=current,
        last_7_days=0,
        last_30_days=0,
        top_tags=(),
        goals_finished=0,
    )


def test_a_first_win_is_celebrated_in_spanish() -> None:
    with i18n.use("es"):
        assert texts.wins.celebrate(1, 1).startswith("¡Tu primera canica! 🎉")
        assert texts.wins.undo_button() == "Deshacer"
    assert texts.wins.undo_button() == "Undo"


@pytest.mark.parametrize(
    ("count", "today", "jar"),
    [
        (1, "<b>Сегодня</b>: 1 победа", "В твоей банке 1 шарик."),
        (3, "<b>Сегодня</b>: 3 победы", "В твоей банке 3 шарика."),
        (5, "<b>Сегодня</b>: 5 побед", "В твоей банке 5 шариков."),
        (21, "<b>Сегодня</b>: 21 победа", "В твоей банке 21 шарик."),
    ],
)
def test_russian_counts_take_the_form_that_fits_the_number(
    count: int, today: str, jar: str
) -> None:
    wins = [(f"шаг {n}", False) for n in range(count)]
    with i18n.use("ru"):
        text = texts.review.today(wins, count)
    assert text.startswith(today + "\n") and text.endswith(jar)


@pytest.mark.parametrize(
    ("days", "line"),
    [(1, "Лучшая серия: 1 день"), (3, "Лучшая серия: 3 дня"), (5, "Лучшая серия: 5 дней")],
)
def test_russian_stats_count_days_in_all_three_forms(days: int, line: str) -> None:
    with i18n.use("ru"):
        text = stats_text(_stats(days, days))
    assert line in text.split("\n")
    assert "<b>Твоя статистика</b>" in text


def test_the_week_review_names_days_and_dates_in_spanish() -> None:
    days = tuple(DayCount(date(2026, 11, 18 + n), n % 2) for n in range(7))
    summary = WeekSummary(
        start=days[0].day,
        end=days[-1].day,
        days=days,
        total_wins=3,
        days_with_wins=3,
        goals=(),
        top_tags=("correr",),
        moment=None,
    )
    with i18n.use("es"):
        text = week_text(summary, "Ada")
    assert text.startswith("<b>Tu semana, Ada</b> (18 nov – 24 nov)")
    assert "<b>3 logros</b> en 3 días. Cada uno cuenta ✨" in text
    assert "Etiquetas de la semana: #correr" in text
    assert "Mo " not in text


def test_backdated_wins_say_their_day_as_each_language_writes_dates() -> None:
    today = date(2026, 11, 26)
    with i18n.use("es"):
        assert (
            texts.catchup.counted_for(TUESDAY, today) == "Cuenta para el martes, 24 de noviembre. 🗓"
        )
        assert texts.catchup.counted_for(date(2026, 11, 25), today) == "Cuenta para ayer. 🗓"
    with i18n.use("ru"):
        assert texts.catchup.moved(TUESDAY, today, 3) == (
            "3 победы теперь засчитаны в день: вторник, 24 ноября. ✓"
        )
        assert texts.catchup.moved(TUESDAY, today, 5).startswith("5 побед теперь засчитаны")
    assert texts.catchup.counted_for(TUESDAY, today) == "Counted for Tuesday 24 November. 🗓"


def test_help_keeps_commands_in_english_under_translated_headings() -> None:
    with i18n.use("es"):
        help_text = texts.commands.help_text()
        menu = dict(texts.commands.commands())
    assert "<b>Anotar</b>\n/win — Anota un logro: /win fui caminando a la tienda" in help_text
    assert menu["goal"] == "Empieza una micrometa: /goal caminar 10 minutos durante 7 días"


def test_later_and_the_year_in_russian() -> None:
    with i18n.use("ru"):
        assert texts.snooze.later_set("22:00") == "Хорошо, напомню в 22:00."
        caption = texts.year.year_caption(3, 5, 1)
    assert caption.startswith("<b>3 дня с победой</b> за последние 12 месяцев: 5 шариков и ")
    assert "1 отметка цели" in caption
