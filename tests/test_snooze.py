"""*Later*: the rule for when a prompt may come again, and the migration that lets the
outbox hold a prompt's copy next to it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.nudges import SnoozeRefused, snooze_until
from storage import Store
from storage.db import Database, Migration, bundled_migrations
from storage.nudges import SNOOZED

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 24)
ADA = 1


def _at(hour: int, minute: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def _until(now: datetime, *, next_prompt: datetime | None = None, again: bool = False) -> object:
    return snooze_until(
        now=now,
        prompt_day=DAY,
        tz=BERLIN,
        day_end_hour=4,
        next_prompt=next_prompt,
        already_snoozed=again,
    )


def test_later_is_an_hour_on() -> None:
    assert _until(_at(8, 5), next_prompt=_at(21)) == _at(9, 5)


def test_later_may_cross_midnight_but_not_the_day_end() -> None:
    assert _until(_at(23, 30)) == _at(0, 30, day=25)
    assert _until(_at(2, 59, day=25)) == _at(3, 59, day=25)
    assert _until(_at(3, 0, day=25)) == SnoozeRefused("day")


def test_later_never_passes_the_next_prompt_or_comes_twice() -> None:
    assert _until(_at(20, 0), next_prompt=_at(21)) == SnoozeRefused("next")
    assert _until(_at(19, 59), next_prompt=_at(21)) == _at(20, 59)
    assert _until(_at(8), again=True) == SnoozeRefused("again")


def test_later_across_a_dst_change_is_an_hour_of_real_time() -> None:
    # 29 March 2026, Berlin: 02:00 CET jumps to 03:00 CEST (day end 04:00 local).
    now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 CET
    due = snooze_until(
        now=now,
        prompt_day=date(2026, 3, 28),
        tz=BERLIN,
        day_end_hour=4,
        next_prompt=None,
        already_snoozed=False,
    )
    assert due == now + timedelta(hours=1)  # 03:30 CEST, still the evening before


def _before_snooze() -> list[Migration]:
    migrations = bundled_migrations()
    (index,) = [i for i, m in enumerate(migrations) if m.name == "snooze"]
    return migrations[:index]


async def test_the_outbox_keeps_its_rows_and_triggers_through_the_migration(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    db = await Database.open(path, migrations=_before_snooze())
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO users (user_id, first_name, created_at) VALUES (?, 'Ada', ?)",
            (ADA, _at(8).isoformat()),
        )
        await conn.execute(
            "INSERT INTO outbox (outbox_id, chat_id, kind, local_date, due_at, status, "
            "message_id, variant) VALUES (7, ?, 'morning', ?, ?, 'sent', 40, 'goals')",
            (ADA, DAY.isoformat(), int(_at(8).timestamp())),
        )
    await db.close()

    store = await Store.open(path)
    try:
        (row,) = await store.outbox.for_chat(ADA)
        assert (row.outbox_id, row.status, row.message_id, row.snoozed) == (7, "sent", 40, False)
        user = await store.users.get(ADA)
        assert user is not None and user.week_start == 0
        # The copy sits next to the original under the same date, once.
        copy = await store.outbox.snooze(row, _at(9))
        assert copy.snoozed and copy.status == SNOOZED and copy.outbox_id != 7
        assert (await store.outbox.snooze(row, _at(9, 30))).outbox_id == copy.outbox_id
        assert await store.outbox.wake_snoozed(_at(8, 59)) == 0
        assert await store.outbox.wake_snoozed(_at(9)) == 1
        # The morning question still becomes a question when sent (trigger rebuilt).
        await store.outbox.fire_now(ADA, "morning", date(2026, 11, 25), _at(8, day=25))
        (asked,) = [r for r in await store.outbox.for_chat(ADA) if r.local_date.day == 25]
        await store.outbox.finish(
            asked.outbox_id, "sent", _at(8, day=25), message_id=50, variant="ask"
        )
        question = await store.db.fetchone(
            "SELECT kind, message_id FROM questions WHERE chat_id = ?", (ADA,)
        )
        assert question is not None and tuple(question) == ("intention", 50)
        # And forgetting a person still takes their outbox (trigger rebuilt).
        await store.db.execute("DELETE FROM users WHERE user_id = ?", (ADA,))
        assert await store.outbox.for_chat(ADA) == []
    finally:
        await store.close()


@pytest.mark.parametrize("status", ["sent", "skipped"])
async def test_old_finished_rows_are_pruned_but_a_waiting_copy_is_not(
    tmp_path: Path, status: str
) -> None:
    store = await Store.open(tmp_path / "bot.db")
    try:
        await store.users.ensure(ADA, "Ada", "en", _at(8))
        await store.outbox.fire_now(ADA, "evening", DAY, _at(21))
        (row,) = await store.outbox.for_chat(ADA)
        await store.outbox.finish(row.outbox_id, status, _at(21))
        await store.outbox.snooze(row, _at(22))
        assert await store.outbox.prune(_at(23)) == 1
        (left,) = await store.outbox.for_chat(ADA)
        assert left.snoozed and left.status == SNOOZED
    finally:
        await store.close()
