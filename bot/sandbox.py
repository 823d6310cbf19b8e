"""`smallwins sandbox`: the real bot against a local Telegram stand-in, chatted with in the
terminal. No token, no network."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import sys
import tempfile
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit

from bot.app import build_application
from bot.clock import OffsetClock
from bot.config import Settings
from bot.context import SmallwinsApp
from bot.domain.schedule import first_due
from bot.domain.times import TimeParseError, parse_time
from bot.domain.zones import zone
from bot.lifecycle import polling
from bot.standin import StandIn, WaitTimeout
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import BotMessage, SentRecord, UserMessage
from storage import Store

logger = logging.getLogger(__name__)

HELP = """\
Type as you would in Telegram: a win, /start, /today, /help ...
A line ending in \\ continues on the next line (one message of several lines).
Bot messages are numbered (bot #3); buttons under them are [1], [2], ...
Meta-commands (they start with a colon):
  :1, :2, ...          press that button of the latest message with buttons
  :press N B           press button B of bot message #N
  :k1, :k2, ...        press a reply-keyboard button (:k2 LAT LON for a location button)
  :reply N TEXT        send TEXT as a reply to bot message #N
  :photo [caption]     send a photo
  :sticker             send a sticker
  :location LAT LON    share a location
  :edit TEXT           edit your last text message in this chat
  :open LINK           open a t.me link (a buddy invite, a circle link)
  :as NAME             be someone else (created on first use; joins the group you are in)
  :group TITLE         go to a group with the bot in it (created on first use)
  :anon TEXT           in a group you created: post as the group (an anonymous admin)
  :private             back to your private chat with the bot
  :morning, :evening, :weekly   get that scheduled prompt now (here, or for the group)
  :time HH:MM          move the clock to the next HH:MM here; due prompts fire
                       (press Later on a prompt, then :time an hour on: it comes again)
  :help                this list
  :quit                leave (Ctrl-D works too)"""

# Where a location button shares from when no LAT LON is given (Berlin).
DEFAULT_LOCATION = (52.52, 13.405)
_USER_IDS = 100_000_000
_GROUP_IDS = -4_100_000_000


def stable_user_id(name: str) -> int:
    """The same name is the same person in every run on one database."""
    return _USER_IDS + zlib.crc32(name.strip().lower().encode()) % 100_000_000


def stable_group_id(title: str) -> int:
    return _GROUP_IDS - zlib.crc32(title.strip().lower().encode()) % 100_000_000


async def new_person(stand: StandIn, app: SmallwinsApp, name: str) -> FakeUser:
    """A person to play; someone the database knows from an earlier run has their
    private chat with the bot open already."""
    try:
        user = stand.user(name, language_code="en", user_id=stable_user_id(name))
    except ValueError:  # another name with the same id in this run
        user = stand.user(name, language_code="en")
    user.started = await app.services.store.users.get(user.id) is not None
    return user


def _structured(value: Any) -> Any:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"


@dataclass
class ReplyKeyboard:
    """A reply keyboard the bot showed in a chat (Telegram keeps it until removed)."""

    buttons: list[dict[str, Any]]
    one_time: bool


@dataclass
class ChatState:
    keyboard: ReplyKeyboard | None = None
    force_reply_to: int | None = None  # a ForceReply message: the next line answers it
    last_text: dict[int, UserMessage] = field(default_factory=dict)  # by user id


class Sandbox:
    """People and groups chatting with the bot; prints whatever the bot sends, edits or
    answers, in every chat, and saves pictures and files to `folder`."""

    def __init__(
        self, stand: StandIn, app: SmallwinsApp, user: FakeUser, folder: Path, out: TextIO
    ) -> None:
        self.stand = stand
        self.app = app
        self.user = user
        self.folder = folder
        self.out = out
        self.group: FakeGroup | None = None  # None: the private chat
        self.users: dict[str, FakeUser] = {user.first_name.lower(): user}
        self.groups: dict[str, FakeGroup] = {}
        self.printed = 0  # records of stand.sent already shown
        self.saved = 0  # files written to folder
        self.numbers: dict[int, tuple[int, int]] = {}  # shown number -> (chat, message)
        self._number_of: dict[tuple[int, int], int] = {}
        self.chats: dict[int, ChatState] = {}
        self.meta: dict[str, Callable[[str], Awaitable[None]]] = {
            "photo": self._photo,
            "sticker": self._sticker,
            "location": self._location,
            "edit": self._edit,
            "reply": self._reply,
            "press": self._press_numbered,
            "open": self._open,
            "as": self._as,
            "group": self._group,
            "anon": self._anon,
            "private": self._private,
            "morning": self._prompt("morning"),
            "evening": self._prompt("evening"),
            "weekly": self._prompt("weekly"),
            "time": self._time,
        }

    # ------------------------------------------------------------------ where we are

    @property
    def chat_id(self) -> int:
        return self.group.id if self.group else self.user.id

    @property
    def prompt(self) -> str:
        where = f" in {self.group.title}" if self.group else ""
        return f"{self.user.first_name}{where}> "

    def state(self, chat_id: int) -> ChatState:
        return self.chats.setdefault(chat_id, ChatState())

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def _chat_name(self, chat_id: int) -> str:
        if chat_id in self.stand.groups:
            return self.stand.groups[chat_id].title
        user = self.stand.users.get(chat_id)
        return f"{user.first_name} (private)" if user else str(chat_id)

    # ------------------------------------------------------------------ output

    def show_new(self) -> None:
        """Print every bot action not shown yet, in the order the bot took them."""
        records = self.stand.sent
        while self.printed < len(records):
            record = records[self.printed]
            self.printed += 1
            self._show(record)

    def _show(self, record: SentRecord) -> None:
        method = record.method
        if method == "answerCallbackQuery":
            if record.text:
                self.say(f"  (popup) {record.text}")
            return
        if method == "setMessageReaction" and record.chat_id is not None:
            self.say(f"  (the bot reacted {record.text} to your message)")
            return
        if method == "deleteMessage" and record.chat_id is not None:
            number = self._number_of.get((record.chat_id, record.message_id or 0))
            self.say(f"  (the bot deleted #{number})" if number else "  (the bot deleted one)")
            return
        if record.chat_id is None or record.message_id is None:
            return
        message = self.stand.bot_message(record.chat_id, record.message_id)
        if message is None:
            return
        if method.startswith("send"):
            self._print_message(record, message, edited=False)
            self._note_markup(record, message)
        elif method.startswith("edit"):
            self._print_message(record, message, edited=True)

    def _number(self, message: BotMessage) -> int:
        key = (message.chat_id, message.message_id)
        if key not in self._number_of:
            number = len(self.numbers) + 1
            self.numbers[number] = key
            self._number_of[key] = number
        return self._number_of[key]

    def _save(self, record: SentRecord, message: BotMessage) -> Path:
        """Write the picture or file of this send or edit; returns where."""
        self.saved += 1
        data = record.file_bytes or message.file_bytes or b""
        if message.kind == "photo":
            name = "picture.png" if data.startswith(b"\x89PNG") else "picture.jpg"
        else:
            name = record.filename or message.filename or "file"
        path = self.folder / f"{self.saved:03d}-{_safe_name(name)}"
        path.write_bytes(data)
        return path

    def _print_message(self, record: SentRecord, message: BotMessage, *, edited: bool) -> None:
        number = self._number(message)
        where = "" if message.chat_id == self.chat_id else f" → {self._chat_name(message.chat_id)}"
        label = f"bot #{number}{where}" + (" (edited)" if edited else "")
        body = (record.text if record.text is not None else message.text) or ""
        fresh_file = record.file_bytes is not None or (not edited and message.file_bytes)
        if message.kind in ("photo", "document") and fresh_file:
            what = "picture" if message.kind == "photo" else "file"
            body = f"[{what} saved to {self._save(record, message)}] {body}".strip()
        elif message.kind == "photo":
            body = f"[picture] {body}".strip()
        lines = body.splitlines() or [""]
        self.say(f"{label}: {lines[0]}")
        indent = " " * 5
        for line in lines[1:]:
            self.say(f"{indent}{line}")
        for entity in message.entities:
            if entity.get("type") == "text_link" and entity.get("url"):
                self.say(f"{indent}link: {entity['url']}")
        for i, (text, value) in enumerate(self._buttons(message), start=1):
            link = f" ({value})" if value and "://" in value else ""
            self.say(f"{indent}[{i}] {text}{link}")

    def _note_markup(self, record: SentRecord, message: BotMessage) -> None:
        """Reply keyboards and ForceReply live in the client: remember and show them."""
        markup = _structured(record.params.get("reply_markup"))
        if not isinstance(markup, dict):
            return
        state = self.state(message.chat_id)
        if markup.get("force_reply"):
            state.force_reply_to = message.message_id
        if markup.get("remove_keyboard"):
            state.keyboard = None
        rows = markup.get("keyboard")
        if isinstance(rows, list):
            buttons = [
                button if isinstance(button, dict) else {"text": str(button)}
                for row in rows
                for button in row
            ]
            state.keyboard = ReplyKeyboard(buttons, bool(markup.get("one_time_keyboard")))
            labels = "  ".join(
                f"[k{i}] {b.get('text', '')}"
                + (" (sends a location)" if b.get("request_location") else "")
                for i, b in enumerate(buttons, start=1)
            )
            self.say(f"     keyboard: {labels}")

    def _buttons(self, message: BotMessage) -> list[tuple[str, str | None]]:
        return [(b.text, b.value) for row in message.keyboard for b in row]

    def _latest_with_buttons(self) -> BotMessage | None:
        for message in reversed(self.stand.messages_to(self.chat_id)):
            if message.keyboard:
                return message
        return None

    # ------------------------------------------------------------------ input

    async def settle(self, sent: UserMessage | None = None) -> None:
        if sent is not None and not sent.delivered:
            self.say(
                "  (in a group the bot only reads commands, replies to its messages and "
                "mentions: try /win ... or :reply N ...)"
            )
        await self.stand.wait_acknowledged(timeout=10)
        await asyncio.wait_for(self.app.update_queue.join(), 10)
        self.show_new()

    async def handle(self, line: str) -> bool:
        """Act on one typed message (possibly several lines); False to quit."""
        if not line.strip():
            return True
        if line.startswith(":"):
            command, _, rest = line[1:].partition(" ")
            command = command.lower()
            if command in ("quit", "q", "exit"):
                return False
            if command == "help":
                self.say(HELP)
            elif command.isdigit():
                await self._press(self._latest_with_buttons(), int(command))
            elif re.fullmatch(r"k\d+", command):
                await self._press_key(int(command[1:]), rest.strip())
            elif command in self.meta:
                await self.meta[command](rest.strip())
            else:
                self.say(f"  Unknown meta-command :{command}. Try :help.")
            return True
        state = self.state(self.chat_id)
        reply_to, state.force_reply_to = state.force_reply_to, None
        await self._send(line, reply_to=reply_to)
        return True

    async def _send(self, text: str, *, reply_to: int | None = None) -> None:
        sent = self.user.send(text, chat=self.group, reply_to=reply_to)
        self.state(self.chat_id).last_text[self.user.id] = sent
        await self.settle(sent)

    async def _press(self, message: BotMessage | None, number: int) -> None:
        buttons = self._buttons(message) if message else []
        if message is None or not 1 <= number <= len(buttons):
            self.say("  No such button.")
            return
        text, value = buttons[number - 1]
        if value is not None and "://" in value:
            await self._open(value)
            return
        self.user.press(message, text)
        await self.settle()

    async def _press_numbered(self, rest: str) -> None:
        parts = rest.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            self.say("  Usage: :press 3 1 (button 1 of bot message #3)")
            return
        message = self._numbered(int(parts[0]))
        if message is not None:
            await self._press(message, int(parts[1]))

    def _numbered(self, number: int) -> BotMessage | None:
        key = self.numbers.get(number)
        message = self.stand.bot_message(*key) if key else None
        if message is None or message.deleted:
            self.say(f"  There is no bot message #{number}.")
            return None
        if message.chat_id != self.chat_id:
            self.say(f"  #{number} is in {self._chat_name(message.chat_id)}, not here.")
            return None
        return message

    async def _press_key(self, number: int, rest: str) -> None:
        state = self.state(self.chat_id)
        keyboard = state.keyboard
        if keyboard is None or not 1 <= number <= len(keyboard.buttons):
            self.say("  No such keyboard button.")
            return
        button = keyboard.buttons[number - 1]
        if keyboard.one_time:
            state.keyboard = None
        if button.get("request_location"):
            await self._location(rest or " ".join(map(str, DEFAULT_LOCATION)))
            return
        await self._send(str(button.get("text", "")))

    async def _reply(self, rest: str) -> None:
        number, _, text = rest.partition(" ")
        if not number.isdigit() or not text.strip():
            self.say("  Usage: :reply 3 your text (a reply to bot message #3)")
            return
        message = self._numbered(int(number))
        if message is not None:
            await self._send(text, reply_to=message.message_id)

    async def _photo(self, caption: str) -> None:
        await self.settle(self.user.send_photo(caption or None, chat=self.group))

    async def _sticker(self, _: str) -> None:
        await self.settle(self.user.send_sticker(chat=self.group))

    async def _location(self, rest: str) -> None:
        numbers = re.findall(r"-?\d+(?:\.\d+)?", rest)
        if len(numbers) != 2:
            self.say("  Usage: :location 52.52 13.40")
            return
        self.say(f"  (sharing the location {numbers[0]}, {numbers[1]})")
        sent = self.user.send_location(float(numbers[0]), float(numbers[1]), chat=self.group)
        await self.settle(sent)

    async def _edit(self, text: str) -> None:
        state = self.state(self.chat_id)
        last = state.last_text.get(self.user.id)
        if last is None or not text:
            self.say("  Usage: :edit TEXT (edits your last text message here)")
            return
        state.last_text[self.user.id] = edited = self.user.edit(last, text)
        await self.settle(edited)

    async def _open(self, link: str) -> None:
        parts = urlsplit(link.strip())
        query = parse_qs(parts.query)
        bot_name = parts.path.strip("/").lower()
        if parts.netloc.lower() not in ("t.me", "telegram.me") or not bot_name:
            self.say("  Usage: :open https://t.me/smallwins_bot?start=... (a link the bot gave)")
            return
        if bot_name != self.stand.bot_username.lower():
            self.say(f"  That link is for @{bot_name}, not this bot.")
            return
        if "startgroup" in query:
            self.say("  To add the bot to a group here, use :group TITLE.")
            return
        self.group = None
        payload = query.get("start", [""])[0]
        command = f"/start {payload}".strip()
        self.say(f"  (opening the private chat with {command})")
        await self._send(command)

    async def _as(self, name: str) -> None:
        name = name.strip()
        if not name:
            self.say("  Usage: :as Ben (be Ben; created on first use)")
            return
        user = self.users.get(name.lower())
        if user is None:
            user = await new_person(self.stand, self.app, name)
            self.users[name.lower()] = user
        self.user = user
        if self.group is not None and user.id not in self.group.members:
            self.group.add_member(user)
            await self.settle()
        where = f"in {self.group.title}" if self.group else "in your private chat"
        self.say(f"  (you are {user.first_name} now, {where})")

    async def _group(self, title: str) -> None:
        title = title.strip()
        if not title:
            self.say("  Usage: :group Family (created with the bot and you on first use)")
            return
        group = self.groups.get(title.lower())
        if group is None:
            group = self.stand.group(
                title,
                members=[self.user],
                admins=[self.user],
                owner=self.user,
                chat_id=stable_group_id(title),
            )
            self.groups[title.lower()] = group
            self.group = group
            self.say(f"  ({self.user.first_name} made the group {title} and added the bot)")
            group.add_bot(by=self.user)
            await self.settle()
            return
        self.group = group
        if self.user.id not in group.members:
            self.say(f"  ({self.user.first_name} joins the group {group.title})")
            group.add_member(self.user)
            await self.settle()
        else:
            self.say(f"  (you are in {group.title})")

    async def _anon(self, text: str) -> None:
        if self.group is None or not text:
            self.say("  Usage, in a group you created: :anon /join")
            return
        try:
            sent = self.user.send(text, chat=self.group, anonymous=True)
        except ValueError:
            self.say("  Only an admin of this group can post as the group.")
            return
        await self.settle(sent)

    async def _private(self, _: str) -> None:
        self.group = None
        self.say(f"  (back in {self.user.first_name}'s private chat)")

    def _prompt(self, kind: str) -> Callable[[str], Awaitable[None]]:
        async def fire(_: str) -> None:
            services = self.app.services
            if self.group is not None:
                group = await services.store.groups.get(self.group.id)
                if group is None:
                    self.say("  The bot doesn't know this group yet.")
                    return
                await services.nudges.fire_group_now(group, kind)
            else:
                user = await services.store.users.get(self.user.id)
                if user is None:
                    self.say("  Say /start first, so I know your time zone.")
                    return
                await services.nudges.fire_now(user, kind)
            await services.nudges.drained(timeout=10)
            self.show_new()

        return fire

    async def _time(self, rest: str) -> None:
        services = self.app.services
        clock = services.clock
        try:
            wall = parse_time(rest)
        except TimeParseError:
            self.say("  Usage: :time 21:00 (moves the clock forward to the next 21:00 here)")
            return
        if self.group is not None:
            group = await services.store.groups.get(self.group.id)
            timezone = group.timezone if group else None
        else:
            user = await services.store.users.get(self.user.id)
            timezone = user.timezone if user else None
        if timezone is None or not isinstance(clock, OffsetClock):
            self.say("  Say /start first, so I know your time zone.")
            return
        tz = zone(timezone)
        target = first_due(wall, tz, clock.now())
        clock.move_to(target)
        self.say(f"  (the clock now reads {target.astimezone(tz):%a %d %b %H:%M} in {timezone})")
        await services.nudges.tick()
        await services.nudges.drained(timeout=10)
        self.show_new()


LineReader = Callable[[str], Awaitable[str | None]]


async def _read_line(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


async def _read_message(read_line: LineReader, prompt: str) -> str | None:
    """One message: lines ending in a backslash continue on the next line."""
    lines: list[str] = []
    while True:
        line = await read_line(prompt if not lines else "... ")
        if line is None:
            return "\n".join(lines) if lines else None
        if line.endswith("\\"):
            lines.append(line[:-1])
            continue
        lines.append(line)
        return "\n".join(lines)


async def _first_ids(database: Path, now: datetime) -> tuple[int, int]:
    """Message and update ids for this run: above any the database has stored, and above
    the last run's (ids grow with the clock, so even tables that come later are safe)."""
    moment = int(now.timestamp() * 1000)
    store = await Store.open(database)
    try:
        highest = await store.highest_message_id()
    finally:
        await store.close()
    return max(moment, highest + 1), moment


async def run_sandbox(
    settings: Settings,
    *,
    db_path: Path | None,
    name: str,
    folder: Path | None = None,
    read_line: LineReader | None = None,
    out: TextIO | None = None,
    log_file: Path | None = None,
) -> int:
    """Chat with the bot until :quit or end of input. Pictures and files go to `folder`,
    the database too unless `db_path` is given; `log_file` is where the CLI sent the log."""
    out = out or sys.stdout
    read_line = read_line or _read_line
    folder = folder or Path(tempfile.mkdtemp(prefix="smallwins-sandbox-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = db_path or folder / "sandbox.db"
    clock = OffsetClock()
    first_message_id, first_update_id = await _first_ids(database, clock.now())
    async with StandIn(first_message_id=first_message_id, first_update_id=first_update_id) as stand:
        sandbox_settings = settings.with_overrides(
            token=stand.token, api_url=stand.base_url, db_path=database
        )
        app = build_application(sandbox_settings, clock)
        async with polling(app):
            user = await new_person(stand, app, name)
            sandbox = Sandbox(stand, app, user, folder, out)
            sandbox.show_new()
            sandbox.say(f"smallwins sandbox: you are {name}, chatting with the bot.")
            sandbox.say("Say /start to begin, or just type a win. :help lists meta-commands.")
            sandbox.say(f"(database: {database})")
            sandbox.say(f"(pictures and files are saved in {folder})")
            if log_file is not None:
                sandbox.say(f"(the log goes to {log_file})")
            sandbox.say()
            logger.info("Sandbox started on %s", database)
            watcher = asyncio.create_task(_watch(sandbox))
            try:
                while True:
                    line = await _read_message(read_line, sandbox.prompt)
                    if line is None:
                        sandbox.say()
                        break
                    try:
                        if not await sandbox.handle(line):
                            break
                    except (TimeoutError, AssertionError) as error:
                        sandbox.say(f"  (the bot did not answer: {error})")
                    except ValueError as error:
                        sandbox.say(f"  ({error})")
            finally:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            with contextlib.suppress(Exception):
                sandbox.show_new()
    return 0


async def _watch(sandbox: Sandbox) -> None:
    """Show what the bot does between your messages (a prompt the tick sent, say)."""
    while True:
        with contextlib.suppress(WaitTimeout):
            await sandbox.stand.wait_for(
                lambda sent: len(sent) > sandbox.printed, timeout=3600, what="bot activity"
            )
        # Let the update being handled finish first, so its answers print together.
        await asyncio.sleep(0.05)
        sandbox.show_new()
