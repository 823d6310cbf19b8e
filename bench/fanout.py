"""Fan-out benchmark: one tick and an outbox versus one JobQueue job per user and prompt.

    python bench/fanout.py                 # 100,000 users (a few minutes)
    python bench/fanout.py --users 5000    # a quick run

Measured in one run (SPEC §5): start-up time and peak memory with all users, for this
design and for the naive one (PTB `run_daily` per user and prompt), each in a fresh
process; the time one tick takes to move the busiest minute into the outbox; delivery
against the stand-in enforcing Telegram's limits (429 above them): at 30/s on a sample,
and the whole busiest minute at a paid-broadcast 1,000/s. The stand-in runs in a process
of its own, as Telegram would, so its CPU never competes with the sender's and it
counts each request's arrival on its own clock. Each delivery runs on both Bot API
transports (aiohttp, the default, and httpx), with the CPU this process spends per send.
The last line is machine-readable (RESULT ...): `utilisation` is the paid rate's and
`utilisation_free` the free rate's, on aiohttp; `httpx_...` the same on httpx.

Utilisation is sends over the window in which prompts were due and sendable, as a share
of the rate: from the first send to the last chat's first prompt. Some chats get two
prompts in one minute (evening and weekly: 287 in the busiest minute of 100,000 users);
after the last chat's first prompt only such second prompts are left, and Telegram's
one message a second per chat holds them back whatever the global rate, so they leave a
tail of about a second with a few dozen sends. That tail is the per-chat limit, not a
rate shortfall; it is printed apart (and `utilisation_overall`, first to last send, is
in the RESULT line too). Inside the window a first prompt was always waiting, so any
shortfall there is the sender's.

The fixture database is loaded with plain sqlite3 (a benchmark loader, not app code).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_application
from bot.config import Settings
from bot.domain.nudges import first_due_of, wall_time, wanted_slots
from bot.domain.zones import zone
from bot.lifecycle import polling
from bot.standin import StandIn
from storage import Store

ZONES = [
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Vancouver",
    "America/Denver", "America/Phoenix", "America/Chicago", "America/Mexico_City",
    "America/New_York", "America/Toronto", "America/Bogota", "America/Lima",
    "America/Caracas", "America/Halifax", "America/Santiago", "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires", "America/St_Johns", "Atlantic/Azores", "UTC",
    "Europe/London", "Europe/Lisbon", "Europe/Dublin", "Africa/Lagos", "Europe/Berlin",
    "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw", "Africa/Cairo",
    "Europe/Kyiv", "Europe/Athens", "Africa/Johannesburg", "Europe/Istanbul",
    "Europe/Moscow", "Asia/Riyadh", "Africa/Nairobi", "Asia/Tehran", "Asia/Dubai",
    "Asia/Kabul", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka",
    "Asia/Yangon", "Asia/Bangkok", "Asia/Jakarta", "Asia/Shanghai", "Asia/Singapore",
    "Australia/Perth", "Asia/Tokyo", "Asia/Seoul", "Australia/Adelaide",
    "Australia/Sydney", "Australia/Brisbane", "Pacific/Auckland", "Pacific/Fiji",
    "Pacific/Tongatapu", "Pacific/Kiritimati", "Asia/Manila",
]  # fmt: skip
# Delivery runs once per Bot API transport (SMALLWINS_HTTP), the default first.
TRANSPORTS = ("aiohttp", "httpx")
# A Monday in November; the busiest minute is found from the data.
NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def _morning(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return "08:00"  # many people keep the default
    if roll < 0.65:
        return "07:00"
    return f"{rng.randint(5, 10):02d}:{rng.choice([0, 15, 30, 45]):02d}"


def _evening(rng: random.Random) -> str:
    return "21:00" if rng.random() < 0.5 else f"{rng.randint(18, 23):02d}:{rng.choice([0, 30]):02d}"


def build_db(path: Path, users: int, seed: int = 7) -> tuple[datetime, int]:
    """Users with schedule rows as the app writes them. Returns the busiest due minute
    after NOW and how many prompts it holds; the users due then get the lowest ids."""
    rng = random.Random(seed)
    people = []
    due_count: Counter[datetime] = Counter()
    for _ in range(users):
        tz_name = rng.choice(ZONES)
        tz = zone(tz_name)
        slots = wanted_slots(_morning(rng), _evening(rng), 6, "19:00")
        rows = [(s, first_due_of(s, tz, NOW)) for s in slots]
        people.append((tz_name, slots, rows))
        for _, due in rows:
            due_count[due] += 1
    busiest, count = max(due_count.items(), key=lambda item: (item[1], -item[0].timestamp()))
    people.sort(key=lambda p: not any(due == busiest for _, due in p[2]))
    asyncio.run(_migrate(path))
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO users (user_id, first_name, timezone, morning_time, evening_time, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    100_000_001 + i,
                    f"U{i}",
                    tz,
                    slots[0].local_time,
                    slots[1].local_time,
                    NOW.isoformat(),
                )
                for i, (tz, slots, _) in enumerate(people)
            ],
        )
        conn.executemany(
            "INSERT INTO schedules (chat_id, kind, timezone, local_time, weekday, due_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (100_000_001 + i, s.kind, tz, s.local_time, s.weekday, int(due.timestamp()))
                for i, (tz, _, rows) in enumerate(people)
                for s, due in rows
            ],
        )
    conn.close()
    return busiest, count


async def _migrate(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


class ShiftedClock:
    """Real time, starting at a chosen instant (retry pauses really wait)."""

    def __init__(self, start: datetime) -> None:
        self._offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _rss_mb() -> float:
    """This process's own peak resident memory. Not ru_maxrss: Linux carries the parent's
    peak across fork and exec into it, so a child started by a parent holding the whole
    fixture would report the parent's memory, not its own."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ start-up (children)


async def child_ours(db: Path) -> dict[str, Any]:
    async with StandIn() as stand:
        settings = Settings(token=stand.token, db_path=db, api_url=stand.base_url)
        started = time.perf_counter()
        app = build_application(settings, ShiftedClock(NOW))
        async with polling(app):
            elapsed = time.perf_counter() - started
            jobs = len(app.job_queue.jobs()) if app.job_queue else 0
    return {"startup_s": elapsed, "rss_mb": _rss_mb(), "jobs": jobs}


async def child_naive(db: Path, busiest: float, due: int) -> dict[str, Any]:
    """One run_daily job per user and prompt; the busiest minute's morning jobs are moved
    to a few seconds from now to count how many APScheduler really runs."""
    conn = sqlite3.connect(db)
    users = conn.execute(
        "SELECT user_id, timezone, morning_time, evening_time FROM users ORDER BY user_id"
    ).fetchall()
    conn.close()
    ran = 0

    async def nudge(context: Any) -> None:
        nonlocal ran
        ran += 1

    async with StandIn() as stand:
        settings = Settings(token=stand.token, db_path=db, api_url=stand.base_url, tick_seconds=0)
        started = time.perf_counter()
        app = build_application(settings, ShiftedClock(NOW))
        async with polling(app):
            jq = app.job_queue
            assert jq is not None
            # The busiest minute's users go last, due 5 s after their jobs are added.
            ordered = users[due:] + users[:due]
            soon = datetime.now(UTC)
            for index, (user_id, tz_name, morning, evening) in enumerate(ordered):
                tz = zone(tz_name)
                if index == len(users) - due:
                    # Far enough ahead that registering them (~1 ms each) finishes first.
                    soon = datetime.now(UTC) + timedelta(seconds=5 + 0.003 * due)
                if index >= len(users) - due:
                    at = soon.astimezone(tz).timetz()
                else:
                    at = wall_time(morning).replace(tzinfo=tz)
                jq.run_daily(nudge, at, chat_id=user_id, name=f"m{user_id}")
                jq.run_daily(nudge, wall_time(evening).replace(tzinfo=tz), chat_id=user_id)
                jq.run_daily(nudge, wall_time("19:00").replace(tzinfo=tz), days=(6,))
            elapsed = time.perf_counter() - started
            rss = _rss_mb()
            # APScheduler's default misfire grace is 1 s: jobs it reaches later never run.
            wait = (soon - datetime.now(UTC)).total_seconds() + 5
            await asyncio.sleep(max(wait, 1))
            missed = due - ran
    return {"startup_s": elapsed, "rss_mb": rss, "missed": missed, "jobs": 3 * len(users)}


def run_child(kind: str, db: Path, busiest: datetime, due: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--db", str(db), "--busiest",
         str(busiest.timestamp()), "--due", str(due)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# ------------------------------------------------------------------ tick and delivery


async def serve_standin(due: int, rate: float) -> None:
    """The stand-in, in a process of its own (so its CPU and event loop never compete with
    the bot's): prints where it listens, serves until a line arrives on stdin, then prints
    what it saw, measured on arrival."""
    async with StandIn() as stand:
        for i in range(due):
            stand.user(f"U{i}", user_id=100_000_001 + i, started=True)
        stand.enforce_limits(global_per_s=int(rate), per_private_chat_per_s=1)
        print(json.dumps({"token": stand.token, "base_url": stand.base_url}), flush=True)
        loop = asyncio.get_running_loop()
        cpu_before = time.process_time()
        await loop.run_in_executor(None, sys.stdin.readline)
        cpu = time.process_time() - cpu_before
        records = [r for r in stand.sent if r.method == "sendMessage"]
        sends = [r.at for r in records]
        accepted = stand.accepted_counts  # (chat, text) -> times accepted
        # The sendable window ends with the last chat's first prompt: after it only second
        # prompts to chats that already had one are left, which Telegram's one-a-second
        # per chat holds back whatever the global rate.
        chats: set[int | None] = set()
        window_end = sends[0] if sends else 0.0
        for record in records:
            if record.chat_id not in chats:
                chats.add(record.chat_id)
                window_end = record.at
        busiest = 0
        start = 0
        for end, at in enumerate(sends):  # the most sends any one-second window saw
            while sends[start] <= at - 1.0:
                start += 1
            busiest = max(busiest, end - start + 1)
        print(
            json.dumps(
                {
                    "sent": len(sends),
                    "first": sends[0] if sends else 0.0,
                    "last": sends[-1] if sends else 0.0,
                    "window_end": window_end,
                    "in_window": sum(1 for at in sends if at <= window_end),
                    "busiest_second": busiest,
                    "http_429": len(stand.limit_violations),
                    "violations": dict(Counter(v.limit for v in stand.limit_violations)),
                    "duplicates": sum(n - 1 for n in accepted.values() if n > 1),
                    "accepted": len(accepted),
                    "requests": len(stand.sent) + len(stand.errors),
                    "cpu_s": cpu,
                }
            ),
            flush=True,
        )


async def deliver(
    db: Path, at: datetime, rate: float, expected: int, http: str = "aiohttp"
) -> dict[str, Any]:
    """Tick at `at` (timed), then drain the outbox over the `http` transport against the
    stand-in enforcing `rate`, which runs in its own process. The CPU this process spends
    draining (the sender and its requests, all threads) is the bot's cost per send."""
    standin = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--child", "standin", "--due", str(expected),
        "--rate", str(rate), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert standin.stdin is not None and standin.stdout is not None
    where = json.loads(await standin.stdout.readline())
    try:
        settings = Settings(
            token=where["token"], db_path=db, api_url=where["base_url"], tick_seconds=0,
            rate_per_second=rate, http=http,
        )  # fmt: skip
        app = build_application(settings, ShiftedClock(at))
        async with polling(app):
            nudges = app.services.nudges
            report = await nudges.tick()
            cpu_before = time.process_time()
            await nudges.drained(timeout=expected / rate * 3 + 30)
            cpu = time.process_time() - cpu_before
    finally:
        standin.stdin.write(b"done\n")
        await standin.stdin.drain()
        seen = json.loads(await standin.stdout.readline())
        await standin.wait()
    utilisation = _utilisation(seen["in_window"], seen["window_end"] - seen["first"], rate)
    overall = _utilisation(seen["sent"], seen["last"] - seen["first"], rate)
    return {
        "tick_s": report.seconds,
        "queued": report.queued,
        "sent": seen["sent"],
        "utilisation": utilisation,
        "utilisation_overall": overall,
        "tail_s": seen["last"] - seen["window_end"],
        "tail_sends": seen["sent"] - seen["in_window"],
        "busiest_second": seen["busiest_second"],
        "http_429": seen["http_429"],
        "violations": seen["violations"],
        "duplicates": seen["duplicates"],
        "lost": expected - seen["accepted"],
        "cpu_ms_per_send": cpu / max(seen["sent"], 1) * 1000,
        "standin_cpu_ms_per_request": seen["cpu_s"] / max(seen["requests"], 1) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument(
        "--sample", type=int, default=2000, help="about this many prompts delivered at 30/s"
    )
    parser.add_argument("--paid-rate", type=float, default=1000.0)
    parser.add_argument("--child")
    parser.add_argument("--db")
    parser.add_argument("--busiest", type=float)
    parser.add_argument("--due", type=int)
    parser.add_argument("--rate", type=float)
    args = parser.parse_args()
    if args.child == "standin":
        asyncio.run(serve_standin(args.due, args.rate))
        return
    if args.child:
        db = Path(args.db)
        if args.child == "ours":
            print(json.dumps(asyncio.run(child_ours(db))))
        else:
            busiest = datetime.fromtimestamp(args.busiest, UTC)
            print(json.dumps(asyncio.run(child_naive(db, busiest.timestamp(), args.due))))
        return

    with tempfile.TemporaryDirectory(prefix="fanout-") as tmp:
        big = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        busiest, due = build_db(big, args.users)
        print(f"fixture: {args.users} users in {len(ZONES)} zones, built in "
              f"{time.perf_counter() - t0:.1f}s; busiest minute {busiest:%H:%M} UTC "
              f"holds {due} prompts")  # fmt: skip
        ours_startup = run_child("ours", big, busiest, due)
        naive = run_child("naive", big, busiest, due)
        print(f"start-up   ours: {ours_startup['startup_s']:.2f}s "
              f"{ours_startup['rss_mb']:.0f} MB ({ours_startup['jobs']} job)   "
              f"naive: {naive['startup_s']:.2f}s "
              f"{naive['rss_mb']:.0f} MB ({naive['jobs']} jobs), "
              f"missed {naive['missed']} of {due} due")  # fmt: skip

        paid = {}
        for http in TRANSPORTS:
            paid[http] = asyncio.run(
                deliver(_copy(big, f"paid-{http}"), busiest, args.paid_rate, due, http)
            )
        print(f"tick       {paid['aiohttp']['tick_s']:.3f}s to queue "
              f"{paid['aiohttp']['queued']} prompts")  # fmt: skip
        for http in TRANSPORTS:
            _print_delivery(f"paid {args.paid_rate:.0f}/s", http, paid[http])

        small = Path(tmp) / "sample.db"
        # About one user in seven is due in the busiest minute.
        s_busiest, s_due = build_db(small, max(args.sample, 1) * 7, seed=11)
        free = {}
        for http in TRANSPORTS:
            free[http] = asyncio.run(
                deliver(_copy(small, f"free-{http}"), s_busiest, 30.0, s_due, http)
            )
            _print_delivery("free 30/s", http, free[http])

    runs = [*paid.values(), *free.values()]
    ours, theirs = paid["aiohttp"], paid["httpx"]
    print(
        f"\nAt {args.paid_rate:.0f}/s a send costs this process "
        f"{ours['cpu_ms_per_send']:.2f} ms of CPU on aiohttp and "
        f"{theirs['cpu_ms_per_send']:.2f} ms on httpx."
    )
    print(
        f"RESULT users={args.users} tick_s={ours['tick_s']:.3f} "
        f"utilisation={ours['utilisation']:.3f} "
        f"utilisation_free={free['aiohttp']['utilisation']:.3f} "
        f"utilisation_overall={ours['utilisation_overall']:.3f} "
        f"http_429={sum(r['http_429'] for r in runs)} "
        f"duplicates={sum(r['duplicates'] for r in runs)} "
        f"lost={sum(r['lost'] for r in runs)} "
        f"cpu_ms_per_send={ours['cpu_ms_per_send']:.2f} "
        f"httpx_utilisation={theirs['utilisation']:.3f} "
        f"httpx_utilisation_free={free['httpx']['utilisation']:.3f} "
        f"httpx_cpu_ms_per_send={theirs['cpu_ms_per_send']:.2f} "
        f"startup_s={ours_startup['startup_s']:.2f} rss_mb={ours_startup['rss_mb']:.0f} "
        f"naive_startup_s={naive['startup_s']:.2f} naive_rss_mb={naive['rss_mb']:.0f} "
        f"naive_missed={naive['missed']}"
    )


def _utilisation(sends: int, span: float, rate: float) -> float:
    """Sends after the first over the time they took, as a share of the rate."""
    if sends <= 1:
        return 0.0
    return (sends - 1) / (span * rate) if span > 0 else 1.0


def _copy(db: Path, name: str) -> Path:
    """A fresh copy of a fixture database: each delivery run starts from the same state."""
    target = db.with_name(f"{name}.db")
    shutil.copyfile(db, target)
    for suffix in ("-wal", "-shm"):
        extra = db.with_name(db.name + suffix)
        if extra.exists():
            shutil.copyfile(extra, target.with_name(target.name + suffix))
    return target


def _print_delivery(label: str, http: str, run: dict[str, Any]) -> None:
    print(f"{label:<11} {http:<8} sent {run['sent']}  utilisation {run['utilisation']:.3f} "
          f"(overall {run['utilisation_overall']:.3f}, then a per-chat tail of "
          f"{run['tail_sends']} in {run['tail_s']:.2f}s)  "
          f"busiest second {run['busiest_second']}  429s {run['http_429']}  "
          f"duplicates {run['duplicates']}  lost {run['lost']}  "
          f"CPU {run['cpu_ms_per_send']:.2f} ms/send (stand-in "
          f"{run['standin_cpu_ms_per_request']:.2f} ms/request)  {run['violations']}")  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    main()
