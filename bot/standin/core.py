"""What every area of the stand-in shares: its clocks, the record of the bot's actions and
refused requests, and the signal that wakes whoever waits on them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from .records import ApiError, ApiErrorRecord, Keyboard, SentRecord, StoredFile
from .wire import Params


class WaitTimeout(AssertionError, TimeoutError):
    """An awaited condition on the stand-in did not happen in time."""


class Signal:
    """A condition that synchronous code can notify: waiters re-check after each pulse."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, seconds: float | None) -> None:
        """Wait for the next pulse, at most ``seconds`` (None: no limit)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)

    async def wait_until(self, predicate: Callable[[], bool], seconds: float, what: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise WaitTimeout(f"stand-in: timed out after {seconds:g}s waiting for {what}")
            await self.wait(remaining)


class Core:
    """Clocks, ``sent`` and ``errors``, the change signal and the closing flag."""

    def __init__(self, monotonic: Callable[[], float], wall_clock: Callable[[], float]) -> None:
        self.monotonic = monotonic
        self.wall_clock = wall_clock
        self.sent: list[SentRecord] = []
        self.errors: list[ApiErrorRecord] = []
        # Pulsed after anything a waiter may watch: a record, an acknowledgement, a poll.
        self.changed = Signal()
        # Set by stop(): long polls and hanging faults return at once.
        self.closing = asyncio.Event()

    def date(self) -> int:
        """A message date as Telegram gives it: whole seconds of the wall clock."""
        return int(self.wall_clock())

    def record(
        self,
        name: str,
        chat_id: int | None,
        message_id: int | None,
        text: str | None,
        raw: str | None,
        params: Params,
        keyboard: Keyboard = (),
        reply_to: int | None = None,
        file: StoredFile | None = None,
        *,
        now: float | None = None,
    ) -> None:
        """Remember one action of the bot in ``sent``."""
        self.sent.append(
            SentRecord(
                method=name,
                chat_id=chat_id,
                message_id=message_id,
                text=text,
                raw_text=raw,
                parse_mode=params.text("parse_mode"),
                keyboard=keyboard,
                reply_to=reply_to,
                file_bytes=file.data if file else None,
                filename=file.filename if file else None,
                at=self.monotonic() if now is None else now,
                params=params.data,
            )
        )
        self.changed.notify()

    async def wait_for(
        self,
        predicate: Callable[[list[SentRecord]], bool],
        timeout: float,  # noqa: ASYNC109 - a deadline for the condition, not for I/O
        what: str,
    ) -> list[SentRecord]:
        await self.changed.wait_until(lambda: predicate(self.sent), timeout, what)
        return self.sent

    async def wait_record(
        self,
        match: Callable[[SentRecord], bool],
        timeout: float,  # noqa: ASYNC109
        start: int,
    ) -> SentRecord:
        position = start
        found: list[SentRecord] = []

        def scan() -> bool:
            nonlocal position
            while position < len(self.sent):
                record = self.sent[position]
                position += 1
                if match(record):
                    found.append(record)
                    return True
            return False

        await self.changed.wait_until(scan, timeout, "a matching sent record")
        return found[0]

    def refuse(self, name: str, chat_id: int | None, err: ApiError) -> None:
        """Remember a request answered with an error."""
        self.errors.append(
            ApiErrorRecord(name, chat_id, err.status, err.description, self.monotonic())
        )
        self.changed.notify()
