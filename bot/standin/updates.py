"""The bot's updates: the queue, getUpdates with offsets and long polls, webhook delivery
with retries, allowed_updates, redelivery, and the acknowledgements waiters watch."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections import deque
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .core import Core, Signal
from .records import JSON, ApiError, WebhookFailure, bad_request
from .wire import Params

# Telegram's default when allowed_updates was never set (or set to []).
DEFAULT_ALLOWED_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
ALL_UPDATES = DEFAULT_ALLOWED_UPDATES | {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class Superseded(ApiError):
    """A long poll ended by a newer getUpdates call."""


class Updates:
    """Updates waiting for the bot, handed out by getUpdates or POSTed to the webhook."""

    def __init__(self, core: Core, *, first_update_id: int, webhook_attempts: int) -> None:
        self._core = core
        self.webhook_attempts = webhook_attempts
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_failures: list[WebhookFailure] = []
        self.polls_waiting = 0  # getUpdates calls currently long-polling
        # Pulsed when an update arrives or the way updates leave changes.
        self.arrived = Signal()
        self._pending: deque[tuple[int, JSON]] = deque()
        self._delivered: dict[int, JSON] = {}
        self._first_update_id = first_update_id
        self._next_update_id = first_update_id
        self._ack_below = first_update_id
        self._dropped: set[int] = set()
        self._allowed = DEFAULT_ALLOWED_UPDATES
        self._poll_generation = 0
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ the queue

    def enqueue(self, kind: str, body: JSON) -> int | None:
        """Queue an update for the bot and return its id (dropped at once, though still
        numbered, if allowed_updates excludes its kind)."""
        update_id = self._next_update_id
        self._next_update_id += 1
        if kind not in self._allowed:
            self._dropped.add(update_id)
            self._core.changed.notify()
            return update_id
        update = {"update_id": update_id, kind: body}
        self._delivered[update_id] = update
        self._pending.append((update_id, update))
        self.arrived.notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Deliver an update again with its id (see ``StandIn.redeliver``)."""
        update = self._delivered[update_id]
        self._pending.append((update_id, update))
        self._ack_below = min(self._ack_below, update_id)
        self.arrived.notify()

    @property
    def last_update_id(self) -> int | None:
        return self._next_update_id - 1 if self._next_update_id > self._first_update_id else None

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    async def wait_acknowledged(self, update_id: int, timeout: float) -> None:  # noqa: ASYNC109
        """Wait until the bot took the update (or it was dropped by allowed_updates)."""
        await self._core.changed.wait_until(
            lambda: update_id < self._ack_below or update_id in self._dropped,
            timeout,
            f"the bot to acknowledge update {update_id} (acknowledged below {self._ack_below})",
        )

    async def wait_polling(self, timeout: float) -> None:  # noqa: ASYNC109
        await self._core.changed.wait_until(
            lambda: self.polls_waiting > 0, timeout, "the bot to long-poll getUpdates"
        )

    def _confirm(self, offset: int) -> None:
        pending = self._pending
        if offset < 0:
            while len(pending) > -offset:
                self._ack_below = pending.popleft()[0] + 1
        else:
            while pending and pending[0][0] < offset:
                pending.popleft()
            self._ack_below = max(self._ack_below, offset)
        self._core.changed.notify()

    def _set_allowed(self, allowed: Any) -> None:
        if isinstance(allowed, list):
            self._allowed = frozenset(allowed) if allowed else DEFAULT_ALLOWED_UPDATES

    def _drop_pending(self) -> None:
        if self._pending:
            self._ack_below = max(self._ack_below, self._pending[-1][0] + 1)
            self._pending.clear()
            self._core.changed.notify()

    # ------------------------------------------------------------------ Bot API methods

    async def get_updates(self, params: Params) -> list[JSON]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.integer("offset")
        limit = min(max(params.integer("limit") or 100, 1), 100)
        timeout = params.number("timeout") or 0.0
        self._set_allowed(params.structured("allowed_updates"))
        if offset is not None:
            self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self.arrived.notify()  # an older long poll is now superseded
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._pending:
                return [update for _, update in itertools.islice(self._pending, limit)]
            if self._core.closing.is_set():
                return []
            if generation != self._poll_generation:
                raise Superseded(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            self.polls_waiting += 1
            self._core.changed.notify()
            try:
                await self.arrived.wait(remaining)
            finally:
                self.polls_waiting -= 1

    def delete_webhook(self, params: Params) -> bool:
        self.webhook_url = None
        self.webhook_secret = None
        if params.flag("drop_pending_updates"):
            self._drop_pending()
        self.arrived.notify()
        return True

    def set_webhook(self, params: Params) -> bool:
        url = params.text("url") or ""
        if not url:
            return self.delete_webhook(params)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in _LOOPBACK_HOSTS:
            raise bad_request("bad webhook: the stand-in only delivers to loopback addresses")
        secret = params.text("secret_token")
        if secret is not None and (
            not 1 <= len(secret) <= 256
            or not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)
        ):
            raise bad_request("secret token contains unallowed characters")
        self.webhook_url = url
        self.webhook_secret = secret
        self._set_allowed(params.structured("allowed_updates"))
        if params.flag("drop_pending_updates"):
            self._drop_pending()
        self._poll_generation += 1  # a pending getUpdates ends with 409 like on Telegram
        self.arrived.notify()
        return True

    def get_webhook_info(self, params: Params) -> JSON:
        info: JSON = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            info["allowed_updates"] = sorted(self._allowed)
        if self.webhook_failures:
            info["last_error_date"] = self._core.date()
            info["last_error_message"] = self.webhook_failures[-1].detail
        return info

    # ------------------------------------------------------------------ webhook delivery

    def start_delivery(self) -> None:
        """Open the HTTP client and start POSTing to the webhook whenever one is set."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._webhook_task = asyncio.create_task(self._webhook_loop(), name="standin-webhook")

    async def stop_delivery(self) -> None:
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _webhook_loop(self) -> None:
        while not self._core.closing.is_set():
            if not (self.webhook_url and self._pending):
                await self.arrived.wait(None)
                continue
            update_id, update = self._pending[0]
            for attempt in range(1, self.webhook_attempts + 1):
                if await self._post_webhook(update_id, update) or not self.webhook_url:
                    break
                if attempt < self.webhook_attempts:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._core.closing.wait(), 0.02 * attempt)
            if self._pending and self._pending[0][0] == update_id:
                self._pending.popleft()
            self._ack_below = max(self._ack_below, update_id + 1)
            self._core.changed.notify()

    async def _post_webhook(self, update_id: int, update: JSON) -> bool:
        assert self._session is not None and self.webhook_url is not None
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        try:
            async with self._session.post(
                self.webhook_url, data=json.dumps(update), headers=headers
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return True
                failure = WebhookFailure(
                    update_id, response.status, response.reason or "", self._core.monotonic()
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            failure = WebhookFailure(update_id, None, repr(exc), self._core.monotonic())
        self.webhook_failures.append(failure)
        return False
