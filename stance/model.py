"""The statement model: one row = an actor's position on a proposal at a date, attested by a source.

The interchange table is flat and documented in the README. In memory a dataset is a tidy
pandas DataFrame with exactly these columns (``date`` parsed to datetime64, every other column
a string, empty string for "none"), plus the proposals' titles and a revision string that changes
whenever the data changes (caches key on it, never on a hash of a sampled frame).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .memo import per_frame

INTERCHANGE_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "actor",
    "role",
    "actor_type",
    "country",
    "proposal",
    "position",
    "attribution",
    "quote",
    "source",
    "url",
    "notes",
)
# capacity: the actor type the actor spoke in, when it differs from ``actor_type`` (Trump as
# President-elect, Scholz after he left office); left_office: the day the actor left the office
# its government statements were made in (empty while in office).
OPTIONAL_COLUMNS: tuple[str, ...] = ("date_note", "capacity", "left_office")
ALL_COLUMNS: tuple[str, ...] = INTERCHANGE_COLUMNS + OPTIONAL_COLUMNS
REQUIRED_VALUES: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "actor",
    "actor_type",
    "country",
    "proposal",
    "position",
    "attribution",
    "quote",
    "source",
)


# Key events of the debate (summits, meetings): date, a short label (drawn on charts), the source
# reporting it, and an optional note (empty string for none).
EVENT_COLUMNS: tuple[str, ...] = ("date", "label", "url", "note")


def empty_events() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.Series([], dtype="datetime64[s]"), "label": [], "url": [], "note": []}).astype(
        {"label": "str", "url": "str", "note": "str"}
    )


@dataclass(frozen=True)
class Dataset:
    statements: pd.DataFrame
    proposals: dict[str, str] = field(default_factory=dict)  # id -> title
    name: str = "dataset"
    revision: str = ""
    title: str = ""  # how charts' source lines name the data: "Stance dataset", "poland.csv"
    events: pd.DataFrame = field(default_factory=empty_events)  # EVENT_COLUMNS, date order
    actor_notes: dict[str, str] = field(default_factory=dict)  # actor -> why its type was chosen (seeds actors.csv)

    @property
    def label(self) -> str:
        return self.title or self.name

    def proposal_title(self, proposal: str) -> str:
        return self.proposals.get(proposal, proposal)

    @property
    def cutoff(self) -> pd.Timestamp | None:
        """The data's cut-off: the date of its last statement (whatever a view filters)."""
        return None if self.statements.empty else self.statements["date"].max()

    @property
    def source_count(self) -> int:
        return count_sources(self.statements)


@per_frame
def count_sources(statements: pd.DataFrame) -> int:
    """Distinct sources: a URL where there is one, the outlet name otherwise."""
    if statements.empty:
        return 0
    url = pa.array(statements["url"])
    no_url = pc.equal(url, "")
    # The distinct URLs and the distinct outlets of the statements without one, less any name in
    # both: a million-row copy of the two columns merged (pandas' where) took seconds.
    urls = pc.unique(url.filter(pc.invert(no_url)))
    outlets = pc.unique(pa.array(statements["source"]).filter(no_url))
    in_both = pc.sum(pc.is_in(outlets, value_set=urls)).as_py() or 0  # None: no outlets
    return len(urls) + len(outlets) - in_both


ACTOR_TABLE_COLUMNS = ("actor", "country", "role", "actor_type", "left_office", "note")


def actor_table(statements: pd.DataFrame, notes: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Each actor once, by name: the country, role, type and leaving day of its latest statement
    (date, then id), and its note (``notes``: actor -> why its type was chosen). The seeds'
    actors.csv, the store's actors and the edit page's picker are this table."""
    latest = statements.sort_values(["date", "id"]).groupby("actor", sort=True).last().reset_index()
    return latest.assign(note=[(notes or {}).get(actor, "") for actor in latest["actor"]])[list(ACTOR_TABLE_COLUMNS)]


def to_interchange(statements: pd.DataFrame) -> pd.DataFrame:
    """The flat interchange table: every column a string, dates as YYYY-MM-DD."""
    out = statements.loc[:, list(ALL_COLUMNS)].copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)


def spoke_as(statements: pd.DataFrame) -> pd.Series:
    """The actor type each statement was made in: its ``capacity`` where given, else the actor's type."""
    return statements["capacity"].where(statements["capacity"] != "", statements["actor_type"])


@per_frame  # every shift, standing and ranking of a frame starts from this order
def chronological(statements: pd.DataFrame) -> np.ndarray:
    """The statements' positions in the order they were made (date, then id; stable). pyarrow sorts a
    million rows in a fraction of the time pandas' ``sort_values`` takes on its string column."""
    table = pa.table({"date": pa.array(statements["date"].to_numpy()), "id": pa.array(statements["id"])})
    order = pc.sort_indices(table, sort_keys=[("date", "ascending"), ("id", "ascending")]).to_numpy()
    order = order.astype(np.int64)  # pyarrow gives uint64: mixed with -1 ("none") it would turn to floats
    order.flags.writeable = False  # shared by every caller
    return order


def column_lookup(statements: pd.DataFrame, column: str, table: Mapping[str, int], missing: int = -1) -> np.ndarray:
    """``statements[column].map(table)`` as integers (``missing`` for a value not in it), looked up
    once per distinct value, on the column's codes (:func:`column_codes`, worked out once per frame)."""
    codes, uniques = column_codes(statements, column)
    found = np.array([table.get(value, missing) for value in uniques], dtype=np.int64)
    return np.append(found, missing)[codes]


@per_frame  # views of one frame group by its actors, countries and proposals again and again
def column_codes(statements: pd.DataFrame, column: str) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` of one column: a number per statement (-1 for a missing value), and the values."""
    codes, uniques = pd.factorize(statements[column])
    codes.flags.writeable = False  # shared by every caller
    return codes, pd.Index(uniques)


def group_codes(statements: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, int]:
    """A number per distinct combination of ``columns`` (0, 1, ... in order of first appearance) for
    each statement, and how many there are: grouping on numbers, not strings."""
    combined = np.zeros(len(statements), dtype=np.int64)
    for column in columns:
        codes, uniques = column_codes(statements, column)
        combined = combined * (len(uniques) + 1) + codes
    numbers, combinations = pd.factorize(combined)
    return numbers, len(combinations)


def latest_of(groups: np.ndarray, count: int, order: np.ndarray) -> np.ndarray:
    """Per group (numbered 0 .. count-1), the position of its statement that comes last in ``order``
    (-1 for a group with none there; ``order`` may leave statements out)."""
    last = np.full(count, -1, dtype=np.int64)  # per group, its last place in ``order``
    np.maximum.at(last, groups[order], np.arange(len(order)))  # (fast since numpy 1.25: 4x a groupby)
    return np.where(last >= 0, order[np.maximum(last, 0)] if len(order) else -1, -1)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (pandas' hash table: several times quicker than ``np.unique`` here)."""
    found = pd.unique(values)
    found.sort()
    return found
