"""`smallwins sandbox` through its own input loop: lines in, what a person would see out."""

from __future__ import annotations

import io
import logging
import re
import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from bot import texts
from bot.cli import main
from bot.config import Settings
from bot.sandbox import HELP, Sandbox, run_sandbox
from storage import Store

Line = str | Callable[[str], str]


async def _chat(folder: Path, lines: Iterable[Line], *, db: Path | None = None) -> str:
    """Run a sandbox session on `lines`; returns everything it printed. A line can be a
    function of the output so far (to use a number the sandbox showed)."""
    out = io.StringIO()
    feed = iter(lines)

    async def read_line(prompt: str) -> str | None:
        out.write(prompt)
        item = next(feed, None)
        line = item(out.getvalue()) if callable(item) else item
        out.write(f"{line}\n" if line is not None else "\n")
        return line

    # tick_seconds=0: no background tick; :time ticks after moving the clock.
    # telegram_second: replies keep Telegram's per-chat limits on a 100x faster clock, so
    # a session's messages to one chat need not wait a real second each.
    await run_sandbox(
        Settings(tick_seconds=0, telegram_second=0.01),
        db_path=db,
        name="Ada",
        folder=folder,
        read_line=read_line,
        out=out,
    )
    return out.getvalue()


def _number(output: str, text: str) -> int:
    """The number the sandbox showed next to the last bot message containing `text`."""
    numbers = re.findall(rf"bot #(\d+)[^:\n]*: [^\n]*{re.escape(text)}", output)
    assert numbers, f"no bot message with {text!r} in:\n{output}"
    return int(numbers[-1])


ONBOARDED = ["/start", ":k4", ":1"]  # UTC from the keyboard, keep the default times


async def test_pictures_and_files_are_saved_and_their_paths_printed(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    output = await _chat(
        folder, [*ONBOARDED, "walked", "/calendar", ":1", "/jar", "/year", "/export"]
    )
    assert f"pictures and files are saved in {folder}" in output
    saved = re.findall(r"\[(?:picture|file) saved to ([^\]]+)\]", output)
    # calendar, the previous month (an edit), jar, year, the zip
    assert len(saved) == 5, output
    paths = [Path(p) for p in saved]
    assert all(p.parent == folder and p.stat().st_size > 0 for p in paths)
    assert [p.read_bytes()[:4] for p in paths[:4]] == [b"\x89PNG"] * 4
    assert re.search(r"bot #\d+ \(edited\): \[picture saved to", output), output
    assert paths[4].suffix == ".zip"
    with zipfile.ZipFile(paths[4]) as archive:
        assert "walked" in archive.read("wins.csv").decode("utf-8-sig")


async def test_several_lines_reply_keyboards_locations_and_replies(tmp_path: Path) -> None:
    output = await _chat(
        tmp_path / "files",
        [
            "/start",
            ":k5 40.71 -74.0",  # the "share my location" button of the zone keyboard
            ":1",
            "walked to the shop\\",
            "called mum",
            ":group Family",
            "stretched",  # plain text in a group: the bot never sees it
            lambda out: f":reply {_number(out, 'Hi, Family!')} stretched",
            ":reply 999 hi",
        ],
    )
    assert re.search(r"keyboard: \[k1\] .*\[k5\] .*\(sends a location\)", output), output
    assert "New York" in output
    assert "2 wins at once" in output
    assert "the bot only reads commands, replies to its messages and mentions" in output
    after_reply = output[output.index("Ada in Family> :reply") :]
    assert re.search(r"bot #\d+: .*[Mm]arble #3", after_reply), after_reply
    assert "There is no bot message #999" in output


async def test_a_second_user_a_group_and_buddies_can_be_played(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    first = await _chat(folder, [*ONBOARDED, "/buddy"])
    link = re.search(r"https://t\.me/smallwins_bot\?start=buddy_\S+", first)
    assert link, first
    output = await _chat(
        tmp_path / "files2",
        [
            ":as Ben",
            f":open {link.group(0)}",
            ":1",  # Pair up
            ":as Ada",
            ":group Family",
            ":1",  # Join the circle
            "/win painted the fence",
            ":as Ben",  # joins Family too
            "/join",
            "/win fixed the bike",
            ":evening",  # the group's digest
            ":anon /join",  # Ben is no admin
            ":as Ada",
            ":anon /join",  # Ada made the group: she can post as it
            ":as Ben",
            ":private",
            "/buddies",
        ],
        db=folder / "sandbox.db",
    )
    assert "(you are Ben now, in your private chat)" in output
    assert "Ada invited you to be buddies" in output
    assert "You and Ada are buddies now" in output
    assert "→ Ada (private): You and Ben are buddies now" in output
    assert "Welcome to the circle, Ada" in output
    assert "(you are Ben now, in Family)" in output
    digest = output[output.index("Ben in Family> :evening") :]
    assert "painted the fence" in digest and "fixed the bike" in digest, digest
    assert "Only an admin of this group can post as the group" in output
    assert "You're posting as the group" in output
    assert "Your buddy" in output and "Cheer Ada" in output
    assert "say hi to me in private" not in output  # Ada's chat is open since the first run


async def test_a_second_run_on_the_same_database_keeps_every_win(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    before = ["walked", "read a page", "watered the plants"]
    first = await _chat(tmp_path / "one", [*ONBOARDED, *before], db=db)
    assert re.search(r"[Mm]arble #3\b", first), first
    # Enough messages that ids counted from 1 again would meet the first run's.
    after = [f"win {n} of the second run" for n in range(1, 7)]
    second = await _chat(tmp_path / "two", after, db=db)
    for n in range(4, 10):  # each celebration counts on from the first run's jar
        assert re.search(rf"(#{n}|{n} marbles)\b", second), second
    store = await Store.open(db)
    try:
        users = await store.db.fetchall("SELECT user_id FROM users")
        assert len(users) == 1  # the same Ada both times
        wins = await store.wins.all_for(int(users[0][0]))
    finally:
        await store.close()
    assert [w.text for w in wins] == [*before, *after]


def test_log_lines_go_to_a_file_named_at_start_not_into_the_chat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "files"
    monkeypatch.setattr(sys, "stdin", io.StringIO("/start\n/frobnicate\n:quit\n"))
    monkeypatch.setenv("SMALLWINS_LOG_LEVEL", "INFO")
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        assert main(["sandbox", "--files", str(folder)]) == 0
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
    captured = capsys.readouterr()
    log = folder / "sandbox.log"
    assert f"(the log goes to {log})" in captured.out
    assert "INFO" not in captured.out + captured.err
    assert "Sandbox started" in log.read_text()


def test_help_lists_every_meta_command() -> None:
    person = type("Person", (), {"first_name": "Ada"})()
    sandbox = Sandbox(None, None, person, Path(), io.StringIO())  # type: ignore[arg-type]
    for name in [*sandbox.meta, "help", "quit", "k1", "1"]:
        assert f":{name}" in HELP, name


async def test_catching_up_can_be_shown(tmp_path: Path) -> None:
    lines = [
        *ONBOARDED,
        "/win 7 days ago called the plumber",
        "/yesterday baked bread",
        ":time 05:00",
        ":time 05:00",  # twice: a new day at least, whatever the real time is
        "slept well",
        ":2",
        "/done yesterday",
        "/lift",
    ]
    output = await _chat(tmp_path / "files", lines)
    assert "Counted for yesterday" in output
    assert "↩ That was yesterday" in output
    assert "That win now counts for yesterday" in output
    assert "On " in output and "you: called the plumber" in output


async def test_history_find_and_tags_can_be_played(tmp_path: Path) -> None:
    output = await _chat(
        tmp_path / "files",
        [
            *ONBOARDED,
            "walked to the park #outside",
            "/history",
            ":1",  # Edit or delete
            ":1",  # the first win
            ":1",  # Edit: the next line answers the question
            "walked to the lake #outside",
            "/find lake",
            "/tags",
            ":1",
        ],
    )
    assert "Which win? Tap its number." in output
    assert "Changed ✓ Now it reads: walked to the lake #outside" in output
    assert "🔎 lake: 1 win" in output
    assert "#outside · 1" in output
    assert output.count("🔎 #outside: 1 win") == 1


async def test_later_can_be_tried_with_the_clock(tmp_path: Path) -> None:
    output = await _chat(tmp_path / "files", [*ONBOARDED, ":time 21:00", ":1", ":time 22:00"])
    assert texts.snooze.later_set("22:00") in output, output
    after = output[output.index(":time 22:00") :]
    assert texts.snooze.later_back() in after, after
