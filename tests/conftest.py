from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stance.cache import CACHE_ENV
from stance.load import load_dataset, statements_frame
from stance.model import Dataset
from stance.validate import Problem, RawTable

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # frozen, hand-made: see fixtures/README.md
SAMPLE_CSV = FIXTURES / "statements.csv"
TWO_PROPOSALS_JSON = FIXTURES / "two-proposals.json"


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory) -> Iterator[Path]:
    """The dataset cache of this test run (also for the apps and commands the tests start): never the user's own."""
    folder = tmp_path_factory.mktemp("stance-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    """The dataset in seeds/: only for tests about the bundled data (tests/test_seeds.py)."""
    return load_dataset()


@pytest.fixture(scope="session")
def sample() -> Dataset:
    """The frozen fixture dataset: 21 statements, 9 actors, 6 countries, one proposal."""
    return load_dataset(SAMPLE_CSV)


@pytest.fixture(scope="session")
def two_proposals() -> Dataset:
    """The frozen fixture with two proposals and their titles: 6 statements, 2 actors."""
    return load_dataset(TWO_PROPOSALS_JSON)


def statement(**values) -> dict[str, str]:
    """One valid interchange row; tests override what they are about."""
    row = {
        "id": "t1",
        "date": "2025-02-17",
        "date_precision": "day",
        "actor": "Donald Tusk",
        "role": "Prime Minister of Poland",
        "actor_type": "head",
        "country": "PL",
        "proposal": "p",
        "position": "denied",
        "attribution": "on-record",
        "quote": "We are not planning such actions",
        "source": "Outlet",
        "url": "https://example.org/a",
        "notes": "",
        "date_note": "",
        "capacity": "",
        "left_office": "",
    }
    row.update(values)
    return row


def strings(value) -> list[str]:
    """Every string anywhere in a figure's JSON-like dict."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


def make_dataset(*rows: dict[str, str], proposals: dict[str, str] | None = None) -> Dataset:
    return Dataset(statements_frame(pd.DataFrame(list(rows))), proposals or {"p": "Proposal P"}, "test", "rev")


def table(rows: list[dict[str, str]], columns=None, numbers=None, path="t.csv", cell_order=None) -> RawTable:
    """A table as a reader hands it to the validator: string cells, spreadsheet row numbers from 2."""
    columns = list(columns or rows[0])
    cells = pd.DataFrame({c: pd.Series([r.get(c, "") for r in rows], dtype="str") for c in columns})
    row_numbers = np.array(numbers if numbers is not None else range(2, 2 + len(rows)))
    return RawTable(path, tuple(columns), cells, row_numbers, cell_order)


def lines(problems: list[Problem]) -> list[str]:
    """Problems as the command line prints them."""
    return [str(p) for p in problems]


def escape_cell(value: str) -> str:
    """The formula escape, one cell at a time, as the README words it: the reference that
    ``table_to_csv``'s column-at-a-time escaping is checked against."""
    escaped = value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r", "'")
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) or escaped else value
