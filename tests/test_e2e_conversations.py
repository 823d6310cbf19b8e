"""Conversations end to end: what the bot asked, what a person answers, and wins never lost.

Each test walks a flow the way a person does, across minutes, hours and days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import texts
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness

DAY = timedelta(days=1)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _texts(messages: list[BotMessage]) -> str:
    return "\n".join(m.text or "" for m in messages)


async def _wins(bot: Harness, user: FakeUser) -> list[str]:
    return [w.text for w in await bot.store.wins.all_for(user.id)]


async def _goal_text(bot: Harness, user: FakeUser) -> str:
    (goal,) = await bot.store.goals.active(user.id)
    return goal.text


# --- bug 2: a question never swallows a win hours later ------------------------------------


async def test_an_ignored_make_it_smaller_does_not_swallow_the_evening_win(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.send(ada, "/goal walk 30 minutes")
    (morning,) = await bot.tick_at(_at(24, 8))
    asked = await bot.press(ada, morning, texts.goals.shrink_button())
    assert "smaller version" in _texts(asked)
    # Ignored. Thirteen hours later the evening prompt arrives and Ada answers it.
    (evening,) = await bot.tick_at(_at(24, 21))
    assert texts.nudges.evening_head() in (evening.text or "")
    reply = await bot.reply(ada, "cooked dinner from scratch")
    assert "Undo" in reply.button_texts
    assert await _wins(bot, ada) == ["cooked dinner from scratch"]
    assert await _goal_text(bot, ada) == "walk 30 minutes"
    # Answered as a reply to the evening prompt, it is a win just the same.
    await bot.reply(ada, "called my sister", reply_to=evening)
    assert await _wins(bot, ada) == ["cooked dinner from scratch", "called my sister"]
    assert await _goal_text(bot, ada) == "walk 30 minutes"


async def test_make_it_smaller_is_answered_by_typing_soon_or_by_replying_later(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    started = await bot.reply(ada, "/goal walk 30 minutes")
    assert len(await bot.press(ada, started, texts.goals.shrink_button())) == 1
    bot.clock.advance(timedelta(minutes=10))
    reply = await bot.reply(ada, "walk 15 minutes")
    assert "walk 15 minutes" in (reply.text or "")
    assert await _goal_text(bot, ada) == "walk 15 minutes"
    assert await _wins(bot, ada) == []
    # Asked again and left for three hours: typed text is a win again...
    (again,) = await bot.press(ada, started, texts.goals.shrink_button())
    bot.clock.advance(timedelta(hours=3))
    await bot.reply(ada, "fixed the bike")
    assert await _wins(bot, ada) == ["fixed the bike"]
    # ...but a reply to the question's own message still answers it.
    await bot.reply(ada, "walk to the corner", reply_to=again)
    assert await _goal_text(bot, ada) == "walk to the corner"
    assert await _wins(bot, ada) == ["fixed the bike"]


async def test_a_command_closes_the_open_question(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    started = await bot.reply(ada, "/goal walk 30 minutes")
    await bot.press(ada, started, texts.goals.shrink_button())
    await bot.send(ada, "/today")
    await bot.reply(ada, "watered the plants")
    assert await _wins(bot, ada) == ["watered the plants"]
    assert await _goal_text(bot, ada) == "walk 30 minutes"


async def test_the_next_prompt_closes_the_open_question(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    bot.clock.set(_at(23, 20, 55))
    started = await bot.reply(ada, "/goal walk 30 minutes")
    await bot.press(ada, started, texts.goals.shrink_button())
    # Five minutes later, well inside the question's minutes, the evening prompt arrives.
    (evening,) = await bot.tick_at(_at(23, 21))
    assert texts.nudges.evening_head() in (evening.text or "")
    await bot.reply(ada, "cooked dinner from scratch")
    assert await _wins(bot, ada) == ["cooked dinner from scratch"]
    assert await _goal_text(bot, ada) == "walk 30 minutes"


async def test_small_talk_does_not_answer_make_it_smaller(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    started = await bot.reply(ada, "/goal walk 30 minutes")
    await bot.press(ada, started, texts.goals.shrink_button())
    await bot.reply(ada, "thanks!")
    assert await _goal_text(bot, ada) == "walk 30 minutes"
    assert await _wins(bot, ada) == []


async def test_a_reply_to_the_morning_question_after_the_evening_prompt_is_a_win(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    (morning,) = await bot.tick_at(_at(24, 8))
    assert texts.nudges.morning_ask() in (morning.text or "")
    # The app may keep the morning's reply box open all day: by evening, it is a win.
    await bot.tick_at(_at(24, 21))
    reply = await bot.reply(ada, "cooked dinner from scratch", reply_to=morning)
    assert "Undo" in reply.button_texts
    assert await _wins(bot, ada) == ["cooked dinner from scratch"]
    assert await bot.store.intentions.get(ada.id, _at(24, 8).date()) is None


# --- bug 8 (first half): what got in the way ----------------------------------------------


async def _offer(bot: Harness, ada: FakeUser) -> BotMessage:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 30 minutes")
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY * 3)  # two days missed
    offer = (await bot.send(ada, "/goals"))[-1]
    assert "slipped" in (offer.text or "")
    return offer


async def test_a_typed_obstacle_answer_is_a_note_not_a_win(bot: Harness, ada: FakeUser) -> None:
    await _offer(bot, ada)
    bot.clock.advance(timedelta(minutes=5))
    reply = await bot.reply(ada, "a late night at work")
    assert "note" in (reply.text or "")
    assert texts.settings.add_as_win_button() in reply.button_texts
    (note,) = await bot.store.goals.notes_for(ada.id)
    assert (note.kind, note.text) == ("obstacle", "a late night at work")
    assert await _wins(bot, ada) == ["walk 30 minutes"]  # only the check-off
    # Was it a win after all? One tap puts it in the jar.
    await bot.press(ada, reply, texts.settings.add_as_win_button())
    assert await _wins(bot, ada) == ["walk 30 minutes", "a late night at work"]


async def test_an_ignored_obstacle_question_does_not_swallow_a_win(
    bot: Harness, ada: FakeUser
) -> None:
    offer = await _offer(bot, ada)
    bot.clock.advance(timedelta(hours=5))
    reply = await bot.reply(ada, "finished the report")
    assert "Undo" in reply.button_texts
    assert await bot.store.goals.notes_for(ada.id) == []
    # A reply to the offer still answers it.
    await bot.send(ada, "too tired", reply_to=offer)
    (note,) = await bot.store.goals.notes_for(ada.id)
    assert note.text == "too tired"
    assert await _wins(bot, ada) == ["walk 30 minutes", "finished the report"]


# --- bugs 2 and 4: onboarding questions ---------------------------------------------------


async def test_an_ignored_onboarding_question_does_not_swallow_a_win_later(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/start")
    bot.clock.advance(timedelta(hours=13))
    reply = await bot.reply(ada, "ran")
    assert "Undo" in reply.button_texts
    assert await _wins(bot, ada) == ["ran"]
    # A reply to the welcome still sets the zone and moves on.
    welcome = next(m for m in bot.stand.messages_to(ada) if "Step 1 of 3" in (m.text or ""))
    zone_set, times = await bot.send(ada, "Lisbon", reply_to=welcome)
    assert "Lisbon" in (zone_set.text or "") and "Step 2 of 3" in (times.text or "")


async def test_a_time_that_does_not_parse_gets_a_hint_not_a_marble(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/start")
    _, times = await bot.send(ada, "UTC+3")
    (ask_morning,) = await bot.press(ada, times, texts.settings.change_times_button())
    assert "morning" in (ask_morning.text or "")
    hint = await bot.reply(ada, "25:99")
    assert "25:99" in (hint.text or "") and "7:30" in (hint.text or "")
    assert "08:00" in hint.button_texts and texts.settings.add_as_win_button() in hint.button_texts
    assert await _wins(bot, ada) == []
    # A button on the hint answers the question.
    replies = await bot.press(ada, hint, "08:00")
    assert "08:00" in _texts(replies) and "evening" in _texts(replies)
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.morning_time == "08:00"


async def test_a_misspelt_city_gets_buttons_and_yes_is_not_a_win(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/start")
    typo = await bot.reply(ada, "Berln")
    assert "Did you mean" in (typo.text or "")
    assert "Berlin" in typo.button_texts
    hint = await bot.reply(ada, "yes")
    assert "Tap the one you meant" in (hint.text or "")
    assert await _wins(bot, ada) == []
    zone_set, times = await bot.press(ada, hint, "Berlin")
    assert "Berlin" in (zone_set.text or "") and "Step 2 of 3" in (times.text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.timezone == "Europe/Berlin"
    # One suggestion: "yes" takes it.
    await bot.send(ada, "/timezone Lndon")
    replies = await bot.send(ada, "yes")
    assert "London" in _texts(replies)
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.timezone == "Europe/London"
    assert await _wins(bot, ada) == []


async def test_a_hint_can_still_become_a_win(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    hint = await bot.reply(ada, "meditated")
    assert await _wins(bot, ada) == []
    replies = await bot.press(ada, hint, texts.settings.add_as_win_button())
    assert "marble" in _texts(replies).lower()
    assert await _wins(bot, ada) == ["meditated"]
    # Once is enough: the button goes, the zone choices stay.
    shown = bot.stand.bot_message(hint.chat_id, hint.message_id)
    assert shown is not None and texts.settings.add_as_win_button() not in shown.button_texts
    assert "UTC" in shown.button_texts


# --- bug 3: the first contact leads into onboarding ---------------------------------------


async def test_a_first_win_before_start_is_kept_and_leads_into_setup(
    bot: Harness, ada: FakeUser
) -> None:
    first = await bot.reply(ada, "walked to the shop")
    assert "first marble" in (first.text or "").lower() and "Step 1 of 3" in (first.text or "")
    assert first.button_texts[0] == "Undo" and "London" in first.button_texts
    assert await _wins(bot, ada) == ["walked to the shop"]
    # /start does not say "Welcome back": it asks for the time zone.
    again = await bot.reply(ada, "/start")
    assert "Welcome back" not in (again.text or "") and "Step 1 of 3" in (again.text or "")
    zone_set, times = await bot.send(ada, "Tokyo")
    assert "Tokyo" in (zone_set.text or "") and "Step 2 of 3" in (times.text or "")
    assert await _wins(bot, ada) == ["walked to the shop"]


async def test_a_zone_button_under_the_first_win_sets_up(bot: Harness, ada: FakeUser) -> None:
    first = await bot.reply(ada, "walked to the shop")
    zone_set, times = await bot.press(ada, first, "London")
    assert "London" in (zone_set.text or "") and "Step 2 of 3" in (times.text or "")
    shown = bot.stand.bot_message(first.chat_id, first.message_id)
    assert shown is not None and shown.button_texts == ["Undo"]  # the win can still go
    assert "Welcome back" in ((await bot.reply(ada, "/start")).text or "")


async def test_after_forget_the_next_message_starts_afresh(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/start")
    await bot.send(ada, "Lisbon")
    confirm = await bot.reply(ada, "/forget")
    await bot.press(ada, confirm, texts.data.forget_yes())
    first = await bot.reply(ada, "made tea")
    assert "first marble" in (first.text or "").lower() and "Step 1 of 3" in (first.text or "")
    assert "Step 1 of 3" in ((await bot.reply(ada, "/start")).text or "")


async def test_a_first_sticker_says_what_works_and_leads_into_setup(
    bot: Harness, ada: FakeUser
) -> None:
    (reply,) = await bot.act(ada, "send_sticker")
    assert "text and photo wins" in (reply.text or "") and "Step 1 of 3" in (reply.text or "")
    assert "UTC" in reply.button_texts
    (again,) = await bot.act(ada, "send_sticker")
    assert "Step 1 of 3" not in (again.text or "")


async def test_a_first_hello_gets_the_welcome(bot: Harness, ada: FakeUser) -> None:
    welcome = await bot.reply(ada, "hi")
    assert "Step 1 of 3" in (welcome.text or "")
    assert await _wins(bot, ada) == []


# --- bug 9: small talk --------------------------------------------------------------------


async def test_small_talk_gets_a_kind_word_and_no_marble(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    for said in ("thanks!", "hi", "👍", "Thank you so much 😊"):
        reply = await bot.reply(ada, said)
        assert "marble" not in (reply.text or "").lower(), said
        assert reply.button_texts == [texts.settings.add_as_win_button()], said
    assert await _wins(bot, ada) == []
    # A real win with a greeting in it is a win.
    await bot.reply(ada, "said hi to my neighbour")
    assert await _wins(bot, ada) == ["said hi to my neighbour"]


async def test_small_talk_can_be_added_as_a_win_with_one_tap(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    reply = await bot.reply(ada, "💪")
    celebrated = await bot.press(ada, reply, texts.settings.add_as_win_button())
    assert "marble" in _texts(celebrated).lower()
    assert await _wins(bot, ada) == ["💪"]
    shown = bot.stand.bot_message(reply.chat_id, reply.message_id)
    assert shown is not None and shown.button_texts == []


async def test_small_talk_in_a_group_is_not_a_marble(bot: Harness, ada: FakeUser) -> None:
    bob = bot.stand.user("Bob")
    group: FakeGroup = bot.stand.group("Family", members=[ada, bob], admins=[ada])
    group.add_bot(by=ada)
    await bot.settle(bot.stand.last_update_id)
    intro = bot.stand.last_message_to(group)
    reply = (await bot.send(ada, "thanks!", chat=group, reply_to=intro))[-1]
    assert "marble" not in (reply.text or "").lower()
    assert await _wins(bot, ada) == []
    # Only Ada's own tap adds her message.
    query = bob.press(reply, texts.settings.add_as_win_button())
    await bot.settle()
    assert bot.answer_to(query) == texts.settings.not_your_button()
    await bot.press(ada, reply, texts.settings.add_as_win_button())
    assert await _wins(bot, ada) == ["thanks!"]
    await bot.send(ada, "walked the dog", chat=group, reply_to=intro)
    assert await _wins(bot, ada) == ["thanks!", "walked the dog"]


# --- /timezone Mars ------------------------------------------------------------------------


async def test_timezone_mars_gets_a_hint_not_an_unrelated_zone(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone Lisbon")
    reply = await bot.reply(ada, "/timezone Mars")
    text = reply.text or ""
    assert "Kolkata" not in text and "Did you mean" not in text
    assert "Berlin" in text and "UTC+3" in text and "location" in text
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.timezone == "Europe/Lisbon"
