"""The app's editing pages: who is editing, the statement form (add, edit, retire), recent changes
with undo, and importing a file with its report and a confirm step.

A thin layer over :mod:`stance.store` and :mod:`stance.importing`: every rule (validation, the
version an edit started from, who may write) is the library's; this module shows its answers.
Text from the data or a file is shown as text: tables through ``st.dataframe``, prose escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from stance.changelog import describe
from stance.codebook import (
    ACTOR_TYPE_KEYS,
    ATTRIBUTION_KEYS,
    ATTRIBUTIONS,
    COUNTRIES,
    DATE_PRECISION_KEYS,
    POSITION_KEYS,
    actor_type_label,
    country_label,
    position_label,
)
from stance.dna import organizations as dna_organizations
from stance.importing import IMPORT_MAX_BYTES, ImportOptions, ImportReport, import_bytes
from stance.model import ALL_COLUMNS, EVENT_COLUMNS, Dataset, actor_table
from stance.store import Change, Store, StoreError
from stance.text import page_text, plural
from stance.validate import DataError, problem_table

ATTRIBUTION_LABELS = {a.key: a.label for a in ATTRIBUTIONS}
NEW_ACTOR = "(a new actor)"
ACTOR_FIELDS = ("country", "role", "actor_type", "left_office")  # filled in when a known actor is picked
FORM = "form-"  # the statement form's widget keys
EVENT = "event-"  # the key event form's
ACTOR = "actor-"  # the actor form's
DONE = "edit-done-"  # a write's message, shown by its panel once the page has run again
ACTOR_EDITABLE = ("actor", "country", "actor_type", "left_office", "note")  # the role is each statement's
CHANGES_SHOWN = 200


@dataclass(frozen=True)
class Editor:
    """Who is at the page: ``name`` is recorded with every change; None for a viewer."""

    name: str | None
    signed_in: bool = False  # through the team server's sign-in (else a name typed on a laptop)

    @property
    def can_edit(self) -> bool:
        return self.name is not None


def sign_in_configured() -> bool:
    """Whether secrets.toml configures Streamlit's OpenID Connect sign-in ([auth])."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: a laptop set-up
        return False


def editors_list() -> frozenset[str] | None:
    """The team server's editors ([stance] editors in secrets.toml); None where sign-in is not set up."""
    if not sign_in_configured():
        return None
    section = st.secrets.get("stance", {})
    return frozenset(str(e).strip().lower() for e in section.get("editors", ()))


def current_editor() -> Editor:
    """Signed in (team server) or a typed name (laptop); a viewer gets no edit controls."""
    with st.sidebar:
        st.header("Editing")
        if sign_in_configured():
            if not st.user.is_logged_in:
                st.caption("Sign in to add, correct or retire statements.")
                st.button("Sign in", key="sign-in", on_click=st.login)
                return Editor(None)
            email = str(st.user.get("email", "")).strip().lower()
            st.caption(f"Signed in as {page_text(email)}")
            st.button("Sign out", key="sign-out", on_click=st.logout)
            editors = editors_list() or frozenset()
            if email not in editors:
                st.caption("You can view this dataset; ask its owner to add you to the editors.")
                return Editor(None, signed_in=True)
            return Editor(email, signed_in=True)
        name = st.text_input(
            "Your name",
            key="editor-name",
            placeholder="Recorded with your changes",
            help="No sign-in is set up on this computer: your changes are recorded under this name.",
        )
        return Editor(name.strip() or None)


# ---------------------------------------------------------------- the statement form
def _blank(dataset: Dataset) -> dict[str, Any]:
    proposal = next(iter(sorted(dataset.proposals)), "")
    return {c: "" for c in ALL_COLUMNS} | {
        "date_precision": "day",
        "position": POSITION_KEYS[0],
        "attribution": ATTRIBUTION_KEYS[0],
        "proposal": proposal,
    }


def _open(values: dict[str, Any], version: int | None) -> None:
    """Put a statement (or a blank one) into the form, remembering the version it was opened at."""
    state = st.session_state
    for column in ALL_COLUMNS:
        state[FORM + column] = str(values.get(column, "") or "")
    state[FORM + "actor-pick"] = values.get("actor") or NEW_ACTOR
    state["form-version"] = version


def _pick_actor(known: pd.DataFrame) -> None:
    """A known actor picked: its name, country, role and type go into the form."""
    state = st.session_state
    picked = state[FORM + "actor-pick"]
    if picked == NEW_ACTOR:
        return
    state[FORM + "actor"] = picked
    row = known.loc[known["actor"] == picked]
    if not row.empty:
        for column in ACTOR_FIELDS:
            state[FORM + column] = str(row.iloc[0][column])


def known_actors(dataset: Dataset) -> pd.DataFrame:
    """Each actor once, with its latest country, role and type (the picker's list)."""
    return actor_table(dataset.statements)[["actor", *ACTOR_FIELDS]]


def statement_form(store: Store, dataset: Dataset, editor: Editor) -> None:
    """Add a statement, or open one by id to correct or retire it."""
    _said("statement")
    state = st.session_state
    known = known_actors(dataset)
    opener, blank = st.columns([3, 1], vertical_alignment="bottom")
    wanted = opener.text_input("Open a statement by id", key="form-open-id", placeholder="e.g. s014")
    if opener.button("Open", key="form-open") and wanted.strip():
        found = store.statement(wanted.strip())
        if found is None:
            st.warning(f"There is no statement {page_text(wanted.strip())}.")
        else:
            _open(found, found["version"])
    if blank.button("New statement", key="form-new") or FORM + "id" not in state:
        _open(_blank(dataset), None)
    version = state.get("form-version")
    editing = version is not None
    st.subheader(f"Edit statement {page_text(state[FORM + 'id'])}" if editing else "New statement")
    st.selectbox(
        "Actor",
        [NEW_ACTOR, *known["actor"]],
        key=FORM + "actor-pick",
        on_change=_pick_actor,
        args=(known,),
        help="Pick a known actor (country, role and type are filled in) or type a new one below.",
    )
    left, right = st.columns(2)
    left.text_input("Actor name", key=FORM + "actor")
    right.text_input("Role", key=FORM + "role", placeholder="e.g. Prime Minister of Poland")
    left.selectbox("Country", sorted(COUNTRIES), key=FORM + "country", format_func=country_label, index=None)
    right.selectbox("Actor type", ACTOR_TYPE_KEYS, key=FORM + "actor_type", format_func=actor_type_label, index=None)
    left.text_input("Id", key=FORM + "id", disabled=editing, placeholder="unique, e.g. pl-2025-03-01")
    right.selectbox("Proposal", sorted(dataset.proposals), key=FORM + "proposal", format_func=dataset.proposal_title)
    left.text_input("Date (YYYY-MM-DD)", key=FORM + "date")
    right.selectbox("Date precision", DATE_PRECISION_KEYS, key=FORM + "date_precision")
    left.selectbox("Position", POSITION_KEYS, key=FORM + "position", format_func=position_label)
    right.selectbox(
        "Attribution", ATTRIBUTION_KEYS, key=FORM + "attribution", format_func=ATTRIBUTION_LABELS.__getitem__
    )
    st.text_area("Quote", key=FORM + "quote")
    left, right = st.columns(2)
    left.text_input("Source", key=FORM + "source", placeholder="Outlet, date")
    right.text_input("URL", key=FORM + "url", placeholder="https://...")
    with st.expander("More: notes, date note, capacity, left office"):
        st.text_area("Notes", key=FORM + "notes")
        st.text_input("Date note", key=FORM + "date_note")
        st.selectbox("Spoke as (capacity)", ["", *ACTOR_TYPE_KEYS], key=FORM + "capacity", format_func=_capacity_label)
        st.text_input("Left office (YYYY-MM-DD)", key=FORM + "left_office")
    values = {c: state.get(FORM + c) or "" for c in ALL_COLUMNS}
    if not editor.can_edit:
        st.info("Sign in, or give your name in the sidebar, to save statements.")
        return
    save, retire = st.columns(2)
    if save.button("Save changes" if editing else "Add statement", key="form-save", type="primary"):
        _write(lambda: _save(store, values, editor, version), "Saved", "statement", _close_statement)
    if version is not None and retire.button("Retire this statement", key="form-retire"):
        retire_it = lambda: store.retire_statement(values["id"], str(editor.name), int(version))  # noqa: E731
        _write(retire_it, "Retired", "statement", _close_statement)


# ---------------------------------------------------------------- key events
def _open_event(store: Store) -> None:
    """The event picked goes into the form (a blank one for a new event), with the version opened."""
    state = st.session_state
    number = state.get(EVENT + "pick")
    found = store.event(int(number)) if number is not None else None
    for column in EVENT_COLUMNS:
        state[EVENT + column] = str(found[column]) if found else ""
    state[EVENT + "version"] = found["version"] if found else None
    state[EVENT + "retired"] = bool(found["retired"]) if found else False


def _close_picked(form: str) -> None:
    """A picked form (``form``: its keys' prefix) saved: the next run opens it blank."""
    for key in ("pick", "version"):
        st.session_state.pop(form + key, None)


def events_panel(store: Store, editor: Editor) -> None:
    """The key events the charts mark: add one, or pick one to correct, retire or bring back."""
    _said("events")
    listed = store.event_table()
    shown = listed.assign(retired=listed["retired"].astype(bool))[["event", *EVENT_COLUMNS, "retired"]]
    st.dataframe(shown, hide_index=True, width="stretch")
    picks = zip(shown["event"].tolist(), shown["date"], shown["label"], shown["retired"], strict=True)
    labels = {int(n): f"{day} {label}" + (" (retired)" if retired else "") for n, day, label, retired in picks}
    st.selectbox(
        "Open a key event",
        list(labels),
        format_func=labels.__getitem__,
        index=None,
        key=EVENT + "pick",
        on_change=_open_event,
        args=(store,),
        placeholder="Pick one to correct it, or fill in a new one below",
    )
    if EVENT + "version" not in st.session_state:
        _open_event(store)
    state = st.session_state
    version = state[EVENT + "version"]
    number = int(state[EVENT + "pick"]) if version is not None else 0
    st.subheader(f"Edit key event {number}" if version is not None else "New key event")
    left, right = st.columns(2)
    left.text_input("Date (YYYY-MM-DD)", key=EVENT + "date")
    right.text_input("Label", key=EVENT + "label", placeholder="Short, as the charts show it: Paris summit")
    left.text_input("URL", key=EVENT + "url", placeholder="https://...")
    right.text_input("Note", key=EVENT + "note")
    values = {c: state.get(EVENT + c) or "" for c in EVENT_COLUMNS}
    if not editor.can_edit:
        st.info("Sign in, or give your name in the sidebar, to change key events.")
        return
    who, close = str(editor.name), partial(_close_picked, EVENT)
    save, retire = st.columns(2)
    if version is None:
        if save.button("Add key event", key=EVENT + "save", type="primary"):
            _write(lambda: store.add_event(values, who), "Added", "events", close)
        return
    if save.button("Save changes", key=EVENT + "save", type="primary"):
        _write(lambda: store.edit_event(number, values, who, int(version)), "Saved", "events", close)
    retired = state[EVENT + "retired"]
    if retire.button("Bring it back" if retired else "Retire this event", key=EVENT + "retire"):
        change = lambda: store.retire_event(number, who, int(version), retired=not retired)  # noqa: E731
        _write(change, "Shown again" if retired else "Retired", "events", close)


# ---------------------------------------------------------------- actors
def _open_actor(store: Store) -> None:
    state = st.session_state
    found = store.actor(state[ACTOR + "pick"]) if state.get(ACTOR + "pick") else None
    for field in ACTOR_EDITABLE:
        value = str(found[field]) if found else ""
        state[ACTOR + field] = (value or None) if field in ("country", "actor_type") else value  # selectboxes
    state[ACTOR + "version"] = found["version"] if found else None
    state[ACTOR + "role"] = str(found["role"]) if found else ""


def actors_panel(store: Store, dataset: Dataset, editor: Editor) -> None:
    """Correct an actor once for every statement of theirs: name (a typo; or join two spellings of
    one person), country, type, leaving day, and the note shown beside their name."""
    _said("actors")
    names = sorted(dataset.statements["actor"].unique(), key=str.casefold)
    st.selectbox(
        "Actor",
        names,
        index=None,
        key=ACTOR + "pick",
        on_change=_open_actor,
        args=(store,),
        placeholder="Pick the actor to correct",
    )
    if st.session_state.get(ACTOR + "pick") is None:
        return
    if ACTOR + "version" not in st.session_state:
        _open_actor(store)
    state = st.session_state
    if state[ACTOR + "version"] is None:
        st.warning("This actor is no longer stored: pick another.")
        return
    shown = int((dataset.statements["actor"] == state[ACTOR + "pick"]).sum())
    st.caption(
        f"{plural(shown, 'statement')} shown. Latest role: {page_text(state[ACTOR + 'role'] or '(none)')}. A role "
        "belongs to each statement (the office held that day): correct it on the statement. What you change here "
        "changes every statement of theirs, retired ones too; giving the name of another actor joins the two."
    )
    left, right = st.columns(2)
    left.text_input("Name", key=ACTOR + "actor")
    right.selectbox("Country", sorted(COUNTRIES), key=ACTOR + "country", format_func=country_label)
    left.selectbox("Actor type", ACTOR_TYPE_KEYS, key=ACTOR + "actor_type", format_func=actor_type_label)
    right.text_input("Left office (YYYY-MM-DD)", key=ACTOR + "left_office")
    st.text_area("Note (shown beside their name)", key=ACTOR + "note")
    if not editor.can_edit:
        st.info("Sign in, or give your name in the sidebar, to change actors.")
        return
    if st.button("Save changes", key=ACTOR + "save", type="primary"):
        values = {f: state.get(ACTOR + f) or "" for f in ACTOR_EDITABLE}
        name, version = state[ACTOR + "pick"], int(state[ACTOR + "version"])
        save = lambda: store.edit_actor(name, values, str(editor.name), version)  # noqa: E731
        _write(save, "Saved", "actors", partial(_close_picked, ACTOR))


def _capacity_label(key: str) -> str:
    return "(the actor's type)" if key == "" else actor_type_label(key)


def _save(store: Store, values: dict[str, str], editor: Editor, version: int | None) -> Change:
    who = str(editor.name)
    if version is None:
        return store.add_statement(values, who)
    return store.edit_statement(values["id"], values, who, version)


def _close_statement() -> None:
    st.session_state["form-version"] = None
    st.session_state.pop(FORM + "id", None)  # the next run opens a blank form


def _write(action, done: str, panel: str, close=None) -> None:  # noqa: ANN001 - callables: a Change, then None
    """Run a write and say what happened: each problem with its column; or, once the page has run
    again so that every list on it shows the change, the change's number (see :func:`_said`).
    ``close``: what a saved form does next (e.g. open a blank one)."""
    try:
        change = action()
    except DataError as error:
        st.error("Not saved: correct these fields and save again.")
        show_problems(error.problems)
        return
    except StoreError as error:  # a Conflict (the second of two saves) among them
        st.error(f"Not saved: {page_text(error)}")
        return
    if close is not None:
        close()
    st.session_state[DONE + panel] = f"{done}: change {change.change}. *Recent changes* lists it, with undo."
    st.rerun()


def _said(panel: str) -> None:
    """The message of the write this panel made on the page's previous run."""
    message = st.session_state.pop(DONE + panel, None)
    if message:
        st.success(message)
        st.toast(message, icon="\N{WHITE HEAVY CHECK MARK}")  # seen where the button was, too: the form is long


def show_problems(problems) -> None:  # noqa: ANN001 - a sequence of stance.validate.Problem
    st.dataframe(problem_table(problems), hide_index=True, width="stretch")


# ---------------------------------------------------------------- recent changes
def change_rows(changes: list[Change]) -> pd.DataFrame:
    """One row per change: number, when, who, what, the subject and the fields an edit changed."""
    rows = [(c.change, c.at, c.who, c.action, c.kind, c.key, describe(c), c.undoes or "") for c in changes]
    return pd.DataFrame(rows, columns=["change", "when (UTC)", "who", "action", "kind", "key", "what", "undoes"])


def changes_panel(store: Store, editor: Editor) -> None:
    """The change log, filtered by day and actor; any change can be undone (the undo is recorded too)."""
    _said("changes")
    left, right = st.columns(2)
    since = left.date_input("Since", value=None, key="changes-since")
    actor = right.text_input("Actor", key="changes-actor", placeholder="Part of a name")
    changes = store.history(since=since.isoformat() if since else None, actor=actor or None, limit=CHANGES_SHOWN)
    if not changes:
        st.info("No changes match.")
        return
    st.dataframe(change_rows(changes), hide_index=True, width="stretch")
    st.caption(f"The latest {plural(len(changes), 'change')} that match, latest first.")
    if not editor.can_edit:
        return
    number = st.selectbox("Undo change", [c.change for c in changes], key="changes-undo-pick", index=None)
    if number is not None and st.button(f"Undo change {number}", key="changes-undo"):
        _write(lambda: store.undo(int(number), str(editor.name)), f"Change {number} undone", "changes")


# ---------------------------------------------------------------- importing
def import_panel(store: Store, dataset: Dataset, editor: Editor) -> None:
    """Upload a file, read its report, then confirm: nothing is written before the confirm."""
    _said("import")
    upload = st.file_uploader(
        "A CSV, XLSX or JSON table of statements, or a DNA database (.dna)",
        key="import-file",
        max_upload_size=IMPORT_MAX_BYTES // (1024 * 1024),
    )
    if upload is None:
        return
    left, right = st.columns(2)
    country = left.selectbox(
        "Country for rows without one (DNA files have none)",
        sorted(COUNTRIES),
        key="import-country",
        format_func=country_label,
        index=None,
    )
    keep = right.checkbox("Import statements already stored again", key="import-keep")
    data = upload.getvalue()
    found = dna_organizations(data)
    options = ImportOptions(
        country=country or "",
        organization_countries=organization_countries(found, f"import-organizations-{upload.file_id}") if found else {},
        proposals=dataset.proposals,
        existing=dataset.statements,
        keep_duplicates=keep,
    )
    report = import_bytes(upload.name, data, options)
    show_report(report)
    name = page_text(upload.name)
    if not report.ok or report.statements is None:
        st.error(f"Nothing was imported from {name}: correct the file (or the options above) and upload it again.")
        return
    count = len(report.statements)
    if not count:  # e.g. the same file uploaded again: no confirm button, and why
        st.info(f"Nothing to import: every statement of {name} is stored already (listed above).")
        return
    if not editor.can_edit:
        st.info("Sign in (or give your name in the sidebar) to import.")
        return
    if st.button(f"Import {plural(count, 'statement')}", key="import-confirm", type="primary"):
        _write(
            lambda: store.import_statements(
                report.statements, str(editor.name), titles=report.proposals, new_events=report.events, note=upload.name
            ),
            f"Imported {plural(count, 'statement')}",
            "import",
        )


def organization_countries(organizations: dict[str, int], key: str) -> dict[str, str]:
    """DNA files carry no country: the analyst gives each organization's (its statements take it;
    an organization left blank takes the country for rows without one). ``key``: one per file, so
    that one file's choices never carry over to another's organizations."""
    st.markdown("**Countries of the DNA organizations**")
    table = pd.DataFrame(
        {
            "organization": list(organizations),
            "statements": list(organizations.values()),
            "country": pd.Series([None] * len(organizations), dtype="object"),
        }
    )
    edited = st.data_editor(
        table,
        key=key,
        hide_index=True,
        width="stretch",
        disabled=["organization", "statements"],
        column_config={
            "country": st.column_config.SelectboxColumn(
                "country",
                options=sorted(COUNTRIES),
                format_func=lambda code: country_label(str(code)),
                help="Blank: the country above",
            )
        },
    )
    return {o: c for o, c in zip(edited["organization"], edited["country"], strict=True) if isinstance(c, str) and c}


def records(items) -> pd.DataFrame:  # noqa: ANN001 - a sequence of the report's dataclasses
    """The report's items as a table of text: lists (rows, examples) joined with commas."""
    rows = [{k: ", ".join(map(str, v)) if isinstance(v, tuple) else v for k, v in vars(i).items()} for i in items]
    return pd.DataFrame(rows)


def show_report(report: ImportReport) -> None:
    """Everything the import found, as text: notices, the DNA mapping, resolutions, duplicates, problems."""
    for notice in report.notices:
        st.info(page_text(notice))
    if report.mapping:
        st.markdown("**How the DNA database maps onto statements**")
        st.dataframe(records(report.mapping), hide_index=True, width="stretch")
    if report.resolutions:
        st.markdown("**Values read as codes**")
        st.dataframe(records(report.resolutions), hide_index=True, width="stretch")
    if report.duplicates:
        st.markdown(f"**{plural(len(report.duplicates), 'statement')} already stored**")
        st.dataframe(records(report.duplicates), hide_index=True, width="stretch")
    if report.problems:
        st.markdown(f"**{plural(len(report.problems), 'problem')}**")
        st.dataframe(report.problem_table(), hide_index=True, width="stretch")
