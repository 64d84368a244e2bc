"""Lane caps: which actor rows a chart draws, and what it says about the others.

A chart with one row per actor (a lane on the timeline, a row of a matrix or table) draws at
most a page of rows: as many as read at the chart's size (``Size.lanes``: 40 on screen, fewer
on a slide). The rows are ranked (:data:`RANKS`), the page picks the n-th run of them, and the
chart says how many it leaves out (:attr:`Lanes.note`). Search is the actor filter
(``Filters.actor``: part of a name or role), applied before ranking like every filter.

Rows are actors, or an actor on a proposal when a chart splits lanes by proposal and several
proposals are shown (:attr:`Lanes.by_proposal`: drawers label lanes with the proposal then, even
when a page happens to hold only one). An actor's lanes stay together on one page order. The
shifts chart pages its rows (one per change of position) by the same ranking; its page of shifts
rides along in :attr:`Lanes.shifts`.

When nothing is left out the chart draws exactly what it drew before there were caps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import analysis
from .codebook import ACTOR_TYPES, INSTITUTION_TYPE
from .kinds import KINDS
from .model import column_codes, group_codes, spoke_as

RANKS: dict[str, str] = {
    "latest": "latest activity",
    "shifts": "most shifts",
    "seniority": "most senior capacity",
    "name": "name",
}
DEFAULT_RANK = "latest"

# "Most senior capacity": government types by their seniority (head, minister, official), then an
# institution's voice, then the other types in the codebook's order, anonymous sources last.
_OTHERS = sorted(
    (t for t in ACTOR_TYPES if not t.government), key=lambda t: (t.key != INSTITUTION_TYPE, t.key == "anonymous")
)
SENIORITY_ORDER: dict[str, int] = {
    t.key: n
    for n, t in enumerate(sorted((t for t in ACTOR_TYPES if t.government), key=lambda t: t.seniority) + _OTHERS)
}


@dataclass(frozen=True)
class Lanes:
    """One page of a chart's rows, and how it sits among all of them."""

    unit: str  # "actor", "lane" (an actor on a proposal) or "shift"
    first: int  # 1-based rank of the first row shown
    shown: int
    total: int  # rows after the filters
    rank: str
    page: int
    pages: int
    actor_filter: str = ""  # the filter's text, for the note
    by_proposal: bool = False  # lanes are per actor and proposal: label them with the proposal
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None  # first and last date of all rows: every page's axis
    shifts: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    @property
    def left_out(self) -> int:
        return self.total - self.shown

    @property
    def note(self) -> str:
        """'Showing 40 of 946 actors (41–80, page 2 of 24), ranked by latest activity. Others: pages 1
        and 3–24, another ranking, or the actor filter.' Empty when nothing is left out."""
        if not self.left_out:
            return ""
        noun = {"actor": "actors", "lane": "actor-proposal lanes", "shift": "shifts"}[self.unit]
        last = self.first + self.shown - 1
        matching = f" matching “{self.actor_filter.strip()}”" if self.actor_filter.strip() else ""
        other_pages = [run for run in ((1, self.page - 1), (self.page + 1, self.pages)) if run[0] <= run[1]]
        pages = " and ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in other_pages)
        return (
            f"Showing {self.shown:,} of {self.total:,} {noun}{matching} ({self.first:,}–{last:,}, page {self.page} "
            f"of {self.pages}), ranked by {RANKS[self.rank]}. "
            f"Others: {'page' if pages.isdigit() else 'pages'} {pages}, another ranking, or the actor filter."
        )


def rank_actors(statements: pd.DataFrame, rank: str = DEFAULT_RANK) -> list[str]:
    """The actors of ``statements``, best first by ``rank`` (one of :data:`RANKS`).

    latest: most recent statement first; shifts: most changes of position first; seniority: the
    most senior capacity an actor spoke in (head of government first); name: alphabetical. Ties go
    to the more recent, then by name.
    """
    if rank not in RANKS:
        raise ValueError(f"unknown ranking {rank!r}; use one of {', '.join(RANKS)}")
    if statements.empty:
        return []
    codes, names = column_codes(statements, "actor")
    latest = pd.Series(statements["date"].to_numpy()).groupby(codes).max()  # on numbers, not a million strings
    table = pd.DataFrame({"latest": latest.to_numpy()}, index=names[latest.index.to_numpy()])
    table["name"] = table.index.str.casefold()
    table["actor"] = table.index
    keys, ascending = ["name", "actor"], [True, True]
    if rank != "name":
        keys, ascending = ["latest", *keys], [False, *ascending]
    if rank == "shifts":
        table["shifts"] = analysis.shift_counts(statements)
        keys, ascending = ["shifts", *keys], [False, *ascending]
    elif rank == "seniority":
        table["seniority"] = spoke_as(statements).map(SENIORITY_ORDER).groupby(statements["actor"]).min()
        keys, ascending = ["seniority", *keys], [True, *ascending]
    return table.sort_values(keys, ascending=ascending)["actor"].tolist()


def _places(statements: pd.DataFrame, rank: str) -> pd.Series:
    """Actor -> its place in the ranking (0 comes first)."""
    ranked = rank_actors(statements, rank)
    return pd.Series(range(len(ranked)), index=ranked)


def _span(statements: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    return statements["date"].min(), statements["date"].max()


def _page_of(total: int, page: int, size: int) -> tuple[int, int, int]:
    """(page, pages, first index) for a requested 1-based page, clamped to the last page."""
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    return page, pages, (page - 1) * size


def has_actor_rows(spec) -> bool:
    kind = KINDS[spec.kind]
    return kind.actor_rows and (not kind.takes_by or spec.by == "actor")


def lanes_for(spec, shown: pd.DataFrame) -> tuple[pd.DataFrame, Lanes | None]:
    """The statements a chart draws from, narrowed to its page of rows, and that page's Lanes.

    None (and ``shown`` unchanged) for charts without actor rows: they summarise every country.
    """
    if KINDS[spec.kind].shift_rows:
        return shown, _shift_lanes(spec, shown)
    if not has_actor_rows(spec) or shown.empty:
        return shown, None
    size = spec.lanes_per_page
    place = _places(shown, spec.rank)
    by_proposal = KINDS[spec.kind].lanes_by_proposal and shown["proposal"].nunique() > 1
    if by_proposal:
        pair, count = group_codes(shown, ["actor", "proposal"])
        first = np.flatnonzero(~pd.Series(pair).duplicated().to_numpy())  # codes number pairs as they first appear
        pairs = shown[["actor", "proposal"]].iloc[first].assign(code=np.arange(count))
        pairs = pairs.assign(place=pairs["actor"].map(place)).sort_values(["place", "proposal"])
        page, pages, start = _page_of(count, spec.page, size)
        keep = np.isin(pair, pairs["code"].to_numpy()[start : start + size])
        total, chosen = count, min(size, count - start)
        unit = "lane"
    else:
        page, pages, start = _page_of(len(place), spec.page, size)
        keep = shown["actor"].isin(place.index[start : start + size]).to_numpy()
        total, chosen, unit = len(place), min(size, len(place) - start), "actor"
    lanes = Lanes(unit, start + 1, chosen, total, spec.rank, page, pages, spec.filters.actor, by_proposal, _span(shown))
    return (shown if chosen == total else shown.loc[keep]), lanes


def _shift_lanes(spec, shown: pd.DataFrame) -> Lanes:
    """The shifts chart's page: its rows ranked by their actor (latest: most recent shift first)."""
    earlier, later = analysis.changes(shown, spec.since)
    total, size = len(later), spec.lanes_per_page
    page, pages, start = _page_of(total, spec.page, size)
    if total > size:
        moves = pd.DataFrame(
            {"to_date": shown["date"].to_numpy()[later], "to_id": shown["id"].to_numpy()[later]}
        ).assign(actor=shown["actor"].to_numpy()[later])
        if spec.rank == "latest":
            order = moves.sort_values(["to_date", "to_id"], ascending=False)
        else:
            order = moves.assign(place=moves["actor"].map(_places(shown, spec.rank))).sort_values(
                ["place", "to_date", "to_id"], ascending=[True, False, False]
            )
        chosen = np.sort(order.index.to_numpy()[start : start + size])
        earlier, later = earlier[chosen], later[chosen]
    shifts = analysis.shifts(shown, spec.since, places=(earlier, later))
    return Lanes(
        "shift",
        start + 1,
        len(shifts),
        total,
        spec.rank,
        page,
        pages,
        spec.filters.actor,
        span=_span(shown),
        shifts=shifts,
    )


@dataclass(frozen=True, eq=False)
class Selection:
    """What a chart of a spec draws from: every statement its filters select, those on its page of
    rows, and that page (None for charts without actor rows). Computed once, shared by the figure
    and its text alternative."""

    shown: pd.DataFrame
    drawn: pd.DataFrame
    lanes: Lanes | None


def select(spec, statements: pd.DataFrame) -> Selection:
    shown = spec.filters.apply(statements)
    return Selection(shown, *lanes_for(spec, shown))
