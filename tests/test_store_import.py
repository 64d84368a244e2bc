"""Importing a file into the store: all or nothing, recorded, undone by retiring what it added."""

from __future__ import annotations

import pytest

from stance.importing import ImportOptions, import_bytes
from stance.store import Conflict, Store
from stance.validate import DataError

from conftest import FIXTURES, csv_bytes, statement

SAMPLE = FIXTURES / "statements.csv"  # 21 statements, 9 actors


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'stance.sqlite'}", seed=SAMPLE)


def report_of(store: Store, data: bytes):
    stored = store.dataset()
    report = import_bytes("new.csv", data, ImportOptions(proposals=stored.proposals, existing=stored.statements))
    assert report.ok, report.problems
    return report


def test_an_import_adds_every_statement_and_new_proposal_in_one_recorded_change(store):
    data = csv_bytes(
        statement(id="imp-1", actor="Kaja Kallas", country="EE", role="Prime Minister of Estonia"),
        statement(id="imp-2", actor="Kaja Kallas", country="EE", role="Prime Minister of Estonia", date="2025-03-01"),
    )
    change = store.import_statements(report_of(store, data).statements, who="Ana", note="new.csv")
    shown = store.dataset()
    assert {"imp-1", "imp-2"} <= set(shown.statements["id"]) and "p" in shown.proposals
    assert (change.kind, change.action, change.who) == ("import", "import", "Ana")
    assert change.after["ids"] == ["imp-1", "imp-2"]
    assert store.history(limit=1) == [change]


def test_an_import_with_a_stored_id_writes_nothing(store):
    report = report_of(store, csv_bytes(statement(id="imp-1"), statement(id="imp-2", date="2025-03-01")))
    store.add_statement(statement(id="imp-2", date="2025-04-01"), who="Ben")  # taken meanwhile
    revision = store.revision()
    with pytest.raises(DataError, match="imp-2"):
        store.import_statements(report.statements, who="Ana")
    assert store.revision() == revision and "imp-1" not in set(store.dataset().statements["id"])


def test_undoing_an_import_retires_what_it_added_unless_one_changed_since(store):
    data = csv_bytes(statement(id="imp-1"), statement(id="imp-2", date="2025-03-01"))
    first = store.import_statements(report_of(store, data).statements, who="Ana")
    store.undo(first.change, who="Ana")
    assert not {"imp-1", "imp-2"} & set(store.dataset().statements["id"])
    data = csv_bytes(statement(id="imp-3"))
    second = store.import_statements(report_of(store, data).statements, who="Ana")
    store.edit_statement("imp-3", {"quote": "Changed."}, who="Ben", version=1)
    with pytest.raises(Conflict, match="changed since"):
        store.undo(second.change, who="Ana")
    assert "imp-3" in set(store.dataset().statements["id"])


def test_key_events_the_store_has_are_not_added_again(store):
    from stance.model import empty_events

    summit = empty_events().astype({"date": "str"})
    summit.loc[0] = ["2025-02-17", "Paris summit", "https://example.org/paris", ""]
    for n in (1, 2):  # the same file imported twice
        data = csv_bytes(statement(id=f"imp-{n}", date=f"2025-03-0{n}"))
        store.import_statements(report_of(store, data).statements, who="Ana", new_events=summit)
    assert list(store.dataset().events["label"]).count("Paris summit") == 1
