"""The year at a glance: twelve months of days as a heatmap PNG, in the calendar's style."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import ImageDraw

from bot import i18n
from bot.domain.pictures import (
    CELL,
    CHECK_COLOUR,
    MARGIN,
    MUTED,
    SCALE,
    STAR_COLOUR,
    TEXT,
    TODAY_COLOUR,
    Box,
    Colour,
    Painter,
    _canvas,
    _capitalised,
    _centred_text,
    _gap,
    _png,
    _s,
    _text,
    _width,
    legend_labels,
    legend_row,
    weekday_header,
    win_step,
)
from bot.i18n import _, ngettext

# One shade per step of win_step (0, 1, 2-3, 4-6, 7+), from the calendar's empty cell to
# a deeper version of its star.
SHADES: tuple[Colour, ...] = (
    CELL,
    (252, 226, 168),
    (250, 205, 108),
    STAR_COLOUR,
    (214, 128, 28),
)
# The legend's twins, one step off, so the exact marker colours stay inside the days.
LEGEND_CHECK: Colour = (87, 176, 146)
LEGEND_TODAY: Colour = (236, 112, 100)

YEAR_WIDTH = 900
SQUARE = 24
GAP = 4
PITCH = SQUARE + GAP
SQUARE_RADIUS = 5
DOT_RADIUS = 5
TODAY_WIDTH = 3
GRID_LEFT = 92
TITLE_TOP = 28
SUBTITLE_TOP = 78
BAND_TOP = 128
MONTH_LABEL_H = 30
BAND_H = MONTH_LABEL_H + 7 * PITCH
BAND_GAP = 26
FOOTER_H = 76
MONTHS_PER_BAND = 6
MONTH_LABEL_BASELINE = 19


@dataclass(frozen=True, slots=True)
class MonthLabel:
    text: str
    x: int  # left edge, output pixels
    y: int  # top edge


def year_months(today: date) -> list[tuple[int, int]]:
    """The twelve (year, month) pairs shown: eleven before today's month, and it."""
    index = today.year * 12 + today.month - 1
    return [divmod(i, 12) for i in range(index - 11, index + 1)]


def year_start(today: date) -> date:
    """The first day the heatmap shows."""
    year, month = year_months(today)[0]
    return date(year, month + 1, 1)


def _band_first_day(band: int, today: date) -> date:
    year, month = year_months(today)[band * MONTHS_PER_BAND]
    return date(year, month + 1, 1)


def _band_of(day: date, today: date) -> int:
    months = [(y, m + 1) for y, m in year_months(today)]
    return months.index((day.year, day.month)) // MONTHS_PER_BAND


def year_cell_box(day: date, today: date, week_start: int = 0) -> Box:
    """The (left, top, right, bottom) pixel box of a day's square, as for `Image.crop`.
    `week_start` is the weekday at the top of each column (0 Monday ... 6 Sunday)."""
    if not year_start(today) <= day <= today:
        raise ValueError(f"{day} is outside the year shown up to {today}")
    band = _band_of(day, today)
    first = _band_first_day(band, today)
    column_start = first - timedelta(days=(first.weekday() - week_start) % 7)
    column = (day - column_start).days // 7
    row = (day.weekday() - week_start) % 7
    left = GRID_LEFT + column * PITCH
    top = BAND_TOP + band * (BAND_H + BAND_GAP) + MONTH_LABEL_H + row * PITCH
    return (left, top, left + SQUARE, top + SQUARE)


def month_label(first: date) -> str:
    """A month's short name over the heatmap (January with its year), in the current
    language."""
    if first.month == 1:
        return _capitalised(i18n.format_skeleton(first, "yMMM"))
    return _capitalised(i18n.month_name(first.month, "abbreviated"))


def month_labels(today: date, week_start: int = 0) -> list[MonthLabel]:
    """Each month's short name, above the column of its first day (January with its year)."""
    labels = []
    for year, month0 in year_months(today):
        first = date(year, month0 + 1, 1)
        left, top, _right, _bottom = year_cell_box(first, today, week_start)
        text = month_label(first)
        labels.append(MonthLabel(text, left, top - (first.weekday() - week_start) % 7 * PITCH - 26))
    return labels


def year_size() -> tuple[int, int]:
    return YEAR_WIDTH, BAND_TOP + 2 * BAND_H + BAND_GAP + FOOTER_H


def _square(draw: ImageDraw.ImageDraw, box: Box, fill: Colour) -> None:
    draw.rounded_rectangle(_s(box), radius=SQUARE_RADIUS * SCALE, fill=fill)


def _dot(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, fill: Colour) -> None:
    draw.ellipse(
        _s((round(cx - radius), round(cy - radius), round(cx + radius), round(cy + radius))),
        fill=fill,
    )


def _ring(draw: ImageDraw.ImageDraw, box: Box, colour: Colour) -> None:
    left, top, right, bottom = box
    draw.rounded_rectangle(
        _s((left, top, right - 1, bottom - 1)),
        radius=SQUARE_RADIUS * SCALE,
        outline=colour,
        width=TODAY_WIDTH * SCALE,
    )


def year_title() -> str:
    # Translators: the title of the year heatmap picture (/year).
    return _("Your year of small wins")


def year_subtitle(start: str, end: str, days: int) -> str:
    """The line under the heatmap's title: the months it spans (as written mid-sentence,
    `noviembre de 2026`) and the days with a win."""
    return _capitalised(_year_subtitle(start, end, days))


def _year_subtitle(start: str, end: str, days: int) -> str:
    if days == 0:
        # Translators: under the year heatmap's title; {start} and {end} are months
        # with their year, e.g. "December 2025 to November 2026".
        return _("{start} to {end} · a square a day, ready for your first win").format(
            start=start, end=end
        )
    # Translators: under the year heatmap's title; {start} and {end} are months with
    # their year, e.g. "December 2025 to November 2026".
    return ngettext(
        "{start} to {end} · {count} day with a win",
        "{start} to {end} · {count} days with a win",
        days,
    ).format(start=start, end=end, count=i18n.format_number(days))


def heatmap_legend_labels() -> tuple[str, str, str, str]:
    """The year legend's words, in the current language."""
    # Translators: the year legend's scale of shades runs from "fewer" to "more" wins.
    fewer = _("fewer")
    # Translators: the year legend's scale of shades runs from "fewer" to "more" wins.
    more = _("more")
    # Translators: in the year picture's legend, beside a ringed square.
    today = _("today")
    return fewer, more, legend_labels()[1], today


def year_png(
    wins: Mapping[date, int],
    checkoffs: Collection[date],
    today: date,
    week_start: int = 0,
) -> bytes:
    """Twelve months in two rows of six: a square a day, shaded by its number of wins, a
    green dot on goal check-offs and a ring around today."""
    width, height = year_size()
    image, draw = _canvas(width, height)
    first = year_start(today)
    days = sum(1 for d, n in wins.items() if n > 0 and first <= d <= today)
    room = width - 2 * MARGIN
    _centred_text(draw, width / 2, TITLE_TOP, year_title(), 36, TEXT, room=room)
    last_year, last_month = year_months(today)[-1]
    last = date(last_year, last_month + 1, 1)
    span = (i18n.format_skeleton(first, "yMMMM"), i18n.format_skeleton(last, "yMMMM"))
    subtitle = year_subtitle(*span, days)
    _centred_text(draw, width / 2, SUBTITLE_TOP, subtitle, 22, MUTED, room=room)

    for band in range(2):
        top = BAND_TOP + band * (BAND_H + BAND_GAP) + MONTH_LABEL_H
        for row in range(7):
            label = weekday_header(week_start + row)
            y = top + row * PITCH + SQUARE / 2
            _text(draw, GRID_LEFT - 12, y, label, 16, MUTED, anchor="rm")
    for month in month_labels(today, week_start):
        # On a common baseline: Noto Sans Arabic's ascent is taller than Noto Sans's, so
        # top-aligned Persian labels would sink onto the squares.
        _text(draw, month.x, month.y + MONTH_LABEL_BASELINE, month.text, 18, TEXT, anchor="ls")

    day = first
    while day <= today:
        box = year_cell_box(day, today, week_start)
        _square(draw, box, SHADES[win_step(wins.get(day, 0))])
        if day in checkoffs:
            _dot(draw, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, DOT_RADIUS, CHECK_COLOUR)
        if day == today:
            _ring(draw, box, TODAY_COLOUR)
        day += timedelta(days=1)

    _legend(draw, width, height - FOOTER_H / 2)
    return _png(image)


def _legend(draw: ImageDraw.ImageDraw, width: int, y: float) -> None:
    """Fewer ▢▢▢▢▢ more · ● a goal check-off · ◻ today, centred as one line (the shades
    run from the right in a right-to-left language, as the words do)."""
    fewer, more, check, today = heatmap_legend_labels()
    top = round(y - SQUARE / 2)

    def label(text: str) -> tuple[float, Painter]:
        return _width(text, 18), lambda x: _text(draw, x, y, text, 18, MUTED, anchor="lm")

    def shade(colour: Colour) -> tuple[float, Painter]:
        return PITCH, lambda x: _square(
            draw, (round(x), top, round(x) + SQUARE, top + SQUARE), colour
        )

    def checked(x: float) -> None:
        _square(draw, (round(x), top, round(x) + SQUARE, top + SQUARE), CELL)
        _dot(draw, round(x) + SQUARE / 2, y, DOT_RADIUS, LEGEND_CHECK)

    def ringed(x: float) -> None:
        box = (round(x), top, round(x) + SQUARE, top + SQUARE)
        _square(draw, box, CELL)
        _ring(draw, box, LEGEND_TODAY)

    legend_row(
        width,
        [
            label(fewer),
            _gap(8),
            *(shade(colour) for colour in SHADES),
            _gap(4),
            label(more),
            _gap(36),
            (SQUARE, checked),
            _gap(8),
            label(check),
            _gap(36),
            (SQUARE, ringed),
            _gap(8),
            label(today),
        ],
    )
