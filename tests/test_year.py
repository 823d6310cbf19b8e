"""The year heatmap and the calendar's intensity show what they claim, pixel by pixel."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.domain.heatmap import SHADES, month_labels, year_cell_box, year_png, year_start
from bot.domain.pictures import (
    CHECK_COLOUR,
    STAR_COLOUR,
    TEXT,
    TODAY_COLOUR,
    calendar_cell_box,
    calendar_png,
    win_step,
)

Colour = tuple[int, int, int]
TODAY = date(2026, 11, 30)
DAY = timedelta(days=1)


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data)).convert("RGB")


def colours(image: Image.Image, box: tuple[int, int, int, int]) -> set[Colour]:
    return {c for _, c in image.crop(box).getcolors(maxcolors=1 << 20) or []}


def pixels(image: Image.Image, colour: Colour) -> list[tuple[int, int]]:
    data, width, target = image.tobytes(), image.width, bytes(colour)
    return [
        (i // 3 % width, i // 3 // width)
        for i in range(0, len(data), 3)
        if data[i : i + 3] == target
    ]


def inside(point: tuple[int, int], boxes: list[tuple[int, int, int, int]]) -> bool:
    return any(b[0] <= point[0] < b[2] and b[1] <= point[1] < b[3] for b in boxes)


def corner(image: Image.Image, day: date, today: date = TODAY, week_start: int = 0) -> Colour:
    """The colour of a day's square just inside its top-left corner, clear of any dot."""
    left, top, _, _ = year_cell_box(day, today, week_start)
    pixel = image.getpixel((left + 6, top + 6))
    assert isinstance(pixel, tuple)
    return (pixel[0], pixel[1], pixel[2])


def test_steps_follow_the_number_of_wins() -> None:
    assert [win_step(n) for n in (0, 1, 2, 3, 4, 6, 7, 10, 40)] == [0, 1, 2, 2, 3, 3, 4, 4, 4]
    assert len(set(SHADES)) == 5


def test_a_day_with_ten_wins_is_deeper_than_a_day_with_one() -> None:
    counts = {date(2026, 3, 2): 1, date(2026, 3, 3): 10, date(2026, 3, 4): 2, date(2026, 3, 5): 5}
    image = open_png(year_png(counts, set(), TODAY))
    assert corner(image, date(2026, 3, 2)) == SHADES[1]
    assert corner(image, date(2026, 3, 3)) == SHADES[4]
    assert corner(image, date(2026, 3, 4)) == SHADES[2]
    assert corner(image, date(2026, 3, 5)) == SHADES[3]
    assert corner(image, date(2026, 3, 6)) == SHADES[0]
    assert corner(image, date(2026, 3, 2)) != corner(image, date(2026, 3, 3))


def test_checkoffs_are_dotted_and_today_is_ringed_nowhere_else() -> None:
    checks = {date(2026, 1, 5), date(2026, 7, 14), date(2026, 11, 29)}
    counts = {date(2026, 7, 14): 3, date(2026, 11, 30): 1}
    image = open_png(year_png(counts, checks, TODAY))
    check_boxes = [year_cell_box(d, TODAY) for d in checks]
    for box in check_boxes:
        assert CHECK_COLOUR in colours(image, box)
    assert all(inside(p, check_boxes) for p in pixels(image, CHECK_COLOUR))
    today_box = year_cell_box(TODAY, TODAY)
    assert TODAY_COLOUR in colours(image, today_box)
    assert all(inside(p, [today_box]) for p in pixels(image, TODAY_COLOUR))
    # A ring, not a fill: the middle of today's square shows its shade.
    left, top, right, bottom = today_box
    assert TODAY_COLOUR not in colours(image, (left + 6, top + 6, right - 6, bottom - 6))
    assert SHADES[1] in colours(image, (left + 6, top + 6, right - 6, bottom - 6))


def test_twelve_months_are_labelled_in_order_above_their_days() -> None:
    labels = month_labels(TODAY)
    assert [m.text for m in labels] == [
        "Dec",
        "Jan 2026",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sept",  # British English, as all of the bot's dates
        "Oct",
        "Nov",
    ]
    image = open_png(year_png({}, set(), TODAY))
    firsts = [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 12)]
    for label, first in zip(labels, firsts, strict=True):
        # Dark text pixels where each label is written, above its month's first column.
        area = image.crop((label.x, label.y, label.x + 30, label.y + 22)).convert("L")
        darkest, _ = area.getextrema()
        assert isinstance(darkest, int) and darkest < 120, label
        assert year_cell_box(first, TODAY)[0] == label.x
    # Two rows of six months, each row left to right.
    assert [m.x for m in labels[:6]] == sorted(m.x for m in labels[:6])
    assert labels[6].y > labels[0].y
    assert TEXT in colours(image, (0, 0, image.width, 120))


def test_the_year_is_the_last_twelve_months_and_fits_a_phone() -> None:
    assert year_start(TODAY) == date(2025, 12, 1)
    assert year_start(date(2027, 1, 1)) == date(2026, 2, 1)
    image = open_png(year_png({}, set(), TODAY))
    assert 800 <= image.width <= 1000 and 500 <= image.height <= 900
    day = year_start(TODAY)
    boxes = []
    while day <= TODAY:
        box = year_cell_box(day, TODAY)
        assert box[0] >= 0 and box[2] <= image.width and box[3] <= image.height, day
        boxes.append(box)
        day += DAY
    # No two days share a square.
    assert len(set(boxes)) == len(boxes)
    with pytest.raises(ValueError):
        year_cell_box(TODAY + DAY, TODAY)
    with pytest.raises(ValueError):
        year_cell_box(date(2025, 11, 30), TODAY)


def test_an_empty_year_has_no_shade_and_no_check() -> None:
    image = open_png(year_png({}, set(), TODAY))
    boxes = []
    day = year_start(TODAY)
    while day <= TODAY:
        boxes.append(year_cell_box(day, TODAY))
        day += DAY
    for colour in (*SHADES[1:], CHECK_COLOUR):
        assert not any(inside(p, boxes) for p in pixels(image, colour)), colour


@pytest.mark.parametrize("week_start", [0, 6])
def test_weeks_start_on_the_given_weekday(week_start: int) -> None:
    sunday, monday = date(2026, 11, 22), date(2026, 11, 23)
    top_row = year_cell_box(monday if week_start == 0 else sunday, TODAY, week_start)[1]
    for day in (sunday, monday):
        box = year_cell_box(day, TODAY, week_start)
        assert (box[1] == top_row) == (day.weekday() == week_start)
    image = open_png(year_png({sunday: 7}, set(), TODAY, week_start))
    assert corner(image, sunday, week_start=week_start) == SHADES[4]


def star_pixels(png: bytes, day: int) -> int:
    image = open_png(png)
    cell = image.crop(calendar_cell_box(2026, 11, day))
    return sum(n for n, c in cell.getcolors(maxcolors=1 << 16) or [] if c == STAR_COLOUR)


def test_a_bigger_day_has_a_bigger_star_on_the_calendar() -> None:
    counts = {date(2026, 11, d): n for d, n in ((2, 1), (3, 2), (4, 5), (5, 10), (6, 30))}
    checks = {date(2026, 11, 5)}
    png = calendar_png(2026, 11, counts, checks, date(2026, 11, 5))
    sizes = [star_pixels(png, d) for d in (2, 3, 4, 5)]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4
    assert star_pixels(png, 6) == star_pixels(png, 5)  # 7 and more look the same
    image = open_png(png)
    box = calendar_cell_box(2026, 11, 5)
    assert CHECK_COLOUR in colours(image, box) and TODAY_COLOUR in colours(image, box)
    # A plain collection of days still works: one star each, the size of a one-win day.
    plain = calendar_png(2026, 11, {date(2026, 11, 2)}, set(), None)
    assert star_pixels(plain, 2) == star_pixels(png, 2)
