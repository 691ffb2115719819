"""Hybrid search: BM25 on stems, BM25 on character n-grams and dense vectors, fused by calibrated scores.

Each ranker's scores over all passages are mapped onto [0, 1] for the query at hand (lexical:
divided by the best score; dense: min–max over the corpus, since cosine levels of an
English model on Norwegian text carry little absolute meaning) and added with weights. A
chunk's dense score is the cosine of its best unit (sentence, list item, table row): short
inputs keep one meaning each, where a whole chunk's vector averages several. The
dense weight is small: it breaks ties and rescues queries with no lexical overlap, but cannot
outvote a clear lexical match. ``guideline eval`` shows the effect of each ranker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from ..corpus.chunking import Chunk
from ..corpus.document import DEFAULT_PATHWAY, Guideline, load_guideline
from ..text.inputs import check_question
from ..text.thesaurus import load_thesaurus
from .embedder import DEFAULT_MODEL, Embedder, load_embedder
from .index import VectorIndex, load_index
from .lexical import LexicalIndex, best_per_chunk, scale_by_max

Mode = Literal["fused", "bm25", "dense"]
MODES: tuple[Mode, ...] = ("fused", "bm25", "dense")


@dataclass(frozen=True)
class Weights:
    """How much each calibrated ranker counts in the fused score."""

    stems: float = 1.0
    ngrams: float = 0.5
    dense: float = 0.3


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class SearchResult:
    """One passage, ranked. ``score`` is the mode's score: higher is better, comparable within a query."""

    rank: int
    id: str
    section: str
    text: str
    score: float
    title: str  # the section's title path for people


@dataclass(frozen=True)
class Scores:
    """Every ranker's calibrated score for every chunk, in chunk order: the raw material of fusion."""

    stems: np.ndarray
    ngrams: np.ndarray
    dense: np.ndarray

    def combined(self, mode: Mode, weights: Weights = DEFAULT_WEIGHTS) -> np.ndarray:
        if mode == "dense":
            return self.dense
        if mode == "bm25":
            return self.stems
        return weights.stems * self.stems + weights.ngrams * self.ngrams + weights.dense * self.dense


def _min_max(scores: np.ndarray) -> np.ndarray:
    lo, hi = float(scores.min()), float(scores.max())
    return (scores - lo) / (hi - lo) if hi > lo else np.zeros_like(scores)


class SearchEngine:
    """A loaded guideline, model and index: build once, then search from any thread."""

    def __init__(
        self,
        guideline: Guideline,
        embedder: Embedder,
        vectors: VectorIndex,
        *,
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> None:
        self.guideline = guideline
        self.embedder = embedder
        self.vectors = vectors
        self.weights = weights
        self.chunks: list[Chunk] = vectors.chunks
        self.lexical = LexicalIndex(self.chunks, vectors.units, load_thesaurus(guideline.pathway))
        self._unit_owner = np.asarray([u.chunk for u in vectors.units], dtype=np.int64)
        self._by_id = {c.id: c for c in self.chunks}

    @classmethod
    def open(
        cls,
        *,
        pathway: str = DEFAULT_PATHWAY,
        model: str = DEFAULT_MODEL,
        index_dir: Path | None = None,
        rebuild: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> SearchEngine:
        """Load the guideline, the model and the index (rebuilding it when needed)."""
        guideline = load_guideline(pathway)
        embedder = load_embedder(model)
        vectors = load_index(guideline, embedder, folder=index_dir, rebuild=rebuild, progress=progress)
        return cls(guideline, embedder, vectors)

    def chunk(self, chunk_id: str) -> Chunk:
        return self._by_id[chunk_id]

    def dense_query_text(self, query: str) -> str:
        """The query as the model sees it: the user's words plus the thesaurus's guideline words."""
        extra = self.lexical.expanded_query(query)
        return f"{query} {extra}".strip()

    def scores(self, query: str) -> Scores:
        """Calibrated scores of every ranker for every chunk."""
        vector = self.embedder.embed([self.dense_query_text(query)])[0]
        dense = self._best_unit_cosines(vector)
        return Scores(
            stems=scale_by_max(self.lexical.stem_scores(query)),
            ngrams=scale_by_max(self.lexical.ngram_scores(query)),
            dense=_min_max(dense.astype(np.float32)),
        )

    def _best_unit_cosines(self, vector: np.ndarray) -> np.ndarray:
        """Per chunk, the cosine of its closest unit (the chunk's own vector where it has none)."""
        return best_per_chunk(
            self.vectors.unit_vectors @ vector, self._unit_owner, self.vectors.vectors @ vector
        )

    def rank(self, scores: Scores, *, k: int, mode: Mode = "fused") -> list[SearchResult]:
        """The top k passages for precomputed scores, best first (ties broken by reading order)."""
        combined = scores.combined(mode, self.weights)
        order = sorted(range(len(combined)), key=lambda i: (-float(combined[i]), i))[: max(k, 0)]
        return [
            SearchResult(
                rank=r + 1,
                id=self.chunks[i].id,
                section=self.chunks[i].section,
                text=self.chunks[i].text,
                score=round(float(combined[i]), 6),
                title=self.chunks[i].path_label,
            )
            for r, i in enumerate(order)
        ]

    def search(self, query: str, *, k: int = 5, mode: Mode = "fused") -> list[SearchResult]:
        """The k passages that best answer the query, best first. Raises BadInput for unusable queries."""
        query = check_question(query)
        return self.rank(self.scores(query), k=k, mode=mode)
