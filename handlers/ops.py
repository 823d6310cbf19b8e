"""Before any other handler: drop repeated updates and count the ones handled.

Repeats seen by this process stop here. A repeat after a restart (Telegram delivers again
what was never confirmed) is stopped by the database: the first effect of an update
records its id in the same transaction (storage.db.UpdateClaim), so a replayed /undo or
/goal raises AlreadyHandled instead of acting twice (see misc.error_handler).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import Context
from bot.updates import current_attempt
from storage.db import handling_update

logger = logging.getLogger(__name__)


async def first_sight(update: Update, context: Context) -> None:
    """Telegram can deliver an update twice (a webhook retry): handle each id once."""
    services = context.services
    if current_attempt().number == 1:  # a later attempt is ours, after a database failure
        if not services.recent_updates.first_time(update.update_id):
            logger.info("Update %s arrived again; handled once already", update.update_id)
            services.metrics.updates_repeated.inc()
            raise ApplicationHandlerStop
        services.metrics.updates_handled.inc()
    handling_update(update.update_id, services.clock.now())
