"""The real page in Debian's Chromium (Playwright): drawing, clicking, downloading, links.

One Streamlit server and one browser serve the whole module. The server opens the frozen sample
(tests/fixtures/statements.csv, through STANCE_DATA): the tests assert facts of its rows, listed
in tests/fixtures/README.md. Screenshots are written to test-artifacts/ so a person can look at
what the tests saw.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from stance.bench_page import CHART_DRAWN, streamlit_server

from conftest import ROOT, SAMPLE_CSV

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCRIPT_DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHART = ".stPlotlyChart .main-svg"
TIMEOUT_MS = 30_000
BRITISH_ACTORS = ("Alex Morgan", "Anonymous Whitehall source")


@contextmanager
def serve(data: Path, log_name: str):
    """A Streamlit server for app.py on ``data``, stopped (by its process) when the block ends."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium; run `make system`")
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(ROOT / "app.py", {"STANCE_DATA": str(data)}, ARTIFACTS / log_name) as url:
        yield url


@pytest.fixture(scope="module")
def app_url():
    with serve(SAMPLE_CSV, "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def open_view(page, app_url: str, query: str = "", chart: bool = True):
    page.goto(app_url + query)
    if chart:
        page.wait_for_function(CHART_DRAWN)
    page.wait_for_selector(SCRIPT_DONE)
    return page


def screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(1000, min(height, 5000))})
    page.wait_for_selector(SCRIPT_DONE)
    page.screenshot(path=ARTIFACTS / name)


def chart_text(page) -> str:
    return page.locator(".stPlotlyChart").first.inner_text()


def test_page_loads_with_the_timeline(page, app_url):
    open_view(page, app_url)
    assert page.get_by_role("heading", name="air-shield").is_visible()  # a CSV has no titles: the id
    assert "Stances over time" in chart_text(page)
    assert page.get_by_text("Click a marker to see the full statement").is_visible()
    screenshot(page, "dashboard.png")


def test_actor_matrix_renders(page, app_url):
    open_view(page, app_url)
    page.get_by_role("radio", name="Actor matrix").click()
    page.wait_for_function("() => document.querySelector('.stPlotlyChart')?.innerText.includes('Positions by actor')")
    page.wait_for_selector(SCRIPT_DONE)
    assert "chart=matrix" in page.url
    screenshot(page, "dashboard-matrix.png")


def test_country_link_shows_only_that_country(page, app_url):
    open_view(page, app_url, "?country=PL&chart=matrix")
    assert "Piotr Kowal" in chart_text(page) and "Marta Zielinska" in chart_text(page)
    text = page.locator("body").inner_text()
    assert not [name for name in BRITISH_ACTORS if name in text]
    assert page.get_by_text("Poland (PL)").first.is_visible()
    screenshot(page, "dashboard-PL-matrix.png")


def test_clicking_a_marker_shows_the_statement_and_its_source(page, app_url):
    open_view(page, app_url, "?country=PL&from=2025-04-01")  # one statement: pl-04, Zielinska, 14 Apr 2025
    marker = page.locator(".stPlotlyChart .scatterlayer .point").first
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Selected statement").wait_for()
    page.wait_for_selector(SCRIPT_DONE)
    link = page.get_by_role("link", name="Open the source page")
    assert link.get_attribute("href") == "https://pl.example.org/2025/04/14/zielinska-radars"
    assert page.get_by_text("Statement id: pl-04").is_visible()
    screenshot(page, "dashboard-selected-statement.png")


def test_bad_link_values_show_a_notice(page, app_url):
    open_view(page, app_url, "?country=XX&from=notadate")
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    assert any("country='XX'" in a for a in alerts) and any("from='notadate'" in a for a in alerts)
    screenshot(page, "dashboard-bad-link.png")


def test_filters_matching_nothing_say_so(page, app_url):
    open_view(page, app_url, "?country=PL&actor=Morgan", chart=False)  # Morgan is British
    page.get_by_text("No statements match these filters").wait_for()
    page.wait_for_selector(SCRIPT_DONE)
    expect(page.get_by_label("Actor", exact=True)).to_have_value("Morgan")
    assert page.locator(CHART).count() == 0
    screenshot(page, "dashboard-empty.png")


def test_export_buttons_deliver_files(page, app_url):
    open_view(page, app_url, "?country=PL~GB&chart=country-matrix")
    page.get_by_text("Export this chart").click()
    for label, signature in (("PNG", b"\x89PNG\r\n\x1a\n"), ("SVG", b"<svg")):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label, exact=True).click()
        saved = ARTIFACTS / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.startswith("stance-country-matrix-PL-GB")
        assert signature in saved.read_bytes()[:400], (label, saved.read_bytes()[:80])
    screenshot(page, "dashboard-export.png")


def test_link_to_this_view_restores_it(page, app_url, browser):
    open_view(page, app_url, "?country=PL~GB&position=denied&chart=balance&period=quarter")
    page.get_by_text("Export this chart").click()
    link = page.locator("[data-testid='stCode'] code").first.inner_text().strip()
    assert link.startswith(app_url.rstrip("/"))
    title = chart_text(page)
    other = browser.new_page()
    try:
        open_view(other, link)
        assert chart_text(other) == title
        for choice in ("Balance", "Quarter"):
            assert other.get_by_role("radio", name=choice).get_attribute("aria-checked") == "true"
        for label in ("Poland (PL)", "United Kingdom (GB)", "Denied"):
            assert other.locator("[data-testid='stSidebar']").get_by_text(label).first.is_visible()
    finally:
        other.close()


def test_shifts_since_a_date_and_the_evidence_table(page, app_url):
    open_view(page, app_url, "?chart=shifts&since=2025-02-17")
    assert "since 17 Feb 2025" in chart_text(page)
    assert page.get_by_role("heading", name="6 shifts").is_visible()  # fr-03 on 18 Feb to it-03 on 2 Jun
    assert page.get_by_role("heading", name="Net shifts by country since 17 Feb 2025").is_visible()
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(2)  # the net shifts, then every step
    screenshot(page, "dashboard-shifts.png")
    page.get_by_role("radio", name="Evidence").click()
    page.get_by_text("Download the 21 statements shown (CSV)").wait_for()
    page.wait_for_selector(SCRIPT_DONE)
    assert "chart=evidence" in page.url
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the 21 statements shown (CSV)").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,date,date_precision,actor")
    assert lines == SAMPLE_CSV.read_text(encoding="utf-8").splitlines()  # the interchange file, as it was read
    screenshot(page, "dashboard-evidence.png")


def lane_labels(page) -> list[str]:
    """The chart's row labels as drawn: one per actor lane ('Alex Morgan · United Kingdom')."""
    return page.locator(".stPlotlyChart .yaxislayer-above .ytick text").all_text_contents()


def test_finding_an_actor_redraws_the_chart_with_its_lanes_only(page, app_url):
    open_view(page, app_url, "?chart=matrix")
    assert len(lane_labels(page)) == 9  # every actor of the sample: one page
    search = page.get_by_role("textbox", name="Find actor")
    search.fill("Morgan")
    search.press("Enter")
    page.wait_for_function("() => location.search.includes('actor=Morgan')")
    page.wait_for_selector(SCRIPT_DONE)
    expect(page.locator(".stPlotlyChart .yaxislayer-above .ytick text")).to_have_count(1)
    assert lane_labels(page) == ["Alex Morgan · United Kingdom"]
    expect(page.get_by_label("Actor", exact=True)).to_have_value("Morgan")  # it is the sidebar's actor filter
    screenshot(page, "dashboard-find-actor.png")


# ------------------------------------------------------------ hostile data and links (issue 7)
OWN_HOSTS = {"127.0.0.1", "localhost"}
SOURCE_HOSTS = {"example.org"}  # the hostile data's checked source links: the only other link target


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    from test_hostile import hostile_events, hostile_statements, hostile_titles, write_json

    folder = tmp_path_factory.mktemp("hostile")
    data = write_json(folder / "hostile.json", hostile_statements(), hostile_titles(), hostile_events())
    with serve(data, "streamlit-hostile.log") as url:
        yield url


def test_hostile_data_and_link_stay_text_in_every_view(browser, hostile_url):
    from test_hostile import ONE_LINE, VIEWS

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    dialogs, errors, requests = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    context.on("request", lambda request: requests.append(request.url))
    link = urllib.parse.urlencode({"country": ONE_LINE, "period": ONE_LINE, "title": ONE_LINE, "from": ONE_LINE})
    try:
        for view in VIEWS:
            open_view(page, hostile_url, f"?chart={view}&{link}", chart=view != "evidence")
            if view == "timeline":  # the statement record, under the chart
                marker = page.locator(".stPlotlyChart .scatterlayer .point").last
                marker.scroll_into_view_if_needed()
                box = marker.bounding_box()
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.get_by_text("Selected statement").wait_for()
                page.wait_for_selector(SCRIPT_DONE)
                screenshot(page, "dashboard-hostile-statement.png")
                # the proposal filter's options: hostile titles, as plain text
                page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(1).click()
                option = page.get_by_role("option").filter(has_text="Session expired")
                option.wait_for()
                assert "(https://evil.example/login)" in option.inner_text()
                assert option.locator("a").count() == 0
                page.keyboard.press("Escape")
            hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
            foreign = [h for h in hrefs if urllib.parse.urlsplit(h).hostname not in OWN_HOSTS | SOURCE_HOSTS]
            assert not foreign, (view, foreign)
            text = page.locator("body").inner_text()
            assert "Session expired" in text and "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in text, view
            assert page.locator("[data-testid='stMain'] script, [data-testid='stMain'] img[src='x']").count() == 0
        assert not dialogs, dialogs
        assert not errors, errors
        other = [u for u in requests if urllib.parse.urlsplit(u).hostname not in OWN_HOSTS | {None}]
        assert not other, other
    finally:
        context.close()


# ------------------------------------------------------------ where everyone stands (issue 8)
def test_map_view_draws_its_tiles_with_no_request_to_another_host(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))  # every request, workers included
    page = context.new_page()
    try:
        open_view(page, app_url, "?chart=map")
        text = chart_text(page)
        assert "Government positions" in text
        # a tile per country of the sample, lettered by its code and its government's position
        words = set(text.split())
        assert {"PL", "GB", "FR", "DE", "IT", "EU"} <= words, text
        assert {"S", "O", "D"} <= words, text  # support (GB, FR, EU), opposed (DE), denied (PL, IT)
        assert page.locator(".stPlotlyChart .scatterlayer path, .stPlotlyChart .shapelayer path").count() >= 5
        screenshot(page, "dashboard-map.png")
        own = urllib.parse.urlsplit(app_url).hostname
        assert requests, "the page made requests"
        other = [u for u in requests if urllib.parse.urlsplit(u).hostname not in {own, None}]
        assert not other, other
    finally:
        context.close()


def test_standing_view_shows_its_table_and_downloads_it(page, app_url):
    open_view(page, app_url, "?chart=standing&sort=name")
    assert "Where each country stands" in chart_text(page)
    assert page.get_by_role("heading", name="Where each country stands, as of 2 Jun 2025").is_visible()
    table = page.locator("[data-testid='stDataFrame']")
    expect(table).to_have_count(1)
    assert table.bounding_box()["height"] > 150  # six rows drawn
    screenshot(page, "dashboard-standing.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these 6 rows (CSV)").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("code,name,")
    names = [line.split(",")[1] for line in rows[1:]]
    assert names == ["European Union", "France", "Germany", "Italy", "Poland", "United Kingdom"]  # as sorted


def test_choosing_a_key_event_puts_since_in_the_link(browser, hostile_url):
    from test_hostile import ONE_LINE

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        open_view(page, hostile_url, "?chart=shifts")  # the hostile data's events: Paris summit, then payloads
        page.locator("[data-testid='stSelectbox']").filter(has_text="Since a key event").click()
        hostile = page.get_by_role("option").filter(has_text="Session expired")
        hostile.first.wait_for()
        assert ONE_LINE[:40] in " ".join(hostile.all_inner_texts())  # the label as plain text
        assert page.get_by_role("listbox").locator("a").count() == 0
        page.get_by_role("option", name="Paris summit, 17 Feb 2025").click()
        page.wait_for_function("() => location.search.includes('since=2025-02-17')")
        page.wait_for_selector(SCRIPT_DONE)
        since = page.locator("[data-testid='stMain'] [data-testid='stDateInput']").filter(has_text="Since")
        expect(since.locator("input")).to_have_value("2025-02-17")
        assert "since 17 Feb 2025" in chart_text(page)
        assert page.get_by_role("link", name="Event source").get_attribute("href") == "https://example.org/paris"
        screenshot(page, "dashboard-since-event.png")
    finally:
        context.close()
