"""Before any other handler: drop repeated updates and count the ones handled."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import Context

logger = logging.getLogger(__name__)


async def first_sight(update: Update, context: Context) -> None:
    """Telegram can deliver an update twice (a webhook retry): handle each id once."""
    services = context.services
    if not services.recent_updates.first_time(update.update_id):
        logger.info("Update %s arrived again; handled once already", update.update_id)
        services.metrics.updates_repeated.inc()
        raise ApplicationHandlerStop
    services.metrics.updates_handled.inc()
