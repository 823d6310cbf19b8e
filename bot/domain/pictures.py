"""The calendar and marble-jar pictures, drawn with Pillow as PNG bytes for a phone screen."""

from __future__ import annotations

import calendar
import io
import math
import random
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot import i18n
from bot.i18n import _, ngettext

Colour = tuple[int, int, int]
Box = tuple[int, int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# English month names, for reading a typed month (months.py); pictures draw the
# current language's names through bot.i18n.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Bundled fonts (SIL Open Font License, bot/fonts/OFL.txt): Noto Sans draws Latin and
# Cyrillic, Noto Sans Arabic draws Persian. Pillow's own font is the last resort.
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
LATIN_FONT = FONTS_DIR / "NotoSans-Regular.ttf"
ARABIC_FONT = FONTS_DIR / "NotoSansArabic-Regular.ttf"
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

# Everything is drawn at twice the size and shrunk with a box filter: edges come out
# smooth, while the inside of every shape keeps its exact colour (tests look for it).
SCALE = 2

BACKGROUND: Colour = (255, 250, 243)
CELL: Colour = (246, 239, 229)
TEXT: Colour = (94, 84, 76)
MUTED: Colour = (163, 150, 139)
WHITE: Colour = (255, 255, 255)

# These three mark days and appear nowhere else in a calendar picture.
STAR_COLOUR: Colour = (247, 183, 51)
CHECK_COLOUR: Colour = (86, 176, 146)
TODAY_COLOUR: Colour = (236, 112, 99)
# The legend uses twins one step off, invisible to the eye, so the exact marker colours
# stay inside the cells. The step goes toward the background, so smoothed legend edges
# can never land back on the marker colour.
LEGEND_STAR: Colour = (247, 183, 52)
LEGEND_CHECK: Colour = (87, 176, 146)

# Lines that may be long in some language shrink to fit, down to this size.
MIN_TEXT_SIZE = 16
# Room for a line across a picture, leaving a margin on each side.
MARGIN = 24

# Calendar geometry, in output pixels.
CAL_WIDTH = 900
CELL_W = 110
CELL_H = 100
CELL_GAP = 8
CELL_RADIUS = 16
GRID_LEFT = (CAL_WIDTH - (7 * CELL_W + 6 * CELL_GAP)) // 2
TITLE_TOP = 34
HEADER_TOP = 112
GRID_TOP = 156
FOOTER_H = 84
# Intensity: the star grows with the day's wins (1, 2-3, 4-6, 7+), so a big day shows.
STAR_RADII = (17, 22, 26, 30)
CHECK_RADIUS = 13
TODAY_WIDTH = 4

# Jar picture. A jar holds JAR_SIZES[i] wins; once one is full the next marble starts a
# new, bigger jar and the full ones stand on a shelf below, so growth keeps showing.
JAR_WIDTH = 800
JAR_HEIGHT = 1000
JAR_SIZES = (30, 60, 120, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000)
# Past this many marbles a jar is drawn by its fill level (a marble for several wins).
MARBLE_SLOTS_MAX = 1000
MARBLE_RADIUS_MAX = 46
MARBLE_GAP = 2
MARBLE_COLOURS: tuple[Colour, ...] = (
    (240, 128, 128),
    (118, 188, 222),
    (250, 199, 88),
    (161, 141, 221),
    (128, 201, 152),
    (244, 160, 201),
)
MARBLE_SHINE: Colour = (255, 253, 248)
GLASS: Colour = (236, 244, 247)
GLASS_EDGE: Colour = (172, 194, 205)
GLASS_GLOW: Colour = (248, 252, 253)
CORK: Colour = (214, 178, 140)
CORK_EDGE: Colour = (184, 146, 108)
# The big jar, drawn this high up when full jars stand on the shelf below it; without
# a shelf it moves down by SHELF_SHIFT so the picture stays balanced.
JAR_BODY: Box = (160, 232, 640, 800)
JAR_RADIUS = 64
JAR_NECK: Box = (222, 192, 578, 240)
JAR_LID: Box = (206, 154, 594, 200)
JAR_EDGE_WIDTH = 6
SHELF_SHIFT = 90
SHELF_TOP = 836
SHELF_JARS_SHOWN = 7
SHELF_JAR_W = 76
SHELF_JAR_H = 104
SHELF_GAP = 18


def _capitalised(text: str) -> str:
    # CLDR writes month and weekday names in lower case where the language does mid-
    # sentence (ноябрь, noviembre); at the head of a picture they start a line.
    return text[:1].upper() + text[1:]


def month_title(year: int, month: int) -> str:
    """`November 2026`, `Noviembre de 2026`, `Ноябрь 2026 г.`: in the current language."""
    return _capitalised(i18n.format_skeleton(date(year, month, 1), "yMMMM"))


def weekday_header(weekday: int) -> str:
    """A weekday's short name over a calendar column (Monday = 0), in the current language."""
    return _capitalised(i18n.weekday_name(weekday % 7, "abbreviated"))


def font_path(text: str) -> Path:
    """The bundled font that draws `text`'s script: Noto Sans Arabic for Persian (or any
    Arabic-script text), Noto Sans for everything else."""
    return ARABIC_FONT if _ARABIC_SCRIPT.search(text) else LATIN_FONT


@lru_cache(maxsize=64)
def _load(path: Path, size: int) -> Font:
    try:
        return ImageFont.truetype(str(path), size * SCALE)
    except OSError:
        # A broken install still draws a picture, in Pillow's own scalable font.
        return ImageFont.load_default(size=size * SCALE)


def _font(size: int, text: str = "") -> Font:
    """The font for `text` at `size` output pixels (fonts are loaded once per size)."""
    return _load(font_path(text), size)


def _width(text: str, size: int) -> float:
    """How wide `text` is drawn, in output pixels."""
    return _font(size, text).getlength(text) / SCALE


def _text(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    text: str,
    size: int,
    fill: Colour,
    anchor: str = "la",
) -> None:
    """`text` at (x, y) in output pixels, in the font for its script."""
    draw.text((x * SCALE, y * SCALE), text, font=_font(size, text), fill=fill, anchor=anchor)


def _s(box: Box) -> Box:
    return (box[0] * SCALE, box[1] * SCALE, box[2] * SCALE, box[3] * SCALE)


def _canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width * SCALE, height * SCALE), BACKGROUND)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.reduce(SCALE).save(buffer, format="PNG")
    return buffer.getvalue()


def fitted_size(text: str, size: int, room: float) -> int:
    """`size`, or smaller until `text` fits in `room` output pixels: a language with longer
    words still gets its whole line, a little smaller (never below MIN_TEXT_SIZE)."""
    while size > MIN_TEXT_SIZE and _width(text, size) > room:
        size -= 1
    return size


def _centred_text(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    text: str,
    size: int,
    fill: Colour,
    room: float | None = None,
) -> None:
    """Text centred horizontally on x with its top at y (output pixels), made smaller if
    it would not fit in `room`."""
    if room is not None:
        size = fitted_size(text, size, room)
    _text(draw, x, y, text, size, fill, anchor="mt")


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, fill: Colour) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.48
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((SCALE * (cx + r * math.cos(angle)), SCALE * (cy + r * math.sin(angle))))
    draw.polygon(points, fill=fill)
    # A thick outline with curved joints rounds off the points.
    draw.line([*points, points[0]], fill=fill, width=3 * SCALE, joint="curve")


def _check(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, fill: Colour) -> None:
    draw.ellipse(_s(_round_box(cx - radius, cy - radius, cx + radius, cy + radius)), fill=fill)
    tick = [
        (cx - radius * 0.45, cy + radius * 0.02),
        (cx - radius * 0.1, cy + radius * 0.38),
        (cx + radius * 0.48, cy - radius * 0.32),
    ]
    draw.line([(SCALE * x, SCALE * y) for x, y in tick], fill=WHITE, width=2 * SCALE, joint="curve")


def _round_box(x0: float, y0: float, x1: float, y1: float) -> Box:
    return (round(x0), round(y0), round(x1), round(y1))


# --- calendar ----------------------------------------------------------------------


def _weeks(year: int, month: int, first_weekday: int) -> list[list[int]]:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    return calendar.Calendar(first_weekday % 7).monthdayscalendar(year, month)


def _column_left(column: int) -> int:
    """The left edge of a weekday column: the week's first day is on the left, or on the
    right in a right-to-left language."""
    if i18n.is_rtl():
        column = 6 - column
    return GRID_LEFT + column * (CELL_W + CELL_GAP)


def calendar_cell_box(year: int, month: int, day: int, first_weekday: int = 0) -> Box:
    """The (left, top, right, bottom) pixel box of a day's cell, as for `Image.crop`
    (the columns run from the right in a right-to-left language)."""
    for row, week in enumerate(_weeks(year, month, first_weekday)):
        if day in week:
            left = _column_left(week.index(day))
            top = GRID_TOP + row * (CELL_H + CELL_GAP)
            return (left, top, left + CELL_W, top + CELL_H)
    raise ValueError(f"{year}-{month:02d} has no day {day}")


def calendar_size(year: int, month: int, first_weekday: int = 0) -> tuple[int, int]:
    rows = len(_weeks(year, month, first_weekday))
    return CAL_WIDTH, GRID_TOP + rows * CELL_H + (rows - 1) * CELL_GAP + FOOTER_H


def win_step(count: int) -> int:
    """The intensity step of a day with `count` wins: 0 (none), 1, 2-3, 4-6, 7 or more."""
    if count <= 0:
        return 0
    if count == 1:
        return 1
    if count <= 3:
        return 2
    if count <= 6:
        return 3
    return 4


def _counts(win_days: Collection[date] | Mapping[date, int]) -> dict[date, int]:
    if isinstance(win_days, Mapping):
        return {day: count for day, count in win_days.items() if count > 0}
    return {day: 1 for day in win_days}


def calendar_png(
    year: int,
    month: int,
    win_days: Collection[date] | Mapping[date, int],
    checkoff_days: Collection[date],
    today: date | None,
    first_weekday: int = 0,
) -> bytes:
    """A month grid: a star on each day with a win (bigger for a bigger day, when
    `win_days` maps days to their number of wins), a check on goal check-offs."""
    weeks = _weeks(year, month, first_weekday)
    width, height = calendar_size(year, month, first_weekday)
    image, draw = _canvas(width, height)

    title = month_title(year, month)
    _centred_text(draw, width / 2, TITLE_TOP, title, 40, TEXT, room=width - 2 * MARGIN)
    for column in range(7):
        header = weekday_header(first_weekday + column)
        _centred_text(draw, _column_left(column) + CELL_W / 2, HEADER_TOP, header, 21, MUTED)

    wins = {d.day: n for d, n in _counts(win_days).items() if (d.year, d.month) == (year, month)}
    checks = {d.day for d in checkoff_days if (d.year, d.month) == (year, month)}
    rtl = i18n.is_rtl()
    for week in weeks:
        for day in week:
            if day == 0:
                continue
            box = calendar_cell_box(year, month, day, first_weekday)
            left, top, right, bottom = box
            draw.rounded_rectangle(_s(box), radius=CELL_RADIUS * SCALE, fill=CELL)
            if today == date(year, month, day):
                # Drawn inside the box, so the outline is the cell's own border.
                inner = (left, top, right - 1, bottom - 1)
                draw.rounded_rectangle(
                    _s(inner),
                    radius=CELL_RADIUS * SCALE,
                    outline=TODAY_COLOUR,
                    width=TODAY_WIDTH * SCALE,
                )
            # The date in the cell's leading corner, the check in the trailing one.
            number = i18n.format_number(day)
            if rtl:
                _text(draw, right - 12, top + 9, number, 22, TEXT, anchor="ra")
            else:
                _text(draw, left + 12, top + 9, number, 22, TEXT)
            if day in wins:
                radius = STAR_RADII[win_step(wins[day]) - 1]
                _star(draw, left + CELL_W / 2, top + CELL_H / 2 + 6, radius, STAR_COLOUR)
            if day in checks:
                check_x = left + 21 if rtl else right - 21
                _check(draw, check_x, bottom - 21, CHECK_RADIUS, CHECK_COLOUR)

    _legend(draw, width, height - FOOTER_H / 2)
    return _png(image)


def legend_labels() -> tuple[str, str]:
    """The calendar legend's words, in the current language."""
    # Translators: in the calendar picture's legend, beside a star.
    star = _("a day with a win")
    # Translators: in the calendar and year pictures' legends, beside a green tick.
    check = _("a goal check-off")
    return star, check


Painter = Callable[[float], None]


def legend_row(width: int, items: Sequence[tuple[float, Painter]]) -> None:
    """Lays out one centred line of (width, painter) items: each painter is called with
    its item's left edge. The line reads from the right in a right-to-left language, so
    a label stays on the reading side of its icon."""
    gaps = sum(w for w, _painter in items)
    x = (width - gaps) / 2
    rtl = i18n.is_rtl()
    for item_width, paint in items:
        paint(width - x - item_width if rtl else x)
        x += item_width


def _label(draw: ImageDraw.ImageDraw, text: str, size: int, y: float) -> tuple[float, Painter]:
    return _width(text, size), lambda x: _text(draw, x, y, text, size, MUTED, anchor="lm")


def _gap(width: float) -> tuple[float, Painter]:
    return width, lambda x: None


def _legend(draw: ImageDraw.ImageDraw, width: int, y: float) -> None:
    star_label, check_label = legend_labels()
    legend_row(
        width,
        [
            (24, lambda x: _star(draw, x + 12, y + 2, 12, LEGEND_STAR)),
            _gap(10),
            _label(draw, star_label, 20, y),
            _gap(44),
            (24, lambda x: _check(draw, x + 12, y, 11, LEGEND_CHECK)),
            _gap(10),
            _label(draw, check_label, 20, y),
        ],
    )


# --- jar ---------------------------------------------------------------------------


def jar_size(index: int) -> int:
    """How many wins the index-th jar (from 0) holds."""
    return JAR_SIZES[min(index, len(JAR_SIZES) - 1)]


def split_into_jars(count: int) -> tuple[list[int], int, int]:
    """(sizes of the full jars, wins in the current jar, its size). A jar that is exactly
    full is still the current one: the next win starts a new jar."""
    if count < 0:
        raise ValueError("a jar cannot hold fewer than no marbles")
    full: list[int] = []
    left = count
    while left > jar_size(len(full)):
        left -= jar_size(len(full))
        full.append(jar_size(len(full)))
    return full, left, jar_size(len(full))


def _inside(body: Box, x: float, y: float, margin: float) -> bool:
    """Whether a circle of radius `margin` at (x, y) fits inside a jar's rounded body."""
    inset = JAR_EDGE_WIDTH + margin
    left, top = body[0] + inset, body[1] + inset
    right, bottom = body[2] - inset, body[3] - inset
    if not (left <= x <= right and top <= y <= bottom):
        return False
    corner = max(JAR_RADIUS - inset, 0)
    cx = min(max(x, left + corner), right - corner)
    cy = min(max(y, top + corner), bottom - corner)
    return math.hypot(x - cx, y - cy) <= corner


@lru_cache(maxsize=64)
def _slots(radius: int) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Marble centres in the big jar (without a shelf), row by row from the bottom,
    packed like oranges on a stall; each row from left to right, symmetric about the
    middle of the jar."""
    body = JAR_BODY
    step = 2 * radius + MARBLE_GAP
    rise = step * math.sqrt(3) / 2
    centre_x = (body[0] + body[2]) // 2
    rows: list[tuple[tuple[float, float], ...]] = []
    y = float(body[3] - JAR_EDGE_WIDTH - 3 - radius)
    offset = 0
    while y - radius > body[1]:
        reach = int((body[2] - body[0]) / step) + 1
        row = [
            (centre_x + offset + k * step, y)
            for k in range(-reach, reach + 1)
            if _inside(body, centre_x + offset + k * step, y, radius + MARBLE_GAP)
        ]
        if row:
            rows.append(tuple(row))
        y -= rise
        offset = step // 2 if offset == 0 else 0
    return tuple(rows)


@lru_cache(maxsize=64)
def marble_radius(size: int) -> int:
    """The biggest marble for which a jar of `size` wins has a slot per win (marbles
    shrink as jars grow, down to the size where MARBLE_SLOTS_MAX of them fit)."""
    wanted = min(size, MARBLE_SLOTS_MAX)
    # Whole pixels: every marble of a jar then covers exactly the same pixels.
    radius = MARBLE_RADIUS_MAX
    while radius > 3 and sum(len(row) for row in _slots(radius)) < wanted:
        radius -= 1
    return radius


def marbles_drawn(in_jar: int, size: int) -> int:
    """How many marbles show `in_jar` wins in a jar of `size`: one each, or the same
    share of the slots for a jar too big to draw a marble per win."""
    slots = min(size, MARBLE_SLOTS_MAX)
    return in_jar if size <= slots else math.ceil(in_jar * slots / size)


def _settle(
    rows: tuple[tuple[tuple[float, float], ...], ...], wanted: int
) -> list[tuple[float, float]]:
    """The first `wanted` slots as marbles would settle: rows from the bottom, and the
    last, partly filled row as one run in the middle (never a hole between marbles, and
    never one lone gap at an end). When the run cannot sit exactly in the middle, one
    marble goes on top of it instead, in the notch above its middle."""
    placed: list[tuple[float, float]] = []
    for index, row in enumerate(rows):
        left = wanted - len(placed)
        if left <= 0:
            break
        if left >= len(row):
            placed.extend(row)
            continue
        uneven = (len(row) - left) % 2 == 1
        if uneven and left >= 3 and index + 1 < len(rows):
            run = left - 1
            above = rows[index + 1]
            middle = (row[0][0] + row[-1][0]) / 2
            on_top = [min(above, key=lambda xy: (abs(xy[0] - middle), xy[0]))]
        else:
            run, on_top = left, []
        start = (len(row) - run) // 2
        placed.extend(row[start : start + run])
        placed.extend(on_top)
        break
    return placed


def marble_slots(size: int) -> list[list[tuple[int, int]]]:
    """Every place a marble can sit in a jar of `size`, row by row from the bottom."""
    return [[(round(x), round(y)) for x, y in row] for row in _slots(marble_radius(size))]


def marble_positions(count: int) -> list[tuple[tuple[int, int], Colour]]:
    """Where each marble of the current jar sits (before any shift) and its colour; the
    same count gives the same jar."""
    _full, in_jar, size = split_into_jars(count)
    rng = random.Random(count)
    placed = _settle(_slots(marble_radius(size)), marbles_drawn(in_jar, size))
    return [((round(x), round(y)), rng.choice(MARBLE_COLOURS)) for x, y in placed]


def _shift(box: Box, dy: int) -> Box:
    return (box[0], box[1] + dy, box[2], box[3] + dy)


def _draw_jar(
    draw: ImageDraw.ImageDraw, body: Box, neck: Box, lid: Box, radius: int, edge: int
) -> None:
    """An empty glass jar with a cork lid."""
    draw.rounded_rectangle(
        _s(neck),
        radius=max(2, radius // 5) * SCALE,
        fill=GLASS,
        outline=GLASS_EDGE,
        width=edge * SCALE,
    )
    draw.rounded_rectangle(
        _s(body), radius=radius * SCALE, fill=GLASS, outline=GLASS_EDGE, width=edge * SCALE
    )
    # The neck's bottom edge would cut across the shoulder; paint over it with glass.
    draw.rectangle(_s((neck[0] + edge, body[1], neck[2] - edge, body[1] + edge + 1)), fill=GLASS)
    draw.rounded_rectangle(
        _s(lid),
        radius=max(2, radius // 4) * SCALE,
        fill=CORK,
        outline=CORK_EDGE,
        width=max(1, edge // 2) * SCALE,
    )


def _draw_marble(draw: ImageDraw.ImageDraw, x: float, y: float, r: float, colour: Colour) -> None:
    draw.ellipse(_s(_round_box(x - r, y - r, x + r, y + r)), fill=colour)
    if r >= 6:
        shine = (x - 0.6 * r, y - 0.65 * r, x - 0.18 * r, y - 0.23 * r)
        draw.ellipse(_s(_round_box(*shine)), fill=MARBLE_SHINE)


def shelf_boxes(full_jars: int) -> list[Box]:
    """The bodies of the full jars on the shelf (at most SHELF_JARS_SHOWN), left to right."""
    shown = min(full_jars, SHELF_JARS_SHOWN)
    if shown == 0:
        return []
    width = shown * SHELF_JAR_W + (shown - 1) * SHELF_GAP
    left = (JAR_WIDTH - width) // 2
    top = SHELF_TOP + 18
    return [
        (
            left + i * (SHELF_JAR_W + SHELF_GAP),
            top,
            left + i * (SHELF_JAR_W + SHELF_GAP) + SHELF_JAR_W,
            top + SHELF_JAR_H - 18,
        )
        for i in range(shown)
    ]


def _draw_shelf(draw: ImageDraw.ImageDraw, sizes: list[int]) -> None:
    """The full jars, side by side, each packed with marbles and labelled with its wins."""
    boxes = shelf_boxes(len(sizes))
    hidden = len(sizes) - len(boxes)
    shown = sizes[hidden:]
    for index, (box, size) in enumerate(zip(boxes, shown, strict=True)):
        left, top, right, bottom = box
        neck = (left + 10, top - 10, right - 10, top + 4)
        lid = (left + 6, top - 18, right - 6, top - 8)
        _draw_jar(draw, box, neck, lid, 14, 3)
        rng = random.Random(size * 31 + index)
        r = 6.0
        step = 2 * r + 1
        y = bottom - 4 - r
        row = 0
        while y - r > top + 3:
            x = left + 5 + r + (step / 2 if row % 2 else 0)
            while x + r < right - 4:
                _draw_marble(draw, x, y, r, rng.choice(MARBLE_COLOURS))
                x += step
            y -= step * math.sqrt(3) / 2
            row += 1
        label = i18n.format_number(size)
        _centred_text(draw, (left + right) / 2, bottom + 8, label, 18, MUTED)
    if hidden:
        # The Arabic-script font has no "+", so this count keeps 0-9 in every language.
        more = f"+{hidden:,}"
        _text(draw, boxes[0][0] - 12, SHELF_TOP + 50, more, 20, MUTED, anchor="rm")


def jar_caption(count: int, full_jars: int) -> str:
    """The line under the jar's big number, in the current language."""
    if count == 0:
        # Translators: under a big 0 in the marble-jar picture, before any win.
        return _("your jar is ready for its first marble")
    if not full_jars:
        # Translators: under the big number of wins in the marble-jar picture.
        return ngettext("win in your jar", "wins in your jar", count)
    # Translators: under the big number of wins in the marble-jar picture, once jars
    # have filled up and stand on a shelf.
    return ngettext(
        "wins: {count} full jar and a new one filling",
        "wins: {count} full jars and a new one filling",
        full_jars,
    ).format(count=i18n.format_number(full_jars))


def jar_png(count: int) -> bytes:
    """The current jar with one marble per win (or its fill level, for a very big jar), the
    full jars on a shelf below, and the exact count."""
    full, _in_jar, size = split_into_jars(count)
    image, draw = _canvas(JAR_WIDTH, JAR_HEIGHT)
    dy = 0 if full else SHELF_SHIFT

    _centred_text(draw, JAR_WIDTH / 2, 22 + dy // 2, i18n.format_number(count), 64, TEXT)
    caption = jar_caption(count, len(full))
    room = JAR_WIDTH - 2 * MARGIN
    _centred_text(draw, JAR_WIDTH / 2, 100 + dy // 2, caption, 26, MUTED, room=room)

    body = _shift(JAR_BODY, dy)
    _draw_jar(draw, body, _shift(JAR_NECK, dy), _shift(JAR_LID, dy), JAR_RADIUS, JAR_EDGE_WIDTH)
    # A soft reflection down the left side makes it read as glass.
    glow = (body[0] + 28, body[1] + 40, body[0] + 46, body[3] - 90)
    draw.rounded_rectangle(_s(glow), radius=9 * SCALE, fill=GLASS_GLOW)

    r = marble_radius(size)
    for (x, y), colour in marble_positions(count):
        _draw_marble(draw, x, y + dy, r, colour)

    if full:
        _draw_shelf(draw, full)
    return _png(image)
