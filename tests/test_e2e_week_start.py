"""Week start: chosen in /settings, kept per person, followed by the calendar's columns."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from bot import texts
from bot.domain.pictures import GRID_TOP, HEADER_TOP, STAR_COLOUR, calendar_cell_box, calendar_png
from bot.domain.weeks import MONDAY, SUNDAY, default_week_start, week_start_of, weekday_order
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness

# START in conftest: Monday 23 November 2026. 1 November 2026 is a Sunday.
TICKED_MONDAY = f"✓ {texts.weeks.monday_button()}"
TICKED_SUNDAY = f"✓ {texts.weeks.sunday_button()}"


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _colours(image: Image.Image, box: tuple[int, int, int, int]) -> set[object]:
    return {colour for _, colour in image.crop(box).getcolors(maxcolors=1 << 16) or []}


def _headers(image: Image.Image) -> bytes:
    return image.crop((0, HEADER_TOP, image.width, GRID_TOP)).tobytes()


async def _press(bot: Harness, user: FakeUser, message: BotMessage, button: str) -> str | None:
    query = user.press(message, button)
    await bot.settle(bot.stand.last_update_id)
    return bot.answer_to(query)


async def test_sunday_start_moves_the_calendar_columns(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/timezone UTC")
    await bot.reply(ada, "cleared the desk")  # Monday 23 November
    before = await bot.reply(ada, "/calendar")
    assert before.file_bytes
    monday_first = _image(before.file_bytes)
    assert STAR_COLOUR in _colours(monday_first, calendar_cell_box(2026, 11, 23))

    settings = await bot.reply(ada, "/settings")
    assert (
        TICKED_MONDAY in settings.button_texts
        and texts.weeks.sunday_button() in settings.button_texts
    )
    assert (
        await _press(bot, ada, settings, texts.weeks.sunday_button()) == texts.weeks.sunday_chosen()
    )
    shown = bot.stand.bot_message(ada.id, settings.message_id)
    assert shown is not None and TICKED_SUNDAY in shown.button_texts
    assert (
        texts.weeks.monday_button() in shown.button_texts
        and TICKED_MONDAY not in shown.button_texts
    )
    # The rest of /settings is untouched.
    assert shown.button_texts[:4] == settings.button_texts[:4]

    after = await bot.reply(ada, "/calendar")
    assert after.file_bytes
    sunday_first = _image(after.file_bytes)
    # The 23rd moved from the first column of the fifth row to the second of the fourth.
    assert STAR_COLOUR in _colours(sunday_first, calendar_cell_box(2026, 11, 23, SUNDAY))
    assert STAR_COLOUR not in _colours(sunday_first, calendar_cell_box(2026, 11, 23))
    # Headers follow: the same strip as a Sunday-first grid, not the Monday-first one.
    sunday_grid = _image(calendar_png(2026, 11, set(), set(), None, SUNDAY))
    monday_grid = _image(calendar_png(2026, 11, set(), set(), None, MONDAY))
    assert _headers(sunday_first) == _headers(sunday_grid) != _headers(monday_grid)
    assert _headers(monday_first) == _headers(monday_grid)

    # The other settings pages come back to the row as chosen.
    await _press(bot, ada, shown, "🌅 Morning")
    picker = bot.stand.bot_message(ada.id, settings.message_id)
    assert picker is not None
    await _press(bot, ada, picker, texts.settings.back_button())
    back = bot.stand.bot_message(ada.id, settings.message_id)
    assert back is not None and TICKED_SUNDAY in back.button_texts

    # Kept, and back to Monday the same way.
    again = await bot.reply(ada, "/settings")
    assert TICKED_SUNDAY in again.button_texts
    assert await _press(bot, ada, again, texts.weeks.monday_button()) == texts.weeks.monday_chosen()
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.week_start == MONDAY


async def test_a_forged_week_start_changes_nothing(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/timezone UTC")
    settings = await bot.reply(ada, "/settings")
    query = ada.press_data(settings, "week:tue")
    await bot.settle(bot.stand.last_update_id)
    assert bot.answer_to(query) == texts.common.stale_button()
    user = await bot.store.users.get(ada.id)
    assert user is not None and user.week_start == MONDAY


async def test_the_week_starts_on_sunday_where_that_is_the_custom(
    bot: Harness, stand: StandIn
) -> None:
    cy = stand.user("Cy", language_code="en-US")
    await bot.send(cy, "/timezone UTC")
    settings = await bot.reply(cy, "/settings")
    assert TICKED_SUNDAY in settings.button_texts


def test_week_start_helpers() -> None:
    assert default_week_start("en-US") == SUNDAY and default_week_start("pt_BR") == SUNDAY
    assert default_week_start("en") == MONDAY and default_week_start(None) == MONDAY
    monday = date(2026, 11, 23)
    assert week_start_of(monday) == monday
    assert week_start_of(monday, SUNDAY) == date(2026, 11, 22)
    assert week_start_of(date(2026, 11, 22), MONDAY) == date(2026, 11, 16)
    assert weekday_order(SUNDAY) == (6, 0, 1, 2, 3, 4, 5)
    assert weekday_order() == tuple(range(7))
