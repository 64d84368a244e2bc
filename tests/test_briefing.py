"""The briefing: a summary generated from the data, citing its statements, and the files on disk."""

from __future__ import annotations

import struct
from datetime import date

import pytest

from stance import briefing, cli, export
from stance.query import Filters

from conftest import SAMPLE_CSV, make_dataset, statement

# The sample's shift sentences (tests/fixtures/README.md), in the order the shifts were stated.
MARTIN_FEB_14 = (
    "- Claire Martin (France) moved from hesitant to support: hesitant in the week of 6 Jan 2025 "
    "[Le Monde Example](https://fr.example.org/2025/01/09/martin-studying), "
    "support on 14 Feb 2025 [France Info Example](https://fr.example.org/2025/02/14/martin-lead)."
)
MARTIN_FEB_18 = (
    "- Claire Martin (France) moved from support to hesitant: "
    "support on 14 Feb 2025 [France Info Example](https://fr.example.org/2025/02/14/martin-lead), "
    "hesitant on 18 Feb 2025 [Le Monde Example](https://fr.example.org/2025/02/18/martin-americans)."
)
MORGAN_MAR_10 = (
    "- Alex Morgan (United Kingdom) moved from hesitant to support: "
    "hesitant on 3 Feb 2025 [BBC Example](https://gb.example.org/2025/02/03/morgan-interview), "
    "support on 10 Mar 2025 [BBC Example](https://gb.example.org/2025/03/10/morgan-jets)."
)
CONTI_MAR_24 = (
    "- Giulia Conti (Italy) moved from hesitant to support: hesitant in Dec 2024, unverified "
    "[Il Foglio Example (rumour, no source named)](https://it.example.org/2025/01/08/conti-squadron), "
    "support in the week of 24 Mar 2025 [Il Foglio Example](https://it.example.org/2025/03/27/conti-yes)."
)
MARTIN_APR_1 = (
    "- Claire Martin (France) moved from hesitant to support: "
    "hesitant on 18 Feb 2025 [Le Monde Example](https://fr.example.org/2025/02/18/martin-americans), "
    "support in Apr 2025, unverified "
    "[Le Canard Example (unconfirmed)](https://fr.example.org/2025/05/02/martin-decided)."
)
ZIELINSKA_APR_14 = (
    "- Marta Zielinska (Poland) moved from hesitant to support: "
    "hesitant on 27 Jan 2025 [Gazeta Example](https://pl.example.org/2025/01/27/zielinska-radars), "
    "support on 14 Apr 2025 [Gazeta Example](https://pl.example.org/2025/04/14/zielinska-radars)."
)
CONTI_JUN_2 = (
    "- Giulia Conti (Italy) moved from support to denied: "
    "support in the week of 24 Mar 2025 [Il Foglio Example](https://it.example.org/2025/03/27/conti-yes), "
    "denied on 2 Jun 2025 [Il Foglio Example](https://it.example.org/2025/06/02/conti-no)."
)
BRIEFING_KINDS = ("timeline", "matrix", "country-matrix", "shifts", "balance")  # as the README lists them


def section(markdown: str, heading: str) -> list[str]:
    """The non-empty lines under a '## heading', up to the next heading."""
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


# ------------------------------------------------------------ the summary, from the frozen sample
def test_summary_cites_each_shift_with_dates_and_sources(sample):
    text = briefing.summary_markdown(sample, Filters(), None)
    assert text.startswith("# Stance briefing: air-shield · All countries\n\n## In brief\n")
    moved = section(text, "Who moved since 1 Dec 2024")  # by default, since the first statement shown
    assert moved == [
        MARTIN_FEB_14,
        MARTIN_FEB_18,
        MORGAN_MAR_10,
        CONTI_MAR_24,
        MARTIN_APR_1,
        ZIELINSKA_APR_14,
        CONTI_JUN_2,
    ]


def test_summary_headline_states_scope_counts_and_cut_off(sample):
    (headline,) = section(briefing.summary_markdown(sample, Filters()), "In brief")
    assert headline == (
        "air-shield · All countries: 21 statements by 9 actors from 6 countries, made between 1 Dec 2024 and "
        "2 Jun 2025. The earliest is Giulia Conti's, in Dec 2024, unverified "
        "[Il Foglio Example (rumour, no source named)](https://it.example.org/2025/01/08/conti-squadron); "
        "the latest is Giulia Conti's, on 2 Jun 2025 [Il Foglio Example](https://it.example.org/2025/06/02/conti-no). "
        "Data cut-off: 2 Jun 2025, the latest statement in the dataset."
    )


def test_headline_of_a_selection_keeps_the_datasets_cut_off(sample):
    (headline,) = section(briefing.summary_markdown(sample, Filters(countries=("GB",))), "In brief")
    assert headline.startswith(
        "air-shield · United Kingdom: 4 statements by 2 actors from 1 country, "
        "made between 15 Jan 2025 and 10 Mar 2025. The earliest is Alex Morgan's, "
        "around 15 Jan 2025, anonymous [The Courier (citing Downing Street sources)]"
    )
    assert headline.endswith("Data cut-off: 2 Jun 2025, the latest statement in the dataset.")


def test_since_keeps_only_later_shifts(sample):
    moved = section(briefing.summary_markdown(sample, Filters(), date(2025, 3, 10)), "Who moved since 10 Mar 2025")
    assert moved == [MORGAN_MAR_10, CONTI_MAR_24, MARTIN_APR_1, ZIELINSKA_APR_14, CONTI_JUN_2]  # 10 Mar: on the day


def test_nobody_moved_is_said_in_words(sample):
    text = briefing.summary_markdown(sample, Filters(countries=("DE",)))  # Germany never moves
    nobody = "Nobody in this selection changed position since 17 Feb 2025."
    assert section(text, "Who moved since 17 Feb 2025") == [nobody]


def test_each_country_lists_its_actors_latest_positions_with_their_statement(sample):
    countries = section(briefing.summary_markdown(sample, Filters(countries=("PL", "DE"))), "Where each country stands")
    assert countries == [
        "- **Germany (DE)**: Jonas Weber (Chancellor of Germany): opposed on 5 May 2025, "
        "“My answer is still \\<b\\>no\\</b\\>” [Der Beispiel](https://de.example.org/2025/05/05/weber-no); "
        "Anonymous German official: denied around 3 Mar 2025, anonymous, “Berlin has no plans to send a single jet” "
        "[Der Beispiel (citing a government official)](https://de.example.org/2025/03/04/no-jets).",
        "- **Poland (PL)**: Marta Zielinska (Foreign Minister of Poland): support on 14 Apr 2025, "
        "“Poland will provide the radars” [Gazeta Example](https://pl.example.org/2025/04/14/zielinska-radars); "
        "Piotr Kowal (Prime Minister of Poland): denied on 3 Mar 2025, “Our answer has not changed” "
        "[Radio Warszawa Example](https://pl.example.org/2025/03/03/kowal-unchanged).",
    ]


def test_several_proposals_are_named_in_the_title_shifts_and_stances(two_proposals):
    text = briefing.summary_markdown(two_proposals, Filters())
    assert text.startswith(
        "# Stance briefing: A European air shield over Ukraine and Naval escorts for Black Sea "
        "grain ships · All countries\n"
    )
    assert section(text, "Who moved since 13 Jan 2025") == [
        "- Claire Martin (France) moved on Naval escorts for Black Sea grain ships from hesitant to opposed: "
        "hesitant in the week of 13 Jan 2025 [Le Monde Example](https://fr.example.org/2025/01/16/martin-escorts), "
        "opposed on 3 Mar 2025 [France Info Example](https://fr.example.org/2025/03/03/martin-warships)."
    ]
    france = section(text, "Where each country stands")[0]
    assert france == (
        "- **France (FR)**: Claire Martin (President of France) on Naval escorts for Black Sea grain ships: "
        "opposed on 3 Mar 2025, “Warships in the Black Sea would escalate” "
        "[France Info Example](https://fr.example.org/2025/03/03/martin-warships); "
        "Claire Martin (President of France) on A European air shield over Ukraine: support on 14 Feb 2025, "
        "“France is ready to lead an air shield” [France Info Example](https://fr.example.org/2025/02/14/martin-lead)."
    )
    one = briefing.summary_markdown(two_proposals, Filters(proposals=("grain-escort",)))
    assert one.startswith("# Stance briefing: Naval escorts for Black Sea grain ships · All countries\n")


def test_data_text_of_the_sample_is_escaped(sample):
    countries = "\n".join(section(briefing.summary_markdown(sample, Filters()), "Where each country stands"))
    assert "“It is \\*not\\* a priority for us this year” \\[The Courier (print edition)\\]" in countries  # no url
    assert "\\$40bn for it, and \\$10bn" in countries
    assert "\\<b\\>no\\</b\\>" in countries
    page = briefing.summary_html(sample, Filters())
    assert "“It is *not* a priority for us this year” [The Courier (print edition)]" in page
    assert "My answer is still &lt;b&gt;no&lt;/b&gt;" in page and "<b>" not in page


# ------------------------------------------------------------ escaping data text
HOSTILE = make_dataset(
    statement(
        actor="A_B *C*",
        quote="<script>alert(1)</script> [x](javascript:alert(1)) | _u_ `code`",
        source="Out[let]",
        url="javascript:alert(1)",
    )
)


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
    argv = ["briefing", "--data", str(SAMPLE_CSV), "--country", "IT", "DE", "--since", "2025-03-01", "--size", "square"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    charts = [f"stance-{kind}-IT-DE-square" for kind in BRIEFING_KINDS]
    expected = {f"{c}.{fmt}" for c in charts for fmt in ("png", "svg")} | {"summary.md", "summary.html", "alt-text.md"}
    assert {p.name for p in out.iterdir()} == expected | {briefing.MARKER}
    assert [p.name for p in tmp_path.iterdir()] == ["briefing"]  # and no staging folder left behind
    for chart in charts:
        assert png_size((out / f"{chart}.png").read_bytes()) == (1080, 1080)
        assert (out / f"{chart}.svg").read_text(encoding="utf-8").startswith("<svg")

    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert section(summary, "Who moved since 1 Mar 2025") == [CONTI_MAR_24, CONTI_JUN_2]
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
    assert cli.main(["briefing", "--data", str(SAMPLE_CSV), "--out", str(out)]) == 1
    assert "Chromium crashed" in capsys.readouterr().err
    assert not out.exists()


def test_write_files_makes_the_folder_exactly_the_new_briefing(tmp_path):
    out = tmp_path / "briefing"
    briefing.write_files({"summary.md": b"old", "old-chart.png": b"png"}, out)
    briefing.write_files({"summary.md": b"new", "alt-text.md": b"alt"}, out)
    assert sorted(p.name for p in out.iterdir()) == [briefing.MARKER, "alt-text.md", "summary.md"]
    assert (out / "summary.md").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing"]  # nothing left beside it


def test_write_files_into_an_empty_folder(tmp_path):
    briefing.write_files({"summary.md": b"new"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [briefing.MARKER, "summary.md"]


def test_write_files_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError) as caught:
        briefing.write_files({"summary.md": b"new"}, tmp_path)
    assert caught.value.strerror == (
        "the folder holds files that are not from a Stance briefing; give a new or empty folder"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_cli_briefing_into_a_folder_of_other_files_fails_cleanly(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(briefing, "chart_bytes", lambda *args, **kwargs: b"\x89PNG fake")
    (tmp_path / "notes.txt").write_text("mine")
    assert cli.main(["briefing", "--data", str(SAMPLE_CSV), "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"stance briefing: {tmp_path}: cannot write the briefing: the folder holds files that are not from a"
        " Stance briefing; give a new or empty folder\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("failing_step", ["write", "swap"])
def test_a_failed_write_leaves_the_old_briefing_whole(tmp_path, monkeypatch, failing_step):
    out = tmp_path / "briefing"
    briefing.write_files({"summary.md": b"old", "a.png": b"old"}, out)
    if failing_step == "write":
        real = briefing.Path.write_bytes

        def write_bytes(self, data):
            if self.name == "b.png":
                raise OSError(28, "No space left on device")
            return real(self, data)

        monkeypatch.setattr(briefing.Path, "write_bytes", write_bytes)
    else:
        real_rename = briefing.os.rename
        calls = []

        def rename(src, dst):
            calls.append(dst)
            if len(calls) == 2:  # the new folder moving in
                raise OSError(5, "Input/output error")
            return real_rename(src, dst)

        monkeypatch.setattr(briefing.os, "rename", rename)
    with pytest.raises(OSError):
        briefing.write_files({"summary.md": b"new", "a.png": b"new", "b.png": b"new"}, out)
    assert sorted(p.name for p in out.iterdir()) == [briefing.MARKER, "a.png", "summary.md"]
    assert (out / "summary.md").read_text() == "old" and (out / "a.png").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing"]
