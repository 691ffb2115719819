"""The persistent search index: what is built from the guideline and its readings, and when it is rebuilt.

Building chunks the guideline, embeds chunks, units and English readings, and (for a model that
can be exported) writes the query encoder as ONNX next to the vectors (``index_files`` names
the files). Opening compares the manifest with what the code would build now: a missing, stale
(other model, changed guideline or readings, chunker or format) or damaged index is rebuilt,
or, when the caller forbids rebuilding, reported with the command that fixes it.

``open_index`` is what a query process calls: it reads the index and opens its ONNX encoder,
so answering a question imports neither torch nor sentence-transformers. Only a rebuild loads
the full model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..corpus.chunking import CHUNKER_VERSION, TARGET_TOKENS, Chunk, Unit, chunk_guideline, chunk_units
from ..corpus.document import Guideline
from ..corpus.readings import load_readings
from ..errors import DamagedIndex, GuidelineError, IndexMissing, StaleIndex
from .embedder import Embedder, load_embedder, model_identity
from .index_files import (
    CHUNKS,
    DATA_FILES,
    FAISS,
    MANIFEST,
    MULTILINGUAL_VECTORS,
    READING_VECTORS,
    REBUILD_HINT,
    UNIT_VECTORS,
    VECTORS,
    build_folder,
    check_files,
    clear_index,
    read_array,
    read_chunks,
    read_manifest,
    write_files,
)
from .multilingual import FORMS, MultilingualEncoder, load_multilingual, multilingual_identity
from .onnx_encoder import ENCODER_FILES, export_encoder, shared_encoder
from .texts import PassageTexts, passage_texts

# 2: unit vectors; 3: English reading vectors; 4: list items after their lead-in; 5: ONNX encoder;
# 6: a chunk's vector is the mean of its units' (an index of format 5 holds encoded chunk texts);
# 7: the multilingual ranker's vectors
FORMAT_VERSION = 7

Progress = Callable[[int, int], None]

__all__ = [
    "CHUNKS",
    "DATA_FILES",
    "FAISS",
    "MANIFEST",
    "MULTILINGUAL_VECTORS",
    "READING_VECTORS",
    "UNIT_VECTORS",
    "VECTORS",
    "VectorIndex",
    "build_index",
    "clear_index",
    "default_index_dir",
    "load_index",
    "open_index",
    "read_index",
]


def default_index_dir() -> Path:
    """``index/`` at the project root (next to the package), where `make run` builds it."""
    return Path(__file__).resolve().parents[2] / "index"


@dataclass
class VectorIndex:
    """Chunks and their vectors, and the vectors of the chunks' units (row i belongs to ``units[i]``):
    their official text (``unit_vectors``) and their English reading (``reading_vectors``). All rows
    are unit length, so a dot product is a cosine."""

    chunks: list[Chunk]
    vectors: np.ndarray
    manifest: dict
    units: list[Unit]
    unit_vectors: np.ndarray
    reading_vectors: np.ndarray  # row i: the English reading of units[i] (its own vector if it has none)
    # The multilingual ranker's vectors (multilingual.py): a block of len(units) rows per form in
    # FORMS, official, plain, English (the official text's vector where a unit has no reading);
    # no rows when that ranker is off.
    multilingual_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    persisted: bool = True
    note: str = ""  # why the index was rebuilt, for a progress line or an app notice
    _faiss: Any = field(default=None, repr=False)

    @property
    def faiss_index(self) -> Any:
        """A FAISS inner-product index over the chunk vectors, made on first use (search does not need it)."""
        if self._faiss is None:
            import faiss

            self._faiss = faiss.IndexFlatIP(self.vectors.shape[1])
            if len(self.vectors):
                self._faiss.add(np.ascontiguousarray(self.vectors, dtype=np.float32))
        return self._faiss

    def search(self, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Cosine scores and chunk positions, best first."""
        q = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
        scores, ids = self.faiss_index.search(q, min(k, len(self.chunks)))
        return scores[0], ids[0]


def expected_manifest(
    guideline: Guideline, model_id: str, *, dimension: int | None = None, max_tokens: int | None = None
) -> dict:
    """What a fresh build would record; any difference in these keys makes an index stale.

    The model's dimension and window are only known once it is loaded; a query process that
    does not load it checks them against the encoder and vectors instead.
    """
    expected = {
        "format": FORMAT_VERSION,
        "package_version": __version__,
        "pathway": guideline.pathway,
        "source_sha256": guideline.text_sha256,
        "chunker_version": CHUNKER_VERSION,
        "target_tokens": TARGET_TOKENS,
        "model": model_id,
        "readings_sha256": load_readings(guideline.pathway).sha256,
        "multilingual": multilingual_identity(),
    }
    if dimension is not None:
        expected["dimension"] = dimension
    if max_tokens is not None:
        expected["max_tokens"] = max_tokens
    return expected


def build_index(
    guideline: Guideline,
    embedder: Embedder,
    *,
    progress: Progress | None = None,
    multilingual: MultilingualEncoder | None = None,
) -> VectorIndex:
    """Chunk and embed the guideline and its readings in memory (nothing written).

    ``progress(done, total)`` counts texts embedded by the model: units, then English readings;
    the multilingual ranker (the process's own unless one is given) then encodes every unit form.
    """
    chunks = chunk_guideline(guideline, embedder.count_tokens, max_tokens=embedder.max_tokens)
    units = chunk_units(guideline, chunks)
    readings = passage_texts(guideline, chunks, units, load_readings(guideline.pathway))
    english = [i for i, u in enumerate(readings.units) if u.en]
    # A chunk's own vector is the mean of its units' (search scores a chunk by its closest unit,
    # so the long chunk texts, the costliest to encode, are not encoded at all).
    texts = [unit_embedding_text(readings, i) for i in range(len(units))] + [
        reading_embedding_text(readings, i) for i in english
    ]
    every = _embed_by_length(embedder, texts, progress)
    n, m = len(chunks), len(units)
    unit_vectors = every[:m]
    reading_vectors = unit_vectors.copy()
    reading_vectors[english] = every[m:]
    vectors = _chunk_vectors(unit_vectors, [u.chunk for u in units], n, embedder.dimension)
    multilingual = multilingual or load_multilingual()
    forms = multilingual_texts(readings) if multilingual else []
    multilingual_vectors = (
        multilingual.passages(forms) if multilingual else np.zeros((0, 0), dtype=np.float32)
    )
    manifest = {
        **expected_manifest(
            guideline, embedder.id, dimension=embedder.dimension, max_tokens=embedder.max_tokens
        ),
        "chunks": n,
        "units": m,
        "texts_embedded": len(texts),
        "multilingual_texts": len(set(forms)),
    }
    return VectorIndex(
        chunks, vectors, manifest, units, unit_vectors, reading_vectors, multilingual_vectors, persisted=False
    )


def _embed_by_length(embedder: Embedder, texts: list[str], progress: Progress | None) -> np.ndarray:
    """Vectors of the texts in their order, encoded in steps of similar length.

    A batch is padded to its longest text, and on this corpus (short list items next to long
    sentences) encoding in length order saves about a quarter of the build's encoding time.
    """
    every = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    step = 64
    if progress:
        progress(0, len(texts))
    for a in range(0, len(order), step):
        rows = order[a : a + step]
        every[rows] = embedder.embed([texts[i] for i in rows])
        if progress:
            progress(min(a + step, len(texts)), len(texts))
    return every


def _chunk_vectors(unit_vectors: np.ndarray, owners: list[int], n: int, dimension: int) -> np.ndarray:
    """Each chunk's vector: the normalised mean of its units' vectors (zero for a chunk with none)."""
    sums = np.zeros((n, dimension), dtype=np.float32)
    np.add.at(sums, np.asarray(owners, dtype=np.int64), unit_vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (sums / norms).astype(np.float32)


def unit_embedding_text(texts: PassageTexts, i: int) -> str:
    """A unit as the model sees it: under its section's title path, after the line that introduces it."""
    return f"{texts.title_paths[texts.owners[i]].official}\n{texts.in_context(i, 'official')}"


def reading_embedding_text(texts: PassageTexts, i: int) -> str:
    """A unit's English reading as the model sees it: under the English title path of its section."""
    return f"{texts.title_paths[texts.owners[i]].en}\n{texts.in_context(i, 'en')}"


def multilingual_texts(texts: PassageTexts) -> list[str]:
    """Every unit in every form as the multilingual ranker reads it, form by form (FORMS order):
    under the title path of its section in that form, after its lead-in. A unit without a
    reading stands in its official text, so its rows are the same."""
    out = []
    for form in FORMS:
        for i in range(len(texts.units)):
            shown = form if texts.units[i].form(form) else "official"
            out.append(f"{texts.title_paths[texts.owners[i]].form(shown)}\n{texts.in_context(i, shown)}")
    return out


def save_index(index: VectorIndex, folder: Path, *, exporter: Embedder | None = None) -> None:
    """Write the artefacts atomically; with an exportable ``exporter`` (the model that built the
    index) also its ONNX query encoder. A model that cannot be exported is served as it is."""
    import faiss  # written for readers of the artefacts; searching does not need it

    with build_folder(folder) as tmp:
        manifest = dict(index.manifest)
        encoder, why = _export(exporter, tmp) if exporter is not None else (None, "no model to export")
        manifest["encoder"] = encoder
        if encoder is None:
            manifest["encoder_note"] = why  # queries then load the model itself (slower to start)
        manifest = write_files(
            tmp,
            folder,
            chunks=index.chunks,
            arrays={
                VECTORS: index.vectors,
                UNIT_VECTORS: index.unit_vectors,
                READING_VECTORS: index.reading_vectors,
                MULTILINGUAL_VECTORS: index.multilingual_vectors,
            },
            faiss_writer=lambda path: faiss.write_index(index.faiss_index, path),
            manifest=manifest,
            encoder_names=ENCODER_FILES if encoder else (),
        )
    index.manifest, index.persisted = manifest, True


def _export(embedder: Embedder, folder: Path) -> tuple[dict | None, str]:
    """The ONNX export's manifest entry, or None and why there is none."""
    st_model = getattr(embedder, "_st", None)
    if st_model is None:
        return None, f"{embedder.id} is not a sentence-transformers model"
    try:
        return export_encoder(st_model, folder, max_tokens=embedder.max_tokens), ""
    except GuidelineError as exc:
        return None, str(exc)  # served through sentence-transformers instead (slower to start, same vectors)


def read_index(
    folder: Path, guideline: Guideline, embedder: Embedder | None = None, *, model_id: str | None = None
) -> VectorIndex:
    """Load a built index; raises IndexMissing, StaleIndex or DamagedIndex with the reason.

    Give the loaded ``embedder``, or only the ``model_id`` when the model is not loaded (a query
    process): its dimension is then taken from the manifest and checked against the vectors.
    """
    manifest = read_manifest(folder)
    if embedder is not None:
        expected = expected_manifest(
            guideline, embedder.id, dimension=embedder.dimension, max_tokens=embedder.max_tokens
        )
    else:
        expected = expected_manifest(guideline, model_id or "")
    if changed := [key for key, value in expected.items() if manifest.get(key) != value]:
        raise StaleIndex(f"index in {folder} is stale ({', '.join(changed)} changed): {REBUILD_HINT}")
    encoder = manifest.get("encoder")
    check_files(folder, manifest, (*DATA_FILES, *(ENCODER_FILES if encoder else ())))
    try:
        chunks = read_chunks(folder)
        vectors = read_array(folder, VECTORS)
        unit_vectors = read_array(folder, UNIT_VECTORS)
        reading_vectors = read_array(folder, READING_VECTORS)
        multilingual_vectors = read_array(folder, MULTILINGUAL_VECTORS)
    except Exception as exc:  # any parse failure of a file that passed its checksum
        raise DamagedIndex(
            f"index in {folder} cannot be read ({type(exc).__name__}): {REBUILD_HINT}"
        ) from exc
    dimension = manifest.get("dimension")
    if vectors.shape != (len(chunks), dimension):
        raise DamagedIndex(f"index in {folder} is inconsistent (vectors vs chunks): {REBUILD_HINT}")
    for chunk in chunks:
        if guideline.text[chunk.start : chunk.end] != chunk.text:
            raise DamagedIndex(f"index in {folder} does not match the guideline text: {REBUILD_HINT}")
    units = chunk_units(guideline, chunks)
    if unit_vectors.shape != (len(units), dimension) or reading_vectors.shape != unit_vectors.shape:
        raise DamagedIndex(f"index in {folder} is inconsistent (unit vectors vs units): {REBUILD_HINT}")
    if manifest.get("multilingual") and multilingual_vectors.shape[0] != len(FORMS) * len(units):
        raise DamagedIndex(
            f"index in {folder} is inconsistent (multilingual vectors vs units): {REBUILD_HINT}"
        )
    return VectorIndex(chunks, vectors, manifest, units, unit_vectors, reading_vectors, multilingual_vectors)


def load_index(
    guideline: Guideline,
    embedder: Embedder,
    *,
    folder: Path | None = None,
    rebuild: bool = True,
    force: bool = False,
    progress: Progress | None = None,
) -> VectorIndex:
    """The index for this guideline and a loaded model: read it, or (re)build it when missing, stale or damaged.

    With ``rebuild=False`` a missing/stale/damaged index raises with a one-line message naming
    the command. When the folder cannot be written (read-only), a rebuilt index is kept in
    memory only and ``note`` says so.
    """
    folder = folder or default_index_dir()
    index, reason = _read_or_why_not(lambda: read_index(folder, guideline, embedder), rebuild, force)
    return index if index is not None else _rebuild(guideline, embedder, folder, reason, progress)


def _read_or_why_not(
    read: Callable[[], VectorIndex], rebuild: bool, force: bool
) -> tuple[VectorIndex | None, str]:
    """What ``read`` gives, or None and why the index must be rebuilt; with ``rebuild=False`` a
    missing, stale or damaged index raises instead."""
    if force:
        return None, "rebuild requested"
    try:
        return read(), ""
    except (IndexMissing, StaleIndex, DamagedIndex) as exc:
        if not rebuild:
            raise
        return None, str(exc).split(":")[0]


def _rebuild(
    guideline: Guideline, embedder: Embedder, folder: Path, reason: str, progress: Progress | None
) -> VectorIndex:
    index = build_index(guideline, embedder, progress=progress)
    try:
        save_index(index, folder, exporter=embedder)
        index.note = f"index rebuilt ({reason})"
    except OSError as exc:
        index.note = f"index rebuilt in memory only ({reason}); cannot write {folder}: {exc.strerror or exc}"
    return index


def query_encoder(folder: Path, index: VectorIndex, model: str) -> Embedder:
    """What encodes queries for a read index: its ONNX export when it has one, else the model itself."""
    entry = index.manifest.get("encoder")
    if entry:
        return shared_encoder(
            folder, entry, model_id=index.manifest["model"], dimension=int(index.manifest["dimension"])
        )
    return load_embedder(model)


def open_index(
    guideline: Guideline,
    model: str,
    *,
    folder: Path | None = None,
    rebuild: bool = True,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[VectorIndex, Embedder]:
    """The index and the encoder for queries, loading the full model only when the index must be built."""
    folder = folder or default_index_dir()
    found, reason = _read_or_why_not(
        lambda: read_index(folder, guideline, model_id=model_identity(model)), rebuild, force
    )
    if found is not None:
        return found, query_encoder(folder, found, model)
    embedder = load_embedder(model)
    index = _rebuild(guideline, embedder, folder, reason, progress)
    if index.persisted and index.manifest.get("encoder"):
        return index, query_encoder(folder, index, model)
    return index, embedder
