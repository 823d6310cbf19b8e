"""The Bot API stand-in behaves like Telegram where the bot can tell the difference."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReactionTypeEmoji,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot.standin import StandIn, WaitTimeout, parse_html, utf16_len
from bot.standin.entities import EntityParseError

TOKEN = "123456:TEST-TOKEN"


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def stand() -> AsyncIterator[StandIn]:
    async with StandIn(TOKEN, "smallwins_bot") as running:
        yield running


@pytest.fixture
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns when it builds RetryAfter unless time periods are timedeltas."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def bot(stand: StandIn) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=stand.base_url, base_file_url=stand.base_file_url) as client:
        yield client


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


# ---------------------------------------------------------------- protocol


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "smallwins_bot"
    assert me.id == 123456
    assert me.can_join_groups


async def test_wrong_token_is_unauthorized_and_unknown_method_not_found(stand: StandIn) -> None:
    base = f"http://127.0.0.1:{stand.port}"
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{base}/bot999:WRONG/getMe")
        unknown = await client.post(f"{base}/bot{TOKEN}/sendTelepathy")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404
    assert unknown.json()["description"] == "Not Found"


async def test_json_body_is_accepted(stand: StandIn) -> None:
    ada = stand.user("Ada", started=True)
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{stand.base_url}{TOKEN}/sendMessage",
            json={"chat_id": ada.id, "text": "hello", "reply_markup": {"inline_keyboard": []}},
        )
    assert response.json()["result"]["text"] == "hello"
    assert stand.last_message_to(ada).text == "hello"


async def test_offset_confirms_every_earlier_update(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada")
    first, second, third = ada.send("one"), ada.send("two"), ada.send("three")

    everything = await bot.get_updates()
    assert [u.message.text for u in everything if u.message] == ["one", "two", "three"]
    assert second.update_id is not None
    after_second = await bot.get_updates(offset=second.update_id + 1)
    assert [u.update_id for u in after_second] == [third.update_id]
    assert await bot.get_updates(offset=second.update_id) == after_second  # confirmed are gone
    limited = await bot.get_updates(limit=1)
    assert [u.update_id for u in limited] == [third.update_id]
    await stand.wait_acknowledged(first)
    await stand.wait_acknowledged(second)


async def test_long_poll_returns_as_soon_as_an_update_arrives(stand: StandIn, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=35))
    await stand.wait_polling()
    message = stand.user("Ada").send("hi")

    updates = await asyncio.wait_for(poll, timeout=2)

    assert [u.update_id for u in updates] == [message.update_id]


async def test_long_poll_without_updates_returns_empty_after_its_timeout(bot: Bot) -> None:
    assert await bot.get_updates(timeout=0) == ()


async def test_allowed_updates_filters_new_updates(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    await bot.get_updates(allowed_updates=["callback_query"])
    dropped = ada.send("ignored")
    await stand.wait_acknowledged(dropped)  # dropped updates count as taken
    assert await bot.get_updates() == ()


async def test_wait_timeout_says_what_was_awaited(stand: StandIn) -> None:
    with pytest.raises(WaitTimeout, match="3 messages from the bot"):
        await stand.wait_sent(3, timeout=0.05)


# ---------------------------------------------------------------- text validation


async def test_plain_text_is_recorded_with_tags_stripped(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    await bot.send_message(ada.id, "<b>Win</b> &lt;3 &#128170; &amp; more", parse_mode="HTML")

    [record] = await stand.wait_sent(1, chat_id=ada)
    assert record.text == "Win <3 💪 & more"
    assert record.raw_text == "<b>Win</b> &lt;3 &#128170; &amp; more"
    assert record.parse_mode == "HTML"


async def test_empty_text_is_rejected(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ada.id, "<b></b>", parse_mode="HTML")


async def test_length_limit_counts_utf16_units_after_parsing(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    await bot.send_message(ada.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ada.id, "💪" * 2048 + "a")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(ada.id, b"png", caption="c" * 1025)


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("a <blink>b</blink>", 'Unsupported start tag "blink" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("2 < 3", 'Unsupported start tag "" at byte offset 2'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        (
            "Tom & Jerry",
            'Character "&" at byte offset 4 does not start a character entity; '
            'escape it as "&amp;"',
        ),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_invalid_html_cannot_be_parsed(
    stand: StandIn, bot: Bot, html: str, detail: str
) -> None:
    ada = stand.user("Ada", started=True)
    with pytest.raises(BadRequest) as raised:
        await bot.send_message(ada.id, html, parse_mode="HTML")
    assert raised.value.message.lower().startswith("can't parse entities: ")
    assert stand.errors[-1].description == f"Bad Request: can't parse entities: {detail}"


def test_html_parser_reports_entities_in_utf16_offsets() -> None:
    parsed = parse_html(
        '💪 <b>bold</b> <a href="https://x.org/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-python">x</code></pre> '
        "<blockquote expandable>q</blockquote> <tg-spoiler>s</tg-spoiler>"
    )
    assert parsed.text == "💪 bold link x q s"
    types = [(e["type"], e["offset"], e["length"]) for e in parsed.entities]
    assert types == [
        ("bold", 3, 4),
        ("text_link", 8, 4),
        ("pre", 13, 1),
        ("expandable_blockquote", 15, 1),
        ("spoiler", 17, 1),
    ]
    assert parsed.entities[1]["url"] == "https://x.org/?a=1&b=2"
    assert parsed.entities[2]["language"] == "python"
    assert utf16_len("💪a") == 3
    assert parse_html("AT&T", strict_ampersand=False).text == "AT&T"
    with pytest.raises(EntityParseError):
        parse_html("AT&T")


# ---------------------------------------------------------------- keyboards, edits, callbacks


@pytest.mark.parametrize(
    ("button", "description"),
    [
        (InlineKeyboardButton("Long", callback_data="x" * 65), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("Empty", callback_data=""), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("Ftp", url="ftp://example.org"), "BUTTON_URL_INVALID"),
        (InlineKeyboardButton("", callback_data="x"), "BUTTON_TEXT_EMPTY"),
        (InlineKeyboardButton("Nothing"), "Text buttons are unallowed"),
        (InlineKeyboardButton("Two", callback_data="x", url="https://x.org"), "exactly one"),
    ],
)
async def test_invalid_inline_buttons_are_rejected(
    stand: StandIn, bot: Bot, button: InlineKeyboardButton, description: str
) -> None:
    ada = stand.user("Ada", started=True)
    with pytest.raises(BadRequest):
        await bot.send_message(ada.id, "pick", reply_markup=keyboard(button))
    assert description in stand.errors[-1].description


async def test_callback_data_limit_counts_utf8_bytes(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    await bot.send_message(
        ada.id, "ok", reply_markup=keyboard(InlineKeyboardButton("é", callback_data="é" * 32))
    )
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(
            ada.id, "no", reply_markup=keyboard(InlineKeyboardButton("é", callback_data="é" * 33))
        )


async def test_edits_keep_history_and_reject_no_op_edits(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    undo = keyboard(InlineKeyboardButton("Undo", callback_data="undo:1"))
    sent = await bot.send_message(ada.id, "Logged: run", reply_markup=undo)

    await bot.edit_message_text("Logged: <i>run</i>", ada.id, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "Logged: <i>run</i>", ada.id, sent.message_id, parse_mode="HTML"
        )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", ada.id, 999)

    [message] = stand.messages_to(ada)
    assert message.text == "Logged: run"
    assert message.html == "Logged: <i>run</i>"
    assert message.buttons == ()  # editing text without reply_markup removes the keyboard
    assert [v.text for v in message.history] == ["Logged: run"]
    assert message.history[0].keyboard[0][0].callback_data == "undo:1"
    assert [r.method for r in stand.sent] == ["sendMessage", "editMessageText"]


async def test_markup_edits_and_deletes_apply_to_the_message(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    undo = keyboard(InlineKeyboardButton("Undo", callback_data="undo"))
    sent = await bot.send_message(ada.id, "x", reply_markup=undo)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(ada.id, sent.message_id, reply_markup=undo)
    await bot.edit_message_reply_markup(ada.id, sent.message_id, reply_markup=None)
    assert stand.last_message_to(ada).button_texts == []

    await bot.delete_message(ada.id, sent.message_id)
    assert stand.messages_to(ada) == []
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ada.id, sent.message_id)


async def test_pressing_a_button_sends_a_callback_query_answered_once(
    stand: StandIn, bot: Bot
) -> None:
    ada = stand.user("Ada", started=True)
    await bot.send_message(
        ada.id,
        "Logged",
        reply_markup=InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Undo", callback_data="undo:7")],
                [InlineKeyboardButton("Site", url="https://example.org")],
            ]
        ),
    )
    message = stand.last_message_to(ada)
    assert message.buttons == ((("Undo", "undo:7"),), (("Site", "https://example.org"),))

    query_id = ada.press(message, "Undo")
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert update.callback_query.id == query_id
    assert update.callback_query.data == "undo:7"
    assert update.callback_query.message.message_id == message.message_id  # type: ignore[union-attr]

    await update.callback_query.answer("Undone", show_alert=True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await update.callback_query.answer("again")
    answer = stand.answered_callbacks[query_id]
    assert (answer.text, answer.show_alert) == ("Undone", True)
    with pytest.raises(ValueError, match="no callback_data"):
        ada.press(message, row=1, col=0)


async def test_reply_to_a_missing_message_is_rejected_unless_allowed(
    stand: StandIn, bot: Bot
) -> None:
    ada = stand.user("Ada", started=True)
    question = ada.send("hi")
    reply = await bot.send_message(ada.id, "hello", reply_to_message_id=question.message_id)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "hi"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(ada.id, "x", reply_parameters=ReplyParameters(message_id=999))
    await bot.send_message(
        ada.id, "x", reply_parameters=ReplyParameters(999, allow_sending_without_reply=True)
    )
    assert stand.sent[-1].reply_to is None


# ---------------------------------------------------------------- access to chats


async def test_bot_cannot_start_a_conversation(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada")
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(ada.id, "hello?")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "anyone?")


async def test_blocking_the_bot_forbids_sends_and_notifies_the_bot(
    stand: StandIn, bot: Bot
) -> None:
    ada = stand.user("Ada")
    ada.send("/start")
    ada.block_bot()

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ada.id, "daily prompt")
    updates = await bot.get_updates()
    member = updates[-1].my_chat_member
    assert member is not None
    assert member.new_chat_member.status == "kicked"

    ada.unblock_bot()
    await bot.send_message(ada.id, "welcome back")


async def test_a_restricted_bot_may_not_post_until_allowed_again(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada")
    group = stand.group("Quiet room", members=[ada], admins=[ada], supergroup=True)
    group.add_bot(by=ada)
    group.restrict_bot(by=ada, can_send_messages=False)
    with pytest.raises(BadRequest, match="Not enough rights to send text messages"):
        await bot.send_message(group.id, "hello?")
    member = await bot.get_chat_member(group.id, bot.id)
    assert member.status == "restricted" and not getattr(member, "can_send_messages", True)
    group.unrestrict_bot(by=ada)
    await bot.send_message(group.id, "back")
    changes = [u.my_chat_member for u in await bot.get_updates() if u.my_chat_member]
    assert [(c.old_chat_member.status, c.new_chat_member.status) for c in changes] == [
        ("left", "member"),
        ("member", "restricted"),
        ("restricted", "member"),
    ]
    with pytest.raises(ValueError, match="supergroups only"):
        stand.group("Basic", members=[ada], with_bot=True).restrict_bot(by=ada)


async def test_removed_bot_is_forbidden_in_the_group(stand: StandIn, bot: Bot) -> None:
    ada, bob = stand.user("Ada"), stand.user("Bob")
    group = stand.group("Early birds", members=[ada, bob], admins=[ada])
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(group.id, "hi")
    group.add_bot(by=ada)
    await bot.send_message(group.id, "hi all")
    group.remove_bot(by=ada)
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(group.id, "still here?")

    kinds = [("my_chat_member" if u.my_chat_member else "message") for u in await bot.get_updates()]
    assert kinds == ["my_chat_member", "message", "my_chat_member"]


async def test_migrated_group_points_to_the_supergroup(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada")
    group = stand.group("Early birds", members=[ada], with_bot=True)
    old_id = group.id
    new_id = group.migrate()

    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(old_id, "hi")
    assert raised.value.new_chat_id == new_id
    await bot.send_message(new_id, "hi again")
    assert group.id == new_id
    assert group.type == "supergroup"

    messages = [u.message for u in await bot.get_updates() if u.message]
    assert [(m.chat.id, m.migrate_to_chat_id) for m in messages[:1]] == [(old_id, new_id)]
    assert [(m.chat.id, m.migrate_from_chat_id) for m in messages[1:]] == [(new_id, old_id)]


async def test_members_and_admins_are_reported(stand: StandIn, bot: Bot) -> None:
    ada, bob, cy = stand.user("Ada"), stand.user("Bob"), stand.user("Cy")
    group = stand.group("Team", members=[bob], admins=[ada], with_bot=True)
    assert (await bot.get_chat_member(group.id, ada.id)).status == "administrator"
    assert (await bot.get_chat_member(group.id, bob.id)).status == "member"
    assert (await bot.get_chat_member(group.id, cy.id)).status == "left"
    group.add_member(cy, admin=True)
    group.remove_member(bob)
    admins = await bot.get_chat_administrators(group.id)
    assert {a.user.id for a in admins} == {ada.id, cy.id}
    assert (await bot.get_chat_member(group.id, bob.id)).status == "left"
    assert (await bot.get_chat(group.id)).title == "Team"


# ---------------------------------------------------------------- privacy mode


async def test_group_privacy_mode_delivers_only_what_is_meant_for_the_bot(
    stand: StandIn, bot: Bot
) -> None:
    ada, bob = stand.user("Ada"), stand.user("Bob")
    group = stand.group("Early birds", members=[ada, bob], with_bot=True)
    bot_message = await bot.send_message(group.id, "Who won today?")
    mine = stand.last_message_to(group)

    chatter = ada.send("nice weather", chat=group)
    other_bot = ada.send("/win@other_bot ran", chat=group)
    reply_to_bob = bob.send("me too", chat=group, reply_to=chatter)
    command = ada.send("/win ran 5k", chat=group)
    addressed = ada.send("/win@smallwins_bot swam", chat=group)
    reply = bob.send("I did!", chat=group, reply_to=mine)
    mention = bob.send("hey @smallwins_bot", chat=group)
    group.add_member(stand.user("Cy"), by=ada)

    assert not chatter.delivered and not other_bot.delivered and not reply_to_bob.delivered
    texts = [u.message.text for u in await bot.get_updates() if u.message]
    assert texts == ["/win ran 5k", "/win@smallwins_bot swam", "I did!", "hey @smallwins_bot", None]
    assert command.delivered and addressed.delivered and reply.delivered and mention.delivered
    assert bot_message.chat.id == group.id


async def test_private_chat_delivers_everything_with_command_entities(
    stand: StandIn, bot: Bot
) -> None:
    ada = stand.user("Ada")
    ada.send("/win ran")
    ada.send("just text")
    ada.send_photo(caption="my run")
    ada.send_sticker()
    ada.send_voice()
    ada.send_location(52.5, 13.4)
    edited = ada.send("typo")
    ada.edit(edited, "fixed")

    updates = await bot.get_updates()
    assert len(updates) == 8
    first = updates[0].message
    assert first is not None
    assert first.entities[0].type == "bot_command"
    assert updates[2].message is not None and len(updates[2].message.photo) == 2
    assert updates[-1].edited_message is not None
    assert updates[-1].edited_message.text == "fixed"
    photo = await bot.get_file(updates[2].message.photo[-1].file_id)
    assert bytes(await photo.download_as_bytearray()).startswith(b"\x89PNG")


# ---------------------------------------------------------------- files and misc methods


async def test_uploaded_photo_and_document_bytes_are_recorded(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\x80" + b"\x00" * 20
    photo = await bot.send_photo(ada.id, png, caption="<b>Week</b>", parse_mode="HTML")
    await bot.send_document(ada.id, b"date,win\n2024-01-01,ran\n", filename="wins.csv")
    await bot.send_photo(ada.id, photo.photo[-1].file_id)

    picture, export, again = await stand.wait_sent(3, chat_id=ada)
    assert picture.file_bytes == png
    assert picture.text == "Week"
    assert (photo.photo[-1].width, photo.photo[-1].height) == (256, 128)
    assert export.filename == "wins.csv"
    assert export.file_bytes is not None and export.file_bytes.startswith(b"date,win")
    assert again.file_bytes == png
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(ada.id, "no-such-file")


async def test_edit_message_media_replaces_a_photo_and_its_caption(
    stand: StandIn, bot: Bot
) -> None:
    ada = stand.user("Ada", started=True)
    first = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\x80" + b"\x00" * 20
    second = first[:-1] + b"\x01"
    sent = await bot.send_photo(ada.id, first, caption="May")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="n")]])
    edited = await bot.edit_message_media(
        InputMediaPhoto(second, caption="<b>June</b>", parse_mode="HTML"),
        chat_id=ada.id,
        message_id=sent.message_id,
        reply_markup=keyboard,
    )
    assert isinstance(edited, Message) and edited.caption == "June"
    shown = stand.bot_message(ada.id, sent.message_id)
    assert shown is not None and shown.file_bytes == second and shown.text == "June"
    assert shown.button_texts == ["Next"]
    assert stand.sent[-1].method == "editMessageMedia" and stand.sent[-1].file_bytes == second
    text = await bot.send_message(ada.id, "plain")
    with pytest.raises(BadRequest, match="no media"):
        await bot.edit_message_media(
            InputMediaPhoto(first), chat_id=ada.id, message_id=text.message_id
        )


async def test_commands_reactions_and_descriptions_are_recorded(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada")
    win = ada.send("ran 5k")
    await bot.set_my_commands([BotCommand("win", "Log a win"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("digest", "Group digest")], scope=BotCommandScopeChat(-5))
    await bot.set_message_reaction(ada.id, win.message_id, ReactionTypeEmoji("🎉"))
    await bot.set_my_description("Small wins, every day.")
    await bot.send_chat_action(ada.id, "typing")

    assert stand.commands["default"] == [("win", "Log a win"), ("help", "Help")]
    assert stand.commands_for("chat", chat_id=-5) == [("digest", "Group digest")]
    assert [c.command for c in await bot.get_my_commands()] == ["win", "help"]
    assert stand.reactions[(ada.id, win.message_id)] == ["🎉"]
    assert stand.descriptions["description"] == "Small wins, every day."
    assert stand.sent[-1].method == "sendChatAction"
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Win", "capital letters are invalid")])


# ---------------------------------------------------------------- faults


@pytest.mark.usefixtures("ptb_timedelta")
async def test_injected_faults_raise_the_matching_ptb_errors(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    stand.inject("sendMessage", "429", retry_after=7)
    stand.inject("sendMessage", "500")
    stand.inject("sendMessage", "502")
    stand.inject("sendMessage", "403")
    stand.inject("sendMessage", "migrate", migrate_to=-1009)
    stand.inject("sendMessage", "400", description="message thread not found")

    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(ada.id, "x")
    assert limited.value.retry_after == timedelta(seconds=7)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(ada.id, "x")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ada.id, "x")
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(ada.id, "x")
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(ada.id, "x")
    assert migrated.value.new_chat_id == -1009
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(ada.id, "x")
    await bot.send_message(ada.id, "finally")

    assert [f.error for f in stand.faults_fired] == ["429", "500", "502", "403", "migrate", "400"]
    assert [m.text for m in stand.messages_to(ada)] == ["finally"]


async def test_hanging_response_times_out_the_client(stand: StandIn, bot: Bot) -> None:
    ada = stand.user("Ada", started=True)
    stand.inject("sendMessage", "timeout", chat_id=ada, apply=True)

    with pytest.raises(TimedOut):
        await bot.send_message(ada.id, "slow", read_timeout=0.2)

    # the message went out although the response was lost: a retry would duplicate it
    assert [m.text for m in stand.messages_to(ada)] == ["slow"]
    assert stand.faults_fired[0].chat_id == ada.id


async def test_faults_match_chat_and_fire_a_limited_number_of_times(
    stand: StandIn, bot: Bot
) -> None:
    ada, bob = stand.user("Ada", started=True), stand.user("Bob", started=True)
    stand.inject("sendMessage", "500", chat_id=bob, times=2)
    await bot.send_message(ada.id, "fine")
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(bob.id, "x")
    await bot.send_message(bob.id, "recovered")
    assert len(stand.faults_fired) == 2


@pytest.mark.usefixtures("ptb_timedelta")
async def test_rate_enforcer_rejects_and_counts_sends_over_the_limits() -> None:
    clock = FakeMonotonic()
    async with (
        StandIn(TOKEN, monotonic=clock) as limited,
        Bot(TOKEN, base_url=limited.base_url) as bot,
    ):
        limited.enforce_limits(global_per_s=3, per_private_chat_per_s=1, per_group_per_min=2)
        users = [limited.user(f"U{i}", started=True) for i in range(4)]
        for user in users[:3]:
            await bot.send_message(user.id, "prompt")
        with pytest.raises(RetryAfter):
            await bot.send_message(users[3].id, "prompt")  # 4th in the same second
        clock.now += 1.0
        await bot.send_message(users[3].id, "prompt")
        with pytest.raises(RetryAfter):
            await bot.send_message(users[3].id, "again")  # same private chat within 1 s
        group = limited.group("G", members=users, with_bot=True)
        clock.now += 1.0
        await bot.send_message(group.id, "digest 1")
        clock.now += 1.0
        await bot.send_message(group.id, "digest 2")
        clock.now += 1.0
        with pytest.raises(RetryAfter):
            await bot.send_message(group.id, "digest 3")  # 3rd within a minute
        clock.now += 1.0
        await bot.send_message(users[0].id, "prompt")  # a duplicate, accepted

        assert [v.limit for v in limited.limit_violations] == ["global", "private_chat", "group"]
        assert limited.duplicates() == {(users[0].id, "prompt"): 2}


# ---------------------------------------------------------------- webhook


async def test_webhook_delivers_updates_with_the_secret_header(stand: StandIn, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        ada = stand.user("Ada")
        early = ada.send("before the webhook")
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        info = await bot.get_webhook_info()
        assert info.url == f"http://127.0.0.1:{port}/hook"
        with pytest.raises(Exception, match="webhook is active"):
            await bot.get_updates()
        late = ada.send("after")
        await stand.wait_acknowledged(late)

        assert [secret for secret, _ in received] == ["s3cret", "s3cret"]
        assert [body["update_id"] for _, body in received] == [early.update_id, late.update_id]
        await bot.delete_webhook()
        assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


async def test_webhook_to_a_non_loopback_address_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Bad webhook"):
        await bot.set_webhook("https://example.org/hook")


# ---------------------------------------------------------------- with a real Application


async def test_application_polls_and_replies_end_to_end(stand: StandIn) -> None:
    async def win(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(f"Logged: <b>{' '.join(context.args or [])}</b>")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text)

    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(stand.base_url)
        .base_file_url(stand.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("win", win))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    ada, bob = stand.user("Ada"), stand.user("Bob")
    group = stand.group("Early birds", members=[ada, bob], with_bot=True)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        try:
            command = ada.send("/win ran 5k")
            bob.send("not for the bot", chat=group)
            ada.send("hello", chat=group)  # not delivered either: privacy mode
            in_group = ada.send("/win@smallwins_bot swam", chat=group)
            await stand.wait_acknowledged(command)
            await stand.wait_sent(1, chat_id=ada)
            await stand.wait_sent(1, chat_id=group)
        finally:
            await app.updater.stop()
            await app.stop()

    assert stand.last_message_to(ada).html == "Logged: <b>ran 5k</b>"
    assert stand.last_message_to(ada).text == "Logged: ran 5k"
    assert [m.text for m in stand.messages_to(group)] == ["Logged: swam"]
    assert stand.last_message_to(ada).reply_to is None  # PTB quotes only in groups
    assert stand.errors == []
    assert stand.last_message_to(group).reply_to == in_group.message_id


def test_records_are_plain_data() -> None:
    stand = StandIn()
    ada = stand.user("Ada", user_id=42, username="ada")
    assert ada.to_json() == {
        "id": 42,
        "is_bot": False,
        "first_name": "Ada",
        "username": "ada",
        "language_code": "en",
    }
    message = ada.send("/help@smallwins_bot")
    assert json.loads(json.dumps(message.payload))["entities"] == [
        {"type": "bot_command", "offset": 0, "length": 19}
    ]
    assert stand.last_update_id == message.update_id == 1
