"""The question model as pure rules: when a question closes, and where plain text goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.questions import (
    OPEN_FOR,
    Answer,
    Hint,
    KeepTimes,
    Kind,
    Payload,
    SmallTalk,
    TextAnswer,
    TimeAnswer,
    Win,
    ZoneAnswer,
    decode,
    encode,
    expires_at,
    route,
)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)


@dataclass(frozen=True)
class Asked:
    kind: str
    payload: str = "{}"
    expires_at: datetime = NOW + timedelta(minutes=20)
    message_id: int = 7
    question_id: int = 1


def _open(kind: Kind, payload: Payload | None = None) -> Asked:
    return Asked(kind, encode(payload or Payload()))


def test_a_question_closes_after_its_minutes_or_at_the_end_of_the_day() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert expires_at(Kind.SHRINK, NOW, berlin, 4) == NOW + OPEN_FOR[Kind.SHRINK]
    # 03:50 in Berlin: the day ends at 04:00, ten minutes later.
    late = datetime(2026, 11, 24, 2, 50, tzinfo=UTC)
    assert expires_at(Kind.ZONE, late, berlin, 4) == datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert expires_at(Kind.INTENTION, NOW, berlin, 4) == NOW


def test_payload_round_trips_and_junk_reads_as_empty() -> None:
    payload = Payload(goal_id=3, suggestions=("Europe/Berlin",), day=TODAY, setup=True)
    assert decode(encode(payload)) == payload
    assert decode("not json") == Payload()
    assert decode("[1, 2]") == Payload()


def test_without_a_question_text_is_a_win_and_small_talk_is_not() -> None:
    none: dict[str, Asked | None] = {"open_question": None, "replied_question": None}
    assert route("cooked dinner from scratch", **none, today=TODAY) == Win()
    assert route("thanks!", **none, today=TODAY) == SmallTalk("thanks")


def test_an_open_question_takes_a_fitting_answer() -> None:
    shrink = _open(Kind.SHRINK, Payload(goal_id=4))
    assert route("walk 5 minutes", open_question=shrink, replied_question=None, today=TODAY) == (
        Answer(shrink, TextAnswer("walk 5 minutes"), by_reply=False)
    )
    # Several lines are not one smaller goal: they are wins.
    assert route("a\nb", open_question=shrink, replied_question=None, today=TODAY) == Win()
    assert route("ok", open_question=shrink, replied_question=None, today=TODAY) == SmallTalk(
        "other"
    )


def test_setup_steps_give_hints_for_attempts_and_let_sentences_be_wins() -> None:
    morning = _open(Kind.MORNING_TIME)
    assert route("7:30", open_question=morning, replied_question=None, today=TODAY) == Answer(
        morning, TimeAnswer(time(7, 30)), by_reply=False
    )
    assert route("25:99", open_question=morning, replied_question=None, today=TODAY) == Hint(
        morning, "25:99"
    )
    sentence = "cooked dinner for the first time in weeks"
    assert route(sentence, open_question=morning, replied_question=None, today=TODAY) == Win()
    zone = _open(Kind.ZONE)
    assert route("Lisbon", open_question=zone, replied_question=None, today=TODAY) == Answer(
        zone, ZoneAnswer("Europe/Lisbon"), by_reply=False
    )
    typo = route("Berln", open_question=zone, replied_question=None, today=TODAY)
    assert isinstance(typo, Hint) and typo.suggestions[0] == "Europe/Berlin"
    assert route("walked the dog", open_question=zone, replied_question=None, today=TODAY) == (
        Win()
    )
    times = _open(Kind.TIMES)
    assert route("sounds good", open_question=times, replied_question=None, today=TODAY) == (
        Answer(times, KeepTimes(True), by_reply=False)
    )


def test_yes_takes_a_single_suggestion_and_asks_to_pick_between_two() -> None:
    one = _open(Kind.ZONE, Payload(suggestions=("Europe/London",)))
    assert route("yes", open_question=one, replied_question=None, today=TODAY) == Answer(
        one, ZoneAnswer("Europe/London"), by_reply=False
    )
    two = _open(Kind.ZONE, Payload(suggestions=("Europe/Berlin", "Europe/Zurich")))
    assert route("yes", open_question=two, replied_question=None, today=TODAY) == Hint(
        two, "yes", ("Europe/Berlin", "Europe/Zurich")
    )
    assert route("2", open_question=two, replied_question=None, today=TODAY) == Answer(
        two, ZoneAnswer("Europe/Zurich"), by_reply=False
    )


def test_a_question_asked_in_passing_takes_only_a_clear_answer() -> None:
    soft = _open(Kind.ZONE, Payload(setup=True, soft=True))
    assert route("ran", open_question=soft, replied_question=None, today=TODAY) == Win()
    assert route("Berln", open_question=soft, replied_question=None, today=TODAY) == Win()
    assert route("Tokyo", open_question=soft, replied_question=None, today=TODAY) == Answer(
        soft, ZoneAnswer("Asia/Tokyo"), by_reply=False
    )


def test_a_reply_answers_its_question_even_when_another_is_open() -> None:
    obstacle = Asked(Kind.OBSTACLE, encode(Payload(goal_id=2)), NOW - timedelta(hours=5), 3, 2)
    shrink = _open(Kind.SHRINK, Payload(goal_id=4))
    assert route("too tired", open_question=shrink, replied_question=obstacle, today=TODAY) == (
        Answer(obstacle, TextAnswer("too tired"), by_reply=True)
    )


def test_a_reply_to_yesterdays_morning_question_is_a_win() -> None:
    intention = Asked(Kind.INTENTION, encode(Payload(day=TODAY - timedelta(days=1))), NOW)
    assert route("tidy desk", open_question=None, replied_question=intention, today=TODAY) == (
        Win()
    )
    today = Asked(Kind.INTENTION, encode(Payload(day=TODAY)), NOW)
    assert route("tidy desk", open_question=None, replied_question=today, today=TODAY) == Answer(
        today, TextAnswer("tidy desk"), by_reply=True
    )
    # Typed rather than replied, the morning question takes nothing.
    assert route("tidy desk", open_question=today, replied_question=None, today=TODAY) == Win()


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300), st.sampled_from(sorted(Kind)))
def test_long_or_many_line_text_is_never_a_hint(text: str, kind: Kind) -> None:
    """Whatever is open, text that reads as wins is never held back as a failed answer."""
    if "\n" not in text.strip() and len(text.strip()) <= 40:
        return
    decision = route(text, open_question=_open(kind), replied_question=None, today=TODAY)
    assert not isinstance(decision, Hint)
