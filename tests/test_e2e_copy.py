"""What a person reads: photos shown once, honest captions, limits named, a future month
answered kindly, buttons that stay, and numbers that lead with what is there."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from PIL import Image

from bot import texts
from bot.domain.pictures import JAR_BODY, MARBLE_COLOURS, SHELF_SHIFT
from bot.standin.actors import FakeUser
from tests.conftest import Harness

DAY = timedelta(days=1)


async def test_today_shows_a_photo_win_with_one_camera_and_its_caption(
    bot: Harness, ada: FakeUser
) -> None:
    await bot.act(ada, "send_photo")
    await bot.act(ada, "send_photo", "sunset from the bridge")
    today = (await bot.reply(ada, "/today")).text or ""
    assert today.count("📷") == 2, today
    assert "• 📷 photo" in today
    assert "• 📷 sunset from the bridge" in today


async def test_calendar_caption_counts_check_offs_not_days(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk 10 minutes")
    await bot.send(ada, "/goal drink water")
    await bot.send(ada, "/done 1")
    await bot.send(ada, "/done 2")
    caption = (await bot.reply(ada, "/calendar")).text or ""
    assert "1 day with a win" in caption
    assert "2 goal check-offs" in caption, caption


async def test_a_pause_past_the_limit_names_the_limit(bot: Harness, ada: FakeUser) -> None:
    reply = (await bot.reply(ada, "/pause 400 days")).text or ""
    assert "couldn't read" not in reply
    assert "up to 365 days" in reply
    user = await bot.store.users.get(ada.id)
    assert user is not None and not user.paused
    # Something that is not a number of days still gets the reading hint.
    assert "couldn't read" in ((await bot.reply(ada, "/pause soon")).text or "")


async def test_a_future_month_is_answered_kindly_not_drawn(bot: Harness, ada: FakeUser) -> None:
    reply = await bot.reply(ada, "/calendar 2030-01")
    assert reply.kind == "text"
    text = reply.text or ""
    assert "January 2030" in text and "hasn't happened yet" in text
    assert "/calendar" in text
    # Next month is the future too; this month and earlier ones still draw.
    assert (await bot.reply(ada, "/calendar 2026-12")).kind == "text"
    assert (await bot.reply(ada, "/calendar 2026-11")).kind == "photo"


async def test_buddies_keeps_its_buttons_after_a_sharing_change(
    bot: Harness, ada: FakeUser, bob: FakeUser
) -> None:
    await bot.send(ada, "/start")
    link = (await bot.reply(ada, "/buddy")).text or ""
    code = link.split("start=buddy_")[1].split()[0]
    (confirm, *_) = await bot.send(bob, f"/start buddy_{code}")
    await bot.press(bob, confirm, texts.buddies.pair_button())

    listing = await bot.reply(ada, "/buddies")
    await bot.press(ada, listing, texts.buddies.share_toggle_button("Bob", False))
    shown = bot.stand.bot_message(ada.id, listing.message_id)
    assert shown is not None
    assert shown.button_texts == [
        texts.buddies.cheer_button("Bob"),
        texts.buddies.share_toggle_button("Bob", True),
    ]
    assert "you share your evenings" in (shown.text or "")
    # And back again, from the same message.
    await bot.press(ada, shown, texts.buddies.share_toggle_button("Bob", True))
    again = bot.stand.bot_message(ada.id, listing.message_id)
    assert again is not None
    assert texts.buddies.share_toggle_button("Bob", False) in again.button_texts
    (pair,) = await bot.store.buddies.of(ada.id)
    assert not pair.i_share


def _words(html_text: str | None) -> int:
    """Words a person reads (tags left out): about 20 read in two seconds."""
    return len(re.sub(r"<[^>]+>", "", html_text or "").split())


async def test_the_fourth_goal_refusal_reads_in_two_seconds(bot: Harness, ada: FakeUser) -> None:
    for goal in ("walk", "read one page", "stretch"):
        await bot.reply(ada, f"/goal {goal}")
    refusal = (await bot.reply(ada, "/goal floss")).text or ""
    assert "/drop" in refusal
    assert _words(refusal) <= 16, refusal


async def test_the_outcome_hint_reads_in_two_seconds(bot: Harness, ada: FakeUser) -> None:
    reply = (await bot.reply(ada, "/goal lose 10 kg")).text or ""
    hint = reply.split("\n\n")[-1]
    assert "/shrink" in hint
    assert _words(hint) <= 18, hint


async def test_the_shrink_offer_reads_in_two_seconds(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk")
    await bot.reply(ada, "/done")
    bot.clock.advance(DAY * 3)
    offer = (await bot.send(ada, "/goals"))[-1]
    assert offer.button_texts == ["Make it smaller", "Keep it", "Pause it"]
    text = offer.text or ""
    assert "smaller" in text
    assert _words(text) <= 18, text


HELP_GROUPS = ("Log", "Goals", "Look back", "Settings", "Together", "Your data")
README = Path(__file__).resolve().parent.parent / "README.md"


def _sections(lines: list[str], heading: re.Pattern[str]) -> dict[str, list[str]]:
    """Commands under each heading, in order."""
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        match = heading.match(line)
        if match:
            current = match[1]
            found[current] = []
        elif current is not None:
            found[current] += re.findall(r"^\W*/(\w+)", line)
    return found


async def test_help_groups_every_command_once(bot: Harness, ada: FakeUser) -> None:
    reply = (await bot.reply(ada, "/help")).html or ""
    sections = _sections(reply.split("\n"), re.compile(r"^<b>(.+)</b>$"))
    assert tuple(sections) == HELP_GROUPS
    listed = [name for names in sections.values() for name in names]
    assert sorted(listed) == sorted(name for name, _ in texts.commands.commands())
    assert {"win", "undo"} <= set(sections["Log"])
    assert {"goal", "done", "drop"} <= set(sections["Goals"])
    assert {"week", "calendar", "jar", "stats"} <= set(sections["Look back"])
    assert {"timezone", "pause"} <= set(sections["Settings"])
    assert {"buddy", "join"} <= set(sections["Together"])
    assert {"export", "forget"} <= set(sections["Your data"])


def test_readme_groups_the_commands_as_help_does() -> None:
    readme = README.read_text(encoding="utf-8")
    part = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    sections = _sections(part.split("\n"), re.compile(r"^### (.+)$"))
    assert tuple(sections) == HELP_GROUPS
    for heading, names in sections.items():
        assert names == [n for n in texts.commands.help_groups()[heading]], heading


async def test_stats_count_from_the_day_you_started(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "made the bed")
    first = (await bot.reply(ada, "/stats")).text or ""
    assert "1 day with a win since you started" in first, first
    assert "of 7" not in first and "of 30" not in first
    # Ten days on, with wins on three of them: what is there comes first.
    bot.clock.advance(DAY * 8)
    await bot.reply(ada, "watered the plants")
    bot.clock.advance(DAY)
    await bot.reply(ada, "called mum")
    later = (await bot.reply(ada, "/stats")).text or ""
    assert later.index("3 days with a win since you started") < later.index("streak")
    assert "2 days with a win in the last 7" in later
    assert "last 30" not in later and "of 30" not in later


async def test_week_draws_no_days_before_you_started(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "made the bed")
    first = (await bot.reply(ada, "/week")).text or ""
    assert first.count("●") == 1 and "○" not in first, first
    assert "of the last 7 days" not in first
    bot.clock.advance(DAY * 2)
    later = (await bot.reply(ada, "/week")).text or ""
    assert later.count("●") == 1 and later.count("○") == 2, later
    assert "Mo ●" in later and "Tu ○" in later and "We ○" in later
    assert "Su" not in later.split("\n")[2]


async def _drop(bot: Harness, ada: FakeUser, name: str) -> None:
    reply = (await bot.send(ada, f"/drop {name}"))[-1]
    if reply.button_texts:  # a drop may ask to be confirmed
        await bot.press(ada, reply, reply.button_texts[0])


async def test_week_and_stats_read_a_dropped_goal_as_let_go(bot: Harness, ada: FakeUser) -> None:
    await bot.reply(ada, "/goal walk for 3 days")
    await bot.reply(ada, "/done")
    await bot.send(ada, "/goal floss")
    bot.clock.advance(DAY)
    await _drop(bot, ada, "walk")
    await _drop(bot, ada, "floss")
    bot.clock.advance(DAY * 5)
    week = (await bot.reply(ada, "/week")).text or ""
    walk = next(line for line in week.split("\n") if line.startswith("• walk"))
    assert "let go" in walk and " of " not in walk, walk
    assert "floss" not in week  # let go with nothing checked: not listed
    stats = (await bot.reply(ada, "/stats")).text or ""
    assert "seen through" not in stats


async def test_the_jar_after_a_great_first_week_looks_full(bot: Harness, ada: FakeUser) -> None:
    for day in range(6):
        await bot.reply(ada, "\n".join(f"win {day}.{n}" for n in range(4)))
        bot.clock.advance(DAY)
    reply = await bot.reply(ada, "/jar")
    assert reply.kind == "photo" and reply.file_bytes
    assert "24 marbles" in (reply.text or "")
    image = Image.open(io.BytesIO(reply.file_bytes)).convert("RGB")
    colours = set(MARBLE_COLOURS)
    rows = [
        y
        for y in range(image.height)
        if any(image.getpixel((x, y)) in colours for x in range(0, image.width, 3))
    ]
    body_top, body_bottom = JAR_BODY[1] + SHELF_SHIFT, JAR_BODY[3] + SHELF_SHIFT
    # Marbles from the bottom of the jar to well above its middle.
    assert max(rows) > body_bottom - 60
    assert min(rows) < (body_top + body_bottom) / 2
