"""An opt-in HTTP endpoint for operators: /healthz, /readyz and Prometheus /metrics."""

from __future__ import annotations

import logging
import socket
import sqlite3
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client.aiohttp import make_aiohttp_handler

from bot.metrics import Metrics

logger = logging.getLogger(__name__)

ReadinessCheck = Callable[[], Awaitable[str | None]]
"""Returns None when ready, or a short reason why not."""


class HealthServer:
    """Serves liveness, readiness and metrics while the app runs."""

    def __init__(self, metrics: Metrics, readiness: ReadinessCheck) -> None:
        self._metrics = metrics
        self._readiness = readiness
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self, host: str, port: int) -> None:
        """Listen on host:port (0 picks a free port, see `self.port`)."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        # prometheus_client's own handler: text or OpenMetrics as the scraper asks, gzip
        # when accepted, and ?name[]= filtering.
        app.router.add_get("/metrics", make_aiohttp_handler(self._metrics.registry))
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        logger.info("Health and metrics on http://%s:%s/", host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def _readyz(self, request: web.Request) -> web.Response:
        problem = await self._readiness()
        if problem is None:
            return web.Response(text="ready\n")
        return web.Response(text=f"not ready: {problem}\n", status=503)


READINESS_ERRORS = (RuntimeError, ValueError, sqlite3.Error)
"""What a closed or broken database raises (aiosqlite: ValueError once closed)."""
