"""Shared by the robustness tests: what every rendered answer must satisfy, and two speed helpers.

``unsafe_markup`` and ``invented_codes`` are the invariants: whatever the question, the answer
Markdown carries no live markup from it and describes no NPR code the pathway does not have.
``MemoEmbedder`` and ``torch_threads`` only make the suites fast enough on a small shared
machine; neither changes a single answer (the model is deterministic, bit for bit, across
thread counts and calls).
"""

from __future__ import annotations

import io
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from guideline.cli import main
from guideline.rules.facts import load_facts

# A special character preceded by an even number of backslashes (zero included) is live Markdown.
_LIVE = r"(?<!\\)(?:\\\\)*"
LIVE_MARKUP = {
    "raw HTML (<)": re.compile(_LIVE + r"<"),
    "link or image target (](": re.compile(_LIVE + r"\]\("),
    "bracket that is not a citation marker": re.compile(_LIVE + r"\[(?!\d+\])"),
    "template or LaTeX delimiter ({ } $)": re.compile(_LIVE + r"[{}$]"),
    "image (!)": re.compile(_LIVE + r"!\["),
}
CODE_SHAPED = re.compile(r"(?<![A-Za-z0-9])([A-Z]\d{2}[A-Z]{1,3})(?![A-Za-z0-9])")
_NO_SUCH_CODE = re.compile(r"(?:\bingen kode|\bno code) ([^.]*)")


def unsafe_markup(markdown: str, question: str) -> list[str]:
    """What in an answer could render as markup or show an evaluated template; empty when safe."""
    found = [name for name, pattern in LIVE_MARKUP.items() if pattern.search(markdown)]
    squeezed = re.sub(r"\s", "", question)
    evaluated = {"7*7": "49", "7*'7'": "7777777"}
    found += [
        f"{expr} evaluated to {value}"
        for expr, value in evaluated.items()
        if expr in squeezed and value not in question and value in markdown
    ]
    return found


def invented_codes(markdown: str) -> list[str]:
    """Code-shaped words in an answer that the pathway does not have, unless the answer says so."""
    known = set(load_facts().code_names())
    denied = {c for m in _NO_SUCH_CODE.finditer(markdown) for c in CODE_SHAPED.findall(m.group(1))}
    return sorted({c for c in CODE_SHAPED.findall(markdown) if c not in known and c not in denied})


def one_error_line(err: str) -> bool:
    """The CLI's failure contract: exactly one line on stderr, starting with "error: ", no traceback."""
    return err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err


def run_cli(capsys, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    """The CLI in-process: (exit code, stdout, stderr). argparse's own exits count as exit codes."""
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    except SystemExit as exc:  # --help/--version; anything else is a contract breach the caller sees
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = sys.__stdin__
    out = capsys.readouterr()
    return code, out.out, out.err


class MemoEmbedder:
    """The real embedder behind a memo of its vectors: the same vectors, one model call per distinct text."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.id, self.dimension, self.max_tokens = inner.id, inner.dimension, inner.max_tokens
        self.calls = 0  # model calls actually made
        self._memo: dict[tuple[str, ...], np.ndarray] = {}
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        key = tuple(texts)
        with self._lock:
            hit = self._memo.get(key)
        if hit is None:
            hit = self.inner.embed(texts)  # outside our lock: concurrent misses reach the model together
            with self._lock:
                self._memo[key] = hit
                self.calls += 1
        return hit.copy()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Torch intra-op threads for a block. One thread: a one-query encode on a busy 2-core machine is
    ~30 ms instead of ~200 ms (OpenMP workers spin against other processes); vectors are identical."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
