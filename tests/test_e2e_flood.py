"""A burst from many people against a stand-in that enforces Telegram's flood limits:
every win stored, every reply delivered once, the 429s waited out and retried, and the
log keeps to one summary line.

The stand-in's clock runs SCALE times faster than real time and the bot's
`telegram_second` matches it, so Telegram's one-second and one-minute windows take
milliseconds here.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import AsyncIterator

import pytest

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import polling
from bot.standin import StandIn
from bot.standin.actors import FakeUser

SCALE = 20
USERS = 120
MESSAGES_EACH = 2
INJECTED_429 = 25


@pytest.fixture
async def limited() -> AsyncIterator[StandIn]:
    async with StandIn(monotonic=lambda: time.monotonic() * SCALE) as stand:
        stand.enforce_limits(global_per_s=30, per_private_chat_per_s=1, per_group_per_min=20)
        yield stand


def _celebrations(stand: StandIn, user: FakeUser) -> int:
    return sum("Undo" in m.button_texts for m in stand.messages_to(user))


async def test_a_burst_from_many_users_gets_every_reply(
    limited: StandIn,
    clock: ManualClock,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    settings = dataclasses.replace(
        settings,
        api_url=limited.base_url,
        token=limited.token,
        rate_per_second=30 * SCALE,
        telegram_second=1 / SCALE,
    )
    users = [limited.user(f"User{i}") for i in range(USERS)]
    app = build_application(settings, clock)
    async with polling(app):
        await limited.wait_polling()
        # Telegram also says "slow down" to the first replies, beyond its own windows.
        limited.inject("sendMessage", "429", times=INJECTED_429, retry_after=1)
        for round_number in range(MESSAGES_EACH):
            for user in users:
                user.send(f"win {round_number} of {user.first_name}")
        await limited.wait_acknowledged(timeout=60)
        await app.update_queue.join()
        store = app.services.store
        stored = [await store.wins.count(user.id) for user in users]
        rate_limited = app.services.metrics.registry.get_sample_value(
            "smallwins_telegram_429_total"
        )

    assert stored == [MESSAGES_EACH] * USERS
    # Zero lost: every message got its celebration, exactly once.
    assert [_celebrations(limited, user) for user in users] == [MESSAGES_EACH] * USERS
    assert limited.duplicates() == {}
    answered_429 = [e for e in limited.errors if e.status == 429]
    assert len(answered_429) >= INJECTED_429
    assert rate_limited == len(answered_429)
    # Quiet: one summary line for all the 429s, no error.
    flood_lines = [r for r in caplog.records if r.name == "bot.nudges.pacing"]
    assert len(flood_lines) == 1 and "slow down" in flood_lines[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
