"""Time zones from what people type, from a location and from their language."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import cities, zones
from bot.domain.zones import (
    UnknownTimezone,
    guess_timezones,
    resolve_timezone,
    timezone_from_location,
    zone,
    zone_label,
)

AVAILABLE = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("America/New_York", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("Europe / Berlin", "Europe/Berlin"),
        ("US/Eastern", "America/New_York"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Amsterdam", "Europe/Amsterdam"),
    ],
)
def test_iana_names_are_accepted_in_any_case(text: str, expected: str) -> None:
    assert resolve_timezone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Mumbai", "Asia/Kolkata"),
        ("Bangalore", "Asia/Kolkata"),
        ("San Francisco", "America/Los_Angeles"),
        ("Munich", "Europe/Berlin"),
        ("München", "Europe/Berlin"),
        ("Beijing", "Asia/Shanghai"),
        ("Delhi", "Asia/Kolkata"),
        ("Sydney", "Australia/Sydney"),
        ("Toronto", "America/Toronto"),
        ("st. louis", "America/Chicago"),
        ("Kiev", "Europe/Kyiv"),
        ("Москва", "Europe/Moscow"),
        ("  berlin   ", "Europe/Berlin"),
        ("Berlin, Germany", "Europe/Berlin"),
        ("London time", "Europe/London"),
        ("Germany", "Europe/Berlin"),
        ("France", "Europe/Paris"),
        ("Japan", "Asia/Tokyo"),
        ("India", "Asia/Kolkata"),
        ("UK", "Europe/London"),
    ],
)
def test_cities_and_countries_are_accepted(text: str, expected: str) -> None:
    assert resolve_timezone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Etc/UTC", "UTC"),
        ("CET", "Europe/Berlin"),
        ("EST", "America/New_York"),
        ("EDT", "America/New_York"),
        ("ET", "America/New_York"),
        ("PST", "America/Los_Angeles"),
        ("pdt", "America/Los_Angeles"),
        ("PT", "America/Los_Angeles"),
    ],
)
def test_unambiguous_abbreviations_are_accepted(text: str, expected: str) -> None:
    assert resolve_timezone(text) == expected


@pytest.mark.parametrize("text", ["CST", "IST", "MST"])
def test_ambiguous_abbreviations_are_refused_with_choices(text: str) -> None:
    with pytest.raises(UnknownTimezone) as error:
        resolve_timezone(text)
    assert len(error.value.suggestions) >= 2


def test_countries_with_several_zones_ask_for_a_city() -> None:
    with pytest.raises(UnknownTimezone) as error:
        resolve_timezone("USA")
    assert "America/New_York" in error.value.suggestions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UTC+3", "UTC+03:00"),
        ("UTC+03", "UTC+03:00"),
        ("UTC+3:30", "UTC+03:30"),
        ("UTC-04:30", "UTC-04:30"),
        ("utc -4:30", "UTC-04:30"),
        ("GMT+2", "UTC+02:00"),
        ("+3", "UTC+03:00"),
        ("+05:30", "UTC+05:30"),
        ("+0545", "UTC+05:45"),
        ("-4", "UTC-04:00"),
        ("UTC+14", "UTC+14:00"),
        ("UTC-12", "UTC-12:00"),
        ("UTC+0", "UTC"),
        ("Etc/GMT-3", "UTC+03:00"),
        ("Etc/GMT+5", "UTC-05:00"),
    ],
)
def test_offsets_are_accepted(text: str, expected: str) -> None:
    assert resolve_timezone(text) == expected


@pytest.mark.parametrize("text", ["UTC+15", "UTC-13", "+3:20", "UTC+3:60", "", "   ", "x" * 500])
def test_impossible_offsets_and_blanks_are_refused(text: str) -> None:
    with pytest.raises(UnknownTimezone):
        resolve_timezone(text)


def test_typos_get_close_suggestions() -> None:
    with pytest.raises(UnknownTimezone) as error:
        resolve_timezone("Berln")
    assert error.value.suggestions[0] == "Europe/Berlin"
    assert len(error.value.suggestions) <= 3
    with pytest.raises(UnknownTimezone) as error:
        resolve_timezone("Europe/Lodnon")
    assert error.value.suggestions[0] == "Europe/London"


def test_nonsense_gets_no_suggestions() -> None:
    with pytest.raises(UnknownTimezone) as error:
        resolve_timezone("qwxzv")
    assert error.value.suggestions == ()


def test_zone_gives_tzinfo_for_each_kind_of_name() -> None:
    moment = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)
    assert moment.astimezone(zone("Europe/Berlin")).hour == 13
    assert moment.astimezone(zone("UTC+05:30")).strftime("%H:%M") == "17:30"
    assert moment.astimezone(zone("UTC-04:30")).strftime("%H:%M") == "07:30"
    assert zone("UTC").utcoffset(moment) == datetime.timedelta(0)
    assert zone("Europe/Berlin") is zone("Europe/Berlin")


@pytest.mark.parametrize("name", ["Berlin", "europe/berlin", "UTC+3", "Nowhere/City", "../etc", ""])
def test_zone_refuses_anything_but_canonical_names(name: str) -> None:
    with pytest.raises(UnknownTimezone):
        zone(name)


def test_labels_are_short_and_read_back_as_their_zone() -> None:
    assert zone_label("Europe/Berlin") == "Berlin"
    assert zone_label("America/New_York") == "New York"
    assert zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert zone_label("UTC+03:00") == "UTC+03:00"
    assert zone_label("UTC") == "UTC"
    for names in cities.LANGUAGE_ZONES.values():
        for name in names:
            assert resolve_timezone(zone_label(name)) == name


def test_guesses_follow_the_language_and_end_with_utc() -> None:
    assert guess_timezones("de")[0] == "Europe/Berlin"
    assert guess_timezones("pt-br")[0] == "America/Sao_Paulo"
    assert guess_timezones("ru")[0] == "Europe/Moscow"
    assert guess_timezones("es")[:2] == ["Europe/Madrid", "America/Mexico_City"]
    assert "America/New_York" in guess_timezones("en")
    for code in [None, "", "xx", "en", "EN_us", "zh-hant", "pt", "de"]:
        guesses = guess_timezones(code)
        assert 2 <= len(guesses) <= 4
        assert guesses[-1] == "UTC"
        assert len({zone_label(name) for name in guesses}) == len(guesses)


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (52.52, 13.40, "Europe/Berlin"),
        (48.86, 2.35, "Europe/Paris"),
        (40.71, -74.00, "America/New_York"),
        (37.77, -122.42, "America/Los_Angeles"),
        (-23.55, -46.63, "America/Sao_Paulo"),
        (19.08, 72.88, "Asia/Kolkata"),
        (35.68, 139.69, "Asia/Tokyo"),
        (-33.87, 151.21, "Australia/Sydney"),
        (55.75, 37.62, "Europe/Moscow"),
        # Near a border the nearest big city is in the wrong country.
        (42.24, -8.72, "Europe/Madrid"),  # Vigo, not Lisbon
        (59.38, 28.19, "Europe/Tallinn"),  # Narva, not Moscow
        (52.10, 23.69, "Europe/Minsk"),  # Brest (Belarus), not Warsaw
    ],
)
def test_a_location_gives_the_zone_whose_borders_hold_it(
    latitude: float, longitude: float, expected: str
) -> None:
    assert timezone_from_location(latitude, longitude) == expected


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (0.0, -30.0, "UTC-02:00"),  # mid-Atlantic
        (-48.88, -123.39, "UTC-08:00"),  # Point Nemo, far from any land
        (0.0, 180.0, "UTC+12:00"),
        (90.0, 0.0, "UTC"),  # the North Pole
    ],
)
def test_a_location_at_sea_gets_its_nautical_offset(
    latitude: float, longitude: float, expected: str
) -> None:
    assert timezone_from_location(latitude, longitude) == expected


def test_a_zone_newer_than_tzdata_falls_back_to_the_nautical_offset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(zones.tzfpy, "get_tz", lambda lng, lat: "Europe/Not_Yet_In_Tzdata")
    assert timezone_from_location(50.0, 44.0) == "UTC+03:00"
    assert timezone_from_location(50.0, -100.0) == "UTC-07:00"


@pytest.mark.parametrize(("latitude", "longitude"), [(91, 0), (0, 181), (float("nan"), 0)])
def test_a_location_off_the_map_is_refused(latitude: float, longitude: float) -> None:
    with pytest.raises(ValueError):
        timezone_from_location(latitude, longitude)


def test_tables_name_only_real_zones() -> None:
    available = set(AVAILABLE)
    named = [*cities.CITIES.values(), *cities.zone_tab()]
    named += [*cities.OTHER_NAMES.values(), *cities.COUNTRIES.values()]
    named += [*cities.ABBREVIATIONS.values(), *cities.zone_links(), *cities.zone_links().values()]
    for table in (cities.MULTI_ZONE_COUNTRIES, cities.AMBIGUOUS_ABBREVIATIONS):
        named += [z for zones in table.values() for z in zones]
    named += [z for zones in cities.LANGUAGE_ZONES.values() for z in zones]
    assert sorted(set(named) - available) == []


def test_alias_table_adds_many_cities_that_are_not_iana_names() -> None:
    iana_places = {name.rsplit("/", 1)[-1].replace("_", " ").lower() for name in AVAILABLE}
    extra = [name for name in cities.CITIES if name.lower() not in iana_places]
    assert len(extra) >= 150
    for name, expected in cities.CITIES.items():
        assert resolve_timezone(name) == expected


def test_zone_tables_are_read_from_the_installed_tzdata() -> None:
    assert len(cities.zone_tab()) > 400
    assert {"Europe/Amsterdam", "Europe/Berlin", "America/Sao_Paulo"} <= set(cities.zone_tab())
    assert cities.zone_links()["Asia/Calcutta"] == "Asia/Kolkata"
    assert cities.zone_links()["US/Eastern"] == "America/New_York"
    assert resolve_timezone("Asia/Saigon") == "Asia/Ho_Chi_Minh"  # an old name, followed


_typed = st.one_of(
    st.sampled_from(AVAILABLE),
    st.sampled_from(sorted(cities.CITIES)),
    st.sampled_from(sorted(cities.COUNTRIES)),
    st.builds(
        "{}{}{}:{:02d}".format,
        st.sampled_from(["UTC", "GMT", ""]),
        st.sampled_from(["+", "-"]),
        st.integers(0, 14),
        st.sampled_from([0, 15, 30, 45]),
    ),
    st.text(max_size=20),
)


@settings(max_examples=200, deadline=None)
@given(_typed)
def test_resolving_is_idempotent_and_zone_accepts_every_result(text: str) -> None:
    try:
        name = resolve_timezone(text)
    except UnknownTimezone as error:
        for suggestion in error.suggestions:
            zone(suggestion)
        return
    assert resolve_timezone(name) == name
    assert isinstance(zone(name), datetime.tzinfo)
    assert zone_label(name)


@settings(max_examples=200, deadline=None)
@given(st.floats(-90, 90), st.floats(-180, 180))
def test_every_location_gets_a_usable_zone(latitude: float, longitude: float) -> None:
    name = timezone_from_location(latitude, longitude)
    assert resolve_timezone(name) == name
    zone(name)


@pytest.mark.parametrize("text", ["Mars", "Venus", "Moon", "hello", "Narnia"])
def test_unrelated_words_get_no_zone_suggestions(text: str) -> None:
    with pytest.raises(UnknownTimezone) as error:
        resolve_timezone(text)
    assert error.value.suggestions == ()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(cities.COUNTRIES)), st.integers(0, 100))
def test_a_one_letter_slip_in_a_place_still_finds_it(name: str, seed: int) -> None:
    if len(name) < 5 or not name.isalpha():
        return
    i = 1 + seed % (len(name) - 2)
    typo = name[:i] + name[i + 1 :]  # one letter dropped, not the first or the last
    try:
        found = resolve_timezone(typo)
    except UnknownTimezone as error:
        assert cities.COUNTRIES[name] in error.suggestions
        return
    assert found  # the slip spells another place exactly


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Lissabon", "Europe/Lisbon"),
        ("Лиссабон", "Europe/Lisbon"),
        ("Berlim", "Europe/Berlin"),
        ("Берлин", "Europe/Berlin"),
        ("برلین", "Europe/Berlin"),
        ("تهران", "Asia/Tehran"),
        ("Moskau", "Europe/Moscow"),
    ],
)
def test_the_cities_the_copy_names_are_known_in_each_language(name: str, zone: str) -> None:
    assert resolve_timezone(name) == zone
