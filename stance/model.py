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
    "country",
    "proposal",
    "position",
    "attribution",
    "quote",
    "source",
    "url",
    "notes",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("date_note",)
ALL_COLUMNS: tuple[str, ...] = INTERCHANGE_COLUMNS + OPTIONAL_COLUMNS
REQUIRED_VALUES: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "actor",
    "country",
    "proposal",
    "position",
    "attribution",
    "quote",
    "source",
)


@dataclass(frozen=True)
class Dataset:
    statements: pd.DataFrame
    proposals: dict[str, str] = field(default_factory=dict)  # id -> title
    name: str = "dataset"
    revision: str = ""
    title: str = ""  # how charts' source lines name the data: "Stance dataset", "poland.csv"

    @property
    def label(self) -> str:
        return self.title or self.name

    def proposal_title(self, proposal: str) -> str:
        return self.proposals.get(proposal, proposal)

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
