"""The change log in words (stance.changelog), as `history`, `undo` and the edit page show it:
plain Change records built here, no store."""

from __future__ import annotations

import pytest

from stance.changelog import describe, field_changes, short, subject
from stance.store import Change


def change(kind: str, action: str, before=None, after=None, key: str = "k", undoes=None, note: str = "") -> Change:
    return Change(7, "2025-01-01T00:00:00+00:00", "Ana", kind, key, action, before, after, undoes, note)


def test_short_puts_a_value_on_one_line_and_cuts_it_with_an_ellipsis():
    assert short("a\n b\t c") == "a b c"
    assert short(None) == ""
    assert short("x" * 40) == "x" * 40  # at the limit: whole
    assert short("x" * 41) == "x" * 39 + "…"
    assert short("abcdef", limit=4) == "abc…"


def test_field_changes_lists_what_differs_before_to_after():
    before = {"quote": "Old.", "position": "support", "retired": False, "url": "u"}
    after = {"quote": "New.", "position": "support", "retired": True, "url": "u", "note": "Added"}
    assert field_changes(before, after) == "quote: 'Old.' -> 'New.'; retired; note: '' -> 'Added'"
    assert field_changes({"retired": True}, {"retired": False}) == "shown again"
    assert field_changes({"a": "1"}, {"a": "1"}) == ""


def test_field_changes_leaves_out_what_an_actor_change_touched_which_are_not_fields():
    before = {"actor": "A", "statements": ["s1"], "records": {"A": {}}}
    after = {"actor": "B", "statements": ["s1", "s2"], "records": {"B": {}}}
    assert field_changes(before, after) == "actor: 'A' -> 'B'"


@pytest.mark.parametrize(
    ("made", "said"),
    [
        (change("statement", "add", after={"actor": "Claire Martin"}, key="fr-01"), "statement fr-01 (Claire Martin)"),
        (change("statement", "retire", before={"actor": "Jo"}, key="s1"), "statement s1 (Jo)"),
        (
            change("event", "add", after={"date": "2025-03-01", "label": "Paris\nsummit"}, key="3"),
            "key event 3 (2025-03-01 Paris summit)",
        ),
        (change("actor", "edit", after={"statements": ["a", "b"]}, key="Jo"), "actor Jo and 2 statements"),
        (change("actor", "edit", after={"statements": ["a"]}, key="Jo"), "actor Jo and 1 statement"),
        (change("actor", "edit", after={"statements": []}, key="Jo"), "actor Jo"),
        (change("import", "undo", after={"retired": 4}), "the 4 statements an import added"),
        (change("import", "import", after={"statements": 12}), "12 statements"),
        (
            change("import", "import", before={"statements": 0}, after={"statements": 5, "events": 2}),
            "the whole dataset: 5 statements, 2 key events",
        ),
    ],
)
def test_subject_says_what_a_change_is_about(made, said):
    assert subject(made) == said


def test_describe_adds_what_it_undoes_its_fields_and_an_import_s_note():
    edit = change("statement", "edit", {"actor": "Jo", "quote": "A"}, {"actor": "Jo", "quote": "B"}, key="s1")
    assert describe(edit) == "statement s1 (Jo): quote: 'A' -> 'B'"
    undo = change("statement", "undo", {"actor": "Jo", "quote": "B"}, {"actor": "Jo", "quote": "A"}, "s1", undoes=3)
    assert describe(undo) == "statement s1 (Jo) (undoes change 3): quote: 'B' -> 'A'"
    retire = change("statement", "retire", {"actor": "Jo", "retired": False}, {"actor": "Jo", "retired": True}, "s1")
    assert describe(retire) == "statement s1 (Jo)"  # the action column says it
    taken_back = change("import", "undo", {"statements": 2, "ids": ["a", "b"]}, {"retired": 2, "ids": ["a", "b"]})
    assert describe(taken_back) == "the 2 statements an import added"
    imported = change("import", "import", None, {"statements": 2}, note="new.csv")
    assert describe(imported) == "2 statements (new.csv)"
    assert describe(change("statement", "add", None, {"actor": "Jo"}, "s1", note="typed")) == "statement s1 (Jo)"
