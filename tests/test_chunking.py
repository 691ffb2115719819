"""Chunks: one section each, cover the text, fit the model's window as its own tokenizer counts."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guideline.corpus.chunking import Chunk, chunk_guideline, chunk_units
from guideline.corpus.document import load_guideline, parse_sections
from guideline.search.embedder import HashingEmbedder, load_embedder

GUIDELINE = load_guideline()
URL_LINE = re.compile(r"^<https?://[^>]+>$", re.MULTILINE)


def covered(text: str, chunks: list[Chunk], start: int, end: int) -> set[int]:
    """Offsets of non-space characters in [start, end) that no chunk covers, URL lines excepted."""
    urls = {i for m in URL_LINE.finditer(text, start, end) for i in range(m.start(), m.end())}
    inside = {i for c in chunks for i in range(c.start, c.end)}
    return {i for i in range(start, end) if not text[i].isspace() and i not in urls and i not in inside}


TABLE_RULE = re.compile(r"^\|[\s|:-]+\|$", re.MULTILINE)


def assert_units_tile_their_chunks(guideline, chunks: list[Chunk]) -> None:
    """Units lie inside their chunk, in reading order, and cover its words (table rules aside)."""
    units = chunk_units(guideline, chunks)
    assert [(u.chunk, u.start) for u in units] == sorted((u.chunk, u.start) for u in units)
    for position, chunk in enumerate(chunks):
        own = [u for u in units if u.chunk == position]
        assert all(
            chunk.start <= u.start < u.end <= chunk.end and guideline.text[u.start : u.end] == u.text
            for u in own
        )
        inside = {i for u in own for i in range(u.start, u.end)}
        rules = {
            i
            for m in TABLE_RULE.finditer(guideline.text, chunk.start, chunk.end)
            for i in range(m.start(), m.end())
        }
        missed = [
            i
            for i in range(chunk.start, chunk.end)
            if not guideline.text[i].isspace() and i not in inside | rules
        ]
        assert not missed, (chunk.id, guideline.text[missed[0] : missed[0] + 40])


@pytest.fixture(scope="module")
def model():
    return load_embedder()


def test_no_chunk_exceeds_the_model_window_measured_with_its_tokenizer(model):
    chunks = chunk_guideline(GUIDELINE, model.count_tokens, max_tokens=model.max_tokens)
    sizes = [model.count_tokens(c.embedding_text()) for c in chunks]
    assert max(sizes) <= model.max_tokens


def test_chunks_cover_every_section_and_never_span_two(model):
    chunks = chunk_guideline(GUIDELINE, model.count_tokens, max_tokens=model.max_tokens)
    for section in GUIDELINE.sections:
        own = [c for c in chunks if c.section == section.id]
        assert all(section.start <= c.start < c.end <= section.end for c in own)
        assert not covered(GUIDELINE.text, own, section.start, section.end)
    assert all(GUIDELINE.text[c.start : c.end] == c.text for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)


def test_units_tile_every_chunk(model):
    chunks = chunk_guideline(GUIDELINE, model.count_tokens, max_tokens=model.max_tokens)
    assert_units_tile_their_chunks(GUIDELINE, chunks)
    assert len(chunk_units(GUIDELINE, chunks)) > 3 * len(chunks)  # sentences, items, rows: finer than chunks


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=1, max_size=14)
sentence = st.lists(words, min_size=1, max_size=60).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=6).map(" ".join)
bullets = st.lists(words, min_size=1, max_size=6).map(lambda ws: "\n".join(f"- {w}" for w in ws))
block = st.one_of(paragraph, bullets)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(block, min_size=1, max_size=5), min_size=1, max_size=4), st.integers(24, 200))
def test_property_chunks_cover_and_fit_any_document(sections, window):
    text = "\n\n".join(f"# Del {i}\n\n" + "\n\n".join(blocks) for i, blocks in enumerate(sections)) + "\n"
    parts = {f"Del {i}": f"del-{i}" for i in range(len(sections))}
    guideline = GUIDELINE.__class__(
        **{
            **{
                f: getattr(GUIDELINE, f)
                for f in (
                    "pathway",
                    "title",
                    "publisher",
                    "source_file",
                    "source_sha256",
                    "version_date",
                    "code_prefix",
                )
            },
            "text": text,
            "sections": parse_sections(text, parts),
        }
    )
    fake = HashingEmbedder(max_tokens=window)
    chunks = chunk_guideline(guideline, fake.count_tokens, max_tokens=window, target_tokens=window // 2)
    for s in guideline.sections:
        own = [c for c in chunks if c.section == s.id]
        assert not covered(text, own, s.start, s.end)
    assert_units_tile_their_chunks(guideline, chunks)
    # A single word can exceed a tiny window only if the word itself is too long; ours are not.
    assert all(fake.count_tokens(c.embedding_text()) <= window for c in chunks)


@settings(max_examples=50)
@given(
    st.builds(
        Chunk,
        id=st.text(min_size=1),
        section=st.text(min_size=1),
        title_path=st.lists(st.text(), max_size=3).map(tuple),
        text=st.text(),
        start=st.integers(0, 10**6),
        end=st.integers(0, 10**6),
    )
)
def test_property_chunks_survive_a_jsonl_round_trip(chunk):
    record = json.loads(json.dumps(asdict(chunk), ensure_ascii=False))
    record["title_path"] = tuple(record["title_path"])
    assert Chunk(**record) == chunk
