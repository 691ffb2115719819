"""What the browser tests share: one real `streamlit run app.py` server per session and Debian's Chromium.

Loaded as a pytest plugin by tests/test_browser.py and tests/test_accessibility.py
(``pytest_plugins``), so both modules use the same server (the model loads once). Playwright
(``pytest-playwright``) launches the Chromium that is already installed, through
``executable_path``: nothing is downloaded (never run ``playwright install``). The tests skip
when Playwright or Chromium is missing; `.ci/run` installs Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "screenshots"  # git-ignored
CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
        if p and Path(p).exists()
    ),
    None,
)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]  # fmt: skip
SERVER_START = 90  # seconds until streamlit answers its health check
ANSWER_WAIT = 180_000  # ms; the first answer may include loading the model on a cold machine
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """End the process group this fixture started (SIGTERM, then SIGKILL)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@dataclass(frozen=True)
class Server:
    url: str
    log: Path

    def at(self, path: str = "", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{self.url}/{path}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def app_server(real_index_dir, tmp_path_factory) -> Iterator[Server]:
    """`streamlit run app.py` on a free local port, shared by the session; output to a file; always stopped."""
    pytest.importorskip("playwright.sync_api", reason="Playwright is missing (make install-dev)")
    if CHROMIUM is None:
        pytest.skip("no Chromium binary (install the `chromium` package); the browser tests need one")
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {
        **os.environ,
        "GUIDELINE_INDEX_DIR": str(real_index_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("GUIDELINE_MODEL", None)
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {SERVER_START} s")
            time.sleep(0.25)
        yield Server(url, log_path)
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium, headless, with no background network traffic."""
    if CHROMIUM is None:
        pytest.skip("no Chromium binary")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": WIDE, "accept_downloads": True, "locale": "nb-NO"}


def shot(page: Any, name: str, tmp_path: Path | None = None) -> Path:
    """A screenshot of the viewport into screenshots/ (and the test's tmp folder)."""
    wait_idle(page, 30_000)
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    if tmp_path is not None:
        shutil.copy(path, tmp_path / path.name)
    return path


def wait_idle(page: Any, timeout: float = ANSWER_WAIT) -> None:
    """Wait until Streamlit has finished its run (no "running" status, no stale elements)."""
    from playwright.sync_api import expect

    expect(
        page.locator("[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon]")
    ).to_have_count(0, timeout=timeout)
    expect(page.locator("[data-stale=true]")).to_have_count(0, timeout=timeout)


def open_page(page: Any, server: Server, path: str = "", **params: str) -> None:
    """Load a page of the app and wait until it has drawn (the model may still be loading on the chat)."""
    from playwright.sync_api import expect

    page.goto(server.at(path, **params))
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=60_000)


def ask(page: Any, question: str) -> Any:
    """Type a question in the pinned box, send it with Enter, and return the new answer's chat message.

    The reply is found as the chat message after the user's own bubble, not by counting messages:
    a rerun that a click has just started (say, a change of audience) can briefly show the history
    twice, once stale, and a count taken then is wrong.
    """
    from playwright.sync_api import expect

    wait_idle(page)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    users = page.get_by_test_id("stChatMessage").filter(has=page.get_by_test_id("stChatMessageAvatarUser"))
    mine = users.filter(has_text=question.splitlines()[0]).last
    expect(mine).to_be_visible(timeout=ANSWER_WAIT)
    reply = mine.locator("xpath=following::*[@data-testid='stChatMessage'][1]")
    expect(reply.locator("[data-testid=stAlert], [data-testid=stDownloadButton]").first).to_be_visible(
        timeout=ANSWER_WAIT
    )
    wait_idle(page)
    return reply


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
