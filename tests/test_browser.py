"""The real app in a real browser: `streamlit run app.py` driven by Playwright on Debian's Chromium.

One server for the session (tests/browser_support.py). Located by role and visible text, waits
on expectations. Screenshots go to screenshots/ (git-ignored) and to each test's tmp folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright is missing (make install-dev)")
pytest.register_assert_rewrite("browser_support")  # before its import: it is also loaded as a plugin

from browser_support import PHONE, ask, open_page, shot, wait_idle, words  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from guideline.corpus.document import load_guideline  # noqa: E402

pytest_plugins = ["browser_support"]
pytestmark = [pytest.mark.browser, pytest.mark.model]

QUESTIONS = {
    "Lege": ("Hvilke prøver skal fastlegen ta ved mistanke om myelomatose?", "Proteinelektroforese"),
    "Forløpskoordinator": ("Henvisning mottatt 3. mars 2026 – når er fristen for første fremmøte?", "10. mars 2026"),
    "Pårørende": ("Hvem følger opp pasienten etter behandlingen?", "hematolog"),
}  # fmt: skip
DIRECTIVES = "Test :red[rød] **fet** <b>b</b> :smile: [lenke](http://x.no) $x^2$\n- punkt"


def test_a_question_in_each_audience(page, app_server, tmp_path):
    open_page(page, app_server)
    for audience, (question, expected) in QUESTIONS.items():
        page.get_by_role("radio", name=audience).click()
        expect(page.get_by_role("textbox", name=f"som {audience.lower()}")).to_be_visible()
        reply = ask(page, question)
        expect(reply).to_contain_text(expected)
        expect(reply).to_contain_text(f"Svar til: {audience}")
        expect(reply.get_by_text("Fra regelverket").or_(reply.get_by_text("Fra søk")).first).to_be_visible()
        expect(reply.get_by_test_id("stExpander").first).to_contain_text("[1] ")
    # The doctor's citation opened: the table or list of the passage, the quote highlighted.
    first = page.get_by_test_id("stChatMessage").nth(1)
    first.get_by_test_id("stExpander").first.locator("summary").click()
    details = first.get_by_test_id("stExpanderDetails").first
    expect(details.locator("li").first).to_contain_text("Proteinelektroforese")  # a list stays a list
    marked = details.locator("span").filter(has_text="Proteinelektroforese")
    assert marked.evaluate_all(
        "els => els.some(e => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)')"
    )
    details.scroll_into_view_if_needed()
    shot(page, "chat-citation", tmp_path)
    # "Les hele avsnittet" is one click to the whole section on the guideline page.
    details.get_by_role("link", name="Les hele avsnittet").click()
    expect(page.get_by_role("heading", name="Filterfunksjon", level=2)).to_be_visible(timeout=30_000)
    assert "section=inngang%2Ffilterfunksjon" in page.url or "section=inngang/filterfunksjon" in page.url


def test_the_users_text_is_shown_literally(page, app_server):
    open_page(page, app_server)
    ask(page, DIRECTIVES)
    bubble = page.get_by_test_id("stChatMessage").first
    assert bubble.get_by_test_id("stText").inner_text() == DIRECTIVES
    for tag in ("strong", "b", "a", "li", "img", ".katex", "span[style*=color]"):
        assert bubble.locator(tag).count() == 0, tag


def test_pinned_input_follows_the_newest_answer_and_ny_samtale_clears(page, app_server, tmp_path):
    open_page(page, app_server)
    page.get_by_role("radio", name="Pårørende").click()
    for question in ("Hva er en beinmargsprøve?", "Hvem følger opp pasienten etter behandlingen?",
                     "Hva skjer hvis sykdommen kommer tilbake?"):  # fmt: skip
        reply = ask(page, question)
    height = page.viewport_size["height"]
    box = page.get_by_test_id("stChatInputTextArea").bounding_box()
    assert box["y"] + box["height"] <= height and box["y"] > height - 200  # pinned at the bottom
    page.wait_for_timeout(500)  # the view scrolls smoothly to the end
    last = reply.bounding_box()
    assert last["y"] < height and last["y"] + last["height"] > 0  # the newest answer is in view
    shot(page, "chat-pinned", tmp_path)
    page.get_by_role("button", name="Ny samtale").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(0)
    expect(page.get_by_role("radio", name="Pårørende")).to_be_checked()  # the audience is kept
    expect(
        page.get_by_role("button", name="Hva er en beinmargsprøve, og hvorfor tar de den?")
    ).to_be_visible()


def test_language_switch(page, app_server, tmp_path):
    open_page(page, app_server)
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.get_by_role("radio", name="English").click()
    expect(page.get_by_role("heading", name="Example questions")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "lang=en" in page.url
    expect(page.get_by_role("link", name="Pathway clock")).to_be_visible()
    expect(page.get_by_role("radio", name="Doctor")).to_be_checked()
    reply = ask(page, "?!")
    expect(reply.get_by_test_id("stAlert")).to_have_text(
        "Cannot answer this: the question has no letters or digits"
    )
    reply = ask(page, "Which tests should the GP take when myeloma is suspected?")
    expect(reply).to_contain_text("Answer for: Doctor")
    expect(reply).to_contain_text("From the rules")
    shot(page, "chat-english", tmp_path)
    page.reload()
    expect(page.get_by_role("heading", name="Chat")).to_be_visible(timeout=60_000)
    expect(page.locator("html")).to_have_attribute("lang", "en")  # kept in the URL
    page.get_by_role("radio", name="Norsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("link", name="Forløpsklokke")).to_be_visible()


def test_phone_layout_keeps_the_audience_choice_reachable(browser, app_server, tmp_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    open_page(page, app_server)
    sidebar = page.get_by_test_id("stSidebar")
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0
    audience = page.get_by_role("radiogroup", name="Hvem spør?")
    expect(audience).to_be_in_viewport()
    page.get_by_role("radio", name="Pårørende").click()
    expect(page.get_by_role("textbox", name="Still et spørsmål som pårørende …")).to_be_in_viewport()
    reply = ask(page, "Hva er en beinmargsprøve?")
    expect(reply).to_contain_text("Svar til: Pårørende")
    expect(audience).to_be_in_viewport()  # still there, pinned with the input
    shot(page, "phone-chat", tmp_path)
    # The calculator on a phone: a list, not a table that scrolls sideways.
    open_page(page, app_server, "forlopsklokke")
    referral = page.get_by_role("textbox", name="Henvisning mottatt")
    referral.fill("3.3.2026")
    referral.press("Enter")
    expect(page.locator(".st-key-clock-narrow")).to_contain_text("Frist: 10.03.2026")
    expect(page.get_by_test_id("stTable")).to_be_hidden()
    wait_idle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing cut off sideways
    page.locator(".st-key-clock-narrow").scroll_into_view_if_needed()
    shot(page, "phone-clock", tmp_path)
    # The pages are one tap away in the sidebar.
    page.get_by_test_id("stExpandSidebarButton").or_(
        page.get_by_test_id("stSidebarCollapsedControl")
    ).first.click()
    expect(page.get_by_role("link", name="Flytskjema")).to_be_visible()
    context.close()


def type_date(page, label: str, value: str) -> None:
    box = page.get_by_role("textbox", name=label)
    box.fill(value)
    box.press("Enter")
    wait_idle(page, 30_000)


def test_calculator_refuses_impossible_dates_and_never_counts_out_of_order_ones(page, app_server, tmp_path):
    open_page(page, app_server, "forlopsklokke")
    type_date(page, "Henvisning mottatt", "31.02.2026")
    expect(
        page.get_by_text("Henvisning mottatt: 31.02.2026 finnes ikke: februar 2026 har 28 dager.")
    ).to_be_visible()
    expect(page.get_by_test_id("stTable")).to_have_count(0)  # never adjusted to 28.02 and counted
    shot(page, "clock-impossible-date", tmp_path)

    type_date(page, "Henvisning mottatt", "3.3.2026")
    type_date(page, "Avsluttet utredning (beslutning tas) (valgfritt)", "20.3.2026")
    type_date(page, "Start behandling (valgfritt)", "10.3.2026")
    expect(
        page.get_by_text("Start behandling (10. mars 2026) er datert før avsluttet utredning")
    ).to_be_visible()
    table = page.get_by_test_id("stTable")
    whole = table.locator("tr").filter(has_text="hele forløpet").first
    expect(whole).to_contain_text("Kan ikke regnes ut")
    expect(table).not_to_contain_text("Overholdt")
    shot(page, "clock-out-of-order", tmp_path)

    type_date(page, "Start behandling (valgfritt)", "")
    type_date(page, "Avsluttet utredning (beslutning tas) (valgfritt)", "")
    type_date(page, "Første fremmøte (valgfritt)", "1.3.2026")
    expect(
        table.locator("tr").filter(has_text="Fra første fremmøte til avsluttet utredning")
    ).to_contain_text("Kan ikke regnes ut")

    # A whole case, with the acute route as its own line and a timeline spanning the case's dates.
    type_date(page, "Første fremmøte (valgfritt)", "9.3.2026")
    type_date(page, "Avsluttet utredning (beslutning tas) (valgfritt)", "27.3.2026")
    type_date(page, "Start behandling (valgfritt)", "31.3.2026")
    page.get_by_text("Akutt: medullakompresjon").click()
    wait_idle(page, 30_000)
    expect(table.locator("tr").nth(1)).to_contain_text("1–2 døgn")
    expect(page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first).to_be_visible(timeout=30_000)
    shot(page, "clock", tmp_path)


def test_export_downloads(page, app_server, tmp_path):
    open_page(page, app_server)
    question = QUESTIONS["Lege"][0]
    reply = ask(page, question)
    with page.expect_download() as info:
        reply.get_by_role("button", name="Last ned svaret (Markdown)").click()
    download = info.value
    assert download.suggested_filename.startswith("forlopsveileder-svar-1-")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert question in text.replace("\\", "") and "## Kilder" in text and "**Proteinelektroforese**" in text
    assert load_guideline().source_sha256 in text
    (tmp_path / download.suggested_filename).write_text(text, encoding="utf-8")

    open_page(page, app_server, "forlopsklokke")
    type_date(page, "Henvisning mottatt", "3.3.2026")
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned resultatet (Markdown)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "| Fra henvisning mottatt til første fremmøte | 7 | 03.03.2026 | 10.03.2026 |" in text
    assert "«" in text and load_guideline().source_sha256 in text


def test_print_layout_hides_the_controls(page, app_server):
    open_page(page, app_server)
    ask(page, QUESTIONS["Lege"][0])
    page.emulate_media(media="print")
    expect(page.get_by_test_id("stBottom")).to_be_hidden()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stChatMessage").last).to_be_visible()
    page.emulate_media(media="screen")


def test_flowchart_and_guideline_pages(page, app_server, tmp_path):
    open_page(page, app_server, "flytskjema")
    svg = page.get_by_test_id("stGraphVizChart").locator("svg")
    expect(svg).to_contain_text("A04O", timeout=60_000)
    for code in ("A04X", "A04FM", "1–2 døgn"):
        expect(svg).to_contain_text(code)
    expect(page.get_by_role("heading", name="Flytskjemaet som tekst")).to_be_visible()
    shot(page, "flowchart", tmp_path)
    open_page(page, app_server, "pakkeforlopet", section="utredning/registrering/klinisk-beslutning")
    expect(page.get_by_role("heading", name="Klinisk beslutning", level=2)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("combobox")).to_be_visible()
    expect(page.get_by_role("radio", name="Norsk")).to_be_visible()
    table = page.locator("table").filter(has_text="A04CK")
    expect(table.locator("tr")).to_have_count(5)  # a table, not flattened lines
    link = page.get_by_role("main").get_by_role("link", name="Pakkeforløpet hos Helsedirektoratet")
    expect(link).to_have_attribute("href", "https://www.helsedirektoratet.no/nasjonale-forlop/myelomatose")
    expect(page.get_by_role("main").get_by_text(load_guideline().source_sha256)).to_be_visible()
    shot(page, "guideline", tmp_path)
    open_page(page, app_server, "pakkeforlopet", section="inngang/henvisning-til-pakkeforlop")
    link = page.get_by_role("main").get_by_role(
        "link", name=words("https://metodebok.no/index.php?action=topic&item=ZJK9umqF")
    )
    expect(link).to_have_attribute("href", "https://metodebok.no/index.php?action=topic&item=ZJK9umqF")


def test_question_does_not_reach_the_server_log(page, app_server):
    open_page(page, app_server)
    ask(page, "Ola Nordmann-QZ9, hva er forløpstiden til første fremmøte?")
    assert "QZ9" not in app_server.log.read_text(errors="replace")
