"""The statement model: one row = an actor's position on a proposal at a date, attested by a source.

The interchange table is flat and documented in the README. In memory a dataset is a tidy
pandas DataFrame with exactly these columns (``date`` parsed to datetime64, every other column
a string, empty string for "none"), plus the proposals' titles and a revision string that changes
whenever the data changes (caches key on it, never on a hash of a sampled frame).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

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


def count_sources(statements: pd.DataFrame) -> int:
    """Distinct sources: a URL where there is one, the outlet name otherwise."""
    if statements.empty:
        return 0
    keys = statements["url"].where(statements["url"] != "", statements["source"])
    return int(keys.nunique())


def to_interchange(statements: pd.DataFrame) -> pd.DataFrame:
    """The flat interchange table: every column a string, dates as YYYY-MM-DD."""
    out = statements.loc[:, list(ALL_COLUMNS)].copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)


def spoke_as(statements: pd.DataFrame) -> pd.Series:
    """The actor type each statement was made in: its ``capacity`` where given, else the actor's type."""
    return statements["capacity"].where(statements["capacity"] != "", statements["actor_type"])
