"""Text normalisation shared by search and rules: one canonical form for how people type.

Real questions mix æ/ø/å with ae/oe/aa or plain o/a, upper and lower case, odd unicode and
inflections. Both the guideline and the question go through the same chain, so they meet in
the middle: NFKC → lower case → fold Norwegian letters → words → Norwegian Snowball stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Folding, in this order: the letters first, then the digraphs people type for them.
# "første", "forste", "foerste" → "forste"; "pårørende", "paaroerende" → "parorende".
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "é": "e", "è": "e", "ü": "u"})
_DIGRAPHS = (("aa", "a"), ("oe", "o"))
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Zero-width and bidirectional control characters that make words look equal but compare unequal.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

# Function words dropped before matching. Negations and before/after are kept: they change meaning.
STOPWORDS = frozenset(
    """
    og i pa til av for med som er en et ei den det de at om har var kan skal ma bli blir
    fra ved eller sa seg sin sitt sine hva hvem hvor hvordan hvilken hvilke hvilket nar
    jeg du han hun vi dere meg deg oss min mitt mine din ditt dine hans hennes deres
    the a an of to in on for and or is are was be by with what which who how when where
    do does did can should must i my me we our you your it its this that these those
    """.split()
)


def clean(text: str) -> str:
    """NFKC, invisible characters removed, control characters as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lower-case ASCII-ish canonical form: "Første FREMMØTE" → "forste fremmote"."""
    text = clean(text).lower().translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return text


def words(text: str) -> list[str]:
    """Folded words, hyphenated compounds split into their parts and kept whole ("mdt-mote")."""
    out: list[str] = []
    for w in _WORD.findall(fold(text)):
        out.append(w)
        if "-" in w:
            out.extend(p for p in w.split("-") if p)
    return out


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Norwegian Snowball stem of one folded word; codes and numbers stay as they are."""
    if any(ch.isdigit() for ch in word):
        return word
    return _stemmer().stemWord(word)


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words: what BM25 and the rules match on."""
    return [stem(w) for w in words(text) if keep_stopwords or w not in STOPWORDS]
