"""Importing a file of statements: read it whatever its kind, resolve what people write, validate,
and report, before anything is written.

:func:`import_file` (a path) and :func:`import_bytes` (an upload) return an :class:`ImportReport`:
the problems (row, column, problem, hint), notices ("read as Latin-1"), every value resolved
(``UK`` -> ``GB``, a proposal's title -> its id), the statements that repeat stored ones, a
preview of the mapping for DNA files, and, only when there is no problem, the validated
statements. The kind of file is told by its content, never its name: a CSV table (UTF-8 or
Latin-1, comma or semicolon), an XLSX workbook, the JSON interchange, or a Discourse Network
Analyzer database (:mod:`stance.dna`). The rules are :mod:`stance.validate`'s, the readers
:mod:`stance.formats`'; nothing here writes anything, and nothing raises for bad input.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import formats, validate
from .codebook import COUNTRIES, resolve_country
from .dna import MappingRow, is_sqlite, read_dna
from .load import events_frame, statements_frame
from .validate import DataError, Problem, RawTable, check_proposal, validate_events, validate_interchange

IMPORT_MAX_BYTES = 50 * 1024 * 1024  # an upload or imported file; larger is refused before it is read
MAX_UNPACKED_XLSX_BYTES = 10 * IMPORT_MAX_BYTES  # an XLSX file is a ZIP archive: what it may unpack to
DUPLICATE_KEY = ("actor", "proposal", "date", "position", "source")  # the same statement, stored twice
SUPPORTED = "a CSV, XLSX or JSON table of statements, or a DNA database (.dna)"
_NAMED_KINDS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json", ".dna": "dna"}
_KIND_NAMES = {"csv": "CSV table", "xlsx": "XLSX workbook", "json": "JSON file", "dna": "DNA database"}
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")


@dataclass(frozen=True)
class Resolution:
    """A value written one way and read as another, and the rows it was written on."""

    column: str
    original: str
    resolved: str
    rows: tuple[int, ...]
    how: str  # "alias", "country name", "proposal title", "new proposal", "default country", "organization map"


@dataclass(frozen=True)
class Duplicate:
    """A statement of the file that is already stored: same actor, proposal, date, position and source."""

    row: int
    id: str
    stored_id: str


@dataclass(frozen=True, eq=False)
class ImportOptions:
    sheet: str | None = None  # an XLSX workbook's sheet (else the first)
    country: str = ""  # for rows without one (every DNA statement): a code, name or alias
    organization_countries: Mapping[str, str] = field(default_factory=dict)  # DNA organization -> country
    actor_type: str = "other"  # DNA codes none
    proposals: Mapping[str, str] = field(default_factory=dict)  # the known proposals: id -> title
    existing: pd.DataFrame | None = None  # the stored statements, for duplicates and ids already used
    keep_duplicates: bool = False  # import statements already stored again (else they are skipped)


@dataclass(frozen=True, eq=False)
class ImportReport:
    """What an import would do. ``statements`` is None while there is any problem."""

    source: str
    kind: str  # "csv", "xlsx", "json", "dna"; "" when the kind could not be told
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    mapping: tuple[MappingRow, ...] = ()  # DNA: where each column comes from
    proposals: dict[str, str] = field(default_factory=dict)  # titles the file gives (JSON, DNA concepts)
    statements: pd.DataFrame | None = None  # validated, as statements_frame gives them; duplicates skipped unless kept
    events: pd.DataFrame | None = None  # a JSON file's key events

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_table(self) -> pd.DataFrame:
        """The problems as the page and the command line show them: row, column, problem, hint."""
        return validate.problem_table(self.problems)


@dataclass(frozen=True)
class _Read:
    """A file read into one table of interchange columns, before resolution and validation."""

    table: RawTable
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    mapping: tuple[MappingRow, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    events: RawTable | None = None
    resolutions: tuple[Resolution, ...] = ()  # made while reading (a DNA organization's country)


# ---------------------------------------------------------------- entry points
def import_file(path: str | os.PathLike, options: ImportOptions | None = None) -> ImportReport:
    """Read, resolve and validate a file; refused unread when over IMPORT_MAX_BYTES."""
    name = str(path)
    try:
        size = os.stat(path).st_size
        if size > IMPORT_MAX_BYTES:
            return _refused(name, "", too_large(name, size))
        with open(path, "rb") as handle:
            data = handle.read(IMPORT_MAX_BYTES + 1)
    except OSError as error:
        return _refused(name, "", Problem(name, 0, "", f"cannot be read: {error.strerror or error}"))
    return import_bytes(name, data, options)


def import_bytes(name: str, data: bytes, options: ImportOptions | None = None) -> ImportReport:
    """Read, resolve and validate an upload's bytes (``name`` as the problems cite it)."""
    if len(data) > IMPORT_MAX_BYTES:
        return _refused(name, "", too_large(name, len(data)))
    kind = ""
    try:
        kind, notices = detect_kind(name, data)
        return _import(name, data, kind, notices, options or ImportOptions())
    except DataError as error:
        return _refused(name, kind, *error.problems)
    except (ValueError, UnicodeError, RecursionError, OSError) as error:  # never a traceback
        return _refused(name, kind, Problem(name, 0, "", f"cannot be read: {error}"))


def too_large(name: str, size: int) -> Problem:
    limit = f"{IMPORT_MAX_BYTES / 2**20:.0f} MB"
    return Problem(name, 0, "", f"is {size:,} bytes, over the import limit of {limit}", "split it into smaller files")


def _refused(name: str, kind: str, *problems: Problem) -> ImportReport:
    return ImportReport(name, kind, problems=problems)


def _import(name: str, data: bytes, kind: str, notices: list[str], options: ImportOptions) -> ImportReport:
    country, organization_countries, option_problems = _resolved_options(name, options)
    if option_problems:
        return ImportReport(name, kind, problems=tuple(option_problems), notices=tuple(notices))
    if kind == "dna":
        dna = read_dna(name, data, country, organization_countries, options.actor_type)
        mapped = tuple(
            Resolution("country", o.organization, o.country, o.rows, "organization map")
            for o in dna.organization_countries
        )
        read = _Read(dna.table, dna.problems, dna.notices, dna.mapping, resolutions=mapped)
    else:
        read = READERS[kind](name, data, options)
    notices += read.notices
    table, resolved, problems = _resolve(read, country, options, new_proposals=kind == "dna")
    resolutions = [*read.resolutions, *resolved]
    problems += read.problems
    claimed = {(p.row, p.column) for p in problems}  # cells already explained: no second message for them
    checks = validate_interchange(table) + (validate_events(read.events) if read.events is not None else [])
    problems += [p for p in checks if (p.row, p.column) not in claimed]
    titles = read.titles | {r.resolved: r.original for r in resolutions if r.how == "new proposal"}
    report = ImportReport(
        name, kind, notices=tuple(notices), resolutions=tuple(resolutions), mapping=read.mapping, proposals=titles
    )
    if problems:
        return replace(report, problems=tuple(sorted(problems, key=lambda p: p.row)))
    duplicates, keep, id_problems = _duplicates(table, options)
    if id_problems:
        return replace(report, problems=tuple(id_problems), duplicates=duplicates)
    known = _stored_actors(table.cells, options.existing)
    # What the file does not say of an actor the store knows is the store's: DNA codes no actor type
    # (the option gives every actor one) nor leaving day; other files may leave left_office out.
    unsaid = (
        ("actor_type", "left_office") if kind == "dna" else tuple(c for c in ("left_office",) if c not in table.header)
    )
    table, taken = _take_stored(table, known, unsaid)
    report = replace(report, resolutions=report.resolutions + taken)
    actor_problems = _stored_actor_problems(table, keep, known)
    if actor_problems:
        return replace(report, problems=tuple(actor_problems), duplicates=duplicates)
    if duplicates:
        verb = "imported again (kept)" if options.keep_duplicates else "skipped"
        notices.append(f"{len(duplicates)} statements are stored already and will be {verb}")
    events = events_frame(read.events.cells) if read.events is not None else None
    return replace(
        report,
        notices=tuple(notices),
        duplicates=duplicates,
        statements=statements_frame(table.cells[keep].reset_index(drop=True)),
        events=events,
    )


# ---------------------------------------------------------------- telling the kind
def detect_kind(name: str, data: bytes) -> tuple[str, list[str]]:
    """The kind of file by its content ("csv", "xlsx", "json", "dna"), with a notice where its
    name says otherwise. Raises DataError for a file that is none of them."""
    suffix = Path(name).suffix.lower()
    kind = _kind_of(name, data, suffix)
    named = _NAMED_KINDS.get(suffix)
    notices = []
    if named and named != kind:
        notices.append(f"is named {suffix} but is a {_KIND_NAMES[kind]}: read as one")
    return kind, notices


def _kind_of(name: str, data: bytes, suffix: str) -> str:
    text = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text:
        raise DataError([Problem(name, 0, "", "is empty", f"export the data again; give {SUPPORTED}")])
    if is_sqlite(data):
        return "dna"
    if suffix == ".dna":
        hint = "open it in DNA 3 and save it (a .dna file is an SQLite database), or import a CSV, XLSX or JSON file"
        raise DataError([Problem(name, 0, "", "is not a DNA database (not an SQLite file)", hint)])
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(name, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError([Problem(name, 0, "", "is an old Excel (.xls) workbook", "save it as .xlsx or as CSV UTF-8")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem(name, 0, "", "is UTF-16 text", "save it as CSV UTF-8")])
    if _binary(data):
        raise DataError([Problem(name, 0, "", "is a binary file, not a table of statements", f"give {SUPPORTED}")])
    return "json" if text[:1] in (b"[", b"{") else "csv"


def _zip_kind(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DataError(
            [Problem(name, 0, "", "is a damaged ZIP archive", "save the workbook again as .xlsx")]
        ) from None
    if "xl/workbook.xml" not in names:
        what = "an OpenDocument file" if "content.xml" in names else "a ZIP archive, not an XLSX workbook"
        raise DataError([Problem(name, 0, "", f"is {what}", "save it as .xlsx or as CSV UTF-8")])
    if unpacked > MAX_UNPACKED_XLSX_BYTES:
        message = f"unpacks to {unpacked:,} bytes, over the limit of {MAX_UNPACKED_XLSX_BYTES:,}"
        raise DataError([Problem(name, 0, "", message, "split it into smaller files")])
    return "xlsx"


def _binary(data: bytes) -> bool:
    """NUL bytes, or more than 1% control characters text never holds, in the first 64 KiB."""
    head = data[:65536]
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in _TEXT_CONTROLS)
    return controls * 100 > len(head)


# ---------------------------------------------------------------- reading tables
def _read_csv(name: str, data: bytes, options: ImportOptions) -> _Read:
    notices = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        data = _latin1(data).encode("utf-8")
        notices.append("is not UTF-8: read as Latin-1 (Windows-1252); check accented letters, then save as CSV UTF-8")
    delimiter = _delimiter(data)
    if delimiter != ",":
        notices.append(f"fields are separated by '{delimiter}': read as such")
    return _Read(formats.parse_csv(name, data, delimiter), notices=tuple(notices))


def _latin1(data: bytes) -> str:
    try:
        return data.decode("cp1252")  # what spreadsheets on Windows write: Latin-1 with € and typographic quotes
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(data: bytes) -> str:
    """';' when the header row has more semicolons than commas outside quotes, else ','."""
    head = data[:65536].decode("utf-8", errors="ignore")
    line = next((line for line in head.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", line)
    return ";" if outside.count(";") > outside.count(",") else ","


def _read_json(name: str, data: bytes, options: ImportOptions) -> _Read:
    reading = formats.parse_json(name, data)
    return _Read(reading.statements, titles=dict(reading.proposals), events=reading.events)


def _read_xlsx(name: str, data: bytes, options: ImportOptions) -> _Read:
    import openpyxl  # only here: a few tenths of a second to import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = _sheet(name, workbook, options.sheet)
            records = [
                (number, [_cell_text(v) for v in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            sheets = workbook.sheetnames
        finally:
            workbook.close()
    except DataError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook; never a traceback
        message = f"is not a readable XLSX workbook ({type(error).__name__}: {error})"
        raise DataError([Problem(name, 0, "", message, "save it again as .xlsx, or as CSV UTF-8")]) from None
    notices = (f"read sheet '{sheet.title}' of {len(sheets)}; choose another with --sheet",) if len(sheets) > 1 else ()
    return _Read(_sheet_table(name, records), notices=notices)


def _sheet(name: str, workbook: Any, wanted: str | None) -> Any:  # openpyxl has no types
    if wanted is None:
        return workbook.worksheets[0]
    if wanted not in workbook.sheetnames:
        sheets = ", ".join(f"'{s}'" for s in workbook.sheetnames)
        raise DataError([Problem(name, 0, "", f"has no sheet '{wanted}'", f"choose one of {sheets}")])
    return workbook[wanted]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return formats.unescape_cell(str(value).strip())


def _sheet_table(name: str, records: list[tuple[int, list[str]]]) -> RawTable:
    records = [(number, cells) for number, cells in records if any(cells)]
    if not records:
        raise DataError([Problem(name, 1, "", "is empty", "the first row names the columns, the next hold statements")])
    first = records[0][1]
    width = max(i for i, cell in enumerate(first) if cell) + 1
    header = first[:width]
    stray = [
        Problem(name, number, "", "has a value in a column with no name in the header row")
        for number, cells in records[1:]
        if any(cells[width:])
    ]
    if stray:
        raise DataError(stray)
    body = [cells[:width] + [""] * (width - len(cells)) for _, cells in records[1:]]
    columns = list(zip(*body, strict=True)) if body else [() for _ in header]
    cells = {column: pd.Series(values, dtype="str") for column, values in zip(header, columns, strict=True)}
    rows = np.array([number for number, _ in records[1:]], dtype=np.int64)
    return RawTable(name, tuple(header), pd.DataFrame(cells, index=pd.RangeIndex(len(body))), rows)


READERS: dict[str, Callable[[str, bytes, ImportOptions], _Read]] = {
    "csv": _read_csv,
    "json": _read_json,
    "xlsx": _read_xlsx,
}


# ---------------------------------------------------------------- resolving
def _resolved_options(name: str, options: ImportOptions) -> tuple[str, dict[str, str], list[Problem]]:
    """The default country and the organization map as codes; a value that is no country is a problem."""
    problems = []

    def code(value: str, what: str) -> str:
        found = resolve_country(value)
        if not found:
            problems.append(
                Problem(name, 0, "country", f"'{value}' ({what}) is not a country", "give an ISO code such as FR")
            )
        return found or ""

    country = code(options.country, "the default country") if options.country.strip() else ""
    organizations = {org: code(c, f"for '{org}'") for org, c in options.organization_countries.items()}
    return country, organizations, problems


def _resolve(
    read: _Read, country: str, options: ImportOptions, new_proposals: bool
) -> tuple[RawTable, list[Resolution], list[Problem]]:
    table = read.table
    cells = table.cells.copy()
    header = table.header
    resolutions: list[Resolution] = []
    if country and "country" not in cells.columns:
        cells["country"] = ""
        header = (*header, "country")
    if "country" in cells.columns:
        resolutions += _resolve_countries(cells, table.rows, country)
    problems: list[Problem] = []
    if "proposal" in cells.columns:
        known = dict(options.proposals) | read.titles
        found, problems = _resolve_proposals(cells, table, known, new_proposals)
        resolutions += found
    return RawTable(table.path, header, cells, table.rows, table.cell_order), resolutions, problems


def _resolve_countries(cells: pd.DataFrame, rows: np.ndarray, default: str) -> list[Resolution]:
    """Names, aliases and lower-case codes become codes; empty cells take the default country.
    A value that means no country is left for validation to report, with its hint."""
    values = cells["country"]
    resolutions = []
    if default:
        empty = (values == "").to_numpy(dtype=bool)
        if empty.any():
            resolutions.append(Resolution("country", "", default, tuple(rows[empty].tolist()), "default country"))
            values = values.where(~empty, default)
    for value in [v for v in values.unique() if v and v not in COUNTRIES]:
        code = resolve_country(value)
        if code:
            where = (values == value).to_numpy(dtype=bool)
            resolutions.append(Resolution("country", value, code, tuple(rows[where].tolist()), _how(value, code)))
            values = values.where(~where, code)
    cells["country"] = values
    return resolutions


def _how(value: str, code: str) -> str:
    written = " ".join(value.split()).upper()
    if written == code:
        return "code in lower case"
    return "country name" if written == COUNTRIES[code].name.upper() else "alias"


def _resolve_proposals(
    cells: pd.DataFrame, table: RawTable, known: dict[str, str], new_proposals: bool
) -> tuple[list[Resolution], list[Problem]]:
    """Ids stay; a known proposal's title becomes its id; anything else is a problem, except
    that ``new_proposals`` (DNA concepts) makes a new id for a title no proposal has."""
    values = cells["proposal"]
    by_title: dict[str, list[str]] = {}
    for proposal, title in known.items():
        by_title.setdefault(_words(title), []).append(proposal)
    taken = set(known)
    resolutions, problems = [], []
    for value in [v for v in values.unique() if v and v not in known]:
        where = (values == value).to_numpy(dtype=bool)
        rows = tuple(table.rows[where].tolist())
        ids = by_title.get(_words(value), [])
        if len(ids) == 1:
            resolutions.append(Resolution("proposal", value, ids[0], rows, "proposal title"))
        elif len(ids) > 1:
            message = f"'{value}' is the title of {len(ids)} proposals ({', '.join(ids)})"
            problems += [Problem(table.path, r, "proposal", message, "write the proposal's id instead") for r in rows]
            continue
        elif new_proposals:
            ids = [_new_id(value, taken)]
            taken.add(ids[0])
            resolutions.append(Resolution("proposal", value, ids[0], rows, "new proposal"))
        elif check_proposal(value) is None:
            continue  # a new proposal's id
        else:
            titles = "; ".join(f"'{t}' ({p})" for p, t in list(known.items())[:5])
            hint = f"write its id, such as '{_new_id(value, taken)}'" + (
                f", or a known title: {titles}" if titles else ""
            )
            message = f"'{value}' is neither a proposal id nor the title of a known proposal"
            problems += [Problem(table.path, r, "proposal", message, hint) for r in rows]
            continue
        values = values.where(~where, ids[0])
    cells["proposal"] = values
    return resolutions, problems


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _new_id(title: str, taken: set[str]) -> str:
    """A proposal id made of a title's words: lower case, '-' between, at most 48 characters, unused."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48].rstrip("-") or "proposal"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


# ---------------------------------------------------------------- duplicates
def _duplicates(table: RawTable, options: ImportOptions) -> tuple[tuple[Duplicate, ...], np.ndarray, list[Problem]]:
    """Statements already stored (by DUPLICATE_KEY), which rows to import, and ids already used
    by another stored statement (or by the same one, when duplicates are kept)."""
    cells = table.cells
    stored = options.existing
    if stored is None or stored.empty:
        return (), np.ones(len(cells), dtype=bool), []
    key = list(DUPLICATE_KEY)
    stored_keys = stored.loc[:, key].astype({"date": "str"})  # datetime64[s]: 'YYYY-MM-DD', as the file writes it
    stored_keys["stored_id"] = stored["id"].to_numpy()
    stored_keys = stored_keys.drop_duplicates(key)  # one stored id per key: the merge keeps the file's rows and order
    found = cells.loc[:, key].merge(stored_keys, how="left", on=key)["stored_id"]
    repeated = found.notna().to_numpy(dtype=bool)
    keep = ~repeated | options.keep_duplicates
    rows, ids, stored_ids = table.rows.tolist(), cells["id"].tolist(), found.tolist()
    duplicates = tuple(Duplicate(rows[i], ids[i], stored_ids[i]) for i in np.flatnonzero(repeated).tolist())
    used = np.flatnonzero(keep & cells["id"].isin(stored["id"]).to_numpy(dtype=bool))
    message = "'{}' is the id of a statement stored already"
    problems = [
        Problem(table.path, rows[i], "id", message.format(ids[i]), "give this statement a new id")
        for i in used.tolist()
    ]
    return duplicates, keep, problems


# ---------------------------------------------------------------- actors the store knows
STORED_ACTOR_FIELDS = ("country", "actor_type", "left_office")  # one per actor: the store refuses a second
_STORED_SAYS = {
    "country": ("'{actor}' is coded {stored} in the store; an actor has one country", "write {stored}"),
    "actor_type": (
        "'{actor}' is typed {stored} in the store; an actor has one type",
        "write {stored}; give the capacity of one statement in capacity",
    ),
    "left_office": (
        "'{actor}' has left_office '{stored}' in the store; an actor leaves office once",
        "write '{stored}' (or correct the stored actor first)",
    ),
}


def _stored_actors(cells: pd.DataFrame, stored: pd.DataFrame | None) -> pd.DataFrame:
    """The file's actors that the store has, with their stored country, type and leaving day (by actor)."""
    if stored is None or stored.empty or "actor" not in cells.columns:
        return pd.DataFrame(columns=list(STORED_ACTOR_FIELDS))
    mine = stored.loc[stored["actor"].isin(cells["actor"].unique()), ["actor", *STORED_ACTOR_FIELDS]]
    return mine.drop_duplicates("actor").set_index("actor")  # the store holds one of each per actor


def _take_stored(
    table: RawTable, known: pd.DataFrame, columns: tuple[str, ...]
) -> tuple[RawTable, tuple[Resolution, ...]]:
    """``columns`` of the actors the store knows take their stored values, each change shown."""
    if known.empty or not columns:
        return table, ()
    cells, header = table.cells.copy(), table.header
    resolutions = []
    for column in columns:
        if column not in cells.columns:
            cells[column] = ""
            header = (*header, column)
        stored = cells["actor"].map(known[column])
        differs = (stored.notna() & (stored != cells[column])).to_numpy(dtype=bool)
        changed = pd.DataFrame(
            {"actor": cells["actor"], "was": cells[column], "stored": stored, "at": np.arange(len(cells))}
        )[differs]
        for (actor, was, value), group in changed.groupby(["actor", "was", "stored"], sort=True):
            rows = tuple(table.rows[group["at"].to_numpy()].tolist())
            resolutions.append(Resolution(column, str(was), str(value), rows, f"as stored for {actor}"))
        cells[column] = stored.where(stored.notna(), cells[column])
    return RawTable(table.path, header, cells, table.rows, table.cell_order), tuple(resolutions)


def _stored_actor_problems(table: RawTable, keep: np.ndarray, known: pd.DataFrame) -> list[Problem]:
    """Rows to import that give an actor the store has another country, type or leaving day: the store
    would refuse the whole import, so the report says so first, by row."""
    if known.empty:
        return []
    cells, rows = table.cells, table.rows
    problems = []
    for column, (message, hint) in _STORED_SAYS.items():
        given = cells[column] if column in cells.columns else pd.Series("", index=cells.index, dtype="str")
        stored = cells["actor"].map(known[column])
        wrong = keep & (stored.notna() & (stored != given)).to_numpy(dtype=bool)
        for i in np.flatnonzero(wrong).tolist():
            values = {"actor": cells["actor"].iat[i], "stored": stored.iat[i]}
            problems.append(Problem(table.path, int(rows[i]), column, message.format(**values), hint.format(**values)))
    return sorted(problems, key=lambda p: p.row)
