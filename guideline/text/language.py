"""Which language a question is in: Norwegian (bokmål/nynorsk) or English, by function words.

Only two answers, because the guideline is Norwegian and the framing text exists in both.
Ties and questions with no clue go to Norwegian, the guideline's language.
"""

from __future__ import annotations

import re

from .normalize import clean

_EN = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "when",
        "where",
        "why",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "must",
        "will",
        "would",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "with",
        "from",
        "by",
        "at",
        "after",
        "before",
        "about",
        "patient",
        "patients",
        "first",
        "code",
        "codes",
        "referral",
        "refer",
        "treatment",
        "deadline",
        "days",
        "test",
        "tests",
        "doctor",
        "my",
        "mother",
        "father",
        "wife",
        "husband",
        "does",
        "is",
        "should",
    ]
)
_NB = frozenset(
    [
        "og",
        "i",
        "på",
        "til",
        "av",
        "for",
        "med",
        "som",
        "er",
        "var",
        "blir",
        "ble",
        "en",
        "et",
        "ei",
        "den",
        "det",
        "de",
        "at",
        "om",
        "har",
        "hva",
        "hvem",
        "hvor",
        "hvordan",
        "hvilken",
        "hvilke",
        "hvilket",
        "når",
        "skal",
        "må",
        "kan",
        "ikke",
        "ingen",
        "jeg",
        "meg",
        "min",
        "mitt",
        "mine",
        "vi",
        "oss",
        "hun",
        "han",
        "henne",
        "ham",
        "pasienten",
        "fastlegen",
        "henvisning",
        "kode",
        "frist",
        "dager",
        "etter",
        "før",
        "mor",
        "far",
        "kona",
        "mannen",
        "mamma",
        "pappa",
        "hos",
        "ved",
        "eller",
        "sykehus",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
_NORWEGIAN_LETTERS = re.compile(r"[æøå]")


def detect_lang(text: str) -> str:
    """ "en" when English function words outnumber Norwegian ones, else "nb".

    A word with æ, ø or å counts as one Norwegian word, not as the verdict: coordinators write
    English with the pathway's own terms in it ("What is the forløpstid from …?").
    """
    text = clean(text).lower()
    tokens = _WORD.findall(text)
    en = sum(t in _EN for t in tokens)
    nb = sum(t in _NB or bool(_NORWEGIAN_LETTERS.search(t)) for t in tokens)
    return "en" if en > nb else "nb"
