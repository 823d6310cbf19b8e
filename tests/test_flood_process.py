"""The real `smallwins run` process under a burst against Telegram's limits: every win
stored, every reply delivered once, one summary line for the 429s in the log."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from bot.standin import StandIn
from tests.test_crash_safety import BotProcess

USERS = 40
MESSAGES_EACH = 2
INJECTED_429 = 10


def _stored(db: Path) -> Counter[int]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT user_id FROM wins").fetchall()
    finally:
        conn.close()
    return Counter(int(user) for (user,) in rows)


async def test_a_burst_gets_every_reply_from_the_real_process(
    stand: StandIn, tmp_path: Path
) -> None:
    stand.enforce_limits(global_per_s=30, per_private_chat_per_s=1, per_group_per_min=20)
    db, log = tmp_path / "bot.db", tmp_path / "bot.log"
    bot = BotProcess(stand, db, log)
    users = [stand.user(f"User{i}") for i in range(USERS)]
    await bot.start()
    stand.inject("sendMessage", "429", times=INJECTED_429, retry_after=1)
    for round_number in range(MESSAGES_EACH):
        for user in users:
            user.send(f"win {round_number}")

    def celebrated() -> Counter[int]:
        return Counter(
            r.chat_id
            for r in stand.sent
            if r.method == "sendMessage"
            and any(b.text == "Undo" for row in r.keyboard for b in row)
            and r.chat_id is not None
        )

    await stand.wait_for(
        lambda _: sum(celebrated().values()) >= USERS * MESSAGES_EACH,
        timeout=60,
        what="a celebration for every message",
    )
    await bot.stop()

    assert _stored(db) == Counter({u.id: MESSAGES_EACH for u in users})
    assert celebrated() == Counter({u.id: MESSAGES_EACH for u in users})
    assert stand.duplicates() == {}
    assert sum(e.status == 429 for e in stand.errors) >= INJECTED_429
    text = log.read_text(encoding="utf-8")
    assert text.count("slow down") == 1, text
    assert "Traceback" not in text and "ERROR" not in text
