"""The command line: `python -m guideline` or `guideline`. A stable contract for people and tools.

Exit codes: 0 success; 2 bad input (one line on stderr); 1 any other failure (one line on
stderr). Never a traceback. Environment variables are read here only: GUIDELINE_MODEL and
GUIDELINE_INDEX_DIR supply defaults for --model and --index-dir.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import NoReturn

from . import __version__
from .errors import BadInput, GuidelineError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
SEARCH_FIELDS = ("rank", "id", "section", "text", "score", "title")


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are bad input like any other: one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{message} (see `{self.prog} --help`)")


def _dumps(obj: dict) -> str:
    """One JSON line. Text that is not valid Unicode (lone surrogates: bytes in argv or stdin that are
    not UTF-8) is written as \\u escapes, so the line is still valid UTF-8 and valid JSON."""
    text = json.dumps(obj, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True)
    return text


def _stdin_lines() -> Iterator[str]:
    """Standard input line by line, end-of-line removed; a byte that is not text is one odd character, not a failed batch."""
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    for raw in sys.stdin:
        yield raw.rstrip("\r\n")


def _progress_bar(label: str) -> Callable[[int, int], None]:
    """A tqdm bar on stderr counting texts embedded, made on first use so a valid index prints nothing."""
    state: dict = {}

    def update(done: int, total: int) -> None:
        from tqdm import tqdm

        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=total, desc=label, unit=" texts", file=sys.stderr, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _engine(args: argparse.Namespace):
    from .search.engine import SearchEngine

    engine = SearchEngine.open(
        model=args.model,
        index_dir=args.index_dir,
        rebuild=not args.no_rebuild,
        progress=_progress_bar("building index"),
    )
    if engine.vectors.note:
        print(f"note: {engine.vectors.note}", file=sys.stderr)
    return engine


def _search_object(query: str, results) -> dict:
    return {"query": query, "results": [{k: asdict(r)[k] for k in SEARCH_FIELDS} for r in results]}


def cmd_index(args: argparse.Namespace) -> int:
    from .corpus.document import load_guideline
    from .search.index import default_index_dir, open_index

    folder = args.index_dir or default_index_dir()
    index, _ = open_index(
        load_guideline(),
        args.model,
        folder=folder,
        force=args.rebuild,
        progress=_progress_bar("building index"),
    )
    state = index.note or "index is up to date"
    encoder = (
        "ONNX query encoder"
        if index.manifest.get("encoder")
        else f"no ONNX export: {index.manifest.get('encoder_note') or 'unknown reason'}"
    )
    print(
        f"{state}: {len(index.chunks)} chunks, {len(index.units)} units,"
        f" {index.manifest.get('texts_embedded', '?')} texts embedded ({encoder}), model {index.manifest['model']}, in {folder}"
    )
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from .text.inputs import check_question

    if args.jsonl:
        engine = _engine(args)
        for line in _stdin_lines():
            try:
                obj = _search_object(line, engine.search(line, k=args.k))
            except BadInput as exc:
                obj = {"query": line, "results": [], "error": str(exc)}
            print(_dumps(obj), flush=True)
        return EXIT_OK
    if args.query is None:
        raise BadInput("give a query, or --jsonl to read queries from standard input")
    query = check_question(args.query)  # before loading the model: bad input fails fast
    engine = _engine(args)
    results = engine.search(query, k=args.k, mode=args.mode)
    if args.json:
        print(_dumps(_search_object(args.query, results)))
    else:
        for r in results:
            print(f"{r.rank}. [{r.score:.3f}] {r.title}  ({r.id})")
            print("   " + " ".join(r.text.split())[:300])
    return EXIT_OK


def _assistant(args: argparse.Namespace):
    from .answers.assistant import Assistant

    return Assistant(_engine(args))


def _print_answer(ans) -> None:
    from .answers.render import render

    print(ans.answer.rstrip())
    if ans.citations:
        print()
        print(render("citations.txt.j2", citations=ans.citations, lang=ans.lang).rstrip())


def cmd_ask(args: argparse.Namespace) -> int:
    from .answers.render import AUDIENCES
    from .rules.dates import parse_date
    from .text.inputs import check_question

    if args.audience not in AUDIENCES:
        raise BadInput(f"unknown audience {args.audience!r}; choose one of {', '.join(AUDIENCES)}")
    today = parse_date(args.today) if args.today else None
    if args.jsonl:
        assistant = _assistant(args)
        for line in _stdin_lines():
            try:
                obj = assistant.answer(line, args.audience, today=today).to_json()
            except BadInput as exc:
                obj = {
                    "question": line,
                    "audience": args.audience,
                    "kind": None,
                    "answer": "",
                    "citations": [],
                    "facts": [],
                    "error": str(exc),
                }
            print(_dumps(obj), flush=True)
        return EXIT_OK
    if args.question is None:
        raise BadInput("give a question, or --jsonl to read questions from standard input")
    check_question(args.question)
    ans = _assistant(args).answer(args.question, args.audience, today=today)
    if args.json:
        print(_dumps(ans.to_json()))
    else:
        _print_answer(ans)
    return EXIT_OK


def cmd_clock(args: argparse.Namespace) -> int:
    from .rules.clock import pathway_clock
    from .rules.dates import format_date, parse_date

    def read(value: str | None):
        return parse_date(value) if value else None

    report = pathway_clock(
        parse_date(args.referral),
        first_visit=read(args.first_visit),
        decision=read(args.decision),
        treatment_start=read(args.treatment_start),
        treatment=args.treatment,
        today=read(args.today),
    )
    lang = args.lang
    if report.errors:  # one line, whatever the number of errors and the output format
        extra = len(report.errors) - 1
        more = "" if not extra else f" (and {extra} more)" if lang == "en" else f" (og {extra} til)"
        print(f"error: {report.errors[0].message(lang)}{more}", file=sys.stderr)
    if args.json:
        print(json.dumps(clock_json(report, lang), ensure_ascii=False))
        return EXIT_OK if not report.errors else EXIT_BAD_INPUT
    for blocked in report.not_computable:
        print(f"{blocked.label(lang):<58} {blocked.days:>3} d  not computable: {blocked.reason(lang)}")
    for row in report.rows:
        used = f"{row.days_used} days used" if row.days_used is not None else ""
        print(
            f"{row.label(lang):<58} {row.days:>3} d  start {row.start.isoformat()}  deadline {row.deadline.isoformat()}"
            f" ({format_date(row.deadline, lang)})  {row.status:<6} {used}"
        )
    return EXIT_OK if not report.errors else EXIT_BAD_INPUT


def clock_json(report, lang: str = "nb") -> dict:
    """The `clock --json` object: rows in the guideline's table order, then order-of-event errors."""
    return {
        "treatment": report.treatment,
        "dates": {event: d.isoformat() for event, d in report.dates},
        "rows": [
            {
                "interval": r.interval_id,
                "label": r.label(lang),
                "days": r.days,
                "start": r.start.isoformat(),
                "deadline": r.deadline.isoformat(),
                "actual": r.actual.isoformat() if r.actual else None,
                "days_used": r.days_used,
                "status": r.status,
                "days_left": r.days_left,
                "citation": {"section": r.citation.section, "quote": r.citation.quote},
            }
            for r in report.rows
        ],
        "errors": [e.message(lang) for e in report.errors],
        # Extension: forløpstider that cannot be counted because their dates are out of order.
        "not_computable": [
            {"interval": r.interval_id, "label": r.label(lang), "days": r.days, "reason": r.reason(lang)}
            for r in report.not_computable
        ],
    }


def cmd_eval(args: argparse.Namespace) -> int:
    from .quality.evaluation import default_questions_path, evaluate, format_report, load_questions

    path = Path(args.file) if args.file else default_questions_path()
    if not path.is_file():
        raise BadInput(f"no question file at {path}")
    engine = _engine(args)
    questions = load_questions(path)
    if args.ablation:
        from .quality.ablation import format_ablation, run_ablation

        print(format_ablation(run_ablation(engine, questions)))
        return EXIT_OK
    report = evaluate(engine, questions)
    answers = None
    if not args.retrieval_only:
        from .answers.assistant import Assistant
        from .quality.answer_eval import evaluate_answers

        answers = evaluate_answers(Assistant(engine), questions)
    if args.json:
        obj = {"table": report.table, "counts": report.counts, "misses": report.misses}
        if answers is not None:
            obj["answers"] = asdict(answers)
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print("Retrieval (a hit: a returned passage contains an evidence string)")
        print(format_report(report, ids=not args.blind))
        if answers is not None:
            print("\nAnswers")
            print("\n".join(answers.lines(ids=not args.blind)))
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from .quality.bench import run_bench
    from .quality.evaluation import default_questions_path, load_questions

    questions = load_questions(Path(args.questions) if args.questions else default_questions_path())
    ask = None
    try:
        from .answers.assistant import engine_answerer

        ask = engine_answerer
    except ImportError:
        pass
    for label, value in run_bench(questions, model=args.model, index_dir=args.index_dir, ask=ask):
        print(f"{label:<32} {value}")
    return EXIT_OK


def cmd_readings(args: argparse.Namespace) -> int:
    import shutil

    from .corpus.document import load_guideline
    from .corpus.readings import load_readings
    from .errors import NotFound
    from .quality.faithfulness import check_readings
    from .quality.review import side_by_side

    guideline, readings = load_guideline(), load_readings()
    if args.section:
        try:
            lines = side_by_side(guideline, readings, args.section, width=shutil.get_terminal_size().columns)
        except NotFound:
            raise BadInput(
                f"no section {args.section!r}; the section ids are in `guideline search --json` results"
            ) from None
        print("\n".join(lines).rstrip())
        if not args.check:
            return EXIT_OK
    report = check_readings(guideline, readings)
    if args.json:
        print(json.dumps(report.__dict__, ensure_ascii=False))
    else:
        print("\n".join(report.lines()))
    return EXIT_FAILURE if args.check and not report.ok else EXIT_OK


def _index_dir(value: str) -> Path:
    """An --index-dir value: a path, never the empty string (which would mean the current folder)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must be a folder path, not empty")
    return Path(value)


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--model",
        default=os.environ.get("GUIDELINE_MODEL", "default"),
        help="sentence-transformers model name or local folder (default: $GUIDELINE_MODEL or the bundled all-MiniLM-L6-v2)",
    )
    common.add_argument(
        "--index-dir",
        type=_index_dir,
        default=Path(os.environ["GUIDELINE_INDEX_DIR"]) if os.environ.get("GUIDELINE_INDEX_DIR") else None,
        help="where the index lives (default: $GUIDELINE_INDEX_DIR or index/ in the project)",
    )
    common.add_argument(
        "--no-rebuild", action="store_true", help="fail instead of rebuilding a missing or stale index"
    )

    parser = _Parser(
        prog="guideline", description="Forløpsveileder: answers from Pakkeforløp for myelomatose."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "index", parents=[common], help="build the search index (or check that it is up to date)"
    )
    p.add_argument("--rebuild", action="store_true", help="rebuild even if the index is up to date")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", parents=[common], help="find the guideline passages that answer a query")
    p.add_argument("query", nargs="?", help="the query (omit with --jsonl)")
    p.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--jsonl", action="store_true", help="read one query per stdin line, print one JSON object per line"
    )
    p.add_argument(
        "--mode",
        choices=["fused", "bm25", "dense", "multilingual"],
        default="fused",
        help="ranker (default fused)",
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", parents=[common], help="answer a question from the guideline, with citations")
    p.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
    p.add_argument("--audience", default="doctor", help="doctor, coordinator or relative (default doctor)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="read one question per stdin line, print one JSON object per line",
    )
    p.add_argument(
        "--today",
        help="today's date, which gives dates written without a year their year (default: the system date)",
    )
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser(
        "clock", help="the pathway clock: every deadline from the event dates, met, missed or open"
    )
    p.add_argument("--referral", required=True, help="date the referral was received (A04A)")
    p.add_argument("--first-visit", help="date of the first visit (A04S)")
    p.add_argument("--decision", help="date the investigation ended with a decision (A04C*)")
    p.add_argument("--treatment-start", help="first treatment day (A04F*)")
    p.add_argument("--treatment", help="medikamentell or straale (default: show both)")
    p.add_argument("--today", help="today's date, for days left on open deadlines")
    p.add_argument("--lang", choices=["nb", "en"], default="nb", help="language of labels (default nb)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_clock)

    p = sub.add_parser("eval", parents=[common], help="retrieval quality (R@1/3/5, MRR@10) on a question set")
    p.add_argument("file", nargs="?", help="questions JSONL (default tests/data/questions.jsonl)")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    p.add_argument("--retrieval-only", action="store_true", help="skip the answer checks (faster)")
    p.add_argument(
        "--ablation",
        action="store_true",
        help="fused retrieval with the reading layer's texts switched on one at a time",
    )
    p.add_argument(
        "--blind", action="store_true", help="counts only, no question ids (keeps a held-out set unseen)"
    )
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "readings",
        help="the English and plain-Norwegian readings: check them, or review a section side by side",
    )
    p.add_argument("--section", help="print this section's units with their readings side by side")
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a unit lacks a fresh reading or a reading is unfaithful",
    )
    p.add_argument("--json", action="store_true", help="print the check report as JSON")
    p.set_defaults(func=cmd_readings)

    p = sub.add_parser("bench", parents=[common], help="timings and memory on this machine")
    p.add_argument("--questions", help="questions JSONL (default tests/data/questions.jsonl)")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "k", 1) is not None and getattr(args, "k", 1) < 1:
            raise BadInput("-k must be at least 1")
        return args.func(args)
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except GuidelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the edge: one line, never a traceback
        print(f"error: internal failure ({type(exc).__name__}: {exc})", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
