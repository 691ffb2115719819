"""Everyday words of Norwegian and English: a word everybody uses is not a typo and not a topic.

The guideline's own vocabulary tells which words it knows; it cannot tell "skjønner", "slitne"
or "siste" (everyday words a relative types) from "IMWG" or "vaksine" (specific things the
guideline never mentions). Word frequencies from ``wordfreq`` (many corpora, both languages)
draw that line without a hand-kept list: a word at or above COMMON_ZIPF (about once in ten
thousand words of ordinary text) is everyday language.

A second, wider tier holds every word of the two languages' dictionaries down to DICTIONARY_ZIPF
(about once in a million words): such a word is a word, not a typo of a guideline word, so
"Spain" is never read as "pain", nor "katten" as a slip for something the guideline says.
Typos ("fastlgen", "myelomatsoe", "permanant") lie far below it.

Building the sets from wordfreq takes about two seconds, so they are kept, generated, in
``everyday.txt`` and ``dictionary.txt`` (the words of the wider tier that are not everyday)
next to this module; each file's first line names the wordfreq version and the threshold it was
made with, and it is used only while both still hold (a test checks that the files are exactly
what wordfreq gives). ``python -m guideline.text.lexicon`` writes them again.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .normalize import fold

COMMON_ZIPF = 4.0  # Zipf scale: 4 = once per 10,000 words; "siste" 5.8, "slitne" 3.7, "vaksine" 3.8
DICTIONARY_ZIPF = (
    3.0  # "spinat" 3.0, "barnebarna" 3.2, "upper" 4.7 (en); typos: "behandlinga" 2.2, "permanant" 1.5
)
LANGUAGES = ("nb", "en")
WORD_FILE = Path(__file__).with_name("everyday.txt")
DICTIONARY_FILE = Path(__file__).with_name("dictionary.txt")

_LOCK = threading.Lock()


def _header(zipf: float = COMMON_ZIPF) -> str:
    try:
        version = metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        version = "none"
    return f"# wordfreq {version}, zipf >= {zipf}, languages {' '.join(LANGUAGES)}"


def _words_from(zipf: float) -> frozenset[str]:
    from wordfreq import iter_wordlist, zipf_frequency

    out: set[str] = set()
    for lang in LANGUAGES:
        for word in iter_wordlist(lang):  # most frequent first
            if zipf_frequency(word, lang) < zipf:
                break
            out.add(fold(word))
    return frozenset(out)


def build_everyday() -> frozenset[str]:
    """The everyday set from wordfreq itself (about a second)."""
    return _words_from(COMMON_ZIPF)


def build_dictionary() -> frozenset[str]:
    """The wider tier from wordfreq itself, less the everyday words (those are in everyday.txt)."""
    return _words_from(DICTIONARY_ZIPF) - build_everyday()


def write_word_file(path: Path = WORD_FILE, dictionary_path: Path = DICTIONARY_FILE) -> int:
    """Write the generated word files; returns how many words they hold."""
    everyday, dictionary = sorted(build_everyday()), sorted(build_dictionary())
    path.write_text(_header() + "\n" + "\n".join(everyday) + "\n", encoding="utf-8")
    dictionary_path.write_text(
        _header(DICTIONARY_ZIPF) + "\n" + "\n".join(dictionary) + "\n", encoding="utf-8"
    )
    return len(everyday) + len(dictionary)


def _read(path: Path, header: str) -> frozenset[str] | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return frozenset(lines[1:]) if lines and lines[0] == header else None


@lru_cache(maxsize=1)
def _everyday() -> frozenset[str]:
    found = _read(WORD_FILE, _header())
    return build_everyday() if found is None else found


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    found = _read(DICTIONARY_FILE, _header(DICTIONARY_ZIPF))
    return build_dictionary() if found is None else found


def everyday_words() -> frozenset[str]:
    """Folded words (æøå folded as in normalize.fold) that are common in Norwegian or English."""
    with _LOCK:  # read once; later calls return the cached set
        return _everyday()


def is_everyday(word: str) -> bool:
    """Whether a folded word is common language rather than a term."""
    return word in everyday_words()


def is_dictionary_word(word: str) -> bool:
    """Whether a folded word is a word of Norwegian or English in its own right (so no typo of another)."""
    if is_everyday(word):
        return True
    with _LOCK:
        return word in _dictionary()


if __name__ == "__main__":
    print(f"{write_word_file()} words written to {WORD_FILE} and {DICTIONARY_FILE}")
