"""Stance analysis: shifts, actor and country matrices, balance over time.

Pure functions over the tidy statements frame (see :mod:`stance.model`). Everything is
aggregated here, before plotting, so figures draw a few hundred marks whatever the data size.
"""

from __future__ import annotations

from datetime import date as Date

import pandas as pd

from . import positions
from .codebook import POSITION_KEYS
from .dates import day_text

PERIODS = {"week": "W-SUN", "month": "M", "quarter": "Q"}  # W-SUN: weeks run Monday to Sunday
PERIOD_LABELS = {"week": "Week", "month": "Month", "quarter": "Quarter"}


def ordered(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements in the order they were made (id breaks ties within a day)."""
    return statements.sort_values(["date", "id"], kind="stable")


def actors(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per actor: country, latest role, statement count, first and last date.

    Sorted by country, then by first statement: the lane order of the timeline and matrices.
    """
    if statements.empty:
        return pd.DataFrame(columns=["actor", "country", "role", "statements", "first", "last"])
    rows = (
        ordered(statements)
        .groupby("actor", sort=False)
        .agg(
            country=("country", "last"),
            role=("role", "last"),
            statements=("id", "size"),
            first=("date", "min"),
            last=("date", "max"),
        )
    )
    return rows.reset_index().sort_values(["country", "first", "actor"], kind="stable").reset_index(drop=True)


SHIFT_COLUMNS = [
    "actor",
    "country",
    "role",
    "proposal",
    "from_position",
    "to_position",
    "from_date",
    "to_date",
    "days",
    "from_id",
    "to_id",
    "from_quote",
    "to_quote",
    "from_source",
    "to_source",
    "from_url",
    "to_url",
    "from_attribution",
    "to_attribution",
    "from_precision",
    "to_precision",
]


def shifts(statements: pd.DataFrame, since: Date | None = None) -> pd.DataFrame:
    """Every change of position: consecutive statements of one actor on one proposal that differ.

    ``since`` keeps the shifts whose new position was stated on or after that date ("who moved
    since the Paris summit?"); the earlier position may be older.
    """
    if statements.empty:
        return pd.DataFrame(columns=SHIFT_COLUMNS)
    s = ordered(statements)
    keys = ["actor", "proposal"]
    previous = s.groupby(keys, sort=False).shift(1)
    changed = previous["position"].notna() & (previous["position"] != s["position"])
    before, after = previous.loc[changed], s.loc[changed]
    out = pd.DataFrame(
        {
            "actor": after["actor"],
            "country": after["country"],
            "role": after["role"],
            "proposal": after["proposal"],
            "from_position": before["position"],
            "to_position": after["position"],
            "from_date": before["date"],
            "to_date": after["date"],
            "days": (after["date"] - before["date"]).dt.days,
            "from_id": before["id"],
            "to_id": after["id"],
            "from_quote": before["quote"],
            "to_quote": after["quote"],
            "from_source": before["source"],
            "to_source": after["source"],
            "from_url": before["url"],
            "to_url": after["url"],
            "from_attribution": before["attribution"],
            "to_attribution": after["attribution"],
            "from_precision": before["date_precision"],
            "to_precision": after["date_precision"],
        }
    )
    if since is not None:
        out = out.loc[out["to_date"] >= pd.Timestamp(since)]
    return out.sort_values(["to_date", "country", "actor"], kind="stable").reset_index(drop=True)


def period_starts(dates: pd.Series, period: str) -> pd.Series:
    """The first day of each date's period (Monday, 1st of month, 1st of quarter)."""
    return dates.dt.to_period(PERIODS[period]).dt.start_time.astype("datetime64[s]")


def period_range(start: pd.Timestamp, end: pd.Timestamp, period: str) -> pd.Index:
    first = pd.Timestamp(start).to_period(PERIODS[period])
    last = pd.Timestamp(end).to_period(PERIODS[period])
    return pd.period_range(first, last, freq=PERIODS[period]).start_time.astype("datetime64[s]")


def period_label(start: pd.Timestamp, period: str) -> str:
    if period == "week":
        return day_text(start)
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start:%Y}"
    return f"{start:%b %Y}"


# Per group of statements (in date order): the latest one's country, position, id and date, and
# how many there were. Actor and proposal matrices both aggregate this way.
LATEST_STATEMENT = {
    "country": ("country", "last"),
    "position": ("position", "last"),
    "id": ("id", "last"),
    "date": ("date", "last"),
    "statements": ("id", "size"),
}

MATRIX_COLUMNS = ["actor", "country", "proposal", "period", "position", "carried", "id", "date", "statements"]


def actor_matrix(
    statements: pd.DataFrame, period: str = "month", start: Date | None = None, end: Date | None = None
) -> pd.DataFrame:
    """Actor x period: each actor's latest position in each period.

    A cell with no statement in its period repeats the actor's last known position with
    ``carried=True`` (so it can be drawn differently); periods before an actor's first statement
    are absent. ``statements`` counts the statements made in that period (0 when carried).
    The periods run from ``start`` (default: first statement) to ``end`` (default: last).
    """
    if statements.empty:
        return pd.DataFrame(columns=MATRIX_COLUMNS)
    s = ordered(statements).assign(period=lambda f: period_starts(f["date"], period))
    keys = ["actor", "proposal"]
    latest = s.groupby([*keys, "period"], sort=False).agg(**LATEST_STATEMENT).reset_index()
    grid = period_range(
        pd.Timestamp(start) if start else s["date"].min(), pd.Timestamp(end) if end else s["date"].max(), period
    )
    # Every (actor, proposal) gets every grid period from its first statement on, plus the
    # periods it spoke in (which may lie outside an explicit start..end).
    first = latest.groupby(keys, sort=False)["period"].min().rename("first").reset_index()
    spans = first.merge(pd.DataFrame({"period": grid}), how="cross")
    spans = spans.loc[spans["period"] >= spans["first"], [*keys, "period"]]
    cells = spans.merge(latest, on=[*keys, "period"], how="outer").sort_values([*keys, "period"], kind="stable")
    cells["carried"] = cells["position"].isna()
    filled = cells.groupby(keys, sort=False)[["country", "position", "id", "date"]].ffill()
    cells[["country", "position", "id", "date"]] = filled
    cells["statements"] = cells["statements"].fillna(0).astype(int)
    if end:
        cells = cells.loc[cells["period"] <= pd.Timestamp(end)]
    return (
        cells[MATRIX_COLUMNS]
        .sort_values(["country", "actor", "proposal", "period"], kind="stable")
        .reset_index(drop=True)
    )


COUNTRY_MATRIX_COLUMNS = [
    "country",
    "proposal",
    "period",
    "position",  # by the country rule on the period's last day: a position key, "split" or "none"
    "positions",  # "support~hesitant" when split
    "carried",  # no deciding statement within the period: the position comes from an earlier one
    "since",
    "last_heard",
    "actor",
    "id",
    "anonymous_only",
    "statements",  # statements from the country in the period, deciding or not
]


def period_end(starts: pd.DatetimeIndex, period: str) -> pd.Index:
    """The last day of each period."""
    return starts.to_period(PERIODS[period]).end_time.normalize().astype("datetime64[s]")


def country_matrix(
    statements: pd.DataFrame, period: str = "month", start: Date | None = None, end: Date | None = None
) -> pd.DataFrame:
    """Country x period: the country's position by the country rule (:mod:`stance.positions`) on each period's last day.

    Institutions (EU, NATO) are rows of their own, decided by their own leaders. Periods run
    from ``start`` (default: first statement) to ``end`` (default: last); a country appears from
    the period of its first statement.
    """
    if statements.empty:
        return pd.DataFrame(columns=COUNTRY_MATRIX_COLUMNS)
    grid = period_range(
        pd.Timestamp(start) if start else statements["date"].min(),
        pd.Timestamp(end) if end else statements["date"].max(),
        period,
    )
    ends = period_end(pd.DatetimeIndex(grid), period)
    cells = positions.country_positions_at(statements, ends)
    cells["period"] = cells["day"].dt.to_period(PERIODS[period]).dt.start_time.astype("datetime64[s]")
    cells["carried"] = ~(cells["last_heard"] >= cells["period"])
    spoke = (
        statements.assign(period=period_starts(statements["date"], period))
        .groupby(["country", "proposal", "period"])
        .size()
        .rename("statements")
    )
    cells = cells.merge(spoke.reset_index(), on=["country", "proposal", "period"], how="left")
    cells["statements"] = cells["statements"].fillna(0).astype(int)
    return (
        cells[COUNTRY_MATRIX_COLUMNS]
        .sort_values(["country", "proposal", "period"], kind="stable")
        .reset_index(drop=True)
    )


def proposal_matrix(statements: pd.DataFrame) -> pd.DataFrame:
    """Actor x proposal: each actor's latest position on each proposal."""
    if statements.empty:
        return pd.DataFrame(columns=["actor", "proposal", "country", "position", "id", "date", "statements"])
    return (
        ordered(statements)
        .groupby(["actor", "proposal"], sort=False)
        .agg(**LATEST_STATEMENT)
        .reset_index()
        .sort_values(["country", "actor", "proposal"])
        .reset_index(drop=True)
    )


BALANCE_COLUMNS = ["period", "position", "count", "total", "share"]


def balance(
    statements: pd.DataFrame,
    period: str = "month",
    start: Date | None = None,
    end: Date | None = None,
    by: str = "actor",
) -> pd.DataFrame:
    """Per period and position: how many actors (``by="actor"``) or countries (``by="country"``) held it.

    By actor, an actor holds its last stated position until it states another (carried
    forward). By country, each country counts once, under its government's position by the
    country rule; a split government counts under ``split``, a country with no government
    statement is not counted. ``total`` is the period's sum, ``share`` the percentage of it.
    Every category appears in every period (0s kept).
    """
    if statements.empty:
        return pd.DataFrame(columns=BALANCE_COLUMNS)
    if by == "country":
        cells = country_matrix(statements, period, start, end)
        periods = sorted(cells["period"].unique())
        categories = [*POSITION_KEYS, positions.SPLIT]
        counted = cells.loc[cells["position"] != positions.NONE].groupby(["period", "position"]).size()
    else:
        cells = actor_matrix(statements, period, start, end)
        categories = list(POSITION_KEYS)
        counted = cells.groupby(["period", "position"])["actor"].nunique()
        periods = sorted(cells["period"].unique())
    full = pd.MultiIndex.from_product([periods, categories], names=["period", "position"])
    out = counted.reindex(full, fill_value=0).rename("count").reset_index()
    out["total"] = out.groupby("period")["count"].transform("sum")
    out["share"] = (100 * out["count"] / out["total"].where(out["total"] > 0)).fillna(0.0)
    return out[BALANCE_COLUMNS]
