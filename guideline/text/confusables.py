"""Codes typed with look-alike characters: "А04S" with a Cyrillic А is read as A04S, and says so.

A code pasted from a document or typed on a Cyrillic or Greek keyboard can hold a letter that
looks like a Latin one but is another character, so it matches no code. Unicode's confusables
data (UTS #39, as shipped by ``confusable_homoglyphs``) says which Latin letter or digit each
such character imitates. A word that becomes code-shaped (a letter, two digits, up to three
letters) when its look-alikes are replaced is read as that code, one character for one (offsets
keep), and the reading is reported so the answer can tell the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]{3,8}")
CODE_SHAPE = re.compile(r"[A-Za-z]\d{2}[A-Za-z]{0,3}")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Homoglyph:
    """A code-shaped word that held look-alike characters: as typed, as read, and the characters replaced."""

    typed: str
    read: str
    start: int
    characters: tuple[str, ...]  # "U+0410 CYRILLIC CAPITAL LETTER A"

    def note(self, lang: str) -> str:
        which = ", ".join(self.characters)
        if lang == "en":
            return f"«{self.typed}» is written with a look-alike character ({which}); I have read it as {self.read}."
        return f"«{self.typed}» er skrevet med et tegn som bare ligner ({which}); jeg har lest det som {self.read}."


@lru_cache(maxsize=4096)
def ascii_twin(ch: str) -> str | None:
    """The Latin letter or digit a character imitates, or None (ASCII itself, or no look-alike)."""
    if ch.isascii():
        return None
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(ch, greedy=True, preferred_aliases=["latin"])
    for entry in found or ():
        for glyph in entry.get("homoglyphs", ()):
            if len(glyph["c"]) == 1 and _ASCII_ALNUM.fullmatch(glyph["c"]):
                return glyph["c"]
    return None


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNKNOWN')}"


def read_codes(text: str) -> tuple[str, tuple[Homoglyph, ...]]:
    """The text with look-alike characters in code-shaped words replaced by what they imitate, and those words."""
    if text.isascii():
        return text, ()
    out = list(text)
    found = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        twins = [ascii_twin(ch) for ch in word]
        read = "".join(t or ch for t, ch in zip(twins, word, strict=True))
        if read != word and CODE_SHAPE.fullmatch(read):
            out[m.start() : m.end()] = read
            replaced = tuple(dict.fromkeys(_describe(ch) for t, ch in zip(twins, word, strict=True) if t))
            found.append(Homoglyph(word, read.upper(), m.start(), replaced))
    return "".join(out), tuple(found)
