"""Validation of unusual tables: hints that must not mislead, missing columns, rows without an
actor, a JSON record's problem order, and malformed seeds folders (each file named in its problems).

Written after mutation testing (``mutmut``, see pyproject.toml) showed these behaviours were not
pinned down by the rule-by-rule tests in test_validate.py and test_load.py.
"""

from __future__ import annotations

from stance.model import ALL_COLUMNS
from stance.validate import SEEDS_STATEMENT_COLUMNS as LAYOUT_STATEMENT_COLUMNS
from stance.validate import (
    DataError,
    Problem,
    RawTable,
    check_actor_countries,
    check_cells,
    check_country,
    check_proposal,
    validate_interchange,
    validate_seeds,
)

from conftest import lines, statement, table

SEEDS_STATEMENT_COLUMNS = [c for c in ALL_COLUMNS if c not in ("country", "actor_type", "left_office")]


def test_a_data_error_says_every_problem_one_per_line():
    error = DataError([Problem("a.csv", 2, "id", "first"), Problem("a.csv", 3, "url", "second")])
    assert str(error) == "a.csv:2:id: first\na.csv:3:url: second"


def test_a_country_name_is_hinted_only_when_it_is_close():
    assert check_country("Nederland").endswith("(did you mean 'NL'?)")
    assert check_country("Holland") == "'Holland' is not an ISO 3166-1 alpha-2 code (or EU, NATO)"  # not Poland
    assert check_country("poland").endswith("(did you mean 'PL'?)")


def test_a_proposal_hint_has_no_leading_or_trailing_dash():
    assert check_proposal("(EU force)").endswith("(did you mean 'eu-force'?)")


def test_a_table_without_a_date_precision_column_still_checks_its_dates():
    columns = [c for c in ALL_COLUMNS if c != "date_precision"]
    problems = lines(validate_interchange(table([statement(date="2025-02-30")], columns)))
    assert problems == [
        "t.csv:1:date_precision: missing column",
        "t.csv:2:date: '2025-02-30' is not a real calendar date",
    ]


def test_a_json_records_week_or_month_date_problem_comes_last_whatever_its_key_order():
    record = {"date": "2025-01-15", "date_precision": "week", "position": "maybe"}
    raw = table([record], cell_order=[list(record)])
    assert [(p.column, p.message[:20]) for p in check_cells(raw, ())] == [
        ("position", "'maybe' is not a pos"),
        ("date", "with date_precision "),
    ]


def test_every_json_record_with_several_problems_keeps_its_key_order():
    lone = {"id": "a", "position": "maybe", "country": "PL"}  # one problem: nothing to order
    several = {"country": "UK", "id": "b", "position": "maybe"}
    raw = table([lone, several], columns=["id", "position", "country"], cell_order=[list(lone), list(several)])
    assert [(p.row, p.column) for p in check_cells(raw, ())] == [(2, "position"), (3, "country"), (3, "position")]


def test_rows_without_an_actor_are_not_one_actor_with_two_countries():
    rows = [statement(id="a", actor="", country="PL"), statement(id="b", actor="", country="GB")]
    assert check_actor_countries(table(rows)) == []


# ------------------------------------------------------------ seeds folders
def seeds_statements(*rows: dict[str, str], columns=SEEDS_STATEMENT_COLUMNS) -> RawTable:
    return table(list(rows), columns, path="seeds/statements.csv")


def seeds_actors(*rows: dict[str, str], columns=("actor", "country", "role", "actor_type")) -> RawTable:
    return table(list(rows), columns, path="seeds/actors.csv")


TUSK = {"actor": "Donald Tusk", "country": "PL", "role": "Prime Minister of Poland", "actor_type": "head"}
ACTOR_ALLOWED = "allowed columns: actor, country, role, actor_type, left_office, note"


def test_the_seeds_statement_columns_are_the_interchange_columns_less_the_actor_ones():
    assert list(LAYOUT_STATEMENT_COLUMNS) == SEEDS_STATEMENT_COLUMNS


def test_seeds_header_problems_name_their_file():
    statements = seeds_statements(statement(), columns=[*SEEDS_STATEMENT_COLUMNS, "outlet"])
    actors = seeds_actors(TUSK | {"nation": "PL"}, columns=("actor", "country", "role", "actor_type", "nation"))
    proposals = table([{"proposal": "p", "title": "P", "about": ""}], path="seeds/proposals.csv")
    assert [line.split(" (")[0] for line in lines(validate_seeds(statements, actors, proposals))] == [
        f"seeds/actors.csv:1:nation: unknown column; {ACTOR_ALLOWED}",
        "seeds/statements.csv:1:outlet: unknown column",
        "seeds/proposals.csv:1:about: unknown column; allowed columns: proposal, title",
    ]


def test_an_actors_file_without_an_actor_column_is_reported_not_crashed_on():
    actors = seeds_actors(
        {"name": "Donald Tusk", "country": "PL", "role": "", "actor_type": "head"},
        columns=("name", "country", "role", "actor_type"),
    )
    assert lines(validate_seeds(seeds_statements(statement()), actors, None)) == [
        f"seeds/actors.csv:1:name: unknown column; {ACTOR_ALLOWED}",
        "seeds/actors.csv:1:actor: missing column",
        "seeds/statements.csv:2:actor: 'Donald Tusk' is not in actors.csv;"
        " add the actor with its country, role and actor_type",
    ]


def test_seeds_actors_need_a_name_a_country_and_a_type():
    actors = seeds_actors(TUSK, {"actor": "", "country": "", "role": "Spokesperson", "actor_type": ""})
    assert lines(validate_seeds(seeds_statements(statement()), actors, None)) == [
        "seeds/actors.csv:3:actor: is empty; every actor needs one",
        "seeds/actors.csv:3:country: is empty; every actor needs one",
        "seeds/actors.csv:3:actor_type: is empty; every actor needs one",
    ]


def test_an_actors_file_without_a_type_column_is_told_to_add_it():
    actors = seeds_actors({k: v for k, v in TUSK.items() if k != "actor_type"}, columns=("actor", "country", "role"))
    assert lines(validate_seeds(seeds_statements(statement()), actors, None)) == [
        "seeds/actors.csv:1:actor_type: missing column",
    ]


def test_seeds_actor_types_and_left_office_are_checked_in_the_actors_file():
    actors = seeds_actors(
        TUSK | {"left_office": "2025-13-01", "note": "why"},
        {"actor": "Olaf Scholz", "country": "DE", "role": "Chancellor", "actor_type": "chancellor", "left_office": ""},
        columns=("actor", "country", "role", "actor_type", "left_office", "note"),
    )
    statements = seeds_statements(statement(), statement(id="b", actor="Olaf Scholz", capacity="formr"))
    assert lines(validate_seeds(statements, actors, None)) == [
        "seeds/actors.csv:2:left_office: '2025-13-01' is not a real calendar date",
        "seeds/actors.csv:3:actor_type: 'chancellor' is not an actor type; use one of "
        "head, minister, official, legislator, opposition, former, anonymous, institution, other",
        "seeds/statements.csv:3:capacity: 'formr' is not an actor type; use one of "
        "head, minister, official, legislator, opposition, former, anonymous, institution, other"
        " (did you mean 'former'?)",
    ]


def test_seeds_statements_have_unique_ids_and_no_country_type_or_left_office_of_their_own():
    statements = seeds_statements(
        statement(id="a", country=""),
        statement(id="a", country=""),
        columns=[*SEEDS_STATEMENT_COLUMNS, "country", "actor_type", "left_office"],
    )
    elsewhere = "belongs in actors.csv (one per actor), not in statements.csv"
    assert lines(validate_seeds(statements, seeds_actors(TUSK), None)) == [
        f"seeds/statements.csv:1:country: {elsewhere}",
        f"seeds/statements.csv:1:actor_type: {elsewhere}",
        f"seeds/statements.csv:1:left_office: {elsewhere}",
        "seeds/statements.csv:3:id: 'a' is used twice (first on row 2); each must be unique",
    ]
