"""Validation rules for statement tables, each with a message that says what to write instead.

Every problem is reported as ``PATH:ROW:COLUMN: message`` where ROW is the spreadsheet row
(the header is row 1) or, for JSON, the 1-based record number. A rule is a function of one
value (``check_country("UK")`` returns the message, or None when the value is fine); the command
line and the link parser use the same functions. Over a table the rules run a column at a time:
a column with few distinct values (country, position, date...) is checked once per distinct
value, and a column of mostly distinct values (id, url) is first screened by a pattern so only
doubtful values reach the rule. Problems come out in reading order: row by row, a row's cells
in column order and then its week/month date, followed by repeated ids and actors coded to two
countries, two types or two dates of leaving office.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

import numpy as np
import pandas as pd

from .codebook import (
    ACTOR_TYPE_KEYS,
    ATTRIBUTION_KEYS,
    COUNTRIES,
    DATE_PRECISION_KEYS,
    POSITION_KEYS,
    resolve_country,
)
from .model import ALL_COLUMNS, EVENT_COLUMNS, INTERCHANGE_COLUMNS, REQUIRED_VALUES

ACTOR_COLUMNS = ("actor", "country", "role", "actor_type")
ACTOR_OPTIONAL_COLUMNS = ("left_office", "note")  # note: why a type was chosen, where unsure
PROPOSAL_COLUMNS = ("proposal", "title")
EVENT_HEADER = ("date", "label", "url")  # an events table's required columns (note is optional)
EVENT_REQUIRED = ("date", "label")  # values every event needs (the url may be empty, as a statement's)
# Columns whose role is clear under another name (the shared source CSV uses these).
COLUMN_SYNONYMS = {"outlet": "source", "paraphrase": "notes", "stance": "position", "link": "url"}
# What str.strip() and the regular expression \s treat as white space (str.isspace()), spelt out
# so that pandas' pyarrow string functions strip and match exactly what Python does.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Limits every format keeps to (README "Data format"), so no single file or cell can hold a process.
MAX_FILE_BYTES = 1 << 30  # 1 GiB: a million statements is about 350 MB as CSV, 510 MB as JSON
MAX_FIELD_CHARS = 100_000  # characters in one cell (a quote of a whole speech is a few thousand)
MAX_JSON_DEPTH = 20  # nesting levels; the interchange JSON needs 3 (object, list, record)
FIRST_DATE = Date(1900, 1, 1)  # plausible dates: earlier or later is a typo in the year
LAST_DATE = Date(2100, 12, 31)
_SPACE = f"[{WHITESPACE}]"


@dataclass(frozen=True)
class Problem:
    path: str
    row: int
    column: str
    message: str
    hint: str = ""  # what to do about it, where the message does not already say (the import report's column)

    def __str__(self) -> str:
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.path}:{self.row}:{self.column}: {self.message}{hint}"


def problem_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as the import report and the edit page show them: row, column, problem, hint."""
    rows = [(p.row, p.column, p.message, p.hint) for p in problems]
    return pd.DataFrame(rows, columns=["row", "column", "problem", "hint"])


class DataError(Exception):
    """Bad input. ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class RawTable:
    """A table as read, before validation: every cell a string, stripped of surrounding space.

    ``header`` is the header as written (a repeated name stays repeated, for the header check);
    ``cells`` has one string column per distinct name (a name written twice keeps its last
    column, in its first place); ``rows`` holds the number each record is reported under.
    ``cell_order`` (JSON) gives each record's own key order, in which its problems are listed.
    """

    path: str
    header: tuple[str, ...]
    cells: pd.DataFrame
    rows: np.ndarray
    cell_order: Sequence[Iterable[str]] | None = None


# ---------------------------------------------------------------- value checks
def _hint(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(value.strip().lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _one_of(name: str, keys: tuple[str, ...]) -> Callable[[str], str | None]:
    article = "an" if name[0] in "aeiou" else "a"

    def check(value: str) -> str | None:
        if value in keys:
            return None
        return f"'{value}' is not {article} {name}; use one of {', '.join(keys)}{_hint(value, keys)}"

    return check


def check_date(value: str) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-16"
    try:
        day = Date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a real calendar date"
    if not FIRST_DATE <= day <= LAST_DATE:
        return f"'{value}' is outside {FIRST_DATE.year}-{LAST_DATE.year}; check the year"
    return None


_COUNTRY_BY_NAME = {c.name.lower(): c.code for c in COUNTRIES.values()}


def check_country(value: str) -> str | None:
    if value in COUNTRIES:
        return None
    base = f"'{value}' is not an ISO 3166-1 alpha-2 code (or EU, NATO)"
    guess = resolve_country(value)
    if not guess:
        names = difflib.get_close_matches(value.strip().lower(), list(_COUNTRY_BY_NAME), n=1, cutoff=0.8)
        guess = _COUNTRY_BY_NAME[names[0]] if names else None
    return f"{base} (did you mean '{guess}'?)" if guess else base


# A link's characters: none that could end it or start markup in Markdown or HTML (space and control
# characters, quotes and apostrophes, angle brackets, backticks, square brackets, backslash, braces, pipe, caret).
_URL_UNSAFE = "`\"'<>[]\\{}|^"
_URL_CONTROL = "\x00-\x1f\x7f"
_URL_HOST = r"[\w-]+(?:\.[\w-]+)+(?::[0-9]{1,5})?"
URL_PATTERN = re.compile(f"https?://{_URL_HOST}(?:[/?#][^{WHITESPACE}{_URL_CONTROL}{re.escape(_URL_UNSAFE)}]*)?")


def check_url(value: str) -> str | None:
    """An http(s) link with a plain host name and no character that could break Markdown or HTML.

    The one rule for links: validation, and the app before it shows a link, use it.
    """
    if value == "" or URL_PATTERN.fullmatch(value):
        return None
    scheme = re.match(r"https?://", value)
    if not scheme:
        if re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", value):
            return f"'{value}' is not a full link (did you mean 'https://{value}'?)"
        return f"'{value}' is not an http(s) link; give the source page's address or leave it empty"
    bad = next((c for c in value if c in _URL_UNSAFE), None)
    if bad:
        return (
            f"'{value}' contains {bad!r}; a link cannot hold it: percent-encode it (%{ord(bad):02X})"
            " or leave the url empty"
        )
    if re.search(f"[{WHITESPACE}{_URL_CONTROL}]", value):
        return (
            f"'{value}' contains a space or control character; a link cannot hold it:"
            " percent-encode it or leave the url empty"
        )
    return (
        f"'{value}' has no plain host name after {scheme.group()} (a user name, or a character a host"
        " cannot hold); give the source page's address"
    )


def check_id(value: str) -> str | None:
    return None if re.fullmatch(r"\S+", value) else f"'{value}' is not a valid id: no spaces"


def check_proposal(value: str) -> str | None:
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f"'{value}' is not a proposal id: lower case letters, digits and '-' (did you mean '{slug}'?)"


check_date_precision = _one_of("date precision", DATE_PRECISION_KEYS)
check_position = _one_of("position", POSITION_KEYS)
check_attribution = _one_of("attribution", ATTRIBUTION_KEYS)
check_actor_type = _one_of("actor type", ACTOR_TYPE_KEYS)  # actor_type, and a statement's capacity

VALUE_CHECKS: dict[str, Callable[[str], str | None]] = {
    "id": check_id,
    "date": check_date,
    "date_precision": check_date_precision,
    "country": check_country,
    "proposal": check_proposal,
    "position": check_position,
    "attribution": check_attribution,
    "url": check_url,
    "actor_type": check_actor_type,
    "capacity": check_actor_type,
    "left_office": check_date,
}

# Columns of mostly distinct values: a pattern that passes only values the rule accepts, so the
# rule runs on the few others. (Columns of few distinct values need no screen.)
SURELY_VALID: dict[str, Callable[[pd.Series], pd.Series]] = {
    "id": lambda values: ~values.str.contains(_SPACE, regex=True),
    # ASCII host names only: stricter than the rule (RE2's \\w is ASCII), never looser.
    "url": lambda values: values.str.fullmatch(
        r"https?://[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+(?::[0-9]{1,5})?(?:[/?#][!#-&(-;=?-Z_a-z~]*)?"
    ),
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


PERIOD_PRECISIONS = tuple(p for p in ("week", "month") if p in DATE_PRECISION_KEYS)  # the ones that rule applies to


# ---------------------------------------------------------------- table checks
def check_header(
    path: str,
    columns: Sequence[str],
    required: tuple[str, ...],
    allowed: tuple[str, ...],
    misplaced: dict[str, str] | None = None,
) -> list[Problem]:
    """Unknown, repeated and missing columns. ``misplaced`` says where a column that is not allowed here belongs."""
    problems = []
    for column in columns:
        if misplaced and column in misplaced:
            problems.append(Problem(path, 1, column, misplaced[column]))
        elif column not in allowed:
            hint = COLUMN_SYNONYMS.get(column) or next(iter(difflib.get_close_matches(column, allowed, n=1)), None)
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


@dataclass
class _Findings:
    """Problems found a column at a time, kept as arrays until they are put in reading order."""

    positions: list[np.ndarray]
    places: list[np.ndarray]  # where in its row a problem is listed
    columns: list[np.ndarray]
    messages: list[np.ndarray]
    texts: list[str]
    names: list[str]

    def add(self, positions: np.ndarray, place: int, column: str, message_ids: np.ndarray, texts: list[str]) -> None:
        if not len(positions):
            return
        self.positions.append(positions)
        self.places.append(np.full(len(positions), place))
        self.columns.append(np.full(len(positions), len(self.names)))
        self.names.append(column)
        self.messages.append(message_ids + len(self.texts))
        self.texts.extend(texts)


def _rejected(
    values: pd.Series, doubtful: np.ndarray | None, check: Callable[[str], str | None]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Positions of the values ``check`` rejects (among the doubtful ones), with their messages.

    The rule runs once per distinct value; only a column with rejected values is looked at again.
    An empty value is only ever missing (a required column says so), never malformed.
    """
    doubtful_values = values if doubtful is None else values.iloc[np.flatnonzero(doubtful)]
    messages = {value: check(value) for value in doubtful_values.unique() if value != ""}
    texts = [m for m in messages.values() if m is not None]
    if not texts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
    rejected = [value for value, m in messages.items() if m is not None]
    hit = values.isin(rejected).to_numpy(dtype=bool)
    if doubtful is not None:
        hit = hit & doubtful
    positions = np.flatnonzero(hit)
    ids = {value: i for i, value in enumerate(rejected)}
    return positions, np.array([ids[v] for v in values.iloc[positions].tolist()], dtype=np.int64), texts


def check_cells(table: RawTable, required: Iterable[str], record: str = "statement") -> list[Problem]:
    """Per-value checks for whichever known columns the table has, and week/month dates.

    ``record`` names what a row is, for the message about an empty required value.
    """
    required = set(required)
    empty_message = f"is empty; every {record} needs one"
    cells = table.cells
    findings = _Findings([], [], [], [], [], [])
    for place, column in enumerate(cells.columns):
        values = cells[column]
        check = VALUE_CHECKS.get(column)
        if column in required:
            empty = np.flatnonzero((values == "").to_numpy(dtype=bool))
            findings.add(empty, place, column, np.zeros(len(empty), dtype=np.int64), [empty_message])
        if check is None:
            continue
        # A screened column checks only what its pattern doubts.
        doubtful = ~SURELY_VALID[column](values).to_numpy(dtype=bool) if column in SURELY_VALID else None
        positions, ids, texts = _rejected(values, doubtful, check)
        findings.add(positions, place, column, ids, texts)
    if "date" in cells.columns and "date_precision" in cells.columns:
        positions, ids, texts = _period_date_problems(cells["date"], cells["date_precision"])
        findings.add(positions, len(cells.columns), "date", ids, texts)
    return _in_reading_order(table, findings)


def _period_date_problems(dates: pd.Series, precisions: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    candidates = np.flatnonzero((precisions.isin(PERIOD_PRECISIONS) & (dates != "")).to_numpy(dtype=bool))
    if not len(candidates):
        return candidates, candidates, []
    date_codes, date_values = pd.factorize(dates.iloc[candidates])
    precision_codes, precision_values = pd.factorize(precisions.iloc[candidates])
    pairs, pair_codes = np.unique(date_codes * len(precision_values) + precision_codes, return_inverse=True)
    messages = [
        None
        if check_date(date_values[p // len(precision_values)])
        else check_precision_date(date_values[p // len(precision_values)], precision_values[p % len(precision_values)])
        for p in pairs
    ]
    rejected = np.array([m is not None for m in messages], dtype=bool)
    hit = rejected[pair_codes]
    ids = np.cumsum(rejected) - 1
    return candidates[hit], ids[pair_codes[hit]], [m for m in messages if m is not None]


def _in_reading_order(table: RawTable, findings: _Findings) -> list[Problem]:
    if not findings.positions:
        return []
    positions = np.concatenate(findings.positions)
    places = np.concatenate(findings.places)
    columns = np.concatenate(findings.columns)
    messages = np.concatenate(findings.messages)
    if table.cell_order is not None:
        places = _record_places(table, positions, places, columns, findings.names)
    order = np.lexsort((places, positions))
    rows = table.rows[positions[order]].tolist()
    return [
        Problem(table.path, row, findings.names[c], findings.texts[m])
        for row, c, m in zip(rows, columns[order].tolist(), messages[order].tolist(), strict=True)
    ]


def _record_places(
    table: RawTable, positions: np.ndarray, places: np.ndarray, columns: np.ndarray, names: list[str]
) -> np.ndarray:
    """A JSON record lists its keys in its own order (then the keys it lacks): so are its problems."""
    assert table.cell_order is not None
    places = places.copy()
    width = len(table.cells.columns)
    by_row = np.argsort(positions, kind="stable")
    for found in np.split(by_row, np.flatnonzero(np.diff(positions[by_row])) + 1):
        if len(found) < 2:
            continue  # a lone problem has no order to keep
        keys = list(table.cell_order[positions[found[0]]])
        order = {key: place for place, key in enumerate(keys + [c for c in table.cells.columns if c not in keys])}
        for i in found.tolist():
            if places[i] < width:  # the week/month date check stays last
                places[i] = order[names[columns[i]]]
    return places


def check_unique(table: RawTable, column: str) -> list[Problem]:
    if column not in table.cells.columns or table.cells[column].is_unique:
        return []
    values = table.cells[column]
    codes, uniques = pd.factorize(values)
    repeated = values.duplicated(keep="first").to_numpy(dtype=bool)
    first = np.flatnonzero(~repeated)  # codes number values in order of first appearance
    positions = np.flatnonzero(repeated & (values != "").to_numpy(dtype=bool))
    return [
        Problem(
            table.path, row, column, f"'{uniques[code]}' is used twice (first on row {first_row}); each must be unique"
        )
        for row, code, first_row in zip(
            table.rows[positions].tolist(),
            codes[positions].tolist(),
            table.rows[first[codes[positions]]].tolist(),
            strict=True,
        )
    ]


ActorCodes = tuple[np.ndarray, pd.Index]  # pd.factorize of the actor column, shared by the one-per-actor checks


def actor_codes(table: RawTable) -> ActorCodes | None:
    """The actor column factorized once, for the checks of what an actor has one of."""
    return pd.factorize(table.cells["actor"]) if "actor" in table.cells.columns else None


def check_actor_countries(table: RawTable, actors: ActorCodes | None = None) -> list[Problem]:
    """An actor belongs to one country; two codes for one actor is almost always a typo."""
    if "country" not in table.cells.columns:
        return []
    return _one_per_actor(
        table,
        "country",
        table.cells["country"].isin(list(COUNTRIES)),
        lambda actor, first, row: f"'{actor}' is coded {first} on row {row}; an actor has one country",
        actors,
    )


def check_actor_types(table: RawTable, actors: ActorCodes | None = None) -> list[Problem]:
    """An actor has one type (the office it is known by); a statement made in another capacity gives ``capacity``."""
    if "actor_type" not in table.cells.columns:
        return []
    return _one_per_actor(
        table,
        "actor_type",
        table.cells["actor_type"].isin(list(ACTOR_TYPE_KEYS)),
        lambda actor, first, row: (
            f"'{actor}' is typed {first} on row {row}; an actor has one type;"
            " use capacity for the capacity of one statement"
        ),
        actors,
    )


def check_left_office(table: RawTable, actors: ActorCodes | None = None) -> list[Problem]:
    """An actor left office on one day (or not at all): every row of the actor gives the same ``left_office``."""
    if "left_office" not in table.cells.columns:
        return []
    values = table.cells["left_office"]
    valid = [v for v in values.unique() if v != "" and check_date(v) is None]  # a bad date is reported already

    def message(actor: str, first: str, row: int) -> str:
        was = f"left office on {first}" if first else "has no left_office"
        return (
            f"'{actor}' {was} on row {row}; an actor leaves office once:"
            " give the same left_office (or none) on every row of the actor"
        )

    return _one_per_actor(table, "left_office", (values == "") | values.isin(valid), message, actors)


def _one_per_actor(
    table: RawTable,
    column: str,
    considered: pd.Series,
    message: Callable[[str, str, int], str],
    actors: ActorCodes | None,
) -> list[Problem]:
    """Rows whose ``column`` differs from the actor's first value (among the ``considered`` rows:
    values that pass their own check), each with ``message(actor, first value, first row)``."""
    cells = table.cells
    if actors is None:
        actors = actor_codes(table)
        if actors is None:
            return []
    codes, uniques = actors
    keep = (cells["actor"] != "").to_numpy(dtype=bool) & considered.to_numpy(dtype=bool)
    whole = bool(keep.all())  # the usual case: no need to copy the columns
    coded = np.arange(len(cells)) if whole else np.flatnonzero(keep)
    # Actors numbered in order of first appearance among these rows (pd.factorize's order), so an
    # actor's first row is the one where its number exceeds every number before it.
    local, named = pd.factorize(codes if whole else codes[coded])
    first = np.flatnonzero(np.r_[True, local[1:] > np.maximum.accumulate(local)[:-1]]) if len(local) else local
    value_codes, _ = pd.factorize(cells[column] if whole else cells[column].iloc[coded])
    conflict = np.flatnonzero(value_codes != value_codes[first][local])
    values = cells[column]
    return [
        Problem(
            table.path,
            int(table.rows[coded[i]]),
            column,
            message(uniques[named[a]], values.iloc[coded[first[a]]], int(table.rows[coded[first[a]]])),
        )
        for i, a in zip(conflict.tolist(), local[conflict].tolist(), strict=True)
    ]


def check_known_actors(statements: RawTable, actors: RawTable) -> list[Problem]:
    """The seeds layout: every statement's actor is listed, with its country, role and type, in the actors table."""
    if "actor" not in statements.cells.columns:
        return []
    named = statements.cells["actor"]
    known = actors.cells["actor"] if "actor" in actors.cells.columns else pd.Series([], dtype="str")
    unknown = np.flatnonzero(((named != "") & ~named.isin(known)).to_numpy(dtype=bool))
    actors_file = Path(actors.path).name
    return [
        Problem(
            statements.path,
            row,
            "actor",
            f"'{actor}' is not in {actors_file}; add the actor with its country, role and actor_type",
        )
        for row, actor in zip(statements.rows[unknown].tolist(), named.iloc[unknown].tolist(), strict=True)
    ]


def check_lengths(table: RawTable) -> list[Problem]:
    """No cell (nor header name) longer than MAX_FIELD_CHARS, in any format."""
    problems = [
        Problem(table.path, 1, "", f"has a column name {len(h):,} characters long; at most {MAX_FIELD_CHARS:,}")
        for h in table.header
        if len(h) > MAX_FIELD_CHARS
    ]
    found: list[tuple[int, int, str, int]] = []
    for place, column in enumerate(table.cells.columns):
        lengths = table.cells[column].str.len().to_numpy(dtype=np.int64, na_value=0)
        for position in np.flatnonzero(lengths > MAX_FIELD_CHARS).tolist():
            found.append((position, place, column, int(lengths[position])))
    found.sort()
    problems += [
        Problem(table.path, int(table.rows[p]), column, f"is {n:,} characters long; at most {MAX_FIELD_CHARS:,}")
        for p, _, column, n in found
    ]
    return problems


def check_not_empty(table: RawTable) -> list[Problem]:
    """A dataset holds at least one statement: an empty one is a mistake, and nothing to show."""
    if len(table.cells):
        return []
    if table.cell_order is not None:  # JSON records
        return [Problem(table.path, 0, "", "has no statements; add at least one statement object")]
    return [Problem(table.path, 1, "", "has a header but no statements; add at least one statement row")]


# ---------------------------------------------------------------- whole datasets
def validate_interchange(table: RawTable) -> list[Problem]:
    """The flat interchange table: one row per statement, with its actor's country and role."""
    problems = check_lengths(table) or check_not_empty(table)
    if problems:  # nothing else is worth saying (nor quoting a huge cell in a message)
        return problems
    problems = check_header(table.path, table.header, INTERCHANGE_COLUMNS, ALL_COLUMNS)
    problems += check_cells(table, REQUIRED_VALUES)
    problems += check_unique(table, "id")
    actors = actor_codes(table)
    problems += check_actor_countries(table, actors)
    problems += check_actor_types(table, actors)
    problems += check_left_office(table, actors)
    return problems


SEEDS_ACTOR_ONLY = ("country", "actor_type", "left_office")  # in actors.csv, not statements.csv
SEEDS_STATEMENT_COLUMNS = tuple(c for c in ALL_COLUMNS if c not in SEEDS_ACTOR_ONLY)
SEEDS_ACTOR_ONLY_MESSAGE = "belongs in actors.csv (one per actor), not in statements.csv"


def validate_seeds(statements: RawTable, actors: RawTable, proposals: RawTable | None) -> list[Problem]:
    """The seeds layout: actors (with country, role and type) apart from statements, plus proposal titles."""
    tables = [statements, actors] + ([proposals] if proposals is not None else [])
    problems = [p for t in tables for p in check_lengths(t)] or check_not_empty(statements)
    if problems:
        return problems
    problems = check_header(actors.path, actors.header, ACTOR_COLUMNS, ACTOR_COLUMNS + ACTOR_OPTIONAL_COLUMNS)
    problems += check_cells(actors, ("actor", "country", "actor_type"), record="actor")
    problems += check_unique(actors, "actor")
    misplaced = {c: SEEDS_ACTOR_ONLY_MESSAGE for c in SEEDS_ACTOR_ONLY}
    problems += check_header(
        statements.path,
        statements.header,
        tuple(c for c in INTERCHANGE_COLUMNS if c not in SEEDS_ACTOR_ONLY),
        SEEDS_STATEMENT_COLUMNS,
        misplaced,
    )
    problems += check_cells(statements, [c for c in REQUIRED_VALUES if c not in SEEDS_ACTOR_ONLY])
    problems += check_unique(statements, "id")
    problems += check_known_actors(statements, actors)
    if proposals is not None:
        problems += check_header(proposals.path, proposals.header, PROPOSAL_COLUMNS, PROPOSAL_COLUMNS)
        problems += check_cells(proposals, PROPOSAL_COLUMNS, record="proposal")
    return problems


def validate_events(table: RawTable) -> list[Problem]:
    """Key events (seeds events.csv, or a JSON file's "events"): a date, a short label and the source's url."""
    problems = check_lengths(table)
    if problems:
        return problems
    problems = check_header(table.path, table.header, EVENT_HEADER, EVENT_COLUMNS)
    problems += check_cells(table, EVENT_REQUIRED, record="event")
    return problems
