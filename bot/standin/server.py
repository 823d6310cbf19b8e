"""A local stand-in for the Telegram Bot API that plays users and records the bot.

The real python-telegram-bot ``Application`` talks to it over HTTP on 127.0.0.1
through ``base_url``/``base_file_url``. Fake users and groups inject updates; every
action of the bot is recorded in ``sent``; requests are validated like Telegram
validates them (HTML entities, keyboards, access to chats) and faults can be injected.

Privacy mode (on by default, like for every bot): in groups the bot only receives
commands meant for it (``/cmd`` or ``/cmd@this_bot``), replies to its messages,
messages mentioning ``@this_bot``, and service messages; other group messages are not
delivered (``UserMessage.update_id`` is None). A bot that is an administrator, or a
stand-in created with ``privacy_mode=False``, receives everything. Private chats
deliver everything. Callback queries are always delivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import socket
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, NoReturn
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from .actors import FakeGroup, FakeUser, ReplyRef, chat_id_of
from .entities import EntityParseError, command_target, parse_html, user_entities, utf16_len
from .records import (
    JSON,
    ApiError,
    ApiErrorRecord,
    BotMessage,
    Button,
    CallbackAnswer,
    FaultFired,
    Keyboard,
    LimitViolation,
    SentRecord,
    UserMessage,
    Version,
    WebhookFailure,
    bad_request,
    forbidden,
)

logger = logging.getLogger(__name__)

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

# Methods that put a new message into a chat (counted by wait_sent and the rate enforcer).
MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
    "login_url",
    "web_app",
    "copy_text",
)
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# A valid 1×1 PNG, the default content of photos users send.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b0d4d60000000049454e44ae426082"
)


# Who Telegram says sent a message that an anonymous group admin posted.
ANONYMOUS_ADMIN: JSON = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


class WaitTimeout(AssertionError, TimeoutError):
    """An awaited condition on the stand-in did not happen in time."""


class _Superseded(ApiError):
    """A long poll ended by a newer getUpdates call."""


class _Signal:
    """A condition that synchronous code can notify: waiters re-check after each pulse."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, seconds: float | None) -> None:
        """Wait for the next pulse, at most ``seconds`` (None: no limit)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)

    async def wait_until(self, predicate: Callable[[], bool], seconds: float, what: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise WaitTimeout(f"stand-in: timed out after {seconds:g}s waiting for {what}")
            await self.wait(remaining)


class Params:
    """Request parameters from a query string, form, multipart body or JSON body."""

    def __init__(self, data: dict[str, Any], files: dict[str, tuple[bytes, str, str]]) -> None:
        self.data = data
        self.files = files

    def get(self, name: str) -> Any:
        return self.data.get(name)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else str(value)

    def integer(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Float') from None

    def flag(self, name: str) -> bool:
        value = self.data.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def structured(self, name: str) -> Any:
        """A nested value (JSON-encoded in forms, plain in JSON bodies)."""
        value = self.data.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> int:
        value = self.data.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def maybe_chat_id(self) -> int | None:
        try:
            return self.chat_id()
        except ApiError:
            return None


@dataclass(slots=True)
class _Fault:
    method: str  # lower-case method name, or "*"
    error: str
    chat_id: int | None
    remaining: int
    retry_after: int
    description: str | None
    hang_seconds: float
    migrate_to: int | None
    apply: bool


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None
    mime_type: str | None
    path: str


class _Limits:
    """Sliding windows over the stand-in's monotonic clock, like Telegram's flood limits."""

    def __init__(self, global_per_s: int, private_per_s: int, group_per_min: int) -> None:
        self.global_per_s = global_per_s
        self.private_per_s = private_per_s
        self.group_per_min = group_per_min
        self._global: deque[float] = deque()
        self._chats: dict[int, list[float]] = {}

    def admit(self, chat_id: int | None, now: float) -> str | None:
        """Count a send at ``now``; return the name of the exceeded limit, if any."""
        window = self._global
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.global_per_s:
            return "global"
        stamps: list[float] | None = None
        if chat_id is not None:
            private = chat_id > 0
            span, limit = (1.0, self.private_per_s) if private else (60.0, self.group_per_min)
            stamps = self._chats.setdefault(chat_id, [])
            while stamps and stamps[0] <= now - span:
                stamps.pop(0)
            if len(stamps) >= limit:
                return "private_chat" if private else "group"
            stamps.append(now)
        window.append(now)
        return None


_SyncMethod = Callable[[Params], Any]


class StandIn:
    """The fake Bot API server plus the world it simulates (see the module docstring)."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "smallwins_bot",
        *,
        bot_first_name: str = "Small Wins",
        privacy_mode: bool = True,
        strict_ampersand: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
        monotonic: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        webhook_attempts: int = 3,
        first_message_id: int = 1,
        first_update_id: int = 1,
    ) -> None:
        self.token = token
        prefix = token.partition(":")[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 1
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.privacy_mode = privacy_mode
        self.strict_ampersand = strict_ampersand
        self.host = host
        self.port = port
        self._monotonic = monotonic
        self._wall_clock = wall_clock
        self.webhook_attempts = webhook_attempts

        # What tests inspect.
        self.sent: list[SentRecord] = []
        self.errors: list[ApiErrorRecord] = []
        self.commands: dict[str, list[tuple[str, str]]] = {}
        self.descriptions: dict[str, str] = {}
        self.reactions: dict[tuple[int, int], list[str]] = {}
        self.answered_callbacks: dict[str, CallbackAnswer] = {}
        self.faults_fired: list[FaultFired] = []
        self.limit_violations: list[LimitViolation] = []
        self.accepted_counts: Counter[tuple[int, str]] = Counter()
        self.webhook_failures: list[WebhookFailure] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None

        # The simulated world.
        self.users: dict[int, FakeUser] = {}
        self.groups: dict[int, FakeGroup] = {}
        self._migrated: dict[int, int] = {}
        self._next_user_id = 100_000_001
        self._next_group_n = 1
        # Message ids in every chat start here (the sandbox starts a reused database's
        # run above the ids its messages were stored under).
        self._first_message_id = first_message_id
        self._message_counters: dict[int, int] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._bot_messages: dict[int, dict[int, BotMessage]] = {}
        self._files: dict[str, StoredFile] = {}
        self._file_paths: dict[str, StoredFile] = {}
        self._open_queries: dict[str, int] = {}
        self._next_query = 1

        # Updates.
        self._pending: deque[tuple[int, JSON]] = deque()
        self._delivered: dict[int, JSON] = {}
        self._first_update_id = first_update_id
        self._next_update_id = first_update_id
        self._ack_below = first_update_id
        self._dropped: set[int] = set()
        self._allowed = DEFAULT_ALLOWED_UPDATES
        self._poll_generation = 0
        self.polls_waiting = 0  # getUpdates calls currently long-polling

        self._faults: list[_Fault] = []
        self._limits: _Limits | None = None
        self._limit_retry_after = 1
        self._message_count = 0
        self._message_count_by_chat: Counter[int] = Counter()

        self._updates_signal = _Signal()
        self._state_signal = _Signal()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._methods: dict[str, tuple[str, _SyncMethod]] = {
            name.lower(): (name, method)
            for name, method in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "deleteWebhook": self._delete_webhook,
                "setWebhook": self._set_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendChatAction": self._send_chat_action,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "editMessageMedia": self._edit_message_media,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setMyDescription": self._set_my_description,
                "getMyDescription": self._get_my_description,
                "setMyShortDescription": self._set_my_short_description,
                "getMyShortDescription": self._get_my_short_description,
                "setMessageReaction": self._set_message_reaction,
                "getChat": self._get_chat,
                "getChatMember": self._get_chat_member,
                "getChatAdministrators": self._get_chat_administrators,
                "getFile": self._get_file,
                "leaveChat": self._leave_chat,
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one, see ``self.port``)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._closing = asyncio.Event()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._webhook_task = asyncio.create_task(self._webhook_loop(), name="standin-webhook")

    async def stop(self) -> None:
        """Stop serving; pending long polls and hanging faults return at once."""
        self._closing.set()
        self._updates_signal.notify()
        self._state_signal.notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> StandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)`` / ``ApplicationBuilder().base_url(...)``."""
        return f"http://{self._url_host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._url_host}:{self.port}/file/bot"

    @property
    def _url_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    # ------------------------------------------------------------------ actors

    def user(
        self,
        first_name: str = "Ada",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        user_id: int | None = None,
        started: bool = False,
    ) -> FakeUser:
        """A new fake user; ``started=True`` opens the private chat right away."""
        if user_id is None:
            while self._next_user_id in self.users:
                self._next_user_id += 1
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id <= 0 or user_id in self.users or user_id == self.bot_id:
            raise ValueError(f"user id {user_id} is taken or invalid")
        user = FakeUser(
            self,
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        user.started = started
        self.users[user_id] = user
        return user

    def group(
        self,
        title: str,
        members: Iterable[FakeUser] = (),
        admins: Iterable[FakeUser] = (),
        *,
        supergroup: bool = False,
        owner: FakeUser | None = None,
        with_bot: bool = False,
        bot_admin: bool = False,
        chat_id: int | None = None,
    ) -> FakeGroup:
        """A group of fake users; the bot is not in it unless ``with_bot`` (or add_bot)."""
        if chat_id is None:
            chat_id = self._new_group_id(self._next_group_n, supergroup)
            self._next_group_n += 1
        if chat_id >= 0 or chat_id in self.groups:
            raise ValueError(f"group id {chat_id} is taken or invalid")
        group = FakeGroup(self, chat_id, title, supergroup=supergroup, owner=owner)
        for user in [*members, *admins, *([owner] if owner else [])]:
            group.members[user.id] = user
        group.admins = {user.id for user in admins}
        if with_bot or bot_admin:
            group.bot_status = "administrator" if bot_admin else "member"
        self.groups[group.id] = group
        return group

    def _new_group_id(self, n: int, supergroup: bool) -> int:
        return -1_001_000_000_000 - n if supergroup else -4_000_000_000 - n

    # ------------------------------------------------------------------ inspection

    def messages_to(self, chat: FakeUser | FakeGroup | int) -> list[BotMessage]:
        """The bot's messages in a chat as they are now (edits applied, deletions gone)."""
        by_id = self._bot_messages.get(chat_id_of(chat), {})
        return [message for message in by_id.values() if not message.deleted]

    def last_message_to(self, chat: FakeUser | FakeGroup | int) -> BotMessage:
        messages = self.messages_to(chat)
        if not messages:
            raise AssertionError(f"the bot has no message in chat {chat!r}")
        return messages[-1]

    def bot_message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self._bot_messages.get(chat_id, {}).get(message_id)

    def commands_for(
        self,
        scope: str = "default",
        *,
        chat_id: int | None = None,
        user_id: int | None = None,
        language_code: str = "",
    ) -> list[tuple[str, str]]:
        key = self._commands_key(
            {"type": scope, "chat_id": chat_id, "user_id": user_id}, language_code
        )
        return self.commands.get(key, [])

    def duplicates(self) -> dict[tuple[int, str], int]:
        """Accepted messages sent more than once to the same chat with the same text."""
        return {key: count for key, count in self.accepted_counts.items() if count > 1}

    def file_bytes(self, file_id: str) -> bytes:
        return self._files[file_id].data

    @property
    def last_update_id(self) -> int | None:
        return self._next_update_id - 1 if self._next_update_id > self._first_update_id else None

    @property
    def pending_update_count(self) -> int:
        return len(self._pending)

    # ------------------------------------------------------------------ synchronisation

    async def wait_acknowledged(
        self,
        update: int | UserMessage | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the condition, not for I/O
    ) -> None:
        """Wait until the bot took the update: a getUpdates with a higher offset, or a
        finished webhook POST. Default: the last update injected."""
        if isinstance(update, UserMessage):
            if update.update_id is None:
                raise ValueError(f"{update!r} was not delivered to the bot (privacy mode?)")
            update_id: int | None = update.update_id
        else:
            update_id = update if update is not None else self.last_update_id
        if update_id is None:
            return
        target = update_id
        await self._state_signal.wait_until(
            lambda: target < self._ack_below or target in self._dropped,
            timeout,
            f"the bot to acknowledge update {target} (acknowledged below {self._ack_below})",
        )

    async def wait_polling(self, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot is long-polling (getUpdates waiting with nothing to return)."""
        await self._state_signal.wait_until(
            lambda: self.polls_waiting > 0, timeout, "the bot to long-poll getUpdates"
        )

    async def wait_for(
        self,
        predicate: Callable[[list[SentRecord]], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        what: str = "a condition on the sent records",
    ) -> list[SentRecord]:
        """Wait until ``predicate(stand.sent)`` holds."""
        await self._state_signal.wait_until(lambda: predicate(self.sent), timeout, what)
        return self.sent

    async def wait_record(
        self,
        match: Callable[[SentRecord], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        start: int = 0,
    ) -> SentRecord:
        """Wait for the first record (from index ``start``) that matches."""
        position = start
        found: list[SentRecord] = []

        def scan() -> bool:
            nonlocal position
            while position < len(self.sent):
                record = self.sent[position]
                position += 1
                if match(record):
                    found.append(record)
                    return True
            return False

        await self._state_signal.wait_until(scan, timeout, "a matching sent record")
        return found[0]

    async def wait_sent(
        self,
        count: int = 1,
        *,
        chat_id: FakeUser | FakeGroup | int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentRecord]:
        """Wait until the bot has sent ``count`` messages (overall or to one chat);
        returns those message records."""
        cid = None if chat_id is None else chat_id_of(chat_id)

        def done() -> bool:
            if cid is None:
                return self._message_count >= count
            return self._message_count_by_chat[cid] >= count

        where = "" if cid is None else f" to chat {cid}"
        got = self._message_count if cid is None else self._message_count_by_chat[cid]
        await self._state_signal.wait_until(
            done, timeout, f"{count} messages from the bot{where} (had {got} when waiting began)"
        )
        return [
            r
            for r in self.sent
            if r.method in MESSAGE_METHODS and (cid is None or r.chat_id == cid)
        ]

    # ------------------------------------------------------------------ faults and limits

    def inject(
        self,
        method: str = "sendMessage",
        error: str = "429",
        *,
        chat_id: FakeUser | FakeGroup | int | None = None,
        times: int = 1,
        retry_after: int = 3,
        description: str | None = None,
        hang_seconds: float = 30.0,
        migrate_to: int | None = None,
        apply: bool = False,
    ) -> None:
        """Make the next ``times`` matching calls fail.

        error: "429", "5xx" (e.g. "500", "502"), "timeout" (hold the response
        ``hang_seconds``), "403", "migrate" or "400" (with ``description``).
        ``apply=True`` lets the call take effect before failing (a lost response).
        ``method="*"`` matches every method but getUpdates.
        """
        valid = error in ("429", "timeout", "403", "migrate", "400")
        if not valid and not (error.isdigit() and error.startswith("5") and len(error) == 3):
            raise ValueError(f"unknown fault {error!r}")
        self._faults.append(
            _Fault(
                method=method.lower(),
                error=error,
                chat_id=None if chat_id is None else chat_id_of(chat_id),
                remaining=times,
                retry_after=retry_after,
                description=description,
                hang_seconds=hang_seconds,
                migrate_to=migrate_to,
                apply=apply,
            )
        )

    def raw_update(self, kind: str, body: JSON) -> int | None:
        """Deliver an update exactly as given (for malformed ones Telegram may still
        send, e.g. a field a newer Bot API added that this python-telegram-bot requires);
        returns its update_id."""
        return self._enqueue(kind, body)

    def clear_faults(self) -> None:
        self._faults.clear()

    def enforce_limits(
        self,
        global_per_s: int = 30,
        per_private_chat_per_s: int = 1,
        per_group_per_min: int = 20,
        *,
        retry_after: int = 1,
    ) -> None:
        """Answer sends above Telegram's flood limits with 429 and count them."""
        self._limits = _Limits(global_per_s, per_private_chat_per_s, per_group_per_min)
        self._limit_retry_after = retry_after

    # ------------------------------------------------------------------ HTTP

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        requested = request.match_info["method"]
        lowered = requested.lower()
        entry = self._methods.get(lowered)
        if entry is None and lowered != "getupdates":
            return _error_response(ApiError(404, "Not Found"))
        name = entry[0] if entry else "getUpdates"
        try:
            params = await _read_params(request)
        except ValueError:
            return _error_response(bad_request("can't parse request body"))
        chat_id = params.maybe_chat_id()
        try:
            fault = self._take_fault(lowered, chat_id)
            if fault is not None:
                await self._fire(fault, name, chat_id, params)
            if entry is None:
                return _ok_response(await self._get_updates(params))
            if self._limits is not None and name in MESSAGE_METHODS:
                self._check_limits(name, chat_id)
            return _ok_response(entry[1](params))
        except _Superseded as err:
            # The client gave up on that long poll (PTB cancels it on stop): not an error.
            return _error_response(err)
        except ApiError as err:
            self.errors.append(
                ApiErrorRecord(name, chat_id, err.status, err.description, self._monotonic())
            )
            self._state_signal.notify()
            return _error_response(err)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        stored = self._file_paths.get(request.match_info["path"])
        if stored is None:
            return _error_response(ApiError(404, "Not Found"))
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    def _take_fault(self, method: str, chat_id: int | None) -> _Fault | None:
        for fault in self._faults:
            if fault.method != method and not (fault.method == "*" and method != "getupdates"):
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        return None

    async def _fire(
        self, fault: _Fault, name: str, chat_id: int | None, params: Params
    ) -> NoReturn:
        self.faults_fired.append(FaultFired(name, chat_id, fault.error, self._monotonic()))
        if fault.apply and name.lower() in self._methods:
            self._methods[name.lower()][1](params)
        error = _fault_error(fault, chat_id)
        if fault.error == "timeout":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), fault.hang_seconds)
        raise error

    def _check_limits(self, name: str, chat_id: int | None) -> None:
        assert self._limits is not None
        now = self._monotonic()
        exceeded = self._limits.admit(chat_id, now)
        if exceeded is not None:
            self.limit_violations.append(LimitViolation(name, chat_id, exceeded, now))
            retry = self._limit_retry_after
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})

    # ------------------------------------------------------------------ updates

    def _enqueue(self, kind: str, body: JSON) -> int | None:
        """Queue an update for the bot; None if allowed_updates excludes its kind."""
        update_id = self._next_update_id
        self._next_update_id += 1
        if kind not in self._allowed:
            self._dropped.add(update_id)
            self._state_signal.notify()
            return update_id
        update = {"update_id": update_id, kind: body}
        self._delivered[update_id] = update
        self._pending.append((update_id, update))
        self._updates_signal.notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Deliver an update again with its id, as Telegram does with one the bot never
        confirmed (it crashed, or a webhook answer got lost): for a restarted bot."""
        update = self._delivered[update_id]
        self._pending.append((update_id, update))
        self._ack_below = min(self._ack_below, update_id)
        self._updates_signal.notify()

    def _confirm(self, offset: int) -> None:
        pending = self._pending
        if offset < 0:
            while len(pending) > -offset:
                self._ack_below = pending.popleft()[0] + 1
        else:
            while pending and pending[0][0] < offset:
                pending.popleft()
            self._ack_below = max(self._ack_below, offset)
        self._state_signal.notify()

    async def _get_updates(self, params: Params) -> list[JSON]:
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
        self._updates_signal.notify()  # an older long poll is now superseded
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._pending:
                return [update for _, update in itertools.islice(self._pending, limit)]
            if self._closing.is_set():
                return []
            if generation != self._poll_generation:
                raise _Superseded(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            self.polls_waiting += 1
            self._state_signal.notify()
            try:
                await self._updates_signal.wait(remaining)
            finally:
                self.polls_waiting -= 1

    def _set_allowed(self, allowed: Any) -> None:
        if isinstance(allowed, list):
            self._allowed = frozenset(allowed) if allowed else DEFAULT_ALLOWED_UPDATES

    async def _webhook_loop(self) -> None:
        while not self._closing.is_set():
            if not (self.webhook_url and self._pending):
                await self._updates_signal.wait(None)
                continue
            update_id, update = self._pending[0]
            for attempt in range(1, self.webhook_attempts + 1):
                if await self._post_webhook(update_id, update) or not self.webhook_url:
                    break
                if attempt < self.webhook_attempts:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._closing.wait(), 0.02 * attempt)
            if self._pending and self._pending[0][0] == update_id:
                self._pending.popleft()
            self._ack_below = max(self._ack_below, update_id + 1)
            self._state_signal.notify()

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
                    update_id, response.status, response.reason or "", self._monotonic()
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            failure = WebhookFailure(update_id, None, repr(exc), self._monotonic())
        self.webhook_failures.append(failure)
        return False

    # ------------------------------------------------------------------ chats and access

    def _chat_json(self, chat_id: int) -> JSON:
        if chat_id > 0:
            return self.users[chat_id].private_chat_json()
        return self.groups[chat_id].to_json()

    def _writable_chat(self, chat_id: int) -> JSON:
        """The chat if the bot may post there, or Telegram's error."""
        if chat_id > 0:
            user = self.users.get(chat_id)
            if user is None:
                raise bad_request("chat not found")
            if user.blocked:
                raise forbidden("bot was blocked by the user")
            if not user.started:
                raise forbidden("bot can't initiate conversation with a user")
            return user.private_chat_json()
        if chat_id in self._migrated:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        group = self.groups.get(chat_id)
        if group is None:
            raise bad_request("chat not found")
        if group.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {group.type} chat")
        if group.bot_status == "left":
            raise forbidden(f"bot is not a member of the {group.type} chat")
        return group.to_json()

    def _postable_chat(self, chat_id: int) -> JSON:
        """Like `_writable_chat`, for new messages: a restricted bot may not post."""
        chat = self._writable_chat(chat_id)
        group = self.groups.get(chat_id)
        if group is not None and not group.bot_can_send:
            raise bad_request("not enough rights to send text messages to the chat")
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._message_counters.get(chat_id, self._first_message_id - 1) + 1
        self._message_counters[chat_id] = message_id
        return message_id

    def _bot_json(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _reply_target(self, chat_id: int, message_id: int | None) -> JSON | None:
        if message_id is None:
            return None
        replied = self._messages.get((chat_id, message_id))
        if replied is None:
            return None
        return {k: v for k, v in replied.items() if k != "reply_to_message"}

    # ------------------------------------------------------------------ user side

    def _user_chat(self, user: FakeUser, chat: FakeGroup | None) -> JSON:
        if chat is None:
            if user.blocked:
                raise RuntimeError(f"{user!r} blocked the bot; call unblock_bot() first")
            user.started = True
            return user.private_chat_json()
        if user.id not in chat.members:
            raise ValueError(f"{user!r} is not a member of {chat!r}")
        return chat.to_json()

    def _user_message(
        self,
        user: FakeUser,
        chat: FakeGroup | None,
        content: JSON,
        *,
        text: str | None,
        reply_to: ReplyRef | None,
        anonymous: bool = False,
    ) -> UserMessage:
        chat_json = self._user_chat(user, chat)
        chat_id: int = chat_json["id"]
        payload: JSON = {
            "message_id": self._next_message_id(chat_id),
            "from": user.to_json(),
            "chat": chat_json,
            "date": int(self._wall_clock()),
            **content,
        }
        if anonymous:
            if chat is None or chat.member_status(user.id) not in ("creator", "administrator"):
                raise ValueError(f"only an admin of a group can post anonymously, not {user!r}")
            payload["from"] = dict(ANONYMOUS_ADMIN)
            payload["sender_chat"] = chat_json
        caption = content.get("caption")
        if text is not None:
            entities = user_entities(text)
            if entities:
                payload["entities"] = entities
        elif caption:
            entities = user_entities(caption)
            if entities:
                payload["caption_entities"] = entities
        if reply_to is not None:
            target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            replied = self._reply_target(chat_id, target_id)
            if replied is None:
                raise ValueError(f"no message {target_id} to reply to in chat {chat_id}")
            payload["reply_to_message"] = replied
        self._messages[(chat_id, payload["message_id"])] = payload
        update_id = None
        if chat is None or self._group_delivers(chat, payload):
            update_id = self._enqueue("message", payload)
        return UserMessage(chat_id, payload["message_id"], text, update_id, payload)

    def _group_delivers(self, group: FakeGroup, payload: JSON, *, service: bool = False) -> bool:
        """Privacy mode: whether a group message reaches the bot (see module docstring)."""
        if not group.has_bot:
            return False
        if service or not self.privacy_mode or group.bot_status == "administrator":
            return True
        text = payload.get("text") or payload.get("caption") or ""
        if "text" in payload:
            target = command_target(text)
            if target is not None and (
                target[1] is None or target[1].lower() == self.bot_username.lower()
            ):
                return True
        replied = payload.get("reply_to_message")
        if replied is not None and replied.get("from", {}).get("id") == self.bot_id:
            return True
        return f"@{self.bot_username.lower()}" in text.lower()

    def _user_media(
        self,
        user: FakeUser,
        chat: FakeGroup | None,
        kind: str,
        caption: str | None,
        data: bytes | None,
        extra: JSON | None,
        reply_to: ReplyRef | None,
    ) -> UserMessage:
        defaults = {"photo": TINY_PNG, "sticker": b"RIFF\x00\x00\x00\x00WEBP", "voice": b"OggS"}
        mime = {"photo": "image/png", "sticker": "image/webp", "voice": "audio/ogg"}
        extra = dict(extra or {})
        content_bytes = data if data is not None else defaults.get(kind, b"")
        stored = self._store_file(
            content_bytes,
            kind,
            filename=extra.get("file_name"),
            mime_type=extra.get("mime_type") or mime.get(kind),
        )
        file_json = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(content_bytes),
        }
        content: JSON
        if kind == "photo":
            width, height = _image_size(content_bytes)
            small = self._store_file(content_bytes, kind, mime_type="image/png")
            content = {
                "photo": [
                    {
                        "file_id": small.file_id,
                        "file_unique_id": small.file_unique_id,
                        "file_size": len(content_bytes),
                        "width": max(width // 4, 1),
                        "height": max(height // 4, 1),
                    },
                    {**file_json, "width": width, "height": height},
                ]
            }
        else:
            content = {kind: {**file_json, **extra}}
        if caption is not None:
            content["caption"] = caption
        return self._user_message(user, chat, content, text=None, reply_to=reply_to)

    def _user_edit(self, user: FakeUser, message: UserMessage, text: str) -> UserMessage:
        payload = self._messages.get((message.chat_id, message.message_id))
        if payload is None or payload.get("from", {}).get("id") != user.id:
            raise ValueError(f"{user!r} has no message {message.message_id} to edit")
        if "text" not in payload:
            raise ValueError("only text messages can be edited this way")
        payload = {**payload, "text": text, "edit_date": int(self._wall_clock())}
        payload.pop("entities", None)
        entities = user_entities(text)
        if entities:
            payload["entities"] = entities
        self._messages[(message.chat_id, message.message_id)] = payload
        group = self.groups.get(message.chat_id)
        update_id = None
        if group is None or self._group_delivers(group, payload):
            update_id = self._enqueue("edited_message", payload)
        return UserMessage(message.chat_id, message.message_id, text, update_id, payload)

    def _press(
        self,
        user: FakeUser,
        message: BotMessage,
        text: str | None,
        row: int | None,
        col: int | None,
    ) -> str:
        current = self.bot_message(message.chat_id, message.message_id)
        if current is None or current.deleted:
            raise ValueError(f"bot message {message.message_id} is gone")
        if text is not None:
            matches = [b for r in current.keyboard for b in r if b.text == text]
            if not matches:
                raise ValueError(f"no button {text!r}; buttons: {current.button_texts}")
            button = matches[0]
        elif row is not None and col is not None:
            button = current.keyboard[row][col]
        else:
            raise ValueError("press needs a button text or row and col")
        if button.callback_data is None:
            raise ValueError(f"button {button.text!r} has no callback_data")
        return self._press_data(user, current, button.callback_data)

    def _press_data(self, user: FakeUser, message: BotMessage, data: str) -> str:
        current = self.bot_message(message.chat_id, message.message_id)
        if current is None or current.deleted:
            raise ValueError(f"bot message {message.message_id} is gone")
        query_id = f"{user.id}{self._next_query:06d}"
        self._next_query += 1
        self._open_queries[query_id] = message.chat_id
        body = {
            "id": query_id,
            "from": user.to_json(),
            "message": current.payload,
            "chat_instance": str(abs(message.chat_id)),
            "data": data,
        }
        self._enqueue("callback_query", body)
        return query_id

    def _my_chat_member(
        self,
        chat: JSON,
        actor: FakeUser,
        old: str,
        new: str,
        *,
        could_send: bool = True,
        can_send: bool = True,
    ) -> int | None:
        bot = self._bot_json()

        def member(status: str, sends: bool = True) -> JSON:
            data: JSON = {"user": bot, "status": status}
            if status == "kicked":
                data["until_date"] = 0
            elif status == "administrator":
                data |= _admin_rights(can_be_edited=False)
            elif status == "restricted":
                data |= _restricted_rights(can_send=sends)
            return data

        body = {
            "chat": chat,
            "from": actor.to_json(),
            "date": int(self._wall_clock()),
            "old_chat_member": member(old, could_send),
            "new_chat_member": member(new, can_send),
        }
        return self._enqueue("my_chat_member", body)

    def _service_message(self, group: FakeGroup, actor: FakeUser, content: JSON) -> int | None:
        payload: JSON = {
            "message_id": self._next_message_id(group.id),
            "from": actor.to_json(),
            "chat": group.to_json(),
            "date": int(self._wall_clock()),
            **content,
        }
        self._messages[(group.id, payload["message_id"])] = payload
        if self._group_delivers(group, payload, service=True):
            return self._enqueue("message", payload)
        return None

    def _set_blocked(self, user: FakeUser, *, blocked: bool) -> None:
        if user.blocked == blocked:
            return
        user.blocked = blocked
        if blocked:
            self._my_chat_member(user.private_chat_json(), user, "member", "kicked")
        else:
            user.started = True
            self._my_chat_member(user.private_chat_json(), user, "kicked", "member")

    def _add_bot(self, group: FakeGroup, by: FakeUser, *, admin: bool) -> None:
        old = group.bot_status
        group.bot_status = "administrator" if admin else "member"
        group.bot_can_send = True
        self._my_chat_member(group.to_json(), by, old, group.bot_status)
        bot = self._bot_json()
        content = {"new_chat_members": [bot], "new_chat_member": bot, "new_chat_participant": bot}
        self._service_message(group, by, content)

    def _restrict_bot(self, group: FakeGroup, by: FakeUser, *, can_send: bool) -> None:
        if not group.supergroup:
            raise ValueError("Telegram restricts members in supergroups only")
        old, could_send = group.bot_status, group.bot_can_send
        group.bot_status, group.bot_can_send = "restricted", can_send
        self._my_chat_member(
            group.to_json(), by, old, "restricted", could_send=could_send, can_send=can_send
        )

    def _unrestrict_bot(self, group: FakeGroup, by: FakeUser) -> None:
        old, could_send = group.bot_status, group.bot_can_send
        group.bot_status, group.bot_can_send = "member", True
        self._my_chat_member(group.to_json(), by, old, "member", could_send=could_send)

    def _remove_bot(self, group: FakeGroup, by: FakeUser) -> None:
        old = group.bot_status
        group.bot_status = "kicked"
        self._my_chat_member(group.to_json(), by, old, "kicked" if group.supergroup else "left")

    def _add_member(
        self, group: FakeGroup, user: FakeUser, *, admin: bool, by: FakeUser | None
    ) -> None:
        group.members[user.id] = user
        if admin:
            group.admins.add(user.id)
        content = {
            "new_chat_members": [user.to_json()],
            "new_chat_member": user.to_json(),
            "new_chat_participant": user.to_json(),
        }
        self._service_message(group, by or user, content)

    def _remove_member(self, group: FakeGroup, user: FakeUser) -> None:
        group.members.pop(user.id, None)
        group.admins.discard(user.id)
        content = {"left_chat_member": user.to_json(), "left_chat_participant": user.to_json()}
        self._service_message(group, user, content)

    def _migrate(self, group: FakeGroup) -> int:
        if group.supergroup:
            raise ValueError(f"{group!r} is already a supergroup")
        old_id = group.id
        new_id = self._new_group_id(self._next_group_n, supergroup=True)
        self._next_group_n += 1
        actor = group.owner or next(iter(group.members.values()), None)
        if actor is None:
            raise ValueError("a group without members cannot migrate")
        self._service_message(group, actor, {"migrate_to_chat_id": new_id})
        group.previous_ids.append(old_id)
        group.id = new_id
        group.supergroup = True
        self.groups[new_id] = group
        self._migrated[old_id] = new_id
        self._service_message(group, actor, {"migrate_from_chat_id": old_id})
        return new_id

    # ------------------------------------------------------------------ bot side helpers

    def _parse_text(
        self, params: Params, field: str, entities_field: str, *, limit: int, kind: str
    ) -> tuple[str | None, str | None, tuple[JSON, ...]]:
        """(plain text, raw text, entities) of a text or caption; validates like Telegram."""
        raw = params.text(field)
        if raw is None:
            return None, None, ()
        parse_mode = (params.text("parse_mode") or "").lower()
        if parse_mode == "html":
            try:
                parsed = parse_html(raw, strict_ampersand=self.strict_ampersand)
            except EntityParseError as err:
                raise bad_request(f"can't parse entities: {err}") from None
            plain, entities = parsed.text, parsed.entities
        else:
            plain = raw
            given = params.structured(entities_field)
            entities = tuple(given) if isinstance(given, list) else ()
        if utf16_len(plain) > limit:
            raise bad_request(f"message {kind}is too long")
        return plain, raw, entities

    def _parse_markup(self, params: Params) -> tuple[Keyboard, JSON | None]:
        markup = params.structured("reply_markup")
        if markup is None:
            return (), None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            # Reply keyboards (and their removal) live in the client; like Telegram, the
            # returned Message carries only inline keyboards. The request params keep them.
            return (), None
        if not isinstance(rows, list):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
            )
        keyboard: list[tuple[Button, ...]] = []
        for row in rows:
            if not isinstance(row, list):
                raise bad_request(
                    "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
                )
            keyboard.append(tuple(_parse_button(button) for button in row))
        if sum(len(row) for row in keyboard) > 100:
            raise bad_request("reply markup is too long")
        return tuple(keyboard), markup

    def _reply_to_id(self, params: Params, chat_id: int) -> int | None:
        reply = params.structured("reply_parameters")
        allow = params.flag("allow_sending_without_reply")
        message_id: int | None
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow = allow or bool(reply.get("allow_sending_without_reply"))
            if reply.get("chat_id") not in (None, chat_id):
                chat_id = int(reply["chat_id"])
        else:
            message_id = params.integer("reply_to_message_id")
        if message_id is None:
            return None
        if (chat_id, int(message_id)) in self._messages:
            return int(message_id)
        if allow:
            return None
        raise bad_request("message to be replied not found")

    def _new_bot_message(
        self,
        name: str,
        params: Params,
        chat: JSON,
        kind: str,
        content: JSON,
        text: tuple[str | None, str | None, tuple[JSON, ...]],
        file: StoredFile | None,
    ) -> JSON:
        chat_id: int = chat["id"]
        keyboard, markup = self._parse_markup(params)
        reply_to = self._reply_to_id(params, chat_id)
        plain, raw, entities = text
        message_id = self._next_message_id(chat_id)
        payload: JSON = {
            "message_id": message_id,
            "from": self._bot_json(),
            "chat": chat,
            "date": int(self._wall_clock()),
            **content,
        }
        text_key, entities_key = (
            ("text", "entities") if kind == "text" else ("caption", "caption_entities")
        )
        if plain is not None:
            payload[text_key] = plain
            if entities:
                payload[entities_key] = list(entities)
        if markup is not None:
            payload["reply_markup"] = markup
        if reply_to is not None:
            replied = self._reply_target(chat_id, reply_to)
            if replied is not None:
                payload["reply_to_message"] = replied
        now = self._monotonic()
        message = BotMessage(
            chat_id=chat_id,
            message_id=message_id,
            kind=kind,
            text=plain,
            raw_text=raw,
            parse_mode=params.text("parse_mode"),
            entities=entities,
            keyboard=keyboard,
            reply_to=reply_to,
            file_bytes=file.data if file else None,
            filename=file.filename if file else None,
            file_id=file.file_id if file else None,
            at=now,
            payload=payload,
        )
        self._messages[(chat_id, message_id)] = payload
        self._bot_messages.setdefault(chat_id, {})[message_id] = message
        self._message_count += 1
        self._message_count_by_chat[chat_id] += 1
        self.accepted_counts[(chat_id, plain or "")] += 1
        self._record(
            name, chat_id, message_id, plain, raw, params, keyboard, reply_to, file, now=now
        )
        return payload

    def _record(
        self,
        name: str,
        chat_id: int | None,
        message_id: int | None,
        text: str | None,
        raw: str | None,
        params: Params,
        keyboard: Keyboard = (),
        reply_to: int | None = None,
        file: StoredFile | None = None,
        *,
        now: float | None = None,
    ) -> None:
        self.sent.append(
            SentRecord(
                method=name,
                chat_id=chat_id,
                message_id=message_id,
                text=text,
                raw_text=raw,
                parse_mode=params.text("parse_mode"),
                keyboard=keyboard,
                reply_to=reply_to,
                file_bytes=file.data if file else None,
                filename=file.filename if file else None,
                at=self._monotonic() if now is None else now,
                params=params.data,
            )
        )
        self._state_signal.notify()

    def _store_file(
        self, data: bytes, kind: str, *, filename: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        n = len(self._files) + 1
        extension = (filename or "").rpartition(".")[2] if filename and "." in filename else "bin"
        if kind == "photo":
            extension = "png" if data.startswith(b"\x89PNG") else "jpg"
        stored = StoredFile(
            file_id=f"AgAC{kind[:3]}{n:08d}",
            file_unique_id=f"u{n:08d}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            path=f"{kind}s/file_{n}.{extension}",
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.path] = stored
        return stored

    def _input_file(self, params: Params, field: str, kind: str) -> StoredFile:
        upload = params.files.get(field)
        value = params.text(field)
        if upload is None and value and value.startswith("attach://"):
            upload = params.files.get(value.removeprefix("attach://"))
        if upload is not None:
            data, filename, mime_type = upload
            return self._store_file(data, kind, filename=filename, mime_type=mime_type)
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        known = self._files.get(value)
        if known is not None:
            return known
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _existing_bot_message(self, params: Params, chat_id: int, verb: str) -> BotMessage:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by the stand-in")
        message_id = params.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self.bot_message(chat_id, message_id)
        if message is None or message.deleted:
            if (chat_id, message_id) in self._messages:
                raise bad_request(f"message can't be {verb}ed")
            raise bad_request(f"message to {verb} not found")
        return message

    def _apply_edit(
        self,
        name: str,
        params: Params,
        message: BotMessage,
        text: tuple[str | None, str | None, tuple[JSON, ...]] | None,
        file: StoredFile | None = None,
    ) -> JSON:
        keyboard, markup = self._parse_markup(params)
        plain, raw, entities = (
            text if text is not None else (message.text, message.raw_text, message.entities)
        )
        old_markup = message.payload.get("reply_markup")
        unchanged = plain == message.text and entities == message.entities
        if file is None and unchanged and markup == old_markup:
            raise bad_request(NOT_MODIFIED)
        now = self._monotonic()
        message.history.append(
            Version(message.text, message.raw_text, message.keyboard, message.at)
        )
        message.text, message.raw_text, message.entities = plain, raw, entities
        message.keyboard, message.at = keyboard, now
        if text is not None:
            message.parse_mode = params.text("parse_mode")
        payload = {**message.payload, "edit_date": int(self._wall_clock())}
        text_key, entities_key = (
            ("text", "entities") if message.kind == "text" else ("caption", "caption_entities")
        )
        payload.pop(entities_key, None)
        payload.pop(text_key, None)
        if plain is not None:
            payload[text_key] = plain
        if entities:
            payload[entities_key] = list(entities)
        payload.pop("reply_markup", None)
        if markup is not None:
            payload["reply_markup"] = markup
        message.payload = payload
        self._messages[(message.chat_id, message.message_id)] = payload
        self._record(
            name,
            message.chat_id,
            message.message_id,
            plain,
            raw,
            params,
            keyboard,
            file=file,
            now=now,
        )
        return payload

    # ------------------------------------------------------------------ Bot API methods

    def _true(self, params: Params) -> bool:
        return True

    def _get_me(self, params: Params) -> JSON:
        return {
            **self._bot_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _delete_webhook(self, params: Params) -> bool:
        self.webhook_url = None
        self.webhook_secret = None
        if params.flag("drop_pending_updates"):
            self._drop_pending()
        self._updates_signal.notify()
        return True

    def _drop_pending(self) -> None:
        if self._pending:
            self._ack_below = max(self._ack_below, self._pending[-1][0] + 1)
            self._pending.clear()
            self._state_signal.notify()

    def _set_webhook(self, params: Params) -> bool:
        url = params.text("url") or ""
        if not url:
            return self._delete_webhook(params)
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
        self._updates_signal.notify()
        return True

    def _get_webhook_info(self, params: Params) -> JSON:
        info: JSON = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            info["allowed_updates"] = sorted(self._allowed)
        if self.webhook_failures:
            info["last_error_date"] = int(self._wall_clock())
            info["last_error_message"] = self.webhook_failures[-1].detail
        return info

    def _send_message(self, params: Params) -> JSON:
        chat = self._postable_chat(params.chat_id())
        text = self._parse_text(params, "text", "entities", limit=4096, kind="")
        if not (text[0] or "").strip():
            raise bad_request("message text is empty")
        return self._new_bot_message("sendMessage", params, chat, "text", {}, text, None)

    def _send_photo(self, params: Params) -> JSON:
        chat = self._postable_chat(params.chat_id())
        caption = self._parse_text(
            params, "caption", "caption_entities", limit=1024, kind="caption "
        )
        stored = self._input_file(params, "photo", "photo")
        width, height = _image_size(stored.data)
        size = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "width": width,
            "height": height,
        }
        return self._new_bot_message(
            "sendPhoto", params, chat, "photo", {"photo": [size]}, caption, stored
        )

    def _send_document(self, params: Params) -> JSON:
        chat = self._postable_chat(params.chat_id())
        caption = self._parse_text(
            params, "caption", "caption_entities", limit=1024, kind="caption "
        )
        stored = self._input_file(params, "document", "document")
        document: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.filename:
            document["file_name"] = stored.filename
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return self._new_bot_message(
            "sendDocument", params, chat, "document", {"document": document}, caption, stored
        )

    def _send_chat_action(self, params: Params) -> bool:
        chat_id = params.chat_id()
        self._writable_chat(chat_id)
        action = params.text("action")
        if not action:
            raise bad_request("action is empty")
        self._record("sendChatAction", chat_id, None, action, action, params)
        return True

    def _edit_message_text(self, params: Params) -> JSON:
        chat_id = params.chat_id()
        self._writable_chat(chat_id)
        message = self._existing_bot_message(params, chat_id, "edit")
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text = self._parse_text(params, "text", "entities", limit=4096, kind="")
        if not (text[0] or "").strip():
            raise bad_request("message text is empty")
        return self._apply_edit("editMessageText", params, message, text)

    def _edit_message_caption(self, params: Params) -> JSON:
        chat_id = params.chat_id()
        self._writable_chat(chat_id)
        message = self._existing_bot_message(params, chat_id, "edit")
        if message.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        caption = self._parse_text(
            params, "caption", "caption_entities", limit=1024, kind="caption "
        )
        return self._apply_edit("editMessageCaption", params, message, caption)

    def _edit_message_reply_markup(self, params: Params) -> JSON:
        chat_id = params.chat_id()
        self._writable_chat(chat_id)
        message = self._existing_bot_message(params, chat_id, "edit")
        return self._apply_edit("editMessageReplyMarkup", params, message, None)

    def _edit_message_media(self, params: Params) -> JSON:
        """Replace a photo message's picture (and caption). Only photos are supported."""
        chat_id = params.chat_id()
        self._writable_chat(chat_id)
        message = self._existing_bot_message(params, chat_id, "edit")
        media = params.structured("media")
        if not isinstance(media, dict) or media.get("type") != "photo":
            raise bad_request("the stand-in can only edit a message's media to a photo")
        if message.kind != "photo":
            raise bad_request("there is no media in the message to edit")
        inner = Params({**media, "photo": media.get("media")}, params.files)
        stored = self._input_file(inner, "photo", "photo")
        caption = self._parse_text(
            inner, "caption", "caption_entities", limit=1024, kind="caption "
        )
        width, height = _image_size(stored.data)
        size = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "width": width,
            "height": height,
        }
        message.file_bytes, message.file_id = stored.data, stored.file_id
        message.filename = stored.filename
        message.payload = {**message.payload, "photo": [size]}
        merged = Params({**params.data, "parse_mode": media.get("parse_mode")}, params.files)
        return self._apply_edit("editMessageMedia", merged, message, caption, stored)

    def _delete_message(self, params: Params) -> bool:
        chat_id = params.chat_id()
        self._writable_chat(chat_id)
        message_id = params.integer("message_id")
        if message_id is None or (chat_id, message_id) not in self._messages:
            raise bad_request("message to delete not found")
        message = self.bot_message(chat_id, message_id)
        if message is None:
            group = self.groups.get(chat_id)
            if group is not None and group.bot_status != "administrator":
                raise bad_request("message can't be deleted")
        else:
            message.deleted = True
        del self._messages[(chat_id, message_id)]
        self._record("deleteMessage", chat_id, message_id, None, None, params)
        return True

    def _answer_callback_query(self, params: Params) -> bool:
        query_id = params.text("callback_query_id") or ""
        chat_id = self._open_queries.pop(query_id, None)
        if chat_id is None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.text("text")
        if text is not None and utf16_len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.answered_callbacks[query_id] = CallbackAnswer(
            query_id, text, params.flag("show_alert"), params.text("url"), self._monotonic()
        )
        self._record("answerCallbackQuery", chat_id, None, text, text, params)
        return True

    @staticmethod
    def _commands_key(scope: Any, language_code: str | None) -> str:
        """'default', 'chat:<id>', 'chat_member:<chat>:<user>'..., plus '/<lang>' if any."""
        scope = scope if isinstance(scope, dict) else {"type": "default"}
        key = str(scope.get("type", "default"))
        for part in ("chat_id", "user_id"):
            if scope.get(part) is not None:
                key += f":{scope[part]}"
        return f"{key}/{language_code}" if language_code else key

    def _set_my_commands(self, params: Params) -> bool:
        commands = params.structured("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be an array of at most 100 BotCommand")
        parsed: list[tuple[str, str]] = []
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not (
                1 <= len(name) <= 32 and all(c.islower() or c.isdigit() or c == "_" for c in name)
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            parsed.append((name, description))
        key = self._commands_key(params.structured("scope"), params.text("language_code"))
        self.commands[key] = parsed
        self._record("setMyCommands", None, None, key, None, params)
        return True

    def _get_my_commands(self, params: Params) -> list[JSON]:
        key = self._commands_key(params.structured("scope"), params.text("language_code"))
        return [{"command": c, "description": d} for c, d in self.commands.get(key, [])]

    def _delete_my_commands(self, params: Params) -> bool:
        key = self._commands_key(params.structured("scope"), params.text("language_code"))
        self.commands.pop(key, None)
        self._record("deleteMyCommands", None, None, key, None, params)
        return True

    def _describe(self, params: Params, field: str, limit: int, name: str) -> bool:
        value = params.text(field) or ""
        if utf16_len(value) > limit:
            raise bad_request(f"{field} is too long")
        language = params.text("language_code")
        key = f"{field}/{language}" if language else field
        self.descriptions[key] = value
        self._record(name, None, None, value, value, params)
        return True

    def _set_my_description(self, params: Params) -> bool:
        return self._describe(params, "description", 512, "setMyDescription")

    def _set_my_short_description(self, params: Params) -> bool:
        return self._describe(params, "short_description", 120, "setMyShortDescription")

    def _get_my_description(self, params: Params) -> JSON:
        language = params.text("language_code")
        key = f"description/{language}" if language else "description"
        return {"description": self.descriptions.get(key, "")}

    def _get_my_short_description(self, params: Params) -> JSON:
        language = params.text("language_code")
        key = f"short_description/{language}" if language else "short_description"
        return {"short_description": self.descriptions.get(key, "")}

    def _set_message_reaction(self, params: Params) -> bool:
        chat_id = params.chat_id()
        self._writable_chat(chat_id)
        message_id = params.integer("message_id")
        if message_id is None or (chat_id, message_id) not in self._messages:
            raise bad_request("MESSAGE_ID_INVALID")
        reaction = params.structured("reaction") or []
        emojis = [
            str(r.get("emoji") or r.get("custom_emoji_id") or r.get("type"))
            for r in reaction
            if isinstance(r, dict)
        ]
        self.reactions[(chat_id, message_id)] = emojis
        self._record("setMessageReaction", chat_id, message_id, " ".join(emojis), None, params)
        return True

    def _get_chat(self, params: Params) -> JSON:
        chat_id = params.chat_id()
        if chat_id > 0:
            if chat_id not in self.users:
                raise bad_request("chat not found")
            chat = self.users[chat_id].private_chat_json()
        else:
            chat = self._writable_chat(chat_id)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member_json(self, chat_id: int, user_id: int) -> JSON:
        if user_id == self.bot_id:
            if chat_id > 0:
                return _member(self._bot_json(), "member")
            group = self.groups[chat_id]
            return _member(self._bot_json(), group.bot_status, can_send=group.bot_can_send)
        user = self.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat_id > 0:
            return _member(user.to_json(), "member" if chat_id == user_id else "left")
        return _member(user.to_json(), self.groups[chat_id].member_status(user_id))

    def _get_chat_member(self, params: Params) -> JSON:
        chat_id = params.chat_id()
        self._readable_chat(chat_id)
        user_id = params.integer("user_id")
        if user_id is None:
            raise bad_request("user_id is empty")
        return self._member_json(chat_id, user_id)

    def _readable_chat(self, chat_id: int) -> None:
        if chat_id > 0:
            if chat_id not in self.users:
                raise bad_request("chat not found")
        else:
            self._writable_chat(chat_id)

    def _get_chat_administrators(self, params: Params) -> list[JSON]:
        chat_id = params.chat_id()
        self._readable_chat(chat_id)
        if chat_id > 0:
            raise bad_request("there are no administrators in the private chat")
        group = self.groups[chat_id]
        admins = [
            self._member_json(chat_id, uid)
            for uid in group.members
            if group.member_status(uid) in ("creator", "administrator")
        ]
        if group.bot_status == "administrator":
            admins.append(self._member_json(chat_id, self.bot_id))
        return admins

    def _get_file(self, params: Params) -> JSON:
        stored = self._files.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }

    def _leave_chat(self, params: Params) -> bool:
        chat_id = params.chat_id()
        if chat_id > 0:
            raise bad_request("chat member status can't be changed in private chats")
        self._writable_chat(chat_id)
        group = self.groups[chat_id]
        old = group.bot_status
        group.bot_status = "left"
        actor = group.owner or next(iter(group.members.values()), None)
        if actor is not None:
            self._my_chat_member(group.to_json(), actor, old, "left")
        self._record("leaveChat", chat_id, None, None, None, params)
        return True


# ---------------------------------------------------------------------- helpers


def _ok_response(result: Any) -> web.Response:
    body = json.dumps({"ok": True, "result": result}, ensure_ascii=False)
    return web.Response(text=body, content_type="application/json")


def _error_response(err: ApiError) -> web.Response:
    data: JSON = {"ok": False, "error_code": err.status, "description": err.description}
    if err.parameters:
        data["parameters"] = err.parameters
    return web.Response(text=json.dumps(data), status=err.status, content_type="application/json")


async def _read_params(request: web.Request) -> Params:
    data: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[bytes, str, str]] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("JSON body must be an object")
            data.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.file.read(), value.filename, value.content_type)
                elif isinstance(value, bytes):
                    data[key] = value.decode("utf-8")
                else:
                    data[key] = value
    return Params(data, files)


def _fault_error(fault: _Fault, chat_id: int | None) -> ApiError:
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
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Server Error"


def _parse_button(button: Any) -> Button:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be used"
        )
    data = button.get("callback_data")
    if data is not None:
        data = str(data)
        if not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None:
        url = str(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https", "tg") or (scheme != "tg" and not urlsplit(url).netloc):
            raise bad_request("BUTTON_URL_INVALID")
    return Button(text=text, callback_data=data, url=url)


def _admin_rights(*, can_be_edited: bool) -> JSON:
    rights = {
        "can_be_edited": can_be_edited,
        "is_anonymous": False,
        "can_manage_chat": True,
        "can_delete_messages": True,
        "can_manage_video_chats": True,
        "can_restrict_members": True,
        "can_promote_members": False,
        "can_change_info": True,
        "can_invite_users": True,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
        "can_pin_messages": True,
    }
    return rights


def _restricted_rights(*, can_send: bool) -> JSON:
    """A restricted member's permissions: posting allowed or not, the rest withheld."""
    media = {
        "can_send_messages": can_send,
        "can_send_audios": can_send,
        "can_send_documents": can_send,
        "can_send_photos": can_send,
        "can_send_videos": can_send,
        "can_send_video_notes": can_send,
        "can_send_voice_notes": can_send,
        "can_send_polls": can_send,
        "can_send_other_messages": can_send,
        "can_add_web_page_previews": can_send,
    }
    return {
        "is_member": True,
        "until_date": 0,
        "can_change_info": False,
        "can_invite_users": False,
        "can_pin_messages": False,
        "can_manage_topics": False,
        "can_edit_tag": False,
        "can_react_to_messages": can_send,
        **media,
    }


def _member(user: JSON, status: str, *, can_send: bool = True) -> JSON:
    data: JSON = {"user": user, "status": status}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data |= _admin_rights(can_be_edited=False)
    elif status == "kicked":
        data["until_date"] = 0
    elif status == "restricted":
        data |= _restricted_rights(can_send=can_send)
    return data


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (from its IHDR chunk); a placeholder for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 100, 100
