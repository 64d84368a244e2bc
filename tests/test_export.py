"""Static chart files: exact pixel sizes, text and codebook colours in the SVG, PDF, file names,
failures without Chromium, and exports from a process that imported Streamlit.

One Chromium serves the whole module (a fixture starts and stops it); a handful of renders total.
Charts are drawn from the frozen sample (tests/fixtures/statements.csv).
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import threading
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from stance import export, words
from stance.chart import APP_URL_ENV, ChartSpec
from stance.codebook import POSITIONS
from stance.query import Filters

from conftest import ROOT, SAMPLE_CSV

POLAND = Filters(countries=("PL",))
# Streamlit's Plotly template uses #000001-#000040 as placeholders its front end replaces.
STREAMLIT_PLACEHOLDER = re.compile(r"#0000[0-4][0-9]\b|rgb\(0, ?0, ?([1-9]|[1-5][0-9]|6[0-4])\)", re.IGNORECASE)


@pytest.fixture(scope="module")
def kaleido_server():
    export.start_server()
    yield
    export.stop_server()


@pytest.fixture(scope="module")
def full_timeline_svg(kaleido_server, sample) -> str:
    return export.chart_bytes(ChartSpec("timeline", size="slide"), sample, "svg").decode("utf-8")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def has_colour(svg: str, hex_colour: str) -> bool:
    """Plotly writes colours as rgb(0, 158, 115) in SVG; accept #009E73 in any case too."""
    as_rgb = re.escape(rgb(hex_colour)).replace(r"\ ", " ?")
    return hex_colour.lower() in svg.lower() or re.search(as_rgb, svg) is not None


# ------------------------------------------------------------ PNG size, SVG text and colours, PDF
@pytest.mark.parametrize(
    "size, scale, pixels",
    [
        ("slide", 1, (1920, 1080)),
        ("square", 1, (1080, 1080)),
        ("slide", 2, (3840, 2160)),
    ],
)
def test_png_has_exactly_the_requested_pixels(kaleido_server, sample, size, scale, pixels):
    spec = ChartSpec("shifts", POLAND if size == "square" else Filters(), size=size)
    assert png_size(export.chart_bytes(spec, sample, "png", scale=scale)) == pixels


def test_svg_carries_title_scope_and_source_as_text(full_timeline_svg):
    assert "Stances over time" in full_timeline_svg
    assert "air-shield" in full_timeline_svg  # the proposal (a CSV has no titles: its id)
    assert "All countries" in full_timeline_svg
    assert "21 statements from 20 sources" in full_timeline_svg  # de-01 and eu-02 cite one report


def test_svg_draws_every_position_in_its_codebook_colour(full_timeline_svg, sample):
    present = set(sample.statements["position"])
    assert present == {p.key for p in POSITIONS}  # the sample holds all four
    for position in POSITIONS:
        assert has_colour(full_timeline_svg, position.colour), position.key
    assert not STREAMLIT_PLACEHOLDER.search(full_timeline_svg)


def test_pdf_is_a_pdf(kaleido_server, sample):
    data = export.chart_bytes(ChartSpec("balance", POLAND, size="a4"), sample, "pdf")
    assert data.startswith(b"%PDF")


def test_concurrent_exports_share_one_chromium_safely(kaleido_server, sample):
    """Streamlit serves each session from its own thread."""
    specs = [ChartSpec("timeline", POLAND, size="square"), ChartSpec("matrix", POLAND, size="square")]
    results: dict[str, bytes] = {}
    threads = [
        threading.Thread(target=lambda s=s: results.__setitem__(s.kind, export.chart_bytes(s, sample, "png")))
        for s in specs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    sizes = {kind: png_size(data) for kind, data in results.items()}
    assert sizes == {"timeline": (1080, 1080), "matrix": (1080, 1080)}


# ------------------------------------------------------------ in a process that imported Streamlit
STREAMLIT_EXPORT = """
import sys
import streamlit  # sets Plotly's default template to Streamlit's placeholder colours
import plotly.io as pio
assert pio.templates.default == "streamlit", pio.templates.default
from stance.chart import ChartSpec
from stance.export import chart_bytes
from stance.load import load_dataset
sys.stdout.write(chart_bytes(ChartSpec("balance", size="square"), load_dataset(sys.argv[1]), "svg").decode())
"""


def test_export_after_import_streamlit_keeps_the_codebook_palette():
    done = subprocess.run(
        [sys.executable, "-c", STREAMLIT_EXPORT, str(SAMPLE_CSV)], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    svg = done.stdout
    assert svg.startswith("<svg")
    assert not STREAMLIT_PLACEHOLDER.search(svg), STREAMLIT_PLACEHOLDER.search(svg).group(0)
    for position in POSITIONS:
        assert has_colour(svg, position.colour), position.key


# ------------------------------------------------------------ failures and names (no rendering)
def test_missing_chromium_is_a_clear_message_not_a_traceback(tmp_path):
    out = tmp_path / "chart.png"
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-chromium-here")}
    argv = ["chart", "timeline", "--data", str(SAMPLE_CSV), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "stance", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 1
    assert "make system" in done.stderr and "Chromium" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_render_refuses_what_it_cannot_draw(sample):
    with pytest.raises(ValueError, match="unknown format"):
        export.render(go.Figure(layout=dict(width=100, height=100)), "gif")
    with pytest.raises(ValueError, match="no fixed width"):
        export.render(go.Figure(), "png")
    with pytest.raises(ValueError, match="for the screen"):
        export.chart_bytes(ChartSpec("timeline", size="screen"), sample, "png")


@pytest.mark.parametrize(
    "spec, fmt, name",
    [
        (ChartSpec("timeline", POLAND, size="slide"), "png", "stance-timeline-PL-slide.png"),
        (ChartSpec("country-matrix", size="a4"), "pdf", "stance-country-matrix-a4.pdf"),
        (
            ChartSpec("matrix", Filters(countries=("PL", "GB", "DE", "FR", "IT", "ES")), size="square"),
            "svg",
            "stance-matrix-PL-GB-DE-FR-2more-square.svg",
        ),
        (ChartSpec("shifts", Filters(countries=("../x", "a b")), size="slide"), "png", "stance-shifts-x-a-b-slide.png"),
    ],
)
def test_chart_filename_is_readable_and_safe(spec, fmt, name):
    assert export.chart_filename(spec, fmt) == name
    assert re.fullmatch(r"[A-Za-z0-9.-]+", export.chart_filename(spec, fmt))


def test_missing_browser_is_reported_before_any_export(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert "make system" in export.missing_browser()
    monkeypatch.setenv("PATH", "/usr/bin")
    assert export.missing_browser() is None  # Debian's /usr/bin/chromium, installed by make


# ------------------------------------------------------------ the footer: cut-off and link (issue 8)
GB_FR = Filters(countries=("GB", "FR"))
PUBLIC = "https://briefings.example.org/stance/"


def test_footer_gives_the_datasets_cut_off_not_the_last_statement_shown(sample):
    shown = GB_FR.apply(sample.statements)
    assert shown["date"].max() == pd.Timestamp("2025-05-12")  # fr-05: the last British or French statement
    lines = words.footer_lines(ChartSpec("timeline", GB_FR), sample, shown, date(2025, 12, 20), app_url=PUBLIC)
    assert lines[:3] == [
        "Source: statements.csv: 9 statements from 9 sources",
        "Data to 2 Jun 2025",  # it-03, the latest statement in the dataset
        "Generated 20 Dec 2025",
    ]
    nothing = Filters(countries=("NZ",))
    empty = words.footer_lines(ChartSpec("map", nothing), sample, nothing.apply(sample.statements), date(2025, 12, 20))
    assert empty[:2] == ["Source: statements.csv: 0 statements from 0 sources", "Data to 2 Jun 2025"]


@pytest.mark.parametrize(
    "given, environment, link",
    [
        (None, None, False),  # nothing configured: no link (not the default localhost one)
        ("http://localhost:8501/", None, False),
        ("http://LOCALHOST:8501", None, False),
        ("http://app.localhost/", None, False),
        ("http://127.0.0.1:8501/", None, False),
        ("http://127.1.2.3/", None, False),
        ("http://[::1]:8501/", None, False),
        ("http://0.0.0.0:8501/", None, False),
        ("javascript:alert(1)", None, False),  # not a web address at all
        (None, "http://localhost:8501/", False),
        (PUBLIC, None, True),
        (None, PUBLIC, True),
        ("http://localhost:8501/", PUBLIC, False),  # the page's own local address wins: no link
        ("http://10.0.0.7:8501/", None, True),  # a private network's address is someone's public one
    ],
)
def test_footer_links_back_only_to_a_public_app_address(monkeypatch, sample, given, environment, link):
    if environment:
        monkeypatch.setenv(APP_URL_ENV, environment)
    else:
        monkeypatch.delenv(APP_URL_ENV, raising=False)
    spec = ChartSpec("map", GB_FR, as_of=date(2025, 3, 1))
    lines = words.footer_lines(spec, sample, GB_FR.apply(sample.statements), date(2025, 12, 20), app_url=given)
    if link:
        assert len(lines) == 4
        assert lines[3] == f"{given or environment}?country=GB~FR&chart=map&as_of=2025-03-01"
    else:
        assert len(lines) == 3 and not any("://" in line for line in lines)


def test_exported_chart_carries_the_cut_off_and_no_local_link(kaleido_server, sample, monkeypatch):
    monkeypatch.delenv(APP_URL_ENV, raising=False)
    spec = ChartSpec("timeline", GB_FR, size="slide")
    local = export.chart_bytes(spec, sample, "svg", app_url="http://localhost:8501/").decode("utf-8")
    assert "Data to 2 Jun 2025" in local and "12 May 2025" not in local.split("Data to")[1][:40]
    assert "localhost" not in local and "8501" not in local
    public = export.chart_bytes(spec, sample, "svg", app_url=PUBLIC).decode("utf-8")
    assert "Data to 2 Jun 2025" in public
    assert f"{PUBLIC}?country=GB~FR" in public
