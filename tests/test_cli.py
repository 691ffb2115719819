"""The CLI is a contract other tools rely on: shapes, exit codes, one-line errors, help for every command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from guideline.cli import build_parser, main

SEARCH_KEYS = {"rank", "id", "section", "text", "score"}


@pytest.fixture
def cli(real_index_dir, capsys):
    """Run the CLI in-process against the shared real index; returns (exit code, stdout, stderr)."""

    def run(*argv: str, stdin: str | None = None):
        if stdin is not None:
            import io

            sys.stdin = io.StringIO(stdin)
        try:
            code = main([*argv, "--index-dir", str(real_index_dir)])
        finally:
            sys.stdin = sys.__stdin__
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_search_json_is_one_object_best_first(cli):
    code, out, err = cli("search", "hvilke prøver skal fastlegen ta", "-k", "3", "--json")
    assert code == 0 and err == ""
    obj = json.loads(out)
    assert obj["query"] == "hvilke prøver skal fastlegen ta"
    assert [r["rank"] for r in obj["results"]] == [1, 2, 3]
    assert all(r.keys() >= SEARCH_KEYS for r in obj["results"])
    scores = [r["score"] for r in obj["results"]]
    assert scores == sorted(scores, reverse=True)
    assert "Proteinelektroforese" in obj["results"][0]["text"]


def test_search_jsonl_answers_each_line_in_order(cli):
    code, out, _ = cli(
        "search", "--jsonl", "-k", "2", stdin="hvem kan henvise?\n\nwhich code on the first visit\n"
    )
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [x["query"] for x in lines] == [
        "hvem kan henvise?",
        "",
        "which code on the first visit",
    ]
    assert len(lines[0]["results"]) == 2 and lines[1]["results"] == [] and "empty" in lines[1]["error"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("   \t ", "empty"),
        ("x" * 2001, "too long"),
        ("\x00\x01\x02", "empty"),
        ("?!…", "no letters"),
    ],
)
def test_bad_queries_exit_2_with_one_line(cli, query, message):
    code, out, err = cli("search", query, "--json")
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_k_must_be_positive(cli):
    code, _, err = cli("search", "kode", "-k", "0")
    assert code == 2 and "-k" in err


def test_index_reports_an_up_to_date_index(cli):
    code, out, _ = cli("index")
    assert code == 0 and "up to date" in out


def test_no_rebuild_on_a_missing_index_names_the_command(tmp_path, capsys):
    code = main(["search", "kode", "--index-dir", str(tmp_path / "none"), "--no-rebuild"])
    err = capsys.readouterr().err
    assert code == 1 and "guideline index" in err and err.count("\n") == 1


def test_unknown_model_is_one_line(tmp_path, capsys):
    code = main(["search", "kode", "--model", str(tmp_path / "no-such-model"), "--index-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "cannot load embedding model" in err and err.count("\n") == 1


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return list(action.choices)


@pytest.mark.parametrize("command", subcommands())
def test_every_command_has_help_and_is_in_the_readme(command):
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    help_texts = {c.dest: c.help for c in action._choices_actions}
    assert help_texts[command]
    assert f"guideline {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_dash_m_runs_in_a_fresh_process(real_index_dir):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "guideline",
            "search",
            "hva betyr A04S",
            "-k",
            "1",
            "--json",
            "--index-dir",
            str(real_index_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["text"]
    assert "Traceback" not in proc.stderr


def test_an_empty_index_dir_is_a_usage_error(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "guideline", "search", "henvisning", "--index-dir", ""],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--index-dir" in done.stderr
    assert not (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize("as_json", [False, True])
def test_clock_with_dates_out_of_order_prints_one_line(capsys, as_json):
    from answer_checks import one_error_line, run_cli

    argv = ["clock", "--referral", "10.3.2026", "--first-visit", "1.3.2026", "--decision", "2.3.2026"]
    code, out, err = run_cli(capsys, *argv, *(["--json"] if as_json else []))
    assert code == 2
    assert one_error_line(err), err
    if as_json:
        assert len(json.loads(out)["errors"]) >= 2  # every error is still in the JSON for tools
