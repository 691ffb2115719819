"""Structured facts of a pathway (codes, forløpstider, responsibilities, lists), each with its quotes.

The facts live as data in ``pathways/<id>/facts.toml``; this module reads them into small frozen
dataclasses and refuses a file whose citations do not hold: every section id must exist and
every quote (and every listed item) must stand verbatim in the cited section, by the same
definition of "verbatim" as the rest of the package (``corpus.document.contains_quote``). So a fact
can never say more than the guideline does, and a new pathway is a new data file.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..corpus.document import (
    DEFAULT_PATHWAY,
    Guideline,
    load_guideline,
    pathway_dir,
)
from ..errors import BadFacts, NotFound
from .fact_checks import FactChecker, check_links

KINDS = ("code", "interval", "responsibility", "list", "rule")
# Kinds of question a fact can answer; the cue words of each family are in data/cues.toml.
CUE_FAMILIES = ("deadline", "code", "who", "where", "what")
DEFAULT_CUES = {
    "code": ("code",),
    "interval": ("deadline",),
    "responsibility": ("who",),
    "list": ("what",),
    "rule": ("what",),
}
# Values under these data keys are guideline words and must be verbatim in a cited section.
VERBATIM_KEYS = frozenset(
    {"description", "items", "conditions", "exclusions", "members", "situations", "who", "where",
     "destination", "reporter", "not_reporter", "marking", "copy_to", "referral"}
)  # fmt: skip
SCHEMA = 1


class FrozenData(Mapping[str, Any]):
    """A fact's data, read-only; ``dataclasses.asdict`` and deep copies turn it into a plain dict."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"FrozenData({self._items!r})"

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return copy.deepcopy(self._items, memo)


@dataclass(frozen=True)
class Citation:
    """A verbatim quote and the id of the section it stands in."""

    section: str
    quote: str


@dataclass(frozen=True)
class Fact:
    """One structured fact; ``data`` holds its typed values (code, days, items, ...), read-only."""

    id: str
    kind: str
    label_nb: str
    label_en: str
    citations: tuple[Citation, ...]
    data: Mapping[str, Any] = field(hash=False)
    terms_nb: tuple[str, ...] = ()
    terms_en: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()

    def label(self, lang: str = "nb") -> str:
        return self.label_en if lang == "en" else self.label_nb

    @property
    def sections(self) -> tuple[str, ...]:
        """Cited section ids, first citation first, each once."""
        return tuple(dict.fromkeys(c.section for c in self.citations))

    @property
    def terms(self) -> tuple[str, ...]:
        return self.terms_nb + self.terms_en


@dataclass(frozen=True)
class Event:
    """A point on the pathway clock (referral, first visit, ...) and the codes that record it."""

    id: str
    label_nb: str
    label_en: str
    codes: tuple[str, ...]
    terms_nb: tuple[str, ...] = ()
    terms_en: tuple[str, ...] = ()

    def label(self, lang: str = "nb") -> str:
        return self.label_en if lang == "en" else self.label_nb

    @property
    def terms(self) -> tuple[str, ...]:
        return self.terms_nb + self.terms_en


@dataclass(frozen=True)
class Treatment(Event):
    """A treatment type that forløpstider tell apart ("medikamentell", "straale"): same shape as an event."""


@dataclass(frozen=True)
class Interval:
    """A forløpstid: at most ``days`` calendar days from ``from_event`` to ``to_event``."""

    fact: Fact
    days: int
    from_event: str
    to_event: str
    from_codes: tuple[str, ...]
    to_codes: tuple[str, ...]
    treatment: str | None

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def citation(self) -> Citation:
        return self.fact.citations[0]

    def label(self, lang: str = "nb") -> str:
        return self.fact.label(lang)


@dataclass(frozen=True)
class FactBook:
    """All facts of one pathway, in file order, with lookups by id and by code."""

    pathway: str
    code_prefix: str
    facts: tuple[Fact, ...]
    events: tuple[Event, ...]
    treatments: tuple[Treatment, ...]

    def fact(self, fact_id: str) -> Fact:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise NotFound(f"no fact {fact_id!r} in {self.pathway}")

    def code(self, code: str) -> Fact:
        """The fact of an NPR code, case-insensitive ("a04s" → A04S); NotFound if the pathway has none."""
        wanted = code.strip().upper()
        for f in self.codes():
            if f.data["code"] == wanted:
                return f
        raise NotFound(f"{self.pathway} has no code {wanted}")

    def codes(self) -> tuple[Fact, ...]:
        return self.of_kind("code")

    def code_names(self) -> tuple[str, ...]:
        return tuple(f.data["code"] for f in self.codes())

    def of_kind(self, kind: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.kind == kind)

    def intervals(self) -> tuple[Interval, ...]:
        """Forløpstider in file order (the guideline's table order)."""
        return tuple(
            Interval(
                fact=f,
                days=f.data["days"],
                from_event=f.data["from_event"],
                to_event=f.data["to_event"],
                from_codes=tuple(f.data.get("from_codes", ())),
                to_codes=tuple(f.data.get("to_codes", ())),
                treatment=f.data.get("treatment"),
            )
            for f in self.of_kind("interval")
        )

    def event(self, event_id: str) -> Event:
        for e in self.events:
            if e.id == event_id:
                return e
        raise NotFound(f"no event {event_id!r} in {self.pathway}")

    def treatment(self, treatment_id: str) -> Treatment:
        for t in self.treatments:
            if t.id == treatment_id:
                return t
        raise NotFound(f"no treatment type {treatment_id!r} in {self.pathway}")


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return FrozenData({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _str_tuple(raw: Any, where: str, check: FactChecker) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
        check.fail(where, "must be a list of non-empty strings")
        return ()
    return tuple(raw)


def _labels(raw: Mapping[str, Any], where: str, check: FactChecker) -> tuple[str, str]:
    labels = (raw.get("label_nb"), raw.get("label_en"))
    if not all(isinstance(label, str) and label.strip() for label in labels):
        check.fail(where, "label_nb and label_en must be non-empty strings")
        return ("", "")
    return labels  # type: ignore[return-value]


def _read_fact(raw: Mapping[str, Any], index: int, check: FactChecker) -> Fact | None:
    fid = raw.get("id")
    where = f"fact {fid!r}" if isinstance(fid, str) else f"fact #{index + 1}"
    kind = raw.get("kind")
    if not isinstance(fid, str) or kind not in KINDS:
        check.fail(where, f"needs a string id and a kind among {', '.join(KINDS)}")
        return None
    citations: list[Citation] = []
    raw_citations = raw.get("citations")
    if not isinstance(raw_citations, list) or not raw_citations:
        check.fail(where, "needs at least one citation {section, quote}")
    for n, c in enumerate(raw_citations or [], start=1):
        if not isinstance(c, dict) or set(c) != {"section", "quote"}:
            check.fail(f"{where} citation {n}", "must be a table with exactly section and quote")
            continue
        if check.verbatim(f"{where} citation {n}", c["section"], c["quote"]):
            citations.append(Citation(c["section"], c["quote"]))
    cues = _str_tuple(raw.get("cues"), f"{where} cues", check) or DEFAULT_CUES[kind]
    if unknown := [c for c in cues if c not in CUE_FAMILIES]:
        check.fail(where, f"unknown cue families {unknown}; known: {', '.join(CUE_FAMILIES)}")
    data = raw.get("data", {})
    if not isinstance(data, dict):
        check.fail(where, "data must be a table")
        data = {}
    sections = tuple(dict.fromkeys(c.section for c in citations))
    for key in VERBATIM_KEYS & set(data):
        for text in _strings(data[key]):
            check.verbatim_anywhere(f"{where} data.{key}", sections, text)
    label_nb, label_en = _labels(raw, where, check)
    return Fact(
        id=fid,
        kind=kind,
        label_nb=label_nb,
        label_en=label_en,
        citations=tuple(citations),
        data=_freeze(data),
        terms_nb=_str_tuple(raw.get("terms_nb"), f"{where} terms_nb", check),
        terms_en=_str_tuple(raw.get("terms_en"), f"{where} terms_en", check),
        cues=cues,
    )


def _read_points(raw: Any, name: str, cls: type, check: FactChecker) -> tuple[Any, ...]:
    out = []
    for n, item in enumerate(raw or [], start=1):
        where = f"{name} {item.get('id', f'#{n}')!r}" if isinstance(item, dict) else f"{name} #{n}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            check.fail(where, "needs a string id")
            continue
        label_nb, label_en = _labels(item, where, check)
        out.append(
            cls(
                id=item["id"],
                label_nb=label_nb,
                label_en=label_en,
                codes=_str_tuple(item.get("codes"), f"{where} codes", check),
                terms_nb=_str_tuple(item.get("terms_nb"), f"{where} terms_nb", check),
                terms_en=_str_tuple(item.get("terms_en"), f"{where} terms_en", check),
            )
        )
    return tuple(out)


def parse_facts(text: str, guideline: Guideline) -> FactBook:
    """Read and check a facts.toml text against its guideline; BadFacts lists what does not hold."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadFacts(f"{guideline.pathway} facts.toml is not valid TOML: {exc}") from None
    check = FactChecker(guideline)
    if raw.get("schema") != SCHEMA:
        check.fail("schema", f"must be {SCHEMA}")
    if raw.get("pathway") != guideline.pathway:
        check.fail("pathway", f"must be {guideline.pathway!r}")
    facts = tuple(f for i, r in enumerate(raw.get("fact", [])) if (f := _read_fact(r, i, check)) is not None)
    book = FactBook(
        pathway=guideline.pathway,
        code_prefix=guideline.code_prefix,
        facts=facts,
        events=_read_points(raw.get("event"), "event", Event, check),
        treatments=_read_points(raw.get("treatment"), "treatment", Treatment, check),
    )
    check_links(book, check)
    if check.problems:
        more = f" (and {len(check.problems) - 1} more)" if len(check.problems) > 1 else ""
        error = BadFacts(f"{guideline.pathway} facts.toml: {check.problems[0]}{more}")
        error.problems = tuple(check.problems)  # type: ignore[attr-defined]
        raise error
    return book


@lru_cache(maxsize=8)
def load_facts(pathway: str = DEFAULT_PATHWAY) -> FactBook:
    """The checked facts of a pathway (cached). NotFound if the pathway has no facts.toml."""
    path = pathway_dir(pathway) / "facts.toml"
    if not path.is_file():
        raise NotFound(f"pathway {pathway!r} has no facts.toml")
    return parse_facts(path.read_text(encoding="utf-8"), load_guideline(pathway))


def code(code: str, *, pathway: str = DEFAULT_PATHWAY) -> Fact:
    """The fact of one NPR code ("A04S", any case); NotFound for a code the pathway does not have."""
    return load_facts(pathway).code(code)


def fact(fact_id: str, *, pathway: str = DEFAULT_PATHWAY) -> Fact:
    return load_facts(pathway).fact(fact_id)


def codes(*, pathway: str = DEFAULT_PATHWAY) -> tuple[Fact, ...]:
    """Code facts in the guideline's order (A04A first, A04X last)."""
    return load_facts(pathway).codes()


def intervals(*, pathway: str = DEFAULT_PATHWAY) -> tuple[Interval, ...]:
    """The forløpstider in the guideline's table order."""
    return load_facts(pathway).intervals()
