"""/year and the calendar's intensity end to end: days across weeks, pictures decoded."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.domain.heatmap import SHADES, year_cell_box
from bot.domain.pictures import CHECK_COLOUR, STAR_COLOUR, TODAY_COLOUR, calendar_cell_box
from bot.standin.actors import FakeUser
from tests.conftest import Harness

DAY = timedelta(days=1)
# START in conftest: Monday 23 November 2026, 12:00 UTC (the user's day in UTC).
MONDAY = date(2026, 11, 23)


def open_png(data: bytes | None) -> Image.Image:
    assert data and data.startswith(b"\x89PNG")
    return Image.open(io.BytesIO(data)).convert("RGB")


def colours(image: Image.Image, box: tuple[int, int, int, int]) -> set[tuple[int, int, int]]:
    return {c for _, c in image.crop(box).getcolors(maxcolors=1 << 20) or []}


def shade(image: Image.Image, day: date, today: date) -> tuple[int, int, int]:
    left, top, _, _ = year_cell_box(day, today)
    pixel = image.getpixel((left + 6, top + 6))
    assert isinstance(pixel, tuple)
    return (pixel[0], pixel[1], pixel[2])


async def test_year_shades_busy_days_deeper_and_marks_checkoffs_and_today(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "one small thing")  # Monday: one win
    bot.clock.advance(DAY)
    await bot.reply(ada, "\n".join(f"win number {i}" for i in range(10)))  # Tuesday: ten
    bot.clock.advance(DAY)
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/done")  # Wednesday: a check-off (and its win)
    bot.clock.advance(DAY * 2)  # Friday, quiet so far
    reply = await bot.reply(ada, "/year")
    assert reply.kind == "photo"
    caption = reply.text or ""
    assert "3 days with a win" in caption and "12 marbles" in caption
    assert "1 goal check-off" in caption
    today = MONDAY + DAY * 4
    image = open_png(reply.file_bytes)
    assert shade(image, MONDAY, today) == SHADES[1]
    assert shade(image, MONDAY + DAY, today) == SHADES[4]
    assert shade(image, MONDAY + DAY * 2, today) == SHADES[1]
    assert shade(image, MONDAY + DAY * 3, today) == SHADES[0]
    assert CHECK_COLOUR in colours(image, year_cell_box(MONDAY + DAY * 2, today))
    assert CHECK_COLOUR not in colours(image, year_cell_box(MONDAY + DAY, today))
    assert TODAY_COLOUR in colours(image, year_cell_box(today, today))
    assert TODAY_COLOUR not in colours(image, year_cell_box(MONDAY, today))


async def test_year_with_no_wins_is_a_warm_blank_page(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/year")
    assert reply.kind == "photo"
    assert "blank page" in (reply.text or "") and "with a win" not in (reply.text or "")
    image = open_png(reply.file_bytes)
    assert TODAY_COLOUR in colours(image, year_cell_box(MONDAY, MONDAY))
    assert shade(image, MONDAY, MONDAY) == SHADES[0]


async def test_year_with_words_after_it_says_what_works_and_still_shows_the_year(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "made tea")
    reply = await bot.reply(ada, "/year 2025")
    assert reply.kind == "photo"
    assert "needs nothing after it" in (reply.text or "")
    assert "/calendar march" in (reply.text or "")
    assert "1 day with a win" in (reply.text or "")


async def test_calendar_draws_a_bigger_star_for_a_bigger_day(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "a single win")
    bot.clock.advance(DAY)
    await bot.reply(ada, "\n".join(f"step {i}" for i in range(10)))
    reply = await bot.reply(ada, "/calendar")
    image = open_png(reply.file_bytes)

    def star(day: int) -> int:
        cell = image.crop(calendar_cell_box(2026, 11, day))
        return sum(n for n, c in cell.getcolors(maxcolors=1 << 16) or [] if c == STAR_COLOUR)

    assert 0 < star(23) < star(24)
    assert TODAY_COLOUR in colours(image, calendar_cell_box(2026, 11, 24))


async def test_year_in_a_group_points_to_the_private_chat(bot: Harness, ada: FakeUser) -> None:
    group = bot.stand.group("Runners", members=[ada], admins=[ada])
    group.add_bot(by=ada)
    await bot.settle(bot.stand.last_update_id)
    reply = await bot.reply(ada, "/year", chat=group)
    assert reply.kind == "text"
    assert 'href="https://t.me/smallwins_bot"' in (reply.html or "")


async def test_year_keeps_twelve_months_and_lets_older_days_go(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "first win, late november")
    bot.clock.advance(DAY * 300)  # 19 September 2027
    await bot.reply(ada, "/goal read a page")
    await bot.reply(ada, "/done")
    later = await bot.reply(ada, "/year")
    today = MONDAY + DAY * 300
    assert "2 days with a win" in (later.text or "")
    image = open_png(later.file_bytes)
    assert shade(image, MONDAY, today) == SHADES[1]
    assert CHECK_COLOUR in colours(image, year_cell_box(today, today))
    bot.clock.advance(DAY * 100)  # 28 December 2027: November 2026 is out of view
    last = await bot.reply(ada, "/year")
    assert "1 day with a win" in (last.text or "") and "1 goal check-off" in (last.text or "")
