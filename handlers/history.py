"""Looking back: /history a week per page (edit or delete a win from it), /find and /tags."""

from __future__ import annotations

from datetime import date

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.context import Context
from bot.domain import callbacks, history
from bot.domain.questions import Kind, Payload
from handlers.common import ask, command_argument, current_user
from storage.models import User, Win

TAG_BUTTONS = 24


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


# --- /history -----------------------------------------------------------------------------


async def _week_page(
    context: Context, user: User, start: date, note: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    """One week of the user's history (days and wins newest first), with its buttons."""
    wins = context.services.store.wins
    first, last = history.week_days(start)
    found = await wins.between(user.user_id, first, last)
    by_day: dict[date, list[tuple[str, bool]]] = {}
    for win in reversed(found):
        by_day.setdefault(win.local_date, []).append((win.text, win.photo_file_id is not None))
    text = texts.history.week_page(first, last, list(by_day.items()), note=note)
    row: list[InlineKeyboardButton] = []
    older = await wins.latest_before(user.user_id, first)
    if older is not None:
        row.append(
            _button(
                texts.history.older(),
                callbacks.history_week(history.week_start(older, user.week_start)),
            )
        )
    if found:
        row.append(_button(texts.history.pick(), callbacks.history_pick(first)))
    newer = await wins.earliest_after(user.user_id, last)
    if newer is not None:
        row.append(
            _button(
                texts.history.newer(),
                callbacks.history_week(history.week_start(newer, user.week_start)),
            )
        )
    return text, InlineKeyboardMarkup([row] if row else [])


async def history_command(update: Update, context: Context) -> None:
    """/history: the week of the newest win; « » move between weeks with wins."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    newest = await context.services.store.wins.newest_day(user.user_id)
    if newest is None:
        await message.reply_text(texts.history.empty())
        return
    text, keyboard = await _week_page(context, user, history.week_start(newest, user.week_start))
    await message.reply_text(text, reply_markup=keyboard)


async def week_button(update: Update, context: Context) -> None:
    """« » (and Back): the same message shows another week."""
    query = update.callback_query
    start = (
        callbacks.compact_day(context.matches[0].group(1)) if query and context.matches else None
    )
    if query is None or start is None:
        return
    user = await current_user(update, context)
    text, keyboard = await _week_page(context, user, start)
    await query.answer()
    await query.edit_message_text(text, reply_markup=keyboard)


async def pick_button(update: Update, context: Context) -> None:
    """ "Edit or delete": the week's wins as numbered buttons."""
    query = update.callback_query
    start = (
        callbacks.compact_day(context.matches[0].group(1)) if query and context.matches else None
    )
    if query is None or start is None:
        return
    user = await current_user(update, context)
    first, last = history.week_days(start)
    found = list(reversed(await context.services.store.wins.between(user.user_id, first, last)))
    shown = found[: history.PICK_LIMIT]
    numbers = [
        _button(str(n), callbacks.history_show(win.win_id, start))
        for n, win in enumerate(shown, start=1)
    ]
    rows = [numbers[i : i + 6] for i in range(0, len(numbers), 6)]
    rows.append([_button(texts.history.back(), callbacks.history_week(start))])
    await query.answer()
    await query.edit_message_text(
        texts.history.pick_list(
            [(w.local_date, w.text, w.photo_file_id is not None) for w in shown],
            len(found) - len(shown),
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _win_or_week(
    update: Update, context: Context, user: User, win_id: int, start: date
) -> Win | None:
    """The user's win, or (when it is gone) a short answer and the week again."""
    query = update.callback_query
    assert query is not None
    win = await context.services.store.wins.get(user.user_id, win_id)
    if win is None:
        await query.answer(texts.history.win_gone(), show_alert=True)
        text, keyboard = await _week_page(context, user, start)
        await query.edit_message_text(text, reply_markup=keyboard)
    return win


def _win_parts(context: Context) -> tuple[int, date] | None:
    if not context.matches:
        return None
    match = context.matches[0]
    start = callbacks.compact_day(match.group(2))
    return (int(match.group(1)), start) if start is not None else None


async def show_button(update: Update, context: Context) -> None:
    """A numbered win: it alone, with Edit and Delete."""
    query = update.callback_query
    parts = _win_parts(context)
    if query is None or parts is None:
        return
    user = await current_user(update, context)
    win = await _win_or_week(update, context, user, *parts)
    if win is None:
        return
    _, start = parts
    await query.answer()
    await query.edit_message_text(
        texts.history.one_win(win.local_date, win.text, win.photo_file_id is not None),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    _button(texts.history.edit(), callbacks.history_edit(win.win_id)),
                    _button(texts.history.delete(), callbacks.history_delete(win.win_id, start)),
                ],
                [_button(texts.history.back(), callbacks.history_week(start))],
            ]
        ),
    )


async def delete_button(update: Update, context: Context) -> None:
    """Delete: ask first."""
    query = update.callback_query
    parts = _win_parts(context)
    if query is None or parts is None:
        return
    user = await current_user(update, context)
    win = await _win_or_week(update, context, user, *parts)
    if win is None:
        return
    _, start = parts
    await query.answer()
    await query.edit_message_text(
        texts.history.confirm_delete(win.text),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    _button(
                        texts.history.confirm_delete_button(),
                        callbacks.history_confirm(win.win_id, start),
                    ),
                    _button(texts.history.keep(), callbacks.history_show(win.win_id, start)),
                ]
            ]
        ),
    )


async def confirm_button(update: Update, context: Context) -> None:
    """Yes, delete: out of the jar (a check-off's goal day goes too), then the week again."""
    query = update.callback_query
    parts = _win_parts(context)
    if query is None or parts is None:
        return
    user = await current_user(update, context)
    win_id, start = parts
    removed, total = await context.services.store.wins.delete_one(user.user_id, win_id)
    if removed is None:
        await query.answer(texts.history.win_gone(), show_alert=True)
        text, keyboard = await _week_page(context, user, start)
    else:
        await query.answer()
        note = texts.history.deleted(removed.text, total)
        text, keyboard = await _week_page(context, user, start, note)
    await query.edit_message_text(text, reply_markup=keyboard)


async def edit_button(update: Update, context: Context) -> None:
    """Edit: ask for the new words, as a question that expires (a reply answers it)."""
    query = update.callback_query
    if query is None or not context.matches or not isinstance(query.message, Message):
        return
    user = await current_user(update, context)
    win_id = int(context.matches[0].group(1))
    win = await context.services.store.wins.get(user.user_id, win_id)
    if win is None:
        await query.answer(texts.history.win_gone(), show_alert=True)
        return
    await query.answer()
    sent = await query.message.reply_text(
        texts.history.ask_new_text(win.text), reply_markup=ForceReply(selective=True)
    )
    await ask(context, user, Kind.EDIT_WIN, sent, Payload(win_id=win.win_id))


async def answer_edit(
    message: Message, context: Context, user: User, win_id: int, text: str
) -> bool:
    """The new words for a win (a reply to the question, or typed while it is open); False
    when they cannot be a win (several lines, say) and the question waits for another."""
    try:
        parsed = history.edited_win(text)
    except history.EditError as error:
        if error.reason == "too_long":
            await message.reply_text(texts.history.edit_too_long(error.limit))
        elif error.reason == "several":
            await message.reply_text(texts.history.edit_one_line())
        else:
            await message.reply_text(texts.history.edit_no_text())
        return False
    win = await context.services.store.wins.set_text(user.user_id, win_id, parsed.text, parsed.tags)
    if win is None:
        await message.reply_text(texts.history.win_gone_edit())
        return True
    await message.reply_text(texts.history.edited(win.text))
    return True


# --- /find and /tags ----------------------------------------------------------------------


async def _results(
    context: Context, user: User, search_id: int, search: history.Search, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of a search's wins, newest first, with « » when there are more."""
    size = history.FIND_PAGE_SIZE
    found, total = await context.services.store.wins.search(
        user.user_id,
        [history.like_pattern(word) for word in search.words],
        search.tags,
        limit=size,
        offset=(page - 1) * size,
    )
    if total == 0:
        return texts.history.no_match(search.query), None
    pages = history.page_count(total)
    text = texts.history.found(
        search.query,
        total,
        page,
        pages,
        [(w.local_date, w.text, w.photo_file_id is not None) for w in found],
    )
    row = []
    if page > 1:
        row.append(_button(texts.history.previous(), callbacks.find_page(search_id, page - 1)))
    if page < pages:
        row.append(_button(texts.history.next(), callbacks.find_page(search_id, page + 1)))
    return text, InlineKeyboardMarkup([row]) if row else None


async def _start_search(message: Message, context: Context, user: User, query: str) -> None:
    try:
        search = history.parse_search(query)
    except history.SearchError as error:
        await message.reply_text(
            texts.history.find_too_long()
            if error.reason == "too_long"
            else texts.history.find_how()
        )
        return
    now = context.services.clock.now()
    search_id = await context.services.store.searches.add(user.user_id, search.query, now)
    text, keyboard = await _results(context, user, search_id, search, 1)
    await message.reply_text(text, reply_markup=keyboard)


async def find_command(update: Update, context: Context) -> None:
    """/find <words|#tag>: matching wins, newest first, a page at a time."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    await _start_search(message, context, user, command_argument(message.text))


async def find_page_button(update: Update, context: Context) -> None:
    """« » under search results: the same message shows another page."""
    query = update.callback_query
    if query is None or not context.matches:
        return
    user = await current_user(update, context)
    search_id, page = int(context.matches[0].group(1)), int(context.matches[0].group(2))
    saved = await context.services.store.searches.get(user.user_id, search_id)
    if saved is None:
        await query.answer(texts.history.search_gone(), show_alert=True)
        return
    text, keyboard = await _results(context, user, search_id, history.parse_search(saved), page)
    await query.answer()
    await query.edit_message_text(text, reply_markup=keyboard)


async def tags_command(update: Update, context: Context) -> None:
    """/tags: the user's tags with counts, most used first, each a button to its wins."""
    message = update.effective_message
    if message is None:
        return
    user = await current_user(update, context)
    counts = history.tag_counts(await context.services.store.wins.tag_lists(user.user_id))
    if not counts:
        await message.reply_text(texts.history.tags_none())
        return
    buttons = [
        _button(texts.history.tag_button(tag, n), callbacks.tag(tag))
        for tag, n in counts[:TAG_BUTTONS]
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    await message.reply_text(
        texts.history.tags_list(counts, len(buttons)), reply_markup=InlineKeyboardMarkup(rows)
    )


async def tag_button(update: Update, context: Context) -> None:
    """A tag under /tags: its wins, as /find #tag would show them."""
    query = update.callback_query
    if query is None or not context.matches or not isinstance(query.message, Message):
        return
    user = await current_user(update, context)
    key = context.matches[0].group(1)
    tags = history.tag_counts(await context.services.store.wins.tag_lists(user.user_id))
    tag = next((t for t, _ in tags if history.tag_key(t) == key), None)
    if tag is None:
        await query.answer(texts.history.tag_gone(), show_alert=True)
        return
    await query.answer()
    await _start_search(query.message, context, user, f"#{tag}")
