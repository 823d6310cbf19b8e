"""Every scheduled prompt, rendered as plain data: text, buttons and whether a reply is
asked for; a group's check-in, digest and weekly review and a buddy's evening lines too.

Rendered when the prompt is sent, from the state at that moment (today's wins, goals),
so a prompt that waited in the outbox is still current. No Telegram types here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, Protocol, TypeVar

from bot import i18n, texts
from bot.domain import callbacks, groups
from bot.domain.languages import group_spoken
from bot.domain.review import WeekSummary, week_text
from storage import Store
from storage.buddies import Buddy
from storage.groups import CircleWin, Group

GOAL_CHARS = 200

Button = tuple[str, str]  # (label, callback_data)


class GoalLike(Protocol):
    @property
    def goal_id(self) -> int: ...

    @property
    def text(self) -> str: ...


G = TypeVar("G", bound=GoalLike)


@dataclass(frozen=True, slots=True)
class Prompt:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    ask_reply: bool = False  # ask the client to reply to this message (ForceReply)
    variant: str = ""  # recorded with the delivery; "ask" marks the intention question
    placeholder: str = ""  # shown in the reply field when a reply is asked for


@dataclass(frozen=True, slots=True)
class TodaysIntention:
    text: str
    done: bool


def _label(goals: Sequence[GoalLike], index: int, label: str) -> str:
    return label if len(goals) == 1 else f"{index}. {label}"


def open_today(
    goals: Sequence[G], done_ids: Collection[int], resting_ids: Collection[int] = ()
) -> list[G]:
    """The goals still to do today: not checked off, not resting (a planned skip or a pause)."""
    return [g for g in goals if g.goal_id not in done_ids and g.goal_id not in resting_ids]


@dataclass(frozen=True, slots=True)
class ShrinkOffer:
    """A goal that slipped `misses` days in a row, offered to be made smaller."""

    goal_id: int
    text: str
    misses: int


def morning(
    goals: Sequence[GoalLike],
    done_ids: Collection[int],
    resting_ids: Collection[int] = (),
    offer: ShrinkOffer | None = None,
) -> Prompt:
    """With active goals: those still open today and their three buttons, and the offer to
    make one smaller when it is due; without any, the question whose answer becomes today's
    intention."""
    if not goals:
        return Prompt(
            f"{texts.nudges.morning_ask()}\n{texts.nudges.morning_ask_hint()}",
            ask_reply=True,
            variant="ask",
            placeholder=texts.nudges.morning_ask_placeholder(),
        )
    open_goals = open_today(goals, done_ids, resting_ids)
    if not open_goals:
        if all(g.goal_id in resting_ids for g in goals):
            return Prompt(texts.nudges.morning_goals_resting(), variant="goals")
        return Prompt(texts.nudges.morning_goals_done(), variant="goals")
    numbered = len(open_goals) > 1
    head = texts.nudges.morning_goals_head_many() if numbered else texts.nudges.morning_goals_head()
    lines = [head]
    rows: list[tuple[Button, ...]] = []
    for i, goal in enumerate(open_goals, start=1):
        prefix = f"{i}. " if numbered else "• "
        lines.append(f"{prefix}<b>{texts.common.q(texts.common.clip(goal.text, GOAL_CHARS))}</b>")
        rows.append(
            (
                (
                    _label(open_goals, i, texts.goals.done_button()),
                    callbacks.goal_done(goal.goal_id),
                ),
                (
                    _label(open_goals, i, texts.goals.shrink_button()),
                    callbacks.goal_shrink(goal.goal_id),
                ),
                (
                    _label(open_goals, i, texts.goals.skip_button()),
                    callbacks.goal_skip(goal.goal_id),
                ),
            )
        )
    if offer is not None and any(g.goal_id == offer.goal_id for g in open_goals):
        lines += ["", texts.goals.morning_shrink_offer(offer.text, offer.misses)]
    return Prompt("\n".join(lines), tuple(rows), variant="goals")


def evening(
    wins: Sequence[tuple[str, bool]],
    goals: Sequence[GoalLike],
    done_ids: Collection[int],
    intention: TodaysIntention | None,
    day: date,
    resting_ids: Collection[int] = (),
    older_wins: bool = False,
) -> Prompt:
    """ "What went well?", today's wins so far, the morning's intention, and a check-off
    button for each goal neither done nor resting today. wins: (text, has_photo) in order.
    A day without wins gets a gentle offer of a lift when there are `older_wins` to show."""
    head = [texts.nudges.evening_head(), ""]
    rows: list[tuple[Button, ...]] = []
    tail: list[str] = []
    if intention is not None:
        head.append(texts.nudges.evening_intention(intention.text, intention.done))
        if not intention.done:
            rows.append(((texts.nudges.intention_done_button(), callbacks.intention_done(day)),))
    open_goals = open_today(goals, done_ids, resting_ids)
    if open_goals:
        tail.append(texts.nudges.evening_goals_open())
        for goal in open_goals:
            label = f"✓ {texts.common.clip(goal.text, 40)}"
            rows.append(((label, callbacks.goal_done(goal.goal_id)),))
    if wins:
        head.append(texts.nudges.evening_wins(len(wins)))
        lines = [texts.wins.win_item(t, photo) for t, photo in wins]
    else:
        head.append(texts.nudges.evening_no_wins())
        lines = []
        if older_wins:
            rows.append(((texts.catchup.lift_button(), callbacks.LIFT),))
    text = texts.common.join_within("\n".join(head), lines, "\n".join(tail))
    return Prompt(text, tuple(rows), variant="evening")


def with_later(prompt: Prompt, outbox_id: int) -> Prompt:
    """The prompt with a *Later* button, when an hour's wait makes sense: a check-in with
    goals still open, or the evening prompt. The morning question keeps its reply field
    instead (Telegram allows one or the other), and a copy already sent again has none."""
    if prompt.variant == "evening" or (prompt.variant == "goals" and prompt.buttons):
        later = ((texts.snooze.later_button(), callbacks.later(outbox_id)),)
        return replace(prompt, buttons=(*prompt.buttons, later))
    return prompt


def fewer() -> Prompt:
    """Asked once, in place of a prompt, after several in a row went unanswered."""
    return Prompt(
        texts.nudges.fewer_ask(),
        (
            ((texts.nudges.fewer_keep_button(), callbacks.fewer("keep")),),
            ((texts.nudges.fewer_weekly_button(), callbacks.fewer("weekly")),),
            ((texts.nudges.fewer_pause_button(), callbacks.fewer("pause")),),
        ),
        variant="fewer",
    )


def weekly(summary: WeekSummary, first_name: str) -> Prompt:
    return Prompt(week_text(summary, first_name), variant="weekly")


# --- groups and buddies: rendered at send time from the database -----------------------

GroupPromptKind = Literal["morning", "evening", "weekly"]


def _shared(wins: Sequence[CircleWin]) -> list[groups.SharedWin]:
    return [
        groups.SharedWin(w.user_id, w.first_name, w.local_date, w.text, w.tags, w.has_photo)
        for w in wins
    ]


async def render_group_prompt(
    store: Store, chat_id: int, kind: GroupPromptKind | str, local_date: date
) -> list[str]:
    """The message(s) for one group slot on the group's `local_date` (usually one; more only
    above Telegram's 4096 characters). Empty when nothing should be sent: the group is
    unknown or inactive, the slot is off, or the digest is turned off."""
    group = await store.groups.get(chat_id)
    if group is None or not group.active or group.muted:
        return []
    with i18n.use(group_spoken(group.language)):
        return await _render_group_prompt(store, group, kind, local_date)


async def _render_group_prompt(
    store: Store, group: Group, kind: GroupPromptKind | str, local_date: date
) -> list[str]:
    """The group's prompt in the group's language (the current one)."""
    chat_id = group.chat_id
    if kind == "morning":
        return groups.morning_checkin(group.title) if group.morning_time else []
    if kind == "evening":
        if not (group.digest_on and group.evening_time):
            return []
        day = await store.groups.digest_data(chat_id, local_date)
        return groups.evening_digest(group.title, _shared(day.wins if day else ()), local_date)
    if kind == "weekly":
        if not (group.digest_on and group.weekly_day is not None and group.weekly_time):
            return []
        first = local_date - timedelta(days=6)
        week = await store.groups.circle_wins(chat_id, first, local_date)
        return groups.weekly_review(
            group.title, _shared(week.wins if week else ()), first, local_date
        )
    raise ValueError(f"unknown group prompt kind: {kind!r}")


async def buddies_in_summary(store: Store, user_id: int, local_date: date) -> list[Buddy]:
    """Buddies whose wins of the day `user_id` may see: both chose to share, and the buddy
    logged something that day."""
    shown = []
    for buddy in await store.buddies.of(user_id):
        if (
            buddy.i_share
            and buddy.they_share
            and await store.wins.on_day(buddy.user_id, local_date)
        ):
            shown.append(buddy)
    return shown


async def render_buddy_lines(store: Store, user_id: int, local_date: date) -> str | None:
    """Lines for the end of `user_id`'s evening prompt: each mutually sharing buddy's wins
    of that day; None if there is nothing to show. Pair it with
    `handlers.buddies.cheer_keyboard(await buddies_in_summary(...))` for the cheer buttons."""
    lines: list[str] = []
    for buddy in await buddies_in_summary(store, user_id, local_date):
        wins = await store.wins.on_day(buddy.user_id, local_date)
        block = texts.buddies.buddy_evening(
            buddy.first_name,
            [(w.text or texts.wins.photo_win_text(), w.photo_file_id is not None) for w in wins],
        )
        lines.extend(block.split("\n"))
    if not lines:
        return None
    # Half a message at most: the evening prompt it is appended to needs room too.
    return texts.common.join_within("", lines, limit=texts.common.MESSAGE_LIMIT // 2)
