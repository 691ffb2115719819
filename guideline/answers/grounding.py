"""Checks that an answer invents nothing: every code, number and date it states is backed.

A code, day count or date in an answer must appear in what the answer cites (passages,
quotes) or in the facts and computed deadlines it rests on. Markers like [2] are not claims.
"""

from __future__ import annotations

import json
import re

from .answer import Answer

_MARKER = re.compile(r"\[\d+\]")
_ESCAPE = re.compile(r"\\(.)")
_CODE = re.compile(r"\b[A-Z]\d{2}[A-Z]{0,3}\b")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w-])\d+(?![\w-])")


def unescaped(markdown: str) -> str:
    """The answer's text with Markdown escapes and citation markers removed."""
    return _MARKER.sub(" ", _ESCAPE.sub(r"\1", markdown))


def claims(answer: Answer) -> set[str]:
    """Codes, ISO dates and whole numbers the answer states."""
    text = unescaped(answer.answer)
    found = set(_CODE.findall(text)) | set(_ISO.findall(text))
    found |= set(_NUMBER.findall(_ISO.sub(" ", text)))
    return found


def backing_text(answer: Answer) -> str:
    parts = [c.text for c in answer.citations] + [q for c in answer.citations for q in c.quotes]
    parts.append(json.dumps(list(answer.facts), ensure_ascii=False))
    parts.append(json.dumps(list(answer.computed), ensure_ascii=False))
    return "\n".join(parts)


def ungrounded(answer: Answer) -> set[str]:
    """Claims of the answer that nothing it cites backs (empty set: grounded).

    What the question itself says may be echoed ("the pathway has no code A04Z").
    """
    backing = backing_text(answer) + "\n" + answer.question
    years_and_days = set(_NUMBER.findall(backing)) | {
        p for iso in _ISO.findall(backing) for p in iso.split("-")
    }
    missing = set()
    for claim in claims(answer):
        if claim.isdigit():
            if claim not in years_and_days and str(int(claim)) not in {str(int(x)) for x in years_and_days}:
                missing.add(claim)
        elif claim not in backing:
            missing.add(claim)
    return missing
