"""Sanity checks for the evaluation question sets: tests/data/questions.jsonl (the set we
develop against), tests/data/heldout.jsonl, tests/data/blind1.jsonl and tests/data/dev4.jsonl
and tests/data/blind3.jsonl (each written blind by a session that saw only the guideline; their
misses have been read, so they are development sets too; dev4 was written for the out-of-scope
test; tests/data/dev5.jsonl and tests/data/dev6.jsonl were written the same way to be read from the start) and tests/data/blind2.jsonl, tests/data/blind4.jsonl, tests/data/blind5.jsonl, tests/data/blind6.jsonl, tests/data/blind7.jsonl, tests/data/blind8.jsonl, tests/data/blind9.jsonl, tests/data/blind10.jsonl, tests/data/blind11.jsonl and tests/data/blind12.jsonl (written the same way; only
measured, with `guideline eval --blind`, their questions never read).

Plain pytest; reads only the question files and the cleaned guideline text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "questions": ROOT / "tests" / "data" / "questions.jsonl",
    "heldout": ROOT / "tests" / "data" / "heldout.jsonl",
    "blind1": ROOT / "tests" / "data" / "blind1.jsonl",
    "dev4": ROOT / "tests" / "data" / "dev4.jsonl",
    "dev5": ROOT / "tests" / "data" / "dev5.jsonl",
    "dev6": ROOT / "tests" / "data" / "dev6.jsonl",
    "blind2": ROOT / "tests" / "data" / "blind2.jsonl",
    "blind3": ROOT / "tests" / "data" / "blind3.jsonl",
    "blind4": ROOT / "tests" / "data" / "blind4.jsonl",
    "blind5": ROOT / "tests" / "data" / "blind5.jsonl",
    "blind6": ROOT / "tests" / "data" / "blind6.jsonl",
    "blind7": ROOT / "tests" / "data" / "blind7.jsonl",
    "blind8": ROOT / "tests" / "data" / "blind8.jsonl",
    "blind9": ROOT / "tests" / "data" / "blind9.jsonl",
    "blind10": ROOT / "tests" / "data" / "blind10.jsonl",
    "blind11": ROOT / "tests" / "data" / "blind11.jsonl",
    "blind12": ROOT / "tests" / "data" / "blind12.jsonl",
}
ID_PATTERN = {
    "questions": r"q\d{3,}", "heldout": r"h\d{3,}", "blind1": r"b\d{3,}", "dev4": r"d\d{3,}", "dev5": r"s\d{3,}", "dev6": r"v\d{3,}", "blind2": r"c\d{3,}",
    "blind3": r"e\d{3,}", "blind4": r"f\d{3,}", "blind5": r"g\d{3,}", "blind6": r"k\d{3,}",
    "blind7": r"m\d{3,}", "blind8": r"n\d{3,}", "blind9": r"p\d{3,}", "blind10": r"t\d{3,}",
    "blind11": r"u\d{3,}",
    "blind12": r"w\d{3,}",
}  # fmt: skip
GUIDELINE = ROOT / "guideline" / "pathways" / "myelomatose" / "guideline.md"

REQUIRED = {"id", "audience", "lang", "question", "kind", "evidence", "must_contain"}
AUDIENCES = {"doctor", "coordinator", "relative"}
LANGS = {"nb", "en"}
KINDS = {"rule", "search", "out_of_scope"}

MIN_TOTAL = 120
MIN_EN = 25
MIN_OUT_OF_SCOPE = 12
MIN_SEARCH = 45
MIN_RULE = 35
MIN_EVIDENCE_WORDS = 3


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _raw_lines(name: str) -> list[tuple[int, str]]:
    lines = SETS[name].read_text(encoding="utf-8").splitlines()
    return [(n, line) for n, line in enumerate(lines, 1) if line.strip()]


def _line_id(n: int, line: str) -> str:
    m = re.search(r'"id"\s*:\s*"([^"]+)"', line)
    return m.group(1) if m else f"line{n}"


RAW_BY_SET = {name: _raw_lines(name) for name in SETS}
RAW = [(name, n, line) for name, lines in RAW_BY_SET.items() for n, line in lines]


def _records(name: str) -> list[dict]:
    out = []
    for _, line in RAW_BY_SET[name]:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue  # reported by test_line_is_valid_json
        if isinstance(obj, dict):
            out.append(obj)
    return out


RECORDS_BY_SET = {name: _records(name) for name in SETS}
RECORDS = [(name, r) for name, records in RECORDS_BY_SET.items() for r in records]
RECORD_IDS = [str(r.get("id", f"{name}-rec{i}")) for i, (name, r) in enumerate(RECORDS)]


@pytest.fixture(scope="module")
def guideline_words() -> list[str]:
    return words(GUIDELINE.read_text(encoding="utf-8"))


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    if n == 0:
        return False
    first = needle[0]
    return any(haystack[i] == first and haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


# ---------------------------------------------------------------- per line / per question


@pytest.mark.parametrize(("name", "lineno", "line"), RAW, ids=[_line_id(n, s) for _, n, s in RAW])
def test_line_is_valid_json(name: str, lineno: int, line: str) -> None:
    obj = json.loads(line)
    assert isinstance(obj, dict), f"line {lineno} is not a JSON object"


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=RECORD_IDS)
def test_fields_and_values(name: str, rec: dict) -> None:
    missing = REQUIRED - rec.keys()
    assert not missing, f"missing fields: {sorted(missing)}"
    assert re.fullmatch(ID_PATTERN[name], rec["id"]), rec["id"]
    assert rec["audience"] in AUDIENCES
    assert rec["lang"] in LANGS
    assert rec["kind"] in KINDS
    assert isinstance(rec["question"], str) and rec["question"].strip()
    assert isinstance(rec["evidence"], list)
    assert isinstance(rec["must_contain"], list)
    assert all(isinstance(e, str) and e.strip() for e in rec["evidence"])
    assert all(isinstance(t, str) and t.strip() for t in rec["must_contain"])


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=RECORD_IDS)
def test_evidence_and_must_contain_presence(name: str, rec: dict) -> None:
    if rec.get("kind") == "out_of_scope":
        assert rec.get("evidence") == [], "out_of_scope must have empty evidence"
        assert rec.get("must_contain") == [], "out_of_scope must have empty must_contain"
    else:
        assert 1 <= len(rec.get("evidence", [])) <= 3, "need 1-3 evidence strings"
        assert 1 <= len(rec.get("must_contain", [])) <= 3, "need 1-3 must_contain tokens"


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=RECORD_IDS)
def test_evidence_occurs_in_guideline(name: str, rec: dict, guideline_words: list[str]) -> None:
    for ev in rec.get("evidence", []):
        ev_words = words(ev)
        assert len(ev_words) >= MIN_EVIDENCE_WORDS, f"evidence too short: {ev!r}"
        assert _contains_run(guideline_words, ev_words), f"evidence not in guideline: {ev!r}"


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=RECORD_IDS)
def test_iso_dates_are_valid(name: str, rec: dict) -> None:
    import datetime as dt

    for tok in rec.get("must_contain", []):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", tok):
            dt.date.fromisoformat(tok)


# ---------------------------------------------------------------- whole set


@pytest.fixture(params=list(SETS))
def name(request) -> str:
    return request.param


def test_every_line_parsed(name: str) -> None:
    assert len(RECORDS_BY_SET[name]) == len(RAW_BY_SET[name])


def test_unique_ids(name: str) -> None:
    records = RECORDS_BY_SET[name]
    dupes = [k for k, v in Counter(r.get("id") for r in records).items() if v > 1]
    assert not dupes, f"duplicate ids: {dupes}"


def test_unique_questions(name: str) -> None:
    records = RECORDS_BY_SET[name]
    dupes = [k for k, v in Counter(r.get("question", "").strip().lower() for r in records).items() if v > 1]
    assert not dupes, f"duplicate questions: {dupes}"


def test_counts(name: str) -> None:
    records = RECORDS_BY_SET[name]
    kinds = Counter(r.get("kind") for r in records)
    langs = Counter(r.get("lang") for r in records)
    assert len(records) >= MIN_TOTAL
    assert langs["en"] >= MIN_EN
    assert kinds["out_of_scope"] >= MIN_OUT_OF_SCOPE
    assert kinds["search"] >= MIN_SEARCH
    assert kinds["rule"] >= MIN_RULE


def test_every_audience_asks_in_both_languages(name: str) -> None:
    records = RECORDS_BY_SET[name]
    pairs = {(r.get("audience"), r.get("lang")) for r in records}
    for aud in AUDIENCES:
        for lang in LANGS:
            assert (aud, lang) in pairs, f"no {lang} question from {aud}"
