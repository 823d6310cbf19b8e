"""/export and /forget end to end: the files' content, and that forgetting leaves no row."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from bot.standin.actors import FakeUser
from storage import Store
from tests.conftest import Harness


async def _fill(bot: Harness, user: FakeUser) -> None:
    await bot.reply(user, "/timezone Lisbon")
    await bot.reply(user, "made the bed #home")
    await bot.reply(user, "/goal walk 30 minutes")
    await bot.reply(user, "/done")
    await bot.reply(user, "/shrink 1 walk 5 minutes")


async def test_export_sends_complete_json_and_csv(bot: Harness, ada: FakeUser) -> None:
    await _fill(bot, ada)
    files = await bot.send(ada, "/export")
    assert [f.kind for f in files] == ["document", "document"]
    assert files[0].filename and files[0].filename.endswith(".json")
    assert files[1].filename and files[1].filename.endswith(".csv")
    data = json.loads(files[0].file_bytes or b"")
    assert data["profile"]["user_id"] == ada.id
    assert data["profile"]["timezone"] == "Europe/Lisbon"
    assert [(w["text"], w["tags"]) for w in data["wins"]] == [
        ("made the bed #home", ["home"]),
        ("walk 30 minutes", []),
    ]
    (goal,) = data["goals"]
    assert goal["text"] == "walk 5 minutes" and goal["days"] == 7
    assert goal["check_offs"] == [data["wins"][1]["date"]]
    assert [(n["kind"], n["text"]) for n in goal["notes"]] == [("shrunk", "walk 30 minutes")]

    rows = list(csv.DictReader(io.StringIO((files[1].file_bytes or b"").decode("utf-8"))))
    kinds = [r["record"] for r in rows]
    assert kinds.count("win") == 2 and kinds.count("goal") == 1
    assert kinds.count("check_off") == 1 and kinds.count("note") == 1
    settings = {r["text"]: r["detail"] for r in rows if r["record"] == "setting"}
    assert settings["timezone"] == "Europe/Lisbon" and settings["morning_time"] == "08:00"
    assert {r["text"] for r in rows if r["record"] == "win"} == {
        "made the bed #home",
        "walk 30 minutes",
    }


async def test_export_with_no_data_says_so_and_sends_no_file(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/export")
    assert reply.kind == "text" and "nothing to export" in (reply.text or "")
    await bot.reply(ada, "/settings")
    again = await bot.reply(ada, "/export")
    assert again.kind == "text"


async def _rows_mentioning(store: Store, value: int) -> dict[str, list[dict[str, Any]]]:
    """Every row in every table of the schema with a column equal to `value`."""
    found: dict[str, list[dict[str, Any]]] = {}
    for table in await store.db.table_names():
        columns = [
            r[0] for r in await store.db.fetchall("SELECT name FROM pragma_table_info(?)", (table,))
        ]
        # Table names come from sqlite_master (identifiers cannot be bound parameters).
        for row in await store.db.fetchall(f'SELECT * FROM "{table}"'):  # noqa: S608
            if any(row[c] == value or row[c] == str(value) for c in columns):
                found.setdefault(table, []).append(dict(zip(columns, row, strict=True)))
    return found


async def _all_rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [tuple(r) for r in await store.db.fetchall(f'SELECT * FROM "{table}"')]  # noqa: S608
        for table in await store.db.table_names()
    }


async def test_forget_deletes_every_row_about_the_user_and_nothing_else(
    bot: Harness, ada: FakeUser
) -> None:
    bob = bot.stand.user("Bob")
    await _fill(bot, ada)
    await _fill(bot, bob)
    ada_rows = await _rows_mentioning(bot.store, ada.id)
    # The walk sees Ada in every table that holds her data.
    assert {"users", "wins", "goals", "goal_days", "goal_notes"} <= set(ada_rows)
    bob_rows = await _rows_mentioning(bot.store, bob.id)

    ask = await bot.reply(ada, "/forget")
    assert ask.button_texts == ["Delete everything", "Keep my data"]
    assert await _rows_mentioning(bot.store, ada.id) == ada_rows  # nothing yet
    await bot.press(ada, ask, "Delete everything")
    done = bot.stand.bot_message(ask.chat_id, ask.message_id)
    assert done is not None and "Everything about you is deleted" in (done.text or "")

    assert await _rows_mentioning(bot.store, ada.id) == {}
    remaining = await _all_rows(bot.store)
    # Goal days and notes carry goal ids, not only user ids: none of Ada's goals survive.
    assert {row[0] for row in remaining["goals"]} == {r["goal_id"] for r in bob_rows["goals"]}
    assert await _rows_mentioning(bot.store, bob.id) == bob_rows


async def test_forget_can_be_cancelled(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "a win")
    ask = await bot.reply(ada, "/forget")
    await bot.press(ada, ask, "Keep my data")
    assert await bot.store.wins.count(ada.id) == 1
    kept = bot.stand.bot_message(ask.chat_id, ask.message_id)
    assert kept is not None and "Nothing deleted" in (kept.text or "")
