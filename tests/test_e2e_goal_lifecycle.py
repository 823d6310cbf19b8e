"""A goal's days end where the goal ends: a dropped goal stops counting, and a goal resting
or done today is not shown as open in the morning or the evening. End to end over days."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime

from bot import texts
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness


def _at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _callbacks(message: BotMessage) -> list[str]:
    """The goal buttons (*Later* is tested in test_e2e_snooze.py)."""
    return [
        data or ""
        for row in message.buttons
        for _, data in row
        if not (data or "").startswith("later:")
    ]


async def _drop(bot: Harness, ada: FakeUser, name: str) -> None:
    ask = await bot.reply(ada, f"/drop {name}")
    await bot.press(ada, ask, texts.goals.let_go_button())


async def test_a_dropped_goal_stops_counting_in_week(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 10 minutes for 14 days")
    await bot.reply(ada, "/goal read one page for 14 days")
    await bot.reply(ada, "/done walk")  # Monday
    bot.clock.set(_at(26, 10))  # Thursday: let walking go
    await _drop(bot, ada, "walk")
    bot.clock.set(_at(29, 10))  # Sunday
    week = (await bot.reply(ada, "/week")).text or ""
    # Let go on Thursday: shown by what was done, never as days missed.
    assert "walk 10 minutes: 1 check-off, then let go" in week
    assert "read one page: 0 of 7 days" in week
    bot.clock.set(_at(1, 10, month=12))  # a week with no walking check-off in it
    week = (await bot.reply(ada, "/week")).text or ""
    assert "walk 10 minutes" not in week
    assert "read one page" in week


async def test_export_shows_no_rest_days_after_a_goal_was_dropped(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/done")  # Monday
    bot.clock.set(_at(24, 10))
    await _drop(bot, ada, "walk")  # Tuesday
    bot.clock.set(_at(25, 10))
    await bot.reply(ada, "/pause 3 days")  # Wednesday to Friday
    (export,) = await bot.send(ada, "/export")
    with zipfile.ZipFile(io.BytesIO(export.file_bytes or b"")) as archive:
        data, checkoffs = archive.read("smallwins.json"), archive.read("checkoffs.csv")
    (goal,) = json.loads(data)["goals"]
    assert goal["status"] == "dropped"
    assert goal["check_offs"] == ["2026-11-23"]
    assert goal["rest_days"] == []
    assert checkoffs.decode("utf-8-sig").splitlines() == [
        "Date,Goal,Kind",
        "2026-11-23,walk 10 minutes,done",
    ]


async def test_a_goal_resting_or_done_today_is_not_open_morning_or_evening(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    await bot.reply(ada, "/goal stretch")
    _, read, stretch = await bot.store.goals.active(ada.id)
    bot.clock.set(_at(24, 7))  # Tuesday, before the check-in
    await bot.reply(ada, "/skip walk")
    await bot.reply(ada, "/done read")

    (morning,) = await bot.tick_at(_at(24, 8))
    text = morning.text or ""
    assert "stretch" in text and "walk" not in text and "read one page" not in text
    assert _callbacks(morning) == [
        f"goal:done:{stretch.goal_id}",
        f"goal:shrink:{stretch.goal_id}",
        f"goal:skip:{stretch.goal_id}",
    ]

    (evening,) = await bot.tick_at(_at(24, 21))
    assert _callbacks(evening) == [f"goal:done:{stretch.goal_id}"]
    assert "walk" not in (evening.text or "")

    # Every goal resting: the morning says so, and asks for nothing.
    bot.clock.set(_at(25, 7))
    for goal in ("walk", "read", "stretch"):
        await bot.reply(ada, f"/skip {goal}")
    (morning,) = await bot.tick_at(_at(25, 8))
    assert morning.text == texts.nudges.morning_goals_resting()
    assert morning.buttons == ()
    (evening,) = await bot.tick_at(_at(25, 21))
    assert _callbacks(evening) == []
    assert read.goal_id in await bot.store.goals.done_on(ada.id, date(2026, 11, 24))


async def test_the_morning_check_in_offers_to_shrink_a_slipping_goal_once(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.reply(ada, "/goal walk 30 minutes")
    await bot.reply(ada, "/done")  # Monday
    await bot.tick_at(_at(24, 8))  # Tuesday: nothing missed yet
    (tuesday,) = await bot.tick_at(_at(25, 8))  # Wednesday: one miss is no pattern
    assert "slipped" not in (tuesday.text or "")

    (thursday,) = await bot.tick_at(_at(26, 8))  # Tuesday and Wednesday missed
    text = thursday.text or ""
    assert "walk 30 minutes" in text and "slipped the last two days" in text
    assert texts.goals.shrink_button() in thursday.button_texts
    # Offered once: not again in /goals that day, nor the next morning.
    assert len(await bot.send(ada, "/goals")) == 1
    (friday,) = await bot.tick_at(_at(27, 8))
    assert "slipped" not in (friday.text or "")


async def test_the_shrink_offer_counts_the_days_that_actually_slipped(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.send(ada, "/morning off")
    await bot.reply(ada, "/goal walk 30 minutes")
    await bot.reply(ada, "/done")  # Monday
    bot.clock.set(_at(27, 10))  # Friday: Tuesday, Wednesday and Thursday slipped
    offer = (await bot.send(ada, "/goals"))[-1]
    assert "slipped the last three days" in (offer.text or "")
    assert "two" not in (offer.text or "")
