"""/history: a week per page, « » in place, editing and deleting a win from a page."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness


def _current(bot: Harness, message: BotMessage) -> BotMessage:
    shown = bot.stand.bot_message(message.chat_id, message.message_id)
    assert shown is not None
    return shown


async def _three_weeks(bot: Harness, ada: FakeUser) -> None:
    """Wins in the week of 2 Nov, none in the week of 9 Nov, then the weeks of 16 and 23 Nov."""
    bot.clock.advance(timedelta(days=-21))  # Monday 2 November
    await bot.send(ada, "planted bulbs #garden")
    bot.clock.advance(timedelta(days=2))
    await bot.send(ada, "called grandma")
    bot.clock.advance(timedelta(days=12))  # Monday 16 November
    await bot.send(ada, "ran 2km #running")
    bot.clock.advance(timedelta(days=6))  # Sunday 22 November
    await bot.send(ada, "read a chapter")
    bot.clock.advance(timedelta(days=1))  # Monday 23 November, today
    await bot.send(ada, "made the bed\nwatered the plants")


async def test_empty_history_nudges_toward_a_first_win(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/history")
    assert reply.html == texts.history.empty()
    assert reply.button_texts == []


async def test_history_pages_through_weeks_with_wins_newest_first(
    bot: Harness, ada: FakeUser
) -> None:
    await _three_weeks(bot, ada)

    page = await bot.reply(ada, "/history")
    assert page.text is not None
    assert page.text.startswith("23–29 Nov 2026 · 2 wins")
    assert page.text.index("watered the plants") < page.text.index("made the bed")
    assert "ran 2km" not in page.text
    assert page.button_texts == ["« Older", "✏️ Edit or delete"]

    replies = await bot.press(ada, page, "« Older")
    assert replies == []  # the same message, edited in place
    shown = _current(bot, page)
    assert shown.text is not None and shown.text.startswith("16–22 Nov 2026 · 2 wins")
    assert shown.text.index("Sun 22 Nov") < shown.text.index("Mon 16 Nov")
    assert shown.button_texts == ["« Older", "✏️ Edit or delete", "Newer »"]

    # The week of 9 November has no wins: « skips it.
    await bot.press(ada, shown, "« Older")
    shown = _current(bot, page)
    assert shown.text is not None and shown.text.startswith("2–8 Nov 2026 · 2 wins")
    assert "called grandma" in shown.text and "Wed 4 Nov" in shown.text
    assert shown.button_texts == ["✏️ Edit or delete", "Newer »"]

    await bot.press(ada, shown, "Newer »")
    await bot.press(ada, _current(bot, page), "Newer »")
    shown = _current(bot, page)
    assert shown.text is not None and shown.text.startswith("23–29 Nov 2026")
    edits = [r for r in bot.stand.sent if r.method == "editMessageText"]
    assert len(edits) == 4


async def test_history_respects_the_day_end_hour(bot: Harness, ada: FakeUser) -> None:
    # Monday 00:30 UTC is still Sunday for a day that ends at 04:00.
    bot.clock.set(bot.clock.now().replace(hour=0, minute=30))
    await bot.send(ada, "late night tidy")
    page = await bot.reply(ada, "/history")
    assert page.text is not None
    assert page.text.startswith("16–22 Nov 2026")
    assert "Sun 22 Nov" in page.text


async def test_photo_wins_are_marked_and_long_weeks_fit_one_message(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.act(ada, "send_photo", caption="the view from the top")
    long_line = "a long win " + "x" * 900
    for n in range(8):
        await bot.send(ada, "\n".join(f"{long_line} {n}-{i}" for i in range(3)))
    page = await bot.reply(ada, "/history")
    assert page.raw_text is not None and len(page.raw_text) <= 4096
    assert "…and" in page.raw_text
    await bot.reply(ada, "/history")  # still fine to ask twice
    bot.clock.advance(timedelta(days=1))
    await bot.act(ada, "send_photo", caption="")
    page = await bot.reply(ada, "/history")
    assert page.text is not None and "📷 photo" in page.text


async def _pick(bot: Harness, ada: FakeUser, page: BotMessage, number: str) -> BotMessage:
    await bot.press(ada, page, "✏️ Edit or delete")
    listing = _current(bot, page)
    await bot.press(ada, listing, number)
    return _current(bot, page)


async def test_delete_a_win_from_a_page_after_confirming(bot: Harness, ada: FakeUser) -> None:
    await _three_weeks(bot, ada)
    page = await bot.reply(ada, "/history")
    await bot.press(ada, page, "« Older")
    await bot.press(ada, _current(bot, page), "✏️ Edit or delete")
    listing = _current(bot, page)
    assert listing.text is not None
    assert "1. Sun 22 Nov: read a chapter" in listing.text
    assert "2. Mon 16 Nov: ran 2km #running" in listing.text
    assert listing.button_texts == ["1", "2", "« Back to the week"]

    await bot.press(ada, listing, "2")
    one = _current(bot, page)
    assert one.text is not None and "ran 2km" in one.text
    assert one.button_texts == ["✏️ Edit", "🗑 Delete", "« Back to the week"]
    await bot.press(ada, one, "🗑 Delete")
    confirm = _current(bot, page)
    assert confirm.text is not None and confirm.text.startswith("Take this win out")
    # Keep it: nothing changes.
    await bot.press(ada, confirm, "Keep it")
    assert len(await bot.store.wins.all_for(ada.id)) == 6
    await bot.press(ada, _current(bot, page), "🗑 Delete")
    await bot.press(ada, _current(bot, page), "Yes, delete it")

    shown = _current(bot, page)
    assert shown.text is not None
    assert shown.text.startswith("ran 2km #running is out of the jar. You have 5 marbles.")
    assert "16–22 Nov 2026 · 1 win" in shown.text
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == [
        "planted bulbs #garden",
        "called grandma",
        "read a chapter",
        "made the bed",
        "watered the plants",
    ]


async def test_deleting_a_win_that_is_gone_says_so(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "made the bed")
    page = await bot.reply(ada, "/history")
    one = await _pick(bot, ada, page, "1")
    await bot.press(ada, one, "🗑 Delete")
    confirm = _current(bot, page)
    await bot.send(ada, "/undo")  # the win goes another way meanwhile

    query = ada.press(confirm, "Yes, delete it")
    await bot.settle(bot.stand.last_update_id)

    assert bot.answer_to(query) == texts.history.win_gone()
    shown = _current(bot, page)
    assert shown.text is not None and "No wins left this week" in shown.text


async def test_deleting_a_check_off_unchecks_its_goal(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/goal drink water")
    await bot.send(ada, "/done")
    assert len(await bot.store.wins.all_for(ada.id)) == 1
    page = await bot.reply(ada, "/history")
    one = await _pick(bot, ada, page, "1")
    await bot.press(ada, one, "🗑 Delete")
    await bot.press(ada, _current(bot, page), "Yes, delete it")

    assert await bot.store.wins.all_for(ada.id) == []
    row = await bot.store.db.fetchone("SELECT count(*) FROM goal_days WHERE kind = 'done'")
    assert row is not None and row[0] == 0
    goals = await bot.reply(ada, "/goals")
    assert goals.text is not None


async def test_edit_a_win_by_replying_with_new_words(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "ran 2km")
    bot.clock.advance(timedelta(days=1))
    page = await bot.reply(ada, "/history")
    one = await _pick(bot, ada, page, "1")
    (question,) = await bot.press(ada, one, "✏️ Edit")
    assert question.text is not None and "ran 2km" in question.text

    # The next day: typed text is a win as always, a reply still answers.
    bot.clock.advance(timedelta(days=1))
    await bot.send(ada, "swept the floor")
    answer = await bot.reply(ada, "ran 3km #running", reply_to=question)

    assert answer.text == "Changed ✓ Now it reads: ran 3km #running"
    wins = await bot.store.wins.all_for(ada.id)
    assert [(w.text, w.tags) for w in wins] == [
        ("ran 3km #running", ("running",)),
        ("swept the floor", ()),
    ]
    assert wins[0].local_date.isoformat() == "2026-11-23"


async def test_typed_text_answers_the_edit_while_it_is_open(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "ran 2km")
    page = await bot.reply(ada, "/history")
    one = await _pick(bot, ada, page, "1")
    await bot.press(ada, one, "✏️ Edit")

    bad = await bot.reply(ada, "ran 3km\nand stretched")
    assert bad.text == texts.history.edit_one_line()
    good = await bot.reply(ada, "ran 3km")
    assert good.text == "Changed ✓ Now it reads: ran 3km"
    # Answered: the next text is a win again.
    later = await bot.reply(ada, "stretched")
    assert "Marble #2" in (later.text or "")
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["ran 3km", "stretched"]


async def test_editing_a_win_that_is_gone_says_so(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "ran 2km")
    page = await bot.reply(ada, "/history")
    one = await _pick(bot, ada, page, "1")
    (question,) = await bot.press(ada, one, "✏️ Edit")
    await bot.send(ada, "/undo")

    answer = await bot.reply(ada, "ran 3km", reply_to=question)
    assert answer.html == texts.history.win_gone_edit()
    assert await bot.store.wins.all_for(ada.id) == []

    # Pressing Edit on a win that is gone: a short answer, no question.
    await bot.send(ada, "walked")
    page = await bot.reply(ada, "/history")
    one = await _pick(bot, ada, page, "1")
    await bot.send(ada, "/undo")
    query = ada.press(one, "✏️ Edit")
    await bot.settle(bot.stand.last_update_id)
    assert bot.answer_to(query) == texts.history.win_gone()


async def test_picking_a_win_that_is_gone_shows_the_week_again(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "made the bed\nwatered the plants")
    page = await bot.reply(ada, "/history")
    await bot.press(ada, page, "✏️ Edit or delete")
    listing = _current(bot, page)
    await bot.send(ada, "/undo")  # takes back "watered the plants", number 1 on the list

    query = ada.press(listing, "1")
    await bot.settle(bot.stand.last_update_id)

    assert bot.answer_to(query) == texts.history.win_gone()
    shown = _current(bot, page)
    assert shown.text is not None and shown.text.startswith("23–29 Nov 2026 · 1 win")
    assert "watered" not in shown.text
