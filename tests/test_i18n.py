"""The catalogs: in step with the code, complete, faithful to their placeholders and tags."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot import i18n
from bot.standin.entities import parse_html

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
TAG = re.compile(r"<(/?\w+)[^>]*>")
Key = tuple[str, str | None]


def _key(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def _code_messages() -> set[Key]:
    """Every (msgid, context) the code asks gettext for, as `pybabel extract` finds them."""
    found: set[Key] = set()
    method_map = [("bot/**.py", "python"), ("handlers/**.py", "python")]
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map
    ):
        found.add((message if isinstance(message, str) else message[0], context))
    return found


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=language)


def _catalog(language: str) -> Catalog:
    return _read(i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", language)


def _forms(message: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the English forms, the translated forms) of one entry."""
    ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
    return ids, strings


CODE_MESSAGES = _code_messages()


def test_the_code_asks_for_enough_words_to_be_worth_checking() -> None:
    assert len(CODE_MESSAGES) > 400


def test_the_template_is_in_step_with_the_code() -> None:
    template = {_key(m) for m in _read(i18n.LOCALE_DIR / "smallwins.pot") if m.id}
    assert template == CODE_MESSAGES, "run the extract command in README's Languages section"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_translates_every_message(language: str) -> None:
    catalog = _catalog(language)
    entries = {_key(m): m for m in catalog if m.id}
    missing = sorted(msgid[:60] for msgid, _context in CODE_MESSAGES - set(entries))
    assert not missing, f"{language} lacks {len(missing)}: {missing[:5]}"
    for message in entries.values():
        ids, strings = _forms(message)
        expected = 1 if len(ids) == 1 else catalog.num_plurals
        assert len(strings) == expected and all(strings), f"{language}: {ids[0]!r}"
        assert not message.fuzzy, f"{language}: fuzzy {ids[0]!r}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders_and_tags(language: str) -> None:
    catalog = _catalog(language)
    # A form used for one thing only may say "yesterday" instead of "{count} days ago".
    single = _single_forms(language)
    for message in (m for m in catalog if m.id):
        ids, strings = _forms(message)
        names = set(PLACEHOLDER.findall(ids[-1]))
        for index, text in enumerate(strings):
            found = set(PLACEHOLDER.findall(text))
            allowed_gone = set(PLACEHOLDER.findall(ids[-1])) - set(PLACEHOLDER.findall(ids[0]))
            if len(ids) > 1 and index in single:
                assert names - allowed_gone <= found <= names, f"{language}: {text!r}"
            else:
                assert found == names, f"{language}: {text!r} has {found}, not {names}"
            assert sorted(TAG.findall(text)) == sorted(TAG.findall(ids[-1])), text
            parse_html(text)  # balanced and well formed, as Telegram parses it


def _single_forms(language: str) -> set[int]:
    """The plural forms that only ever stand for the number 1 (or 0 and 1)."""
    form = gettext.c2py(get_plural(language).plural_expr)
    numbers: dict[int, set[int]] = {}
    for n in range(1000):
        numbers.setdefault(form(n), set()).add(n)
    return {index for index, which in numbers.items() if which <= {0, 1}}


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogs_compile_and_follow_their_plural_rules(language: str) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals == get_plural(language).num_plurals
    translations = i18n.translations(language)
    assert translations.gettext("Saved ✓") not in ("", "Saved ✓")


def test_russian_picks_each_of_its_three_forms() -> None:
    translations = i18n.translations("ru")
    words = {n: translations.ngettext("{count} win", "{count} wins", n) for n in (1, 3, 5, 21)}
    assert words[1] == words[21]
    assert len({words[1], words[3], words[5]}) == 3


def test_a_new_catalog_is_a_new_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for language in ("it", "pt_BR"):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / f"{i18n.DOMAIN}.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n._spoken() == {"en": "English", "it": "Italiano", "pt_BR": "Português (Brasil)"}


def test_counts_take_the_languages_own_digits_and_nothing_else_does() -> None:
    template = "{count} · {time} · {flag}"
    with i18n.use("fa"):
        assert i18n.Words(template).format(count=2026, time="08:30", flag=True) == (
            "۲۰۲۶ · 08:30 · True"
        )
    for language in ("en", "ru", "de"):
        with i18n.use(language):
            assert i18n.Words(template).format(count=2026, time="08:30", flag=True) == (
                "2026 · 08:30 · True"
            )
