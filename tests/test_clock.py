"""The pathway clock: calendar days from the facts data, start day = day 0, out-of-order dates reported."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline.errors import BadDate, BadInput
from guideline.rules.clock import NOT_COMPUTABLE, clock_from_events, deadline_for, pathway_clock
from guideline.rules.dates import MAX_YEAR, MIN_YEAR
from guideline.rules.facts import intervals, load_facts

REFERRAL = date(2026, 3, 3)


def rows(report):
    return {r.interval_id: r for r in report.rows}


def test_referral_only_gives_the_deadlines_that_start_at_the_referral():
    report = pathway_clock(REFERRAL)
    assert {i: (r.deadline, r.status) for i, r in rows(report).items()} == {
        "interval.referral-first-visit": (date(2026, 3, 10), "open"),
        "interval.referral-treatment-drug": (date(2026, 4, 2), "open"),
        "interval.referral-treatment-radiation": (date(2026, 4, 13), "open"),
    }
    assert report.errors == ()


@pytest.mark.parametrize(
    ("first_visit", "days_used", "status"),
    [(date(2026, 3, 3), 0, "met"), (date(2026, 3, 10), 7, "met"), (date(2026, 3, 11), 8, "missed"), (date(2026, 3, 12), 9, "missed")],
)  # fmt: skip
def test_first_visit_on_the_deadline_meets_it_a_day_later_misses_it(first_visit, days_used, status):
    row = pathway_clock(REFERRAL, first_visit=first_visit).row("interval.referral-first-visit")
    assert (row.actual, row.days_used, row.status) == (first_visit, days_used, status)


def test_a_whole_pathway_with_drug_treatment():
    report = pathway_clock(
        REFERRAL,
        first_visit=date(2026, 3, 9),
        decision=date(2026, 3, 27),
        treatment_start=date(2026, 3, 31),
        treatment="medikamentell",
    )
    assert {i: (r.start, r.deadline, r.days_used, r.status) for i, r in rows(report).items()} == {
        "interval.referral-first-visit": (REFERRAL, date(2026, 3, 10), 6, "met"),
        "interval.first-visit-decision": (date(2026, 3, 9), date(2026, 3, 29), 18, "met"),
        "interval.decision-treatment-drug": (date(2026, 3, 27), date(2026, 3, 30), 4, "missed"),
        "interval.referral-treatment-drug": (REFERRAL, date(2026, 4, 2), 28, "met"),
    }


def test_no_treatment_type_shows_drug_and_radiotherapy_rows():
    report = pathway_clock(REFERRAL, decision=date(2026, 3, 20))
    assert set(rows(report)) >= {"interval.decision-treatment-drug", "interval.decision-treatment-radiation"}
    assert report.treatment is None


@pytest.mark.parametrize("spelling", ["straale", "stråle", "Strålebehandling", "radiotherapy", "strale"])
def test_treatment_type_by_any_spelling_keeps_only_its_rows(spelling):
    report = pathway_clock(REFERRAL, decision=date(2026, 3, 20), treatment=spelling)
    assert report.treatment == "straale"
    assert "interval.decision-treatment-drug" not in rows(report)
    assert rows(report)["interval.decision-treatment-radiation"].deadline == date(2026, 4, 3)


def test_an_unknown_treatment_type_lists_the_known_ones():
    with pytest.raises(BadInput, match="known: medikamentell, straale"):
        pathway_clock(REFERRAL, treatment="kirurgi")


def test_a_first_visit_before_the_referral_is_an_error_not_a_negative_count():
    report = pathway_clock(REFERRAL, first_visit=date(2026, 3, 1))
    assert "interval.referral-first-visit" not in rows(report)
    assert all(r.days_used is None or r.days_used >= 0 for r in report.rows)
    assert [e.message("nb") for e in report.errors] == [
        "Første fremmøte (1. mars 2026) er datert før henvisning mottatt (3. mars 2026); sjekk datoene."
    ]
    assert report.errors[0].message("en") == (
        "First visit (1 March 2026) is dated before referral received (3 March 2026); check the dates."
    )


def test_today_tells_days_left_and_overdue():
    report = pathway_clock(REFERRAL, today=date(2026, 3, 12))
    first = report.row("interval.referral-first-visit")
    assert (first.status, first.days_left, first.overdue) == ("open", -2, True)
    drug = report.row("interval.referral-treatment-drug")
    assert (drug.days_left, drug.overdue) == (21, False)


def test_rows_cite_the_guideline_and_use_the_norms_from_the_data():
    report = pathway_clock(REFERRAL, first_visit=REFERRAL, decision=REFERRAL)
    norms = {i.id: i.days for i in intervals()}
    for row in report.rows:
        assert row.days == norms[row.interval_id]
        assert f"{row.days} kalenderdager" in row.citation.quote
        assert row.label("en") and row.label("nb")


def test_clock_from_any_event_and_unknown_events():
    report = clock_from_events({"decision": date(2026, 3, 20)}, treatment="medikamentell")
    assert [r.interval_id for r in report.rows] == ["interval.decision-treatment-drug"]
    with pytest.raises(BadInput, match="unknown pathway events"):
        clock_from_events({"surgery": REFERRAL})


@pytest.mark.parametrize("extreme", [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31), date(2201, 1, 1)])
def test_dates_out_of_range_are_refused_not_crashed_on(extreme):
    with pytest.raises(BadDate, match="1900–2200"):
        pathway_clock(extreme)
    with pytest.raises(BadDate):
        pathway_clock(REFERRAL, today=extreme)


@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        (date(2024, 2, 28), 7, date(2024, 3, 6)),  # leap year: 29 February counts
        (date(2025, 2, 28), 7, date(2025, 3, 7)),
        (date(2024, 2, 29), 30, date(2024, 3, 30)),
        (date(2026, 12, 25), 7, date(2027, 1, 1)),
        (date(2026, 12, 31), 41, date(2027, 2, 10)),
        (date(2100, 2, 28), 1, date(2100, 3, 1)),  # 2100 is not a leap year
    ],
)
def test_deadlines_across_month_year_and_leap_boundaries(start, days, deadline):
    assert deadline_for(start, days) == deadline


in_range = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
NORMS = sorted({i.days for i in intervals()})


@given(in_range, st.sampled_from(NORMS))
def test_deadline_is_start_plus_the_norm_in_calendar_days(start, days):
    deadline = deadline_for(start, days)
    assert (deadline - start).days == days
    assert deadline - timedelta(days=days) == start


@given(
    st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR - 1, 12, 31)),
    st.integers(min_value=0, max_value=120),
    st.sampled_from([i.id for i in intervals()]),
)
def test_status_is_met_exactly_when_the_end_event_is_on_or_before_the_deadline(start, offset, interval_id):
    interval = next(i for i in intervals() if i.id == interval_id)
    actual = start + timedelta(days=offset)
    report = clock_from_events(
        {interval.from_event: start, interval.to_event: actual}, treatment=interval.treatment
    )
    row = report.row(interval_id)
    assert row.deadline == start + timedelta(days=interval.days)
    assert row.days_used == offset
    assert row.status == ("met" if actual <= row.deadline else "missed")


# -- rows whose events are out of order are not computable, never counted ----------------------------


def test_treatment_start_before_the_decision_counts_no_row_that_uses_either_date():
    report = pathway_clock(
        REFERRAL, decision=date(2026, 3, 20), treatment_start=date(2026, 3, 10), treatment="medikamentell"
    )
    assert set(rows(report)) == {"interval.referral-first-visit"}  # the whole pathway no longer says "met"
    blocked = {r.interval_id: r for r in report.not_computable}
    assert set(blocked) == {"interval.decision-treatment-drug", "interval.referral-treatment-drug"}
    whole = report.blocked("interval.referral-treatment-drug")
    assert whole.status == NOT_COMPUTABLE and not hasattr(whole, "deadline")
    assert whole.reason("nb") == (
        "Start behandling (10. mars 2026) er datert før avsluttet utredning (beslutning tas) (20. mars 2026); sjekk datoene."
    )
    assert "is dated before" in whole.reason("en")


def test_a_first_visit_before_the_referral_blocks_every_row_from_either_date():
    report = pathway_clock(REFERRAL, first_visit=date(2026, 3, 1))
    assert report.rows == ()
    assert [r.interval_id for r in report.lines()] == [
        "interval.referral-first-visit",
        "interval.first-visit-decision",  # no longer counted from 1 March
        "interval.referral-treatment-drug",
        "interval.referral-treatment-radiation",
    ]
    assert all(r.status == NOT_COMPUTABLE for r in report.lines())


def test_rows_not_touching_the_wrong_dates_are_still_counted():
    report = pathway_clock(
        REFERRAL, first_visit=date(2026, 3, 9), decision=date(2026, 3, 27), treatment_start=date(2026, 3, 20)
    )
    assert report.row("interval.referral-first-visit").status == "met"
    assert "interval.first-visit-decision" in {r.interval_id for r in report.not_computable}


event_dates = st.dictionaries(
    st.sampled_from(["referral", "first_visit", "decision", "treatment_start"]),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
)


@given(event_dates)
def test_no_counted_row_uses_a_date_that_is_out_of_order(dates):
    report = clock_from_events(dates)
    wrong = {e for err in report.errors for e in (err.earlier_event, err.later_event)}
    for row in report.rows:
        assert not ({row.interval.from_event, row.interval.to_event} & wrong)
        assert row.days_used is None or row.days_used >= 0
    for row in report.not_computable:
        assert {row.interval.from_event, row.interval.to_event} & wrong and row.reasons
    assert len(report.lines()) == len(report.rows) + len(report.not_computable)


# -- the acute route ---------------------------------------------------------------------------------


def test_acute_route_is_its_own_line_with_the_window_from_the_facts():
    acute = load_facts().fact("rule.acute")
    line = pathway_clock(REFERRAL, acute=True, today=date(2026, 3, 4)).acute
    assert line is not None and line.interval_id == "rule.acute"
    assert (line.days_min, line.days_max, line.unit) == (
        acute.data["days_min"],
        acute.data["days_max"],
        "døgn",
    )
    assert (line.earliest, line.deadline) == (REFERRAL + timedelta(days=1), REFERRAL + timedelta(days=2))
    assert (line.status, line.days_left) == ("open", 1)
    assert "1-2 døgn" in line.citation.quote and line.citation.section == "inngang/forlopstid"
    assert pathway_clock(REFERRAL).acute is None  # only when asked for


@pytest.mark.parametrize(
    ("start", "status", "used"),
    [(date(2026, 3, 4), "met", 1), (date(2026, 3, 5), "met", 2), (date(2026, 3, 6), "missed", 3), (date(2026, 3, 1), NOT_COMPUTABLE, None)],
)  # fmt: skip
def test_acute_route_met_missed_and_out_of_order(start, status, used):
    line = pathway_clock(REFERRAL, treatment_start=start, acute=True).acute
    assert (line.status, line.days_used) == (status, used)
    if status == NOT_COMPUTABLE:
        assert "er datert før henvisning mottatt" in line.reason("nb")


def test_acute_numbers_come_from_the_facts(monkeypatch):
    import dataclasses
    from types import MappingProxyType

    from guideline.rules import clock

    book = load_facts()
    facts = tuple(
        dataclasses.replace(f, data=MappingProxyType({**f.data, "days_min": 3, "days_max": 5}))
        if f.id == "rule.acute" else f
        for f in book.facts
    )  # fmt: skip
    monkeypatch.setattr(clock, "load_facts", lambda pathway=None: dataclasses.replace(book, facts=facts))
    line = clock.acute_route({"referral": REFERRAL})
    assert line.deadline == REFERRAL + timedelta(days=5) and line.earliest == REFERRAL + timedelta(days=3)
