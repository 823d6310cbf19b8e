"""Random and hostile updates through the real Application: no crash, always an answer
Telegram accepts, and a consistent database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import texts
from bot.context import Context
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import UserMessage
from tests.conftest import MESSAGE_METHODS, Harness

COMMAND_NAMES = ["start", "help", "win", "undo", "today", "jar", "timezone", "morning"]
COMMAND_NAMES += ["evening", "settings", "frobnicate", "Start", "x" * 40, "win@smallwins_bot"]

message_text = st.one_of(
    st.text(min_size=1, max_size=200),
    st.text(alphabet=st.sampled_from("<>&\"'#@/_*`[]()\n •-"), min_size=1, max_size=80),
    st.builds(lambda s, n: (s * n)[:4096], st.text(min_size=1, max_size=5), st.integers(1, 4096)),
    st.builds(
        lambda name, rest: f"/{name} {rest}", st.sampled_from(COMMAND_NAMES), st.text(max_size=60)
    ),
    st.builds(
        lambda tag: f"did it #{tag} @someone https://example.org/{tag}", st.text(max_size=20)
    ),
).filter(lambda text: text.strip() != "")


def _one_of_our_commands(text: str) -> bool:
    """In a group only our own commands, or any addressed to us, get an answer: an unknown
    bare command there may well be meant for another bot."""
    command, _, target = text.split()[0][1:].partition("@")
    if target:
        return target.lower() == "smallwins_bot"
    return command.lower() in {name for name, _ in texts.commands.commands()}


def _for_another_bot(text: str) -> bool:
    """A command addressed to another bot (/cmd@otherbot) is not ours to answer anywhere."""
    if not text.startswith("/"):
        return False
    target = text.split()[0].partition("@")[2]
    return bool(target) and target.lower() != "smallwins_bot"


@dataclass(frozen=True)
class Say:
    text: str
    in_group: bool


@dataclass(frozen=True)
class Press:
    data: str
    on_known_message: bool


@dataclass(frozen=True)
class Edit:
    text: str
    known: bool


action = st.one_of(
    st.builds(Say, message_text, st.booleans()),
    st.builds(
        Press,
        st.one_of(
            st.sampled_from(["undo:1", "undo:x", "undo:", "set:", "onb:", "nonsense", "undo:-5"]),
            st.text(min_size=1, max_size=64).filter(lambda d: len(d.encode()) <= 64),
        ),
        st.booleans(),
    ),
    st.builds(Edit, message_text, st.booleans()),
)


def _replies(bot: Harness, mark: int, chat_id: int) -> list[Any]:
    return [
        r for r in bot.stand.sent[mark:] if r.method in MESSAGE_METHODS and r.chat_id == chat_id
    ]


def _crafted_press(bot: Harness, user: FakeUser, data: str, known: bool) -> str:
    """A callback query with data the bot may never have issued (stand-in internals)."""
    stand = bot.stand
    messages = stand.messages_to(user)
    if known and messages:
        payload = messages[-1].payload
    else:  # a message Telegram no longer shows the bot: date 0 means inaccessible
        payload = {"message_id": 999_999, "date": 0, "chat": user.private_chat_json()}
    query_id = f"fuzz{stand._next_query}"
    stand._next_query += 1
    stand._open_queries[query_id] = user.id
    stand._enqueue(
        "callback_query",
        {
            "id": query_id,
            "from": user.to_json(),
            "message": payload,
            "chat_instance": str(user.id),
            "data": data,
        },
    )
    return query_id


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(action, min_size=1, max_size=5))
async def test_random_updates_never_crash_and_always_get_a_valid_answer(
    bot: Harness, actions: list[Say | Press | Edit]
) -> None:
    stand = bot.stand
    errors: list[BaseException | None] = getattr(bot, "fuzz_errors", None) or []
    if not hasattr(bot, "fuzz_errors"):

        async def record(update: object, context: Context) -> None:
            errors.append(context.error)

        bot.app.add_error_handler(record)
        bot.fuzz_errors = errors  # type: ignore[attr-defined]
        bot.fuzz_user = stand.user("Fuzz")  # type: ignore[attr-defined]
        bot.fuzz_group = stand.group(  # type: ignore[attr-defined]
            "Fuzzers",
            [bot.fuzz_user],
            with_bot=True,  # type: ignore[attr-defined]
        )
        bot.fuzz_sent = []  # type: ignore[attr-defined]
    user: FakeUser = bot.fuzz_user  # type: ignore[attr-defined]
    group: FakeGroup = bot.fuzz_group  # type: ignore[attr-defined]
    sent: list[UserMessage] = bot.fuzz_sent  # type: ignore[attr-defined]

    for act in actions:
        mark = len(stand.sent)
        if isinstance(act, Say):
            message = user.send(act.text, chat=group if act.in_group else None)
            if message.update_id is None:
                continue  # privacy mode: the bot never sees it
            await bot.settle(message)
            if not act.in_group:
                sent.append(message)
                if not _for_another_bot(act.text):
                    assert _replies(bot, mark, user.id), f"no answer to {act.text!r}"
            elif _one_of_our_commands(act.text):
                assert _replies(bot, mark, group.id), f"no answer in the group to {act.text!r}"
        elif isinstance(act, Press):
            query_id = _crafted_press(bot, user, act.data, act.on_known_message)
            await bot.settle()
            assert query_id in stand.answered_callbacks, f"button {act.data!r} not answered"
        else:
            if act.known and sent:
                edited = user.edit(sent[-1], act.text)
            else:
                payload = {
                    "message_id": 999_000 + len(stand.sent),
                    "from": user.to_json(),
                    "chat": user.private_chat_json(),
                    "date": 0,
                    "edit_date": 1,
                    "text": act.text,
                }
                edited = UserMessage(
                    user.id, 0, act.text, stand._enqueue("edited_message", payload), payload
                )
            await bot.settle(edited.update_id)
        assert errors == [], errors
        assert stand.errors == [], stand.errors

    integrity = await bot.store.db.fetchall("PRAGMA integrity_check")
    assert [row[0] for row in integrity] == ["ok"]
    assert await bot.store.db.fetchall("PRAGMA foreign_key_check") == []
