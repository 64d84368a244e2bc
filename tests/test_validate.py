"""The validation rules: each message, and the table checks' positions and order.

Tables are built here directly (a string DataFrame and row numbers), so these tests need no file.
"""

from __future__ import annotations

import random
import sys

import pandas as pd
import pytest

from stance import validate
from stance.model import ALL_COLUMNS
from stance.validate import (
    MAX_FIELD_CHARS,
    VALUE_CHECKS,
    WHITESPACE,
    check_actor_countries,
    check_actor_type,
    check_actor_types,
    check_attribution,
    check_cells,
    check_country,
    check_date,
    check_date_precision,
    check_header,
    check_id,
    check_known_actors,
    check_left_office,
    check_lengths,
    check_position,
    check_precision_date,
    check_proposal,
    check_unique,
    check_url,
    validate_interchange,
    validate_seeds,
)

from conftest import lines, statement, table


# ------------------------------------------------------------ one value
@pytest.mark.parametrize(
    "check, value, message",
    [
        (check_id, "a b", "'a b' is not a valid id: no spaces"),
        (check_id, "a\xa0b", "'a\xa0b' is not a valid id: no spaces"),
        (check_date, "16/01/2025", "'16/01/2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16"),
        (check_date, "2025-02-30", "'2025-02-30' is not a real calendar date"),
        (check_date, "0000-01-01", "'0000-01-01' is not a real calendar date"),
        (check_country, "UK", "'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)"),
        (check_country, "pl", "'pl' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'PL'?)"),
        (check_country, "Poland", "'Poland' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'PL'?)"),
        (check_country, "Polan", "'Polan' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'PL'?)"),
        (check_country, "XX", "'XX' is not an ISO 3166-1 alpha-2 code (or EU, NATO)"),
        (
            check_url,
            "www.example.org/page",
            "'www.example.org/page' is not a full link (did you mean 'https://www.example.org/page'?)",
        ),
        (
            check_url,
            "javascript:alert(1)",
            "'javascript:alert(1)' is not an http(s) link; give the source page's address or leave it empty",
        ),
        (
            check_url,
            "https://a.b c",
            "'https://a.b c' contains a space or control character; a link cannot hold it:"
            " percent-encode it or leave the url empty",
        ),
        (
            check_proposal,
            "EU peacekeepers",
            "'EU peacekeepers' is not a proposal id: lower case letters, digits and '-' "
            "(did you mean 'eu-peacekeepers'?)",
        ),
        (
            check_position,
            "suport",
            "'suport' is not a position; use one of support, hesitant, opposed, denied (did you mean 'support'?)",
        ),
        (check_position, "neutral", "'neutral' is not a position; use one of support, hesitant, opposed, denied"),
        (
            check_attribution,
            "anon",
            "'anon' is not an attribution; use one of on-record, anonymous, unverified (did you mean 'anonymous'?)",
        ),
        (
            check_actor_type,
            "Minister",
            "'Minister' is not an actor type; use one of head, minister, official, legislator, opposition, former,"
            " anonymous, institution, other (did you mean 'minister'?)",
        ),
        (
            check_actor_type,
            "president",
            "'president' is not an actor type; use one of head, minister, official, legislator, opposition, former,"
            " anonymous, institution, other",
        ),
        (
            check_date_precision,
            "days",
            "'days' is not a date precision; use one of day, approx, week, month (did you mean 'day'?)",
        ),
    ],
)
def test_each_rule_says_what_to_write_instead(check, value, message):
    assert check(value) == message


@pytest.mark.parametrize(
    "check, value",
    [
        (check_id, "s-001"),
        (check_date, "2024-02-29"),
        (check_country, "GB"),
        (check_country, "EU"),
        (check_country, "NATO"),
        (check_url, ""),
        (check_url, "https://example.org"),
        (check_url, "http://x.y/a"),
        (check_proposal, "eu-peacekeepers.2"),
        (check_position, "denied"),
        (check_attribution, "unverified"),
        (check_date_precision, "approx"),
        (check_actor_type, "head"),
        (check_actor_type, "anonymous"),
        (check_actor_type, "institution"),
    ],
)
def test_good_values_pass(check, value):
    assert check(value) is None


def test_week_dates_are_mondays_and_month_dates_firsts():
    assert check_precision_date("2025-01-15", "week") == (
        "with date_precision 'week' the date is the week's Monday (did you mean '2025-01-13'?)"
    )
    assert check_precision_date("2025-01-15", "month") == (
        "with date_precision 'month' the date is the 1st (did you mean '2025-01-01'?)"
    )
    assert check_precision_date("2025-01-13", "week") is None
    assert check_precision_date("2025-01-15", "day") is None


def test_whitespace_is_what_python_strips():
    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


# ------------------------------------------------------------ the header
def test_header_problems_hint_at_the_column_meant():
    columns = ("id", "date", "source")
    problems = check_header("h.csv", ["id", "outlet", "dtae", "xyz", "id"], columns, columns)
    assert lines(problems) == [
        "h.csv:1:outlet: unknown column (did you mean 'source'?)",
        "h.csv:1:dtae: unknown column (did you mean 'date'?)",
        "h.csv:1:xyz: unknown column; allowed columns: id, date, source",
        "h.csv:1:id: column appears twice",
        "h.csv:1:date: missing column",
        "h.csv:1:source: missing column",
    ]


# ------------------------------------------------------------ a table
def test_problems_come_row_by_row_in_column_order_then_the_period_date():
    rows = [
        statement(id="a", date="2025-01-15", date_precision="week", country="UK", quote=""),
        statement(id="b b", position="maybe"),
        statement(id="c"),
        statement(id="d", date="2025-01-15", date_precision="month", url="example.org"),
    ]
    assert lines(check_cells(table(rows, numbers=[2, 3, 5, 9]), {"quote"})) == [
        "t.csv:2:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)",
        "t.csv:2:quote: is empty; every statement needs one",
        "t.csv:2:date: with date_precision 'week' the date is the week's Monday (did you mean '2025-01-13'?)",
        "t.csv:3:id: 'b b' is not a valid id: no spaces",
        "t.csv:3:position: 'maybe' is not a position; use one of support, hesitant, opposed, denied",
        "t.csv:9:url: 'example.org' is not a full link (did you mean 'https://example.org'?)",
        "t.csv:9:date: with date_precision 'month' the date is the 1st (did you mean '2025-01-01'?)",
    ]


def test_column_order_follows_the_header():
    rows = [statement(position="maybe", country="UK")]
    columns = ["position"] + [c for c in ALL_COLUMNS if c != "position"]
    assert [p.column for p in check_cells(table(rows, columns), ())] == ["position", "country"]


def test_a_json_record_lists_its_problems_in_its_own_key_order():
    first = {"position": "maybe", "id": "a", "country": "UK"}
    second = {"id": "b", "country": "UK", "position": "maybe"}
    raw = table([first, second], columns=["position", "id", "country"], numbers=[1, 2], cell_order=[first, second])
    assert [(p.row, p.column) for p in check_cells(raw, ())] == [
        (1, "position"),
        (1, "country"),
        (2, "country"),
        (2, "position"),
    ]


def test_an_empty_value_is_missing_never_malformed():
    rows = [statement(country="", url="", notes="")]
    assert lines(check_cells(table(rows), {"country"})) == ["t.csv:2:country: is empty; every statement needs one"]
    assert check_cells(table(rows), ()) == []


def test_a_bad_date_gets_no_period_message():
    rows = [statement(date="2025-02-30", date_precision="week")]
    assert lines(check_cells(table(rows), ())) == ["t.csv:2:date: '2025-02-30' is not a real calendar date"]


@pytest.mark.parametrize("seed", range(5))
def test_column_at_a_time_equals_value_at_a_time(seed):
    """The vectorised checks report exactly what the rules report applied cell by cell."""
    rng = random.Random(seed)
    pools = {
        "id": ["a", "b c", "", "x\u3000y", "z"],
        "date": ["2025-01-13", "2025-01-15", "2025-02-30", "x", ""],
        "date_precision": ["day", "week", "month", "wk", ""],
        "country": ["PL", "UK", "", "pl"],
        "url": ["", "https://a.b/c", "a.b", "https://a b.c", "ftp://x"],
        "position": ["support", "for", ""],
        "actor_type": ["head", "minister", "Head", "", "president"],
        "capacity": ["", "former", "other", "ex"],
        "left_office": ["", "2025-05-06", "2025-02-30", "6 May 2025"],
    }
    rows = [{c: rng.choice(values) for c, values in pools.items()} for _ in range(200)]
    numbers = sorted(rng.sample(range(2, 1000), 200))
    expected = []
    for row, number in zip(rows, numbers, strict=True):  # the rule, one cell at a time
        for column, value in row.items():
            message = "is empty; every statement needs one" if value == "" else VALUE_CHECKS[column](value)
            if message and (value or column in ("id", "date")):
                expected.append(f"t.csv:{number}:{column}: {message}")
        if row["date"] and row["date_precision"] in ("week", "month") and not check_date(row["date"]):
            message = check_precision_date(row["date"], row["date_precision"])
            if message:
                expected.append(f"t.csv:{number}:date: {message}")
    assert lines(check_cells(table(rows, numbers=numbers), {"id", "date"})) == expected


def test_repeated_ids_name_the_first_row():
    rows = [statement(id="a"), statement(id=""), statement(id="a"), statement(id=""), statement(id="a")]
    assert lines(check_unique(table(rows), "id")) == [
        "t.csv:4:id: 'a' is used twice (first on row 2); each must be unique",
        "t.csv:6:id: 'a' is used twice (first on row 2); each must be unique",
    ]
    assert check_unique(table([statement(id="a"), statement(id="b")]), "id") == []


def test_an_actor_has_one_country_counted_from_the_first_valid_code():
    rows = [
        statement(country="UK"),
        statement(country="PL"),
        statement(country="GB"),
        statement(country="PL"),
        statement(actor="Other", country="GB"),
        statement(country=""),
    ]
    assert lines(check_actor_countries(table(rows))) == [
        "t.csv:4:country: 'Donald Tusk' is coded PL on row 3; an actor has one country",
    ]
    assert check_actor_countries(table([statement(), statement(actor="Other", country="GB")])) == []


def test_an_actor_has_one_type_and_one_capacity_per_statement():
    rows = [
        statement(actor_type="president"),  # not a type: reported as such, not as a second type
        statement(actor_type="head"),
        statement(actor_type="head", capacity="former"),  # a statement in another capacity: fine
        statement(actor_type="minister"),
        statement(actor="Other", actor_type="official"),
    ]
    assert lines(check_actor_types(table(rows))) == [
        "t.csv:5:actor_type: 'Donald Tusk' is typed head on row 3; an actor has one type;"
        " use capacity for the capacity of one statement",
    ]
    assert check_actor_types(table([statement(), statement(actor="Other", actor_type="minister")])) == []


def test_an_actor_leaves_office_once():
    rows = [
        statement(left_office="2025-05-06"),
        statement(left_office="2025-05-06"),
        statement(left_office=""),
        statement(left_office="2025-13-01"),  # not a date: the cell check reports it
        statement(left_office="2025-05-07"),
        statement(actor="Other", left_office=""),
        statement(actor="Other", left_office="2025-01-01"),
    ]
    assert lines(check_left_office(table(rows))) == [
        "t.csv:4:left_office: 'Donald Tusk' left office on 2025-05-06 on row 2; an actor leaves office once:"
        " give the same left_office (or none) on every row of the actor",
        "t.csv:6:left_office: 'Donald Tusk' left office on 2025-05-06 on row 2; an actor leaves office once:"
        " give the same left_office (or none) on every row of the actor",
        "t.csv:8:left_office: 'Other' has no left_office on row 7; an actor leaves office once:"
        " give the same left_office (or none) on every row of the actor",
    ]
    assert check_left_office(table([statement(left_office="2025-05-06"), statement(actor="Other")])) == []


@pytest.mark.parametrize("seed", range(5))
def test_one_per_actor_checks_equal_a_row_at_a_time(seed):
    """The vectorised checks of what an actor has one of report what a row-by-row reading does."""
    rng = random.Random(seed)
    pools = {
        "actor": ["A", "B", "C", ""],
        "country": ["PL", "GB", "UK", ""],
        "actor_type": ["head", "minister", "king", ""],
        "left_office": ["", "2025-05-06", "2025-05-07", "2025-02-30"],
    }
    rows = [{c: rng.choice(values) for c, values in pools.items()} for _ in range(60)]
    numbers = sorted(rng.sample(range(2, 500), 60))
    raw = table(rows, numbers=numbers)
    for column, check, valid in (
        ("country", check_actor_countries, lambda v: v in ("PL", "GB")),
        ("actor_type", check_actor_types, lambda v: v in ("head", "minister")),
        ("left_office", check_left_office, lambda v: v in ("", "2025-05-06", "2025-05-07")),
    ):
        first: dict[str, tuple[str, int]] = {}
        expected = []
        for row, number in zip(rows, numbers, strict=True):
            if not row["actor"] or not valid(row[column]):
                continue
            value, where = first.setdefault(row["actor"], (row[column], number))
            if row[column] != value:
                expected.append((number, row["actor"], value, where))
        found = [(p.row, p.message.split("'")[1], p.message) for p in check(raw)]
        assert [(n, a) for n, a, _ in found] == [(n, a) for n, a, _, _ in expected], column
        for (_, _, text), (_, _, value, where) in zip(found, expected, strict=True):
            assert f"on row {where};" in text and (value in text if value else "has no left_office" in text)
        assert check(raw, validate.actor_codes(raw)) == check(raw)


def test_interchange_checks_types_capacities_and_left_office():
    rows = [
        statement(id="a", actor_type="", capacity="ex-PM", left_office="May 2025"),
        statement(id="b", actor_type="minister"),
        statement(id="c", actor_type="head"),
        statement(id="d", actor="Olaf Scholz", country="DE", left_office="2025-05-06"),
        statement(id="e", actor="Olaf Scholz", country="DE"),
    ]
    assert lines(validate_interchange(table(rows))) == [
        "t.csv:2:actor_type: is empty; every statement needs one",
        "t.csv:2:capacity: 'ex-PM' is not an actor type; use one of head, minister, official, legislator,"
        " opposition, former, anonymous, institution, other",
        "t.csv:2:left_office: 'May 2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16",
        "t.csv:4:actor_type: 'Donald Tusk' is typed minister on row 3; an actor has one type;"
        " use capacity for the capacity of one statement",
        "t.csv:6:left_office: 'Olaf Scholz' left office on 2025-05-06 on row 5; an actor leaves office once:"
        " give the same left_office (or none) on every row of the actor",
    ]


def test_interchange_problems_come_header_cells_ids_countries():
    rows = [statement(id="a", position="x"), statement(id="a", country="GB")]
    columns = [c for c in ALL_COLUMNS if c != "notes"] + ["outlet"]
    assert lines(validate_interchange(table(rows, columns))) == [
        "t.csv:1:outlet: unknown column (did you mean 'source'?)",
        "t.csv:1:notes: missing column",
        "t.csv:2:position: 'x' is not a position; use one of support, hesitant, opposed, denied",
        "t.csv:3:id: 'a' is used twice (first on row 2); each must be unique",
        "t.csv:3:country: 'Donald Tusk' is coded PL on row 2; an actor has one country",
    ]


SEEDS_STATEMENT_COLUMNS = [c for c in ALL_COLUMNS if c not in ("country", "actor_type", "left_office")]


def test_seeds_statements_name_actors_missing_from_the_actors_file():
    statements = table(
        [statement(actor="Donald Tusk"), statement(id="b", actor="Nobody"), statement(id="c", actor="")],
        columns=SEEDS_STATEMENT_COLUMNS,
        path="seeds/statements.csv",
    )
    actors = table(
        [{"actor": "Donald Tusk", "country": "PL", "role": "PM", "actor_type": "head"}], path="seeds/actors.csv"
    )
    assert lines(check_known_actors(statements, actors)) == [
        "seeds/statements.csv:3:actor: 'Nobody' is not in actors.csv;"
        " add the actor with its country, role and actor_type",
    ]
    assert lines(validate_seeds(statements, actors, None)) == [
        "seeds/statements.csv:4:actor: is empty; every statement needs one",
        "seeds/statements.csv:3:actor: 'Nobody' is not in actors.csv;"
        " add the actor with its country, role and actor_type",
    ]


def test_seeds_tables_are_checked_actors_first_proposals_last():
    statements = table([statement()], columns=SEEDS_STATEMENT_COLUMNS, path="s.csv")
    actors = table(
        [
            {"actor": "Donald Tusk", "country": "UK", "role": "", "actor_type": "head"},
            {"actor": "Donald Tusk", "country": "PL", "actor_type": "head"},
        ],
        path="a.csv",
    )
    proposals = table([{"proposal": "P Q", "title": ""}], path="p.csv")
    assert lines(validate_seeds(statements, actors, proposals)) == [
        "a.csv:2:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)",
        "a.csv:3:actor: 'Donald Tusk' is used twice (first on row 2); each must be unique",
        "p.csv:2:proposal: 'P Q' is not a proposal id: lower case letters, digits and '-' (did you mean 'p-q'?)",
        "p.csv:2:title: is empty; every proposal needs one",
    ]


def test_screens_only_pass_values_the_rule_accepts():
    values = pd.Series(["a", "a b", "a\x1cb", "https://x.y", "https://x.y\u2028z", "www.x.y", ""], dtype="str")
    for column in validate.SURELY_VALID:
        passed = values[validate.SURELY_VALID[column](values).to_numpy(dtype=bool)]
        assert all(VALUE_CHECKS[column](v) is None for v in passed if v)


# ---------------------------------------------------------------- issue 7: plausible dates, strict links
@pytest.mark.parametrize(
    "value, message",
    [
        ("9999-12-31", "'9999-12-31' is outside 1900-2100; check the year"),
        ("0001-01-01", "'0001-01-01' is outside 1900-2100; check the year"),
        ("1899-12-31", "'1899-12-31' is outside 1900-2100; check the year"),
        ("2101-01-01", "'2101-01-01' is outside 1900-2100; check the year"),
        ("1900-01-01", None),
        ("2100-12-31", None),
        ("2025-02-30", "'2025-02-30' is not a real calendar date"),
        ("25-01-16", "'25-01-16' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16"),
    ],
)
def test_dates_are_plausible(value, message):
    assert check_date(value) == message


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/a",
        "http://example.org",
        "https://www.bbc.co.uk/news/world-europe-123?x=1&y=2#top",
        "https://en.wikipedia.org/wiki/Coalition_(politics)",
        "https://example.org:8080/path",
        "https://example.org/caf%C3%A9",
    ],
)
def test_ordinary_links_pass(value):
    assert check_url(value) is None
    if value.isascii():  # the screen lets common links through without running the rule
        assert bool(validate.SURELY_VALID["url"](pd.Series([value], dtype="str")).iloc[0])


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "https://example.org/`[Verify your account](https://evil.example/login)`",
            "'https://example.org/`[Verify your account](https://evil.example/login)`' contains '`';"
            " a link cannot hold it: percent-encode it (%60) or leave the url empty",
        ),
        (
            'https://example.org/"onmouseover="x',
            "'https://example.org/\"onmouseover=\"x' contains '\"'; a link cannot hold it: percent-encode it (%22)"
            " or leave the url empty",
        ),
        (
            "https://example.org/it's",
            "'https://example.org/it's' contains \"'\"; a link cannot hold it: percent-encode it (%27)"
            " or leave the url empty",
        ),
        (
            "https://example.org/<script>",
            "'https://example.org/<script>' contains '<'; a link cannot hold it: percent-encode it (%3C)"
            " or leave the url empty",
        ),
        (
            "https://example.org/a\tb",
            "'https://example.org/a\tb' contains a space or control character; a link cannot hold it:"
            " percent-encode it or leave the url empty",
        ),
        (
            "https://nato.int@evil.example/login",
            "'https://nato.int@evil.example/login' has no plain host name after https://"
            " (a user name, or a character a host cannot hold); give the source page's address",
        ),
        (
            "https:///example.org",
            "'https:///example.org' has no plain host name after https://"
            " (a user name, or a character a host cannot hold); give the source page's address",
        ),
        (
            "javascript:alert(1)",
            "'javascript:alert(1)' is not an http(s) link; give the source page's address or leave it empty",
        ),
    ],
)
def test_links_that_would_break_markdown_or_html_are_refused(value, message):
    assert check_url(value) == message


def test_the_url_screen_never_passes_a_link_the_rule_refuses():
    values = [
        "https://example.org/`x`",
        'https://example.org/"x',
        "https://example.org/<x>",
        "https://example.org/a\u00a0b",
        "https://a@b.example/",
        "https://example.org/[x](y)",
        "https://example.org/a\\b",
        "https://example.org/a|b",
        "https://example.org/a\x7fb",
        "https://example.org/it's",
    ]
    screened = validate.SURELY_VALID["url"](pd.Series(values, dtype="str")).fillna(False).tolist()
    for value, passed in zip(values, screened, strict=True):
        assert check_url(value) is not None
        assert not passed, value


# ------------------------------------------------------------ lengths
def test_an_overlong_column_name_and_cell_are_both_reported_without_quoting_them():
    name = "n" * (MAX_FIELD_CHARS + 1)
    rows = [{"id": "a", name: "x" * (MAX_FIELD_CHARS + 2)}, {"id": "b", name: "y"}]
    assert lines(check_lengths(table(rows, path="big.csv"))) == [
        f"big.csv:1:: has a column name 100,001 characters long; at most {MAX_FIELD_CHARS:,}",
        f"big.csv:2:{name}: is 100,002 characters long; at most {MAX_FIELD_CHARS:,}",
    ]


def test_a_column_name_of_exactly_the_limit_is_accepted():
    name = "n" * MAX_FIELD_CHARS
    assert check_lengths(table([{"id": "a", name: "x" * MAX_FIELD_CHARS}])) == []
