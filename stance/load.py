"""Reading, validating and writing statement tables.

Every problem is reported as ``PATH:ROW:COLUMN: message`` where ROW is the spreadsheet row
(the header is row 1) or, for JSON, the 1-based record number. Nothing here raises anything but
``DataError`` for bad input, and every write goes to a temporary file first, so a failed write
never leaves a half-written file behind.
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from .codebook import (
    ATTRIBUTION_KEYS, COUNTRIES, COUNTRY_ALIASES, DATE_PRECISION_KEYS, POSITION_KEYS,
)
from .model import ALL_COLUMNS, INTERCHANGE_COLUMNS, REQUIRED_VALUES, Dataset

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "seeds"
DATA_ENV = "STANCE_DATA"  # another dataset for the app and the command line
SEEDS_FILES = ("statements.csv", "actors.csv", "proposals.csv")
ACTOR_COLUMNS = ("actor", "country", "role")
PROPOSAL_COLUMNS = ("proposal", "title")
# Columns whose role is clear under another name (the shared source CSV uses these).
COLUMN_SYNONYMS = {"outlet": "source", "paraphrase": "notes", "stance": "position", "link": "url"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    path: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.row}:{self.column}: {self.message}"


class DataError(Exception):
    """Bad input. ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# ---------------------------------------------------------------- value checks
def _hint(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(value.strip().lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _one_of(name: str, keys: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value in keys:
            return None
        return f"'{value}' is not a {name}; use one of {', '.join(keys)}{_hint(value, keys)}"
    return check


def check_date(value: str) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16"
    try:
        Date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a real calendar date"
    return None


_COUNTRY_BY_NAME = {c.name.lower(): c.code for c in COUNTRIES.values()}


def check_country(value: str) -> str | None:
    if value in COUNTRIES:
        return None
    base = f"'{value}' is not an ISO 3166-1 alpha-2 code (or EU, NATO)"
    guess = (
        COUNTRY_ALIASES.get(value.upper())
        or (value.upper() if value.upper() in COUNTRIES else None)
        or _COUNTRY_BY_NAME.get(value.strip().lower())
    )
    if not guess:
        names = difflib.get_close_matches(value.strip().lower(), list(_COUNTRY_BY_NAME), n=1, cutoff=0.8)
        guess = _COUNTRY_BY_NAME[names[0]] if names else None
    return f"{base} (did you mean '{guess}'?)" if guess else base


def check_url(value: str) -> str | None:
    if value == "" or re.fullmatch(r"https?://[^\s/]+\.[^\s]*", value):
        return None
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", value):
        return f"'{value}' is not a full link (did you mean 'https://{value}'?)"
    return f"'{value}' is not an http(s) link; give the source page's address or leave it empty"


def check_id(value: str) -> str | None:
    return None if re.fullmatch(r"\S+", value) else f"'{value}' is not a valid id: no spaces"


def check_proposal(value: str) -> str | None:
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f"'{value}' is not a proposal id: lower case letters, digits and '-' (did you mean '{slug}'?)"


VALUE_CHECKS: dict[str, Callable[[str], str | None]] = {
    "id": check_id,
    "date": check_date,
    "date_precision": _one_of("date precision", DATE_PRECISION_KEYS),
    "country": check_country,
    "proposal": check_proposal,
    "position": _one_of("position", POSITION_KEYS),
    "attribution": _one_of("attribution", ATTRIBUTION_KEYS),
    "url": check_url,
}


def check_precision_date(value_date: str, precision: str) -> str | None:
    """Week dates are Mondays and month dates are 1sts, so periods line up on every chart."""
    day = Date.fromisoformat(value_date)
    if precision == "week" and day.weekday() != 0:
        monday = Date.fromordinal(day.toordinal() - day.weekday())
        return f"with date_precision 'week' the date is the week's Monday (did you mean '{monday}'?)"
    if precision == "month" and day.day != 1:
        return f"with date_precision 'month' the date is the 1st (did you mean '{day.replace(day=1)}'?)"
    return None


# ---------------------------------------------------------------- validation
def check_header(path: str, columns: list[str], required: tuple[str, ...], allowed: tuple[str, ...]) -> list[Problem]:
    problems = []
    for column in columns:
        if column not in allowed:
            hint = COLUMN_SYNONYMS.get(column) or (difflib.get_close_matches(column, allowed, n=1) or [None])[0]
            tip = f" (did you mean '{hint}'?)" if hint else f"; allowed columns: {', '.join(allowed)}"
            problems.append(Problem(path, 1, column, f"unknown column{tip}"))
    seen = set()
    for column in columns:
        if column in seen:
            problems.append(Problem(path, 1, column, "column appears twice"))
        seen.add(column)
    for column in required:
        if column not in columns:
            problems.append(Problem(path, 1, column, "missing column"))
    return problems


def check_rows(path: str, rows: list[dict[str, str]], row_numbers: list[int],
               required: Iterable[str]) -> list[Problem]:
    """Per-value checks for whichever known columns the rows have."""
    problems = []
    required = set(required)
    for row, number in zip(rows, row_numbers):
        for column, value in row.items():
            if value == "":
                if column in required:
                    problems.append(Problem(path, number, column, "is empty; every statement needs one"))
                continue
            check = VALUE_CHECKS.get(column)
            message = check(value) if check else None
            if message:
                problems.append(Problem(path, number, column, message))
        if row.get("date") and row.get("date_precision") in DATE_PRECISION_KEYS and not check_date(row["date"]):
            message = check_precision_date(row["date"], row["date_precision"])
            if message:
                problems.append(Problem(path, number, "date", message))
    return problems


def check_unique(path: str, rows: list[dict[str, str]], row_numbers: list[int], column: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for row, number in zip(rows, row_numbers):
        value = row.get(column, "")
        if value in first:
            problems.append(Problem(path, number, column, f"'{value}' is used twice (first on row {first[value]}); each must be unique"))
        elif value:
            first[value] = number
    return problems


def check_actor_countries(path: str, rows: list[dict[str, str]], row_numbers: list[int]) -> list[Problem]:
    """An actor belongs to one country; two codes for one actor is almost always a typo."""
    first: dict[str, tuple[str, int]] = {}
    problems = []
    for row, number in zip(rows, row_numbers):
        actor, country = row.get("actor", ""), row.get("country", "")
        if not actor or check_country(country):
            continue
        if actor in first and first[actor][0] != country:
            code, at = first[actor]
            problems.append(Problem(path, number, "country", f"'{actor}' is coded {code} on row {at}; an actor has one country"))
        first.setdefault(actor, (country, number))
    return problems


def validate_statement_rows(path: str, columns: list[str], rows: list[dict[str, str]], row_numbers: list[int]) -> list[Problem]:
    problems = check_header(path, columns, INTERCHANGE_COLUMNS, ALL_COLUMNS)
    problems += check_rows(path, rows, row_numbers, REQUIRED_VALUES)
    problems += check_unique(path, rows, row_numbers, "id")
    problems += check_actor_countries(path, rows, row_numbers)
    return problems


# ---------------------------------------------------------------- reading raw tables
def _escaped(value: str) -> bool:
    return value.startswith("'") and value[1:2] in FORMULA_PREFIXES + ("'",)


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`. A leading apostrophe elsewhere ("'Tis") is the text's own."""
    return value[1:] if _escaped(value) else value


def escape_cell(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe (and escape the escape)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) or _escaped(value) else value


def read_csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]], list[int]]:
    """Header, rows as dicts of stripped strings, spreadsheet row numbers. Raises DataError."""
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise DataError([Problem(name, 0, "", f"cannot read the file: {error.strerror or error}")])
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DataError([Problem(name, line, "", "is not UTF-8 text; save the file as CSV UTF-8")])
    if "\x00" in text:
        raise DataError([Problem(name, 0, "", "is a binary file, not a CSV table")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        table = list(reader)
    except csv.Error as error:
        raise DataError([Problem(name, reader.line_num, "", f"is not valid CSV: {error}")])
    table = [r for r in table if any(cell.strip() for cell in r)] if table else []
    if not table:
        raise DataError([Problem(name, 1, "", "is empty; expected a header row and statements")])
    header = [h.strip() for h in table[0]]
    rows, numbers, problems = [], [], []
    for number, record in enumerate(table[1:], start=2):
        if len(record) != len(header):
            problems.append(Problem(name, number, "", f"has {len(record)} fields but the header has {len(header)}; check for an unquoted comma"))
            continue
        rows.append({h: unescape_cell(v.strip()) for h, v in zip(header, record)})
        numbers.append(number)
    if problems:
        raise DataError(problems)
    return header, rows, numbers


def read_json_rows(path: Path) -> tuple[list[str], list[dict[str, str]], list[int], dict[str, str]]:
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise DataError([Problem(name, 0, "", f"cannot read the file: {error.strerror or error}")])
    except UnicodeDecodeError:
        raise DataError([Problem(name, 0, "", "is not UTF-8 text")])
    except json.JSONDecodeError as error:
        raise DataError([Problem(name, error.lineno, "", f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")])
    proposals = {}
    if isinstance(data, dict):
        proposals = data.get("proposals") or {}
        data = data.get("statements")
    if not isinstance(data, list) or not isinstance(proposals, dict):
        raise DataError([Problem(name, 0, "", "expected a list of statement objects, or {\"statements\": [...]}")])
    header: list[str] = []
    rows, numbers, problems = [], [], []
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            problems.append(Problem(name, number, "", "is not an object with the statement's columns"))
            continue
        for key in record:
            if key not in header:
                header.append(key)
        rows.append({k: "" if v is None else str(v).strip() for k, v in record.items()})
        numbers.append(number)
    if problems:
        raise DataError(problems)
    for row in rows:
        for column in header:
            row.setdefault(column, "")
    return header, rows, numbers, {str(k): str(v) for k, v in proposals.items()}


def _revision(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()[:12]


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame([{c: row.get(c, "") for c in ALL_COLUMNS} for row in rows], columns=list(ALL_COLUMNS))
    frame = frame.astype("str")
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").astype("datetime64[s]")
    return frame.sort_values(["date", "country", "actor", "id"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- public loaders
def data_location(explicit: str | os.PathLike | None = None) -> Path:
    """The dataset to open: the one asked for, else $STANCE_DATA, else the bundled seeds."""
    return Path(explicit or os.environ.get(DATA_ENV) or BUNDLED_DATA)


def load_dataset(path: str | os.PathLike | None = None) -> Dataset:
    """Load a seeds folder, an interchange CSV or an interchange JSON file. Raises DataError."""
    path = Path(path) if path else BUNDLED_DATA
    if not path.exists():
        raise DataError([Problem(str(path), 0, "", "no such file or folder")])
    if path.is_dir():
        return load_seeds(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header, rows, numbers = read_csv_rows(path)
        proposals: dict[str, str] = {}
    elif suffix == ".json":
        header, rows, numbers, proposals = read_json_rows(path)
    else:
        raise DataError([Problem(str(path), 0, "", f"unsupported file type '{suffix or path.name}'; give a .csv or .json interchange table, or a seeds folder")])
    problems = validate_statement_rows(str(path), header, rows, numbers)
    if problems:
        raise DataError(problems)
    return Dataset(_frame(rows), proposals, path.stem, _revision([path]))


def load_seeds(folder: Path) -> Dataset:
    """The seeds layout: actors (with country and role) apart from statements, plus proposal titles.

    A statement's ``role`` column is empty when it equals the actor's role in actors.csv, and
    holds the role of the day when the actor held another one then.
    """
    missing = [f for f in SEEDS_FILES[:2] if not (folder / f).is_file()]
    if missing:
        raise DataError([Problem(str(folder / f), 0, "", "missing; a seeds folder holds statements.csv, actors.csv and proposals.csv") for f in missing])
    statements_path, actors_path, proposals_path = (folder / f for f in SEEDS_FILES)
    s_header, s_rows, s_numbers = read_csv_rows(statements_path)
    a_header, a_rows, a_numbers = read_csv_rows(actors_path)
    problems = check_header(str(actors_path), a_header, ACTOR_COLUMNS, ACTOR_COLUMNS)
    problems += check_rows(str(actors_path), a_rows, a_numbers, ("actor", "country"))
    problems += check_unique(str(actors_path), a_rows, a_numbers, "actor")
    statement_columns = tuple(c for c in ALL_COLUMNS if c != "country")
    problems += check_header(str(statements_path), s_header, tuple(c for c in INTERCHANGE_COLUMNS if c != "country"), statement_columns)
    problems += check_rows(str(statements_path), s_rows, s_numbers, [c for c in REQUIRED_VALUES if c != "country"])
    problems += check_unique(str(statements_path), s_rows, s_numbers, "id")
    actors = {row["actor"]: row for row in a_rows if "actor" in row}
    for row, number in zip(s_rows, s_numbers):
        actor = actors.get(row.get("actor", ""))
        if row.get("actor") and actor is None:
            problems.append(Problem(str(statements_path), number, "actor", f"'{row['actor']}' is not in {actors_path.name}; add the actor with a country and role"))
        elif actor:
            row["country"] = actor.get("country", "")
            row["role"] = row.get("role") or actor.get("role", "")
    proposals: dict[str, str] = {}
    files = [statements_path, actors_path]
    if proposals_path.is_file():
        p_header, p_rows, p_numbers = read_csv_rows(proposals_path)
        problems += check_header(str(proposals_path), p_header, PROPOSAL_COLUMNS, PROPOSAL_COLUMNS)
        problems += check_rows(str(proposals_path), p_rows, p_numbers, PROPOSAL_COLUMNS)
        proposals = {row.get("proposal", ""): row.get("title", "") for row in p_rows}
        files.append(proposals_path)
    if problems:
        raise DataError(problems)
    return Dataset(_frame(s_rows), proposals, folder.name, _revision(files))


# ---------------------------------------------------------------- writing
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: all or nothing."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; an export is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def table_to_csv(frame: pd.DataFrame) -> str:
    """CSV text with formula-like cells escaped (read back losslessly by the loaders)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for record in frame.itertuples(index=False):
        writer.writerow([escape_cell(str(v)) for v in record])
    return buffer.getvalue()


def table_to_json(frame: pd.DataFrame, proposals: dict[str, str] | None = None) -> str:
    records = frame.to_dict(orient="records")
    payload: object = {"proposals": proposals, "statements": records} if proposals else records
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def write_seeds(dataset: Dataset, folder: str | os.PathLike) -> None:
    """Write the seeds layout. Every file is complete before any is replaced."""
    from .model import to_interchange

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    table = to_interchange(dataset.statements)
    latest = table.sort_values(["date", "id"]).groupby("actor", sort=True).last()
    actors = latest.reset_index()[list(ACTOR_COLUMNS)]
    actor_role = dict(zip(actors["actor"], actors["role"]))
    statements = table.drop(columns=["country"]).copy()
    statements["role"] = [
        "" if role == actor_role[actor] else role for actor, role in zip(statements["actor"], statements["role"])
    ]
    proposals = pd.DataFrame(
        [(p, dataset.proposals.get(p, p)) for p in sorted(set(table["proposal"]) | set(dataset.proposals))],
        columns=list(PROPOSAL_COLUMNS),
    )
    texts = {
        "statements.csv": table_to_csv(statements.sort_values(["date", "id"]).reset_index(drop=True)),
        "actors.csv": table_to_csv(actors),
        "proposals.csv": table_to_csv(proposals),
    }
    for name, text in texts.items():
        atomic_write(folder / name, text.encode("utf-8"))
