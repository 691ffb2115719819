"""Test isolation: every test gets its own index folder; nothing touches the project's index/ or the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_index(tmp_path, monkeypatch):
    """Point the CLI's default index folder at a temp folder for each test."""
    folder = tmp_path / "index"
    monkeypatch.setenv("GUIDELINE_INDEX_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory) -> Path:
    """One index built with the real default model, shared by the whole session."""
    from guideline.corpus.document import load_guideline
    from guideline.search.embedder import load_embedder
    from guideline.search.index import load_index

    folder = tmp_path_factory.mktemp("real-index")
    load_index(load_guideline(), load_embedder(), folder=folder)
    return folder


@pytest.fixture(scope="session")
def engine(real_index_dir):
    """The real search engine (bundled all-MiniLM-L6-v2), loaded once."""
    from guideline.search.engine import SearchEngine

    return SearchEngine.open(index_dir=real_index_dir, rebuild=False)


@pytest.fixture
def fake_engine(tmp_path):
    """A search engine on the deterministic hashing embedder: fast, no model."""
    from guideline.corpus.document import load_guideline
    from guideline.search.embedder import HashingEmbedder
    from guideline.search.engine import SearchEngine
    from guideline.search.index import load_index

    guideline = load_guideline()
    embedder = HashingEmbedder()
    return SearchEngine(guideline, embedder, load_index(guideline, embedder, folder=tmp_path / "fake-index"))


@pytest.fixture(scope="session")
def assistant(engine):
    """The answer composer over the shared real engine."""
    from guideline.answers import Assistant

    return Assistant(engine)


@pytest.fixture(scope="session")
def question_set():
    from guideline.quality.evaluation import default_questions_path, load_questions

    return load_questions(default_questions_path())
