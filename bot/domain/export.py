"""A user's own data as one zip: everything as JSON, and two tidy CSV tables (wins and goal
check-offs) with headers in the user's language for a spreadsheet (the JSON keys are data
and stay as they are)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any, Protocol

from bot.domain.goals import GoalDayRecord, GoalDays, GoalRecord
from bot.i18n import _


# The stored rows this reads (storage.models), by the fields it needs.
class Win(Protocol):
    @property
    def win_id(self) -> int: ...
    @property
    def local_date(self) -> date: ...
    @property
    def text(self) -> str: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def photo_file_id(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...


class Goal(GoalRecord, Protocol):
    @property
    def text(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


class GoalNote(Protocol):
    @property
    def note_id(self) -> int: ...
    @property
    def goal_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def local_date(self) -> date: ...
    @property
    def created_at(self) -> datetime: ...


class GoalDay(GoalDayRecord, Protocol):
    @property
    def win_id(self) -> int | None: ...


def win_columns() -> tuple[str, ...]:
    """The wins table's headers, in the current language."""
    return (
        # Translators: a column header in the exported wins and check-offs tables (CSV).
        _("Date"),
        # Translators: a column header in the exported wins table: the time of day the win
        # was logged, in the user's own time zone.
        _("Time (local)"),
        # Translators: a column header in the exported wins table: the win's text.
        _("Win"),
        # Translators: a column header in the exported wins table.
        _("Tags"),
        # Translators: a column header in the exported wins table: whether the win has a photo.
        _("Photo"),
        # Translators: a column header in the exported wins table: the goal this win checked off.
        _("Goal checked off"),
    )


def checkoff_columns() -> tuple[str, ...]:
    """The check-offs table's headers, in the current language."""
    return (
        _("Date"),
        # Translators: a column header in the exported check-offs table: the goal's text.
        _("Goal"),
        # Translators: a column header in the exported check-offs table: "done" or "rest".
        _("Kind"),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _profile(user: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in user.items()}


def export_data(
    user: Mapping[str, Any],
    wins: Sequence[Win],
    goals: Sequence[Goal],
    spans: Mapping[int, GoalDays],
    notes: Sequence[GoalNote],
    now: datetime,
    tz: tzinfo,
) -> dict[str, Any]:
    """Everything stored about the user, as plain JSON-ready values."""
    return {
        "exported_at": now.isoformat(),
        "profile": _profile(user),
        "wins": [
            {
                "id": w.win_id,
                "date": w.local_date.isoformat(),
                "text": w.text,
                "tags": list(w.tags),
                "photo_file_id": w.photo_file_id,
                "created_at": w.created_at.isoformat(),
            }
            for w in wins
        ],
        "goals": [
            {
                "id": g.goal_id,
                "text": g.text,
                "start": g.start.isoformat(),
                "days": g.days,
                "last_day": g.last_day.isoformat(),
                "status": g.status,
                "created_at": g.created_at.isoformat(),
                "ended_at": _plain(g.ended_at),
                "check_offs": sorted(d.isoformat() for d in spans[g.goal_id].done),
                "rest_days": sorted(d.isoformat() for d in spans[g.goal_id].rest),
                "notes": [
                    {
                        "kind": n.kind,
                        "text": n.text,
                        "date": n.local_date.isoformat(),
                        "created_at": n.created_at.isoformat(),
                    }
                    for n in notes
                    if n.goal_id == g.goal_id
                ],
            }
            for g in goals
        ],
        "photos": [
            {
                "date": w.local_date.isoformat(),
                "time": _local_time(w, tz),
                "caption": w.text,
                "photo_file_id": w.photo_file_id,
            }
            for w in wins
            if w.photo_file_id
        ],
    }


def export_json(
    user: Mapping[str, Any],
    wins: Sequence[Win],
    goals: Sequence[Goal],
    spans: Mapping[int, GoalDays],
    notes: Sequence[GoalNote],
    now: datetime,
    tz: tzinfo,
) -> str:
    return json.dumps(
        export_data(user, wins, goals, spans, notes, now, tz), ensure_ascii=False, indent=2
    )


def _local_time(win: Win, tz: tzinfo) -> str:
    return win.created_at.astimezone(tz).strftime("%H:%M")


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def wins_csv(
    wins: Sequence[Win], goals: Sequence[Goal], goal_days: Sequence[GoalDay], tz: tzinfo
) -> str:
    """One row a win, oldest first: a photo's caption is its text, and a win that checked
    off a goal names the goal."""
    goal_text = {g.goal_id: g.text for g in goals}
    checked = {
        d.win_id: goal_text.get(d.goal_id, "")
        for d in goal_days
        if d.kind == "done" and d.win_id is not None
    }
    ordered = sorted(wins, key=lambda w: (w.local_date, w.created_at, w.win_id))
    rows = [
        (
            w.local_date.isoformat(),
            _local_time(w, tz),
            w.text,
            " ".join(f"#{t}" for t in w.tags),
            "yes" if w.photo_file_id else "no",
            checked.get(w.win_id, ""),
        )
        for w in ordered
    ]
    return _csv(win_columns(), rows)


def checkoffs_csv(goals: Sequence[Goal], spans: Mapping[int, GoalDays]) -> str:
    """One row a goal day, oldest first: `done` for a check-off, `rest` for a planned rest."""
    rows = sorted(
        [(day.isoformat(), g.text, "done") for g in goals for day in spans[g.goal_id].done]
        + [
            (day.isoformat(), g.text, "rest")
            for g in goals
            for day in spans[g.goal_id].rest - spans[g.goal_id].done
        ]
    )
    return _csv(checkoff_columns(), rows)


def export_zip(
    user: Mapping[str, Any],
    wins: Sequence[Win],
    goals: Sequence[Goal],
    spans: Mapping[int, GoalDays],
    notes: Sequence[GoalNote],
    goal_days: Sequence[GoalDay],
    now: datetime,
    tz: tzinfo,
) -> bytes:
    """The JSON and the two tables in one zip. The CSVs start with a byte-order mark so
    spreadsheets read accents and emoji right."""
    stamp = now.astimezone(tz).timetuple()[:6]
    files = {
        "smallwins.json": export_json(user, wins, goals, spans, notes, now, tz).encode("utf-8"),
        "wins.csv": wins_csv(wins, goals, goal_days, tz).encode("utf-8-sig"),
        "checkoffs.csv": checkoffs_csv(goals, spans).encode("utf-8-sig"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
