"""Results remembered per frame (stance.memo) and the source count, which relies on it."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from stance.memo import per_frame
from stance.model import chronological, column_codes, count_sources

from conftest import make_dataset, statement


def counting():
    calls = []

    @per_frame
    def rows_over(frame: pd.DataFrame, limit: int, *, column: str = "n") -> int:
        calls.append((id(frame), limit, column))
        return int((frame[column] > limit).sum())

    return rows_over, calls


def test_a_frame_s_result_is_worked_out_once_per_arguments():
    rows_over, calls = counting()
    frame = pd.DataFrame({"n": [1, 5, 9], "m": [0, 0, 7]})
    assert rows_over(frame, 4) == 2 and rows_over(frame, 4) == 2
    assert rows_over(frame, 8) == 1
    assert rows_over(frame, 4, column="m") == 1 and rows_over(frame, 4, column="m") == 1
    assert len(calls) == 3


def test_another_frame_with_other_rows_is_worked_out_anew():
    rows_over, calls = counting()
    assert rows_over(pd.DataFrame({"n": [5]}), 4) == 1
    assert rows_over(pd.DataFrame({"n": [1, 2]}), 4) == 0
    assert len(calls) == 2


def test_the_entry_goes_with_the_frame():
    rows_over, _ = counting()
    frame = pd.DataFrame({"n": [5]})
    rows_over(frame, 4)
    remembered = rows_over.__closure__  # the results dict lives in the decorator's closure
    results = next(c.cell_contents for c in remembered if isinstance(c.cell_contents, dict))
    assert len(results) == 1
    del frame
    gc.collect()
    assert results == {}


def test_sources_are_urls_where_given_else_outlet_names():
    ds = make_dataset(
        statement(id="1", url="https://a.example/1", source="Le Monde"),
        statement(id="2", url="https://a.example/1", source="Le Monde"),  # the same article
        statement(id="3", url="https://a.example/2", source="Le Monde"),
        statement(id="4", url="", source="Radio"),
        statement(id="5", url="", source="Radio"),
        statement(id="6", url="", source="https://a.example/2"),  # an outlet named as a URL we have
    )
    assert count_sources(ds.statements) == 3
    assert count_sources(ds.statements.iloc[3:5]) == 1
    assert count_sources(ds.statements.iloc[:0]) == 0


def test_shared_codes_and_order_are_read_only_and_shared():
    """Every view of a frame gets the same arrays: changing one in place would change them for all."""
    ds = make_dataset(statement(id="1", actor="B"), statement(id="2", actor="A", date="2025-01-01"))
    codes, names = column_codes(ds.statements, "actor")
    assert column_codes(ds.statements, "actor")[0] is codes
    assert [names[c] for c in codes] == list(ds.statements["actor"])
    order = chronological(ds.statements)
    assert chronological(ds.statements) is order
    for shared in (codes, order):
        with pytest.raises(ValueError, match="read-only"):
            shared[0] = 1
