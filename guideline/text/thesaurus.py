"""The domain thesaurus: what people type (lay, English, variants) → words the guideline uses.

Kept as data (``pathways/<id>/thesaurus.toml``) so it grows without code changes. Matching is
on folded word sequences, so "Bone marrow", "bone-marrow" and "benmarg" find their entries.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from ..pathways import DEFAULT_PATHWAY, pathway_dir
from .normalize import words


@dataclass(frozen=True)
class Thesaurus:
    entries: tuple[tuple[tuple[tuple[str, ...], ...], tuple[str, ...]], ...]  # (term word-tuples, expansions)
    keep: frozenset[str]
    synonym_words: frozenset[str] = frozenset()  # words of entries that are synonyms, not mere neighbours
    _by_first_word: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Entries by the first word of each of their terms: a text is checked against the few
        # entries its own words can start, not against all of them.
        index: dict[str, set[int]] = {}
        for i, (term_seqs, _) in enumerate(self.entries):
            for seq in term_seqs:
                if seq:
                    index.setdefault(seq[0], set()).add(i)
        self._by_first_word.update({w: tuple(sorted(ids)) for w, ids in index.items()})

    def expansions(self, text: str) -> list[str]:
        """Guideline words for every thesaurus term found in the text, in entry order, no repeats."""
        found: list[str] = []
        seq = words(text)
        candidates = sorted({i for w in seq for i in self._by_first_word.get(w, ())})
        for i in candidates:
            term_seqs, expand = self.entries[i]
            if any(_contains(seq, t) for t in term_seqs):
                found.extend(w for w in expand if w not in found)
        return found


def _contains(seq: list[str], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    if n == 0 or n > len(seq):
        return False
    if n == 1:
        return sub[0] in seq
    return any(tuple(seq[i : i + n]) == sub for i in range(len(seq) - n + 1))


@lru_cache(maxsize=8)
def load_thesaurus(pathway: str = DEFAULT_PATHWAY) -> Thesaurus:
    """The pathway's thesaurus; an empty one when the pathway has none."""
    path = pathway_dir(pathway) / "thesaurus.toml"
    if not path.is_file():
        return Thesaurus((), frozenset())
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    synonyms: set[str] = set()
    for entry in data.get("entry", []):
        term_seqs = tuple(tuple(words(t)) for t in entry.get("terms", []) if words(t))
        expand = tuple(entry.get("expand", []))
        if term_seqs and expand:
            entries.append((term_seqs, expand))
            if entry.get("relation", "synonym") == "synonym":
                synonyms.update(w for seq in term_seqs for w in seq)
    keep = frozenset(w for t in data.get("stopwords_keep", []) for w in words(t))
    return Thesaurus(tuple(entries), keep, frozenset(synonyms))
