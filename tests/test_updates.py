"""Per-chat update processing: other chats overlap, one chat stays in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from telegram import Chat, Message, Update, User

from bot.updates import HandledQueue, InFlight, PerChatUpdateProcessor, chat_key

ALICE = User(1, "Alice", is_bot=False)


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, None, chat, from_user=ALICE, text="x"))  # type: ignore[arg-type]


def _logged_work() -> tuple[list[str], asyncio.Event, Callable[[str, bool], Awaitable[None]]]:
    """A log, a gate, and work that logs its start and end (waiting at the gate if told)."""
    log: list[str] = []
    release = asyncio.Event()

    async def work(name: str, wait: bool) -> None:
        log.append(f"start {name}")
        if wait:
            await release.wait()
        log.append(f"end {name}")

    return log, release, work


async def test_updates_of_one_chat_never_overlap() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=8)
    log, release, work = _logged_work()
    first = asyncio.create_task(processor.process_update(_update(1, 5), work("a", True)))
    second = asyncio.create_task(processor.process_update(_update(2, 5), work("b", False)))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert log == ["start a"]
    release.set()
    await asyncio.gather(first, second)
    assert log == ["start a", "end a", "start b", "end b"]


async def test_updates_of_different_chats_overlap() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=8)
    log, release, work = _logged_work()
    first = asyncio.create_task(processor.process_update(_update(1, 5), work("a", True)))
    second = asyncio.create_task(processor.process_update(_update(2, 6), work("b", False)))
    await asyncio.wait_for(second, timeout=5)
    assert log == ["start a", "start b", "end b"]
    release.set()
    await first
    assert processor._locks == {}


def test_chat_key_falls_back_to_none_for_non_updates() -> None:
    assert chat_key(object()) is None
    assert chat_key(_update(1, 42)) == 42


async def test_an_update_stays_in_flight_until_the_processor_finished_it() -> None:
    in_flight = InFlight()
    queue = HandledQueue(in_flight)
    processor = PerChatUpdateProcessor(in_flight, max_concurrent_updates=8)
    update = _update(1, 5)
    release = asyncio.Event()

    async def work() -> None:
        await release.wait()

    await queue.put(update)
    assert len(in_flight) == 1
    gate = asyncio.create_task(in_flight.all_handled())
    handling = asyncio.create_task(processor.process_update(update, work()))
    await asyncio.sleep(0)
    assert not gate.done()  # the next getUpdates (which confirms) must wait
    release.set()
    await handling
    await asyncio.wait_for(gate, timeout=5)
    assert len(in_flight) == 0


async def test_in_webhook_mode_put_returns_once_the_update_is_handled() -> None:
    in_flight = InFlight()
    queue = HandledQueue(in_flight)
    queue.hold_until_handled = True
    processor = PerChatUpdateProcessor(in_flight, max_concurrent_updates=8)
    update = _update(1, 5)
    putting = asyncio.create_task(queue.put(update))
    taken = await queue.get()
    await asyncio.sleep(0)
    assert not putting.done()

    async def work() -> None:
        return None

    await processor.process_update(taken, work())
    await asyncio.wait_for(putting, timeout=5)
