"""Everyday words of Norwegian and English: a word everybody uses is not a typo and not a topic.

The guideline's own vocabulary tells which words it knows; it cannot tell "skjønner", "slitne"
or "siste" (everyday words a relative types) from "IMWG" or "vaksine" (specific things the
guideline never mentions). Word frequencies from ``wordfreq`` (many corpora, both languages)
draw that line without a hand-kept list: a word at or above COMMON_ZIPF (about once in ten
thousand words of ordinary text) is everyday language.

Building the set from wordfreq takes about a second, so the set is kept, generated, in
``everyday.txt`` next to this module; its first line names the wordfreq version and the
threshold it was made with, and it is used only while both still hold (a test checks that the
file is exactly what wordfreq gives). ``python -m guideline.text.lexicon`` writes it again.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .normalize import fold

COMMON_ZIPF = 4.0  # Zipf scale: 4 = once per 10,000 words; "siste" 5.8, "slitne" 3.7, "vaksine" 3.8
LANGUAGES = ("nb", "en")
WORD_FILE = Path(__file__).with_name("everyday.txt")

_LOCK = threading.Lock()


def _header() -> str:
    try:
        version = metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        version = "none"
    return f"# wordfreq {version}, zipf >= {COMMON_ZIPF}, languages {' '.join(LANGUAGES)}"


def build_everyday() -> frozenset[str]:
    """The set from wordfreq itself (about a second)."""
    from wordfreq import iter_wordlist, zipf_frequency

    out: set[str] = set()
    for lang in LANGUAGES:
        for word in iter_wordlist(lang):  # most frequent first
            if zipf_frequency(word, lang) < COMMON_ZIPF:
                break
            out.add(fold(word))
    return frozenset(out)


def write_word_file(path: Path = WORD_FILE) -> int:
    """Write the generated word file; returns how many words it holds."""
    words = sorted(build_everyday())
    path.write_text(_header() + "\n" + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)


@lru_cache(maxsize=1)
def _everyday() -> frozenset[str]:
    try:
        lines = WORD_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    if lines and lines[0] == _header():
        return frozenset(lines[1:])
    return build_everyday()


def everyday_words() -> frozenset[str]:
    """Folded words (æøå folded as in normalize.fold) that are common in Norwegian or English."""
    with _LOCK:  # read once; later calls return the cached set
        return _everyday()


def is_everyday(word: str) -> bool:
    """Whether a folded word is common language rather than a term."""
    return word in everyday_words()


if __name__ == "__main__":
    print(f"{write_word_file()} words written to {WORD_FILE}")
