"""The pathway as a Graphviz DOT flowchart, generated from the facts data.

The guideline's own "Flytskjema" section says only "Kommer", so the app draws this one. Every
step, code and number comes from ``facts.toml``: events are the steps (with the codes that
record them), forløpstider label the edges, an event reached by treatment-specific intervals
is split into one step per treatment type, intervals that skip steps (the whole pathway) are
dashed, codes whose event is not a step of the clock (transfer, end) are side notes, and the
acute route (``rule.acute``) branches off the first step. Steps are grouped by the guideline
part their codes belong to. ``pathway_outline`` says the same as a Markdown list, for narrow
screens and screen readers. Wording is in prompts/ui.toml.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from ..answers.render import md_escape
from ..corpus.document import DEFAULT_PATHWAY, load_guideline
from ..errors import NotFound
from ..rules.facts import Event, Fact, FactBook, load_facts
from .wording import data_value, text

DASH = " – "
WRAP = 36  # characters per label line
GRAPH_ATTRS = 'rankdir=TB, fontname="Helvetica", nodesep=0.35, ranksep=0.6, newrank=true'
NODE_ATTRS = 'shape=box, style="rounded,filled", fillcolor="#eef4fb", color="#5b7fa6", fontname="Helvetica", fontsize=12'
NOTE_ATTRS = 'shape=note, style=filled, fillcolor="#fff8e1", color="#b08d2c"'
OTHER_ATTRS = 'style="rounded,filled,dashed", fillcolor="#f5f5f5", color="#8a8a8a"'
EDGE_ATTRS = 'fontname="Helvetica", fontsize=11, color="#37506b"'
ACUTE_ATTRS = 'style="rounded,filled,bold", fillcolor="#fdecea", color="#b3261e"'
ACUTE_FACT = "rule.acute"


def dot_string(value: str) -> str:
    """A DOT double-quoted string holding ``value``; newlines become centred line breaks."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + escaped.replace("\n", "\\n") + '"'


def _lines(*parts: str | Iterable[str]) -> str:
    out: list[str] = []
    for part in parts:
        for line in [part] if isinstance(part, str) else part:
            out += textwrap.wrap(line, WRAP) or [""]
    return "\n".join(out)


def _code_lines(facts: list[Fact], lang: str) -> list[str]:
    """ "A04CK påvist myelomatose …": each code with its label, minus the part all the step's codes share."""
    parts = [f.label(lang).split(DASH)[1:] for f in facts]  # the label after "A04CK – "
    shared = 0
    while len(parts) > 1 and all(len(p) > shared + 1 and p[shared] == parts[0][shared] for p in parts):
        shared += 1
    return [f"{f.data['code']} {DASH.join(p[shared:])}".strip() for f, p in zip(facts, parts, strict=True)]


def _step_of(codes: Iterable[str], book: FactBook) -> str | None:
    for c in codes:
        step = book.code(c).data.get("step")
        if step:
            return str(step)
    return None


class _Graph:
    """Collects nodes per cluster and edges, then writes DOT."""

    def __init__(self) -> None:
        self.clusters: dict[str | None, list[str]] = {}
        self.edges: list[str] = []

    def node(self, node_id: str, label: str, cluster: str | None, attrs: str = "") -> None:
        extra = f", {attrs}" if attrs else ""
        self.clusters.setdefault(cluster, []).append(
            f"{dot_string(node_id)} [label={dot_string(label)}{extra}];"
        )

    def edge(self, a: str, b: str, attrs: str) -> None:
        self.edges.append(f"{dot_string(a)} -> {dot_string(b)} [{attrs}];")

    def nodes_of(self, cluster: str | None) -> list[str]:
        """Ids of the nodes added to a cluster, in order."""
        return [n.split(" [", 1)[0].strip('"') for n in self.clusters.get(cluster, [])]


def acute_window(book: FactBook, lang: str) -> str | None:
    """ "1–2 døgn" from the acute rule's data; None if the pathway has no acute rule."""
    try:
        data = book.fact(ACUTE_FACT).data
    except NotFound:
        return None
    return text(
        "acute_window", lang, min=data["days_min"], max=data["days_max"], unit=data_value(data["unit"], lang)
    )


def _acute(graph: _Graph, book: FactBook, lang: str) -> None:
    """The acute route: a step of its own off the first event, its window on the edge."""
    window = acute_window(book, lang)
    if window is None:
        return
    fact = book.fact(ACUTE_FACT)
    first = book.events[0]
    step = _step_of(first.codes, book)
    lines = [fact.label(lang)] + ([str(fact.data["referral"])] if lang != "en" else [])
    graph.node("acute", _lines(*lines), step, ACUTE_ATTRS)
    label = text("flow_acute_edge", lang, window=window)
    graph.edge(
        first.id, "acute", f'label={dot_string(label)}, color="#b3261e", fontcolor="#b3261e", penwidth=1.6'
    )


def pathway_dot(lang: str = "nb", *, pathway: str = DEFAULT_PATHWAY) -> str:
    """The pathway flowchart as DOT text (``digraph``), labels in ``lang`` ("nb" or "en")."""
    book = load_facts(pathway)
    guideline = load_guideline(pathway)
    parts = {s.id: s.title for s in guideline.parts}
    events = {e.id: e for e in book.events}
    position = {e.id: i for i, e in enumerate(book.events)}
    intervals = book.intervals()
    split = {iv.to_event for iv in intervals if iv.treatment}  # steps told apart by treatment type
    graph = _Graph()

    def node_id(event: str, treatment: str | None) -> str:
        return f"{event}.{treatment}" if event in split and treatment else event

    first_of_step: dict[str, str] = {}
    for event in book.events:
        step = _step_of(event.codes, book)
        for nid in _event_nodes(graph, event, book, lang, split, step):
            first_of_step.setdefault(step or "", nid)

    for iv in intervals:
        a, b = node_id(iv.from_event, iv.treatment), node_id(iv.to_event, iv.treatment)
        if position[iv.to_event] - position[iv.from_event] == 1:
            graph.edge(a, b, f"label={dot_string(text('flow_days', lang, days=iv.days))}, penwidth=1.6")
        else:
            label = text("flow_total", lang, days=iv.days)
            graph.edge(a, b, f'label={dot_string(label)}, style=dashed, color="#7a8ea6"')

    # Codes of a split step that belong to no treatment type: starts with no forløpstid.
    for event_id in split:
        event = events[event_id]
        if position[event_id] == 0:
            continue
        previous = book.events[position[event_id] - 1].id
        if _other_codes(event, book):
            graph.edge(node_id(previous, None), f"{event_id}.other", 'style=dotted, color="#8a8a8a"')

    # Codes recorded for something other than a clock event (transfer, end): side notes. A note
    # of the step where the clock ends (the end of the pathway) hangs under every node of that
    # step, not under one treatment type; any other note hangs off the first node of its step.
    last_step = _step_of(book.events[-1].codes, book)
    for fact in book.codes():
        if fact.data.get("event") in events:
            continue
        step = fact.data.get("step")
        nid = f"note.{fact.data['code']}"
        when = fact.data.get(f"when_{'en' if lang == 'en' else 'nb'}")
        graph.node(nid, _lines(fact.label(lang), *([when] if when else [])), step, NOTE_ATTRS)
        if step == last_step:
            for other in graph.nodes_of(step):
                if not other.startswith("note."):
                    graph.edge(other, nid, "style=invis")
        elif anchor := first_of_step.get(step or ""):
            graph.edge(anchor, nid, 'style=dotted, arrowhead=none, color="#b08d2c"')

    _acute(graph, book, lang)

    return _write(graph, parts, guideline.title)


def _other_codes(event: Event, book: FactBook) -> list[str]:
    treated = {c for t in book.treatments for c in t.codes}
    return [c for c in event.codes if c not in treated]


def _event_nodes(
    graph: _Graph, event: Event, book: FactBook, lang: str, split: set[str], step: str | None
) -> list[str]:
    """Add the node(s) of one event; a split event gets one per treatment type plus one for other codes."""
    if event.id not in split:
        graph.node(
            event.id, _lines(event.label(lang), _code_lines([book.code(c) for c in event.codes], lang)), step
        )
        return [event.id]
    all_facts = [book.code(c) for c in event.codes]
    lines = dict(zip(event.codes, _code_lines(all_facts, lang), strict=True))
    made = []
    for t in book.treatments:
        nid = f"{event.id}.{t.id}"
        graph.node(nid, _lines(event.label(lang), t.label(lang), [lines.get(c, c) for c in t.codes]), step)
        made.append(nid)
    if other := _other_codes(event, book):
        nid = f"{event.id}.other"
        graph.node(nid, _lines(text("flow_other_start", lang), [lines[c] for c in other]), step, OTHER_ATTRS)
        made.append(nid)
    return made


def _write(graph: _Graph, parts: dict[str, str], title: str) -> str:
    out = [
        "digraph pathway {",
        f"  graph [{GRAPH_ATTRS}, label={dot_string(title)}, labelloc=t, fontsize=14];",
        f"  node [{NODE_ATTRS}];",
        f"  edge [{EDGE_ATTRS}];",
    ]
    for i, (cluster, nodes) in enumerate(graph.clusters.items()):
        if cluster is None:
            out += [f"  {n}" for n in nodes]
            continue
        out.append(f"  subgraph cluster_{i} {{")
        out.append(
            f'    label={dot_string(parts.get(cluster, cluster))}; labeljust=l; style="rounded,dashed"; color="#9aa5b1";'
        )
        out += [f"    {n}" for n in nodes]
        out.append("  }")
    out += [f"  {e}" for e in graph.edges]
    out.append("}")
    return "\n".join(out) + "\n"


def pathway_outline(lang: str = "nb", *, pathway: str = DEFAULT_PATHWAY) -> str:
    """The flowchart as a Markdown list: each step with its codes and the forløpstider that start there,
    then the acute route and the side notes. Every value escaped; same data as ``pathway_dot``."""
    book = load_facts(pathway)
    events = {e.id: e for e in book.events}
    treatments = {t.id: t for t in book.treatments}
    position = {e.id: i for i, e in enumerate(book.events)}
    lines = []
    for event in book.events:
        lines.append(f"- **{md_escape(event.label(lang))}** ({md_escape(', '.join(event.codes))})")
        for iv in book.intervals():
            if iv.from_event != event.id:
                continue
            target = events[iv.to_event].label(lang)
            if iv.treatment:
                target += f" – {treatments[iv.treatment].label(lang)}"
            skips = position[iv.to_event] - position[iv.from_event] > 1
            days = text("flow_total" if skips else "flow_days", lang, days=iv.days)
            lines.append(f"  - {md_escape(text('flow_to', lang, target=target, days=days))}")
        if event is book.events[0] and acute_window(book, lang):
            lines.append(f"  - {md_escape(book.fact(ACUTE_FACT).label(lang))}")
    for fact in book.codes():
        if fact.data.get("event") in events:
            continue
        when = fact.data.get(f"when_{'en' if lang == 'en' else 'nb'}")
        lines.append(f"- {md_escape(fact.label(lang))}" + (f": {md_escape(when)}" if when else ""))
    return "\n".join(lines)
