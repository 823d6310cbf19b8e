"""Updates Telegram delivers again after a restart (a crash, a webhook retry): nothing twice.

Each test handles updates, stops the bot, starts a new Application on the same database
and stand-in (a fresh process: no memory of the ids it saw), and replays the same update
ids into it.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.lifecycle import webhook
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from tests.conftest import Harness, build_app, running


async def _replay(bot: Harness, update_id: int) -> list[str]:
    """Telegram delivers `update_id` again; the texts the bot sent back."""
    mark = len(bot.stand.sent)
    bot.stand.redeliver(update_id)
    await bot.settle(update_id)
    return [r.text or "" for r in bot.stand.sent[mark:] if r.method == "sendMessage"]


async def _count(bot: Harness, sql: str, user: FakeUser) -> int:
    row = await bot.store.db.fetchone(sql, (user.id,))
    assert row is not None
    return int(row[0])


async def test_replayed_commands_after_a_restart_change_nothing_twice(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    async with running(stand, settings, clock) as bot:
        await bot.reply(ada, "made the bed")
        await bot.reply(ada, "watered the plants")
        sent = [ada.send(text) for text in ("/undo", "/goal read one page", "/pause 3", "/buddy")]
        for message in sent:
            await bot.settle(message)
        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made the bed"]

    async with running(stand, settings, clock) as bot:
        answers = []
        for message in sent:
            assert message.update_id is not None
            answers += await _replay(bot, message.update_id)

        assert answers == [texts.common.already_handled()] * 4
        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made the bed"]
        assert [g.text for g in await bot.store.goals.all_for(ada.id)] == ["read one page"]
        assert len(await bot.store.pauses.spans(ada.id)) == 1
        invites = "SELECT count(*) FROM buddy_invites WHERE inviter_id = ?"
        assert await _count(bot, invites, ada) == 1


async def test_a_replayed_win_is_stored_once_and_the_next_message_still_counts(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    async with running(stand, settings, clock) as bot:
        await bot.send(ada, "/timezone UTC")  # set up: the reply is a plain celebration
        message = ada.send("ran 5km")
        await bot.settle(message)
        celebration = bot.stand.last_message_to(ada).text

    async with running(stand, settings, clock) as bot:
        assert message.update_id is not None
        # Keyed by its message, the win is not stored again; the celebration is repeated.
        assert await _replay(bot, message.update_id) == [celebration]
        reply = await bot.reply(ada, "stretched")
        assert "#2" in (reply.text or "")
        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["ran 5km", "stretched"]


async def test_a_command_that_never_got_stored_runs_when_replayed(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    """Only a stored effect stops a replay: an update that never ran is handled in full."""
    async with running(stand, settings, clock) as bot:
        await bot.reply(ada, "made the bed")
        first = ada.send("/goal walk 10 minutes")
        await bot.settle(first)
        await bot.reply(ada, "/undo")

    async with running(stand, settings, clock) as bot:
        # A different /goal was never handled: it still adds its goal.
        second = ada.send("/goal read one page")
        await bot.settle(second)
        assert first.update_id is not None
        await _replay(bot, first.update_id)
        goals = [g.text for g in await bot.store.goals.all_for(ada.id)]
        assert goals == ["walk 10 minutes", "read one page"]


@asynccontextmanager
async def hooked(stand: StandIn, settings: Settings, clock: ManualClock) -> AsyncIterator[Harness]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = build_app(settings, clock)
    url = f"http://127.0.0.1:{port}/hook"
    async with webhook(
        app, webhook_url=url, secret_token="replay-secret", port=port, url_path="hook"
    ):
        yield Harness(stand, app, clock)


async def test_a_webhook_retry_reaching_a_restarted_bot_undoes_nothing_more(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    async with hooked(stand, settings, clock) as bot:
        await bot.reply(ada, "made the bed")
        await bot.reply(ada, "watered the plants")
        undo = ada.send("/undo")
        await bot.settle(undo)

    async with hooked(stand, settings, clock) as bot:
        assert undo.update_id is not None
        assert await _replay(bot, undo.update_id) == [texts.common.already_handled()]
        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made the bed"]
        assert stand.webhook_failures == []


async def test_a_replayed_delete_from_history_takes_out_nothing_more(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    async with running(stand, settings, clock) as bot:
        await bot.send(ada, "made the bed\nwatered the plants")
        page = await bot.reply(ada, "/history")
        await bot.press(ada, page, "✏️ Edit or delete")
        await bot.press(ada, stand.bot_message(ada.id, page.message_id) or page, "1")
        shown = stand.bot_message(ada.id, page.message_id) or page
        await bot.press(ada, shown, "🗑 Delete")
        shown = stand.bot_message(ada.id, page.message_id) or page
        query = ada.press(shown, "Yes, delete it")
        press = stand.last_update_id
        await bot.settle(press)
        assert bot.answer_to(query) is None
        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made the bed"]
        edits = len([r for r in stand.sent if r.method == "editMessageText"])

    async with running(stand, settings, clock) as bot:
        stand.redeliver(press)
        await bot.settle(press)

        # The stored delete stopped it (Telegram answers a callback query only once, so
        # the replay has no answer to show).
        registry = bot.app.services.metrics.registry
        assert registry.get_sample_value("smallwins_updates_repeated_total") == 1
        assert bot.answer_to(query) is None
        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["made the bed"]
        assert len([r for r in stand.sent if r.method == "editMessageText"]) == edits


async def test_a_replayed_edit_answer_is_not_applied_twice(
    stand: StandIn, settings: Settings, clock: ManualClock, ada: FakeUser
) -> None:
    async with running(stand, settings, clock) as bot:
        await bot.send(ada, "ran 2km")
        page = await bot.reply(ada, "/history")
        await bot.press(ada, page, "✏️ Edit or delete")
        await bot.press(ada, stand.bot_message(ada.id, page.message_id) or page, "1")
        shown = stand.bot_message(ada.id, page.message_id) or page
        (question,) = await bot.press(ada, shown, "✏️ Edit")
        answer = ada.send("ran 3km", reply_to=question)
        await bot.settle(answer)

    async with running(stand, settings, clock) as bot:
        assert answer.update_id is not None
        assert await _replay(bot, answer.update_id) == [texts.common.already_handled()]
        assert [w.text for w in await bot.store.wins.all_for(ada.id)] == ["ran 3km"]
