"""Which dataset the app and the command line show: the store by default, a file when one is named;
and the store's columnar copy, keyed on its revision."""

from __future__ import annotations

import sqlite3

import pandas as pd
import sqlalchemy as sa

from stance import bench, cache
from stance import store as st
from stance.load import DATA_ENV, load_dataset, open_dataset, store_dataset
from stance.model import ALL_COLUMNS
from stance.store import Store

from conftest import FIXTURES, make_dataset, statement

SAMPLE = FIXTURES / "statements.csv"


def test_the_shown_dataset_comes_from_the_store_unless_a_file_is_named(monkeypatch, tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'stance.sqlite'}"
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.setenv(st.DB_ENV, sqlite)
    shown = open_dataset()
    assert cache.cache_path(sqlite).exists()  # the columnar copy, read while the store is not written
    assert shown.label == "Stance dataset" and len(shown.statements) == len(load_dataset().statements)
    minister = statement(id="new-1", actor="Anna Nowak", role="Minister", actor_type="minister")
    Store.open(sqlite).add_statement(minister, who="Ana")
    again = open_dataset()  # a write moves the revision: the cached copy is not used
    assert "new-1" in set(again.statements["id"]) and again.revision != shown.revision
    assert open_dataset().revision == again.revision
    assert open_dataset(SAMPLE).label == "statements.csv"  # a named file: read as it is
    monkeypatch.setenv(DATA_ENV, str(SAMPLE))
    assert len(open_dataset().statements) == 21


# Values the bulk reads must bring back unchanged: SQLite's joins a column's values with the unit
# separator, PostgreSQL's reads CSV from COPY.
AWKWARD = (
    "one\x1ftwo",  # the separator itself: its chunk is read row by row
    'a "quoted" word, and a comma',
    "two\nlines\r\nand a third",
    "\\.",  # the end of data in PostgreSQL's COPY text
    "NULL",
    "ünïcødé ✓ 中文",
)


def test_the_store_gives_back_every_value_as_written_and_hides_retired_statements(engine_url, monkeypatch):
    monkeypatch.setattr(st, "READ_CHUNK", 2)  # SQLite: several chunks, the first one read row by row
    rows = [statement(id=f"s{n}", quote=text, notes=text if n % 2 else "") for n, text in enumerate(AWKWARD)]
    written = make_dataset(*rows, statement(id="gone", quote="to be retired"))
    store = Store.open(engine_url, seed=None)
    store.replace(written, who="Ana")
    store.retire_statement("gone", who="Ana", version=1)
    shown = written.statements[written.statements["id"] != "gone"].reset_index(drop=True)
    pd.testing.assert_frame_equal(store.dataset().statements, shown)


def test_an_empty_store_shows_no_statements(engine_url):
    shown = Store.open(engine_url, seed=None).dataset().statements
    assert shown.empty and tuple(shown.columns) == ALL_COLUMNS


def test_the_bench_names_a_stores_load_cache_as_the_app_does(engine_url):
    plain = (
        sa.make_url(engine_url)
        .set(drivername=sa.make_url(engine_url).get_backend_name())
        .render_as_string(hide_password=False)
    )
    store_dataset(Store.open(plain, seed=SAMPLE))  # postgresql:// goes through psycopg, as people paste it
    assert bench.source_cache(plain).exists()


def test_sqlite_reads_a_chunk_too_long_to_join_row_by_row(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'stance.sqlite'}", seed=SAMPLE)

    @sa.event.listens_for(store.engine, "connect")
    def _short_strings(dbapi_connection, _record):  # SQLite's longest string, 1 GB by default, made small
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 300)

    store.engine.dispose()  # connections opened from now on have the limit
    pd.testing.assert_frame_equal(store.dataset().statements, load_dataset(SAMPLE).statements)
