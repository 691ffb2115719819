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
from ..text.normalize import STOPWORDS, stem, words
from ..text.thesaurus import Thesaurus

NGRAM = 4
EXPANSION_WEIGHT = 0.6
UNIT_SHARE = 0.3  # weight of a chunk's best unit in its stem score (the chunk itself: the rest)

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


@dataclass
class LexicalIndex:
    """The BM25 indices over the same chunks (and their units); scores come back in chunk order."""

    chunks: list[Chunk]
    units: list[Unit]
    thesaurus: Thesaurus

    def __post_init__(self) -> None:
        docs = [f"{c.title_path[-1]}\n{c.text}" for c in self.chunks]
        unit_docs = [f"{self.chunks[u.chunk].title_path[-1]}\n{u.text}" for u in self.units]
        self.decompounder = Decompounder(w for d in docs for w in words(d))
        self._stem = _Bm25([self.tokens(d) for d in docs])
        self._unit = _Bm25([self.tokens(d) for d in unit_docs])
        self._gram = _Bm25([ngram_tokens(d) for d in docs])
        self._owner = np.asarray([u.chunk for u in self.units], dtype=np.int64)
        self._expansions: dict[str, str] = {}

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
        hit = self._expansions.get(query)
        if hit is None:
            hit = " ".join(self.thesaurus.expansions(query))
            if len(self._expansions) > 256:
                self._expansions.clear()
            self._expansions[query] = hit
        return hit

    def _expanded_scores(self, query: str, tokenize: Tokenizer, index: _Bm25) -> np.ndarray:
        """BM25 for the query's own tokens, plus its thesaurus words' tokens at a lower weight."""
        keep = self.thesaurus.keep
        own = tokenize(query, keep)
        extra = [t for t in tokenize(self.expanded_query(query), keep) if t not in own]
        scores = index.scores(own)
        if extra:
            scores = scores + EXPANSION_WEIGHT * index.scores(extra)
        return scores

    def stem_scores(self, query: str) -> np.ndarray:
        """BM25 over stems and compound parts, chunk and best unit blended, in chunk order."""
        whole = self._expanded_scores(query, self.tokens, self._stem)
        best_unit = np.zeros(len(self.chunks), dtype=np.float32)
        if len(self.units):
            best_unit = best_per_chunk(
                self._expanded_scores(query, self.tokens, self._unit), self._owner, best_unit
            )
        return (1 - UNIT_SHARE) * scale_by_max(whole) + UNIT_SHARE * scale_by_max(best_unit)

    def ngram_scores(self, query: str) -> np.ndarray:
        """BM25 over character n-grams, in chunk order."""
        return self._expanded_scores(query, ngram_tokens, self._gram)
