"""Checks on what people type, shared by search, ask and the app: one place, one set of messages."""

from __future__ import annotations

import re
import unicodedata

from ..errors import BadInput
from .normalize import clean

MAX_QUESTION_CHARS = 2000


def check_question(text: object) -> str:
    """The question cleaned for use (NFKC, invisible and control characters gone, whitespace collapsed).

    Raises BadInput with a one-line message for empty input, input over MAX_QUESTION_CHARS
    characters, and input with no letters or digits at all.
    """
    if not isinstance(text, str):
        raise BadInput("the question must be text", nb="spørsmålet må være tekst")
    if len(text) > MAX_QUESTION_CHARS:
        raise BadInput(
            f"the question is too long ({len(text):,} characters; at most {MAX_QUESTION_CHARS:,})",
            nb=f"spørsmålet er for langt ({len(text):,} tegn; høyst {MAX_QUESTION_CHARS:,})".replace(
                ",", " "
            ),
        )
    cleaned = clean(text)
    if not cleaned:
        raise BadInput("the question is empty", nb="spørsmålet er tomt")
    if not has_content(cleaned):
        raise BadInput(
            "the question has no letters or digits", nb="spørsmålet har ingen bokstaver eller tall"
        )
    return cleaned


_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^>]{0,200}>")
_MD_LINK = re.compile(r"!?\[([^\]]{0,200})\]\((?:[^()]|\([^()]{0,200}\)){0,500}\)")


def has_content(text: str) -> bool:
    """Whether a text has a letter or a digit at all."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def analysis_text(question: str) -> str:
    """What the router reads: HTML tags and script bodies dropped, Markdown links reduced to their text.

    The question as typed is still what answers echo (escaped); this only keeps markup from
    looking like words ("script", "alert") to the rules, the scope check and search.
    """
    text = _SCRIPT.sub(" ", question)
    text = _TAG.sub(" ", text)
    text = _MD_LINK.sub(r" \1 ", text)
    return " ".join(text.split())
