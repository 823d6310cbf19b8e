"""The sender: one long-lived task that drains the outbox within Telegram's limits.

Limits (SPEC §3.1): a global rate (Settings.rate_per_second), about one message a second
to one private chat, at most 20 a minute to one group. The global rate goes through
`Pacer` (bot/nudges/pacing.py): a timeline 1 % under the rate that makes up short
stalls but never banks idle time, plus a window that counts each request from its turn
until a second after its answer (it reached Telegram somewhere in between), so no
one-second window on arrival sees more than the rate, whatever the jitter. Replies go
through the reply limiter on the bot (also in pacing.py), sharing this pacer and letting
the sender's own requests pass, since their retries belong to the outbox.
Here every outcome is recorded on the outbox row:

* RetryAfter: one shared pause for every worker, then the same message is retried;
  nothing is dropped.
* Forbidden: the chat is gone (blocked, kicked); its queue is dropped and it is no longer
  scheduled; for a private chat the user is marked inactive.
* ChatMigrated: the chat's records move to the new id (plus any registered hooks), retry.
* Telegram unreachable (a connection that never opened, a 5xx answer other than 504):
  the message did not arrive, so every worker backs off together (1 s, doubling
  up to 30 s, reset by the next success) and the message is retried until the end of the
  grace window; only then is it recorded `failed`.
* TimedOut, a 504, or a connection cut off after the request was written: the message
  may have arrived. It is recorded `unknown` and not sent again. SPEC §3.1 asked for one
  retry after TimedOut; under faults that retry doubled prompts (a response lost on
  the way back is common under load), and a person getting the same nudge twice costs
  more trust than one missing nudge, so we send at most once.
* Failures that lose a prompt (`failed`, `unknown`) are logged at ERROR and counted
  (`SenderStats.lost`, the `smallwins_prompts_lost_total` metric).

A row is marked 'sending' only after pacing, right before its request; a row still
'sending' at start-up was cut off mid-request and is never sent again, so a restart never
sends a prompt twice, and a kill loses at most the requests actually in flight.
Claims and outcomes go through a group commit: every claim (or outcome) waiting while
the previous statement runs goes into the next one, so at 1,000/s the database sees a
few dozen statements a second instead of two per message. A request starts only once
its claim is committed; its outcome is written behind it, without holding up the next
send (until then the row is 'sending', which is never sent twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

import aiohttp
import httpx
from telegram import Bot, ForceReply, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.clock import Clock, LoopTimer, Timer
from bot.nudges.pacing import Pacer
from bot.nudges.render import Prompt
from bot.updates import unparsed_answers
from storage import Store
from storage.nudges import DROPPED, FAILED, SENT, SKIPPED, UNKNOWN, OutboxRow, Outcome

logger = logging.getLogger(__name__)

# About one message a second to one private chat, 20 a minute to one group; a little
# more apart than that, as requests reach Telegram with some jitter.
PRIVATE_CHAT_GAP_S = 1.05
GROUP_CHAT_GAP_S = 3.1
BATCH = 500
# A generous time from a send's turn to Telegram's answer (its claim committed, the
# round trip), for sizing the sends in flight: rate × this (bot/transport.py sizes the
# connection pool the same way).
IN_FLIGHT_S = 0.25
# When Telegram cannot be reached, everyone waits: 1 s, then doubling up to 30 s.
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0
LOG_EVERY = timedelta(minutes=1)
# After an unexpected failure of the drain loop itself (the database, say).
DRAIN_FAILURE_PAUSE_S = 2.0


@dataclass(frozen=True, slots=True)
class Skip:
    """Do not send this prompt: record `status` with `reason` instead."""

    status: str
    reason: str


Rendered = Prompt | Skip
Renderer = Callable[[OutboxRow], Awaitable[Rendered]]
ChatMovedHook = Callable[[int, int], Awaitable[None]]
ChatGoneHook = Callable[[int], Awaitable[None]]


@dataclass
class SenderStats:
    sent: int = 0
    retry_after: int = 0
    timed_out: int = 0
    unreachable: int = 0  # connection errors and 5xx answers, each retried
    failed: int = 0
    dropped: int = 0
    skipped: int = 0
    migrated: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    # Prompts that may not have reached anyone, by status ('failed', 'unknown').
    lost: dict[str, int] = field(default_factory=dict)


T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """Items submitted while one flush runs go together into the next: one call of
    `flush` per batch, each submitter gets its own item's result. Items `add`ed instead
    wait for nobody; if their flush fails they go to `failed` with the error."""

    def __init__(
        self,
        flush: Callable[[list[T]], Awaitable[Sequence[R]]],
        failed: Callable[[list[T], Exception], None] | None = None,
    ) -> None:
        self._flush = flush
        self._failed = failed
        self._waiting: list[tuple[T, asyncio.Future[R] | None]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue(item, future)
        return await future

    def add(self, item: T) -> None:
        self._queue(item, None)

    async def flushed(self) -> None:
        """Wait until everything submitted or added so far is flushed."""
        while self._task is not None and not self._task.done():
            await asyncio.wait([self._task])

    def _queue(self, item: T, future: asyncio.Future[R] | None) -> None:
        self._waiting.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while self._waiting:
            await asyncio.sleep(0)  # let everyone ready this turn join the batch
            batch, self._waiting = self._waiting, []
            try:
                results = await self._flush([item for item, _ in batch])
            except Exception as error:
                for _, future in batch:
                    if future is not None and not future.done():
                        future.set_exception(error)
                unawaited = [item for item, future in batch if future is None]
                if unawaited and self._failed is not None:
                    self._failed(unawaited, error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if future is not None and not future.done():
                    future.set_result(result)


def _markup(prompt: Prompt) -> InlineKeyboardMarkup | ForceReply | None:
    if prompt.buttons:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(label, callback_data=data) for label, data in row]
                for row in prompt.buttons
            ]
        )
    if prompt.ask_reply:
        # Rendered with the prompt, in the recipient's language.
        return ForceReply(input_field_placeholder=prompt.placeholder or None)
    return None


class Sender:
    """Drains the outbox; `wake()` after queueing, `drained()` to wait until it is empty."""

    def __init__(
        self,
        bot: Bot,
        store: Store,
        clock: Clock,
        *,
        rate_per_second: float,
        grace: timedelta,
        renderers: dict[str, Renderer],
        concurrency: int | None = None,
        pacer: Pacer | None = None,
        timer: Timer | None = None,
        request_timeout: float | None = None,
        second: float = 1.0,
    ) -> None:
        self._bot = bot
        self._store = store
        self._clock = clock
        self._grace = grace
        self.renderers = renderers
        # Hooks for chats that moved (group -> supergroup) or went away; the group tables
        # register theirs here. Schedules, outbox and users are handled by the sender.
        self.on_chat_moved: list[ChatMovedHook] = []
        self.on_chat_gone: list[ChatGoneHook] = []
        self.stats = SenderStats()
        # Pacing and per-chat gaps wait on the timer (real time unless a test passes its
        # clock); the shared pauses (RetryAfter, back-off) wait on the clock.
        self._timer = timer or LoopTimer()
        # Timer seconds in one of Telegram's seconds, for the per-chat gaps (1.0; the sandbox
        # and tests shrink it with `Settings.telegram_second`, as the replies' limiter does).
        self._second = second
        # Seconds to wait for Telegram's answer to one prompt (None: the bot's default).
        self.request_timeout = request_timeout
        # Shared with the replies (bot/nudges/pacing.py): together they keep to the global rate.
        self._pacer = pacer or Pacer(rate_per_second, self._timer)
        self._claims: GroupCommit[int, bool] = GroupCommit(self._claim_batch)
        # Outcomes are written behind the sends: a worker goes on to its next row as
        # soon as Telegram answers (the row is 'sending' until then, never sent twice).
        self._outcomes: GroupCommit[Outcome, None] = GroupCommit(
            self._finish_batch, self._outcomes_not_recorded
        )
        # Little's law: enough requests in flight to keep to the rate while each waits for
        # its claim's commit and a slow answer (the transport's pool leaves room for them).
        workers = concurrency or max(4, math.ceil(rate_per_second * IN_FLIGHT_S))
        self._slots = asyncio.Semaphore(workers)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._chat_last: dict[int, float] = {}
        # The newest delivery task of each chat with one queued or in flight.
        self._chat_tasks: dict[int, asyncio.Task[None]] = {}
        self._resume_at: datetime | None = None
        self._backoff_s = 0.0
        self._unreachable_logged: datetime | None = None
        self._unreachable_since_log = 0
        self._pause_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ life

    def start(self) -> None:
        self._wake.set()
        self._task = asyncio.create_task(self._run(), name="smallwins-sender")

    async def stop(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Take no new rows, let requests in flight finish (up to `timeout`), then stop."""
        self._stopping = True
        self._wake.set()
        task, self._task = self._task, None
        if task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            task.cancel()
            for worker in list(self._in_flight):
                worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        # Outcomes of the requests that did finish are still written.
        await self._outcomes.flushed()

    def wake(self) -> None:
        """New rows are in the outbox."""
        self._idle.clear()
        self._wake.set()

    async def drained(self, timeout: float | None = None) -> None:  # noqa: ASYNC109
        """Wait until the outbox has nothing pending and nothing is in flight."""
        await asyncio.wait_for(self._idle.wait(), timeout)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self._drain()
            except Exception:
                # A failure here (the database, say) must not stop nudges for good.
                logger.exception("The sender failed while draining the outbox")
                await self._clock.sleep(DRAIN_FAILURE_PAUSE_S)
                self._wake.set()
            if self._stopping:
                break
            if not self._wake.is_set():
                self._idle.set()
                await self._wake.wait()
        await self._wait_in_flight()
        self._idle.set()

    async def _drain(self) -> None:
        after = 0
        while not self._stopping:
            rows = await self._store.outbox.pending(after, BATCH)
            if not rows:
                if after == 0:
                    break
                # Rows re-queued with an older id (a sandbox re-fire): one pass from the top.
                after = 0
                await self._wait_in_flight()
                continue
            for row in rows:
                if self._stopping:
                    break
                chat_id = row.chat_id
                previous = self._chat_tasks.get(chat_id)
                if previous is not None:
                    # A second prompt to one chat (evening and weekly in the same minute)
                    # waits for the first without holding a worker, so the others go on.
                    task = asyncio.create_task(self._deliver_after(previous, row))
                else:
                    await self._slots.acquire()
                    task = asyncio.create_task(self._deliver_safely(row))
                    task.add_done_callback(self._release_slot)
                self._chat_tasks[chat_id] = task
                self._in_flight.add(task)
                task.add_done_callback(functools.partial(self._finished, chat_id))
            after = rows[-1].outbox_id
        await self._wait_in_flight()

    async def _deliver_after(self, previous: asyncio.Task[None], row: OutboxRow) -> None:
        await asyncio.wait([previous])
        while (wait := self._chat_ready_in(row.chat_id)) > 0:
            await self._timer.sleep(wait)
        async with self._slots:
            await self._deliver_safely(row)

    def _release_slot(self, task: asyncio.Task[None]) -> None:
        self._slots.release()

    def _finished(self, chat_id: int, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        if self._chat_tasks.get(chat_id) is task:
            del self._chat_tasks[chat_id]

    async def _wait_in_flight(self) -> None:
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)
        await self._outcomes.flushed()

    # ------------------------------------------------------------------ pacing

    def _gap(self, chat_id: int) -> float:
        """Telegram's spacing for one chat, in this sender's seconds."""
        return (PRIVATE_CHAT_GAP_S if chat_id > 0 else GROUP_CHAT_GAP_S) * self._second

    def _chat_ready_in(self, chat_id: int) -> float:
        """Seconds until this chat's last request is a gap ago (0 or less: ready now)."""
        return (
            self._chat_last.get(chat_id, -math.inf) + self._gap(chat_id) - self._timer.monotonic()
        )

    async def _chat_gap(self, chat_id: int) -> None:
        """Wait until this chat's last request is a gap ago, then reserve the chat (real
        time: a steady limit). `_started` stamps the real start once the global pacer
        lets the request go, so time queueing there cannot shrink the gap."""
        gap = self._gap(chat_id)
        while True:
            now = self._timer.monotonic()
            ready = self._chat_last.get(chat_id, -math.inf) + gap
            if ready <= now:
                break
            await self._timer.sleep(ready - now)
        self._chat_last[chat_id] = now
        if len(self._chat_last) > 10_000:
            self._chat_last = {c: t for c, t in self._chat_last.items() if t > now - gap}

    def _started(self, chat_id: int) -> None:
        self._chat_last[chat_id] = self._timer.monotonic()

    def _answered(self, chat_id: int) -> None:
        """The gap to the chat's next request counts from Telegram's answer: the request
        arrived before it, so a stall between our start and its arrival (the event loop
        or the network) can never bring two arrivals closer than the gap."""
        self._chat_last[chat_id] = self._timer.monotonic()

    async def _claim_batch(self, outbox_ids: list[int]) -> list[bool]:
        claimed = await self._store.outbox.claim_many(outbox_ids)
        return [outbox_id in claimed for outbox_id in outbox_ids]

    async def _finish_batch(self, outcomes: list[Outcome]) -> list[None]:
        await self._store.outbox.finish_many(outcomes)
        return [None] * len(outcomes)

    def _outcomes_not_recorded(self, outcomes: list[Outcome], error: Exception) -> None:
        # The rows stay 'sending': never sent again, counted lost when recovered.
        logger.error(
            "Could not record how %d prompts ended (%s); they are not sent again",
            len(outcomes),
            _describe(error),
        )

    def _pause_for(self, retry_after: Any) -> None:
        seconds = (
            retry_after.total_seconds()
            if isinstance(retry_after, timedelta)
            else float(retry_after)
        )
        until = self._clock.now() + timedelta(seconds=seconds)
        if self._resume_at is None or until > self._resume_at:
            self._resume_at = until

    def _back_off(self, error: Exception) -> None:
        """Telegram could not be reached: everyone pauses. Requests that fail while a
        pause is already on (they started before it) do not lengthen it."""
        now = self._clock.now()
        self._unreachable_since_log += 1
        if self._resume_at is not None and self._resume_at > now:
            return
        if self._unreachable_logged is None or now - self._unreachable_logged >= LOG_EVERY:
            # At most a line a minute however many requests fail.
            logger.warning(
                "Telegram is unreachable (%s, %d failed attempts); prompts wait and retry",
                _describe(error),
                self._unreachable_since_log,
            )
            self._unreachable_logged = now
            self._unreachable_since_log = 0
        self._backoff_s = min(max(self._backoff_s * 2, BACKOFF_FIRST_S), BACKOFF_MAX_S)
        self._pause_for(self._backoff_s)

    def _reached(self) -> None:
        self._backoff_s = 0.0

    async def _respect_pause(self) -> None:
        """Everyone waits out a RetryAfter or a back-off, once; through the clock so
        tests need not."""
        async with self._pause_lock:
            while self._resume_at is not None:
                remaining = (self._resume_at - self._clock.now()).total_seconds()
                if remaining <= 0:
                    self._resume_at = None
                    break
                await self._clock.sleep(remaining)

    # ------------------------------------------------------------------ one delivery

    async def _deliver_safely(self, row: OutboxRow) -> None:
        try:
            await self._deliver(row)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.exception("Could not deliver %s to chat %s", row.kind, row.chat_id)
            self._lose(row, FAILED, f"{type(error).__name__}: {error}", logged=True)

    def _record(
        self,
        row: OutboxRow,
        status: str,
        *,
        message_id: int | None = None,
        variant: str | None = None,
        error: str | None = None,
    ) -> None:
        self._outcomes.add(
            Outcome(row.outbox_id, status, self._clock.now(), message_id, variant, error)
        )
        self.stats.outcomes[status] = self.stats.outcomes.get(status, 0) + 1

    def _lose(self, row: OutboxRow, status: str, reason: str, *, logged: bool = False) -> None:
        """A prompt that may not reach its chat: recorded, counted, logged at ERROR."""
        if status == FAILED:
            self.stats.failed += 1
        self.stats.lost[status] = self.stats.lost.get(status, 0) + 1
        if not logged:
            logger.error(
                "Prompt %s for chat %s (due %s) is %s: %s",
                row.kind,
                row.chat_id,
                row.due_at.isoformat(),
                status,
                reason,
            )
        self._record(row, status, error=reason)

    def _past_grace(self, row: OutboxRow) -> bool:
        return self._clock.now() - row.due_at >= self._grace

    async def _deliver(self, row: OutboxRow) -> None:
        if self._past_grace(row):
            self.stats.skipped += 1
            self._record(row, SKIPPED, error="missed by more than the grace window")
            return
        renderer = self.renderers.get(row.kind)
        if renderer is None:
            self._lose(row, FAILED, f"no renderer for {row.kind!r}")
            return
        rendered = await renderer(row)
        if isinstance(rendered, Skip):
            self.stats.skipped += 1
            self._record(row, rendered.status, error=rendered.reason)
            return
        markup = _markup(rendered)
        chat_id = row.chat_id
        timeouts: dict[str, Any] = {}
        if self.request_timeout is not None:
            timeouts = {"read_timeout": self.request_timeout}
        last_error = ""
        while True:
            await self._respect_pause()
            if last_error and self._past_grace(row):
                # Retried (after 429s or while Telegram was unreachable) for the whole
                # grace window: a prompt this late would no longer fit the moment.
                self._lose(row, FAILED, f"still failing after the grace window: {last_error}")
                return
            await self._chat_gap(chat_id)
            try:
                # The pacer's turn lasts until the answer: until then the request may still
                # reach Telegram, and it counts against the global window.
                async with self._pacer.turn():
                    # Claimed only now, right before the request: a stop or kill while the
                    # row waited above leaves it pending, to be sent after the restart.
                    if not await self._claims.submit(row.outbox_id):
                        return  # someone else has it, or it was dropped meanwhile
                    self._started(chat_id)
                    try:
                        with unparsed_answers() as answers:
                            message = await self._bot.send_message(
                                chat_id, rendered.text, reply_markup=markup, **timeouts
                            )
                    finally:
                        self._answered(chat_id)
            except RetryAfter as error:
                self.stats.retry_after += 1
                self._pause_for(error.retry_after)
                await self._store.outbox.release(row.outbox_id)
                last_error = "429 Too Many Requests"
                continue
            except ChatMigrated as error:
                self.stats.migrated += 1
                await self._store.outbox.release(row.outbox_id)
                await self.chat_moved(chat_id, error.new_chat_id)
                chat_id = error.new_chat_id
                continue
            except Forbidden as error:
                self.stats.dropped += 1
                self._record(row, DROPPED, error=error.message)
                await self.chat_gone(chat_id)
                return
            except BadRequest as error:
                self._lose(row, FAILED, error.message)
                return
            except NetworkError as error:  # TimedOut included
                if may_have_arrived(error):
                    self.stats.timed_out += 1
                    self._lose(row, UNKNOWN, f"{_describe(error)}; it may have arrived, not resent")
                    return
                self.stats.unreachable += 1
                self._back_off(error)
                await self._store.outbox.release(row.outbox_id)
                last_error = _describe(error)
                continue
            except TelegramError as error:
                self._lose(row, FAILED, error.message)
                return
            self._reached()
            self.stats.sent += 1
            message_id = answers[0]["message_id"] if answers else message.message_id
            self._record(row, SENT, message_id=message_id, variant=rendered.variant or None)
            return

    # ------------------------------------------------------------------ chats

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: its schedule and queue follow, then any hooks."""
        await self._store.schedules.move_chat(old_chat_id, new_chat_id)
        await self._store.outbox.move_chat(old_chat_id, new_chat_id)
        for hook in self.on_chat_moved:
            await hook(old_chat_id, new_chat_id)

    async def chat_gone(self, chat_id: int) -> None:
        """The bot may no longer write here: stop scheduling it, drop its queue."""
        now = self._clock.now()
        if chat_id > 0:
            await self._store.users.set_active(chat_id, False)
        await self._store.schedules.delete_for_chat(chat_id)
        await self._store.outbox.drop_chat(chat_id, now, "the chat is gone (Forbidden)")
        for hook in self.on_chat_gone:
            await hook(chat_id)


# Errors raised before a request left this machine: nothing can have arrived.
_NOT_SENT: tuple[type[BaseException], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    aiohttp.ClientConnectorError,
    ConnectionRefusedError,
)


def may_have_arrived(error: NetworkError) -> bool:
    """Whether Telegram may have taken the message despite `error`.

    A 5xx answer (Telegram's front could not hand the request on) and a connection that
    never opened mean it did not; a timeout or a connection cut off after the request
    was written (and a 504, Telegram's own timeout) mean it may have.
    """
    cause: BaseException | None = error
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, _NOT_SENT):
            return False
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, TimedOut) or "gateway timeout" in error.message.lower():
        return True
    # PTB raises a bare NetworkError for an HTTP error status; a wrapped exception means
    # the transport failed somewhere between writing the request and reading the answer.
    return error.__cause__ is not None


def _describe(error: Exception) -> str:
    text = error.message if isinstance(error, TelegramError) else str(error)
    return f"{type(error).__name__}: {text}"
