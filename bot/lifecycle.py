"""Run the Application inside an existing event loop (sandbox, tests, benchmarks).

`run_polling`/`run_webhook` own the loop; these do the same steps (initialize,
post_init, updater, start, and the reverse) for callers that already have one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from telegram import Update

from bot.context import SmallwinsApp
from bot.updates import HandledQueue
from bot.webhook import WebhookLimits, WebhookServer

logger = logging.getLogger(__name__)


@asynccontextmanager
async def _running(
    app: SmallwinsApp,
    start_updater: Callable[[], Awaitable[object]],
    stop_updates: Callable[[], Awaitable[object]] | None = None,
) -> AsyncIterator[SmallwinsApp]:
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await start_updater()
    await app.start()
    try:
        yield app
    finally:
        if stop_updates is not None:
            await stop_updates()
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


@asynccontextmanager
async def polling(app: SmallwinsApp, *, poll_timeout: int = 10) -> AsyncIterator[SmallwinsApp]:
    """Long polling (which deletes any webhook first, like `run_polling`)."""
    assert app.updater is not None
    updater = app.updater

    async def start() -> object:
        return await updater.start_polling(
            poll_interval=0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
        )

    async with _running(app, start) as running:
        yield running


@asynccontextmanager
async def webhook(
    app: SmallwinsApp,
    *,
    webhook_url: str,
    secret_token: str,
    listen: str = "127.0.0.1",
    port: int = 8443,
    url_path: str = "",
    limits: WebhookLimits | None = None,
) -> AsyncIterator[SmallwinsApp]:
    """Webhook mode: our hardened server (bot/webhook.py) on listen:port, registered
    with Telegram via setWebhook.

    Requests without the right X-Telegram-Bot-Api-Secret-Token header get 403 before
    their body is read; each request is answered once its update is handled.
    """
    if isinstance(app.update_queue, HandledQueue):
        # Answer each webhook request only once its update is handled.
        app.update_queue.hold_until_handled = True

    async def deliver(body: bytes) -> int:
        try:
            data = json.loads(body)
        except ValueError:
            return 400
        if not isinstance(data, dict):
            return 400
        try:
            update = Update.de_json(data, app.bot)
        except Exception:
            # Answered 200 all the same: Telegram would otherwise resend it forever. No
            # content in the log line, only the id.
            logger.warning("Skipped update %s: it could not be read", data.get("update_id"))
            return 200
        await app.update_queue.put(update)
        return 200

    server = WebhookServer(url_path, secret_token, deliver, limits)

    async def start() -> object:
        await server.start(listen, port)
        return await app.bot.set_webhook(
            url=webhook_url, secret_token=secret_token, allowed_updates=Update.ALL_TYPES
        )

    async with _running(app, start, server.stop) as running:
        yield running
