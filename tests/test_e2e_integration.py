"""The features working together end to end: goals in the scheduled prompts, group digests
and buddies through the tick and the outbox, metrics, and /forget reaching the scheduler's
tables. Real Application, Telegram stand-in, ManualClock."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from prometheus_client.parser import text_string_to_metric_families

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.standin import StandIn
from bot.standin.actors import FakeGroup, FakeUser
from bot.standin.records import BotMessage
from storage import Store
from tests.conftest import MESSAGE_METHODS, START, Harness, caught_up, running, started


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _to(messages: list[BotMessage], chat: FakeUser | FakeGroup | int) -> list[BotMessage]:
    chat_id = chat if isinstance(chat, int) else chat.id
    return [m for m in messages if m.chat_id == chat_id]


def _callbacks(message: BotMessage) -> list[str]:
    """The goal buttons (*Later* is tested in test_e2e_snooze.py)."""
    return [
        data for row in message.buttons for _, data in row if not (data or "").startswith("later:")
    ]


async def _user_in_utc(bot: Harness, user: FakeUser) -> None:
    await bot.send(user, "/timezone UTC")


# --- goals in the prompts -------------------------------------------------------------


async def test_morning_check_in_shows_running_goals_and_done_checks_them_off(
    bot: Harness, ada: FakeUser
) -> None:
    await _user_in_utc(bot, ada)
    await bot.reply(ada, "/goal stretch for 1 day")  # its only day is Monday the 23rd
    await bot.reply(ada, "/goal walk 10 minutes")
    stretch, walk = sorted(await bot.store.goals.active(ada.id), key=lambda g: g.goal_id)
    assert (stretch.days, walk.days) == (1, 7)

    (morning,) = _to(await bot.tick_at(_at(24, 8)), ada)
    text = morning.text or ""
    assert "walk 10 minutes" in text and "stretch" not in text  # stretch's days are over
    assert morning.button_texts == [
        texts.goals.done_button(),
        texts.goals.shrink_button(),
        texts.goals.skip_button(),
        texts.snooze.later_button(),
    ]
    assert _callbacks(morning) == [
        f"goal:done:{walk.goal_id}",
        f"goal:shrink:{walk.goal_id}",
        f"goal:skip:{walk.goal_id}",
    ]

    before = await bot.store.wins.count(ada.id)
    await bot.press(ada, morning, texts.goals.done_button())
    assert await bot.store.goals.done_on(ada.id, _at(24, 8).date()) == {walk.goal_id}
    assert await bot.store.wins.count(ada.id) == before + 1
    (win,) = [w for w in await bot.store.wins.all_for(ada.id) if w.local_date == _at(24, 8).date()]
    assert "walk 10 minutes" in (win.text or "")


async def test_evening_offers_check_off_only_for_goals_not_done_today(
    bot: Harness, ada: FakeUser
) -> None:
    await _user_in_utc(bot, ada)
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "/goal read one page")
    walk, read = sorted(await bot.store.goals.active(ada.id), key=lambda g: g.goal_id)
    (morning,) = _to(await bot.tick_at(_at(24, 8)), ada)
    await bot.press(ada, morning, f"1. {texts.goals.done_button()}")  # walk, done today
    assert await bot.store.goals.done_on(ada.id, _at(24, 8).date()) == {walk.goal_id}

    (evening,) = _to(await bot.tick_at(_at(24, 21)), ada)
    assert texts.nudges.evening_head() in (evening.text or "")
    assert _callbacks(evening) == [f"goal:done:{read.goal_id}"]
    await bot.press(ada, evening, evening.button_texts[0])
    done = await bot.store.goals.done_on(ada.id, _at(24, 21).date())
    assert done == {walk.goal_id, read.goal_id}

    # The next evening, with nothing done yet, both are offered again.
    (evening,) = _to(await bot.tick_at(_at(25, 21)), ada)
    assert sorted(_callbacks(evening)) == sorted(
        [f"goal:done:{walk.goal_id}", f"goal:done:{read.goal_id}"]
    )


# --- groups through the tick and the outbox ---------------------------------------------


async def _group_with_bot(
    bot: Harness, title: str, members: list[FakeUser], admin: FakeUser
) -> FakeGroup:
    group = bot.stand.group(title, members=members, admins=[admin])
    group.add_bot(by=admin)
    await bot.settle(bot.stand.last_update_id)
    return group


async def _circle(bot: Harness, group: FakeGroup, members: list[FakeUser]) -> None:
    for user in members:
        await bot.reply(user, "/join", chat=group)
        await bot.send(user, f"/win {user.first_name} stretched", chat=group)


async def test_a_group_gets_its_digest_at_its_local_evening(
    bot: Harness, stand: StandIn, ada: FakeUser
) -> None:
    bob = stand.user("Bob")
    group = await _group_with_bot(bot, "Runners", [ada, bob], ada)
    await bot.reply(ada, "/timezone Asia/Tokyo", chat=group)  # 20:00 there is 11:00 UTC
    bot.clock.set(_at(24, 5))  # 14:00 on Tuesday in Tokyo, 05:00 in UTC (the users' zone)
    await _circle(bot, group, [ada, bob])

    mark = len(stand.sent)
    assert _to(await bot.tick_at(_at(24, 10, 59)), group) == []
    (digest,) = _to(await bot.tick_at(_at(24, 11)), group)
    text = digest.text or ""
    assert "Today in Runners: 2 wins from 2 people" in text
    assert "Ada stretched" in text and "Bob stretched" in text
    assert _to(await bot.tick_at(_at(24, 11, 1)), group) == []
    group_sends = [
        r for r in stand.sent[mark:] if r.chat_id == group.id and r.method in MESSAGE_METHODS
    ]
    assert len(group_sends) == 1


async def test_twenty_groups_due_in_the_same_minute_each_get_one_digest(
    bot: Harness, stand: StandIn, ada: FakeUser
) -> None:
    groups = []
    for n in range(20):
        group = await _group_with_bot(bot, f"Circle {n}", [ada], ada)
        await bot.reply(ada, "/join", chat=group)
        await bot.send(ada, f"/win win number {n}", chat=group)
        groups.append(group)
    mark = len(stand.sent)
    await bot.tick_at(_at(23, 20))  # the default group evening, 20:00 UTC
    per_chat = Counter(r.chat_id for r in stand.sent[mark:] if r.method in MESSAGE_METHODS)
    assert {g.id: per_chat[g.id] for g in groups} == {g.id: 1 for g in groups}
    for n, group in enumerate(groups):
        text = stand.last_message_to(group).text or ""
        assert "1 win from 1 person" in text and f"win number {n}" in text
        assert f"win number {n + 1}" not in text
    assert stand.duplicates() == {}


async def test_a_group_with_its_digest_off_gets_no_digest(
    bot: Harness, stand: StandIn, ada: FakeUser
) -> None:
    group = await _group_with_bot(bot, "Runners", [ada], ada)
    await _circle(bot, group, [ada])
    settings = await bot.reply(ada, "/groupsettings", chat=group)
    await bot.act(ada, "press", settings, texts.groups.digest_on_button(), chat=group)
    mark = len(stand.sent)
    await bot.tick_at(_at(23, 20))
    await bot.tick_at(_at(29, 19))  # nor the weekly review
    assert [r for r in stand.sent[mark:] if r.chat_id == group.id] == []
    kinds = {row.kind for row in await bot.store.schedules.for_chat(group.id)}
    assert "evening" not in kinds


async def test_a_group_that_removed_the_bot_gets_no_more_prompts(
    bot: Harness, stand: StandIn, ada: FakeUser
) -> None:
    group = await _group_with_bot(bot, "Runners", [ada], ada)
    await _circle(bot, group, [ada])
    assert len(_to(await bot.tick_at(_at(23, 20)), group)) == 1
    group.remove_bot(by=ada)
    await bot.settle(stand.last_update_id)
    mark, errors = len(stand.sent), len(stand.errors)
    for instant in (_at(24, 9), _at(24, 20), _at(29, 19)):
        await bot.tick_at(instant)
    assert [r for r in stand.sent[mark:] if r.chat_id == group.id] == []
    assert len(stand.errors) == errors  # not even tried
    assert await bot.store.schedules.for_chat(group.id) == []


async def test_a_group_that_mutes_the_bot_is_not_scheduled_until_it_may_post_again(
    bot: Harness, stand: StandIn, ada: FakeUser
) -> None:
    group = bot.stand.group("Runners", members=[ada], admins=[ada], supergroup=True)
    group.add_bot(by=ada)
    await bot.settle(stand.last_update_id)
    await _circle(bot, group, [ada])
    # An admin takes away the bot's right to post: nothing is tried there, no daily 400s.
    group.restrict_bot(by=ada, can_send_messages=False)
    await bot.settle(stand.last_update_id)
    assert await bot.store.schedules.for_chat(group.id) == []
    mark, errors = len(stand.sent), len(stand.errors)
    for instant in (_at(23, 20), _at(24, 9), _at(24, 20)):
        await bot.tick_at(instant)
    assert [r for r in stand.sent[mark:] if r.chat_id == group.id] == []
    assert len(stand.errors) == errors
    stored = await bot.store.groups.get(group.id)
    assert stored is not None and stored.active  # still the group's circle, just quiet

    # Allowed to post again: the group's check-ins and digests come back.
    group.restrict_bot(by=ada, can_send_messages=True)
    await bot.settle(stand.last_update_id)
    assert {r.kind for r in await bot.store.schedules.for_chat(group.id)} >= {"morning", "evening"}
    (morning,) = _to(await bot.tick_at(_at(25, 9)), group)
    assert morning.chat_id == group.id
    group.restrict_bot(by=ada, can_send_messages=False)
    group.unrestrict_bot(by=ada)
    await bot.settle(stand.last_update_id)
    assert len(_to(await bot.tick_at(_at(25, 20)), group)) == 1


async def test_a_migrated_group_gets_its_digest_at_the_new_id(
    bot: Harness, stand: StandIn, ada: FakeUser
) -> None:
    group = await _group_with_bot(bot, "Runners", [ada], ada)
    await _circle(bot, group, [ada])
    old_id = group.id
    new_id = group.migrate()
    await bot.settle(stand.last_update_id)

    mark = len(stand.sent)
    sent = await bot.tick_at(_at(23, 20))
    (digest,) = _to(sent, new_id)
    assert "Ada stretched" in (digest.text or "")
    assert [r for r in stand.sent[mark:] if r.chat_id == old_id] == []
    assert await bot.store.schedules.for_chat(old_id) == []
    assert {r.kind for r in await bot.store.schedules.for_chat(new_id)} >= {"morning", "evening"}
    assert await bot.store.outbox.for_chat(old_id) == []
    assert len(_to(await bot.tick_at(_at(24, 20)), new_id)) == 1


async def test_a_migration_the_bot_missed_is_followed_when_telegram_answers_400(
    stand: StandIn, settings: Settings
) -> None:
    clock = ManualClock(START)
    ada = stand.user("Ada")
    async with running(stand, settings, clock) as harness:
        group = await _group_with_bot(harness, "Runners", [ada], ada)
        await _circle(harness, group, [ada])
    old_id = group.id
    new_id = group.migrate()  # the bot is down: the service messages wait

    # Up again, and the tick runs before the bot reads its updates.
    async with started(settings, clock) as second:
        clock.set(_at(23, 20))
        mark = len(stand.sent)
        await second.services.nudges.tick()
        await second.services.nudges.drained(timeout=10)
        assert second.services.nudges.sender.stats.migrated == 1
        sends = [r for r in stand.sent[mark:] if r.method in MESSAGE_METHODS]
        assert [r.chat_id for r in sends] == [new_id]
        store = second.services.store
        assert await store.groups.get(old_id) is None
        assert await store.groups.member(new_id, ada.id) is not None
        assert await store.schedules.for_chat(old_id) == []
        assert {r.kind for r in await store.schedules.for_chat(new_id)} >= {"evening"}

    # Reading the migration updates later changes nothing and sends nothing twice.
    async with caught_up(stand, settings, clock) as third:
        assert _to(await third.tick_at(_at(23, 20, 1)), new_id) == []
        assert len(_to(await third.tick_at(_at(24, 20)), new_id)) == 1
        assert await third.store.schedules.for_chat(old_id) == []
    assert stand.duplicates() == {}


# --- buddies ------------------------------------------------------------------------------


async def _pair(bot: Harness, inviter: FakeUser, friend: FakeUser) -> None:
    await bot.send(inviter, "/start")
    reply = await bot.reply(inviter, "/buddy")
    code = (reply.text or "").split("start=buddy_")[1].split()[0]
    (confirm, *_) = await bot.send(friend, f"/start buddy_{code}")
    await bot.press(friend, confirm, texts.buddies.pair_button())


def _paired_message(bot: Harness, user: FakeUser) -> BotMessage:
    return next(m for m in bot.stand.messages_to(user) if "buddies now" in (m.text or ""))


async def _buddies(bot: Harness, stand: StandIn, *, both_share: bool) -> tuple[FakeUser, FakeUser]:
    ada, bob = stand.user("Ada"), stand.user("Bob")
    await _pair(bot, ada, bob)
    for user in (ada, bob):
        await _user_in_utc(bot, user)
    await bot.press(bob, _paired_message(bot, bob), texts.buddies.share_evenings_button())
    if both_share:
        await bot.press(ada, _paired_message(bot, ada), texts.buddies.share_evenings_button())
    await bot.send(bob, "walked the dog")
    await bot.send(ada, "watered the plants")
    return ada, bob


async def test_buddies_who_both_share_see_each_others_wins_in_the_evening(
    bot: Harness, stand: StandIn
) -> None:
    ada, bob = await _buddies(bot, stand, both_share=True)
    sent = await bot.tick_at(_at(23, 21))
    (for_ada,) = _to(sent, ada)
    (for_bob,) = _to(sent, bob)
    ada_text, bob_text = for_ada.text or "", for_bob.text or ""
    assert ada_text.index("watered the plants") < ada_text.index("Bob")
    assert ada_text.rstrip().endswith("walked the dog")
    assert "Ada" in bob_text and bob_text.rstrip().endswith("watered the plants")


async def test_a_buddy_who_does_not_share_is_not_shown(bot: Harness, stand: StandIn) -> None:
    ada, bob = await _buddies(bot, stand, both_share=False)
    sent = await bot.tick_at(_at(23, 21))
    (for_ada,) = _to(sent, ada)
    (for_bob,) = _to(sent, bob)
    assert "walked the dog" not in (for_ada.text or "") and "Bob" not in (for_ada.text or "")
    assert "watered the plants" not in (for_bob.text or "")


# --- metrics ------------------------------------------------------------------------------


def _samples(bot: Harness) -> dict[str, float]:
    text = bot.app.services.metrics.render().decode()
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_the_prompts_of_a_tick_and_its_duration(
    bot: Harness, stand: StandIn
) -> None:
    users = [stand.user(f"U{i}") for i in range(3)]
    for user in users:
        await _user_in_utc(bot, user)
    assert _samples(bot).get("smallwins_prompts_due_total", 0) == 0
    assert len(await bot.tick_at(_at(24, 8))) == 3
    # The sender's counts reach the metrics with the next tick, a minute later.
    await bot.tick_at(_at(24, 8, 1))
    samples = _samples(bot)
    assert samples["smallwins_prompts_due_total"] == 3
    assert samples["smallwins_prompts_sent_total"] == 3
    assert samples["smallwins_prompts_failed_total"] == 0
    assert samples["smallwins_tick_duration_seconds_count"] == 2
    assert samples["smallwins_outbox_depth"] == 0


# --- /forget ------------------------------------------------------------------------------


async def _rows_mentioning(store: Store, value: int) -> dict[str, int]:
    """Every table, every column: how many rows hold `value`."""
    found: dict[str, int] = {}
    tables = await store.db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for (table,) in tables:
        columns = await store.db.fetchall("SELECT name FROM pragma_table_info(?)", (table,))
        for (column,) in columns:
            # Names from sqlite_master itself, not from input.
            query = f'SELECT count(*) FROM "{table}" WHERE "{column}" = ?'  # noqa: S608
            row = await store.db.fetchone(query, (value,))
            if row and row[0]:
                found[f"{table}.{column}"] = int(row[0])
    return found


async def test_forget_removes_schedule_and_outbox_rows_too(
    bot: Harness, ada: FakeUser, stand: StandIn
) -> None:
    await _user_in_utc(bot, ada)
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.reply(ada, "made tea")
    await bot.tick_at(_at(23, 21))
    store = bot.store
    assert await store.schedules.for_chat(ada.id) and await store.outbox.for_chat(ada.id)
    before = await _rows_mentioning(store, ada.id)
    assert {"schedules.chat_id", "outbox.chat_id", "users.user_id"} <= set(before)

    confirm = await bot.reply(ada, "/forget")
    await bot.press(ada, confirm, texts.data.forget_yes())
    assert await _rows_mentioning(store, ada.id) == {}
    mark = len(stand.sent)
    await bot.tick_at(_at(24, 8))
    assert [r for r in stand.sent[mark:] if r.chat_id == ada.id] == []
