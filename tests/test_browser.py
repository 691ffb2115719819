"""The real app in a real browser: `streamlit run app.py` driven by headless Chromium.

Chromium is driven over the Chrome DevTools Protocol with the websockets client Streamlit
already depends on, so no driver or browser is downloaded at run time. Skipped when no
Chromium is installed (`.ci/run` installs it). Screenshots go to screenshots/ (git-ignored)
and to the test's tmp folder.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

connect = pytest.importorskip(
    "websockets.sync.client", reason="websockets (a Streamlit dependency) is missing"
).connect

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
        if p and Path(p).exists()
    ),
    None,
)
SERVER_START = 90  # seconds until streamlit answers its health check
ANSWER_WAIT = 180  # first answer includes loading the model (~10–20 s) on a cold machine
QUESTION = "Hvilke prøver skal fastlegen ta ved mistanke om myelomatose?"
EXPECTED = "Proteinelektroforese"
SCREENSHOTS = ROOT / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.25) -> Any:
    """Poll ``check`` until it returns something truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except (OSError, ValueError):
            value = None
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    """End a process group this test started (SIGTERM, then SIGKILL)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


class Page:
    """A tab of Chromium over the DevTools Protocol: evaluate JavaScript, type, press keys, screenshot."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = itertools.count(1)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        n = next(self.ids)
        self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == n:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("text", "JavaScript error"))
        return result["result"].get("value")

    def type(self, text: str) -> None:
        self.send("Input.insertText", text=text)

    def press_enter(self) -> None:
        key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
        self.send("Input.dispatchKeyEvent", type="keyDown", text="\r", **key)
        self.send("Input.dispatchKeyEvent", type="keyUp", **key)

    def screenshot(self, *paths: Path) -> bytes:
        # The viewport only: capturing beyond it resizes the page, and the app re-lays out mid-shot.
        png = base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png)
        return png


@dataclass(frozen=True)
class Server:
    url: str
    log: Path


@pytest.fixture(scope="module")
def server(real_index_dir, tmp_path_factory) -> Iterator[Server]:
    """`streamlit run app.py` on a free local port, shared by this module; output to a file; always stopped."""
    if CHROMIUM is None:
        pytest.skip("no Chromium binary (install the `chromium` package); the browser test needs one")
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

        def healthy() -> bool:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                return r.status == 200

        wait_for(healthy, SERVER_START, "the streamlit server")
        yield Server(url, log_path)
    finally:
        stop(proc)
        log.close()


@pytest.fixture
def page(server, tmp_path) -> Iterator[Page]:
    """Headless Chromium with a fresh profile, opened on the app; always closed."""
    profile = tmp_path / "chromium-profile"
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "--window-size=1400,1200", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        port_file = profile / "DevToolsActivePort"
        port = int(
            wait_for(
                lambda: port_file.exists() and port_file.read_text().split()[0],
                60,
                "Chromium's DevTools port",
            )
        )

        def app_tab() -> str | None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                targets = json.load(r)
            return next((t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page"), None)

        with connect(wait_for(app_tab, 30, "a Chromium page"), max_size=None, open_timeout=30) as ws:
            tab = Page(ws)
            # Size first, then load: the app lays out (sidebar open or not) for the size it starts at.
            tab.send(
                "Emulation.setDeviceMetricsOverride",
                width=1400,
                height=1200,
                deviceScaleFactor=1,
                mobile=False,
            )
            tab.send("Page.navigate", url=server.url)
            yield tab
    finally:
        stop(proc)


VISIBLE = "(el) => !!el && el.getClientRects().length > 0 && el.checkVisibility()"


def test_ask_in_the_browser_and_see_answer_with_citation(page, tmp_path):
    wait_for(
        lambda: page.js("!!document.querySelector('[data-testid=stChatInputTextArea]')"),
        120,
        "the chat input",
    )
    page.js("document.querySelector('[data-testid=stChatInputTextArea]').focus()")
    page.type(QUESTION)
    page.press_enter()

    def answered() -> bool:
        return page.js(
            f"""(() => {{
                const visible = {VISIBLE};
                const msgs = [...document.querySelectorAll('[data-testid=stChatMessage]')];
                const reply = msgs.at(-1);
                return msgs.length >= 2 && visible(reply) && reply.innerText.includes({json.dumps(EXPECTED)})
                    && visible(reply.querySelector('[data-testid=stExpander]'));
            }})()"""
        )

    wait_for(answered, ANSWER_WAIT, "the answer with a citation")
    texts = page.js("[...document.querySelectorAll('[data-testid=stChatMessage]')].map(m => m.innerText)")
    assert QUESTION in texts[-2]
    assert EXPECTED in texts[-1] and "Fra regelverket" in texts[-1]
    summary = page.js(
        "document.querySelector('[data-testid=stChatMessage] [data-testid=stExpander] summary').innerText"
    )
    assert "[1] " in summary and "Filterfunksjon" in summary

    # Open the first citation, so the screenshot shows the passage with its quote highlighted.
    page.js("document.querySelector('[data-testid=stExpander] summary').click()")
    wait_for(
        lambda: page.js(
            "!!document.querySelector('[data-testid=stExpander] details[open], [data-testid=stExpander] [data-testid=stExpanderDetails]')"
        ),
        10,
        "the opened citation",
    )
    page.js("document.querySelector('[data-testid=stExpander]').scrollIntoView({block: 'center'})")
    time.sleep(0.8)  # the expander animates open
    highlighted = page.js(
        "[...document.querySelectorAll('[data-testid=stExpander] span')]"
        ".filter(s => getComputedStyle(s).backgroundColor !== 'rgba(0, 0, 0, 0)').map(s => s.innerText)"
    )
    assert any(EXPECTED in h for h in highlighted), highlighted
    png = page.screenshot(SCREENSHOTS / "chat.png", tmp_path / "chat.png")
    assert png.startswith(b"\x89PNG")


def test_clock_and_flowchart_tabs_render(page, tmp_path):
    wait_for(lambda: page.js("document.querySelectorAll('[role=tab]').length === 3"), 120, "the tabs")

    def open_tab(name: str) -> None:
        page.js(
            f"[...document.querySelectorAll('[role=tab]')].find(b => b.innerText.includes({json.dumps(name)})).click()"
        )

    open_tab("Forløpsklokke")
    wait_for(
        lambda: page.js(f"({VISIBLE})(document.querySelector('[data-testid=stTable]'))"),
        60,
        "the clock table",
    )
    wait_for(
        lambda: page.js(
            "!!document.querySelector('[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg')"
        ),
        60,
        "the timeline",
    )
    time.sleep(1)
    page.screenshot(SCREENSHOTS / "clock.png", tmp_path / "clock.png")

    open_tab("Flytskjema")
    svg_text = wait_for(
        lambda: page.js("(document.querySelector('[data-testid=stGraphVizChart] svg') || {}).textContent"),
        60,
        "the flowchart",
    )
    assert "A04O" in svg_text and "A04X" in svg_text and "A04FM" in svg_text
    time.sleep(1)
    page.screenshot(SCREENSHOTS / "flowchart.png", tmp_path / "flowchart.png")


def test_question_does_not_reach_the_server_log(page, server):
    secret = "Ola Nordmann-QZ9, hva er forløpstiden til første fremmøte?"
    wait_for(
        lambda: page.js("!!document.querySelector('[data-testid=stChatInputTextArea]')"),
        120,
        "the chat input",
    )
    page.js("document.querySelector('[data-testid=stChatInputTextArea]').focus()")
    page.type(secret)
    page.press_enter()
    wait_for(
        lambda: page.js(
            "document.querySelectorAll('[data-testid=stChatMessage] [data-testid=stExpander]').length > 0"
        ),
        ANSWER_WAIT,
        "the answer",
    )
    assert "QZ9" not in server.log.read_text(errors="replace")
