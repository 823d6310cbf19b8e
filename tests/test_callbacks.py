"""Every button's callback data: built in one place, read back by its own pattern, and
within Telegram's 64 bytes at its longest."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from datetime import date

import pytest

from bot.domain import callbacks
from bot.domain.buddies import new_code
from bot.domain.history import tag_key

BIGGEST_ID = 2**63 - 1  # SQLite's largest rowid; Telegram's ids are smaller
LONGEST_ZONE = max(zoneinfo.available_timezones(), key=len)
LAST_DAY = date(9999, 12, 31)

# (builder at its longest, the pattern that routes it, the parts the handler reads)
CASES: list[tuple[Callable[[], str], re.Pattern[str], tuple[str, ...]]] = [
    (lambda: callbacks.undo_wins(BIGGEST_ID), callbacks.UNDO_WINS, (str(BIGGEST_ID),)),
    (lambda: callbacks.ADD_AS_WIN, callbacks.ADD_AS_WIN_PATTERN, ()),
    (lambda: callbacks.goal_done(BIGGEST_ID), callbacks.GOAL_DONE, (str(BIGGEST_ID),)),
    (lambda: callbacks.goal_skip(BIGGEST_ID), callbacks.GOAL_SKIP, (str(BIGGEST_ID),)),
    (lambda: callbacks.goal_shrink(BIGGEST_ID), callbacks.GOAL_SHRINK, (str(BIGGEST_ID),)),
    (lambda: callbacks.goal_drop(BIGGEST_ID), callbacks.GOAL_DROP, (str(BIGGEST_ID),)),
    (lambda: callbacks.goal_keep(BIGGEST_ID), callbacks.GOAL_KEEP, (str(BIGGEST_ID),)),
    (lambda: callbacks.goal_pause(BIGGEST_ID), callbacks.GOAL_PAUSE, (str(BIGGEST_ID),)),
    (lambda: callbacks.goal_finish(BIGGEST_ID), callbacks.GOAL_FINISH, (str(BIGGEST_ID),)),
    (
        lambda: callbacks.goal_extend(BIGGEST_ID, 999),
        callbacks.GOAL_EXTEND,
        (str(BIGGEST_ID), "999"),
    ),
    (
        lambda: callbacks.goal_undo(BIGGEST_ID, LAST_DAY),
        callbacks.GOAL_UNDO,
        (str(BIGGEST_ID), "9999-12-31"),
    ),
    (lambda: callbacks.intention_done(LAST_DAY), callbacks.INTENTION_DONE, ("9999-12-31",)),
    (lambda: callbacks.fewer("weekly"), callbacks.FEWER_CHOICE, ("weekly",)),
    (lambda: callbacks.calendar_month(9999, 12), callbacks.CALENDAR_MONTH, ("9999-12",)),
    (lambda: callbacks.FORGET_YES, callbacks.FORGET, ("yes",)),
    (lambda: callbacks.FORGET_NO, callbacks.FORGET, ("no",)),
    (lambda: callbacks.buddy_cheer(BIGGEST_ID), callbacks.BUDDY_CHEER, (str(BIGGEST_ID),)),
    (
        lambda: callbacks.buddy_share(BIGGEST_ID, True),
        callbacks.BUDDY_SHARE,
        (str(BIGGEST_ID), "1"),
    ),
    (lambda: callbacks.buddy_end(BIGGEST_ID), callbacks.BUDDY_END, (str(BIGGEST_ID),)),
    (lambda: callbacks.BUDDY_NO, callbacks.BUDDY_NO_PATTERN, ()),
    (lambda: callbacks.BUDDY_FRESH, callbacks.BUDDY_FRESH_PATTERN, ()),
    (lambda: callbacks.onboard_zone(LONGEST_ZONE), callbacks.ONBOARD_ZONE, (LONGEST_ZONE,)),
    (lambda: callbacks.onboard_time("e", "23:59"), callbacks.ONBOARD_TIME, ("e", "23:59")),
    (
        lambda: callbacks.onboard_keep_or_change(False),
        callbacks.ONBOARD_KEEP_OR_CHANGE,
        ("change",),
    ),
    (lambda: callbacks.settings_open("dayend"), callbacks.SETTINGS_OPEN, ("dayend",)),
    (
        lambda: callbacks.settings_choice("tz", LONGEST_ZONE),
        callbacks.SETTINGS_CHOICE,
        ("tz", LONGEST_ZONE),
    ),
    (lambda: callbacks.GROUP_JOIN, callbacks.GROUP_JOIN_PATTERN, ()),
    (lambda: callbacks.group_pick("e"), callbacks.GROUP_PICK, ("e",)),
    (lambda: callbacks.GROUP_DIGEST, callbacks.GROUP_SETTINGS, ("digest",)),
    (lambda: callbacks.GROUP_BACK, callbacks.GROUP_SETTINGS, ("back",)),
    (lambda: callbacks.group_time("m", "off"), callbacks.GROUP_TIME, ("m", "off")),
    (lambda: callbacks.history_week(LAST_DAY), callbacks.HISTORY_WEEK, ("99991231",)),
    (lambda: callbacks.history_pick(LAST_DAY), callbacks.HISTORY_PICK, ("99991231",)),
    (
        lambda: callbacks.history_show(BIGGEST_ID, LAST_DAY),
        callbacks.HISTORY_SHOW,
        (str(BIGGEST_ID), "99991231"),
    ),
    (lambda: callbacks.history_edit(BIGGEST_ID), callbacks.HISTORY_EDIT, (str(BIGGEST_ID),)),
    (
        lambda: callbacks.history_delete(BIGGEST_ID, LAST_DAY),
        callbacks.HISTORY_DELETE,
        (str(BIGGEST_ID), "99991231"),
    ),
    (
        lambda: callbacks.history_confirm(BIGGEST_ID, LAST_DAY),
        callbacks.HISTORY_CONFIRM,
        (str(BIGGEST_ID), "99991231"),
    ),
    (
        lambda: callbacks.find_page(BIGGEST_ID, BIGGEST_ID),
        callbacks.FIND_PAGE,
        (str(BIGGEST_ID), str(BIGGEST_ID)),
    ),
    (lambda: callbacks.tag("x" * 64), callbacks.TAG, (tag_key("x" * 64),)),
]


@pytest.mark.parametrize(("build", "pattern", "parts"), CASES)
def test_each_button_reads_back_by_its_own_pattern_within_64_bytes(
    build: Callable[[], str], pattern: re.Pattern[str], parts: tuple[str, ...]
) -> None:
    data = build()
    assert len(data.encode()) <= callbacks.MAX_BYTES, data
    match = pattern.match(data)
    assert match is not None, data
    assert match.groups() == parts


def test_a_buddy_invite_code_fits_in_the_pair_button() -> None:
    data = callbacks.buddy_pair(new_code())
    assert len(data.encode()) <= callbacks.MAX_BYTES
    match = callbacks.BUDDY_PAIR.match(data)
    assert match is not None


def test_the_strings_buttons_already_in_chats_carry_still_route() -> None:
    assert callbacks.GOAL_DONE.match("goal:done:12")
    assert callbacks.GOAL_UNDO.match("goal:undo:12:2026-11-30")
    assert callbacks.GOAL_EXTEND.match("goal:extend:12:7")
    assert callbacks.INTENTION_DONE.match("intent:done:2026-11-30")
    assert callbacks.UNDO_WINS.match("undo:345")
    assert callbacks.BUDDY_SHARE.match("bud:share:42:0")
    assert callbacks.ONBOARD_ZONE.match("onb:tz=Europe/Berlin")
    assert callbacks.SETTINGS_CHOICE.match("set:dayend=4")
    assert callbacks.GROUP_TIME.match("grp:e=21:00")
    assert callbacks.HISTORY_SHOW.match("h:s:345:20261123")
    assert callbacks.FIND_PAGE.match("f:7:2")
    assert callbacks.TAG.match("t:0123456789ab")


def test_a_history_button_gives_back_the_day_it_was_built_with() -> None:
    match = callbacks.HISTORY_WEEK.match(callbacks.history_week(date(2026, 11, 23)))
    assert match is not None
    assert callbacks.compact_day(match.group(1)) == date(2026, 11, 23)
    assert callbacks.compact_day("20261399") is None  # a forged day is no week


def test_one_action_is_not_taken_for_another() -> None:
    assert not callbacks.GOAL_DONE.match("goal:done:12:2026-11-30")
    assert not callbacks.GOAL_DONE.match("goal:donex:12")
    assert not callbacks.FEWER_CHOICE.match("fewer:never")
    assert not callbacks.SETTINGS_OPEN.match("set:tz=Europe/Berlin")
    assert callbacks.is_intention_done(callbacks.intention_done(date(2026, 11, 30)))
    assert callbacks.is_buddy_cheer(callbacks.buddy_cheer(1))
    assert not callbacks.is_buddy_cheer(callbacks.buddy_end(1))


def test_no_button_matches_two_patterns_so_registration_order_does_not_matter() -> None:
    patterns = {id(pattern): pattern for _, pattern, _ in CASES}
    patterns[id(callbacks.BUDDY_PAIR)] = callbacks.BUDDY_PAIR
    for build, _, _ in CASES:
        data = build()
        matching = [p.pattern for p in patterns.values() if p.match(data)]
        assert len(matching) == 1, (data, matching)
