"""A damaged, stale, half-missing or unwritable index, end to end with the real model through the CLI.

Either the CLI rebuilds and answers exactly as with a good index (saying so in one note line on
stderr), or, with --no-rebuild, it fails with one line naming `guideline index`. Never a wrong
answer. (tests/test_index.py covers the same damage with the hashing embedder, library level.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from answer_checks import one_error_line, run_cli, torch_threads

from guideline.corpus.document import load_guideline
from guideline.search.embedder import load_embedder
from guideline.search.index import CHUNKS, MANIFEST, VECTORS, read_index
from guideline.search.onnx_encoder import ENCODER, TOKENIZER

pytestmark = pytest.mark.model

QUERY = "hvem kan henvise til pakkeforløpet?"
QUESTION = "hvilke prøver skal fastlegen ta ved mistanke om myelomatose?"


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    with torch_threads(1):
        yield


def truncated_vectors(folder: Path) -> Path:
    data = (folder / VECTORS).read_bytes()
    (folder / VECTORS).write_bytes(data[: len(data) // 2])
    return folder


def manifest_of_another_model(folder: Path) -> Path:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["model"] = "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def missing_chunks(folder: Path) -> Path:
    (folder / CHUNKS).unlink()
    return folder


def missing_encoder(folder: Path) -> Path:
    (folder / ENCODER).unlink()
    return folder


def tokenizer_edited(folder: Path) -> Path:
    path = folder / TOKENIZER
    path.write_text(path.read_text(encoding="utf-8").replace('"[UNK]"', '"[UNKNOWN]"', 1), encoding="utf-8")
    return folder


def parent_is_a_file(folder: Path) -> Path:
    """Root ignores chmod, so unwritable is made structurally: the index folder's parent is a file."""
    blocker = folder.parent / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    return blocker / "index"


def folder_is_a_file(folder: Path) -> Path:
    shutil.rmtree(folder)
    folder.write_text("x", encoding="utf-8")
    return folder


# (damage, command, whether the rebuilt index can be written back). Each damage is tried with one
# command, the unwritable one with both, to keep the number of real-model rebuilds down.
CASES = [
    (truncated_vectors, "search", True),
    (manifest_of_another_model, "ask", True),
    (missing_chunks, "search", True),
    (missing_encoder, "ask", True),
    (tokenizer_edited, "search", True),
    (parent_is_a_file, "search", False),
    (parent_is_a_file, "ask", False),
    (folder_is_a_file, "ask", False),
]
DAMAGES = [
    truncated_vectors,
    manifest_of_another_model,
    missing_chunks,
    missing_encoder,
    parent_is_a_file,
    folder_is_a_file,
]


def command_argv(command: str, folder: Path, *extra: str) -> list[str]:
    text = QUERY if command == "search" else QUESTION
    return [command, "--json", "--index-dir", str(folder), *extra, "--", text]


def result_of(command: str, out: str):
    """What must not change: the ranked passage ids (search) or the whole answer object (ask)."""
    obj = json.loads(out)
    return [r["id"] for r in obj["results"]] if command == "search" else obj


@pytest.fixture
def damaged(real_index_dir, tmp_path):
    """A copy of the good index, damaged by the given function; returns the index folder to use."""

    def make(damage) -> Path:
        folder = tmp_path / "damaged" / "index"
        shutil.copytree(real_index_dir, folder)
        return damage(folder)

    return make


@pytest.mark.parametrize(
    ("damage", "command", "writable"), CASES, ids=[f"{d.__name__}-{c}" for d, c, _ in CASES]
)
def test_rebuilds_and_answers_as_a_good_index_would(
    capsys, real_index_dir, damaged, damage, command, writable
):
    code, good_out, _ = run_cli(capsys, *command_argv(command, real_index_dir, "--no-rebuild"))
    assert code == 0
    folder = damaged(damage)

    code, out, err = run_cli(capsys, *command_argv(command, folder))

    assert code == 0 and "Traceback" not in err, err
    assert result_of(command, out) == result_of(command, good_out)
    notes = [line for line in err.replace("\r", "\n").split("\n") if line.startswith("note: ")]
    assert len(notes) == 1 and notes[0].startswith("note: index rebuilt"), err
    if writable:  # the rebuilt index was saved: it now reads cleanly and the next run is quiet
        read_index(folder, load_guideline(), load_embedder())
        code, again, err = run_cli(capsys, *command_argv(command, folder))
        assert code == 0 and err == "" and result_of(command, again) == result_of(command, good_out)
    else:
        assert "in memory only" in notes[0]


@pytest.mark.parametrize("command", ["search", "ask"])
@pytest.mark.parametrize("damage", DAMAGES, ids=[d.__name__ for d in DAMAGES])
def test_no_rebuild_fails_in_one_line_naming_the_command(capsys, damaged, damage, command):
    folder = damaged(damage)
    code, out, err = run_cli(capsys, *command_argv(command, folder, "--no-rebuild"))
    assert code == 1 and out == "", (code, out)
    assert one_error_line(err) and "guideline index" in err, err
