"""The briefing: a summary generated from the data, citing its statements, and the files on disk."""

from __future__ import annotations

import html
import io
import re
import struct
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader, PdfWriter

from stance import briefing, cli, export
from stance.chart import ChartSpec
from stance.query import Filters
from stance.text import markdown_escape

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
BRIEFING_KINDS = (  # as the README lists them
    "timeline",
    "standing",
    "map",
    "matrix",
    "country-matrix",
    "shifts",
    "net-shifts",
    "balance",
)


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def fake_drawing(monkeypatch):
    """Charts and summary pages drawn as stand-ins (no Chromium): one blank page per PDF."""
    drawn: list[tuple[str, str]] = []

    def chart_files(spec, dataset, formats, scale=1, app_url=None, selection=None):
        drawn.extend((spec.kind, fmt) for fmt in formats)
        return {fmt: blank_pdf() if fmt == "pdf" else b"\x89PNG fake" for fmt in formats}

    monkeypatch.setattr(briefing, "chart_files", chart_files)
    monkeypatch.setattr(briefing, "render", lambda fig, fmt, scale=1: blank_pdf())
    return drawn


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


def test_each_country_lists_its_actors_words_most_senior_first(sample):
    countries = section(briefing.summary_markdown(sample, Filters(countries=("PL", "DE"))), "In their words")
    assert countries == [
        "- **Germany (DE)**: Jonas Weber (Chancellor of Germany): opposed on 5 May 2025, "
        "“My answer is still \\<b\\>no\\</b\\>” [Der Beispiel](https://de.example.org/2025/05/05/weber-no); "
        "Anonymous German official: denied around 3 Mar 2025, anonymous, “Berlin has no plans to send a single jet” "
        "[Der Beispiel (citing a government official)](https://de.example.org/2025/03/04/no-jets).",
        "- **Poland (PL)**: Piotr Kowal (Prime Minister of Poland): denied on 3 Mar 2025, “Our answer has not changed” "
        "[Radio Warszawa Example](https://pl.example.org/2025/03/03/kowal-unchanged); "
        "Marta Zielinska (Foreign Minister of Poland): support on 14 Apr 2025, "
        "“Poland will provide the radars” [Gazeta Example](https://pl.example.org/2025/04/14/zielinska-radars).",
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
    france = section(text, "In their words")[0]
    assert france == (
        "- **France (FR)**: Claire Martin (President of France) on A European air shield over Ukraine: support on "
        "14 Feb 2025, “France is ready to lead an air shield” "
        "[France Info Example](https://fr.example.org/2025/02/14/martin-lead); "
        "Claire Martin (President of France) on Naval escorts for Black Sea grain ships: "
        "opposed on 3 Mar 2025, “Warships in the Black Sea would escalate” "
        "[France Info Example](https://fr.example.org/2025/03/03/martin-warships)."
    )
    assert section(text, "Where each country stands on 7 Apr 2025")[:2] == [
        "- **France, on A European air shield over Ukraine**: the government supports "
        "(Martin, 14 Feb 2025 [France Info Example](https://fr.example.org/2025/02/14/martin-lead)).",
        "- **France, on Naval escorts for Black Sea grain ships**: the government is opposed "
        "(Martin, 3 Mar 2025 [France Info Example](https://fr.example.org/2025/03/03/martin-warships)).",
    ]
    one = briefing.summary_markdown(two_proposals, Filters(proposals=("grain-escort",)))
    assert one.startswith("# Stance briefing: Naval escorts for Black Sea grain ships · All countries\n")


def test_data_text_of_the_sample_is_escaped(sample):
    countries = "\n".join(section(briefing.summary_markdown(sample, Filters()), "In their words"))
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
    (verdict,) = section(text, "Where each country stands on 17 Feb 2025")
    assert (
        verdict == "- **Poland**: the government rules out taking part (A\\_B \\*C\\*, 17 Feb 2025 \\[Out\\[let\\]\\])."
    )
    stance_line = section(text, "In their words")[0]
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


def pdf_texts(data: bytes) -> list[str]:
    """Each page's text, ligatures ('ﬁ') unfolded, list bullets left out (pypdf reads them into the line
    they stand beside) and white space made single spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).replace("•", " ").split()) for page in pages]


def test_briefing_command_writes_every_chart_summary_alt_text_and_one_pdf(kaleido_server, tmp_path, capsys):
    out = tmp_path / "briefing"
    argv = ["briefing", "--data", str(SAMPLE_CSV), "--country", "IT", "DE", "--since", "2025-03-01", "--size", "square"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    charts = [f"stance-{kind}-IT-DE-square" for kind in BRIEFING_KINDS]
    expected = {f"{c}.{fmt}" for c in charts for fmt in ("png", "svg")} | {
        "summary.md",
        "summary.html",
        "alt-text.md",
        "standing.csv",
        "briefing.pdf",
    }
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
    standing = (out / "standing.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:4] for line in standing[1:]] == [  # Weber opposed, Conti denied (it-03)
        ["DE", "Germany", "air-shield", "opposed"],
        ["IT", "Italy", "air-shield", "denied"],
    ]

    # briefing.pdf: the summary's pages, then one page per chart, in the pack's order.
    texts = pdf_texts((out / "briefing.pdf").read_bytes())
    summary_pages = len(texts) - len(charts)
    assert summary_pages >= 1
    assert texts[0].startswith("Stance briefing: air-shield · Italy and Germany In brief")
    for number, text in enumerate(texts[:summary_pages], start=1):
        assert f"statements.csv: data to 2 Jun 2025 · page {number} of {summary_pages}" in text
    summary_text = " ".join(texts[:summary_pages])
    assert (
        "Germany: the government is opposed (Weber, 5 May 2025 Der Beispiel); an anonymous source rules" in summary_text
    )
    assert "“Italian pilots will not fly these missions”" in summary_text
    titles = re.findall(r"^## (.+)$", alt, re.MULTILINE)
    assert len(titles) == len(charts)
    for title, text in zip(titles, texts[summary_pages:], strict=True):
        assert unicodedata.normalize("NFKC", title) in text, (title, text[:80])
        assert "Data to 2 Jun 2025" in text
    assert (
        PdfReader(out / "briefing.pdf").pages[0].mediabox[2:] == PdfReader(out / "briefing.pdf").pages[-1].mediabox[2:]
    )


def test_the_pdf_holds_the_summary_pages_then_one_page_per_chart(sample, fake_drawing):
    template = ChartSpec(filters=Filters(), size="slide")
    files = briefing.briefing_files(sample, template)
    document = briefing.summary_document(sample, Filters())
    summary_pages = len(briefing.text_pages(document, "slide", "footer"))
    pdf_charts = [kind for kind, fmt in fake_drawing if fmt == "pdf"]
    assert pdf_charts == list(BRIEFING_KINDS)
    assert len(PdfReader(io.BytesIO(files["briefing.pdf"])).pages) == summary_pages + len(BRIEFING_KINDS)
    assert summary_pages >= 2  # the sample's summary does not fit one slide


def test_summary_pages_wrap_inside_the_page_and_escape_data_text(sample):
    document = briefing.summary_document(HOSTILE, Filters())
    lines = briefing.document_lines(document, "a4")
    assert any("&lt;script&gt;" in line.html for line in lines) and not any("<script>" in ln.html for ln in lines)
    assert not any("javascript" in line.html and "href" in line.html for line in lines)  # not a link
    (page,) = briefing.text_pages(document, "a4", "footer")
    a4 = briefing.SIZES["a4"]
    assert (page.layout.width, page.layout.height) == (a4.width, a4.height)
    long_word = make_dataset(statement(quote="Ukraine" * 200, source="Outlet" * 50))
    documents = [(data, briefing.summary_document(data, Filters())) for data in (HOSTILE, sample, long_word)]
    for size in ("a4", "square", "slide"):
        usable = briefing.SIZES[size].width - 2 * briefing.pdf_margin(size)
        for data, document in documents:
            lines = briefing.document_lines(document, size)
            for line in lines:
                text = html.unescape(re.sub(r"<[^>]+>", "", line.html))
                wider = briefing.PDF_BOLD_WIDER if line.px > briefing.SIZES[size].font else 1
                assert line.indent + len(text) * briefing.PDF_CHAR_WIDTH * wider * line.px <= usable, text
            if data is long_word:
                assert sum("Ukraine" * 3 in line.html for line in lines) > 1  # the long quote, cut over lines


def test_briefing_charts_share_the_options_each_kind_takes():
    template = ChartSpec(
        filters=Filters(countries=("PL",)),
        period="quarter",
        since=date(2025, 2, 17),
        title="ignored",
        size="a4",
        as_of=date(2025, 6, 1),
        by="actor",
        share=True,
        stale_months=3,
    )
    specs = {spec.kind: spec for spec in briefing.briefing_specs(template)}
    assert list(specs) == list(BRIEFING_KINDS)
    assert all(s.filters == template.filters and s.size == "a4" and s.title == "" for s in specs.values())
    assert all(s.period == "quarter" and s.stale_months == 3 for s in specs.values())
    assert (specs["standing"].as_of, specs["standing"].by, specs["standing"].since) == (date(2025, 6, 1), "actor", None)
    assert (specs["map"].as_of, specs["map"].by) == (date(2025, 6, 1), "country")  # the map is by country
    assert (specs["net-shifts"].since, specs["net-shifts"].as_of) == (date(2025, 2, 17), date(2025, 6, 1))
    assert (specs["balance"].share, specs["balance"].by, specs["balance"].as_of) == (True, "actor", None)
    assert (specs["timeline"].as_of, specs["timeline"].share, specs["timeline"].by) == (None, False, "country")


def test_a_failed_briefing_leaves_nothing_behind(tmp_path, capsys, monkeypatch):
    calls = []

    def fail_on_third_chart(spec, dataset, formats, **kwargs):
        calls.append(spec)
        if len(calls) == 3:
            raise export.ExportError("Chromium crashed")
        return dict.fromkeys(formats, b"\x89PNG fake")

    monkeypatch.setattr(briefing, "chart_files", fail_on_third_chart)
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


def test_cli_briefing_into_a_folder_of_other_files_fails_cleanly(tmp_path, capsys, fake_drawing):
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


# ------------------------------------------------------------ verdicts: one line per country (issue 8)
def verdicts(dataset, **options) -> list[str]:
    text = briefing.summary_markdown(dataset, Filters(), **options)
    heading = re.search(r"^## (Where each country stands on .+)$", text, re.MULTILINE).group(1)
    return section(text, heading)


def test_verdicts_of_the_sample_follow_the_country_rule(sample):
    # As of 2 Jun 2025: each government's latest on-record statement; Poland's Prime Minister outranks
    # its Foreign Minister; anonymous voices never decide (fixtures/README.md lists the rows).
    assert verdicts(sample) == [
        "- **European Union**: the institution supports "
        "(Lindqvist, 17 Feb 2025 [Summit Wire](https://summit.example.org/2025/02/17/leaders)).",
        "- **France**: the government supports "
        "(Martin, 12 May 2025 [France Info Example](https://fr.example.org/2025/05/12/martin-first-day)).",
        "- **Germany**: the government is opposed "
        "(Weber, 5 May 2025 [Der Beispiel](https://de.example.org/2025/05/05/weber-no)); "
        "an anonymous source rules out taking part.",
        "- **Italy**: the government rules out taking part "
        "(Conti, 2 Jun 2025 [Il Foglio Example](https://it.example.org/2025/06/02/conti-no)).",
        "- **Poland**: the government rules out taking part "
        "(Kowal, 3 Mar 2025 [Radio Warszawa Example](https://pl.example.org/2025/03/03/kowal-unchanged)); "
        "a minister (Zielinska) supports.",
        "- **United Kingdom**: the government supports "
        "(Morgan, 10 Mar 2025 [BBC Example](https://gb.example.org/2025/03/10/morgan-jets)); "
        "an anonymous source is hesitant.",
    ]


def test_verdicts_as_of_a_day_flag_anonymous_only_and_stale_positions(sample):
    lines = verdicts(sample, as_of=date(2025, 2, 20))
    assert "- **Italy**: the government is hesitant (Conti, Dec 2024, unverified [Il Foglio Example" in lines[3]
    assert lines[3].endswith(")).")  # 20 Feb is within 6 months of Dec 2024: not stale
    lines = verdicts(sample, as_of=date(2025, 2, 20), stale_months=2)  # stale: last heard before 20 Dec 2024
    assert lines[3].endswith(")), not restated for over 2 months.")
    assert not lines[2].endswith("months.")  # Germany: heard on 17 Feb


def former_minister(i: int, name: str) -> dict[str, str]:
    return statement(
        id=f"f{i}",
        actor=name,
        role="Former minister",
        actor_type="former",
        country="GB",
        date=f"2025-03-0{i + 1}",
        position="support",
        quote=f"Former minister {i} backs it",
    )


def test_verdict_puts_the_government_first_and_counts_the_former_ministers_beside_it():
    dataset = make_dataset(
        statement(
            id="s1",
            actor="Keir Starmer",
            role="Prime Minister",
            country="GB",
            date="2025-07-10",
            position="support",
            source="BBC",
            url="https://example.org/s1",
        ),
        *[former_minister(i, n) for i, n in enumerate(["Boris Johnson", "Liz Truss", "Theresa May", "Ben Wallace"])],
    )
    assert verdicts(dataset) == [
        "- **United Kingdom**: the government supports (Starmer, 10 Jul 2025 [BBC](https://example.org/s1)); "
        "4 former office holders support."
    ]


def test_verdict_of_a_split_government_gives_both_positions():
    dataset = make_dataset(
        statement(id="p1", actor="Donald Tusk", date="2025-03-05", position="denied", source="TVN", url=""),
        statement(
            id="p2",
            actor="Andrzej Duda",
            role="President of Poland",
            date="2025-03-01",
            position="support",
            source="RMF",
            url="https://example.org/duda",
        ),
    )
    assert verdicts(dataset) == [
        "- **Poland**: the government is split: Tusk denied (5 Mar 2025 \\[TVN\\]), "
        "Duda support (1 Mar 2025 [RMF](https://example.org/duda))."
    ]


def test_verdict_without_a_government_statement_says_so_and_names_the_opposition():
    dataset = make_dataset(
        statement(id="a1", actor="Peter Dutton", country="AU", actor_type="opposition", position="hesitant"),
        statement(
            id="a2",
            actor="Anthony Albanese",
            country="AU",
            actor_type="head",
            position="support",
            date="2025-03-20",
            proposal="q",
        ),
        proposals={"p": "Peacekeepers", "q": "Air policing"},
    )
    assert verdicts(dataset) == [
        "- **Australia, on Peacekeepers**: no government statement; the opposition (Dutton) is hesitant.",
        "- **Australia, on Air policing**: the government supports (Albanese, 20 Mar 2025 "
        "[Outlet](https://example.org/a)).",
    ]


def test_a_head_who_left_office_speaks_as_a_former_office_holder():
    scholz = dict(actor="Olaf Scholz", country="DE", left_office="2025-05-06")
    dataset = make_dataset(
        statement(id="d1", date="2025-02-17", position="hesitant", **scholz),
        statement(id="d2", date="2025-09-01", position="opposed", capacity="former", **scholz),
        statement(id="d3", date="2025-05-14", position="support", actor="Friedrich Merz", country="DE"),
    )
    assert verdicts(dataset) == [
        "- **Germany**: the government supports (Merz, 14 May 2025 [Outlet](https://example.org/a)); "
        "a former office holder (Scholz) is opposed."
    ]
    assert verdicts(dataset, as_of=date(2025, 3, 1)) == [  # then, Scholz was the government
        "- **Germany**: the government is hesitant (Scholz, 17 Feb 2025 [Outlet](https://example.org/a))."
    ]
    only_former = make_dataset(statement(id="d2", date="2025-09-01", position="opposed", capacity="former", **scholz))
    assert verdicts(only_former) == [
        "- **Germany**: no government statement; a former office holder (Scholz) is opposed."
    ]


def test_no_quote_is_repeated_anywhere_in_the_summary(two_proposals):
    joint = "We will stand with Ukraine for as long as it takes"
    dataset = make_dataset(
        statement(id="j1", actor="Keir Starmer", role="", country="GB", quote=joint, proposal="p"),
        statement(id="j2", actor="Emmanuel Macron", role="", country="FR", quote=joint, proposal="p"),
        statement(id="j3", actor="Keir Starmer", role="", country="GB", quote=joint, proposal="q", position="support"),
        statement(id="j4", actor="Keir Starmer", role="", country="GB", quote="Another day", date="2025-01-02"),
        proposals={"p": "Peacekeepers", "q": "Air policing"},
    )
    text = briefing.summary_markdown(dataset, Filters())
    assert text.count(joint) == 1  # France comes first (by name): the quote is shown there, once
    assert section(text, "In their words")[1] == (
        "- **United Kingdom (GB)**: Keir Starmer on Peacekeepers: denied on 17 Feb 2025 "
        "[Outlet](https://example.org/a); Keir Starmer on Air policing: support on 17 Feb 2025 [Outlet](https://example.org/a)."
    )
    for data in (dataset, two_proposals):
        text = briefing.summary_markdown(data, Filters())
        for quote in set(data.statements["quote"]):
            assert text.count(f"“{markdown_escape(quote)}”") <= 1, quote


@pytest.mark.parametrize(
    "actor, short",
    [
        ("Keir Starmer", "Starmer"),
        ("Ursula von der Leyen", "von der Leyen"),
        ("Władysław Kosiniak-Kamysz", "Kosiniak-Kamysz"),
        ("Anonymous Whitehall source", "Anonymous Whitehall source"),
        ("Turkish Ministry of National Defence", "Turkish Ministry of National Defence"),
        ("Kremlin", "Kremlin"),
    ],
)
def test_verdicts_name_people_by_surname(actor, short):
    assert briefing.surname(actor) == short
    assert briefing.short_names(["Keir Starmer", "Sir Keir Starmer", "Boris Johnson"]) == {
        "Boris Johnson": "Johnson",
        "Keir Starmer": "Keir Starmer",  # two Starmers: whole names
        "Sir Keir Starmer": "Sir Keir Starmer",
    }
