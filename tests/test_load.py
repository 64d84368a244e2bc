"""Loading, validation rules and the seeds round trip."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import time
from pathlib import Path

import pandas as pd
import pytest

from stance import cache, load
from stance import validate as limits
from stance.formats import events_table, table_to_csv, table_to_json, write_dataset, write_seeds
from stance.load import events_frame, load_dataset
from stance.model import ALL_COLUMNS, EVENT_COLUMNS, to_interchange
from stance.validate import MAX_FIELD_CHARS, MAX_FILE_BYTES, MAX_JSON_DEPTH, DataError

from conftest import ROOT, escape_cell, statement


def write_csv(path, rows, columns=ALL_COLUMNS):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    return [str(p) for p in caught.value.problems]


# ------------------------------------------------------------ round trips (the bundled data's own: test_seeds.py)
def test_seeds_round_trip_to_interchange_without_loss(two_proposals, tmp_path):
    write_seeds(two_proposals, tmp_path / "copy")
    again = load_dataset(tmp_path / "copy")
    pd.testing.assert_frame_equal(to_interchange(again.statements), to_interchange(two_proposals.statements))
    assert again.proposals == two_proposals.proposals
    # and through the flat CSV and JSON tables
    table = to_interchange(two_proposals.statements)
    (tmp_path / "flat.csv").write_text(table_to_csv(table), encoding="utf-8")
    (tmp_path / "flat.json").write_text(table_to_json(table, two_proposals.proposals), encoding="utf-8")
    for name in ("flat.csv", "flat.json"):
        flat = load_dataset(tmp_path / name)
        pd.testing.assert_frame_equal(to_interchange(flat.statements), to_interchange(two_proposals.statements))
    assert load_dataset(tmp_path / "flat.json").proposals == two_proposals.proposals


def test_role_of_the_day_survives_the_seeds_layout(sample, tmp_path):
    write_seeds(sample, tmp_path)
    actors = pd.read_csv(tmp_path / "actors.csv", dtype=str, keep_default_na=False).set_index("actor")
    assert actors.loc["Marta Zielinska", "role"] == "Foreign Minister of Poland"  # her latest role
    again = load_dataset(tmp_path).statements.set_index("id")
    assert (again.loc["pl-02", "role"], again.loc["pl-04", "role"]) == (
        "Defence Minister of Poland",
        "Foreign Minister of Poland",
    )
    assert again.loc["de-02", "role"] == ""  # no role stays no role
    pd.testing.assert_frame_equal(to_interchange(load_dataset(tmp_path).statements), to_interchange(sample.statements))


def test_revision_changes_when_the_data_changes(tmp_path):
    path = write_csv(tmp_path / "a.csv", [statement()])
    first = load_dataset(path).revision
    write_csv(path, [statement(quote="Another quote")])
    assert load_dataset(path).revision != first


# ------------------------------------------------------------ validation rules
@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("country", "UK", "did you mean 'GB'?"),
        ("country", "pl", "did you mean 'PL'?"),
        ("country", "Poland", "did you mean 'PL'?"),
        ("country", "XX", "is not an ISO 3166-1 alpha-2 code"),
        ("position", "suport", "did you mean 'support'?"),
        ("position", "neutral", "use one of support, hesitant, opposed, denied"),
        ("attribution", "anon", "use one of on-record, anonymous, unverified"),
        ("date_precision", "days", "did you mean 'day'?"),
        ("date", "16/01/2025", "write it as YYYY-MM-DD"),
        ("date", "2025-02-30", "not a real calendar date"),
        ("url", "www.example.org/page", "did you mean 'https://www.example.org/page'?"),
        ("url", "javascript:alert(1)", "not an http(s) link"),
        ("proposal", "EU peacekeepers", "did you mean 'eu-peacekeepers'?"),
        ("id", "a b", "no spaces"),
        ("quote", "", "is empty"),
        ("source", "", "is empty"),
        ("actor", "", "is empty"),
        ("actor_type", "", "is empty"),
        ("actor_type", "president", "is not an actor type; use one of head, minister, official,"),
        ("capacity", "formr", "did you mean 'former'?"),
        ("left_office", "6 May 2025", "write it as YYYY-MM-DD"),
    ],
)
def test_each_rule_names_row_column_and_fix(tmp_path, column, value, expected):
    path = write_csv(tmp_path / "bad.csv", [statement(id="ok"), statement(**{"id": "bad", column: value})])
    problems = problems_of(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:3:{column}: ")
    assert expected in problems[0]


def test_week_and_month_dates_are_period_starts(tmp_path):
    path = write_csv(
        tmp_path / "p.csv",
        [
            statement(id="w", date="2025-01-15", date_precision="week"),
            statement(id="m", date="2025-01-15", date_precision="month"),
            statement(id="ok", date="2025-01-13", date_precision="week"),
        ],
    )
    assert problems_of(path) == [
        f"{path}:2:date: with date_precision 'week' the date is the week's Monday (did you mean '2025-01-13'?)",
        f"{path}:3:date: with date_precision 'month' the date is the 1st (did you mean '2025-01-01'?)",
    ]


def test_duplicate_ids_and_two_countries_for_one_actor(tmp_path):
    path = write_csv(
        tmp_path / "d.csv", [statement(id="a"), statement(id="a", date="2025-03-01"), statement(id="b", country="GB")]
    )
    problems = problems_of(path)
    assert f"{path}:3:id: 'a' is used twice (first on row 2); each must be unique" in problems
    assert f"{path}:4:country: 'Donald Tusk' is coded PL on row 2; an actor has one country" in problems


def test_header_problems_name_the_column(tmp_path):
    columns = [c for c in ALL_COLUMNS if c != "quote"] + ["outlet"]
    path = write_csv(tmp_path / "h.csv", [statement()], columns=columns)
    problems = problems_of(path)
    assert f"{path}:1:outlet: unknown column (did you mean 'source'?)" in problems
    assert f"{path}:1:quote: missing column" in problems


def test_shared_source_csv_is_reported_not_crashed_on(tmp_path):
    # The raw source format (outlet, paraphrase, no id) is not the interchange table.
    path = tmp_path / "raw.csv"
    path.write_text("date,date_precision,actor,outlet\n2025-01-01,day,X,Y\n", encoding="utf-8")
    problems = problems_of(path)
    assert any(":1:id: missing column" in p for p in problems)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.csv", b"", "is empty"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        ("latin1.csv", "id,date\n1,caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("ragged.csv", ",".join(ALL_COLUMNS).encode() + b"\na,b\n", "has 2 fields but the header has 17"),
        ("data.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
        ("broken.json", b'[{"id": "a",}]', "is not valid JSON"),
        ("object.json", b'{"rows": 1}', "expected a list of statement objects"),
    ],
)
def test_wrong_files_get_one_clear_problem(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    problems = problems_of(path)
    assert problems and expected in problems[0] and problems[0].startswith(str(path))


def test_missing_path_and_incomplete_seeds_folder(tmp_path):
    assert problems_of(tmp_path / "nope.csv") == [f"{tmp_path / 'nope.csv'}:0:: no such file or folder"]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "statements.csv").write_text("id\n", encoding="utf-8")
    assert any("actors.csv" in p and "missing" in p for p in problems_of(tmp_path / "seeds"))


def test_seeds_statement_with_unknown_actor(sample, tmp_path):
    write_seeds(sample, tmp_path)
    text = (tmp_path / "statements.csv").read_text(encoding="utf-8").replace(",Piotr Kowal,", ",Piotr Kowall,", 1)
    (tmp_path / "statements.csv").write_text(text, encoding="utf-8")
    problems = problems_of(tmp_path)
    assert len(problems) == 1 and "'Piotr Kowall' is not in actors.csv" in problems[0]


def test_json_rows_are_numbered_by_record(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps([statement(id="a"), statement(id="b", position="maybe")]), encoding="utf-8")
    assert problems_of(path)[0].startswith(f"{path}:2:position: ")


# ------------------------------------------------------------ formula escaping
@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-5%", "'-5%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=already", "''=already"),
        ("'Tis the season", "'Tis the season"),
        ("'", "'"),
        ("plain", "plain"),
    ],
)
def test_formula_cells_are_escaped_and_read_back_unchanged(tmp_path, value, cell):
    frame = to_interchange(load_dataset(write_csv(tmp_path / "a.csv", [statement()])).statements)
    frame.loc[0, "quote"] = value
    text = table_to_csv(frame)
    assert next(csv.DictReader(text.splitlines()))["quote"] == cell
    assert escape_cell(value) == cell
    (tmp_path / "b.csv").write_text(text, encoding="utf-8")
    assert load_dataset(tmp_path / "b.csv").statements.loc[0, "quote"] == value


def test_written_files_get_ordinary_permissions(sample, tmp_path):
    old = os.umask(0o022)
    try:
        write_seeds(sample, tmp_path)
    finally:
        os.umask(old)
    assert (tmp_path / "statements.csv").stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------- hostile and empty files (issue 7)
def test_a_header_only_csv_is_a_data_error(tmp_path):
    path = write_csv(tmp_path / "file.csv", [])
    assert problems_of(path) == [f"{path}:1:: has a header but no statements; add at least one statement row"]


def test_a_json_file_without_statements_is_a_data_error(tmp_path):
    path = tmp_path / "file.json"
    path.write_text('{"statements": []}', encoding="utf-8")
    assert problems_of(path) == [f"{path}:0:: has no statements; add at least one statement object"]


def test_a_seeds_folder_without_statements_is_a_data_error(sample, tmp_path):
    write_seeds(sample, tmp_path)
    statements = tmp_path / "statements.csv"
    statements.write_text(statements.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert problems_of(tmp_path) == [f"{statements}:1:: has a header but no statements; add at least one statement row"]


def test_json_nested_a_thousand_levels_is_a_data_error_not_a_recursion_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert problems_of(path) == [f"{path}:1:: is nested too deeply; at most {MAX_JSON_DEPTH} levels"]


def test_json_nesting_inside_strings_does_not_count(tmp_path):
    quote = '[[[[{{{{ \\" [[[[ \\\\' * 10
    path = tmp_path / "brackets.json"
    path.write_text(json.dumps([statement(quote=quote)]), encoding="utf-8")
    assert load_dataset(path).statements["quote"].tolist() == [quote]


def test_json_one_level_too_deep_is_refused_where_it_starts(tmp_path):
    path = tmp_path / "deep.json"
    record = json.dumps(statement())[:-1] + ', "notes": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    path.write_text("[\n" + record + "}]", encoding="utf-8")
    assert problems_of(path) == [f"{path}:2:: is nested too deeply; at most {MAX_JSON_DEPTH} levels"]


def test_an_unreadable_seeds_folder_is_a_data_error(tmp_path, monkeypatch):
    # The tests run as root, who may read anything: the refusal is simulated.
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    assert problems_of(tmp_path / "seeds") == [f"{tmp_path / 'seeds'}:0:: cannot read it: Permission denied"]


@pytest.mark.parametrize("name", ["statements.csv", "statements.json"])
def test_an_unreadable_file_is_a_data_error(tmp_path, monkeypatch, name):
    path = tmp_path / name
    path.write_text("id\n", encoding="utf-8")
    real_open = open

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    assert problems_of(path) == [f"{path}:0:: cannot read the file: Permission denied"]


LONG = "x" * (MAX_FIELD_CHARS + 1)


@pytest.mark.parametrize("fast", [True, False])
def test_a_csv_field_over_the_limit_is_refused_on_either_path(tmp_path, fast):
    path = write_csv(tmp_path / "long.csv", [statement(id="a"), statement(id="b", quote="x" * 200_000)])
    if not fast:  # a second byte order mark sends the file down the csv module's path
        path.write_bytes(b"\xef\xbb\xbf" * 2 + path.read_bytes())
    assert problems_of(path) == [f"{path}:3:quote: is 200,000 characters long; at most {MAX_FIELD_CHARS:,}"]


def test_a_json_field_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "long.json"
    path.write_text(json.dumps([statement(id="a"), statement(id="b", url="https://e.org/" + LONG)]), encoding="utf-8")
    length = len("https://e.org/" + LONG)
    assert problems_of(path) == [f"{path}:2:url: is {length:,} characters long; at most {MAX_FIELD_CHARS:,}"]


def test_a_field_at_the_limit_loads(tmp_path):
    quote = "y" * MAX_FIELD_CHARS
    for name in ("ok.csv", "ok.json"):
        path = tmp_path / name
        if name.endswith(".csv"):
            write_csv(path, [statement(quote=quote)])
        else:
            path.write_text(json.dumps([statement(quote=quote)]), encoding="utf-8")
        assert load_dataset(path).statements["quote"].tolist() == [quote]


@pytest.mark.parametrize("name", ["big.csv", "big.json"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch, name):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    path = tmp_path / name
    path.write_bytes(b" " * 101)
    assert problems_of(path) == [f"{path}:0:: is larger than 100 bytes (the limit); split the data into smaller files"]


def test_limits_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{MAX_FIELD_CHARS:,} characters" in readme
    assert f"{MAX_JSON_DEPTH} levels" in readme
    assert "1 GiB" in readme and MAX_FILE_BYTES == 1 << 30


# ---------------------------------------------------------------- key events and actor notes (issue 8)
EVENTS = [
    {"date": "2025-03-02", "label": "London summit", "url": "https://example.org/london", "note": ""},
    {"date": "2025-02-17", "label": "Paris summit", "url": "https://example.org/paris", "note": "Emergency meeting"},
    {"date": "2025-03-02", "label": "=Second, same day", "url": "", "note": ""},
]


def with_events(dataset, rows=EVENTS, notes=None):
    return dataclasses.replace(
        dataset, events=events_frame(pd.DataFrame(rows, dtype="str")), actor_notes=notes or dataset.actor_notes
    )


def test_events_are_date_sorted_with_parsed_dates():
    events = events_frame(pd.DataFrame(EVENTS, dtype="str"))
    assert list(events.columns) == list(EVENT_COLUMNS) and str(events["date"].dtype) == "datetime64[s]"
    assert list(events["label"]) == ["Paris summit", "London summit", "=Second, same day"]  # one day keeps file order
    assert list(events_frame(pd.DataFrame({"date": ["2025-01-01"], "label": ["x"]}))["url"]) == [""]


def test_events_and_actor_notes_round_trip_through_seeds_and_json(sample, tmp_path):
    dataset = with_events(sample, notes={"Piotr Kowal": "Prime minister, coded head", "Eva Lindqvist": "EU, a row"})
    write_seeds(dataset, tmp_path / "seeds")
    write_dataset(dataset, tmp_path / "flat.json")
    for name in ("seeds", "flat.json"):
        again = load_dataset(tmp_path / name)
        pd.testing.assert_frame_equal(again.events, dataset.events)
        pd.testing.assert_frame_equal(to_interchange(again.statements), to_interchange(sample.statements))
    assert load_dataset(tmp_path / "seeds").actor_notes == dataset.actor_notes
    written = (tmp_path / "seeds" / "events.csv").read_text(encoding="utf-8").splitlines()
    assert written[0] == "date,label,url,note" and written[3] == '2025-03-02,"\'=Second, same day",,'
    document = json.loads((tmp_path / "flat.json").read_text(encoding="utf-8"))
    assert list(document) == ["proposals", "events", "statements"]
    assert document["events"][0] == {
        "date": "2025-02-17",
        "label": "Paris summit",
        "url": "https://example.org/paris",
        "note": "Emergency meeting",
    }


def test_a_flat_csv_and_a_folder_without_events_csv_have_no_events(sample, tmp_path):
    assert sample.events.empty and list(sample.events.columns) == list(EVENT_COLUMNS)
    write_seeds(sample, tmp_path)
    assert (tmp_path / "events.csv").read_text(encoding="utf-8") == "date,label,url,note\n"
    assert load_dataset(tmp_path).events.empty
    (tmp_path / "events.csv").unlink()
    assert load_dataset(tmp_path).events.empty
    (tmp_path / "s.json").write_text(table_to_json(to_interchange(sample.statements)), encoding="utf-8")
    assert load_dataset(tmp_path / "s.json").events.empty


def test_revision_covers_the_events_file(sample, tmp_path):
    write_seeds(with_events(sample), tmp_path)
    first = load_dataset(tmp_path).revision
    events = tmp_path / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("London summit", "Lancaster House"), encoding="utf-8")
    assert load_dataset(tmp_path).revision != first


def test_event_problems_name_file_row_and_column(sample, tmp_path):
    write_seeds(sample, tmp_path)
    events = tmp_path / "events.csv"
    events.write_text(
        "date,label,url,where\n"
        "2025-02-17,Paris summit,https://example.org/a,Paris\n"
        "17/02/2025,,www.example.org/b,\n"
        "2025-02-30,Berlin talks,javascript:alert(1),\n",
        encoding="utf-8",
    )
    assert problems_of(tmp_path) == [
        f"{events}:1:where: unknown column; allowed columns: date, label, url, note",
        f"{events}:3:date: '17/02/2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16",
        f"{events}:3:label: is empty; every event needs one",
        f"{events}:3:url: 'www.example.org/b' is not a full link (did you mean 'https://www.example.org/b'?)",
        f"{events}:4:date: '2025-02-30' is not a real calendar date",
        f"{events}:4:url: 'javascript:alert(1)' is not an http(s) link; give the source page's address or leave it"
        " empty",
    ]
    events.write_text("date,url\n2025-02-17,https://example.org/a\n", encoding="utf-8")
    assert problems_of(tmp_path) == [f"{events}:1:label: missing column"]


def test_json_event_problems_name_the_events_list(tmp_path):
    path = tmp_path / "e.json"
    events = [{"date": "2025-02-17", "label": "Paris"}, {"label": "", "date": "soon", "url": "ftp://x"}]
    path.write_text(json.dumps({"events": events, "statements": [statement()]}), encoding="utf-8")
    assert problems_of(path) == [  # the first event has no url: an empty one, as a statement's
        f"{path}:events:2:label: is empty; every event needs one",
        f"{path}:events:2:date: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16",
        f"{path}:events:2:url: 'ftp://x' is not an http(s) link; give the source page's address or leave it empty",
    ]
    path.write_text(json.dumps({"events": events[:1], "statements": [statement()]}), encoding="utf-8")
    assert problems_of(path) == [f"{path}:events:1:url: missing column"]  # no event has a url
    path.write_text(json.dumps({"events": [], "statements": [statement()]}), encoding="utf-8")
    assert load_dataset(path).events.empty
    path.write_text(json.dumps({"events": {"date": "2025-02-17"}, "statements": [statement()]}), encoding="utf-8")
    assert problems_of(path) == [
        f'{path}:events:0:: expected "events": [{{"date": "YYYY-MM-DD", "label": ..., "url": ...}}, ...]'
    ]
    path.write_text(json.dumps({"events": ["Paris"], "statements": [statement()]}), encoding="utf-8")
    assert problems_of(path) == [f"{path}:events:1:: is not an object with the event's date, label and url"]


def test_an_event_cell_over_the_limit_is_refused(sample, tmp_path):
    write_seeds(sample, tmp_path)
    long = "x" * (MAX_FIELD_CHARS + 1)
    (tmp_path / "events.csv").write_text(f"date,label,url\n2025-02-17,{long},\n", encoding="utf-8")
    assert problems_of(tmp_path) == [
        f"{tmp_path / 'events.csv'}:2:label: is {MAX_FIELD_CHARS + 1:,} characters long; at most {MAX_FIELD_CHARS:,}"
    ]


def test_events_table_writes_dates_as_days_and_every_column():
    frame = events_table(events_frame(pd.DataFrame([{"date": "2025-02-17", "label": "Paris"}])))
    assert frame.to_dict(orient="records") == [{"date": "2025-02-17", "label": "Paris", "url": "", "note": ""}]


# ---------------------------------------------------------------- the columnar cache (stance.cache)
def settled(*paths):
    """Files last changed a minute ago: the cache only copies data whose mtime can tell a later change."""
    past = time.time_ns() - 60 * 10**9
    for path in paths:
        os.utime(path, ns=(past, past))


def assert_same_dataset(got, expected):
    pd.testing.assert_frame_equal(got.statements, expected.statements, check_exact=True)
    pd.testing.assert_frame_equal(got.events, expected.events, check_exact=True)
    assert list(got.proposals.items()) == list(expected.proposals.items())
    assert (got.name, got.title, got.revision, got.actor_notes) == (
        expected.name,
        expected.title,
        expected.revision,
        expected.actor_notes,
    )


@pytest.fixture
def reads(monkeypatch):
    """How many times the data itself was read (a cache hit reads none)."""
    count = []
    real = load.read_dataset
    monkeypatch.setattr(load, "read_dataset", lambda path: count.append(path) or real(path))
    return count


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


@pytest.mark.parametrize("layout", ["csv", "json", "seeds"])
def test_a_second_load_comes_from_the_cache_and_equals_the_first(sample, tmp_path, own_cache, reads, layout):
    dataset = with_events(sample, notes={"Piotr Kowal": "Prime minister, coded head"})
    path = tmp_path / {"csv": "data.csv", "json": "data.json", "seeds": "seeds"}[layout]
    write_dataset(dataset, path) if layout != "seeds" else write_seeds(dataset, path)
    written = sorted(tmp_path.rglob("*"))
    settled(*written)
    first = load_dataset(path)
    assert len(reads) == 1 and len(list(own_cache.iterdir())) == 1
    again = load_dataset(path)
    assert len(reads) == 1  # nothing parsed or validated
    assert_same_dataset(again, first)
    beside = sorted(p for p in tmp_path.rglob("*") if own_cache not in (p, *p.parents))
    assert beside == written  # nothing written next to the data


def test_changing_or_touching_the_data_invalidates_its_copy(tmp_path, own_cache, reads):
    path = write_csv(tmp_path / "s.csv", [statement(id="a", position="support")])
    settled(path)
    assert load_dataset(path).statements["position"].tolist() == ["support"]
    path.write_text(path.read_text(encoding="utf-8").replace("support", "opposed"), encoding="utf-8")  # same size
    settled(path)
    os.utime(path, ns=(time.time_ns() - 30 * 10**9,) * 2)  # a later mtime than the copy's
    assert load_dataset(path).statements["position"].tolist() == ["opposed"]
    assert len(reads) == 2
    os.utime(path, ns=(time.time_ns() - 20 * 10**9,) * 2)  # touched, content unchanged: read again
    assert load_dataset(path).statements["position"].tolist() == ["opposed"] and len(reads) == 3
    assert load_dataset(path).statements["position"].tolist() == ["opposed"] and len(reads) == 3
    assert len(list(own_cache.iterdir())) == 1  # one copy per data path, replaced


def test_a_file_added_to_a_seeds_folder_invalidates_its_copy(sample, tmp_path, own_cache, reads):
    write_seeds(sample, tmp_path / "seeds")
    (tmp_path / "seeds" / "events.csv").unlink()
    settled(*(tmp_path / "seeds").iterdir())
    assert load_dataset(tmp_path / "seeds").events.empty
    (tmp_path / "seeds" / "events.csv").write_text("date,label,url,note\n2025-02-17,Paris,,\n", encoding="utf-8")
    settled(*(tmp_path / "seeds").iterdir())
    assert load_dataset(tmp_path / "seeds").events["label"].tolist() == ["Paris"] and len(reads) == 2


def test_data_changed_just_now_is_not_copied(tmp_path, own_cache, reads):
    # Its next change could fall within the same tick of the file system's clock: same mtime, same key.
    path = write_csv(tmp_path / "s.csv", [statement()])
    load_dataset(path)
    load_dataset(path)
    assert len(reads) == 2 and not own_cache.exists()


def test_a_corrupt_or_half_written_copy_means_a_normal_load(sample, tmp_path, own_cache, reads):
    path = tmp_path / "s.csv"
    write_dataset(sample, path)
    settled(path)
    first = load_dataset(path)
    (copy,) = own_cache.iterdir()
    for damage in (copy.read_bytes()[: copy.stat().st_size // 2], b"not a cache file"):
        copy.write_bytes(damage)
        assert_same_dataset(load_dataset(path), first)
    assert len(reads) == 3
    assert_same_dataset(load_dataset(path), first)  # the normal load wrote a good copy again
    assert len(reads) == 3


def test_an_unusable_cache_folder_never_fails_a_load(sample, tmp_path, monkeypatch, reads):
    path = tmp_path / "s.csv"
    write_dataset(sample, path)
    settled(path)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "a-file" / "cache"))  # cannot be created
    first = load_dataset(path)
    pd.testing.assert_frame_equal(first.statements, sample.statements)
    assert_same_dataset(load_dataset(path), first)
    assert len(reads) == 2


def test_the_cache_folder_defaults_to_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "stance"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.folder() == Path.home() / ".cache" / "stance"
