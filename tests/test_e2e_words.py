"""Words typed in the person's own language, end to end: a Spanish speaker backdates a win
with "ayer" and moves the weekly review with "/weekly domingo 18:00". Commands stay in
English; what follows them is read in any language we speak."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.standin import StandIn
from bot.standin.actors import FakeUser
from tests.conftest import Harness

SUNDAY, MONDAY = date(2026, 11, 22), date(2026, 11, 23)  # the clock starts on Monday


@pytest.fixture
def sofia(stand: StandIn) -> FakeUser:
    return stand.user("Sofía", language_code="es")


async def _days(bot: Harness, user: FakeUser) -> dict[str, date]:
    return {w.text: w.local_date for w in await bot.store.wins.all_for(user.id)}


async def test_a_spanish_speaker_backdates_a_win_with_ayer(bot: Harness, sofia: FakeUser) -> None:
    await bot.send(sofia, "/timezone Europe/Madrid")
    await bot.reply(sofia, "/win ayer llamé a mamá")
    await bot.reply(sofia, "/win Ayer: salí a correr")
    await bot.reply(sofia, "/win hace 2 días ordené el escritorio")
    await bot.reply(sofia, "/win ayeres no existe")  # not a word for a day: today's
    assert await _days(bot, sofia) == {
        "llamé a mamá": SUNDAY,
        "salí a correr": SUNDAY,
        "ordené el escritorio": date(2026, 11, 21),
        "ayeres no existe": MONDAY,
    }


async def test_weekly_domingo_sets_the_review_to_sunday(bot: Harness, sofia: FakeUser) -> None:
    await bot.send(sofia, "/timezone UTC")
    await bot.reply(sofia, "/weekly martes 9:00")
    await bot.reply(sofia, "/weekly domingo 18:00")
    user = await bot.store.users.get(sofia.id)
    assert user is not None and (user.weekly_day, user.weekly_time) == (6, "18:00")
    (weekly,) = [r for r in await bot.store.schedules.for_chat(sofia.id) if r.kind == "weekly"]
    assert (weekly.weekday, weekly.local_time) == (6, "18:00")
    assert weekly.due_at == datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
    # The review comes at 18:00 on Sunday, not at the 19:00 it had before.
    sent = await bot.tick_at(datetime(2026, 11, 29, 18, 0, tzinfo=UTC))
    assert [m.chat_id for m in sent] == [sofia.id]
    assert await bot.tick_at(datetime(2026, 11, 29, 19, 0, tzinfo=UTC)) == []


async def test_a_time_in_words_sets_the_evening_prompt(bot: Harness, sofia: FakeUser) -> None:
    await bot.send(sofia, "/timezone UTC")
    await bot.reply(sofia, "/evening 10 de la noche")
    user = await bot.store.users.get(sofia.id)
    assert user is not None and user.evening_time == "22:00"


async def test_sharing_is_switched_on_and_off_in_other_languages(
    bot: Harness, sofia: FakeUser, ada: FakeUser
) -> None:
    group = bot.stand.group("Corredores", members=[sofia, ada], admins=[ada])
    group.add_bot(by=ada)
    await bot.settle(bot.stand.last_update_id)
    await bot.send(sofia, "/join", chat=group)
    for word, shared in [("an", True), ("apagado", False), ("вкл", True), ("خاموش", False)]:
        await bot.send(sofia, f"/share {word}", chat=group)
        member = await bot.store.groups.member(group.id, sofia.id)
        assert member is not None and member.share is shared, word
    await bot.send(sofia, "/share quizás", chat=group)  # neither: nothing changes
    member = await bot.store.groups.member(group.id, sofia.id)
    assert member is not None and member.share is False


async def test_gracias_is_small_talk_not_a_win(bot: Harness, sofia: FakeUser) -> None:
    await bot.send(sofia, "/timezone UTC")
    for text in ("¡Gracias!", "muchas gracias 🙏", "hola", "спасибо большое", "مرسی"):
        await bot.send(sofia, text)
    assert await bot.store.wins.count(sofia.id) == 0
    await bot.send(sofia, "hola a mi vecina")
    assert await bot.store.wins.count(sofia.id) == 1
