"""Readings: every unit of the guideline in English and in plain Norwegian, kept as reviewable data.

The bundled embedding model reads English only, and relatives read plain Norwegian best, so
each unit (sentence, list item, table row) has two renderings written from the guideline
alone: ``en``, a faithful translation, and ``plain``, the same content as a patient leaflet
would say it. They live in ``pathways/<id>/readings/<part>.toml``, one ``[[unit]]`` table per
unit with its ``id``, the ``sha`` of the official text it was written for, that ``official``
text (for the reviewer's eye) and the two readings; ``[[title]]`` tables do the same for
section headings.

A reading is *fresh* when its unit still has the text it was written for: the same id and
sha, or (after an insertion shifted the ids) the same sha elsewhere in the same section. A
unit whose id has a reading for another text is *stale*; one with none is *missing*. Search
and answers use fresh readings only; ``guideline readings --check`` reports the rest.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import GuidelineError
from ..pathways import DEFAULT_PATHWAY, pathway_dir
from .document import Guideline, load_guideline
from .units import SectionUnit, all_units

READINGS_DIR = "readings"
LANGS = ("en", "plain")


class BadReadings(GuidelineError):
    """A readings file that cannot be read (invalid TOML, an entry without id or text)."""


@dataclass(frozen=True)
class Reading:
    """The English and plain-Norwegian renderings of one unit, and the official text they render."""

    unit_id: str
    sha: str
    official: str
    en: str
    plain: str
    source: str = ""  # the file it came from, for messages

    def text(self, lang: str) -> str:
        """``en`` or ``plain``."""
        return self.en if lang == "en" else self.plain


@dataclass(frozen=True)
class TitleReading:
    """A section heading in English and in plain Norwegian."""

    section: str
    official: str
    en: str
    plain: str


@dataclass(frozen=True)
class ReadingStatus:
    """How the readings match the guideline: unit ids missing a reading, with a stale one, and readings of no unit."""

    missing: tuple[str, ...]
    stale: tuple[str, ...]
    orphans: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale)


@dataclass(frozen=True)
class Readings:
    """All readings of a pathway, looked up by unit."""

    entries: tuple[Reading, ...]
    titles: dict[str, TitleReading]
    sha256: str  # of the files' bytes: the index manifest records it, so changed readings rebuild
    _by_id: dict[str, Reading] = field(default_factory=dict, repr=False, compare=False)
    _by_section_sha: dict[tuple[str, str], Reading] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for r in self.entries:
            self._by_id.setdefault(r.unit_id, r)
            self._by_section_sha.setdefault((r.unit_id.rsplit(":", 1)[0], r.sha), r)

    def for_unit(self, unit: SectionUnit) -> Reading | None:
        """The fresh reading of a unit, or None when it has none or only a stale one."""
        r = self._by_id.get(unit.id)
        if r is not None and r.sha == unit.sha:
            return r
        return self._by_section_sha.get((unit.section, unit.sha))

    def title(self, section_id: str, lang: str) -> str | None:
        """A section heading in ``en`` or ``plain``, when one was written."""
        t = self.titles.get(section_id)
        return None if t is None else (t.en if lang == "en" else t.plain) or None

    def title_path(self, guideline: Guideline, section_id: str, lang: str) -> str:
        """The section's title path in ``lang``, each heading falling back to the official one."""
        section = guideline.section(section_id)
        ids = [section_id.split("/")[: i + 1] for i in range(len(section.title_path))]
        titles = [
            self.title("/".join(parts), lang) or official
            for parts, official in zip(ids, section.title_path, strict=True)
        ]
        return " › ".join(titles)

    def status(self, guideline: Guideline) -> ReadingStatus:
        """Which units lack a fresh reading (missing or stale), and which readings match no unit."""
        units = all_units(guideline)
        used: set[int] = set()
        missing, stale = [], []
        for u in units:
            r = self.for_unit(u)
            if r is not None:
                used.add(id(r))
            elif u.id in self._by_id:
                stale.append(u.id)
            else:
                missing.append(u.id)
        unit_ids = {u.id for u in units}
        orphans = [r.unit_id for r in self.entries if id(r) not in used and r.unit_id not in unit_ids]
        return ReadingStatus(tuple(missing), tuple(stale), tuple(orphans))


def readings_dir(pathway: str = DEFAULT_PATHWAY) -> Path:
    return pathway_dir(pathway) / READINGS_DIR


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise BadReadings(f"{where}: {key} must be a string")
    return value


def parse_readings(files: dict[str, str]) -> Readings:
    """Readings from file name → TOML text; raises BadReadings for a file that cannot be read."""
    entries: list[Reading] = []
    titles: dict[str, TitleReading] = {}
    digest = hashlib.sha256()
    for name in sorted(files):
        text = files[name]
        digest.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise BadReadings(f"readings file {name} is not valid TOML: {exc}") from None
        for n, entry in enumerate(data.get("unit", []), start=1):
            where = f"{name} unit #{n}"
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise BadReadings(f"{where}: needs a string id")
            entries.append(
                Reading(
                    unit_id=entry["id"],
                    sha=_text(entry, "sha", where),
                    official=_text(entry, "official", where),
                    en=_text(entry, "en", where).strip(),
                    plain=_text(entry, "plain", where).strip(),
                    source=name,
                )
            )
        for n, entry in enumerate(data.get("title", []), start=1):
            where = f"{name} title #{n}"
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise BadReadings(f"{where}: needs a string id")
            titles[entry["id"]] = TitleReading(
                entry["id"],
                _text(entry, "official", where),
                _text(entry, "en", where).strip(),
                _text(entry, "plain", where).strip(),
            )
    return Readings(tuple(entries), titles, digest.hexdigest())


@lru_cache(maxsize=8)
def load_readings(pathway: str = DEFAULT_PATHWAY) -> Readings:
    """The readings of a pathway (cached); empty when the pathway has none yet."""
    folder = readings_dir(pathway)
    files = (
        {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.toml"))}
        if folder.is_dir()
        else {}
    )
    return parse_readings(files)


def unit_readings(guideline: Guideline | None = None) -> dict[str, Reading]:
    """Unit id → fresh reading, for every unit of the guideline that has one."""
    guideline = guideline or load_guideline()
    readings = load_readings(guideline.pathway)
    out = {}
    for u in all_units(guideline):
        r = readings.for_unit(u)
        if r is not None:
            out[u.id] = r
    return out
