"""Stance analysis: shifts, actor and country matrices, balance over time.

Pure functions over the tidy statements frame (see :mod:`stance.model`). Everything is
aggregated here, before plotting, so figures draw a few hundred marks whatever the data size.
"""

from __future__ import annotations

from datetime import date as Date

import numpy as np
import pandas as pd

from . import positions
from .codebook import POSITION_KEYS
from .dates import day_text
from .memo import per_frame
from .model import chronological, column_codes, distinct, group_codes, latest_of

PERIODS = {"week": "W-SUN", "month": "M", "quarter": "Q"}  # W-SUN: weeks run Monday to Sunday
PERIOD_LABELS = {"week": "Week", "month": "Month", "quarter": "Quarter"}


def ordered(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements in the order they were made (id breaks ties within a day)."""
    order = chronological(statements)
    return statements if np.array_equal(order, np.arange(len(order))) else statements.take(order)


def actors(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per actor: country, latest role, statement count, first and last date.

    Sorted by country, then by first statement: the lane order of the timeline and matrices.
    """
    if statements.empty:
        return pd.DataFrame(columns=["actor", "country", "role", "statements", "first", "last"])
    codes, count = group_codes(statements, ["actor"])
    latest = statements.iloc[latest_of(codes, count, chronological(statements))]
    dates = statements["date"].groupby(codes)
    rows = pd.DataFrame(
        {
            "actor": latest["actor"].to_numpy(),
            "country": latest["country"].to_numpy(),
            "role": latest["role"].to_numpy(),
            "statements": np.bincount(codes, minlength=count),
            "first": dates.min().to_numpy(),
            "last": dates.max().to_numpy(),
        }
    ).astype({"actor": "str", "country": "str", "role": "str"})
    return rows.sort_values(["country", "first", "actor"], kind="stable").reset_index(drop=True)


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


def changes(statements: pd.DataFrame, since: Date | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every change of position as the places in ``statements`` of its two statements (before,
    after), in the order the later ones were made; ``since`` as in :func:`shifts`. Cheaper than
    the shifts themselves: page or count them first, then build the rows wanted (``places``)."""
    earlier, later = _changes(statements)
    if since is not None:
        kept = statements["date"].to_numpy()[later] >= np.datetime64(pd.Timestamp(since))
        earlier, later = earlier[kept], later[kept]
    return earlier, later


@per_frame  # the ranking by shifts, the rings on the timeline and the shifts table read the same changes
def _changes(statements: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    order = chronological(statements)
    pairs, _ = group_codes(statements, ["actor", "proposal"])
    runs = order[np.argsort(pairs[order], kind="stable")]  # each actor's statements on a proposal, in order
    position = column_codes(statements, "position")[0][runs]
    changed = np.flatnonzero((pairs[runs][1:] == pairs[runs][:-1]) & (position[1:] != position[:-1])) + 1
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    changed = changed[np.argsort(rank[runs[changed]], kind="stable")]
    earlier, later = runs[changed - 1], runs[changed]
    earlier.flags.writeable = later.flags.writeable = False  # shared by every caller
    return earlier, later


def shift_counts(statements: pd.DataFrame) -> pd.Series:
    """Per actor (sorted by name), how many times it changed position, on any proposal (0 for never)."""
    actor, names = column_codes(statements, "actor")
    counts = np.bincount(actor[_changes(statements)[1]], minlength=len(names))
    return pd.Series(counts, index=pd.Index(names, name="actor"), name="shifts").sort_index()


def shifts(
    statements: pd.DataFrame, since: Date | None = None, places: tuple[np.ndarray, np.ndarray] | None = None
) -> pd.DataFrame:
    """Every change of position: consecutive statements of one actor on one proposal that differ.

    ``since`` keeps the shifts whose new position was stated on or after that date ("who moved
    since the Paris summit?"); the earlier position may be older. ``places``: only these changes
    (some of what :func:`changes` gives for the same statements and ``since``).
    """
    if statements.empty:
        return pd.DataFrame(columns=SHIFT_COLUMNS)
    earlier, later = places if places is not None else changes(statements, since)
    before, after = statements.iloc[earlier], statements.iloc[later]
    after = after.set_axis(before.index)  # side by side, row for row
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
    return (
        out.sort_values(["to_date", "country", "actor"], kind="stable")
        .reset_index(drop=True)
        .astype({c: "str" for c in SHIFT_COLUMNS if c not in ("from_date", "to_date", "days")})
    )


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


def _actor_cells(
    statements: pd.DataFrame, period: str, start: Date | None, end: Date | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """The actor matrix in numbers: per cell its (actor, proposal) pair's code, its period's start,
    the position in ``statements`` of the statement it shows (the period's latest, or the one carried
    forward), whether carried, and how many statements it had; cells grouped by pair, in period
    order. Also returns, per pair, the position of its first statement."""
    order = chronological(statements)
    pairs, count = group_codes(statements, ["actor", "proposal"])
    where, dates = pd.factorize(statements["date"])
    starts = period_starts(pd.Series(dates), period).to_numpy()[where]
    grid = period_range(
        pd.Timestamp(start) if start else dates.min(), pd.Timestamp(end) if end else dates.max(), period
    ).to_numpy()
    periods = distinct(np.r_[grid, starts])
    column = np.searchsorted(periods, starts)
    spoke = pairs.astype(np.int64) * len(periods) + column  # a cell someone spoke in
    cells = distinct(spoke)
    statements_in = np.bincount(np.searchsorted(cells, spoke), minlength=len(cells))
    latest = latest_of(np.searchsorted(cells, spoke), len(cells), order)
    # Every pair gets every grid period from its first statement's on (and the periods it spoke in).
    first = np.full(count, len(periods), dtype=np.int64)
    np.minimum.at(first, pairs, column)
    grid_columns = np.searchsorted(periods, grid)
    spans = len(grid_columns) - np.searchsorted(grid_columns, first)
    offsets = np.arange(spans.sum()) - np.repeat(np.cumsum(spans) - spans, spans)
    spanned = (
        np.repeat(np.arange(count) * len(periods), spans) + grid_columns[np.repeat(len(grid) - spans, spans) + offsets]
    )
    every = distinct(np.r_[cells, spanned])
    said = np.zeros(len(every), dtype=bool)
    said[np.searchsorted(every, cells)] = True
    shown = np.maximum.accumulate(np.where(said, np.arange(len(every)), 0))  # the cell carried forward, or itself
    index_in_cells = np.searchsorted(cells, every[shown])
    out = pd.DataFrame(
        {
            "pair": every // len(periods),
            "period": periods[every % len(periods)],
            "source": latest[index_in_cells],
            "carried": ~said,
            "statements": np.where(said, statements_in[index_in_cells], 0),
        }
    )
    if end:
        out = out.loc[out["period"] <= pd.Timestamp(end)]
    return out, latest_of(pairs, count, order[::-1])


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
    cells, firsts = _actor_cells(statements, period, start, end)
    # Rows by country, actor and proposal (an actor speaks for one country), each in period order.
    keys = statements.iloc[firsts][["country", "actor", "proposal"]].reset_index(drop=True)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[keys.sort_values(["country", "actor", "proposal"], kind="stable").index.to_numpy()] = np.arange(len(keys))
    cells = cells.iloc[np.argsort(rank[cells["pair"].to_numpy()], kind="stable")]
    shown = statements.iloc[cells["source"].to_numpy()].reset_index(drop=True)
    pair = keys.iloc[cells["pair"].to_numpy()].reset_index(drop=True)
    columns = {"actor": pair["actor"], "country": shown["country"], "proposal": pair["proposal"]}
    columns |= {"period": cells["period"].reset_index(drop=True), "position": shown["position"]}
    columns |= {"carried": cells["carried"].reset_index(drop=True), "id": shown["id"], "date": shown["date"]}
    return pd.DataFrame(columns | {"statements": cells["statements"].reset_index(drop=True)})


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


@per_frame  # the country matrix and the balance by country of one frame share it
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
    pairs, count = group_codes(statements, ["actor", "proposal"])
    latest = statements.iloc[latest_of(pairs, count, chronological(statements))]
    cells = latest[["actor", "proposal", "country", "position", "id", "date"]].assign(
        statements=np.bincount(pairs, minlength=count)
    )
    return cells.sort_values(["country", "actor", "proposal"]).reset_index(drop=True)


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
        cells, _ = _actor_cells(statements, period, start, end)
        categories = list(POSITION_KEYS)
        actor, actors = group_codes(statements, ["actor"])
        position, held = pd.factorize(statements["position"])
        column, found = pd.factorize(cells["period"])
        source = cells["source"].to_numpy()
        # Each actor once per period and position, whatever the proposal.
        once = distinct((column * len(held) + position[source]) * actors + actor[source]) // actors
        counts = np.bincount(once, minlength=len(found) * len(held))
        counted = pd.Series(counts, index=pd.MultiIndex.from_product([found, held], names=["period", "position"]))
        periods = sorted(cells["period"].unique())
    full = pd.MultiIndex.from_product([periods, categories], names=["period", "position"])
    out = counted.reindex(full, fill_value=0).rename("count").reset_index()
    out["total"] = out.groupby("period")["count"].transform("sum")
    out["share"] = (100 * out["count"] / out["total"].where(out["total"] > 0)).fillna(0.0)
    return out[BALANCE_COLUMNS]
