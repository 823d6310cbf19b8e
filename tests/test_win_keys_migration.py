"""The win-keys migration on a database written by the schema before it: message wins keep
their key under the chat the message belongs to, check-off wins lose the key they borrowed,
and taking a check-off's marble back takes back the check-off."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from storage import Store
from storage.db import Database, Migration, bundled_migrations
from storage.models import NewWin

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 23)
ADA = 1


def _before_win_keys() -> list[Migration]:
    migrations = bundled_migrations()
    (index,) = [i for i, m in enumerate(migrations) if m.name == "win_keys"]
    return migrations[:index]


async def _old_database(path: Path) -> None:
    """Two goals checked off under one bot message (position 0 and, by luck, none other)
    and a win from a group message, as the old schema stored them."""
    db = await Database.open(path, migrations=_before_win_keys())
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO users (user_id, first_name, created_at) VALUES (?, 'Ada', ?)",
            (ADA, NOW.isoformat()),
        )
        for goal_id, text in ((1, "walk"), (2, "read")):
            await conn.execute(
                "INSERT INTO goals (goal_id, user_id, text, start_date, days, created_at) "
                "VALUES (?, ?, ?, ?, 7, ?)",
                (goal_id, ADA, text, DAY.isoformat(), NOW.isoformat()),
            )
        # The walk check-off borrowed the /goals message's key (chat 1, message 40).
        await conn.execute(
            "INSERT INTO wins (win_id, user_id, local_date, text, chat_id, message_id, "
            "created_at, position) VALUES (10, ?, ?, 'walk', ?, 40, ?, 0)",
            (ADA, DAY.isoformat(), ADA, NOW.isoformat()),
        )
        await conn.execute(
            "INSERT INTO goal_days (goal_id, user_id, local_date, kind, win_id, created_at) "
            "VALUES (1, ?, ?, 'done', 10, ?)",
            (ADA, DAY.isoformat(), NOW.isoformat()),
        )
        await conn.execute(
            "INSERT INTO wins (win_id, user_id, local_date, text, chat_id, message_id, "
            "created_at, position) VALUES (11, ?, ?, 'ran in the park', -500, 7, ?, 0)",
            (ADA, DAY.isoformat(), NOW.isoformat()),
        )
    await db.close()


async def test_existing_wins_get_their_source_and_check_offs_lose_the_borrowed_key(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    await _old_database(path)
    store = await Store.open(path)
    try:
        assert await store.db.schema_version() == len(bundled_migrations())
        rows = await store.db.fetchall(
            "SELECT win_id, chat_id, source_chat_id, message_id FROM wins ORDER BY win_id"
        )
        assert [tuple(r) for r in rows] == [(10, ADA, None, None), (11, -500, -500, 7)]
        # The second goal can now be checked off under the same message.
        read = await store.goals.get(ADA, 2)
        assert read is not None
        added, total = await store.goals.check_off(read, DAY, chat_id=ADA, now=NOW)
        assert (added, total) == (True, 3)
        # The group win is still found (and taken back) by its message.
        assert [w.text for w in await store.wins.from_message(ADA, -500, 7)] == ["ran in the park"]
        # Once the group moved, a new message 7 in the supergroup is a new win.
        assert await store.groups.migrate_group(-500, -100500) is False  # no group row
        await store.db.execute("UPDATE wins SET chat_id = -100500 WHERE chat_id = -500")
        new, _ = await store.wins.add(
            ADA, DAY, [NewWin("swam")], chat_id=-100500, message_id=7, now=NOW
        )
        assert [w.text for w in new] == ["swam"]
        assert await store.wins.count(ADA) == 4
        # Taking a check-off's marble out of the jar takes back the check-off too.
        removed, _ = await store.wins.delete_last_on_day(ADA, DAY)
        assert removed is not None and removed.text == "swam"
        await store.db.execute("DELETE FROM wins WHERE win_id = 10")
        assert await store.goals.done_on(ADA, DAY) == {2}
    finally:
        await store.close()
