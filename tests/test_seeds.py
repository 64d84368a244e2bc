"""The bundled dataset in seeds/: valid, lossless in every format, coded as seeds/README.md says.

These are the only tests that know the bundled data; re-curating the seeds changes this file
(and the README's numbers), nothing else. Every other test reads the frozen fixtures.
"""

from __future__ import annotations

import re

import pandas as pd

from stance import analysis, cli
from stance.codebook import ACTOR_TYPE_KEYS, GOVERNMENT_TYPES
from stance.formats import events_table, table_to_csv, table_to_json, write_seeds
from stance.load import BUNDLED_DATA, load_dataset
from stance.model import ALL_COLUMNS, EVENT_COLUMNS, spoke_as, to_interchange
from stance.validate import check_url


def test_bundled_seeds_are_valid(capsys):
    assert cli.main(["validate", str(BUNDLED_DATA)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        f"{BUNDLED_DATA}: valid: 107 statements, 61 actors, 31 countries, 1 proposal, 2024-12-01 to 2025-12-17\n",
        "",
    )


def test_bundled_dataset_holds_all_verified_statements_and_the_article(bundled):
    s = bundled.statements
    assert len(s) == 107
    assert (s["id"].str.startswith("s")).sum() == 96
    assert (s["id"].str.startswith("rt-")).sum() == 11
    assert list(s.columns) == list(ALL_COLUMNS)
    assert s["date"].min() == pd.Timestamp("2024-12-01") and s["date"].max() == pd.Timestamp("2025-12-17")
    assert bundled.proposals == {"eu-peacekeepers-ukraine": "European peacekeepers in Ukraine after a ceasefire"}


def test_every_bundled_statement_keeps_its_provenance(bundled):
    s = bundled.statements
    assert (s["quote"] != "").all() and (s["source"] != "").all()
    verified = s[s["id"].str.startswith("s")]
    assert verified["url"].str.startswith("https://").all()


def test_seed_article_is_coded_with_anonymous_and_unverified_sources(bundled):
    article = bundled.statements[bundled.statements["id"].str.startswith("rt-")].set_index("id")
    assert set(article["attribution"]) == {"on-record", "anonymous", "unverified"}
    whitehall = article.loc["rt-02"]
    assert (whitehall["actor"], whitehall["country"], whitehall["position"]) == (
        "Anonymous Whitehall source",
        "GB",
        "hesitant",
    )
    assert whitehall["date"] == pd.Timestamp("2025-01-15") and whitehall["date_precision"] == "day"
    assert article.loc["rt-04", "date_precision"] == "week"  # "earlier this week"
    assert article.loc["rt-06", "date_precision"] == "month"  # "last month"
    trump = article.loc["rt-07"]
    assert (trump["attribution"], trump["role"]) == ("unverified", "President-elect of the United States")
    # one statement per actor per position
    assert not article.duplicated(["actor", "position"]).any()


def test_bundled_shifts_include_the_seed_article_zelensky_move(bundled):
    out = analysis.shifts(bundled.statements)
    zelensky = out[out["actor"] == "Volodymyr Zelensky"].iloc[0]
    assert (zelensky["from_position"], zelensky["to_position"], zelensky["to_id"]) == ("hesitant", "support", "rt-04")


def test_seeds_round_trip_to_interchange_without_loss(bundled, tmp_path):
    write_seeds(bundled, tmp_path / "copy")
    again = load_dataset(tmp_path / "copy")
    pd.testing.assert_frame_equal(to_interchange(again.statements), to_interchange(bundled.statements))
    assert again.proposals == bundled.proposals
    pd.testing.assert_frame_equal(again.events, bundled.events)
    assert again.actor_notes == bundled.actor_notes
    # and through the flat CSV and JSON tables (events only in JSON: a flat CSV has none)
    (tmp_path / "flat.csv").write_text(table_to_csv(to_interchange(bundled.statements)), encoding="utf-8")
    (tmp_path / "flat.json").write_text(
        table_to_json(to_interchange(bundled.statements), bundled.proposals, events_table(bundled.events)),
        encoding="utf-8",
    )
    for name in ("flat.csv", "flat.json"):
        flat = load_dataset(tmp_path / name)
        pd.testing.assert_frame_equal(to_interchange(flat.statements), to_interchange(bundled.statements))
    assert load_dataset(tmp_path / "flat.json").proposals == bundled.proposals
    pd.testing.assert_frame_equal(load_dataset(tmp_path / "flat.json").events, bundled.events)


def test_seeds_folder_is_what_write_seeds_writes(bundled, tmp_path):
    """The files in seeds/ are in the layout's normal form: rewriting them changes nothing."""
    write_seeds(bundled, tmp_path)
    for name in ("statements.csv", "actors.csv", "proposals.csv", "events.csv"):
        assert (tmp_path / name).read_bytes() == (BUNDLED_DATA / name).read_bytes(), name


def test_role_of_the_day_survives_the_seeds_layout(bundled):
    trump = bundled.statements[bundled.statements["actor"] == "Donald Trump"]
    assert set(trump["role"]) == {"President-elect of the United States", "President of the United States"}
    actors = pd.read_csv(BUNDLED_DATA / "actors.csv", dtype=str).set_index("actor")
    assert actors.loc["Donald Trump", "role"] == "President of the United States"


# ---------------------------------------------------------------- issue 8: types, capacities, offices, events
def actors_file() -> pd.DataFrame:
    return pd.read_csv(BUNDLED_DATA / "actors.csv", dtype=str, keep_default_na=False).set_index("actor")


def test_every_bundled_actor_has_a_type_and_government_actors_decide(bundled):
    actors = actors_file()
    assert list(actors.columns) == ["country", "role", "actor_type", "left_office", "note"]
    assert actors["actor_type"].isin(ACTOR_TYPE_KEYS).all()
    s = bundled.statements
    assert (s["actor_type"] != "").all() and s.groupby("actor")["actor_type"].nunique().eq(1).all()
    types = actors["actor_type"]
    # spokespeople, envoys and a ministry speaking are officials; a deputy minister is not in government
    for name in ("Maria Zakharova", "Dmitry Peskov", "Keith Kellogg", "Steve Witkoff"):
        assert types[name] == "official", name
    assert types["Turkish Ministry of National Defence"] == "official"
    assert types["Sergei Ryabkov"] == "official"
    assert types["JD Vance"] == "minister" and "Vice President" in actors.loc["JD Vance", "note"]
    for name in ("Mark Rutte", "Kaja Kallas", "Ursula von der Leyen"):
        assert types[name] == "institution", name
    assert set(actors.loc[types == "institution", "country"]) == {"EU", "NATO"}
    assert types["Peter Dutton"] == "opposition"
    assert set(types[types == "former"].index) == {"Boris Johnson", "Jeremy Hunt", "Grant Shapps", "Gavin Williamson"}
    assert set(types[types == "anonymous"].index) == {"Anonymous British official", "Anonymous Whitehall source"}
    heads = types[types == "head"].index
    assert {"Keir Starmer", "Olaf Scholz", "Friedrich Merz", "Donald Trump", "Mark Carney"} <= set(heads)
    assert set(types) - set(GOVERNMENT_TYPES) == {"institution", "opposition", "former", "anonymous"}


def test_the_seeds_readme_counts_the_actor_types():
    text = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")
    counted = re.search(r"the note that `actors.csv` carries\)\. (.*?)\. Decisions", text, re.DOTALL).group(1)
    stated = {kind: int(n) for n, kind in re.findall(r"(\d+) `(\w+)`", counted)}
    assert stated == actors_file()["actor_type"].value_counts().to_dict()


def test_bundled_left_office_dates(bundled):
    left = actors_file()["left_office"]
    assert left[left != ""].to_dict() == {
        "Justin Trudeau": "2025-03-14",  # Mark Carney sworn in
        "Olaf Scholz": "2025-05-06",  # Friedrich Merz elected chancellor
        "Peter Dutton": "2025-05-13",  # lost his seat on 3 May; Sussan Ley succeeded him as opposition leader
        "Petr Fiala": "2025-12-09",  # Andrej Babis appointed
    }
    assert "caretaker" in actors_file().loc["Dick Schoof", "note"]  # still prime minister: no date
    s = bundled.statements
    scholz = s[s["actor"] == "Olaf Scholz"]
    assert (scholz["left_office"] == "2025-05-06").all() and (scholz["date"] < pd.Timestamp("2025-05-06")).all()


def test_bundled_capacities_match_the_office_of_the_day(bundled):
    s = bundled.statements.set_index("id")
    trump = s[s["actor"] == "Donald Trump"]
    # before his inauguration Trump spoke as President-elect: not as the head of the US government
    assert set(spoke_as(trump[trump["date"] < pd.Timestamp("2025-01-20")])) == {"other"}
    assert set(spoke_as(trump[trump["date"] >= pd.Timestamp("2025-01-20")])) == {"head"}
    assert s.loc["rt-07", "role"] == "President-elect of the United States"
    assert s.loc[s["capacity"] != "", "capacity"].to_dict() == {"rt-07": "other"}
    # nobody speaks as head of government before taking office nor after leaving it
    merz, carney, dan = (
        s[s["actor"] == name]["date"].min() for name in ("Friedrich Merz", "Mark Carney", "Nicușor Dan")
    )
    assert merz >= pd.Timestamp("2025-05-06") and carney >= pd.Timestamp("2025-03-14")
    assert dan >= pd.Timestamp("2025-05-26")
    left = s[s["left_office"] != ""]
    after = left[left["date"] >= pd.to_datetime(left["left_office"])]
    assert (after["capacity"] == "former").all()


def test_bundled_events_are_short_dated_and_sourced_by_verified_statements(bundled):
    events = bundled.events
    assert list(events.columns) == list(EVENT_COLUMNS) and 6 <= len(events) <= 10
    assert events["date"].is_monotonic_increasing
    assert events["label"].str.len().max() <= 24  # drawn on charts
    assert dict(zip(events["date"].dt.strftime("%Y-%m-%d"), events["label"], strict=True)) == {
        "2025-02-17": "Paris emergency summit",
        "2025-03-02": "London summit",
        "2025-03-27": "Paris coalition summit",
        "2025-07-10": "Coalition HQ",
        "2025-08-15": "Alaska summit",
        "2025-08-18": "White House meeting",
        "2025-09-04": "Paris: 26 pledge",
        "2025-12-15": "Berlin talks",
    }
    statements = bundled.statements.set_index("id")
    for event in events.itertuples():
        assert check_url(event.url) is None and event.url.startswith("https://")
        # the source is a verified statement's, named in the note, dated within three days of the event
        cited = event.note.rsplit("(", 1)[1].rstrip(").")
        assert statements.loc[cited, "url"] == event.url, event.label
        assert abs((statements.loc[cited, "date"] - event.date).days) <= 3, event.label
