"""The bundled dataset in seeds/: valid, lossless in every format, coded as seeds/README.md says.

These are the only tests that know the bundled data; re-curating the seeds changes this file
(and the README's numbers), nothing else. Every other test reads the frozen fixtures.
"""

from __future__ import annotations

import pandas as pd

from stance import analysis, cli
from stance.formats import table_to_csv, table_to_json, write_seeds
from stance.load import BUNDLED_DATA, load_dataset
from stance.model import ALL_COLUMNS, to_interchange


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
    # and through the flat CSV and JSON tables
    (tmp_path / "flat.csv").write_text(table_to_csv(to_interchange(bundled.statements)), encoding="utf-8")
    (tmp_path / "flat.json").write_text(
        table_to_json(to_interchange(bundled.statements), bundled.proposals), encoding="utf-8"
    )
    for name in ("flat.csv", "flat.json"):
        flat = load_dataset(tmp_path / name)
        pd.testing.assert_frame_equal(to_interchange(flat.statements), to_interchange(bundled.statements))
    assert load_dataset(tmp_path / "flat.json").proposals == bundled.proposals


def test_seeds_folder_is_what_write_seeds_writes(bundled, tmp_path):
    """The files in seeds/ are in the layout's normal form: rewriting them changes nothing."""
    write_seeds(bundled, tmp_path)
    for name in ("statements.csv", "actors.csv", "proposals.csv"):
        assert (tmp_path / name).read_bytes() == (BUNDLED_DATA / name).read_bytes(), name


def test_role_of_the_day_survives_the_seeds_layout(bundled):
    trump = bundled.statements[bundled.statements["actor"] == "Donald Trump"]
    assert set(trump["role"]) == {"President-elect of the United States", "President of the United States"}
    actors = pd.read_csv(BUNDLED_DATA / "actors.csv", dtype=str).set_index("actor")
    assert actors.loc["Donald Trump", "role"] == "President of the United States"
