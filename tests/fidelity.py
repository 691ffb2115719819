"""Shared by the fidelity tests: the source with its page noise removed, the cleaned copy without markup."""

from __future__ import annotations

import re

URL = re.compile(r"https?://\S+")


def source_words(raw: str) -> str:
    """The PDF extraction as one line of words: page numbers, the PDF outline, bullets and URLs gone."""
    lines = raw.splitlines()
    kept: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("\t"):  # the PDF outline appended after the last page
            continue
        if re.fullmatch(r"\s*\d+\s*", line):
            following = next((x.strip() for x in lines[i + 1 :] if x.strip()), "")
            if following != "kalenderdager":  # a table value ("3 kalenderdager") is not a page number
                continue
        kept.append(line.replace("•", " "))
    return " ".join(URL.sub(" ", "\n".join(kept)).split())


def cleaned_words(markdown: str) -> str:
    """The cleaned copy as one line of words: headings, list, table and link markup gone, URLs gone."""
    out: list[str] = []
    for line in markdown.splitlines():
        s = line.strip()
        if re.fullmatch(r"\|?\s*:?-{3,}.*", s):
            continue
        s = re.sub(r"^#{1,6}\s+", "", s)
        s = re.sub(r"^[-*]\s+", "", s)
        if s.startswith("|"):
            s = " ".join(c.strip() for c in s.strip("|").split("|"))
        s = URL.sub(" ", s.replace("<http", "http").replace(">", " ") if s.startswith("<http") else s)
        out.append(s)
    return " ".join(" ".join(out).split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
