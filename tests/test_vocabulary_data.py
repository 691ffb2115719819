"""Data checks for the myelomatose thesaurus and glossary (plain TOML files, no project code).

Rule for "occurs in the guideline" (case-insensitive): the word or phrase occurs as a whole word
(bounded by non-letters), or a single word of four letters or more occurs as a part of a longer
compound word in the guideline.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

DIR = Path(__file__).parents[1] / "guideline/pathways/myelomatose"
GUIDELINE = (DIR / "guideline.md").read_text(encoding="utf-8").lower()
_LETTER = r"[0-9a-zæøåéèäöü]"
TOKENS = frozenset(re.findall(_LETTER + "+", GUIDELINE))


def _load(name: str) -> dict:
    with (DIR / name).open("rb") as fh:
        return tomllib.load(fh)


THESAURUS = _load("thesaurus.toml")
GLOSSARY = _load("glossary.toml")
ENTRIES = THESAURUS.get("entry", [])
TERMS = GLOSSARY.get("term", [])


def occurs_whole(item: str) -> bool:
    pattern = rf"(?<!{_LETTER}){re.escape(item.lower())}(?!{_LETTER})"
    return re.search(pattern, GUIDELINE) is not None


def occurs(item: str) -> bool:
    item = item.lower()
    if occurs_whole(item):
        return True
    simple = " " not in item and "-" not in item
    return simple and len(item) >= 4 and any(item in token for token in TOKENS)


def _entry_id(entry: dict) -> str:
    return (entry.get("terms") or ["<empty>"])[0]


def _term_id(term: dict) -> str:
    return term.get("term", "<missing>")


# ---------------------------------------------------------------- thesaurus


def test_thesaurus_parses_and_has_entries():
    assert isinstance(ENTRIES, list)
    assert len(ENTRIES) >= 250


def test_stopwords_keep():
    keep = THESAURUS.get("stopwords_keep")
    assert isinstance(keep, list) and keep
    assert all(isinstance(w, str) and w == w.lower().strip() and w for w in keep)
    for word in ("ikke", "ingen", "uten", "not", "no", "without", "før", "etter", "before", "after"):
        assert word in keep


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_entry_lists_not_empty(entry):
    assert {"terms", "expand"} <= set(entry) <= {"terms", "expand", "relation"}
    assert entry.get("relation", "synonym") in {"synonym", "related"}
    assert isinstance(entry["terms"], list) and entry["terms"]
    assert isinstance(entry["expand"], list) and entry["expand"]
    assert all(isinstance(t, str) and t.strip() for t in entry["terms"] + entry["expand"])


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_terms_are_lower_case(entry):
    for term in entry["terms"]:
        assert term == term.lower(), term
        assert term == term.strip() and "  " not in term, repr(term)


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_expand_words_occur_in_guideline(entry):
    missing = [w for w in entry["expand"] if not occurs(w)]
    assert not missing, f"not in guideline.md: {missing}"


def test_no_term_in_two_entries():
    seen: dict[str, str] = {}
    clashes = []
    for entry in ENTRIES:
        for term in entry["terms"]:
            if term in seen and seen[term] != _entry_id(entry):
                clashes.append((term, seen[term], _entry_id(entry)))
            seen.setdefault(term, _entry_id(entry))
    assert not clashes


# ---------------------------------------------------------------- glossary


def test_glossary_parses_and_has_terms():
    assert isinstance(TERMS, list)
    assert len(TERMS) >= 45
    names = [t["term"].lower() for t in TERMS]
    assert len(names) == len(set(names)), "duplicate glossary terms"


@pytest.mark.parametrize("term", TERMS, ids=_term_id)
def test_glossary_term_shape(term):
    assert set(term) == {"term", "match", "explanation", "term_en", "explanation_en", "match_en"}
    assert isinstance(term["term"], str) and term["term"].strip()
    assert isinstance(term["match"], list) and term["match"]
    assert isinstance(term["explanation"], str) and term["explanation"].strip()
    assert isinstance(term["term_en"], str) and term["term_en"].strip()
    assert isinstance(term["match_en"], list) and term["match_en"]
    assert all(form == form.lower().strip() and form for form in term["match_en"])


@pytest.mark.parametrize("term", TERMS, ids=_term_id)
def test_glossary_term_occurs_in_guideline(term):
    assert occurs_whole(term["term"]), term["term"]


@pytest.mark.parametrize("term", TERMS, ids=_term_id)
def test_glossary_match_forms(term):
    for form in term["match"]:
        assert form == form.lower() and form == form.strip() and form, repr(form)
    assert any(occurs_whole(form) for form in term["match"]), "no match form occurs in guideline.md"


@pytest.mark.parametrize("term", TERMS, ids=_term_id)
@pytest.mark.parametrize("key", ["explanation", "explanation_en"])
def test_glossary_explanation_is_short_and_has_no_digits(term, key):
    text = term[key]
    assert len(text.split()) <= 25, len(text.split())
    assert not re.search(r"\d", text), text
    assert text.rstrip()[-1] in ".!?", "explanation should end as a sentence"


def test_the_shipped_everyday_words_are_exactly_what_wordfreq_gives():
    from guideline.text.lexicon import WORD_FILE, _header, build_everyday

    lines = WORD_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == _header(), "regenerate with `python -m guideline.text.lexicon`"
    assert frozenset(lines[1:]) == build_everyday()


def test_the_shipped_dictionary_words_are_exactly_what_wordfreq_gives():
    from guideline.text.lexicon import DICTIONARY_FILE, DICTIONARY_ZIPF, _header, build_dictionary

    lines = DICTIONARY_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == _header(DICTIONARY_ZIPF), "regenerate with `python -m guideline.text.lexicon`"
    assert frozenset(lines[1:]) == build_dictionary()
