"""Micro-goals: starting, checking off, resting, shrinking, letting go, finishing."""

from __future__ import annotations

from bot.i18n import _, ngettext, pgettext
from bot.texts.common import clip, q
from bot.texts.wins import marbles


def goal_usage() -> str:
    return _(
        "Pick one small step you can do every day, e.g.\n"
        "<code>/goal drink a glass of water when I wake up</code>\n"
        "It runs for 7 days; add <code>for 14 days</code> for longer (up to 66)."
    )


def goal_only_days() -> str:
    return _(
        "That's how long, but what's the step? Try <code>/goal walk 10 minutes for 14 days</code>."
    )


def goal_too_long() -> str:
    return _("That's a long goal! Keep it under 200 characters: the smaller, the better.")


def goal_days_range() -> str:
    return _("A goal can run from 1 to 66 days. Try <code>/goal read one page for 14 days</code>.")


def goal_started(text: str, days: int, active_before: int) -> str:
    lines = [
        ngettext(
            "Your micro-goal: <b>{goal}</b>, for {days} day. 🌱",
            "Your micro-goal: <b>{goal}</b>, for {days} days. 🌱",
            days,
        ).format(goal=q(text), days=days)
    ]
    if active_before == 0:
        lines.append(_("Send /done when you've done it today, or tap the button."))
    else:
        count = active_before + 1
        lines.append(
            ngettext(
                "That's {count} goal at once. You can do it, and one at a time "
                "usually sticks better: keep this one extra small.",
                "That's {count} goals at once. You can do it, and one at a time "
                "usually sticks better: keep this one extra small.",
                count,
            ).format(count=count)
        )
    return "\n".join(lines)


def outcome_hint() -> str:
    return _(
        "Results take time, and a daily step builds them. /shrink it to one, like "
        "<i>write 100 words</i>."
    )


def goal_fourth_refused(count: int) -> str:
    return ngettext(
        "You already have {count} goal going, and that's plenty. Finish or /drop one first.",
        "You already have {count} goals going, and that's plenty. Finish or /drop one first.",
        count,
    ).format(count=count)


def no_goals() -> str:
    return _("No micro-goal yet. Start one with <code>/goal walk 10 minutes</code>. 🌱")


def goal_line(
    number: int, text: str, day: int, days: int, done: int, over: bool, streak: int = 0
) -> str:
    if not over:
        when = _("day {day} of {days}").format(day=day, days=days)
    elif days == 1:
        when = _("its one day is up")
    else:
        when = ngettext("{days} day is up", "{days} days are up", days).format(days=days)
    # Translators: how many times a goal was checked off, e.g. "checked off 4×".
    parts = [when, _("checked off {count}×").format(count=done)]
    if streak > 1:
        # Translators: days in a row a goal was done, after its progress in /goals.
        parts.append(_("streak {count}").format(count=streak))
    return f"<b>{number}. {q(clip(text, 120))}</b>\n" + " · ".join(parts)


def goals_head() -> str:
    return _("<b>Your micro-goals</b>")


def goals_legend() -> str:
    return _("✓ done · – rest · missed days are just dots, no big deal.")


def unknown_goal(query: str) -> str:
    return _(
        "I couldn't find a goal called {query}. Use its number from /goals "
        "or a word from it, like <code>/done 1</code> or <code>/done water</code>."
    ).format(query=q(clip(query, 60)))


def which_goal(command: str) -> str:
    """Asks which goal a command means: `done`, `skip` or `drop`."""
    if command == "skip":
        return _("Which goal do you want to rest?")
    if command == "drop":
        return _("Which goal do you want to let go?")
    return _("Which goal do you want to check off?")


def goal_choice(number: int, text: str) -> str:
    """A goal's button when a command asks which goal: its number in /goals and its words."""
    return f"{number}. {clip(text, 40)}"


def done_button(number: int | None = None) -> str:
    """Done under a goal; under /goals with several goals, which one by number."""
    if number is None:
        # Translators: a button under a goal; tapping it checks the goal off today.
        return _("Done ✓")
    # Translators: a button under /goals that checks off goal number {number} today.
    return _("Done ✓ {number}").format(number=number)


def checked_off(text: str, total: int, day: int, days: int) -> str:
    return _("✓ <b>{goal}</b>: day {day} of {days}, done. Marble #{total} is in.").format(
        goal=q(clip(text, 120)), day=day, days=days, total=total
    )


def check_off_undone(text: str, total: int) -> str:
    return _(
        "<b>{goal}</b> is open again for that day, and its marble is back "
        "out of the jar. You have {marbles}."
    ).format(goal=q(clip(text, 120)), marbles=marbles(total))


def already_done(text: str) -> str:
    return _("<b>{goal}</b> is already checked off today. Nice. 👍").format(goal=q(clip(text, 120)))


def skipped(text: str) -> str:
    return _(
        "Rest day for <b>{goal}</b>. A planned rest isn't a miss: your streak is safe."
    ).format(goal=q(clip(text, 120)))


def skip_already_done(text: str) -> str:
    return _("You already did <b>{goal}</b> today, no rest needed.").format(goal=q(clip(text, 120)))


def skip_again(text: str) -> str:
    return _("<b>{goal}</b> already has today off. Enjoy it.").format(goal=q(clip(text, 120)))


def drop_confirm(text: str) -> str:
    return _("Let go of <b>{goal}</b>? Its check-offs stay in your jar.").format(
        goal=q(clip(text, 120))
    )


def let_go_button() -> str:
    # Translators: a button that confirms letting go of (dropping) a goal.
    return _("Let it go")


def dropped(text: str) -> str:
    return _(
        "Let go of <b>{goal}</b>. Choosing what to focus on is a skill too. "
        "Its check-offs stay in your jar."
    ).format(goal=q(clip(text, 120)))


def shrink_usage() -> str:
    return _(
        "Tell me the goal and its smaller version, e.g.\n"
        "<code>/shrink 1 walk 5 minutes</code> or <code>/shrink reading: one page</code>."
    )


def shrunk(old: str, new: str) -> str:
    return _(
        "Smart move. ✂️ <s>{old}</s> is now <b>{new}</b>. "
        "Smaller steps get taken, and your check-offs so far still count."
    ).format(old=q(clip(old, 120)), new=q(clip(new, 120)))


def ask_smaller(text: str) -> str:
    return _(
        "What's a smaller version of <b>{goal}</b>? Type it, e.g. <i>just put my shoes on</i>."
    ).format(goal=q(clip(text, 120)))


def _count_word(misses: int) -> str:
    """A small number as a word ("the last two days"), digits from ten on."""
    words = (
        # Translators: a number as a word, in "slipped the last {count} days".
        pgettext("number", "zero"),
        pgettext("number", "one"),
        pgettext("number", "two"),
        pgettext("number", "three"),
        pgettext("number", "four"),
        pgettext("number", "five"),
        pgettext("number", "six"),
        pgettext("number", "seven"),
        pgettext("number", "eight"),
        pgettext("number", "nine"),
    )
    return words[misses] if 0 <= misses < len(words) else str(misses)


def shrink_offer(text: str, misses: int = 2) -> str:
    if misses == 1:
        offer = _(
            "<b>{goal}</b> slipped yesterday, that's okay. Make it smaller?\n"
            "<i>Or reply: what got in the way?</i>"
        )
    else:
        offer = ngettext(
            "<b>{goal}</b> slipped the last {count} day, that's okay. Make it smaller?\n"
            "<i>Or reply: what got in the way?</i>",
            "<b>{goal}</b> slipped the last {count} days, that's okay. Make it smaller?\n"
            "<i>Or reply: what got in the way?</i>",
            misses,
        )
    return offer.format(goal=q(clip(text, 120)), count=_count_word(misses))


def morning_shrink_offer(text: str, misses: int) -> str:
    if misses == 1:
        offer = _(
            "<b>{goal}</b> slipped yesterday, and that's okay. "
            "A smaller version might fit better: tap <i>Make it smaller</i>."
        )
    else:
        offer = ngettext(
            "<b>{goal}</b> slipped the last {count} day, and that's okay. "
            "A smaller version might fit better: tap <i>Make it smaller</i>.",
            "<b>{goal}</b> slipped the last {count} days, and that's okay. "
            "A smaller version might fit better: tap <i>Make it smaller</i>.",
            misses,
        )
    return offer.format(goal=q(clip(text, 120)), count=_count_word(misses))


def shrink_button() -> str:
    # Translators: a button offering to make a goal that slipped into a smaller step.
    return _("Make it smaller")


def keep_button() -> str:
    # Translators: a button that keeps a goal as it is instead of making it smaller.
    return _("Keep it")


def pause_button() -> str:
    # Translators: a button that rests a goal for a few days (no misses counted).
    return _("Pause it")


def skip_button() -> str:
    # Translators: a button under a goal; tapping it plans a rest day for it today.
    return _("Not today")


def finish_button() -> str:
    # Translators: a button on a goal's last day; tapping it finishes the goal.
    return _("Finish 🎉")


def kept_goal(text: str) -> str:
    return _("Keeping <b>{goal}</b> as it is. Today is a fresh start.").format(
        goal=q(clip(text, 120))
    )


def paused_goal(text: str, days: int) -> str:
    return ngettext(
        "<b>{goal}</b> is resting for {days} day, today included. Rest days don't count as misses.",
        "<b>{goal}</b> is resting for {days} days, today included. "
        "Rest days don't count as misses.",
        days,
    ).format(goal=q(clip(text, 120)), days=days)


def note_kept() -> str:
    return _("Thanks for telling me. I've kept that as a note with the goal.")


def note_or_win() -> str:
    return _("If that was a win instead, tap below and it goes in the jar.")


def goal_complete(text: str, days: int, done: int, can_extend: bool) -> str:
    reached = ngettext(
        "🎉 You reached the last day of <b>{goal}</b>: {done} of {days} day checked off. "
        "That's real evidence you follow through.",
        "🎉 You reached the last day of <b>{goal}</b>: {done} of {days} days checked off. "
        "That's real evidence you follow through.",
        days,
    ).format(goal=q(clip(text, 120)), done=done, days=days)
    if can_extend:
        return reached + " " + _("Keep going for longer, or call it finished?")
    return reached


def extend_button(days: int) -> str:
    # Translators: a button that makes a finished goal run longer, for this many days.
    return ngettext("{days} day", "{days} days", days).format(days=days)


def extended(text: str, days: int) -> str:
    return ngettext(
        "On we go: <b>{goal}</b> now runs for {days} day. 🌱",
        "On we go: <b>{goal}</b> now runs for {days} days. 🌱",
        days,
    ).format(goal=q(clip(text, 120)), days=days)


def finished(text: str) -> str:
    return _("<b>{goal}</b> is finished and kept in your history. Well done. 🏁").format(
        goal=q(clip(text, 120))
    )


def goal_gone() -> str:
    return _("That isn't one of your active goals. Send /goals to see yours.")
