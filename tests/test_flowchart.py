"""The generated flowchart: every forløpstid and code from the facts, valid DOT, labels escaped."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from types import MappingProxyType

import pytest

from guideline.app import flowchart, text
from guideline.app.flowchart import dot_string, pathway_dot
from guideline.rules.facts import load_facts

# -- a small DOT parser (the subset the generator writes), so a malformed chart cannot pass ---------

_TOKEN = re.compile(
    r'\s+|(?P<str>"(?:[^"\\]|\\.)*")|(?P<arrow>->)|(?P<id>[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?)|(?P<p>[{}\[\];,=])'
)


def tokens(dot: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(dot):
        m = _TOKEN.match(dot, pos)
        if not m:
            raise SyntaxError(f"unexpected {dot[pos : pos + 20]!r} at {pos}")
        pos = m.end()
        if m.lastgroup == "str":
            out.append(("id", re.sub(r"\\(.)", lambda e: "\n" if e[1] == "n" else e[1], m[0][1:-1])))
        elif m.lastgroup in ("id", "arrow"):
            out.append((m.lastgroup, m[0]))
        elif m.lastgroup:
            out.append((m[0], m[0]))
    return out


class Dot:
    """Parses digraph { stmt* } with node, edge, attr, `a=b` and subgraph statements."""

    def __init__(self, dot: str) -> None:
        self.t = tokens(dot)
        self.i = 0
        self.nodes: dict[str, dict[str, str]] = {}
        self.edges: list[tuple[str, str, dict[str, str]]] = []
        self.expect("id", "digraph")
        if self.peek() == "id":
            self.take()
        self.block()
        if self.i != len(self.t):
            raise SyntaxError("text after the closing brace")

    def peek(self) -> str | None:
        return self.t[self.i][0] if self.i < len(self.t) else None

    def take(self) -> str:
        _, value = self.t[self.i]
        self.i += 1
        return value

    def expect(self, kind: str, value: str | None = None) -> str:
        if self.peek() != kind or (value is not None and self.t[self.i][1] != value):
            raise SyntaxError(f"expected {value or kind} at token {self.i}: {self.t[self.i : self.i + 3]}")
        return self.take()

    def attrs(self) -> dict[str, str]:
        out: dict[str, str] = {}
        self.expect("[")
        while self.peek() != "]":
            key = self.expect("id")
            self.expect("=")
            out[key] = self.expect("id")
            if self.peek() == ",":
                self.take()
        self.expect("]")
        return out

    def block(self) -> None:
        self.expect("{")
        while self.peek() != "}":
            self.statement()
            if self.peek() == ";":
                self.take()
        self.expect("}")

    def statement(self) -> None:
        if self.peek() == "{":
            self.block()
            return
        name = self.expect("id")
        if name == "subgraph":
            self.expect("id")
            self.block()
        elif name in ("graph", "node", "edge"):
            self.attrs()
        elif self.peek() == "=":
            self.take()
            self.expect("id")
        elif self.peek() == "arrow":
            self.take()
            target = self.expect("id")
            self.edges.append((name, target, self.attrs() if self.peek() == "[" else {}))
        else:
            self.nodes.setdefault(name, {}).update(self.attrs() if self.peek() == "[" else {})


@pytest.fixture(scope="module", params=["nb", "en"])
def parsed(request):
    return request.param, Dot(pathway_dot(request.param))


# -- the chart holds the facts ---------------------------------------------------------------------


def test_every_interval_is_an_edge_labelled_with_its_days(parsed):
    lang, dot = parsed
    labels = [e[2].get("label", "") for e in dot.edges]
    for iv in load_facts().intervals():
        wanted = {text("flow_days", lang, days=iv.days), text("flow_total", lang, days=iv.days)}
        assert wanted & set(labels), f"{iv.id}: no edge says {iv.days} days"


def test_every_code_appears_in_a_step_or_note(parsed):
    _, dot = parsed
    labels = " ".join(n.get("label", "") for n in dot.nodes.values())
    for code in load_facts().code_names():
        assert re.search(rf"\b{code}\b", labels), code


def test_edges_join_defined_nodes(parsed):
    _, dot = parsed
    for a, b, _ in dot.edges:
        assert "label" in dot.nodes.get(a, {}) and "label" in dot.nodes.get(b, {}), (a, b)


def test_treatment_split_and_whole_pathway_edges():
    dot = Dot(pathway_dot("nb"))
    book = load_facts()
    position = {e.id: i for i, e in enumerate(book.events)}
    for iv in book.intervals():
        if not iv.treatment:
            continue
        edges = [e for e in dot.edges if e[1] == f"{iv.to_event}.{iv.treatment}" and e[0] == iv.from_event]
        assert len(edges) == 1, iv.id
        skips = position[iv.to_event] - position[iv.from_event] > 1
        assert (edges[0][2].get("style") == "dashed") == skips, iv.id
        assert str(iv.days) in edges[0][2]["label"]


def test_codes_outside_the_clock_are_side_notes():
    dot = Dot(pathway_dot("nb"))
    events = {e.id for e in load_facts().events}
    notes = [f.data["code"] for f in load_facts().codes() if f.data.get("event") not in events]
    assert notes, "expected transfer and end codes as notes"
    for code in notes:
        assert dot.nodes[f"note.{code}"]["shape"] == "note"


def test_numbers_come_from_the_facts(monkeypatch):
    """Change every forløpstid in the data: the chart follows, no number is written in the code."""
    book = load_facts()
    facts = tuple(
        dataclasses.replace(f, data=MappingProxyType({**f.data, "days": f.data["days"] + 100}))
        if f.kind == "interval" else f
        for f in book.facts
    )  # fmt: skip
    monkeypatch.setattr(flowchart, "load_facts", lambda pathway: dataclasses.replace(book, facts=facts))
    labels = " ".join(e[2].get("label", "") for e in Dot(pathway_dot("nb")).edges)
    for iv in book.intervals():
        assert str(iv.days + 100) in labels
        assert not re.search(rf"(?<!\d){iv.days} kalenderdager", labels)


# -- DOT text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash \\N", '"back\\\\slash \\\\N"'),
        ("two\nlines", '"two\\nlines"'),
        ("} ]; -> {", '"} ]; -> {"'),
    ],
)
def test_dot_string_escapes(value, expected):
    assert dot_string(value) == expected
    assert tokens(dot_string(value)) == [("id", value)]


def test_graphviz_renders_the_chart_when_installed():
    """A second opinion from Graphviz itself where it is installed (the browser test renders it too)."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` not installed; the chart is checked by the parser above")
    try:
        import graphviz
    except ImportError:
        result = subprocess.run(
            ["dot", "-Tsvg"], input=pathway_dot("nb"), capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        svg = result.stdout
    else:
        svg = graphviz.Source(pathway_dot("nb")).pipe(format="svg").decode()
    assert "A04A" in svg


# -- the acute route, the end note, the text version ---------------------------------------------------


def test_the_acute_route_branches_off_the_first_step_with_its_window_from_the_facts(parsed):
    lang, dot = parsed
    acute = load_facts().fact("rule.acute")
    assert dot.nodes["acute"]["label"].replace("\n", " ").startswith(acute.label(lang)[:20])
    edges = [e for e in dot.edges if e[1] == "acute"]
    assert [e[0] for e in edges] == [load_facts().events[0].id]
    window = f"{acute.data['days_min']}–{acute.data['days_max']}"
    assert window in edges[0][2]["label"]


def test_the_end_note_hangs_under_every_treatment_step_not_one():
    dot = Dot(pathway_dot("nb"))
    into_end = {a for a, b, attrs in dot.edges if b == "note.A04X"}
    treatment_nodes = {n for n in dot.nodes if n.startswith("treatment_start")}
    assert into_end == treatment_nodes and len(treatment_nodes) >= 2
    assert all(attrs.get("style") == "invis" for a, b, attrs in dot.edges if b == "note.A04X")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_outline_says_every_forlopstid_and_code(lang):
    outline = flowchart.pathway_outline(lang)
    for iv in load_facts().intervals():
        assert str(iv.days) in outline
    for code in load_facts().code_names():
        assert code in outline
    assert load_facts().fact("rule.acute").label(lang) in outline
