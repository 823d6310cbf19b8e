"""Logging wins in a private chat, end to end through the Telegram stand-in."""

from __future__ import annotations

from datetime import date, timedelta

from bot.standin.actors import FakeUser
from tests.conftest import Harness


async def test_plain_text_is_logged_as_a_win(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "drank a glass of water")
    assert "#1" in (reply.text or "") or "first marble" in (reply.text or "")
    assert reply.button_texts[0] == "Undo"  # then time zone guesses: setup starts
    wins = await bot.store.wins.all_for(ada.id)
    assert [w.text for w in wins] == ["drank a glass of water"]


async def test_marble_number_counts_up(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "one")
    await bot.reply(ada, "two")
    third = await bot.reply(ada, "three")
    assert "#3" in (third.text or "")


async def test_several_lines_are_several_wins_with_tags(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "- made the bed #home\n- walked 10 minutes #health\n\n• read")
    assert "3 wins" in (reply.text or "")
    wins = await bot.store.wins.all_for(ada.id)
    assert [(w.text, w.tags) for w in wins] == [
        ("made the bed #home", ("home",)),
        ("walked 10 minutes #health", ("health",)),
        ("read", ()),
    ]


async def test_win_command_logs_a_win(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/win finished the report")
    assert "Undo" in reply.button_texts
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["finished the report"]


async def test_empty_win_command_explains_how(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/win")
    assert "/win went for a short walk" in (reply.text or "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_a_photo_is_a_win_that_keeps_its_file_id(bot: Harness, ada: FakeUser) -> None:
    replies = await bot.act(ada, "send_photo", "my tidy desk #home")
    assert len(replies) == 1 and "Undo" in replies[0].button_texts
    (win,) = await bot.store.wins.all_for(ada.id)
    assert win.photo_file_id and win.text == "my tidy desk #home" and win.tags == ("home",)


async def test_a_photo_without_caption_is_a_win(bot: Harness, ada: FakeUser) -> None:
    await bot.act(ada, "send_photo")
    (win,) = await bot.store.wins.all_for(ada.id)
    assert win.photo_file_id and win.text == ""
    today = await bot.reply(ada, "/today")
    assert "📷" in (today.text or "")


async def test_undo_button_takes_the_wins_back_out(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "kept")
    reply = await bot.reply(ada, "oops\ntypo")
    await bot.press(ada, reply, "Undo")
    edited = bot.stand.bot_message(reply.chat_id, reply.message_id)
    assert edited is not None and "back out" in (edited.text or "")
    assert edited.button_texts == []
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["kept"]


async def test_undo_button_for_wins_already_removed_says_so(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "something")
    await bot.reply(ada, "/undo")
    query_id = ada.press(reply, "Undo")
    await bot.settle()
    assert bot.answer_to(query_id) == "Those wins were already taken out."
    message = bot.stand.bot_message(reply.chat_id, reply.message_id)
    assert message is not None and message.button_texts == []
    assert await bot.store.wins.count(ada.id) == 0


async def test_undo_command_removes_only_todays_last_win(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "yesterday's win")
    bot.clock.advance(timedelta(days=1))
    await bot.reply(ada, "today one")
    await bot.reply(ada, "today two")
    reply = await bot.reply(ada, "/undo")
    assert "back out" in (reply.text or "")
    assert [w.text for w in await bot.store.wins.all_for(ada.id)] == [
        "yesterday's win",
        "today one",
    ]
    await bot.reply(ada, "/undo")
    nothing = await bot.reply(ada, "/undo")
    assert "Nothing to undo today" in (nothing.text or "")
    assert await bot.store.wins.count(ada.id) == 1


async def test_editing_a_message_edits_the_stored_win(bot: Harness, ada: FakeUser) -> None:
    message = ada.send("ran 5km")
    await bot.settle(message)
    await bot.act(ada, "edit", message, "ran 6km #running")
    (win,) = await bot.store.wins.all_for(ada.id)
    assert (win.text, win.tags) == ("ran 6km #running", ("running",))
    assert bot.stand.reactions.get((ada.id, message.message_id))


async def test_a_win_after_midnight_counts_for_the_evening_before(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/timezone Europe/Berlin")
    # 00:30 UTC on Tuesday is 01:30 in Berlin: still Monday by the 04:00 day end.
    bot.clock.set(bot.clock.now().replace(hour=0, minute=30) + timedelta(days=1))
    await bot.reply(ada, "late night dishes")
    (win,) = await bot.store.wins.all_for(ada.id)
    assert win.local_date == date(2026, 11, 23)


async def test_today_lists_todays_wins_only(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "old one")
    bot.clock.advance(timedelta(days=1))
    await bot.reply(ada, "new one")
    reply = await bot.reply(ada, "/today")
    assert "new one" in (reply.text or "") and "old one" not in (reply.text or "")


async def test_today_with_no_wins_is_warm(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/today")
    assert "No wins logged today yet" in (reply.text or "")


async def test_today_with_huge_wins_stays_under_telegrams_limit(
    bot: Harness, ada: FakeUser
) -> None:
    for _ in range(6):
        await bot.reply(ada, "\n".join(f"{i} " + "<&>" * 300 for i in range(30)))
    reply = await bot.reply(ada, "/today")
    assert reply.text is not None and len(reply.text) <= 4096
    assert "more" in reply.text


async def test_jar_counts_every_win(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "a\nb\nc")
    reply = await bot.reply(ada, "/jar")
    assert "3 marbles" in (reply.text or "")


async def test_html_in_a_win_is_shown_literally(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "fixed <b>bold</b> & <script> bug")
    reply = await bot.reply(ada, "/today")
    assert "fixed <b>bold</b> & <script> bug" in (reply.text or "")


async def test_too_long_win_is_refused_and_not_stored(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "x" * 1500)
    assert "separate lines" in (reply.text or "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_too_many_lines_are_refused_and_not_stored(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "\n".join(f"win {i}" for i in range(40)))
    assert "smaller messages" in (reply.text or "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_a_sticker_gets_a_note_on_what_works(bot: Harness, ada: FakeUser) -> None:
    (reply,) = await bot.act(ada, "send_sticker")
    assert "text and photo wins" in (reply.text or "")
    (reply,) = await bot.act(ada, "send_voice")
    assert "text and photo wins" in (reply.text or "")
    assert await bot.store.wins.count(ada.id) == 0


async def test_unknown_command_points_to_help(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/frobnicate now")
    assert "/frobnicate" in (reply.text or "") and "/help" in (reply.text or "")


async def test_a_huge_unknown_command_gets_a_reply_telegram_accepts(
    bot: Harness, ada: FakeUser
) -> None:
    reply = await bot.reply(ada, "/nosuchthing " + "x" * 4000)
    assert "/help" in (reply.text or "")
    assert bot.stand.errors == []
