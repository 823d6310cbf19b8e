"""The pictures show what they claim: stars on win days, checks on check-offs, a marble a win."""

from __future__ import annotations

import io
import itertools
from datetime import date

import pytest
from PIL import Image

from bot.domain.pictures import (
    CHECK_COLOUR,
    CORK,
    JAR_BODY,
    MARBLE_COLOURS,
    MARBLE_GAP,
    MARBLE_SLOTS_MAX,
    SHELF_JARS_SHOWN,
    SHELF_SHIFT,
    SHELF_TOP,
    STAR_COLOUR,
    TODAY_COLOUR,
    calendar_cell_box,
    calendar_png,
    jar_png,
    marble_positions,
    marble_radius,
    marble_slots,
    month_title,
    split_into_jars,
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


def big_jar_marble_rows(count: int) -> tuple[int, int]:
    """(top, bottom) pixel rows of the marbles in the big jar (above the shelf)."""
    image = open_png(jar_png(count))
    colours = set(MARBLE_COLOURS)
    rows = [
        y
        for y in range(SHELF_TOP)
        if any(image.getpixel((x, y)) in colours for x in range(0, image.width, 2))
    ]
    return min(rows), max(rows)


def jars_in(count: int) -> int:
    """Jars in the picture: separate patches of cork (one lid each)."""
    image = open_png(jar_png(count))
    cork = set(colour_pixels(image, CORK))
    patches = 0
    while cork:
        patches += 1
        stack = [cork.pop()]
        while stack:
            x, y = stack.pop()
            for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if near in cork:
                    cork.remove(near)
                    stack.append(near)
    return patches


def test_an_empty_jar_has_no_marbles() -> None:
    assert marble_positions(0) == []
    assert marble_pixels(0) == 0
    assert jars_in(0) == 1


def test_a_great_first_week_looks_encouragingly_full() -> None:
    # 24 wins in a first week: the marbles reach well above the middle of the jar.
    top, bottom = big_jar_marble_rows(24)
    _, full_bottom = big_jar_marble_rows(30)
    full_top, _ = big_jar_marble_rows(30)
    jar_middle = (JAR_BODY[1] + JAR_BODY[3]) / 2 + SHELF_SHIFT
    assert top < jar_middle, (top, jar_middle)
    # And most of the way to a full first jar.
    assert marble_pixels(24) >= 0.75 * marble_pixels(30)
    assert (bottom - top) >= 0.75 * (full_bottom - full_top)


def test_each_marble_in_a_jar_adds_the_same_amount_of_colour() -> None:
    one = marble_pixels(1)
    assert one > 2000
    for n in (2, 17, 30):
        assert abs(marble_pixels(n) - n * one) <= n * 20, n


def test_a_full_jar_starts_a_new_one_beside_the_full_ones() -> None:
    assert split_into_jars(30) == ([], 30, 30)
    assert split_into_jars(31) == ([30], 1, 60)
    assert jars_in(30) == 1 and jars_in(31) == 2


def test_a_thousand_wins_look_like_more_than_two_hundred() -> None:
    assert jars_in(200) == 3  # 30 + 60 full, 110 of 120 in the new jar
    assert jars_in(1234) == 6  # 30 + 60 + 120 + 250 + 500 full, 274 of 1000
    assert jars_in(1234) > jars_in(200)


def test_any_number_of_wins_fits_on_the_picture() -> None:
    full, in_jar, size = split_into_jars(10**7)
    assert sum(full) + in_jar == 10**7 and in_jar <= size
    assert len(marble_positions(10**7)) <= MARBLE_SLOTS_MAX
    assert jars_in(10**7) == SHELF_JARS_SHOWN + 1


@pytest.mark.parametrize("count", [*range(1, 91), 200, 1234])
def test_a_row_being_filled_has_no_holes(count: int) -> None:
    """Marbles fill from the bottom; a row being filled is one run in the middle, so no
    gap ever looks like a missing marble, and every slot below it is taken."""
    placed = [xy for xy, _ in marble_positions(count)]
    _, in_jar, size = split_into_jars(count)
    assert len(placed) == in_jar if size <= MARBLE_SLOTS_MAX else len(placed) > 0
    assert placed == [xy for xy, _ in marble_positions(count)]
    step = 2 * marble_radius(size) + MARBLE_GAP
    middle = (JAR_BODY[0] + JAR_BODY[2]) / 2
    taken = set(placed)
    partial = []
    for slots in marble_slots(size):
        xs = sorted(x for x, y in slots if (x, y) in taken)
        if not xs:
            break
        # One run, spaced a marble apart.
        assert all(abs((b - a) - step) <= 1 for a, b in itertools.pairwise(xs)), xs
        if len(xs) < len(slots):
            partial.append(slots[0][1])
            # Never one lone gap at the end of a row; a run sits in the middle (half a
            # marble off at most, in the jar's very top row).
            assert len(xs) != len(slots) - 1, (xs, slots)
            assert abs((xs[0] + xs[-1]) / 2 - middle) <= step / 2 + 1, xs
    # Only the top row, or the top two when one marble rests on the run below, are partial.
    assert len(partial) <= 2


def test_marbles_never_overlap() -> None:
    for count in (30, 120, 1000):
        full = [xy for xy, _ in marble_positions(count)]
        assert len(set(full)) == len(full)
        radius = marble_radius(split_into_jars(count)[2])
        closest = min(
            (x1 - x2) ** 2 + (y1 - y2) ** 2
            for i, (x1, y1) in enumerate(full)
            for x2, y2 in full[i + 1 : i + 40]
        )
        assert closest >= (2 * radius - 1) ** 2


def test_jar_picture_is_phone_sized() -> None:
    image = open_png(jar_png(12))
    assert 800 <= image.width <= 1000
    assert image.height <= 1400


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        jar_png(-1)
