"""Run the Application inside an existing event loop (sandbox, tests, benchmarks).

`run_polling` owns the loop; this does the same steps (initialize, post_init, polling,
start, and the reverse) for callers that already have one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update

from bot.context import SmallwinsApp


@asynccontextmanager
async def polling(app: SmallwinsApp, *, poll_timeout: int = 10) -> AsyncIterator[SmallwinsApp]:
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
    )
    await app.start()
    try:
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
