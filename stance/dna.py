"""Reading Discourse Network Analyzer (DNA 3) databases: statements coded as person, organization,
concept and agreement, mapped onto Stance's interchange columns.

A DNA file is an SQLite database. Its statements of a type with the variables ``concept``,
``agreement`` and ``person`` or ``organization`` (DNA's "DNA Statement") become rows:

============================  =====================================================
DNA                            Stance
============================  =====================================================
person                         actor (the organization when no person is coded)
organization                   role, and the country through the organization map
concept                        proposal (resolved by title; a new one is titled by it)
agreement 1/0 or yes/no        position support/opposed
document date (epoch s or ms)  date (precision: day)
document title; a link in the  source; url
document's source or notes
the statement's text span      quote
============================  =====================================================

DNA has no country, actor type or attribution: the caller gives a default country and an
organization -> country map, the actor type, and statements are on the record (a hearing, a
speech). ``row`` in a problem is the DNA statement's ID. Nothing here raises anything but
``DataError``; the file is opened from its bytes, read only.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np
import pandas as pd

from .validate import DataError, Problem, RawTable

SQLITE_MAGIC = b"SQLite format 3\x00"
REQUIRED_TABLES = ("STATEMENTS", "DOCUMENTS", "VARIABLES", "ENTITIES", "DATASHORTTEXT", "DATABOOLEAN")
VALUE_TABLES = ("DATASHORTTEXT", "DATABOOLEAN", "DATAINTEGER", "DATALONGTEXT")  # where DNA keeps a statement's values
MAPPED_VARIABLES = ("person", "organization", "concept", "agreement")
AGREEMENT = {"1": "support", "yes": "support", "true": "support", "0": "opposed", "no": "opposed", "false": "opposed"}
ON_RECORD = "on-record"
_MILLISECONDS_FROM = 10**11  # an epoch time above this is in milliseconds (DNA 2), below in seconds (DNA 3)
_URL = re.compile(r"https?://\S+")
NOT_DNA_HINT = "open it in DNA 3 and save it (a .dna file is an SQLite database), or import a CSV, XLSX or JSON file"


@dataclass(frozen=True)
class MappingRow:
    """One line of the mapping preview: where a Stance column's values come from, with examples."""

    source: str  # the DNA field ("person", "document date"), or "(none in DNA)"
    column: str  # the Stance column
    examples: tuple[str, ...]


class OrganizationCountry(NamedTuple):
    """The country the organization map gave an organization's statements (``rows``: their IDs)."""

    organization: str
    country: str
    rows: tuple[int, ...]


@dataclass(frozen=True)
class DnaReading:
    table: RawTable  # interchange columns; ``proposal`` holds the concept, ``country`` only what the map gave
    problems: tuple[Problem, ...]  # cells DNA cannot fill (no country, an agreement that is no yes or no)
    notices: tuple[str, ...]
    mapping: tuple[MappingRow, ...]
    organization_countries: tuple[OrganizationCountry, ...] = ()


def is_sqlite(data: bytes) -> bool:
    return data.startswith(SQLITE_MAGIC)


def read_dna(
    name: str,
    data: bytes,
    country: str = "",
    organization_countries: Mapping[str, str] | None = None,
    actor_type: str = "other",
) -> DnaReading:
    """A DNA database's statements as interchange rows. ``country`` and ``organization_countries``
    must be ISO codes already (the importer resolves what the analyst typed). The map's countries are
    filled in; rows it leaves without one keep an empty country for the importer to give ``country``
    (and report it), and are problems when there is no ``country`` either."""
    if not is_sqlite(data):
        raise DataError([Problem(name, 0, "", "is not a DNA database (not an SQLite file)", NOT_DNA_HINT)])
    try:
        with closing(_open(data)) as db:
            _check_schema(name, db)
            types = _statement_types(name, db)
            statements = _statements(db, types)
            values = _values(db, types)
            skipped = db.execute(
                f"SELECT COUNT(*) FROM STATEMENTS WHERE StatementTypeId NOT IN ({','.join('?' * len(types))})", types
            ).fetchone()[0]
    except sqlite3.Error as error:  # a damaged file, or one that only begins like SQLite
        raise DataError([Problem(name, 0, "", f"is not a readable DNA database ({error})", NOT_DNA_HINT)]) from None
    if not statements:
        raise DataError([Problem(name, 0, "", "has no statements coded with person, concept and agreement")])
    countries = dict(organization_countries or {})
    rows, problems, by_organization = _rows(name, statements, values, country, countries, actor_type)
    notices = [f"read {len(rows)} DNA statements; the row of each problem is the DNA statement's ID"]
    if skipped:
        notices.append(f"{skipped} statements of other types (annotations, other coding schemes) were left out")
    unused = [o for o in countries if o not in by_organization]
    if unused:
        listed = ", ".join(f"'{o}'" for o in unused[:5]) + (" ..." if len(unused) > 5 else "")
        notices.append(f"the organization map names {len(unused)} organizations no statement has: {listed}")
    table = RawTable(
        name, tuple(rows.columns), rows.reset_index(drop=True), np.array([s.ID for s in statements], dtype=np.int64)
    )
    mapped = tuple(OrganizationCountry(o, countries[o], tuple(ids)) for o, ids in by_organization.items())
    return DnaReading(table, tuple(problems), tuple(notices), _mapping(statements, rows, country, countries), mapped)


def organizations(data: bytes) -> dict[str, int]:
    """The organizations coded in a DNA database's statements, with their count of statements, by
    name (what the analyst maps to countries); none when the file is no readable DNA database
    (:func:`read_dna` says why)."""
    if not is_sqlite(data):
        return {}
    try:
        with closing(_open(data)) as db:
            _check_schema("", db)
            values = _values(db, _statement_types("", db))
    except (sqlite3.Error, DataError):
        return {}
    counts = Counter(value for (_, variable), value in values.items() if variable == "organization" and value)
    return dict(sorted(counts.items(), key=lambda item: item[0].casefold()))


def _open(data: bytes) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    db.execute("PRAGMA query_only = ON")
    return db


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0].upper() for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _check_schema(name: str, db: sqlite3.Connection) -> None:
    tables = _tables(db)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        message = f"is an SQLite database but not a DNA 3 database (no {', '.join(missing)} table)"
        raise DataError([Problem(name, 0, "", message, NOT_DNA_HINT)])


def _statement_types(name: str, db: sqlite3.Connection) -> list[int]:
    """The statement types coded with concept, agreement and person or organization."""
    found: dict[int, set[str]] = {}
    for type_id, variable in db.execute("SELECT StatementTypeId, Variable FROM VARIABLES"):
        found.setdefault(type_id, set()).add(variable)
    types = [t for t, v in found.items() if {"concept", "agreement"} <= v and v & {"person", "organization"}]
    if not types:
        message = "has no statement type with the variables person (or organization), concept and agreement"
        raise DataError([Problem(name, 0, "", message, "code the statements with DNA's standard 'DNA Statement' type")])
    return types


class _Statement(NamedTuple):
    ID: int
    DocumentId: int
    Title: str | None
    Source: str | None
    Notes: str | None
    Date: object
    Quote: str | None


def _statements(db: sqlite3.Connection, types: list[int]) -> list[_Statement]:
    query = f"""
        SELECT s.ID, s.DocumentId, d.Title, d.Source, d.Notes, d.Date,
               substr(d.Text, s.Start + 1, s.Stop - s.Start) AS Quote
        FROM STATEMENTS s JOIN DOCUMENTS d ON d.ID = s.DocumentId
        WHERE s.StatementTypeId IN ({",".join("?" * len(types))}) ORDER BY s.ID"""
    return [_Statement(*row) for row in db.execute(query, types)]


def _values(db: sqlite3.Connection, types: list[int]) -> dict[tuple[int, str], str]:
    """(statement ID, variable) -> the value as text, for the mapped variables of these types."""
    tables = _tables(db)
    marks = ",".join("?" * len(MAPPED_VARIABLES))
    type_marks = ",".join("?" * len(types))
    selects = []
    for table in (t for t in VALUE_TABLES if t in tables):
        value = "e.Value" if table == "DATASHORTTEXT" else "CAST(x.Value AS TEXT)"
        entity = "JOIN ENTITIES e ON e.ID = x.Entity" if table == "DATASHORTTEXT" else ""
        selects.append(
            f"SELECT x.StatementId, v.Variable, {value} FROM {table} x JOIN VARIABLES v ON v.ID = x.VariableId {entity}"
            f" WHERE v.Variable IN ({marks}) AND v.StatementTypeId IN ({type_marks})"
        )
    parameters = [*MAPPED_VARIABLES, *types] * len(selects)
    return {
        (sid, var): "" if value is None else str(value).strip()
        for sid, var, value in db.execute(" UNION ALL ".join(selects), parameters)
    }


def _rows(
    name: str,
    statements: list[_Statement],
    values: dict[tuple[int, str], str],
    country: str,
    countries: dict[str, str],
    actor_type: str,
) -> tuple[pd.DataFrame, list[Problem], dict[str, list[int]]]:
    problems: list[Problem] = []
    records = []
    by_organization: dict[str, list[int]] = {}  # the statements the organization map gave a country
    for s in statements:
        sid = s.ID
        person, organization, concept, agreement = (values.get((sid, v), "") for v in MAPPED_VARIABLES)
        date, date_problem = epoch_date(s.Date)
        if date_problem:
            problems.append(Problem(name, sid, "date", f"document {s.DocumentId}'s date {date_problem}"))
        position = AGREEMENT.get(agreement.lower(), "")
        if not position:
            message = f"agreement '{agreement}' is neither yes (1) nor no (0)"
            problems.append(Problem(name, sid, "position", message, "code the statement's agreement in DNA"))
        where = countries.get(organization, "")
        if where:
            by_organization.setdefault(organization, []).append(sid)
        elif not country:
            problems.append(
                Problem(
                    name,
                    sid,
                    "country",
                    f"has no country: DNA files carry none (organization '{organization}')",
                    "give a default country (--country; in the app, the country box) or the organization's"
                    " country (--organizations; in the app, the organizations' table)",
                )
            )
        link = _URL.search(f"{s.Source} {s.Notes}")
        records.append(
            {
                "id": f"dna-{s.ID}",
                "date": date,
                "date_precision": "day",
                "actor": person or organization,
                "role": organization if person else "",
                "actor_type": actor_type,
                "country": where,
                "proposal": concept,
                "position": position,
                "attribution": ON_RECORD,
                "quote": " ".join(str(s.Quote or "").split()),
                "source": str(s.Title or "").strip(),
                "url": link.group() if link else "",
                "notes": f"DNA statement {s.ID} in document {s.DocumentId}",
            }
        )
    return pd.DataFrame(records, dtype="str"), problems, by_organization


def epoch_date(value: object) -> tuple[str, str]:
    """A DNA document date (seconds since 1970, or milliseconds) as YYYY-MM-DD, or "" and what is wrong."""
    try:
        number = int(str(value))
        seconds = number / 1000 if abs(number) >= _MILLISECONDS_FROM else number
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d"), ""
    except (ValueError, OverflowError, OSError):
        return "", f"'{value}' is not a time DNA writes (seconds since 1970)"


def _mapping(
    statements: list[_Statement], rows: pd.DataFrame, country: str, countries: dict[str, str]
) -> tuple[MappingRow, ...]:
    def examples(values: pd.Series | list) -> tuple[str, ...]:
        return tuple(v for v in dict.fromkeys(str(v) for v in values) if v)[:3]

    dates = [f"{d} -> {epoch_date(d)[0]}" for d in list(dict.fromkeys(s.Date for s in statements))[:3]]
    agreements = [f"{a} -> {p}" for a, p in {"1": "support", "0": "opposed"}.items()]
    where = [f"{o} -> {c}" for o, c in countries.items()][:2] + ([f"default {country}"] if country else [])
    return (
        MappingRow("person", "actor", examples(rows["actor"])),
        MappingRow("organization", "role; country (organization map)", examples(rows["role"])),
        MappingRow("concept", "proposal (by title; a new one titled by it)", examples(rows["proposal"])),
        MappingRow("agreement", "position", tuple(agreements)),
        MappingRow("document date", "date", tuple(dates)),
        MappingRow("document title", "source", examples(rows["source"])),
        MappingRow("link in document source/notes", "url", examples(rows["url"])),
        MappingRow("statement text", "quote", tuple(q[:60] for q in examples(rows["quote"]))),
        MappingRow("statement ID", "id", examples(rows["id"])),
        MappingRow("(none in DNA)", "country", tuple(where)),
        MappingRow("(none in DNA)", "actor_type", examples(rows["actor_type"])),
        MappingRow("(none in DNA)", "attribution", (ON_RECORD,)),
    )
