"""The chats the stand-in knows and who the bot may reach there: Telegram's access errors
(blocked, kicked, restricted, migrated), getChat, getChatMember and getChatAdministrators."""

from __future__ import annotations

from .actors import FakeGroup, FakeUser
from .profile import Identity
from .records import JSON, bad_request, forbidden
from .wire import Params


class Chats:
    """Fake users (private chats) and groups by id, and the groups that migrated."""

    def __init__(self, identity: Identity) -> None:
        self._identity = identity
        self.users: dict[int, FakeUser] = {}
        self.groups: dict[int, FakeGroup] = {}
        self.migrated: dict[int, int] = {}  # old group id -> supergroup id
        self._next_user_id = 100_000_001
        self._next_group_n = 1

    # ------------------------------------------------------------------ ids

    def check_user_id(self, user_id: int | None) -> int:
        """A free user id: the next one, or ``user_id`` if it is valid and free."""
        if user_id is None:
            while self._next_user_id in self.users:
                self._next_user_id += 1
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id <= 0 or user_id in self.users or user_id == self._identity.bot_id:
            raise ValueError(f"user id {user_id} is taken or invalid")
        return user_id

    def check_group_id(self, chat_id: int | None, *, supergroup: bool) -> int:
        """A free group id: the next one, or ``chat_id`` if it is valid and free."""
        if chat_id is None:
            chat_id = self.new_group_id(supergroup=supergroup)
        if chat_id >= 0 or chat_id in self.groups:
            raise ValueError(f"group id {chat_id} is taken or invalid")
        return chat_id

    def new_group_id(self, *, supergroup: bool) -> int:
        n = self._next_group_n
        self._next_group_n += 1
        return -1_001_000_000_000 - n if supergroup else -4_000_000_000 - n

    # ------------------------------------------------------------------ access

    def writable(self, chat_id: int) -> JSON:
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
        if chat_id in self.migrated:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        group = self.groups.get(chat_id)
        if group is None:
            raise bad_request("chat not found")
        if group.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {group.type} chat")
        if group.bot_status == "left":
            raise forbidden(f"bot is not a member of the {group.type} chat")
        return group.to_json()

    def postable(self, chat_id: int) -> JSON:
        """Like `writable`, for new messages: a restricted bot may not post."""
        chat = self.writable(chat_id)
        group = self.groups.get(chat_id)
        if group is not None and not group.bot_can_send:
            raise bad_request("not enough rights to send text messages to the chat")
        return chat

    def readable(self, chat_id: int) -> None:
        if chat_id > 0:
            if chat_id not in self.users:
                raise bad_request("chat not found")
        else:
            self.writable(chat_id)

    # ------------------------------------------------------------------ Bot API methods

    def get_chat(self, params: Params) -> JSON:
        chat_id = params.chat_id()
        if chat_id > 0:
            if chat_id not in self.users:
                raise bad_request("chat not found")
            chat = self.users[chat_id].private_chat_json()
        else:
            chat = self.writable(chat_id)
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

    def get_chat_member(self, params: Params) -> JSON:
        chat_id = params.chat_id()
        self.readable(chat_id)
        user_id = params.integer("user_id")
        if user_id is None:
            raise bad_request("user_id is empty")
        return self._member_json(chat_id, user_id)

    def get_chat_administrators(self, params: Params) -> list[JSON]:
        chat_id = params.chat_id()
        self.readable(chat_id)
        if chat_id > 0:
            raise bad_request("there are no administrators in the private chat")
        group = self.groups[chat_id]
        admins = [
            self._member_json(chat_id, uid)
            for uid in group.members
            if group.member_status(uid) in ("creator", "administrator")
        ]
        if group.bot_status == "administrator":
            admins.append(self._member_json(chat_id, self._identity.bot_id))
        return admins

    def _member_json(self, chat_id: int, user_id: int) -> JSON:
        bot = self._identity
        if user_id == bot.bot_id:
            if chat_id > 0:
                return member_json(bot.to_json(), "member")
            group = self.groups[chat_id]
            return member_json(bot.to_json(), group.bot_status, can_send=group.bot_can_send)
        user = self.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat_id > 0:
            return member_json(user.to_json(), "member" if chat_id == user_id else "left")
        return member_json(user.to_json(), self.groups[chat_id].member_status(user_id))


def member_json(user: JSON, status: str, *, can_send: bool = True) -> JSON:
    """A ChatMember object: the user, the status and the rights that go with it."""
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


def _admin_rights(*, can_be_edited: bool) -> JSON:
    return {
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
