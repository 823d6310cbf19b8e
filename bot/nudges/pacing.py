"""Replies within Telegram's flood limits: paced, retried after 429, and quiet in the log.

Telegram allows about one message a second to one private chat, 20 a minute to one
group and (by default) 30 a second overall, and answers 429 `RetryAfter` above that.
Scheduled prompts pace themselves in the sender (bot/nudges/sender.py); everything else the bot
sends goes through `ReplyLimiter`, python-telegram-bot's rate-limiter hook on the bot:

* Sending to a chat waits for that chat's window (one message per ~1.05 s in a private
  chat, 20 per ~61 s in a group), then for the global `Pacer` the sender uses too, so
  prompts and replies together stay under the global rate.
* A `RetryAfter` holds back that chat only, for the time Telegram asked, and the same
  request is retried; other chats are not held up longer than the pacer needs.
* 429s are counted in the metrics and logged as one summary line a minute, never one
  line each.

Why not python-telegram-bot's `AIORateLimiter`: it has no per-private-chat limit, its
aiolimiter bucket releases a full second's worth at once after idling (the pent-up burst
`Pacer` is built to avoid), it pauses every chat for any 429, logs each one, and it could
not share the global rate with the sender without also retrying prompts where the outbox
cannot see it. The limiter below is the library's own hook plus the project's `Pacer`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import math
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from datetime import timedelta
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.clock import LoopTimer, Timer
from bot.metrics import Metrics

logger = logging.getLogger(__name__)

# Pace 1 % under the configured rate, and never let `rate` requests that may arrive
# within one of Telegram's seconds be sent (a hundredth of a second to spare for clocks).
RATE_MARGIN = 0.99
WINDOW_S = 1.01
# How far behind its timeline the pacer may catch up after a stall, in seconds.
CATCH_UP_S = 0.25

# (messages, seconds) per chat, a little wider than Telegram's, as requests reach it
# with some jitter.
PRIVATE_WINDOW = (1, 1.05)
GROUP_WINDOW = (20, 61.0)
# RetryAfter answers for one request before giving up (each is waited out in full).
MAX_RETRIES = 8
SUMMARY_EVERY_S = 60.0
# Chats remembered before the quiet ones are forgotten.
FORGET_AFTER_CHATS = 10_000
# Requests that put a message in a chat; the rest (answers to buttons, edits, look-ups)
# pass straight through, retried after a 429 all the same.
_UNPACED_SENDS = frozenset({"sendChatAction"})
_OTHER_MESSAGES = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})

_paced_elsewhere: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "smallwins_paced_elsewhere", default=False
)


@contextlib.contextmanager
def paced_elsewhere() -> Iterator[None]:
    """Tasks started inside pace and retry their own requests (the prompt sender, which
    records every outcome in the outbox): the limiter only notes which chats they use."""
    token = _paced_elsewhere.set(True)
    try:
        yield
    finally:
        _paced_elsewhere.reset(token)


def _seconds(retry_after: float | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after


def _chat_of(endpoint: str, data: dict[str, Any]) -> int | None:
    """The chat a message-sending request writes to, or None for any other request."""
    if endpoint in _UNPACED_SENDS:
        return None
    if not (endpoint.startswith("send") or endpoint in _OTHER_MESSAGES):
        return None
    chat = data.get("chat_id")
    if isinstance(chat, int):
        return chat
    if isinstance(chat, str) and chat.lstrip("-").isdigit():
        return int(chat)
    return None


class ReplyLimiter(BaseRateLimiter[None]):
    """Per-chat windows, the shared global pacer, and RetryAfter waited out and retried.

    `second` is the length of one of Telegram's seconds for the per-chat windows and for
    RetryAfter (1.0; tests shrink it together with the stand-in's clock).
    """

    def __init__(
        self,
        pacer: Pacer,
        *,
        second: float = 1.0,
        metrics: Metrics | None = None,
        summary_every_s: float = SUMMARY_EVERY_S,
    ) -> None:
        self._pacer = pacer
        self._second = second
        self._metrics = metrics
        self._summary_every_s = summary_every_s
        self._starts: dict[int, deque[float]] = {}
        self._not_before: dict[int, float] = {}
        self._forget_after = FORGET_AFTER_CHATS
        self._limited = 0
        self._gave_up = 0
        self._summary: asyncio.TimerHandle | None = None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        if self._summary is not None:
            self._summary.cancel()
        self._log_summary()

    def _window(self, chat_id: int) -> tuple[int, float]:
        limit, span = PRIVATE_WINDOW if chat_id > 0 else GROUP_WINDOW
        return limit, span * self._second

    async def _chat_turn(self, chat_id: int) -> float:
        """Wait until the chat has room in its window; reserve a start and return it."""
        loop = asyncio.get_running_loop()
        limit, span = self._window(chat_id)
        while True:
            now = loop.time()
            starts = self._starts.setdefault(chat_id, deque())
            while starts and starts[0] <= now - span:
                starts.popleft()
            ready = self._not_before.get(chat_id, -math.inf)
            if len(starts) >= limit:
                ready = max(ready, starts[0] + span)
            if ready <= now:
                starts.append(now)
                self._not_before.pop(chat_id, None)
                return now
            await asyncio.sleep(ready - now)

    def _started(self, chat_id: int, reserved: float | None) -> None:
        """Move the chat's reservation to the real start (after the global pacer), so
        time spent queueing there cannot shrink the gap to the next message."""
        starts = self._starts.setdefault(chat_id, deque())
        if reserved is not None:
            with contextlib.suppress(ValueError):
                starts.remove(reserved)
        starts.append(asyncio.get_running_loop().time())
        if len(self._starts) > self._forget_after:
            self._forget_quiet_chats()
            # More chats than that wrote within a minute (a fan-out to 14,000): sweep again
            # only once they have doubled, not on every request (which cost a fan-out at
            # 1,000/s half its CPU).
            self._forget_after = max(FORGET_AFTER_CHATS, 2 * len(self._starts))

    def _forget_quiet_chats(self) -> None:
        now = asyncio.get_running_loop().time()
        horizon = GROUP_WINDOW[1] * self._second
        self._starts = {c: s for c, s in self._starts.items() if s and s[-1] > now - horizon}
        self._not_before = {c: t for c, t in self._not_before.items() if t > now}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = _chat_of(endpoint, data)
        if _paced_elsewhere.get():
            if chat_id is not None:
                self._started(chat_id, None)
            return await callback(*args, **kwargs)
        retries = 0
        while True:
            reserved = None
            if chat_id is not None:
                reserved = await self._chat_turn(chat_id)
                await self._pacer.acquire()
                self._started(chat_id, reserved)
            try:
                try:
                    return await callback(*args, **kwargs)
                finally:
                    if chat_id is not None:
                        self._pacer.done()
            except RetryAfter as error:
                self._note_429()
                if retries >= MAX_RETRIES:
                    self._gave_up += 1
                    raise
                retries += 1
                wait = _seconds(error.retry_after) * self._second
                if chat_id is None:
                    await asyncio.sleep(wait)
                else:
                    until = asyncio.get_running_loop().time() + wait
                    self._not_before[chat_id] = max(self._not_before.get(chat_id, until), until)

    def _note_429(self) -> None:
        self._limited += 1
        if self._metrics is not None:
            self._metrics.rate_limited.inc()
        if self._summary is None:
            loop = asyncio.get_running_loop()
            self._summary = loop.call_later(self._summary_every_s, self._log_summary)

    def _log_summary(self) -> None:
        self._summary = None
        if not self._limited:
            return
        logger.warning(
            "Telegram asked to slow down %d times; replies waited and were retried "
            "(%d given up after %d tries)",
            self._limited,
            self._gave_up,
            MAX_RETRIES + 1,
        )
        self._limited = self._gave_up = 0


class Pacer:
    """The global rate: starts on a timeline one interval apart (1 / (0.99 × rate) s),
    and never `rate` requests that might reach Telegram within one WINDOW_S.

    A request reaches Telegram somewhere between its turn here and its answer, so a
    request counts against the window from its turn until WINDOW_S after its answer
    (`done`): however late it leaves this process (claims committed in batches, an
    event-loop or machine stall) or however long the network takes, no one-second window
    on arrival can see more than `rate`. That bound needs no margin for jitter, so the
    timeline can run close to the rate.

    While requests queue here, the timeline is kept: a late wake-up or a stall of up to
    CATCH_UP_S is made up by starting the requests that fell behind at once (the window
    still holds them to the limit), so small delays never add up to a lower rate. After
    an idle spell (no one waiting) the timeline restarts from now with a burst of at most
    1 % of the rate, so idling never earns a pent-up burst. Real (loop) time by default:
    a limit Telegram measures on arrival cannot be paced by a wall clock that may move.
    """

    def __init__(self, rate_per_second: float, timer: Timer | None = None) -> None:
        self._timer = timer or LoopTimer()
        self._interval = 1.0 / (rate_per_second * RATE_MARGIN)
        self._burst = max(1, math.floor(rate_per_second / 100))
        self._limit = max(1, math.floor(rate_per_second))
        self._in_flight = 0
        self._answered: deque[float] = deque()  # answer times within the last WINDOW_S
        self._freed: asyncio.Event | None = None
        self._next = -math.inf
        self._waiting = 0
        self._queued = False  # someone was waiting when the last turn was given
        self._lock = asyncio.Lock()

    def use_timer(self, timer: Timer) -> None:
        """Pace on `timer` from now on (tests pass their clock)."""
        self._timer = timer

    async def acquire(self) -> None:
        """Wait for a turn; call `done` once the request is answered (or never sent)."""
        self._waiting += 1
        try:
            async with self._lock:
                await self._turn()
        finally:
            self._waiting -= 1
        self._queued = self._waiting > 0

    def done(self) -> None:
        """The request of one turn was answered, failed or never left: it may have
        arrived up to now, so it counts against the window for WINDOW_S more."""
        self._in_flight -= 1
        self._answered.append(self._timer.monotonic())
        if self._freed is not None:
            self._freed.set()

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """`acquire`, then `done` when the block ends, however it ends."""
        await self.acquire()
        try:
            yield
        finally:
            self.done()

    async def _turn(self) -> None:
        while True:
            now = self._timer.monotonic()
            answered = self._answered
            # The same sum as the sleep below: a float slip could otherwise leave an answer
            # that is neither old enough to drop nor any time away.
            while answered and answered[0] + WINDOW_S <= now:
                answered.popleft()
            if self._in_flight + len(answered) < self._limit:
                if self._next <= now:
                    break
                await self._timer.sleep(self._next - now)
            elif answered:
                await self._timer.sleep(answered[0] + WINDOW_S - now)
            else:
                # Every request of the window is still in flight: wait for an answer.
                self._freed = asyncio.Event()
                await self._freed.wait()
                self._freed = None
        if self._queued:
            # Queued since the last turn: keep to the timeline, making up a short stall.
            self._next = max(self._next, now - CATCH_UP_S) + self._interval
        else:
            earliest = now - max(self._burst - 1, 0.5) * self._interval
            self._next = max(self._next, earliest) + self._interval
        self._in_flight += 1
