"""Readers and writers of statement tables, one :class:`Format` per way of storing them.

A reader turns a file (or folder) into a :class:`Reading`: raw string tables for
:mod:`stance.validate` to check, the proposals' titles and the files read. A writer stores a
dataset. The CSV and JSON interchange tables and the seeds folder are registered here; a new
format (a spreadsheet, a DNA file, a database) registers its own reader and writer with
:func:`register` and needs no change to the validator.

Nothing here raises anything but ``DataError`` for bad input, and every write goes to a
temporary file first, so a failed write never leaves a half-written file behind.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from . import validate as limits  # read at call time: MAX_FILE_BYTES, MAX_FIELD_CHARS, MAX_JSON_DEPTH
from .model import EVENT_COLUMNS, Dataset, actor_table, to_interchange
from .validate import (
    PROPOSAL_COLUMNS,
    SEEDS_ACTOR_ONLY,
    WHITESPACE,
    DataError,
    Problem,
    RawTable,
    validate_events,
    validate_interchange,
    validate_seeds,
)

SEEDS_FILES = ("statements.csv", "actors.csv", "proposals.csv", "events.csv")  # the first two are required
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PREFIXES = "".join(FORMULA_PREFIXES).replace("-", "\\-")  # as a regular expression's character class
_ESCAPED = f"^'[{_PREFIXES}']"  # a formula-like cell behind the apostrophe table_to_csv adds
_FORMULA_LIKE = f"^([{_PREFIXES}]|'[{_PREFIXES}'])"  # what table_to_csv prefixes with an apostrophe
_BLOCK_SIZE = 1 << 22  # bytes pyarrow parses at a time: blocks for both cores, not so many chunks
_STRINGS = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str"
_PYTHON_STRINGS = pd.StringDtype("python", na_value=np.nan)
_JSON_CONSTANTS = {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}  # as str(float(...)) writes them
# The csv module stops at 128 KiB a field with an error of its own; the field length limit
# (validate.MAX_FIELD_CHARS) is checked on the table instead, the same for every format.
csv.field_size_limit(max(csv.field_size_limit(), limits.MAX_FILE_BYTES))
SEMICOLONS = "this file uses ';' between fields; Stance reads comma-separated CSV: save it as CSV (comma delimited)"


@dataclass(frozen=True)
class Reading:
    """What a reader found, before validation.

    ``statements`` is the interchange table, or for the seeds layout the statements without
    their actors' countries, types and dates of leaving office, which ``actors`` holds (with
    ``proposal_table``, the titles). ``events`` is the key events table, where the data has one
    (a seeds folder's events.csv, a JSON file's "events"; a flat CSV has none).
    """

    statements: RawTable
    files: tuple[Path, ...]  # their content makes the dataset's revision
    proposals: dict[str, str] = field(default_factory=dict)
    actors: RawTable | None = None
    proposal_table: RawTable | None = None
    events: RawTable | None = None

    def problems(self) -> list[Problem]:
        if self.actors is None:
            problems = validate_interchange(self.statements)
        else:
            problems = validate_seeds(self.statements, self.actors, self.proposal_table)
        if self.events is not None:
            problems += validate_events(self.events)
        return problems

    def actor_notes(self) -> dict[str, str]:
        """The seeds layout's notes on actors (why a type was chosen), by actor; call after validation."""
        if self.actors is None or "note" not in self.actors.cells.columns:
            return {}
        cells = self.actors.cells
        noted = cells[cells["note"] != ""]
        return dict(zip(noted["actor"], noted["note"], strict=True))

    def interchange_cells(self) -> pd.DataFrame:
        """The statements' cells with every interchange column there is; call after validation."""
        if self.actors is None:
            return self.statements.cells
        actors = self.actors.cells.set_index("actor")
        cells = self.statements.cells.copy()
        cells["country"] = cells["actor"].map(actors["country"])
        cells["actor_type"] = cells["actor"].map(actors["actor_type"])
        if "left_office" in actors.columns:
            cells["left_office"] = cells["actor"].map(actors["left_office"])
        cells["role"] = cells["role"].where(cells["role"] != "", cells["actor"].map(actors["role"]))
        return cells


@dataclass(frozen=True)
class Format:
    """One way of storing statements, and how :func:`format_for` recognises it."""

    name: str
    suffix: str  # ".csv"; "" for a folder
    kind: str  # how the message about an unsupported file names it: "interchange table"
    read: Callable[[Path], Reading]
    write: Callable[[Dataset, Path], None]


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt


def format_for(path: Path) -> Format:
    """The format of a file by its suffix, or of a folder (an existing one, or a new path with no suffix)."""
    folder = path.is_dir() or (not path.exists() and path.suffix == "")
    suffix = path.suffix.lower()
    for fmt in FORMATS.values():
        if (fmt.suffix == "") == folder and (folder or fmt.suffix == suffix):
            return fmt
    raise DataError([Problem(str(path), 0, "", f"unsupported file type '{suffix or path.name}'; give {supported()}")])


def supported() -> str:
    """'a .csv or .json interchange table, or a seeds folder': the registered formats, in words."""
    parts = []
    for kind in dict.fromkeys(f.kind for f in FORMATS.values()):
        suffixes = [f.suffix for f in FORMATS.values() if f.kind == kind and f.suffix]
        parts.append(f"a {_either(suffixes, ', ', ' or ')} {kind}" if suffixes else f"a {kind}")
    return _either(parts, ", ", ", or ")


def _either(words: list[str], separator: str, last: str) -> str:
    return last.join([separator.join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def read_dataset(path: Path) -> Reading:
    return format_for(path).read(path)


def write_dataset(dataset: Dataset, path: str | os.PathLike) -> None:
    """Store a dataset in the format its path names: .csv, .json, or a folder for the seeds layout."""
    path = Path(path)
    format_for(path).write(dataset, path)


# ---------------------------------------------------------------- cells
def _escaped(value: str) -> bool:
    return value.startswith("'") and value[1:2] in FORMULA_PREFIXES + ("'",)


def unescape_cell(value: str) -> str:
    """Undo the escape :func:`table_to_csv` adds. A leading apostrophe elsewhere ("'Tis") is the text's own."""
    return value[1:] if _escaped(value) else value


def _strings(array: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(array, dtype=_STRINGS)


# ---------------------------------------------------------------- CSV
def read_csv_table(path: Path) -> RawTable:
    """A CSV table as written: header and cells stripped, formula escapes undone. Raises DataError.

    A file whose rows all have one length goes through pyarrow's CSV reader, a column at a time.
    Any other file, and any file pyarrow would read differently from Python's csv module (a
    blank-looking line, a field over the csv module's size limit, a second byte order mark), is
    read by the csv module a record at a time, so every message is the same either way.
    """
    return parse_csv(str(path), _comma_separated_utf8(path))  # no reference to the bytes kept here: see parse_csv


def _comma_separated_utf8(path: Path) -> bytes:
    name = str(path)
    data = read_limited(path)
    _check_utf8(name, data)
    if b"\x00" in data:
        raise DataError([Problem(name, 0, "", "is a binary file, not a CSV table")])
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    if b"," not in first_line and b";" in first_line:
        raise DataError([Problem(name, 1, "", SEMICOLONS)])
    return data


def parse_csv(name: str, data: bytes, delimiter: str = ",") -> RawTable:
    """UTF-8 CSV bytes (``name`` says where they come from) as a table: see :func:`read_csv_table`. Raises DataError.

    The importer gives ``delimiter=";"`` for the semicolon-separated files spreadsheets write in
    some languages. Once parsed, the bytes are let go before the table is built: pass them
    without keeping a reference, and a big file is not held twice.
    """
    columns = _parse_regular(data, delimiter)
    if columns is None:
        return _read_csv_exact(name, data.decode("utf-8-sig"), delimiter)
    del data  # one copy of the text at a time
    return _regular_table(name, columns)


def read_limited(path: Path) -> bytes:
    """A file's bytes, refused when larger than MAX_FILE_BYTES (before reading more than that). Raises DataError."""
    name = str(path)
    limit = limits.MAX_FILE_BYTES
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise DataError([Problem(name, 0, "", f"cannot read the file: {error.strerror or error}")]) from error
    if len(data) > limit:
        size = "1 GiB" if limit == 1 << 30 else f"{limit:,} bytes"
        raise DataError([Problem(name, 0, "", f"is larger than {size} (the limit); split the data into smaller files")])
    return data


def _check_utf8(name: str, data: bytes) -> None:
    """UTF-8 (after an optional byte order mark), checked a block at a time: no copy of a big file as text."""
    if data.isascii():
        return
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _BLOCK_SIZE):
            decoder.decode(view[start : start + _BLOCK_SIZE], final=start + _BLOCK_SIZE >= len(data))
    except UnicodeDecodeError:
        try:
            data.decode("utf-8-sig")  # again, whole: the error's position as the message has always given it
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise DataError([Problem(name, line, "", "is not UTF-8 text; save the file as CSV UTF-8")]) from None


def _parse_regular(data: bytes, delimiter: str = ",") -> list[pa.ChunkedArray] | None:
    """pyarrow's columns, or None when the file is not one it reads exactly as the csv module does."""
    body = memoryview(data)[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else memoryview(data)
    if bytes(body[: len(codecs.BOM_UTF8)]) == codecs.BOM_UTF8:
        return None  # pyarrow would drop a second byte order mark; Python keeps it as text
    block = _BLOCK_SIZE
    while any(body[end - 1] == 13 and body[end] == 10 for end in range(block, len(body), block)):
        block += 1  # pyarrow 26 drops the LF of a CR LF in a quoted value when a block ends between them
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True, block_size=block),
            # ignore_empty_lines: as csv's [] rows
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{i}": pa.large_string() for i in range(64)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # rows of another length (or no rows): the exact reader says which
    columns = table.columns
    if not all(column.type == pa.large_string() for column in columns):
        return None  # more columns than we asked to keep as text
    limit = csv.field_size_limit()
    # The csv module refuses such a field. Bytes are cheap to count, and never fewer than characters.
    if any(_longest(c, pc.binary_length) > limit and _longest(c, pc.utf8_length) > limit for c in columns):
        return None
    return columns


def _regular_table(name: str, columns: list[pa.ChunkedArray]) -> RawTable:
    stripped = [_each_chunk(column, _strip) for column in columns]
    blank = pc.equal(stripped[0], "")
    if pc.any(blank).as_py():  # a row is blank only if its first cell is
        for column in stripped[1:]:
            blank = pc.and_(blank, pc.equal(column, ""))
        keep = pc.invert(blank)
        stripped = [pc.filter(column, keep) for column in stripped]
    if not len(stripped[0]):
        raise DataError([Problem(name, 1, "", "is empty; expected a header row and statements")])
    header = [column[0].as_py() for column in stripped]
    cells = {h: _strings(_each_chunk(column.slice(1), _unescape)) for h, column in zip(header, stripped, strict=True)}
    count = len(stripped[0]) - 1
    return RawTable(name, tuple(header), pd.DataFrame(cells, index=pd.RangeIndex(count)), np.arange(2, 2 + count))


def _longest(column: pa.ChunkedArray, length: Callable) -> int:
    return pc.max(length(column)).as_py() or 0


def _each_chunk(column: pa.ChunkedArray, change: Callable[[pa.Array], pa.Array]) -> pa.ChunkedArray:
    return pa.chunked_array([change(chunk) for chunk in column.chunks], type=column.type)


# The bytes a white-space character can begin and end with in UTF-8: a cell that begins and ends
# with none of them needs no stripping (and no copy).
_SPACE_FIRST_BYTES = np.zeros(256, dtype=bool)
_SPACE_FIRST_BYTES[[c.encode()[0] for c in WHITESPACE]] = True
_SPACE_LAST_BYTES = np.zeros(256, dtype=bool)
_SPACE_LAST_BYTES[[c.encode()[-1] for c in WHITESPACE]] = True


def _strip(chunk: pa.Array) -> pa.Array:
    """str.strip() on every cell; only the cells that may need it are touched."""
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
    starts, ends = offsets[:-1], offsets[1:]
    filled = np.flatnonzero(ends > starts)
    if not len(filled):
        return chunk
    text = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
    doubtful = np.zeros(len(chunk), dtype=bool)
    doubtful[filled] = _SPACE_FIRST_BYTES[text[starts[filled]]] | _SPACE_LAST_BYTES[text[ends[filled] - 1]]
    if not doubtful.any():
        return chunk
    mask = pa.array(doubtful)
    return pc.replace_with_mask(chunk, mask, pc.utf8_trim(chunk.filter(mask), WHITESPACE))


def _unescape(chunk: pa.Array) -> pa.Array:
    """:func:`unescape_cell` on every cell; only the cells that begin with an apostrophe are touched."""
    quoted = pc.starts_with(chunk, "'")
    if not pc.any(quoted).as_py():
        return chunk
    candidates = chunk.filter(quoted)
    unescaped = pc.if_else(
        pc.match_substring_regex(candidates, _ESCAPED), pc.utf8_slice_codeunits(candidates, 1), candidates
    )
    return pc.replace_with_mask(chunk, quoted, unescaped)


def _read_csv_exact(name: str, text: str, delimiter: str) -> RawTable:
    """Python's csv module, a record at a time: the reference the fast reader must agree with."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    separator = "comma" if delimiter == "," else f"'{delimiter}'"
    try:
        table = list(reader)
    except csv.Error as error:
        raise DataError([Problem(name, reader.line_num, "", f"is not valid CSV: {error}")]) from error
    table = [r for r in table if any(cell.strip() for cell in r)] if table else []
    if not table:
        raise DataError([Problem(name, 1, "", "is empty; expected a header row and statements")])
    header = [h.strip() for h in table[0]]
    problems = [
        Problem(
            name,
            number,
            "",
            f"has {len(record)} fields but the header has {len(header)}; check for an unquoted {separator}",
        )
        for number, record in enumerate(table[1:], start=2)
        if len(record) != len(header)
    ]
    if problems:
        raise DataError(problems)
    records = table[1:]
    columns = list(zip(*records, strict=True)) if records else [() for _ in header]
    cells = {
        h: pd.Series([unescape_cell(v.strip()) for v in column], dtype=_STRINGS)
        for h, column in zip(header, columns, strict=True)
    }
    return RawTable(
        name, tuple(header), pd.DataFrame(cells, index=pd.RangeIndex(len(records))), np.arange(2, 2 + len(records))
    )


def read_csv(path: Path) -> Reading:
    return Reading(read_csv_table(path), (path,))


def table_to_csv(frame: pd.DataFrame) -> str:
    """CSV text with formula-like cells escaped (read back losslessly by the loaders)."""
    escaped = pd.DataFrame({i: _escape(frame.iloc[:, i]) for i in range(frame.shape[1])})
    escaped.columns = list(frame.columns)
    return escaped.to_csv(index=False, lineterminator="\n")


def _escape(values: pd.Series) -> pd.Series:
    if values.dtype == _STRINGS and not values.isna().any():
        text = values
    else:
        text = pd.Series([str(v) for v in values], dtype=_STRINGS)
    formula = text.str.match(_FORMULA_LIKE).to_numpy(dtype=bool)
    return text.where(~formula, "'" + text).reset_index(drop=True) if formula.any() else text.reset_index(drop=True)


def write_csv(dataset: Dataset, path: Path) -> None:
    atomic_write(path, table_to_csv(to_interchange(dataset.statements)).encode("utf-8"))


# ---------------------------------------------------------------- JSON
def read_json(path: Path) -> Reading:
    return parse_json(str(path), read_limited(path), (path,))


def parse_json(name: str, raw: bytes, files: tuple[Path, ...] = ()) -> Reading:
    """The JSON interchange's bytes (``name`` says where they come from) as a Reading. Raises DataError."""
    too_deep = _too_deep(raw, limits.MAX_JSON_DEPTH)
    deep = f"is nested too deeply; at most {limits.MAX_JSON_DEPTH} levels"
    if too_deep is not None:
        raise DataError([Problem(name, raw[:too_deep].count(b"\n") + 1, "", deep)])
    try:
        text = raw.decode("utf-8-sig")
        del raw
        data = json.loads(text, parse_constant=_JSON_CONSTANTS.__getitem__)
    except UnicodeDecodeError:
        raise DataError([Problem(name, 0, "", "is not UTF-8 text")]) from None
    except RecursionError:  # not expected after the depth check; never a traceback
        raise DataError([Problem(name, 0, "", deep)]) from None
    except json.JSONDecodeError as error:
        message = f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise DataError([Problem(name, error.lineno, "", message)]) from None
    proposals: object = {}
    events: object = None
    if isinstance(data, dict):
        proposals = data.get("proposals") or {}
        events = data.get("events")
        data = data.get("statements")
    if not isinstance(data, list) or not isinstance(proposals, dict):
        raise DataError([Problem(name, 0, "", 'expected a list of statement objects, or {"statements": [...]}')])
    if events is not None and not isinstance(events, list):
        raise DataError([Problem(EVENTS_PLACE.format(name), 0, "", EVENTS_SHAPE)])
    problems = [
        Problem(name, number, "", "is not an object with the statement's columns")
        for number, record in enumerate(data, start=1)
        if not isinstance(record, dict)
    ]
    problems += [
        Problem(EVENTS_PLACE.format(name), number, "", "is not an object with the event's date, label and url")
        for number, record in enumerate(events or [], start=1)
        if not isinstance(record, dict)
    ]
    if problems:
        raise DataError(problems)
    table = _json_table(name, data)
    event_table = _json_table(EVENTS_PLACE.format(name), events) if events else None  # [] is no events
    return Reading(table, files, {str(k): str(v) for k, v in proposals.items()}, events=event_table)


EVENTS_PLACE = "{}:events"  # how problems name a JSON file's events list: "data.json:events:2:date: ..."
EVENTS_SHAPE = 'expected "events": [{"date": "YYYY-MM-DD", "label": ..., "url": ...}, ...]'


def _json_table(name: str, records: list) -> RawTable:
    header = list(dict.fromkeys(chain.from_iterable(records)))
    cells = {column: _json_column(list(map(dict.get, records, repeat(column)))) for column in header}
    return RawTable(
        name,
        tuple(header),
        pd.DataFrame(cells, index=pd.RangeIndex(len(records))),
        np.arange(1, 1 + len(records)),
        cell_order=records,
    )


_BRACKETS = np.zeros(256, dtype=bool)
_BRACKETS[list(b"[]{}")] = True
_DEPTH_STEP = np.zeros(256, dtype=np.int64)
_DEPTH_STEP[list(b"[{")] = 1
_DEPTH_STEP[list(b"]}")] = -1


def _too_deep(data: bytes, limit: int) -> int | None:
    """Where JSON text first opens more than ``limit`` brackets (outside strings), or None.

    A scan of the bytes a block at a time, without parsing (so without recursion): a bracket is
    outside a string when an even number of quotes precedes it, a quote counting unless an odd
    number of backslashes precedes it. Invalid JSON may be measured wrongly after its first
    error, where the parser stops anyway.
    """
    if data.count(b"[") + data.count(b"{") <= limit:
        return None
    depth = 0
    in_string = 0
    start = 0
    while start < len(data):
        end = min(start + _BLOCK_SIZE, len(data))
        while end < len(data) and data[end - 1] == 0x5C:
            end += 1  # a run of backslashes stays in one block
        block = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
        brackets = np.flatnonzero(_BRACKETS[block])
        quotes = np.flatnonzero(block == 0x22)
        if len(quotes) and data.find(b"\\", start, end) >= 0:
            slashes = np.flatnonzero(block == 0x5C)
            run_starts = slashes[np.concatenate(([True], np.diff(slashes) != 1))]
            candidates = quotes[quotes > 0]
            after = candidates[block[candidates - 1] == 0x5C]
            runs = after - run_starts[np.searchsorted(run_starts, after - 1, side="right") - 1]
            quotes = np.setdiff1d(quotes, after[runs % 2 == 1], assume_unique=True)
        outside = (np.searchsorted(quotes, brackets) + in_string) % 2 == 0
        depths = np.cumsum(np.where(outside, _DEPTH_STEP[block[brackets]], 0)) + depth
        over = np.flatnonzero(depths > limit)
        if len(over):
            return start + int(brackets[over[0]])
        if len(depths):
            depth = int(depths[-1])
        in_string = (in_string + len(quotes)) % 2
        start = end
    return None


def _json_column(values: list) -> pd.Series:
    """One key's values as stripped text: null and a missing key are empty, numbers as Python writes them."""
    try:
        try:
            array = _text_array(values)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            array = _text_array(["" if v is None else str(v) for v in values])
    except UnicodeEncodeError:
        # A lone surrogate escape ("\ud800") is no text pyarrow can hold: keep Python strings, so the
        # rules still run; building the dataset then reports it.
        return pd.Series(["" if v is None else str(v).strip() for v in values], dtype=_PYTHON_STRINGS)
    filled = pc.fill_null(array, "")
    return _strings(_each_chunk(filled if isinstance(filled, pa.ChunkedArray) else pa.chunked_array([filled]), _strip))


def _text_array(values: list) -> pa.Array | pa.ChunkedArray:
    # Built as (32-bit) strings, then cast: several times faster than building large strings.
    return pa.array(values, type=pa.string()).cast(pa.large_string())


def table_to_json(
    frame: pd.DataFrame, proposals: dict[str, str] | None = None, events: pd.DataFrame | None = None
) -> str:
    """The JSON interchange: a list of statements, or ``{"proposals": {...}, "events": [...], "statements": [...]}``
    when there are proposal titles or key events (``events`` as :func:`events_table` gives them)."""
    records = frame.to_dict(orient="records")
    payload: object = records
    if proposals or (events is not None and len(events)):
        document: dict[str, object] = {"proposals": proposals or {}}
        if events is not None and len(events):
            document["events"] = events.to_dict(orient="records")
        payload = document | {"statements": records}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """A dataset's events as written: every column of EVENT_COLUMNS a string, dates as YYYY-MM-DD."""
    out = pd.DataFrame(
        {c: events[c] if c in events.columns else pd.Series("", index=events.index) for c in EVENT_COLUMNS}
    )
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    return out.astype("str").reset_index(drop=True)


def write_json(dataset: Dataset, path: Path) -> None:
    table = to_interchange(dataset.statements)
    atomic_write(path, table_to_json(table, dataset.proposals, events_table(dataset.events)).encode("utf-8"))


# ---------------------------------------------------------------- seeds folder
def read_seeds(folder: Path) -> Reading:
    """The seeds layout: actors (with country, role and type) apart from statements, plus proposal
    titles and key events (proposals.csv and events.csv may be left out).

    A statement's ``role`` column is empty when it equals the actor's role in actors.csv, and
    holds the role of the day when the actor held another one then.
    """
    missing = [f for f in SEEDS_FILES[:2] if not (folder / f).is_file()]
    if missing:
        message = "missing; a seeds folder holds statements.csv, actors.csv, proposals.csv and events.csv"
        raise DataError([Problem(str(folder / f), 0, "", message) for f in missing])
    statements_path, actors_path, proposals_path, events_path = (folder / f for f in SEEDS_FILES)
    statements = read_csv_table(statements_path)
    actors = read_csv_table(actors_path)
    files = [statements_path, actors_path]
    titles: dict[str, str] = {}
    proposals = None
    if proposals_path.is_file():
        proposals = read_csv_table(proposals_path)
        files.append(proposals_path)
        count = len(proposals.cells)
        ids, names = (proposals.cells[c] if c in proposals.cells.columns else [""] * count for c in PROPOSAL_COLUMNS)
        titles = dict(zip(ids, names, strict=True))
    events = None
    if events_path.is_file():
        events = read_csv_table(events_path)
        files.append(events_path)
    return Reading(statements, tuple(files), titles, actors=actors, proposal_table=proposals, events=events)


def write_seeds(dataset: Dataset, folder: str | os.PathLike) -> None:
    """Write the seeds layout. Every file is complete before any is replaced."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    table = to_interchange(dataset.statements)
    actors = actor_table(table, dataset.actor_notes)  # ACTOR_COLUMNS, then ACTOR_OPTIONAL_COLUMNS
    actor_role = dict(zip(actors["actor"], actors["role"], strict=True))
    statements = table.drop(columns=list(SEEDS_ACTOR_ONLY)).copy()
    statements["role"] = [
        "" if role == actor_role[actor] else role
        for actor, role in zip(statements["actor"], statements["role"], strict=True)
    ]
    proposals = pd.DataFrame(
        [(p, dataset.proposals.get(p, p)) for p in sorted(set(table["proposal"]) | set(dataset.proposals))],
        columns=list(PROPOSAL_COLUMNS),
    )
    texts = {
        "statements.csv": table_to_csv(statements.sort_values(["date", "id"]).reset_index(drop=True)),
        "actors.csv": table_to_csv(actors),
        "proposals.csv": table_to_csv(proposals),
        "events.csv": table_to_csv(events_table(dataset.events)),
    }
    for name, text in texts.items():
        atomic_write(folder / name, text.encode("utf-8"))


# ---------------------------------------------------------------- writing files
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: all or nothing."""
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        with open(path, "wb") as out:  # a device or a pipe (/dev/stdout): written to, never replaced
            out.write(data)
        return
    with atomic_file(path) as out:
        out.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through: a temporary file in the same folder, renamed to ``path``
    once the block ends without an error, removed otherwise."""
    handle, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; an export is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


register(Format("csv", ".csv", "interchange table", read_csv, write_csv))
register(Format("json", ".json", "interchange table", read_json, write_json))
register(Format("seeds", "", "seeds folder", read_seeds, write_seeds))
