"""Readers and writers: row numbers, the fast and exact CSV paths, JSON values, the format registry."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

from stance import formats, load
from stance.formats import (
    FORMATS,
    Format,
    Reading,
    read_csv_table,
    supported,
    table_to_csv,
    write_dataset,
)
from stance.load import load_dataset, statements_frame
from stance.model import ALL_COLUMNS, Dataset, to_interchange
from stance.validate import MAX_FIELD_CHARS, DataError, RawTable

from conftest import escape_cell, make_dataset, statement

HEADER = ",".join(ALL_COLUMNS)


def row_text(**values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([statement(**values)[c] for c in ALL_COLUMNS])
    return buffer.getvalue()[:-1]


def problems_of(path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    return [str(p) for p in caught.value.problems]


def exact_only(monkeypatch) -> None:
    monkeypatch.setattr(formats, "_parse_regular", lambda data, delimiter=",": None)


# ------------------------------------------------------------ CSV rows and paths
def test_rows_are_records_counted_without_blank_lines(tmp_path):
    text = (
        "\n".join(
            [
                "",
                HEADER,
                row_text(id="a", quote="two\nlines"),
                "",
                ",,,",
                row_text(id="b", position="maybe"),
                row_text(id="c", country="UK"),
            ]
        )
        + "\n"
    )
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:3:position: 'maybe' is not a position; use one of support, hesitant, opposed, denied",
        f"{path}:4:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)",
    ]


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "\r\n" + row_text(id="a", quote=" '=1+1 ") + "\r\n" + row_text(id="a", date="2025-02-30") + "\r\n",
        "\ufeff" + HEADER + "\n\n" + row_text(quote='say "no", twice\r\nthen') + "\n" + row_text(id="x y") + "\n",
        HEADER.replace("notes", " notes ") + "\n" + row_text(country="Poland", source=" ") + "\n",
    ],
)
def test_the_fast_and_the_exact_reader_agree(tmp_path, monkeypatch, text):
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    fast = read_csv_table(path)
    assert formats._parse_regular(path.read_bytes()) is not None  # this file takes the fast path
    fast_problems = problems_of(path)
    exact_only(monkeypatch)
    exact = read_csv_table(path)
    assert (fast.header, fast.rows.tolist()) == (exact.header, exact.rows.tolist())
    pd.testing.assert_frame_equal(fast.cells, exact.cells)
    assert problems_of(path) == fast_problems


def test_cells_are_stripped_then_unescaped(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(HEADER + "\n" + row_text(quote=" '=SUM(A1) ", notes="'Tis", role="\u3000'+1\t") + "\n", "utf-8")
    cells = read_csv_table(path).cells.iloc[0]
    assert (cells["quote"], cells["notes"], cells["role"]) == ("=SUM(A1)", "'Tis", "+1")


def test_blank_rows_of_empty_fields_are_dropped_on_the_fast_path_too(tmp_path):
    path = tmp_path / "s.csv"
    blank = ",".join([" "] * len(ALL_COLUMNS))
    path.write_text("\n".join([HEADER, blank, row_text(id="a"), blank, row_text(id="b", position="x")]) + "\n", "utf-8")
    assert formats._parse_regular(path.read_bytes()) is not None
    assert read_csv_table(path).rows.tolist() == [2, 3]
    assert problems_of(path) == [
        f"{path}:3:position: 'x' is not a position; use one of support, hesitant, opposed, denied"
    ]


@pytest.mark.parametrize(
    "extra, message",
    [
        ("  \n", None),  # a blank-looking line: the exact reader drops it, as before
        ("a,b\n", "has 2 fields but the header has 17; check for an unquoted comma"),
        (",".join(["x"] * 18) + "\n", "has 18 fields but the header has 17; check for an unquoted comma"),
    ],
)
def test_irregular_rows_take_the_exact_reader(tmp_path, extra, message):
    path = tmp_path / "s.csv"
    path.write_text(HEADER + "\n" + row_text(id="a") + "\n" + extra + row_text(id="b") + "\n", encoding="utf-8")
    assert formats._parse_regular(path.read_bytes()) is None
    if message is None:
        assert len(load_dataset(path).statements) == 2
    else:
        assert problems_of(path) == [f"{path}:3:: {message}"]


def test_a_field_over_the_field_limit_is_reported_the_same_on_both_paths(tmp_path):
    # The csv module's own limit (128 KiB) no longer decides: both readers give the field limit's message.
    path = tmp_path / "s.csv"
    long = "x" * (MAX_FIELD_CHARS + 1)
    message = f"is {MAX_FIELD_CHARS + 1:,} characters long; at most {MAX_FIELD_CHARS:,}"
    path.write_text(HEADER + "\n" + row_text(id="a") + "\n" + row_text(id="b", quote=long) + "\n", "utf-8")
    assert formats._parse_regular(path.read_bytes()) is not None
    assert problems_of(path) == [f"{path}:3:quote: {message}"]
    path.write_text(HEADER + "\n" + row_text(id="a") + "\n" + row_text(id="b", quote=long) + "\n,\n", "utf-8")
    assert formats._parse_regular(path.read_bytes()) is None
    assert f"{path}:3:quote: {message}" in problems_of(path)
    path.write_text(HEADER + "\n" + row_text(id="b", quote="x" * MAX_FIELD_CHARS) + "\n", "utf-8")
    assert len(load_dataset(path).statements.loc[0, "quote"]) == MAX_FIELD_CHARS


def test_a_second_byte_order_mark_is_text(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("\ufeff\ufeff" + HEADER + "\n" + row_text() + "\n", encoding="utf-8")
    assert problems_of(path)[:2] == [
        f"{path}:1:\ufeffid: unknown column (did you mean 'id'?)",
        f"{path}:1:id: missing column",
    ]


def test_a_block_ending_inside_a_quoted_crlf_loses_nothing(tmp_path, monkeypatch):
    path = tmp_path / "s.csv"
    rows = [row_text(id=f"r{i}", quote=f"line {i}\r\nnext") for i in range(12)]
    path.write_bytes((HEADER + "\r\n" + "\r\n".join(rows) + "\r\n").encode())
    for block in range(300, 340):  # one of these ends a block between a CR and its LF
        monkeypatch.setattr(formats, "_BLOCK_SIZE", block)
        assert formats._parse_regular(path.read_bytes()) is not None
        assert read_csv_table(path).cells["quote"].tolist() == [f"line {i}\r\nnext" for i in range(12)]


def test_many_pyarrow_blocks_read_like_one(tmp_path, monkeypatch):
    path = tmp_path / "s.csv"
    path.write_text(
        HEADER + "\n" + "\n".join(row_text(id=f"r{i}", quote=f"line {i}\nnext") for i in range(300)) + "\n",
        encoding="utf-8",
    )
    whole = read_csv_table(path)
    monkeypatch.setattr(formats, "_BLOCK_SIZE", 512)
    pieces = read_csv_table(path)
    pd.testing.assert_frame_equal(pieces.cells, whole.cells)
    assert pieces.cells["quote"].iloc[299] == "line 299\nnext"


# ------------------------------------------------------------ JSON
def test_json_values_are_read_as_python_writes_them(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(
        '[{"id": 7, "quote": " Yes ", "notes": null, "date_note": true, "role": NaN, "source": 1.5}]', encoding="utf-8"
    )
    cells = formats.read_json(path).statements.cells.iloc[0]
    assert (cells["id"], cells["quote"], cells["notes"], cells["date_note"], cells["role"], cells["source"]) == (
        "7",
        "Yes",
        "",
        "True",
        "nan",
        "1.5",
    )


def test_json_keys_missing_from_a_record_are_empty(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"id": "a"}, {"quote": "q", "id": "b"}]), encoding="utf-8")
    raw = formats.read_json(path).statements
    assert raw.header == ("id", "quote") and raw.rows.tolist() == [1, 2]
    assert raw.cells.to_dict("list") == {"id": ["a", "b"], "quote": ["", "q"]}


def test_a_lone_surrogate_in_json_is_a_message_not_a_crash(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps([statement(quote="a\ud800b")]), encoding="utf-8")
    assert problems_of(path) == [f"{path}:0:: is not UTF-8 text"]
    path.write_text(json.dumps([statement(quote="a\ud800b", position="x")]), encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:1:position: 'x' is not a position; use one of support, hesitant, opposed, denied"
    ]


# ------------------------------------------------------------ writing
@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "",
        " lead",
        "a,b",
        'say "no"',
        "two\nlines",
        "cr\rhere",
        "=1+1",
        "'=x",
        "'Tis",
        "-5%",
        "@a",
        "\tx",
        "'",
    ],
)
def test_csv_text_is_what_the_csv_module_writes(value):
    frame = pd.DataFrame({"a": [value, "x"], "b": ["y", value]}, dtype="str")
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["a", "b"])
    writer.writerows([[escape_cell(a), escape_cell(b)] for a, b in zip(frame["a"], frame["b"], strict=True)])
    assert table_to_csv(frame) == expected.getvalue()


def test_every_registered_format_round_trips(tmp_path):
    dataset = make_dataset(
        statement(id="b", quote='=1+1, "and"\nmore'), statement(id="a", date="2025-01-06", date_precision="week")
    )
    for name, target in (("csv", tmp_path / "d.csv"), ("json", tmp_path / "d.json"), ("seeds", tmp_path / "folder")):
        assert formats.format_for(target).name == name
        write_dataset(dataset, target)
        again = load_dataset(target)
        pd.testing.assert_frame_equal(to_interchange(again.statements), to_interchange(dataset.statements))
        assert again.proposals == (dataset.proposals if name != "csv" else {})


# ------------------------------------------------------------ the registry
def test_the_unsupported_type_message_lists_the_formats(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"PK")
    assert supported() == "a .csv or .json interchange table, or a seeds folder"
    assert problems_of(path) == [
        f"{path}:0:: unsupported file type '.xlsx'; give a .csv or .json interchange table, or a seeds folder"
    ]


def read_tsv(path):
    """A reader as a new format would register one: tab-separated, no validation of its own."""
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    cells = pd.DataFrame({c: pd.Series([r[i] for r in lines[1:]], dtype="str") for i, c in enumerate(lines[0])})
    return Reading(RawTable(str(path), tuple(lines[0]), cells, np.arange(2, len(lines) + 1)), (path,))


def test_a_registered_format_is_loaded_and_validated(tmp_path, monkeypatch):
    monkeypatch.setitem(FORMATS, "tsv", Format("tsv", ".tsv", "interchange table", read_tsv, formats.write_csv))
    path = tmp_path / "poland.tsv"
    rows = [statement(id="a"), statement(id="b", country="UK")]
    path.write_text(
        "\n".join(
            "\t".join(r[c] for c in ALL_COLUMNS) for r in [dict(zip(ALL_COLUMNS, ALL_COLUMNS, strict=True))] + rows
        ),
        "utf-8",
    )
    assert problems_of(path) == [
        f"{path}:3:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)"
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("\tUK\t", "\tPL\t"), encoding="utf-8")
    dataset = load_dataset(path)
    assert (len(dataset.statements), dataset.title, dataset.name) == (2, "poland.tsv", "poland")
    assert supported() == "a .csv, .json or .tsv interchange table, or a seeds folder"


# ------------------------------------------------------------ the dataset
def test_titles_name_the_data_that_is_open(tmp_path, monkeypatch):
    write_dataset(make_dataset(statement()), tmp_path / "poland.csv")
    assert load_dataset(tmp_path / "poland.csv").title == "poland.csv"
    write_dataset(make_dataset(statement()), tmp_path / "bundled")
    assert load_dataset(tmp_path / "bundled").title == "bundled"
    monkeypatch.setattr(load, "BUNDLED_DATA", (tmp_path / "bundled").resolve())
    assert load_dataset(tmp_path / "bundled").title == "Stance dataset"
    assert load_dataset().title == "Stance dataset" and load_dataset().label == "Stance dataset"


def test_statements_are_ordered_by_date_country_actor_id_keeping_ties_in_file_order():
    cells = pd.DataFrame(
        [
            {"id": "z", "date": "2025-01-02", "country": "PL", "actor": "B"},
            {"id": "y", "date": "2025-01-01", "country": "PL", "actor": "B"},
            {"id": "x", "date": "2025-01-01", "country": "GB", "actor": "C"},
            {"id": "w", "date": "2025-01-01", "country": "PL", "actor": "A", "quote": "first"},
            {"id": "w", "date": "2025-01-01", "country": "PL", "actor": "A", "quote": "second"},
        ],
        dtype="str",
    ).fillna("")
    frame = statements_frame(cells)
    assert frame["id"].tolist() == ["x", "w", "w", "y", "z"]
    assert frame["quote"].tolist() == ["", "first", "second", "", ""]
    assert list(frame.columns) == list(ALL_COLUMNS) and (frame["notes"] == "").all()
    assert frame["date"].dtype == "datetime64[s]" and frame["date"].iloc[-1] == pd.Timestamp("2025-01-02")
    assert isinstance(Dataset(frame).statements, pd.DataFrame)


def test_a_semicolon_delimiter_reads_alike_on_the_fast_and_the_exact_path(monkeypatch):
    data = b'id;quote\na;"one; two, three"\nb;"line\nbreak"\n'
    fast = formats.parse_csv("in.csv", data, ";")
    exact_only(monkeypatch)
    exact = formats.parse_csv("in.csv", data, ";")
    for table in (fast, exact):
        assert table.header == ("id", "quote")
        assert list(table.cells["quote"]) == ["one; two, three", "line\nbreak"]
        assert list(table.rows) == [2, 3]
