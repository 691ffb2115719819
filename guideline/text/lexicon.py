"""Everyday words of Norwegian and English: a word everybody uses is not a typo and not a topic.

The guideline's own vocabulary tells which words it knows; it cannot tell "skjønner", "slitne"
or "siste" (everyday words a relative types) from "IMWG" or "vaksine" (specific things the
guideline never mentions). Word frequencies from ``wordfreq`` (many corpora, both languages)
draw that line without a hand-kept list: a word at or above COMMON_ZIPF (about once in ten
thousand words of ordinary text) is everyday language.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from .normalize import fold

COMMON_ZIPF = 4.0  # Zipf scale: 4 = once per 10,000 words; "siste" 5.8, "slitne" 3.7, "vaksine" 3.8
LANGUAGES = ("nb", "en")

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _everyday() -> frozenset[str]:
    from wordfreq import iter_wordlist, zipf_frequency

    out: set[str] = set()
    for lang in LANGUAGES:
        for word in iter_wordlist(lang):  # most frequent first
            if zipf_frequency(word, lang) < COMMON_ZIPF:
                break
            out.add(fold(word))
    return frozenset(out)


def everyday_words() -> frozenset[str]:
    """Folded words (æøå folded as in normalize.fold) that are common in Norwegian or English."""
    with _LOCK:  # built once (about a second); later calls return the cached set
        return _everyday()


def is_everyday(word: str) -> bool:
    """Whether a folded word is common language rather than a term."""
    return word in everyday_words()
