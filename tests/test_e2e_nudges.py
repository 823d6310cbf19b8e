"""Scheduled nudges end to end: the tick, the outbox and the sender against the stand-in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot import texts
from bot.clock import LoopTimer, ManualClock
from bot.config import Settings
from bot.lifecycle import polling
from bot.nudges.tick import JOB_NAME
from bot.standin import StandIn
from bot.standin.actors import FakeUser
from storage import Store
from tests.conftest import START, Harness, build_app


async def _user_in(bot: Harness, user: FakeUser, timezone: str) -> None:
    await bot.send(user, f"/timezone {timezone}")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def test_morning_prompts_arrive_at_each_users_local_time(
    bot: Harness, stand: StandIn
) -> None:
    tokyo, berlin, new_york = stand.user("Aki"), stand.user("Ben"), stand.user("Cy")
    await _user_in(bot, tokyo, "Asia/Tokyo")
    await _user_in(bot, berlin, "Europe/Berlin")
    await _user_in(bot, new_york, "America/New_York")

    # It is 21:00 in Tokyo as Aki sets the zone: tonight's evening prompt is still due.
    (evening,) = await bot.tick_at(_at(23, 12, 59))
    assert evening.chat_id == tokyo.id and texts.nudges.evening_head() in (evening.text or "")
    # 08:00 in New York (EST) is 13:00 UTC; Tokyo 23:00 UTC; Berlin (CET) 07:00 UTC.
    for instant, user in [
        (_at(23, 13), new_york),
        (_at(23, 23), tokyo),
        (_at(24, 7), berlin),
    ]:
        sent = await bot.tick_at(instant)
        mornings = [m for m in sent if texts.nudges.morning_ask() in (m.text or "")]
        assert [m.chat_id for m in mornings] == [user.id], instant
    assert stand.duplicates() == {}


async def test_a_tick_a_minute_later_sends_nothing_twice(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    assert len(await bot.tick_at(_at(24, 8))) == 1
    assert await bot.tick_at(_at(24, 8, 1)) == []
    # Changing the time back into the past of today does not bring today's prompt back.
    await bot.send(ada, "/morning 8:05")
    assert await bot.tick_at(_at(24, 8, 5)) == []
    assert len(await bot.tick_at(_at(25, 8, 5))) == 1


async def test_changing_the_time_reschedules_at_once(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    await bot.send(ada, "/morning 13:30")
    assert await bot.tick_at(_at(23, 13, 29)) == []
    sent = await bot.tick_at(_at(23, 13, 30))
    assert len(sent) == 1 and texts.nudges.morning_ask() in (sent[0].text or "")
    await bot.send(ada, "/timezone Asia/Tokyo")  # 21:00 in Tokyo is 12:00 UTC
    sent = await bot.tick_at(_at(24, 12))
    assert len(sent) == 1 and texts.nudges.evening_head() in (sent[0].text or "")


async def test_evening_prompt_lists_todays_wins(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    await bot.reply(ada, "walked to the shop")
    await bot.reply(ada, "called my sister & laughed")
    (evening,) = await bot.tick_at(_at(23, 21))
    text = evening.text or ""
    assert texts.nudges.evening_head() in text
    assert (
        "2 wins" in text and "walked to the shop" in text and "called my sister & laughed" in text
    )
    # Nothing to tap but *Later* (tests/test_e2e_snooze.py).
    assert evening.button_texts == [texts.snooze.later_button()]


async def test_replying_to_the_evening_prompt_logs_a_win(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    (evening,) = await bot.tick_at(_at(23, 21))
    assert texts.nudges.evening_no_wins() in (evening.text or "")
    reply = await bot.reply(ada, "finished the book", reply_to=evening)
    assert "Undo" in reply.button_texts
    assert await bot.store.wins.count(ada.id) == 1


async def test_a_reply_to_the_morning_question_is_the_days_intention(
    bot: Harness, ada: FakeUser
) -> None:
    await _user_in(bot, ada, "UTC")
    (morning,) = await bot.tick_at(_at(24, 8))
    assert texts.nudges.morning_ask() in (morning.text or "")
    saved = await bot.reply(ada, "clear my desk", reply_to=morning)
    assert "clear my desk" in (saved.text or "") and "21:00" in (saved.text or "")
    assert await bot.store.wins.count(ada.id) == 0  # a plan, not yet a win

    (evening,) = await bot.tick_at(_at(24, 21))
    assert "This morning you picked: clear my desk" in (evening.text or "")
    replies = await bot.press(ada, evening, texts.nudges.intention_done_button())
    assert "Marble #1" in (replies[-1].text or "")
    wins = await bot.store.wins.all_for(ada.id)
    assert [w.text for w in wins] == ["clear my desk"]
    edited = bot.stand.bot_message(evening.chat_id, evening.message_id)
    assert edited is not None and texts.nudges.intention_done_button() not in edited.button_texts


async def test_a_paused_user_gets_nothing_until_resume(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    reply = await bot.reply(ada, "/pause")
    assert "/resume" in (reply.text or "")
    assert await bot.tick_at(_at(24, 8)) == []
    assert await bot.tick_at(_at(24, 21)) == []
    assert await bot.tick_at(_at(29, 19)) == []  # nor the weekly review
    assert "on again" in ((await bot.reply(ada, "/resume")).text or "")
    assert len(await bot.tick_at(_at(30, 8))) == 1
    assert "already on" in ((await bot.reply(ada, "/resume")).text or "")


async def test_pause_for_n_days_ends_by_itself(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    reply = await bot.reply(ada, "/pause 2 days")  # Monday 23 Nov, so back on Wednesday
    assert "Wednesday 25 Nov" in (reply.text or "")
    assert await bot.tick_at(_at(23, 21)) == []
    assert await bot.tick_at(_at(24, 8)) == []
    assert await bot.tick_at(_at(24, 21)) == []
    assert len(await bot.tick_at(_at(25, 8))) == 1


async def test_pause_explains_what_would_work(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    for bad in ("/pause forever", "/pause 0", "/pause 400 days"):
        reply = await bot.reply(ada, bad)
        assert "/pause 3" in (reply.text or ""), bad
    user = await bot.store.users.get(ada.id)
    assert user is not None and not user.paused


async def test_a_message_queued_before_a_pause_is_not_sent(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    await bot.send(ada, "/pause")
    await bot.app.services.nudges.fire_now((await bot.store.users.get(ada.id)), "morning")  # type: ignore[arg-type]
    await bot.app.services.nudges.drained(timeout=5)
    assert [r.status for r in await bot.store.outbox.for_chat(ada.id)] == ["skipped"]


async def test_weekly_push_sends_the_week_summary(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    await bot.reply(ada, "went for a run #health")
    sent = await bot.tick_at(_at(29, 19))  # Sunday 19:00, the default
    weekly = [m for m in sent if "Your week" in (m.text or "")]
    assert len(weekly) == 1
    assert "1 win" in (weekly[0].text or "") and "#health" in (weekly[0].text or "")


async def test_weekly_command_sets_day_and_time_or_off(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    assert "Sunday at 19:00" in ((await bot.reply(ada, "/weekly")).text or "")
    reply = await bot.reply(ada, "/weekly fri 6pm")
    assert "Friday at 18:00" in (reply.text or "")
    user = await bot.store.users.get(ada.id)
    assert user is not None and (user.weekly_day, user.weekly_time) == (4, "18:00")
    sent = await bot.tick_at(_at(27, 18))
    assert any("Your week" in (m.text or "") for m in sent)
    await bot.reply(ada, "/weekly off")
    sent = await bot.tick_at(_at(29, 19))
    assert not any("Your week" in (m.text or "") for m in sent)
    kinds = {row.kind for row in await bot.store.schedules.for_chat(ada.id)}
    assert "weekly" not in kinds


async def test_weekly_bad_input_says_what_would_work(bot: Harness, ada: FakeUser) -> None:
    for bad in ("/weekly someday 7", "/weekly sunday", "/weekly sunday 25:00", "/weekly 19:00"):
        reply = await bot.reply(ada, bad)
        assert "/weekly sunday 19:00" in (reply.text or ""), bad
    user = await bot.store.users.get(ada.id)
    assert user is not None and (user.weekly_day, user.weekly_time) == (6, "19:00")


async def test_retry_after_delays_but_loses_nothing(bot: Harness, stand: StandIn) -> None:
    users = [stand.user(f"U{i}") for i in range(5)]
    for user in users:
        await _user_in(bot, user, "UTC")
    stand.inject("sendMessage", "429", times=2, retry_after=7)
    due = _at(24, 8)
    sent = await bot.tick_at(due)
    assert sorted(m.chat_id for m in sent) == sorted(u.id for u in users)
    assert stand.duplicates() == {}
    assert bot.app.services.nudges.sender.stats.retry_after == 2
    assert bot.clock.now() >= due + timedelta(seconds=7)  # waited through the clock
    statuses = [
        row.status
        for u in users
        for row in await bot.store.outbox.for_chat(u.id)
        if row.kind == "morning"
    ]
    assert statuses == ["sent"] * 5


async def test_blocking_the_bot_stops_nudges_at_once_and_only_start_resumes_them(
    bot: Harness, ada: FakeUser
) -> None:
    await _user_in(bot, ada, "UTC")
    assert await bot.store.schedules.for_chat(ada.id) != []
    ada.block_bot()
    await bot.settle()
    # Known from the block itself, before any send has to fail.
    user = await bot.store.users.get(ada.id)
    assert user is not None and not user.active
    assert await bot.store.schedules.for_chat(ada.id) == []
    # Unblocking alone brings nothing back: no prompt the person did not ask for.
    ada.unblock_bot()
    await bot.settle()
    assert await bot.store.schedules.for_chat(ada.id) == []
    errors_before = len(bot.stand.errors)
    assert await bot.tick_at(_at(24, 8)) == []
    assert len(bot.stand.errors) == errors_before
    await bot.send(ada, "/start")
    assert {r.kind for r in await bot.store.schedules.for_chat(ada.id)} >= {"morning"}
    (morning,) = await bot.tick_at(_at(25, 8))
    assert morning.chat_id == ada.id


async def test_a_send_refused_with_403_stops_scheduling_too(bot: Harness, ada: FakeUser) -> None:
    # The block update never reached the bot (it happened while it was down, say).
    await _user_in(bot, ada, "UTC")
    bot.stand.inject("sendMessage", "403", chat_id=ada)
    assert await bot.tick_at(_at(24, 8)) == []
    user = await bot.store.users.get(ada.id)
    assert user is not None and not user.active
    assert await bot.store.schedules.for_chat(ada.id) == []
    mornings = [r for r in await bot.store.outbox.for_chat(ada.id) if r.kind == "morning"]
    assert [r.status for r in mornings] == ["dropped"]


async def test_a_user_who_blocked_the_bot_is_no_longer_scheduled(
    bot: Harness, ada: FakeUser
) -> None:
    await _user_in(bot, ada, "UTC")
    ada.block_bot()
    await bot.settle()
    assert await bot.tick_at(_at(24, 8)) == []
    user = await bot.store.users.get(ada.id)
    assert user is not None and not user.active
    assert await bot.store.schedules.for_chat(ada.id) == []
    # Not even queued: the block itself said so (see the test above).
    assert [r for r in await bot.store.outbox.for_chat(ada.id) if r.kind == "morning"] == []
    errors_before = len(bot.stand.errors)
    assert await bot.tick_at(_at(25, 8)) == []
    assert len(bot.stand.errors) == errors_before  # not even tried

    ada.unblock_bot()
    await bot.send(ada, "/start")
    assert len(await bot.tick_at(_at(26, 8))) == 1


async def test_downtime_inside_grace_sends_late(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    sent = await bot.tick_at(_at(24, 9, 59))  # 1 h 59 min late
    assert len(sent) == 1 and texts.nudges.morning_ask() in (sent[0].text or "")


async def test_downtime_past_grace_skips_and_moves_on(bot: Harness, ada: FakeUser) -> None:
    await _user_in(bot, ada, "UTC")
    assert await bot.tick_at(_at(24, 10)) == []  # exactly 2 h late: skipped
    (row,) = [r for r in await bot.store.outbox.for_chat(ada.id) if r.kind == "morning"]
    assert row.status == "skipped"
    morning = [r for r in await bot.store.schedules.for_chat(ada.id) if r.kind == "morning"]
    assert morning[0].due_at == _at(25, 8)
    assert len(await bot.tick_at(_at(25, 8))) == 1


async def test_the_tick_job_is_one_repeating_job(stand: StandIn, settings: Settings) -> None:
    app = build_app(replace(settings, tick_seconds=60), ManualClock(START))
    async with polling(app):
        assert app.job_queue is not None
        jobs = app.job_queue.jobs()
        assert [job.name for job in jobs] == [JOB_NAME]
        assert jobs[0].job.coalesce is True and jobs[0].job.max_instances == 1


async def test_a_restart_mid_fan_out_sends_every_prompt_exactly_once(
    stand: StandIn, settings: Settings
) -> None:
    settings = replace(settings, rate_per_second=20)
    clock = ManualClock(START)
    users = [stand.user(f"U{i}") for i in range(30)]
    first = build_app(settings, clock)
    async with polling(first):
        await stand.wait_polling()
        for user in users:
            user.send("/timezone UTC")
        await stand.wait_acknowledged()
        await first.update_queue.join()
        # The fan-out paced in real time, 20 a second, so the restart comes in its middle.
        first.services.pacer.use_timer(LoopTimer())
        clock.set(_at(24, 8))
        mark = len(stand.sent)
        await first.services.nudges.tick()
        await stand.wait_for(lambda sent: sum(r.method == "sendMessage" for r in sent[mark:]) >= 5)
    sent_by_first = sum(r.method == "sendMessage" for r in stand.sent[mark:])
    assert 5 <= sent_by_first < len(users)

    second = build_app(settings, clock)
    async with polling(second):
        await second.services.nudges.drained(timeout=10)
        store: Store = second.services.store
        counts = await store.outbox.status_counts()
        assert counts["sent"] == len(users) and "pending" not in counts and "unknown" not in counts
    mornings = [r.chat_id for r in stand.sent[mark:] if r.method == "sendMessage"]
    assert sorted(mornings) == sorted(u.id for u in users)
    assert stand.duplicates() == {}


async def test_a_request_cut_off_by_a_kill_is_not_sent_again(
    stand: StandIn, settings: Settings
) -> None:
    clock = ManualClock(START)
    store = await Store.open(settings.db_path)
    user = stand.user("Ada")
    await store.users.ensure(user.id, "Ada", "en", START)
    await store.outbox.fire_now(user.id, "morning", START.date(), START)
    (row,) = await store.outbox.for_chat(user.id)
    assert await store.outbox.claim(row.outbox_id)  # then the process died
    await store.close()

    app = build_app(settings, clock)
    async with polling(app):
        await app.services.nudges.drained(timeout=5)
        (after,) = await app.services.store.outbox.for_chat(user.id)
        assert after.status == "unknown"
    assert stand.messages_to(user) == []
