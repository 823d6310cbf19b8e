"""A local stand-in for the Telegram Bot API that plays users and records the bot.

The real python-telegram-bot ``Application`` talks to it over HTTP on 127.0.0.1
through ``base_url``/``base_file_url``. Fake users and groups inject updates; every
action of the bot is recorded in ``sent``; requests are validated like Telegram
validates them (HTML entities, keyboards, access to chats) and faults can be injected.

Privacy mode is on by default, like for every bot (see ``incoming``).

``StandIn`` wires the areas together and routes each method through one table: messages,
chats and membership, callbacks, updates (and webhooks), incoming (what users send),
validation (and flood limits), faults, files and profile (getMe, commands).
"""

from __future__ import annotations

import asyncio
import functools
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable
from types import TracebackType

from aiohttp import web

from .actors import FakeGroup, FakeUser, Stage, chat_id_of
from .callbacks import Callbacks
from .chats import Chats
from .core import Core
from .faults import Faults
from .files import Files
from .incoming import Incoming
from .membership import Membership
from .messages import Messages
from .profile import Identity, Profile, commands_key
from .records import (
    JSON,
    ApiError,
    ApiErrorRecord,
    BotMessage,
    CallbackAnswer,
    FaultFired,
    LimitViolation,
    SentRecord,
    UserMessage,
    WebhookFailure,
    bad_request,
)
from .store import MessageStore
from .updates import Superseded, Updates
from .validation import MESSAGE_METHODS, RateEnforcer
from .wire import Handler, Params, error_response, ok_response, read_params


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
        self.host = host
        self.port = port

        core = self._core = Core(monotonic, wall_clock)
        self._identity = identity = Identity(
            bot_id=int(prefix) if prefix.isdigit() else 1,
            username=bot_username,
            first_name=bot_first_name,
            privacy_mode=privacy_mode,
        )
        self._chats = chats = Chats(identity)
        self._store = store = MessageStore(first_message_id)
        self._files = files = Files()
        self._updates = updates = Updates(
            core, first_update_id=first_update_id, webhook_attempts=webhook_attempts
        )
        self._profile = profile = Profile(core, identity)
        self._messages = messages = Messages(
            core, identity, chats, store, files, strict_ampersand=strict_ampersand
        )
        self._callbacks = callbacks = Callbacks(core, store, updates)
        self._membership = membership = Membership(core, identity, chats, store, updates)
        self._incoming = Incoming(core, identity, chats, store, files, updates)
        self._stage = Stage(speech=self._incoming, presses=callbacks, membership=membership)
        self._faults = Faults(core)
        self._rates = RateEnforcer(core)
        self._runner: web.AppRunner | None = None

        # What tests inspect (the containers are shared with the areas that fill them).
        self.sent: list[SentRecord] = core.sent
        self.errors: list[ApiErrorRecord] = core.errors
        self.commands: dict[str, list[tuple[str, str]]] = profile.commands
        self.descriptions: dict[str, str] = profile.descriptions
        self.reactions: dict[tuple[int, int], list[str]] = messages.reactions
        self.answered_callbacks: dict[str, CallbackAnswer] = callbacks.answered
        self.faults_fired: list[FaultFired] = self._faults.fired
        self.limit_violations: list[LimitViolation] = self._rates.violations
        self.accepted_counts: Counter[tuple[int, str]] = messages.accepted_counts
        self.webhook_failures: list[WebhookFailure] = updates.webhook_failures
        # The simulated world.
        self.users: dict[int, FakeUser] = chats.users
        self.groups: dict[int, FakeGroup] = chats.groups

        # Every Bot API method the stand-in knows (getUpdates, which waits, aside).
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, method)
            for name, method in {
                "getMe": profile.get_me,
                "logOut": _true,
                "close": _true,
                "deleteWebhook": updates.delete_webhook,
                "setWebhook": updates.set_webhook,
                "getWebhookInfo": updates.get_webhook_info,
                "sendMessage": messages.send_message,
                "sendPhoto": messages.send_photo,
                "sendDocument": messages.send_document,
                "sendChatAction": messages.send_chat_action,
                "editMessageText": messages.edit_message_text,
                "editMessageCaption": messages.edit_message_caption,
                "editMessageReplyMarkup": messages.edit_message_reply_markup,
                "editMessageMedia": messages.edit_message_media,
                "deleteMessage": messages.delete_message,
                "answerCallbackQuery": callbacks.answer_callback_query,
                "setMyCommands": profile.set_my_commands,
                "getMyCommands": profile.get_my_commands,
                "deleteMyCommands": profile.delete_my_commands,
                "setMyDescription": profile.set_my_description,
                "getMyDescription": profile.get_my_description,
                "setMyShortDescription": profile.set_my_short_description,
                "getMyShortDescription": profile.get_my_short_description,
                "setMessageReaction": messages.set_message_reaction,
                "getChat": chats.get_chat,
                "getChatMember": chats.get_chat_member,
                "getChatAdministrators": chats.get_chat_administrators,
                "getFile": files.get_file,
                "leaveChat": membership.leave_chat,
            }.items()
        }

    # ------------------------------------------------------------------ settings

    @property
    def bot_id(self) -> int:
        return self._identity.bot_id

    @property
    def bot_username(self) -> str:
        return self._identity.username

    @property
    def bot_first_name(self) -> str:
        return self._identity.first_name

    @property
    def privacy_mode(self) -> bool:
        return self._identity.privacy_mode

    @privacy_mode.setter
    def privacy_mode(self, value: bool) -> None:
        self._identity.privacy_mode = value

    @property
    def strict_ampersand(self) -> bool:
        return self._messages.strict_ampersand

    @property
    def webhook_attempts(self) -> int:
        return self._updates.webhook_attempts

    @property
    def webhook_url(self) -> str | None:
        return self._updates.webhook_url

    @webhook_url.setter
    def webhook_url(self, value: str | None) -> None:
        self._updates.webhook_url = value

    @property
    def webhook_secret(self) -> str | None:
        return self._updates.webhook_secret

    @property
    def polls_waiting(self) -> int:
        """getUpdates calls currently long-polling."""
        return self._updates.polls_waiting

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one, see ``self.port``)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._core.closing = asyncio.Event()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._updates.start_delivery()

    async def stop(self) -> None:
        """Stop serving; pending long polls and hanging faults return at once."""
        self._core.closing.set()
        self._updates.arrived.notify()
        self._core.changed.notify()
        await self._updates.stop_delivery()
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
        user = FakeUser(
            self._stage,
            self._chats.check_user_id(user_id),
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        user.started = started
        self.users[user.id] = user
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
        chat_id = self._chats.check_group_id(chat_id, supergroup=supergroup)
        group = FakeGroup(self._stage, chat_id, title, supergroup=supergroup, owner=owner)
        for user in [*members, *admins, *([owner] if owner else [])]:
            group.members[user.id] = user
        group.admins = {user.id for user in admins}
        if with_bot or bot_admin:
            group.bot_status = "administrator" if bot_admin else "member"
        self.groups[group.id] = group
        return group

    # ------------------------------------------------------------------ inspection

    def messages_to(self, chat: FakeUser | FakeGroup | int) -> list[BotMessage]:
        """The bot's messages in a chat as they are now (edits applied, deletions gone)."""
        return self._store.bot_messages_in(chat_id_of(chat))

    def last_message_to(self, chat: FakeUser | FakeGroup | int) -> BotMessage:
        messages = self.messages_to(chat)
        if not messages:
            raise AssertionError(f"the bot has no message in chat {chat!r}")
        return messages[-1]

    def bot_message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self._store.bot_message(chat_id, message_id)

    def commands_for(
        self,
        scope: str = "default",
        *,
        chat_id: int | None = None,
        user_id: int | None = None,
        language_code: str = "",
    ) -> list[tuple[str, str]]:
        key = commands_key({"type": scope, "chat_id": chat_id, "user_id": user_id}, language_code)
        return self.commands.get(key, [])

    def duplicates(self) -> dict[tuple[int, str], int]:
        """Accepted messages sent more than once to the same chat with the same text."""
        return {key: count for key, count in self.accepted_counts.items() if count > 1}

    def file_bytes(self, file_id: str) -> bytes:
        return self._files.data(file_id)

    @property
    def last_update_id(self) -> int | None:
        return self._updates.last_update_id

    @property
    def pending_update_count(self) -> int:
        return self._updates.pending_count

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
        if update_id is not None:
            await self._updates.wait_acknowledged(update_id, timeout)

    async def wait_polling(self, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot is long-polling (getUpdates waiting with nothing to return)."""
        await self._updates.wait_polling(timeout)

    async def wait_for(
        self,
        predicate: Callable[[list[SentRecord]], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        what: str = "a condition on the sent records",
    ) -> list[SentRecord]:
        """Wait until ``predicate(stand.sent)`` holds."""
        return await self._core.wait_for(predicate, timeout, what)

    async def wait_record(
        self,
        match: Callable[[SentRecord], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        start: int = 0,
    ) -> SentRecord:
        """Wait for the first record (from index ``start``) that matches."""
        return await self._core.wait_record(match, timeout, start)

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
        return await self._messages.wait_sent(count, cid, timeout)

    # ------------------------------------------------------------------ updates, faults, limits

    def raw_update(self, kind: str, body: JSON) -> int | None:
        """Deliver an update exactly as given (for malformed ones Telegram may still
        send, e.g. a field a newer Bot API added that this python-telegram-bot requires);
        returns its update_id."""
        return self._updates.enqueue(kind, body)

    def redeliver(self, update_id: int) -> None:
        """Deliver an update again with its id, as Telegram does with one the bot never
        confirmed (it crashed, or a webhook answer got lost): for a restarted bot."""
        self._updates.redeliver(update_id)

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
        self._faults.inject(
            method,
            error,
            chat_id=None if chat_id is None else chat_id_of(chat_id),
            times=times,
            retry_after=retry_after,
            description=description,
            hang_seconds=hang_seconds,
            migrate_to=migrate_to,
            apply=apply,
        )

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
        self._rates.enforce(
            global_per_s, per_private_chat_per_s, per_group_per_min, retry_after=retry_after
        )

    # ------------------------------------------------------------------ HTTP

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        requested = request.match_info["method"]
        lowered = requested.lower()
        entry = self._methods.get(lowered)
        if entry is None and lowered != "getupdates":
            return error_response(ApiError(404, "Not Found"))
        name = entry[0] if entry else "getUpdates"
        try:
            params = await read_params(request)
        except ValueError:
            return error_response(bad_request("can't parse request body"))
        chat_id = params.maybe_chat_id()
        try:
            fault = self._faults.take(lowered, chat_id)
            if fault is not None:
                apply = None if entry is None else functools.partial(entry[1], params)
                await self._faults.fire(fault, name, chat_id, apply)
            if entry is None:
                return ok_response(await self._updates.get_updates(params))
            if name in MESSAGE_METHODS:
                self._rates.check(name, chat_id)
            return ok_response(entry[1](params))
        except Superseded as err:
            # The client gave up on that long poll (PTB cancels it on stop): not an error.
            return error_response(err)
        except ApiError as err:
            self._core.refuse(name, chat_id, err)
            return error_response(err)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        stored = self._files.at_path(request.match_info["path"])
        if stored is None:
            return error_response(ApiError(404, "Not Found"))
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # ------------------------------------------------------------------ for older tests

    def _enqueue(self, kind: str, body: JSON) -> int | None:
        """``raw_update`` under its old name (a fuzz test crafts updates with it)."""
        return self._updates.enqueue(kind, body)

    @property
    def _open_queries(self) -> dict[str, int]:
        return self._callbacks.open_queries

    @property
    def _next_query(self) -> int:
        return self._callbacks.next_query

    @_next_query.setter
    def _next_query(self, value: int) -> None:
        self._callbacks.next_query = value


def _true(params: Params) -> bool:
    return True
