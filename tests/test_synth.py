"""Generated statements (valid, deterministic, varied) and the loading benchmark built on them."""

from __future__ import annotations

import argparse

import pandas as pd
import pytest

from stance import bench, cli
from stance.codebook import GOVERNMENT_TYPES
from stance.formats import table_to_csv, table_to_json
from stance.load import load_dataset
from stance.model import ALL_COLUMNS, to_interchange
from stance.synth import synthetic_statements


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    return synthetic_statements(3000, seed=7)


def test_generated_tables_pass_validation_and_load_unchanged(generated, tmp_path):
    assert list(generated.columns) == list(ALL_COLUMNS) and len(generated) == 3000
    assert all(dtype == "str" for dtype in generated.dtypes)
    (tmp_path / "g.csv").write_text(table_to_csv(generated), encoding="utf-8")
    (tmp_path / "g.json").write_text(table_to_json(generated), encoding="utf-8")
    for name in ("g.csv", "g.json"):
        loaded = to_interchange(load_dataset(tmp_path / name).statements)
        expected = generated.sort_values(["date", "country", "actor", "id"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(loaded, expected)


def test_the_same_seed_gives_the_same_table():
    pd.testing.assert_frame_equal(synthetic_statements(500, seed=3), synthetic_statements(500, seed=3))
    assert not synthetic_statements(500, seed=3).equals(synthetic_statements(500, seed=4))


def test_generated_content_varies_like_real_data(generated):
    s = generated
    days = pd.to_datetime(s["date"])
    assert (days[s["date_precision"] == "week"].dt.day_of_week == 0).all()
    assert (days[s["date_precision"] == "month"].dt.day == 1).all()
    assert set(s["date_precision"]) == {"day", "approx", "week", "month"}
    assert set(s["attribution"]) == {"on-record", "anonymous", "unverified"}
    assert (s.groupby("actor")["country"].nunique() == 1).all() and (s.groupby("actor")["role"].nunique() == 1).all()
    assert s["country"].nunique() <= 60 and s["proposal"].nunique() <= 20 and s["id"].is_unique
    assert s["quote"].str.len().min() < 60 < s["quote"].str.len().max()
    assert s["quote"].str.contains("\n").any() and s["quote"].str.startswith("-").any()
    # positions mostly persist and sometimes shift, per actor and proposal in date order
    ordered = s.sort_values(["actor", "proposal", "date", "id"])
    same_pair = ordered[["actor", "proposal"]].eq(ordered[["actor", "proposal"]].shift()).all(axis=1)
    changed = ordered["position"] != ordered["position"].shift()
    assert 0.03 < (changed & same_pair).sum() / same_pair.sum() < 0.3


def test_generated_actors_have_types_capacities_and_offices_like_real_data(generated):
    s = generated
    assert (s.groupby("actor")["actor_type"].nunique() == 1).all()  # one type per actor
    assert (s.groupby("actor")["left_office"].nunique() == 1).all()  # one day of leaving office, or none
    shares = s["actor_type"].value_counts(normalize=True)
    assert shares[list(GOVERNMENT_TYPES)].sum() > 0.5  # mostly government voices
    assert {"opposition", "former", "anonymous", "legislator"} <= set(shares.index)
    assert (s.loc[s["actor"].str.startswith("Anonymous"), "actor_type"] == "anonymous").all()
    left = s[s["left_office"] != ""]
    assert 0 < left["actor"].nunique() < 0.2 * s["actor"].nunique()  # a few left office
    assert set(left["actor_type"]) <= set(GOVERNMENT_TYPES)
    # after leaving office they speak as former office holders, and only then
    after = pd.to_datetime(left["date"]) > pd.to_datetime(left["left_office"])
    assert (left.loc[after, "capacity"] == "former").all() and after.any()
    assert set(s["capacity"]) == {"", "former", "other"} and (s["capacity"] != "").mean() < 0.1
    assert (s.loc[s["capacity"] == "former", "left_office"] != "").all()


def test_sizes_and_counts_are_as_asked():
    table = synthetic_statements(200, actors=5, countries=3, proposals=2, seed=1)
    assert len(table) == 200 and table["actor"].nunique() <= 5
    assert table["country"].nunique() <= 3 and table["proposal"].nunique() <= 2
    assert len(synthetic_statements(0)) == 0
    with pytest.raises(ValueError):
        synthetic_statements(10, countries=1000)


def test_benchmark_sizes_are_whole_numbers():
    assert bench.statement_counts("100_000, 1000000") == (100000, 1000000)
    for bad in ("", "10,x", "0", "-5"):
        with pytest.raises(argparse.ArgumentTypeError):
            bench.statement_counts(bad)


def test_benchmark_table_says_whether_targets_are_met():
    timings = [
        bench.LoadTiming(100_000, "csv", 30.0, 0.5, 0.2, 0.3, 190, 400),
        bench.LoadTiming(1_000_000, "csv", 300.0, 10.0, 3.0, 4.0, 190, 2000),
        bench.LoadTiming(100_000, "json", 50.0, 1.0, 0.2, 0.3, 190, 500),
    ]
    rows = bench.load_table(timings).splitlines()
    assert rows[1].split()[:8] == ["100,000", "csv", "30.0", "0.50", "0.20", "0.30", "1.00", "190"]
    assert rows[1].endswith("met (under 1.5 s)") and rows[2].endswith("MISSED (under 15 s)")
    assert rows[3].endswith("-")


def test_benchmark_command_times_loading_generated_files(capsys):
    assert cli.main(["benchmark", "--load", "300"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [r.split()[:2] for r in rows[1:3]] == [["300", "csv"], ["300", "json"]]
    for row in rows[1:3]:
        read, validate, build, total = map(float, row.split()[3:7])
        assert 0 < total and abs(read + validate + build - total) < 0.02
