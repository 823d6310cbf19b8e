"""Groups, buddies and nudges speak Spanish and Russian: whole sentences from the
catalogs, the plural form that fits the number, Babel's dates, English left as it was."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot import i18n, texts
from bot.domain import groups
from bot.nudges import render

WEDNESDAY = date(2026, 11, 25)


def test_the_evening_prompt_is_spanish_for_a_spanish_speaker() -> None:
    with i18n.use("es"):
        prompt = render.evening([("caminé", False)], [], (), None, WEDNESDAY)
    assert prompt.text.startswith("🌙 ¿Qué salió bien hoy?")
    assert "Hoy llevas 1 logro:" in prompt.text


def test_the_fewer_question_and_its_buttons_are_russian() -> None:
    with i18n.use("ru"):
        prompt = render.fewer()
    assert prompt.text.startswith("Короткий вопрос, без давления")
    labels = [label for row in prompt.buttons for label, _data in row]
    assert labels == ["Пиши как раньше", "Только итоги недели", "Пауза на неделю"]


@pytest.mark.parametrize(
    ("count", "wins"), [(1, "1 победа"), (3, "3 победы"), (5, "5 побед"), (21, "21 победа")]
)
def test_russian_counts_pick_their_plural_form(count: int, wins: str) -> None:
    with i18n.use("ru"):
        assert texts.nudges.evening_wins(count) == f"Сегодня уже: {wins}"
        assert texts.buddies.buddy_evening("Аня", [("бег", False)] * count).startswith(
            f"<b>🤝 Аня сегодня</b>: {wins}"
        )


@pytest.mark.parametrize(("people", "who"), [(1, "1 человека"), (3, "3 человек"), (5, "5 человек")])
def test_the_russian_digest_counts_wins_and_people_each_in_its_own_form(
    people: int, who: str
) -> None:
    with i18n.use("ru"):
        head = texts.groups.digest_head("Бегуны", 5, people)
    assert head == f"<b>Сегодня в «Бегуны»</b>: 5 побед от {who}."


def test_a_spanish_group_digest_reads_spanish_from_head_to_cheer() -> None:
    wins = [
        groups.SharedWin(1, "Ana", WEDNESDAY, "corrí 5 km"),
        groups.SharedWin(2, "Luis", WEDNESDAY, "leí un capítulo"),
    ]
    with i18n.use("es"):
        (message,) = groups.evening_digest("Corredores", wins, WEDNESDAY)
        cheer = texts.groups.cheer(WEDNESDAY.toordinal())
    assert message.startswith("<b>Hoy en Corredores</b>: 2 logros de 2 personas.")
    assert message.endswith(cheer) and cheer != texts.groups.cheer(WEDNESDAY.toordinal())


def test_the_pause_date_is_written_the_way_each_language_writes_it() -> None:
    assert texts.nudges.pause_end_day(WEDNESDAY) == "Wednesday 25 Nov"
    with i18n.use("es"):
        assert texts.nudges.pause_end_day(WEDNESDAY) == "miércoles 25 de nov"
    with i18n.use("ru"):
        assert texts.nudges.fewer_paused(7, texts.nudges.pause_end_day(WEDNESDAY)) == (
            "Пауза на 7 дней. Вернусь: <b>среда, 25 ноября</b>. Победы можно записывать когда "
            "угодно, а /resume вернёт меня раньше."
        )


def test_buttons_and_user_text_keep_the_name_as_given() -> None:
    with i18n.use("es"):
        assert texts.buddies.cheer_button("<Ana>") == "👏 Animar a <Ana>"
        assert texts.buddies.cheer_sent("<Ana>") == "¡Ánimo enviado a &lt;Ana&gt;!"


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{\w+\}", text))


def _tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?[a-z]+", text))
