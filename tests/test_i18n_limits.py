"""Every message, in every language, with long values: within Telegram's limits and valid HTML."""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time

import pytest

from bot import i18n, texts
from bot.domain.goals import MAX_TEXT
from bot.standin.entities import EntityParseError, parse_html, utf16_len

MESSAGE_LIMIT = 4096
BUTTON_LIMIT = 64  # characters a button label should stay under to be readable
# As long as a Telegram message can be, in every script we speak, with emoji. (Escaping
# of HTML's special characters is checked where each message is tested: here a value may
# be one the bot wrote itself, like a time or a zone.)
LONG = ("Ж é ✨ سلام walk " * 300)[:MESSAGE_LIMIT]
SHORT = "walk 10 min"
NAME = ("Ж" * 40 + " سلام ✨")[:64]  # Telegram's first names and usernames: 64 at most
TIME = ["07:30", "23:59"]
# Values the bot writes itself, at their longest; any other text is a user's, up to a
# whole message.
WRITTEN = {
    "name": [NAME],
    "first_name": [NAME],
    "names": [NAME],
    "title": [("Ж" * 120 + " سلام ✨")[:128]],  # a group title: 128 at most
    "link": ["https://t.me/smallwins_bot?start=buddy_AbCdEfGhIjKlMnOp"],
    "hhmm": TIME,
    "local_time": TIME,
    "morning": [*TIME, "off"],
    "evening": [*TIME, "off"],
    "day": ["Wednesday"],
    "day_label": ["Wednesday 25 November"],
    "month_title": ["September 2026"],
    "label": ["America/Argentina/ComodRivadavia"],
    "zone_label": ["America/Argentina/ComodRivadavia"],
    "suggestions": ["America/Argentina/ComodRivadavia"],
    "kind": ["morning", "evening", "weekly"],
    "command": ["done", "skip", "drop", NAME],
    "problem": ["before_start", "after_end", "other"],
    "tag": ["#" + "ж" * 31],
    "tags": ["#" + "ж" * 31],
    "note": ["That win is gone. " * 5],
}
# A goal's words are refused past goals.MAX_TEXT.
GOAL_TEXT = ("Ж é ✨ سلام walk " * 20)[:MAX_TEXT]
# How many items a list holds at most, where the bot caps it before asking for a message.
LIST_SIZES = {"suggestions": 8, "tags": 3}
# Tools for building messages, not messages.
HELPERS = {"common.q", "common.clip", "common.join_within"}
# Pieces the caller fits into a message with others (join_within, split_messages).
PIECES = {"buddies.buddy_evening"}
NUMBERS = (0, 1, 2, 3, 5, 11, 21, 66, 365, 1000)


def _samples(annotation: object, name: str, module: str = "") -> list[object]:
    """Values to try for one parameter: long and short text, numbers that pick every plural."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is str:
        if module == "goals" and name == "text":
            return [GOAL_TEXT, SHORT]
        return WRITTEN.get(name, [LONG, SHORT])
    if annotation is int:
        return list(NUMBERS)
    if annotation is bool:
        return [True, False]
    if annotation is float:
        return [0.5, 12.75]
    if annotation is date:
        return [date(2026, 11, 30), date(2027, 2, 1)]
    if annotation is datetime:
        return [datetime(2026, 11, 30, 19, 5)]
    if annotation is time:
        return [time(7, 30), time(21, 0)]
    if origin in (types.UnionType, typing.Union):
        return [v for arg in args for v in _samples(arg, name, module)]
    if annotation is type(None):
        return [None]
    if origin in (list, tuple, Sequence, typing.Sequence) or (
        origin is not None and issubclass(origin, Sequence)
    ):
        if origin is tuple and args and args[-1] is not Ellipsis:
            return [tuple(_samples(a, name, module)[0] for a in args)]
        item = args[0] if args else str
        first = _samples(item, name, module)
        return [[first[0]] * LIST_SIZES.get(name, 200), [first[-1]], []]
    raise TypeError(f"no samples for {name}: {annotation!r}")


def _messages() -> Iterator[tuple[str, Callable[..., object]]]:
    for module_name in texts.__all__:
        module = getattr(texts, module_name)
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ != module.__name__:
                continue
            if f"{module_name}.{name}" in HELPERS | PIECES:
                continue
            yield f"{module_name}.{name}", value


MESSAGES = dict(_messages())


def _calls(function: Callable[..., object]) -> Iterator[dict[str, object]]:
    hints = typing.get_type_hints(function)
    module = function.__module__.rsplit(".", 1)[-1]
    params = [p for p in inspect.signature(function).parameters.values() if p.name in hints]
    choices = [_samples(hints[p.name], p.name, module) for p in params]
    # Every parameter's first sample, then each parameter through all of its own.
    base = [c[0] for c in choices]
    yield dict(zip((p.name for p in params), base, strict=True))
    for i, values in enumerate(choices):
        for value in values[1:]:
            call = list(base)
            call[i] = value
            yield dict(zip((p.name for p in params), call, strict=True))


def test_there_are_messages_to_check() -> None:
    assert len(MESSAGES) > 150


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_every_message_fits_and_parses_in_every_language(language: str) -> None:
    rendered: dict[str, int] = dict.fromkeys(MESSAGES, 0)
    with i18n.use(language):
        for name, function in MESSAGES.items():
            for call in _calls(function):
                try:
                    result = function(**call)
                except (ValueError, IndexError, KeyError):
                    continue  # values outside what the message takes (a month 66)
                for text in _strings(result):
                    try:
                        parsed = parse_html(text)
                    except EntityParseError as error:
                        raise AssertionError(f"{name} in {language}: {error}") from None
                    assert utf16_len(parsed.text) <= MESSAGE_LIMIT, f"{name} in {language}"
                    rendered[name] += 1
    assert [name for name, count in rendered.items() if not count] == []


def _strings(result: object) -> Iterator[str]:
    if isinstance(result, str):
        yield result
    elif isinstance(result, dict):
        yield from _strings(list(result))
    elif isinstance(result, (list, tuple)):
        for item in result:
            yield from _strings(item)
