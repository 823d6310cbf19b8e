"""An update queue that lets Telegram's delivery finish only once an update was handled.

python-telegram-bot's Updater confirms a batch (the next getUpdates offset) as soon as
it is queued, and its webhook server answers 200 as soon as an update is queued: an
update taken but not yet handled when the process dies would never come back. With
this queue `put` returns after the update was handled, so Telegram redelivers anything
unfinished after a crash (at least once; storage makes a repeated win harmless).

It relies on updates being handled one at a time (the Application's default): each
`task_done` then finishes the oldest update taken from the queue.
"""

from __future__ import annotations

import asyncio
from collections import deque

from telegram import Update


class HandledQueue(asyncio.Queue[object]):
    """asyncio.Queue whose `put` of an Update waits until it has been handled."""

    def __init__(self) -> None:
        super().__init__()
        self._handled: dict[int, asyncio.Future[None]] = {}
        self._taken: deque[object] = deque()

    async def put(self, item: object) -> None:
        if not isinstance(item, Update):
            await super().put(item)  # the Application's stop signal
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._handled[id(item)] = done
        try:
            await super().put(item)
            await done
        finally:
            self._handled.pop(id(item), None)

    def get_nowait(self) -> object:
        item = super().get_nowait()  # Queue.get() ends here too
        self._taken.append(item)
        return item

    def task_done(self) -> None:
        super().task_done()
        if self._taken:
            done = self._handled.get(id(self._taken.popleft()))
            if done is not None and not done.done():
                done.set_result(None)
