"""The benchmark's page measurements: the app script against a floor, server side and in Chromium.

The *floor* is a bare Streamlit script that shows the same figures as the app, prebuilt and
pickled by :func:`stance.bench.measure_charts`, one ``st.plotly_chart`` each, behind the same
country filter: what any Streamlit page showing those figures costs. The app and the floor are
timed the same way: server side with Streamlit's AppTest (the script's run, without a
browser), and in Debian's Chromium with Playwright (from ``goto`` until the chart is drawn, and
from a filter change until every chart is redrawn).

Only the benchmark imports this module; Streamlit and Playwright are imported here, not in the
library.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

APP = Path(__file__).resolve().parent.parent / "app.py"
FIGURES_ENV = "STANCE_BENCH_FIGURES"  # the floor script's pickled figures
SCRIPT_SECONDS = 600  # AppTest's limit for one run: a million statements load in seconds, not minutes
FLOOR_SCRIPT = f'''"""Benchmark floor: the figures the app would show, prebuilt, behind the same country filter."""
import os
import pickle

import streamlit as st


@st.cache_resource
def built(path):
    with open(path, "rb") as file:
        return pickle.load(file)


figures = built(os.environ["{FIGURES_ENV}"])
labels = {{figures["country"]: figures["country_label"]}}
chosen = st.sidebar.multiselect("Country", list(labels), key="country", format_func=labels.__getitem__)
kind = st.query_params.get("chart", "timeline")
figure = figures["figures"][kind]["country" if chosen else "all"]
st.plotly_chart(figure, width="stretch", key=f"chart-{{kind}}", theme=None)
'''


def write_floor(folder: Path) -> Path:
    path = folder / "floor.py"
    path.write_text(FLOOR_SCRIPT, encoding="utf-8")
    return path


@contextmanager
def script_session(values: dict[str, str]) -> Iterator[None]:
    """For AppTest, which runs the script in this process: ``os.environ`` with ``values`` for the block,
    and ``__main__`` put back afterwards (Streamlit installs the script as ``__main__``; a process
    spawned later would run the script instead of this program)."""
    saved = {name: os.environ.get(name) for name in values}
    main = sys.modules["__main__"]
    os.environ.update(values)
    try:
        yield
    finally:
        sys.modules["__main__"] = main
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _timed_run(at) -> float:
    """Seconds for one run of the script; an error on the page (the app catches its own) is a failure."""
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    failures = [e.value for e in at.exception] + [e.value for e in at.error]
    if failures:
        raise RuntimeError(f"the script failed: {failures[0]}")
    return elapsed


def quiet_streamlit() -> None:
    """AppTest outside a server: Streamlit warns that there is no script context, and (clearing its
    caches between sessions) that there is no runtime; the benchmark knows."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)


def first_run_s(script: str, env: dict[str, str], kind: str) -> float:
    """Seconds for the script's first run (meant for a fresh process: a cold start, caches empty)."""
    from streamlit.testing.v1 import AppTest

    quiet_streamlit()
    with script_session(env):
        at = AppTest.from_file(script, default_timeout=SCRIPT_SECONDS)
        at.query_params["chart"] = kind
        return _timed_run(at)


@dataclass(frozen=True)
class ScriptTimes:
    rerun_s: float  # the same view again (a warm rerun: data and figure cached)
    change_s: float  # after choosing one country in the sidebar


SCRIPT_ROUNDS = 3  # sessions per view; the best time of each measure is kept


def script_times(script: Path, env: dict[str, str], kind: str, country: str) -> ScriptTimes:
    """Sessions on ``kind``'s view: a first run, a warm rerun, then a filter change to ``country``;
    the best of SCRIPT_ROUNDS sessions (one run varies by a tenth of a second with the machine). Each
    session starts with Streamlit's caches cleared, so its filter change is worked out afresh."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    quiet_streamlit()
    reruns, changes = [], []
    with script_session(env):
        for _ in range(SCRIPT_ROUNDS):
            st.cache_resource.clear()
            st.cache_data.clear()
            at = AppTest.from_file(str(script), default_timeout=SCRIPT_SECONDS)
            at.query_params["chart"] = kind
            _timed_run(at)
            reruns.append(_timed_run(at))
            at.multiselect(key="country").set_value([country])
            changes.append(_timed_run(at))
    return ScriptTimes(min(reruns), min(changes))


def every_script_times(script: Path, env: dict[str, str], kinds: tuple[str, ...], country: str) -> dict[str, Any]:
    """:func:`script_times` for each kind in turn (or why a kind failed), in this process: meant for a
    fresh one per script, so that one script's cached objects do not slow the other's garbage collection."""
    from .bench import attempt

    return {kind: attempt(script_times, script, env, kind, country) for kind in kinds}


# ---------------------------------------------------------------- in Chromium
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
SCRIPT_DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# A chart with points is drawn (the app holds a session's first chart's place with an empty one).
CHART_DRAWN = """() => [...document.querySelectorAll('.stPlotlyChart .js-plotly-plot')].some(plot =>
    plot.querySelector('.main-svg') !== null && (plot.data ?? []).some(trace => trace.x?.length || trace.z?.length))"""
BROWSER_MS = 120_000
# The first SVG of every chart (a chart's second is the hover layer, which a redraw may leave alone).
CHART_SVGS = "[...document.querySelectorAll('.stPlotlyChart')].map(c => c.querySelector('.main-svg')?.outerHTML)"
REDRAWN = f"""() => {{
    const now = {CHART_SVGS};
    const before = window.benchBefore;
    return document.querySelector("{SCRIPT_DONE}") !== null
        && (now.length !== before.length || now.every((svg, i) => svg !== before[i]));
}}"""


@dataclass(frozen=True)
class BrowserTimes:
    first_s: float  # from goto until a chart with points is drawn and the script has finished
    change_s: float  # from choosing a country until every chart is redrawn and the script has finished


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    """``streamlit run script`` on a free local port; its address once it answers; stopped after the block.

    The page is told its own address ($STANCE_APP_URL): the links back to a view use it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = env | {"STANCE_APP_URL": url}
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true"]
    command += ["--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false"]
    command += ["--server.fileWatcherType=none"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=APP.parent, env=os.environ | env, stdout=output, stderr=output)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}_stcore/health", timeout=1) as response:
                        if response.read() == b"ok":
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log}")
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def page_times(browser, url: str, kind: str, country_label: str) -> BrowserTimes:
    """Open ``kind``'s view in a new tab, then choose one country in the sidebar's Country filter."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(BROWSER_MS)
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}?chart={kind}")
        page.wait_for_function(CHART_DRAWN, polling=50)
        page.wait_for_selector(SCRIPT_DONE)
        first = time.perf_counter() - started
        page.evaluate(f"() => {{ window.benchBefore = {CHART_SVGS}; }}")
        country = page.locator("[data-testid='stMultiSelect']").filter(has_text="Country").locator("input")
        country.click()
        country.fill(country_label)
        started = time.perf_counter()
        country.press("Enter")
        page.wait_for_function(REDRAWN, polling=50)
        return BrowserTimes(first, time.perf_counter() - started)
    finally:
        context.close()


BROWSER_ROUNDS = 2  # each view is opened this many times; the best time of each measure is kept


def browser_times(
    app_env: dict[str, str], figures: Path, floor: Path, kinds: tuple[str, ...], country_label: str, logs: Path
) -> dict[str, tuple[BrowserTimes | str, BrowserTimes | str]]:
    """Per kind, the app's times and the floor's (or why a view failed), the best of BROWSER_ROUNDS
    rounds (a browser's timings vary by a second from one opening to the next). Both servers start
    afresh, so the first round's first kind is a cold start. ``app_env``: how the app finds its data."""
    from playwright.sync_api import sync_playwright

    from .bench import attempt

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (make system)")
    rounds: list[dict[str, tuple[BrowserTimes | str, BrowserTimes | str]]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            with (
                streamlit_server(APP, app_env, logs / "bench-app.log") as app_url,
                streamlit_server(floor, {FIGURES_ENV: str(figures)}, logs / "bench-floor.log") as floor_url,
            ):
                for _ in range(BROWSER_ROUNDS):
                    rounds.append(
                        {
                            kind: (
                                attempt(page_times, browser, app_url, kind, country_label),
                                attempt(page_times, browser, floor_url, kind, country_label),
                            )
                            for kind in kinds
                        }
                    )
        finally:
            browser.close()
    return {kind: (best([r[kind][0] for r in rounds]), best([r[kind][1] for r in rounds])) for kind in kinds}


def best(times: list[BrowserTimes | str]) -> BrowserTimes | str:
    """The quickest of each measure over the rounds that worked; the first failure if none did."""
    worked = [t for t in times if not isinstance(t, str)]
    if not worked:
        return times[0]
    return BrowserTimes(min(t.first_s for t in worked), min(t.change_s for t in worked))
