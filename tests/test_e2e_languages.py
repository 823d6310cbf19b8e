"""Languages end to end: chosen from Telegram's language_code at first contact, changed with
/language (words or buttons, persisting across restarts), a group's own language (admins
only), and messages to someone else in the recipient's language, not the sender's.

The words are the real catalogs'; each check also makes sure they are not the English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram import BotCommand
from telegram.error import BadRequest

from bot import i18n, texts
from bot.config import Settings
from bot.domain import groups as group_rules
from bot.nudges import render
from bot.standin import StandIn
from bot.standin.actors import FakeGroup, FakeUser
from tests.conftest import Harness, ManualClock, running


def _in(language: str, render_text: object) -> str:
    assert callable(render_text)
    with i18n.use(language):
        return str(render_text())


async def test_a_spanish_user_is_onboarded_in_spanish_and_told_how_to_switch(
    bot: Harness, stand: StandIn
) -> None:
    maria = stand.user("María", language_code="es-419")
    replies = await bot.send(maria, "/start")
    welcome = "\n".join(m.text or "" for m in replies)
    assert _in("es", texts.language.picked) in welcome
    assert "Te escribiré en español" in welcome
    stored = await bot.store.users.get(maria.id)
    assert stored is not None and stored.language == "es"


async def test_language_de_switches_and_persists_across_a_restart(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    async with running(stand, settings, clock) as bot:
        await bot.send(ada, "/start")
        reply = await bot.reply(ada, "/language de")
        assert reply.text == _in("de", texts.language.changed)
        assert reply.text.startswith("Erledigt!")
    async with running(stand, settings, clock) as bot:
        stored = await bot.store.users.get(ada.id)
        assert stored is not None and stored.language == "de"
        again = await bot.reply(ada, "/language")
        assert again.text == _in("de", texts.language.choose)
        assert again.text != _in("en", texts.language.choose)
        assert "✓ Deutsch" in again.button_texts


async def test_a_language_is_chosen_by_its_own_name_or_with_a_button(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/start")
    by_name = await bot.reply(ada, "/language Español")
    assert by_name.text == "¡Listo! A partir de ahora te escribo en español."
    offer = await bot.reply(ada, "/language")
    assert offer.button_texts == [
        f"✓ {name}" if code == "es" else name for code, name in i18n.LANGUAGES.items()
    ]
    await bot.press(ada, offer, "Русский")
    edited = bot.stand.bot_message(offer.chat_id, offer.message_id)
    assert edited is not None and edited.text == "Готово! Теперь буду писать тебе по-русски."
    stored = await bot.store.users.get(ada.id)
    assert stored is not None and stored.language == "ru"


async def test_an_unknown_language_is_answered_with_the_buttons(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/start")
    reply = await bot.reply(ada, "/language klingon")
    assert reply.text == _in("en", lambda: texts.language.unknown("klingon"))
    assert reply.button_texts == ["✓ English", *list(i18n.LANGUAGES.values())[1:]]
    stored = await bot.store.users.get(ada.id)
    assert stored is not None and stored.language == "en"


async def _group(bot: Harness, adder: FakeUser, members: list[FakeUser]) -> FakeGroup:
    group = bot.stand.group("Runners", members=[adder, *members], admins=[adder])
    group.add_bot(by=adder)
    await bot.settle(bot.stand.last_update_id)
    return group


async def test_a_group_speaks_its_adders_language_and_only_admins_change_it(
    bot: Harness, stand: StandIn, bob: FakeUser
) -> None:
    eva = stand.user("Eva", language_code="es")
    group = await _group(bot, eva, [bob])
    stored = await bot.store.groups.get(group.id)
    assert stored is not None and stored.language == "es"

    refused = await bot.reply(bob, "/language de", chat=group)
    assert refused.text == _in("es", texts.language.admins_only)
    offer = await bot.reply(eva, "/language", chat=group)
    query_id = bob.press(offer, "Deutsch")
    await bot.settle()
    assert bot.answer_to(query_id) == _in("es", texts.language.admins_only)
    stored = await bot.store.groups.get(group.id)
    assert stored is not None and stored.language == "es"

    await bot.press(eva, offer, "Deutsch")
    edited = bot.stand.bot_message(offer.chat_id, offer.message_id)
    assert edited is not None and edited.text == _in("de", texts.language.changed_in_group)
    assert edited.text != _in("en", texts.language.changed_in_group)
    stored = await bot.store.groups.get(group.id)
    assert stored is not None and stored.language == "de"
    # Eva's own language stays hers.
    person = await bot.store.users.get(eva.id)
    assert person is None or person.language in (None, "es")


async def test_a_buddys_cheer_is_written_in_the_buddys_language(
    bot: Harness, ada: FakeUser, bob: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        texts.buddies, "cheer_received", lambda name: f"[{i18n.current()}] {name} cheers"
    )
    await bot.send(bob, "/start")
    await bot.send(bob, "/language de")
    await bot.send(ada, "/start")
    code = await _invite_code(bot, ada)
    (confirm, *_) = await bot.send(bob, f"/start buddy_{code}")
    await bot.press(bob, confirm, _in("de", texts.buddies.pair_button))
    listing = await bot.reply(ada, "/buddies")
    ada.press(listing, texts.buddies.cheer_button("Bob"))
    await bot.settle()
    assert bot.stand.last_message_to(bob).text == "[de] Ada cheers"


async def _invite_code(bot: Harness, user: FakeUser) -> str:
    reply = await bot.reply(user, "/buddy")
    return (reply.text or "").split("start=buddy_", 1)[1].split()[0].strip('"<>')


async def test_scheduled_prompts_are_rendered_in_each_recipients_language(
    bot: Harness, stand: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    morning = render.morning
    monkeypatch.setattr(
        render,
        "morning",
        lambda *args, **kwargs: render.Prompt(
            f"[{i18n.current()}] {morning(*args, **kwargs).text}"
        ),
    )
    monkeypatch.setattr(
        group_rules, "morning_checkin", lambda title: [f"[{i18n.current()}] {title}, good morning"]
    )
    ada, maria = stand.user("Ada", language_code="en"), stand.user("María", language_code="es")
    for user in (ada, maria):
        await bot.send(user, "/timezone UTC")
    await bot.send(ada, "/language de")
    group = await _group(bot, maria, [ada])
    await bot.send(maria, "/language ru", chat=group)

    sent = await bot.tick_at(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    by_chat = {m.chat_id: m.text or "" for m in sent}
    assert by_chat[ada.id].startswith("[de] ")
    assert by_chat[maria.id].startswith("[es] ")
    (digest,) = await bot.tick_at(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    assert digest.chat_id == group.id and digest.text == "[ru] Runners, good morning"


async def test_the_command_menu_is_published_in_every_language(bot: Harness) -> None:
    default = bot.stand.commands_for("all_private_chats")
    groups = bot.stand.commands_for("all_group_chats")
    assert "language" in {name for name, _ in default} & {name for name, _ in groups}
    for language in set(i18n.LANGUAGES) - {i18n.DEFAULT}:
        code = i18n.telegram_code(language)
        private = bot.stand.commands_for("all_private_chats", language_code=code)
        in_groups = bot.stand.commands_for("all_group_chats", language_code=code)
        assert [name for name, _ in private] == [name for name, _ in default], language
        assert [name for name, _ in in_groups] == [name for name, _ in groups], language
    german = dict(bot.stand.commands_for("all_private_chats", language_code="de"))
    assert german["help"] == "Was ich kann"
    assert dict(default)["help"] == "What I can do"


async def test_the_stand_in_refuses_a_menu_for_a_regional_language_code(bot: Harness) -> None:
    with pytest.raises(BadRequest, match=r"(?i)invalid language code"):
        await bot.app.bot.set_my_commands([BotCommand("help", "Help")], language_code="pt_BR")
