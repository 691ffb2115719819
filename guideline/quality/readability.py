"""LIX readability (Björnsson): words per sentence plus the share of long words, in percent.

Under 30 is very easy, 30–40 easy (children's books, plain-language guidance), 40–50 medium
(newspapers), over 50 hard (official and academic text).
"""

from __future__ import annotations

import re

from ..answers.answer import Answer
from ..answers.grounding import unescaped

_SENTENCE = re.compile(r"[.!?:]+(?:\s|$)|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def lix(text: str) -> float:
    """LIX of a text; 0.0 for text with no words."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE.split(text) if _WORD.search(s)]))
    long_words = sum(len(w) > 6 for w in words)
    return len(words) / sentences + 100 * long_words / len(words)


def own_words_lix(answer: Answer) -> float:
    """LIX of what the answer says in its own words: framing lines and glossary, not guideline quotes or items."""
    lines = [
        line
        for line in unescaped(answer.answer).splitlines()
        if line.strip() and not line.lstrip().startswith((">", "- ", "**")) and not line.startswith("---")
    ]
    lines += [g["explanation"] for g in answer.glossary]
    return lix("\n".join(lines))
