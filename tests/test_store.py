"""The living store (stance.store): what it holds, every write recorded and undoable, no lost
update, nothing half-written. Every test runs on both engines: a SQLite file in a temporary folder,
and a fresh database on the run's throwaway PostgreSQL server (conftest.postgres_url)."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from stance import store as st
from stance.load import load_dataset
from stance.store import Conflict, Store, StoreError
from stance.validate import DataError

from conftest import FIXTURES, make_dataset, statement

SAMPLE = FIXTURES / "statements.csv"  # 21 statements, 9 actors (tests/fixtures/README.md)


@pytest.fixture
def store(engine_url) -> Store:
    return Store.open(engine_url, seed=SAMPLE)


def counts(store: Store) -> tuple[int, int, str]:
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(sa.func.count()).select_from(st.statements)).scalar_one()
        logged = connection.execute(sa.select(sa.func.count()).select_from(st.changes)).scalar_one()
    return rows, logged, store.revision()


def new_statement(**values) -> dict[str, str]:
    """A valid statement by an actor of the sample (Piotr Kowal, head of government, PL)."""
    kowal = {"id": "new-1", "actor": "Piotr Kowal", "role": "Prime Minister of Poland", "proposal": "air-shield"}
    return statement(**(kowal | values))


def test_a_new_store_is_filled_from_the_seeds_and_gives_back_the_same_dataset(engine_url):
    opened = Store.open(engine_url)
    stored, bundled = opened.dataset(), load_dataset()
    pd.testing.assert_frame_equal(stored.statements, bundled.statements)
    pd.testing.assert_frame_equal(stored.events.reset_index(drop=True), bundled.events.reset_index(drop=True))
    assert stored.proposals == bundled.proposals and stored.actor_notes == bundled.actor_notes
    assert stored.label == bundled.label == "Stance dataset"
    (filled,) = opened.history()
    assert (filled.kind, filled.action, filled.after["statements"]) == ("import", "import", len(bundled.statements))


def test_a_new_sqlite_store_makes_its_folders(tmp_path):
    Store.open(f"sqlite:///{tmp_path / 'a' / 'b.sqlite'}", seed=SAMPLE)
    assert (tmp_path / "a" / "b.sqlite").is_file()


def test_a_plain_postgresql_url_goes_through_psycopg_and_waits_for_a_server_a_few_seconds_only(postgres_url):
    assert st.database_url("postgresql://team:secret@db/stance").drivername == "postgresql+psycopg"
    assert st.database_url("postgres://team@db/stance").drivername == "postgresql+psycopg"
    assert st.database_url("postgresql://team@db/stance").query["connect_timeout"] == str(st.CONNECT_TIMEOUT)
    assert st.database_url("postgresql://team@db/stance?connect_timeout=3").query["connect_timeout"] == "3"
    assert st.database_url("sqlite:///x.sqlite").query == {}
    plain = sa.make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    assert Store.open(plain, seed=SAMPLE).engine.dialect.driver == "psycopg"


def test_text_is_stored_exactly_as_given(store):
    tricky = 'He said "no", twice;\n\ttabbed \\N, back\\slash, émigré, =1+2, <b>bold</b>'
    store.replace(make_dataset(statement(quote=tricky, notes="", url="")), who="Ana")
    (shown,) = store.dataset().statements.itertuples()
    assert (shown.quote, shown.notes, shown.url) == (tricky, "", "")


def test_large_writes_go_in_chunks_that_add_up_to_the_whole(engine_url, monkeypatch):
    monkeypatch.setattr(st, "INSERT_CHUNK", 4)  # rows per insert; a million statements fill in chunks
    monkeypatch.setattr(st, "IN_CHUNK", 2)  # values per IN (...); PostgreSQL takes at most 65,535
    store = Store.open(engine_url, seed=SAMPLE)
    pd.testing.assert_frame_equal(store.dataset().statements, load_dataset(SAMPLE).statements)
    imported = store.import_statements(
        make_dataset(*(statement(id=f"new-{n}", actor=f"Actor {n % 3}") for n in range(7))).statements, who="Ana"
    )
    assert len(store.dataset().statements) == 21 + 7
    store.undo(imported.change, who="Ana")
    assert len(store.dataset().statements) == 21


def test_opening_again_keeps_what_is_stored(engine_url, store):
    store.add_statement(new_statement(), who="Ana")
    again = Store.open(engine_url, seed=SAMPLE)
    assert "new-1" in set(again.dataset().statements["id"])
    assert again.revision() == store.revision()


def test_the_default_store_is_a_file_in_the_user_s_data_folder_and_stance_db_overrides_it(monkeypatch, tmp_path):
    monkeypatch.delenv(st.DB_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert st.store_url() == f"sqlite:///{tmp_path / 'stance' / 'stance.sqlite'}"
    monkeypatch.setenv(st.DB_ENV, "postgresql+psycopg://team@db/stance")
    assert st.store_url() == "postgresql+psycopg://team@db/stance"
    assert st.store_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_the_migrations_make_the_schema_the_code_uses(store):
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), st.metadata)
    assert differences == []


def test_every_write_moves_the_revision_and_reads_do_not(store):
    first = store.revision()
    store.dataset()
    store.history()
    assert store.revision() == first
    store.add_statement(new_statement(), who="Ana")
    second = store.revision()
    assert second != first
    store.retire_statement("new-1", who="Ana", version=1)
    assert store.revision() not in (first, second)
    assert store.dataset().revision == store.revision()  # caches key on it


def test_an_added_statement_is_shown_and_recorded_with_who_and_what(store):
    change = store.add_statement(new_statement(quote="We are ready."), who="Ana")
    shown = store.dataset().statements.set_index("id")
    assert shown.loc["new-1", "quote"] == "We are ready."
    (logged, *_) = store.history()
    assert logged == change
    assert (logged.who, logged.kind, logged.key, logged.action, logged.before) == (
        "Ana",
        "statement",
        "new-1",
        "add",
        None,
    )
    assert logged.after["quote"] == "We are ready." and logged.at[:2] == "20"


@pytest.mark.parametrize(
    ("values", "column", "words"),
    [
        ({"position": "maybe"}, "position", "maybe"),
        ({"date": "2025-02-30"}, "date", "2025-02-30"),
        ({"country": "Narnia"}, "country", "Narnia"),
        ({"country": "FR"}, "country", "Piotr Kowal"),  # an actor has one country: PL in the store
        ({"quote": ""}, "quote", "empty"),
        ({"id": "pl-01"}, "id", "taken"),  # an id of the sample
    ],
)
def test_a_bad_statement_is_refused_with_its_column_and_the_store_is_unchanged(store, values, column, words):
    before = counts(store)
    with pytest.raises(DataError) as refused:
        store.add_statement(new_statement(**values), who="Ana")
    problem = refused.value.problems[0]
    assert problem.column == column and words in str(problem)
    assert counts(store) == before


def test_an_edit_needs_the_version_it_started_from_so_no_update_is_lost(store):
    store.add_statement(new_statement(), who="Ana")
    opened_by_ana = store.statement("new-1")["version"]
    opened_by_ben = store.statement("new-1")["version"]
    store.edit_statement("new-1", {"position": "opposed"}, who="Ana", version=opened_by_ana)
    before = counts(store)
    with pytest.raises(Conflict, match="changed by someone else after you opened it"):
        store.edit_statement("new-1", {"position": "hesitant"}, who="Ben", version=opened_by_ben)
    assert counts(store) == before
    assert store.statement("new-1")["position"] == "opposed"


def test_retiring_hides_a_statement_everywhere_but_keeps_it(store):
    store.add_statement(new_statement(), who="Ana")
    store.retire_statement("new-1", who="Ana", version=1)
    assert "new-1" not in set(store.dataset().statements["id"])
    assert store.statement("new-1")["retired"]  # never deleted
    store.retire_statement("new-1", who="Ana", version=2, retired=False)
    assert "new-1" in set(store.dataset().statements["id"])


def test_undo_puts_back_what_a_change_changed_and_is_recorded(store):
    original = store.statement("pl-01")
    edit = store.edit_statement("pl-01", {"quote": "Edited."}, who="Ana", version=original["version"])
    undo = store.undo(edit.change, who="Ben")
    assert store.statement("pl-01")["quote"] == original["quote"]
    assert (undo.action, undo.undoes, undo.who) == ("undo", edit.change, "Ben")
    added = store.add_statement(new_statement(), who="Ana")
    store.undo(added.change, who="Ana")
    assert "new-1" not in set(store.dataset().statements["id"])
    retired = store.retire_statement("pl-01", who="Ana", version=store.statement("pl-01")["version"])
    store.undo(retired.change, who="Ana")
    assert "pl-01" in set(store.dataset().statements["id"])
    assert [c.action for c in store.history(limit=6)] == ["undo", "retire", "undo", "add", "undo", "edit"]


def test_undo_is_refused_when_the_statement_changed_again_since(store):
    first = store.edit_statement("pl-01", {"quote": "One."}, who="Ana", version=store.statement("pl-01")["version"])
    store.edit_statement("pl-01", {"quote": "Two."}, who="Ben", version=store.statement("pl-01")["version"])
    before = counts(store)
    with pytest.raises(Conflict, match="undo the later change first"):
        store.undo(first.change, who="Ana")
    assert counts(store) == before
    with pytest.raises(StoreError, match="no change 999"):
        store.undo(999, who="Ana")


def test_history_filters_by_day_and_actor(store):
    store.add_statement(new_statement(), who="Ana")
    store.add_statement(new_statement(id="new-2", actor="Kaja Kallas", country="EE", role=""), who="Ana")
    assert [c.key for c in store.history(actor="kallas")] == ["new-2"]
    assert store.history(since="2999-01-01") == []
    assert len(store.history(since="2000-01-01")) == 3  # the fill, and two additions


def test_a_change_needs_a_name(store):
    with pytest.raises(StoreError, match="who"):
        store.add_statement(new_statement(), who="  ")


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("sqlite:////proc/no-such-place/stance.sqlite", "sqlite:////proc/no-such-place/stance.sqlite"),
        ("not a database url", "(an unreadable URL)"),
        (  # nothing listens on port 1
            "postgresql://team:secret@127.0.0.1:1/stance?connect_timeout=5",
            "postgresql://team:***@127.0.0.1:1/stance?connect_timeout=5: connection failed",
        ),
        ("postgresql://team:secret@db:port/stance", "(an unreadable URL): its port is not a number"),
    ],
)
def test_a_store_that_cannot_be_opened_says_so_plainly(bad, words):
    with pytest.raises(StoreError, match="cannot open the store") as failed:
        Store.open(bad, seed=SAMPLE)
    message = str(failed.value)
    assert words in message
    assert "Traceback" not in message and "secret" not in message


def test_on_a_team_server_only_the_editors_may_write(engine_url, store):
    team = Store.open(engine_url, seed=SAMPLE, editors=frozenset({"Ana@Example.org"}))
    before = counts(team)
    with pytest.raises(st.NotAnEditor, match="ben@example.org may view this store but not change it"):
        team.add_statement(new_statement(), who="ben@example.org")
    assert counts(team) == before
    team.add_statement(new_statement(), who="ana@example.org")  # any case
    assert "new-1" in set(team.dataset().statements["id"])


def test_a_change_is_undone_once(store):
    edit = store.edit_statement("pl-01", {"quote": "One."}, who="Ana", version=store.statement("pl-01")["version"])
    undo = store.undo(edit.change, who="Ana")
    before = counts(store)
    with pytest.raises(StoreError, match=f"already undone \\(by change {undo.change}\\)"):
        store.undo(edit.change, who="Ana")
    assert counts(store) == before


def test_a_store_made_by_a_newer_stance_is_refused_plainly(engine_url, store):
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="not one this version of Stance knows.*upgrade Stance"):
        Store.open(engine_url, seed=SAMPLE)


# ---------------------------------------------------------------- key events and actors
SUMMIT = {"date": "2025-03-01", "label": "Summit <b>x</b>", "url": "https://example.org/summit", "note": ""}


def shown_events(store: Store) -> list[str]:
    return list(store.dataset().events["label"])


def test_a_key_event_is_added_edited_retired_and_each_change_undone(store):
    added = store.add_event(SUMMIT, who="Ana")
    number = int(added.key)
    assert (added.kind, added.action, added.after["label"]) == ("event", "add", "Summit <b>x</b>")
    assert "Summit <b>x</b>" in shown_events(store)
    edited = store.edit_event(number, {"label": "Paris summit"}, who="Ben", version=1)
    assert store.event(number)["label"] == "Paris summit" and edited.before["label"] == "Summit <b>x</b>"
    retired = store.retire_event(number, who="Ana", version=2)
    assert "Paris summit" not in shown_events(store) and store.event(number)["retired"]  # kept, hidden
    store.undo(retired.change, who="Ana")
    assert "Paris summit" in shown_events(store)
    store.undo(edited.change, who="Ana")
    assert store.event(number)["label"] == "Summit <b>x</b>"
    store.undo(added.change, who="Ana")
    assert "Summit <b>x</b>" not in shown_events(store)
    listed = store.event_table().set_index("event")
    assert listed.loc[number, "retired"] and listed.loc[number, "label"] == "Summit <b>x</b>"
    assert list(store.event_table()["date"]) == sorted(store.event_table()["date"])  # in date order
    restored = store.retire_event(number, who="Ana", version=store.event(number)["version"], retired=False)
    assert (restored.action, restored.before["retired"], restored.after["retired"]) == ("restore", True, False)


def test_a_stale_event_edit_is_refused_and_keeps_the_first_save(store):
    number = int(store.add_event(SUMMIT, who="Ana").key)
    store.edit_event(number, {"label": "Ana's label"}, who="Ana", version=1)
    with pytest.raises(Conflict, match="changed by someone else"):
        store.edit_event(number, {"label": "Ben's label"}, who="Ben", version=1)
    assert store.event(number)["label"] == "Ana's label"


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"date": "2025-02-30"}, "date"),
        ({"date": "soon"}, "date"),
        ({"label": ""}, "label"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"place": "Paris"}, "place"),
    ],
)
def test_a_bad_event_is_refused_with_its_column_and_the_store_is_unchanged(store, values, column):
    before = counts(store), shown_events(store)
    with pytest.raises(DataError) as refused:
        store.add_event(SUMMIT | values, who="Ana")
    assert refused.value.problems[0].column == column
    assert (counts(store), shown_events(store)) == before


def kowal_statements(dataset) -> pd.DataFrame:
    return dataset.statements[dataset.statements["id"].str.startswith("pl-0")]


def test_renaming_an_actor_renames_every_statement_of_theirs_and_undo_puts_them_back(store):
    ids = {"pl-01", "pl-03"}
    opened = store.actor("Piotr Kowal")
    change = store.edit_actor(
        "Piotr Kowal", {"actor": "Piotr Kowalski", "note": "Spelt in full"}, who="Ana", version=opened["version"]
    )
    shown = store.dataset()
    assert set(shown.statements.loc[shown.statements["actor"] == "Piotr Kowalski", "id"]) == ids
    assert "Piotr Kowal" not in set(shown.statements["actor"]) and store.actor("Piotr Kowal") is None
    assert shown.actor_notes["Piotr Kowalski"] == "Spelt in full"
    assert (change.kind, change.key, sorted(change.after["statements"])) == ("actor", "Piotr Kowal", sorted(ids))
    assert [c.change for c in store.history(actor="Kowalski")][0] == change.change
    undone = store.undo(change.change, who="Ben")
    assert (undone.kind, undone.action, undone.undoes) == ("actor", "undo", change.change)
    again = store.dataset()
    assert set(again.statements.loc[again.statements["actor"] == "Piotr Kowal", "id"]) == ids
    assert store.actor("Piotr Kowalski") is None and "Piotr Kowal" not in again.actor_notes
    assert store.actor("Piotr Kowal")["country"] == "PL"


def test_an_actor_s_country_changes_on_all_their_statements_and_a_note_alone_leaves_them_be(store):
    versions = {i: store.statement(i)["version"] for i in ("pl-01", "pl-03")}
    store.edit_actor(
        "Piotr Kowal", {"note": "Leads the coalition"}, who="Ana", version=store.actor("Piotr Kowal")["version"]
    )
    assert {i: store.statement(i)["version"] for i in versions} == versions  # nobody editing them is disturbed
    store.edit_actor("Piotr Kowal", {"country": "CZ"}, who="Ana", version=store.actor("Piotr Kowal")["version"])
    assert {store.statement(i)["country"] for i in versions} == {"CZ"}
    assert store.dataset().actor_notes["Piotr Kowal"] == "Leads the coalition"


def test_renaming_onto_another_actor_joins_them_and_undo_parts_them_again(store):
    store.add_statement(new_statement(id="pk-1", actor="P. Kowal"), who="Ana")
    store.edit_actor("Piotr Kowal", {"note": "Polish PM"}, who="Ana", version=store.actor("Piotr Kowal")["version"])
    joined = store.edit_actor(
        "P. Kowal", {"actor": "Piotr Kowal"}, who="Ana", version=store.actor("P. Kowal")["version"]
    )
    statements = store.dataset().statements
    assert set(statements.loc[statements["actor"] == "Piotr Kowal", "id"]) == {"pl-01", "pl-03", "pk-1"}
    assert store.actor("P. Kowal") is None and store.dataset().actor_notes["Piotr Kowal"] == "Polish PM"  # kept
    store.undo(joined.change, who="Ana")
    statements = store.dataset().statements
    assert set(statements.loc[statements["actor"] == "Piotr Kowal", "id"]) == {"pl-01", "pl-03"}
    assert set(statements.loc[statements["actor"] == "P. Kowal", "id"]) == {"pk-1"}


@pytest.mark.parametrize(
    ("name", "values", "column"),
    [
        ("Piotr Kowal", {"country": "XX"}, "country"),
        ("Piotr Kowal", {"actor_type": "king"}, "actor_type"),
        ("Piotr Kowal", {"left_office": "2025-13-01"}, "left_office"),
        ("Piotr Kowal", {"actor": " "}, "actor"),
        ("Piotr Kowal", {"role": "President"}, "role"),  # a statement's, not the actor's
        ("Marta Zielinska", {"actor": "Piotr Kowal"}, "actor_type"),  # joining a head of government
    ],
)
def test_an_actor_edit_that_breaks_a_rule_is_refused_with_its_column_and_changes_nothing(store, name, values, column):
    before = counts(store), store.dataset().statements
    with pytest.raises(DataError) as refused:
        store.edit_actor(name, values, who="Ana", version=store.actor(name)["version"])
    assert refused.value.problems[0].column == column
    assert counts(store)[:2] == before[0][:2]
    pd.testing.assert_frame_equal(store.dataset().statements, before[1])


def test_a_stale_actor_edit_and_an_undo_over_a_later_change_are_refused(store):
    opened = store.actor("Piotr Kowal")["version"]
    change = store.edit_actor("Piotr Kowal", {"country": "CZ"}, who="Ana", version=opened)
    with pytest.raises(Conflict, match="changed by someone else"):
        store.edit_actor("Piotr Kowal", {"note": "Ben's"}, who="Ben", version=opened)
    store.edit_statement(
        "pl-01", {"country": "SK", "actor": "Somebody else"}, who="Ben", version=store.statement("pl-01")["version"]
    )
    with pytest.raises(Conflict, match="undo the later change first"):
        store.undo(change.change, who="Ana")
    assert store.statement("pl-03")["country"] == "CZ"


def test_an_existing_store_is_upgraded_by_the_migrations_and_keeps_its_data(engine_url):
    from alembic import command

    engine = st._engine(engine_url)
    with engine.begin() as connection:
        command.upgrade(st.migrations(connection), "0001")  # the first schema: a store from before actors had versions
        connection.execute(sa.text("INSERT INTO actors (actor, country) VALUES ('Old Actor', 'PL')"))
    engine.dispose()
    upgraded = Store.open(engine_url, seed=None)
    assert (upgraded.actor("Old Actor")["country"], upgraded.actor("Old Actor")["version"]) == ("PL", 1)
    with upgraded.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == st.SCHEMA


def test_the_schema_a_store_is_checked_against_is_the_latest_migration():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(st.migrations()).get_current_head() == st.SCHEMA


def test_a_file_imported_again_after_its_import_was_undone_brings_its_statements_back(store):
    first = make_dataset(*(statement(id=f"new-{n}", actor="Actor A", quote="First.") for n in range(2))).statements
    imported = store.import_statements(first, who="Ana")
    store.undo(imported.change, who="Ana")
    corrected = make_dataset(
        statement(id="new-0", actor="Actor A", quote="Corrected."), statement(id="new-9", actor="Actor A")
    ).statements
    again = store.import_statements(corrected, who="Ana")
    shown = store.dataset().statements.set_index("id")
    assert shown.loc["new-0", "quote"] == "Corrected." and "new-9" in shown.index and "new-1" not in shown.index
    store.undo(again.change, who="Ben")
    hidden = store.statement("new-0")
    assert (hidden["retired"], hidden["quote"]) == (True, "First.")  # as it was before the second import
    assert not {"new-0", "new-9"} & set(store.dataset().statements["id"])
    with pytest.raises(DataError, match="'pl-01' is already stored"):
        store.import_statements(make_dataset(statement(id="pl-01", actor="Actor A")).statements, who="Ana")


def test_an_import_of_no_statements_is_refused_and_records_nothing(store):
    before = counts(store)
    with pytest.raises(DataError, match="nothing to import"):
        store.import_statements(make_dataset(statement()).statements.iloc[:0], who="Ana")
    assert counts(store) == before


def test_undo_of_an_import_is_refused_once_one_of_its_statements_was_edited(store):
    imported = store.import_statements(
        make_dataset(*(statement(id=f"new-{n}", actor="Actor A") for n in range(2))).statements, who="Ana"
    )
    store.edit_statement("new-1", {"quote": "Corrected."}, who="Ben", version=1)
    before = counts(store)
    with pytest.raises(Conflict, match="undo those changes first"):
        store.undo(imported.change, who="Ana")
    assert counts(store) == before and not store.statement("new-0")["retired"]


def test_undoing_an_import_moves_its_statements_versions_on(store):
    imported = store.import_statements(make_dataset(statement(id="new-0", actor="Actor A")).statements, who="Ana")
    undone = store.undo(imported.change, who="Ana")
    assert (undone.after["retired"], undone.after["ids"]) == (1, ["new-0"])
    with pytest.raises(Conflict):  # whoever had it open sees that it changed
        store.edit_statement("new-0", {"quote": "Late."}, who="Ben", version=1)


def test_joining_with_a_note_given_keeps_that_note(store):
    store.add_statement(new_statement(id="pk-1", actor="P. Kowal"), who="Ana")
    version = store.actor("P. Kowal")["version"]
    store.edit_actor("P. Kowal", {"actor": "Piotr Kowal", "note": "Both spellings"}, who="Ana", version=version)
    assert store.dataset().actor_notes["Piotr Kowal"] == "Both spellings"


def test_undo_of_a_rename_is_refused_once_the_renamed_actor_changed_again(store):
    renamed = store.edit_actor("Piotr Kowal", {"actor": "P. Kowalski"}, who="Ana", version=1)
    store.edit_actor("P. Kowalski", {"note": "A later note"}, who="Ben", version=store.actor("P. Kowalski")["version"])
    with pytest.raises(Conflict, match="undo the later change first"):
        store.undo(renamed.change, who="Ana")
    assert store.actor("P. Kowalski")["note"] == "A later note" and store.actor("Piotr Kowal") is None


def test_an_import_that_gives_a_stored_actor_another_country_is_refused_whole(store):
    before = counts(store)
    moved = make_dataset(
        statement(id="new-0", actor="Actor A"), new_statement(id="new-1", country="CZ")
    ).statements  # Piotr Kowal is PL in the store
    with pytest.raises(DataError) as refused:
        store.import_statements(moved, who="Ana")
    assert refused.value.problems[0].column == "country"
    assert counts(store) == before


def test_undo_of_bringing_a_statement_back_retires_it_again(store):
    store.retire_statement("pl-01", who="Ana", version=1)
    restored = store.retire_statement("pl-01", who="Ana", version=2, retired=False)
    store.undo(restored.change, who="Ben")
    assert store.statement("pl-01")["retired"] and "pl-01" not in set(store.dataset().statements["id"])


def test_the_changes_that_cannot_be_undone_say_what_to_do_instead(store):
    (filled,) = store.history()
    with pytest.raises(StoreError, match="replaced the whole dataset, which cannot be undone; export a copy"):
        store.undo(filled.change, who="Ana")
    imported = store.import_statements(make_dataset(statement(id="new-0", actor="Actor A")).statements, who="Ana")
    taken_back = store.undo(imported.change, who="Ana")
    with pytest.raises(StoreError, match="undid an import; import the file again"):
        store.undo(taken_back.change, who="Ana")
    store.import_statements(make_dataset(statement(id="new-0", actor="Actor A")).statements, who="Ana")
    assert "new-0" in set(store.dataset().statements["id"])  # as the message says
