"""The cleaned guideline is the source, word for word, with structure added and page noise removed."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import DATA, ROOT
from fidelity import URL, cleaned_words, sentences, source_words

from guideline.corpus.document import contains_quote, load_guideline, plain_text

SOURCE = DATA / "source" / "pakkeforlop-myelomatose.txt"
SHARED_SOURCE = ROOT.parent / "shared" / "guideline-source" / "pakkeforlop-myelomatose.txt"
GUIDELINE = load_guideline()
SOURCE_TEXT = SOURCE.read_text(encoding="utf-8")


def test_source_copy_is_the_recorded_source():
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == GUIDELINE.source_sha256
    if SHARED_SOURCE.is_file():
        assert SHARED_SOURCE.read_bytes() == SOURCE.read_bytes()


def test_cleaned_copy_is_the_source_word_for_word():
    """Nothing lost, nothing altered, nothing added but headings and markup."""
    assert cleaned_words(GUIDELINE.text) == source_words(SOURCE_TEXT)


@pytest.mark.parametrize("sentence", sentences(source_words(SOURCE_TEXT)))
def test_every_source_sentence_is_in_the_cleaned_copy(sentence):
    assert sentence in cleaned_words(GUIDELINE.text)


def test_every_url_is_kept_as_a_reference_of_a_section():
    source_urls = set(URL.findall(SOURCE_TEXT))
    section_urls = {u for s in GUIDELINE.sections for u in s.urls}
    assert source_urls == section_urls


def test_page_noise_is_gone():
    assert "\n\n\n" not in GUIDELINE.text
    assert not re.search(r"^\s*\d+\s*$", GUIDELINE.text, re.MULTILINE)
    assert "\t" not in GUIDELINE.text


def test_six_parts_in_order():
    assert [s.id for s in GUIDELINE.parts] == [
        "introduksjon",
        "inngang",
        "utredning",
        "behandling",
        "oppfolging",
        "forlopstider",
    ]


@pytest.mark.parametrize(
    ("section_id", "path"),
    [
        ("inngang/filterfunksjon", "Inngang til pakkeforløp for myelomatose › Filterfunksjon"),
        (
            "utredning/registrering/klinisk-beslutning",
            "Utredning av myelomatose › Registrering › Klinisk beslutning",
        ),
        ("behandling/forlopstid", "Behandling av myelomatose › Forløpstid"),
        ("forlopstider", "Forløpstider i pakkeforløp for myelomatose"),
    ],
)
def test_sections_have_stable_ids_and_title_paths(section_id, path):
    assert GUIDELINE.section(section_id).path_label == path


def test_section_ids_are_unique_and_bodies_match_offsets():
    ids = [s.id for s in GUIDELINE.sections]
    assert len(ids) == len(set(ids))
    for s in GUIDELINE.sections:
        assert GUIDELINE.text[s.start : s.end] == s.body


def test_source_is_recorded():
    assert GUIDELINE.publisher == "Helsedirektoratet"
    assert GUIDELINE.title == "Pakkeforløp for myelomatose"
    assert GUIDELINE.source_file == SOURCE.name
    assert GUIDELINE.version_date


def test_code_tables_are_tables_and_lists_are_lists():
    body = GUIDELINE.section("behandling/registrering").body
    assert "| A04FM | Behandling start – Medikamentell behandling |" in body
    assert "- Proteinelektroforese" in GUIDELINE.section("inngang/filterfunksjon").body


def test_plain_text_drops_markup_for_quotes():
    assert contains_quote(GUIDELINE.text, "A04A Start pakkeforløp – henvisning mottatt")
    assert "|" not in plain_text(GUIDELINE.section("forlopstider").body)
