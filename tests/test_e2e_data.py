"""/export and /forget end to end: the files' content, and that forgetting leaves no row."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
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


def _unzip(data: bytes | None) -> dict[str, bytes]:
    assert data and data.startswith(b"PK")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _table(data: bytes) -> list[dict[str, str]]:
    # A byte-order mark first, so spreadsheets read the text as UTF-8.
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


async def test_export_sends_one_zip_with_the_json_and_two_tidy_tables(
    bot: Harness, ada: FakeUser
) -> None:
    await _fill(bot, ada)
    files = await bot.send(ada, "/export")
    assert [f.kind for f in files] == ["document"]
    (export,) = files
    assert export.filename == "smallwins-20261123.zip"
    assert "2 marbles and 1 goal" in (export.text or "")
    assert "wins.csv" in (export.text or "") and "spreadsheet" in (export.text or "")
    inside = _unzip(export.file_bytes)
    assert sorted(inside) == ["checkoffs.csv", "smallwins.json", "wins.csv"]

    data = json.loads(inside["smallwins.json"])
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
    assert data["photos"] == []

    wins = _table(inside["wins.csv"])
    assert list(wins[0]) == ["Date", "Time (local)", "Win", "Tags", "Photo", "Goal checked off"]
    # 12:00 UTC on 23 November is 12:00 in Lisbon (winter time).
    assert [tuple(r.values()) for r in wins] == [
        ("2026-11-23", "12:00", "made the bed #home", "#home", "no", ""),
        ("2026-11-23", "12:00", "walk 30 minutes", "", "no", "walk 5 minutes"),
    ]
    checkoffs = _table(inside["checkoffs.csv"])
    assert [tuple(r.items()) for r in checkoffs] == [
        (("Date", "2026-11-23"), ("Goal", "walk 5 minutes"), ("Kind", "done"))
    ]


async def test_export_lists_photos_rests_and_local_times_across_days(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.reply(ada, "/timezone Tokyo")  # UTC+9: 12:00 UTC is 21:00 there
    await bot.act(ada, "send_photo", "my tidy desk #home")
    await bot.reply(ada, "/goal stretch for 5 days")
    await bot.reply(ada, "/skip")  # a planned rest today
    bot.clock.advance(timedelta(days=1))
    await bot.act(ada, "send_photo")  # no caption
    await bot.reply(ada, "/done")
    await bot.reply(ada, "café con leche ☕")
    files = await bot.send(ada, "/export")
    inside = _unzip(files[0].file_bytes)

    data = json.loads(inside["smallwins.json"])
    photos = [(p["date"], p["time"], p["caption"]) for p in data["photos"]]
    assert photos == [("2026-11-23", "21:00", "my tidy desk #home"), ("2026-11-24", "21:00", "")]
    assert all(p["photo_file_id"] for p in data["photos"])

    wins = _table(inside["wins.csv"])
    assert [(r["Date"], r["Time (local)"], r["Win"], r["Photo"]) for r in wins] == [
        ("2026-11-23", "21:00", "my tidy desk #home", "yes"),
        ("2026-11-24", "21:00", "", "yes"),
        ("2026-11-24", "21:00", "stretch", "no"),
        ("2026-11-24", "21:00", "café con leche ☕", "no"),
    ]
    assert [r["Goal checked off"] for r in wins] == ["", "", "stretch", ""]
    checkoffs = _table(inside["checkoffs.csv"])
    assert [(r["Date"], r["Goal"], r["Kind"]) for r in checkoffs] == [
        ("2026-11-23", "stretch", "rest"),
        ("2026-11-24", "stretch", "done"),
    ]


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
