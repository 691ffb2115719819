"""The reading layer: every unit of the guideline in English and plain Norwegian, faithful to its unit.

The data tests run over every unit; the check tests show that each check catches the change it
exists for (a number dropped, a code added, a negation lost, a drug named).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import ROOT

from guideline.corpus.document import load_guideline
from guideline.corpus.readings import Reading, load_readings, parse_readings, readings_dir
from guideline.corpus.units import all_units, text_sha
from guideline.quality.faithfulness import (
    MAX_PLAIN_WORDS,
    PLAIN_LIX_AIM,
    check_readings,
    has_form,
    load_terms,
    sentences,
    unit_problems,
)

GUIDELINE = load_guideline()
READINGS = load_readings()
UNITS = all_units(GUIDELINE)
TERMS = load_terms()


def test_every_unit_has_a_fresh_reading():
    status = READINGS.status(GUIDELINE)
    assert status.missing == ()
    assert status.stale == ()
    assert status.orphans == ()


@pytest.mark.parametrize("unit", UNITS, ids=[u.id for u in UNITS])
def test_reading_is_faithful(unit):
    reading = READINGS.for_unit(unit)
    assert reading is not None
    assert reading.official == unit.text  # what the reviewer sees is the guideline's own text
    assert reading.sha == text_sha(unit.text)
    assert unit_problems(unit.text, reading, TERMS) == []


def test_plain_layer_is_easy_to_read():
    report = check_readings(GUIDELINE, READINGS)
    assert report.ok, report.lines()
    assert report.plain_lix <= PLAIN_LIX_AIM
    assert report.plain_lix < report.official_lix - 15
    assert report.longest_plain_sentence <= MAX_PLAIN_WORDS


def test_every_section_title_has_readings():
    for section in GUIDELINE.sections:
        title = READINGS.titles.get(section.id)
        assert title is not None, section.id
        assert title.official == section.title
        assert title.en and title.plain


@pytest.mark.parametrize("term", TERMS, ids=[t.nb[0] for t in TERMS])
def test_term_forms_occur_in_the_guideline(term):
    assert any(has_form(GUIDELINE.text, form) for form in term.nb)
    assert term.en, "an English form is needed to check English readings"


# -- each check catches what it is for ------------------------------------------------------------

A_UNIT = next(u for u in UNITS if "7 kalenderdager" in u.text and "henvisning mottatt" in u.text)
CODE_UNIT = next(u for u in UNITS if "A04O" in u.text)
NEGATION_UNIT = next(u for u in UNITS if " ikke " in f" {u.text} ")
DRUG_UNIT = next(u for u in UNITS if "valacyklovir" in u.text)


def _edit(unit, **changes) -> Reading:
    return dataclasses.replace(READINGS.for_unit(unit), **changes)


@pytest.mark.parametrize(
    ("unit", "changes", "expected"),
    [
        (A_UNIT, {"en": lambda r: r.en.replace("7", "seven")}, "en: lacks number 7"),
        (A_UNIT, {"plain": lambda r: r.plain.replace("7", "8")}, "plain: adds number 8"),
        (CODE_UNIT, {"en": lambda r: r.en.replace("A04O", "the code")}, "en: lacks code A04O"),
        (CODE_UNIT, {"plain": lambda r: r.plain + " Se også A04X."}, "plain: adds code A04X"),
        (NEGATION_UNIT, {"plain": lambda r: r.plain.replace("ikke ", "")}, "plain: fewer negations"),
        (
            NEGATION_UNIT,
            {"en": lambda r: r.en.replace(" not ", " ").replace("n't", "")},
            "en: fewer negations",
        ),
        (
            DRUG_UNIT,
            {"en": lambda r: r.en.replace("valaciclovir", "an antiviral")},
            "en: lacks drug valacyklovir",
        ),
        (A_UNIT, {"en": lambda r: r.en + " Treat with valaciclovir."}, "names drug valacyklovir"),
        (A_UNIT, {"en": lambda r: "Seven."}, "ratio outside"),
        (DRUG_UNIT, {"plain": lambda r: " ".join(["ord"] * 25) + "."}, "a sentence of 25 words"),
        (A_UNIT, {"plain": lambda r: ""}, "plain: missing"),
    ],
)
def test_check_catches(unit, changes, expected):
    reading = READINGS.for_unit(unit)
    edited = dataclasses.replace(reading, **{k: f(reading) for k, f in changes.items()})
    problems = unit_problems(unit.text, edited, TERMS)
    assert any(expected in p for p in problems), problems


# -- staleness: a changed guideline marks exactly the changed readings -------------------------


def _files() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(readings_dir().glob("*.toml"))}


def test_changed_unit_text_makes_its_reading_stale():
    unit = A_UNIT
    changed = dataclasses.replace(unit, text=unit.text.replace("7", "8"))
    assert READINGS.for_unit(changed) is None
    assert READINGS.for_unit(unit) is not None


def test_inserted_unit_shifts_ids_without_making_readings_stale():
    # The same text under a new position (an insertion before it) still finds its reading.
    unit = DRUG_UNIT
    section, n = unit.id.rsplit(":", 1)
    moved = dataclasses.replace(unit, id=f"{section}:{int(n) + 1}")
    assert READINGS.for_unit(moved) == READINGS.for_unit(unit)


def test_readings_hash_changes_with_any_reading():
    files = _files()
    name = sorted(files)[0]
    edited = dict(files, **{name: files[name].replace('en = "', 'en = "X', 1)})
    assert parse_readings(edited).sha256 != parse_readings(files).sha256
    assert parse_readings(files).sha256 == READINGS.sha256


def test_unreadable_file_is_one_clear_error():
    from guideline.corpus.readings import BadReadings

    with pytest.raises(BadReadings, match="not valid TOML"):
        parse_readings({"x.toml": "[[unit]\nid = 1"})


def test_sentences_split_like_lix():
    assert sentences("En. To! Tre: fire") == ["En", "To", "Tre", "fire"]


# -- the command line -----------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "guideline", "readings", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_check_passes():
    done = _cli("--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "LIX, plain layer" in done.stdout


def test_cli_section_side_by_side():
    done = _cli("--section", "inngang/filterfunksjon")
    assert done.returncode == 0
    assert "Proteinelektroforese" in done.stdout
    assert "Protein electrophoresis" in done.stdout
    assert "inngang/filterfunksjon:2" in done.stdout


def test_cli_unknown_section_is_one_line():
    done = _cli("--section", "nope/nothing")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "no section" in done.stderr
