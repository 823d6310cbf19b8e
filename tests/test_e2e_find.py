"""/find and /tags: matching wins newest first, paged in place; tags a tap away."""

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


async def test_find_with_nothing_says_what_works(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/find")
    assert reply.html == texts.history.find_how()
    too_long = await bot.reply(ada, "/find " + "word " * 60)
    assert too_long.html == texts.history.find_too_long()


async def test_no_match_says_so_kindly(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "made the bed")
    reply = await bot.reply(ada, "/find piano")
    assert reply.text == "No wins with piano yet. Try fewer words, or /tags to see your tags."
    assert reply.button_texts == []


async def test_find_needs_every_word_ignores_case_and_shows_dates(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "Walked the DOG in the park")
    bot.clock.advance(timedelta(days=1))
    await bot.send(ada, "walked to work\nfed the dog")
    bot.clock.advance(timedelta(days=1))
    await bot.send(ada, "Über-long walk by the Straße")

    reply = await bot.reply(ada, "/find dog WALKED")
    assert reply.text is not None
    assert reply.text.startswith("🔎 dog walked: 1 win")
    assert "Walked the DOG in the park (Mon 23 Nov 2026)" in reply.text
    assert "fed the dog" not in reply.text
    # Letters beyond ASCII fold too.
    unicode = await bot.reply(ada, "/find über straße")
    assert unicode.text is not None and "Über-long walk" in unicode.text
    # LIKE's wildcards are plain characters in a search.
    assert (await bot.reply(ada, "/find %")).text == (
        "No wins with % yet. Try fewer words, or /tags to see your tags."
    )
    walks = await bot.reply(ada, "/find walk")
    assert walks.text is not None and walks.text.startswith("🔎 walk: 3 wins")
    assert walks.text.index("Über") < walks.text.index("to work") < walks.text.index("DOG")


async def test_find_pages_through_many_matches_in_place(bot: Harness, ada: FakeUser) -> None:
    for day in range(23):
        await bot.send(ada, f"stretched on day {day} #yoga")
        await bot.send(ada, f"read on day {day}")
        bot.clock.advance(timedelta(days=1))

    first = await bot.reply(ada, "/find #yoga")
    assert first.text is not None
    assert first.text.startswith("🔎 #yoga: 23 wins · page 1 of 3")
    assert "stretched on day 22 " in first.text and "stretched on day 13 " in first.text
    assert "stretched on day 12 " not in first.text and "read on" not in first.text
    assert first.button_texts == ["Next »"]

    assert await bot.press(ada, first, "Next »") == []
    shown = _current(bot, first)
    assert shown.text is not None and shown.text.startswith("🔎 #yoga: 23 wins · page 2 of 3")
    assert "stretched on day 12 " in shown.text
    assert shown.button_texts == ["« Previous", "Next »"]
    await bot.press(ada, shown, "Next »")
    shown = _current(bot, first)
    assert shown.text is not None and "page 3 of 3" in shown.text
    assert "stretched on day 0 " in shown.text
    assert shown.button_texts == ["« Previous"]
    await bot.press(ada, shown, "« Previous")
    assert "page 2 of 3" in (_current(bot, first).text or "")


async def test_a_tag_search_matches_the_tag_not_a_longer_one(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "ran 2km #run")
    await bot.send(ada, "signed up #running")
    reply = await bot.reply(ada, "/find #Run")
    assert reply.text is not None
    assert "ran 2km" in reply.text and "signed up" not in reply.text


async def test_tags_are_listed_by_use_and_a_tap_finds_their_wins(
    bot: Harness, ada: FakeUser
) -> None:
    empty = await bot.reply(ada, "/tags")
    assert empty.html == texts.history.tags_none()
    await bot.send(ada, "ran 2km #running #outside")
    await bot.send(ada, "ran 3km #Running")
    await bot.send(ada, "lunch in the sun #outside\nran 5km #running")
    await bot.send(ada, "no tag here")

    tags = await bot.reply(ada, "/tags")
    assert tags.text is not None
    assert tags.text.index("#running · 3") < tags.text.index("#outside · 2")
    assert tags.button_texts == ["#running (3)", "#outside (2)"]

    (found,) = await bot.press(ada, tags, "#outside (2)")
    assert found.text is not None
    assert found.text.startswith("🔎 #outside: 2 wins")
    assert "lunch in the sun" in found.text and "ran 3km" not in found.text

    # A tag whose wins are all gone: a short answer.
    for win in await bot.store.wins.all_for(ada.id):
        if "outside" in win.tags:
            await bot.store.wins.delete_one(ada.id, win.win_id)
    query = ada.press(tags, "#outside (2)")
    await bot.settle(bot.stand.last_update_id)
    assert bot.answer_to(query) == texts.history.tag_gone()


async def test_long_tags_still_fit_in_a_button(bot: Harness, ada: FakeUser) -> None:
    tag = "я" * 60
    await bot.send(ada, f"learned a word #{tag}")
    tags = await bot.reply(ada, "/tags")
    (found,) = await bot.press(ada, tags, tags.button_texts[0])
    assert found.text is not None and "learned a word" in found.text
