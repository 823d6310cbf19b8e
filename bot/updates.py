"""How updates flow from Telegram into the handlers: fast, in order per chat, never lost.

- Different chats are handled concurrently (every reply is a network round trip, so one
  at a time is slow under load), but one chat's updates never overlap, so a message and
  its edit cannot race.
- Telegram forgets an update once it is confirmed. python-telegram-bot confirms a polled
  batch with its next getUpdates and answers a webhook request as soon as the update is
  queued, both before it is handled: a crash in between would lose it. Here the next
  getUpdates waits until everything taken so far is handled, and in webhook mode the
  answer waits for the handling. After a crash Telegram delivers the unfinished updates
  again (at least once; storage makes a repeated win harmless).
- A transient database failure (locked by another process, disk full, I/O error) does
  not count as handled: the update is tried again a few times, still unconfirmed, and a
  crash meanwhile leaves it with Telegram. The attempts are bounded (a poisoned update
  cannot loop forever, and the next getUpdates waits for them), after which the user is
  asked to send it again: only then, because only then was it surely not stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor
from telegram.request import HTTPXRequest

from storage.db import current_update

logger = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 64
# Pauses before handling an update again after a transient database failure (seconds).
# Short: in polling mode the next getUpdates (every chat's next messages) waits for them.
RETRY_DELAYS = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class Attempt:
    """Which attempt at handling the current update this is, and whether another follows."""

    number: int
    last: bool


_attempt: ContextVar[Attempt | None] = ContextVar("smallwins_attempt", default=None)


def current_attempt() -> Attempt:
    """The attempt the current task is making (outside the processor: the only one)."""
    return _attempt.get() or Attempt(1, last=True)


class InFlight:
    """Updates taken from Telegram and not yet handled."""

    def __init__(self) -> None:
        self._open: dict[int, asyncio.Future[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    def taken(self, update: object) -> asyncio.Future[None]:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._open[id(update)] = done
        self._idle.clear()
        return done

    def handled(self, update: object) -> None:
        done = self._open.pop(id(update), None)
        if done is not None and not done.done():
            done.set_result(None)
        if not self._open:
            self._idle.set()

    def __len__(self) -> int:
        return len(self._open)

    async def all_handled(self) -> None:
        await self._idle.wait()


class HandledQueue(asyncio.Queue[object]):
    """The Application's update queue, registering every update as in flight.

    With `hold_until_handled` (webhook mode) `put` returns only once the update was
    handled, so the webhook answer tells Telegram the truth.
    """

    def __init__(self, in_flight: InFlight) -> None:
        super().__init__()
        self.in_flight = in_flight
        self.hold_until_handled = False

    async def put(self, item: object) -> None:
        if not isinstance(item, Update):
            await super().put(item)  # the Application's stop signal
            return
        done = self.in_flight.taken(item)
        await super().put(item)
        if self.hold_until_handled:
            await done


class ConfirmWhenHandled(HTTPXRequest):
    """The getUpdates connection: asks for the next batch (which confirms the previous
    one) only once every update taken so far has been handled."""

    def __init__(self, in_flight: InFlight, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._in_flight = in_flight

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        await self._in_flight.all_handled()
        return await super().do_request(*args, **kwargs)


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (the user for chat-less updates), if any."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to `max_concurrent_updates` at once, never two of the same chat at once."""

    def __init__(
        self, in_flight: InFlight | None = None, max_concurrent_updates: int = DEFAULT_CONCURRENCY
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._in_flight = in_flight if in_flight is not None else InFlight()
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}
        self.retry_delays: tuple[float, ...] = RETRY_DELAYS
        self._handle_again: Callable[[object], Awaitable[None]] | None = None

    def retry_with(self, handle: Callable[[object], Awaitable[None]]) -> None:
        """How to handle an update again (the Application's process_update)."""
        self._handle_again = handle

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        """The update, then again while the database fails transiently (bounded)."""
        retry = self._handle_again if isinstance(update, Update) else None
        delays = self.retry_delays if retry is not None else ()
        _attempt.set(Attempt(1, last=not delays))
        await coroutine
        for number, delay in enumerate(delays, start=2):
            claim = current_update()
            if claim is None or claim.update_id != getattr(update, "update_id", None):
                return
            if not claim.storage_failed:
                return
            await asyncio.sleep(delay)
            _attempt.set(Attempt(number, last=number == len(delays) + 1))
            logger.info("Handling update %s again (attempt %s)", claim.update_id, number)
            assert retry is not None
            await retry(update)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            key = chat_key(update)
            if key is None:
                await self._handle(update, coroutine)
                return
            lock = self._locks.setdefault(key, asyncio.Lock())
            self._holders[key] = self._holders.get(key, 0) + 1
            try:
                async with lock:
                    await self._handle(update, coroutine)
            finally:
                self._holders[key] -= 1
                if self._holders[key] == 0:
                    del self._holders[key]
                    del self._locks[key]
        finally:
            self._in_flight.handled(update)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
