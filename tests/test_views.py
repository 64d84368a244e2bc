"""The views of issue 8: current standing (a table), the tile map and net shifts.

What a reader relies on: each is a framed figure at every size; the country rule's outcomes
(split, no government statement, stale) are drawn as the legend says; the map needs no map
server; hover and click lead back to the statement; data text is shown as typed. Rows are built
in the tests (tests/conftest.py) or come from the frozen sample (tests/fixtures/README.md).
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from stance import export, figures, positions
from stance.chart import EXPORT_SIZES, SIZES, ChartSpec
from stance.codebook import COUNTRIES, POSITION_BY_KEY
from stance.figures import country_map, standing
from stance.figures.geometry import CHAR_WIDTH
from stance.query import Filters

from conftest import make_dataset, statement, strings

GENERATED = date(2025, 12, 20)
APP = "https://stance.example/app/"
VIEWS = ("standing", "map", "net-shifts")
SUPPORT, HESITANT = POSITION_BY_KEY["support"], POSITION_BY_KEY["hesitant"]
# Every sovereign state of Europe with an ISO code (Kosovo has none in countries.json).
EUROPE = (
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL "
    "PT RO RS RU SE SI SK SM UA VA"
).split()


def build(dataset, kind, size="screen", **spec):
    return figures.build_figure(ChartSpec(kind, size=size, **spec), dataset, app_url=APP, generated=GENERATED)


def rule_dataset():
    """One country per outcome of the country rule, as of the cut-off (1 Jun 2025):

    France: two ministers disagree (split, support and hesitant); Germany: only the opposition
    spoke (no government statement); Poland: the Prime Minister last spoke in October 2024
    (stale after 6 months); United Kingdom: the Prime Minister, on 1 Jun 2025 (current); the United
    States (outside Europe) and the EU (an institution)."""
    return make_dataset(
        statement(id="fr1", date="2025-05-01", actor="Minister A", role="Defence", actor_type="minister", country="FR",
                  position="support"),
        statement(id="fr2", date="2025-05-02", actor="Minister B", role="Foreign", actor_type="minister", country="FR",
                  position="hesitant"),
        statement(id="de1", date="2025-05-03", actor="Opposition Leader", role="", actor_type="opposition",
                  country="DE", position="opposed"),
        statement(id="pl1", date="2024-10-01", actor="Donald Tusk", country="PL", position="support"),
        statement(id="gb1", date="2025-06-01", actor="Keir Starmer", role="Prime Minister", country="GB",
                  position="support", quote="Britain is ready", source="The Courier"),
        statement(id="us1", date="2025-05-20", actor="Donald Trump", role="President", country="US",
                  position="hesitant"),
        statement(id="eu1", date="2025-05-21", actor="Ursula", role="President of the Commission",
                  actor_type="institution", country="EU", position="support"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def rules():
    return rule_dataset()


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def table_rows(fig) -> dict[int, list[str]]:
    """Standing and net shifts: the texts of each table row (y), left to right."""
    texts = trace(fig, "table text")
    rows: dict[int, list[tuple[float, str]]] = {}
    for x, y, text in zip(texts.x, texts.y, texts.text, strict=True):
        rows.setdefault(y, []).append((x, text))
    return {y: [text for _, text in sorted(cells)] for y, cells in sorted(rows.items())}


def row_y(fig, name: str) -> int:
    (y,) = [y for y, texts in table_rows(fig).items() if texts and texts[0] == name]
    return y


def cell_texts(fig) -> dict[int, list[tuple[str, str]]]:
    """The position cells' texts and colours, per row."""
    cells = trace(fig, "cell text")
    out: dict[int, list[tuple[str, str]]] = {}
    for _x, y, text, colour in sorted(zip(cells.x, cells.y, cells.text, cells.textfont.color, strict=True)):
        out.setdefault(y, []).append((text, colour))
    return out


def fills_on_row(fig, y: float) -> set[str]:
    """The fill colours of the cells drawn on row ``y`` (each polygon spans y - 0.36 to y + 0.36)."""
    colours = set()
    for t in fig.data:
        if t.type == "scatter" and t.fill == "toself":
            ys = [v for v in t.y if v is not None]
            if any(abs(v - y) < 0.5 for v in ys):
                colours.add(t.fillcolor)
    return colours


# ---------------------------------------------------------------- every view, every size
@pytest.mark.parametrize("size", ["screen", "slide"])
@pytest.mark.parametrize("kind", VIEWS)
def test_each_view_is_framed_and_draws_only_cartesian_traces_with_no_outside_address(sample, kind, size):
    fig = build(sample, kind, size)
    assert ChartSpec(kind).display_title() in fig.layout.title.text
    assert "All countries" in fig.layout.title.subtitle.text.replace("<br>", " ")
    footer = next(a.text for a in fig.layout.annotations if a.text.startswith("Source:"))
    assert "21 statements from 20 sources" in footer
    assert {t.type for t in fig.data} <= {"scatter", "bar"}  # no geo, choropleth or table trace
    layout = fig.to_plotly_json()["layout"]
    assert not [key for key in layout if key.startswith(("geo", "mapbox", "map"))]
    text = " ".join(strings(fig.to_plotly_json()))
    addresses = re.findall(r"https?://[^\s\"'<>]+", text)
    assert addresses and all(a.startswith(APP) for a in addresses)  # only the link back to the view
    if size == "slide":
        assert (fig.layout.width, fig.layout.height) == (SIZES["slide"].width, SIZES["slide"].height)


@pytest.mark.parametrize("kind", VIEWS)
def test_each_view_says_so_when_nothing_matches(sample, kind):
    fig = build(sample, kind, filters=Filters(countries=("NZ",)))
    assert "No statements match these filters" in [a.text for a in fig.layout.annotations]


# ---------------------------------------------------------------- current standing
def test_standing_rows_are_sorted_by_position_then_name_with_the_rules_outcomes(rules):
    fig = build(rules, "standing")
    names = [texts[0] for y, texts in table_rows(fig).items() if y > 0]
    # support (EU, Poland, UK), hesitant (US), split (France), no government statement (Germany)
    assert names == ["European Union", "Poland", "United Kingdom", "United States", "France", "Germany"]
    assert table_rows(fig)[0][:4] == ["<b>Country</b>", "<b>Position</b>", "<b>Since</b>", "<b>Last heard</b>"]
    cells = cell_texts(fig)
    france, germany, poland, britain = (row_y(fig, n) for n in ("France", "Germany", "Poland", "United Kingdom"))
    assert cells[france] == [("<b>S / H</b> split", "#1F1F1F")]
    assert fills_on_row(fig, france) >= {SUPPORT.colour, HESITANT.colour}  # half one colour, half the other
    assert cells[germany][0][0] == "no government statement" and cells[germany][0][1] == standing.MUTED
    assert standing.NONE_FILL in fills_on_row(fig, germany)
    assert cells[britain][0][0] == "<b>S</b> Support" and SUPPORT.colour in fills_on_row(fig, britain)
    assert SUPPORT.tint in fills_on_row(fig, poland) and SUPPORT.colour not in fills_on_row(fig, poland)
    assert table_rows(fig)[poland][-1] == "stale"
    texts = trace(fig, "table text")
    faded = {c for y, c in zip(texts.y, texts.textfont.color, strict=True) if y == poland}
    assert faded == {standing.FADED_TEXT}  # a stale row is faded
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert {standing.SPLIT_KEY, standing.NONE_KEY, standing.STALE_KEY} <= set(legend)
    assert "As of 1 Jun 2025 (the data's cut-off)" in fig.layout.legend.title.text.replace("<br>", " ")


def test_standing_hover_and_click_lead_back_to_the_statement(rules):
    fig = build(rules, "standing")
    rows = trace(fig, "rows")
    britain = row_y(fig, "United Kingdom")
    (k,) = [k for k, y in enumerate(rows.y) if y == britain]
    assert list(rows.customdata[k]) == ["gb1"]
    hover = rows.hovertext[k].replace("<br>", " ")
    for part in ("United Kingdom", "Support", "Keir Starmer", "Prime Minister", "“Britain is ready”", "The Courier",
                 "Statement gb1", "since 1 Jun 2025"):  # fmt: skip
        assert part in hover
    assert fig.layout.hoverlabel.align == "left"
    germany = rows.hovertext[[k for k, y in enumerate(rows.y) if y == row_y(fig, "Germany")][0]]
    assert "No government statement" in germany and "Opposition Leader" in germany  # beside, not deciding


def test_standing_by_actor_has_a_row_per_actor_and_a_country_column(sample):
    fig = build(sample, "standing", by="actor", as_of=date(2025, 3, 31))
    header = table_rows(fig)[0]
    assert header[:3] == ["<b>Actor</b>", "<b>Country</b>", "<b>Position</b>"]
    names = [texts[0] for y, texts in table_rows(fig).items() if y > 0]
    assert len(names) == 9 and "Giulia Conti" in names
    conti = cell_texts(fig)[row_y(fig, "Giulia Conti")]
    assert conti[0][0] == "<b>S</b> Support"  # it-02 (24 Mar); it-03 (denied, 2 Jun) is after the day


def many_countries(n: int):
    codes = [c for c in COUNTRIES if not COUNTRIES[c].institution][:n]
    return make_dataset(
        *(
            statement(id=f"s{k}", date=f"2025-05-{1 + k % 28:02d}", actor=f"Leader {code}", country=code,
                      position=("support", "hesitant", "opposed", "denied")[k % 4])
            for k, code in enumerate(codes)
        )
    )  # fmt: skip


@pytest.mark.parametrize("size", EXPORT_SIZES)
def test_a_slide_shows_the_first_rows_legibly_and_counts_the_rest(size):
    fig = build(many_countries(80), "standing", size)
    rows = table_rows(fig)
    more = [texts[0] for texts in rows.values() if texts[0].startswith("… and ")]
    shown = [y for y, texts in rows.items() if y > 0 and not texts[0].startswith("… and ")]
    (line,) = more
    hidden = int(re.match(r"… and (\d+) more countries", line).group(1))
    assert len(shown) + hidden == 80 and 10 <= len(shown) < 80
    font = trace(fig, "table text").textfont.size
    assert font >= 0.8 * SIZES[size].font * 0.85  # near the axis-label size of the canvas
    # the rows fit the plot, one above the other
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    low, high = fig.layout.yaxis.range
    assert low - high >= len(shown) + 1 and plot_px / (low - high) >= font * 1.5


def test_on_screen_every_row_is_drawn_and_the_plot_grows():
    small, large = build(many_countries(5), "standing"), build(many_countries(60), "standing")
    assert len([y for y in table_rows(large) if y > 0]) == 60
    assert large.layout.height > small.layout.height + 40 * 20
    assert not [t for texts in table_rows(large).values() for t in texts if t.startswith("… and ")]


def test_long_texts_are_shortened_to_their_column():
    quote = "word " * 200
    fig = build(make_dataset(statement(quote=quote, source="A very long outlet name " * 5)), "standing", "square")
    columns = trace(fig, "table text")
    (statement_text,) = [t for t, y in zip(columns.text, columns.y, strict=True) if y == 1 and t.startswith("“")]
    assert statement_text.endswith("…") and len(statement_text) < 120
    right_edge = max(
        x + len(standing.plain(t)) * CHAR_WIDTH * columns.textfont.size
        for x, t in zip(columns.x, columns.text, strict=True)
    )
    assert right_edge <= fig.layout.xaxis.range[1] * 1.02


# ---------------------------------------------------------------- the map
def test_tiles_cover_europe_once_each_with_known_codes_and_a_provenance():
    raw = json.loads(country_map.TILES_FILE.read_text(encoding="utf-8"))
    assert "Hand-made" in raw["_source"]
    cells = [code for line in raw["layout"] for code in line.split() if code != "."]
    assert len(cells) == len(set(cells))
    assert set(cells) <= set(COUNTRIES)
    assert set(EUROPE) <= set(cells)
    grid = country_map.grid()
    assert grid.tiles["IS"] == (0, 0) and grid.tiles["FI"][1] < grid.tiles["EE"][1] < grid.tiles["LV"][1]


def letters_at(fig, code: str) -> tuple[str, str]:
    """The letter (and its colour) drawn on a country's square."""
    codes = trace(fig, "country codes")
    ((x, y),) = [(x, y) for x, y, t in zip(codes.x, codes.y, codes.text, strict=True) if t == code]
    letters = trace(fig, "position letters")
    ((text, colour),) = [
        (t, c)
        for lx, ly, t, c in zip(letters.x, letters.y, letters.text, letters.textfont.color, strict=True)
        if abs(lx - x) < 0.01 and abs(ly - y) < 0.5
    ]
    return text, colour


def fills_in_square(fig, code: str) -> dict[str, list]:
    """Fill colour -> the traces' polygons inside a country's square (by its code label's place)."""
    codes = trace(fig, "country codes")
    ((x, y),) = [(x, y) for x, y, t in zip(codes.x, codes.y, codes.text, strict=True) if t == code]
    found: dict[str, list] = {}
    for t in fig.data:
        if t.type == "scatter" and t.fill == "toself":
            polygon: list = []
            for px, py in zip(t.x, t.y, strict=True):
                if px is None:
                    if polygon and all(abs(a - x) <= 0.5 and -0.8 <= b - y <= 0.2 for a, b in polygon):
                        found.setdefault(t.fillcolor, []).append((polygon, t.line))
                    polygon = []
                else:
                    polygon.append((px, py))
    return found


def test_map_colours_and_letters_each_square_by_the_government_position(rules):
    fig = build(rules, "map", "slide")
    assert letters_at(fig, "GB") == ("<b>S</b>", "#1F1F1F")
    assert SUPPORT.colour in fills_in_square(fig, "GB")
    # split: the square cut along its diagonal, one triangle per position, both letters
    france = fills_in_square(fig, "FR")
    assert letters_at(fig, "FR")[0] == "<b>S/H</b>"
    assert [len(p) for p, _ in france[SUPPORT.colour]] == [4] and [len(p) for p, _ in france[HESITANT.colour]] == [4]
    # no government statement: a white square with a grey outline, "no gov."
    assert letters_at(fig, "DE")[0] == "no gov."
    ((_, line),) = fills_in_square(fig, "DE")[standing.NONE_FILL]
    assert line.color == standing.NONE_LINE and line.width > 0
    # stale: pale, a dotted outline, an italic letter; the legend says so
    poland = fills_in_square(fig, "PL")
    assert SUPPORT.tint in poland and SUPPORT.colour not in poland
    assert any(line.dash == "dot" for polygons in poland.values() for _, line in polygons)
    assert letters_at(fig, "PL")[0] == "<i>S</i>"
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert {country_map.STALE_KEY, standing.SPLIT_KEY, standing.NONE_KEY, country_map.ABSENT_KEY} <= set(legend)
    assert "stale (not restated in 6 months)" in fig.layout.legend.title.text.replace("<br>", " ")


def test_map_draws_every_tile_and_puts_other_countries_and_institutions_in_labelled_strips(rules):
    fig = build(rules, "map")
    codes = trace(fig, "country codes")
    drawn = dict(zip(codes.text, zip(codes.x, codes.y, strict=True), strict=True))
    assert set(country_map.grid().tiles) | {"US", "EU"} == set(drawn)
    labels = {a.text: (a.x, a.y) for a in fig.layout.annotations if a.xref == "x"}
    assert set(labels) == {"<b>Outside Europe</b>", "<b>Institutions</b>"}
    rows = country_map.grid().rows
    assert drawn["US"][1] > rows and drawn["EU"][1] > rows  # below the grid on screen
    assert drawn["US"][0] >= labels["<b>Outside Europe</b>"][0] and drawn["EU"][0] >= labels["<b>Institutions</b>"][0]
    assert letters_at(fig, "US")[0] == "<b>H</b>" and letters_at(fig, "EU")[0] == "<b>S</b>"
    assert fig.layout.yaxis.scaleanchor == "x"  # squares stay square


def test_map_strips_sit_beside_the_grid_on_a_slide(rules):
    fig = build(rules, "map", "slide")
    codes = trace(fig, "country codes")
    drawn = dict(zip(codes.text, zip(codes.x, codes.y, strict=True), strict=True))
    assert drawn["US"][0] > country_map.grid().columns  # to the right: bigger squares on a wide canvas


def test_map_hover_gives_the_statement_and_a_click_its_id(rules):
    fig = build(rules, "map")
    hover = trace(fig, "countries")
    by_id = {c[0]: h for c, h in zip(hover.customdata, hover.hovertext, strict=True) if c[0]}
    assert set(by_id) == {"fr2", "pl1", "gb1", "us1", "eu1"}  # Germany has no deciding statement
    britain = by_id["gb1"].replace("<br>", " ")
    for part in ("United Kingdom", "Support", "since 1 Jun 2025", "last heard 1 Jun 2025", "Keir Starmer",
                 "The Courier"):  # fmt: skip
        assert part in britain
    assert "Stale: not restated in 6 months" in by_id["pl1"]
    assert "Split: Support / Hesitant" in by_id["fr2"]
    malta = [h for h in hover.hovertext if h.startswith("<b>Malta</b>")]
    assert malta == ["<b>Malta</b><br>No statement in this scope"]


def test_map_draws_a_map_per_proposal_side_by_side():
    dataset = make_dataset(
        statement(id="a", proposal="p", position="support"),
        statement(id="b", proposal="q", position="opposed"),
        proposals={"p": "Peacekeepers", "q": "Air policing"},
    )
    fig = build(dataset, "map", "slide")
    titles = [a.text for a in fig.layout.annotations if a.xref == "x"]
    assert titles == ["<b>Air policing</b>", "<b>Peacekeepers</b>"]
    codes = trace(fig, "country codes")
    assert list(codes.text).count("PL") == 2


# ---------------------------------------------------------------- net shifts
def test_net_shifts_since_a_date_groups_rows_by_direction(sample):
    fig = build(sample, "net-shifts", "slide", by="actor", since=date(2025, 4, 1))
    rows = list(table_rows(fig).values())
    assert rows[0][:5] == ["<b>Actor</b>", "<b>Country</b>", "<b>Before 1 Apr 2025</b>", "<b>As of 2 Jun 2025</b>",
                           "<b>Direction</b>"]  # fmt: skip
    firsts = [r[0] for r in rows[1:]]
    assert firsts == [
        "<b>▲ Towards support (2)</b>",
        "Claire Martin",  # hesitant (fr-03) -> support (fr-05)
        "Marta Zielinska",  # hesitant -> support (pl-04)
        "<b>▼ Away from support (1)</b>",
        "Giulia Conti",  # support (it-02) -> denied (it-03)
        "<b>= Unchanged (6)</b>",
        "Alex Morgan",
        "Anonymous German official",
        "Anonymous Whitehall source",
        "Eva Lindqvist",
        "Jonas Weber",
        "Piotr Kowal",
    ]
    conti = table_rows(fig)[row_y(fig, "Giulia Conti")]
    assert "▼ away from support" in conti
    assert [t for t, _ in cell_texts(fig)[row_y(fig, "Giulia Conti")]] == ["<b>S</b> Support", "<b>D</b> Denied"]
    moved = positions.net_shifts(sample.statements, date(2025, 4, 1), by="actor")
    assert sorted(moved.loc[moved["direction"] != positions.UNCHANGED, "name"]) == [
        "Claire Martin",
        "Giulia Conti",
        "Marta Zielinska",
    ]  # the figure draws what positions.net_shifts says
    assert "the day before 1 Apr 2025" in fig.layout.legend.title.text.replace("<br>", " ")


def test_net_shifts_without_since_compare_the_first_statement_with_the_latest(sample):
    fig = build(sample, "net-shifts", "slide", by="actor")
    assert "compares the first statement with the latest" in fig.layout.legend.title.text.replace("<br>", " ")
    assert table_rows(fig)[0][2] == "<b>First</b>"
    rows = {texts[0]: texts for texts in table_rows(fig).values()}
    assert "▲ towards support" in rows["Alex Morgan"]  # hesitant (gb-01) -> support (gb-04)
    assert "▼ away from support" in rows["Giulia Conti"]  # hesitant (it-01) -> denied (it-03)
    assert "= unchanged" in rows["Piotr Kowal"]
    assert [t for t, _ in cell_texts(fig)[row_y(fig, "Alex Morgan")]] == ["<b>H</b> Hesitant", "<b>S</b> Support"]


def test_net_shifts_by_country_show_a_split_and_a_new_government_position(rules):
    fig = build(rules, "net-shifts", since=date(2025, 5, 2))  # France split on 2 May; the US new on 20 May
    rows = {texts[0]: texts for texts in table_rows(fig).values()}
    assert "↔ changed" in rows["France"]  # support (fr1) -> split
    assert "+ new" in rows["United States"]
    france = cell_texts(fig)[row_y(fig, "France")]
    assert [t for t, _ in france] == ["<b>S</b> Support", "<b>S / H</b> split"]
    assert fills_on_row(fig, row_y(fig, "France")) >= {SUPPORT.colour, HESITANT.colour}
    hover = trace(fig, "rows")
    (text,) = [h for h, y in zip(hover.hovertext, hover.y, strict=True) if y == row_y(fig, "France")]
    assert "Before 2 May 2025: <b>Support</b>" in text and "Split: Support / Hesitant" in text


# ---------------------------------------------------------------- hostile text
HOSTILE = dict(actor="<b>x</b>", role="<u>r</u>", quote="$x$ <script>alert(1)</script>", source="<i>s</i> & co")


@pytest.mark.parametrize("by", ["country", "actor"])
@pytest.mark.parametrize("kind", VIEWS)
def test_data_text_is_shown_as_typed_in_hover_and_labels(kind, by):
    dataset = make_dataset(
        statement(id="h1", date="2025-01-10", position="hesitant", **HOSTILE),
        statement(id="h2", date="2025-03-10", position="support", **HOSTILE),
    )
    fig = build(dataset, kind, "slide", by=by, since=date(2025, 2, 1) if kind == "net-shifts" else None)
    text = " ".join(strings(fig.to_plotly_json()))
    for raw in ("<b>x</b>", "<u>r</u>", "<script", "<i>s</i>"):
        assert raw not in text
    hovers = " ".join(h for t in fig.data if t.hovertext is not None for h in t.hovertext)
    assert "&lt;b&gt;x&lt;/b&gt;" in hovers and "&lt;i&gt;s&lt;/i&gt; &amp; co" in hovers
    assert "$x$ &lt;script&gt;alert(1)&lt;/script&gt;" in hovers.replace("“", "").replace("”", "")
    if kind != "map" and by == "actor":  # the actor names a row
        assert "&lt;b&gt;x&lt;/b&gt;" in trace(fig, "table text").text


# ---------------------------------------------------------------- exports
@pytest.fixture(scope="module")
def kaleido_server():
    if export.missing_browser():
        pytest.skip(export.missing_browser())
    export.start_server()
    yield
    export.stop_server()


@pytest.mark.parametrize("kind", VIEWS)
def test_exports_hold_the_title_the_scope_and_the_source_line(kaleido_server, sample, kind):
    svg = export.chart_bytes(ChartSpec(kind, size="slide"), sample, "svg").decode("utf-8")
    assert ChartSpec(kind).display_title() in svg
    assert "All countries" in svg and "air-shield" in svg
    assert "21 statements from 20 sources" in svg
    assert "cdn.plot.ly" not in svg and "topojson" not in svg
    if kind != "map":
        assert "Jonas Weber" in svg or "Germany" in svg  # the rows themselves are drawn
    pdf = export.chart_bytes(ChartSpec(kind, size="a4"), sample, "pdf")
    assert pdf.startswith(b"%PDF")


def test_standing_flags_an_actor_who_left_office_and_lets_the_successor_decide():
    dataset = make_dataset(
        statement(id="s1", date="2025-03-01", actor="Olaf Scholz", role="Chancellor", country="DE",
                  position="support", left_office="2025-05-06"),
        statement(id="m1", date="2025-06-01", actor="Friedrich Merz", role="Chancellor", country="DE",
                  position="hesitant"),
    )  # fmt: skip
    by_actor = build(dataset, "standing", "slide", by="actor")
    scholz = table_rows(by_actor)[row_y(by_actor, "Olaf Scholz")]
    assert scholz[-1] == "stale, left office"  # not three months old, but out of office
    texts = trace(by_actor, "table text")
    assert {c for y, c in zip(texts.y, texts.textfont.color, strict=True) if y == row_y(by_actor, "Olaf Scholz")} == {
        standing.FADED_TEXT
    }
    by_country = build(dataset, "standing", "slide")
    assert cell_texts(by_country)[row_y(by_country, "Germany")][0][0] == "<b>H</b> Hesitant"  # Merz decides
    assert letters_at(build(dataset, "map", "slide"), "DE")[0] == "<b>H</b>"


def test_standing_with_several_proposals_names_the_proposal_on_each_row(two_proposals):
    fig = build(two_proposals, "standing", "slide")
    assert table_rows(fig)[0][:2] == ["<b>Country</b>", "<b>Proposal</b>"]
    rows = [texts[:2] for y, texts in table_rows(fig).items() if y > 0]
    assert rows == [
        ["France", "A European air shield over Ukraine"],  # support
        ["Poland", "A European air shield over Ukraine"],  # denied
        ["Poland", "Naval escorts for Black Sea grain ships"],  # support
        ["France", "Naval escorts for Black Sea grain ships"],  # opposed
    ]


def test_on_screen_a_very_long_table_stops_and_counts_the_rest(monkeypatch):
    monkeypatch.setattr(standing, "MAX_SCREEN_ROWS", 10)  # 200 in use: the browser slows down beyond
    rows = table_rows(build(many_countries(15), "standing"))
    assert len([y for y, texts in rows.items() if y > 0 and not texts[0].startswith("… and ")]) == 10
    assert rows[max(rows)][0] == "… and 5 more countries (in the app and its CSV)"
