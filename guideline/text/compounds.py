"""Norwegian compound splitting against the guideline's own vocabulary.

Norwegian writes compounds as one word: a relative types "stamcellebehandlingen" where the
guideline says "stamcelleoverføringen" and "høydosebehandlingen". Stems never join these, and
character n-grams only partly. Splitting a long word into parts that are themselves words of the
guideline ("stamcelle" + "behandlingen") lets both sides meet on the parts. Splits are only made
into known words, so a word the guideline has never seen a part of is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .normalize import STOPWORDS, stem

MIN_PART = 4  # shorter parts ("tid", "mal") are too often accidental substrings
LINKS = ("s", "e")  # Norwegian linking letters: "forløp-s-tid", "kvalm-e-..." (fugeelement)
MAX_PARTS = 3
# Word endings that are also words or stems of words ("ingen", "ende"): never a compound's tail.
SUFFIXES = frozenset(
    {
        "ende",
        "endes",
        "ingen",
        "ingene",
        "inger",
        "ingens",
        "else",
        "elsen",
        "elser",
        "heten",
        "ering",
        "eringen",
        "ene",
    }
)


class Decompounder:
    """Splits folded words into parts that occur as words in a known vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._words = frozenset(w for w in vocabulary if _eligible(w))
        self._stems = frozenset(stem(w) for w in self._words)
        self._split = lru_cache(maxsize=65536)(self._split_uncached)

    def known(self, word: str) -> bool:
        """A word of the vocabulary, or (when longer than a bare part) another form of one."""
        return word in self._words or (len(word) > MIN_PART and stem(word) in self._stems)

    def parts(self, word: str) -> tuple[str, ...]:
        """The word's parts ("kvalmeforebygging" → ("kvalme", "forebygging")), or () if it has none."""
        if not _eligible(word) or len(word) < 2 * MIN_PART:
            return ()
        return self._split(word, MAX_PARTS)

    def _split_uncached(self, word: str, budget: int) -> tuple[str, ...]:
        # Longest known head first: "blodprøvesvar" → "blodprøve" + "svar", not "blod" + "prøvesvar".
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            heads = [head] + [
                head[: -len(link)] for link in LINKS if head.endswith(link) and cut - len(link) >= MIN_PART
            ]
            for h in heads:
                if not self.known(h):
                    continue
                if tail in SUFFIXES:
                    break
                if self.known(tail):
                    return (h, tail)
                if budget > 2 and len(tail) >= 2 * MIN_PART:
                    rest = self._split(tail, budget - 1)
                    if rest:
                        return (h, *rest)
        return ()


def _eligible(word: str) -> bool:
    return len(word) >= MIN_PART and word.isalpha() and word not in STOPWORDS
