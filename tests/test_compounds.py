"""Compound splitting: long Norwegian words meet the guideline on their parts, and only on real words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guideline.corpus.document import load_guideline, plain_text
from guideline.text.compounds import MIN_PART, SUFFIXES, Decompounder
from guideline.text.normalize import fold, words

VOCABULARY = frozenset(words(plain_text(load_guideline().text)))
SPLITTER = Decompounder(VOCABULARY)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        # what relatives and doctors type, split into words the guideline uses
        ("stamcellebehandlingen", ("stamcelle", "behandlingen")),
        ("kvalmeforebygging", ("kvalme", "forebygging")),
        ("sykehusinnleggelse", ("sykehus", "innleggelse")),
        ("myelompasienter", ("myelom", "pasienter")),
        ("beinmargssvikt", ()),  # "svikt" occurs only inside compounds: nothing to split into
        # the guideline's own compounds
        ("stamcelleoverføringen", ("stamcelle", "overforingen")),
        ("kreftbehandlingen", ("kreft", "behandlingen")),
        ("forløpstider", ("forlops", "tider")),
        ("symptomlindrendebehandling", ("symptomlindrende", "behandling")),
    ],
)
def test_compounds_split_into_words_of_the_guideline(word, parts):
    assert SPLITTER.parts(fold(word)) == parts


@pytest.mark.parametrize(
    "word",
    [
        "behandlingen",  # inflection, not a compound: "behandl" + "ingen"
        "pårørende",  # "pårør" + "ende"
        "symptomlindrende",  # participle ending
        "informasjon",  # no known head
        "pasient",  # too short to hold two parts
        "xylofonbehandling",  # unknown head: left alone rather than guessed
        "12345678",
        "A04S-kode",
    ],
)
def test_words_that_are_not_compounds_of_known_words_stay_whole(word):
    assert SPLITTER.parts(fold(word)) == ()


def test_no_part_is_a_bare_suffix_or_too_short():
    for word in VOCABULARY:
        parts = SPLITTER.parts(word)
        assert all(len(p) >= MIN_PART and p not in SUFFIXES for p in parts), (word, parts)
        assert not parts or len(parts) >= 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", max_size=40))
def test_property_parts_are_known_words_that_rebuild_the_word(text):
    word = fold(text)
    parts = SPLITTER.parts(word)
    assert all(SPLITTER.known(p) for p in parts)
    if parts:
        # Parts are the word cut in order, linking letters ("s", "e") aside.
        assert len("".join(parts)) <= len(word) <= len("".join(parts)) + len(parts) - 1
        assert word.startswith(parts[0]) and word.endswith(parts[-1])
