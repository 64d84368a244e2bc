"""Importing files (stance.importing, stance.dna): every kind read, values resolved and shown,
bad input reported as problems (never a traceback), duplicates of stored statements listed."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from stance import importing
from stance.dna import epoch_date, organizations
from stance.formats import table_to_csv
from stance.importing import ImportOptions, ImportReport, import_bytes, import_file
from stance.model import to_interchange
from stance.validate import MAX_FIELD_CHARS, Problem

from conftest import ROOT, csv_bytes, statement

SHARED = Path(os.environ.get("STANCE_SHARED") or ROOT.parent / "shared")
DNA_SAMPLE = SHARED / "fixtures" / "dna-sample.dna"


# ---------------------------------------------------------------- builders
def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def workbook(path: Path, rows: list[list[object]], sheets: tuple[str, ...] = ("Statements",)) -> Path:
    """An XLSX file whose first sheet (and every other named one) holds ``rows``; text stays text."""
    book = openpyxl.Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name)
    for sheet in book.worksheets:
        for values in rows:
            sheet.append(values)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=SUM(1)" as text, as a cell typed with a leading apostrophe
    book.save(path)
    return path


def table_rows(*rows: dict[str, str]) -> list[list[object]]:
    header = list(rows[0])
    return [header] + [[row[c] for c in header] for row in rows]


# The tables and columns of DNA 3's schema that the importer reads (as in the sample DNA ships).
DNA_SCHEMA = """
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL, Red INTEGER, Green INTEGER,
    Blue INTEGER);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL, DataType TEXT NOT NULL,
    StatementTypeId INTEGER);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL, Text TEXT NOT NULL, Coder INTEGER,
    Author TEXT NOT NULL DEFAULT '', Source TEXT NOT NULL DEFAULT '', Section TEXT NOT NULL DEFAULT '',
    Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '', Date INTEGER NOT NULL);
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER,
    Start INTEGER NOT NULL, Stop INTEGER NOT NULL, Coder INTEGER);
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, Value TEXT NOT NULL DEFAULT '',
    Red INTEGER, Green INTEGER, Blue INTEGER, ChildOf INTEGER);
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
    VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL);
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
    Value INTEGER NOT NULL DEFAULT 1);
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
    Value INTEGER NOT NULL DEFAULT 0);
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
    Value TEXT DEFAULT '');
INSERT INTO STATEMENTTYPES VALUES (1, 'DNA Statement', 0, 0, 0), (3, 'Annotation', 0, 0, 0);
INSERT INTO VARIABLES VALUES (1, 'person', 'short text', 1), (2, 'organization', 'short text', 1),
    (3, 'concept', 'short text', 1), (4, 'agreement', 'boolean', 1), (11, 'note', 'long text', 3);
"""

TEXT = "Prelude. We back the air shield. We will never send troops."


def dna_database(path: Path, statements: list[tuple[str, str, str, int]], date: int = 1739750400) -> Path:
    """A DNA 3 file: one document (dated ``date``, epoch seconds: 2025-02-17) holding TEXT, and per
    statement (person, organization, concept, agreement) coded on its second sentence; plus one annotation."""
    db = sqlite3.connect(path)
    db.executescript(DNA_SCHEMA)
    db.execute(
        "INSERT INTO DOCUMENTS (ID, Title, Text, Source, Date) VALUES (1, 'Hearing 7', ?, ?, ?)",
        (TEXT, "see https://example.org/hearing-7", date),
    )
    entities: dict[tuple[int, str], int] = {}

    def entity(variable: int, value: str) -> int:
        if (variable, value) not in entities:
            entities[(variable, value)] = len(entities) + 1
            db.execute(
                "INSERT INTO ENTITIES (ID, VariableId, Value) VALUES (?, ?, ?)", (len(entities), variable, value)
            )
        return entities[(variable, value)]

    start = TEXT.index("We back")
    for number, (person, organization, concept, agreement) in enumerate(statements, start=1):
        db.execute("INSERT INTO STATEMENTS VALUES (?, 1, 1, ?, ?, 1)", (number, start, start + 23))
        for variable, value in ((1, person), (2, organization), (3, concept)):
            db.execute(
                "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                (number, variable, entity(variable, value)),
            )
        db.execute("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, ?)", (number, agreement))
    db.execute("INSERT INTO STATEMENTS VALUES (99, 3, 1, 0, 8, 1)")
    db.execute("INSERT INTO DATALONGTEXT (StatementId, VariableId, Value) VALUES (99, 11, 'a note')")
    db.commit()
    db.close()
    return path


TWO_DNA_STATEMENTS = [
    ("Claire Martin", "Élysée", "A European air shield", 1),
    ("", "Bundestag", "A European air shield", 0),
]


def messages(report: ImportReport) -> list[str]:
    return [str(p) for p in report.problems]


def only_problem(report: ImportReport) -> Problem:
    assert report.statements is None
    assert len(report.problems) == 1, messages(report)
    return report.problems[0]


# ---------------------------------------------------------------- CSV
def test_a_csv_file_is_read_resolved_and_validated(tmp_path):
    path = write(
        tmp_path / "in.csv",
        b"\xef\xbb\xbf" + csv_bytes(statement(id="a"), statement(id="b", actor="Keir", country="UK")),
    )
    report = import_file(path)
    assert report.ok and report.kind == "csv"
    by_id = report.statements.set_index("id")
    assert by_id["country"].to_dict() == {"a": "PL", "b": "GB"}
    assert report.statements["date"].dtype == "datetime64[s]"


def test_a_latin1_file_is_read_and_the_reading_reported(tmp_path):
    text = csv_bytes(statement(actor="Zoë Müller", quote="Déjà vu")).decode("utf-8")
    report = import_file(write(tmp_path / "in.csv", text.encode("latin-1")))
    assert report.ok, messages(report)
    assert report.statements.loc[0, "actor"] == "Zoë Müller"
    assert report.statements.loc[0, "quote"] == "Déjà vu"
    assert any("Latin-1" in n for n in report.notices)


def test_a_utf8_file_gives_no_encoding_notice(tmp_path):
    report = import_file(write(tmp_path / "in.csv", csv_bytes(statement(actor="Zoë Müller"))))
    assert report.ok and not any("Latin-1" in n for n in report.notices)


def test_semicolons_between_fields_are_detected(tmp_path):
    text = table_to_csv(pd.DataFrame([statement(quote="one, two")])).encode()
    semicolons = pd.DataFrame([statement(quote="one, two")]).to_csv(index=False, sep=";").encode()
    assert text != semicolons
    report = import_file(write(tmp_path / "in.csv", semicolons))
    assert report.ok, messages(report)
    assert report.statements.loc[0, "quote"] == "one, two"
    assert any("';'" in n for n in report.notices)


def test_newlines_inside_quoted_fields_are_kept(tmp_path):
    report = import_file(write(tmp_path / "in.csv", csv_bytes(statement(quote="line one\nline two"))))
    assert report.ok, messages(report)
    assert report.statements.loc[0, "quote"] == "line one\nline two"


def test_an_empty_file_is_one_problem(tmp_path):
    problem = only_problem(import_file(write(tmp_path / "in.csv", b"")))
    assert problem.path.endswith("in.csv") and "is empty" in problem.message and problem.hint
    assert str(problem).endswith(f"in.csv:0:: is empty; {problem.hint}")


def test_a_header_only_file_is_one_problem(tmp_path):
    problem = only_problem(import_file(write(tmp_path / "in.csv", csv_bytes(statement()).split(b"\n")[0] + b"\n")))
    assert "has a header but no statements" in problem.message


def test_a_missing_required_column_is_named(tmp_path):
    row = statement()
    del row["position"]
    report = import_file(write(tmp_path / "in.csv", csv_bytes(row)))
    assert [(p.row, p.column, p.message) for p in report.problems] == [(1, "position", "missing column")]


def test_an_unknown_position_is_reported_with_a_suggestion(tmp_path):
    report = import_file(write(tmp_path / "in.csv", csv_bytes(statement(position="suport"))))
    problem = only_problem(report)
    assert (problem.row, problem.column) == (2, "position")
    assert "did you mean 'support'" in problem.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-02-30", "not a real calendar date"), ("17/02/2025", "write it as YYYY-MM-DD"), ("2925-01-01", "outside")],
)
def test_impossible_and_malformed_dates_are_reported(tmp_path, value, expected):
    problem = only_problem(import_file(write(tmp_path / "in.csv", csv_bytes(statement(date=value)))))
    assert problem.column == "date" and expected in problem.message


def test_duplicate_ids_in_the_file_are_a_problem(tmp_path):
    report = import_file(write(tmp_path / "in.csv", csv_bytes(statement(id="x"), statement(id="x", actor="B"))))
    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, "id") and "used twice (first on row 2)" in problem.message


def test_a_ten_megabyte_quote_is_refused_with_the_limit(tmp_path):
    report = import_file(write(tmp_path / "in.csv", csv_bytes(statement(quote="x" * 10_000_000))))
    problem = only_problem(report)
    assert problem.column == "quote" and f"at most {MAX_FIELD_CHARS:,}" in problem.message


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_formula_like_cells_stay_text_through_import_and_export(tmp_path, prefix):
    quote = f'{prefix}HYPERLINK("http://evil")'
    report = import_file(write(tmp_path / "in.csv", csv_bytes(statement(quote=quote, actor=f"{prefix}1+1"))))
    assert report.ok, messages(report)
    assert report.statements.loc[0, "quote"] == quote and report.statements.loc[0, "actor"] == f"{prefix}1+1"
    exported = table_to_csv(to_interchange(report.statements))
    assert f"'{quote}".replace('"', '""') in exported  # escaped: a spreadsheet shows it as text
    again = import_bytes("again.csv", exported.encode())
    assert again.statements.loc[0, "quote"] == quote


def test_html_and_script_are_kept_as_plain_text(tmp_path):
    hostile = statement(actor="<img src=x onerror=alert(1)>", quote="<script>alert('x')</script> & <b>bold</b>")
    report = import_file(write(tmp_path / "in.csv", csv_bytes(hostile)))
    assert report.ok, messages(report)
    assert report.statements.loc[0, "actor"] == hostile["actor"]
    assert report.statements.loc[0, "quote"] == hostile["quote"]


# ---------------------------------------------------------------- kinds told by content
def test_binary_garbage_is_one_problem(tmp_path):
    problem = only_problem(import_file(write(tmp_path / "in.csv", bytes(range(256)) * 40)))
    assert "binary file" in problem.message and "CSV" in problem.hint


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as sparse:
        sparse.truncate(importing.IMPORT_MAX_BYTES + 1)  # no data written: only the size says no

    def never(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(importing, "open", never, raising=False)
    problem = only_problem(import_file(path))
    assert "over the import limit of 50 MB" in problem.message and "split" in problem.hint
    assert "over the import limit" in only_problem(import_bytes("upload.csv", b"x" * (50 * 2**20 + 1))).message


def test_an_xlsx_file_renamed_csv_is_read_as_a_workbook(tmp_path):
    path = workbook(tmp_path / "renamed.csv", table_rows(statement(id="a"), statement(id="b")))
    report = import_file(path)
    assert report.ok and report.kind == "xlsx"
    assert list(report.statements["id"]) == ["a", "b"]
    assert any("named .csv but is a XLSX workbook" in n for n in report.notices)


def test_a_damaged_workbook_is_one_problem(tmp_path):
    data = (workbook(tmp_path / "ok.xlsx", table_rows(statement()))).read_bytes()
    problem = only_problem(import_bytes("bad.xlsx", data[: len(data) // 2]))
    assert "ZIP" in problem.message or "XLSX" in problem.message


def test_a_zip_that_is_no_workbook_is_one_problem(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("readme.txt", "hello")
    problem = only_problem(import_file(tmp_path / "a.zip"))
    assert "ZIP archive, not an XLSX workbook" in problem.message


def test_a_dna_file_that_is_not_a_dna_database_is_one_problem(tmp_path):
    problem = only_problem(import_file(write(tmp_path / "coding.dna", csv_bytes(statement()))))
    assert "not a DNA database" in problem.message and "DNA 3" in problem.hint
    other = sqlite3.connect(tmp_path / "other.dna")
    other.execute("CREATE TABLE notes (x)")
    other.commit()
    other.close()
    problem = only_problem(import_file(tmp_path / "other.dna"))
    assert "not a DNA 3 database (no STATEMENTS" in problem.message


def test_a_json_interchange_file_brings_its_titles(tmp_path):
    document = {
        "proposals": {"p": "The P plan"},
        "events": [{"date": "2025-02-20", "label": "Summit", "url": ""}],
        "statements": [statement()],
    }
    report = import_file(write(tmp_path / "in.txt", json.dumps(document).encode()))
    assert report.ok and report.kind == "json", messages(report)
    assert report.proposals == {"p": "The P plan"}
    assert list(report.events["label"]) == ["Summit"]


# ---------------------------------------------------------------- XLSX
def test_an_xlsx_workbook_reads_its_first_sheet_or_the_named_one(tmp_path):
    rows = table_rows(statement(id="a", date="2025-02-17"))
    rows[1][rows[0].index("date")] = pd.Timestamp("2025-03-03").to_pydatetime()  # a date cell, not text
    path = workbook(tmp_path / "in.xlsx", rows, sheets=("First", "Second"))
    report = import_file(path)
    assert report.ok and str(report.statements.loc[0, "date"].date()) == "2025-03-03"
    assert any("read sheet 'First' of 2" in n for n in report.notices)
    assert import_file(path, ImportOptions(sheet="Second")).ok
    problem = only_problem(import_file(path, ImportOptions(sheet="Third")))
    assert "no sheet 'Third'" in problem.message and "'First', 'Second'" in problem.hint


def test_xlsx_rows_are_numbered_as_the_sheet_numbers_them(tmp_path):
    rows = table_rows(statement(id="a"), statement(id="b", position="maybe"))
    rows.insert(1, [None] * len(rows[0]))  # a blank row 2: the bad statement is on sheet row 4
    problem = only_problem(import_file(workbook(tmp_path / "in.xlsx", rows)))
    assert (problem.row, problem.column) == (4, "position")


def test_formula_like_text_in_a_workbook_stays_text(tmp_path):
    report = import_file(workbook(tmp_path / "in.xlsx", table_rows(statement(quote="=SUM(1)"))))
    assert report.ok and report.statements.loc[0, "quote"] == "=SUM(1)"


# ---------------------------------------------------------------- resolving
def test_country_names_and_aliases_resolve_and_are_listed(tmp_path):
    rows = [
        statement(id="1", actor="A", country="UK"),
        statement(id="2", actor="B", country="Britain"),
        statement(id="3", actor="C", country="france"),
        statement(id="4", actor="D", country="United Kingdom"),
        statement(id="5", actor="E", country="fr"),
    ]
    report = import_file(write(tmp_path / "in.csv", csv_bytes(*rows)))
    assert report.ok, messages(report)
    assert list(report.statements.sort_values("id")["country"]) == ["GB", "GB", "FR", "GB", "FR"]
    found = {(r.original, r.resolved, r.rows, r.how) for r in report.resolutions}
    assert found == {
        ("UK", "GB", (2,), "alias"),
        ("Britain", "GB", (3,), "alias"),
        ("france", "FR", (4,), "country name"),
        ("United Kingdom", "GB", (5,), "country name"),
        ("fr", "FR", (6,), "code in lower case"),
    }


def test_an_unknown_country_is_a_problem_never_a_guess(tmp_path):
    problem = only_problem(import_file(write(tmp_path / "in.csv", csv_bytes(statement(country="Frnace")))))
    assert problem.column == "country" and "did you mean 'FR'" in problem.message


def test_the_default_country_fills_rows_without_one(tmp_path):
    row = statement()
    del row["country"]
    report = import_file(write(tmp_path / "in.csv", csv_bytes(row)), ImportOptions(country="Poland"))
    assert report.ok and report.statements.loc[0, "country"] == "PL"
    assert [(r.original, r.resolved, r.how) for r in report.resolutions] == [("", "PL", "default country")]
    problem = only_problem(import_file(tmp_path / "in.csv", ImportOptions(country="Atlantis")))
    assert "'Atlantis' (the default country) is not a country" in problem.message


def test_proposal_titles_resolve_to_ids_given_the_known_proposals(tmp_path):
    known = {"air-shield": "A European air shield", "grain": "Grain escorts", "grain-2": "Grain escorts"}
    rows = [
        statement(id="1", proposal="a european  AIR shield"),
        statement(id="2", proposal="air-shield"),
        statement(id="3", proposal="new-plan"),
    ]
    report = import_file(write(tmp_path / "in.csv", csv_bytes(*rows)), ImportOptions(proposals=known))
    assert report.ok, messages(report)
    assert sorted(report.statements["proposal"]) == ["air-shield", "air-shield", "new-plan"]
    assert [(r.original, r.resolved, r.how) for r in report.resolutions] == [
        ("a european  AIR shield", "air-shield", "proposal title")
    ]
    ambiguous = import_file(
        write(tmp_path / "b.csv", csv_bytes(statement(proposal="Grain escorts"))), ImportOptions(proposals=known)
    )
    problem = only_problem(ambiguous)
    assert "title of 2 proposals (grain, grain-2)" in problem.message and "id instead" in problem.hint
    unknown = only_problem(import_file(write(tmp_path / "c.csv", csv_bytes(statement(proposal="Sky Shield!")))))
    assert "neither a proposal id nor the title" in unknown.message and "'sky-shield'" in unknown.hint


# ---------------------------------------------------------------- duplicates of stored statements
def test_duplicates_of_stored_statements_are_listed_and_skipped_or_kept(tmp_path, sample):
    stored = to_interchange(sample.statements).iloc[0].to_dict()
    again = dict(stored, id="new-1", quote="worded differently")
    path = write(tmp_path / "in.csv", csv_bytes(again, statement(id="new-2")))
    skipped = import_file(path, ImportOptions(existing=sample.statements))
    assert [(d.row, d.id, d.stored_id) for d in skipped.duplicates] == [(2, "new-1", stored["id"])]
    assert list(skipped.statements["id"]) == ["new-2"]
    kept = import_file(path, ImportOptions(existing=sample.statements, keep_duplicates=True))
    assert sorted(kept.statements["id"]) == ["new-1", "new-2"] and len(kept.duplicates) == 1


def test_an_id_already_stored_for_another_statement_is_a_problem(tmp_path, sample):
    stored_id = sample.statements["id"].iloc[0]
    report = import_file(
        write(tmp_path / "in.csv", csv_bytes(statement(id=stored_id))), ImportOptions(existing=sample.statements)
    )
    problem = only_problem(report)
    assert (problem.row, problem.column) == (2, "id") and "new id" in problem.hint


def test_a_stored_actor_given_another_country_is_a_problem_of_the_report_not_of_the_write(sample):
    kowal = {"actor": "Piotr Kowal", "country": "FR"}  # stored: PL, head of government
    data = csv_bytes(statement(id="n1", **kowal), statement(id="n2", date="2025-03-01", **kowal))
    report = import_bytes("new.csv", data, ImportOptions(existing=sample.statements))
    assert report.statements is None
    assert [(p.row, p.column) for p in report.problems] == [(2, "country"), (3, "country")]
    assert "'Piotr Kowal' is coded PL in the store" in report.problems[0].message
    assert report.problems[0].hint == "write PL"


def test_a_stored_actor_keeps_its_leaving_day_when_the_file_has_no_such_column(sample):
    stored = sample.statements.assign(
        left_office=sample.statements["left_office"].where(sample.statements["actor"] != "Piotr Kowal", "2025-06-30")
    )
    row = {k: v for k, v in statement(id="n1", actor="Piotr Kowal").items() if k != "left_office"}
    report = import_bytes("new.csv", csv_bytes(row), ImportOptions(existing=stored))
    assert report.ok, messages(report)
    assert list(report.statements["left_office"]) == ["2025-06-30"]
    assert ("left_office", "", "2025-06-30", (2,), "as stored for Piotr Kowal") in {
        (r.column, r.original, r.resolved, r.rows, r.how) for r in report.resolutions
    }


# ---------------------------------------------------------------- DNA
def test_a_dna_statement_by_a_stored_actor_takes_the_stored_type(tmp_path, sample):
    path = dna_database(tmp_path / "coding.dna", TWO_DNA_STATEMENTS)  # Claire Martin: head of state, FR, stored
    options = ImportOptions(country="FR", organization_countries={"Bundestag": "DE"}, existing=sample.statements)
    report = import_file(path, options)
    assert report.ok, messages(report)
    assert dict(zip(report.statements["actor"], report.statements["actor_type"], strict=True)) == {
        "Claire Martin": "head",
        "Bundestag": "other",
    }
    assert ("actor_type", "other", "head", (1,), "as stored for Claire Martin") in {
        (r.column, r.original, r.resolved, r.rows, r.how) for r in report.resolutions
    }


def test_a_dna_database_maps_onto_statements(tmp_path):
    path = dna_database(tmp_path / "coding.dna", TWO_DNA_STATEMENTS)
    options = ImportOptions(country="FR", organization_countries={"Bundestag": "Germany"})
    report = import_file(path, options)
    assert report.ok and report.kind == "dna", messages(report)
    rows = report.statements.sort_values("id").to_dict(orient="records")
    first, second = rows
    assert (first["id"], first["actor"], first["role"], first["country"], first["position"]) == (
        "dna-1",
        "Claire Martin",
        "Élysée",
        "FR",
        "support",
    )
    assert (second["actor"], second["role"], second["country"], second["position"]) == (
        "Bundestag",
        "",
        "DE",
        "opposed",
    )
    assert first["quote"] == "We back the air shield."
    assert str(first["date"].date()) == "2025-02-17"
    assert (first["source"], first["url"]) == ("Hearing 7", "https://example.org/hearing-7")
    assert first["proposal"] == "a-european-air-shield"
    assert report.proposals == {"a-european-air-shield": "A European air shield"}
    assert any("1 statements of other types" in n for n in report.notices)


def test_a_dna_concept_matching_a_known_title_takes_its_id(tmp_path):
    path = dna_database(tmp_path / "coding.dna", TWO_DNA_STATEMENTS)
    report = import_file(path, ImportOptions(country="FR", proposals={"air-shield": "A European Air Shield"}))
    assert set(report.statements["proposal"]) == {"air-shield"} and report.proposals == {}


def test_dna_statements_without_a_country_are_problems_with_a_hint(tmp_path):
    path = dna_database(tmp_path / "coding.dna", TWO_DNA_STATEMENTS)
    report = import_file(path, ImportOptions(organization_countries={"Bundestag": "DE"}))
    problem = only_problem(report)
    assert (problem.row, problem.column) == (1, "country")
    assert "Élysée" in problem.message and "--country" in problem.hint


def test_each_dna_statement_s_country_is_shown_with_where_it_came_from(tmp_path):
    statements = [*TWO_DNA_STATEMENTS, ("Olaf Berg", "Bundestag", "A European air shield", 1)]
    path = dna_database(tmp_path / "coding.dna", statements)
    options = ImportOptions(country="FR", organization_countries={"Bundestag": "Germany", "Sejm": "PL"})
    report = import_file(path, options)
    assert report.ok, messages(report)
    shown = {(r.original, r.resolved, r.rows, r.how) for r in report.resolutions if r.column == "country"}
    assert shown == {("Bundestag", "DE", (2, 3), "organization map"), ("", "FR", (1,), "default country")}
    assert dict(zip(report.statements["id"], report.statements["country"], strict=True)) == {
        "dna-1": "FR",
        "dna-2": "DE",
        "dna-3": "DE",
    }
    assert any("names 1 organizations no statement has: 'Sejm'" in n for n in report.notices)


def test_the_organizations_of_a_dna_database_are_listed_for_mapping(tmp_path):
    statements = [*TWO_DNA_STATEMENTS, ("Olaf Berg", "Bundestag", "A European air shield", 1)]
    data = dna_database(tmp_path / "coding.dna", statements).read_bytes()
    assert organizations(data) == {"Bundestag": 2, "Élysée": 1}
    assert organizations(csv_bytes(statement())) == {} and organizations(b"SQLite format 3\x00junk") == {}


def test_the_dna_mapping_preview_shows_fields_columns_and_examples(tmp_path):
    report = import_file(dna_database(tmp_path / "coding.dna", TWO_DNA_STATEMENTS), ImportOptions(country="FR"))
    preview = {row.source: (row.column, row.examples) for row in report.mapping}
    assert preview["person"] == ("actor", ("Claire Martin", "Bundestag"))
    assert preview["agreement"] == ("position", ("1 -> support", "0 -> opposed"))
    assert preview["document date"] == ("date", ("1739750400 -> 2025-02-17",))


def test_dna_dates_in_seconds_or_milliseconds():
    assert epoch_date(1739750400) == ("2025-02-17", "")
    assert epoch_date(1739750400000) == ("2025-02-17", "")
    assert epoch_date("soon")[0] == ""


def test_the_dna_sample_shipped_with_dna_is_read():
    if not DNA_SAMPLE.is_file():
        pytest.skip(f"the DNA sample is not at {DNA_SAMPLE} (set STANCE_SHARED to the shared folder)")
    report = import_file(DNA_SAMPLE, ImportOptions(country="US"))
    assert report.ok, messages(report)
    assert len(report.statements) == 40 and report.statements["proposal"].nunique() == 6
    assert report.statements["position"].value_counts().to_dict() == {"support": 29, "opposed": 11}
    assert len(report.proposals) == 6
    assert not import_file(DNA_SAMPLE).ok  # no country: every statement is a problem with a hint
