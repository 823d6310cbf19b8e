"""The pictures show what they claim: stars on win days, checks on check-offs, a marble a win."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from bot.pictures import (
    CHECK_COLOUR,
    MARBLE_CAP,
    MARBLE_COLOURS,
    STAR_COLOUR,
    TODAY_COLOUR,
    calendar_cell_box,
    calendar_png,
    jar_png,
    marble_positions,
    marbles_drawn,
    month_title,
)

Colour = tuple[int, int, int]


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data)).convert("RGB")


def count_colours(image: Image.Image, colours: set[Colour]) -> int:
    return sum(n for n, colour in image.getcolors(maxcolors=1 << 20) or [] if colour in colours)


def colour_pixels(image: Image.Image, colour: Colour) -> list[tuple[int, int]]:
    """Every pixel of exactly `colour`."""
    data = image.tobytes()
    target = bytes(colour)
    width = image.width
    return [
        (i // 3 % width, i // 3 // width)
        for i in range(0, len(data), 3)
        if data[i : i + 3] == target
    ]


def has_colour(image: Image.Image, box: tuple[int, int, int, int], colour: Colour) -> bool:
    colours = image.crop(box).getcolors(maxcolors=1 << 20) or []
    return any(c == colour for _, c in colours)


def test_month_title_is_english_month_and_year() -> None:
    assert month_title(2026, 11) == "November 2026"
    assert month_title(2027, 1) == "January 2027"


def test_cells_are_laid_out_in_weekday_columns() -> None:
    # 1 November 2026 is a Sunday.
    sunday = calendar_cell_box(2026, 11, 1)
    monday = calendar_cell_box(2026, 11, 2)
    assert monday[0] < sunday[0] and monday[1] > sunday[1]
    sunday_first = calendar_cell_box(2026, 11, 1, first_weekday=6)
    assert sunday_first[0] == monday[0]
    with pytest.raises(ValueError):
        calendar_cell_box(2026, 11, 31)


@pytest.mark.parametrize(("year", "month", "first_weekday"), [(2026, 11, 0), (2027, 2, 6)])
def test_stars_checks_and_today_sit_in_the_right_cells(
    year: int, month: int, first_weekday: int
) -> None:
    wins = {date(year, month, d) for d in (1, 2, 5, 17, 28)}
    checks = {date(year, month, d) for d in (2, 3, 4, 28)}
    today = date(year, month, 17)
    outside = {date(year, month - 1, 20), date(year + 1, month, 9)}  # other months
    image = open_png(
        calendar_png(year, month, wins | outside, checks | outside, today, first_weekday)
    )
    assert 800 <= image.width <= 1000
    assert 700 <= image.height <= 1400
    for day in range(1, 29):
        box = calendar_cell_box(year, month, day, first_weekday)
        assert has_colour(image, box, STAR_COLOUR) == (date(year, month, day) in wins), day
        assert has_colour(image, box, CHECK_COLOUR) == (date(year, month, day) in checks), day

    # The marker colours appear nowhere outside the cells they mark.
    for colour, days in ((STAR_COLOUR, wins), (CHECK_COLOUR, checks), (TODAY_COLOUR, {today})):
        boxes = [calendar_cell_box(year, month, d.day, first_weekday) for d in days]
        for x, y in colour_pixels(image, colour):
            assert any(b[0] <= x < b[2] and b[1] <= y < b[3] for b in boxes), (colour, x, y)

    left, top, right, bottom = calendar_cell_box(year, month, 17, first_weekday)
    assert has_colour(image, (left, top, right, bottom), TODAY_COLOUR)
    # Only on the border: the middle of today's cell has none of the outline colour.
    assert not has_colour(image, (left + 8, top + 8, right - 8, bottom - 8), TODAY_COLOUR)


def test_a_calendar_without_today_has_no_outline() -> None:
    image = open_png(calendar_png(2026, 11, [], [], None))
    assert count_colours(image, {STAR_COLOUR, CHECK_COLOUR, TODAY_COLOUR}) == 0


def test_a_six_week_month_fits_on_the_picture() -> None:
    # August 2026 starts on a Saturday and spans six Monday-first weeks.
    image = open_png(calendar_png(2026, 8, [date(2026, 8, 31)], [], date(2026, 8, 31)))
    box = calendar_cell_box(2026, 8, 31)
    assert box[3] < image.height
    assert has_colour(image, box, STAR_COLOUR)


def marble_pixels(count: int) -> int:
    return count_colours(open_png(jar_png(count)), set(MARBLE_COLOURS))


def test_an_empty_jar_has_no_marbles() -> None:
    assert marbles_drawn(0) == 0
    assert marble_pixels(0) == 0


def test_each_marble_adds_the_same_amount_of_colour() -> None:
    one = marble_pixels(1)
    assert one > 300
    assert [marble_pixels(n) for n in (2, 37, MARBLE_CAP)] == [2 * one, 37 * one, 200 * one]


def test_the_cap_holds_however_many_wins() -> None:
    assert marbles_drawn(MARBLE_CAP + 1) == MARBLE_CAP
    assert marbles_drawn(10_000) == MARBLE_CAP
    assert marble_pixels(5000) == marble_pixels(MARBLE_CAP)


def test_marbles_fill_from_the_bottom_without_overlapping() -> None:
    placed = marble_positions(60)
    assert len(placed) == 60
    assert placed == marble_positions(60)
    # Every slot below the highest marble is taken (y grows downwards).
    top_row = min(y for (_, y), _ in placed)
    taken = {xy for xy, _ in placed}
    below = {(x, y) for (x, y), _ in marble_positions(MARBLE_CAP) if y > top_row}
    assert below <= taken
    full = [xy for xy, _ in marble_positions(MARBLE_CAP)]
    assert len(set(full)) == MARBLE_CAP
    for i, (x1, y1) in enumerate(full):
        for x2, y2 in full[i + 1 :]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= 34**2


def test_jar_picture_is_phone_sized() -> None:
    image = open_png(jar_png(12))
    assert 800 <= image.width <= 1000
    assert image.height <= 1400


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        jar_png(-1)
