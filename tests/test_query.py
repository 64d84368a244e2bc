"""Filters, their description in words, and their URL form."""
from __future__ import annotations

from datetime import date

from stance.chart import ChartSpec, spec_from_params
from stance.query import Filters, filters_from_params, filters_to_params

PROPOSALS = ["eu-peacekeepers-ukraine"]


def test_country_filter_keeps_only_that_country(bundled):
    shown = Filters(countries=("PL",)).apply(bundled.statements)
    assert set(shown["country"]) == {"PL"}
    assert "Donald Tusk" in set(shown["actor"]) and len(shown) == 7


def test_filters_combine(bundled):
    f = Filters(countries=("GB", "FR"), positions=("support",), attributions=("on-record",),
                date_from=date(2025, 2, 1), date_to=date(2025, 3, 31))
    shown = f.apply(bundled.statements)
    assert len(shown) > 0
    assert set(shown["country"]) <= {"GB", "FR"} and set(shown["position"]) == {"support"}
    assert shown["date"].between("2025-02-01", "2025-03-31").all()
    assert (shown["attribution"] == "on-record").all()


def test_actor_search_matches_name_or_role_case_insensitively(bundled):
    assert set(Filters(actor="tusk").apply(bundled.statements)["actor"]) == {"Donald Tusk"}
    by_role = Filters(actor="kremlin").apply(bundled.statements)
    assert set(by_role["actor"]) == {"Dmitry Peskov"}


def test_describe_states_the_scope_in_words():
    f = Filters(countries=("PL", "GB"), proposals=("eu-peacekeepers-ukraine",), positions=("support",),
                date_from=date(2025, 2, 1))
    text = f.describe({"eu-peacekeepers-ukraine": "European peacekeepers"})
    assert text == "European peacekeepers · Poland and United Kingdom · 1 Feb 2025 to latest · Support positions only"
    assert Filters().describe() == "All countries"


def test_url_round_trip_restores_the_view():
    spec = ChartSpec("matrix", Filters(countries=("PL", "GB"), positions=("denied",), date_from=date(2025, 1, 1),
                                        actor="tusk"), period="quarter", since=date(2025, 2, 17), title="My title")
    params = spec.to_params()
    assert params["country"] == "PL~GB" and params["period"] == "quarter"
    again, notices = spec_from_params(params, PROPOSALS)
    assert again == spec and notices == []


def test_defaults_are_left_out_of_the_url():
    assert ChartSpec().to_params() == {}
    assert ChartSpec("shifts").to_params() == {"chart": "shifts"}
    assert filters_to_params(Filters()) == {}


def test_link_with_a_country_code_in_any_case_or_repeated():
    assert filters_from_params({"country": "pl"}, PROPOSALS)[0].countries == ("PL",)
    assert filters_from_params({"country": ["PL", "GB"]}, PROPOSALS)[0].countries == ("PL", "GB")


def test_bad_url_values_are_dropped_with_a_notice():
    spec, notices = spec_from_params({"country": "PL~UK", "from": "notadate", "position": "suport",
                                      "chart": "pie", "proposal": "nope"}, PROPOSALS)
    assert spec.filters.countries == ("PL",) and spec.filters.date_from is None and spec.kind == "timeline"
    text = "\n".join(notices)
    assert "country='UK'" in text and "did you mean 'GB'?" in text
    assert "from='notadate'" in text and "YYYY-MM-DD" in text
    assert "position='suport'" in text and "chart='pie'" in text and "proposal='nope'" in text


def test_reversed_date_range_drops_the_end_with_a_notice():
    filters, notices = filters_from_params({"from": "2025-05-01", "to": "2025-01-01"}, PROPOSALS)
    assert filters.date_from == date(2025, 5, 1) and filters.date_to is None
    assert "before from=2025-05-01" in notices[0]
