"""Rows and axes shared by the chart kinds: actor lanes, row, date and category axes, group
shading and rules, and the repeat of the x axis above a tall plot."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .. import analysis
from ..codebook import country_name
from ..lanes import Lanes
from . import unchecked
from .frame import Body
from .geometry import CHAR_WIDTH, Page, Plot, esc
from .theme import AXIS_LINE, GRID, GROUP_SHADE, INK

MAX_LABEL_CHARS = 40


def lane_label(actor: str, country: str, proposal: str = "") -> str:
    """'Alex Morgan · United Kingdom': the actor (shortened if long) and its country's name."""
    name = actor if len(actor) <= MAX_LABEL_CHARS else actor[: MAX_LABEL_CHARS - 1] + "…"
    return f"{name} · {country_name(country)}" + (f" · {proposal}" if proposal else "")


def country_order(countries: pd.Series, chosen: tuple[str, ...] = ()) -> pd.Series:
    """A sort key: the chosen countries first, in the order they were chosen, then the rest by code."""
    rank = {code: n for n, code in enumerate(chosen)}
    return countries.map(lambda c: (rank.get(c, len(rank)), c))


def actor_lanes(statements: pd.DataFrame, by_proposal: bool, countries: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows in the order of analysis.actors (by country, then first statement), with labels.

    The countries in ``countries`` (the filter's, in the order chosen) come first, in that order;
    the others follow by code. One row per actor, or per actor and proposal when several
    proposals are shown.
    """
    lanes = analysis.actors(statements)[["actor", "country"]]
    if countries:
        lanes = lanes.assign(order=country_order(lanes["country"], countries))
        lanes = lanes.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)
    actors, homes = lanes["actor"].tolist(), lanes["country"].tolist()
    if by_proposal:
        spoken: dict[str, list[str]] = {}
        for actor, proposal in set(zip(statements["actor"].tolist(), statements["proposal"].tolist(), strict=True)):
            spoken.setdefault(actor, []).append(proposal)
        rows = [(a, c, p) for a, c in zip(actors, homes, strict=True) for p in sorted(spoken[a])]
    else:
        rows = [(a, c, "") for a, c in zip(actors, homes, strict=True)]
    return pd.DataFrame(
        {
            "actor": [a for a, _, _ in rows],
            "country": [c for _, c, _ in rows],
            "proposal": [p for _, _, p in rows],
            "label": [lane_label(a, c, p) for a, c, p in rows],
            "row": range(len(rows)),
        }
    )


def several_proposals(statements: pd.DataFrame, lanes: Lanes | None = None) -> bool:
    """Lanes per actor and proposal: several proposals are shown (on any page of the lanes, not just this one)."""
    return lanes.by_proposal if lanes is not None else statements["proposal"].nunique() > 1


def lanes_span(statements: pd.DataFrame, lanes: Lanes | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last date of the rows: of every page of the lanes, so paging keeps the same axis."""
    return lanes.span if lanes is not None and lanes.span else (statements["date"].min(), statements["date"].max())


def group_shading(groups: pd.Series) -> list[dict]:
    """Timeline: pale bands behind every other group of consecutive rows (a country's actors)."""
    numbers = groups.ne(groups.shift()).cumsum()
    shapes = []
    for number, rows in groups.groupby(numbers, sort=True):
        if number % 2 == 0:
            shapes.append(
                dict(
                    type="rect",
                    xref="x domain",
                    x0=0,
                    x1=1,
                    yref="y",
                    y0=rows.index.min() - 0.5,
                    y1=rows.index.max() + 0.5,
                    fillcolor=GROUP_SHADE,
                    line=dict(width=0),
                    layer="below",
                )
            )
    return shapes


def group_separators(groups: pd.Series) -> list[dict]:
    """Matrices: a grey rule between groups of rows (shading would read as a pale cell)."""
    firsts = groups.index[groups.ne(groups.shift())][1:]
    return [
        dict(
            type="line",
            xref="x domain",
            x0=0,
            x1=1,
            yref="y",
            y0=row - 0.5,
            y1=row - 0.5,
            line=dict(color=AXIS_LINE, width=1),
            layer="above",
        )
        for row in firsts
    ]


def row_axis(lanes_labels: list[str], plot: Plot) -> dict:
    """A y axis of rows, first row at the top, labelled in the row font."""
    n = len(lanes_labels)
    return dict(
        tickmode="array",
        tickvals=list(range(n)),
        ticktext=[esc(label) for label in lanes_labels],
        range=[n - 0.5, -0.5],
        showgrid=False,
        showline=False,
        ticks="",
        zeroline=False,
        ticklabelstandoff=round(plot.label_px * 0.4),
        tickfont=dict(size=plot.label_px, color=INK),
        fixedrange=True,
    )


def date_axis(start: pd.Timestamp, end: pd.Timestamp, page: Page, plot: Plot) -> dict:
    span = max(end - start, pd.Timedelta(days=1))
    pad = max(pd.Timedelta(days=3), span * 0.02)
    label_px = page.tick_px * CHAR_WIDTH * 9 + page.tick_px * 1.5
    return dict(
        type="date",
        range=[start - pad, end + pad],
        showgrid=True,
        gridcolor=GRID,
        showline=True,
        ticks="outside",
        nticks=max(2, int(plot.plot_width / label_px)),
        # d3 formats, applied by Plotly.js in the browser or Kaleido: not Python's strftime
        tickformatstops=[
            dict(dtickrange=[None, "M1"], value="%-d %b %Y"),
            dict(dtickrange=["M1", None], value="%b %Y"),
        ],
        tickfont=dict(size=page.tick_px, color=INK),
    )


DAY_MS, AVG_MONTH_MS, AVG_YEAR_MS = 86_400_000, 86_400_000 * 30.436875, 86_400_000 * 365.25


def auto_date_ticks(start: pd.Timestamp, end: pd.Timestamp, nticks: int) -> tuple[str | int, str]:
    """(dtick, tick0) as Plotly.js chooses them for a date axis with ``nticks`` over [start, end]
    (its autoTicks rounding), so an axis given them explicitly shows the same ticks."""

    def up(value: float, options: list[int]) -> int:
        return next((o for o in options if o >= value), options[-1])

    rough = (end - start).total_seconds() * 1000 / max(nticks, 1)
    if 2 * rough > AVG_YEAR_MS:
        years = rough / AVG_YEAR_MS
        base = 10 ** math.floor(math.log10(years))
        return f"M{round(12 * base * up(years / base, [2, 5, 10]))}", "2000-01-01"
    if 2 * rough > AVG_MONTH_MS:
        return f"M{up(rough / AVG_MONTH_MS, [1, 2, 3, 6, 12])}", "2000-01-01"
    return DAY_MS * up(rough / DAY_MS, [1, 2, 3, 7, 14]), "2000-01-02"  # weeks start on Sunday, as Plotly's


def top_axis(xaxis: dict) -> tuple[dict, go.Scatter]:
    """A copy of the x axis above the plot, for a reader at the top of a tall chart.

    Plotly draws an axis only with a trace on it: an empty one is added. Plotly.js mislabels an
    auto-ticked overlaying date axis (ticks on month ends, 'Feb 2025' where 'Mar 2025' belongs), so
    a date axis is given the ticks Plotly chooses for the axis below, explicitly. When zoomed on
    screen it keeps those ticks while the axis below adapts; it still follows the zoom's range.
    """
    top = {key: value for key, value in xaxis.items() if key not in ("nticks", "showgrid", "domain")}
    top.update(overlaying="x", matches="x", side="top", anchor="y", showgrid=False)
    first = xaxis["range"][0]
    if xaxis.get("type") == "date":
        start, end = (pd.Timestamp(v) for v in xaxis["range"])
        top["dtick"], top["tick0"] = auto_date_ticks(start, end, xaxis["nticks"])
        top["showline"], first = True, start
        del top["range"]
    anchor = unchecked.Scatter(
        x=[first], y=[None], xaxis="x2", mode="markers", hoverinfo="skip", showlegend=False, name="axis above"
    )
    return top, anchor


def category_axis(plot: Plot, page: Page, count: int) -> dict:
    ticks = plot.ticks
    if ticks is None:
        raise ValueError("a category axis needs the plot's tick labels: plot_area(..., x_labels=...)")
    return dict(
        tickmode="array",
        tickvals=ticks.values,
        ticktext=ticks.labels,
        tickangle=ticks.angle,
        range=[-0.5, count - 0.5],
        showgrid=False,
        showline=False,
        ticks="",
        zeroline=False,
        tickfont=dict(size=page.tick_px, color=INK),
        fixedrange=True,
    )


def with_top_axis(body: Body) -> Body:
    """The body, with its x axis repeated above the plot when the plot left room for it."""
    if body.plot.top_axis:
        xaxis2, anchor = top_axis(body.xaxis)
        body.traces.append(anchor)
        body.layout["xaxis2"] = xaxis2
    return body
