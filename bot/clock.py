"""The one place smallwins reads the time, so tests and the sandbox can move it."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current instant (timezone-aware, UTC) and of waiting."""

    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None: ...


class Timer(Protocol):
    """Monotonic seconds and waiting on them: what the sender paces its requests by.

    Kept apart from `Clock` because pacing must follow real elapsed time even when the
    wall clock is moved (the sandbox) or jumps; tests pass a `ManualClock` so retries,
    back-offs and per-chat gaps take no real seconds.
    """

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class LoopTimer:
    """The event loop's monotonic clock."""

    def monotonic(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class ManualClock:
    """A clock that only moves when told to; `sleep` advances it instantly."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        """Seconds on this clock, so it can stand in for a `Timer` too."""
        return self._now.timestamp()

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware instant")
        self._now = instant.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    async def sleep(self, seconds: float) -> None:
        # Whole microseconds, rounded up: a waiter that sleeps exactly what it lacks must
        # get there, or it would sleep a rounded-away remainder forever.
        if seconds > 0:
            self._now += timedelta(microseconds=math.ceil(seconds * 1_000_000))
        await asyncio.sleep(0)


class OffsetClock:
    """The real clock, moved forward on request (the sandbox's `:time`); it never goes back."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def move_to(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("OffsetClock needs a timezone-aware instant")
        self._offset = max(self._offset, instant - datetime.now(UTC))

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
