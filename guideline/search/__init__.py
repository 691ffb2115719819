"""Search: from the corpus to ranked passages — embedder, persisted index, BM25 and dense rankers, fusion.

``SearchEngine.open(...).search(query)`` is the stage's face. Imports ``corpus``, ``text``,
``pathways`` and ``errors``; never ``rules``, ``answers`` or anything above.
"""

from .engine import MODES, SearchEngine, SearchResult

__all__ = ["MODES", "SearchEngine", "SearchResult"]
