"""Odd unicode in what people type: invisible characters, letters whose lower case is longer,
look-alike characters in codes. One normalisation (``text.normalize.clean``) serves every stage,
and every offset is into its output.
"""

from __future__ import annotations

import pytest

from guideline.rules.dates import find_dates
from guideline.rules.matcher import match_rules
from guideline.text.confusables import read_codes
from guideline.text.normalize import clean, fold, lower_same_length

# Default-ignorable code points a probe found breaking codes, and the usual zero-width ones.
IGNORABLE = [
    "\u180e",
    "\u2061",
    "\u2062",
    "\u034f",
    "\u3164",
    "\U000e0041",
    "\ufe0f",
    "\u061c",
    "\u200b",
    "\u00ad",
    "\u2060",
]


@pytest.mark.parametrize("ch", IGNORABLE, ids=[f"U+{ord(c):04X}" for c in IGNORABLE])
def test_default_ignorable_characters_vanish(ch):
    assert clean(f"A04{ch}S") == "A04S"
    result = match_rules(f"Hva betyr koden A0{ch}4S?")
    assert result is not None and result.fact_ids == ("code.A04S",)


def test_o_with_an_overlay_is_the_norwegian_letter():
    assert clean("fo\u0338rste fremmøte") == "første fremmøte"
    assert fold("fo\u0338rste") == fold("første")


def test_lower_case_keeps_the_length():
    text = "İsmail İnce: henvisning mottatt 3.3.2026"
    assert len(lower_same_length(text)) == len(text)
    (found,) = find_dates(text)
    assert clean(text)[found.start : found.end] == "3.3.2026"


@pytest.mark.parametrize("name", ["İsmail İnce", "İİİİİİ İİİİ", "ǅemal", "ß-Straße"])
def test_names_before_the_dates_change_no_verdict(name):
    question = f"{name}: henvisning mottatt 3.3.2026, første fremmøte 12.3.2026. Ble fristen overholdt?"
    result = match_rules(question)
    assert result is not None
    (row,) = [r for r in result.computed if r.interval_id == "interval.referral-first-visit"]
    assert (row.start.isoformat(), row.status, row.days_used) == ("2026-03-03", "missed", 9)


@pytest.mark.parametrize(
    ("typed", "read", "character"),
    [
        ("А04S", "A04S", "CYRILLIC CAPITAL LETTER A"),
        ("Α04S", "A04S", "GREEK CAPITAL LETTER ALPHA"),
        ("A04Ѕ", "A04S", "CYRILLIC CAPITAL LETTER DZE"),
        ("А04СК", "A04CK", "CYRILLIC CAPITAL LETTER ES"),
    ],
)
def test_a_code_with_look_alike_characters_is_read_as_the_code_and_flagged(typed, read, character):
    text, found = read_codes(f"Hva betyr koden {typed}?")
    assert text == f"Hva betyr koden {read}?" and len(text) == len(f"Hva betyr koden {typed}?")
    assert found[0].read == read and any(character in c for c in found[0].characters)
    result = match_rules(f"Hva betyr koden {typed}?")
    assert result is not None and result.fact_ids == (f"code.{read}",)
    assert any(typed in n and read in n for n in result.notes)


def test_a_look_alike_of_no_real_code_is_no_such_code():
    result = match_rules("Hva betyr koden Α04Z?")  # Greek Alpha
    assert result is not None and result.intent == "unknown_code"
    assert "ingen kode A04Z" in result.message
    assert any("Α04Z" in n for n in result.notes)


def test_ordinary_words_in_other_scripts_are_left_alone():
    text = "Пациент Иванов, мать ответила"
    assert read_codes(text) == (text, ())


def test_markup_only_questions_are_refused_not_errors(assistant):
    ans = assistant.answer("[](javascript:alert(1))", "doctor")
    assert ans.kind == "out_of_scope"
    assert "](javascript" not in ans.answer  # never echoed as a link


def test_look_alike_code_through_the_assistant(assistant):
    ans = assistant.answer("Hva betyr koden А04S?", "coordinator")
    assert ans.kind == "rule" and "A04S" in ans.answer
    assert "CYRILLIC CAPITAL LETTER A" in ans.answer
