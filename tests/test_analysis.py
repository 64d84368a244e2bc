"""Shifts, matrices and balance: the numbers every chart is drawn from."""
from __future__ import annotations

from datetime import date

import pandas as pd

from stance import analysis
from conftest import make_dataset, statement


def timeline(*steps):
    """Statements of one actor: (id, date, position) triples."""
    return make_dataset(*(statement(id=i, date=d, position=p) for i, d, p in steps)).statements


def test_shift_records_from_to_dates_days_and_both_sources():
    s = make_dataset(
        statement(id="a", date="2025-01-10", position="hesitant", quote="q1", source="S1", url="https://a.org/1"),
        statement(id="b", date="2025-02-09", position="hesitant", quote="q2"),
        statement(id="c", date="2025-03-01", position="support", quote="q3", source="S3", url="https://a.org/3"),
    ).statements
    out = analysis.shifts(s)
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["from_position"], row["to_position"]) == ("hesitant", "support")
    assert (row["from_id"], row["to_id"], row["days"]) == ("b", "c", 20)
    assert (row["from_quote"], row["to_quote"], row["to_source"], row["to_url"]) == ("q2", "q3", "S3", "https://a.org/3")


def test_shifts_are_per_actor_and_proposal():
    s = make_dataset(
        statement(id="a", date="2025-01-10", position="support"),
        statement(id="b", date="2025-01-11", actor="Keir Starmer", country="GB", position="opposed"),
        statement(id="c", date="2025-01-12", position="support", proposal="other"),
        statement(id="d", date="2025-01-13", position="opposed", proposal="other"),
    ).statements
    out = analysis.shifts(s)
    assert list(zip(out["actor"], out["proposal"])) == [("Donald Tusk", "other")]


def test_since_keeps_shifts_stated_on_or_after_the_date(bundled):
    everything = analysis.shifts(bundled.statements)
    after_paris = analysis.shifts(bundled.statements, since=date(2025, 2, 17))
    assert 0 < len(after_paris) < len(everything)
    assert (after_paris["to_date"] >= pd.Timestamp("2025-02-17")).all()
    merz = after_paris[after_paris["actor"] == "Friedrich Merz"].iloc[0]
    assert (merz["from_position"], merz["to_position"], merz["to_date"]) == ("hesitant", "support", pd.Timestamp("2025-12-16"))


def test_bundled_shifts_include_the_seed_article_zelensky_move(bundled):
    out = analysis.shifts(bundled.statements)
    zelensky = out[out["actor"] == "Volodymyr Zelensky"].iloc[0]
    assert (zelensky["from_position"], zelensky["to_position"], zelensky["to_id"]) == ("hesitant", "support", "rt-04")


def test_actor_matrix_carries_positions_forward():
    s = timeline(("a", "2025-01-05", "hesitant"), ("b", "2025-01-20", "opposed"), ("c", "2025-04-02", "support"))
    m = analysis.actor_matrix(s, "month").set_index("period")
    assert list(m.index.strftime("%Y-%m")) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert list(m["position"]) == ["opposed", "opposed", "opposed", "support"]  # latest in the month wins
    assert list(m["carried"]) == [False, True, True, False]
    assert list(m["statements"]) == [2, 0, 0, 1]
    assert m.loc["2025-03-01", "id"] == "b"


def test_matrix_periods_week_and_quarter_and_range():
    s = timeline(("a", "2025-01-08", "hesitant"), ("b", "2025-01-20", "support"))
    weeks = analysis.actor_matrix(s, "week")
    assert list(weeks["period"].dt.strftime("%Y-%m-%d")) == ["2025-01-06", "2025-01-13", "2025-01-20"]  # Mondays
    quarters = analysis.actor_matrix(s, "quarter", end=date(2025, 6, 30))
    assert list(quarters["period"].dt.strftime("%Y-%m")) == ["2025-01", "2025-04"]
    assert list(quarters["carried"]) == [False, True]
    assert analysis.period_label(pd.Timestamp("2025-04-01"), "quarter") == "Q2 2025"


def test_actor_matrix_starts_at_each_actors_first_statement():
    s = make_dataset(statement(id="a", date="2025-01-05"),
                     statement(id="b", date="2025-03-05", actor="Keir Starmer", country="GB", position="support")).statements
    m = analysis.actor_matrix(s, "month")
    assert len(m[m["actor"] == "Keir Starmer"]) == 1 and len(m[m["actor"] == "Donald Tusk"]) == 3


def test_country_matrix_counts_actors_and_flags_mixed():
    s = make_dataset(
        statement(id="a", date="2025-01-05", actor="A", country="DE", position="support"),
        statement(id="b", date="2025-01-06", actor="B", country="DE", position="hesitant"),
        statement(id="c", date="2025-02-06", actor="C", country="DE", position="hesitant"),
    ).statements
    m = analysis.country_matrix(s, "month").set_index("period")
    jan, feb = m.loc["2025-01-01"], m.loc["2025-02-01"]
    assert (jan["position"], jan["support"], jan["hesitant"], jan["carried"]) == ("mixed", 1, 1, False)
    assert (feb["position"], feb["hesitant"], feb["actors"], feb["statements"]) == ("hesitant", 2, 3, 1)


def test_balance_counts_actors_and_countries_per_position_with_zeros():
    s = make_dataset(
        statement(id="a", date="2025-01-05", actor="A", country="DE", position="support"),
        statement(id="b", date="2025-01-06", actor="B", country="DE", position="support"),
        statement(id="c", date="2025-02-06", actor="A", country="DE", position="opposed"),
    ).statements
    b = analysis.balance(s, "month").set_index(["period", "position"])
    assert (b.loc[("2025-01-01", "support"), "actors"], b.loc[("2025-01-01", "support"), "countries"]) == (2, 1)
    assert b.loc[("2025-02-01", "support"), "actors"] == 1 and b.loc[("2025-02-01", "opposed"), "actors"] == 1
    assert b.loc[("2025-02-01", "denied"), "actors"] == 0
    assert len(b) == 2 * 4


def test_bundled_balance_counts_every_actor_once_per_period(bundled):
    b = analysis.balance(bundled.statements, "month")
    last = b[b["period"] == b["period"].max()]
    assert last["actors"].sum() == bundled.statements["actor"].nunique()


def test_proposal_matrix_latest_position_per_proposal():
    s = make_dataset(statement(id="a", date="2025-01-05", position="support"),
                     statement(id="b", date="2025-02-05", position="opposed"),
                     statement(id="c", date="2025-01-05", proposal="q", position="denied")).statements
    m = analysis.proposal_matrix(s).set_index("proposal")
    assert m.loc["p", "position"] == "opposed" and m.loc["q", "position"] == "denied"


def test_actor_lanes_are_grouped_by_country(bundled):
    lanes = analysis.actors(bundled.statements)
    assert list(lanes["country"]) == sorted(lanes["country"])
    assert lanes["actor"].is_unique and len(lanes) == 61


def test_empty_input_gives_empty_tables():
    empty = make_dataset(statement()).statements.iloc[0:0]
    for result in (analysis.shifts(empty), analysis.actor_matrix(empty), analysis.country_matrix(empty),
                   analysis.balance(empty), analysis.proposal_matrix(empty), analysis.actors(empty)):
        assert result.empty
