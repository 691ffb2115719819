"""Extractive answers: the sentences of the top passages that answer the question, not whole chunks.

Candidates are a passage's sentences, list items and table rows; a line that ends in ":" is
kept together with the list it introduces. Each candidate is scored by the inverse-document-
frequency weight of the question's stems (and its thesaurus words, at a lower weight) that it
contains, plus a share of its passage's search score; the best few are returned in the order
of their passages, each tied to the passage it came from.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from ..corpus.chunking import Chunk, units
from ..corpus.document import Guideline, plain_text
from ..search.engine import SearchEngine, SearchResult
from ..search.lexical import EXPANSION_WEIGHT
from ..text.normalize import STOPWORDS, words
from .scope import load_scope

MAX_SENTENCES = 3
KEEP_RATIO = 0.55  # a further sentence must score at least this share of the best one
PASSAGE_PRIOR = 0.35  # weight of the passage's own rank in a sentence's score


@dataclass(frozen=True)
class Extract:
    """A sentence (or list, or table row) quoted from a passage; offsets into Guideline.text."""

    chunk_id: str
    section: str
    start: int
    end: int
    markdown: str
    text: str  # plain text for display
    score: float


def chunk_units(guideline: Guideline, chunk: Chunk) -> list[tuple[int, int]]:
    """Answer-sized spans inside a chunk: sentences, and an introducing line together with its list."""
    section = next(s for s in guideline.sections if s.id == chunk.section)
    spans = [(a, b) for a, b in units(section) if a >= chunk.start and b <= chunk.end]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        line = guideline.text[a:b].lstrip()
        is_item = line.startswith(("- ", "* ")) or (line[:1].isdigit() and ". " in line[:4])
        if merged and is_item and guideline.text[merged[-1][0] : b].count("\n\n") <= 1:
            prev = guideline.text[merged[-1][0] : merged[-1][1]]
            if prev.rstrip().endswith(":") or prev.lstrip().startswith(("- ", "* ")) or "\n- " in prev:
                merged[-1] = (merged[-1][0], b)
                continue
        merged.append((a, b))
    return [(a, b) for a, b in merged if not guideline.text[a:b].lstrip().startswith("| ---")]


class SentencePicker:
    """Holds the corpus statistics (document frequencies of stems) for scoring sentences."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine
        self.tokens = engine.lexical.tokens  # stems and compound parts, as search matched them
        docs = [set(self.tokens(c.text)) for c in engine.chunks]
        df = Counter(t for d in docs for t in d)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        # Everyday words ("tar", "sier") carry no topic: they must not pick a sentence.
        self.fillers = load_scope(engine.guideline.pathway).fillers

    def _weights(self, query: str) -> dict[str, float]:
        keep = self.engine.lexical.thesaurus.keep
        content = " ".join(
            w for w in words(query) if (w not in STOPWORDS or w in keep) and w not in self.fillers
        )
        weights = {t: self.idf.get(t, 0.0) for t in self.tokens(content, keep)}
        for t in self.tokens(self.engine.lexical.expanded_query(query), keep):
            weights.setdefault(t, EXPANSION_WEIGHT * self.idf.get(t, 0.0))
        return {t: w for t, w in weights.items() if w > 0}

    def pick(self, query: str, results: list[SearchResult], *, limit: int = MAX_SENTENCES) -> list[Extract]:
        """The best sentences of the results, ordered by passage rank then position."""
        if not results:
            return []
        guideline = self.engine.guideline
        weights = self._weights(query)
        top_score = max(r.score for r in results) or 1.0
        total = sum(weights.values()) or 1.0
        candidates: list[tuple[float, int, int, Extract]] = []
        for rank, result in enumerate(results):
            chunk = self.engine.chunk(result.id)
            title_stems = set(self.tokens(chunk.title_path[-1]))
            for pos, (a, b) in enumerate(chunk_units(guideline, chunk)):
                md = guideline.text[a:b]
                md_stems = set(self.tokens(md))  # once per unit, not once per query word
                present = md_stems | title_stems
                overlap = sum(w for t, w in weights.items() if t in md_stems) / total
                title_bonus = 0.1 * sum(w for t, w in weights.items() if t in present) / total
                score = (1 - PASSAGE_PRIOR) * (overlap + title_bonus) + PASSAGE_PRIOR * max(
                    result.score, 0
                ) / top_score
                text = " ".join(plain_text(md).split("\n"))
                extract = Extract(chunk.id, chunk.section, a, b, md, text, round(score, 4))
                candidates.append((score, rank, pos, extract, overlap > 0))
        if not candidates:
            return []
        # A sentence that shares no word with the question is quoted only when none does.
        if any(c[4] for c in candidates):
            candidates = [c for c in candidates if c[4]]
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        best = candidates[0][0]
        chosen = [c for c in candidates if c[0] >= KEEP_RATIO * best][:limit]
        chosen.sort(key=lambda c: (c[1], c[2]))
        return [c[3] for c in chosen]
