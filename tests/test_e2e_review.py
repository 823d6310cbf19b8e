"""/week, /calendar, /jar and /stats end to end, checking what the pictures show."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.domain.pictures import CHECK_COLOUR, STAR_COLOUR, calendar_cell_box
from bot.standin.actors import FakeUser
from tests.conftest import Harness

DAY = timedelta(days=1)
# START in conftest: Monday 23 November 2026, 12:00 UTC (the user's day in UTC).
MONDAY = date(2026, 11, 23)


def colours_in_cell(png: bytes, year: int, month: int, day: int) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    cell = image.crop(calendar_cell_box(year, month, day))
    return {colour for _, colour in cell.getcolors(maxcolors=1 << 16) or []}


async def test_calendar_stars_days_with_wins_and_marks_checkoffs(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "a win on monday")
    bot.clock.advance(DAY * 2)
    await bot.reply(ada, "/goal walk")
    await bot.reply(ada, "/done")  # Wednesday: a check-off (and so a win)
    reply = await bot.reply(ada, "/calendar")
    assert reply.kind == "photo" and reply.file_bytes
    assert "November 2026" in (reply.text or "") and "2 days with a win" in (reply.text or "")
    png = reply.file_bytes
    assert STAR_COLOUR in colours_in_cell(png, 2026, 11, 23)
    assert CHECK_COLOUR not in colours_in_cell(png, 2026, 11, 23)
    assert STAR_COLOUR in colours_in_cell(png, 2026, 11, 25)
    assert CHECK_COLOUR in colours_in_cell(png, 2026, 11, 25)
    for quiet in (1, 22, 24, 26, 30):
        assert STAR_COLOUR not in colours_in_cell(png, 2026, 11, quiet)
    # This month is the newest: only a way back.
    assert reply.button_texts == ["« Previous"]


async def test_calendar_buttons_move_between_months_in_place(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "a november win")
    reply = await bot.reply(ada, "/calendar")
    await bot.press(ada, reply, "« Previous")
    shown = bot.stand.bot_message(reply.chat_id, reply.message_id)
    assert shown is not None and "October 2026" in (shown.text or "")
    assert shown.button_texts == ["« Previous", "Next »"]
    assert shown.file_bytes and STAR_COLOUR not in colours_in_cell(shown.file_bytes, 2026, 10, 23)
    edits = [r for r in bot.stand.sent if r.method == "editMessageMedia"]
    assert len(edits) == 1 and edits[0].file_bytes == shown.file_bytes
    await bot.press(ada, shown, "Next »")
    back = bot.stand.bot_message(reply.chat_id, reply.message_id)
    assert back is not None and back.file_bytes
    assert STAR_COLOUR in colours_in_cell(back.file_bytes, 2026, 11, 23)


async def test_calendar_for_a_named_month_and_a_bad_one(bot: Harness, ada: FakeUser) -> None:
    march = await bot.reply(ada, "/calendar march")
    assert march.kind == "photo" and "March 2026" in (march.text or "")
    bad = await bot.reply(ada, "/calendar 13")
    assert bad.kind == "text" and "couldn't read 13 as a month" in (bad.text or "")


async def test_jar_is_a_picture_with_the_exact_count(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "a\nb\nc")
    reply = await bot.reply(ada, "/jar")
    assert reply.kind == "photo" and reply.file_bytes
    assert "3 marbles" in (reply.text or "")
    assert Image.open(io.BytesIO(reply.file_bytes)).size == (800, 1000)


async def test_week_shows_days_goals_tags_and_a_moment(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk")
    await bot.reply(ada, "/done")
    await bot.reply(ada, "finished the long report for the team #work")
    bot.clock.advance(DAY)
    await bot.reply(ada, "called mum #family")
    week = (await bot.send(ada, "/week"))[0].text or ""
    assert "3 wins" in week and "on 2 days" in week
    assert "#work" in week and "#family" in week
    assert "finished the long report" in week
    assert "walk: 1 of 2 days" in week


async def test_an_empty_week_is_still_warm(bot: Harness, ada: FakeUser) -> None:
    week = await bot.reply(ada, "/week")
    assert "quiet week" in (week.text or "")


async def test_stats_count_wins_and_a_forgiving_streak(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "one #calm")
    bot.clock.advance(DAY * 2)  # Tuesday missed: one missed day keeps the streak
    await bot.reply(ada, "two #calm")
    stats = (await bot.reply(ada, "/stats")).text or ""
    assert "2 days with a win" in stats and "2 wins in all" in stats
    assert "Current streak: 2 days" in stats
    assert "#calm (2)" in stats
    empty = await bot.reply(bot.stand.user("Cy"), "/stats")
    assert "No wins logged yet" in (empty.text or "")
