"""Editing in the real page (Chromium, Playwright): the app on a store, its Edit page, a statement
added through the form and then counted on the dashboard. A server of its own, on a store filled
from the frozen sample (21 statements; Piotr Kowal: Poland, head of government), so that the
writes here change nothing the other browser tests see."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import expect, sync_playwright
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, SCRIPT_DONE, TIMEOUT_MS, open_view

from stance.bench_page import streamlit_server
from stance.store import DB_ENV, Store

from conftest import ROOT, SAMPLE_CSV

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('edit-store') / 'stance.sqlite'}"
    Store.open(url, seed=SAMPLE_CSV).engine.dispose()
    return url


@pytest.fixture(scope="module")
def app_url(store_url):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium; run `make system`")
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(ROOT / "app.py", {DB_ENV: store_url}, ARTIFACTS / "streamlit-edit.log") as url:
        yield url


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(TIMEOUT_MS)
        yield context.new_page()
        browser.close()


def test_a_statement_added_on_the_edit_page_is_stored_and_counted_on_the_dashboard(page, app_url, store_url):
    open_view(page, app_url, "?country=PL")  # a filter, kept while the analyst edits
    polish = int((pd.read_csv(SAMPLE_CSV)["country"] == "PL").sum())
    statements = page.get_by_test_id("stMetric").filter(has_text="Statements")
    expect(statements).to_contain_text(str(polish))
    page.get_by_role("link", name="Edit the data").click()
    page.wait_for_url("**/edit")
    page.wait_for_selector(SCRIPT_DONE)
    name = page.get_by_label("Your name", exact=True)
    name.fill("Ana")
    name.press("Enter")
    page.wait_for_selector(SCRIPT_DONE)
    form = page.get_by_role("tabpanel", name="Add or correct a statement")  # the other tabs have fields of these names
    form.locator("[data-testid='stSelectbox']").filter(has_text="Actor").first.click()
    page.get_by_role("option", name="Piotr Kowal").click()
    page.wait_for_selector(SCRIPT_DONE)
    expect(form.get_by_label("Actor name", exact=True)).to_have_value("Piotr Kowal")  # a known actor fills in the form
    for label, value in (
        ("Id", "pl-new"),
        ("Date (YYYY-MM-DD)", "2025-03-01"),
        ("Source", "Outlet, 1 Mar 2025"),
        ("URL", "https://example.org/pl-new"),
    ):
        field = form.get_by_label(label, exact=True)
        field.fill(value)
        field.press("Enter")
        page.wait_for_selector(SCRIPT_DONE)
    form.get_by_label("Quote", exact=True).fill("<b>We are ready</b> to send troops.")
    page.get_by_role("button", name="Add statement").click()
    expect(page.get_by_text("Saved: change 2")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "edit-page.png")
    stored = Store.open(store_url, seed=None).statement("pl-new")
    assert stored["quote"] == "<b>We are ready</b> to send troops." and stored["country"] == "PL"
    page.get_by_role("link", name="Dashboard").click()
    expect(statements).to_contain_text(str(polish + 1), timeout=TIMEOUT_MS)  # the new revision, same filter
    assert "country=PL" in page.url
