"""The pictures and the export speak every language: every word drawn has its glyphs in the
font picked for it, Persian reads right to left, and the CSV headers follow the user."""

from __future__ import annotations

import csv
import io
import json
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from bot import i18n
from bot.domain import heatmap, pictures
from bot.domain.export import export_data, wins_csv
from bot.domain.heatmap import (
    heatmap_legend_labels,
    month_label,
    year_png,
    year_size,
    year_subtitle,
    year_title,
)
from bot.domain.pictures import (
    ARABIC_FONT,
    FONTS_DIR,
    LATIN_FONT,
    LEGEND_CHECK,
    LEGEND_STAR,
    STAR_COLOUR,
    TITLE_TOP,
    calendar_cell_box,
    calendar_png,
    calendar_size,
    font_path,
    jar_caption,
    jar_png,
    legend_labels,
    month_title,
    weekday_header,
)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT]


@cache
def _cmap(path: Path) -> frozenset[int]:
    with TTFont(path) as font:
        return frozenset(font.getBestCmap())


def _missing_glyphs(text: str) -> list[str]:
    """The characters of `text` its font would draw as .notdef boxes (format characters
    such as the zero-width non-joiner are shaped, not drawn, when a font lacks them)."""
    cmap = _cmap(font_path(text))
    return [c for c in text if ord(c) not in cmap and unicodedata.category(c) != "Cf"]


def drawn_strings() -> Iterator[str]:
    """Every string the calendar, the jar and the year heatmap can draw, in the current
    language (numbers as samples: every digit, a group separator)."""
    for month in range(1, 13):
        yield month_title(2026, month)
        yield month_label(date(2026, month, 1))
    for weekday in range(7):
        yield weekday_header(weekday)
    yield from legend_labels()
    yield from heatmap_legend_labels()
    yield year_title()
    start = i18n.format_skeleton(date(2025, 12, 1), "yMMMM")
    end = i18n.format_skeleton(date(2026, 11, 1), "yMMMM")
    for days in (0, 1, 2, 5, 21, 1_000_000, 365):
        yield year_subtitle(start, end, days)
    for count, full in ((0, 0), (1, 0), (2, 0), (5, 0), (21, 0), (1_000_000, 0)):
        yield jar_caption(count, full)
    for full in (1, 2, 5, 11, 21):
        yield jar_caption(10_000, full)
    for number in (*range(1, 32), 1_234_567_890):
        yield i18n.format_number(number)
        yield f"+{number:,}"  # the shelf's "more" label keeps 0-9


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_every_word_a_picture_draws_has_its_glyphs_in_its_font(language: str) -> None:
    with i18n.use(language):
        strings = list(drawn_strings())
    tofu = {text: missing for text in strings if (missing := _missing_glyphs(text))}
    assert tofu == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_pictures_words_are_translated(language: str) -> None:
    with i18n.use("en"):
        english = [*legend_labels(), *heatmap_legend_labels(), year_title(), jar_caption(0, 0)]
    with i18n.use(language):
        translated = [*legend_labels(), *heatmap_legend_labels(), year_title(), jar_caption(0, 0)]
    assert not set(english) & set(translated)


def test_persian_is_drawn_in_the_arabic_script_font_and_the_rest_in_noto_sans() -> None:
    with i18n.use("fa"):
        assert font_path(month_title(2026, 11)) == ARABIC_FONT
        assert font_path(year_title()) == ARABIC_FONT
        assert all(font_path(weekday_header(d)) == ARABIC_FONT for d in range(7))
    for language in ("en", "ru", "de"):
        with i18n.use(language):
            assert font_path(month_title(2026, 11)) == LATIN_FONT


def test_month_and_weekday_names_come_from_the_language() -> None:
    expected = {
        "en": ("November 2026", "Mon", "Jan 2026"),
        "es": ("Noviembre de 2026", "Lun", "Ene 2026"),
        "de": ("November 2026", "Mo.", "Jan. 2026"),
        "ru": ("Ноябрь 2026\u202fг.", "Пн", "Янв. 2026\u202fг."),
        "fa": ("نوامبر ۲۰۲۶", "دوشنبه", "ژانویه ۲۰۲۶"),
    }
    for language, names in expected.items():
        with i18n.use(language):
            assert (month_title(2026, 11), weekday_header(0), month_label(date(2026, 1, 1))) == (
                names
            )


def test_the_year_subtitle_starts_a_sentence_with_lower_case_months_inside() -> None:
    with i18n.use("es"):
        start = i18n.format_skeleton(date(2025, 12, 1), "yMMMM")
        end = i18n.format_skeleton(date(2026, 11, 1), "yMMMM")
        assert year_subtitle(start, end, 3) == (
            "De diciembre de 2025 a noviembre de 2026 · 3 días con logros"
        )
    with i18n.use("ru"):
        assert year_subtitle("декабрь 2025 г.", "ноябрь 2026 г.", 22).endswith("22 дня с победой")


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data)).convert("RGB")


def _persian_calendar() -> bytes:
    with i18n.use("fa"):
        return calendar_png(2026, 11, {date(2026, 11, 3): 2}, set(), date(2026, 11, 20), 5)


def _title_strip(image: Image.Image) -> Image.Image:
    return image.crop((0, TITLE_TOP - 10, image.width, TITLE_TOP + 70))


def _ink(strip: Image.Image) -> int:
    """How many pixels of the strip differ from the background."""
    blank = Image.new("RGB", strip.size, pictures.BACKGROUND)
    return _changed(strip, blank)


def _changed(one: Image.Image, other: Image.Image) -> int:
    """How many pixels differ between two pictures of the same size."""
    difference = ImageChops.difference(one, other).convert("L")
    return difference.width * difference.height - difference.histogram()[0]


def test_a_persian_calendar_has_its_title_in_persian_letters_not_boxes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    image = open_png(_persian_calendar())
    assert image.size == calendar_size(2026, 11, 5)
    title = _title_strip(image)
    assert _ink(title) > 500  # the title is there at all

    # The same title in a font without Arabic script: .notdef boxes.
    monkeypatch.setattr(pictures, "font_path", lambda text: LATIN_FONT)
    tofu = _title_strip(open_png(_persian_calendar()))
    assert _ink(tofu) > 500
    assert _changed(title, tofu) > _ink(title) // 2


def test_a_persian_calendar_runs_its_weekdays_from_the_right() -> None:
    # 1 November 2026 is a Sunday; weeks from Saturday put it in the second column.
    with i18n.use("fa"):
        persian = calendar_cell_box(2026, 11, 1, 5)
        png = _persian_calendar()
    english = calendar_cell_box(2026, 11, 1, 5)
    width, _height = calendar_size(2026, 11, 5)
    assert persian[0] == width - english[2]
    assert persian[0] > width / 2 > english[0]
    with i18n.use("fa"):
        star_cell = calendar_cell_box(2026, 11, 3, 5)
    colours = open_png(png).crop(star_cell).getcolors(maxcolors=1 << 16) or []
    assert STAR_COLOUR in {c for _, c in colours}


def _first_x(image: Image.Image, box: tuple[int, int, int, int], colour: tuple[int, ...]) -> int:
    strip = image.crop(box)
    data, target = strip.tobytes(), bytes(colour)
    xs = [i // 3 % strip.width for i in range(0, len(data), 3) if data[i : i + 3] == target]
    assert xs, colour
    return min(xs)


@pytest.mark.parametrize(("language", "star_first"), [("en", True), ("fa", False)])
def test_the_calendar_legend_reads_in_the_language_direction(
    language: str, star_first: bool
) -> None:
    with i18n.use(language):
        image = open_png(calendar_png(2026, 11, {}, set(), None))
    footer = (0, image.height - 84, image.width, image.height)
    star_x = _first_x(image, footer, LEGEND_STAR)
    check_x = _first_x(image, footer, LEGEND_CHECK)
    assert (star_x < check_x) is star_first


@pytest.mark.parametrize(("language", "fewer_first"), [("en", True), ("fa", False)])
def test_the_year_legend_runs_from_fewer_to_more_in_the_language_direction(
    language: str, fewer_first: bool
) -> None:
    with i18n.use(language):
        image = open_png(year_png({}, set(), date(2026, 11, 20)))
    assert image.size == year_size()
    footer = (0, image.height - 76, image.width, image.height)
    lightest = _first_x(image, footer, heatmap.SHADES[1])
    deepest = _first_x(image, footer, heatmap.SHADES[4])
    check = _first_x(image, footer, heatmap.LEGEND_CHECK)
    assert (lightest < deepest < check) is fewer_first
    assert (lightest > deepest > check) is not fewer_first


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_every_picture_renders_in_every_language(language: str) -> None:
    with i18n.use(language):
        for png in (
            calendar_png(2026, 2, {date(2026, 2, 1): 1}, {date(2026, 2, 1)}, date(2026, 2, 9)),
            jar_png(0),
            jar_png(4321),
            year_png({date(2026, 3, 1): 3}, set(), date(2026, 11, 20)),
        ):
            Image.open(io.BytesIO(png)).verify()


def test_fonts_are_loaded_once_per_size() -> None:
    assert pictures._font(20, "a") is pictures._font(20, "b")
    assert pictures._font(20, "سلام") is not pictures._font(20, "a")


def test_the_fonts_ship_with_their_licence() -> None:
    assert {p.name for p in FONTS_DIR.iterdir()} >= {
        LATIN_FONT.name,
        ARABIC_FONT.name,
        "OFL.txt",
    }
    assert "SIL OPEN FONT LICENSE" in (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = pyproject["tool"]["setuptools"]["package-data"]["bot"]
    assert "fonts/*.ttf" in data and "fonts/OFL.txt" in data


# --- export -----------------------------------------------------------------------


@dataclass(frozen=True)
class FakeWin:
    win_id: int = 1
    local_date: date = date(2026, 11, 3)
    text: str = "caminé 10 minutos"
    tags: tuple[str, ...] = field(default_factory=tuple)
    photo_file_id: str | None = None
    created_at: datetime = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def test_export_headers_follow_the_language_and_the_json_keys_stay() -> None:
    with i18n.use("en"):
        english = _header(wins_csv([FakeWin()], [], [], UTC))
    with i18n.use("es"):
        spanish = _header(wins_csv([FakeWin()], [], [], UTC))
        data = export_data(
            {"user_id": 1}, [FakeWin()], [], {}, [], datetime(2026, 11, 4, tzinfo=UTC), UTC
        )
    assert english == ["Date", "Time (local)", "Win", "Tags", "Photo", "Goal checked off"]
    assert spanish == ["Fecha", "Hora (local)", "Logro", "Etiquetas", "Foto", "Meta marcada"]
    assert list(json.loads(json.dumps(data))["wins"][0]) == [
        "id",
        "date",
        "text",
        "tags",
        "photo_file_id",
        "created_at",
    ]


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_the_longest_lines_fit_their_pictures_at_a_readable_size(language: str) -> None:
    room = heatmap.YEAR_WIDTH - 2 * pictures.MARGIN
    jar_room = pictures.JAR_WIDTH - 2 * pictures.MARGIN
    with i18n.use(language):
        start = i18n.format_skeleton(date(2025, 9, 1), "yMMMM")
        end = i18n.format_skeleton(date(2026, 8, 1), "yMMMM")
        # (text, size drawn, room, smallest size we accept for it)
        lines = [(year_title(), 36, room, 32)]
        lines += [(year_subtitle(start, end, n), 22, room, 19) for n in (0, 1, 365)]
        lines += [(month_title(2026, m), 40, room, 40) for m in range(1, 13)]
        lines += [(jar_caption(10_000 if f else 0, f), 26, jar_room, 22) for f in (0, 2, 5)]
        lines += [(jar_caption(n, 0), 26, jar_room, 26) for n in (1, 2, 5)]
        for text, size, space, smallest in lines:
            fitted = pictures.fitted_size(text, size, space)
            assert fitted >= smallest, text
            assert pictures._width(text, fitted) <= space, text
        star, check = legend_labels()
        icons = 2 * (24 + 10) + 44
        assert pictures._width(star, 20) + pictures._width(check, 20) + icons < room
        fewer, more, check, today = heatmap_legend_labels()
        words = sum(pictures._width(w, 18) for w in (fewer, more, check, today))
        assert words + 5 * heatmap.PITCH + 2 * heatmap.SQUARE + 4 + 8 * 3 + 36 * 2 < room
