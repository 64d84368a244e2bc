"""The country rule, standing, staleness and net shifts, on hand-made cases (README: "A country's position")."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from stance import positions
from stance.codebook import ACTOR_TYPE_BY_KEY, ACTOR_TYPES

from conftest import ROOT, make_dataset, statement

PL_HEAD = {"actor": "Piotr Kowal", "actor_type": "head", "country": "PL"}
PL_MINISTER = {"actor": "Marta Zielinska", "actor_type": "minister", "country": "PL"}
PL_PRESIDENT = {"actor": "Adam Nowak", "actor_type": "head", "country": "PL"}
PL_OFFICIAL = {"actor": "Jan Spokesman", "actor_type": "official", "country": "PL"}


def poland(*rows: dict, as_of: str | None = None, **options) -> pd.Series:
    """Poland's standing row, from statements numbered in the order given."""
    built = [statement(id=f"s{i}", **row) for i, row in enumerate(rows, start=1)]
    table = positions.standing(
        make_dataset(*built).statements, "country", as_of and date.fromisoformat(as_of), **options
    )
    return table.set_index("key").loc["PL"]


def test_a_senior_office_outranks_a_junior_one_even_when_the_junior_spoke_later():
    row = poland(
        {**PL_HEAD, "date": "2025-01-10", "position": "denied"},
        {**PL_MINISTER, "date": "2025-03-01", "position": "support"},
    )
    assert (row["position"], row["actor"], row["id"], row["split"]) == ("denied", "Piotr Kowal", "s1", False)


def test_a_minister_decides_when_no_head_has_spoken_and_an_official_is_outranked():
    row = poland(
        {**PL_OFFICIAL, "date": "2025-01-10", "position": "opposed"},
        {**PL_MINISTER, "date": "2025-01-05", "position": "hesitant"},
    )
    assert (row["position"], row["actor"], row["capacity"]) == ("hesitant", "Marta Zielinska", "minister")


def test_on_record_outranks_anonymous_and_unverified_even_from_a_junior():
    row = poland(
        {**PL_HEAD, "date": "2025-03-01", "position": "support", "attribution": "anonymous"},
        {**PL_MINISTER, "date": "2025-01-05", "position": "denied"},
    )
    assert (row["position"], row["actor"], row["anonymous_only"]) == ("denied", "Marta Zielinska", False)


def test_an_actor_stands_by_its_latest_on_record_statement_not_a_later_rumour():
    row = poland(
        {**PL_HEAD, "date": "2025-01-05", "position": "denied"},
        {**PL_HEAD, "date": "2025-03-01", "position": "support", "attribution": "unverified"},
    )
    assert (row["position"], row["id"]) == ("denied", "s1")


def test_only_anonymous_government_voices_decide_and_say_so():
    row = poland({**PL_HEAD, "date": "2025-03-01", "position": "support", "attribution": "anonymous"})
    assert (row["position"], row["anonymous_only"]) == ("support", True)


def test_government_actors_of_the_same_rank_who_disagree_split_the_country_keeping_both_positions():
    row = poland(
        {**PL_HEAD, "date": "2025-01-05", "position": "denied"},
        {**PL_PRESIDENT, "date": "2025-02-05", "position": "support"},
    )
    assert (row["position"], row["positions"], row["split"]) == ("split", "support~denied", True)
    assert row["actor"] == "Adam Nowak; Piotr Kowal"  # latest first within the rank
    assert (row["id"], row["last_heard"]) == ("s2", pd.Timestamp("2025-02-05"))


@pytest.mark.parametrize("kind", ["opposition", "former", "anonymous", "legislator", "other"])
def test_voices_outside_government_never_decide_and_stay_visible_beside(kind):
    row = poland({"actor": "Someone", "actor_type": kind, "country": "PL", "date": "2025-01-05", "position": "support"})
    assert (row["position"], row["no_government"], row["positions"], row["anonymous_only"]) == ("none", True, "", False)
    assert pd.isna(row["since"]) and pd.isna(row["last_heard"])
    assert "Someone support" in row["beside"]


def test_beside_counts_several_voices_of_one_kind():
    row = poland(
        {**PL_HEAD, "date": "2025-01-05", "position": "support"},
        *[
            {"actor": f"Former {i}", "actor_type": "former", "country": "PL", "date": "2025-01-06", "position": p}
            for i, p in enumerate(["support", "support", "opposed"])
        ],
    )
    assert row["position"] == "support"
    assert row["beside"] == "3 former office holders: 2 support, 1 opposed"


def test_a_capacity_overrides_the_actors_type_for_one_statement():
    # President-elect: not yet the government; the same actor in office decides.
    elect = {**PL_HEAD, "capacity": "other", "date": "2025-01-05", "position": "support"}
    assert poland(elect)["position"] == "none"
    row = poland(elect, {**PL_HEAD, "date": "2025-02-05", "position": "hesitant"})
    assert (row["position"], row["since"]) == ("hesitant", pd.Timestamp("2025-02-05"))


def test_an_actor_who_left_office_stops_deciding_on_that_day_and_moves_beside_as_former():
    rows = (
        {**PL_HEAD, "left_office": "2025-05-06", "date": "2025-01-05", "position": "denied"},
        {**PL_MINISTER, "date": "2025-02-05", "position": "support"},
    )
    before = poland(*rows, as_of="2025-05-05")
    assert (before["position"], before["actor"]) == ("denied", "Piotr Kowal")
    after = poland(*rows, as_of="2025-05-06")
    assert (after["position"], after["actor"], after["since"]) == (
        "support",
        "Marta Zielinska",
        pd.Timestamp("2025-05-06"),
    )
    assert after["beside"] == "former office holder: Piotr Kowal denied"


def test_a_government_that_left_with_no_successor_statement_leaves_no_government_position():
    row = poland(
        {**PL_HEAD, "left_office": "2025-03-01", "date": "2025-01-05", "position": "denied"}, as_of="2025-04-01"
    )
    assert (row["position"], row["no_government"]) == ("none", True)


def test_institutions_are_decided_by_their_own_leaders_and_government_types_do_not():
    ds = make_dataset(
        statement(id="e1", actor="EU Chief", actor_type="institution", country="EU", position="support"),
        statement(id="e2", actor="EU Minister", actor_type="minister", country="EU", position="opposed"),
        statement(id="n1", actor="Sneaky", actor_type="institution", country="PL", position="opposed"),
    )
    table = positions.standing(ds.statements).set_index("key")
    assert (table.loc["EU", "position"], table.loc["EU", "actor"]) == ("support", "EU Chief")
    assert table.loc["PL", "position"] == "none"  # an institution's official does not speak for Poland


def test_since_is_the_first_day_of_the_current_position_and_restating_it_does_not_reset_it():
    row = poland(
        {**PL_HEAD, "date": "2025-01-05", "position": "hesitant"},
        {**PL_HEAD, "date": "2025-02-05", "position": "support"},
        {**PL_HEAD, "date": "2025-04-05", "position": "support"},
    )
    assert (row["since"], row["last_heard"], row["id"]) == (
        pd.Timestamp("2025-02-05"),
        pd.Timestamp("2025-04-05"),
        "s3",
    )


def test_as_of_ignores_later_statements():
    rows = (
        {**PL_HEAD, "date": "2025-01-05", "position": "hesitant"},
        {**PL_HEAD, "date": "2025-02-05", "position": "support"},
    )
    assert poland(*rows, as_of="2025-02-04")["position"] == "hesitant"
    assert poland(*rows, as_of="2025-02-05")["position"] == "support"


def test_stale_after_the_set_age_counted_in_months_back_from_as_of():
    row = {**PL_HEAD, "date": "2025-01-05", "position": "support"}
    assert not poland(row, as_of="2025-07-05")["stale"]  # exactly six months: still current
    assert poland(row, as_of="2025-07-06")["stale"]
    assert not poland(row, as_of="2025-07-06", stale_months=7)["stale"]


def test_the_standing_row_carries_the_statement_behind_it():
    row = poland({**PL_HEAD, "date": "2025-01-05", "position": "support", "quote": "Yes", "url": "https://x.org/a"})
    assert (row["quote"], row["source"], row["url"], row["attribution"], row["role"]) == (
        "Yes",
        "Outlet",
        "https://x.org/a",
        "on-record",
        "Prime Minister of Poland",
    )


def test_standing_by_actor_flags_ended_and_stale_and_anonymous():
    ds = make_dataset(
        statement(id="a", date="2025-01-05", position="hesitant", left_office="2025-03-01"),
        statement(id="b", date="2025-02-05", position="support", left_office="2025-03-01"),
        statement(id="c", date="2025-02-06", actor="Whisper", actor_type="anonymous", attribution="anonymous"),
    )
    table = positions.standing(ds.statements, "actor", date(2025, 4, 1)).set_index("key")
    tusk = table.loc["Donald Tusk"]
    assert (tusk["position"], tusk["since"], tusk["ended"], tusk["stale"]) == (
        "support",
        pd.Timestamp("2025-02-05"),
        True,
        True,
    )
    whisper = table.loc["Whisper"]
    assert (whisper["anonymous_only"], whisper["ended"], whisper["stale"]) == (True, False, False)
    assert list(table.columns) == [c for c in positions.STANDING_COLUMNS if c != "key"]


def test_standing_is_sorted_by_position_then_name_with_split_and_none_last():
    ds = make_dataset(
        statement(id="1", actor="A", country="GB", position="opposed"),
        statement(id="2", actor="B", country="FR", position="support"),
        statement(id="3", actor="C", country="DE", position="support"),
        statement(id="4", actor="D", country="IT", actor_type="former"),
        statement(id="5", actor="E", country="ES", position="support"),
        statement(id="6", actor="F", country="ES", position="denied"),
    )
    assert list(positions.standing(ds.statements)["key"]) == ["FR", "DE", "GB", "ES", "IT"]


def test_standing_of_the_sample(sample):
    table = positions.standing(sample.statements).set_index("key")
    # France: Martin's unverified support of 1 Apr does not outrank her on-record hesitation of 18 Feb;
    # her on-record support of 12 May does.
    assert (table.loc["FR", "position"], table.loc["FR", "since"]) == ("support", pd.Timestamp("2025-05-12"))
    # Poland: Prime Minister Kowal (denied) outranks Minister Zielinska (support)
    assert (table.loc["PL", "position"], table.loc["PL", "since"]) == ("denied", pd.Timestamp("2025-01-20"))
    # Germany: the anonymous official stays beside Chancellor Weber
    assert table.loc["DE", "position"] == "opposed"
    assert table.loc["DE", "beside"] == "anonymous source: Anonymous German official denied"
    assert (table.loc["GB", "position"], table.loc["IT", "position"], table.loc["EU", "position"]) == (
        "support",
        "denied",
        "support",
    )
    january = positions.standing(sample.statements, as_of=date(2025, 1, 15)).set_index("key")
    assert (january.loc["GB", "position"], january.loc["GB", "anonymous_only"]) == ("hesitant", True)


def test_country_positions_at_several_days(sample):
    days = pd.DatetimeIndex(["2025-01-31", "2025-04-30"])
    cells = positions.country_positions_at(sample.statements, days).set_index(["country", "day"])
    assert cells.loc[("FR", days[0]), "position"] == "hesitant"
    assert cells.loc[("FR", days[1]), "position"] == "hesitant"  # the April rumour does not count
    assert ("DE", days[0]) not in cells.index  # Germany had not spoken by January's end
    assert cells.loc[("GB", days[1]), "since"] == pd.Timestamp("2025-03-10")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("hesitant", "support", positions.TOWARDS),
        ("opposed", "denied", positions.TOWARDS),  # denying one's own part is closer to support
        ("support", "denied", positions.AWAY),
        ("hesitant", "opposed", positions.AWAY),
        ("support", "support", positions.UNCHANGED),
        ("none", "support", positions.NEW),
        ("split", "support", positions.CHANGED),
        ("support", "split", positions.CHANGED),
        ("split", "split", positions.UNCHANGED),
        ("none", "split", positions.CHANGED),
    ],
)
def test_direction_of_a_move(before, after, expected):
    assert positions.direction(before, after) == expected


def test_net_shifts_compare_the_day_before_since_with_as_of_one_row_each(sample):
    net = positions.net_shifts(sample.statements, date(2025, 3, 1), by="actor").set_index("key")
    martin = net.loc["Claire Martin"]  # hesitant on 18 Feb, support by 12 May: steps in between do not count
    assert (martin["from_position"], martin["to_position"], martin["direction"]) == (
        "hesitant",
        "support",
        "towards support",
    )
    assert (martin["from_id"], martin["to_id"]) == ("fr-03", "fr-05")
    assert net.loc["Giulia Conti", "direction"] == "away from support"  # hesitant then, denied now
    assert net.loc["Eva Lindqvist", "direction"] == "unchanged"
    assert net.loc["Anonymous German official", ["from_position", "direction"]].tolist() == ["none", "new"]
    assert len(net) == 9 and net.index.is_unique


def test_net_shifts_by_country_use_the_country_rule(sample):
    net = positions.net_shifts(sample.statements, date(2025, 3, 1)).set_index("key")
    assert net.loc["GB", ["from_position", "to_position", "direction"]].tolist() == [
        "hesitant",
        "support",
        "towards support",
    ]
    assert net.loc["PL", "direction"] == "unchanged"  # the minister moved, the prime minister did not
    assert list(net["direction"]) == sorted(net["direction"], key=positions.DIRECTIONS.index)


def test_empty_statements_give_empty_frames_with_the_documented_columns(sample):
    empty = sample.statements.iloc[:0]
    assert list(positions.standing(empty).columns) == positions.STANDING_COLUMNS
    assert list(positions.net_shifts(empty, date(2025, 1, 1)).columns) == positions.NET_SHIFT_COLUMNS


def test_the_readme_lists_every_actor_type_and_which_decide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cells = [[c.strip() for c in line.split("|")[1:-1]] for line in readme.splitlines() if line.startswith("| `")]
    table = {row[0].strip("`"): row[1:] for row in cells if len(row) == 3 and row[0].strip("`") in ACTOR_TYPE_BY_KEY}
    assert list(table) == [a.key for a in ACTOR_TYPES]
    for actor_type in ACTOR_TYPES:
        label, decides = table[actor_type.key]
        assert label == actor_type.label
        assert decides.startswith("yes") == actor_type.government


def test_an_opposition_leader_who_left_office_is_ended_and_listed_as_former():
    ds = make_dataset(
        statement(id="a", date="2025-01-05", position="support"),
        statement(id="b", date="2025-02-05", actor="Leader", actor_type="opposition", left_office="2025-03-01"),
    )
    actor = positions.standing(ds.statements, "actor", date(2025, 3, 1)).set_index("key").loc["Leader"]
    assert (actor["ended"], actor["stale"]) == (True, True)
    assert positions.standing(ds.statements, as_of=date(2025, 3, 1)).loc[0, "beside"] == (
        "former office holder: Leader denied"
    )
    before = positions.standing(ds.statements, as_of=date(2025, 2, 28)).loc[0, "beside"]
    assert before == "opposition: Leader denied"


def test_an_actor_deciding_now_is_not_also_listed_beside_for_earlier_words():
    row = poland(
        {**PL_HEAD, "capacity": "other", "date": "2025-01-05", "position": "support"},
        {**PL_HEAD, "date": "2025-02-05", "position": "hesitant"},
    )
    assert (row["position"], row["beside"]) == ("hesitant", "")


def test_net_shifts_without_since_compare_each_first_position_with_the_latest(sample):
    net = positions.net_shifts(sample.statements, None, by="actor").set_index("key")
    assert net.loc["Giulia Conti", ["from_position", "to_position", "from_id"]].tolist() == [
        "hesitant",
        "denied",
        "it-01",
    ]
    countries = positions.net_shifts(sample.statements, None).set_index("key")
    assert countries.loc["GB", ["from_position", "to_position", "direction"]].tolist() == [
        "hesitant",
        "support",
        "towards support",
    ]
    assert countries.loc["GB", "to_actor"] == "Alex Morgan"


def test_net_shifts_keep_the_positions_of_a_split_government():
    ds = make_dataset(
        statement(id="a", date="2025-01-05", position="denied"),
        statement(id="b", date="2025-02-05", actor="Adam Nowak", position="support"),
    )
    row = positions.net_shifts(ds.statements, date(2025, 2, 1)).iloc[0]
    assert (row["from_position"], row["to_position"], row["to_positions"], row["direction"]) == (
        "denied",
        "split",
        "support~denied",
        "changed",
    )


def test_standing_sorts_by_name_or_by_last_heard_latest_first():
    ds = make_dataset(
        statement(id="1", date="2025-03-05", actor="A", country="GB", position="opposed"),
        statement(id="2", date="2025-01-05", actor="B", country="FR", position="support"),
        statement(id="3", date="2025-02-05", actor="C", country="DE", position="support"),
        statement(id="4", actor="D", country="IT", actor_type="former"),
    )
    by = {sort: list(positions.standing(ds.statements, sort=sort)["key"]) for sort in positions.SORTS}
    assert by == {
        "position": ["FR", "DE", "GB", "IT"],
        "name": ["FR", "DE", "IT", "GB"],  # France, Germany, Italy, United Kingdom
        "last_heard": ["GB", "DE", "FR", "IT"],  # no government statement: last
    }


def test_net_shifts_then_is_the_day_before_since_and_now_is_as_of():
    ds = make_dataset(
        statement(id="a", date="2025-02-16", position="opposed"),
        statement(id="b", date="2025-02-17", position="hesitant"),
        statement(id="c", date="2025-03-01", position="support"),
    )
    on_the_day = positions.net_shifts(ds.statements, date(2025, 2, 17), date(2025, 2, 28)).iloc[0]
    assert on_the_day[["from_position", "to_position", "from_id", "to_id"]].tolist() == [
        "opposed",
        "hesitant",
        "a",
        "b",
    ]
    day_after = positions.net_shifts(ds.statements, date(2025, 2, 18)).iloc[0]  # as of the cut-off, 1 Mar
    assert day_after[["from_position", "to_position", "from_id", "to_id"]].tolist() == ["hesitant", "support", "b", "c"]
    assert day_after["to_date"] == pd.Timestamp("2025-03-01") and day_after["from_date"] == pd.Timestamp("2025-02-17")


def test_by_actor_rows_say_what_the_actor_said_and_flag_nothing_of_countries():
    ds = make_dataset(statement(id="a", date="2025-01-05", position="hesitant", left_office="2025-09-01"))
    row = positions.standing(ds.statements, "actor", date(2025, 7, 5)).iloc[0]
    assert row[["key", "name", "positions", "last_heard", "beside"]].tolist() == [
        "Donald Tusk",
        "Donald Tusk",
        "hesitant",
        pd.Timestamp("2025-01-05"),
        "",
    ]
    assert not any(row[["split", "no_government", "ended", "stale"]])  # leaves office later; six months exactly
    assert positions.standing(ds.statements, "actor", date(2025, 7, 6)).iloc[0]["stale"]


def test_country_rows_are_never_ended_and_a_row_without_government_has_no_since_nor_anonymity():
    rows = (
        {**PL_HEAD, "left_office": "2025-03-01", "date": "2025-01-05", "attribution": "anonymous"},
        {"actor": "Whisper", "actor_type": "anonymous", "country": "PL", "date": "2025-01-06"},
    )
    before, after = poland(*rows, as_of="2025-02-01"), poland(*rows, as_of="2025-04-01")
    assert (before["anonymous_only"], before["ended"]) == (True, False)
    assert (after["position"], after["anonymous_only"], after["ended"], after["id"], after["actor"]) == (
        "none",
        False,
        False,
        "",
        "",
    )
    assert pd.isna(after["since"]) and pd.isna(after["last_heard"])


def test_actors_of_one_rank_are_listed_latest_first_whatever_their_ids():
    ds = make_dataset(
        statement(id="z9", date="2025-01-05", position="denied", **PL_HEAD),
        statement(id="a1", date="2025-02-05", position="support", **PL_PRESIDENT),
    )
    row = positions.standing(ds.statements).iloc[0]
    assert row["actor"] == "Adam Nowak; Piotr Kowal" and row["id"] == "a1"


def test_voices_beside_are_grouped_by_type_in_codebook_order():
    ds = make_dataset(
        statement(id="1", actor="Whisper", actor_type="anonymous", position="hesitant"),
        statement(id="2", actor="Ex", actor_type="former", position="support"),
        statement(id="3", actor="Leader", actor_type="opposition", position="opposed"),
    )
    beside = positions.voices_beside(ds.statements)
    assert list(beside["type"]) == ["opposition", "former", "anonymous"]
    assert positions.standing(ds.statements).loc[0, "beside"] == (
        "opposition: Leader opposed; former office holder: Ex support; anonymous source: Whisper hesitant"
    )
    assert list(positions.voices_beside(ds.statements.iloc[:0]).columns) == list(beside.columns)


def test_voices_beside_on_several_days_are_each_day_s_voices_beside(sample):
    ds = make_dataset(
        statement(id="1", actor="Whisper", actor_type="anonymous", position="hesitant", date="2025-01-10"),
        statement(id="2", actor="Ex", actor_type="head", left_office="2025-03-01", date="2025-01-20"),
        statement(id="3", actor="Leader", actor_type="opposition", position="opposed", date="2025-02-10"),
        statement(id="4", actor="Whisper", actor_type="anonymous", position="support", date="2025-04-10"),
    )
    days = [pd.Timestamp(d) for d in ("2024-12-31", "2025-01-15", "2025-02-15", "2025-03-15", "2025-05-01")]

    def each_day(together):
        assert list(together["day"]) == sorted(together["day"])
        return [together.loc[together["day"] == k].drop(columns="day").reset_index(drop=True) for k in range(len(days))]

    for statements in (ds.statements, sample.statements):
        each = [positions.voices_beside(statements, day) for day in days]
        together = each_day(positions.voices_beside_on(statements, days))
        for one, other in zip(each, together, strict=True):
            pd.testing.assert_frame_equal(one.reset_index(drop=True), other, check_dtype=False)
    # Ex speaks for the government until 1 Mar 2025, then as a former office holder.
    assert [list(frame["actor"]) for frame in each_day(positions.voices_beside_on(ds.statements, days))] == [
        [],
        ["Whisper"],
        ["Leader", "Whisper"],
        ["Leader", "Ex", "Whisper"],
        ["Leader", "Ex", "Whisper"],
    ]
    assert positions.voices_beside_on(ds.statements.iloc[:0], days[:2]).empty


def test_stood_by_on_several_days_is_each_day_s_stood_by(sample):
    ds = make_dataset(
        statement(id="a", date="2025-01-05", position="denied"),
        statement(id="b", date="2025-02-05", position="support", attribution="unverified"),
        statement(id="c", date="2025-02-06", actor="Whisper", attribution="anonymous", position="hesitant"),
        statement(id="d", date="2025-03-05", position="opposed"),
        statement(id="e", date="2025-03-05", position="support", proposal="q"),
    )
    days = [pd.Timestamp(d) for d in ("2025-01-01", "2025-01-05", "2025-02-28", "2025-03-05", "2026-01-01")]
    for statements in (ds.statements, sample.statements):
        together = positions.stood_by_on(statements, days)
        for k, day in enumerate(days):
            one = positions.stood_by(statements, day)
            on_day = together.loc[together["day"] == k]
            assert list(on_day["id"]) == list(one["id"]), day
    ids = positions.stood_by_on(ds.statements, days).groupby("day")["id"].apply(list).to_dict()
    assert ids == {1: ["a"], 2: ["a", "c"], 3: ["d", "e", "c"], 4: ["d", "e", "c"]}  # nothing said by 1 Jan
    assert positions.stood_by_on(ds.statements.iloc[:0], days).empty


def test_sorting_by_name_ignores_case_and_keeps_proposals_in_order():
    ds = make_dataset(
        statement(id="1", actor="zed", country="GB", proposal="q"),
        statement(id="2", actor="Amy", country="GB", proposal="p"),
        statement(id="3", actor="bob", country="FR", proposal="p"),
    )
    by_name = positions.standing(ds.statements, "actor", sort="name")
    assert list(zip(by_name["name"], by_name["proposal"], strict=True)) == [("Amy", "p"), ("bob", "p"), ("zed", "q")]
    same_day = positions.standing(ds.statements, "actor", sort="last_heard")
    assert list(same_day["name"]) == ["Amy", "bob", "zed"]  # one day: by name
    countries = positions.standing(ds.statements, sort="name")
    assert list(zip(countries["key"], countries["proposal"], strict=True)) == [("FR", "p"), ("GB", "p"), ("GB", "q")]


def test_the_rule_on_days_before_anyone_spoke_gives_no_rows():
    ds = make_dataset(statement(id="1", date="2025-03-01"))
    assert positions.country_positions_at(ds.statements, pd.DatetimeIndex(["2025-02-01"])).empty
    assert list(positions.country_positions_at(ds.statements, pd.DatetimeIndex([])).columns) == [
        *positions.HISTORY_COLUMNS,
        "since",
    ]


def test_net_shifts_leave_out_rows_with_no_government_then_or_now():
    ds = make_dataset(
        statement(id="1", date="2025-01-05", actor="Leader", actor_type="opposition", country="GB"),
        statement(id="2", date="2025-02-05"),
    )
    assert list(positions.net_shifts(ds.statements, date(2025, 2, 1))["key"]) == ["PL"]


def test_by_actor_rows_give_the_capacity_the_actor_spoke_in():
    ds = make_dataset(
        statement(id="1", date="2025-01-05", capacity="other"),
        statement(id="2", date="2025-01-06", actor="Healey", actor_type="minister", country="GB"),
    )
    table = positions.standing(ds.statements, "actor").set_index("key")
    assert table.loc["Donald Tusk", "capacity"] == "other" and table.loc["Healey", "capacity"] == "minister"


def test_sorting_by_position_keeps_one_countrys_proposals_in_order():
    ds = make_dataset(
        statement(id="1", proposal="q"),
        statement(id="2", proposal="p"),
    )
    assert list(positions.standing(ds.statements)["proposal"]) == ["p", "q"]


def test_stood_by_is_each_actors_latest_on_record_statement_else_its_latest():
    ds = make_dataset(
        statement(id="a", date="2025-01-05", position="denied"),
        statement(id="b", date="2025-02-05", position="support", attribution="unverified"),
        statement(id="c", date="2025-02-06", actor="Whisper", attribution="anonymous", position="hesitant"),
        statement(id="d", date="2025-03-05", position="opposed"),
    )
    stood = positions.stood_by(ds.statements, pd.Timestamp("2025-02-28"))
    assert stood.loc[("Donald Tusk", "p"), "id"] == "a"  # the later rumour does not replace it
    assert stood.loc[("Whisper", "p"), "id"] == "c"  # nothing on the record: its latest
    assert positions.stood_by(ds.statements, pd.Timestamp("2025-03-05")).loc[("Donald Tusk", "p"), "id"] == "d"
