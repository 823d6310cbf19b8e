"""Changes to who is in which chat, with the updates Telegram sends for them: a user blocking
the bot, a group adding, restricting or removing it, members joining and leaving, a basic
group migrating to a supergroup; and the bot leaving a group (leaveChat)."""

from __future__ import annotations

from .actors import FakeGroup, FakeUser
from .chats import Chats, member_json
from .core import Core
from .profile import Identity
from .records import JSON, bad_request
from .store import MessageStore
from .updates import Updates
from .wire import Params


class Membership:
    """What the actors' block, add, restrict, remove and migrate calls do."""

    def __init__(
        self,
        core: Core,
        identity: Identity,
        chats: Chats,
        store: MessageStore,
        updates: Updates,
    ) -> None:
        self._core = core
        self._identity = identity
        self._chats = chats
        self._store = store
        self._updates = updates

    def set_blocked(self, user: FakeUser, *, blocked: bool) -> None:
        if user.blocked == blocked:
            return
        user.blocked = blocked
        if blocked:
            self._my_chat_member(user.private_chat_json(), user, "member", "kicked")
        else:
            user.started = True
            self._my_chat_member(user.private_chat_json(), user, "kicked", "member")

    def add_bot(self, group: FakeGroup, by: FakeUser, *, admin: bool) -> None:
        old = group.bot_status
        group.bot_status = "administrator" if admin else "member"
        group.bot_can_send = True
        self._my_chat_member(group.to_json(), by, old, group.bot_status)
        bot = self._identity.to_json()
        content = {"new_chat_members": [bot], "new_chat_member": bot, "new_chat_participant": bot}
        self._service_message(group, by, content)

    def restrict_bot(self, group: FakeGroup, by: FakeUser, *, can_send: bool) -> None:
        if not group.supergroup:
            raise ValueError("Telegram restricts members in supergroups only")
        old, could_send = group.bot_status, group.bot_can_send
        group.bot_status, group.bot_can_send = "restricted", can_send
        self._my_chat_member(
            group.to_json(), by, old, "restricted", could_send=could_send, can_send=can_send
        )

    def unrestrict_bot(self, group: FakeGroup, by: FakeUser) -> None:
        old, could_send = group.bot_status, group.bot_can_send
        group.bot_status, group.bot_can_send = "member", True
        self._my_chat_member(group.to_json(), by, old, "member", could_send=could_send)

    def remove_bot(self, group: FakeGroup, by: FakeUser) -> None:
        old = group.bot_status
        group.bot_status = "kicked"
        self._my_chat_member(group.to_json(), by, old, "kicked" if group.supergroup else "left")

    def add_member(
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

    def remove_member(self, group: FakeGroup, user: FakeUser) -> None:
        group.members.pop(user.id, None)
        group.admins.discard(user.id)
        content = {"left_chat_member": user.to_json(), "left_chat_participant": user.to_json()}
        self._service_message(group, user, content)

    def migrate(self, group: FakeGroup) -> int:
        if group.supergroup:
            raise ValueError(f"{group!r} is already a supergroup")
        old_id = group.id
        new_id = self._chats.new_group_id(supergroup=True)
        actor = group.owner or next(iter(group.members.values()), None)
        if actor is None:
            raise ValueError("a group without members cannot migrate")
        self._service_message(group, actor, {"migrate_to_chat_id": new_id})
        group.previous_ids.append(old_id)
        group.id = new_id
        group.supergroup = True
        self._chats.groups[new_id] = group
        self._chats.migrated[old_id] = new_id
        self._service_message(group, actor, {"migrate_from_chat_id": old_id})
        return new_id

    # ------------------------------------------------------------------ Bot API methods

    def leave_chat(self, params: Params) -> bool:
        chat_id = params.chat_id()
        if chat_id > 0:
            raise bad_request("chat member status can't be changed in private chats")
        self._chats.writable(chat_id)
        group = self._chats.groups[chat_id]
        old = group.bot_status
        group.bot_status = "left"
        actor = group.owner or next(iter(group.members.values()), None)
        if actor is not None:
            self._my_chat_member(group.to_json(), actor, old, "left")
        self._core.record("leaveChat", chat_id, None, None, None, params)
        return True

    # ------------------------------------------------------------------ updates

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
        bot = self._identity.to_json()
        body = {
            "chat": chat,
            "from": actor.to_json(),
            "date": self._core.date(),
            "old_chat_member": member_json(bot, old, can_send=could_send),
            "new_chat_member": member_json(bot, new, can_send=can_send),
        }
        return self._updates.enqueue("my_chat_member", body)

    def _service_message(self, group: FakeGroup, actor: FakeUser, content: JSON) -> int | None:
        payload: JSON = {
            "message_id": self._store.next_id(group.id),
            "from": actor.to_json(),
            "chat": group.to_json(),
            "date": self._core.date(),
            **content,
        }
        self._store.payloads[(group.id, payload["message_id"])] = payload
        # Privacy mode lets every service message through to a bot in the group.
        if group.has_bot:
            return self._updates.enqueue("message", payload)
        return None
