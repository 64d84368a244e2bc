"""The dashboard script run headless with Streamlit's AppTest: state, URL, empty and error states.

AppTest runs app.py without a browser (no drawing, no clicks on charts); the browser tests
cover those. `at.get("plotly_chart")[0].proto.spec` is the figure's JSON. The app opens the
frozen sample (tests/fixtures/statements.csv, through STANCE_DATA) unless a test says otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module
from test_hostile import shown

from stance.model import ALL_COLUMNS

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


def test_opens_on_the_timeline_with_counts_for_all_data():
    at = run_app()
    no_exception(at)
    # 21 statements, 20 sources: de-01 and eu-02 cite one report (tests/fixtures/README.md)
    assert metrics(at) == {"Statements": "21", "Actors": "9", "Countries": "6", "Sources": "20"}
    assert "Stances over time" in title(figure(at))
    assert any("Click a marker" in caption.value for caption in at.caption)
    assert dict(at.query_params) == {}  # defaults stay out of the link
    assert not at.warning


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
    shifts = at.dataframe[0].value
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


def test_custom_title_goes_to_the_chart_and_the_url():
    at = run_app(chart="balance")
    at.text_input(key="title").input("Who backs a European force?").run()
    no_exception(at)
    assert title(figure(at)).startswith("Who backs a European force?")
    assert at.query_params["title"] == "Who backs a European force?"


def test_link_to_this_view_uses_the_browser_url():
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["country"] = "PL"
    at.context["url"] = "https://stance.example.org/"
    at.run()
    links = [c.value for c in at.code if c.value.startswith("https://stance.example.org")]
    assert links == ["https://stance.example.org/?country=PL"]  # the default chart is left out


def test_a_broken_data_file_shows_its_problems_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "statements.csv"
    broken.write_text(
        ",".join(ALL_COLUMNS) + "\na1,2025-02-30,day,Donald Tusk,,XX,p,support,on-record,quote,Outlet,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("STANCE_DATA", str(broken))
    at = run_app()
    no_exception(at)
    assert shown(at.error[0].value).startswith(f"**Could not load the statements from {broken}**")
    assert "STANCE_DATA" in at.error[0].value
    problems = at.code[0].value  # plain text, not Markdown: a cell cannot become markup
    assert f"{broken}:2:date:" in problems and f"{broken}:2:country:" in problems


def test_statements_download_escapes_formula_cells(tmp_path, monkeypatch):
    # AppTest keeps download files in a media manager it creates per run: record what is added.
    files: dict[str, bytes] = {}

    class RecordingMediaFileManager(MediaFileManager):
        def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
            files[file_name] = path_or_data
            return super().add(path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)
    rows = [
        dict.fromkeys(ALL_COLUMNS, "")
        | {
            "id": "f1",
            "date": "2025-03-02",
            "date_precision": "day",
            "actor": "Keir Starmer",
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
    shown = next(data for name, data in files.items() if name.endswith("-1-statements.csv"))
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
