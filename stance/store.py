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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from pyarrow import csv
from sqlalchemy.engine import Connection, Engine

from .load import BUNDLED_DATA, BUNDLED_TITLE, events_frame, load_dataset, statements_frame
from .model import ALL_COLUMNS, EVENT_COLUMNS, Dataset, actor_table, to_interchange
from .validate import DataError, Problem, RawTable, validate_events, validate_interchange

DB_ENV = "STANCE_DB"
SCHEMA = "0002"  # the latest migration's revision (stance/migrations/versions)
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
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
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
INTERCHANGE = tuple(statements.c[c] for c in ALL_COLUMNS)  # a statement's columns, in the interchange order
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
        except StoreError as error:
            raise StoreError(f"cannot open the store {_safe(url)}: {error}") from error

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
                rows = _shown_statements(connection)
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
        return self._read(STATEMENTS, statement_id)

    def event(self, event_id: int) -> dict[str, Any] | None:
        """One key event as stored (``event``: its number; retired ones too), with its ``version``."""
        return self._read(EVENTS, event_id)

    def actor(self, name: str) -> dict[str, Any] | None:
        """One actor as stored (country, latest role, type, leaving day, note), with its ``version``."""
        return self._read(ACTORS, name)

    def event_table(self) -> pd.DataFrame:
        """Every key event, retired ones too, with its number and version (what the edit page lists)."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(events).order_by(events.c.date, events.c.event)).mappings().all()
        return pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in events.columns])

    def _read(self, records: Records, key: str | int) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            return _get(connection, records, key)

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
        return found[:limit]  # None: all

    # ------------------------------------------------------------ writing
    def add_statement(self, values: Mapping[str, str], who: str) -> Change:
        """A new statement (every interchange column; ``id`` unique). Raises DataError if invalid."""
        record = STATEMENTS.values(values)
        with self._writing(who) as connection:
            if _get(connection, STATEMENTS, record["id"]) is not None:
                raise DataError([Problem("statement", 1, "id", f"{record['id']!r} is taken; choose another id")])
            _check_statements(connection, [record])
            connection.execute(statements.insert().values(**record))
            _remember_actor(connection, record)
            after = _stored(connection, STATEMENTS, record["id"])
            return _record(connection, who, "statement", record["id"], "add", None, after)

    def edit_statement(self, statement_id: str, values: Mapping[str, str], who: str, version: int) -> Change:
        """Change a statement's fields; ``version``: the one the editor opened (Conflict if it moved on)."""
        with self._writing(who) as connection:
            before = _current(connection, STATEMENTS, statement_id, version)
            record = STATEMENTS.values({**_fields(STATEMENTS, before), **values, "id": statement_id})
            _check_statements(connection, [record])
            _update(connection, STATEMENTS, statement_id, version, record)
            _remember_actor(connection, record)
            after = _stored(connection, STATEMENTS, statement_id)
            return _record(connection, who, "statement", statement_id, "edit", _fields(STATEMENTS, before), after)

    def retire_statement(self, statement_id: str, who: str, version: int, retired: bool = True) -> Change:
        """Hide a statement from every view (``retired=False``: bring it back). Never a hard delete."""
        return self._retire(STATEMENTS, statement_id, who, version, retired)

    def add_event(self, values: Mapping[str, str], who: str) -> Change:
        """A new key event (date, label, url, note); its number is the change's key."""
        record = EVENTS.values(values)
        _check_event(record)
        with self._writing(who) as connection:
            inserted = connection.execute(events.insert().values(**record)).inserted_primary_key
            assert inserted is not None  # an autoincrement key
            number = inserted[0]
            return _record(connection, who, "event", str(number), "add", None, _stored(connection, EVENTS, number))

    def edit_event(self, event_id: int, values: Mapping[str, str], who: str, version: int) -> Change:
        """Change a key event's date, label, url or note; ``version`` as for a statement."""
        with self._writing(who) as connection:
            before = _current(connection, EVENTS, event_id, version)
            record = EVENTS.values({**_fields(EVENTS, before), **values})
            _check_event(record)
            _update(connection, EVENTS, event_id, version, record)
            after = _stored(connection, EVENTS, event_id)
            return _record(connection, who, "event", str(event_id), "edit", _fields(EVENTS, before), after)

    def retire_event(self, event_id: int, who: str, version: int, retired: bool = True) -> Change:
        """Hide a key event from every chart (``retired=False``: bring it back)."""
        return self._retire(EVENTS, event_id, who, version, retired)

    def _retire(self, records: Records, key: str | int, who: str, version: int, retired: bool) -> Change:
        with self._writing(who) as connection:
            before = _current(connection, records, key, version)
            _update(connection, records, key, version, {"retired": retired})
            action = "retire" if retired else "restore"
            after = _stored(connection, records, key)
            return _record(connection, who, records.kind, str(key), action, _fields(records, before), after)

    def edit_actor(self, name: str, values: Mapping[str, str], who: str, version: int) -> Change:
        """Rename an actor, or change their country, type, leaving day or note: every statement of
        theirs (retired ones too) follows, in one recorded change. A new name that another actor has
        joins the two (their country, type and leaving day must then agree). The role is not an
        actor's but a statement's (the office held that day): edit it on the statements.
        ``version``: the one the editor opened (Conflict if it moved on)."""
        with self._writing(who) as connection:
            before = _fields(ACTORS, _current(connection, ACTORS, name, version))
            wanted = ACTORS.values({**before, **values})
            if wanted["role"] != before["role"]:
                raise DataError(
                    [Problem("actor", 1, "role", "is a statement's (the office held that day); edit it there")]
                )
            new = wanted["actor"]
            if not new:
                raise DataError([Problem("actor", 1, "actor", "is empty; give the actor's name")])
            joined = _stored(connection, ACTORS, new) if new != name else None
            if joined is not None:  # the other actor's record stays, its note too unless one is given
                note = values.get("note", joined["note"])
                wanted = joined | {c: wanted[c] for c in ACTOR_ON_STATEMENTS} | {"note": note}
            ids = []  # the statements to change: none when only the note changes
            if any(wanted[c] != before[c] for c in ACTOR_ON_STATEMENTS):
                ids = list(connection.execute(sa.select(statements.c.id).where(statements.c.actor == name)).scalars())
            rows_before = {name: before} | ({new: joined} if new != name else {})
            rows_after = {name: None} | {new: wanted}  # a rename leaves no record under the old name
            _move_actor(connection, ids, wanted, rows_after)
            old = before | {"statements": ids, "records": rows_before}
            return _record(
                connection, who, "actor", name, "edit", old, wanted | {"statements": ids, "records": rows_after}
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
        (undone by retiring the statements it added). A statement whose id a retired one has (a file
        imported again after its import was undone) brings that one back with the file's values.
        Raises DataError, nothing written."""
        table = to_interchange(new)
        records = [{c: str(row[c]) for c in ALL_COLUMNS} for row in _records(table)]
        if not records:  # a change that changes nothing would only crowd the log
            raise DataError([Problem("import", 0, "", "nothing to import: no statements given")])
        with self._writing(who) as connection:
            ids = [r["id"] for r in records]
            stored = {row["id"]: row for row in _statement_rows(connection, ids, versioned=True)}
            taken = [i for i in ids if i in stored and not stored[i]["retired"]]
            if taken:
                raise DataError([Problem("import", 0, "id", f"{taken[0]!r} is already stored; give it another id")])
            _check_statements(connection, records)
            _insert_rows(connection, statements, table.loc[~table["id"].isin(list(stored)), list(ALL_COLUMNS)])
            restored = {}
            for record in (r for r in records if r["id"] in stored):
                before = stored[record["id"]]
                _update(connection, STATEMENTS, record["id"], before["version"], record | {"retired": False})
                restored[record["id"]] = {"version": before["version"] + 1, "before": _fields(STATEMENTS, before)}
            ids = [i for i in ids if i not in stored]
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
            if restored:
                after["restored"] = restored
            return _record(connection, who, "import", note or "import", "import", None, after, note=note)

    def undo(self, change_id: int, who: str) -> Change:
        """Put back what change ``change_id`` changed (itself a recorded change, which can be undone
        in turn): a statement's, an event's or an actor's, or an import's additions. Refused if what
        it changed has changed again since (undo the later change first)."""
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
            if change.kind == "actor":
                return self._undo_actor(connection, change, who)
            if change.kind == "import" and change.action == "undo":
                raise StoreError(
                    f"change {change_id} undid an import; import the file again to bring its statements back"
                )
            if change.kind == "import":
                raise StoreError(
                    f"change {change_id} replaced the whole dataset, which cannot be undone; "
                    "export a copy before such a change, and import it to go back"
                )
            records = EDITABLE[change.kind]
            current = _get(connection, records, change.key)
            expected = change.after
            if current is None or (expected is not None and _fields(records, current) != expected):
                raise Conflict(
                    f"{records.kind} {change.key} changed after change {change_id}; undo the later change first"
                )
            if change.action == "add":
                _update(connection, records, change.key, current["version"], {"retired": True})
            elif change.action in ("retire", "restore"):
                _update(connection, records, change.key, current["version"], {"retired": change.action == "restore"})
            else:
                assert change.before is not None
                record = records.values(change.before)
                if records is STATEMENTS:
                    _check_statements(connection, [record])
                else:
                    _check_event(record)
                _update(
                    connection, records, change.key, current["version"], record | {"retired": change.before["retired"]}
                )
            after = _stored(connection, records, change.key)
            return _record(
                connection, who, records.kind, change.key, "undo", _fields(records, current), after, undoes=change_id
            )

    def _undo_actor(self, connection: Connection, change: Change, who: str) -> Change:
        """Put an actor's records and statements back as they were, if nothing changed them since."""
        before, after = change.before or {}, change.after or {}
        ids = after["statements"]
        now = {name: _stored(connection, ACTORS, name) for name in after["records"]}
        stored = _statement_rows(connection, ids)
        moved_on = any(row[c] != after[c] for row in stored for c in ACTOR_ON_STATEMENTS)
        if now != after["records"] or len(stored) != len(ids) or moved_on:
            raise Conflict(f"actor {after['actor']} changed after change {change.change}; undo the later change first")
        _move_actor(connection, ids, before, before["records"])
        return _record(connection, who, "actor", after["actor"], "undo", after, before, undoes=change.change)

    def _undo_import(self, connection: Connection, change: Change, who: str) -> Change:
        """Retire the statements an import added, and put back as they were those it brought back,
        if none changed since (else Conflict)."""
        ids = (change.after or {}).get("ids", [])
        restored = (change.after or {}).get("restored", {})
        stored = {row["id"]: row for row in _statement_rows(connection, [*ids, *restored], versioned=True)}
        untouched = all(i in stored and stored[i]["version"] == 1 and not stored[i]["retired"] for i in ids) and all(
            i in stored and stored[i]["version"] == back["version"] for i, back in restored.items()
        )
        if not untouched:
            raise Conflict(f"statements of change {change.change} changed since; undo those changes first")
        _update_statements(connection, ids, {"retired": True})
        for statement_id, back in restored.items():
            _update(connection, STATEMENTS, statement_id, back["version"], back["before"])
        after = {"retired": len(ids) + len(restored), "ids": [*ids, *restored]}
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
    """Bring the schema up to date with the Alembic migrations (a new store: create it). A store at
    SCHEMA already is left alone without importing Alembic (a fifth of a second of every cold start)."""
    if _schema(connection) == SCHEMA:
        return
    from alembic import command
    from alembic.util import CommandError

    try:
        command.upgrade(migrations(connection), "head")
    except CommandError as error:  # e.g. a schema revision this Stance does not know: a newer Stance made it
        raise StoreError(f"its schema is not one this version of Stance knows ({error}); upgrade Stance") from error


def migrations(connection: Connection | None = None) -> Any:
    """Alembic's configuration of the store's migrations (stance/migrations), run on ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    config.attributes["connection"] = connection
    return config


def _schema(connection: Connection) -> str | None:
    """The store's schema revision (Alembic's table); None for a new store."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


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


@dataclass(frozen=True)
class Records:
    """A kind of record analysts edit: its table, its key, and the fields a change records."""

    kind: str  # as the change log names it
    table: sa.Table
    key: str  # the key column
    fields: tuple[str, ...]
    numbered: bool = False  # the key is a number the store gives (events)

    def key_of(self, key: str | int) -> str | int:
        return int(key) if self.numbered else str(key)

    def values(self, given: Mapping[str, Any]) -> dict[str, str]:
        """``given`` as this record's fields, stripped; a field it does not have is refused."""
        unknown = sorted(set(given) - set(self.fields) - {self.key, "retired", "version"})
        if unknown:
            raise DataError([Problem(self.kind, 1, unknown[0], f"is not {_article(self.kind)} {self.kind} field")])
        return {c: str(given.get(c) or "").strip() for c in self.fields}


STATEMENTS = Records("statement", statements, "id", ALL_COLUMNS)
EVENTS = Records("event", events, "event", EVENT_COLUMNS, numbered=True)
ACTORS = Records("actor", actors, "actor", ("actor", *ACTOR_FIELDS))
EDITABLE = {r.kind: r for r in (STATEMENTS, EVENTS, ACTORS)}
ACTOR_ON_STATEMENTS = ("actor", "country", "actor_type", "left_office")  # what every statement of an actor repeats


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _get(connection: Connection, records: Records, key: str | int) -> dict[str, Any] | None:
    column = records.table.c[records.key]
    row = connection.execute(sa.select(records.table).where(column == records.key_of(key))).mappings().first()
    return dict(row) if row is not None else None


def _fields(records: Records, row: Mapping[str, Any]) -> dict[str, Any]:
    """What a change records of a stored row: its fields, and whether it is retired (where records can be)."""
    found = {c: row[c] for c in records.fields}
    return found | {"retired": bool(row["retired"])} if "retired" in records.table.c else found


def _stored(connection: Connection, records: Records, key: str | int) -> dict[str, Any] | None:
    """A record's fields as stored now (what a change records as "after"); None if there is none."""
    found = _get(connection, records, key)
    return _fields(records, found) if found is not None else None


def _current(connection: Connection, records: Records, key: str | int, version: int) -> dict[str, Any]:
    """The record an editor opened at ``version``; Conflict if someone changed it since."""
    found = _get(connection, records, key)
    if found is None:
        raise StoreError(f"there is no {records.kind} {key!r}")
    if found["version"] != version:
        raise Conflict(
            f"{records.kind} {key} was changed by someone else after you opened it "
            f"(version {found['version']}, yours {version}); reopen it to see the change, then edit again"
        )
    return found


def _update(connection: Connection, records: Records, key: str | int, version: int, values: Mapping[str, Any]) -> None:
    column = records.table.c[records.key]
    done = connection.execute(
        records.table.update()
        .where(column == records.key_of(key), records.table.c.version == version)
        .values(**values, version=version + 1)
    )
    if done.rowcount != 1:  # changed between our read and this write (another process)
        raise Conflict(f"{records.kind} {key} was changed by someone else just now; reopen it and edit again")


def _check_event(record: Mapping[str, str]) -> None:
    cells = pd.DataFrame([record], columns=list(EVENT_COLUMNS), dtype="str")
    problems = validate_events(RawTable("event", EVENT_COLUMNS, cells, np.array([1])))
    if problems:
        raise DataError(problems)


def _in_chunks(values: Iterable[str]) -> Iterator[list[str]]:
    """``values`` in lists short enough for one ``IN (...)``: PostgreSQL takes at most 65,535
    parameters in a query, and an import may name more statements than that."""
    listed = list(values)
    for start in range(0, len(listed), IN_CHUNK):
        yield listed[start : start + IN_CHUNK]


def _check_statements(connection: Connection, records: list[dict[str, str]]) -> None:
    """The same checks as a file's, on the new records together with their actors' other statements
    (one country, type and leaving day per actor). Raises DataError."""
    if not records:  # nothing new to check (a file's "no statements" rule is not for a store's write)
        return
    names = sorted({r["actor"] for r in records})
    ids = {r["id"] for r in records}
    others = [
        row
        for chunk in _in_chunks(names)
        for row in connection.execute(
            sa.select(*INTERCHANGE).where(statements.c.actor.in_(chunk), statements.c.retired == sa.false())
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
    """Keep the actors table (the picker's list) in step with a statement's actor fields (a new
    version: whoever has the actor open for editing sees the change before saving over it)."""
    values = {c: record[c] for c in ("country", "role", "actor_type", "left_office")}
    done = connection.execute(
        actors.update().where(actors.c.actor == record["actor"]).values(**values, version=actors.c.version + 1)
    )
    if done.rowcount == 0:
        connection.execute(actors.insert().values(actor=record["actor"], note="", **values))


def _statement_rows(connection: Connection, ids: list[str], versioned: bool = False) -> list[dict[str, Any]]:
    """The stored statements ``ids`` (retired ones too), their interchange fields (``versioned``:
    whether each is retired and its version too)."""
    extra = (statements.c.retired, statements.c.version) if versioned else ()
    query = sa.select(*INTERCHANGE, *extra)
    return [
        dict(row)
        for chunk in _in_chunks(ids)
        for row in connection.execute(query.where(statements.c.id.in_(chunk))).mappings()
    ]


def _update_statements(connection: Connection, ids: list[str], values: Mapping[str, Any]) -> None:
    """Give statements ``ids`` ``values``, each a new version (whoever has one open sees the change)."""
    for chunk in _in_chunks(ids):
        connection.execute(
            statements.update().where(statements.c.id.in_(chunk)).values(**values, version=statements.c.version + 1)
        )


def _move_actor(
    connection: Connection, ids: list[str], fields: Mapping[str, Any], rows: Mapping[str, Mapping[str, Any] | None]
) -> None:
    """Give statements ``ids`` the actor ``fields`` (name, country, type, leaving day) and make the
    actors' records ``rows`` (None: no record under that name), all checked as a file's would be."""
    _update_statements(connection, ids, {c: fields[c] for c in ACTOR_ON_STATEMENTS})
    _check_statements(connection, _statement_rows(connection, ids))
    for name, row in rows.items():
        found = _get(connection, ACTORS, name)
        if row is None:
            connection.execute(actors.delete().where(actors.c.actor == name))
        elif found is None:
            connection.execute(actors.insert().values(**row))
        else:
            _update(connection, ACTORS, name, found["version"], row)


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
    """A query's rows as a frame of strings."""
    return _arrow_rows(connection, query, columns).to_pandas()


def _arrow_rows(connection: Connection, query: sa.Select, columns: tuple[str, ...]) -> pa.Table:
    """A query's rows as an Arrow table of strings, built column by column (pandas is slow with row
    objects, and with Python lists of strings)."""
    values = list(zip(*connection.execute(query).all(), strict=True)) or [() for _ in columns]
    return pa.table({c: pa.array(v, type=pa.string()) for c, v in zip(columns, values, strict=True)})


READ_CHUNK = 100_000  # statements per query when SQLite's rows are read in bulk (see _joined_columns)
SEPARATOR = "\x1f"  # the unit separator: between a column's values, as SQLite joins them
STRINGS = pa.schema([(c, pa.string()) for c in ALL_COLUMNS])


def _shown_statements(connection: Connection) -> pd.DataFrame:
    """Every statement not retired (ALL_COLUMNS, strings), read in bulk. Row by row through the driver,
    a million statements were 17 million Python strings: 12-20 s, and 2-2.6 GB at the peak of
    Store.dataset; in bulk, 5-9 s and 1.2-1.4 GB."""
    query = sa.select(*INTERCHANGE).where(statements.c.retired == sa.false())
    if connection.dialect.name == "postgresql":
        return _copied_rows(connection, query).to_pandas()
    if connection.dialect.name == "sqlite":
        return _joined_columns(connection).to_pandas()
    return _frame(connection, query, ALL_COLUMNS)


def _copied_rows(connection: Connection, query: sa.Select) -> pa.Table:
    """PostgreSQL: the query's rows as CSV (COPY, the server's bulk path), parsed by pyarrow. Every
    column is NOT NULL text, so every field is a string ("" quoted, never NULL)."""
    sql = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    driver = connection.connection.driver_connection
    assert driver is not None  # an open connection
    text = io.BytesIO()
    with driver.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, ENCODING 'UTF8')") as copy:
        for block in copy:
            text.write(block)
    if not text.tell():  # pyarrow refuses an empty file
        return STRINGS.empty_table()
    return csv.read_csv(
        pa.py_buffer(text.getbuffer()),
        read_options=csv.ReadOptions(column_names=list(ALL_COLUMNS)),
        parse_options=csv.ParseOptions(newlines_in_values=True),
        convert_options=csv.ConvertOptions(
            column_types=STRINGS, strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )


def _joined_columns(connection: Connection) -> pa.Table:
    """SQLite: the statements not retired, READ_CHUNK rows (by rowid) at a time, each column's values
    joined into one text by SQLite (group_concat) and split again by Arrow: a few large strings
    instead of a Python object per value. One aggregate query steps every group_concat through the
    same rows in the same order, so the columns line up. A chunk where some value holds the separator
    (its count comes out wrong), or too long to join, is read row by row."""
    rowid: sa.ColumnElement[int] = sa.literal_column("rowid")
    in_chunk = (statements.c.retired == sa.false(), rowid >= sa.bindparam("start"), rowid < sa.bindparam("end"))
    values = (sa.func.group_concat(statements.c[c], SEPARATOR) for c in ALL_COLUMNS)
    joined = sa.select(sa.func.count(), *values).where(*in_chunk)
    rows = sa.select(*INTERCHANGE).where(*in_chunk)
    span = sa.select(sa.func.min(rowid), sa.func.max(rowid)).select_from(statements)
    lowest, highest = connection.execute(span).one()
    chunks = []
    for first in range(lowest or 0, (highest or -1) + 1, READ_CHUNK):
        bounds = {"start": first, "end": first + READ_CHUNK}
        try:
            count, *texts = connection.execute(joined, bounds).one()
        except sa.exc.DBAPIError:  # a joined column over SQLite's longest string (1 GB): read row by row
            count, texts = -1, []
        if not count:
            continue
        columns = [pc.split_pattern(pa.array([t], pa.string()), SEPARATOR).flatten() for t in texts]
        if count > 0 and all(len(c) == count for c in columns):
            chunks.append(pa.table(columns, schema=STRINGS))
        else:
            chunks.append(_arrow_rows(connection, rows.params(bounds), ALL_COLUMNS))
    # One chunk per column, as a file's: the views' work on many chunks took more memory (200 MB at 1M).
    return pa.concat_tables(chunks).combine_chunks() if chunks else STRINGS.empty_table()


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
