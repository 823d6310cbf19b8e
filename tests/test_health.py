"""The opt-in health and metrics endpoint: liveness, readiness and Prometheus counters."""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.metrics import Metrics, RecentIds
from bot.standin.actors import FakeUser
from tests.conftest import START, Harness


async def _get(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(url)


async def test_health_endpoint_is_off_by_default(bot: Harness) -> None:
    assert bot.app.services.health is None


async def test_liveness_and_readiness_answer_ok(watched: tuple[Harness, str]) -> None:
    _, base = watched
    assert (await _get(base + "/healthz")).status_code == 200
    ready = await _get(base + "/readyz")
    assert ready.status_code == 200 and ready.text == "ready\n"


async def test_readiness_fails_when_the_database_is_closed(
    watched: tuple[Harness, str],
) -> None:
    harness, base = watched
    await harness.store.close()
    ready = await _get(base + "/readyz")
    assert ready.status_code == 503 and "database" in ready.text
    assert (await _get(base + "/healthz")).status_code == 200


async def test_readiness_fails_when_the_scheduler_stops_ticking(
    watched: tuple[Harness, str],
) -> None:
    harness, base = watched
    metrics = harness.app.services.metrics
    metrics.record_tick(0.01, harness.clock.now())
    harness.clock.advance(timedelta(seconds=90))
    assert (await _get(base + "/readyz")).status_code == 200
    harness.clock.advance(timedelta(seconds=60))
    ready = await _get(base + "/readyz")
    assert ready.status_code == 503 and "scheduler" in ready.text


async def test_metrics_count_updates_and_wins(watched: tuple[Harness, str], ada: FakeUser) -> None:
    harness, base = watched
    await harness.reply(ada, "made tea\ncalled mum")
    page = await _get(base + "/metrics")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    lines = page.text.splitlines()
    assert "smallwins_wins_logged_total 2.0" in lines
    assert "smallwins_updates_handled_total 1.0" in lines
    for name in (
        "smallwins_prompts_due_total",
        "smallwins_prompts_sent_total",
        "smallwins_prompts_failed_total",
        "smallwins_outbox_depth",
        "smallwins_telegram_429_total",
        "smallwins_tick_duration_seconds_count",
    ):
        assert any(line.startswith(name + " ") for line in lines), name


async def test_metrics_speak_openmetrics_and_filter_by_name_when_asked(
    watched: tuple[Harness, str], ada: FakeUser
) -> None:
    harness, base = watched
    await harness.reply(ada, "made tea")
    async with httpx.AsyncClient() as client:
        page = await client.get(
            base + "/metrics",
            params={"name[]": "smallwins_wins_logged_total"},
            headers={"Accept": "application/openmetrics-text; version=1.0.0"},
        )
    assert page.headers["content-type"].startswith("application/openmetrics-text")
    samples = [line for line in page.text.splitlines() if not line.startswith("#")]
    assert samples == ["smallwins_wins_logged_total 1.0"]
    assert page.text.endswith("# EOF\n")


def test_no_tick_is_fine_until_ticks_are_expected_then_for_two_minutes() -> None:
    metrics = Metrics(started_at=START)
    assert metrics.tick_is_fresh(START + timedelta(hours=5))
    metrics.expect_ticks()
    assert metrics.tick_is_fresh(START + timedelta(minutes=2))
    assert not metrics.tick_is_fresh(START + timedelta(minutes=2, seconds=1))


def test_each_app_has_its_own_metrics_registry() -> None:
    first, second = Metrics(started_at=START), Metrics(started_at=START)
    first.wins_logged.inc()
    assert second.registry.get_sample_value("smallwins_wins_logged_total") == 0


def test_recent_ids_forget_the_oldest_beyond_capacity() -> None:
    recent = RecentIds(capacity=2)
    assert recent.first_time(1) and recent.first_time(2)
    assert not recent.first_time(1)
    assert recent.first_time(3)  # forgets 1
    assert recent.first_time(1)
