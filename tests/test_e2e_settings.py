"""Onboarding, time zone, prompt times and /settings, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from bot import texts
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from tests.conftest import Harness

README = Path(__file__).resolve().parent.parent / "README.md"


def _reply_keyboard(stand: StandIn, chat_id: int) -> list[list[dict[str, object]]]:
    for record in reversed(stand.sent):
        if record.chat_id == chat_id and "reply_markup" in record.params:
            markup = record.params["reply_markup"]
            markup = json.loads(markup) if isinstance(markup, str) else markup
            if "keyboard" in markup:
                return list(markup["keyboard"])
    return []


async def test_start_walks_through_three_short_steps(bot: Harness, ada: FakeUser) -> None:
    welcome = await bot.reply(ada, "/start")
    assert "Step 1 of 3" in (welcome.text or "")
    keyboard = _reply_keyboard(bot.stand, ada.id)
    labels = [button["text"] for row in keyboard for button in row]
    assert "UTC" in labels
    assert any(button.get("request_location") for row in keyboard for button in row)

    zone_set, times = await bot.send(ada, "Lisbon")
    assert "Lisbon" in (zone_set.text or "")
    assert "Step 2 of 3" in (times.text or "") and "08:00" in (times.text or "")
    done = await bot.press(ada, times, "Sounds good")
    assert len(done) == 1 and "Step 3 of 3" in (done[0].text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None
    assert (user.timezone, user.morning_time, user.evening_time) == (
        "Europe/Lisbon",
        "08:00",
        "21:00",
    )
    assert user.onboarding_step is None


async def test_guess_buttons_read_back_as_their_zone(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    labels = [b["text"] for row in _reply_keyboard(bot.stand, ada.id) for b in row]
    first = next(label for label in labels if isinstance(label, str) and "📍" not in label)
    replies = await bot.send(ada, str(first))
    assert "Time zone set" in (replies[0].text or "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_onboarding_can_change_both_times(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    _, times = await bot.send(ada, "UTC+3")
    (ask_morning,) = await bot.press(ada, times, "Change times")
    assert "morning" in (ask_morning.text or "")
    set_morning, ask_evening = await bot.send(ada, "6:45")
    assert "06:45" in (set_morning.text or "")
    replies = await bot.press(ada, ask_evening, "22:00")
    assert "22:00" in (replies[0].text or "") and "Step 3 of 3" in (replies[-1].text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None
    assert (user.timezone, user.morning_time, user.evening_time) == ("UTC+03:00", "06:45", "22:00")


async def test_a_win_during_onboarding_is_still_a_win(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    reply = await bot.reply(ada, "cooked dinner for the first time in weeks")
    assert "Undo" in reply.button_texts
    assert await bot.store.wins.count(ada.id) == 1


async def test_a_misspelt_city_during_onboarding_gets_suggestions(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/start")
    reply = await bot.reply(ada, "Berln")
    assert "Berlin" in (reply.text or "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_sharing_a_location_sets_the_time_zone(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    replies = await bot.act(ada, "send_location", 48.8566, 2.3522)
    assert "Step 2 of 3" in (replies[-1].text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.timezone == "Europe/Paris"


async def test_a_location_near_a_border_gets_the_zone_it_is_in(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    replies = await bot.act(ada, "send_location", 42.24, -8.72)  # Vigo, an hour off Lisbon
    assert "Madrid" in (replies[0].text or "") and "Step 2 of 3" in (replies[-1].text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.timezone == "Europe/Madrid"


async def test_a_location_at_sea_gets_the_offset_and_a_way_to_type_a_city(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/start")
    _, times = await bot.send(ada, "Berlin")
    await bot.press(ada, times, "Sounds good")
    replies = await bot.act(ada, "send_location", 0.0, -30.0)  # mid-Atlantic
    assert "UTC-02:00" in (replies[-1].text or "") and "/timezone" in (replies[-1].text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.timezone == "UTC-02:00"


async def test_returning_user_gets_a_short_hello(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    await bot.send(ada, "UTC")
    await bot.reply(ada, "a win")
    again = await bot.reply(ada, "/start")
    assert "Welcome back" in (again.text or "") and "1 marble" in (again.text or "")


async def test_timezone_accepts_city_zone_and_offset(bot: Harness, ada: FakeUser) -> None:
    for typed, stored in [
        ("/timezone Tokyo", "Asia/Tokyo"),
        ("/timezone america/new_york", "America/New_York"),
        ("/timezone UTC-04:30", "UTC-04:30"),
    ]:
        reply = await bot.reply(ada, typed)
        assert "Time zone set" in (reply.text or "")
        user = await bot.store.users.get(ada.id)
        assert user is not None and user.timezone == stored


async def test_unknown_timezone_says_what_would_work(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/timezone Atlantis Prime")
    assert "UTC+3" in (reply.text or "") or "Did you mean" in (reply.text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.timezone == "UTC"


async def test_timezone_without_argument_shows_current_and_takes_a_typed_city(
    bot: Harness, ada: FakeUser
) -> None:
    current = await bot.reply(ada, "/timezone")
    assert "UTC" in (current.text or "")
    reply = await bot.reply(ada, "Sydney")
    assert "Time zone set" in (reply.text or "")
    after = await bot.reply(ada, "Sydney")
    assert "Undo" in after.button_texts  # the question was answered; now it's a win


async def test_morning_and_evening_accept_friendly_times(bot: Harness, ada: FakeUser) -> None:
    for typed, field, stored in [
        ("/morning 7", "morning_time", "07:00"),
        ("/morning 7:30", "morning_time", "07:30"),
        ("/evening 9pm", "evening_time", "21:00"),
        ("/evening 19:00", "evening_time", "19:00"),
        ("/evening off", "evening_time", None),
    ]:
        await bot.reply(ada, typed)
        user = await bot.store.users.get(ada.id)
        assert user is not None and getattr(user, field) == stored, typed


async def test_a_bad_time_is_refused_with_examples(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/morning 25:99")
    assert "7pm" in (reply.text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.morning_time == "08:00"


async def test_settings_buttons_change_a_time(bot: Harness, ada: FakeUser) -> None:
    summary = await bot.reply(ada, "/settings")
    assert "Morning check-in: 08:00" in (summary.text or "")
    await bot.press(ada, summary, "🌅 Morning")
    picker = bot.stand.bot_message(summary.chat_id, summary.message_id)
    assert picker is not None and "09:00" in picker.button_texts
    await bot.press(ada, picker, "09:00")
    updated = bot.stand.bot_message(summary.chat_id, summary.message_id)
    assert updated is not None and "Morning check-in: 09:00" in (updated.text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.morning_time == "09:00"


async def test_settings_buttons_change_the_day_end(bot: Harness, ada: FakeUser) -> None:
    summary = await bot.reply(ada, "/settings")
    await bot.press(ada, summary, "🕓 Day ends")
    picker = bot.stand.bot_message(summary.chat_id, summary.message_id)
    assert picker is not None
    await bot.press(ada, picker, "02:00")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.day_end_hour == 2


async def test_a_made_up_button_gets_an_answer(bot: Harness, ada: FakeUser) -> None:
    summary = await bot.reply(ada, "/settings")
    summary.keyboard = ((type(summary.keyboard[0][0])("fake", "set:dayend=11"),),)
    query_id = ada.press(summary, "fake")
    await bot.settle()
    assert bot.answer_to(query_id) == texts.common.stale_button()
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.day_end_hour == 4


async def test_help_lists_every_command(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/help")
    for name, _ in texts.commands.commands():
        assert f"/{name}" in (reply.text or "")


async def test_every_registered_command_is_in_help_menu_and_readme(bot: Harness) -> None:
    from telegram.ext import CommandHandler

    registered = {
        command
        for group in bot.app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    documented = {name for name, _ in texts.commands.commands()}
    assert registered == documented
    menu = bot.stand.commands_for("all_private_chats")
    assert {command for command, _ in menu} == documented
    readme = README.read_text(encoding="utf-8")
    assert [name for name in documented if f"`/{name}`" not in readme] == []
