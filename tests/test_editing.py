"""The editing pages (editing.py) run headless with AppTest on a store in a temporary folder:
the name asked on a laptop, the statement form (add, correct, retire, problems shown by column,
the second of two concurrent saves refused), recent changes with undo, and an import's report
and confirm step. Each page runs in a small script of its own; app.py shows them as views."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_import import dna_database

from stance.importing import IMPORT_MAX_BYTES
from stance.store import Store
from stance.text import page_text

from conftest import FIXTURES, csv_bytes, statement

SAMPLE = FIXTURES / "statements.csv"  # 21 statements; Piotr Kowal: PL, head of government
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import editing
from stance.store import Store
store = Store.open({url!r}, seed=None, editors=editing.editors_list())
editor = editing.current_editor()
editing.{panel}(store, *([store.dataset()] if {with_data} else []), editor)
"""


TEAM_SECRETS = {
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x", "client_id": "x"},
    "stance": {"editors": ["Ana@Example.org"]},
}


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'stance.sqlite'}", seed=SAMPLE)


def page(
    store: Store, panel: str, with_data: bool = True, name: str | None = "Ana", team: dict | None = None
) -> AppTest:
    """The panel's page; ``team``: the signed-in user of a team server (secrets configure sign-in and editors)."""
    root = str(Path(__file__).resolve().parent.parent)
    url = store.engine.url.render_as_string(hide_password=False)
    at = AppTest.from_string(SCRIPT.format(root=root, url=url, panel=panel, with_data=with_data), default_timeout=60)
    if team is not None:
        at.secrets.update(TEAM_SECRETS)
        at.user = team
        name = None
    at.run()
    if name is not None:
        at.text_input(key="editor-name").input(name)
        at.run()
    return at


def fill(at: AppTest, **values: str) -> None:
    for key, value in values.items():
        widget = f"form-{key}"
        if key in ("quote", "notes"):
            at.text_area(key=widget).input(value)
        else:
            at.text_input(key=widget).input(value)


def test_without_a_name_there_are_no_edit_controls(store):
    for panel, with_data in (("statement_form", True), ("changes_panel", False)):
        at = page(store, panel, with_data, name=None)
        assert not [b for b in at.button if b.key in ("form-save", "form-retire", "changes-undo")]
        assert not [s for s in at.selectbox if s.key == "changes-undo-pick"]


def test_a_statement_added_through_the_form_is_stored_with_the_editor_s_name(store):
    at = page(store, "statement_form")
    at.selectbox(key="form-actor-pick").select("Piotr Kowal").run()
    assert at.selectbox(key="form-country").value == "PL"  # a known actor fills in country, role, type
    fill(at, id="new-1", date="2025-03-01", quote="We will send troops.", source="Outlet", url="https://example.org/n")
    at.button(key="form-save").click().run()
    assert not at.exception and "Saved: change 2" in at.success[0].value
    stored = store.statement("new-1")
    assert (stored["actor"], stored["country"], stored["quote"]) == ("Piotr Kowal", "PL", "We will send troops.")
    assert store.history(limit=1)[0].who == "Ana"


def test_a_bad_date_is_shown_by_column_and_nothing_is_stored(store):
    at = page(store, "statement_form")
    at.selectbox(key="form-actor-pick").select("Piotr Kowal").run()
    fill(at, id="new-1", date="2025-02-30", quote="Q", source="S")
    revision = store.revision()
    at.button(key="form-save").click().run()
    assert "Not saved" in at.error[0].value
    problems = at.dataframe[0].value
    assert "date" in set(problems["column"]) and store.revision() == revision


def test_of_two_editors_the_second_save_is_refused(store):
    ana, ben = page(store, "statement_form"), page(store, "statement_form", name="Ben")
    for at in (ana, ben):
        at.text_input(key="form-open-id").input("pl-01")
        at.button(key="form-open").click().run()
    fill(ana, quote="Ana's correction.")
    ana.button(key="form-save").click().run()
    fill(ben, quote="Ben's correction.")
    ben.button(key="form-save").click().run()
    assert "changed by someone else" in ben.error[0].value
    assert store.statement("pl-01")["quote"] == "Ana's correction."


def test_recent_changes_list_who_changed_what_and_undo_puts_it_back(store):
    before = store.statement("pl-01")
    store.edit_statement("pl-01", {"quote": "Edited."}, who="Ben", version=before["version"])
    at = page(store, "changes_panel", with_data=False)
    log = at.dataframe[0].value
    assert list(log["who"][:2]) == ["Ben", "stance"] and "quote:" in log["what"][0]
    at.selectbox(key="changes-undo-pick").select(2).run()
    at.button(key="changes-undo").click().run()
    assert store.statement("pl-01")["quote"] == before["quote"]
    assert store.history(limit=1)[0].undoes == 2


def test_an_upload_shows_its_report_and_writes_only_when_confirmed(store):
    kallas = {"actor": "Kaja Kallas", "country": "Estonia", "role": "Prime Minister of Estonia"}
    data = csv_bytes(statement(id="imp-1", **kallas), statement(id="imp-2", date="2025-03-01", **kallas))
    at = page(store, "import_panel")
    at.file_uploader(key="import-file").upload("new.csv", data, "text/csv").run()
    resolutions = at.dataframe[0].value  # "Estonia" read as EE, and said so
    assert ("Estonia", "EE") in set(zip(resolutions["original"], resolutions["resolved"], strict=True))
    assert "imp-1" not in set(store.dataset().statements["id"])  # nothing written before the confirm
    at.button(key="import-confirm").click().run()
    assert "Imported 2 statements" in at.success[0].value
    assert {"imp-1", "imp-2"} <= set(store.dataset().statements["id"])


def test_an_upload_with_problems_lists_them_and_offers_no_import(store):
    at = page(store, "import_panel")
    at.file_uploader(key="import-file").upload("bad.csv", csv_bytes(statement(position="maybe")), "text/csv").run()
    problems = at.dataframe[-1].value
    assert list(problems.columns) == ["row", "column", "problem", "hint"] and "position" in set(problems["column"])
    assert not [b for b in at.button if b.key == "import-confirm"]
    assert "Nothing was imported" in at.error[0].value


def test_on_a_team_server_a_visitor_signs_in_before_anything_can_be_edited(store):
    at = page(store, "statement_form", team={"is_logged_in": False})
    assert [b.label for b in at.button if b.key == "sign-in"] == ["Sign in"]
    assert not [b for b in at.button if b.key == "form-save"]


def test_on_a_team_server_an_editor_s_changes_are_recorded_under_their_address(store):
    at = page(store, "statement_form", team={"is_logged_in": True, "email": "ana@example.org"})
    at.text_input(key="form-open-id").input("pl-01")
    at.button(key="form-open").click().run()
    fill(at, quote="Corrected.")
    at.button(key="form-save").click().run()
    assert store.statement("pl-01")["quote"] == "Corrected."
    assert store.history(limit=1)[0].who == "ana@example.org"


def test_on_a_team_server_someone_not_on_the_list_sees_no_edit_controls(store):
    at = page(store, "statement_form", team={"is_logged_in": True, "email": "ben@example.org"})
    assert not [b for b in at.button if b.key in ("form-save", "form-retire")]
    assert "view this dataset" in " ".join(c.value for c in at.caption)


def test_an_upload_over_the_size_limit_is_refused_naming_the_file_and_the_limit(store):
    revision = store.revision()
    at = page(store, "import_panel")
    # The browser's uploader refuses it first (max_upload_size); the library says no to any caller.
    at.file_uploader(key="import-file").upload("huge.csv", b"x" * (IMPORT_MAX_BYTES + 1), "text/csv").run()
    assert f"Nothing was imported from {page_text('huge.csv')}:" in at.error[0].value  # escaped Markdown
    (problem,) = at.dataframe[-1].value["problem"]
    assert "over the import limit of 50 MB" in problem
    assert not [b for b in at.button if b.key == "import-confirm"] and store.revision() == revision


def test_a_file_whose_statements_are_all_stored_says_there_is_nothing_to_import(store):
    revision = store.revision()
    at = page(store, "import_panel")
    at.file_uploader(key="import-file").upload("again.csv", SAMPLE.read_bytes(), "text/csv").run()
    assert "21 statements already stored" in " ".join(m.value for m in at.markdown)
    assert f"Nothing to import: every statement of {page_text('again.csv')} is stored already" in at.info[-1].value
    assert not at.error and not [b for b in at.button if b.key == "import-confirm"]
    assert store.revision() == revision


THREE_SPEAKERS = [("Anne Roux", "Élysée"), ("", "Bundestag"), ("Olaf Berg", "Bundestag")]  # none in the sample


def test_a_dna_upload_maps_each_organization_to_a_country(store, tmp_path):
    statements = [(person, organization, "Air shield", 1) for person, organization in THREE_SPEAKERS]
    data = dna_database(tmp_path / "coding.dna", statements).read_bytes()
    at = page(store, "import_panel")
    at.file_uploader(key="import-file").upload("coding.dna", data).run()
    (editor,) = at.data_editor
    assert list(editor.value["organization"]) == ["Bundestag", "Élysée"]
    assert f"Nothing was imported from {page_text('coding.dna')}" in at.error[0].value  # no country for either yet
    at.session_state[editor.key] = {"edited_rows": {0: {"country": "DE"}}, "added_rows": [], "deleted_rows": []}
    at.selectbox(key="import-country").select("FR").run()
    resolved = at.dataframe[-1].value  # the values read as codes: where each country came from
    shown = set(zip(resolved["original"], resolved["resolved"], resolved["rows"], resolved["how"], strict=True))
    assert {("Bundestag", "DE", "2, 3", "organization map"), ("", "FR", "1", "default country")} <= shown
    at.button(key="import-confirm").click().run()
    assert "Imported 3 statements" in at.success[0].value
    countries = store.dataset().statements.set_index("id")["country"]
    assert (countries["dna-1"], countries["dna-2"], countries["dna-3"]) == ("FR", "DE", "DE")


# ---------------------------------------------------------------- key events and actors
def test_a_key_event_is_added_corrected_and_retired_through_its_form(store):
    at = page(store, "events_panel", with_data=False)
    at.text_input(key="event-date").input("2025-03-01")
    at.text_input(key="event-label").input("<b>Paris</b> summit")
    at.text_input(key="event-url").input("https://example.org/paris")
    at.button(key="event-save").click().run()
    assert "Added: change" in at.success[0].value
    (number,) = [
        int(n)
        for n, label in zip(store.event_table()["event"], store.event_table()["label"], strict=True)
        if "Paris" in label
    ]
    assert store.event(number)["label"] == "<b>Paris</b> summit"  # stored as typed, shown as text
    at.selectbox(key="event-pick").select(number).run()
    assert at.text_input(key="event-label").value == "<b>Paris</b> summit"
    at.text_input(key="event-label").input("Paris summit").run()
    at.button(key="event-save").click().run()
    assert store.event(number)["label"] == "Paris summit"
    at.selectbox(key="event-pick").select(number).run()
    at.button(key="event-retire").click().run()
    assert store.event(number)["retired"] and "Paris summit" not in set(store.dataset().events["label"])


def test_a_bad_key_event_shows_its_problem_by_column_and_nothing_is_stored(store):
    at = page(store, "events_panel", with_data=False)
    before = len(store.event_table())
    at.text_input(key="event-date").input("2025-02-30")
    at.text_input(key="event-label").input("Summit")
    at.button(key="event-save").click().run()
    assert "Not saved" in at.error[0].value
    assert list(at.dataframe[-1].value["column"]) == ["date"]
    assert len(store.event_table()) == before


def test_an_actor_corrected_once_changes_every_statement_of_theirs(store):
    at = page(store, "actors_panel")
    at.selectbox(key="actor-pick").select("Piotr Kowal").run()
    assert (at.text_input(key="actor-actor").value, at.selectbox(key="actor-country").value) == ("Piotr Kowal", "PL")
    assert "Prime Minister of Poland" in at.caption[0].value  # the role, shown: it is each statement's
    assert at.caption[0].value.startswith("2 statements shown.")
    at.text_input(key="actor-actor").input("Piotr Kowalski")
    at.text_area(key="actor-note").input("Spelt in full")
    at.button(key="actor-save").click().run()
    assert "Saved: change" in at.success[0].value
    shown = store.dataset()
    assert set(shown.statements.loc[shown.statements["actor"] == "Piotr Kowalski", "id"]) == {"pl-01", "pl-03"}
    assert shown.actor_notes["Piotr Kowalski"] == "Spelt in full"


def test_viewers_see_actors_and_key_events_but_no_save_buttons(store):
    for panel, with_data in (("events_panel", False), ("actors_panel", True)):
        at = page(store, panel, with_data, name=None)
        if panel == "actors_panel":
            at.selectbox(key="actor-pick").select("Piotr Kowal").run()
        assert not [b for b in at.button if b.key in ("event-save", "event-retire", "actor-save")]
