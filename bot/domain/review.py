"""Weekly review and stats: plain records in, small summaries and their HTML messages out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from bot import i18n
from bot.domain.streaks import days_with_wins, streak
from bot.i18n import _, ngettext

WEEK_DAYS = 7
MONTH_DAYS = 30
WEEK_TOP_TAGS = 3
STATS_TOP_TAGS = 5

# Telegram refuses longer messages.
MESSAGE_LIMIT = 4096
# User text is clipped before escaping; escaping can grow it (& -> &amp;), so every
# line is measured again as HTML before it goes into a message.
MOMENT_CHARS = 300
GOAL_CHARS = 80
TAG_CHARS = 32
NAME_CHARS = 40

# English only, for the goal strips in bot.domain.goals; messages here ask i18n for names.
WEEKDAY_ABBR = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WIN_DOT = "●"
EMPTY_DOT = "○"


@dataclass(frozen=True)
class WinRecord:
    day: date
    text: str
    tags: tuple[str, ...]
    has_photo: bool
    photo_file_id: str | None = None


def last_counted_day(
    start: date, days: int, done: Iterable[date], dropped_on: date | None = None
) -> date:
    """A goal's last day: its planned last day, or, once it was let go, the day before the
    drop (the drop day itself only if it was checked off that day)."""
    planned = start + timedelta(days=days - 1)
    if dropped_on is None:
        return planned
    end = dropped_on if dropped_on in set(done) else dropped_on - timedelta(days=1)
    return min(planned, end)


@dataclass(frozen=True)
class GoalRecord:
    goal_id: int
    text: str
    start: date
    days: int
    checked: frozenset[date]
    skipped: frozenset[date]
    dropped_on: date | None = None  # the user-day it was let go

    @property
    def let_go(self) -> bool:
        """Dropped: shown as let go, never as days missed."""
        return self.dropped_on is not None

    @property
    def last_day(self) -> date:
        return last_counted_day(self.start, self.days, self.checked, self.dropped_on)


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    wins: int


@dataclass(frozen=True, slots=True)
class GoalProgress:
    goal_id: int
    text: str
    checked: int  # check-offs inside the window
    possible: int  # days of the goal inside the window, planned skips left out
    let_go: bool = False


@dataclass(frozen=True, slots=True)
class WeekSummary:
    start: date  # seven days back, or the day the user started if that is later
    end: date  # today
    days: tuple[DayCount, ...]  # start..end, oldest first, zeros included
    total_wins: int
    days_with_wins: int
    goals: tuple[GoalProgress, ...]
    top_tags: tuple[str, ...]
    moment: WinRecord | None


@dataclass(frozen=True, slots=True)
class Stats:
    total_wins: int
    days_with_wins: int
    days_known: int  # user-days since they started, today included
    best_streak: int
    current_streak: int
    last_7_days: int
    last_30_days: int
    top_tags: tuple[tuple[str, int], ...]
    goals_finished: int


def top_tags(wins: Iterable[WinRecord], limit: int) -> tuple[tuple[str, int], ...]:
    """Most used tags with their counts; ties go to the tag seen first.

    Tags are compared without case, shown as first written.
    """
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for win in wins:
        for tag in win.tags:
            key = tag.casefold()
            shown.setdefault(key, tag)
            counts[key] = counts.get(key, 0) + 1
    # dicts keep insertion order and sorted() is stable, so ties keep first appearance.
    ranked = sorted(counts, key=lambda key: -counts[key])
    return tuple((shown[key], counts[key]) for key in ranked[:limit])


def moment_of(wins: Sequence[WinRecord]) -> WinRecord | None:
    """The win to look back on: one with a photo first, then the longest text, then the
    most recent (latest day, then latest in the given order)."""
    if not wins:
        return None
    ranked = max(
        enumerate(wins),
        key=lambda item: (item[1].has_photo, len(item[1].text.strip()), item[1].day, item[0]),
    )
    return ranked[1]


def _goal_progress(goal: GoalRecord, first: date, today: date) -> GoalProgress | None:
    lo, hi = max(goal.start, first), min(goal.last_day, today)
    if lo > hi:
        return None
    window = {lo + timedelta(days=n) for n in range((hi - lo).days + 1)}
    checked = len(goal.checked & window)
    if goal.dropped_on is not None and not checked:
        return None  # a goal let go shows only for a week it was worked on
    # A planned skip is not a day the goal asked for, unless it was done anyway.
    possible = len(window - (goal.skipped - goal.checked))
    return GoalProgress(goal.goal_id, goal.text, checked, possible, goal.let_go)


def started_on(joined: date, wins: Iterable[WinRecord]) -> date:
    """The user's first day: when they joined, or an earlier day a win was backdated to."""
    return min([joined, *(w.day for w in wins)])


def week_summary(
    wins: Iterable[WinRecord],
    goals: Iterable[GoalRecord],
    today: date,
    since: date | None = None,
) -> WeekSummary:
    """The last seven user days, today included; none before `since` (the user's first)."""
    first = today - timedelta(days=WEEK_DAYS - 1)
    if since is not None:
        first = min(max(first, since), today)
    in_week = sorted((w for w in wins if first <= w.day <= today), key=lambda w: w.day)
    per_day = {first + timedelta(days=n): 0 for n in range((today - first).days + 1)}
    for win in in_week:
        per_day[win.day] += 1
    progress = tuple(p for p in (_goal_progress(g, first, today) for g in goals) if p is not None)
    return WeekSummary(
        start=first,
        end=today,
        days=tuple(DayCount(d, n) for d, n in per_day.items()),
        total_wins=len(in_week),
        days_with_wins=sum(1 for n in per_day.values() if n),
        goals=progress,
        top_tags=tuple(tag for tag, _count in top_tags(in_week, WEEK_TOP_TAGS)),
        moment=moment_of(in_week),
    )


def goal_finished(goal: GoalRecord, today: date) -> bool:
    """All of the goal's days have passed and it was checked off at least once.

    Its last day counts as passed once it is checked off, so finishing is celebrated
    the same day.
    """
    if goal.dropped_on is not None:
        return False
    done = {d for d in goal.checked if goal.start <= d <= goal.last_day}
    over = goal.last_day < today or (goal.last_day == today and today in done)
    return over and bool(done)


def stats_summary(
    wins: Iterable[WinRecord],
    goals: Iterable[GoalRecord],
    today: date,
    excused: Iterable[date] = (),
    since: date | None = None,
) -> Stats:
    """All-time numbers; `excused` are days the user was paused, `since` their first day."""
    wins = [w for w in wins if w.day <= today]
    active = {w.day for w in wins}
    run = streak(active, today, excused)
    first = started_on(since or today, wins)
    return Stats(
        total_wins=len(wins),
        days_with_wins=len(active),
        days_known=max(1, (today - first).days + 1),
        best_streak=run.best,
        current_streak=run.current,
        last_7_days=days_with_wins(active, today, WEEK_DAYS),
        last_30_days=days_with_wins(active, today, MONTH_DAYS),
        top_tags=top_tags(sorted(wins, key=lambda w: w.day), STATS_TOP_TAGS),
        goals_finished=sum(1 for g in goals if goal_finished(g, today)),
    )


# --- messages ---------------------------------------------------------------------


def _q(text: str) -> str:
    return escape(text, quote=False)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _short_date(d: date) -> str:
    """ "24 Nov", as the current language writes it."""
    return i18n.format_skeleton(d, "MMMd")


def _tag(tag: str) -> str:
    return _q("#" + _clip(tag.lstrip("#"), TAG_CHARS))


def _fit(lines: Sequence[str], limit: int = MESSAGE_LIMIT) -> str:
    """Join lines, dropping from the end whatever would push the message over the limit."""
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > limit:
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def _days(n: int) -> str:
    """A count of days, to go inside a sentence: "1 day", "5 days"."""
    return ngettext("{count} day", "{count} days", n).format(count=n)


def day_strip(days: Sequence[DayCount]) -> str:
    """`Mo ● Tu ○ We ●`: a dot for each day, filled when it had a win."""
    return "  ".join(
        f"{i18n.weekday_name(d.day.weekday(), 'short')} {WIN_DOT if d.wins else EMPTY_DOT}"
        for d in days
    )


def _week_heading(summary: WeekSummary, first_name: str) -> str:
    span = _short_date(summary.end)
    if summary.start != summary.end:
        span = f"{_short_date(summary.start)} – {span}"
    if not first_name.strip():
        return _("<b>Your week, friend</b> ({dates})").format(dates=span)
    name = _q(_clip(first_name, NAME_CHARS))
    return _("<b>Your week, {name}</b> ({dates})").format(name=name, dates=span)


def _moment_lines(moment: WinRecord) -> list[str]:
    weekday = i18n.weekday_name(moment.day.weekday())
    if moment.has_photo:
        heading = _("<b>Moment of the week</b>, {weekday} (with a photo):")
    else:
        heading = _("<b>Moment of the week</b>, {weekday}:")
    lines = ["", heading.format(weekday=weekday)]
    if moment.text.strip():
        lines.append(f"<i>{_q(_clip(moment.text, MOMENT_CHARS))}</i>")
    return lines


def _goal_line(goal: GoalProgress) -> str:
    name = _q(_clip(goal.text, GOAL_CHARS))
    if goal.let_go:
        return ngettext(
            "• {goal}: {count} check-off, then let go",
            "• {goal}: {count} check-offs, then let go",
            goal.checked,
        ).format(goal=name, count=goal.checked)
    return ngettext(
        "• {goal}: {checked} of {count} day",
        "• {goal}: {checked} of {count} days",
        goal.possible,
    ).format(goal=name, checked=goal.checked, count=goal.possible)


def week_text(summary: WeekSummary, first_name: str) -> str:
    """The weekly review message (Telegram HTML)."""
    lines = [_week_heading(summary, first_name), "", day_strip(summary.days), ""]
    if summary.total_wins == 0:
        lines.append(_("A quiet week is still a week, and you're still here."))
        lines.append(_("What's one small thing you could do tomorrow? 🌱"))
    else:
        lines.append(
            ngettext(
                "<b>{count} win</b> on {days}. Every one counts ✨",
                "<b>{count} wins</b> on {days}. Every one counts ✨",
                summary.total_wins,
            ).format(count=summary.total_wins, days=_days(summary.days_with_wins))
        )
        if summary.top_tags:
            tags = ", ".join(_tag(t) for t in summary.top_tags)
            lines.append(_("Tags this week: {tags}").format(tags=tags))
        if summary.moment is not None:
            lines += _moment_lines(summary.moment)
    if summary.goals:
        lines += ["", _("<b>Small steps</b>")]
        lines += [_goal_line(goal) for goal in summary.goals]
        lines.append(_("Each check-off is a promise kept."))
    return _fit(lines)


def stats_text(stats: Stats) -> str:
    """The /stats message (Telegram HTML)."""
    if stats.total_wins == 0:
        return _(
            "<b>Your stats</b>\n\nNo wins logged yet, and that's fine.\n"
            "Send me one small thing you did today and the jar gets its first marble 🫙"
        )
    # What is there comes first; a window is shown only once it holds more than that.
    wins = ngettext("{count} win", "{count} wins", stats.total_wins)
    lines = [
        _("<b>Your stats</b>"),
        "",
        ngettext(
            "<b>{count} day with a win</b> since you started, {wins} in all",
            "<b>{count} days with a win</b> since you started, {wins} in all",
            stats.days_with_wins,
        ).format(count=stats.days_with_wins, wins=wins.format(count=stats.total_wins)),
    ]
    shown = 0
    for window, count in ((WEEK_DAYS, stats.last_7_days), (MONTH_DAYS, stats.last_30_days)):
        if stats.days_known > window and count > shown:
            lines.append(
                ngettext(
                    "{count} day with a win in the last {window}",
                    "{count} days with a win in the last {window}",
                    count,
                ).format(count=count, window=window)
            )
            shown = count
    lines.append("")
    if stats.current_streak:
        lines.append(
            ngettext(
                "Current streak: <b>{count} day</b>",
                "Current streak: <b>{count} days</b>",
                stats.current_streak,
            ).format(count=stats.current_streak)
        )
    lines += [
        ngettext("Best streak: {count} day", "Best streak: {count} days", stats.best_streak).format(
            count=stats.best_streak
        ),
        _("<i>One missed day never breaks a streak.</i>"),
    ]
    if stats.goals_finished:
        lines.append(_("Micro-goals seen through: {count}").format(count=stats.goals_finished))
    if stats.top_tags:
        tags = ", ".join(f"{_tag(t)} ({n})" for t, n in stats.top_tags)
        lines += ["", _("Top tags: {tags}").format(tags=tags)]
    return _fit(lines)
