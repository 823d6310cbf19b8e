"""ReplyLimiter against a scripted request: per-chat windows, RetryAfter held per chat,
and requests of the prompt sender passed straight through."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.clock import ManualClock
from bot.nudges.pacing import (
    GROUP_WINDOW,
    RATE_MARGIN,
    WINDOW_S,
    Pacer,
    ReplyLimiter,
    paced_elsewhere,
)

SECOND = 0.002  # one of Telegram's seconds, in real seconds, for these tests
ADA, BOB, GROUP = 101, 102, -4_000_000_001


class Script:
    """Answers requests, raising the scripted RetryAfter first; notes when each started."""

    def __init__(self, *retry_after_for: int) -> None:
        self.retry_after_for = list(retry_after_for)
        self.started: list[tuple[int, float]] = []

    async def request(self, chat_id: int) -> bool:
        self.started.append((chat_id, asyncio.get_running_loop().time()))
        if chat_id in self.retry_after_for:
            self.retry_after_for.remove(chat_id)
            raise RetryAfter(5)
        return True


def _limiter() -> ReplyLimiter:
    return ReplyLimiter(Pacer(100_000), second=SECOND)


async def _send(limiter: ReplyLimiter, script: Script, chat_id: int) -> Any:
    return await limiter.process_request(
        script.request, (chat_id,), {}, "sendMessage", {"chat_id": chat_id}, None
    )


async def test_a_retry_after_holds_back_only_its_chat() -> None:
    limiter, script = _limiter(), Script(ADA)
    ada = asyncio.create_task(_send(limiter, script, ADA))
    await asyncio.sleep(0)
    assert await _send(limiter, script, BOB) is True
    assert await ada is True
    assert [chat for chat, _ in script.started] == [ADA, BOB, ADA]
    waited = script.started[2][1] - script.started[0][1]
    assert waited >= 5 * SECOND


async def test_a_group_gets_twenty_messages_then_waits_for_its_window() -> None:
    limiter, script = _limiter(), Script()
    for _ in range(21):
        await _send(limiter, script, GROUP)
    times = [t for _, t in script.started]
    assert times[19] - times[0] < GROUP_WINDOW[1] * SECOND / 2
    assert times[20] - times[0] >= GROUP_WINDOW[1] * SECOND


async def test_a_private_chat_gets_about_one_message_a_second() -> None:
    limiter, script = _limiter(), Script()
    for _ in range(3):
        await _send(limiter, script, ADA)
    times = [t for _, t in script.started]
    assert all(b - a >= SECOND for a, b in itertools.pairwise(times))


async def test_the_prompt_sender_paces_and_retries_its_own_requests() -> None:
    limiter, script = _limiter(), Script(ADA)

    async def from_the_sender() -> Any:
        with paced_elsewhere():
            return await asyncio.create_task(_send(limiter, script, ADA))

    with pytest.raises(RetryAfter):
        await from_the_sender()
    assert len(script.started) == 1


async def test_a_fan_out_to_many_chats_forgets_quiet_chats_now_and_then_not_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 25,000 chats written within a minute (prompts paced by the sender): sweeping the
    # whole table on every request once it held 10,000 made a fan-out quadratic. Real
    # seconds here, so every chat is still within the minute whatever the machine's load:
    # a sweep at 10,001 chats keeps them all, and the next waits for twice as many.
    limiter, script = ReplyLimiter(Pacer(100_000), second=1.0), Script()
    sweeps = 0
    forget = limiter._forget_quiet_chats

    def counted() -> None:
        nonlocal sweeps
        sweeps += 1
        forget()

    monkeypatch.setattr(limiter, "_forget_quiet_chats", counted)
    with paced_elsewhere():
        for chat_id in range(1, 25_001):
            await _send(limiter, script, chat_id)
    assert len(script.started) == 25_000
    assert sweeps == 2


async def test_a_request_counts_against_the_window_until_a_window_after_its_answer() -> None:
    # A request reaches Telegram somewhere between its turn and its answer: however late
    # it left (claims committed in a batch, a stall), `rate` requests in flight or answered
    # within WINDOW_S hold the next one back until the oldest answer is WINDOW_S old.
    clock = ManualClock(datetime(2026, 11, 24, tzinfo=UTC))
    pacer = Pacer(10, timer=clock)
    for _ in range(10):
        await pacer.acquire()
    eleventh = asyncio.create_task(pacer.acquire())
    for _ in range(5):
        await asyncio.sleep(0)
    assert not eleventh.done()  # all ten may still arrive: no answer, no turn
    clock.advance(timedelta(seconds=3))  # a slow answer
    answered = clock.monotonic()
    pacer.done()
    await asyncio.wait_for(eleventh, 1)
    assert clock.monotonic() - answered >= WINDOW_S - 1e-6  # microseconds on the test clock


async def _turns(pacer: Pacer, clock: ManualClock, count: int) -> list[float]:
    """`count` requests queued at once, each answered as soon as it starts."""
    starts: list[float] = []

    async def one() -> None:
        async with pacer.turn():
            starts.append(clock.monotonic())

    await asyncio.gather(*(one() for _ in range(count)))
    return starts


class StallingClock(ManualClock):
    """Oversleeps once, on its `stall_at`-th sleep: the event loop or the machine was busy."""

    def __init__(self, stall_at: int, stall_s: float) -> None:
        super().__init__(datetime(2026, 11, 24, tzinfo=UTC))
        self.sleeps = 0
        self.stall_at = stall_at
        self.stall_s = stall_s

    async def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        if self.sleeps == self.stall_at:
            seconds += self.stall_s
        await super().sleep(seconds)


async def test_a_stall_while_requests_queue_is_made_up_not_carried_forward() -> None:
    # 50 queued requests at 100/s take 48.5 intervals (the first two half an interval
    # apart), even when one wake-up comes 0.1 s late: the ten that fell behind start at
    # once and the timeline goes on.
    clock = StallingClock(stall_at=10, stall_s=0.1)
    pacer = Pacer(100, timer=clock)
    starts = await _turns(pacer, clock, 50)
    interval = 1 / (100 * RATE_MARGIN)
    assert max(b - a for a, b in itertools.pairwise(starts)) >= 0.1  # the stall
    assert starts[-1] - starts[0] == pytest.approx(48.5 * interval, abs=1e-5)


async def test_idle_time_earns_no_burst() -> None:
    clock = ManualClock(datetime(2026, 11, 24, tzinfo=UTC))
    pacer = Pacer(100, timer=clock)
    await _turns(pacer, clock, 5)
    clock.advance(timedelta(seconds=5))  # nobody waited meanwhile
    starts = await _turns(pacer, clock, 20)
    interval = 1 / (100 * RATE_MARGIN)
    # One at once (1 % of the rate), then the timeline: no catching up on the idle spell.
    assert starts[1] - starts[0] == pytest.approx(interval / 2, abs=1e-5)
    assert starts[-1] - starts[0] >= 18 * interval


async def test_replies_give_back_their_turn_when_answered() -> None:
    # Replies share the prompts' pacer: each answered reply leaves the window a second
    # later, so a reply limiter at 5/s keeps going past its first five.
    clock = ManualClock(datetime(2026, 11, 24, tzinfo=UTC))
    limiter, script = ReplyLimiter(Pacer(5, timer=clock), second=SECOND), Script()
    for chat_id in range(1, 12):
        await asyncio.wait_for(_send(limiter, script, chat_id), 1)
    assert len(script.started) == 11
    assert clock.monotonic() - datetime(2026, 11, 24, tzinfo=UTC).timestamp() >= 2 * WINDOW_S
