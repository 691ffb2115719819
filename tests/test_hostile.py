"""Hostile input: every odd, malicious or extreme input gets an answer or a one-line refusal.

Never a crash, never live markup from the question in the answer, never an evaluated template,
never an NPR code described that the pathway does not have. Through ``Assistant.answer``, the
CLI in-process (``ask --json``, ``search --json``, ``clock --referral``), a sample of real
processes, and hypothesis on arbitrary text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from answer_checks import (
    MemoEmbedder,
    invented_codes,
    one_error_line,
    run_cli,
    torch_threads,
    unsafe_markup,
)
from conftest import ROOT
from hostile_inputs import HOSTILE, Hostile, counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guideline.answers import Answer, Assistant
from guideline.errors import BadInput
from guideline.search.engine import SearchEngine

pytestmark = pytest.mark.model

AUDIENCES = ("doctor", "coordinator", "relative")
IDS = [f"{h.category}-{i}" for i, h in enumerate(HOSTILE)]
CASES = list(enumerate(HOSTILE))
DATE_CASES = [(i, h) for i, h in CASES if h.date is not None]
UNMENTIONED = re.compile(
    r"^(?:Pakkeforløpet nevner ikke|The pathway does not mention|Pakkeforløpet sier ikke noe om|The pathway says nothing about) [^\n]*$",
    re.MULTILINE,
)
INJECTED = ("pwned", "system prompt", "systemprompt", "gyldig kode", "fast track", "passordet")


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    with torch_threads(1):
        yield


@pytest.fixture(scope="session")
def hostile_engine(engine) -> SearchEngine:
    """The real engine, its model behind a memo: answer, ask and search embed each text once."""
    return SearchEngine(engine.guideline, MemoEmbedder(engine.embedder), engine.vectors)


@pytest.fixture(scope="session")
def assistant(hostile_engine) -> Assistant:
    return Assistant(hostile_engine)


@pytest.fixture(scope="session")
def answered(assistant) -> dict[int, Answer | Exception]:
    """Every hostile input answered once (audiences in turn), or what it raised (judged per input)."""
    out: dict[int, Answer | Exception] = {}
    for i, h in CASES:
        try:
            out[i] = assistant.answer(h.text, AUDIENCES[i % 3])
        except Exception as exc:
            out[i] = exc
    return out


@pytest.fixture
def cli_on_shared_engine(hostile_engine, real_index_dir, monkeypatch, capsys):
    """The CLI in-process with the engine already loaded (the subprocess sample covers real loading)."""
    monkeypatch.setattr(SearchEngine, "open", classmethod(lambda cls, **_: hostile_engine))

    def run(command: str, *argv: str) -> tuple[int, str, str]:
        return run_cli(capsys, command, "--index-dir", str(real_index_dir), *argv)

    return run


def check_answer(h: Hostile, obj: dict) -> None:
    """Invariants for every answered input, then what is known about this one."""
    md = obj["answer"]
    assert isinstance(md, str) and md.strip() and obj["kind"] in ("rule", "search", "out_of_scope")
    assert not unsafe_markup(md, h.text), (unsafe_markup(md, h.text), md)
    assert not invented_codes(md), (invented_codes(md), md)
    # Nothing injected is acted on or repeated, except that an answer may name, in quotes, up to
    # three words of the question the guideline never uses ("nevner ikke «vaksiner»", "sier ikke
    # noe om «bilkjøring»").
    body = UNMENTIONED.sub("", md)
    assert not any(word in body.lower() for word in INJECTED), md
    for quoted in UNMENTIONED.findall(md):
        assert len(re.findall(r"«[^»]*»|“[^”]*”", quoted)) <= 3 and not re.search(
            r"[\d\\<>*_\[\]]", quoted
        ), quoted
    if h.expect.startswith("unknown_code:"):
        code = h.expect.split(":", 1)[1]
        assert obj["kind"] == "out_of_scope" and obj["computed"] == []
        assert f"ingen kode {code}" in md or f"no code {code}" in md, md
    elif h.expect.startswith("code:"):
        code = h.expect.split(":", 1)[1]
        assert obj["kind"] == "rule", md
        assert code in [f["data"].get("code") for f in obj["facts"]], obj["facts"]
    elif h.expect == "invalid_date":
        assert obj["kind"] == "rule" and obj["computed"] == [], md
        assert any(
            w in md for w in ("finnes ikke", "does not exist", "utenfor", "outside", "mangler", "missing")
        ), md


def test_the_inputs_cover_every_kind_of_hostility():
    assert len(HOSTILE) >= 220
    wanted = {
        "empty_whitespace", "huge", "control", "rtl_bidi", "emoji", "combining", "zero_width", "homoglyph",
        "html", "markdown", "javascript_url", "template", "prompt_injection", "sql", "shell", "date",
        "unknown_code", "odd_case_code", "long_word", "punctuation", "mixed_language", "markup_mixed",
    }  # fmt: skip
    assert wanted <= set(counts())
    assert any(len(h.text) == 100_000 for h in HOSTILE)
    assert len({h.text for h in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize(
    ("markdown", "question", "caught"),
    [
        ("<script>alert(1)</script>", "", True),
        (r"\<script\>alert(1)\</script\>", "", False),
        (r"\\<b>", "", True),  # an escaped backslash, then a live tag
        ("[x](javascript:alert(1))", "", True),
        (r"\[x\]\(javascript:alert(1)\)", "", False),
        ("![x](http://evil/x.png)", "", True),
        ("Se kilde [1] og [2].", "", False),
        ("{{ 7*7 }}", "", True),
        ("Svaret er 49.", "{{ 7*7 }}", True),
        ("Svaret er 49.", "{{ 7*7 }} eller 49", False),
    ],
)
def test_the_markup_check_catches_what_it_should(markdown, question, caught):
    assert bool(unsafe_markup(markdown, question)) is caught


def test_the_code_check_catches_an_invented_code():
    assert invented_codes("A04Z: hurtigspor. A04S: første fremmøte.") == ["A04Z"]
    assert invented_codes("Pakkeforløpet har ingen kode A04Z eller B04S. Kodene er A04A og A04X.") == []


@pytest.mark.parametrize(("i", "h"), CASES, ids=IDS)
def test_answer_is_safe_or_bad_input(answered, i, h):
    result = answered[i]
    if h.expect == "bad_input":
        assert isinstance(result, BadInput), result
        assert "\n" not in str(result)
        return
    assert isinstance(result, Answer), f"{type(result).__name__} for an answerable input: {result}"
    check_answer(h, result.to_json())


@pytest.mark.parametrize(("i", "h"), CASES, ids=IDS)
def test_cli_ask_json(cli_on_shared_engine, answered, i, h):
    code, out, err = cli_on_shared_engine("ask", "--json", "--audience", AUDIENCES[i % 3], "--", h.text)
    if isinstance(answered[i], BadInput):
        assert code == 2 and out == "" and one_error_line(err), (code, err)
        return
    assert code == 0 and err == "", (code, err)
    obj = json.loads(out)
    assert obj == answered[i].to_json()  # the CLI shows exactly what the library answered
    check_answer(h, obj)


@pytest.mark.parametrize(("i", "h"), CASES, ids=IDS)
def test_cli_search_json(cli_on_shared_engine, hostile_engine, answered, i, h):
    code, out, err = cli_on_shared_engine("search", "--json", "-k", "3", "--", h.text)
    if h.expect == "bad_input":
        assert code == 2 and out == "" and one_error_line(err), (code, err)
        return
    assert code == 0 and err == "", (code, err)
    obj = json.loads(out)
    assert obj["query"] == h.text
    assert [r["rank"] for r in obj["results"]] == [1, 2, 3]
    assert all(r["id"] in {c.id for c in hostile_engine.chunks} for r in obj["results"])


@pytest.mark.parametrize(("i", "h"), DATE_CASES, ids=[IDS[i] for i, _ in DATE_CASES])
def test_cli_clock_on_date_like_input(capsys, i, h):
    for value, ok in ((h.date, h.date_ok), (h.text, h.date_ok and h.text == h.date)):
        code, out, err = run_cli(capsys, "clock", f"--referral={value}", "--json")
        if ok:
            assert code == 0 and err == "", (value, err)
            assert json.loads(out)["rows"]
        else:
            assert code == 2 and one_error_line(err), (value, code, err)


def test_option_like_text_without_double_dash_is_one_line_or_help(capsys, real_index_dir):
    """A question that looks like an option is argparse's business: help, version, or a one-line error."""
    for text in ("--bogus", "-k", "--audience"):
        code, out, err = run_cli(capsys, "ask", text, "--index-dir", str(real_index_dir))
        assert code == 2 and out == "" and one_error_line(err), (text, err)
    code, out, _ = run_cli(capsys, "ask", "--help")
    assert code == 0 and "usage" in out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300))
def test_answer_never_raises_anything_but_bad_input(assistant, text):
    try:
        result = assistant.answer(text, "doctor")
    except BadInput as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert not unsafe_markup(result.answer, text), (unsafe_markup(result.answer, text), result.answer)
    assert not invented_codes(result.answer), result.answer


# -- real processes ---------------------------------------------------------------------------

SUBPROCESS_SAMPLE: list[tuple[list[str | bytes], int]] = [
    (["ask", "--json", "<script>alert(1)</script> hvem kan henvise?"], 0),
    (["ask", "hva betyr A04Z"], 0),  # the terminal text, citations included
    (["search", "--json", "\u202eS40A si tahw ما هو'; DROP TABLE patients; --"], 0),
    (["ask", "--json", b"\xff\xfe hva betyr a04s"], 0),  # bytes in argv that are not UTF-8
    (["ask", "--json", "--", ""], 2),
    (["ask", "--json", "--", "x" * 2001], 2),
    (["search", "--json", "--", "\u200b\u202e"], 2),
    (["ask", "--bogus", "hva betyr A04S"], 2),
    (["clock", "--referral=31.02.2026"], 2),
    (["clock", "--referral=29.02.2028", "--json"], 0),
]


def _run_process(argv: list[str | bytes], stdin: bytes | None, real_index_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8", "OMP_NUM_THREADS": "1"}
    common = ["--index-dir", str(real_index_dir)] if argv[0] in ("ask", "search") else []
    cmd = [sys.executable, "-m", "guideline", argv[0], *common, *argv[1:]]
    return subprocess.run(cmd, input=stdin, capture_output=True, timeout=600, cwd=ROOT, env=env)


def test_real_processes_never_show_a_traceback(real_index_dir):
    """A sample in fresh processes, strict UTF-8 on stdout, plus every fourth input through `ask --jsonl`."""
    sample = HOSTILE[::4]
    lines = "\n".join(h.text.replace("\x00", " ") for h in sample).encode("utf-8", "surrogatepass")
    jobs = [(argv, None, code) for argv, code in SUBPROCESS_SAMPLE]
    jobs.append((["ask", "--jsonl"], lines + b"\n\xff\xfe not utf-8 A04S\n", 0))
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores
        procs = list(pool.map(lambda job: _run_process(job[0], job[1], real_index_dir), jobs))
    for (argv, _, expected), proc in zip(jobs, procs, strict=True):
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == expected, (argv[:2], proc.returncode, err)
        assert "Traceback" not in err
        if expected == 2:
            assert one_error_line(err), err
        out = proc.stdout.decode("utf-8")  # strict: the output is valid UTF-8
        if expected == 0 and ("--json" in argv or "--jsonl" in argv):
            # split on "\n" only: str.splitlines() would also cut at a U+2028 inside a JSON string
            objs = [json.loads(line) for line in out.split("\n") if line]
            assert objs
            for obj in objs:
                if obj.get("answer"):
                    assert not unsafe_markup(obj["answer"], obj["question"]), obj
                    assert not invented_codes(obj["answer"]), obj
    jsonl = [json.loads(line) for line in procs[-1].stdout.decode("utf-8").split("\n") if line]
    assert len(jsonl) >= len(sample) and sum("error" in obj for obj in jsonl) >= 5
    assert "error" not in jsonl[-1] and "A04S" in jsonl[-1]["answer"]
