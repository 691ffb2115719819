"""Dates bound to the event their sentence names: written is not received, a birthday is no event,
a plan has not happened. A question with several dates gets the deadline of the date the clock
starts on, says how it read the dates, and asks when the dates cannot decide.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guideline.rules.dates import format_date
from guideline.rules.matcher import match_rules

TODAY = date(2026, 12, 1)


def deadline_rows(question: str):
    result = match_rules(question, reference=TODAY)
    assert result is not None, question
    return result, {r.interval_id: r for r in result.computed}


FIRST_VISIT = "interval.referral-first-visit"


@pytest.mark.parametrize(
    ("question", "deadline", "status"),
    [
        ("Henvisning skrevet 1.3.2026, mottatt 3.3.2026, første fremmøte 9.3.2026. Ble fristen overholdt?", date(2026, 3, 10), "met"),
        ("Referral written 1 March 2026, received 3 March 2026, first visit 9 March 2026. Was the deadline met?", date(2026, 3, 10), "met"),
        ("Henvisning sendt fra fastlegen 1.3.2026 og mottatt 3.3.2026. Frist for første fremmøte?", date(2026, 3, 10), "open"),
        ("Henvisningen datert 1.3.2026 ble mottatt 3.3.2026. Når er fristen for første fremmøte?", date(2026, 3, 10), "open"),
        ("Henvisning for pasient født 1.1.1950 mottatt 3.3.2026, frist for første fremmøte?", date(2026, 3, 10), "open"),
        ("Henvist 3.3.2026, første fremmøte planlagt, pasienten fyller 80 den 5.3.2026. Frist?", date(2026, 3, 10), "open"),
        ("The referral dated 2 March 2026 was received on 4 March 2026. Deadline for the first visit?", date(2026, 3, 11), "open"),
        ("Pasient f. 01.01.1950, henvisning mottatt 3.3.2026, første fremmøte 12.3.2026. Overholdt?", date(2026, 3, 10), "missed"),
        ("Pasienten ble henvist 1.3.2026 (mottatt 3.3.2026), første fremmøte 9.3.2026. Overholdt?", date(2026, 3, 10), "met"),
        ("Henvisningen kom inn 3.3.2026, men var skrevet 25.2.2026. Frist for første time?", date(2026, 3, 10), "open"),
    ],
)  # fmt: skip
def test_the_clock_starts_on_the_day_the_referral_was_received(question, deadline, status):
    _, rows = deadline_rows(question)
    row = rows[FIRST_VISIT]
    assert row.start == deadline - timedelta(days=7)
    assert row.deadline == deadline
    assert row.status == status


@pytest.mark.parametrize(
    ("question", "deadline"),
    [
        ("They told my mum on 2026-05-29 that she will start myeloma medicine. What's the latest day she should start it?",
         date(2026, 6, 1)),
        ("Legen fortalte pappa 9. juni 2026 at han skal begynne med medisiner. Når må han senest starte?",
         date(2026, 6, 12)),
        ("On 2 June 2026 she was informed that she will start drug treatment. Latest start date?", date(2026, 6, 5)),
    ],
)  # fmt: skip
def test_the_day_a_patient_is_told_of_the_treatment_is_the_decision(question, deadline):
    """The decision is registered on the day of the conversation with the patient; the treatment
    told of in it has not started that day."""
    result, rows = deadline_rows(question)
    row = rows["interval.decision-treatment-drug"]
    assert row.deadline == deadline and row.actual is None, result.explanation


def test_a_referral_told_of_is_still_the_referral():
    _, rows = deadline_rows(
        "The patient was told on 3 March 2026 that the referral had been received. First visit by when?"
    )
    assert rows[FIRST_VISIT].deadline == date(2026, 3, 10)


def test_a_birthday_is_never_an_event_and_the_answer_says_so():
    result, rows = deadline_rows(
        "Henvist 3.3.2026, første fremmøte planlagt, pasienten fyller 80 den 5.3.2026. Frist?"
    )
    assert rows[FIRST_VISIT].actual is None  # the birthday was not taken as the first visit
    assert any("5. mars 2026" in n and "bursdag" in n for n in result.notes)


def test_a_written_date_alone_gets_a_question_back_not_a_verdict():
    result = match_rules("Henvisning skrevet 1.3.2026. Frist for første fremmøte?", reference=TODAY)
    assert result is not None and result.computed == ()
    assert "mottatt" in result.message and "1. mars 2026" in result.message
    assert FIRST_VISIT in result.fact_ids  # the norm is still stated, with its quote


def test_two_dates_for_one_event_get_a_question_back():
    result = match_rules(
        "Første fremmøte 5.3.2026, første fremmøte 9.3.2026, henvisning mottatt 2.3.2026. Overholdt?",
        reference=TODAY,
    )
    assert result is not None and result.computed == ()
    assert "Hvilken er riktig" in result.message


def test_a_planned_date_is_compared_to_the_deadline_but_never_counted_as_done():
    result, rows = deadline_rows(
        "Henvisning mottatt 3.3.2026, første fremmøte planlagt 9.3.2026. Holder vi fristen?"
    )
    assert rows[FIRST_VISIT].status == "open"
    assert any("innenfor fristen" in n and "ikke skjedd" in n for n in result.notes)


def test_how_the_dates_were_read_is_shown():
    result, _ = deadline_rows(
        "Henvisning skrevet 1.3.2026, mottatt 3.3.2026, første fremmøte 9.3.2026. Ble fristen overholdt?"
    )
    reading = " ".join(result.notes)
    assert "3. mars 2026 = henvisning mottatt" in reading and "9. mars 2026 = første fremmøte" in reading
    assert "1. mars 2026 (skrevet eller sendt" in reading


@pytest.mark.parametrize(
    ("question", "deadline"),
    [
        ("Decision for radiotherapy was made on 2 June 2026. What's the latest date radiotherapy should start?", date(2026, 6, 16)),
        ("Beslutning om strålebehandling ble tatt 2. juni 2026. Når må strålebehandlingen starte senest?", date(2026, 6, 16)),
        ("The decision on drug treatment was taken on 2 June 2026. When must the drugs start?", date(2026, 6, 5)),
        ("Beslutning om medikamentell behandling 2.6.2026, når må behandlingen starte?", date(2026, 6, 5)),
    ],
)  # fmt: skip
def test_a_decision_about_a_treatment_dates_the_decision_not_the_treatment(question, deadline):
    """The treatment word in "decision for radiotherapy" says which treatment; the date is the decision's."""
    _, rows = deadline_rows(question)
    (row,) = [r for r in rows.values() if r.interval.from_event == "decision"]
    assert row.start == date(2026, 6, 2) and row.deadline == deadline and row.actual is None


# -- any mix of birth, written and received dates gives the received date's deadline -----------------

NB_WRITTEN = ("henvisningen ble skrevet {d}", "henvisning datert {d}", "henvisningen ble sendt {d}")
EN_WRITTEN = ("the referral was written on {d}", "referral dated {d}", "the referral was sent {d}")
NB_RECEIVED = ("mottatt {d}", "henvisningen ble mottatt {d}", "henvisning mottatt {d}")
EN_RECEIVED = ("received {d}", "the referral was received on {d}", "referral received {d}")
NB_BIRTH = ("pasienten er født {d}", "pasient f. {d}")
EN_BIRTH = ("the patient was born {d}", "date of birth {d}")


def _written_date(d: date, lang: str) -> str:
    return f"{d.day}.{d.month}.{d.year}" if lang == "nb" else format_date(d, "en")


@settings(max_examples=150, deadline=None)
@given(
    lang=st.sampled_from(["nb", "en"]),
    received=st.dates(min_value=date(2024, 1, 10), max_value=date(2027, 12, 31)),
    written_back=st.integers(min_value=1, max_value=9),
    birth=st.dates(min_value=date(1925, 1, 1), max_value=date(2005, 12, 31)),
    order=st.permutations([0, 1, 2]),
    forms=st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 1)),
    with_written=st.booleans(),
    with_birth=st.booleans(),
)
def test_any_mix_of_dates_gives_the_deadline_of_the_received_date(
    lang, received, written_back, birth, order, forms, with_written, with_birth
):
    written = received - timedelta(days=written_back)
    clauses = [
        (EN_WRITTEN if lang == "en" else NB_WRITTEN)[forms[0]].format(d=_written_date(written, lang))
        if with_written
        else None,
        (EN_RECEIVED if lang == "en" else NB_RECEIVED)[forms[1]].format(d=_written_date(received, lang)),
        (EN_BIRTH if lang == "en" else NB_BIRTH)[forms[2]].format(d=_written_date(birth, lang))
        if with_birth
        else None,
    ]
    body = ", ".join(c for c in (clauses[i] for i in order) if c)
    ask = "Deadline for the first visit?" if lang == "en" else "Frist for første fremmøte?"
    question = f"{body[0].upper()}{body[1:]}. {ask}"
    alone = (EN_RECEIVED if lang == "en" else NB_RECEIVED)[2].format(d=_written_date(received, lang))
    _, expected = deadline_rows(f"{alone[0].upper()}{alone[1:]}. {ask}")
    _, got = deadline_rows(question)
    assert got[FIRST_VISIT].start == expected[FIRST_VISIT].start == received, question
    assert got[FIRST_VISIT].deadline == received + timedelta(days=7)


# -- through the whole assistant and the command line ----------------------------------------------


def test_answer_counts_from_the_received_date(assistant):
    ans = assistant.answer(
        "Henvisning skrevet 1.3.2026, mottatt 3.3.2026, første fremmøte 9.3.2026. Ble fristen overholdt?",
        "coordinator",
    )
    assert ans.kind == "rule"
    row = next(r for r in ans.computed if r["interval"] == FIRST_VISIT)
    assert row["start"] == "2026-03-03" and row["deadline"] == "2026-03-10" and row["status"] == "met"
    assert "ikke regnet med" in ans.answer.lower()


def test_ask_json_keeps_the_birth_date_out(capsys, real_index_dir):
    from answer_checks import run_cli

    code, out, err = run_cli(
        capsys,
        "ask",
        "--json",
        "--audience",
        "coordinator",
        "--index-dir",
        str(real_index_dir),
        "--",
        "Henvisning for pasient født 1.1.1950 mottatt 3.3.2026, frist for første fremmøte?",
    )
    assert code == 0, err
    obj = json.loads(out)
    assert [r["start"] for r in obj["computed"]] == ["2026-03-03"]
    assert "1950" not in json.dumps(obj["computed"])


@pytest.mark.parametrize(
    ("question", "interval", "deadline"),
    [
        # "decision to start X": the start is what was decided, the date the decision's
        ("The decision to start drug treatment was taken on 4 May 2026. By when must treatment start?",
         "interval.decision-treatment-drug", date(2026, 5, 7)),
        ("Beslutning om å starte strålebehandling ble tatt 4. mai 2026. Når må behandlingen starte?",
         "interval.decision-treatment-radiation", date(2026, 5, 18)),
        # the start verb, then the treatment in a word or two: still what was decided
        ("Decision to start drug therapy made on 4 May 2026. By when must treatment start?",
         "interval.decision-treatment-drug", date(2026, 5, 7)),
        ("Beslutning om å starte medikamentell behandling tatt 4. mai 2026. Frist for oppstart?",
         "interval.decision-treatment-drug", date(2026, 5, 7)),
        # a possessive in what the decision was about ("about my husband's treatment")
        ("The decision about my husband's treatment was made on 4 May 2026 and he will get radiotherapy. "
         "What is the latest start?", "interval.decision-treatment-radiation", date(2026, 5, 18)),
        # a parenthesis says what was decided, and cuts no clause
        ("First visit 10 April 2026, treatment decision (drug therapy) 28 April 2026. Deadline for starting?",
         "interval.decision-treatment-drug", date(2026, 5, 1)),
    ],
)  # fmt: skip
def test_what_a_decision_was_about_is_not_an_event_of_its_own(question, interval, deadline):
    result, rows = deadline_rows(question)
    assert interval in rows, result.explanation
    assert rows[interval].deadline == deadline


def test_from_decision_to_start_still_names_both_ends():
    result = match_rules("How many days from decision to start of treatment with radiotherapy?")
    assert result is not None and result.fact_ids == ("interval.decision-treatment-radiation",)


@pytest.mark.parametrize(
    ("question", "middle", "interval", "deadline"),
    [
        ("First attendance 5 May 2026. If the work-up uses its full allowance, what is the last day to "
         "start drug treatment?", date(2026, 5, 25), "interval.decision-treatment-drug", date(2026, 5, 28)),
        ("Første fremmøte 5. mai 2026. Når må strålebehandling senest starte?",
         date(2026, 5, 25), "interval.decision-treatment-radiation", date(2026, 6, 8)),
    ],
)  # fmt: skip
def test_a_deadline_two_forlopstider_away_adds_the_steps_and_says_what_it_assumes(
    question, middle, interval, deadline
):
    result, rows = deadline_rows(question)
    first = rows["interval.first-visit-decision"]
    assert first.deadline == middle
    assert rows[interval].start == middle and rows[interval].deadline == deadline
    assert rows[interval].actual is None  # the middle date is assumed, never recorded
    assert any("assumed" in n or "antatt" in n for n in result.notes)


def test_a_forlopstid_of_its_own_is_not_chained():
    result, rows = deadline_rows("Referral received 3 March 2026. Deadline for start of drug treatment?")
    assert set(rows) == {"interval.referral-treatment-drug"}
    assert not any("assumed" in n for n in result.notes)
