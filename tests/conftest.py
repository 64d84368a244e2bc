from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.load import _frame, load_dataset  # noqa: E402
from stance.model import Dataset  # noqa: E402


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    return load_dataset()


def statement(**values) -> dict[str, str]:
    """One valid interchange row; tests override what they are about."""
    row = {
        "id": "t1", "date": "2025-02-17", "date_precision": "day", "actor": "Donald Tusk",
        "role": "Prime Minister of Poland", "country": "PL", "proposal": "p", "position": "denied",
        "attribution": "on-record", "quote": "We are not planning such actions", "source": "Outlet",
        "url": "https://example.org/a", "notes": "", "date_note": "",
    }
    row.update(values)
    return row


def make_dataset(*rows: dict[str, str], proposals: dict[str, str] | None = None) -> Dataset:
    return Dataset(_frame(list(rows)), proposals or {"p": "Proposal P"}, "test", "rev")
