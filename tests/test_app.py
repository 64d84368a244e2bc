"""The dashboard script run headless with Streamlit's AppTest: state, URL, empty and error states.

AppTest runs app.py without a browser (no drawing, no clicks on charts); the browser tests
cover those. `at.get("plotly_chart")[0].proto.spec` is the figure's JSON. The app opens the
frozen sample (tests/fixtures/statements.csv, through STANCE_DATA) unless a test says otherwise.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module
from test_hostile import shown

from stance import analysis
from stance.codebook import GOVERNMENT_TYPES
from stance.formats import table_to_csv, write_dataset
from stance.lanes import rank_actors
from stance.load import load_dataset
from stance.model import ALL_COLUMNS
from stance.query import GOVERNMENT_ONLY, NO_ANONYMOUS
from stance.synth import synthetic_statements
from stance.words import STANDING_EXPORT_COLUMNS

from conftest import SAMPLE_CSV, TWO_PROPOSALS_JSON

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def figure(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def title(fig: dict) -> str:
    return re.sub(r"<[^>]+>", "", fig["layout"]["title"]["text"])  # the figure's title is bold: <b>...</b>


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture(autouse=True)
def sample_data(monkeypatch):
    monkeypatch.setenv("STANCE_DATA", str(SAMPLE_CSV))


class Downloads(dict):
    """The files the page's download buttons offer, by file name: bytes built with the page, or
    ``deferred`` (built only when the button is clicked; ``file`` builds it as a click would)."""

    def __init__(self) -> None:
        super().__init__()
        self.deferred: dict[str, Callable[[], bytes]] = {}

    def file(self, name: str) -> bytes:
        return self[name] if name in self else self.deferred[name]()


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    """AppTest keeps the files in a media manager it creates per run: record what is added."""
    files = Downloads()

    class RecordingMediaFileManager(MediaFileManager):
        def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
            files[file_name] = path_or_data
            return super().add(path_or_data, mimetype, coordinates, file_name, is_for_static_download)

        def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
            files.deferred[file_name] = data_callable
            return super().add_deferred(data_callable, mimetype, coordinates, file_name, element_id=element_id)

    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)
    return files


def test_opens_on_the_timeline_with_counts_for_all_data():
    at = run_app()
    no_exception(at)
    # 21 statements, 20 sources: de-01 and eu-02 cite one report (tests/fixtures/README.md)
    assert metrics(at) == {"Statements": "21", "Actors": "9", "Countries": "6", "Sources": "20"}
    assert "Stances over time" in title(figure(at))
    assert any("Click a marker" in caption.value for caption in at.caption)
    assert dict(at.query_params) == {}  # defaults stay out of the link
    assert not at.warning


def test_the_first_pages_placeholder_gives_way_to_the_chart():
    at = run_app(chart="balance")
    no_exception(at)
    (chart,) = at.get("plotly_chart")  # the empty chart held its place while the view was worked out
    assert "Balance" in title(json.loads(chart.proto.spec))
    at.multiselect(key="country").set_value(["PL"]).run()
    assert len(at.get("plotly_chart")) == 1
    assert not run_app(chart="evidence").get("plotly_chart")


def test_without_stance_data_the_bundled_seeds_open(monkeypatch, bundled):
    monkeypatch.delenv("STANCE_DATA")
    at = run_app()
    no_exception(at)
    assert metrics(at)["Statements"] == str(len(bundled.statements))
    assert any(shown(caption.value).startswith("Data: seeds · revision") for caption in at.sidebar.caption)


def test_choosing_a_country_filters_counts_table_and_url():
    at = run_app(chart="evidence")
    assert len(at.dataframe[0].value) == 21
    at.multiselect(key="country").set_value(["PL"]).run()
    no_exception(at)
    table = at.dataframe[0].value
    assert list(table["id"]) == ["pl-01", "pl-02", "pl-03", "pl-04"]
    assert set(table["country"]) == {"Poland (PL)"}
    assert metrics(at) == {"Statements": "4", "Actors": "2", "Countries": "1", "Sources": "4"}
    assert at.query_params["country"] == "PL"


@pytest.mark.parametrize("code", ["PL", "pl"])
def test_link_with_a_country_opens_with_that_country_only(code):
    at = run_app(country=code, chart="evidence")
    no_exception(at)
    assert at.multiselect(key="country").value == ["PL"]
    assert list(at.dataframe[0].value["id"]) == ["pl-01", "pl-02", "pl-03", "pl-04"]
    assert not at.warning
    assert at.query_params["country"] == "PL"  # written back in its clean form


def test_link_with_several_values_restores_the_whole_view():
    at = run_app(country="PL~GB", position="support", chart="matrix", period="quarter")
    no_exception(at)
    assert at.multiselect(key="country").value == ["PL", "GB"]
    assert at.multiselect(key="position").value == ["support"]
    assert title(figure(at)).startswith("Positions by actor and quarter")
    assert at.query_params["country"] == "PL~GB" and at.query_params["period"] == "quarter"


@pytest.mark.parametrize(
    "params, named",
    [
        ({"country": "XX"}, "'XX'"),
        ({"from": "notadate"}, "'notadate'"),
        ({"chart": "pie"}, "'pie'"),
    ],
)
def test_bad_link_values_are_ignored_with_a_notice(params, named):
    at = run_app(**params)
    no_exception(at)
    assert any(named in shown(w.value) for w in at.warning), [w.value for w in at.warning]
    assert metrics(at)["Statements"] == "21"  # the bad value filtered nothing
    assert at.get("plotly_chart")


def test_filters_matching_nothing_say_so():
    at = run_app(country="PL", actor="Morgan")  # Alex Morgan speaks for Britain
    no_exception(at)
    assert not at.get("plotly_chart")
    message = " ".join(i.value for i in at.info)
    assert "No statements match these filters" in message and "Poland" in message and "Morgan" in message
    assert metrics(at)["Statements"] == "0"


@pytest.mark.parametrize(
    "view, expected",
    [
        ("matrix", "Positions by actor and month"),
        ("country-matrix", "Positions by country and month"),
        ("shifts", "Stance shifts"),
        ("balance", "Balance of positions by month"),
    ],
)
def test_view_selector_shows_the_matching_chart(view, expected):
    at = run_app()
    at.segmented_control(key="view").set_value(view).run()
    no_exception(at)
    assert title(figure(at)).startswith(expected)
    assert at.query_params["chart"] == view


def test_shifts_since_a_date_and_their_table():
    at = run_app(chart="shifts", since="2025-02-17")
    no_exception(at)
    assert at.date_input(key="since").value.isoformat() == "2025-02-17"
    assert "since 17 Feb 2025" in title(figure(at))
    shifts = at.dataframe[-1].value  # the step-by-step list, after the net shifts
    # six of the sample's seven shifts: fr-02 (14 Feb) is before the date
    assert list(shifts["to_date"].astype(str)) == [
        "2025-02-18",
        "2025-03-10",
        "2025-03-24",
        "2025-04-01",
        "2025-04-14",
        "2025-06-02",
    ]
    assert list(shifts["actor"]) == [
        "Claire Martin",
        "Alex Morgan",
        "Giulia Conti",
        "Claire Martin",
        "Marta Zielinska",
        "Giulia Conti",
    ]
    assert list(shifts["days"]) == [4, 35, 113, 42, 77, 70]
    assert shifts["change"].iloc[-1] == "Support → Denied"


def open_export_panel(at: AppTest) -> AppTest:
    at.session_state["export"] = True  # as the expander's click does (on_change="rerun")
    return at.run()


def test_custom_title_goes_to_the_chart_and_the_url():
    at = open_export_panel(run_app(chart="balance"))
    at.text_input(key="title").input("Who backs a European force?").run()
    no_exception(at)
    assert title(figure(at)).startswith("Who backs a European force?")
    assert at.query_params["title"] == "Who backs a European force?"


def test_link_to_this_view_uses_the_browser_url():
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["country"] = "PL"
    at.context["url"] = "https://stance.example.org/"
    at.run()
    assert not at.code and not at.get("download_button")  # the export panel is closed: nothing sent
    open_export_panel(at)
    links = [c.value for c in at.code if c.value.startswith("https://stance.example.org")]
    assert links == ["https://stance.example.org/?country=PL"]  # the default chart is left out
    assert [b.label for b in at.get("download_button")] == ["PNG", "PNG 2x", "SVG", "PDF"]


def test_a_title_from_the_link_reaches_the_chart_with_the_export_panel_closed():
    at = run_app(chart="balance", title="Who backs a European force?")
    no_exception(at)
    assert title(figure(at)).startswith("Who backs a European force?")
    open_export_panel(at)
    assert at.text_input(key="title").value == "Who backs a European force?"


def test_a_broken_data_file_shows_its_problems_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "statements.csv"
    broken.write_text(
        ",".join(ALL_COLUMNS) + "\na1,2025-02-30,day,Donald Tusk,,head,XX,p,support,on-record,quote,Outlet,,,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("STANCE_DATA", str(broken))
    at = run_app()
    no_exception(at)
    assert shown(at.error[0].value).startswith(f"**Could not load the statements from {broken}**")
    assert "STANCE_DATA" in at.error[0].value
    problems = at.code[0].value  # plain text, not Markdown: a cell cannot become markup
    assert f"{broken}:2:date:" in problems and f"{broken}:2:country:" in problems


def test_statements_download_escapes_formula_cells(tmp_path, monkeypatch, downloads):
    rows = [
        dict.fromkeys(ALL_COLUMNS, "")
        | {
            "id": "f1",
            "date": "2025-03-02",
            "date_precision": "day",
            "actor": "Keir Starmer",
            "actor_type": "head",
            "country": "GB",
            "proposal": "p",
            "position": "support",
            "attribution": "on-record",
            "quote": '=HYPERLINK("http://evil.example")',
            "source": "+Outlet",
            "notes": "-1 troops",
        },
    ]
    data = tmp_path / "formula.csv"
    with data.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(ALL_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("STANCE_DATA", str(data))
    at = run_app(chart="evidence")
    no_exception(at)
    shown = downloads.file(next(name for name in downloads.deferred if name.endswith("-1-statements.csv")))
    row = next(csv.DictReader(io.StringIO(shown.decode("utf-8-sig"))))
    assert row["quote"] == '\'=HYPERLINK("http://evil.example")'
    assert row["source"] == "'+Outlet" and row["notes"] == "'-1 troops"
    assert any(b.label.startswith("Download the 1 statement shown") for b in at.get("download_button"))


def test_several_proposals_get_a_filter_and_an_actor_by_proposal_view(monkeypatch):
    monkeypatch.setenv("STANCE_DATA", str(TWO_PROPOSALS_JSON))
    at = run_app(proposal="grain-escort", chart="proposal-matrix")
    no_exception(at)
    assert at.multiselect(key="proposal").value == ["grain-escort"]
    assert metrics(at) == {"Statements": "3", "Actors": "2", "Countries": "2", "Sources": "3"}  # g1, g2, g3
    assert title(figure(at)).startswith("Latest position by actor and proposal")
    assert "Actor x proposal" in at.segmented_control(key="view").options
    assert at.main.header[0].value == "2 proposals"


def test_one_proposal_has_no_proposal_filter_nor_actor_by_proposal_view():
    at = run_app(chart="proposal-matrix")
    no_exception(at)
    assert any("only one proposal" in w.value for w in at.warning)
    assert "Actor x proposal" not in at.segmented_control(key="view").options
    assert not [m for m in at.multiselect if m.key == "proposal"]
    assert shown(at.main.header[0].value) == "air-shield"  # a CSV has no titles: the proposal's id


# ------------------------------------------------------------ issue 8: where everyone stands
# The sample as of its cut-off (2 Jun 2025), by the country rule: heads of government decide,
# Kowal (Prime Minister) outranks Zielinska (minister), anonymous sources never decide.
STANDING_BY_POSITION = ["European Union", "France", "United Kingdom", "Germany", "Italy", "Poland"]
STANDING_POSITIONS = ["Support", "Support", "Support", "Opposed", "Denied", "Denied"]


SAMPLE_EVENTS = {
    "Paris summit": ("2025-02-17", "https://example.org/paris"),
    "London meeting": ("2025-03-02", "https://example.org/london"),
}


def sample_with_events(tmp_path, monkeypatch, events: dict[str, tuple[str, str]] = SAMPLE_EVENTS) -> None:
    """The sample, written as JSON with key events (the loaders' event files are the data's own tests)."""
    events = pd.DataFrame(
        {
            "date": pd.to_datetime([day for day, _ in events.values()]).astype("datetime64[s]"),
            "label": list(events),
            "url": [url for _, url in events.values()],
        }
    )
    path = tmp_path / "sample-events.json"
    write_dataset(replace(load_dataset(SAMPLE_CSV), events=events), path)
    monkeypatch.setenv("STANCE_DATA", str(path))


def test_standing_view_one_row_per_country_as_of_the_cutoff():
    at = run_app(chart="standing")
    no_exception(at)
    assert title(figure(at)).startswith("Where each country stands")  # the chart, exported like every chart
    rows = at.dataframe[0].value
    assert list(rows["name"]) == STANDING_BY_POSITION  # sorted by position: support first
    assert list(rows["position"]) == STANDING_POSITIONS
    poland = rows.set_index("name").loc["Poland"]
    assert poland["actor"] == "Piotr Kowal" and poland["last_heard"] == datetime.date(2025, 3, 3)
    assert "pl.example.org" in poland["url"]  # the source as a link
    assert any("2 Jun 2025, the data's cut-off" in c.value for c in at.caption)
    assert dict(at.query_params) == {"chart": "standing"}


@pytest.mark.parametrize(
    "sort, names",
    [
        ("name", ["European Union", "France", "Germany", "Italy", "Poland", "United Kingdom"]),
        ("last_heard", ["Italy", "France", "Germany", "United Kingdom", "Poland", "European Union"]),
    ],
)
def test_standing_table_sorts_by_name_or_last_heard_and_keeps_it_in_the_link(sort, names):
    at = run_app(chart="standing")
    at.segmented_control(key="sort").set_value(sort).run()
    no_exception(at)
    assert list(at.dataframe[0].value["name"]) == names
    assert at.query_params["sort"] == sort
    again = run_app(chart="standing", sort=sort)
    assert list(again.dataframe[0].value["name"]) == names
    assert again.segmented_control(key="sort").value == sort


def test_as_of_date_reads_and_writes_the_link():
    at = run_app(chart="standing", as_of="2025-02-01")
    no_exception(at)
    assert at.date_input(key="as_of").value == datetime.date(2025, 2, 1)
    rows = at.dataframe[0].value.set_index("name")
    # 1 Feb 2025: Martin hesitant (fr-01); Morgan hesitant, reported anonymously (gb-01); Kowal denied
    assert rows.loc["France", "position"] == "Hesitant" and rows.loc["Poland", "position"] == "Denied"
    assert "anonymous only" in rows.loc["United Kingdom", "flags"]
    assert at.query_params["as_of"] == "2025-02-01"
    at.date_input(key="as_of").set_value(datetime.date(2025, 3, 15)).run()
    assert at.query_params["as_of"] == "2025-03-15"
    assert at.dataframe[0].value.set_index("name").loc["United Kingdom", "position"] == "Support"  # gb-04, 10 Mar


def test_by_actor_gives_one_row_per_actor_and_goes_to_the_link():
    at = run_app(chart="standing")
    at.segmented_control(key="by").set_value("actor").run()
    no_exception(at)
    assert at.query_params["by"] == "actor"
    assert title(figure(at)).startswith("Where each actor stands")
    rows = at.dataframe[0].value
    assert len(rows) == 9 and "Anonymous Whitehall source" in set(rows["name"])
    assert run_app(chart="standing", by="actor").segmented_control(key="by").value == "actor"


def test_stale_setting_flags_old_positions_and_goes_to_the_link():
    def stale(at: AppTest) -> set[str]:
        rows = at.dataframe[0].value
        return set(rows.loc[rows["flags"].str.contains("stale"), "name"])

    at = run_app(chart="standing")
    assert stale(at) == set()  # 6 months: nothing before 2 Dec 2024
    at.number_input(key="stale").set_value(3).run()
    no_exception(at)
    assert at.query_params["stale"] == "3"
    assert stale(at) == {"European Union"}  # last heard 17 Feb, before 2 Mar
    linked = run_app(chart="standing", stale="3")
    assert linked.number_input(key="stale").value == 3 and stale(linked) == {"European Union"}


def test_standing_csv_download_escapes_formula_cells(downloads):
    at = run_app(chart="standing", by="actor", as_of="2025-01-01")  # only Conti has spoken (it-01)
    no_exception(at)
    button = next(b for b in at.get("download_button") if b.label.endswith("(CSV)"))
    assert button.label == "Download these 1 row (CSV)"
    name = next(n for n in downloads.deferred if "standing" in n and n.endswith(".csv"))
    data = downloads.file(name)
    assert name.endswith("-standing-by-actor-2025-01-01.csv")
    [row] = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert row["name"] == "Giulia Conti" and row["position"] == "hesitant" and row["last_heard"] == "2024-12-01"
    assert tuple(row) == STANDING_EXPORT_COLUMNS  # the command line's `standing` table
    assert (row["id"], row["attribution"]) == ("it-01", "unverified")
    assert row["quote"].startswith("'=SUM(1)")  # a spreadsheet shows it as text


def test_shifts_since_a_date_show_the_net_shifts_first():
    at = run_app(chart="shifts", since="2025-02-17")
    no_exception(at)
    net = at.dataframe[0].value.set_index("name")
    assert net.loc["United Kingdom", "direction"] == "towards support"  # hesitant (gb-03) -> support (gb-04)
    assert net.loc["Italy", "direction"] == "away from support"  # hesitant (it-01) -> denied (it-03)
    assert net.loc["France", "direction"] == "unchanged"  # support (fr-02) -> support (fr-05)
    assert (net.loc["Italy", "then"], net.loc["Italy", "now"]) == ("Hesitant", "Denied")
    assert [h.value for h in at.subheader][:2] == ["Net shifts by country since 17 Feb 2025", "Step by step"]
    at.segmented_control(key="by").set_value("actor").run()  # the net shifts per actor
    assert at.query_params["by"] == "actor"
    assert at.dataframe[0].value.set_index("name").loc["Marta Zielinska", "direction"] == "towards support"


def test_shifts_without_a_since_date_say_how_to_get_net_shifts():
    at = run_app(chart="shifts")
    no_exception(at)
    assert any("Choose a since date or a key event" in c.value for c in at.caption)
    assert len(at.dataframe) == 1 and "change" in at.dataframe[0].value.columns  # only the step-by-step list


def test_standing_before_the_first_statement_says_so():
    at = run_app(chart="standing", as_of="2024-06-01")
    no_exception(at)
    assert any("No position on or before 1 Jun 2024" in i.value for i in at.info)
    assert not at.dataframe and not [b for b in at.get("download_button") if "row" in b.label]


def test_net_shifts_view_draws_its_chart_and_table():
    at = run_app(chart="net-shifts", since="2025-02-17", by="actor")
    no_exception(at)
    assert title(figure(at)).startswith("Net shifts by actor")
    net = at.dataframe[0].value.set_index("name")
    assert net.loc["Alex Morgan", "direction"] == "towards support"
    assert at.query_params["since"] == "2025-02-17" and at.query_params["by"] == "actor"


def test_map_view_draws_as_of_a_date():
    at = run_app(chart="map", as_of="2025-03-01")
    no_exception(at)
    assert title(figure(at)).startswith("Government positions")
    assert at.date_input(key="as_of").value == datetime.date(2025, 3, 1)
    assert at.query_params["as_of"] == "2025-03-01"


def test_percentages_go_to_the_link_and_back():
    at = run_app(chart="balance")
    counts = figure(at)
    at.segmented_control(key="share").set_value(True).run()
    no_exception(at)
    assert at.query_params["share"] == "1"
    assert figure(at) != counts
    assert run_app(chart="balance", share="1").segmented_control(key="share").value is True
    at.segmented_control(key="share").set_value(False).run()
    assert "share" not in at.query_params


def test_actor_type_filter_reads_and_writes_the_link():
    at = run_app(chart="evidence", type="anonymous")
    no_exception(at)
    assert at.multiselect(key="type").value == ["anonymous"]
    assert list(at.dataframe[0].value["id"]) == ["gb-02", "de-02"]  # the two anonymous actors
    assert at.query_params["type"] == "anonymous"


def test_government_only_and_exclude_anonymous_shortcuts():
    at = run_app(chart="evidence")
    next(b for b in at.button if b.label == "Government only").click().run()
    no_exception(at)
    assert at.multiselect(key="type").value == list(GOVERNMENT_ONLY)
    assert set(GOVERNMENT_ONLY) <= set(GOVERNMENT_TYPES) | {"institution"}
    ids = list(at.dataframe[0].value["id"])
    assert "gb-02" not in ids and "de-02" not in ids and "pl-04" in ids  # Zielinska is a minister
    link = at.query_params["type"]  # "government": the shortcut's short form
    assert run_app(chart="evidence", type=link).multiselect(key="type").value == list(GOVERNMENT_ONLY)
    next(b for b in at.button if b.label == "Exclude anonymous sources").click().run()
    assert at.multiselect(key="type").value == list(NO_ANONYMOUS)
    assert len(at.dataframe[0].value) == 19  # 21 less gb-02 and de-02
    next(b for b in at.button if b.label == "Clear filters").click().run()
    assert at.multiselect(key="type").value == [] and "type" not in at.query_params


def test_choosing_a_key_event_sets_the_since_date(tmp_path, monkeypatch):
    sample_with_events(tmp_path, monkeypatch)
    at = run_app(chart="shifts")
    no_exception(at)
    event = at.selectbox(key="since_event")
    assert event.options == ["Paris summit, 17 Feb 2025", "London meeting, 2 Mar 2025"]
    event.set_value(0).run()
    no_exception(at)
    assert at.query_params["since"] == "2025-02-17"
    assert at.date_input(key="since").value == datetime.date(2025, 2, 17)
    assert "since 17 Feb 2025" in title(figure(at))
    assert any(shown(c.value) == "Since the key event **Paris summit**, 17 Feb 2025" for c in at.caption)
    at.date_input(key="since").set_value(datetime.date(2025, 3, 1)).run()  # any other day
    assert at.selectbox(key="since_event").value is None and at.query_params["since"] == "2025-03-01"


def test_of_two_events_on_one_day_the_chosen_one_stays_chosen(tmp_path, monkeypatch):
    sample_with_events(tmp_path, monkeypatch, SAMPLE_EVENTS | {"Brussels dinner": ("2025-02-17", "")})
    at = run_app(chart="shifts")
    assert at.selectbox(key="since_event").options[1] == "Brussels dinner, 17 Feb 2025"
    at.selectbox(key="since_event").set_value(1).run()
    no_exception(at)
    assert at.selectbox(key="since_event").value == 1 and at.query_params["since"] == "2025-02-17"
    assert any(shown(c.value).startswith("Since the key event **Brussels dinner**") for c in at.caption)
    assert not at.get("link_button")  # no source recorded for this one


def test_a_link_with_an_event_day_selects_that_event(tmp_path, monkeypatch):
    sample_with_events(tmp_path, monkeypatch)
    at = run_app(chart="net-shifts", since="2025-03-02")
    no_exception(at)
    assert at.selectbox(key="since_event").value == 1  # London meeting


@pytest.mark.parametrize(
    "params, named",
    [
        ({"chart": "standing", "as_of": "2025-13-01"}, "as_of='2025-13-01'"),
        ({"chart": "standing", "stale": "0"}, "stale='0'"),
        ({"chart": "standing", "stale": "soon"}, "stale='soon'"),
        ({"chart": "standing", "by": "planet"}, "by='planet'"),
        ({"chart": "balance", "share": "maybe"}, "share='maybe'"),
        ({"chart": "evidence", "type": "king"}, "type='king'"),
        ({"chart": "standing", "sort": "up"}, "sort='up'"),
    ],
)
def test_bad_values_of_the_new_controls_are_ignored_with_a_notice(params, named):
    at = run_app(**params)
    no_exception(at)
    assert any(named in shown(w.value) for w in at.warning), [w.value for w in at.warning]
    assert metrics(at)["Statements"] == "21"  # the bad value filtered nothing
    assert at.dataframe or at.get("plotly_chart")
    assert list(at.query_params) == ["chart"]  # the dropped value is not written back


def test_an_edit_to_one_row_of_a_large_file_shows_on_the_page(tmp_path, monkeypatch):
    """Caches key on the file's revision, not on a sampled hash of the frame: Streamlit hashes a frame of
    50,000+ rows from a 10,000-row sample, so one changed row outside the sample would go unseen."""
    path = tmp_path / "large.csv"
    table = synthetic_statements(60_000, actors=2_000, countries=20, proposals=2, seed=3)
    path.write_text(table_to_csv(table), encoding="utf-8")
    monkeypatch.setenv("STANCE_DATA", str(path))
    at = run_app(chart="evidence")
    no_exception(at)
    before = metrics(at)
    row = 54_321  # one row, far from the start: a sample may well miss it
    table.loc[row, "actor"] = "Newly Coded Actor"  # an actor of its own: one more actor (the old one has others)
    path.write_text(table_to_csv(table), encoding="utf-8")
    at.run()
    no_exception(at)
    after = metrics(at)
    assert after["Statements"] == before["Statements"]
    assert int(after["Actors"].replace(",", "")) == int(before["Actors"].replace(",", "")) + 1
    at.text_input(key="actor").input("Newly Coded").run()  # the evidence table lists the first rows only
    assert list(at.dataframe[0].value["actor"]) == ["Newly Coded Actor"]


# ------------------------------------------------------------ issue 9: readable and fast at any size
@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """3,000 generated statements by 200 actors on one proposal: more rows than a page or a table shows."""
    path = tmp_path_factory.mktemp("generated") / "generated.csv"
    path.write_text(
        table_to_csv(synthetic_statements(3_000, actors=200, countries=12, proposals=1, seed=9)), encoding="utf-8"
    )
    return path


@pytest.fixture
def generated_data(monkeypatch, generated) -> pd.DataFrame:
    monkeypatch.setenv("STANCE_DATA", str(generated))
    return load_dataset(generated).statements


def test_the_evidence_table_lists_the_first_rows_and_says_how_to_reach_the_others(generated_data, downloads):
    at = run_app(chart="evidence")
    no_exception(at)
    table = at.dataframe[0].value
    assert len(table) == 500
    assert list(table["id"]) == list(generated_data["id"][:500])  # the first in date order
    assert any(
        c.value.startswith("Showing the first 500 of 3,000 statements (in date order): 2,500 more are not listed.")
        and "download them all" in c.value
        for c in at.caption
    ), [c.value for c in at.caption]
    # The downloads hold every statement, and are built only when clicked (a million make 360 MB).
    name = next(n for n in downloads.deferred if n.endswith("-3000-statements.csv"))
    assert not any(n.endswith(".csv") for n in downloads)
    assert len(list(csv.DictReader(io.StringIO(downloads.file(name).decode("utf-8-sig"))))) == 3_000


def test_a_table_that_fits_has_no_note():
    at = run_app(chart="evidence")
    assert len(at.dataframe[0].value) == 21
    assert not [c.value for c in at.caption if c.value.startswith("Showing the first")]


def drawn_actors(at: AppTest) -> set[str]:
    """The actors whose lanes or rows the chart draws (its y-axis labels: 'Name · Country')."""
    labels = figure(at)["layout"]["yaxis"]["ticktext"]
    return {html.unescape(label).split(" · ")[0] for label in labels}


def lanes_note(at: AppTest) -> str:
    return next(shown(c.value) for c in at.caption if shown(c.value).startswith("Showing "))


@pytest.mark.parametrize("chart", ["timeline", "matrix"])
def test_a_chart_of_many_actors_draws_one_page_and_says_what_it_leaves_out(generated_data, chart):
    at = run_app(chart=chart)
    no_exception(at)
    ranked = rank_actors(generated_data, "latest")
    assert len(ranked) == 200
    assert drawn_actors(at) == set(ranked[:40])
    assert lanes_note(at) == (
        "Showing 40 of 200 actors (1–40, page 1 of 5), ranked by latest activity. "
        "Others: pages 2–5, another ranking, or the actor filter."
    )
    at.button(key="page-next").click().run()
    no_exception(at)
    assert at.number_input(key="page").value == 2 and at.query_params["page"] == "2"
    assert drawn_actors(at) == set(ranked[40:80])
    assert lanes_note(at).startswith("Showing 40 of 200 actors (41–80, page 2 of 5)")
    at.number_input(key="page").set_value(5).run()
    assert drawn_actors(at) == set(ranked[160:200])
    assert at.button(key="page-next").disabled and not at.button(key="page-previous").disabled


def test_ranking_and_search_change_which_actors_are_drawn(generated_data):
    at = run_app()
    at.selectbox(key="rank").set_value("name").run()
    no_exception(at)
    by_name = rank_actors(generated_data, "name")
    assert drawn_actors(at) == set(by_name[:40]) != set(rank_actors(generated_data, "latest")[:40])
    assert at.query_params["rank"] == "name"
    assert "ranked by name" in lanes_note(at)
    name = by_name[-1]  # on the last page by name
    at.text_input(key="find").input(name).run()
    no_exception(at)
    assert name in drawn_actors(at) and len(drawn_actors(at)) < 40
    assert at.query_params["actor"] == name and at.text_input(key="actor").value == name  # the actor filter
    assert not [c for c in at.caption if shown(c.value).startswith("Showing ")]  # nothing left out


def test_rank_and_page_round_trip_through_the_link(generated_data):
    at = run_app(chart="matrix", rank="shifts", page="3")
    no_exception(at)
    assert not at.warning
    assert at.selectbox(key="rank").value == "shifts" and at.number_input(key="page").value == 3
    assert drawn_actors(at) == set(rank_actors(generated_data, "shifts")[80:120])
    assert lanes_note(at).startswith("Showing 40 of 200 actors (81–120, page 3 of 5), ranked by most shifts")
    assert at.query_params["rank"] == "shifts" and at.query_params["page"] == "3"


def test_changing_a_filter_or_the_ranking_goes_back_to_the_first_page(generated_data):
    at = run_app(page="2")
    assert at.number_input(key="page").value == 2
    at.multiselect(key="position").set_value(["support"]).run()
    no_exception(at)
    assert at.number_input(key="page").value == 1 and "page" not in at.query_params
    assert lanes_note(at).startswith("Showing 40 of ") and "(1–40, page 1 of" in lanes_note(at)
    at.button(key="page-next").click().run()
    at.selectbox(key="rank").set_value("seniority").run()  # another ranking: its first page
    assert at.number_input(key="page").value == 1 and at.query_params["rank"] == "seniority"


@pytest.mark.parametrize(
    "params, named",
    [
        ({"page": "0"}, "page='0'"),
        ({"page": "two"}, "page='two'"),
        ({"rank": "loudest"}, "rank='loudest'"),
        ({"page": "99"}, "page=99 in the link: the chart has 5 pages"),
    ],
)
def test_a_bad_page_or_ranking_in_the_link_gives_a_notice(generated_data, params, named):
    at = run_app(**params)
    no_exception(at)
    assert any(named in shown(w.value) for w in at.warning), [w.value for w in at.warning]
    page = 5 if params.get("page") == "99" else 1  # past the end: the last page
    assert at.number_input(key="page").value == page
    assert drawn_actors(at) == set(rank_actors(generated_data, "latest")[(page - 1) * 40 : page * 40])


def test_views_by_country_summarise_every_country_and_by_actor_page_the_actors(generated_data):
    def paging(at: AppTest) -> list[str]:
        return [w.key for w in [*at.selectbox, *at.number_input] if w.key in ("rank", "page")]

    for chart in ("map", "standing"):
        at = run_app(chart=chart)
        no_exception(at)
        assert not paging(at) and not [c for c in at.caption if shown(c.value).startswith("Showing ")]
    at.segmented_control(key="by").set_value("actor").run()
    no_exception(at)
    assert paging(at) == ["rank", "page"]
    assert lanes_note(at).startswith("Showing 40 of 200 actors (1–40, page 1 of 5)")


def test_the_shifts_table_lists_the_shifts_on_the_charts_page(generated_data):
    at = run_app(chart="shifts")
    no_exception(at)
    every = analysis.shifts(generated_data)
    assert len(every) > 80
    assert at.subheader[-1].value == f"{len(every):,} shifts"
    first = at.dataframe[-1].value
    assert len(first) == 40
    assert lanes_note(at).startswith(f"Showing 40 of {len(every):,} shifts (1–40, page 1 of")
    at.button(key="page-next").click().run()
    no_exception(at)
    second = at.dataframe[-1].value
    assert len(second) == 40
    assert first["to_date"].min() >= second["to_date"].max()  # ranked by latest activity: most recent first


def test_the_chart_description_says_what_the_data_says_once_opened():
    at = run_app()
    no_exception(at)
    assert not at.expander[0].markdown  # closed: nothing computed
    at.session_state["describe"] = True
    at.run()
    (text,) = [m.value for m in at.expander[0].markdown]
    assert "It draws on 21 statements by 9 actors from 6 countries" in text
    assert "7 times" in text  # 7 shifts in the sample


def test_a_store_that_cannot_be_opened_is_a_plain_message_without_its_password(monkeypatch):
    monkeypatch.delenv("STANCE_DATA")  # the store, then
    monkeypatch.setenv("STANCE_DB", "postgresql://ana:s3cret@127.0.0.1:9/stance")  # nothing listens on port 9
    at = run_app()
    no_exception(at)
    (error,) = [e.value for e in at.error]
    assert error.startswith("**Could not open the store**") and "port 9 failed" in error
    assert "s3cret" not in error and "STANCE_DB" in error
    assert not at.get("plotly_chart")
