"""Every button's callback data, built and parsed in one place.

Per action: a builder that makes the data and a compiled pattern that `bot/app.py` routes
by (`CallbackQueryHandler(callback, pattern=...)`); the handler reads the parts from
`context.matches`. The strings are the ones buttons already in chats carry, and each fits
Telegram's 64 bytes (tests build every one at its longest).
"""

from __future__ import annotations

import re
from datetime import date

from bot.domain.history import tag_key

MAX_BYTES = 64  # Telegram's limit on callback data

_ID = r"(\d+)"
_DAY = r"(\d{4}-\d{2}-\d{2})"

# --- wins -----------------------------------------------------------------------------------

UNDO_WINS = re.compile(rf"^undo:{_ID}$")
# "Add it as a win" under a hint, a kind word or a note: the user's message that the
# bot's answer quotes goes into the jar.
ADD_AS_WIN = "addwin"
ADD_AS_WIN_PATTERN = re.compile(rf"^{ADD_AS_WIN}$")


def undo_wins(message_id: int) -> str:
    """Undo under a celebration: the wins of message `message_id` come back out."""
    return f"undo:{message_id}"


# "↩ That was yesterday" under an early-morning celebration: back:<message id>:<the day
# to move its wins to>.
THAT_WAS_YESTERDAY = re.compile(rf"^back:(\d{{1,20}}):{_DAY}$")


def that_was_yesterday(message_id: int, day: date) -> str:
    return f"back:{message_id}:{day.isoformat()}"


# The evening's "🎈 A lift" button, offered after a day without wins.
LIFT = "lift"
LIFT_PATTERN = re.compile(rf"^{LIFT}$")


# --- goals: goal:<action>:<goal id>[:<extra>] ---------------------------------------------

GOAL_DONE = re.compile(rf"^goal:done:{_ID}$")
GOAL_DONE_YESTERDAY = re.compile(rf"^goal:doneyday:{_ID}$")
GOAL_SKIP = re.compile(rf"^goal:skip:{_ID}$")
GOAL_SHRINK = re.compile(rf"^goal:shrink:{_ID}$")
GOAL_DROP = re.compile(rf"^goal:drop:{_ID}$")
GOAL_KEEP = re.compile(rf"^goal:keep:{_ID}$")
GOAL_PAUSE = re.compile(rf"^goal:pause:{_ID}$")
GOAL_FINISH = re.compile(rf"^goal:finish:{_ID}$")
GOAL_EXTEND = re.compile(rf"^goal:extend:{_ID}:{_ID}$")
GOAL_UNDO = re.compile(rf"^goal:undo:{_ID}:{_DAY}$")


def goal_done(goal_id: int) -> str:
    return f"goal:done:{goal_id}"


def goal_done_yesterday(goal_id: int) -> str:
    return f"goal:doneyday:{goal_id}"


def goal_skip(goal_id: int) -> str:
    return f"goal:skip:{goal_id}"


def goal_shrink(goal_id: int) -> str:
    return f"goal:shrink:{goal_id}"


def goal_drop(goal_id: int) -> str:
    return f"goal:drop:{goal_id}"


def goal_keep(goal_id: int) -> str:
    return f"goal:keep:{goal_id}"


def goal_pause(goal_id: int) -> str:
    return f"goal:pause:{goal_id}"


def goal_finish(goal_id: int) -> str:
    return f"goal:finish:{goal_id}"


def goal_extend(goal_id: int, days: int) -> str:
    return f"goal:extend:{goal_id}:{days}"


def goal_undo(goal_id: int, day: date) -> str:
    """Undo under a check-off: the goal is open again on `day`."""
    return f"goal:undo:{goal_id}:{day.isoformat()}"


# --- scheduled prompts ------------------------------------------------------------------

INTENTION_DONE = re.compile(rf"^intent:done:{_DAY}$")
FEWER_CHOICE = re.compile(r"^fewer:(keep|weekly|pause)$")


def intention_done(day: date) -> str:
    """The evening "I did it": the intention set on `day` goes into the jar."""
    return f"intent:done:{day.isoformat()}"


def is_intention_done(data: str | None) -> bool:
    return data is not None and INTENTION_DONE.match(data) is not None


def fewer(choice: str) -> str:
    """An answer to "would fewer prompts suit you?" (keep, weekly, pause)."""
    return f"fewer:{choice}"


# --- review and your data ------------------------------------------------------------------

CALENDAR_MONTH = re.compile(r"^cal:(\d{4}-\d{2})$")
FORGET_YES = "forget:yes"
FORGET_NO = "forget:no"
FORGET = re.compile(r"^forget:(yes|no)$")


def calendar_month(year: int, month: int) -> str:
    return f"cal:{year}-{month:02d}"


# --- buddies ------------------------------------------------------------------------------

BUDDY_CHEER = re.compile(rf"^bud:cheer:{_ID}$")
BUDDY_SHARE = re.compile(rf"^bud:share:{_ID}:([01])$")
BUDDY_END = re.compile(rf"^bud:end:{_ID}$")
BUDDY_PAIR = re.compile(r"^bud:pair:(.*)$")
BUDDY_NO = "bud:no"
BUDDY_NO_PATTERN = re.compile(rf"^{BUDDY_NO}$")
BUDDY_FRESH = "bud:fresh"
BUDDY_FRESH_PATTERN = re.compile(rf"^{BUDDY_FRESH}$")


def buddy_cheer(buddy_id: int) -> str:
    return f"bud:cheer:{buddy_id}"


def is_buddy_cheer(data: str | None) -> bool:
    return data is not None and BUDDY_CHEER.match(data) is not None


def buddy_share(buddy_id: int, on: bool) -> str:
    return f"bud:share:{buddy_id}:{1 if on else 0}"


def buddy_end(buddy_id: int) -> str:
    return f"bud:end:{buddy_id}"


def buddy_pair(code: str) -> str:
    return f"bud:pair:{code}"


# --- onboarding ----------------------------------------------------------------------------

ONBOARD_ZONE_PREFIX = "onb:tz="
ONBOARD_ZONE = re.compile(r"^onb:tz=(.+)$")
ONBOARD_TIME = re.compile(r"^onb:(m|e)=(.*)$")
ONBOARD_KEEP_OR_CHANGE = re.compile(r"^onb:(keep|change)$")


def onboard_zone(zone: str) -> str:
    return f"{ONBOARD_ZONE_PREFIX}{zone}"


def is_onboard_zone(data: str | None) -> bool:
    return data is not None and data.startswith(ONBOARD_ZONE_PREFIX)


def onboard_time(which: str, value: str) -> str:
    """`which` is "m" (morning) or "e" (evening); `value` HH:MM or "off"."""
    return f"onb:{which}={value}"


def onboard_keep_or_change(keep: bool) -> str:
    return "onb:keep" if keep else "onb:change"


# --- /settings ----------------------------------------------------------------------------

SETTINGS_OPEN = re.compile(r"^set:(tz|morning|evening|dayend|back)$")
SETTINGS_CHOICE = re.compile(r"^set:(tz|morning|evening|dayend)=(.+)$")


def settings_open(what: str) -> str:
    """Open a picker (tz, morning, evening, dayend) or go back to the summary (back)."""
    return f"set:{what}"


def settings_choice(what: str, value: str) -> str:
    return f"set:{what}={value}"


# --- groups -------------------------------------------------------------------------------

GROUP_JOIN = "grp:join"
GROUP_JOIN_PATTERN = re.compile(rf"^{GROUP_JOIN}$")
GROUP_DIGEST = "grp:digest"
GROUP_BACK = "grp:back"
GROUP_SETTINGS = re.compile(r"^grp:(digest|back)$")
GROUP_PICK = re.compile(r"^grp:pick=(m|e)$")
GROUP_TIME = re.compile(r"^grp:(m|e)=(.+)$")


def group_pick(which: str) -> str:
    """Open the morning ("m") or evening ("e") time picker of /groupsettings."""
    return f"grp:pick={which}"


def group_time(which: str, value: str) -> str:
    return f"grp:{which}={value}"


# --- scheduled prompts and settings --------------------------------------------------------

# *Later* on a morning or evening prompt: the outbox row it was delivered from.
LATER = re.compile(r"^later:(\d{1,18})$")


def later(outbox_id: int) -> str:
    return f"later:{outbox_id}"


# The week-start row of /settings: Monday or Sunday.
WEEK_START = re.compile(r"^week:(mon|sun)$")
_SUNDAY = 6


def week_start(day: int) -> str:
    """`day` as the user's first weekday (0 Monday ... 6 Sunday; only the two are offered)."""
    return f"week:{'sun' if day == _SUNDAY else 'mon'}"


# --- looking back: /history h:<action>:..., /find pages, /tags --------------------------

_COMPACT_DAY = r"(\d{8})"  # YYYYMMDD: a week's first day, short so win ids fit beside it

HISTORY_WEEK = re.compile(rf"^h:w:{_COMPACT_DAY}$")
HISTORY_PICK = re.compile(rf"^h:p:{_COMPACT_DAY}$")
HISTORY_SHOW = re.compile(rf"^h:s:{_ID}:{_COMPACT_DAY}$")
HISTORY_EDIT = re.compile(rf"^h:e:{_ID}$")
HISTORY_DELETE = re.compile(rf"^h:d:{_ID}:{_COMPACT_DAY}$")
HISTORY_CONFIRM = re.compile(rf"^h:x:{_ID}:{_COMPACT_DAY}$")
FIND_PAGE = re.compile(rf"^f:{_ID}:{_ID}$")
TAG = re.compile(r"^t:([0-9a-f]{12})$")


def _compact(day: date) -> str:
    return day.strftime("%Y%m%d")


def compact_day(value: str) -> date | None:
    """The week's first day back from a button (None if it is no date)."""
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def history_week(start: date) -> str:
    """« », » and Back: the week that starts on `start`."""
    return f"h:w:{_compact(start)}"


def history_pick(start: date) -> str:
    """ "Edit or delete": the week's wins as numbered buttons."""
    return f"h:p:{_compact(start)}"


def history_show(win_id: int, start: date) -> str:
    return f"h:s:{win_id}:{_compact(start)}"


def history_edit(win_id: int) -> str:
    return f"h:e:{win_id}"


def history_delete(win_id: int, start: date) -> str:
    return f"h:d:{win_id}:{_compact(start)}"


def history_confirm(win_id: int, start: date) -> str:
    return f"h:x:{win_id}:{_compact(start)}"


def find_page(search_id: int, page: int) -> str:
    """A page of a saved search's results."""
    return f"f:{search_id}:{page}"


def tag(name: str) -> str:
    """A tag under /tags, by its short key (tags can be 64 letters long)."""
    return f"t:{tag_key(name)}"


# --- /language: lang:<code of bot/i18n.py> ------------------------------------------------

LANGUAGE = re.compile(r"^lang:([A-Za-z]{2,3}(?:_[A-Za-z]{2})?)$")


def language(code: str) -> str:
    """A language button: speak `code` (e.g. `pt_BR`) from now on."""
    return f"lang:{code}"
