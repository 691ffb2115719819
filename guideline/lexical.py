"""Lexical rankers over chunks: BM25 on Norwegian stems and BM25 on character n-grams.

Stems catch inflection ("henvisningen" ~ "henvisning"); character 4-grams catch what stems
miss: typos ("proteinelektroforsee"), compounds that share a part ("kvalmeforebygging" ~
"kvalmestillende") and words glued or split differently. Query words found in the thesaurus
add the guideline's own words at a lower weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np

from .chunking import Chunk
from .normalize import STOPWORDS, stem, words
from .thesaurus import Thesaurus

NGRAM = 4
EXPANSION_WEIGHT = 0.6


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


def _bm25(corpus: list[list[str]]) -> bm25s.BM25:
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index(corpus, show_progress=False)
    return retriever


def _scores(retriever: bm25s.BM25, vocab: set[str], tokens: list[str], n: int) -> np.ndarray:
    known = [t for t in tokens if t in vocab]
    if not known:
        return np.zeros(n, dtype=np.float32)
    return np.asarray(retriever.get_scores(known), dtype=np.float32)


@dataclass
class LexicalIndex:
    """Both BM25 indices over the same chunks; scores come back in chunk order."""

    chunks: list[Chunk]
    thesaurus: Thesaurus

    def __post_init__(self) -> None:
        docs = [f"{c.title_path[-1]}\n{c.text}" for c in self.chunks]
        stem_corpus = [stem_tokens(d) for d in docs]
        gram_corpus = [ngram_tokens(d) for d in docs]
        self._stem = _bm25(stem_corpus)
        self._gram = _bm25(gram_corpus)
        self._stem_vocab = {t for doc in stem_corpus for t in doc}
        self._gram_vocab = {t for doc in gram_corpus for t in doc}
        self._expansions: dict[str, str] = {}

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

    def _expanded_scores(self, query: str, tokenize, retriever: bm25s.BM25, vocab: set[str]) -> np.ndarray:
        """BM25 for the query's own tokens, plus its thesaurus words' tokens at a lower weight."""
        n, keep = len(self.chunks), self.thesaurus.keep
        own = tokenize(query, keep)
        extra = [t for t in tokenize(self.expanded_query(query), keep) if t not in own]
        scores = _scores(retriever, vocab, own, n)
        if extra:
            scores = scores + EXPANSION_WEIGHT * _scores(retriever, vocab, extra, n)
        return scores

    def stem_scores(self, query: str) -> np.ndarray:
        """BM25 over stems, in chunk order."""
        return self._expanded_scores(query, stem_tokens, self._stem, self._stem_vocab)

    def ngram_scores(self, query: str) -> np.ndarray:
        """BM25 over character n-grams, in chunk order."""
        return self._expanded_scores(query, ngram_tokens, self._gram, self._gram_vocab)
