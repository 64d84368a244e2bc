"""The store's change log in words, as ``python -m stance history`` and the edit page show it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this without SQLAlchemy, which is slow to import
    from .store import Change

SHORT_VALUE_CHARS = 40


def short(value: object, limit: int = SHORT_VALUE_CHARS) -> str:
    """A value on one line, cut to ``limit`` characters."""
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """The fields that differ, before -> after, values shortened (an actor change's lists of
    statements and records are what it touched, not fields)."""
    parts = []
    for name, value in after.items():
        if before.get(name) == value or isinstance(value, list | dict):
            continue
        if name == "retired":
            parts.append("retired" if value else "shown again")
        else:
            parts.append(f"{name}: '{short(before.get(name))}' -> '{short(value)}'")
    return "; ".join(parts)


def subject(change: Change) -> str:
    """What a change is about: the statement and its actor, the event, the actor, or the import."""
    record = change.after or change.before or {}
    if change.kind == "statement":
        return f"statement {change.key} ({record['actor']})"
    if change.kind == "event":
        return f"key event {change.key} ({record['date']} {short(record['label'])})"
    if change.kind == "actor":
        moved = len(record["statements"])
        return f"actor {change.key}" + (f" and {moved} statement{'s' * (moved != 1)}" if moved else "")
    if change.action == "undo":
        return f"the {record['retired']} statements an import added"
    if change.before is None:  # statements added to the store
        return f"{record['statements']} statements"
    return f"the whole dataset: {record['statements']} statements, {record['events']} key events"


def describe(change: Change) -> str:
    """A change in one line: its subject, what it undoes, the fields an edit or undo changed, its note."""
    undoing = f" (undoes change {change.undoes})" if change.undoes else ""
    note = f" ({change.note})" if change.note and change.kind == "import" else ""
    fields = ""  # an import's undo lists the statements it retired, which are no fields
    if change.action in ("edit", "undo") and change.before and change.after and change.kind != "import":
        fields = field_changes(change.before, change.after)
    return f"{subject(change)}{undoing}{note}{': ' + fields if fields else ''}"
