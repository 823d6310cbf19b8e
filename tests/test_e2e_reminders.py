"""Reminders that know you, through the tick: a prompt never asks about a goal already
done, skipped or resting today, and the check-in brings the shrink offer when it is due,
in the copy sent after *Later* too."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot import texts
from bot.nudges import sender
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage
from tests.conftest import Harness

LATER = texts.snooze.later_button()


@pytest.fixture(autouse=True)
def _no_chat_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sender, "PRIVATE_CHAT_GAP_S", 0.0)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _goal_buttons(message: BotMessage) -> list[str]:
    return [data or "" for row in message.buttons for _, data in row if data and "goal:" in data]


async def _three_goals(bot: Harness, ada: FakeUser) -> tuple[int, int, int]:
    await bot.send(ada, "/timezone UTC")
    for text in ("walk 10 minutes", "read one page", "drink water"):
        await bot.send(ada, f"/goal {text}")
    walk, read, water = sorted(g.goal_id for g in await bot.store.goals.active(ada.id))
    return walk, read, water


async def test_the_evening_asks_only_about_goals_still_open(bot: Harness, ada: FakeUser) -> None:
    walk, read, water = await _three_goals(bot, ada)
    (morning,) = await bot.tick_at(_at(24, 8))
    await bot.press(ada, morning, f"1. {texts.goals.done_button()}")  # walk: done
    await bot.press(ada, morning, f"2. {texts.goals.skip_button()}")  # read: not today

    (evening,) = await bot.tick_at(_at(24, 21))
    text = evening.text or ""
    assert texts.nudges.evening_goals_open() in text
    assert _goal_buttons(evening) == [f"goal:done:{water}"]
    assert "✓ drink water" in evening.button_texts

    # Later, water gets done too: the evening sent again asks about nothing.
    await bot.press(ada, evening, LATER)
    bot.clock.set(_at(24, 21, 30))
    await bot.send(ada, "/done water")
    (again,) = await bot.tick_at(_at(24, 22))
    assert texts.nudges.evening_goals_open() not in (again.text or "")
    assert _goal_buttons(again) == [] and again.buttons == ()
    assert {walk, water} <= await bot.store.goals.done_on(ada.id, date(2026, 11, 24))
    assert read not in await bot.store.goals.done_on(ada.id, date(2026, 11, 24))


async def test_a_resting_goal_has_no_morning_line(bot: Harness, ada: FakeUser) -> None:
    _, read, water = await _three_goals(bot, ada)
    bot.clock.set(_at(24, 7))
    await bot.send(ada, "/skip walk")  # planned rest before the check-in
    (morning,) = await bot.tick_at(_at(24, 8))
    text = morning.text or ""
    assert "walk" not in text and "read one page" in text and "drink water" in text
    assert _goal_buttons(morning)[0] == f"goal:done:{read}"
    assert f"goal:done:{water}" in _goal_buttons(morning)


async def test_the_check_in_sent_again_keeps_its_shrink_offer(bot: Harness, ada: FakeUser) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.send(ada, "/goal walk 30 minutes")
    await bot.send(ada, "/done")  # Monday
    await bot.tick_at(_at(24, 8))
    await bot.tick_at(_at(25, 8))
    (thursday,) = await bot.tick_at(_at(26, 8))  # Tuesday and Wednesday slipped
    assert "slipped the last two days" in (thursday.text or "")
    await bot.press(ada, thursday, LATER)
    (again,) = await bot.tick_at(_at(26, 9))
    assert (again.text or "").startswith(texts.snooze.later_back())
    assert "slipped the last two days" in (again.text or "")
    assert texts.goals.shrink_button() in again.button_texts
    # Still once a day: not the next morning.
    (friday,) = await bot.tick_at(_at(27, 8))
    assert "slipped" not in (friday.text or "")


async def test_a_check_in_sent_again_after_the_goal_was_done_says_so(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.send(ada, "/timezone UTC")
    await bot.send(ada, "/goal stretch")
    (morning,) = await bot.tick_at(_at(24, 8))
    await bot.press(ada, morning, LATER)
    bot.clock.set(_at(24, 8, 30))
    await bot.send(ada, "/done")
    (again,) = await bot.tick_at(_at(24, 9))
    assert texts.nudges.morning_goals_done() in (again.text or "")
    assert again.buttons == ()
