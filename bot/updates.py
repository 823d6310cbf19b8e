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
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.ext import BaseUpdateProcessor
from telegram.request import BaseRequest, RequestData

DEFAULT_CONCURRENCY = 64


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


class ConfirmWhenHandled(BaseRequest):
    """The getUpdates connection: asks for the next batch (which confirms the previous
    one) only once every update taken so far has been handled. The HTTP itself is the
    wrapped request's (either transport)."""

    __slots__ = ("_in_flight", "_request")

    def __init__(self, in_flight: InFlight, request: BaseRequest) -> None:
        self._in_flight = in_flight
        self._request = request

    @property
    def read_timeout(self) -> float | None:
        return self._request.read_timeout

    async def initialize(self) -> None:
        await self._request.initialize()

    async def shutdown(self) -> None:
        await self._request.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        await self._in_flight.all_handled()
        return await self._request.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )


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

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            key = chat_key(update)
            if key is None:
                await coroutine
                return
            lock = self._locks.setdefault(key, asyncio.Lock())
            self._holders[key] = self._holders.get(key, 0) + 1
            try:
                async with lock:
                    await coroutine
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
