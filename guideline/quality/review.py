"""A section's units with their readings side by side, for a person reviewing them in a terminal.

Official text, English and plain Norwegian in three columns when the terminal is wide enough,
one under the other when it is not; each unit is headed by its id and the problems the
faithfulness checks find in it.
"""

from __future__ import annotations

import textwrap

from ..corpus.document import Guideline
from ..corpus.readings import Readings
from ..corpus.units import section_units
from .faithfulness import load_terms, unit_problems

COLUMNS_FROM = 120  # terminal width at which the three texts stand side by side
LABELS = ("official", "en", "plain")


def _columns(texts: tuple[str, str, str], width: int) -> list[str]:
    col = (width - 6) // 3
    wrapped = [textwrap.wrap(t, col) or [""] for t in texts]
    height = max(len(w) for w in wrapped)
    rows = []
    for i in range(height):
        cells = [(w[i] if i < len(w) else "").ljust(col) for w in wrapped]
        rows.append("  ".join(cells).rstrip())
    return rows


def _stacked(texts: tuple[str, str, str], width: int) -> list[str]:
    rows = []
    for label, text in zip(LABELS, texts, strict=True):
        lines = textwrap.wrap(text, max(20, width - 11)) or [""]
        rows.append(f"  {label:<8} {lines[0]}")
        rows += [f"  {'':<8} {line}" for line in lines[1:]]
    return rows


def side_by_side(guideline: Guideline, readings: Readings, section_id: str, *, width: int = 80) -> list[str]:
    """Lines showing every unit of one section with its readings (raises NotFound for an unknown section)."""
    section = guideline.section(section_id)
    terms = load_terms(guideline.pathway)
    out = [
        section.path_label,
        readings.title_path(guideline, section_id, "en"),
        readings.title_path(guideline, section_id, "plain"),
        "",
    ]
    if width >= COLUMNS_FROM:
        out += _columns(LABELS, width)
    for unit in section_units(guideline, section):
        reading = readings.for_unit(unit)
        en, plain = (reading.en, reading.plain) if reading else ("(no reading)", "(no reading)")
        problems = unit_problems(unit.text, reading, terms) if reading else ["no fresh reading"]
        out.append(f"{unit.id}" + (f"  !! {'; '.join(problems)}" if problems else ""))
        texts = (" ".join(unit.text.split()), en, plain)
        out += _columns(texts, width) if width >= COLUMNS_FROM else _stacked(texts, width)
        out.append("")
    return out
