"""SmallwinsBot.send_text: the same request as send_message, the same errors, the same
limiter; and the win replies that use it look as before."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden

from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.updates import SmallwinsBot
from tests.conftest import Harness

TEXT = "<b>Win #2</b> &amp; more"
ROW = [("Undo", "undo:7"), ("That was yesterday", "yd:7:2026-01-01")]


@pytest.fixture
def zoe(stand: StandIn) -> FakeUser:
    return stand.user("Zoe", started=True)


def _sender(bot: Harness) -> SmallwinsBot:
    assert isinstance(bot.app.bot, SmallwinsBot)
    return bot.app.bot


async def test_the_request_is_send_messages(bot: Harness, stand: StandIn, zoe: FakeUser) -> None:
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in ROW]]
    )
    await bot.app.bot.send_message(zoe.id, TEXT, reply_markup=markup)
    keyboard = [[{"callback_data": data, "text": label} for label, data in ROW]]
    answer = await _sender(bot).send_text(zoe.id, TEXT, {"inline_keyboard": keyboard})
    ours, theirs = stand.sent[-1], stand.sent[-2]
    assert (ours.method, ours.params) == (theirs.method, theirs.params)
    assert ours.params["parse_mode"] == "HTML"  # the bot's defaults, filled in
    assert "link_preview_options" in ours.params
    assert answer["message_id"] == ours.message_id
    assert answer["text"] == ours.text


@pytest.mark.parametrize(
    ("error", "raised"), [("403", Forbidden), ("400", BadRequest)], ids=["403", "400"]
)
async def test_errors_map_as_send_messages(
    bot: Harness, stand: StandIn, zoe: FakeUser, error: str, raised: type[Exception]
) -> None:
    for send in (
        lambda: bot.app.bot.send_message(zoe.id, TEXT),
        lambda: _sender(bot).send_text(zoe.id, TEXT),
    ):
        stand.inject("sendMessage", error, chat_id=zoe, description="Bad Request: no")
        with pytest.raises(raised):
            await send()


async def test_a_rate_limit_is_waited_out_and_retried(
    bot: Harness, stand: StandIn, zoe: FakeUser
) -> None:
    stand.inject("sendMessage", "429", chat_id=zoe, retry_after=1)
    await _sender(bot).send_text(zoe.id, TEXT)
    assert [r.method for r in stand.sent[-1:]] == ["sendMessage"]
    assert stand.sent[-1].raw_text == TEXT


async def test_a_win_in_private_goes_out_as_json_with_its_buttons(
    bot: Harness, ada: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    send_text = SmallwinsBot.send_text

    async def spy(self: SmallwinsBot, chat_id: int, *args: object, **kwargs: object) -> object:
        sent.append(chat_id)
        return await send_text(self, chat_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SmallwinsBot, "send_text", spy)
    await bot.reply(ada, "first")  # the first contact: welcome and zones, through reply_text
    assert sent == []
    second = await bot.reply(ada, "second")
    assert sent == [ada.id]
    assert second.button_texts[0] == "Undo"
    assert "#2" in (second.text or "")
    assert second.reply_to is None  # a private reply quotes nothing, as reply_text


async def test_a_win_in_a_group_still_quotes_it(
    bot: Harness, stand: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    send_text = SmallwinsBot.send_text

    async def spy(self: SmallwinsBot, chat_id: int, *args: object, **kwargs: object) -> object:
        sent.append(chat_id)
        return await send_text(self, chat_id, *args, **kwargs)  # type: ignore[arg-type]

    ada = stand.user("Ada")
    group = stand.group("Runners", members=[ada], admins=[ada])
    group.add_bot(by=ada)
    await bot.settle(stand.last_update_id)
    await bot.send(ada, "/start")
    monkeypatch.setattr(SmallwinsBot, "send_text", spy)
    win = ada.send("/win ran 5k", chat=group)
    await bot.settle(win)
    reply = stand.sent[-1]
    assert reply.chat_id == group.id and "Undo" in str(reply.keyboard)
    assert reply.reply_to == win.message_id
    assert sent == []
