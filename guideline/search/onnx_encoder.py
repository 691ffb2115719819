"""The query encoder without torch: the embedding model exported to ONNX, run by onnxruntime.

Building the index needs sentence-transformers (and torch) anyway; answering a question needs
only a tokenizer and one forward pass. So the build also exports the model's transformer to
``encoder.onnx`` and its tokenizer to ``tokenizer.json`` next to the index, and every later
process encodes queries with ``onnxruntime`` and ``tokenizers`` alone: a fraction of the import
time and memory of torch. Pooling (mean over real tokens, or the first token) and the final
L2 normalisation are done here in numpy, as the sentence-transformers model does them.

The export is checked against the model it came from before it is kept: the same texts must
give the same vectors (cosine ≥ ``MIN_COSINE``), so a model whose pipeline this module does not
reproduce is never served through ONNX.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelUnavailable

ENCODER = "encoder.onnx"
TOKENIZER = "tokenizer.json"
ENCODER_FILES = (ENCODER, TOKENIZER)
MIN_COSINE = 0.999
BATCH = 32  # texts per forward pass
_PROBES = (
    "Ved mistanke om myelomatose skal fastlegen ta:",
    "What must the GP test when myeloma is suspected?",
    "| A04A | Start pakkeforløp – henvisning mottatt |",
    "x",
)


class ExportFailed(ModelUnavailable):
    """The model could not be exported to ONNX, or the export does not reproduce it."""


def _pooling_of(st_model: Any) -> str:
    """ "mean" or "cls", read from the sentence-transformers pipeline; anything else cannot be exported."""
    modules = list(st_model)
    if len(modules) < 2 or type(modules[0]).__name__ != "Transformer":
        raise ExportFailed("only Transformer + Pooling models can be served through ONNX")
    pooling = modules[1]
    config = pooling.get_config_dict() if hasattr(pooling, "get_config_dict") else {}
    # sentence-transformers 3–5 write pooling_mode_* flags; 6 writes one pooling_mode name.
    mode = config.get("pooling_mode")
    if mode in ("mean", "cls"):
        return mode
    if config.get("pooling_mode_mean_tokens"):
        return "mean"
    if config.get("pooling_mode_cls_token"):
        return "cls"
    raise ExportFailed(f"pooling {config} is not mean or cls")


def export_encoder(st_model: Any, folder: Path, *, max_tokens: int) -> dict[str, Any]:
    """Write encoder.onnx and tokenizer.json for a loaded SentenceTransformer; returns the manifest entry.

    Raises ExportFailed when the model has another shape or the export does not match it.
    """
    import torch  # build time only: sentence-transformers is loaded already

    pooling = _pooling_of(st_model)
    transformer = st_model[0]
    hf_model = transformer.auto_model.eval()
    tokenizer = transformer.tokenizer
    backend = getattr(tokenizer, "backend_tokenizer", None) or getattr(tokenizer, "_tokenizer", None)
    if backend is None:
        raise ExportFailed("the model has no fast tokenizer to export")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TOKENIZER).write_text(backend.to_str(), encoding="utf-8")
    sample = tokenizer(["export sample", "a longer export sample text"], padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}

    class _Hidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: Any) -> Any:
            return self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state

    try:
        # The exporter warns about constructs it handles (and prints nothing useful to a user).
        with torch.no_grad(), warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Hidden(hf_model),
                tuple(sample[n] for n in names),
                str(folder / ENCODER),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
    except Exception as exc:  # the exporter raises many types
        raise ExportFailed(
            f"ONNX export failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        ) from exc
    entry = {
        "pooling": pooling,
        "inputs": names,
        "max_tokens": max_tokens,
        "files": {name: _sha256(folder / name) for name in ENCODER_FILES},
    }
    encoder = OnnxEmbedder.load(folder, entry, model_id="export-check", dimension=0)
    reference = st_model.encode(list(_PROBES), convert_to_numpy=True, normalize_embeddings=True)
    got = encoder.embed(list(_PROBES))
    cosines = np.sum(got * reference, axis=1)
    if got.shape != reference.shape or float(cosines.min()) < MIN_COSINE:
        raise ExportFailed(
            f"the ONNX export does not reproduce the model (cosine {float(cosines.min()):.4f})"
        )
    return entry


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify_encoder(folder: Path, entry: dict[str, Any]) -> str | None:
    """Why the exported files do not match the manifest entry, or None when they do."""
    files = entry.get("files", {}) if isinstance(entry, dict) else {}
    for name in ENCODER_FILES:
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if files.get(name) != _sha256(path):
            return f"{name} does not match its checksum"
    return None


@dataclass
class OnnxEmbedder:
    """The exported model behind the Embedder interface: ``embed(texts) -> (n, dim)`` unit rows."""

    id: str
    dimension: int
    max_tokens: int
    pooling: str
    inputs: tuple[str, ...]
    _session: Any = field(repr=False)
    _tokenizer_json: str = field(repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @classmethod
    def load(cls, folder: Path, entry: dict[str, Any], *, model_id: str, dimension: int) -> OnnxEmbedder:
        """Open encoder.onnx and tokenizer.json of an index folder (one thread per call: threads scale out)."""
        import onnxruntime
        from tokenizers import Tokenizer

        try:
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = onnxruntime.InferenceSession(
                str(folder / ENCODER), sess_options=options, providers=["CPUExecutionProvider"]
            )
            tokenizer_json = (folder / TOKENIZER).read_text(encoding="utf-8")
            Tokenizer.from_str(tokenizer_json)  # fails here, not on the first question
        except Exception as exc:  # onnxruntime and tokenizers raise their own types
            raise ModelUnavailable(
                f"cannot open the exported encoder in {folder}: {type(exc).__name__}"
            ) from exc
        return cls(
            model_id,
            dimension,
            int(entry["max_tokens"]),
            entry["pooling"],
            tuple(entry["inputs"]),
            session,
            tokenizer_json,
        )

    def _tokenizers(self) -> tuple[Any, Any]:
        """This thread's tokenizers: one that pads and truncates to the window, one that counts.

        A ``tokenizers.Tokenizer`` must not be used from two threads at once ("Already
        borrowed"), so each thread gets its own; the ONNX session itself is shared (its ``run``
        is thread-safe and releases the GIL).
        """
        pair = getattr(self._local, "pair", None)
        if pair is None:
            from tokenizers import Tokenizer

            encoder = Tokenizer.from_str(self._tokenizer_json)
            counter = Tokenizer.from_str(self._tokenizer_json)
            encoder.enable_truncation(max_length=self.max_tokens)
            encoder.enable_padding(pad_id=encoder.token_to_id("[PAD]") or 0)
            counter.no_truncation()
            counter.no_padding()
            pair = self._local.pair = (encoder, counter)
        return pair

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of the texts, in their order; encoded in batches of similar length (padding
        a batch to its longest text is where the time goes)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self._tokenizers()[0].encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: sum(encodings[i].attention_mask))
        out: np.ndarray | None = None
        for a in range(0, len(order), BATCH):
            rows = self._encode([encodings[i] for i in order[a : a + BATCH]])
            if self.dimension and rows.shape[1] != self.dimension:
                raise ModelUnavailable(
                    f"the exported encoder gives {rows.shape[1]} dimensions, the index {self.dimension}"
                )
            if out is None:
                out = np.zeros((len(texts), rows.shape[1]), dtype=np.float32)
            out[order[a : a + BATCH]] = rows
        assert out is not None
        return out

    def _encode(self, encodings: list[Any]) -> np.ndarray:
        """One forward pass over a batch, trimmed to its longest text, pooled and normalised."""
        width = max(sum(e.attention_mask) for e in encodings)
        feed = {
            "input_ids": np.asarray([e.ids[:width] for e in encodings], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask[:width] for e in encodings], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids[:width] for e in encodings], dtype=np.int64),
        }
        hidden = self._session.run(None, {name: feed[name] for name in self.inputs})[0]
        if self.pooling == "cls":
            pooled = hidden[:, 0, :]
        else:
            mask = feed["attention_mask"][:, :, None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (pooled / norms).astype(np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizers()[1].encode(text).ids)


_SHARED: dict[tuple, OnnxEmbedder] = {}
_SHARED_LOCK = threading.Lock()


def shared_encoder(folder: Path, entry: dict[str, Any], *, model_id: str, dimension: int) -> OnnxEmbedder:
    """One encoder per exported model and process: indexes whose export has the same checksums share it.

    An ONNX session holds the model's weights (about 90 MB for MiniLM); a process that opens
    several indexes of the same model (tests, an app serving several pathways) needs one.
    """
    files = entry.get("files", {})
    key = (model_id, dimension, int(entry["max_tokens"]), entry["pooling"], tuple(sorted(files.items())))
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = OnnxEmbedder.load(folder, entry, model_id=model_id, dimension=dimension)
        return _SHARED[key]
