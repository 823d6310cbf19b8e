"""What the handlers share (each handler module imports only this one and never another):
who is writing (in private or in a group), which day it is for them, links into the
private chat, and the loaders several features read."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from telegram import ChatMember, InlineKeyboardButton, Message, Update
from telegram.constants import ChatType
from telegram.helpers import create_deep_linked_url

from bot import i18n, texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.catchup import YESTERDAY_OFFER_HOURS
from bot.domain.days import DEFAULT_DAY_END_HOUR, day_bounds, local_day
from bot.domain.goals import GoalDays, goal_spans
from bot.domain.onboarding import Step, needs_setup
from bot.domain.questions import Kind, Payload, encode, expires_at
from bot.domain.weeks import MONDAY, SUNDAY, default_week_start
from bot.domain.zones import zone, zone_label
from storage import Store
from storage.groups import Group
from storage.models import User

GROUP_CHAT_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)


async def current_user(update: Update, context: Context) -> User:
    """The sender's row, created on first contact (with defaults, setup still ahead)."""
    tg_user = update.effective_user
    if tg_user is None:
        raise ValueError("update without a user")
    services = context.services
    user, _ = await services.store.users.ensure(
        tg_user.id,
        tg_user.first_name or "",
        tg_user.language_code,
        services.clock.now(),
        onboarding_step=Step.ONBOARD_TIMEZONE,
        week_start=default_week_start(tg_user.language_code),
        language=i18n.language_for(tg_user.language_code),
    )
    if user.prompts_unanswered:
        # Any word or tap from them answers the prompts so far (see bot.nudges).
        await services.store.users.prompts_answered(user.user_id)
        user = replace(user, prompts_unanswered=0)
    return user


async def ask(
    context: Context, user: User, kind: Kind, sent: Message, payload: Payload | None = None
) -> None:
    """`sent` asked the user something: wait for the answer (see bot/questions.py)."""
    now = context.services.clock.now()
    await context.services.store.questions.ask(
        sent.chat_id,
        user.user_id,
        kind,
        sent.message_id,
        encode(payload or Payload()),
        now,
        expires_at(kind, now, zone(user.timezone), user.day_end_hour),
    )


async def never_welcomed(context: Context, user: User) -> bool:
    """Setup not done and never started (a first message before /start, or after /forget):
    the reply to this message leads into setup."""
    if not needs_setup(user.onboarding_step):
        return False
    return not await context.services.store.questions.ever_asked(user.user_id, Kind.ZONE)


def zone_buttons(zones: Sequence[str]) -> list[list[InlineKeyboardButton]]:
    """Time zones as buttons, two a row (the onboarding handler takes them)."""
    buttons = [
        InlineKeyboardButton(zone_label(z), callback_data=callbacks.onboard_zone(z)) for z in zones
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def add_as_win_row() -> list[InlineKeyboardButton]:
    """ "Add it as a win", under a kind word or a hint, in case the text was a win after all."""
    return [
        InlineKeyboardButton(texts.settings.add_as_win_button(), callback_data=callbacks.ADD_AS_WIN)
    ]


def button_part(context: Context, number: int = 1) -> str:
    """Part `number` of the pressed button's data, as the pattern it was routed by reads it
    (bot/domain/callbacks.py)."""
    assert context.matches, "a button callback routed without a pattern"
    return context.matches[0].group(number)


@dataclass(frozen=True, slots=True)
class UserDay:
    """A user-day and its bounds [start, end) in UTC (bot/domain/days.py)."""

    today: date
    start: datetime
    end: datetime

    def offers_yesterday(self, now: datetime) -> date | None:
        """As bot.domain.catchup.offers_yesterday, for `now` inside this day."""
        if now - self.start < timedelta(hours=YESTERDAY_OFFER_HOURS):
            return self.today - timedelta(days=1)
        return None


# The current day of each (zone, day-end hour) seen: for most updates the day a person is
# in is a comparison, not three time-zone conversions. Bounded by the zones and hours.
_days: dict[tuple[str, int], UserDay] = {}
_DAYS_REMEMBERED = 10_000


def user_day(user: User, now: datetime) -> UserDay:
    """The user-day `now` falls in for `user`, with its bounds."""
    key = (user.timezone, user.day_end_hour)
    known = _days.get(key)
    if known is not None and known.start <= now < known.end:
        return known
    tz = zone(user.timezone)
    today = local_day(now, tz, user.day_end_hour)
    start, end = day_bounds(today, tz, user.day_end_hour)
    if len(_days) >= _DAYS_REMEMBERED:
        _days.clear()
    _days[key] = day = UserDay(today, start, end)
    return day


def user_today(user: User, now: datetime) -> date:
    return user_day(user, now).today


def joined_on(user: User) -> date:
    """The user-day they first wrote to the bot."""
    return user_today(user, user.created_at)


def local_clock(user: User, now: datetime) -> str:
    return now.astimezone(zone(user.timezone)).strftime("%H:%M")


def command_argument(text: str | None) -> str:
    """What follows the command, newlines kept ("/win a\\nb" -> "a\\nb")."""
    if not text:
        return ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


async def settings_changed(context: Context, user: User) -> None:
    """A user's zone, times or pause changed: their schedule follows at once."""
    await context.services.nudges.reschedule(user)


# --- groups: which group, which member --------------------------------------------------


async def group_schedule_changed(context: Context, group: Group) -> None:
    """A group's zone, times, digest or activity changed: its schedule follows at once."""
    await context.services.nudges.reschedule_group(group)


async def current_group(update: Update, context: Context) -> Group | None:
    """The group this update comes from, registered if the bot has not seen it before."""
    chat = update.effective_chat
    if chat is None or chat.type not in GROUP_CHAT_TYPES:
        return None
    store = context.services.store
    group = await store.groups.get(chat.id)
    if group is None or not group.active:
        # A group met for the first time speaks the language of whoever brought it
        # here, the current one (bot/languages.py).
        group, _ = await store.groups.register(
            chat.id, chat.title or "", context.services.clock.now(), language=i18n.current()
        )
        await group_schedule_changed(context, group)
    return group


async def member_user(update: Update, context: Context) -> User | None:
    """The sender's row; someone first met in a group is not yet reachable in private."""
    tg_user = update.effective_user
    if tg_user is None or tg_user.is_bot:
        return None
    return await context.services.store.users.ensure_seen(
        tg_user.id,
        tg_user.first_name or "",
        tg_user.language_code,
        context.services.clock.now(),
        onboarding_step=Step.ONBOARD_TIMEZONE,
        language=i18n.language_for(tg_user.language_code),
    )


async def is_admin(update: Update, context: Context) -> bool:
    """Whether the sender administers the group (asked of Telegram each time: admins
    change, and the bot is not told)."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is None:
        return False
    # An anonymous admin writes as the group itself.
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    if update.effective_user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, update.effective_user.id)
    return member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


# --- languages: a message to someone else speaks theirs ----------------------------------


@asynccontextmanager
async def speaking_to(context: Context, user_id: int) -> AsyncIterator[None]:
    """Inside: the language of `user_id`, for a message to them that someone else's
    update causes (a buddy's cheer, say)."""
    services = context.services
    language = await services.languages.of_person(services.store, user_id, None)
    with i18n.use(language):
        yield


# --- links into the private chat --------------------------------------------------------


def private_chat_link(context: Context, payload: str | None = None) -> str:
    return create_deep_linked_url(context.bot.username, payload)


def add_to_group_link(context: Context) -> str:
    return create_deep_linked_url(context.bot.username, "circle", group=True)


# --- loaders several features read ------------------------------------------------------


async def goal_days(store: Store, user_id: int) -> dict[int, GoalDays]:
    """Each of the user's goals with its check-offs and rests (bot/domain/goals.goal_spans)."""
    user = await store.users.get(user_id)
    return goal_spans(
        await store.goals.all_for(user_id),
        await store.goals.days_for(user_id),
        await store.pauses.spans(user_id),
        zone(user.timezone if user else "UTC"),
        user.day_end_hour if user else DEFAULT_DAY_END_HOUR,
    )


# --- week start: a row of /settings (handlers/weeks.py answers it) ---------------------


def week_start_row(week_start: int) -> list[InlineKeyboardButton]:
    """Monday | Sunday, the chosen one ticked."""
    return [
        InlineKeyboardButton(
            texts.weeks.chosen_button(label) if day == week_start else label,
            callback_data=callbacks.week_start(day),
        )
        for day, label in (
            (MONDAY, texts.weeks.monday_button()),
            (SUNDAY, texts.weeks.sunday_button()),
        )
    ]
