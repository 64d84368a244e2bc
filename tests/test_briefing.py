"""The briefing: a summary generated from the data, citing its statements, and the files on disk."""
from __future__ import annotations

import struct
from datetime import date

import pytest

from conftest import make_dataset, statement
from stance import briefing, cli, export
from stance.query import Filters

MERZ = (
    "- Friedrich Merz (Germany) moved from hesitant to support: "
    "hesitant around 7 May 2025 [Interfax-Ukraine (citing DW)](https://en.interfax.com.ua/news/general/1070139.html), "
    "support around 16 Dec 2025 [Euromaidan Press (citing ZDF)]"
    "(https://euromaidanpress.com/2025/12/17/we-would-act-against-russian-incursions-merz-details-ukraine-protection-mechanism)."
)


def section(markdown: str, heading: str) -> list[str]:
    """The non-empty lines under a '## heading', up to the next heading."""
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


# ------------------------------------------------------------ the summary, from the bundled data
def test_summary_cites_each_shift_with_dates_and_sources(bundled):
    text = briefing.summary_markdown(bundled, Filters(), None)
    moved = section(text, "Who moved since 1 Dec 2024")
    assert len(moved) == 13
    assert MERZ in moved


def test_summary_headline_states_scope_counts_and_cut_off(bundled):
    (headline,) = section(briefing.summary_markdown(bundled, Filters()), "In brief")
    assert headline.startswith("European peacekeepers in Ukraine after a ceasefire · All countries: "
                               "107 statements by 61 actors from 31 countries, made between 1 Dec 2024 and 17 Dec 2025.")
    assert "The earliest is Emmanuel Macron's, in Dec 2024, unverified \\[RT, 16 Jan 2025" in headline
    assert "Data cut-off: 17 Dec 2025" in headline


def test_since_keeps_only_later_shifts(bundled):
    moved = section(briefing.summary_markdown(bundled, Filters(), date(2025, 9, 1)), "Who moved since 1 Sep 2025")
    assert [line.split(" (")[0] for line in moved] == [
        "- Mark Carney", "- Giorgia Meloni", "- Robert Fico", "- Turkish Ministry of National Defence", "- Friedrich Merz"]


def test_nobody_moved_is_said_in_words(bundled):
    text = briefing.summary_markdown(bundled, Filters(countries=("PL",)))
    assert section(text, "Who moved since 1 Dec 2024") == ["Nobody in this selection changed position since 1 Dec 2024."]


def test_each_country_lists_its_actors_latest_positions_with_their_statement(bundled):
    countries = section(briefing.summary_markdown(bundled, Filters(countries=("PL", "DE"))), "Where each country stands")
    assert [line.split(":")[0] for line in countries] == ["- **Germany (DE)**", "- **Poland (PL)**"]
    assert countries[1].startswith(
        "- **Poland (PL)**: Donald Tusk (Prime Minister of Poland): denied around 15 Dec 2025, "
        "“Polish soldiers will not take part in this mission” "
        "[Interfax-Ukraine](https://en.interfax.com.ua/news/general/1128780.html); ")
    assert countries[1].count("; ") == 2  # three Polish actors


# ------------------------------------------------------------ escaping data text
HOSTILE = make_dataset(statement(
    actor="A_B *C*", quote="<script>alert(1)</script> [x](javascript:alert(1)) | _u_ `code`",
    source="Out[let]", url="javascript:alert(1)",
))


def test_markdown_escapes_data_text():
    text = briefing.summary_markdown(HOSTILE, Filters())
    stance_line = section(text, "Where each country stands")[0]
    assert "\\<script\\>alert(1)\\</script\\>" in stance_line
    assert "\\[x\\](javascript:alert(1))" in stance_line
    assert "\\| \\_u\\_ \\`code\\`" in stance_line
    assert "A\\_B \\*C\\*" in stance_line
    assert "\\[Out\\[let\\]\\]" in stance_line  # no link: the URL is not a web page


def test_html_escapes_data_text_and_links_only_web_pages():
    page = briefing.summary_html(HOSTILE, Filters())
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    assert "[Out[let]]" in page


# ------------------------------------------------------------ the files
@pytest.fixture(scope="module")
def kaleido_server():
    export.start_server()
    yield
    export.stop_server()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_briefing_command_writes_every_chart_summary_and_alt_text(kaleido_server, tmp_path, capsys):
    out = tmp_path / "briefing"
    assert cli.main(["briefing", "--country", "IT", "DE", "--since", "2025-03-01", "--size", "square", "--out", str(out)]) == 0
    charts = [f"stance-{kind}-IT-DE-square" for kind in briefing.BRIEFING_KINDS]
    expected = {f"{c}.{fmt}" for c in charts for fmt in ("png", "svg")} | {"summary.md", "summary.html", "alt-text.md"}
    assert {p.name for p in out.iterdir()} == expected  # and no staging folder left behind
    for chart in charts:
        assert png_size((out / f"{chart}.png").read_bytes()) == (1080, 1080)
        assert (out / f"{chart}.svg").read_text(encoding="utf-8").startswith("<svg")

    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert MERZ in section(summary, "Who moved since 1 Mar 2025")
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert page.count("<img ") == len(charts)
    for chart in charts:
        assert f'<img src="{chart}.png" alt="' in page
    alt = (out / "alt-text.md").read_text(encoding="utf-8")
    assert all(f"`{chart}.png`" in alt for chart in charts)
    assert "Stance shifts since 1 Mar 2025" in alt


def test_a_failed_briefing_leaves_nothing_behind(tmp_path, capsys, monkeypatch):
    calls = []

    def fail_on_third_chart(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise export.ExportError("Chromium crashed")
        return b"\x89PNG fake"

    monkeypatch.setattr(briefing, "chart_bytes", fail_on_third_chart)
    out = tmp_path / "briefing"
    assert cli.main(["briefing", "--out", str(out)]) == 1
    assert "Chromium crashed" in capsys.readouterr().err
    assert not out.exists()


def test_write_files_replaces_the_briefing_and_keeps_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "summary.md").write_text("old")
    briefing.write_files({"summary.md": b"new", "alt-text.md": b"alt"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alt-text.md", "notes.txt", "summary.md"]
    assert (tmp_path / "summary.md").read_text() == "new"
