"""Faults injected into the bot's requests: 429, 5xx, timeouts, 403, group migration, 400."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import NoReturn

from .core import Core
from .records import ApiError, FaultFired, bad_request


@dataclass(slots=True)
class Fault:
    method: str  # lower-case method name, or "*"
    error: str
    chat_id: int | None
    remaining: int
    retry_after: int
    description: str | None
    hang_seconds: float
    migrate_to: int | None
    apply: bool


class Faults:
    """The faults waiting for a matching request, and those that fired (``fired``)."""

    def __init__(self, core: Core) -> None:
        self._core = core
        self._waiting: list[Fault] = []
        self.fired: list[FaultFired] = []

    def inject(
        self,
        method: str,
        error: str,
        *,
        chat_id: int | None,
        times: int,
        retry_after: int,
        description: str | None,
        hang_seconds: float,
        migrate_to: int | None,
        apply: bool,
    ) -> None:
        """Make the next ``times`` matching calls fail (see ``StandIn.inject``)."""
        valid = error in ("429", "timeout", "403", "migrate", "400")
        if not valid and not (error.isdigit() and error.startswith("5") and len(error) == 3):
            raise ValueError(f"unknown fault {error!r}")
        self._waiting.append(
            Fault(
                method=method.lower(),
                error=error,
                chat_id=chat_id,
                remaining=times,
                retry_after=retry_after,
                description=description,
                hang_seconds=hang_seconds,
                migrate_to=migrate_to,
                apply=apply,
            )
        )

    def clear(self) -> None:
        self._waiting.clear()

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        """The fault this call of ``method`` (lower-case) meets, if any; uses it up once."""
        for fault in self._waiting:
            if fault.method != method and not (fault.method == "*" and method != "getupdates"):
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._waiting.remove(fault)
            return fault
        return None

    async def fire(
        self,
        fault: Fault,
        name: str,
        chat_id: int | None,
        apply: Callable[[], object] | None,
    ) -> NoReturn:
        """Fail the call: after running it (``apply``, a lost response) if the fault says
        so, and after holding it up to ``hang_seconds`` for a timeout."""
        self.fired.append(FaultFired(name, chat_id, fault.error, self._core.monotonic()))
        if fault.apply and apply is not None:
            apply()
        error = fault_error(fault, chat_id)
        if fault.error == "timeout":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._core.closing.wait(), fault.hang_seconds)
        raise error


def fault_error(fault: Fault, chat_id: int | None) -> ApiError:
    if fault.error == "429":
        return ApiError(
            429,
            f"Too Many Requests: retry after {fault.retry_after}",
            {"retry_after": fault.retry_after},
        )
    if fault.error == "timeout":
        return ApiError(504, "Gateway Timeout")
    if fault.error == "403":
        return ApiError(403, fault.description or "Forbidden: bot was blocked by the user")
    if fault.error == "migrate":
        new_id = fault.migrate_to or -1_002_000_000_000 - abs(chat_id or 0)
        return bad_request(
            "group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": new_id}
        )
    if fault.error == "400":
        description = fault.description or "injected error"
        if not description.startswith("Bad Request: "):
            description = f"Bad Request: {description}"
        return ApiError(400, description)
    status = int(fault.error)
    return ApiError(status, fault.description or _reason(status))


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Server Error"
