"""Figures: what a reader of the screen, a slide or a printout relies on.

Fast: figures are built and inspected as data; nothing is rendered (no Kaleido, no browser).
Most tests read figures of the frozen fixture ``sample`` (tests/fixtures/README.md lists the facts
their literals come from); layout under pressure (more lanes than a slide has room for, a year of
periods) is checked on ``dense``, a dataset generated here whose shape follows from how it is built.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from stance import briefing, chart, dates, figures, kinds, words
from stance.chart import EXPORT_SIZES, SIZES, ChartSpec
from stance.codebook import POSITION_BY_KEY, POSITION_KEYS, POSITIONS, country_name
from stance.figures import axes, balance, country_matrix, events, grid, marks, theme, timeline, unchecked
from stance.load import statements_frame
from stance.model import Dataset
from stance.query import Filters
from stance.synth import synthetic_statements

from conftest import make_dataset, statement, strings

GENERATED = date(2025, 12, 20)
APP = "https://stance.example/app/"
KINDS = list(kinds.KINDS)
NOTHING = Filters(countries=("NZ",), positions=("denied",))  # New Zealand never denied anything
POLAND = Filters(countries=("PL",))

# The sample's lanes: by country, then first statement, then name (tests/fixtures/README.md).
SAMPLE_LANES = [
    "Jonas Weber · Germany",
    "Anonymous German official · Germany",
    "Eva Lindqvist · European Union",
    "Claire Martin · France",
    "Alex Morgan · United Kingdom",
    "Anonymous Whitehall source · United Kingdom",
    "Giulia Conti · Italy",
    "Piotr Kowal · Poland",
    "Marta Zielinska · Poland",
]
# The sample's seven shifts: (date of the new position, lane).
SAMPLE_SHIFTS = [
    (date(2025, 2, 14), "Claire Martin · France"),
    (date(2025, 2, 18), "Claire Martin · France"),
    (date(2025, 3, 10), "Alex Morgan · United Kingdom"),
    (date(2025, 3, 24), "Giulia Conti · Italy"),
    (date(2025, 4, 1), "Claire Martin · France"),
    (date(2025, 4, 14), "Marta Zielinska · Poland"),
    (date(2025, 6, 2), "Giulia Conti · Italy"),
]

# ---------------------------------------------------------------- a dense dataset, generated
DENSE_COUNTRIES = (  # in code order, as the lanes are grouped
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "EU",
    "FI",
    "FR",
    "GB",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
    "UA",
    "US",
)
DENSE_LANES = [
    f"{title} of {code} · {country_name(code)}" for code in DENSE_COUNTRIES for title in ("Leader", "Minister")
]


def dense_dataset():
    """64 actors (a leader and a minister in each of 32 countries), 128 statements, 1 Dec 2024 to
    11 Dec 2025: more lanes than a slide holds at its normal font, 13 months, 54 weeks.

    Actor k speaks on day 5k, then 60 days later with the next position in the codebook's order
    (so everyone moves once, and support is stated in one month and carried into the next); a
    country's leader speaks before its minister. Every third actor is quoted anonymously.
    """
    rows = []
    for k in range(64):
        code = DENSE_COUNTRIES[k // 2]
        actor = f"{'Leader' if k % 2 == 0 else 'Minister'} of {code}"
        first = date(2024, 12, 1) + timedelta(days=5 * k)
        said = ((first, POSITION_KEYS[k % 4]), (first + timedelta(days=60), POSITION_KEYS[(k + 1) % 4]))
        for n, (day, position) in enumerate(said):
            rows.append(
                statement(
                    id=f"d{k:02d}-{n}",
                    date=day.isoformat(),
                    actor=actor,
                    role="",
                    country=code,
                    position=position,
                    attribution="anonymous" if k % 3 == 0 else "on-record",
                    url=f"https://example.org/{k}/{n}",
                )
            )
    return make_dataset(*rows)


def build(dataset, kind="timeline", size="screen", filters=Filters(), **spec):
    return figures.build_figure(
        ChartSpec(kind=kind, filters=filters, size=size, **spec), dataset, app_url=APP, generated=GENERATED
    )


def figure_cache(dataset):
    """Figures of one dataset, each built once: tests only read them."""
    cache = {}

    def get(kind="timeline", size="screen", filters=Filters(), **spec):
        key = (kind, size, filters, tuple(sorted(spec.items())))
        if key not in cache:
            cache[key] = build(dataset, kind, size, filters, **spec)
        return cache[key]

    return get


@pytest.fixture(scope="session")
def sample_figure(sample):
    return figure_cache(sample)


@pytest.fixture(scope="session")
def bundled_figure(bundled):
    return figure_cache(bundled)


@pytest.fixture(scope="session")
def dense():
    return dense_dataset()


@pytest.fixture(scope="session")
def dense_figure(dense):
    return figure_cache(dense)


def footer_text(fig) -> str:
    (footer,) = [a.text for a in fig.layout.annotations if a.text.startswith("Source:")]
    return footer


def statement_traces(fig):
    """The traces whose points are statements (the ones a click selects)."""
    return [t for t in fig.data if t.type == "scatter" and t.customdata is not None]


def cell_labels(fig) -> dict:
    """Grid charts: (row, column) -> (text, text colour) of each cell's label."""
    labels = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    colours = labels.textfont.color
    return {(y, x): (text, colour) for y, x, text, colour in zip(labels.y, labels.x, labels.text, colours, strict=True)}


def colour_at(fig, code: int) -> str:
    """The colour a discrete heatmap draws for integer z = code."""
    heatmap = next(t for t in fig.data if t.type == "heatmap")
    return heatmap.colorscale[2 * code][1]  # each colour holds a band of two stops


# ---------------------------------------------------------------- every kind, every size
@pytest.mark.parametrize("size", ["screen", *EXPORT_SIZES])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_a_sandwich_of_header_chart_and_footer(sample_figure, kind, size):
    fig = sample_figure(kind, size)
    spec = ChartSpec(kind=kind, size=size)
    assert spec.display_title() in fig.layout.title.text
    subtitle = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert "air-shield" in subtitle  # a CSV carries no titles: the proposal's id stands in
    assert "All countries" in subtitle
    assert "1 Dec 2024" in subtitle and "2 Jun 2025" in subtitle  # the period of the data shown
    footer = footer_text(fig)
    assert "Source: statements.csv: 21 statements from 20 sources" in footer  # de-01 and eu-02: one report
    assert "Data to 2 Jun 2025" in footer and "Generated 20 Dec 2025" in footer
    assert chart.view_url(spec, APP) in footer.replace("<br>", "")
    assert chart.view_url(spec, APP).startswith(APP)
    assert fig.layout.font.family == theme.FONT_FAMILY
    assert len(fig.data) > 0


@pytest.mark.parametrize("data", ["sample", "dense", "crowded", "bundled"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_passes_plotlys_own_checks(request, data, kind):
    """Figures are built unchecked for speed (figures/unchecked.py): a misspelt property or a value
    Plotly.js cannot draw would reach the page silently. Plotly's validation, run here, refuses them.
    Between them the datasets draw every kind of trace (crowded lanes, leaving office, events ...)."""
    fig = request.getfixturevalue(f"{data}_figure")(kind)
    checked = go.Figure(fig.to_dict())  # raises ValueError on an unknown property or a bad value
    assert len(checked.data) == len(fig.data)


def test_an_unchecked_misspelt_property_is_caught_by_the_check():
    fig = go.Figure(data=[unchecked.Scatter(x=[1], y=[1], hovertemplat="%{x}")], _validate=False)
    with pytest.raises(ValueError, match="hovertemplat"):
        go.Figure(fig.to_dict())


@pytest.mark.parametrize("data", ["sample", "dense"])
@pytest.mark.parametrize("size", EXPORT_SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_exports_have_the_exact_canvas_and_room_for_header_and_footer(request, data, kind, size):
    fig = request.getfixturevalue(f"{data}_figure")(kind, size)
    dims = SIZES[size]
    assert (fig.layout.width, fig.layout.height) == (dims.width, dims.height)
    margin = fig.layout.margin
    assert margin.autoexpand is False  # Plotly must not move the plot under the header
    plot_height = dims.height - margin.t - margin.b
    assert plot_height > 0.45 * dims.height
    title_lines = fig.layout.title.text.count("<br>") + 1
    subtitle_lines = fig.layout.title.subtitle.text.count("<br>") + 1
    header = (title_lines * fig.layout.title.font.size + subtitle_lines * fig.layout.title.subtitle.font.size) * 1.2
    assert margin.t > header
    footer = next(a for a in fig.layout.annotations if a.text.startswith("Source:"))
    footer_bottom = -footer.yshift + (footer.text.count("<br>") + 1) * footer.font.size * 1.3
    assert footer_bottom <= margin.b
    assert footer.xshift == -(margin.l - round(dims.font * 0.9))  # starts at the canvas' left padding


def test_text_scales_with_the_export_size(sample_figure):
    slide, a4 = sample_figure("balance", "slide"), sample_figure("balance", "a4")
    assert slide.layout.title.font.size >= 30
    assert slide.layout.xaxis.tickfont.size >= 18
    assert a4.layout.title.font.size < slide.layout.title.font.size


def test_screen_figures_fit_the_page_width_and_grow_with_the_lanes(sample_figure):
    everyone = sample_figure("timeline")  # 9 lanes
    poland = sample_figure("timeline", filters=POLAND)  # 2 lanes
    assert everyone.layout.width is None and everyone.layout.autosize is True
    assert everyone.layout.height > poland.layout.height
    assert everyone.layout.height >= 9 * 28


def test_a_slide_draws_a_page_of_lanes_of_a_dense_dataset_and_says_so(dense_figure):
    fig = dense_figure("timeline", "slide")
    lanes = list(fig.layout.yaxis.ticktext)
    assert len(lanes) == SIZES["slide"].lanes == 20
    assert lanes == [lane for lane in DENSE_LANES if lane in lanes]  # grouped by country, in order
    assert "Showing 20 of 64 actors (1–20, page 1 of 4)" in fig.layout.title.subtitle.text
    assert 7 <= fig.layout.yaxis.tickfont.size <= SIZES["slide"].font


# ---------------------------------------------------------------- empty results
@pytest.mark.parametrize("size", ["screen", "slide"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_matching_statements_gives_a_message_not_an_error(sample_figure, kind, size):
    fig = sample_figure(kind, size, filters=NOTHING)
    texts = [a.text for a in fig.layout.annotations]
    assert words.EMPTY_MESSAGE in texts
    assert ChartSpec(kind=kind).display_title() in fig.layout.title.text
    assert "New Zealand" in fig.layout.title.subtitle.text
    assert "0 statements from 0 sources" in footer_text(fig)
    assert not statement_traces(fig)


def test_shifts_without_any_change_of_position_says_so():
    dataset = make_dataset(statement(id="a", date="2025-01-10"), statement(id="b", date="2025-02-10"))
    fig = build(dataset, "shifts")
    assert words.NO_SHIFTS_MESSAGE in [a.text for a in fig.layout.annotations]


# ---------------------------------------------------------------- footer and links
def test_footer_counts_the_statements_and_sources_in_scope(sample_figure, sample):
    shown = POLAND.apply(sample.statements)  # pl-01 to pl-04: four reports
    lines = words.footer_lines(ChartSpec(filters=POLAND), sample, shown, GENERATED, app_url=APP)
    assert lines[0] == "Source: statements.csv: 4 statements from 4 sources"
    assert lines[1] == "Data to 2 Jun 2025"  # the dataset's cut-off (it-03), not Poland's last statement
    assert lines[2] == "Generated 20 Dec 2025"
    assert lines[3] == chart.view_url(ChartSpec(filters=POLAND), APP)
    assert lines[3].startswith(f"{APP}?country=PL")
    footer = footer_text(sample_figure("matrix", filters=POLAND)).replace("<br>", " ")
    assert lines[0] in footer and lines[1] in footer
    one_report = footer_text(sample_figure("matrix", filters=Filters(countries=("DE", "EU")))).replace("<br>", " ")
    assert "5 statements from 4 sources" in one_report  # de-01 and eu-02 share a link


def test_footer_names_the_dataset_that_is_open():
    rows = (statement(id="a", date="2025-01-10"), statement(id="b", date="2025-03-01", actor="B", url=""))
    poland = replace(make_dataset(*rows), title="poland.csv")
    for kind in KINDS:
        footer = footer_text(build(poland, kind, "slide")).replace("<br>", " ")
        assert footer.startswith("Source: poland.csv: 2 statements from 2 sources · Data to 1 Mar 2025")
    assert "Stance dataset" not in footer


def test_view_url_keeps_tilde_lists_and_reads_the_app_address_from_the_environment(monkeypatch):
    spec = ChartSpec(kind="matrix", filters=Filters(countries=("PL", "GB")), period="quarter")
    monkeypatch.delenv(chart.APP_URL_ENV, raising=False)
    assert chart.view_url(spec) == "http://localhost:8501/?country=PL~GB&chart=matrix&period=quarter"
    monkeypatch.setenv(chart.APP_URL_ENV, "https://stance.example/")
    assert chart.view_url(spec).startswith("https://stance.example/?country=PL~GB")
    assert chart.view_url(spec, "https://other.example/").startswith("https://other.example/?")
    assert not chart.view_url(ChartSpec(), "https://other.example/").endswith("?")  # default view: no query


# ---------------------------------------------------------------- encodings
@pytest.mark.parametrize("kind", ["timeline", "shifts"])
def test_markers_take_colour_and_shape_from_the_codebook(sample_figure, sample, kind):
    fig = sample_figure(kind)
    traces = statement_traces(fig)
    by_id = sample.statements.set_index("id")
    for trace in traces:
        positions = {by_id.loc[d[0], "position"] for d in trace.customdata}
        assert len(positions) == 1
        position = POSITION_BY_KEY[positions.pop()]
        assert trace.name == position.label
        assert trace.marker.color == position.colour
        assert trace.marker.symbol in (position.symbol, position.symbol + "-open")


@pytest.mark.parametrize("kind", KINDS)
def test_every_position_shown_has_a_legend_entry_with_its_colour_and_shape(sample_figure, kind):
    fig = sample_figure(kind)
    entries = [t for t in fig.data if t.showlegend is not False and t.type in ("scatter", "bar")]
    # The sample's shifts join hesitant, support and denied: only Germany is opposed, and it never moves.
    shown = ("support", "hesitant", "denied") if kind == "shifts" else POSITION_KEYS
    for position in POSITIONS:
        named = [t for t in entries if t.name in (position.label, f"{position.label} ({position.glyph})")]
        if position.key not in shown:
            assert not named
            continue
        (entry,) = named
        assert entry.marker.color == position.colour
        if entry.type == "bar":  # greyscale cue: the position's letter, in the legend and on the bars
            assert entry.name == f"{position.label} ({position.glyph})"
        else:
            assert entry.marker.symbol == position.symbol


def test_anonymous_and_unverified_statements_are_hollow_and_on_record_ones_filled(sample_figure):
    fig = sample_figure("timeline")
    hollow = {
        statement_id
        for trace in statement_traces(fig)
        if trace.marker.symbol.endswith("-open")
        for (statement_id,) in trace.customdata
    }
    filled = {
        statement_id
        for trace in statement_traces(fig)
        if not trace.marker.symbol.endswith("-open")
        for (statement_id,) in trace.customdata
    }
    assert hollow == {"gb-01", "gb-02", "de-02", "it-01", "fr-04"}  # 3 anonymous, 2 unverified
    assert len(filled) == 16 and not hollow & filled  # on record
    assert marks.HOLLOW_KEY in [t.name for t in fig.data]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), "all"),
        (Filters(countries=("GB", "IT")), ["gb-01", "gb-02", "gb-03", "gb-04", "it-01", "it-02", "it-03"]),
        (
            Filters(date_from=date(2025, 3, 1)),
            ["de-02", "pl-03", "gb-04", "it-02", "fr-04", "pl-04", "de-03", "fr-05", "it-03"],
        ),
    ],
)
def test_timeline_points_map_back_to_every_shown_statement_exactly_once(sample_figure, sample, filters, expected):
    fig = sample_figure("timeline", filters=filters)
    ids = [d[0] for t in statement_traces(fig) for d in t.customdata]
    assert sorted(ids) == sorted(sample.statements["id"] if expected == "all" else expected)
    for trace in statement_traces(fig):
        assert trace.mode == "markers"


def test_timeline_lanes_follow_the_actor_order_and_mark_every_shift(sample_figure, sample):
    fig = sample_figure("timeline")
    lanes = list(fig.layout.yaxis.ticktext)
    assert lanes == SAMPLE_LANES
    by_id = sample.statements.set_index("id")
    for trace in statement_traces(fig):
        for (statement_id,), y in zip(trace.customdata, trace.y, strict=True):
            row = by_id.loc[statement_id]
            assert lanes[round(y)] == f"{row['actor']} · {country_name(row['country'])}"
    # One trace of rings (not a layout shape each: Plotly validates every shape, slow at scale).
    (rings,) = [t for t in fig.data if t.name == timeline.RING_KEY]
    assert rings.marker.symbol == "circle-open" and rings.showlegend is not False
    assert (
        sorted((pd.Timestamp(x).date(), lanes[round(y)]) for x, y in zip(rings.x, rings.y, strict=True))
        == SAMPLE_SHIFTS
    )
    assert not [s for s in fig.layout.shapes if s.type == "circle"]


def test_timeline_bands_hold_each_position_until_the_next_statement():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="hesitant"),
        statement(id="b", date="2025-02-10", position="support"),
        statement(id="c", date="2025-03-10", actor="Other", country="GB", position="support"),
    )
    fig = build(dataset, "timeline")
    bands = {t.name: t for t in fig.data if t.mode == "lines"}
    hesitant = bands["Hesitant held"]
    assert [pd.Timestamp(x) for x in hesitant.x[:2]] == [pd.Timestamp("2025-01-10"), pd.Timestamp("2025-02-10")]
    assert hesitant.line.color == POSITION_BY_KEY["hesitant"].tint
    support_ends = [pd.Timestamp(x) for x in bands["Support held"].x if x is not None]
    assert max(support_ends) == pd.Timestamp("2025-03-10")  # the last statement's band runs to the end


def test_hover_gives_date_with_its_precision_and_who_said_what_where():
    dataset = make_dataset(
        statement(id="a", date="2025-01-13", date_precision="week", quote="Not now", source="Daily"),
        statement(id="b", date="2024-12-01", date_precision="month", actor="X", country="GB"),
    )
    fig = build(dataset, "timeline")
    hovers = " ".join(h for t in statement_traces(fig) for h in t.hovertext)
    assert "week of 13 Jan 2025" in hovers and "Dec 2024 (month)" in hovers
    for expected in (
        "Donald Tusk",
        "Prime Minister of Poland",
        "Poland",
        "Denied",
        "On record",
        "“Not now”",
        "Source: Daily",
    ):
        assert expected in hovers
    assert dates.date_words(pd.Timestamp("2024-12-12"), "day") == "12 Dec 2024 (day)"
    assert dates.date_words(pd.Timestamp("2024-12-12"), "approx") == "c. 12 Dec 2024 (approximate)"


@pytest.mark.parametrize("kind", KINDS)
def test_data_text_is_escaped_not_rendered_as_html(kind):
    dataset = make_dataset(
        statement(
            id="a",
            date="2025-01-10",
            actor="<b>Bold</b> Actor",
            quote="<img src=x onerror=alert(1)>",
            source="Other",
            position="hesitant",
        ),
        statement(
            id="b",
            date="2025-02-10",
            actor="<b>Bold</b> Actor",
            quote="<script>alert(1)</script>",
            source="A & B <i>News</i>",
            position="support",
        ),
        proposals={"p": "Peace <u>plan</u>"},
    )
    fig = figures.build_figure(ChartSpec(kind=kind, title="<em>Mine</em>"), dataset, generated=GENERATED)
    text = " ".join(strings(fig.to_plotly_json()))
    for raw in ("<script", "<img", "<b>Bold</b>", "<i>News</i>", "<u>plan", "<em>"):
        assert raw not in text
    assert "&lt;em&gt;Mine&lt;/em&gt;" in fig.layout.title.text
    assert "Peace &lt;u&gt;plan&lt;/u&gt;" in fig.layout.title.subtitle.text
    if kind in ("timeline", "matrix", "shifts", "proposal-matrix"):  # the kinds that show quotes and actors
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "A &amp; B &lt;i&gt;News&lt;/i&gt;" in text
        assert "&lt;b&gt;Bold&lt;/b&gt; Actor" in text


@pytest.mark.parametrize("kind", KINDS)
def test_figures_built_after_import_streamlit_use_explicit_colours(sample, kind, monkeypatch):
    monkeypatch.setattr(pio.templates, "default", pio.templates.default)  # restored after the test
    import streamlit  # noqa: F401  (sets Plotly's default template to placeholder colours)

    pio.templates.default = "streamlit"
    placeholders = set(re.findall(r"#[0-9a-fA-F]{6}", pio.templates["streamlit"].to_plotly_json().__repr__()))
    assert placeholders  # the test means something only if the streamlit template has them
    fig = build(sample, kind, "slide")  # what Kaleido exports, outside Streamlit's front end
    used = set(re.findall(r"#[0-9a-fA-F]{6}", fig.to_json()))
    assert not used & placeholders
    assert fig.layout.template.layout.paper_bgcolor == "#FFFFFF"
    assert fig.layout.template.layout.font.family == theme.FONT_FAMILY
    assert {p.colour for p in POSITIONS} <= {c.upper() for c in used}


# ---------------------------------------------------------------- matrices
def test_matrix_cells_show_stated_carried_and_blank_differently():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="support", actor="A", country="PL"),
        statement(id="b", date="2025-02-10", position="hesitant", actor="B", country="PL"),
        statement(id="c", date="2025-03-20", position="opposed", actor="B", country="PL"),
    )
    fig = build(dataset, "matrix")
    heatmap = next(t for t in fig.data if t.type == "heatmap")
    support, hesitant, opposed = (POSITION_BY_KEY[k] for k in ("support", "hesitant", "opposed"))
    a_row, b_row = heatmap.z
    assert colour_at(fig, a_row[0]) == support.colour  # stated in January
    assert colour_at(fig, a_row[1]) == colour_at(fig, a_row[2]) == support.tint  # carried: pale
    assert b_row[0] is None  # before B's first statement: blank
    assert colour_at(fig, b_row[1]) == hesitant.colour and colour_at(fig, b_row[2]) == opposed.colour
    assert "carried forward from 10 Jan 2025 (day)" in heatmap.hovertext[0][1]
    assert "stated 20 Mar 2025 (day)" in heatmap.hovertext[1][2]
    cells = cell_labels(fig)
    assert cells[(0, 0)][0] == "<b>S</b>" and cells[(0, 1)][0] == "<i>S</i>"
    assert cells[(0, 0)][1] != cells[(0, 1)][1]
    assert grid.CARRIED_KEY in [t.name for t in fig.data]
    assert list(fig.layout.xaxis.ticktext) == ["Jan 2025", "Feb 2025", "Mar 2025"]


def test_matrix_rows_follow_the_timeline_order(sample_figure):
    matrix, timeline = sample_figure("matrix"), sample_figure("timeline")
    assert list(matrix.layout.yaxis.ticktext) == list(timeline.layout.yaxis.ticktext) == SAMPLE_LANES


def rule_dataset():
    """Hand-made cases for the country rule, January to March 2025 (monthly cells):

    - United Kingdom: the Prime Minister supports (Jan); four former ministers are hesitant (Feb).
    - Australia: the Prime Minister supports; the opposition leader is hesitant (Jan).
    - France: the President supports, the Prime Minister (also a head of government) hesitates: split.
    - Canada: only the opposition speaks: no government statement.
    - European Union: its own row (an institution), below the countries whatever its name.
    """
    rows = [
        statement(id="gb", date="2025-01-10", actor="Starmer", country="GB", position="support"),
        *(
            statement(
                id=f"f{k}",
                date="2025-02-03",
                actor=f"Former {k}",
                actor_type="former",
                country="GB",
                position="hesitant",
            )
            for k in range(4)
        ),
        statement(id="au1", date="2025-01-12", actor="Albanese", country="AU", position="support"),
        statement(
            id="au2", date="2025-01-13", actor="Dutton", actor_type="opposition", country="AU", position="hesitant"
        ),
        statement(id="fr1", date="2025-01-14", actor="President", country="FR", position="support"),
        statement(id="fr2", date="2025-01-20", actor="Premier", country="FR", position="hesitant"),
        statement(
            id="ca", date="2025-01-15", actor="Poilievre", actor_type="opposition", country="CA", position="opposed"
        ),
        statement(
            id="eu", date="2025-01-16", actor="Commissioner", actor_type="institution", country="EU", position="support"
        ),
        statement(id="end", date="2025-03-20", actor="Albanese", country="AU", position="support"),
    ]
    return make_dataset(*rows)


def test_country_matrix_colours_each_country_by_its_government_not_a_head_count():
    fig = build(rule_dataset(), "country-matrix")
    rows = list(fig.layout.yaxis.ticktext)
    assert rows == ["Australia", "Canada", "France", "United Kingdom", "European Union"]  # institutions apart, below
    assert [s for s in fig.layout.shapes if s.type == "line" and s.y0 == 3.5]  # a rule above the institutions
    heatmap = next(t for t in fig.data if t.type == "heatmap" and t.name == "cells")
    cells = cell_labels(fig)
    support, hesitant = POSITION_BY_KEY["support"], POSITION_BY_KEY["hesitant"]
    gb, au, fr, ca = rows.index("United Kingdom"), rows.index("Australia"), rows.index("France"), rows.index("Canada")
    # Four former ministers (February) do not outvote the Prime Minister: still Support, carried (pale).
    assert colour_at(fig, heatmap.z[gb][1]) == support.tint and cells[(gb, 1)][0] == "<i>S</i>"
    assert "Former 0 (former office holder): Hesitant" in heatmap.hovertext[gb][1]
    assert "Starmer: Support, 10 Jan 2025" in heatmap.hovertext[gb][1]
    # The opposition leader does not make Australia a tie: Support, with Dutton listed beside.
    assert colour_at(fig, heatmap.z[au][0]) == support.colour and cells[(au, 0)][0] == "<b>S</b>"
    assert (
        "Beside (do not decide)" in heatmap.hovertext[au][0]
        and "Dutton (opposition): Hesitant" in heatmap.hovertext[au][0]
    )
    # Two heads of government who disagree: split, both colours and both letters.
    assert cells[(fr, 0)][0] == "<b>S/H</b>"
    assert colour_at(fig, heatmap.z[fr][0]) == support.colour
    halves = next(t for t in fig.data if t.type == "heatmap" and t.name == "split cells")
    assert colour_at(fig, halves.z[fr][1]) == hesitant.colour  # the right half of January's cell
    assert halves.z[fr][0] is None and halves.x[1] == 0  # left half: the main cell shows through
    assert "Government split: <b>Support / Hesitant</b>" in heatmap.hovertext[fr][0]
    # Only the opposition spoke: no government statement, said so.
    assert colour_at(fig, heatmap.z[ca][0]) == theme.NONE_COLOUR and cells[(ca, 0)][0] == "–"
    assert (
        "No government statement" in heatmap.hovertext[ca][0] and "Poilievre (opposition)" in heatmap.hovertext[ca][0]
    )
    names = [t.name for t in fig.data if t.type == "scatter" and t.showlegend is not False and t.mode == "markers"]
    assert country_matrix.SPLIT_KEY in names and country_matrix.NONE_KEY in names and grid.CARRIED_KEY in names
    assert "government's position" in fig.layout.legend.title.text


def test_country_matrix_pales_a_government_position_not_restated_for_the_stale_age():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="support"),
        statement(id="b", date="2025-09-10", actor="Other", country="GB", position="support"),
    )
    fig = build(dataset, "country-matrix", stale_months=6)
    heatmap = next(t for t in fig.data if t.type == "heatmap" and t.name == "cells")
    poland = list(fig.layout.yaxis.ticktext).index("Poland")
    colours = [colour_at(fig, z) for z in heatmap.z[poland]]  # Jan to Sep 2025
    support = POSITION_BY_KEY["support"]
    assert colours[0] == support.colour and colours[1:6] == [support.tint] * 5  # stated, then carried to June
    assert colours[6:] == [theme.paler(support.tint)] * 3  # stale from 10 Jul: July to September paler still
    assert "last heard 10 Jan 2025 (stale: not restated for 6 months)" in heatmap.hovertext[poland][6]
    assert "stale" not in heatmap.hovertext[poland][5]
    assert grid.stale_key(6) in [t.name for t in fig.data]
    longer = build(dataset, "country-matrix", stale_months=12)  # a longer stale age: nothing stale
    assert grid.stale_key(12) not in [t.name for t in longer.data]


def test_proposal_matrix_has_a_column_per_proposal_and_latest_positions():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="support", proposal="p"),
        statement(id="b", date="2025-02-10", position="opposed", proposal="p"),
        statement(id="c", date="2025-02-11", position="hesitant", proposal="q"),
        proposals={"p": "Peacekeepers", "q": "Air policing"},
    )
    fig = build(dataset, "proposal-matrix")
    assert list(fig.layout.xaxis.ticktext) == ["Peacekeepers", "Air policing"]
    heatmap = next(t for t in fig.data if t.type == "heatmap")
    assert [colour_at(fig, z) for z in heatmap.z[0]] == [
        POSITION_BY_KEY["opposed"].colour,
        POSITION_BY_KEY["hesitant"].colour,
    ]
    assert "Peacekeepers and Air policing" in fig.layout.title.subtitle.text


def test_timeline_with_several_proposals_gives_a_lane_per_actor_and_proposal():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", proposal="p"),
        statement(id="b", date="2025-02-10", proposal="q", position="support"),
        proposals={"p": "Peacekeepers", "q": "Air policing"},
    )
    fig = build(dataset, "timeline")
    assert list(fig.layout.yaxis.ticktext) == ["Donald Tusk · Poland · p", "Donald Tusk · Poland · q"]
    assert not [t for t in fig.data if t.name == timeline.RING_KEY]  # different proposals: no shift


# ---------------------------------------------------------------- shifts and balance
def test_shifts_draw_one_row_per_shift_with_both_statements_in_the_hover(sample_figure):
    fig = sample_figure("shifts", since=date(2025, 4, 1))
    assert "since 1 Apr 2025" in fig.layout.title.text
    # fr-04 (1 Apr: on the day counts), pl-04, it-03, by date; Morgan moved on 10 Mar, Martin also in Feb.
    assert list(fig.layout.yaxis.ticktext) == [
        "Claire Martin · France",
        "Marta Zielinska · Poland",
        "Giulia Conti · Italy",
    ]
    hovers = [h for t in statement_traces(fig) for h, y in zip(t.hovertext, t.y, strict=True) if y == 0]
    assert len(hovers) == 2  # the old and the new statement: fr-03 and fr-04
    for hover in hovers:
        flat = hover.replace("<br>", " ")
        assert "Not without the Americans, and not this spring" in flat
        assert "The President has made up her mind: France goes" in flat
        assert "Le Monde Example" in flat and "Le Canard Example (unconfirmed)" in flat
        assert "42 days later" in flat
    summaries = [a.text for a in fig.layout.annotations if "→" in a.text]
    assert summaries == ["Hesitant → Support, 42 days", "Hesitant → Support, 77 days", "Support → Denied, 70 days"]


def test_balance_stacks_actor_counts_with_a_letter_per_position(sample_figure):
    fig = sample_figure("balance", period="quarter", by="actor")
    bars = [t for t in fig.data if t.type == "bar"]
    assert fig.layout.barmode == "stack"
    # Distinguishable in greyscale print: each position's segments carry its own letter.
    letters = {b.name: {re.match(r"<b>(\w)</b>", t).group(1) for t in b.text if t} for b in bars}
    assert len(letters) == len(bars) == len(POSITIONS)
    assert {name: glyphs.pop() for name, glyphs in letters.items() if len(glyphs) == 1} == {
        f"{p.label} ({p.glyph})": p.glyph for p in POSITIONS
    }
    # Each actor's latest position in the quarter, carried forward: Conti alone in December; all 9 by March.
    assert {b.name: list(b.y) for b in bars} == {
        "Support (S)": [0, 3, 4],
        "Hesitant (H)": [1, 3, 1],
        "Opposed (O)": [0, 1, 1],
        "Denied (D)": [0, 2, 3],
    }
    assert list(fig.layout.xaxis.ticktext) == ["Q4 2024", "Q1 2025", "Q2 2025"]
    assert all(re.search(r"\d+ actors? of \d+ \(\d+%\)", h) for b in bars for h in b.hovertext)


# ---------------------------------------------------------------- alt text
def test_alt_text_states_scope_counts_positions_and_main_shifts(sample):
    text = words.alt_text(ChartSpec(kind="timeline"), sample)
    assert "Stances over time" in text
    assert "21 statements by 9 actors from 6 countries, from 20 sources" in text
    for latest in ("4 support", "1 hesitant", "1 opposed", "3 denied"):  # in June 2025
        assert latest in text
    assert "4 actors changed position 7 times" in text
    assert "Claire Martin (France) moved from hesitant to support on 14 Feb 2025" in text
    assert "Alex Morgan (United Kingdom) moved from hesitant to support on 10 Mar 2025" in text
    assert "; and 2 more." in text  # five named, in date order: pl-04 and it-03 are counted
    assert "Marta Zielinska" not in text
    assert "<" not in text and ">" not in text  # de-03's quote has <b>: quotes are not in it either


def test_alt_text_for_an_empty_scope_says_nothing_matches(sample):
    text = words.alt_text(ChartSpec(kind="matrix", filters=NOTHING), sample)
    assert words.EMPTY_MESSAGE in text and "New Zealand" in text


# ---------------------------------------------------------------- polish: what a reader relies on
def test_balance_has_no_hatching_so_pdf_exports_stay_small(sample_figure):
    """Chromium prints SVG pattern fills into PDF as raster tiles: 13 MB and 6-24 s for one chart."""
    for size in ("screen", *EXPORT_SIZES):
        bars = [t for t in sample_figure("balance", size).data if t.type == "bar"]
        assert bars and not any(b.marker.pattern.shape for b in bars)
        assert all(b.marker.line.color == "#FFFFFF" and b.marker.line.width >= 1.5 for b in bars)  # separators


def test_balance_segments_say_letter_and_count_and_stay_legible_on_a4(sample_figure):
    fig = sample_figure("balance", "a4", by="actor")
    bars = {b.name: b for b in fig.data if b.type == "bar"}
    support = bars["Support (S)"]
    # Support held, December to June: none until Lindqvist (Feb; Martin is hesitant again by the 18th),
    # Morgan and Conti (Mar), Martin and Zielinska (Apr); Conti denies in June.
    assert list(support.y) == [0, 0, 1, 3, 5, 5, 4]
    assert list(support.text) == [
        "",
        "",
        "<b>S</b> 1",
        "<b>S</b> 3",
        "<b>S</b> 5",
        "<b>S</b> 5",
        "<b>S</b> 4",
    ]  # bold letter: 'O 8' never reads as 80; an empty segment says nothing
    assert all(b.textfont.size >= 11 for b in bars.values())
    assert fig.layout.uniformtext.minsize >= 11 and fig.layout.uniformtext.mode == "hide"  # fits or is left out


def test_balance_leaves_headroom_above_the_tallest_bar(sample_figure):
    for size in ("screen", "slide", "a4"):
        fig = sample_figure("balance", size, by="actor")
        low, high = fig.layout.yaxis.range
        assert low == 0 and high >= 9 * 1.05  # the tallest bars: all 9 actors, March to June


def test_balance_of_a_few_actors_counts_in_whole_actors():
    fig = build(
        make_dataset(statement(id="a", date="2025-01-10"), statement(id="b", date="2025-02-10", actor="B")), "balance"
    )
    assert fig.layout.yaxis.dtick == 1


@pytest.mark.parametrize("size", ["screen", *EXPORT_SIZES])
@pytest.mark.parametrize("kind", KINDS)
def test_hover_labels_are_left_aligned_and_readable(sample_figure, kind, size):
    hoverlabel = sample_figure(kind, size).layout.hoverlabel
    assert hoverlabel.align == "left"  # near the right edge Plotly would right-align quotes
    assert hoverlabel.font.size >= 13 and hoverlabel.font.family == theme.FONT_FAMILY


def test_a_tall_timeline_on_screen_repeats_its_date_axis_at_the_top(dense_figure):
    fig = dense_figure("timeline")  # 64 lanes
    top, bottom = fig.layout.xaxis2, fig.layout.xaxis
    assert top.side == "top" and top.overlaying == "x" and top.matches == "x"  # follows zoom and pan
    assert top.tickformatstops == bottom.tickformatstops and top.tickfont.size == bottom.tickfont.size
    # Plotly.js mislabels an auto-ticked overlaying date axis: the top one gets Plotly's own ticks explicitly.
    start, end = (pd.Timestamp(v) for v in bottom.range)
    assert (top.dtick, top.tick0) == axes.auto_date_ticks(start, end, bottom.nticks)
    assert [t for t in fig.data if t.xaxis == "x2"]  # Plotly draws an axis only with a trace on it
    assert all(t.xaxis in (None, "x") for t in statement_traces(fig))  # statements stay on the main axes
    short = dense_figure("timeline", filters=POLAND)  # two lanes; same header and legend, no repeat
    assert fig.layout.margin.t - short.layout.margin.t >= bottom.tickfont.size * 1.35  # room for the top labels


@pytest.mark.parametrize("kind", ["matrix", "country-matrix"])
def test_tall_grids_on_screen_repeat_their_period_labels_at_the_top(dense_figure, kind):
    fig = dense_figure(kind)  # 64 actors, 32 countries
    assert fig.layout.xaxis2.side == "top"
    assert list(fig.layout.xaxis2.ticktext) == list(fig.layout.xaxis.ticktext)
    assert list(fig.layout.xaxis2.tickvals) == list(fig.layout.xaxis.tickvals)


@pytest.mark.parametrize(
    "data, kind, size, filters",
    [
        ("sample", "timeline", "screen", POLAND),  # two lanes: not tall
        ("sample", "shifts", "screen", Filters()),  # seven shifts
        ("dense", "timeline", "slide", Filters()),
        ("dense", "matrix", "a4", Filters()),  # exports are one page
    ],
)
def test_short_charts_and_exports_have_one_x_axis(request, data, kind, size, filters):
    fig = request.getfixturevalue(f"{data}_figure")(kind, size, filters=filters)
    assert "xaxis2" not in fig.to_plotly_json()["layout"]
    assert not [t for t in fig.data if t.xaxis == "x2"]


@pytest.mark.parametrize(
    "start, end, nticks, expected",
    [
        # What Plotly.js itself chose for these axes (read from rendered SVGs).
        ("2024-11-23", "2025-12-24", 12, ("M2", "2000-01-01")),
        ("2024-11-23", "2025-12-24", 6, ("M3", "2000-01-01")),
        ("2022-01-01", "2025-12-24", 12, ("M6", "2000-01-01")),
        ("2020-01-01", "2025-12-24", 6, ("M12", "2000-01-01")),
        ("2025-01-01", "2025-03-20", 12, (7 * 86_400_000, "2000-01-02")),
        ("2025-02-01", "2025-02-20", 8, (3 * 86_400_000, "2000-01-02")),
        ("2025-01-10", "2025-01-14", 6, (86_400_000, "2000-01-02")),
    ],
)
def test_top_axis_ticks_are_the_ones_plotly_picks_below(start, end, nticks, expected):
    assert axes.auto_date_ticks(pd.Timestamp(start), pd.Timestamp(end), nticks) == expected


@pytest.mark.parametrize("kind", ["timeline", "shifts"])
def test_screen_markers_are_big_enough_to_click(sample_figure, kind):
    sizes = {t.marker.size for t in statement_traces(sample_figure(kind))}
    assert min(sizes) >= 13


def test_period_labels_are_horizontal_when_they_fit_and_stacked_before_they_tilt(dense_figure):
    slide = dense_figure("matrix", "slide")  # 13 months, Dec 2024 to Dec 2025
    assert slide.layout.xaxis.tickangle == 0 and slide.layout.xaxis.ticktext[0] == "Dec 2024"
    square = dense_figure("matrix", "square")  # 'Dec 2024' does not fit a column: 'Dec' over '2024'
    assert square.layout.xaxis.tickangle == 0
    assert list(square.layout.xaxis.ticktext[:4]) == ["Dec<br>2024", "Jan<br>2025", "Feb", "Mar"]
    weeks = dense_figure("matrix", "slide", period="week")  # 54 weeks: diagonal, thinned
    assert weeks.layout.xaxis.tickangle == -45


@pytest.mark.parametrize("data", ["sample", "dense"])  # roomy rows, and 64 short ones
def test_carried_letters_are_legible_on_a_slide_and_lighter_than_stated_ones(request, data):
    fig = request.getfixturevalue(f"{data}_figure")("matrix", "slide")
    labels = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    assert labels.textfont.size >= 0.75 * fig.layout.yaxis.tickfont.size  # as large as the short rows allow
    colours = dict(zip(labels.text, labels.textfont.color, strict=True))
    stated, carried = colours["<b>S</b>"], colours["<i>S</i>"]

    def grey(hex_colour):
        return int(hex_colour[1:3], 16)

    assert grey(stated) < grey(carried) < grey(theme.MUTED)  # darker than before, still lighter than stated


def test_alt_text_and_briefing_word_a_shift_alike():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="hesitant"),
        statement(id="b", date="2025-02-10", position="support"),
    )
    moved = "Donald Tusk (Poland) moved from hesitant to support"
    assert words.moved("Donald Tusk", "PL", "hesitant", "support") == moved
    assert f"1 actor changed position 1 time. In date order: {moved} on 10 Feb 2025." in words.alt_text(
        ChartSpec("shifts"), dataset
    )
    assert f"- {moved}: hesitant on 10 Jan 2025 [Outlet]" in briefing.summary_markdown(dataset, Filters())


def test_alt_text_words_dates_to_their_precision(sample):
    text = words.alt_text(ChartSpec(kind="shifts"), sample)
    assert "Giulia Conti (Italy) moved from hesitant to support in the week of 24 Mar 2025" in text  # it-02
    assert "on 24 Mar 2025" not in text
    assert "Claire Martin (France) moved from hesitant to support in Apr 2025" in text  # fr-04: a month
    assert dates.date_phrase(pd.Timestamp("2024-12-01"), "month") == "in Dec 2024"
    assert dates.date_phrase(pd.Timestamp("2024-12-12"), "approx") == "around 12 Dec 2024"
    assert dates.date_phrase(pd.Timestamp("2024-12-12"), "day") == "on 12 Dec 2024"


def test_subtitle_says_positions_shown_and_lists_countries_in_lane_order(sample_figure):
    subtitle = sample_figure("timeline").layout.title.subtitle.text.replace("<br>", " ")
    assert "positions shown: Support, Hesitant, Opposed and Denied" in subtitle
    picked = Filters(countries=("PL", "GB"))  # clicked in this order; the lanes follow it
    assert "Poland and United Kingdom" in sample_figure("timeline", filters=picked).layout.title.subtitle.text
    flipped = Filters(countries=("GB", "PL"))
    assert "United Kingdom and Poland" in sample_figure("timeline", filters=flipped).layout.title.subtitle.text
    by_name = sample_figure("country-matrix", filters=flipped).layout.title.subtitle.text  # rows by name
    assert "Poland and United Kingdom" in by_name
    only = sample_figure("timeline", filters=Filters(positions=("denied",))).layout.title.subtitle.text
    assert "Denied positions only" in only and "positions shown" not in only  # said once


@pytest.mark.parametrize("data, filters", [("dense", Filters()), ("sample", POLAND)])  # 64 lanes, and 2 roomy ones
def test_held_bands_stay_thinner_than_the_statement_markers(request, data, filters):
    fig = request.getfixturevalue(f"{data}_figure")("timeline", "slide", filters=filters)
    band = max(t.line.width for t in fig.data if t.mode == "lines")
    assert band < min(t.marker.size for t in statement_traces(fig))


def test_view_url_base_always_ends_with_a_slash(monkeypatch):
    monkeypatch.delenv("STANCE_APP_URL", raising=False)
    spec = ChartSpec("matrix")
    assert chart.view_url(spec, "https://stance.example.org") == "https://stance.example.org/?chart=matrix"
    assert chart.view_url(spec) == "http://localhost:8501/?chart=matrix"
    monkeypatch.setenv("STANCE_APP_URL", "http://stance.internal:8501")
    assert chart.view_url(ChartSpec()) == "http://stance.internal:8501/"


# ---------------------------------------------------------------- wrapping in linear time (issue 7)
def _sentences():
    import random
    import textwrap as _textwrap

    from stance.load import load_dataset

    from conftest import SAMPLE_CSV, TWO_PROPOSALS_JSON

    texts = []
    for path in (SAMPLE_CSV, TWO_PROPOSALS_JSON):
        s = load_dataset(path).statements
        texts += s["quote"].tolist() + s["source"].tolist() + s["role"].tolist() + s["notes"].tolist()
    rng = random.Random(7)
    words = "the EU a peacekeeping force-level x12 supercalifragilisticexpialidocious \u00a0 \t\n  , .".split(" ")
    for _ in range(300):
        texts.append("".join(rng.choice([*words, " ", "  ", "\t", "\n"]) for _ in range(rng.randrange(0, 40))))
    texts += ["", " ", "   a   ", "x" * 40, "ab " + "y" * 30 + " cd", "\u3000\u3000 word \u3000", "a\u00a0" * 20]
    return texts, _textwrap


def test_wrap_is_textwraps_output_for_ordinary_text():
    from stance.figures import geometry

    texts, textwrap = _sentences()
    for chars in (12, 13, 20, 31.5, 60):
        for text in texts:
            expected = textwrap.wrap(text, max(12, int(chars)), break_long_words=True, break_on_hyphens=False) or [""]
            assert geometry.wrap(text, chars) == expected, (text, chars)


def test_wrap_breaks_a_million_character_word_into_full_lines():
    from stance.figures import geometry

    lines = geometry.wrap("say " + "x" * 1_000_000, 60)
    assert lines[0] == "say " + "x" * 56
    assert len(lines) == 1 + (1_000_000 - 56 + 59) // 60
    assert all(len(line) == 60 for line in lines[:-1]) and "".join(lines) == "say " + "x" * 1_000_000


def test_day_texts_word_a_column_of_dates_as_day_text_does_each():
    days = pd.Series(pd.to_datetime(["2024-12-12", "2025-01-06T10:30", "2024-12-12", "2025-03-01"], format="ISO8601"))
    expected = ["12 Dec 2024", "6 Jan 2025", "12 Dec 2024", "1 Mar 2025"]
    assert dates.day_texts(days) == expected
    assert dates.day_texts(days.to_numpy()) == expected
    assert dates.day_texts(days.iloc[:0]) == []


def test_hover_rows_are_the_frames_rows_with_the_fields_asked_for():
    frame = pd.DataFrame(
        {
            "actor": pd.Series(["A <b>", "B"], dtype="string[pyarrow]"),
            "date": pd.to_datetime(["2025-01-02", "2025-02-03"]),
            "count": [1, 3],
            "unread": ["x", "y"],
        }
    )
    rows = list(marks.hover_rows(frame, ["count", "actor", "date"]))
    assert rows == [(1, "A <b>", pd.Timestamp("2025-01-02")), (3, "B", pd.Timestamp("2025-02-03"))]
    assert rows[1].actor == "B" and rows[1].count == 3 and type(rows[0].count) is int
    assert not hasattr(rows[0], "unread")


# ---------------------------------------------------------------- issue 8: events, staleness, lanes, balance
EVENTS = pd.DataFrame(
    {
        "date": pd.to_datetime(["2024-06-01", "2025-02-17", "2025-03-02", "2025-05-20", "2026-01-05"]).astype(
            "datetime64[s]"
        ),
        "label": ["Too early", "Paris summit", "London <b>summit</b>", "Coalition HQ", "Too late"],
        "url": ["https://e.org/0", "https://e.org/paris", "https://e.org/london", "", "https://e.org/4"],
        "note": ["", "Leaders at the Élysée", "", "", ""],
    }
)


def with_events(dataset, events=EVENTS):
    return replace(dataset, events=events)


def event_notes(fig) -> list:
    return [a for a in fig.layout.annotations if a.hovertext]


def event_handles(fig):
    (handles,) = [t for t in fig.data if t.name == "event labels"]
    return handles


@pytest.mark.parametrize("size", ["screen", "slide"])
@pytest.mark.parametrize("kind", ["timeline", "shifts", "balance"])
def test_key_events_in_the_charts_span_are_labelled_lines_with_label_date_and_source_on_hover(sample, kind, size):
    fig = build(with_events(sample), kind, size)  # the sample runs from 1 Dec 2024 to 2 Jun 2025
    labels = [a.text for a in event_notes(fig)]
    if kind == "shifts":  # the sample's shifts run from 6 Jan (fr-01) to 2 Jun
        assert labels == ["Paris summit", "London &lt;b&gt;summit&lt;/b&gt;", "Coalition HQ"]
    assert sorted(labels) == sorted(["Paris summit", "London &lt;b&gt;summit&lt;/b&gt;", "Coalition HQ"])
    hovers = list(event_handles(fig).hovertext)
    assert len(hovers) == 3 and not any("Too" in h for h in hovers)  # only events within the chart's dates
    paris = next(h for h in hovers if "Paris summit" in h)
    assert "17 Feb 2025" in paris and "https://e.org/paris" in paris and "Leaders at the Élysée" in paris
    assert next(a for a in event_notes(fig) if a.text == "Paris summit").hovertext == paris
    (lines,) = [t for t in fig.data if t.name == "key events"]
    assert lines.mode == "lines" and lines.line.dash == "dot"
    assert len([x for x in lines.x if x is not None]) == 6  # one line (two points) per event
    assert not [t for t in fig.data if t.name == "since date"]  # no since date set
    margin_top = fig.layout.margin.t
    assert margin_top > build(sample, kind, size).layout.margin.t  # room above the plot for the labels


def test_events_on_the_balance_chart_sit_where_their_day_falls_in_its_period(sample):
    fig = build(with_events(sample), "balance", period="month")  # columns: Dec 2024 = 0 ... Jun 2025 = 6
    paris = next(a for a in event_notes(fig) if a.text == "Paris summit")
    assert paris.x == pytest.approx(2 - 0.5 + 16 / 28)  # 17 Feb: 16 days into February's column


def test_the_since_date_is_a_distinct_line_labelled_since(sample):
    for kind in ("timeline", "shifts", "balance"):
        fig = build(with_events(sample), kind, since=date(2025, 2, 17))
        (since,) = [t for t in fig.data if t.name == "since date"]
        (events,) = [t for t in fig.data if t.name == "key events"]
        assert since.line.dash != events.line.dash and since.line.color != events.line.color
        (note,) = [a for a in event_notes(fig) if "since" in a.text]
        assert note.text == "<b>since 17 Feb 2025</b>"
    undated = build(sample, "timeline", since=date(2030, 1, 1))  # outside the chart: not drawn
    assert not [t for t in undated.data if t.name == "since date"]


def test_event_labels_on_one_row_never_overlap_and_crowded_ones_keep_their_hover(sample):
    days = pd.to_datetime([f"2025-03-{d:02d}" for d in range(1, 13, 2)]).astype("datetime64[s]")
    crowded = pd.DataFrame(
        {"date": days, "label": [f"Meeting number {n} of the coalition" for n in range(6)], "url": "", "note": ""}
    )
    fig = build(with_events(sample, crowded), "timeline", "slide")
    width = fig.layout.width - fig.layout.margin.l - fig.layout.margin.r
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    spans = {}
    for note in event_notes(fig):
        x = (pd.Timestamp(note.x) - low) / (high - low) * width + note.xshift
        length = len(html.unescape(re.sub("<[^>]+>", "", note.text))) * 0.6 * note.font.size
        left, right = (x, x + length) if note.xanchor == "left" else (x - length, x)
        spans.setdefault(note.yshift, []).append((left, right))
        assert len(note.text) <= events.MAX_LABEL_CHARS
    assert len(spans) > 1  # staggered on several rows
    for row in spans.values():
        row.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(row))
    assert len(event_handles(fig).hovertext) == 6  # every event keeps its line and hover, labelled or not
    assert all("Meeting number" in h for h in event_handles(fig).hovertext)


def test_timeline_bands_fade_after_the_stale_age_and_end_when_the_actor_left_office():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="support"),
        statement(
            id="s1", date="2025-02-01", actor="Scholz", country="DE", position="hesitant", left_office="2025-05-06"
        ),
        statement(id="z", date="2025-12-01", actor="Other", country="GB", position="opposed"),
    )
    fig = build(dataset, "timeline", stale_months=6)
    bands = {t.name: t for t in fig.data if t.mode == "lines" and t.name.endswith(("held", "(stale)"))}
    fresh = [pd.Timestamp(x) for x in bands["Support held"].x if x is not None]
    assert fresh == [pd.Timestamp("2025-01-10"), pd.Timestamp("2025-07-10")]  # fresh for six months
    stale = bands["Support held (stale)"]
    assert [pd.Timestamp(x) for x in stale.x if x is not None] == [
        pd.Timestamp("2025-07-10"),
        pd.Timestamp("2025-12-01"),
    ]
    assert stale.opacity < 1 and stale.line.dash == "dash" and bands["Support held"].line.dash == "solid"
    scholz = [pd.Timestamp(x) for x in bands["Hesitant held"].x if x is not None]
    assert scholz == [pd.Timestamp("2025-02-01"), pd.Timestamp("2025-05-06")]  # ends when he left office
    assert "Hesitant held (stale)" not in bands
    (end,) = [t for t in fig.data if t.name == timeline.END_KEY]
    assert [pd.Timestamp(x) for x in end.x] == [pd.Timestamp("2025-05-06")] and end.marker.symbol == "line-ns"
    assert "Left office on 6 May 2025" in end.hovertext[0] and "Last heard 1 Feb 2025" in end.hovertext[0]
    assert timeline.stale_key(6) in [t.name for t in fig.data]
    go.Figure(fig.to_dict())  # the end marks pass Plotly's checks (see test_every_figure_passes_plotlys_own_checks)
    shorter = build(dataset, "timeline", stale_months=3)
    fresh = [pd.Timestamp(x) for x in next(t for t in shorter.data if t.name == "Support held").x if x is not None]
    assert fresh[1] == pd.Timestamp("2025-04-10")


def test_actor_matrix_draws_stale_and_out_of_office_cells_paler_with_last_heard_on_hover():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="support"),
        statement(
            id="s1", date="2025-02-01", actor="Scholz", country="DE", position="hesitant", left_office="2025-05-06"
        ),
        statement(id="z", date="2025-09-01", actor="Other", country="GB", position="opposed"),
    )
    fig = build(dataset, "matrix", stale_months=6)
    heatmap = next(t for t in fig.data if t.type == "heatmap")
    lanes = list(fig.layout.yaxis.ticktext)
    tusk, scholz = lanes.index("Donald Tusk · Poland"), lanes.index("Scholz · Germany")
    support, hesitant = POSITION_BY_KEY["support"], POSITION_BY_KEY["hesitant"]
    colours = [colour_at(fig, z) for z in heatmap.z[tusk]]  # Jan to Sep
    assert colours[:6] == [support.colour] + [support.tint] * 5
    assert colours[6:] == [theme.paler(support.tint)] * 3  # stale from 10 Jul
    assert "Last heard 10 Jan 2025: not restated for 6 months (stale)" in heatmap.hovertext[tusk][6]
    assert "Last heard 10 Jan 2025" in heatmap.hovertext[tusk][1] and "stale" not in heatmap.hovertext[tusk][1]
    scholz_colours = [colour_at(fig, z) for z in heatmap.z[scholz][1:]]  # Feb to Sep
    assert scholz_colours[:3] == [hesitant.colour, hesitant.tint, hesitant.tint]  # Feb, Mar, Apr
    assert scholz_colours[3:] == [theme.paler(hesitant.tint)] * 5  # left office on 6 May
    assert "left office on 6 May 2025 (stale)" in heatmap.hovertext[scholz][4]
    cells = cell_labels(fig)
    assert cells[(tusk, 6)][1] == theme.STALE_TEXT and cells[(tusk, 1)][1] == theme.CARRIED_TEXT
    assert grid.stale_key(6) in [t.name for t in fig.data]


def test_balance_by_country_counts_governments_with_split_apart_and_no_statement_left_out():
    fig = build(rule_dataset(), "balance", by="country")
    bars = {b.name: list(b.y) for b in fig.data if b.type == "bar"}
    # January: Australia, UK, EU support; France split; Canada (opposition only) not counted.
    assert bars["Support (S)"][0] == 3 and bars[f"Split government ({balance.SPLIT_GLYPH})"][0] == 1
    assert sum(v[0] for v in bars.values()) == 4
    assert fig.layout.yaxis.title.text == "Countries, by government position"
    actors = build(rule_dataset(), "balance", by="actor")
    assert {b.name: list(b.y) for b in actors.data if b.type == "bar"}["Hesitant (H)"][
        1
    ] == 6  # Dutton, Premier, 4 former
    assert actors.layout.yaxis.title.text == "Actors holding the position"


@pytest.mark.parametrize("by", ["actor", "country"])
def test_balance_shares_sum_to_100_per_bar_with_the_total_above(sample, by):
    fig = build(sample, "balance", by=by, share=True, period="quarter")
    bars = [b for b in fig.data if b.type == "bar"]
    totals = [sum(b.y[i] for b in bars) for i in range(3)]
    assert totals == [pytest.approx(100)] * 3
    (n,) = [t for t in fig.data if t.name == "totals"]
    counted = build(sample, "balance", by=by, period="quarter")
    counts = [sum(b.y[i] for b in counted.data if b.type == "bar") for i in range(3)]
    assert list(n.text) == [f"n={c}" for c in counts]  # the count behind each bar
    assert list(n.y) == [100] * 3 and n.textposition == "top center"
    assert fig.layout.yaxis.range[1] > 100 and "%" in fig.layout.yaxis.title.text
    assert ("countries" if by == "country" else "actors") in fig.layout.yaxis.title.text
    support = next(b for b in bars if b.name == "Support (S)")
    assert all(t == "" or t.endswith("%") for t in support.text)


def test_timeline_lanes_follow_the_chosen_countries_then_the_rest(sample):
    picked = Filters(countries=("PL", "GB"))
    fig = build(sample, "timeline", filters=picked)
    assert list(fig.layout.yaxis.ticktext) == [
        "Piotr Kowal · Poland",
        "Marta Zielinska · Poland",
        "Alex Morgan · United Kingdom",
        "Anonymous Whitehall source · United Kingdom",
    ]
    assert "Poland and United Kingdom" in fig.layout.title.subtitle.text
    assert axes.country_order(pd.Series(["DE", "GB", "AT", "PL"]), ("PL", "GB")).tolist() == [
        (2, "DE"),
        (1, "GB"),
        (2, "AT"),
        (0, "PL"),
    ]
    matrix = build(sample, "matrix", filters=picked)
    assert list(matrix.layout.yaxis.ticktext) == list(fig.layout.yaxis.ticktext)


def marker_centres(fig):
    """(x, y, size) in pixels of every statement marker of an exported figure."""
    width = fig.layout.width - fig.layout.margin.l - fig.layout.margin.r
    height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    top, bottom = fig.layout.yaxis.range[1], fig.layout.yaxis.range[0]
    out = []
    for trace in statement_traces(fig):
        sizes = trace.marker.size if isinstance(trace.marker.size, tuple) else [trace.marker.size] * len(trace.x)
        for x, y, size in zip(trace.x, trace.y, sizes, strict=True):
            out.append(((pd.Timestamp(x) - low) / (high - low) * width, (y - top) / (bottom - top) * height, size))
    return out


@pytest.mark.parametrize("size", ["slide", "a4"])
def test_markers_of_one_actor_days_apart_stay_a_marker_width_apart(size):
    dataset = make_dataset(
        statement(id="m1", date="2025-03-14", actor="Meloni", country="IT", position="opposed"),
        statement(id="m2", date="2025-03-16", actor="Meloni", country="IT", position="denied"),
        statement(id="m3", date="2025-03-18", actor="Meloni", country="IT", position="opposed"),
        statement(id="far", date="2025-12-17", actor="Meloni", country="IT", position="denied"),
        *(statement(id=f"o{k}", date="2025-01-10", actor=f"Other {k}", country="GB") for k in range(4)),
    )
    fig = build(dataset, "timeline", size)
    centres = marker_centres(fig)
    crowd = [c for c in centres if c[0] < centres[0][0] + 50 and abs(c[1] - centres[0][1]) < 100]
    assert len(centres) == 8
    for i, a in enumerate(centres):
        for b in centres[i + 1 :]:
            assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= max(a[2], b[2]) - 0.01
    assert crowd
    ids = {d[0]: round(y) for t in statement_traces(fig) for d, y in zip(t.customdata, t.y, strict=True)}
    assert len({ids["m1"], ids["m2"], ids["m3"], ids["far"]}) == 1  # still in Meloni's lane


def test_dodge_leaves_markers_apart_alone_and_spreads_a_crowd():
    assert marks.dodge([0, 50, 100], 14, 14) == ([0.0, 0.0, 0.0], [14, 14, 14])
    offsets, sizes = marks.dodge([0, 4, 8], 14, 14)
    assert offsets == [0.0, 14.0, -14.0] and sizes == [14, 14, 14]
    offsets, sizes = marks.dodge([0, 1, 2, 3, 4], 14, 14)  # five in a pile: smaller markers, still apart
    assert max(sizes) < 14 and all(abs(o) <= 14 for o in offsets)
    points = list(zip([0, 1, 2, 3, 4], offsets, strict=True))
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= sizes[0] - 1e-9


@pytest.mark.parametrize("size", EXPORT_SIZES)
@pytest.mark.parametrize("kind", ["timeline", "shifts", "balance"])
def test_exports_keep_room_for_event_labels_above_the_plot_and_under_the_legend(dense, kind, size):
    days = pd.to_datetime(["2025-01-20", "2025-02-17", "2025-03-02", "2025-03-27", "2025-09-04"]).astype(
        "datetime64[s]"
    )
    crowded = pd.DataFrame({"date": days, "label": [f"Summit {n}" for n in range(5)], "url": "", "note": ""})
    fig = build(with_events(dense, crowded), kind, size)
    plain = build(dense, kind, size)
    height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert height > 0.45 * SIZES[size].height
    band = fig.layout.margin.t - plain.layout.margin.t  # what the labels added above the plot
    notes = event_notes(fig)
    assert notes and band > 0
    for note in notes:  # every label inside the added band: under the legend, above the plot
        assert 0 < note.yshift and note.yshift + note.font.size * 1.35 <= band + 1


# ---------------------------------------------------------------- many actors, many statements
# Figures stay readable and light whatever the data's size: a page of rows, and a payload that
# grows with the rows drawn, not with the statements behind them.
BYTES_PER_ROW = 25_000  # figure JSON per row drawn, hovers included
BYTES_FIXED = 120_000  # header, footer, legend, axes


def synthetic_dataset(n: int, **shape) -> Dataset:
    table = synthetic_statements(n, **shape)
    proposals = {p: p.replace("-", " ").capitalize() for p in table["proposal"].unique()}
    return Dataset(statements_frame(table), proposals, "synthetic", "rev")


@pytest.fixture(scope="session")
def crowded():
    """100 actors with 200 statements each on average (50 to 2,500), in 10 countries, on one proposal."""
    return synthetic_dataset(20_000, actors=100, countries=10, proposals=1, seed=4)


@pytest.fixture(scope="session")
def crowded_figure(crowded):
    return figure_cache(crowded)


def marker_counts(fig) -> list[tuple[str, int, str]]:
    """(statement id a click opens, statements the marker stands for, hover) of every statement marker."""
    out = []
    for trace in statement_traces(fig):
        for (statement_id,), hover in zip(trace.customdata, trace.hovertext, strict=True):
            gathered = re.search(r"<b>(\d+) statements</b>", hover)
            out.append((statement_id, int(gathered.group(1)) if gathered else 1, hover))
    return out


@pytest.mark.parametrize("size", ["screen", "slide"])
def test_a_crowded_timeline_draws_a_page_of_lanes_gathers_markers_and_stays_light(crowded, crowded_figure, size):
    fig = crowded_figure("timeline", size)
    lanes = list(fig.layout.yaxis.ticktext)
    assert len(lanes) == SIZES[size].lanes
    assert len(fig.to_json()) < BYTES_FIXED + BYTES_PER_ROW * len(lanes)
    markers = marker_counts(fig)
    by_id = crowded.statements.set_index("id")
    drawn = crowded.statements.loc[crowded.statements["actor"].isin(by_id.loc[[m[0] for m in markers], "actor"])]
    # Every statement of the lanes drawn is behind exactly one marker; far fewer markers than statements.
    assert sum(count for _, count, _ in markers) == len(drawn)
    assert len(markers) < len(drawn) / 4
    plot_width = fig.layout.width - fig.layout.margin.l - fig.layout.margin.r if fig.layout.width else 800
    per_lane = pd.Series([by_id.loc[i, "actor"] for i, _, _ in markers]).value_counts()
    assert per_lane.max() <= 2 * len(POSITIONS) * plot_width / (2 * marks.MIN_MARKER_PX)  # not a smear
    for statement_id, count, hover in markers:
        if count > 1:  # the hover counts, lists the latest, and says a click opens the latest
            row = by_id.loc[statement_id]
            assert f"Click for the latest ({statement_id})" in hover
            assert dates.day_text(row["date"]) in hover.split("<br>")[2]  # '..., 3 Jan to 9 Mar 2025'
            assert len(re.findall(r"<br>· ", hover)) == min(count, timeline.GATHERED_LISTED)


def test_a_timeline_with_room_keeps_a_marker_per_statement(sample_figure, sample):
    fig = sample_figure("timeline")
    assert [count for _, count, _ in marker_counts(fig)] == [1] * len(sample.statements)


def test_bands_of_a_position_restated_run_unbroken_from_the_first_statement_to_the_next_position():
    dataset = make_dataset(
        statement(id="a", date="2025-01-10", position="support"),
        statement(id="b", date="2025-02-10", position="support"),
        statement(id="c", date="2025-03-10", position="support"),
        statement(id="d", date="2025-04-10", position="hesitant"),
    )
    fig = build(dataset, "timeline")
    bands = {t.name: [pd.Timestamp(x) for x in t.x if x is not None] for t in fig.data if t.mode == "lines"}
    assert bands["Support held"] == [pd.Timestamp("2025-01-10"), pd.Timestamp("2025-04-10")]  # one segment, not three
    assert bands["Hesitant held"][0] == pd.Timestamp("2025-04-10")


@pytest.mark.parametrize(
    "kind, by",
    [("matrix", "country"), ("standing", "actor"), ("net-shifts", "actor"), ("shifts", "country")],
)
def test_charts_of_actor_rows_draw_a_page_whatever_the_data_s_size(crowded_figure, kind, by):
    fig = crowded_figure(kind, by=by)
    rows = fig.layout.yaxis.ticktext
    if rows is None:  # the tables: one hover bar per row (headings of groups have plain hovers)
        (bars,) = [t for t in fig.data if t.type == "bar"]
        rows = [h for h in bars.hovertext if h.startswith("<b>")]
    assert 0 < len(rows) <= SIZES["screen"].lanes
    assert len(fig.to_json()) < BYTES_FIXED + BYTES_PER_ROW * len(rows)


def test_shift_markers_open_their_statements(crowded_figure, crowded):
    fig = crowded_figure("shifts")
    ids = [i for i, _, _ in marker_counts(fig)]
    assert len(ids) == 2 * len(fig.layout.yaxis.ticktext)  # the old and the new statement of each row
    assert set(ids) <= set(crowded.statements["id"])


def test_a_country_matrix_of_many_proposals_draws_the_proposals_that_fit_and_says_which():
    dataset = synthetic_dataset(6_000, actors=300, countries=30, proposals=4, seed=5)
    fig = build(dataset, "country-matrix")
    rows = list(fig.layout.yaxis.ticktext)
    assert len(rows) <= country_matrix.MAX_COUNTRY_ROWS
    drawn = sorted({row.rpartition(" · ")[2] for row in rows})
    assert len(drawn) == 2  # 30 countries each: two proposals fit
    legend = html.unescape(fig.layout.legend.title.text.replace("<br>", " "))
    titles = sorted(dataset.proposals.values())
    assert f"Drawn: {titles[0]}, {titles[1]} (2 of 4 proposals" in legend
    heatmap = next(t for t in fig.data if t.type == "heatmap" and t.name == "cells")
    cells = [h for row in heatmap.hovertext for h in row if h]
    assert len(fig.to_json()) < BYTES_FIXED + 1_000 * len(cells)
    decided = [h for h in cells if "Government voices:" in h]
    assert decided and all(re.search(r"Government voices:<br>· [^<]+: \w", h) for h in decided)
    halves = [t for t in fig.data if t.name == "split cells"]
    assert all(t.hoverinfo == "skip" for t in halves)  # the cell's hover shows through, not a copy


def test_one_proposal_of_sixty_countries_fits_a_country_matrix():
    assert country_matrix.drawn_proposals(["a", "b", "c"], 62, country_matrix.MAX_COUNTRY_ROWS) == ["a"]
    assert country_matrix.drawn_proposals(["a", "b"], 6, country_matrix.MAX_COUNTRY_ROWS) == ["a", "b"]
