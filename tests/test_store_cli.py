"""The command line over the store: import, history, undo, export from the store, and a store
that cannot be opened. Each test has its own SQLite store ($STANCE_DB in a temporary folder),
filled from the frozen sample (21 statements, 9 actors)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pandas as pd
import pytest
from test_import import TWO_DNA_STATEMENTS, dna_database

from stance import cli
from stance.load import events_frame, load_dataset
from stance.model import ALL_COLUMNS, to_interchange
from stance.store import Store

from conftest import SAMPLE_CSV, statement

KALLAS = {"actor": "Kaja Kallas", "country": "EE", "role": "Prime Minister of Estonia"}


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("STANCE_DB", url)
    monkeypatch.setenv("STANCE_USER", "Ana")
    return Store.open(url, seed=SAMPLE_CSV)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def csv_file(path, *rows: dict[str, str]) -> str:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(ALL_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8")
    return str(path)


def two_new(tmp_path) -> str:
    return csv_file(
        tmp_path / "new.csv",
        statement(id="imp-1", **KALLAS),
        statement(id="imp-2", date="2025-03-01", **KALLAS),
    )


def shown_ids(store: Store) -> set[str]:
    return set(store.dataset().statements["id"])


# ---------------------------------------------------------------- import
def test_a_dry_run_reports_and_writes_nothing(store, tmp_path, capsys):
    revision = store.revision()
    code, out, _ = run(capsys, "import", two_new(tmp_path), "--dry-run")
    assert code == 0
    assert "2 statements to import" in out
    assert "Dry run: 2 statements would be imported; nothing was written" in out
    assert store.revision() == revision


def test_an_import_is_recorded_and_undone_by_its_change_number(store, tmp_path, capsys):
    code, out, _ = run(capsys, "import", two_new(tmp_path))
    change = store.history(limit=1)[0]
    assert code == 0
    assert out.splitlines()[-1] == (
        f"Imported 2 statements as change {change.change}; `python -m stance undo {change.change}` takes them back"
    )
    assert {"imp-1", "imp-2"} <= shown_ids(store)
    assert change.who == "Ana"

    code, out, _ = run(capsys, "history")
    first = out.splitlines()[1].split()
    assert code == 0
    assert first[0] == str(change.change)
    assert first[3:] == ["Ana", "import", "2", "statements", "(new.csv)"]

    code, out, _ = run(capsys, "undo", str(change.change), "--who", "Ben")
    assert code == 0
    assert out.startswith(f"Undid change {change.change}: the 2 statements it imported are retired.")
    assert not {"imp-1", "imp-2"} & shown_ids(store)
    assert store.history(limit=1)[0].who == "Ben"


def test_importing_the_same_file_again_skips_what_is_stored(store, tmp_path, capsys):
    path = two_new(tmp_path)
    run(capsys, "import", path)
    revision = store.revision()
    code, out, _ = run(capsys, "import", path)
    assert code == 0
    assert "Stored already (2, skipped; --keep-duplicates imports them again):" in out
    assert "Nothing to import" in out
    assert store.revision() == revision


def test_a_json_file_brings_its_titles_and_key_events_once(store, tmp_path, capsys):
    event = {"date": "2025-02-17", "label": "Paris summit", "url": "https://example.org/p", "note": ""}

    def json_file(name: str, statement_id: str, day: str) -> str:
        rows = [statement(id=statement_id, date=day, **KALLAS)]
        path = tmp_path / name
        titles = {"p": "A European air shield"}
        path.write_text(json.dumps({"proposals": titles, "events": [event], "statements": rows}))
        return str(path)

    assert run(capsys, "import", json_file("first.json", "imp-1", "2025-02-17"))[0] == 0
    assert run(capsys, "import", json_file("second.json", "imp-2", "2025-03-01"))[0] == 0
    shown = store.dataset()
    assert {"imp-1", "imp-2"} <= set(shown.statements["id"])
    assert shown.proposals["p"] == "A European air shield"
    assert shown.events["label"].tolist() == ["Paris summit"]


def test_a_file_with_problems_prints_them_as_a_table_and_writes_nothing(store, tmp_path, capsys):
    path = csv_file(
        tmp_path / "bad.csv",
        statement(id="bad-1", position="suport", **KALLAS),
        statement(id="bad-2", country="Frnace", actor="Jean Dupont"),
        statement(id="ok-3", **KALLAS),
    )
    revision = store.revision()
    code, out, err = run(capsys, "import", path)
    assert code == 1
    lines = out.splitlines()
    header = lines.index("Problems (2):") + 1
    assert lines[header].split() == ["row", "column", "problem", "hint"]
    assert lines[header + 1].split()[:3] == ["2", "position", "'suport'"]
    assert lines[header + 2].split()[:3] == ["3", "country", "'Frnace'"]
    assert err == "stance import: 2 problems; nothing was written\n"
    assert store.revision() == revision
    assert "ok-3" not in shown_ids(store)


def test_a_dna_database_is_previewed_and_imported_with_countries_by_organization(store, tmp_path, capsys):
    dna = str(dna_database(tmp_path / "hearing.dna", TWO_DNA_STATEMENTS))
    organizations = tmp_path / "organizations.csv"
    organizations.write_text("organization,country\nÉlysée,FR\nBundestag,DE\n", encoding="utf-8")
    argv = ["import", dna, "--organizations", str(organizations), "--actor-type", "head"]
    code, out, _ = run(capsys, *argv, "--dry-run")
    assert code == 0
    assert "DNA mapping" in out
    mapping = out[out.index("DNA mapping") :]
    assert any(line.split()[:3] == ["person", "->", "actor"] for line in mapping.splitlines())

    assert run(capsys, *argv)[0] == 0
    imported = store.dataset().statements.set_index("id").loc[["dna-1", "dna-2"]]
    assert imported["country"].tolist() == ["FR", "DE"]
    assert imported["actor"].tolist() == ["Claire Martin", "Bundestag"]


def test_a_dna_database_without_countries_is_refused(store, tmp_path, capsys):
    dna = str(dna_database(tmp_path / "hearing.dna", TWO_DNA_STATEMENTS))
    revision = store.revision()
    code, out, _ = run(capsys, "import", dna)
    assert code == 1
    assert "country" in out[out.index("Problems") :]
    assert store.revision() == revision


def test_a_malformed_organizations_file_is_one_line(store, tmp_path, capsys):
    organizations = tmp_path / "organizations.csv"
    organizations.write_text("Élysée;FR\n", encoding="utf-8")
    code, out, err = run(capsys, "import", two_new(tmp_path), "--organizations", str(organizations))
    assert code == 1
    assert out == ""
    assert err == (
        f"stance import: {organizations}:1: write one organization and its country a line, such as: Bundestag,DE\n"
    )


# ---------------------------------------------------------------- history and undo
def test_history_lists_edits_with_before_and_after_and_filters_by_actor_and_limit(store, capsys):
    opened = store.statement("fr-01")
    store.edit_statement("fr-01", {"position": "support"}, who="Ben", version=opened["version"])
    store.add_statement(statement(id="new-1", **KALLAS), who="Ana")

    code, out, _ = run(capsys, "history", "--actor", "claire")
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == 2  # the header and the edit: the fill and Kallas's statement are not hers
    assert lines[1].split()[3:5] == ["Ben", "edit"]
    assert lines[1].endswith("statement fr-01 (Claire Martin): position: 'hesitant' -> 'support'")

    out = run(capsys, "history", "--limit", "1")[1]
    assert len(out.splitlines()) == 2
    assert "statement new-1 (Kaja Kallas)" in out


def test_history_says_which_key_event_and_actor_changed_and_undo_takes_an_actor_change_back(store, capsys):
    store.add_event({"date": "2025-03-01", "label": "Paris summit", "url": "https://example.org/p"}, who="Ana")
    renamed = store.edit_actor("Claire Martin", {"actor": "Claire Martín"}, who="Ben", version=1)
    lines = run(capsys, "history", "--limit", "2")[1].splitlines()
    assert lines[1].endswith("actor Claire Martin and 5 statements: actor: 'Claire Martin' -> 'Claire Martín'")
    assert lines[2].endswith("key event 1 (2025-03-01 Paris summit)")
    code, out, _ = run(capsys, "undo", str(renamed.change))
    assert code == 0 and "actor: 'Claire Martín' -> 'Claire Martin'" in out
    assert set(store.dataset().statements["actor"]) >= {"Claire Martin"}


def test_history_since_a_day(store, capsys):
    assert len(run(capsys, "history", "--since", "2000-01-01")[1].splitlines()) == 2  # the header and the fill
    code, out, _ = run(capsys, "history", "--since", "2099-01-01")
    assert (code, out) == (0, "No changes match\n")


@pytest.mark.parametrize("since", ["2025-02-30", "yesterday"])
def test_a_bad_since_is_a_usage_error(store, capsys, since):
    code, _, err = run(capsys, "history", "--since", since)
    assert code == 2
    assert "argument --since:" in err.splitlines()[-1]


def test_undo_of_an_edit_puts_the_fields_back(store, capsys):
    opened = store.statement("fr-01")
    change = store.edit_statement("fr-01", {"position": "support"}, who="Ben", version=opened["version"])
    code, out, _ = run(capsys, "undo", str(change.change))
    assert code == 0
    assert out.startswith(
        f"Undid change {change.change}: statement fr-01 (Claire Martin) put back: position: 'support' -> 'hesitant'."
    )
    assert store.statement("fr-01")["position"] == "hesitant"


def test_undo_of_a_change_overtaken_by_another_is_refused_in_one_line(store, capsys):
    first = store.edit_statement("fr-01", {"position": "support"}, who="Ben", version=1)
    store.edit_statement("fr-01", {"position": "opposed"}, who="Ana", version=2)
    revision = store.revision()
    code, out, err = run(capsys, "undo", str(first.change))
    assert (code, out) == (1, "")
    assert err.startswith("stance undo: statement fr-01 changed after change")
    assert len(err.splitlines()) == 1
    assert store.revision() == revision


def test_undo_of_an_unknown_change_is_one_line(store, capsys):
    code, _, err = run(capsys, "undo", "999")
    assert code == 1
    assert err == "stance undo: there is no change 999; `python -m stance history` lists them\n"


# ---------------------------------------------------------------- hostile text
def test_control_characters_from_a_file_cannot_drive_the_terminal(store, tmp_path, capsys):
    path = csv_file(tmp_path / "evil.csv", statement(id="evil-1", position="\x1b[2J\x1b[31msupport\x07", **KALLAS))
    code, out, _ = run(capsys, "import", path)
    assert code == 1
    assert "'\\x1b[2J\\x1b[31msupport\\x07' is not a position" in out
    assert "\x1b" not in out and "\x07" not in out


def test_control_characters_in_a_stored_quote_are_escaped_in_the_history(store, tmp_path, capsys):
    hostile = "Fine\x1b]0;owned\x07\r\u202eevil"
    path = csv_file(tmp_path / "quote.csv", statement(id="q-1", quote=hostile, **KALLAS))
    assert run(capsys, "import", path)[0] == 0
    assert store.statement("q-1")["quote"] == hostile  # stored as written: escaped only where shown
    store.edit_statement("q-1", {"quote": "calm"}, who="Ben", version=1)
    out = run(capsys, "history", "--limit", "1")[1]
    assert "quote: 'Fine\\x1b]0;owned\\x07 \\u202eevil' -> 'calm'" in out  # shortened: line breaks as spaces
    assert not {"\x1b", "\x07", "\r", "\u202e"} & set(out)


# ---------------------------------------------------------------- export from the store
@pytest.mark.parametrize("target", ["all.json", "folder/"])
def test_export_writes_the_store_without_loss(store, tmp_path, capsys, target):
    events = events_frame(
        pd.DataFrame({"date": ["2025-02-17"], "label": ["Paris summit"], "url": ["https://example.org/p"]})
    )
    report_titles = {"air-shield": "A European air shield", "unused": "A proposal with no statement yet"}
    new = load_dataset(csv_file(tmp_path / "one.csv", statement(id="imp-1", **KALLAS))).statements
    store.import_statements(new, who="Ana", titles=report_titles, new_events=events)
    out = tmp_path / target  # a Path drops the '/' that asks for a folder: the command gets the name as typed
    code, _, err = run(capsys, "export", "--out", f"{tmp_path}/{target}")
    assert code == 0, err
    exported, stored = load_dataset(out), store.dataset()
    assert to_interchange(exported.statements).equals(to_interchange(stored.statements))
    assert exported.proposals == stored.proposals
    assert exported.proposals["unused"] == "A proposal with no statement yet"
    assert exported.events.equals(stored.events)
    assert exported.events["label"].tolist() == ["Paris summit"]


def test_export_to_a_seeds_folder_keeps_the_actors_notes(tmp_path, monkeypatch, capsys):
    sample = load_dataset(SAMPLE_CSV)
    seeds = tmp_path / "seeds"
    from stance.formats import write_seeds

    write_seeds(replace(sample, actor_notes={"Claire Martin": "Head of state; leads foreign policy."}), seeds)
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    Store.open(url, seed=seeds)
    monkeypatch.setenv("STANCE_DB", url)
    assert run(capsys, "export", "--format", "seeds", "--out", str(tmp_path / "out"))[0] == 0
    assert load_dataset(tmp_path / "out").actor_notes == {"Claire Martin": "Head of state; leads foreign policy."}


def test_the_views_read_the_store_and_a_named_file_as_it_is(store, tmp_path, capsys):
    store.add_statement(statement(id="new-1", **KALLAS), who="Ana")
    out = run(capsys, "export", "--format", "json")[1]
    assert '"new-1"' in out
    out = run(capsys, "export", "--format", "json", "--data", str(SAMPLE_CSV))[1]
    assert '"new-1"' not in out and '"fr-01"' in out


# ---------------------------------------------------------------- a store that cannot be opened
@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("postgresql://ana:s3cret@127.0.0.1:9/stance", "postgresql://ana:***@127.0.0.1:9/stance"),
        ("nonsense://", "nonsense://"),
        ("postgresql://ana:s3cret@[::1/stance", "(an unreadable URL)"),
    ],
)
@pytest.mark.parametrize("argv", [["export"], ["history"], ["import", "x.csv", "--dry-run"], ["undo", "1"]])
def test_a_store_that_cannot_be_opened_is_one_line_naming_it(monkeypatch, capsys, url, named, argv):
    monkeypatch.setenv("STANCE_DB", url)
    monkeypatch.setenv("STANCE_USER", "Ana")
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"stance {argv[0]}: cannot open the store {named}: ")
    assert "s3cret" not in err
    assert "check $STANCE_DB" in err
