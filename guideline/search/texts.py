"""The texts search reads for each passage and unit: the official text and its two readings.

Each unit of a chunk is searchable as the guideline writes it (``official``), as a patient
leaflet would say it (``plain``, Norwegian) and in English (``en``). A unit without a fresh
reading has only its official text; the readings of such a unit are empty strings. Headings
come in the same three forms, so a chunk's plain or English text starts with its heading in
that language.

A unit's plain text is also read together with the glossary's Norwegian explanations of the
terms it names (``glosses``): a relative asks "er det noen andre som har hatt det samme vi kan
snakke med?", in the words of the explanation of "likepersoner", not the term.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus.chunking import Chunk, Unit
from ..corpus.document import Guideline
from ..corpus.glossary import load_glossary, terms_in
from ..corpus.readings import Readings
from ..corpus.units import SectionUnit, lead_ins, section_units

FORMS = ("official", "plain", "en")


@dataclass(frozen=True)
class Choice:
    """Which texts search reads (all on by default; the ablation in ``guideline eval --ablation`` turns them off)."""

    plain: bool = True  # Norwegian stems and n-grams also read the plain readings
    english: bool = True  # an English-stem BM25 reads the English readings
    english_dense: bool = True  # dense scores also read the English readings' vectors
    thesaurus: bool = True  # query words found in the thesaurus add the guideline's words
    glossary: bool = True  # Norwegian questions also read the glossary's explanations of a unit's terms
    multilingual: bool = True  # the multilingual dense ranker (multilingual.py) scores too


DEFAULT_CHOICE = Choice()


@dataclass(frozen=True)
class UnitTexts:
    """One unit of a chunk in its three forms; ``plain`` and ``en`` are empty without a fresh reading."""

    official: str
    plain: str
    en: str

    def form(self, name: str) -> str:
        return getattr(self, name)


@dataclass(frozen=True)
class PassageTexts:
    """The searchable texts of a corpus, aligned with its chunks and units (same order, same length)."""

    headings: tuple[UnitTexts, ...]  # per chunk: its section's own heading in the three forms
    title_paths: tuple[UnitTexts, ...]  # per chunk: the whole title path in the three forms
    units: tuple[UnitTexts, ...]  # per unit (``chunk_units`` order)
    owners: tuple[int, ...]  # per unit: the position of its chunk
    leads: tuple[
        UnitTexts | None, ...
    ] = ()  # per unit: the line introducing it, for list items and table rows
    glosses: tuple[str, ...] = ()  # per unit: the glossary's explanations of the terms it names

    def chunk_doc(self, position: int, form: str) -> str:
        """A chunk in one form: its heading, then its units' texts in that form."""
        body = " ".join(u.form(form) for u, o in zip(self.units, self.owners, strict=True) if o == position)
        return f"{self.headings[position].form(form)}\n{body}"

    def in_context(self, i: int, form: str) -> str:
        """A unit in one form, after the line that introduces it (a list item reads as part of its lead-in)."""
        text = self.units[i].form(form)
        lead = self.leads[i] if i < len(self.leads) else None
        return f"{lead.form(form)} {text}" if text and lead is not None and lead.form(form) else text

    def unit_doc(self, i: int, form: str) -> str:
        """A unit in one form, in context, headed by its section's heading ("" if it has no such form)."""
        text = self.in_context(i, form)
        return f"{self.headings[self.owners[i]].form(form)}\n{text}" if text else ""

    def glossed_doc(self, i: int) -> str:
        """A unit's plain document followed by the explanations of its terms ("" without a plain reading)."""
        doc = self.unit_doc(i, "plain")
        gloss = self.glosses[i] if i < len(self.glosses) else ""
        return f"{doc}\n{gloss}" if doc and gloss else doc

    def has_readings(self) -> bool:
        return any(u.en for u in self.units)

    def has_glosses(self) -> bool:
        return any(self.glosses)


def passage_texts(
    guideline: Guideline, chunks: list[Chunk], units: list[Unit], readings: Readings
) -> PassageTexts:
    """Official texts and fresh readings for every chunk and unit; readings of stale units left empty."""
    every = [
        su
        for section in dict.fromkeys(c.section for c in chunks)
        for su in section_units(guideline, guideline.section(section))
    ]
    by_id = {su.id: su for su in every}
    lead_of = {su.id: lead for su, lead in zip(every, lead_ins(every), strict=True)}

    def texts_of(su: SectionUnit, text: str | None = None) -> UnitTexts:
        reading = readings.for_unit(su)
        return UnitTexts(text or su.text, reading.plain if reading else "", reading.en if reading else "")

    every_term = len(load_glossary(guideline.pathway))
    unit_texts, leads, glosses = [], [], []
    for u in units:
        # A unit the chunker cut in two (over-long) gives each part the reading of the whole.
        su = by_id.get(u.unit_id)
        unit_texts.append(texts_of(su, u.text) if su else UnitTexts(u.text, "", ""))
        lead = lead_of.get(u.unit_id)
        leads.append(texts_of(lead) if lead else None)
        named = terms_in(u.text, pathway=guideline.pathway, limit=every_term)
        glosses.append(" ".join(t.explanation for t in named))
    headings, paths = [], []
    for c in chunks:
        section = guideline.section(c.section)
        headings.append(
            UnitTexts(
                section.title,
                readings.title(c.section, "plain") or section.title,
                readings.title(c.section, "en") or section.title,
            )
        )
        paths.append(
            UnitTexts(
                section.path_label,
                readings.title_path(guideline, c.section, "plain"),
                readings.title_path(guideline, c.section, "en"),
            )
        )
    return PassageTexts(
        tuple(headings),
        tuple(paths),
        tuple(unit_texts),
        tuple(u.chunk for u in units),
        tuple(leads),
        tuple(glosses),
    )
