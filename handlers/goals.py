"""Micro-goals: /goal, /goals, /done, /skip, /shrink, /drop and the goal buttons.

Goal buttons (bot/domain/callbacks.py) work under any message (the morning check-in too),
so each press checks that the goal belongs to whoever pressed it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.context import Context
from bot.domain import callbacks
from bot.domain.catchup import check_off_problem, split_done_day
from bot.domain.goals import (
    REST_DAYS,
    GoalDays,
    GoalInputError,
    clean_text,
    extend_choices,
    find_goals,
    finished_by_next,
    looks_like_outcome,
    may_start,
    parse_goal,
    rest_days,
    shrink_offer,
    split_shrink,
    strip,
)
from bot.domain.questions import Kind, Payload
from bot.domain.streaks import streak
from handlers.common import (
    add_as_win_row,
    ask,
    button_part,
    command_argument,
    current_user,
    goal_days,
    user_today,
)
from storage.models import Goal, User

# The buttons `/done`, `/skip` and `/drop` offer when they ask which goal is meant
# ("doneyday": /done yesterday).
_PICKED = {
    "done": callbacks.goal_done,
    "doneyday": callbacks.goal_done_yesterday,
    "skip": callbacks.goal_skip,
    "drop": callbacks.goal_drop,
}


def goal_button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def goal_keyboard(goal: Goal) -> InlineKeyboardMarkup:
    """Done / Make it smaller / Not today for one goal (the morning check-in may reuse it)."""
    return InlineKeyboardMarkup(
        [
            [
                goal_button(texts.goals.done_button(), callbacks.goal_done(goal.goal_id)),
                goal_button(texts.goals.shrink_button(), callbacks.goal_shrink(goal.goal_id)),
                goal_button(texts.goals.skip_button(), callbacks.goal_skip(goal.goal_id)),
            ]
        ]
    )


def _input_problem(error: GoalInputError) -> str:
    if error.reason == "too_long":
        return texts.goals.goal_too_long()
    if error.reason == "days_range":
        return texts.goals.goal_days_range()
    if error.reason == "only_days":
        return texts.goals.goal_only_days()
    return texts.goals.goal_usage()


async def goal_command(update: Update, context: Context) -> None:
    """/goal <text> [for N days]: start a micro-goal."""
    message = update.effective_message
    if message is None:
        return
    argument = command_argument(message.text)
    if not argument:
        await message.reply_text(texts.goals.goal_usage())
        return
    try:
        wanted = parse_goal(argument)
    except GoalInputError as error:
        await message.reply_text(_input_problem(error))
        return
    user = await current_user(update, context)
    services = context.services
    now = services.clock.now()
    today = user_today(user, now)
    goal, running = await services.store.goals.start(
        user.user_id,
        wanted.text,
        wanted.days,
        today,
        now,
        finished=partial(finished_by_next, today=today),
        may_start=may_start,
    )
    if goal is None:
        await message.reply_text(texts.goals.goal_fourth_refused(running))
        return
    reply = texts.goals.goal_started(goal.text, goal.days, running)
    if looks_like_outcome(goal.text):
        reply += "\n\n" + texts.goals.outcome_hint()
    await message.reply_text(reply, reply_markup=goal_keyboard(goal))


async def goals_command(update: Update, context: Context) -> None:
    """/goals: each active goal with its day count, check-offs and the last 7 days."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    store = context.services.store
    today = user_today(user, context.services.clock.now())
    goals = await store.goals.active(user.user_id)
    if not goals:
        await message.reply_text(texts.goals.no_goals())
        return
    days = await goal_days(store, user.user_id)
    lines = [texts.goals.goals_head()]
    buttons = []
    for number, goal in enumerate(goals, start=1):
        span = days[goal.goal_id]
        over = span.is_over(today)
        lines.append("")
        lines.append(
            texts.goals.goal_line(
                number,
                goal.text,
                span.day_number(today),
                goal.days,
                len(span.done),
                over,
                streak(span.done, today, span.rest).current,
            )
        )
        lines.append(f"<code>{strip(span, today)}</code>")
        if not over and today not in span.done:
            label = (
                texts.goals.done_button() if len(goals) == 1 else texts.goals.done_button(number)
            )
            buttons.append(goal_button(label, callbacks.goal_done(goal.goal_id)))
    lines += ["", texts.goals.goals_legend()]
    markup = InlineKeyboardMarkup([buttons]) if buttons else None
    await message.reply_text(texts.common.join_within("", lines), reply_markup=markup)
    for goal in goals:
        if days[goal.goal_id].last_day < today:
            await _offer_wrap_up(message, goal, days[goal.goal_id])
            return
    await offer_shrink(message, context, user, today)


async def _pick(
    message: Message, context: Context, user: User, query: str, action: str
) -> Goal | None:
    """The one goal `query` names; otherwise answer (no goals, unknown, or ask with buttons)."""
    goals = await context.services.store.goals.active(user.user_id)
    if not goals:
        await message.reply_text(texts.goals.no_goals())
        return None
    found = find_goals(goals, query)
    if len(found) == 1 and (query or action != "drop"):
        return found[0]
    if not found:
        await message.reply_text(texts.goals.unknown_goal(query))
        return None
    rows = [
        [
            goal_button(
                texts.goals.goal_choice(goals.index(g) + 1, g.text), _PICKED[action](g.goal_id)
            )
        ]
        for g in found
    ]
    await message.reply_text(
        texts.goals.which_goal(action), reply_markup=InlineKeyboardMarkup(rows)
    )
    return None


async def _check_off(
    message: Message, context: Context, user: User, goal: Goal, days_back: int = 0
) -> bool:
    """Check the goal off for today (or `days_back` days before) and say so; True if it
    was newly checked off."""
    services = context.services
    now = services.clock.now()
    today = user_today(user, now)
    day = today - timedelta(days=days_back)
    if days_back:
        problem = check_off_problem(day, today, goal.start, goal.last_day)
        if problem is not None:
            await message.reply_text(texts.catchup.check_off_refused(problem, goal.text))
            return False
    elif goal.last_day < today:
        await _offer_wrap_up(message, goal, None)
        return False
    added, total = await services.store.goals.check_off(goal, day, chat_id=message.chat_id, now=now)
    if not added:
        already = texts.catchup.already_done_yesterday if days_back else texts.goals.already_done
        await message.reply_text(already(goal.text))
        return False
    span = (await goal_days(services.store, user.user_id))[goal.goal_id]
    undo = goal_button(texts.wins.undo_button(), callbacks.goal_undo(goal.goal_id, day))
    done_text = texts.goals.checked_off(goal.text, total, span.day_number(day), goal.days)
    if days_back:
        done_text = f"{texts.catchup.done_for_yesterday(goal.text)}\n{done_text}"
    await message.reply_text(done_text, reply_markup=InlineKeyboardMarkup([[undo]]))
    if day == goal.last_day:
        await _offer_wrap_up(message, goal, span)
    return True


def _without_goal(markup: InlineKeyboardMarkup, goal_id: int) -> InlineKeyboardMarkup | None:
    """The keyboard minus the goal's Done / Make it smaller / Not today buttons."""
    settled = {
        build(goal_id)
        for build in (callbacks.goal_done, callbacks.goal_skip, callbacks.goal_shrink)
    }
    rows = [[b for b in row if b.callback_data not in settled] for row in markup.inline_keyboard]
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None


async def _offer_wrap_up(message: Message, goal: Goal, span: GoalDays | None) -> None:
    """The goal's days are done: celebrate, offer to extend or finish."""
    choices = extend_choices(goal.days)
    done = len(span.done) if span else 0
    row = [
        goal_button(texts.goals.extend_button(n), callbacks.goal_extend(goal.goal_id, n))
        for n in choices
    ]
    row.append(goal_button(texts.goals.finish_button(), callbacks.goal_finish(goal.goal_id)))
    await message.reply_text(
        texts.goals.goal_complete(goal.text, goal.days, done, bool(choices)),
        reply_markup=InlineKeyboardMarkup([row]),
    )


async def _skip(message: Message, context: Context, user: User, goal: Goal) -> None:
    services = context.services
    now = services.clock.now()
    today = user_today(user, now)
    if goal.last_day < today:
        await _offer_wrap_up(message, goal, None)
        return
    kind = await services.store.goals.day_kind(goal, today)
    if kind == "done":
        await message.reply_text(texts.goals.skip_already_done(goal.text))
    elif kind == "skip":
        await message.reply_text(texts.goals.skip_again(goal.text))
    else:
        await services.store.goals.rest(goal, [today], now)
        await message.reply_text(texts.goals.skipped(goal.text))


async def done_command(update: Update, context: Context) -> None:
    """/done [goal]: check a goal off for today (it's a win too)."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    # "/done yesterday", "/done 1 yesterday": a forgotten check-off is not a miss.
    query, days_back = split_done_day(command_argument(message.text))
    action = "doneyday" if days_back else "done"
    goal = await _pick(message, context, user, query, action)
    if goal is not None:
        await _check_off(message, context, user, goal, days_back)


async def skip_command(update: Update, context: Context) -> None:
    """/skip [goal]: a planned rest today, which is not a miss."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    goal = await _pick(message, context, user, command_argument(message.text), "skip")
    if goal is not None:
        await _skip(message, context, user, goal)


async def drop_command(update: Update, context: Context) -> None:
    """/drop <goal>: let a goal go (its history stays)."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    goal = await _pick(message, context, user, command_argument(message.text), "drop")
    if goal is None:
        return
    # Numbers shift once a goal is gone, so a repeated `/drop 1` must not drop the next
    # one: ask, with buttons that name this goal by its id.
    keyboard = InlineKeyboardMarkup(
        [
            [
                goal_button(texts.goals.let_go_button(), callbacks.goal_drop(goal.goal_id)),
                goal_button(texts.goals.keep_button(), callbacks.goal_keep(goal.goal_id)),
            ]
        ]
    )
    await message.reply_text(texts.goals.drop_confirm(goal.text), reply_markup=keyboard)


async def shrink_command(update: Update, context: Context) -> None:
    """/shrink <goal> <smaller version>: same goal, smaller step, history kept."""
    message = update.effective_message
    if message is None:
        return
    argument = command_argument(message.text)
    if not argument:
        await message.reply_text(texts.goals.shrink_usage())
        return
    user = await current_user(update, context)
    goals = await context.services.store.goals.active(user.user_id)
    if not goals:
        await message.reply_text(texts.goals.no_goals())
        return
    found, smaller = split_shrink(goals, argument)
    if len(found) != 1:
        await message.reply_text(
            texts.goals.unknown_goal(argument) + "\n\n" + texts.goals.shrink_usage()
        )
        return
    if not smaller:
        await _ask_smaller(message, context, user, found[0])
        return
    await _shrink(message, context, user, found[0], smaller)


async def _shrink(message: Message, context: Context, user: User, goal: Goal, text: str) -> None:
    try:
        smaller = clean_text(text)
    except GoalInputError as error:
        await message.reply_text(_input_problem(error))
        return
    services = context.services
    now = services.clock.now()
    await services.store.goals.shrink(goal, smaller, user_today(user, now), now)
    await message.reply_text(texts.goals.shrunk(goal.text, smaller))


async def _ask_smaller(message: Message, context: Context, user: User, goal: Goal) -> None:
    """Ask for the goal's smaller version (the answer is typed soon, or a reply)."""
    sent = await message.reply_text(texts.goals.ask_smaller(goal.text))
    await ask(context, user, Kind.SHRINK, sent, Payload(goal_id=goal.goal_id))


async def answer_goal_question(
    message: Message,
    context: Context,
    user: User,
    kind: str,
    goal_id: int,
    text: str,
    by_reply: bool,
) -> bool:
    """An answer to "what's a smaller version?" or "what got in the way?" (False if the goal
    is gone, so the text means nothing here)."""
    store = context.services.store
    goal = await store.goals.get(user.user_id, goal_id)
    if goal is None or goal.status != "active":
        return False
    if kind == Kind.SHRINK:
        await _shrink(message, context, user, goal, text)
        return True
    now = context.services.clock.now()
    await store.goals.add_note(goal, "obstacle", text, user_today(user, now), now)
    if by_reply:
        await message.reply_text(texts.goals.note_kept())
        return True
    # Typed rather than replied: it may have been a win meant for the jar.
    await message.reply_text(
        f"{texts.goals.note_kept()}\n{texts.goals.note_or_win()}",
        reply_markup=InlineKeyboardMarkup([add_as_win_row()]),
        do_quote=True,
    )
    return True


async def offer_shrink(message: Message, context: Context, user: User, today: date) -> bool:
    """After two missed days in a row, offer once to make a goal smaller (True if offered).

    Public so that scheduled prompts can make the same offer.
    """
    store = context.services.store
    goals = await store.goals.active(user.user_id)
    if not goals:
        return False
    offer = shrink_offer(goals, await goal_days(store, user.user_id), today)
    if offer is None:
        return False
    goal, misses = offer
    await store.goals.mark_offered(goal, today)
    keyboard = InlineKeyboardMarkup(
        [
            [goal_button(texts.goals.shrink_button(), callbacks.goal_shrink(goal.goal_id))],
            [
                goal_button(texts.goals.keep_button(), callbacks.goal_keep(goal.goal_id)),
                goal_button(texts.goals.pause_button(), callbacks.goal_pause(goal.goal_id)),
            ],
        ]
    )
    sent = await message.get_bot().send_message(
        message.chat_id, texts.goals.shrink_offer(goal.text, misses), reply_markup=keyboard
    )
    await ask(context, user, Kind.OBSTACLE, sent, Payload(goal_id=goal.goal_id))
    return True


# --- the goal buttons: goal:<action>:<id>[:<extra>] from any message ------------------------


async def _pressed_goal(
    update: Update, context: Context
) -> tuple[CallbackQuery, Message, User, Goal] | None:
    """The presser's own active goal the button names (else the press is answered)."""
    query = update.callback_query
    if query is None:
        return None
    if not isinstance(query.message, Message):
        await query.answer(texts.common.stale_button())
        return None
    user = await current_user(update, context)
    goal = await context.services.store.goals.get(user.user_id, int(button_part(context)))
    if goal is None or goal.status != "active":
        await query.answer(texts.goals.goal_gone(), show_alert=True)
        return None
    return query, query.message, user, goal


async def goal_done_button(update: Update, context: Context) -> None:
    """Done: check the goal off for today."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, user, goal = pressed
    await query.answer()
    markup = message.reply_markup
    if await _check_off(message, context, user, goal) and markup is not None:
        # Under a list of several goals, the one just done needs no more buttons.
        await query.edit_message_reply_markup(_without_goal(markup, goal.goal_id))


async def goal_done_yesterday_button(update: Update, context: Context) -> None:
    """Done, for yesterday (picked after /done yesterday): a forgotten check-off."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, user, goal = pressed
    await query.answer()
    await _check_off(message, context, user, goal, days_back=1)


async def goal_skip_button(update: Update, context: Context) -> None:
    """Not today: a planned rest."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, user, goal = pressed
    await query.answer()
    await _skip(message, context, user, goal)


async def goal_shrink_button(update: Update, context: Context) -> None:
    """Make it smaller: ask for the smaller version."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, user, goal = pressed
    await query.answer()
    await _ask_smaller(message, context, user, goal)


async def _end_pressed_goal(
    update: Update, context: Context, status: str, said: Callable[[str], str]
) -> None:
    """The goal under the pressed button ends as `status`; its history stays."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, _, goal = pressed
    await query.answer()
    await query.edit_message_reply_markup(None)
    await context.services.store.goals.end(goal, status, context.services.clock.now())
    await message.reply_text(said(goal.text))


async def goal_drop_button(update: Update, context: Context) -> None:
    """Let it go (after /drop asked): the goal ends, its history stays."""
    await _end_pressed_goal(update, context, "dropped", texts.goals.dropped)


async def goal_keep_button(update: Update, context: Context) -> None:
    """Keep it: nothing changes."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, _, goal = pressed
    await query.answer()
    await query.edit_message_reply_markup(None)
    await message.reply_text(texts.goals.kept_goal(goal.text))


async def goal_pause_button(update: Update, context: Context) -> None:
    """Rest a few days (offered after misses): planned rests, not misses."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, user, goal = pressed
    await query.answer()
    await query.edit_message_reply_markup(None)
    store = context.services.store
    now = context.services.clock.now()
    today = user_today(user, now)
    await store.goals.rest(goal, rest_days(today), now)
    await store.goals.add_note(goal, "rest", f"{REST_DAYS} days", today, now)
    await message.reply_text(texts.goals.paused_goal(goal.text, REST_DAYS))


async def goal_extend_button(update: Update, context: Context) -> None:
    """Keep going for N more days (offered when the goal's days are done)."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, message, user, goal = pressed
    await query.answer()
    days = int(button_part(context, 2))
    if days not in extend_choices(goal.days):
        await message.reply_text(texts.common.stale_button())
        return
    await query.edit_message_reply_markup(None)
    now = context.services.clock.now()
    await context.services.store.goals.extend(goal, days, user_today(user, now), now)
    await message.reply_text(texts.goals.extended(goal.text, days))


async def goal_finish_button(update: Update, context: Context) -> None:
    """Finish: the goal is done with."""
    await _end_pressed_goal(update, context, "finished", texts.goals.finished)


async def goal_undo_button(update: Update, context: Context) -> None:
    """Undo under a check-off: the goal is open again that day, the marble out."""
    pressed = await _pressed_goal(update, context)
    if pressed is None:
        return
    query, _, _, goal = pressed
    try:
        local_date = date.fromisoformat(button_part(context, 2))
    except ValueError:
        await query.answer(texts.common.stale_button())
        return
    taken, total = await context.services.store.goals.uncheck(goal, local_date)
    if not taken:
        await query.answer(texts.wins.undo_gone())
        await query.edit_message_reply_markup(None)
        return
    await query.answer()
    await query.edit_message_text(texts.goals.check_off_undone(goal.text, total))
