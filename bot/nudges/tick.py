"""Scheduled nudges: the one repeating tick, rescheduling on settings changes, and the
renderers the sender calls (SPEC §3.1).

The database is the schedule. Each (chat, kind) row holds its next due instant in UTC; a
tick moves what is due into the outbox and advances the rows, in short transactions,
and wakes the sender. The tick never sends and never waits on Telegram.

The renderers read when a prompt's turn comes, through `SharedReads`: prompts rendered
at the same moment share their trips to the database thread (at 1,000 sends a second
the trips, not the reads, were what rendering cost), and each still reads after
everything written before it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.ext import Application

from bot import i18n, texts
from bot.clock import Clock, Timer
from bot.config import Settings
from bot.domain.catchup import lift_before
from bot.domain.days import DEFAULT_DAY_END_HOUR, local_day
from bot.domain.goals import excused_days, goal_span, misses_to_offer
from bot.domain.languages import spoken
from bot.domain.nudges import (
    EVENING,
    MORNING,
    SNOOZABLE,
    WEEKLY,
    SnoozeRefused,
    decide,
    first_due_of,
    pause_active,
    should_ask_fewer,
    snooze_until,
    wanted_slots,
)
from bot.domain.review import WinRecord, started_on, week_summary
from bot.domain.streaks import paused_days
from bot.domain.zones import zone
from bot.i18n import _
from bot.metrics import Metrics
from bot.nudges import render as prompts
from bot.nudges.pacing import Pacer, paced_elsewhere
from bot.nudges.render import render_buddy_lines, render_group_prompt
from bot.nudges.sender import Rendered, Sender, Skip
from storage import Store
from storage.groups import Group
from storage.models import Goal, User
from storage.nudges import (
    DROPPED,
    SKIPPED,
    UNKNOWN,
    OutboxRow,
    Planned,
    ScheduleRow,
    SharedReads,
)

logger = logging.getLogger(__name__)

TICK_BATCH = 2000
# Finished deliveries are kept this long (the delivery log); the unique key that makes
# the outbox idempotent only matters for dates a schedule can still produce.
OUTBOX_KEEP = timedelta(days=8)
JOB_NAME = "smallwins-nudge-tick"


@dataclass(frozen=True, slots=True)
class SenderTotals:
    """The sender's counts already passed on to the metrics."""

    sent: int = 0
    failed: int = 0
    rate_limited: int = 0
    lost: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class TickReport:
    due: int
    queued: int
    skipped: int
    seconds: float


class Nudger:
    """Owns the tick and the sender for one running Application."""

    def __init__(
        self,
        bot: Bot,
        store: Store,
        clock: Clock,
        settings: Settings,
        metrics: Metrics | None = None,
        *,
        pacer: Pacer | None = None,
        timer: Timer | None = None,
    ) -> None:
        self._store = store
        # What prompts read at send time, many prompts' reads to a trip (SharedReads).
        self._reads_db = SharedReads(store.db)
        self._reads = Store(self._reads_db)
        self._clock = clock
        self._settings = settings
        self._metrics = metrics
        self._reported = SenderTotals()
        self.sender = Sender(
            bot,
            store,
            clock,
            rate_per_second=settings.rate_per_second,
            grace=settings.grace,
            renderers={MORNING: self._render, EVENING: self._render, WEEKLY: self._render},
            pacer=pacer,
            timer=timer,
            second=settings.telegram_second,
        )
        # Groups share the schedule and outbox; a moved or lost group follows here.
        self.sender.on_chat_moved.append(self._group_moved)
        self.sender.on_chat_gone.append(self._group_gone)

    async def start(self) -> None:
        """Resume the outbox left by the last run, then start the sender."""
        interrupted = await self._store.outbox.recover(self._clock.now())
        if interrupted:
            # Requests in flight when the last run died: they may or may not have arrived.
            logger.error(
                "%d prompts were cut off mid-request last run; they may not have arrived "
                "and are not resent",
                interrupted,
            )
            if self._metrics is not None:
                self._metrics.prompts_lost.labels(UNKNOWN).inc(interrupted)
        with paced_elsewhere():  # the sender paces and retries its own requests
            self.sender.start()

    async def stop(self) -> None:
        await self.sender.stop()

    async def drained(self, timeout: float | None = None) -> None:  # noqa: ASYNC109
        await self.sender.drained(timeout)

    # ------------------------------------------------------------------ the tick

    async def tick(self) -> TickReport:
        """Move every prompt due now into the outbox and advance its row; wake the sender."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        now = self._clock.now()
        grace = self._settings.grace

        def plan(row: ScheduleRow) -> Planned:
            decision = decide(
                row.local_time, row.weekday, zone(row.timezone), row.due_at, now, grace
            )
            return Planned(decision.local_date, decision.due, decision.send, decision.next_due)

        due = queued = skipped = 0
        while True:
            batch = await self._store.schedules.move_due(now, TICK_BATCH, plan)
            due, queued, skipped = due + batch.due, queued + batch.queued, skipped + batch.skipped
            if batch.due < TICK_BATCH:
                break
            await asyncio.sleep(0)  # let updates in between batches
        # Prompts pressed *Later* an hour ago join the queue now (after a restart too).
        queued += await self._store.outbox.wake_snoozed(now)
        await self._store.outbox.prune(now - OUTBOX_KEEP)
        if queued:
            self.sender.wake()
        report = TickReport(due, queued, skipped, loop.time() - started)
        await self._report(report, now)
        if due:
            logger.info(
                "Tick: %d due, %d queued, %d skipped in %.3fs",
                due,
                queued,
                skipped,
                report.seconds,
            )
        return report

    # ------------------------------------------------------------------ schedules

    async def reschedule(self, user: User) -> None:
        """Rebuild the user's schedule rows from their settings, effective at once.

        Inactive users and users paused until /resume have none; a pause with an end
        starts the schedule at that end.
        """
        now = self._clock.now()
        rows: list[ScheduleRow] = []
        if user.active and not (user.paused and user.paused_until is None):
            start = now
            if pause_active(user.paused, user.paused_until, now) and user.paused_until:
                start = user.paused_until
            rows = _schedule_rows(
                user.user_id,
                user.timezone,
                (user.morning_time, user.evening_time, user.weekly_day, user.weekly_time),
                start,
            )
        await self._store.schedules.replace_for_chat(user.user_id, rows)

    async def fire_now(self, user: User, kind: str) -> None:
        """Queue one prompt for right now, even if it already went out today (sandbox)."""
        now = self._clock.now()
        day = local_day(now, zone(user.timezone), user.day_end_hour)
        await self._store.outbox.fire_now(user.user_id, kind, day, now)
        self.sender.wake()

    async def fire_group_now(self, group: Group, kind: str) -> None:
        """The same for a group's check-in or digest, on the group's local day (sandbox).

        A group's day ends when its members' days do (at the default hour), so a digest
        fired after midnight covers the wins of the evening before."""
        now = self._clock.now()
        day = local_day(now, zone(group.timezone), DEFAULT_DAY_END_HOUR)
        await self._store.outbox.fire_now(group.chat_id, kind, day, now)
        self.sender.wake()

    async def snooze(self, row: OutboxRow, user: User) -> tuple[OutboxRow, bool] | SnoozeRefused:
        """*Later* pressed on a delivered prompt: its copy, queued to come an hour on, and
        whether it is new (False: pressed before), or why it cannot come later today."""
        if row.snoozed:
            return SnoozeRefused("again")
        copy = await self._store.outbox.snoozed_copy(row)
        if copy is not None:
            return copy, False
        now = self._clock.now()
        tz = zone(user.timezone)
        upcoming = [
            s.due_at
            for s in await self._store.schedules.for_chat(user.user_id)
            if s.kind in SNOOZABLE and s.due_at > now
        ]
        due = snooze_until(
            now=now,
            prompt_day=local_day(row.due_at, tz, user.day_end_hour),
            tz=tz,
            day_end_hour=user.day_end_hour,
            next_prompt=min(upcoming, default=None),
            already_snoozed=False,
        )
        if isinstance(due, SnoozeRefused):
            return due
        return await self._store.outbox.snooze(row, due), True

    async def _report(self, report: TickReport, now: datetime) -> None:
        """Feed the metrics: this tick, plus what the sender did since the last one."""
        if self._metrics is None:
            return
        metrics = self._metrics
        metrics.record_tick(report.seconds, now)
        metrics.prompts_due.inc(report.queued)
        stats = self.sender.stats
        sent, failed, limited = stats.sent, stats.failed + stats.dropped, stats.retry_after
        metrics.prompts_sent.inc(sent - self._reported.sent)
        metrics.prompts_failed.inc(failed - self._reported.failed)
        metrics.rate_limited.inc(limited - self._reported.rate_limited)
        reported_lost = dict(self._reported.lost)
        for outcome, count in stats.lost.items():
            metrics.prompts_lost.labels(outcome).inc(count - reported_lost.get(outcome, 0))
        lost = tuple(sorted(stats.lost.items()))
        self._reported = SenderTotals(sent, failed, limited, lost)
        metrics.outbox_depth.set(await self._store.outbox.count_pending())

    async def reschedule_group(self, group: Group) -> None:
        """A group's slots, at its own zone and times; none once the bot left it. The
        evening and weekly slots are the digests: with the digest off, they are not kept.
        A group where the bot may not post (muted) has none until it may again."""
        rows: list[ScheduleRow] = []
        if group.active and not group.muted:
            digest = group.digest_on
            rows = _schedule_rows(
                group.chat_id,
                group.timezone,
                (
                    group.morning_time,
                    group.evening_time if digest else None,
                    group.weekly_day if digest else None,
                    group.weekly_time,
                ),
                self._clock.now(),
            )
        await self._store.schedules.replace_for_chat(group.chat_id, rows)

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup (seen in a service message)."""
        await self.sender.chat_moved(old_chat_id, new_chat_id)

    async def chat_gone(self, chat_id: int) -> None:
        """The bot may no longer write to this chat (a person blocked it): no more
        nudges, at once rather than at the next failed send."""
        await self.sender.chat_gone(chat_id)

    async def _group_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        if old_chat_id < 0:
            await self._store.groups.migrate_group(old_chat_id, new_chat_id)

    async def _group_gone(self, chat_id: int) -> None:
        if chat_id < 0:
            await self._store.groups.set_active(chat_id, False)
            await self._store.schedules.replace_for_chat(chat_id, [])

    async def _render_group(self, row: OutboxRow) -> Rendered:
        parts = await render_group_prompt(self._reads, row.chat_id, row.kind, row.local_date)
        if not parts:
            return Skip(SKIPPED, "nothing to post in this group today")
        if len(parts) > 1:
            # One message per group per slot; a digest that big is cut rather than split
            # so a slot stays one outbox row (and one delivery to record).
            logger.info("Group %s digest had %d parts; sending the first", row.chat_id, len(parts))
        return prompts.Prompt(parts[0])

    # ------------------------------------------------------------------ rendering

    async def _recipient(self, row: OutboxRow) -> User | Skip:
        user = await self._reads.users.get(row.chat_id)
        if user is None:
            return Skip(DROPPED, "no such user")
        if not user.active:
            return Skip(DROPPED, "the user blocked the bot")
        if pause_active(user.paused, user.paused_until, self._clock.now()):
            return Skip(SKIPPED, "paused")
        return user

    async def _open_goals(self, user_id: int, day: date) -> tuple[list[Goal], set[int], set[int]]:
        """Goals still running on `day` (one whose days are over waits for extend/finish
        in /goals, not in a check-in), which of them were checked off that day and which
        rest that day."""
        active = [g for g in await self._reads.goals.active(user_id) if g.last_day >= day]
        kinds = await self._reads.goals.kinds_on(user_id, day) if active else {}
        done = {goal_id for goal_id, kind in kinds.items() if kind == "done"}
        resting = {goal_id for goal_id, kind in kinds.items() if kind == "skip"}
        return active, done, resting

    async def _render(self, row: OutboxRow) -> Rendered:
        """Any prompt: groups go to the group renderer; a user gets theirs for the user-day
        the prompt was due in, in their language, unless they are gone or paused."""
        if row.chat_id < 0:
            return await self._render_group(row)
        user = await self._recipient(row)
        if isinstance(user, Skip):
            return user
        with i18n.use(spoken(user.language, user.language_code)):
            return await self._render_for(row, user)

    async def _render_for(self, row: OutboxRow, user: User) -> Rendered:
        day = local_day(row.due_at, zone(user.timezone), user.day_end_hour)
        if row.kind in (MORNING, EVENING) and not row.snoozed:
            if should_ask_fewer(
                user.prompts_unanswered, user.fewer_asked_at, user.fewer_choice, self._clock.now()
            ):
                await self._store.users.fewer_asked(user.user_id, self._clock.now())
                return prompts.fewer()
            await self._reads_db.prompt_sent(user.user_id)
        if row.kind == MORNING:
            prompt = await self._morning(user, day, again=row.snoozed)
        elif row.kind == EVENING:
            prompt = await self._evening(user, day)
        else:
            return await self._weekly(user, day)
        if row.snoozed:
            return replace(prompt, text=f"{texts.snooze.later_back()}\n\n{prompt.text}")
        return prompts.with_later(prompt, row.outbox_id)

    async def _morning(self, user: User, day: date, *, again: bool = False) -> prompts.Prompt:
        active, done, resting = await self._open_goals(user.user_id, day)
        open_goals = prompts.open_today(active, done, resting)
        offer = (
            await self._shrink_offer(user.user_id, day, open_goals, again=again)
            if open_goals
            else None
        )
        return prompts.morning(active, done, resting, offer)

    async def _shrink_offer(
        self, user_id: int, day: date, open_goals: list[Goal], *, again: bool = False
    ) -> prompts.ShrinkOffer | None:
        """The first open goal that slipped long enough to offer making it smaller; marked
        offered, so the offer comes once (here or in /goals, whichever is first). The
        check-in sent again after *Later* (`again`) repeats an offer made that morning."""
        done: dict[int, set[date]] = {}
        skips: dict[int, set[date]] = {}
        for row in await self._reads.goals.days_for(user_id):
            (done if row.kind == "done" else skips).setdefault(row.goal_id, set()).add(
                row.local_date
            )
        pauses = await self._reads.pauses.spans(user_id)
        for goal in open_goals:
            rests = excused_days(skips.get(goal.goal_id, ()), paused_days(pauses, goal.last_day))
            span = goal_span(goal.start, goal.days, done.get(goal.goal_id, ()), rests)
            offered_on = goal.shrink_offered_on
            if again and offered_on == day:
                offered_on = None  # the same offer, in the copy of the same check-in
            misses = misses_to_offer(span, day, offered_on)
            if misses:
                await self._store.goals.mark_offered(goal, day)
                return prompts.ShrinkOffer(goal.goal_id, goal.text, misses)
        return None

    async def _evening(self, user: User, day: date) -> prompts.Prompt:
        wins = await self._reads.wins.on_day(user.user_id, day)
        active, done, resting = await self._open_goals(user.user_id, day)
        stored = await self._reads.intentions.get(user.user_id, day)
        intention = prompts.TodaysIntention(stored.text, stored.done) if stored else None
        # Translators: stands in for the words of a win that is only a photo.
        shown = [(w.text or _("📷 photo"), w.photo_file_id is not None) for w in wins]
        # A day without wins: a lift from an older one is a tap away, if there is one.
        older = not wins and await self._reads.wins.any_before(user.user_id, lift_before(day))
        prompt = prompts.evening(shown, active, done, intention, day, resting, older)
        buddies = await render_buddy_lines(self._reads, user.user_id, day)
        if buddies and len(prompt.text) + len(buddies) + 2 <= texts.common.MESSAGE_LIMIT:
            prompt = replace(prompt, text=f"{prompt.text}\n\n{buddies}")
        return prompt

    async def _weekly(self, user: User, today: date) -> Rendered:
        wins = await self._reads.wins.between(user.user_id, today - timedelta(days=6), today)
        records = [
            WinRecord(w.local_date, w.text, w.tags, w.photo_file_id is not None, w.photo_file_id)
            for w in wins
        ]
        # The weekly push shows wins, days and tags; goal progress is in /week.
        joined = local_day(user.created_at, zone(user.timezone), user.day_end_hour)
        summary = week_summary(records, (), today, since=started_on(joined, records))
        return prompts.weekly(summary, user.first_name)


def _schedule_rows(
    chat_id: int,
    timezone: str,
    times: tuple[str | None, str | None, int | None, str | None],
    start: datetime,
) -> list[ScheduleRow]:
    """A chat's schedule rows from (morning, evening, weekly day, weekly time), each first
    due at its next local occurrence from `start`."""
    tz = zone(timezone)
    return [
        ScheduleRow(
            chat_id,
            slot.kind,
            timezone,
            slot.local_time,
            slot.weekday,
            first_due_of(slot, tz, start),
        )
        for slot in wanted_slots(*times)
    ]


async def tick_job(context: Any) -> None:
    """The repeating JobQueue callback."""
    await context.services.nudges.tick()


def install_tick(
    application: Application[Any, Any, Any, Any, Any, Any], clock: Clock, every: float
) -> None:
    """One repeating job for the whole bot, on the minute: coalesce missed runs, never two
    at once (APScheduler would otherwise pile them up after a stall)."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("smallwins needs python-telegram-bot's job-queue extra")
    now = clock.now()
    first = every - (now.second + now.microsecond / 1e6) % every if every >= 60 else every
    job_queue.run_repeating(
        tick_job,
        interval=every,
        first=first,
        name=JOB_NAME,
        job_kwargs={"coalesce": True, "max_instances": 1, "misfire_grace_time": int(every)},
    )
