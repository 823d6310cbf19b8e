"""The pure group prompts: digest, weekly review, and splitting only above the limit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.domain import buddies
from bot.domain.groups import SharedWin, evening_digest, split_messages, utf16_len, weekly_review

DAY = date(2026, 11, 23)


def _win(
    user_id: int, name: str, text: str, day: date = DAY, tags: tuple[str, ...] = ()
) -> SharedWin:
    return SharedWin(user_id, name, day, text, tags)


def test_digest_counts_wins_and_people_and_lists_each_persons_wins() -> None:
    wins = [_win(1, "Ada", "ran"), _win(2, "Bob", "read"), _win(1, "Ada", "slept <well>")]
    (message,) = evening_digest("Runners & co", wins, DAY)
    assert message.startswith("<b>Today in Runners &amp; co</b>: 3 wins from 2 people.")
    assert "<b>Ada</b>\n• ran\n• slept &lt;well&gt;" in message
    assert "<b>Bob</b>\n• read" in message
    assert message.rstrip().endswith(texts.groups.cheer(DAY.toordinal()))


def test_an_empty_day_gets_an_encouraging_line_and_no_names() -> None:
    assert evening_digest("Runners", [], DAY) == [texts.groups.digest_empty("Runners")]


def test_a_huge_digest_is_split_only_as_needed_and_keeps_every_win() -> None:
    wins = [_win(n % 30, f"Person {n % 30}", f"win {n} " + "x" * 250) for n in range(120)]
    messages = evening_digest("Big", wins, DAY)
    assert len(messages) > 1
    assert all(utf16_len(m) <= texts.common.MESSAGE_LIMIT for m in messages)
    joined = "\n".join(messages)
    assert all(f"win {n} " in joined for n in range(120))
    # Breaks fall between people, so every message but the last is well filled.
    assert all(utf16_len(m) > texts.common.MESSAGE_LIMIT // 2 for m in messages[:-1])


def test_a_normal_digest_is_one_message() -> None:
    wins = [_win(n, f"P{n}", f"did thing {n}") for n in range(25)]
    assert len(evening_digest("G", wins, DAY)) == 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(min_size=1, max_size=300).map(lambda t: t.replace("\n", " ")),
            min_size=1,
            max_size=30,
        ),
        max_size=40,
    )
)
def test_split_messages_never_exceeds_the_limit_and_loses_nothing(
    blocks_lines: list[list[str]],
) -> None:
    blocks = ["\n".join(lines) for lines in blocks_lines]
    messages = split_messages(blocks, limit=1000)
    assert all(utf16_len(m) <= 1000 for m in messages)
    assert "\n".join(messages) == "\n".join(b for b in blocks if b)
    if utf16_len("\n".join(b for b in blocks if b)) <= 1000:
        assert len(messages) <= 1


def test_weekly_review_thanks_people_alphabetically_without_ranking() -> None:
    first = DAY - timedelta(days=6)
    wins = [
        _win(2, "bob", "a", first, ("health",)),
        _win(1, "Ada", "b", DAY, ("health", "home")),
        _win(1, "Ada", "c", DAY),
    ]
    (message,) = weekly_review("Runners", wins, first, DAY)
    assert "3 wins from 2 people, on 2 of 7 days" in message
    assert "Top tags: #health, #home" in message
    assert "Wins from Ada, bob." in message
    assert weekly_review("Runners", [], first, DAY) == [texts.groups.weekly_empty("Runners")]


def test_a_big_groups_weekly_review_names_people_within_telegrams_limit() -> None:
    first = DAY - timedelta(days=6)
    names = [f"{n:03d} " + "Ж" * 60 for n in range(200)]
    wins = [_win(n + 1, name, "ran", DAY) for n, name in enumerate(names)]
    messages = weekly_review("Runners", wins, first, DAY)
    assert all(utf16_len(m) <= texts.common.MESSAGE_LIMIT for m in messages)
    thanks = next(line for m in messages for line in m.split("\n") if "Wins from" in line)
    assert names[0] in thanks
    assert thanks.endswith("more.")


def test_buddy_codes_are_long_random_and_checked_in_order() -> None:
    codes = {buddies.new_code() for _ in range(50)}
    assert len(codes) == 50 and all(len(c) >= 22 and buddies.looks_like_code(c) for c in codes)
    now = datetime(2026, 11, 23, tzinfo=UTC)
    later = buddies.expiry(now)
    check = buddies.invite_problem
    assert (
        check(found=False, inviter_id=0, used=False, expires_at=later, user_id=1, now=now)
        == "unknown"
    )
    assert (
        check(found=True, inviter_id=1, used=False, expires_at=later, user_id=1, now=now) == "own"
    )
    assert (
        check(found=True, inviter_id=2, used=True, expires_at=later, user_id=1, now=now) == "used"
    )
    assert (
        check(found=True, inviter_id=2, used=False, expires_at=later, user_id=1, now=later)
        == "expired"
    )
    assert check(found=True, inviter_id=2, used=False, expires_at=later, user_id=1, now=now) is None
