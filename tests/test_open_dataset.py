"""Which dataset the app and the command line show: the store by default, a file when one is named;
and the store's columnar copy, keyed on its revision."""

from __future__ import annotations

from stance import cache
from stance import store as st
from stance.load import DATA_ENV, load_dataset, open_dataset
from stance.store import Store

from conftest import FIXTURES, statement

SAMPLE = FIXTURES / "statements.csv"


def test_the_shown_dataset_comes_from_the_store_unless_a_file_is_named(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'stance.sqlite'}"
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.setenv(st.DB_ENV, url)
    shown = open_dataset()
    assert cache.cache_path(url).exists()  # the columnar copy, read while the store is not written
    assert shown.label == "Stance dataset" and len(shown.statements) == len(load_dataset().statements)
    minister = statement(id="new-1", actor="Anna Nowak", role="Minister", actor_type="minister")
    Store.open(url).add_statement(minister, who="Ana")
    again = open_dataset()  # a write moves the revision: the cached copy is not used
    assert "new-1" in set(again.statements["id"]) and again.revision != shown.revision
    assert open_dataset().revision == again.revision
    assert open_dataset(SAMPLE).label == "statements.csv"  # a named file: read as it is
    monkeypatch.setenv(DATA_ENV, str(SAMPLE))
    assert len(open_dataset().statements) == 21
