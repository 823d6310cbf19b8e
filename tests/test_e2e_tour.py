"""A week's first day in every language, end to end: setup, wins, a goal, every look back,
settings, the evening and the morning prompts. Telegram (the stand-in) accepts every
message in every language, nothing falls back to the generic error, and a speaker of
another language never gets a message the English speaker gets word for word."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot import i18n, texts
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness

OTHERS = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT]
# What both people type, step by step (the words after commands stay the same for both,
# so any difference in the answers is the language's).
STEPS = [
    "/start",
    "/timezone Europe/Madrid",
    "/morning 8",
    "/evening 21",
    "walked to the shop #health",
    "/goal read one page",
    "/done",
    "/goals",
    "/today",
    "/week",
    "/calendar",
    "/jar",
    "/year",
    "/stats",
    "/history",
    "/find shop",
    "/tags",
    "/settings",
    "/pause 2 days",
    "/resume",
    "/buddy",
    "/lift",
    "/export",
    "/help",
    "/undo",
    "/nonsense",
]
LETTERS = re.compile(r"[^\W\d_]{3,}")


def _words(message: BotMessage) -> str:
    """What a person reads in a message: its text and its buttons, without what they wrote."""
    shown = " | ".join([message.text or "", *message.button_texts])
    for typed in (
        "walked to the shop",
        "read one page",
        "#health",
        "health",
        "Ana",
        "Europe/Madrid",
    ):
        shown = shown.replace(typed, "")
    return shown


def _wording(messages: list[BotMessage]) -> set[str]:
    """Each line and button of the messages that has words of the bot's own in it."""
    lines = {line.strip() for m in messages for line in _words(m).replace(" | ", "\n").split("\n")}
    return {line for line in lines if LETTERS.search(line)}


@pytest.mark.parametrize("language", OTHERS)
async def test_a_first_day_reads_in_each_language_and_telegram_takes_every_message(
    bot: Harness, stand: StandIn, language: str
) -> None:
    english = stand.user("Ana", language_code="en")
    other = stand.user("Ana", language_code=i18n.telegram_code(language))
    if language == "pt_BR":
        other = stand.user("Ana", language_code="pt-br")
    leaks: list[tuple[str, str]] = []
    errors = {_in(code, texts.common.generic_error) for code in (i18n.DEFAULT, language)}
    seen: list[BotMessage] = []
    for step in STEPS:
        said_in_english = await bot.send(english, step)
        said = await bot.send(other, step)
        seen += said_in_english + said
        leaks += [(step, w) for w in _wording(said) & _wording(said_in_english)]
    for when in (
        datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
        datetime(2026, 11, 25, 7, 0, tzinfo=UTC),
    ):
        sent = await bot.tick_at(when)
        seen += sent
        prompts = {m.chat_id: m for m in sent}
        assert {english.id, other.id} <= set(prompts), when
        leaks += [
            ("tick", w) for w in _wording([prompts[other.id]]) & _wording([prompts[english.id]])
        ]
    stored = await bot.store.users.get(other.id)
    assert stored is not None and stored.language == language
    assert stand.errors == []
    assert not [m.text for m in seen if m.text in errors]
    assert leaks == []


def _in(language: str, render: object) -> str:
    assert callable(render)
    with i18n.use(language):
        return str(render())


async def test_the_english_tour_is_the_baseline(bot: Harness, stand: StandIn) -> None:
    """The steps above do what they say in English (so the comparison means something)."""
    ana: FakeUser = stand.user("Ana", language_code="en")
    replies = {step: await bot.send(ana, step) for step in STEPS}
    assert all(replies[step] for step in STEPS), [s for s in STEPS if not replies[s]]
    assert await bot.store.wins.count(ana.id) >= 1
    assert await bot.store.goals.active(ana.id)
