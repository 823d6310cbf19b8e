"""Counters and health facts for operators: one private Prometheus registry per app.

No telegram import here: handlers and the scheduler call these small methods, the
health server (`bot/health.py`) renders them.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

TICK_STALE_AFTER = timedelta(minutes=2)
# After a transient database failure while handling an update, unready for this long.
STORAGE_UNHEALTHY_FOR = timedelta(minutes=1)
# Long polls return at least every few seconds; this long without one means polling is stuck.
POLL_STALE_AFTER = timedelta(minutes=2)


class Metrics:
    """What the bot counts. Each instance owns its registry, so apps (and tests) never
    share state."""

    def __init__(self, started_at: datetime) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.started_at = started_at
        self.last_tick: datetime | None = None
        # The scheduler calls expect_ticks() when it registers its job; until then a
        # missing tick does not make the bot unready.
        self.ticks_expected = False
        # Polling mode only (webhook mode never calls getUpdates).
        self.polls_expected = False
        self.last_poll: datetime | None = None
        r = self.registry
        self.updates_handled = Counter(
            "smallwins_updates_handled",
            "Updates from Telegram handled (repeats excluded).",
            registry=r,
        )
        self.updates_repeated = Counter(
            "smallwins_updates_repeated",
            "Updates dropped because their id was seen before.",
            registry=r,
        )
        self.updates_unparsable = Counter(
            "smallwins_updates_unparsable",
            "Updates from Telegram that could not be parsed and were skipped.",
            registry=r,
        )
        self.wins_logged = Counter("smallwins_wins_logged", "Wins stored.", registry=r)
        self.storage_errors = Counter(
            "smallwins_storage_errors",
            "Transient database failures (locked, full, I/O) while handling an update.",
            registry=r,
        )
        self.updates_given_up = Counter(
            "smallwins_updates_given_up",
            "Updates given up on after repeated transient database failures.",
            registry=r,
        )
        self.last_storage_failure: datetime | None = None
        self.prompts_due = Counter(
            "smallwins_prompts_due", "Scheduled prompts found due.", registry=r
        )
        self.prompts_sent = Counter(
            "smallwins_prompts_sent", "Scheduled prompts delivered.", registry=r
        )
        self.prompts_failed = Counter(
            "smallwins_prompts_failed", "Scheduled prompts given up on.", registry=r
        )
        self.prompts_lost = Counter(
            "smallwins_prompts_lost",
            "Scheduled prompts that may not have reached anyone, by outcome: failed, or "
            "unknown (cut off mid-request; not resent).",
            ["outcome"],
            registry=r,
        )
        self.rate_limited = Counter(
            "smallwins_telegram_429", "Telegram answers of 429 Too Many Requests.", registry=r
        )
        self.outbox_depth = Gauge(
            "smallwins_outbox_depth", "Prompts due and not yet sent.", registry=r
        )
        self.tick_duration = Histogram(
            "smallwins_tick_duration_seconds",
            "How long one scheduler tick took.",
            buckets=(0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
            registry=r,
        )
        self.last_tick_time = Gauge(
            "smallwins_last_tick_timestamp_seconds", "Unix time of the last tick.", registry=r
        )

    def record_tick(self, duration_s: float, now: datetime) -> None:
        """The scheduler finished one tick at `now` after `duration_s` seconds."""
        self.last_tick = now
        self.ticks_expected = True
        self.tick_duration.observe(duration_s)
        self.last_tick_time.set(now.timestamp())

    def expect_ticks(self) -> None:
        self.ticks_expected = True

    def tick_is_fresh(self, now: datetime) -> bool:
        """True while the scheduler keeps ticking: a tick within the last two minutes, or
        none expected yet, or still within two minutes of start."""
        if not self.ticks_expected:
            return True
        reference = self.last_tick or self.started_at
        return now - reference <= TICK_STALE_AFTER

    def storage_failed(self, now: datetime) -> None:
        """Handling an update met a transient database failure at `now`."""
        self.storage_errors.inc()
        self.last_storage_failure = now

    def storage_is_healthy(self, now: datetime) -> bool:
        """False within a minute of a transient database failure while handling."""
        last = self.last_storage_failure
        return last is None or now - last > STORAGE_UNHEALTHY_FOR

    def expect_polls(self) -> None:
        self.polls_expected = True

    def record_poll(self, now: datetime) -> None:
        """A getUpdates call came back with a batch (possibly empty) at `now`."""
        self.polls_expected = True
        self.last_poll = now

    def poll_is_fresh(self, now: datetime) -> bool:
        """True while polling makes progress: a getUpdates came back within the last two
        minutes (or within two minutes of start), or the bot does not poll."""
        if not self.polls_expected:
            return True
        return now - (self.last_poll or self.started_at) <= POLL_STALE_AFTER

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)


class RecentIds:
    """A bounded memory of recently seen ids (Telegram may deliver an update twice)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, item: int) -> bool:
        """Remember `item`; False if it was already seen recently."""
        if item in self._seen:
            return False
        self._seen[item] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True
