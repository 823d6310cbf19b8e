"""Looking back: /history pages, editing and deleting a win, /find and /tags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import i18n
from bot.i18n import _, ngettext, pgettext
from bot.texts.common import MESSAGE_LIMIT, clip, join_within, q
from bot.texts.wins import marbles, win_item


def older() -> str:
    # Translators: a button that pages /history one week back.
    return _("« Older")


def newer() -> str:
    # Translators: a button that pages /history one week forward.
    return _("Newer »")


def previous() -> str:
    # Translators: a button that shows the previous page of /find results.
    return _("« Previous")


def next() -> str:
    # Translators: a button that shows the next page of /find results.
    return _("Next »")


def pick() -> str:
    # Translators: a button under a /history week to pick one of its wins to change.
    return _("✏️ Edit or delete")


def back() -> str:
    # Translators: a button that goes back from one win to its /history week.
    return _("« Back to the week")


def edit() -> str:
    # Translators: a button that changes a win's words.
    return _("✏️ Edit")


def delete() -> str:
    # Translators: a button that takes a win out of the jar (asks first).
    return _("🗑 Delete")


def confirm_delete_button() -> str:
    # Translators: a button that confirms deleting a win.
    return _("Yes, delete it")


def keep() -> str:
    # Translators: a button that cancels deleting a win: the win stays in the jar.
    return pgettext("keep a win", "Keep it")


def empty() -> str:
    return _(
        "Your history starts with your first win 🌱 Text me one small thing that went well "
        "today, like <i>made my bed</i>."
    )


def _month(day: date) -> str:
    return i18n.month_name(day.month, "abbreviated", "format")


def day_label(day: date) -> str:
    # Translators: a day heading in /history, e.g. "Mon 30 Nov" (abbreviated names).
    return _("{weekday} {day} {month}").format(
        weekday=i18n.weekday_name(day.weekday(), "abbreviated"), day=day.day, month=_month(day)
    )


def _day_with_year(day: date) -> str:
    # Translators: the day a /find result was won, e.g. "Mon 30 Nov 2026".
    return _("{weekday} {day} {month} {year}").format(
        weekday=i18n.weekday_name(day.weekday(), "abbreviated"),
        day=day.day,
        month=_month(day),
        year=day.year,
    )


def _span(first: date, last: date) -> str:
    if first.year != last.year:
        # Translators: a week across new year in /history, e.g. "29 Dec 2025 – 4 Jan 2026".
        text = _("{first_day} {first_month} {first_year} – {last_day} {last_month} {last_year}")
    elif first.month != last.month:
        # Translators: a week across two months in /history, e.g. "30 Nov – 6 Dec 2026".
        text = _("{first_day} {first_month} – {last_day} {last_month} {last_year}")
    else:
        # Translators: a week inside one month in /history, e.g. "2–8 Nov 2026".
        text = _("{first_day}–{last_day} {last_month} {last_year}")
    return text.format(
        first_day=first.day,
        first_month=_month(first),
        first_year=first.year,
        last_day=last.day,
        last_month=_month(last),
        last_year=last.year,
    )


def week_page(
    first: date,
    last: date,
    days: Sequence[tuple[date, Sequence[tuple[str, bool]]]],
    *,
    note: str = "",
) -> str:
    """One week: its days newest first, each with its wins (text, has a photo)."""
    count = sum(len(wins) for _day, wins in days)
    wins_count = ngettext("{count} win", "{count} wins", count).format(count=count)
    head = f"<b>{_span(first, last)}</b> · {wins_count}"
    if note:
        head = f"{note}\n\n{head}"
    lines: list[str] = []
    for day, wins in days:
        lines.append(f"\n<b>{day_label(day)}</b>")
        lines.extend(win_item(text, photo) for text, photo in wins)
    if not days:
        lines.append("\n" + _("No wins left this week."))
    return join_within(head, lines, limit=MESSAGE_LIMIT)


def pick_list(wins: Sequence[tuple[date, str, bool]], more: int) -> str:
    """The page's wins, numbered like their buttons."""
    lines = [
        f"{n}. {day_label(day)}: {win_item(text, photo).removeprefix('• ')}"
        for n, (day, text, photo) in enumerate(wins, start=1)
    ]
    tail = (
        ngettext(
            "The newest {count} is here; the rest, one week back.",
            "The newest {count} are here; the rest, one week back.",
            len(wins),
        ).format(count=len(wins))
        if more
        else ""
    )
    return join_within(_("Which win? Tap its number."), lines, tail)


def one_win(day: date, text: str, photo: bool) -> str:
    return f"<b>{day_label(day)}</b>\n{win_item(text, photo)}"


def confirm_delete(text: str) -> str:
    return _("Take this win out of your jar?\n<i>{win}</i>").format(win=q(clip(text, 200)))


def deleted(text: str, total: int) -> str:
    return _("<i>{win}</i> is out of the jar. You have {marbles}.").format(
        win=q(clip(text, 60)), marbles=marbles(total)
    )


def win_gone() -> str:
    return _("That win isn't there any more.")


def win_gone_edit() -> str:
    return _(
        "That win isn't there any more, so there's nothing to change. "
        "Send it again as a new win if you like."
    )


def ask_new_text(text: str) -> str:
    return _(
        "What should it say instead of <i>{win}</i>?\nReply to this message with the new words."
    ).format(win=q(clip(text, 200)))


def edited(text: str) -> str:
    return _("Changed ✓ Now it reads: <i>{win}</i>").format(win=q(clip(text, 300)))


def edit_one_line() -> str:
    return _("A win is one line. Reply again with just the new words for this one.")


def edit_no_text() -> str:
    return _("I couldn't find any words in that. Reply again with the new text.")


def edit_too_long(limit: int) -> str:
    return ngettext(
        "That's a lot for one win! Keep it under {limit} character and reply again.",
        "That's a lot for one win! Keep it under {limit} characters and reply again.",
        limit,
    ).format(limit=limit)


# --- /find and /tags ----------------------------------------------------------------------


def find_how() -> str:
    return _(
        "Tell me what to look for, e.g.\n<code>/find walk</code>, <code>/find park dog</code> "
        "(all the words) or <code>/find #running</code>. /tags lists your tags."
    )


def find_too_long() -> str:
    return _("That search is a bit long. Try a few words or a #tag.")


def search_gone() -> str:
    return _("That search has expired. Send /find again.")


def no_match(query: str) -> str:
    return _("No wins with <i>{query}</i> yet. Try fewer words, or /tags to see your tags.").format(
        query=q(clip(query, 100))
    )


def found(
    query: str, total: int, page: int, pages: int, wins: Sequence[tuple[date, str, bool]]
) -> str:
    wins_count = ngettext("{count} win", "{count} wins", total).format(count=total)
    head = f"🔎 <i>{q(clip(query, 100))}</i>: {wins_count}"
    if pages > 1:
        head += " · " + _("page {page} of {pages}").format(page=page, pages=pages)
    lines = [f"{win_item(text, photo)} <i>({_day_with_year(day)})</i>" for day, text, photo in wins]
    return join_within(head, lines)


def tags_none() -> str:
    return _(
        "No tags yet. Add a #tag to a win, like <i>walked to work #outside</i>, "
        "and you can find them all in one tap."
    )


def tags_list(counts: Sequence[tuple[str, int]], shown: int) -> str:
    head = _("Your tags, most used first. Tap one to see its wins.")
    lines = [f"#{q(tag)} · {count}" for tag, count in counts]
    tail = (
        ngettext(
            "The top {count} has a button; /find #tag works for any.",
            "The top {count} have buttons; /find #tag works for any.",
            shown,
        ).format(count=shown)
        if shown < len(counts)
        else ""
    )
    return join_within(head, lines, tail)


def tag_button(tag: str, count: int) -> str:
    return f"#{clip(tag, 30)} ({count})"


def tag_gone() -> str:
    return _("No wins carry that tag any more.")
