"""The calendar and marble-jar pictures, drawn with Pillow as PNG bytes for a phone screen."""

from __future__ import annotations

import calendar
import io
import math
import random
from collections.abc import Collection
from datetime import date
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int]
Box = tuple[int, int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

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
WEEKDAY_HEADERS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

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
STAR_RADIUS = 26
CHECK_RADIUS = 13
TODAY_WIDTH = 4

# Jar picture.
JAR_WIDTH = 800
JAR_HEIGHT = 1000
MARBLE_CAP = 200
MARBLE_RADIUS = 17
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
JAR_BODY: Box = (160, 262, 640, 930)
JAR_RADIUS = 64
JAR_NECK: Box = (222, 222, 578, 270)
JAR_LID: Box = (206, 184, 594, 230)
JAR_EDGE_WIDTH = 6


def month_title(year: int, month: int) -> str:
    """`November 2026`, in English whatever the machine's locale."""
    return f"{MONTH_NAMES[month - 1]} {year}"


@lru_cache(maxsize=16)
def _font(size: int) -> Font:
    # Pillow's bundled scalable font: no font file to ship or find on the host.
    return ImageFont.load_default(size=size * SCALE)


def _s(box: Box) -> Box:
    return (box[0] * SCALE, box[1] * SCALE, box[2] * SCALE, box[3] * SCALE)


def _canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width * SCALE, height * SCALE), BACKGROUND)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.reduce(SCALE).save(buffer, format="PNG")
    return buffer.getvalue()


def _centred_text(
    draw: ImageDraw.ImageDraw, x: float, y: float, text: str, size: int, fill: Colour
) -> None:
    """Text centred horizontally on x with its top at y (output pixels)."""
    draw.text((x * SCALE, y * SCALE), text, font=_font(size), fill=fill, anchor="mt")


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


def calendar_cell_box(year: int, month: int, day: int, first_weekday: int = 0) -> Box:
    """The (left, top, right, bottom) pixel box of a day's cell, as for `Image.crop`."""
    for row, week in enumerate(_weeks(year, month, first_weekday)):
        if day in week:
            column = week.index(day)
            left = GRID_LEFT + column * (CELL_W + CELL_GAP)
            top = GRID_TOP + row * (CELL_H + CELL_GAP)
            return (left, top, left + CELL_W, top + CELL_H)
    raise ValueError(f"{year}-{month:02d} has no day {day}")


def calendar_size(year: int, month: int, first_weekday: int = 0) -> tuple[int, int]:
    rows = len(_weeks(year, month, first_weekday))
    return CAL_WIDTH, GRID_TOP + rows * CELL_H + (rows - 1) * CELL_GAP + FOOTER_H


def calendar_png(
    year: int,
    month: int,
    win_days: Collection[date],
    checkoff_days: Collection[date],
    today: date | None,
    first_weekday: int = 0,
) -> bytes:
    """A month grid: a star on each day with a win, a check on goal check-offs."""
    weeks = _weeks(year, month, first_weekday)
    width, height = calendar_size(year, month, first_weekday)
    image, draw = _canvas(width, height)

    _centred_text(draw, width / 2, TITLE_TOP, month_title(year, month), 40, TEXT)
    for column in range(7):
        x = GRID_LEFT + column * (CELL_W + CELL_GAP) + CELL_W / 2
        header = WEEKDAY_HEADERS[(first_weekday + column) % 7]
        _centred_text(draw, x, HEADER_TOP, header, 21, MUTED)

    wins = {d.day for d in win_days if (d.year, d.month) == (year, month)}
    checks = {d.day for d in checkoff_days if (d.year, d.month) == (year, month)}
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
            draw.text(
                ((left + 12) * SCALE, (top + 9) * SCALE),
                str(day),
                font=_font(22),
                fill=TEXT,
            )
            if day in wins:
                _star(draw, left + CELL_W / 2, top + CELL_H / 2 + 6, STAR_RADIUS, STAR_COLOUR)
            if day in checks:
                _check(draw, right - 21, bottom - 21, CHECK_RADIUS, CHECK_COLOUR)

    _legend(draw, width, height - FOOTER_H / 2)
    return _png(image)


def _legend(draw: ImageDraw.ImageDraw, width: int, y: float) -> None:
    font = _font(20)
    star_label, check_label = "a day with a win", "a goal check-off"
    star_w = font.getlength(star_label) / SCALE
    check_w = font.getlength(check_label) / SCALE
    # icon, gap, label, spacing, icon, gap, label — centred as one line.
    total = 24 + 10 + star_w + 44 + 24 + 10 + check_w
    x = (width - total) / 2
    _star(draw, x + 12, y + 2, 12, LEGEND_STAR)
    draw.text(((x + 34) * SCALE, y * SCALE), star_label, font=font, fill=MUTED, anchor="lm")
    x += 34 + star_w + 44
    _check(draw, x + 12, y, 11, LEGEND_CHECK)
    draw.text(((x + 34) * SCALE, y * SCALE), check_label, font=font, fill=MUTED, anchor="lm")


# --- jar ---------------------------------------------------------------------------


def marbles_drawn(count: int) -> int:
    """How many marbles the jar shows for `count` wins (the jar holds MARBLE_CAP)."""
    return max(0, min(count, MARBLE_CAP))


def _inside_body(x: float, y: float, margin: float) -> bool:
    """Whether a circle of radius `margin` at (x, y) fits inside the jar's rounded body."""
    inset = JAR_EDGE_WIDTH + margin
    left, top = JAR_BODY[0] + inset, JAR_BODY[1] + inset
    right, bottom = JAR_BODY[2] - inset, JAR_BODY[3] - inset
    if not (left <= x <= right and top <= y <= bottom):
        return False
    corner = max(JAR_RADIUS - inset, 0)
    cx = min(max(x, left + corner), right - corner)
    cy = min(max(y, top + corner), bottom - corner)
    return math.hypot(x - cx, y - cy) <= corner


@lru_cache(maxsize=1)
def _marble_rows() -> tuple[tuple[tuple[int, int], ...], ...]:
    """Marble centres, row by row from the bottom, packed like oranges on a stall."""
    step = 2 * MARBLE_RADIUS + 2
    rise = round(step * math.sqrt(3) / 2)
    left, _, right, bottom = JAR_BODY
    centre_x = (left + right) // 2
    rows: list[tuple[tuple[int, int], ...]] = []
    y = bottom - JAR_EDGE_WIDTH - 3 - MARBLE_RADIUS
    offset = 0
    while y > JAR_BODY[1]:
        row = tuple(
            (centre_x + offset + k * step, y)
            for k in range(-10, 11)
            if _inside_body(centre_x + offset + k * step, y, MARBLE_RADIUS + 2)
        )
        if row:
            rows.append(row)
        y -= rise
        offset = step // 2 if offset == 0 else 0
    return tuple(rows)


def marble_positions(count: int) -> list[tuple[tuple[int, int], Colour]]:
    """Where each drawn marble sits and its colour; the same count gives the same jar."""
    rng = random.Random(count)
    wanted = marbles_drawn(count)
    placed: list[tuple[int, int]] = []
    for row in _marble_rows():
        if len(placed) + len(row) <= wanted:
            placed.extend(row)
        else:
            # The top, partly filled row: marbles settle at random spots along it.
            placed.extend(sorted(rng.sample(row, wanted - len(placed))))
            break
    return [(xy, rng.choice(MARBLE_COLOURS)) for xy in placed]


def jar_capacity() -> int:
    return sum(len(row) for row in _marble_rows())


def jar_png(count: int) -> bytes:
    """A glass jar with one marble per win (up to MARBLE_CAP) and the exact count."""
    if count < 0:
        raise ValueError("a jar cannot hold fewer than no marbles")
    image, draw = _canvas(JAR_WIDTH, JAR_HEIGHT)

    number = f"{count:,}"
    _centred_text(draw, JAR_WIDTH / 2, 36, number, 64, TEXT)
    if count == 0:
        caption = "your jar is ready for its first marble"
    else:
        caption = "win in your jar" if count == 1 else "wins in your jar"
    _centred_text(draw, JAR_WIDTH / 2, 118, caption, 26, MUTED)

    draw.rounded_rectangle(
        _s(JAR_NECK),
        radius=12 * SCALE,
        fill=GLASS,
        outline=GLASS_EDGE,
        width=JAR_EDGE_WIDTH * SCALE,
    )
    draw.rounded_rectangle(
        _s(JAR_BODY),
        radius=JAR_RADIUS * SCALE,
        fill=GLASS,
        outline=GLASS_EDGE,
        width=JAR_EDGE_WIDTH * SCALE,
    )
    # The neck's bottom edge would cut across the shoulder; paint over it with glass.
    neck_left, _, neck_right, _ = JAR_NECK
    shoulder = (
        neck_left + JAR_EDGE_WIDTH,
        JAR_BODY[1],
        neck_right - JAR_EDGE_WIDTH,
        JAR_BODY[1] + JAR_EDGE_WIDTH + 1,
    )
    draw.rectangle(_s(shoulder), fill=GLASS)
    draw.rounded_rectangle(
        _s(JAR_LID), radius=14 * SCALE, fill=CORK, outline=CORK_EDGE, width=3 * SCALE
    )
    # A soft reflection down the left side makes it read as glass.
    glow = (JAR_BODY[0] + 28, JAR_BODY[1] + 40, JAR_BODY[0] + 46, JAR_BODY[3] - 90)
    draw.rounded_rectangle(_s(glow), radius=9 * SCALE, fill=GLASS_GLOW)

    r = MARBLE_RADIUS
    for (x, y), colour in marble_positions(count):
        draw.ellipse(_s((x - r, y - r, x + r, y + r)), fill=colour)
        draw.ellipse(_s((x - 10, y - 11, x - 3, y - 4)), fill=MARBLE_SHINE)

    if count > MARBLE_CAP:
        note = f"the jar shows {MARBLE_CAP}, and every one of your {number} wins counts"
        _centred_text(draw, JAR_WIDTH / 2, JAR_BODY[3] + 22, note, 20, MUTED)
    return _png(image)
