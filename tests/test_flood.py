"""ReplyLimiter against a scripted request: per-chat windows, RetryAfter held per chat,
and requests of the prompt sender passed straight through."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.clock import ManualClock
from bot.nudges.pacing import GROUP_WINDOW, WINDOW_S, Pacer, ReplyLimiter, paced_elsewhere

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


async def test_requests_paced_apart_but_started_together_still_keep_to_the_window() -> None:
    # The sender paces, then waits for its claim to commit in a batch: the requests of one
    # batch start together, and the window holds them to `rate` per WINDOW_S all the same.
    clock = ManualClock(datetime(2026, 11, 24, tzinfo=UTC))
    pacer = Pacer(10, timer=clock)
    for _ in range(11):
        await pacer.acquire()
    starts = []
    for _ in range(11):
        await pacer.starting()
        starts.append(clock.monotonic())
    assert starts[9] == starts[0]
    assert starts[10] - starts[0] >= WINDOW_S - 1e-6  # microseconds on the test clock
