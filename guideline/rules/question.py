"""A question read against the vocabulary: its cue words, its content words and the words a fact must explain.

Cue words (``data/cues.toml``) say what kind of question it is; fillers ("pasienten",
"myelomatose") say nothing about which fact is meant; every other content word is a topic word,
and a fact answers only if its own words explain enough of them. Dates and codes keep their
place in the word sequence but match nothing, so a phrase cannot be spread across them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .facts import CUE_FAMILIES, load_facts
from .vocab import Hit, Phrase, Token, compile_phrases, correct_typos, find_hits, tokenize, vocabulary_words

# Key of words inside dates and codes.
INERT = "\x00"


@dataclass(frozen=True)
class Cues:
    """Cue phrases by family, filler word keys, and their words (typo targets)."""

    phrases: tuple[Phrase, ...]
    fillers: frozenset[tuple[str, str]]
    words: frozenset[str]


@dataclass(frozen=True)
class Vocabulary:
    """A pathway's phrases: per fact, events, treatments; all words and keys for typo correction."""

    facts: dict[str, tuple[Phrase, ...]]
    events: tuple[Phrase, ...]
    treatments: tuple[Phrase, ...]
    words: frozenset[str]
    keys: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Question:
    """A question as the rules see it; offsets are into the cleaned text."""

    text: str
    lang: str
    tokens: tuple[Token, ...]  # every word, stop words included: what cue hits index
    words: tuple[Token, ...]  # content words (no stop words), typos read as vocabulary words
    cue_hits: tuple[Hit, ...]
    cue_starts: frozenset[int]  # character offsets of words used as cue words
    topic: frozenset[int]  # character offsets of the words a fact must explain

    @property
    def families(self) -> set[str]:
        return {h.phrase.owner for h in self.cue_hits}

    def coverage(self, starts: set[int]) -> float:
        return len(starts & self.topic) / len(self.topic) if self.topic else 1.0

    def starts(self, hits: Sequence[Hit]) -> set[int]:
        return {self.words[i].start for h in hits for i in h.positions}


@lru_cache(maxsize=1)
def cue_vocabulary() -> Cues:
    """The cue words of data/cues.toml, compiled once."""
    raw = tomllib.loads((resources.files("guideline.rules") / "cues.toml").read_text(encoding="utf-8"))
    families = raw["family"]
    if unknown := set(CUE_FAMILIES) - set(families):
        raise ValueError(f"cues.toml lacks families {sorted(unknown)}")
    phrases = tuple(
        p
        for name, fam in families.items()
        for p in compile_phrases([*fam["terms_nb"], *fam["terms_en"]], name, keep_stopwords=True)
    )
    fillers = frozenset(
        k for p in compile_phrases(raw["fillers"]["terms"], "filler", keep_stopwords=True) for k in p.keys
    )
    texts = [
        *(t for f in families.values() for t in (*f["terms_nb"], *f["terms_en"])),
        *raw["fillers"]["terms"],
    ]
    return Cues(
        phrases,
        fillers,
        vocabulary_words(texts),
    )


@lru_cache(maxsize=8)
def pathway_vocabulary(pathway: str) -> Vocabulary:
    """Every phrase of a pathway's facts data, compiled once."""
    book = load_facts(pathway)
    facts = {f.id: compile_phrases(f.terms, f.id) for f in book.facts}
    events = tuple(p for e in book.events for p in compile_phrases(e.terms, e.id))
    treatments = tuple(p for t in book.treatments for p in compile_phrases(t.terms, t.id))
    everything = [p for ps in (*facts.values(), events, treatments, cue_vocabulary().phrases) for p in ps]
    texts = [p.text for p in everything]
    return Vocabulary(
        facts,
        events,
        treatments,
        vocabulary_words(texts) | cue_vocabulary().words,
        frozenset(k for p in everything for k in p.keys),
    )


def read_question(text: str, lang: str, skip: Sequence[tuple[int, int]], pathway: str) -> Question:
    """Words outside dates and codes, typos corrected, cue words found, topic words set apart."""
    vocab, cues = pathway_vocabulary(pathway), cue_vocabulary()
    tokens = [
        replace(t, text="", nb=INERT, en=INERT) if any(a <= t.start < b for a, b in skip) else t
        for t in tokenize(text)
    ]
    tokens = correct_typos(tokens, vocab.words, vocab.keys)
    cue_hits = tuple(find_hits(tokens, cues.phrases, ordered=True))
    cue_starts = frozenset(tokens[i].start for h in cue_hits for i in h.positions)
    words = tuple(t for t in tokens if not t.stop)
    topic = frozenset(
        t.start
        for t in words
        if t.start not in cue_starts
        and t.nb != INERT
        and not t.text.isdigit()
        and not any(t.same_word(k) for k in cues.fillers)
    )
    return Question(text, lang, tuple(tokens), words, cue_hits, cue_starts, topic)
