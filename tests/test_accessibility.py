"""Accessibility in the real browser: an axe-core audit of every page in both languages, and a keyboard path.

axe-core comes bundled with `axe-playwright-python` (no download at test time). Every page is
audited in the state people see it in: the chat with an answer and an open citation, the
calculator with a result (rows that cannot be computed and the acute line included), the
flowchart, the guideline. The counts per page and language go to screenshots/axe-report.json.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright is missing (make install-dev)")
pytest.register_assert_rewrite("browser_support")  # before its import: it is also loaded as a plugin
axe_sync = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is missing"
)

from browser_support import SCREENSHOTS, ask, open_page, wait_idle  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from guideline.app import clock_fields  # noqa: E402

pytest_plugins = ["browser_support"]
pytestmark = [pytest.mark.browser, pytest.mark.model]

BLOCKING = ("serious", "critical")
QUESTION = {"nb": "Hvilke prøver skal fastlegen ta ved mistanke om myelomatose?",
            "en": "Which tests should the GP take when myeloma is suspected?"}  # fmt: skip
DATES = {  # a case with every kind of row: counted, not computable (treatment before decision), acute
    "nb": ("3.3.2026", "9.3.2026", "27.3.2026", "20.3.2026"),
    "en": ("2026-03-03", "2026-03-09", "2026-03-27", "2026-03-20"),
}
REPORT: dict[str, dict[str, int]] = {}


def prepare(page, server, name: str, lang: str) -> None:
    params = {} if lang == "nb" else {"lang": lang}
    if name == "chat":
        open_page(page, server, **params)
        reply = ask(page, QUESTION[lang])
        reply.get_by_test_id("stExpander").first.locator("summary").click()
        expect(reply.get_by_test_id("stExpanderDetails").first).to_be_visible()
    elif name == "forlopsklokke":
        open_page(page, server, name, **params)
        for field, value in zip(clock_fields(lang), DATES[lang], strict=True):
            box = page.get_by_role("textbox", name=field.label)
            box.fill(value)
            box.press("Enter")
            wait_idle(page, 30_000)
        page.get_by_test_id("stCheckbox").locator("label").click()  # the acute route
        expect(page.get_by_role("checkbox")).to_be_checked()
        expect(page.get_by_test_id("stTable")).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first).to_be_visible(
            timeout=30_000
        )
    else:
        if name == "pakkeforlopet":
            params["section"] = "inngang"  # a whole part: paragraphs, lists, tables and a link
        open_page(page, server, name, **params)
        if name == "flytskjema":
            expect(page.get_by_test_id("stGraphVizChart").locator("svg")).to_be_visible(timeout=60_000)
        else:
            expect(page.get_by_role("main").locator("table").first).to_be_visible(timeout=30_000)
            expect(page.get_by_role("main").get_by_role("link").first).to_be_visible()
    wait_idle(page, 60_000)
    expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("name", ["chat", "forlopsklokke", "flytskjema", "pakkeforlopet"])
def test_axe_finds_no_serious_or_critical_violation(page, app_server, name, lang):
    prepare(page, app_server, name, lang)
    results = axe_sync.Axe().run(page)
    violations = results.response["violations"]
    counts = {impact: 0 for impact in ("critical", "serious", "moderate", "minor")}
    for v in violations:
        counts[v.get("impact") or "minor"] += len(v["nodes"])
    REPORT[f"{name} ({lang})"] = {**counts, "passes": len(results.response["passes"])}
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "axe-report.json").write_text(json.dumps(REPORT, indent=2, ensure_ascii=False) + "\n")
    blocking = [f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                for v in violations if v.get("impact") in BLOCKING]  # fmt: skip
    assert not blocking, "\n".join(blocking)


def focus_path(page, presses: int) -> list[str]:
    """What Tab reaches, in order: role and accessible name of each focused element."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => { const e = document.activeElement; if (!e) return '';
                const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText)
                    || e.innerText || e.getAttribute('placeholder') || '';
                return (e.getAttribute('role') || e.tagName.toLowerCase()) + ':' + label.replace(/\\s+/g, ' ').trim(); }"""
            )
        )
    return seen


def test_keyboard_reaches_every_control_of_the_chat_and_the_calculator(page, app_server):
    open_page(page, app_server)
    expect(page.get_by_role("radio", name="Lege")).to_be_visible()
    wait_idle(page)
    path = " | ".join(focus_path(page, 30))
    for control in ("Chat", "Forløpsklokke", "Pakkeforløpet", "Norsk", "Hvilke prøver skal fastlegen ta",
                    "Lege", "Still et spørsmål som lege"):  # fmt: skip
        assert control in path, f"{control!r} not reached by Tab: {path}"
    page.keyboard.press("Escape")
    open_page(page, app_server, "forlopsklokke")
    expect(page.get_by_role("textbox", name="Henvisning mottatt")).to_be_visible()
    wait_idle(page)
    path = " | ".join(focus_path(page, 30))
    for control in ("Henvisning mottatt", "Første fremmøte", "Start behandling", "Akutt", "Begge"):
        assert control in path, f"{control!r} not reached by Tab: {path}"
    # A date typed and sent with the keyboard alone.
    page.get_by_role("textbox", name="Henvisning mottatt").focus()
    page.keyboard.type("3.3.2026")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stTable")).to_contain_text("10.03.2026", timeout=30_000)
