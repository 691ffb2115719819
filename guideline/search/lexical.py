"""Lexical rankers over chunks: BM25 on Norwegian stems and BM25 on character n-grams.

Stems catch inflection ("henvisningen" ~ "henvisning"); compound parts found by the
decompounder catch words glued differently ("stamcellebehandlingen" ~ "stamcelleoverføringen");
character 4-grams catch what both miss: typos ("proteinelektroforsee") and compounds that share
a part no dictionary knows. Query words found in the thesaurus add the guideline's own words at
a lower weight.

The stem ranker scores whole chunks and, separately, each chunk's units (sentences, list items,
table rows); a chunk's stem score blends its own BM25 with that of its best unit, so query words
that occur together in one sentence count for more than the same words scattered over a passage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import bm25s
import numpy as np

from ..corpus.chunking import Chunk, Unit
from ..text.compounds import Decompounder
from ..text.normalize import STOPWORDS, english_stem, stem, words
from ..text.thesaurus import Thesaurus
from .texts import DEFAULT_CHOICE, Choice, PassageTexts, UnitTexts

NGRAM = 4
EXPANSION_WEIGHT = 0.6
UNIT_SHARE = 0.7  # weight of a chunk's best unit in its stem score (the chunk itself: the rest)

Tokenizer = Callable[[str, frozenset[str]], list[str]]


def stem_tokens(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """Stems of content words; codes (A04S) and numbers stay whole."""
    return [stem(w) for w in words(text) if w not in STOPWORDS or w in keep]


def ngram_tokens(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """Character n-grams of each content word, with word-boundary marks: "^kval", "valm", …"""
    out: list[str] = []
    for w in words(text):
        if (w in STOPWORDS and w not in keep) or "-" in w:
            continue
        padded = f"^{w}$"
        if len(padded) <= NGRAM:
            out.append(padded)
        else:
            out.extend(padded[i : i + NGRAM] for i in range(len(padded) - NGRAM + 1))
    return out


@dataclass
class _Bm25:
    """One BM25 index with its vocabulary (bm25s rejects tokens it has never seen)."""

    corpus: list[list[str]]
    retriever: bm25s.BM25 = field(init=False)
    vocab: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.retriever = bm25s.BM25(k1=1.2, b=0.75)
        self.retriever.index(self.corpus, show_progress=False)
        self.vocab = {t for doc in self.corpus for t in doc}

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self.vocab]
        if not known:
            return np.zeros(len(self.corpus), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)


def scale_by_max(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def best_per_chunk(unit_scores: np.ndarray, owners: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Each chunk's best unit score (``owners[i]`` is unit i's chunk); ``fallback`` where a chunk has no unit."""
    best = np.full(len(fallback), -np.inf, dtype=np.float32)
    np.maximum.at(best, owners, np.asarray(unit_scores, dtype=np.float32))
    return np.where(np.isfinite(best), best, fallback).astype(np.float32)


def english_tokens(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """English Snowball stems of content words; codes and numbers stay whole."""
    return [english_stem(w) for w in words(text) if w not in STOPWORDS or w in keep]


def best_of_forms(scores: np.ndarray, n: int) -> np.ndarray:
    """Stacked scores of n items in several forms (form-major): each item's best form."""
    return scores.reshape(-1, n).max(axis=0) if len(scores) else np.zeros(n, dtype=np.float32)


@dataclass
class LexicalIndex:
    """The BM25 indices over the same chunks (and their units); scores come back in chunk order.

    Norwegian stems read each chunk and unit in its official and plain forms, English stems its
    English form; an item scores by its best form in each ranker.
    """

    chunks: list[Chunk]
    units: list[Unit]
    thesaurus: Thesaurus
    texts: PassageTexts | None = None
    choice: Choice = DEFAULT_CHOICE

    def __post_init__(self) -> None:
        texts = self.texts
        if texts is None:  # no readings: the official texts alone
            texts = PassageTexts(
                tuple(UnitTexts(c.title_path[-1], "", "") for c in self.chunks),
                tuple(UnitTexts(c.path_label, "", "") for c in self.chunks),
                tuple(UnitTexts(u.text, "", "") for u in self.units),
                tuple(u.chunk for u in self.units),
            )
        self.texts = texts
        n, m = len(self.chunks), len(self.units)
        nb_forms = ("official", "plain") if self.choice.plain and texts.has_readings() else ("official",)
        chunk_docs = [texts.chunk_doc(i, f) for f in nb_forms for i in range(n)]
        unit_docs = [texts.unit_doc(i, f) for f in nb_forms for i in range(m)]
        official_docs = [texts.chunk_doc(i, "official") for i in range(n)]
        self.decompounder = Decompounder(w for d in official_docs for w in words(d))
        self._stem = _Bm25([self.tokens(d) for d in chunk_docs])
        unit_tokens = [self.tokens(d) for d in unit_docs]
        self._unit = _Bm25(unit_tokens)
        # A Norwegian question also reads each unit's plain text with the explanations of its terms.
        # Measured on the development sets: Norwegian questions gain R@1 and R@3 on every set (relatives
        # R@3 +2 to +6 points); English ones lost R@1 on three sets, so they read the units without.
        self._unit_glossed = self._unit
        if self.choice.glossary and "plain" in nb_forms and texts.has_glosses():
            # the official documents as they are, the plain ones followed by the explanations
            glossed = [self.tokens(texts.glossed_doc(i)) for i in range(m)]
            self._unit_glossed = _Bm25(unit_tokens[:m] + glossed)
        self._gram = _Bm25([ngram_tokens(d) for d in chunk_docs])
        self._english = self.choice.english and texts.has_readings()
        if self._english:
            self._en_chunk = _Bm25([english_tokens(texts.chunk_doc(i, "en")) for i in range(n)])
            self._en_unit = _Bm25([english_tokens(texts.unit_doc(i, "en")) for i in range(m)])
        self._owner = np.asarray([u.chunk for u in self.units], dtype=np.int64)
        self._expansions: dict[str, str] = {}

    @property
    def reads_english(self) -> bool:
        return self._english

    def tokens(self, text: str, keep: frozenset[str] = frozenset()) -> list[str]:
        """Stems of content words, each compound followed by the stems of its parts."""
        out: list[str] = []
        for w in words(text):
            if w in STOPWORDS and w not in keep:
                continue
            out.append(stem(w))
            out.extend(stem(part) for part in self.decompounder.parts(w))
        return out

    def expanded_query(self, query: str) -> str:
        """The thesaurus words this query adds (for display and for the dense query).

        Asked several times per question (both BM25s, the dense query, sentence picking), so
        the last few are remembered; a dict is safe to share between threads here.
        """
        if not self.choice.thesaurus:
            return ""
        hit = self._expansions.get(query)
        if hit is None:
            hit = " ".join(self.thesaurus.expansions(query))
            if len(self._expansions) > 256:
                self._expansions.clear()
            self._expansions[query] = hit
        return hit

    def _expanded_scores(self, query: str, tokenize: Tokenizer, index: _Bm25, n: int) -> np.ndarray:
        """BM25 for the query's own tokens, plus its thesaurus words' tokens at a lower weight; best form per item."""
        keep = self.thesaurus.keep
        own = tokenize(query, keep)
        extra = [t for t in tokenize(self.expanded_query(query), keep) if t not in own]
        scores = index.scores(own)
        if extra:
            scores = scores + EXPANSION_WEIGHT * index.scores(extra)
        return best_of_forms(scores, n)

    def _blend(self, whole: np.ndarray, units: np.ndarray) -> np.ndarray:
        """A chunk's own score blended with its best unit's."""
        best_unit = np.zeros(len(self.chunks), dtype=np.float32)
        if len(self.units):
            best_unit = best_per_chunk(units, self._owner, best_unit)
        return (1 - UNIT_SHARE) * scale_by_max(whole) + UNIT_SHARE * scale_by_max(best_unit)

    def stem_scores(self, query: str, lang: str = "nb") -> np.ndarray:
        """BM25 over stems and compound parts, chunk and best unit blended, in chunk order.

        A question in Norwegian (``lang``) reads the units with the glossary's explanations too."""
        whole = self._expanded_scores(query, self.tokens, self._stem, len(self.chunks))
        unit_index = self._unit if lang == "en" else self._unit_glossed
        units = (
            self._expanded_scores(query, self.tokens, unit_index, len(self.units))
            if len(self.units)
            else whole[:0]
        )
        return self._blend(whole, units)

    def ngram_scores(self, query: str) -> np.ndarray:
        """BM25 over character n-grams, in chunk order."""
        return self._expanded_scores(query, ngram_tokens, self._gram, len(self.chunks))

    def english_scores(self, query: str) -> np.ndarray:
        """BM25 over English stems of the English readings, chunk and best unit blended; zeros without readings."""
        if not self._english:
            return np.zeros(len(self.chunks), dtype=np.float32)
        tokens = english_tokens(query, self.thesaurus.keep)
        return self._blend(self._en_chunk.scores(tokens), self._en_unit.scores(tokens))
