"""Catching up end to end: /yesterday, backdated /win, "↩ that was yesterday", the evening
prompt answered after midnight, /done yesterday, /lift and the evening's lift button.
Real Application, Telegram stand-in, ManualClock; days end at 04:00 unless a test says."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime

from bot import texts
from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import polling
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from tests.conftest import Harness

SENDS = {"sendMessage", "sendPhoto", "sendDocument"}
SUNDAY, MONDAY, TUESDAY = date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24)
BACK = texts.catchup.that_was_yesterday_button()


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def _days(bot: Harness, ada: FakeUser) -> dict[str, date]:
    return {w.text: w.local_date for w in await bot.store.wins.all_for(ada.id)}


async def _set_up(bot: Harness, ada: FakeUser, zone: str = "UTC") -> None:
    await bot.send(ada, f"/timezone {zone}")


# --- /yesterday ----------------------------------------------------------------------


async def test_yesterday_logs_each_line_for_the_day_before(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    reply = await bot.reply(ada, "/yesterday called mum #family\nwent for a run")
    assert "Counted for yesterday" in (reply.text or "")
    assert "Marbles #1–#2" in (reply.text or "")
    wins = await bot.store.wins.all_for(ada.id)
    assert [(w.text, w.tags, w.local_date) for w in wins] == [
        ("called mum #family", ("family",), SUNDAY),
        ("went for a run", (), SUNDAY),
    ]
    # Yesterday's wins are not today's, and the reply offers no move to yesterday.
    assert BACK not in reply.button_texts
    today = await bot.reply(ada, "/today")
    assert "called mum" not in (today.text or "")


async def test_yesterday_at_one_in_the_night_is_the_day_before_the_evening(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    bot.clock.set(_at(24, 1))  # Tuesday 01:00: still Monday's evening until 04:00
    await bot.reply(ada, "/yesterday baked bread")
    await bot.reply(ada, "tidied the desk")
    assert await _days(bot, ada) == {"baked bread": SUNDAY, "tidied the desk": MONDAY}
    bot.clock.set(_at(24, 5))  # the day has ended: now yesterday is Monday
    await bot.reply(ada, "/yesterday watered the plants")
    assert (await _days(bot, ada))["watered the plants"] == MONDAY


async def test_yesterday_respects_a_later_day_end_hour(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada, "Asia/Tokyo")  # UTC+9
    bot.clock.set(_at(23, 18))  # Tuesday 03:00 in Tokyo: still Monday there
    await bot.reply(ada, "/yesterday ran a mile")
    assert await _days(bot, ada) == {"ran a mile": SUNDAY}


async def test_yesterday_without_words_says_how(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    reply = await bot.reply(ada, "/yesterday")
    assert "/yesterday called mum" in (reply.text or "")
    assert await bot.store.wins.count(ada.id) == 0


# --- /win backdated ------------------------------------------------------------------


async def test_win_goes_back_days_by_number_word_or_weekday(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    bot.clock.set(_at(26, 12))  # Thursday
    two = await bot.reply(ada, "/win 2 days ago called mum")
    assert "Counted for Tuesday 24 November" in (two.text or "")
    await bot.reply(ada, "/win yesterday: fixed the bike")
    await bot.reply(ada, "/win three days ago paid the bills")
    await bot.reply(ada, "/win on monday went swimming")
    await bot.reply(ada, "/win 7 days ago cooked for friends")
    await bot.reply(ada, "/win Monday's talk went fine")  # no "on": a win for today
    assert await _days(bot, ada) == {
        "called mum": TUESDAY,
        "fixed the bike": date(2026, 11, 25),
        "paid the bills": MONDAY,
        "went swimming": MONDAY,
        "cooked for friends": date(2026, 11, 19),
        "Monday's talk went fine": date(2026, 11, 26),
    }


async def test_win_beyond_seven_days_is_refused_kindly(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    reply = await bot.reply(ada, "/win 8 days ago ran a marathon")
    assert "I can go back up to 7 days" in (reply.text or "")
    empty = await bot.reply(ada, "/win 2 days ago")
    assert "/win 2 days ago called mum" in (empty.text or "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_editing_a_backdated_win_keeps_its_day(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    sent = ada.send("/win 2 days ago called mun")
    await bot.settle(sent)
    await bot.act(ada, "edit", sent, "/win 2 days ago called mum")
    assert await _days(bot, ada) == {"called mum": date(2026, 11, 21)}


# --- "↩ that was yesterday" -----------------------------------------------------------


async def test_an_early_morning_win_moves_to_yesterday_with_one_tap(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    bot.clock.set(_at(24, 5))  # an hour after Monday ended
    reply = await bot.reply(ada, "finished the book\nwrote to Sam")
    assert reply.button_texts == ["Undo", BACK]
    moved = await bot.press(ada, reply, BACK)
    assert moved == []
    shown = bot.stand.bot_message(ada.id, reply.message_id)
    assert shown is not None and shown.button_texts == ["Undo"]  # the button is gone
    assert await _days(bot, ada) == {"finished the book": MONDAY, "wrote to Sam": MONDAY}
    evening = await bot.reply(ada, "/today")
    assert "finished the book" not in (evening.text or "")
    # Undo still takes them out.
    await bot.press(ada, reply, "Undo")
    assert await bot.store.wins.count(ada.id) == 0


async def test_the_move_answers_with_the_day_and_a_repeat_changes_nothing(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    bot.clock.set(_at(24, 9, 59))
    reply = await bot.reply(ada, "went to bed early")
    (_, data), *_ = [b for row in reply.buttons for b in row if b[0] == BACK]
    assert data is not None and len(data.encode()) <= 64
    query_id = ada.press(reply, BACK)
    await bot.settle()
    assert bot.answer_to(query_id) == "That win now counts for yesterday. ✓"
    bot.clock.set(_at(24, 12))
    await bot.reply(ada, "lunch outside")
    # The same press again (a modified client, or the button's old copy): nothing moves twice.
    again = ada.press_data(reply, data)
    await bot.settle()
    assert bot.answer_to(again) is not None
    assert await _days(bot, ada) == {"went to bed early": MONDAY, "lunch outside": TUESDAY}


async def test_no_move_offered_after_midnight_or_late_in_the_morning(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    bot.clock.set(_at(24, 1))  # before the day's end: it counts for Monday already
    night = await bot.reply(ada, "fixed the tap")
    bot.clock.set(_at(24, 10))  # six hours into Tuesday
    late = await bot.reply(ada, "made breakfast")
    assert night.button_texts == ["Undo"] and late.button_texts == ["Undo"]
    assert await _days(bot, ada) == {"fixed the tap": MONDAY, "made breakfast": TUESDAY}


async def test_the_move_follows_the_users_own_zone(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada, "Europe/Berlin")  # UTC+1 in November
    bot.clock.set(_at(24, 3, 30))  # 04:30 in Berlin
    reply = await bot.reply(ada, "slept well")
    await bot.press(ada, reply, BACK)
    assert await _days(bot, ada) == {"slept well": MONDAY}


async def test_a_moved_win_that_was_undone_says_so(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    bot.clock.set(_at(24, 6))
    reply = await bot.reply(ada, "stretched")
    await bot.reply(ada, "/undo")
    query_id = ada.press(reply, BACK)
    await bot.settle()
    assert bot.answer_to(query_id) == texts.catchup.move_gone()
    assert await bot.store.wins.count(ada.id) == 0


# --- the evening prompt answered after midnight ----------------------------------------


async def test_the_evening_prompt_answered_after_midnight_counts_for_its_evening(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    (evening,) = await bot.tick_at(_at(23, 21))
    bot.clock.set(_at(24, 0, 40))
    answer = await bot.reply(ada, "helped a neighbour", reply_to=evening)
    assert answer.button_texts == ["Undo"]  # nothing to move: it is Monday's already
    bot.clock.set(_at(24, 3, 59))
    await bot.reply(ada, "read a chapter", reply_to=evening)
    assert await _days(bot, ada) == {"helped a neighbour": MONDAY, "read a chapter": MONDAY}
    # After the day's end a late answer is Tuesday's, with the move a tap away.
    bot.clock.set(_at(24, 4, 10))
    late = await bot.reply(ada, "called the landlord", reply_to=evening)
    assert BACK in late.button_texts


# --- /done yesterday -----------------------------------------------------------------


async def test_a_forgotten_check_off_for_yesterday_keeps_the_streak(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    bot.clock.set(_at(23, 9))
    await bot.reply(ada, "/goal walk 10 minutes")
    bot.clock.set(_at(24, 9))
    await bot.reply(ada, "/done")  # Tuesday
    bot.clock.set(_at(25, 9))
    done = await bot.reply(ada, "/done yesterday")  # Tuesday is done already
    assert done.text == "walk 10 minutes is already checked off for yesterday. 👍"
    bot.clock.set(_at(26, 9))
    again = await bot.reply(ada, "/done yesterday")  # Wednesday, forgotten
    assert "Checked off for yesterday" in (again.text or "")
    await bot.reply(ada, "/done")  # Thursday
    (goal,) = await bot.store.goals.active(ada.id)
    days = await bot.store.goals.done_on(ada.id, date(2026, 11, 25))
    assert days == {goal.goal_id}
    checked = {d.local_date for d in await bot.store.goals.days_for(ada.id)}
    assert checked == {TUESDAY, date(2026, 11, 25), date(2026, 11, 26)}
    listing = (await bot.send(ada, "/goals"))[0]
    assert "checked off 3×" in (listing.text or "")
    # Its marble went in on Wednesday, where it belongs.
    wednesday = await bot.store.wins.on_day(ada.id, date(2026, 11, 25))
    assert [w.text for w in wednesday] == ["walk 10 minutes"]


async def test_done_yesterday_names_a_goal_by_number(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    bot.clock.set(_at(24, 9))
    reply = await bot.reply(ada, "/done 2 yesterday")
    assert "read one page" in (reply.text or "")
    walk, read = await bot.store.goals.active(ada.id)
    assert await bot.store.goals.done_on(ada.id, MONDAY) == {read.goal_id}
    # Without a number it asks which, and the button checks off yesterday too.
    question = await bot.reply(ada, "/done yesterday")
    await bot.press(ada, question, "1. walk 10 minutes")
    assert await bot.store.goals.done_on(ada.id, MONDAY) == {walk.goal_id, read.goal_id}
    assert await bot.store.goals.done_on(ada.id, TUESDAY) == set()


async def test_done_yesterday_for_a_goal_started_today_is_refused(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    await bot.reply(ada, "/goal walk 10 minutes")
    reply = await bot.reply(ada, "/done yesterday")
    assert "started today" in (reply.text or "")
    assert await bot.store.goals.days_for(ada.id) == []
    assert await bot.store.wins.count(ada.id) == 0


# --- /lift and the evening's lift -----------------------------------------------------


async def test_lift_with_nothing_older_answers_warmly(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    await bot.reply(ada, "made tea")
    await bot.reply(ada, "/win 7 days ago: planted bulbs")  # exactly a week: not yet
    reply = await bot.reply(ada, "/lift")
    assert reply.text == texts.catchup.lift_none()


async def test_lift_shows_a_win_from_more_than_a_week_ago(bot: Harness, ada: FakeUser) -> None:
    await _set_up(bot, ada)
    await bot.reply(ada, "/win 7 days ago called the plumber")  # Monday 16 November
    await bot.reply(ada, "made tea")
    bot.clock.set(_at(24, 18))
    reply = await bot.reply(ada, "/lift")
    assert reply.text == "A lift from your jar 🎈\nOn 16 November you: called the plumber"


async def test_lift_brings_back_the_photo(bot: Harness, ada: FakeUser) -> None:
    bot.clock.set(_at(2, 12))
    await _set_up(bot, ada)
    sent = ada.send_photo("the garden in bloom")
    await bot.settle(sent)
    (stored,) = await bot.store.wins.all_for(ada.id)
    bot.clock.set(_at(23, 20))
    reply = await bot.reply(ada, "/lift")
    assert reply.kind == "photo" and reply.file_id == stored.photo_file_id
    assert reply.text == "A lift from your jar 🎈\nOn 2 November you: the garden in bloom"


async def test_the_evening_after_a_day_without_wins_offers_a_lift(
    bot: Harness, ada: FakeUser
) -> None:
    await _set_up(bot, ada)
    await bot.reply(ada, "/win 7 days ago called the plumber")  # 16 November
    # Monday: the old win is exactly a week old, so there is nothing to offer yet.
    (monday,) = await bot.tick_at(_at(23, 21))
    assert texts.catchup.lift_button() not in monday.button_texts
    # Tuesday, no wins: a lift is a tap away, once.
    (tuesday,) = await bot.tick_at(_at(24, 21))
    assert tuesday.button_texts == [texts.catchup.lift_button(), texts.snooze.later_button()]
    (lift,) = await bot.press(ada, tuesday, texts.catchup.lift_button())
    assert "On 16 November you: called the plumber" in (lift.text or "")
    shown = bot.stand.bot_message(ada.id, tuesday.message_id)
    assert shown is not None and shown.button_texts == [texts.snooze.later_button()]
    # Wednesday with a win: no lift needed.
    bot.clock.set(_at(25, 12))
    await bot.reply(ada, "went for a swim")
    (wednesday,) = await bot.tick_at(_at(25, 21))
    assert texts.catchup.lift_button() not in wednesday.button_texts
    assert bot.stand.errors == []


# --- replays after a restart ---------------------------------------------------------


@asynccontextmanager
async def _running(
    stand: StandIn, settings: Settings, clock: ManualClock
) -> AsyncIterator[Harness]:
    app = build_application(settings, clock)
    async with polling(app):
        await stand.wait_polling()
        yield Harness(stand, app, clock)


async def test_replayed_catch_ups_after_a_restart_change_nothing_twice(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    async with _running(stand, settings, clock) as bot:
        await _set_up(bot, ada)
        await bot.reply(ada, "/goal walk 10 minutes")
        bot.clock.set(_at(24, 6))
        yesterday = ada.send("/yesterday baked bread")
        await bot.settle(yesterday)
        backdated = ada.send("/win 2 days ago called mum")
        await bot.settle(backdated)
        done = ada.send("/done yesterday")
        await bot.settle(done)
        reply = await bot.reply(ada, "slept well")
        await bot.press(ada, reply, BACK)
        press_id = bot.stand.last_update_id
        before = await _days(bot, ada)
        count = await bot.store.wins.count(ada.id)

    async with _running(stand, settings, clock) as bot:
        for update_id in (yesterday.update_id, backdated.update_id, done.update_id, press_id):
            assert update_id is not None
            bot.stand.redeliver(update_id)
            await bot.settle(update_id)
        assert (
            await _days(bot, ada)
            == before
            == {
                "walk 10 minutes": MONDAY,
                "baked bread": MONDAY,
                "called mum": SUNDAY,
                "slept well": MONDAY,
            }
        )
        assert await bot.store.wins.count(ada.id) == count == 4
        # Only the replayed press's answer is refused, as Telegram refuses an old query.
        assert {e.method for e in bot.stand.errors} <= {"answerCallbackQuery"}
