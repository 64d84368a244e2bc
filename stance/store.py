"""The living store: the dataset in a database that analysts add to, correct and undo.

SQLite by default (a file, created and filled from the bundled seeds on first use: no server to
install), PostgreSQL for teams, chosen by one setting ($STANCE_DB, an SQLAlchemy URL such as
``postgresql+psycopg://user@host/stance``; a plain ``postgresql://`` URL goes through psycopg 3 too).
Both go through the same SQLAlchemy Core code; the schema is created and upgraded by the Alembic
migrations in ``stance/migrations``.

What it holds is what the files hold: statements (the interchange columns), actors with their
type, proposals with titles, key events. Nothing is deleted: a statement is *retired* (hidden
from every view, kept with its history). Every write is one transaction that also records the
change (who, when, what before and after) and moves the store's revision on, so every cache
keyed on the revision sees it. A write that fails, or a process killed during one, leaves the
store as it was: the database rolls the transaction back.

Two analysts editing one statement: each edit names the version it started from, and a save
against a statement changed since is refused (:class:`Conflict`), not silently overwritten.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa
from pyarrow import csv
from sqlalchemy.engine import Connection, Engine

from .load import BUNDLED_DATA, BUNDLED_TITLE, events_frame, load_dataset, statements_frame
from .model import ALL_COLUMNS, EVENT_COLUMNS, Dataset, actor_table, to_interchange
from .validate import DataError, Problem, RawTable, validate_interchange

DB_ENV = "STANCE_DB"
STORE_FILE = "stance.sqlite"
INSERT_CHUNK = 20_000  # rows per executemany: memory stays small when filling a million statements
IN_CHUNK = 10_000  # values per IN (...) list (see _in_chunks)
CONNECT_TIMEOUT = 10  # seconds a PostgreSQL server may take to answer before opening fails
STATEMENT_FIELDS = ALL_COLUMNS[1:]  # every interchange column but the id (the key)
ACTOR_FIELDS = ("country", "role", "actor_type", "left_office", "note")

metadata = sa.MetaData()
statements = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    *(sa.Column(name, sa.Text, nullable=False, server_default="") for name in STATEMENT_FIELDS),
    sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Index("statements_actor", "actor"),
)
actors = sa.Table(
    "actors",
    metadata,
    sa.Column("actor", sa.String(300), primary_key=True),
    *(sa.Column(name, sa.Text, nullable=False, server_default="") for name in ACTOR_FIELDS),
)
proposals = sa.Table(
    "proposals",
    metadata,
    sa.Column("proposal", sa.String(200), primary_key=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
)
events = sa.Table(
    "events",
    metadata,
    sa.Column("event", sa.Integer, primary_key=True, autoincrement=True),
    *(sa.Column(name, sa.Text, nullable=False, server_default="") for name in EVENT_COLUMNS),
    sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("change", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),  # UTC, ISO 8601
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # statement, event, actor, proposal, import
    sa.Column("key", sa.Text, nullable=False),  # the statement id, event number, actor name ...
    sa.Column("action", sa.String(20), nullable=False),  # add, edit, retire, restore, import, undo
    sa.Column("before", sa.Text, nullable=False),  # JSON of the record before ("null": none)
    sa.Column("after", sa.Text, nullable=False),
    sa.Column("undoes", sa.Integer, nullable=True),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Index("changes_at", "at"),
)
settings = sa.Table(
    "settings",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


class StoreError(Exception):
    """A store that cannot be opened or written; the message says what to do."""


class Conflict(StoreError):
    """The record changed after it was opened for editing: the save is refused."""


def default_location() -> Path:
    """Where the default SQLite store lives: $XDG_DATA_HOME/stance, else ~/.local/share/stance."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "stance" / STORE_FILE


def store_url(explicit: str | None = None) -> str:
    """The store to open: the one asked for, else $STANCE_DB, else the default SQLite file."""
    return explicit or os.environ.get(DB_ENV) or f"sqlite:///{default_location()}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Change:
    """One recorded change: ``change`` is its number in the log (what ``undo`` takes)."""

    change: int
    at: str
    who: str
    kind: str
    key: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undoes: int | None = None
    note: str = ""


class NotAnEditor(StoreError):
    """The store has a list of editors, and the one writing is not on it."""


class Store:
    """One store, opened by URL. :meth:`open` creates, upgrades and (when new) fills it.

    ``editors``: who may write (names or e-mail addresses, any case), on a team server where
    people sign in; None (a laptop) lets anyone who gives a name write."""

    def __init__(self, engine: Engine, editors: frozenset[str] | None = None) -> None:
        self.engine = engine
        self.editors = None if editors is None else frozenset(e.strip().casefold() for e in editors)

    # ------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        url: str | None = None,
        seed: str | os.PathLike | None = BUNDLED_DATA,
        editors: frozenset[str] | None = None,
    ) -> Store:
        """The store at ``url`` (see :func:`store_url`), its schema brought up to date; a new one is
        filled from ``seed`` (the bundled seeds by default; None: left empty). Raises StoreError."""
        from alembic.util import CommandError

        url = store_url(url)
        try:
            engine = _engine(url)
            with engine.begin() as connection:
                upgrade(connection)
            store = cls(engine, editors)
            if seed is not None and store._setting("store") is None:
                store.replace(load_dataset(seed), who="stance", note=f"filled from {Path(seed).name}")
            return store
        except DataError:
            raise
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(f"cannot open the store {_safe(url)}: {_reason(error)}") from error
        except OSError as error:
            raise StoreError(f"cannot open the store {_safe(url)}: {error.strerror or error}") from error
        except CommandError as error:  # e.g. a schema revision this Stance does not know: a newer Stance made it
            raise StoreError(
                f"cannot open the store {_safe(url)}: its schema is not one this version of Stance knows "
                f"({error}); upgrade Stance"
            ) from error

    # ------------------------------------------------------------ reading
    def revision(self) -> str:
        """Changes with every write: the store's identity and its count of writes."""
        with self.engine.connect() as connection:
            return _revision(connection)

    def dataset(self) -> Dataset:
        """Everything the store holds that is not retired, as a Dataset (what the app and CLI show)."""
        read_again = True
        while read_again:  # a write committed while reading (PostgreSQL reads each query afresh)
            with self.engine.connect() as connection:
                revision = _revision(connection)
                rows = _frame(
                    connection,
                    sa.select(statements.c.id, *(statements.c[c] for c in STATEMENT_FIELDS)).where(
                        statements.c.retired == sa.false()
                    ),
                    ALL_COLUMNS,
                )
                titles = dict(connection.execute(sa.select(proposals.c.proposal, proposals.c.title)).all())
                notes = {a: n for a, n in connection.execute(sa.select(actors.c.actor, actors.c.note)).all() if n}
                shown_events = _frame(
                    connection,
                    sa.select(*(events.c[c] for c in EVENT_COLUMNS))
                    .where(events.c.retired == sa.false())
                    .order_by(events.c.event),
                    EVENT_COLUMNS,
                )
                name = self._setting("name", connection) or "store"
                title = self._setting("title", connection) or name
                read_again = _revision(connection) != revision
        return Dataset(
            statements_frame(rows),
            proposals=titles,
            name=name,
            revision=revision,
            title=title,
            events=events_frame(shown_events),
            actor_notes=notes,
        )

    def statement(self, statement_id: str) -> dict[str, Any] | None:
        """One statement as stored (retired ones too), with its ``version``; None if there is none."""
        with self.engine.connect() as connection:
            return _statement(connection, statement_id)

    def history(self, since: str | None = None, actor: str | None = None, limit: int | None = None) -> list[Change]:
        """The change log, latest first; ``since``: a day (YYYY-MM-DD) or time; ``actor``: changes to
        that actor's statements or to the actor (case-insensitive part of the name)."""
        query = sa.select(changes).order_by(changes.c.change.desc())
        if since:
            query = query.where(changes.c.at >= since)
        with self.engine.connect() as connection:
            found = [_change(row) for row in connection.execute(query).mappings()]
        if actor:
            needle = actor.casefold()
            found = [c for c in found if needle in _actor_of(c).casefold()]
        return found[:limit] if limit else found

    # ------------------------------------------------------------ writing
    def add_statement(self, values: Mapping[str, str], who: str) -> Change:
        """A new statement (every interchange column; ``id`` unique). Raises DataError if invalid."""
        record = _statement_record(values)
        with self._writing(who) as connection:
            if _statement(connection, record["id"]) is not None:
                raise DataError([Problem("statement", 1, "id", f"{record['id']!r} is taken; choose another id")])
            _check_statements(connection, [record])
            connection.execute(statements.insert().values(**record))
            _remember_actor(connection, record)
            return _record(connection, who, "statement", record["id"], "add", None, _stored(connection, record["id"]))

    def edit_statement(self, statement_id: str, values: Mapping[str, str], who: str, version: int) -> Change:
        """Change a statement's fields; ``version``: the one the editor opened (Conflict if it moved on)."""
        with self._writing(who) as connection:
            before = _current(connection, statement_id, version)
            record = _statement_record({**_fields(before), **values, "id": statement_id})
            _check_statements(connection, [record])
            _update(connection, statement_id, version, record)
            _remember_actor(connection, record)
            return _record(
                connection, who, "statement", statement_id, "edit", _fields(before), _stored(connection, statement_id)
            )

    def retire_statement(self, statement_id: str, who: str, version: int, retired: bool = True) -> Change:
        """Hide a statement from every view (``retired=False``: bring it back). Never a hard delete."""
        with self._writing(who) as connection:
            before = _current(connection, statement_id, version)
            _update(connection, statement_id, version, {"retired": retired})
            action = "retire" if retired else "restore"
            return _record(
                connection, who, "statement", statement_id, action, _fields(before), _stored(connection, statement_id)
            )

    def replace(self, dataset: Dataset, who: str, note: str = "") -> Change:
        """Make the store hold exactly ``dataset`` (a first fill, or an import of a whole dataset):
        one transaction, one recorded change."""
        table = to_interchange(dataset.statements)
        with self._writing(who) as connection:
            before = connection.execute(sa.select(sa.func.count()).select_from(statements)).scalar_one()
            for target in (statements, actors, proposals, events):
                connection.execute(target.delete())
            if len(table):
                _insert_rows(connection, statements, table)
                connection.execute(actors.insert(), _records(actor_table(table, dataset.actor_notes)))
            titles = {p: dataset.proposal_title(p) for p in sorted(set(table["proposal"]) | set(dataset.proposals))}
            if titles:
                connection.execute(proposals.insert(), [{"proposal": p, "title": t} for p, t in titles.items()])
            day_events = dataset.events.assign(date=dataset.events["date"].dt.strftime("%Y-%m-%d"))
            _insert_rows(connection, events, day_events[list(EVENT_COLUMNS)])
            _set(connection, "name", dataset.name)
            _set(connection, "title", BUNDLED_TITLE if dataset.title == BUNDLED_TITLE else dataset.label)
            summary = {"statements": len(table), "events": len(day_events), "proposals": len(titles)}
            return _record(
                connection, who, "import", dataset.name, "import", {"statements": before}, summary, note=note
            )

    def import_statements(
        self,
        new: pd.DataFrame,
        who: str,
        titles: Mapping[str, str] | None = None,
        new_events: pd.DataFrame | None = None,
        note: str = "",
    ) -> Change:
        """Add validated statements (as :func:`stance.importing.import_file` gives them), the
        proposals' titles the store lacks, and key events: all or nothing, one recorded change
        (undone by retiring the statements it added). Raises DataError, nothing written."""
        table = to_interchange(new)
        records = [{c: str(row[c]) for c in ALL_COLUMNS} for row in _records(table)]
        with self._writing(who) as connection:
            ids = [r["id"] for r in records]
            taken = [
                found
                for chunk in _in_chunks(ids)
                for found in connection.execute(sa.select(statements.c.id).where(statements.c.id.in_(chunk))).scalars()
            ]
            if taken:
                raise DataError([Problem("import", 0, "id", f"{taken[0]!r} is already stored; give it another id")])
            _check_statements(connection, records)
            _insert_rows(connection, statements, table[list(ALL_COLUMNS)])
            for record in {r["actor"]: r for r in records}.values():
                _remember_actor(connection, record)
            known = set(connection.execute(sa.select(proposals.c.proposal)).scalars())
            wanted = {p: (titles or {}).get(p, p) for p in table["proposal"]} | dict(titles or {})
            added = [{"proposal": p, "title": t} for p, t in wanted.items() if p not in known]
            if added:
                connection.execute(proposals.insert(), added)
            dated = pd.DataFrame(columns=list(EVENT_COLUMNS)) if new_events is None else new_events
            if len(dated):
                day_events = dated.assign(date=pd.to_datetime(dated["date"]).dt.strftime("%Y-%m-%d"))
                # An event the store has (same day and label) is not added again: a file imported twice.
                have = {(d, label) for d, label in connection.execute(sa.select(events.c.date, events.c.label))}
                pairs = zip(day_events["date"], day_events["label"], strict=True)
                unseen = [pair not in have for pair in pairs]
                _insert_rows(connection, events, day_events.loc[unseen, list(EVENT_COLUMNS)])
            after = {"statements": len(records), "ids": ids, "proposals": [a["proposal"] for a in added]}
            return _record(connection, who, "import", note or "import", "import", None, after, note=note)

    def undo(self, change_id: int, who: str) -> Change:
        """Put back what change ``change_id`` changed (itself a recorded change). Statement changes
        only; refused if the statement changed again since (undo the later change first)."""
        with self._writing(who) as connection:
            row = connection.execute(sa.select(changes).where(changes.c.change == change_id)).mappings().first()
            if row is None:
                raise StoreError(f"there is no change {change_id}; `python -m stance history` lists them")
            change = _change(row)
            undone = connection.execute(sa.select(changes.c.change).where(changes.c.undoes == change_id)).first()
            if undone is not None:
                raise StoreError(f"change {change_id} is already undone (by change {undone[0]})")
            if change.kind == "import" and change.before is None:
                return self._undo_import(connection, change, who)
            if change.kind != "statement":
                raise StoreError(f"change {change_id} is a {change.kind} change; only statement changes can be undone")
            current = _statement(connection, change.key)
            expected = change.after
            if current is None or (expected is not None and _fields(current) != expected):
                raise Conflict(f"statement {change.key} changed after change {change_id}; undo the later change first")
            if change.action == "add":
                _update(connection, change.key, current["version"], {"retired": True})
            elif change.action in ("retire", "restore"):
                _update(connection, change.key, current["version"], {"retired": change.action == "restore"})
            else:
                assert change.before is not None
                record = _statement_record(change.before)
                _check_statements(connection, [record])
                _update(connection, change.key, current["version"], record)
            after = _stored(connection, change.key)
            return _record(connection, who, "statement", change.key, "undo", _fields(current), after, undoes=change_id)

    def _undo_import(self, connection: Connection, change: Change, who: str) -> Change:
        """Retire the statements an import added, if none changed since (else Conflict)."""
        ids = (change.after or {}).get("ids", [])
        stored = [
            row
            for chunk in _in_chunks(ids)
            for row in connection.execute(
                sa.select(statements.c.id, statements.c.version, statements.c.retired).where(statements.c.id.in_(chunk))
            )
        ]
        if len(stored) != len(ids) or any(version != 1 or retired for _, version, retired in stored):
            raise Conflict(f"statements of change {change.change} changed since; undo those changes first")
        for chunk in _in_chunks(ids):
            connection.execute(
                statements.update()
                .where(statements.c.id.in_(chunk))
                .values(retired=True, version=statements.c.version + 1)
            )
        after = {"retired": len(ids), "ids": ids}
        return _record(connection, who, "import", change.key, "undo", change.after, after, undoes=change.change)

    # ------------------------------------------------------------ internals
    @contextmanager
    def _writing(self, who: str) -> Iterator[Connection]:
        if not who.strip():
            raise StoreError("say who is making the change (a name)")
        if self.editors is not None and who.strip().casefold() not in self.editors:
            raise NotAnEditor(f"{who.strip()} may view this store but not change it: ask its owner to add you")
        with self.engine.begin() as connection:  # all or nothing
            _count_write(connection)
            yield connection

    def _setting(self, name: str, connection: Connection | None = None) -> str | None:
        if connection is not None:
            return _setting(connection, name)
        with self.engine.connect() as opened:
            return _setting(opened, name)


# ---------------------------------------------------------------- helpers
def upgrade(connection: Connection) -> None:
    """Bring the schema up to date with the Alembic migrations (a new store: create it)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(database_url(url))
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            cursor.execute("PRAGMA busy_timeout=10000")  # a second writer waits, up to 10 s
            cursor.close()

    return engine


def database_url(url: str) -> sa.URL:
    """The SQLAlchemy URL to connect to: a plain ``postgresql://`` (or ``postgres://``) URL, as people
    paste them, goes through psycopg 3 (SQLAlchemy's default would be psycopg2, not installed), and
    gives up after CONNECT_TIMEOUT seconds unless the URL says otherwise (libpq waits for ever)."""
    try:
        parsed = sa.make_url(url)
    except ValueError as error:  # SQLAlchemy reads the port with int()
        raise sa.exc.ArgumentError("its port is not a number") from error
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "postgresql+psycopg" and "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    return parsed


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        return "(an unreadable URL)"


def _reason(error: sa.exc.SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    text = str(original or error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _count_write(connection: Connection) -> None:
    """Move the revision on, first thing in a write: counted in the database (two writers never both
    count N+1), and the row lock it takes (PostgreSQL) or the write lock (SQLite) makes the next writer
    wait until this one ends, so each write's checks see every write before it."""
    counted = connection.execute(
        settings.update()
        .where(settings.c.name == "writes")
        .values(value=sa.cast(sa.cast(settings.c.value, sa.Integer) + 1, sa.String))
    )
    if counted.rowcount == 0:  # the store's first write
        _set(connection, "writes", "1")
    if _setting(connection, "store") is None:
        _set(connection, "store", uuid.uuid4().hex[:12])


def _setting(connection: Connection, name: str) -> str | None:
    return connection.execute(sa.select(settings.c.value).where(settings.c.name == name)).scalar_one_or_none()


def _set(connection: Connection, name: str, value: str) -> None:
    if connection.execute(settings.update().where(settings.c.name == name).values(value=value)).rowcount == 0:
        connection.execute(settings.insert().values(name=name, value=value))


def _statement(connection: Connection, statement_id: str) -> dict[str, Any] | None:
    row = connection.execute(sa.select(statements).where(statements.c.id == statement_id)).mappings().first()
    return dict(row) if row is not None else None


def _fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The interchange fields of a stored statement, and whether it is retired."""
    return {c: record[c] for c in ALL_COLUMNS} | {"retired": bool(record.get("retired", False))}


def _stored(connection: Connection, statement_id: str) -> dict[str, Any] | None:
    """A statement's fields as stored now (what a change records as "after")."""
    found = _statement(connection, statement_id)
    return _fields(found) if found is not None else None


def _current(connection: Connection, statement_id: str, version: int) -> dict[str, Any]:
    found = _statement(connection, statement_id)
    if found is None:
        raise StoreError(f"there is no statement {statement_id!r}")
    if found["version"] != version:
        raise Conflict(
            f"statement {statement_id} was changed by someone else after you opened it "
            f"(version {found['version']}, yours {version}); reopen it to see the change, then edit again"
        )
    return found


def _update(connection: Connection, statement_id: str, version: int, values: Mapping[str, Any]) -> None:
    fields = {k: v for k, v in values.items() if k not in ("id", "version")}
    done = connection.execute(
        statements.update()
        .where(statements.c.id == statement_id, statements.c.version == version)
        .values(**fields, version=version + 1)
    )
    if done.rowcount != 1:  # changed between our read and this write (another process)
        raise Conflict(f"statement {statement_id} was changed by someone else just now; reopen it and edit again")


def _statement_record(values: Mapping[str, Any]) -> dict[str, str]:
    unknown = sorted(set(values) - set(ALL_COLUMNS) - {"retired", "version"})
    if unknown:
        raise DataError([Problem("statement", 1, unknown[0], "is not a statement field")])
    return {c: str(values.get(c, "") or "").strip() for c in ALL_COLUMNS}


def _in_chunks(values: Iterable[str]) -> Iterator[list[str]]:
    """``values`` in lists short enough for one ``IN (...)``: PostgreSQL takes at most 65,535
    parameters in a query, and an import may name more statements than that."""
    listed = list(values)
    for start in range(0, len(listed), IN_CHUNK):
        yield listed[start : start + IN_CHUNK]


def _check_statements(connection: Connection, records: list[dict[str, str]]) -> None:
    """The same checks as a file's, on the new records together with their actors' other statements
    (one country, type and leaving day per actor). Raises DataError."""
    names = sorted({r["actor"] for r in records})
    ids = {r["id"] for r in records}
    others = [
        row
        for chunk in _in_chunks(names)
        for row in connection.execute(
            sa.select(statements.c.id, *(statements.c[c] for c in STATEMENT_FIELDS)).where(
                statements.c.actor.in_(chunk), statements.c.retired == sa.false()
            )
        )
        if row[0] not in ids
    ]
    cells = pd.DataFrame([*records, *(dict(zip(ALL_COLUMNS, row, strict=True)) for row in others)], dtype="str")
    cells = cells.reindex(columns=list(ALL_COLUMNS), fill_value="")
    table = RawTable("statement", tuple(ALL_COLUMNS), cells, pd.RangeIndex(1, len(cells) + 1).to_numpy())
    problems = validate_interchange(table)
    if problems:
        raise DataError(problems)


def _remember_actor(connection: Connection, record: Mapping[str, str]) -> None:
    """Keep the actors table (the picker's list) in step with a statement's actor fields."""
    values = {c: record[c] for c in ("country", "role", "actor_type", "left_office")}
    done = connection.execute(actors.update().where(actors.c.actor == record["actor"]).values(**values))
    if done.rowcount == 0:
        connection.execute(actors.insert().values(actor=record["actor"], note="", **values))


def _record(
    connection: Connection,
    who: str,
    kind: str,
    key: str,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    undoes: int | None = None,
    note: str = "",
) -> Change:
    at = _now()
    values = {
        "at": at,
        "who": who.strip(),
        "kind": kind,
        "key": key,
        "action": action,
        "before": json.dumps(before, ensure_ascii=False),
        "after": json.dumps(after, ensure_ascii=False),
        "undoes": undoes,
        "note": note,
    }
    inserted = connection.execute(changes.insert().values(**values)).inserted_primary_key
    assert inserted is not None  # an autoincrement key
    number = inserted[0]
    return Change(number, at, who.strip(), kind, key, action, _plain(before), _plain(after), undoes, note)


def _plain(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return dict(record) if record is not None else None


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts (pandas' own to_dict is slow on its Arrow strings: columns become lists first)."""
    names = [str(c) for c in table.columns]
    return [dict(zip(names, values, strict=True)) for values in zip(*_column_lists(table, names), strict=True)]


def _column_lists(table: pd.DataFrame, names: list[str]) -> list[list[Any]]:
    return [table[name].to_numpy(dtype=object).tolist() for name in names]


def _insert_rows(connection: Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    """Insert every row of ``frame`` (columns named as the table's) in chunks, through the driver's
    own executemany: SQLAlchemy's per-row handling of parameters would cost more than the database."""
    names = [str(c) for c in frame.columns]
    if connection.dialect.name == "postgresql":  # its executemany sends row by row; COPY is its bulk path
        _copy_rows(connection, table, frame)
        return
    insert = table.insert().compile(dialect=connection.dialect, column_keys=names)
    order = list(insert.positiontup or names)  # the parameters' order when the driver takes them by position
    columns = _column_lists(frame, order)
    for start in range(0, len(frame), INSERT_CHUNK):
        chunk = zip(*(column[start : start + INSERT_CHUNK] for column in columns), strict=True)
        rows = list(chunk) if insert.positional else [dict(zip(order, values, strict=True)) for values in chunk]
        connection.exec_driver_sql(insert.string, rows)


def _copy_rows(connection: Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    """PostgreSQL's bulk load, fed CSV that pyarrow writes; every column text, none NULL (an unquoted
    empty field is an empty string: FORCE_NOT_NULL)."""
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(str(c)) for c in frame.columns)
    load = f"COPY {quote(table.name)} ({columns}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({columns}))"
    arrow = pa.Table.from_pandas(frame.astype("str"), preserve_index=False)
    driver = connection.connection.driver_connection
    assert driver is not None  # an open connection
    with driver.cursor() as cursor, cursor.copy(load) as copy:
        for start in range(0, len(frame), INSERT_CHUNK):
            text = io.BytesIO()
            csv.write_csv(arrow.slice(start, INSERT_CHUNK), text, csv.WriteOptions(include_header=False))
            copy.write(text.getvalue().decode())  # str: psycopg encodes it as the connection's encoding


def _frame(connection: Connection, query: sa.Select, columns: tuple[str, ...]) -> pd.DataFrame:
    """A query's rows as a frame of strings, built column by column through Arrow (pandas is slow with
    row objects, and with Python lists of strings)."""
    values = list(zip(*connection.execute(query).all(), strict=True)) or [() for _ in columns]
    return pa.table({c: pa.array(v, type=pa.string()) for c, v in zip(columns, values, strict=True)}).to_pandas()


def _revision(connection: Connection) -> str:
    return f"{_setting(connection, 'store') or 'empty'}-{_setting(connection, 'writes') or '0'}"


def _change(row: Mapping[str, Any] | sa.RowMapping) -> Change:
    return Change(
        row["change"],
        row["at"],
        row["who"],
        row["kind"],
        row["key"],
        row["action"],
        json.loads(row["before"]),
        json.loads(row["after"]),
        row["undoes"],
        row["note"],
    )


def _actor_of(change: Change) -> str:
    record = change.after or change.before or {}
    return str(record.get("actor", change.key if change.kind == "actor" else ""))
