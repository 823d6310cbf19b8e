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
- One update that cannot be parsed (a field this python-telegram-bot requires is missing)
  must not fail its whole batch: python-telegram-bot would fetch the same batch again
  forever, and nobody would get an answer. Each update is parsed on its own; a bad one is
  quarantined (counted, logged by id and error type, never by content) and confirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor, Defaults, ExtBot
from telegram.request import BaseRequest, RequestData

from bot import i18n
from bot.clock import Clock
from bot.metrics import Metrics
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
        self.retry_delays: tuple[float, ...] = RETRY_DELAYS
        self._handle_again: Callable[[object], Awaitable[None]] | None = None
        self._language_of: Callable[[object], Awaitable[str]] | None = None

    def speak_with(self, language_of: Callable[[object], Awaitable[str]]) -> None:
        """How to find the language an update is handled in (bot/languages.py)."""
        self._language_of = language_of

    def retry_with(self, handle: Callable[[object], Awaitable[None]]) -> None:
        """How to handle an update again (the Application's process_update)."""
        self._handle_again = handle

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        """The update in its chat's language (read under the chat's lock, so a /language
        just before it is heard)."""
        language = await self._language_of(update) if self._language_of else i18n.DEFAULT
        with i18n.use(language):
            await self._handle_in_language(update, coroutine)

    async def _handle_in_language(self, update: object, coroutine: Awaitable[Any]) -> None:
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


class Quarantine:
    """Where updates that cannot be parsed go: counted and logged without their content
    (it is people's words), then skipped."""

    def __init__(self, metrics: Metrics, clock: Clock) -> None:
        self.metrics = metrics
        self.clock = clock

    def parse(self, data: Any, bot: ExtBot[Any] | None) -> Update | None:
        """The update, or None after quarantining it."""
        try:
            return Update.de_json(data, bot)
        except Exception as error:
            update_id = data.get("update_id") if isinstance(data, dict) else None
            kinds = [key for key in data if key != "update_id"] if isinstance(data, dict) else []
            self.metrics.updates_unparsable.inc()
            logger.error(
                "Skipped update %s (%s): it could not be parsed (%s)",
                update_id,
                ", ".join(kinds) or "no content",
                type(error).__name__,
            )
            return None


# Set by `unparsed_answers`: where the bot puts Telegram's answers to sendMessage.
_answers: ContextVar[list[JSONDict] | None] = ContextVar("smallwins_answers", default=None)


@contextlib.contextmanager
def unparsed_answers() -> Iterator[list[JSONDict]]:
    """Inside this block, `SmallwinsBot.send_message` (and `reply_text`) returns True and
    appends Telegram's answer to the list yielded, instead of building a `Message` from it:
    a fifth of a reply's CPU for an object nobody reads. Other bots ignore it and return
    their `Message` as usual, so callers check the list first."""
    answers: list[JSONDict] = []
    token = _answers.set(answers)
    try:
        yield answers
    finally:
        _answers.reset(token)


class SmallwinsBot(ExtBot[None]):
    """ExtBot whose getUpdates parses each update on its own (see the module docstring)
    and reports every batch it gets, so readiness notices when polling stops."""

    __slots__ = ("_confirm_from", "_poll_request", "_quarantine")

    def __init__(
        self,
        token: str,
        *,
        quarantine: Quarantine,
        poll_request: BaseRequest,
        request: BaseRequest,
        defaults: Defaults,
        base_url: str | None = None,
        base_file_url: str | None = None,
        rate_limiter: BaseRateLimiter[None] | None = None,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url or "https://api.telegram.org/bot",
            base_file_url=base_file_url or "https://api.telegram.org/file/bot",
            request=request,
            get_updates_request=poll_request,
            defaults=defaults,
            rate_limiter=rate_limiter,
        )
        self._quarantine = quarantine
        self._poll_request = poll_request
        self._confirm_from: int | None = None

    async def _post(
        self,
        endpoint: str,
        data: JSONDict | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> Any:
        result = await super()._post(
            endpoint,
            data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        answers = _answers.get()
        if answers is not None and endpoint == "sendMessage" and isinstance(result, dict):
            # Bot._send_message hands True back as it is, without Message.de_json.
            answers.append(result)
            return True
        return result

    async def send_text(
        self, chat_id: int, text: str, reply_markup: JSONDict | None = None
    ) -> JSONDict:
        """sendMessage with a text and an inline keyboard given as its JSON, answering
        Telegram's message unparsed: what `send_message(chat_id, text, reply_markup=...)`
        sends (the bot's defaults filled in the same way, through the same rate limiter and
        error mapping), without building the keyboard's objects, twenty empty parameters
        and a `Message` nobody reads. For replies in private chats that quote nothing."""
        data: JSONDict = {
            "chat_id": chat_id,
            "text": text,
            "disable_notification": DEFAULT_NONE,
            "link_preview_options": DEFAULT_NONE,
            "parse_mode": DEFAULT_NONE,
            "protect_content": DEFAULT_NONE,
            "reply_markup": reply_markup,
        }
        result = await super()._post("sendMessage", data)
        if not isinstance(result, dict):
            raise TypeError(f"sendMessage answered {type(result).__name__}, not a message")
        return result

    def parse_update(self, data: Any) -> Update | None:
        """One update as a webhook delivers it: the Update, or None once quarantined
        (answer Telegram 200 all the same, or it delivers the update again and again)."""
        update = self._quarantine.parse(data, self)
        if update is not None:
            self.insert_callback_data(update)
        return update

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 - python-telegram-bot's signature
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        quarantine = self._quarantine
        quarantine.metrics.expect_polls()
        # A quarantined update at the end of the last batch is confirmed by this call:
        # the Updater only moves its offset past updates it was given.
        if self._confirm_from is not None and (offset is None or offset < self._confirm_from):
            offset = self._confirm_from
        # As Bot.get_updates: the long-poll timeout comes on top of the read timeout.
        if isinstance(read_timeout, DefaultValue):
            base = self._poll_request.read_timeout or 0.0
        else:
            base = read_timeout or 0.0
        seconds = timeout.total_seconds() if isinstance(timeout, timedelta) else timeout or 0
        raw = await self._post(
            "getUpdates",
            {
                "timeout": timeout,
                "offset": offset,
                "limit": limit,
                "allowed_updates": allowed_updates,
            },
            read_timeout=base + seconds,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        quarantine.metrics.record_poll(quarantine.clock.now())
        updates = []
        for data in raw if isinstance(raw, list) else []:
            update = quarantine.parse(data, self)
            if update is None:
                if isinstance(data, dict) and isinstance(data.get("update_id"), int):
                    self._confirm_from = max(self._confirm_from or 0, data["update_id"] + 1)
                continue
            self.insert_callback_data(update)
            updates.append(update)
        return tuple(updates)
