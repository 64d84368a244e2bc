"""Filters, their description in words, and their URL form."""

from __future__ import annotations

from datetime import date

from stance.chart import ChartSpec, spec_from_params
from stance.query import (
    GOVERNMENT_ONLY,
    NO_ANONYMOUS,
    Filters,
    filters_from_params,
    filters_to_params,
    join_words,
)

from conftest import make_dataset, statement

PROPOSALS = ["eu-peacekeepers-ukraine"]


def ids(frame) -> list[str]:
    return list(frame["id"])


def test_country_filter_keeps_only_that_country(sample):
    shown = Filters(countries=("PL",)).apply(sample.statements)
    assert ids(shown) == ["pl-01", "pl-02", "pl-03", "pl-04"]
    assert ids(Filters(countries=("PL", "EU")).apply(sample.statements)) == [
        "pl-01",
        "pl-02",
        "eu-01",
        "eu-02",
        "pl-03",
        "pl-04",
    ]


def test_filters_combine(sample):
    f = Filters(
        countries=("GB", "FR"),
        positions=("support",),
        attributions=("on-record",),
        date_from=date(2025, 2, 1),
        date_to=date(2025, 4, 30),
    )
    # each filter drops something: eu-01 (country), gb-03 (position), fr-04 (unverified), fr-05 (May)
    assert ids(f.apply(sample.statements)) == ["fr-02", "gb-04"]


def test_date_range_keeps_both_end_days(sample):
    shown = Filters(date_from=date(2025, 2, 14), date_to=date(2025, 2, 17)).apply(sample.statements)
    assert ids(shown) == ["fr-02", "de-01", "eu-02"]
    assert ids(Filters(date_to=date(2024, 12, 1)).apply(sample.statements)) == ["it-01"]
    assert ids(Filters(date_from=date(2025, 6, 2)).apply(sample.statements)) == ["it-03"]


def test_proposal_position_and_attribution_filters(sample, two_proposals):
    assert ids(Filters(proposals=("grain-escort",)).apply(two_proposals.statements)) == ["g1", "g2", "g3"]
    assert ids(Filters(positions=("opposed", "denied")).apply(sample.statements)) == [
        "pl-01",
        "de-01",
        "de-02",
        "pl-03",
        "de-03",
        "it-03",
    ]
    assert ids(Filters(attributions=("anonymous",)).apply(sample.statements)) == ["gb-01", "gb-02", "de-02"]
    assert Filters().apply(sample.statements).equals(sample.statements)


def test_actor_search_matches_name_or_role_case_insensitively(sample):
    assert set(Filters(actor="MARTIN").apply(sample.statements)["actor"]) == {"Claire Martin"}
    assert set(Filters(actor="chancellor").apply(sample.statements)["actor"]) == {"Jonas Weber"}
    # the role of the day: Zielinska spoke as Defence Minister before she was Foreign Minister
    assert ids(Filters(actor="foreign minister").apply(sample.statements)) == ["pl-04"]
    assert ids(Filters(actor="  whitehall ").apply(sample.statements)) == ["gb-02"]  # surrounding spaces ignored
    assert Filters(actor="(").apply(sample.statements).empty  # literal text, not a pattern
    assert len(Filters(actor="   ").apply(sample.statements)) == 21


def test_actor_search_narrows_the_other_filters(sample):
    # "minister" matches Morgan (GB) and Conti (IT) too; the country filter still holds
    assert ids(Filters(countries=("PL",), actor="minister").apply(sample.statements)) == [
        "pl-01",
        "pl-02",
        "pl-03",
        "pl-04",
    ]


def test_describe_states_the_scope_in_words():
    f = Filters(
        countries=("PL", "GB"),
        proposals=("eu-peacekeepers-ukraine",),
        positions=("support",),
        date_from=date(2025, 2, 1),
    )
    text = f.describe({"eu-peacekeepers-ukraine": "European peacekeepers"})
    assert text == "European peacekeepers · Poland and United Kingdom · 1 Feb 2025 to latest · Support positions only"
    assert Filters().describe() == "All countries"


def test_describe_names_every_filter_set():
    f = Filters(
        proposals=("air-shield", "untitled"),
        countries=("PL", "GB", "EU"),
        positions=("denied", "opposed"),
        attributions=("anonymous", "unverified"),
        date_to=date(2025, 3, 1),
        actor=" minister ",
    )
    assert f.describe({"air-shield": "Air shield"}) == (
        "Air shield and untitled · Poland, United Kingdom and European Union · start to 1 Mar 2025 · "
        "Denied and Opposed positions only · anonymous and unverified statements only · actors matching 'minister'"
    )
    both = Filters(date_from=date(2025, 1, 6), date_to=date(2025, 1, 6)).describe()
    assert both == "All countries · 6 Jan 2025 to 6 Jan 2025"


def test_join_words_lists_at_most_six_then_counts_the_rest():
    words = ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert [join_words(words[:n]) for n in range(4)] == ["", "a", "a and b", "a, b and c"]
    assert join_words(words[:6]) == "a, b, c, d, e and f"
    assert join_words(words[:7]) == "a, b, c, d, e and 2 more"
    assert join_words(words) == "a, b, c, d, e and 3 more"


def test_url_round_trip_restores_the_view():
    spec = ChartSpec(
        "matrix",
        Filters(countries=("PL", "GB"), positions=("denied",), date_from=date(2025, 1, 1), actor="tusk"),
        period="quarter",
        since=date(2025, 2, 17),
        title="My title",
    )
    params = spec.to_params()
    assert params["country"] == "PL~GB" and params["period"] == "quarter"
    again, notices = spec_from_params(params, PROPOSALS)
    assert again == spec and notices == []


def test_every_filter_round_trips_through_the_url():
    f = Filters(
        countries=("PL", "EU"),
        proposals=("air-shield", "grain-escort"),
        positions=("hesitant", "denied"),
        attributions=("anonymous", "unverified"),
        date_from=date(2025, 1, 6),
        date_to=date(2025, 3, 1),
        actor="foreign minister",
    )
    params = filters_to_params(f)
    assert params == {
        "country": "PL~EU",
        "proposal": "air-shield~grain-escort",
        "position": "hesitant~denied",
        "attribution": "anonymous~unverified",
        "from": "2025-01-06",
        "to": "2025-03-01",
        "actor": "foreign minister",
    }
    assert filters_from_params(params, ["air-shield", "grain-escort"]) == (f, [])
    assert filters_from_params({}, PROPOSALS) == (Filters(), [])


def test_link_values_in_any_case_and_repeated_or_joined():
    filters, notices = filters_from_params(
        {"position": "Support~DENIED", "attribution": ["On-Record", "anonymous"], "actor": ["foreign", "minister"]},
        PROPOSALS,
    )
    assert notices == []
    assert filters.positions == ("support", "denied") and filters.attributions == ("on-record", "anonymous")
    assert filters.actor == "foreign minister"
    assert filters_from_params({"actor": "a~b"}, PROPOSALS)[0].actor == "a b"
    assert filters_from_params({"country": "PL~pl~PL"}, PROPOSALS)[0].countries == ("PL",)  # once each


def test_proposals_are_kept_as_given_when_the_data_has_none_to_check_against():
    assert filters_from_params({"proposal": "any~other"}) == (Filters(proposals=("any", "other")), [])
    assert filters_from_params({}) == (Filters(), [])


def test_a_one_day_range_is_kept():
    filters, notices = filters_from_params({"from": "2025-02-17", "to": "2025-02-17"}, PROPOSALS)
    assert (filters.date_from, filters.date_to, notices) == (date(2025, 2, 17), date(2025, 2, 17), [])
    filters, notices = filters_from_params({"to": "2025-02-17"}, PROPOSALS)
    assert (filters.date_from, filters.date_to, notices) == (None, date(2025, 2, 17), [])


def test_each_dropped_link_value_has_its_own_notice():
    _, notices = filters_from_params(
        {"position": "suport", "attribution": "anon", "proposal": "nope", "from": "2025-02-30", "to": "soon"}, PROPOSALS
    )
    assert notices == [
        "Ignored proposal='nope' in the link: no such proposal in this dataset",
        "Ignored position='suport' in the link: not a position; use one of support, hesitant, opposed, denied",
        "Ignored attribution='anon' in the link: not an attribution; use one of on-record, anonymous, unverified",
        "Ignored from='2025-02-30' in the link: '2025-02-30' is not a real calendar date",
        "Ignored to='soon' in the link: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16",
    ]


def test_defaults_are_left_out_of_the_url():
    assert ChartSpec().to_params() == {}
    assert ChartSpec("shifts").to_params() == {"chart": "shifts"}
    assert filters_to_params(Filters()) == {}


def test_link_with_a_country_code_in_any_case_or_repeated():
    assert filters_from_params({"country": "pl"}, PROPOSALS)[0].countries == ("PL",)
    assert filters_from_params({"country": ["PL", "GB"]}, PROPOSALS)[0].countries == ("PL", "GB")


def test_bad_url_values_are_dropped_with_a_notice():
    spec, notices = spec_from_params(
        {"country": "PL~UK", "from": "notadate", "position": "suport", "chart": "pie", "proposal": "nope"}, PROPOSALS
    )
    assert spec.filters.countries == ("PL",) and spec.filters.date_from is None and spec.kind == "timeline"
    text = "\n".join(notices)
    assert "country='UK'" in text and "did you mean 'GB'?" in text
    assert "from='notadate'" in text and "YYYY-MM-DD" in text
    assert "position='suport'" in text and "chart='pie'" in text and "proposal='nope'" in text


def test_reversed_date_range_drops_the_end_with_a_notice():
    filters, notices = filters_from_params({"from": "2025-05-01", "to": "2025-01-01"}, PROPOSALS)
    assert filters.date_from == date(2025, 5, 1) and filters.date_to is None
    assert "before from=2025-05-01" in notices[0]


def test_link_dates_outside_1900_to_2100_are_dropped_with_a_notice():
    filters, notices = filters_from_params({"from": "0001-01-01", "to": "9999-12-31"}, PROPOSALS)
    assert filters.date_from is None and filters.date_to is None
    assert notices == [
        "Ignored from='0001-01-01' in the link: '0001-01-01' is outside 1900-2100; check the year",
        "Ignored to='9999-12-31' in the link: '9999-12-31' is outside 1900-2100; check the year",
    ]
    spec, notices = spec_from_params({"since": "2500-01-01"}, PROPOSALS)
    assert spec.since is None
    assert notices == ["Ignored since='2500-01-01' in the link: '2500-01-01' is outside 1900-2100; check the year"]


# ---------------------------------------------------------------- issue 8: actor types
def test_the_type_shortcuts_are_the_government_types_and_all_but_anonymous():
    assert GOVERNMENT_ONLY == ("head", "minister", "official")
    assert NO_ANONYMOUS == (
        "head",
        "minister",
        "official",
        "legislator",
        "opposition",
        "former",
        "institution",
        "other",
    )


def test_government_only_drops_anonymous_sources_and_institutions(sample):
    shown = Filters(actor_types=GOVERNMENT_ONLY).apply(sample.statements)
    dropped = set(sample.statements["id"]) - set(shown["id"])
    assert dropped == {"gb-02", "de-02", "eu-01", "eu-02"}  # two anonymous officials, the EU's representative
    assert ids(Filters(actor_types=("minister",)).apply(sample.statements)) == ["pl-02", "pl-04"]
    assert ids(Filters(actor_types=NO_ANONYMOUS).apply(sample.statements)) == [
        i for i in ids(sample.statements) if i not in ("gb-02", "de-02")
    ]


def test_the_type_filter_reads_the_capacity_of_each_statement():
    dataset = make_dataset(
        statement(id="elect", date="2025-01-16", actor="Donald Trump", country="US", capacity="other"),
        statement(id="president", date="2025-02-24", actor="Donald Trump", country="US"),
        statement(id="in-office", date="2025-02-17", actor="Olaf Scholz", country="DE", left_office="2025-05-06"),
        statement(
            id="after",
            date="2025-06-01",
            actor="Olaf Scholz",
            country="DE",
            left_office="2025-05-06",
            capacity="former",
        ),
    )
    assert ids(Filters(actor_types=GOVERNMENT_ONLY).apply(dataset.statements)) == ["in-office", "president"]
    assert ids(Filters(actor_types=("former", "other")).apply(dataset.statements)) == ["elect", "after"]


def test_describe_names_the_type_filter():
    assert Filters(actor_types=GOVERNMENT_ONLY).describe() == "All countries · government only"
    assert Filters(actor_types=("official", "head", "minister")).describe() == "All countries · government only"
    assert Filters(actor_types=NO_ANONYMOUS).describe() == "All countries · excluding anonymous sources"
    assert (
        Filters(countries=("PL",), actor_types=("minister", "opposition")).describe()
        == "Poland · Minister and Opposition only"
    )
    assert Filters(actor_types=("head", "minister")).describe() == (
        "All countries · Head of state or government and Minister only"
    )


def test_the_type_filter_round_trips_through_the_url():
    assert filters_to_params(Filters(actor_types=GOVERNMENT_ONLY)) == {"type": "government"}
    assert filters_from_params({"type": "government"}) == (Filters(actor_types=GOVERNMENT_ONLY), [])
    for types in (NO_ANONYMOUS, ("minister", "head"), ("anonymous",)):
        params = filters_to_params(Filters(actor_types=types))
        assert params == {"type": "~".join(types)}
        assert filters_from_params(params) == (Filters(actor_types=types), [])
    # any case; government expands where it stands; each type once
    assert filters_from_params({"type": "Former~GOVERNMENT~head"})[0].actor_types == (
        "former",
        "head",
        "minister",
        "official",
    )


def test_bad_type_values_are_dropped_with_a_notice():
    filters, notices = filters_from_params({"type": "head~president~govt"}, PROPOSALS)
    assert filters.actor_types == ("head",)
    reason = (
        "not an actor type; use one of head, minister, official, legislator, opposition, former, anonymous,"
        " institution, other, or government"
    )
    assert notices == [
        f"Ignored type='president' in the link: {reason}",
        f"Ignored type='govt' in the link: {reason}",
    ]
    spec, notices = spec_from_params({"type": "nobody", "chart": "matrix"}, PROPOSALS)
    assert spec.filters.actor_types == () and spec.kind == "matrix" and len(notices) == 1
