"""`smallwins sandbox`: the real bot against a local Telegram stand-in, chatted with in the
terminal. No token, no network."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.app import build_application
from bot.clock import OffsetClock
from bot.config import Settings
from bot.context import SmallwinsApp
from bot.lifecycle import polling
from bot.schedule import first_due
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from bot.standin.records import BotMessage, UserMessage
from bot.times import TimeParseError, parse_time
from bot.zones import zone

HELP = """\
Type as you would in Telegram: a win, /start, /today, /help ...
Meta-commands (they start with a colon):
  :1, :2, ...          press that button of the bot's latest message with buttons
  :photo [caption]     send a photo
  :sticker             send a sticker
  :location LAT LON    share a location
  :edit TEXT           edit your last text message
  :morning, :evening, :weekly   get that scheduled prompt now
  :time HH:MM          move the clock to the next HH:MM in your zone; due prompts fire
  :help                this list
  :quit                leave (Ctrl-D works too)"""


class Sandbox:
    """One person chatting with the bot; prints whatever the bot sends or edits."""

    def __init__(self, stand: StandIn, app: SmallwinsApp, user: FakeUser) -> None:
        self.stand = stand
        self.app = app
        self.user = user
        self.printed = 0  # records of stand.sent already shown
        self.last_text: UserMessage | None = None
        self.replying_to: BotMessage | None = None
        self.meta: dict[str, Callable[[str], Awaitable[None]]] = {
            "photo": self._photo,
            "sticker": self._sticker,
            "location": self._location,
            "edit": self._edit,
            "morning": self._prompt("morning"),
            "evening": self._prompt("evening"),
            "weekly": self._prompt("weekly"),
            "time": self._time,
        }

    def show_new(self) -> None:
        records = self.stand.sent
        while self.printed < len(records):
            record = records[self.printed]
            self.printed += 1
            if record.chat_id != self.user.id or record.message_id is None:
                if record.method == "answerCallbackQuery" and record.text:
                    print(f"  (popup) {record.text}")
                continue
            message = self.stand.bot_message(record.chat_id, record.message_id)
            if message is None:
                continue
            if record.method.startswith("send"):
                self._print_message(message, edited=False)
                # ForceReply: a real client replies to this message with the next line.
                markup = str(record.params.get("reply_markup") or "")
                self.replying_to = message if "force_reply" in markup else None
            elif record.method in ("editMessageText", "editMessageReplyMarkup"):
                self._print_message(message, edited=True)

    def _print_message(self, message: BotMessage, *, edited: bool) -> None:
        label = "bot (edited)" if edited else "bot"
        body = message.text or ""
        if message.kind == "photo":
            body = f"[picture, {len(message.file_bytes or b'')} bytes] {body}".strip()
        elif message.kind == "document":
            body = f"[file {message.filename}] {body}".strip()
        lines = body.splitlines() or [""]
        print(f"{label}: {lines[0]}")
        for line in lines[1:]:
            print(f"     {line}")
        for i, text in enumerate(self._buttons(message), start=1):
            print(f"     [{i}] {text}")

    def _buttons(self, message: BotMessage) -> list[str]:
        return [text for row in message.buttons for text, _ in row]

    def _latest_with_buttons(self) -> BotMessage | None:
        for message in reversed(self.stand.messages_to(self.user)):
            if message.buttons and not message.deleted:
                return message
        return None

    async def settle(self) -> None:
        await self.stand.wait_acknowledged(timeout=10)
        await self.app.update_queue.join()
        self.show_new()

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False to quit."""
        if not line.strip():
            return True
        if line.startswith(":"):
            command, _, rest = line[1:].partition(" ")
            if command in ("quit", "q", "exit"):
                return False
            if command == "help":
                print(HELP)
            elif command.isdigit():
                await self._press(int(command))
            elif command in self.meta:
                await self.meta[command](rest.strip())
            else:
                print(f"  Unknown meta-command :{command}. Try :help.")
            return True
        self.last_text = self.user.send(line, reply_to=self.replying_to)
        self.replying_to = None
        await self.settle()
        return True

    async def _press(self, number: int) -> None:
        message = self._latest_with_buttons()
        buttons = self._buttons(message) if message else []
        if message is None or not 1 <= number <= len(buttons):
            print("  No such button.")
            return
        self.user.press(message, buttons[number - 1])
        await self.settle()

    async def _photo(self, caption: str) -> None:
        self.user.send_photo(caption or None)
        await self.settle()

    async def _sticker(self, _: str) -> None:
        self.user.send_sticker()
        await self.settle()

    async def _location(self, rest: str) -> None:
        numbers = re.findall(r"-?\d+(?:\.\d+)?", rest)
        if len(numbers) != 2:
            print("  Usage: :location 52.52 13.40")
            return
        self.user.send_location(float(numbers[0]), float(numbers[1]))
        await self.settle()

    async def _edit(self, text: str) -> None:
        if self.last_text is None or not text:
            print("  Usage: :edit TEXT (edits your last text message)")
            return
        self.last_text = self.user.edit(self.last_text, text)
        await self.settle()

    def _prompt(self, kind: str) -> Callable[[str], Awaitable[None]]:
        async def fire(_: str) -> None:
            user = await self.app.services.store.users.get(self.user.id)
            if user is None:
                print("  Say /start first, so I know your time zone.")
                return
            await self.app.services.nudges.fire_now(user, kind)
            await self.app.services.nudges.drained(timeout=10)
            self.show_new()

        return fire

    async def _time(self, rest: str) -> None:
        clock = self.app.services.clock
        user = await self.app.services.store.users.get(self.user.id)
        try:
            wall = parse_time(rest)
        except TimeParseError:
            print("  Usage: :time 21:00 (moves the clock forward to the next 21:00 in your zone)")
            return
        if user is None or not isinstance(clock, OffsetClock):
            print("  Say /start first, so I know your time zone.")
            return
        tz = zone(user.timezone)
        target = first_due(wall, tz, clock.now())
        clock.move_to(target)
        local = target.astimezone(tz)
        print(f"  (the clock now reads {local:%a %d %b %H:%M} in {user.timezone})")
        await self.app.services.nudges.tick()
        await self.app.services.nudges.drained(timeout=10)
        self.show_new()


async def _read_line(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


async def run_sandbox(settings: Settings, *, db_path: Path | None, name: str) -> int:
    with tempfile.TemporaryDirectory(prefix="smallwins-") as tmp:
        database = db_path or Path(tmp) / "sandbox.db"
        async with StandIn() as stand:
            sandbox_settings = settings.with_overrides(
                token=stand.token, api_url=stand.base_url, db_path=database
            )
            app = build_application(sandbox_settings, OffsetClock())
            user = stand.user(name, language_code="en")
            async with polling(app):
                sandbox = Sandbox(stand, app, user)
                sandbox.show_new()
                print(f"smallwins sandbox: you are {name}, chatting with the bot. ")
                print("Say /start to begin, or just type a win. :help lists meta-commands.")
                print(f"(database: {database})\n")
                while True:
                    line = await _read_line("you: ")
                    if line is None:
                        print()
                        break
                    try:
                        if not await sandbox.handle(line):
                            break
                    except (TimeoutError, AssertionError) as error:
                        print(f"  (the bot did not answer: {error})", file=sys.stderr)
                with contextlib.suppress(Exception):
                    sandbox.show_new()
    return 0
