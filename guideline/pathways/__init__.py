"""Where a pathway's data lives: one folder per pathway (``pathways/<id>/``), found by id.

Data only, no logic: the guideline text, its metadata, facts, thesaurus, glossary, scope,
terms and readings. The bottom of the package: every stage may import this, it imports none.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..errors import NotFound

DEFAULT_PATHWAY = "myelomatose"


def pathway_dir(pathway: str = DEFAULT_PATHWAY) -> Path:
    """The package folder holding a pathway's data files; raises NotFound for an unknown id."""
    if not re.fullmatch(r"[a-z0-9_-]+", pathway):
        raise NotFound(f"no pathway {pathway!r}")
    folder = Path(str(resources.files("guideline.pathways") / pathway))
    if not folder.is_dir():
        raise NotFound(f"no pathway {pathway!r}")
    return folder


def available_pathways() -> list[str]:
    """Ids of the pathways that have a cleaned guideline, sorted."""
    root = Path(str(resources.files("guideline.pathways")))
    return sorted(p.name for p in root.iterdir() if (p / "guideline.md").is_file())
