"""Micro-goals end to end through the Telegram stand-in."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage, Button
from tests.conftest import Harness

DAY = timedelta(days=1)


def text_of(messages: list[BotMessage]) -> str:
    return "\n".join(m.text or "" for m in messages)


async def test_a_goal_defaults_to_seven_days_and_shows_its_buttons(
    bot: Harness, ada: FakeUser
) -> None:
    reply = await bot.reply(ada, "/goal drink a glass of water")
    assert "drink a glass of water" in (reply.text or "") and "7 days" in (reply.text or "")
    (goal,) = await bot.store.goals.active(ada.id)
    assert (goal.text, goal.days) == ("drink a glass of water", 7)
    assert [b[1] for row in reply.buttons for b in row] == [
        f"goal:done:{goal.goal_id}",
        f"goal:shrink:{goal.goal_id}",
        f"goal:skip:{goal.goal_id}",
    ]


async def test_goal_length_out_of_range_is_refused_and_not_stored(
    bot: Harness, ada: FakeUser
) -> None:
    reply = await bot.reply(ada, "/goal read for 90 days")
    assert "1 to 66 days" in (reply.text or "")
    empty = await bot.reply(ada, "/goal")
    assert "/goal drink a glass of water" in (empty.text or "")
    assert await bot.store.goals.all_for(ada.id) == []


async def test_second_and_third_goals_get_a_note_and_a_fourth_is_refused(
    bot: Harness, ada: FakeUser
) -> None:
    first = await bot.reply(ada, "/goal walk 10 minutes")
    assert "one at a time" not in (first.text or "")
    second = await bot.reply(ada, "/goal read one page")
    assert "one at a time" in (second.text or "")
    await bot.reply(ada, "/goal stretch for 14 days")
    fourth = await bot.reply(ada, "/goal floss")
    assert "already have 3" in (fourth.text or "") and "/drop" in (fourth.text or "")
    assert [g.text for g in await bot.store.goals.active(ada.id)] == [
        "walk 10 minutes",
        "read one page",
        "stretch",
    ]


async def test_an_outcome_goal_gets_a_gentle_suggestion_not_a_refusal(
    bot: Harness, ada: FakeUser
) -> None:
    reply = await bot.reply(ada, "/goal lose 10 kg")
    assert "daily step" in (reply.text or "") or "a small step" in (reply.text or "")
    assert [g.text for g in await bot.store.goals.active(ada.id)] == ["lose 10 kg"]


async def test_done_checks_off_once_and_drops_a_marble(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "made tea")
    done = await bot.reply(ada, "/done")
    assert "day 1 of 7" in (done.text or "") and "#2" in (done.text or "")
    again = await bot.reply(ada, "/done")
    assert "already checked off" in (again.text or "")
    assert await bot.store.wins.count(ada.id) == 2
    (goal,) = await bot.store.goals.active(ada.id)
    today = (await bot.store.wins.all_for(ada.id))[-1].local_date
    assert await bot.store.goals.done_on(ada.id, today) == {goal.goal_id}


async def test_goals_lists_day_count_checkoffs_and_strip(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY)
    await bot.reply(ada, "/skip")
    bot.clock.advance(DAY * 2)
    replies = await bot.send(ada, "/goals")
    listing = replies[0].text or ""
    assert "day 4 of 7" in listing and "checked off 1×" in listing
    assert "streak" not in listing  # one check-off is not a run yet
    # Mon done, Tue rest, Wed missed, Thu (today) open.
    assert "Mo ✓  Tu –  We ·  Th" in listing
    assert replies[0].button_texts == ["Done ✓"]


async def test_goal_streak_forgives_one_miss_and_rests(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk for 14 days")
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY)
    await bot.reply(ada, "/skip")
    bot.clock.advance(DAY)
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY * 2)  # one missed day in between
    await bot.reply(ada, "/done")
    listing = (await bot.send(ada, "/goals"))[0].text or ""
    assert "checked off 3× · streak 3" in listing


async def test_several_goals_and_no_name_asks_with_buttons(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    question = await bot.reply(ada, "/done")
    assert "Which goal" in (question.text or "")
    assert question.button_texts == ["1. walk 10 minutes", "2. read one page"]
    replies = await bot.press(ada, question, "2. read one page")
    assert "read one page" in text_of(replies) and "day 1 of 7" in text_of(replies)
    read = (await bot.store.goals.active(ada.id))[1]
    assert await bot.store.goals.done_on(ada.id, read.start) == {read.goal_id}


async def test_goal_is_named_by_number_or_words(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    assert "walk" in (await bot.reply(ada, "/done 1")).text  # type: ignore[operator]
    assert "read one page" in (await bot.reply(ada, "/done page")).text  # type: ignore[operator]
    unknown = await bot.reply(ada, "/done swim")
    assert "couldn't find a goal called swim" in (unknown.text or "")
    assert "couldn't find" in ((await bot.reply(ada, "/skip 7")).text or "")


async def test_skip_is_a_planned_rest_not_a_miss(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    reply = await bot.reply(ada, "/skip")
    assert "isn't a miss" in (reply.text or "")
    assert "already has today off" in ((await bot.reply(ada, "/skip")).text or "")
    # Doing it anyway turns the rest into a check-off.
    await bot.reply(ada, "/done")
    (day,) = await bot.store.goals.days_for(ada.id)
    assert day.kind == "done"


async def test_drop_lets_a_goal_go_and_keeps_its_history(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/done")
    ask = await bot.reply(ada, "/drop")
    assert ask.button_texts == ["1. walk 10 minutes"]
    await bot.press(ada, ask, "1. walk 10 minutes")
    assert await bot.store.goals.active(ada.id) == []
    (goal,) = await bot.store.goals.all_for(ada.id)
    assert goal.status == "dropped" and len(await bot.store.goals.days_for(ada.id)) == 1
    assert "No micro-goal" in ((await bot.reply(ada, "/drop walk")).text or "")


async def test_shrink_keeps_history_and_records_the_old_text(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 30 minutes")
    await bot.reply(ada, "/done")
    reply = await bot.reply(ada, "/shrink 1 walk 5 minutes")
    assert "Smart move" in (reply.text or "")
    (goal,) = await bot.store.goals.active(ada.id)
    assert goal.text == "walk 5 minutes"
    assert len(await bot.store.goals.days_for(ada.id)) == 1
    (note,) = await bot.store.goals.notes_for(ada.id)
    assert (note.kind, note.text) == ("shrunk", "walk 30 minutes")


async def test_shrink_without_text_explains_and_changes_nothing(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/goal walk 30 minutes")
    reply = await bot.reply(ada, "/shrink")
    assert "/shrink 1 walk 5 minutes" in (reply.text or "")
    assert (await bot.store.goals.active(ada.id))[0].text == "walk 30 minutes"
    assert await bot.store.goals.notes_for(ada.id) == []


async def test_make_it_smaller_button_takes_the_next_text_as_the_smaller_version(
    bot: Harness, ada: FakeUser
) -> None:
    started = await bot.reply(ada, "/goal walk 30 minutes")
    asked = await bot.press(ada, started, "Make it smaller")
    assert "smaller version" in text_of(asked)
    reply = await bot.reply(ada, "put my shoes on")
    assert "Smart move" in (reply.text or "")
    assert (await bot.store.goals.active(ada.id))[0].text == "put my shoes on"
    # The question is answered: the next text is a win again.
    assert "marble" in ((await bot.reply(ada, "tidied the desk")).text or "").lower()


async def test_a_button_of_a_dropped_goal_gets_a_clear_answer(bot: Harness, ada: FakeUser) -> None:
    started = await bot.reply(ada, "/goal walk 30 minutes")
    (goal,) = await bot.store.goals.active(ada.id)
    await bot.store.goals.end(goal, "dropped", bot.clock.now())
    query = ada.press(started, "Done ✓")
    await bot.settle()
    assert "isn't one of your active goals" in (bot.answer_to(query) or "")
    assert await bot.store.goals.days_for(ada.id) == []


async def test_someone_elses_goal_id_gets_a_clear_answer(bot: Harness, ada: FakeUser) -> None:
    bob = bot.stand.user("Bob")
    started = await bot.reply(ada, "/goal walk 30 minutes")
    (goal,) = await bot.store.goals.active(ada.id)
    # Bob's own message carrying Ada's goal button (as a forged or stale callback would).
    await bot.reply(bob, "/goal read")
    bob_started = bot.stand.last_message_to(bob)
    forged = bob_started.payload["reply_markup"]["inline_keyboard"][0][0]
    forged["callback_data"] = f"goal:done:{goal.goal_id}"
    bob_started.keyboard = ((Button("Done ✓", forged["callback_data"]),),)
    query = bob.press(bob_started, "Done ✓")
    await bot.settle()
    assert "isn't one of your active goals" in (bot.answer_to(query) or "")
    assert await bot.store.goals.days_for(ada.id) == []
    assert started.button_texts


async def test_two_missed_days_bring_one_offer_to_shrink(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 30 minutes")
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY * 3)  # Tue and Wed missed
    replies = await bot.send(ada, "/goals")
    offer = replies[-1]
    assert "slipped" in (offer.text or "")
    assert offer.button_texts == ["Make it smaller", "Keep it", "Pause it"]
    # Only once.
    assert len(await bot.send(ada, "/goals")) == 1
    # What got in the way, as a reply to the offer, is kept as a note.
    mark = len(bot.stand.sent)
    ada.send("a late night at work", reply_to=offer)  # type: ignore[arg-type]
    await bot.settle()
    assert any("kept that as a note" in (r.text or "") for r in bot.stand.sent[mark:])
    (note,) = await bot.store.goals.notes_for(ada.id)
    assert (note.kind, note.text) == ("obstacle", "a late night at work")
    await bot.press(ada, offer, "Pause it")
    rests = [d for d in await bot.store.goals.days_for(ada.id) if d.kind == "skip"]
    assert len(rests) == 3


async def test_reaching_the_last_day_is_celebrated_and_can_be_extended(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/goal stretch for 2 days")
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY)
    replies = await bot.send(ada, "/done")
    assert "day 2 of 2" in (replies[0].text or "")
    party = replies[1]
    assert "last day" in (party.text or "")
    assert party.button_texts == ["14 days", "30 days", "66 days", "Finish 🎉"]
    await bot.press(ada, party, "14 days")
    (goal,) = await bot.store.goals.active(ada.id)
    assert goal.days == 14
    notes = await bot.store.goals.notes_for(ada.id)
    assert [n.kind for n in notes] == ["extended"]


async def test_finishing_a_goal_keeps_it_in_history(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal stretch for 1 day")
    replies = await bot.send(ada, "/done")
    await bot.press(ada, replies[-1], "Finish 🎉")
    assert await bot.store.goals.active(ada.id) == []
    assert [g.status for g in await bot.store.goals.all_for(ada.id)] == ["finished"]


async def test_a_goal_that_is_only_a_length_asks_for_the_step(bot: Harness, ada: FakeUser) -> None:
    for command in ("/goal for 14 days", "/goal 14 days", "/goal for 3d."):
        reply = await bot.reply(ada, command)
        assert "/goal walk 10 minutes for 14 days" in (reply.text or ""), command
    assert await bot.store.goals.all_for(ada.id) == []
    started = await bot.reply(ada, "/goal stretch for 14 days")
    assert "stretch" in (started.text or "") and "14 days" in (started.text or "")


async def test_drop_by_number_asks_first_and_a_repeat_cannot_drop_another_goal(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    first = await bot.reply(ada, "/drop 1")
    second = await bot.reply(ada, "/drop 1")  # sent twice, e.g. a double tap
    for ask in (first, second):
        assert "walk 10 minutes" in (ask.text or "")
        assert ask.button_texts == [texts.goals.let_go_button(), texts.goals.keep_button()]
    assert len(await bot.store.goals.active(ada.id)) == 2  # nothing dropped yet
    dropped = await bot.press(ada, first, texts.goals.let_go_button())
    assert "Let go of walk 10 minutes" in text_of(dropped)
    query = ada.press(second, texts.goals.let_go_button())
    await bot.settle()
    assert "isn't one of your active goals" in (bot.answer_to(query) or "")
    assert [g.text for g in await bot.store.goals.active(ada.id)] == ["read one page"]
    # Keep it keeps it.
    ask = await bot.reply(ada, "/drop read")
    assert "read one page" in (ask.text or "")
    await bot.press(ada, ask, texts.goals.keep_button())
    assert [g.text for g in await bot.store.goals.active(ada.id)] == ["read one page"]


async def test_a_goal_whose_days_are_up_says_so_without_claiming_them_all_done(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/goal stretch for 5 days")
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY * 5)
    listing = (await bot.send(ada, "/goals"))[0].text or ""
    assert "all 5 days done" not in listing
    assert "5 days are up · checked off 1×" in listing


async def test_goal_counts_in_export_and_forget_read_as_words(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal stretch")
    files = await bot.send(ada, "/export")
    assert "and 1 goal." in (files[0].text or "")
    await bot.reply(ada, "/goal walk")
    files = await bot.send(ada, "/export")
    assert "and 2 goals." in (files[0].text or "")
    forget = await bot.reply(ada, "/forget")
    assert "2 goals," in (forget.text or "") and "goal(s)" not in (forget.text or "")
