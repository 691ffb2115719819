"""Dates as people write them, and a clear no for dates that do not exist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline.errors import BadDate
from guideline.rules.dates import FUTURE_DAYS, MAX_YEAR, MIN_YEAR, find_dates, format_date, parse_date

MARCH_3 = date(2026, 3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-03", "03.03.2026", "3.3.2026", "3.3.26", "3/3/2026", "03/03/26", "3-3-2026",
        "3. mars 2026", "3 mars 2026", "3. MARS 2026", "3. mar 2026", "3 mar. 2026", "den 3. mars 2026",
        "3 March 2026", "March 3, 2026", "March 3 2026", "3rd of March 2026", "the 3rd of March 2026",
        "3rd March 2026", "Mar 3, 2026", "on 3 March 2026",
    ],
)  # fmt: skip
def test_ways_of_writing_3_march_2026(text):
    assert parse_date(text) == MARCH_3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. januar 2026", date(2026, 1, 1)), ("14 feb 2026", date(2026, 2, 14)), ("1 april 2026", date(2026, 4, 1)),
        ("17. mai 2026", date(2026, 5, 17)), ("May 17, 2026", date(2026, 5, 17)), ("1 jun 2026", date(2026, 6, 1)),
        ("1. juli 2026", date(2026, 7, 1)), ("1 aug 2026", date(2026, 8, 1)), ("1 sept 2026", date(2026, 9, 1)),
        ("1. okt 2026", date(2026, 10, 1)), ("1 Oct 2026", date(2026, 10, 1)), ("1. nov 2026", date(2026, 11, 1)),
        ("24. des 2026", date(2026, 12, 24)), ("24 Dec 2026", date(2026, 12, 24)), ("31.12.99", date(1999, 12, 31)),
        ("1.1.69", date(2069, 1, 1)), ("1.1.70", date(1970, 1, 1)), ("29.2.2024", date(2024, 2, 29)),
    ],
)  # fmt: skip
def test_month_names_abbreviations_and_two_digit_years(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02.2026", "31.02.2026 finnes ikke: februar 2026 har 28 dager."),
        ("29.2.2025", "29.2.2025 finnes ikke: februar 2025 har 28 dager."),
        ("31.4.2026", "31.4.2026 finnes ikke: april 2026 har 30 dager."),
        ("0.1.2026", "0.1.2026 finnes ikke: det finnes ingen dag 0 (dagene begynner på 1)."),
        ("1.13.2026", "1.13.2026 finnes ikke: det finnes ingen måned 13 (måned 1–12)."),
        ("31 February 2026", "31 February 2026 does not exist: February 2026 has 28 days."),
        ("February 30, 2026", "February 30, 2026 does not exist: February 2026 has 28 days."),
        ("3. mars", "3. mars: året mangler. Skriv hele datoen, f.eks. 3. mars 2026."),
        ("March 3", "March 3: the year is missing. Write the full date, e.g. 3 March 2026."),
        ("0001-01-01", "0001-01-01: året 1 er utenfor området vi regner med (1900–2200)."),
        ("9999-12-31", "9999-12-31: året 9999 er utenfor området vi regner med (1900–2200)."),
        ("1.1.1899", "1.1.1899: året 1899 er utenfor området vi regner med (1900–2200)."),
    ],
)
def test_impossible_dates_say_why_in_one_line(text, message):
    with pytest.raises(BadDate) as info:
        parse_date(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text", ["", "i morgen", "3.3", "2026", "mars 2026", "3 may", "3.3.2026 og 4.3.2026"]
)
def test_what_is_not_one_date_is_refused(text):
    with pytest.raises(BadDate, match=r"som en dato|as a date|året mangler|year is missing"):
        parse_date(text)


def test_find_dates_in_a_question_with_offsets():
    text = "Henvisning mottatt 3. mars 2026 — første fremmøte 12.3.2026, beslutning 2026-04-01."
    found = find_dates(text)
    assert [f.value for f in found] == [MARCH_3, date(2026, 3, 12), date(2026, 4, 1)]
    assert [text[f.start : f.end] for f in found] == ["3. mars 2026", "12.3.2026", "2026-04-01"]


@pytest.mark.parametrize(
    "text",
    [
        "behandlingsstart innen 1-2 døgn", "pasientrettighetsloven §2-2", "kl. 10.30", "versjon 1.2.3",
        "7 kalenderdager", "IgG, IgA, IgM", "you may be treated in 3 may days", "kontroll i mai 2 ganger",
    ],
)  # fmt: skip
def test_find_dates_ignores_what_only_looks_like_numbers(text):
    assert find_dates(text) == []


def test_find_dates_raises_for_an_impossible_date_in_a_question():
    with pytest.raises(BadDate, match="februar 2026 har 28 dager"):
        find_dates("Henvisning mottatt 30.2.2026, når er fristen?")


@pytest.mark.parametrize(("lang", "text"), [("nb", "10. mars 2026"), ("en", "10 March 2026")])
def test_format_date(lang, text):
    assert format_date(date(2026, 3, 10), lang) == text


dates_in_range = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))


@given(dates_in_range, st.sampled_from(["nb", "en"]))
def test_formatted_and_iso_dates_read_back(d, lang):
    assert parse_date(format_date(d, lang)) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.day}.{d.month}.{d.year}") == d
    assert find_dates(f"Henvisning {format_date(d, lang)}, frist?")[0].value == d


@given(st.dates())
def test_no_date_crashes_the_parser(d):
    """Any date, 0001-01-01 to 9999-12-31: a date back, or BadDate for a year out of range."""
    try:
        assert parse_date(d.isoformat()) == d
    except BadDate as exc:
        assert not MIN_YEAR <= d.year <= MAX_YEAR
        assert "1900–2200" in str(exc)


# ---------------------------------------------------------------- dates written without a year

NOV_26 = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("henvisning 3. mars", NOV_26, date(2026, 3, 3)),  # earlier this year
        ("received 6 October", NOV_26, date(2026, 10, 6)),
        ("first visit 15 December", NOV_26, date(2026, 12, 15)),  # a few weeks ahead: still this year
        ("første time 20. januar", NOV_26, date(2027, 1, 20)),  # within 60 days ahead: next year
        ("henvist 1. februar", NOV_26, date(2026, 2, 1)),  # more than 60 days ahead: last year
        ("referral March 3rd", date(2026, 1, 10), date(2026, 3, 3)),  # 52 days ahead
        ("henvisning 30. desember", date(2027, 1, 4), date(2026, 12, 30)),  # across new year, backwards
        ("henvisning 29. februar", NOV_26, date(2024, 2, 29)),  # the latest 29 February there was
        ("henvisning 29. februar", date(2028, 1, 15), date(2028, 2, 29)),
    ],
)
def test_a_date_without_a_year_takes_it_from_the_reference_date(text, reference, expected):
    (found,) = find_dates(text, reference=reference)
    assert found.value == expected and found.year_assumed


def test_a_written_year_is_never_replaced():
    (found,) = find_dates("henvisning 3. mars 2025", reference=NOV_26)
    assert found.value == date(2025, 3, 3) and not found.year_assumed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("henvisning 30. februar", "30. februar finnes ikke: februar har høyst 29 dager."),
        ("referral 31 June", "31 June does not exist: June has at most 30 days."),
        ("henvisning 0. mars", "0. mars finnes ikke: det finnes ingen dag 0 (dagene begynner på 1)."),
    ],
)
def test_a_day_no_year_has_is_refused_without_naming_a_year(text, message):
    with pytest.raises(BadDate) as info:
        find_dates(text, reference=NOV_26)
    assert str(info.value) == message


@given(st.dates(date(1950, 1, 1), date(2150, 12, 31)), st.integers(1, 12), st.integers(1, 28))
def test_property_an_assumed_date_lies_within_a_year_before_the_window_end(reference, month, day):
    month_name = format_date(date(2001, month, day)).split()[1]  # "3. mars 2001" → "mars"
    (found,) = find_dates(f"henvisning {day}. {month_name}", reference=reference)
    latest = reference + timedelta(days=FUTURE_DAYS)
    assert latest - timedelta(days=366) < found.value <= latest
