"""A user's own data as JSON and CSV text: profile, wins, goals with check-offs and notes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from bot.domain.goals import GoalDays


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


class Goal(Protocol):
    @property
    def goal_id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> date: ...
    @property
    def days(self) -> int: ...
    @property
    def last_day(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def ended_at(self) -> datetime | None: ...


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


CSV_COLUMNS = ("record", "id", "date", "goal_id", "text", "tags", "detail")


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
    }


def export_json(
    user: Mapping[str, Any],
    wins: Sequence[Win],
    goals: Sequence[Goal],
    spans: Mapping[int, GoalDays],
    notes: Sequence[GoalNote],
    now: datetime,
) -> str:
    return json.dumps(
        export_data(user, wins, goals, spans, notes, now), ensure_ascii=False, indent=2
    )


def export_csv(
    user: Mapping[str, Any],
    wins: Sequence[Win],
    goals: Sequence[Goal],
    spans: Mapping[int, GoalDays],
    notes: Sequence[GoalNote],
) -> str:
    """One table for spreadsheets: a `record` column says what each row is."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for key, value in _profile(user).items():
        writer.writerow(("setting", "", "", "", key, "", "" if value is None else value))
    for w in wins:
        writer.writerow(
            (
                "win",
                w.win_id,
                w.local_date.isoformat(),
                "",
                w.text,
                " ".join(w.tags),
                w.photo_file_id or "",
            )
        )
    for g in goals:
        detail = f"{g.days} days from {g.start.isoformat()}, {g.status}"
        writer.writerow(("goal", g.goal_id, g.start.isoformat(), g.goal_id, g.text, "", detail))
        span = spans[g.goal_id]
        for day in sorted(span.done):
            writer.writerow(("check_off", "", day.isoformat(), g.goal_id, "", "", ""))
        for day in sorted(span.rest - span.done):
            writer.writerow(("rest_day", "", day.isoformat(), g.goal_id, "", "", ""))
    for n in notes:
        writer.writerow(
            ("note", n.note_id, n.local_date.isoformat(), n.goal_id, n.text, "", n.kind)
        )
    return out.getvalue()
