"""Every command example the copy shows, in every language, is one the bot understands.

The copy says "try <code>/pause 2 semanas</code>"; someone will type exactly that. For each
language, each example in the catalog's translations (and, for English, in the messages as
written) is sent through the real Application by a person who speaks that language, set up
with the goals the examples talk about; the reply must not be one of that language's "I
couldn't read that", usage, hint or "I don't know" messages. Examples with a placeholder or
an ellipsis in them are left out: they are shapes, not things to type.
"""

from __future__ import annotations

import functools
import html
import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot import i18n, texts
from bot.domain.zones import resolve_timezone
from bot.standin.actors import FakeGroup, FakeUser
from tests.conftest import Harness

LOCALE = Path(i18n.__file__).parent / "locale"
_EXAMPLE = re.compile(r"<code>(/[a-z_]+(?:\s[^<]*)?)</code>")
# Commands that only mean something in a group.
GROUP_ONLY = frozenset({"join", "leave", "share", "groupsettings"})
# The goals the examples talk about ("/done water", "/shrink reading: one page"), as a
# person speaking each language would set them.
GOALS = {
    "en": ["drink a glass of water when I wake up", "walk 10 minutes", "reading 20 pages"],
    "es": ["beber un vaso de agua al despertar", "caminar 10 minutos", "leer 20 páginas"],
    "pt_BR": ["beber um copo d'água ao acordar", "caminhar 10 minutos", "ler 20 páginas"],
    "de": ["nach dem Aufstehen ein Glas Wasser trinken", "10 Minuten spazieren", "20 Seiten lesen"],
    "ru": ["выпивать стакан воды после пробуждения", "гулять 10 минут", "читать 20 страниц"],
    "fa": ["بعد از بیدار شدن یک لیوان آب بنوشم", "۱۰ دقیقه پیاده‌روی", "کتاب خواندن ۲۰ صفحه"],
}
# Examples that change what the next one finds go to a person of their own, set up afresh:
# with the goals where the example names one, without where it starts one (three is the
# most) or needs none.
CHANGES_STATE = {"goal": False, "pause": False, "shrink": True, "forget": True, "drop": True}


def _messages(language: str) -> Iterator[str]:
    for _english, translated in _pairs(language):
        yield translated


@functools.cache
def _pairs(language: str) -> tuple[tuple[str, str], ...]:
    """(English, as shown) for each message and plural form; English twice for "en", whose
    messages are the msgids of any catalog."""
    catalog = "es" if language == "en" else language
    with (LOCALE / catalog / "LC_MESSAGES" / "smallwins.po").open("rb") as po:
        messages = [m for m in read_po(po) if m.id]
    pairs = []
    for message in messages:
        english = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        said = message.id if language == "en" else message.string
        shown = (said,) if isinstance(said, str) else tuple(said or ())
        pairs += [(english[min(i, len(english) - 1)], text) for i, text in enumerate(shown)]
    return tuple(pairs)


def examples(language: str) -> list[str]:
    """The command examples a language's copy shows, each once, in catalog order."""
    found: dict[str, None] = {}
    for text in _messages(language):
        for match in _EXAMPLE.finditer(text):
            example = " ".join(html.unescape(match[1]).split())
            if "{" in example or "…" in example or "..." in example:
                continue
            found[example] = None
    return list(found)


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_the_places_a_time_zone_hint_names_are_time_zones(language: str) -> None:
    hints = [t for english, t in _pairs(language) if "city (<i>" in english]
    assert hints
    for hint in hints:
        places = re.findall(r"<i>([^<]+)</i>", hint)
        assert len(places) >= 3, hint  # a city, a zone name, an offset
        for place in places:
            assert resolve_timezone(html.unescape(place)), (place, hint)


# --- what "not understood" looks like in each language -------------------------------------

_MARK = "\x00"
_NUMBER = 9137
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _as_pattern(rendered: str) -> re.Pattern[str]:
    """A rendered message with its blanks (the marker, the number) as wildcards."""
    for number in (i18n.format_number(_NUMBER), f"{_NUMBER}", str(_NUMBER).translate(_PERSIAN)):
        rendered = rendered.replace(number, _MARK)
    return re.compile(".*?".join(re.escape(part) for part in rendered.split(_MARK)), re.S)


def _filled(render: Callable[..., str]) -> str:
    arguments = {}
    for name, parameter in inspect.signature(render).parameters.items():
        if parameter.default is not inspect.Parameter.empty:
            continue
        annotation = str(parameter.annotation)
        arguments[name] = _NUMBER if annotation == "int" else _MARK
    return render(**arguments)


# The replies that mean the bot did not read what followed the command.
NOT_UNDERSTOOD: list[Callable[..., str]] = [
    texts.buddies.buddy_unknown,
    texts.catchup.yesterday_usage,
    texts.catchup.win_usage_back,
    texts.catchup.too_far_back,
    texts.goals.goal_usage,
    texts.goals.goal_only_days,
    texts.goals.goal_too_long,
    texts.goals.goal_days_range,
    texts.goals.outcome_hint,
    texts.goals.goal_fourth_refused,
    texts.goals.no_goals,
    texts.goals.unknown_goal,
    texts.goals.which_goal,
    texts.goals.shrink_usage,
    texts.groups.share_bad,
    texts.groups.mention_hint,
    texts.groups.private_only,
    texts.groups.group_only,
    texts.history.find_too_long,
    texts.language.unknown,
    texts.nudges.bad_pause,
    texts.nudges.pause_out_of_range,
    texts.nudges.bad_weekly,
    texts.review.bad_month,
    lambda: texts.settings.unknown_timezone(_MARK, []),
    lambda: texts.settings.unknown_timezone(_MARK, [], location=True),
    lambda: texts.settings.unknown_timezone(_MARK, [_MARK]),
    texts.settings.zone_pick_hint,
    texts.settings.zone_hint,
    texts.settings.time_hint,
    lambda: texts.settings.bad_time(_MARK, _MARK),
    texts.wins.win_empty,
    texts.wins.win_empty_text,
    texts.wins.unknown_command,
    texts.year.no_argument,
]


def not_understood(language: str) -> list[tuple[str, re.Pattern[str]]]:
    with i18n.use(language):
        return [
            (getattr(render, "__name__", "?"), _as_pattern(_filled(render)))
            for render in NOT_UNDERSTOOD
        ]


# --- the examples, sent --------------------------------------------------------------------


class Person:
    """Someone who speaks `language`, set up as the examples expect; fresh ones on demand."""

    def __init__(self, bot: Harness, language: str) -> None:
        self.bot = bot
        self.language = language
        self.count = 0

    async def new(self, with_goals: bool = True) -> FakeUser:
        self.count += 1
        user = self.bot.stand.user(f"{self.language} {self.count}", language_code=self.language)
        await self.bot.send(user, "/start")
        await self.bot.send(user, "/timezone UTC")
        for goal in GOALS[self.language] if with_goals else ():
            await self.bot.send(user, f"/goal {goal}")
        return user

    async def group(self, user: FakeUser) -> FakeGroup:
        group = self.bot.stand.group(f"{self.language} runners", members=[user], admins=[user])
        group.add_bot(by=user)
        await self.bot.settle(self.bot.stand.last_update_id)
        await self.bot.send(user, "/join", chat=group)
        return group


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_each_language_shows_examples_to_check(language: str) -> None:
    found = examples(language)
    assert len(found) >= 20
    assert all(e.startswith("/") and "<" not in e for e in found)
    if language != "en":  # the translations show their own words
        assert set(found) - set(examples("en"))


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
async def test_every_example_in_the_catalog_is_understood(bot: Harness, language: str) -> None:
    refusals = not_understood(language)
    people = Person(bot, language)
    settled = await people.new()
    group = await people.group(settled)
    misread = []
    for example in examples(language):
        command, _space, argument = example[1:].partition(" ")
        fresh = CHANGES_STATE.get(command)
        user = settled if fresh is None else await people.new(with_goals=fresh)
        replies = await bot.send(user, example, chat=group if command in GROUP_ONLY else None)
        said = [m.html or "" for m in replies]
        # A bare command ("send /win") is understood if it is a command at all: what it
        # asks for next is the right answer to it.
        checks = refusals if argument else [r for r in refusals if r[0] == "unknown_command"]
        wrong = [name for name, pattern in checks for text in said if pattern.search(text)]
        if not said or wrong:
            misread.append((example, wrong, said))
    assert not misread, f"{len(misread)} misread:\n" + "\n".join(
        f"{e} -> {w}: {s}" for e, w, s in misread
    )
