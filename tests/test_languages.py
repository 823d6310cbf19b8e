"""Choosing a language: Telegram's codes and typed names to ours, where each chat's language
is stored and remembered, the buttons' data and the menus the stand-in takes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import i18n
from bot.domain import callbacks
from bot.domain.languages import choose, group_spoken, spoken
from bot.languages import Languages
from storage import Store

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "test.db")
    yield s
    await s.close()


@given(st.one_of(st.none(), st.text()))
def test_any_telegram_code_maps_to_a_language_the_bot_speaks(code: str | None) -> None:
    assert i18n.language_for(code) in i18n.LANGUAGES


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("es", "es"),
        ("es-419", "es"),
        ("pt", "pt_BR"),
        ("pt-br", "pt_BR"),
        ("de", "de"),
        ("ru", "ru"),
        ("fa", "fa"),
        ("en-GB", "en"),
        ("ja", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_telegram_codes_map_to_ours_with_english_as_the_fallback(
    code: str | None, language: str
) -> None:
    assert i18n.language_for(code) == language


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("de", "de"),
        ("DE", "de"),
        ("Deutsch", "de"),
        ("german", "de"),
        ("Español", "es"),
        ("espanol", "es"),
        ("pt-BR", "pt_BR"),
        ("pt_br", "pt_BR"),
        ("Português", "pt_BR"),
        ("português (brasil)", "pt_BR"),
        ("Русский", "ru"),
        ("فارسی", "fa"),
        ("farsi", "fa"),
        ("English", "en"),
        ("en", "en"),
    ],
)
def test_a_language_is_chosen_by_its_code_or_its_name(typed: str, language: str) -> None:
    assert choose(typed) == language


@pytest.mark.parametrize("typed", ["", "  ", "klingon", "ja", "xx", "deutsch bitte"])
def test_a_language_the_bot_does_not_speak_is_not_chosen(typed: str) -> None:
    assert choose(typed) is None


@given(st.text())
def test_whatever_is_typed_chooses_a_spoken_language_or_none(typed: str) -> None:
    assert choose(typed) in (None, *i18n.LANGUAGES)


def test_a_stored_language_wins_over_the_telegram_app_and_groups_default_to_english() -> None:
    assert spoken("de", "es") == "de"
    assert spoken(None, "es") == "es"
    assert spoken("tlh", "pt") == "pt_BR"  # a code we no longer speak: the app's
    assert group_spoken("ru") == "ru"
    assert group_spoken(None) == "en"


def test_every_language_button_fits_and_routes_back_to_its_code() -> None:
    for code in i18n.LANGUAGES:
        data = callbacks.language(code)
        assert len(data.encode()) <= callbacks.MAX_BYTES
        match = callbacks.LANGUAGE.match(data)
        assert match is not None and match.group(1) == code


async def test_a_users_language_is_stored_at_first_contact_and_changed(store: Store) -> None:
    user, _ = await store.users.ensure(1, "Ada", "es-419", NOW, language="es")
    assert user.language == "es"
    await store.users.set_language(1, "de")
    again = await store.users.get(1)
    assert again is not None and again.language == "de"
    seen = await store.users.ensure_seen(2, "Bob", "ru", NOW, language="ru")
    assert seen.language == "ru"


async def test_a_group_keeps_its_language_when_the_bot_comes_back(store: Store) -> None:
    group, _ = await store.groups.register(-5, "Runners", NOW, language="es")
    assert group.language == "es"
    await store.groups.set_language(-5, "de")
    await store.groups.set_active(-5, False)
    back, created = await store.groups.register(-5, "Runners", NOW, language="ru")
    assert not created and back.language == "de"


async def test_a_group_from_before_languages_takes_one_when_registered_again(
    store: Store,
) -> None:
    await store.db.execute(
        "INSERT INTO groups (chat_id, title, created_at) VALUES (-6, 'Old', ?)", (NOW.isoformat(),)
    )
    old = await store.groups.get(-6)
    assert old is not None and old.language is None
    back, _ = await store.groups.register(-6, "Old", NOW, language="fa")
    assert back.language == "fa"


def test_languages_remembered_are_bounded_least_recently_seen_first() -> None:
    languages = Languages(size=2)
    languages.remember(1, "de")
    languages.remember(2, "es")
    assert languages.get(1) == "de"  # 1 is now the most recently seen
    languages.remember(3, "ru")
    assert (languages.get(1), languages.get(2), languages.get(3)) == ("de", None, "ru")
    languages.forget(1)
    assert languages.get(1) is None
