"""Shifts, matrices and balance: the numbers every chart is drawn from.

Expected values come from the rows: built in the test, or the frozen sample whose rows and
derived facts are listed in tests/fixtures/README.md.
"""

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
    assert (row["from_quote"], row["to_quote"], row["to_source"], row["to_url"]) == (
        "q2",
        "q3",
        "S3",
        "https://a.org/3",
    )


def test_shifts_are_per_actor_and_proposal():
    s = make_dataset(
        statement(id="a", date="2025-01-10", position="support"),
        statement(id="b", date="2025-01-11", actor="Keir Starmer", country="GB", position="opposed"),
        statement(id="c", date="2025-01-12", position="support", proposal="other"),
        statement(id="d", date="2025-01-13", position="opposed", proposal="other"),
    ).statements
    out = analysis.shifts(s)
    assert list(zip(out["actor"], out["proposal"], strict=True)) == [("Donald Tusk", "other")]


def test_statements_on_another_proposal_in_between_are_not_shifts(two_proposals):
    # Martin: grain hesitant, air support, grain opposed; Kowal: air denied, grain support, air denied.
    out = analysis.shifts(two_proposals.statements)
    assert len(out) == 1
    move = out.iloc[0]
    assert (move["actor"], move["proposal"], move["from_id"], move["to_id"], move["days"]) == (
        "Claire Martin",
        "grain-escort",
        "g1",
        "g3",
        49,
    )


def test_every_change_of_position_in_the_sample_is_a_shift_and_repeats_are_not(sample):
    out = analysis.shifts(sample.statements)
    # seven moves, ordered by the date of the new position
    assert list(out["to_id"]) == ["fr-02", "fr-03", "gb-04", "it-02", "fr-04", "pl-04", "it-03"]
    assert list(out["from_id"]) == ["fr-01", "fr-02", "gb-03", "it-01", "fr-03", "pl-02", "it-02"]
    assert list(out["days"]) == [39, 4, 35, 113, 42, 77, 70]
    assert list(out.columns) == analysis.SHIFT_COLUMNS and out.index.tolist() == list(range(7))
    conti = out.iloc[6]
    assert (conti["actor"], conti["country"], conti["proposal"], conti["from_position"], conti["to_position"]) == (
        "Giulia Conti",
        "IT",
        "air-shield",
        "support",
        "denied",
    )
    assert (conti["from_date"], conti["to_date"]) == (pd.Timestamp("2025-03-24"), pd.Timestamp("2025-06-02"))
    assert (conti["from_quote"], conti["to_quote"]) == (
        "Italy will take part",
        "Italian pilots will not fly these missions",
    )
    assert (conti["from_source"], conti["from_url"]) == (
        "Il Foglio Example",
        "https://it.example.org/2025/03/27/conti-yes",
    )
    assert (conti["from_precision"], conti["to_precision"]) == ("week", "day")
    assert out.iloc[5]["role"] == "Foreign Minister of Poland"  # Zielinska's role when she moved
    earlier = out.iloc[3]  # Conti's first move: from an unverified rumour dated to the month
    assert (earlier["from_attribution"], earlier["to_attribution"], earlier["from_precision"]) == (
        "unverified",
        "on-record",
        "month",
    )


def test_since_keeps_shifts_stated_on_or_after_the_date(sample):
    after = analysis.shifts(sample.statements, since=date(2025, 2, 18))
    assert list(after["to_id"]) == ["fr-03", "gb-04", "it-02", "fr-04", "pl-04", "it-03"]  # fr-03: on the day
    assert after.index.tolist() == list(range(6))
    assert after.iloc[0]["from_date"] == pd.Timestamp("2025-02-14")  # the earlier position may be older
    assert list(analysis.shifts(sample.statements, since=date(2025, 2, 19))["to_id"])[:1] == ["gb-04"]
    assert analysis.shifts(sample.statements, since=date(2025, 6, 3)).empty


def test_shifts_on_one_day_are_ordered_by_country_then_actor():
    s = make_dataset(
        statement(id="a1", date="2025-01-01", actor="Zed", country="DE", position="support"),
        statement(id="b1", date="2025-01-01", actor="Amy", country="FR", position="support"),
        statement(id="c1", date="2025-01-01", actor="Bob", country="DE", position="support"),
        statement(id="a2", date="2025-02-01", actor="Zed", country="DE", position="opposed"),
        statement(id="b2", date="2025-02-01", actor="Amy", country="FR", position="opposed"),
        statement(id="c2", date="2025-02-01", actor="Bob", country="DE", position="opposed"),
    ).statements
    assert list(analysis.shifts(s)["actor"]) == ["Bob", "Zed", "Amy"]


def test_actor_matrix_carries_positions_forward():
    s = timeline(("a", "2025-01-05", "hesitant"), ("b", "2025-01-20", "opposed"), ("c", "2025-04-02", "support"))
    m = analysis.actor_matrix(s, "month").set_index("period")
    assert list(m.index.strftime("%Y-%m")) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert list(m["position"]) == ["opposed", "opposed", "opposed", "support"]  # latest in the month wins
    assert list(m["carried"]) == [False, True, True, False]
    assert list(m["statements"]) == [2, 0, 0, 1]
    assert m.loc["2025-03-01", "id"] == "b"


def test_actor_matrix_of_the_sample_for_the_actor_with_most_statements(sample):
    m = analysis.actor_matrix(sample.statements, "month")
    assert list(m.columns) == analysis.MATRIX_COLUMNS
    martin = m[m["actor"] == "Claire Martin"]
    # Jan fr-01; Feb fr-02 then fr-03 (the later wins); Mar carried; Apr fr-04; May fr-05; Jun carried
    assert list(martin["period"].dt.strftime("%Y-%m")) == [f"2025-{month:02}" for month in range(1, 7)]
    assert list(martin["position"]) == ["hesitant", "hesitant", "hesitant", "support", "support", "support"]
    assert list(martin["id"]) == ["fr-01", "fr-03", "fr-03", "fr-04", "fr-05", "fr-05"]
    assert list(martin["statements"]) == [1, 2, 0, 1, 1, 0] and martin["statements"].dtype == "int64"
    assert list(martin["carried"]) == [False, False, True, False, False, True]
    assert list(martin["date"].dt.strftime("%m-%d")) == ["01-06", "02-18", "02-18", "04-01", "05-12", "05-12"]
    assert set(martin["country"]) == {"FR"} and set(martin["proposal"]) == {"air-shield"}
    # rows by country, then actor; each actor from its first month on (Conti from Dec 2024: 7 months)
    assert list(dict.fromkeys(m["country"])) == ["DE", "EU", "FR", "GB", "IT", "PL"]
    assert m.groupby("actor").size().to_dict() == {
        "Alex Morgan": 6,
        "Anonymous German official": 4,
        "Anonymous Whitehall source": 6,
        "Claire Martin": 6,
        "Eva Lindqvist": 5,
        "Giulia Conti": 7,
        "Jonas Weber": 5,
        "Marta Zielinska": 6,
        "Piotr Kowal": 6,
    }
    assert list(m.loc[m["country"] == "DE", "actor"].drop_duplicates()) == ["Anonymous German official", "Jonas Weber"]


def test_matrix_periods_week_and_quarter_and_range():
    s = timeline(("a", "2025-01-08", "hesitant"), ("b", "2025-01-20", "support"))
    weeks = analysis.actor_matrix(s, "week")
    assert list(weeks["period"].dt.strftime("%Y-%m-%d")) == ["2025-01-06", "2025-01-13", "2025-01-20"]  # Mondays
    quarters = analysis.actor_matrix(s, "quarter", end=date(2025, 6, 30))
    assert list(quarters["period"].dt.strftime("%Y-%m")) == ["2025-01", "2025-04"]
    assert list(quarters["carried"]) == [False, True]
    assert analysis.period_label(pd.Timestamp("2025-04-01"), "quarter") == "Q2 2025"


def test_matrix_range_start_and_end_cut_or_extend_the_grid():
    s = timeline(("a", "2025-02-10", "hesitant"), ("b", "2025-04-20", "support"))
    wide = analysis.actor_matrix(s, "month", start=date(2025, 1, 1), end=date(2025, 6, 30))
    # no cell before the first statement, carried cells up to the end
    assert list(wide["period"].dt.strftime("%Y-%m")) == ["2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    narrow = analysis.actor_matrix(s, "month", end=date(2025, 3, 31))
    assert list(narrow["period"].dt.strftime("%Y-%m")) == ["2025-02", "2025-03"]
    assert list(narrow["position"]) == ["hesitant", "hesitant"]
    late_start = analysis.actor_matrix(s, "month", start=date(2025, 4, 1))
    # a period the actor spoke in stays, even before an explicit start
    assert list(late_start["period"].dt.strftime("%Y-%m")) == ["2025-02", "2025-04"]
    on_a_period_start = analysis.actor_matrix(s, "month", end=date(2025, 3, 1))  # March starts on the end day
    assert list(on_a_period_start["period"].dt.strftime("%Y-%m")) == ["2025-02", "2025-03"]


def test_month_is_the_default_period(sample):
    s = sample.statements
    assert analysis.actor_matrix(s).equals(analysis.actor_matrix(s, "month"))
    assert analysis.country_matrix(s).equals(analysis.country_matrix(s, "month"))
    assert analysis.balance(s).equals(analysis.balance(s, "month"))


def test_country_matrix_and_balance_take_the_period_range(sample):
    s = sample.statements
    italy = analysis.country_matrix(s, "month", start=date(2025, 4, 1)).query("country == 'IT'")
    assert list(italy["period"].dt.strftime("%Y-%m")) == ["2025-04", "2025-05", "2025-06"]
    assert list(italy["position"]) == ["support", "support", "denied"]
    until_march = analysis.country_matrix(s, "month", end=date(2025, 3, 1))
    assert until_march["period"].max() == pd.Timestamp("2025-03-01")
    assert list(analysis.balance(s, "month", end=date(2025, 3, 31)).groupby("period")["count"].sum()) == [1, 6, 8, 9]
    from_april = analysis.balance(s, "month", start=date(2025, 4, 1)).groupby("period")["count"].sum()
    assert list(from_april) == [1, 5, 4, 4, 9, 9, 9]  # before April, only the actors who spoke that month


def test_period_starts_and_labels():
    days = pd.Series(pd.to_datetime(["2025-01-05", "2025-01-06", "2025-03-31", "2024-12-01"]))
    assert list(analysis.period_starts(days, "week").dt.strftime("%Y-%m-%d")) == [
        "2024-12-30",
        "2025-01-06",
        "2025-03-31",
        "2024-11-25",
    ]  # Monday to Sunday weeks
    assert list(analysis.period_starts(days, "month").dt.strftime("%Y-%m-%d")) == [
        "2025-01-01",
        "2025-01-01",
        "2025-03-01",
        "2024-12-01",
    ]
    assert list(analysis.period_starts(days, "quarter").dt.strftime("%Y-%m-%d")) == [
        "2025-01-01",
        "2025-01-01",
        "2025-01-01",
        "2024-10-01",
    ]
    assert analysis.period_label(pd.Timestamp("2025-01-06"), "week") == "6 Jan 2025"
    assert analysis.period_label(pd.Timestamp("2025-03-01"), "month") == "Mar 2025"
    assert [analysis.period_label(pd.Timestamp(f"2025-{m:02}-01"), "quarter") for m in (1, 3, 4, 7, 10, 12)] == [
        "Q1 2025",
        "Q1 2025",
        "Q2 2025",
        "Q3 2025",
        "Q4 2025",
        "Q4 2025",
    ]
    grid = analysis.period_range(pd.Timestamp("2024-12-15"), pd.Timestamp("2025-02-01"), "month")
    assert list(grid.strftime("%Y-%m-%d")) == ["2024-12-01", "2025-01-01", "2025-02-01"]


def test_actor_matrix_starts_at_each_actors_first_statement():
    s = make_dataset(
        statement(id="a", date="2025-01-05"),
        statement(id="b", date="2025-03-05", actor="Keir Starmer", country="GB", position="support"),
    ).statements
    m = analysis.actor_matrix(s, "month")
    assert len(m[m["actor"] == "Keir Starmer"]) == 1 and len(m[m["actor"] == "Donald Tusk"]) == 3


def test_country_matrix_follows_the_country_rule_not_a_head_count():
    s = make_dataset(
        statement(id="a", date="2025-01-05", actor="A", country="DE", position="support"),
        statement(id="b", date="2025-01-06", actor="B", country="DE", actor_type="former", position="hesitant"),
        statement(id="c", date="2025-01-07", actor="C", country="DE", actor_type="former", position="hesitant"),
        statement(id="d", date="2025-02-06", actor="D", country="DE", position="opposed"),
    ).statements
    m = analysis.country_matrix(s, "month").set_index("period")
    jan, feb = m.loc["2025-01-01"], m.loc["2025-02-01"]
    # Two former office holders do not outvote the head of government
    assert (jan["position"], jan["carried"], jan["statements"], jan["since"]) == (
        "support",
        False,
        3,
        pd.Timestamp("2025-01-05"),
    )
    # Two heads who disagree split the country; both positions kept
    assert (feb["position"], feb["positions"], feb["actor"]) == ("split", "support~opposed", "D; A")


def test_country_matrix_of_the_sample(sample):
    m = analysis.country_matrix(sample.statements, "month")
    cell = m.set_index(["country", "period"])
    # Britain in January: Prime Minister Morgan, reported by anonymous sources; the Whitehall source never decides
    gb_jan = cell.loc[("GB", pd.Timestamp("2025-01-01"))]
    assert (gb_jan["position"], gb_jan["anonymous_only"], gb_jan["statements"]) == ("hesitant", True, 2)
    assert cell.loc[("GB", pd.Timestamp("2025-03-01")), "position"] == "support"
    # Germany in April: nobody spoke; Chancellor Weber's opposition is carried forward
    de_apr = cell.loc[("DE", pd.Timestamp("2025-04-01"))]
    assert (de_apr["position"], de_apr["carried"], de_apr["statements"]) == ("opposed", True, 0)
    # France in April: Martin's unverified support does not outrank her on-record hesitation
    fr_apr = cell.loc[("FR", pd.Timestamp("2025-04-01"))]
    assert (fr_apr["position"], fr_apr["carried"], fr_apr["statements"]) == ("hesitant", True, 1)
    assert cell.loc[("PL", pd.Timestamp("2025-05-01")), "position"] == "denied"  # the PM outranks the minister
    assert cell.loc[("EU", pd.Timestamp("2025-06-01")), "position"] == "support"
    assert cell.loc[("IT", pd.Timestamp("2024-12-01")), "position"] == "hesitant"
    assert list(m["country"].drop_duplicates()) == ["DE", "EU", "FR", "GB", "IT", "PL"]
    assert len(m) == 5 + 5 + 6 + 6 + 7 + 6  # months from each country's first statement
    assert int(m["statements"].sum()) == 21
    assert list(m.columns) == analysis.COUNTRY_MATRIX_COLUMNS


def test_balance_counts_actors_per_position_with_zeros_and_shares():
    s = make_dataset(
        statement(id="a", date="2025-01-05", actor="A", country="DE", position="support"),
        statement(id="b", date="2025-01-06", actor="B", country="DE", position="support"),
        statement(id="c", date="2025-02-06", actor="A", country="DE", position="opposed"),
        statement(id="d", date="2025-02-07", actor="E", country="FR", position="opposed"),
    ).statements
    b = analysis.balance(s, "month").set_index(["period", "position"])
    assert b.loc[("2025-01-01", "support"), ["count", "total", "share"]].tolist() == [2, 2, 100.0]
    feb = b.loc["2025-02-01"]
    assert feb["count"].tolist() == [1, 0, 2, 0] and feb["total"].tolist() == [3] * 4
    assert feb["share"].round(1).tolist() == [33.3, 0.0, 66.7, 0.0]
    assert len(b) == 2 * 4


def test_balance_by_country_counts_each_country_once_by_its_government():
    s = make_dataset(
        statement(id="a", date="2025-01-05", actor="A", country="DE", position="support"),
        statement(id="b", date="2025-01-06", actor="B", country="DE", position="opposed"),
        statement(id="c", date="2025-01-07", actor="C", country="FR", position="support"),
        statement(id="d", date="2025-01-08", actor="D", country="FR", actor_type="minister", position="opposed"),
        statement(id="e", date="2025-01-09", actor="E", country="GB", actor_type="opposition", position="opposed"),
    ).statements
    b = analysis.balance(s, "month", by="country").set_index("position")
    assert list(b.index) == ["support", "hesitant", "opposed", "denied", "split"]
    assert b["count"].tolist() == [1, 0, 0, 0, 1]  # France by its head; Germany split; Britain has no government voice
    assert b["total"].tolist() == [2] * 5 and b.loc["split", "share"] == 50.0


def test_balance_of_the_sample_counts_every_actor_once_per_period(sample):
    b = analysis.balance(sample.statements, "month")
    assert list(b.columns) == ["period", "position", "count", "total", "share"]
    per_month = b.groupby("period")["count"].sum()
    # actors who had spoken by then: Conti; +Martin, Morgan, Whitehall, Kowal, Zielinska; +Lindqvist, Weber; +official
    assert list(per_month) == [1, 6, 8, 9, 9, 9, 9]
    june = b[b["period"] == pd.Timestamp("2025-06-01")].set_index("position")
    assert list(june.index) == ["support", "hesitant", "opposed", "denied"]
    assert list(june["count"]) == [4, 1, 1, 3]
    by_country = analysis.balance(sample.statements, "month", by="country")
    june = by_country[by_country["period"] == pd.Timestamp("2025-06-01")].set_index("position")
    assert list(june["count"]) == [3, 0, 1, 2, 0]  # EU FR GB | - | DE | IT PL | -
    assert june.loc["support", "share"] == 50.0
    quarters = analysis.balance(sample.statements, "quarter")
    assert list(quarters["period"].drop_duplicates().dt.strftime("%Y-%m")) == ["2024-10", "2025-01", "2025-04"]


def test_proposal_matrix_latest_position_per_proposal():
    s = make_dataset(
        statement(id="a", date="2025-01-05", position="support"),
        statement(id="b", date="2025-02-05", position="opposed"),
        statement(id="c", date="2025-01-05", proposal="q", position="denied"),
    ).statements
    m = analysis.proposal_matrix(s).set_index("proposal")
    assert m.loc["p", "position"] == "opposed" and m.loc["q", "position"] == "denied"
    columns = ["actor", "proposal", "country", "position", "id", "date", "statements"]  # no index column
    assert list(analysis.proposal_matrix(s).columns) == columns
    assert list(analysis.proposal_matrix(s.iloc[:0]).columns) == columns  # the same when empty


def test_proposal_matrix_of_two_proposals(two_proposals):
    m = analysis.proposal_matrix(two_proposals.statements)
    assert list(zip(m["country"], m["actor"], m["proposal"], m["position"], m["id"], m["statements"], strict=True)) == [
        ("FR", "Claire Martin", "air-shield", "support", "a2", 1),
        ("FR", "Claire Martin", "grain-escort", "opposed", "g3", 2),
        ("PL", "Piotr Kowal", "air-shield", "denied", "a3", 2),
        ("PL", "Piotr Kowal", "grain-escort", "support", "g2", 1),
    ]
    assert list(m["date"].dt.strftime("%Y-%m-%d")) == ["2025-02-14", "2025-03-03", "2025-04-07", "2025-02-10"]


def test_actor_lanes_are_grouped_by_country(sample):
    lanes = analysis.actors(sample.statements)
    assert list(lanes["actor"]) == [
        "Jonas Weber",
        "Anonymous German official",
        "Eva Lindqvist",
        "Claire Martin",
        "Alex Morgan",
        "Anonymous Whitehall source",
        "Giulia Conti",
        "Piotr Kowal",
        "Marta Zielinska",
    ]
    assert list(lanes.columns) == ["actor", "country", "role", "statements", "first", "last"]
    lane = lanes.set_index("actor")
    assert lane.loc["Marta Zielinska", "role"] == "Foreign Minister of Poland"  # the latest role
    assert lane.loc["Anonymous German official", "role"] == ""
    assert list(lanes["statements"]) == [2, 1, 2, 5, 3, 1, 3, 2, 2]
    assert (lane.loc["Claire Martin", "first"], lane.loc["Claire Martin", "last"]) == (
        pd.Timestamp("2025-01-06"),
        pd.Timestamp("2025-05-12"),
    )


def test_ordered_breaks_ties_within_a_day_by_id(sample):
    assert list(analysis.ordered(sample.statements)["id"])[2:4] == ["gb-01", "gb-02"]
    same_day = make_dataset(statement(id="a", position="opposed"), statement(id="b", position="support")).statements
    same_day = same_day.iloc[::-1]  # b before a
    assert list(analysis.ordered(same_day)["id"]) == ["a", "b"]
    assert analysis.shifts(same_day).iloc[0][["from_id", "to_id"]].tolist() == ["a", "b"]


def test_empty_input_gives_empty_tables_with_their_columns():
    empty = make_dataset(statement()).statements.iloc[0:0]
    columns = {
        "shifts": analysis.SHIFT_COLUMNS,
        "actor_matrix": analysis.MATRIX_COLUMNS,
        "country_matrix": analysis.COUNTRY_MATRIX_COLUMNS,
        "balance": ["period", "position", "count", "total", "share"],
        "proposal_matrix": ["actor", "proposal", "country", "position", "id", "date", "statements"],
        "actors": ["actor", "country", "role", "statements", "first", "last"],
    }
    for name, expected in columns.items():
        result = getattr(analysis, name)(empty)
        assert result.empty and list(result.columns) == expected, name


def test_a_government_statement_on_a_periods_first_day_is_not_carried():
    s = make_dataset(
        statement(id="a", date="2025-01-15", position="hesitant"),
        statement(id="b", date="2025-03-01", position="support"),
    ).statements
    m = analysis.country_matrix(s, "month").set_index("period")
    assert m["carried"].tolist() == [False, True, False]  # Jan spoke, Feb carried, 1 Mar spoke
    assert m["statements"].tolist() == [1, 0, 1]


def test_balance_by_country_takes_the_period_range_and_shares_of_few_or_none():
    s = make_dataset(
        statement(id="a", date="2025-01-05", position="support"),
        statement(id="b", date="2025-03-05", actor="Leader", actor_type="opposition", country="GB"),
    ).statements
    b = analysis.balance(s, "month", start=date(2025, 2, 1), end=date(2025, 3, 31), by="country")
    assert sorted(b["period"].dt.strftime("%Y-%m").unique()) == ["2025-02", "2025-03"]
    support = b[b["position"] == "support"].set_index("period")
    assert support["count"].tolist() == [1, 1] and support["total"].tolist() == [1, 1]
    assert support["share"].tolist() == [100.0, 100.0]  # Poland alone; Britain has no government voice
    nobody = analysis.balance(
        make_dataset(statement(id="c", actor="Leader", actor_type="opposition", country="GB")).statements,
        by="country",
    )
    assert nobody["share"].tolist() == [0.0] * len(nobody) and nobody["total"].tolist() == [0] * len(nobody)


def test_shift_counts_count_each_actors_changes_of_position_on_every_proposal():
    ds = make_dataset(
        statement(id="a1", date="2025-01-01", actor="A", proposal="p", position="support"),
        statement(id="a2", date="2025-02-01", actor="A", proposal="q", position="opposed"),  # another proposal
        statement(id="a3", date="2025-03-01", actor="A", proposal="p", position="hesitant"),  # p: support -> hesitant
        statement(id="a4", date="2025-04-01", actor="A", proposal="q", position="support"),  # q: opposed -> support
        statement(id="a5", date="2025-05-01", actor="A", proposal="p", position="hesitant"),  # a repeat: no shift
        statement(id="b1", date="2025-01-01", actor="B", proposal="p", position="denied", country="FR"),
        statement(id="b2", date="2025-01-01", actor="B", proposal="p", position="opposed", country="FR"),  # same day
        statement(id="c1", date="2025-01-01", actor="C", proposal="p", position="support", country="DE"),
    )
    counts = analysis.shift_counts(ds.statements)
    assert counts.to_dict() == {"A": 2, "B": 1, "C": 0}
    assert list(counts.index) == ["A", "B", "C"] and counts.name == "shifts"
    assert (
        counts.to_dict()
        == analysis.shifts(ds.statements)["actor"].value_counts().reindex(counts.index, fill_value=0).to_dict()
    )
    assert analysis.shift_counts(ds.statements.iloc[:0]).empty
