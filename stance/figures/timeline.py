"""Timeline: one lane per actor, a marker per statement, the position held as a band, a ring
at every change of position, key events and the since date as labelled lines."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import analysis, positions
from ..chart import ChartSpec
from ..codebook import POSITIONS
from ..dates import day_text
from ..model import Dataset
from .axes import actor_lanes, group_shading, lanes_span, row_axis, several_proposals, with_top_axis
from .events import event_labels, event_traces, on_date_axis
from .frame import Body
from .geometry import Page, esc, plot_area
from .marks import (
    HOLLOW_KEY,
    dodge,
    hollow_swatch,
    is_hollow,
    marker_px,
    marker_traces,
    present_positions,
    statement_hover,
)
from .theme import INK, LANE_LINE, MUTED

RING_KEY = "Ring: changed position"
STALE_OPACITY = 0.5
END_KEY = "End: left office"


def stale_key(months: int) -> str:
    return f"Dashed pale band: not restated for {months} months"


def _date_span(spec: ChartSpec, span: tuple[pd.Timestamp, pd.Timestamp]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shown range: the filter's dates where set, the statements' (``span``) otherwise."""
    start = pd.Timestamp(spec.filters.date_from) if spec.filters.date_from else span[0]
    end = pd.Timestamp(spec.filters.date_to) if spec.filters.date_to else span[1]
    return start, end


def left_office_days(statements: pd.DataFrame) -> pd.Series:
    """Per statement, the day its actor left office (NaT while in office; one day per actor)."""
    return positions.left_office(statements).groupby(statements["actor"]).transform("max")


def held_segments(statements: pd.DataFrame, end: pd.Timestamp, stale_months: int) -> pd.DataFrame:
    """Each statement's held position as a band: from the statement to the actor's next one (or
    ``end``), cut at the day the actor left office if it spoke before it; the part after
    ``stale_months`` without a new statement is stale.

    Columns: row, position, start, stop (end of the band), fresh_stop (end of its fresh part),
    cut (the band ends because the actor left office), last_heard.
    """
    s = statements.sort_values(["row", "date", "id"], kind="stable")
    until = s.groupby("row")["date"].shift(-1).fillna(end)
    left = left_office_days(s)
    cut = left.notna() & (s["date"] < left) & (left < until)
    stop = until.where(~cut, left)
    stop = stop.where(stop >= s["date"], s["date"])
    stale_from = s["date"] + pd.DateOffset(months=stale_months)
    fresh_stop = stop.where(stop <= stale_from, stale_from)
    return pd.DataFrame(
        {
            "row": s["row"],
            "position": s["position"],
            "start": s["date"],
            "stop": stop,
            "fresh_stop": fresh_stop,
            "cut": cut,
            "left_office": left,
            "actor": s["actor"],
        }
    )


def _band_trace(segments: pd.DataFrame, until: str, since: str, position, width: float, stale: bool) -> go.Scatter:
    xs: list = []
    ys: list = []
    for start, stop, row in zip(segments[since], segments[until], segments["row"], strict=True):
        xs += [start, stop, None]
        ys += [row, row, None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color=position.tint, width=width, dash="dash" if stale else "solid"),
        opacity=STALE_OPACITY if stale else 1.0,
        hoverinfo="skip",
        showlegend=False,
        name=f"{position.label} held" + (" (stale)" if stale else ""),
    )


def held_bands(segments: pd.DataFrame, width: float) -> list[go.Scatter]:
    """A pale band per held position; its stale part dashed and fainter, one trace per position and kind."""
    traces = []
    stale = segments.loc[segments["stop"] > segments["fresh_stop"]]
    for position in POSITIONS:
        fresh = segments.loc[segments["position"] == position.key]
        if not fresh.empty:
            traces.append(_band_trace(fresh, "fresh_stop", "start", position, width, stale=False))
        old = stale.loc[stale["position"] == position.key]
        if not old.empty:
            traces.append(_band_trace(old, "stop", "fresh_stop", position, width, stale=True))
    return traces


def _end_marks(segments: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, size: float) -> list[go.Scatter]:
    """A short vertical bar where a band ends because its actor left office."""
    ends = segments.loc[segments["cut"] & (segments["stop"] >= start) & (segments["stop"] <= end)]
    if ends.empty:
        return []
    return [
        go.Scatter(
            x=list(ends["stop"]),
            y=list(ends["row"]),
            mode="markers",
            marker=dict(symbol="line-ns", size=size * 1.3, line=dict(color=INK, width=max(2.0, size * 0.2))),
            hovertext=[
                f"<b>{esc(a)}</b><br>Left office on {esc(day_text(d))}<br>Last heard {esc(day_text(h))}"
                for a, d, h in zip(ends["actor"], ends["stop"], ends["start"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            name=END_KEY,
            legendrank=102,
        )
    ]


def _stale_swatch(months: int, width: float) -> go.Scatter:
    return go.Scatter(
        x=[None],
        y=[None],
        mode="lines",
        line=dict(color=MUTED, width=max(3.0, width * 0.5), dash="dash"),
        opacity=STALE_OPACITY,
        name=stale_key(months),
        legendrank=103,
        hoverinfo="skip",
    )


def _rings(points: pd.DataFrame, shift_ids: set) -> list[go.Scatter]:
    """One trace of dark open circles around the statements that changed the actor's position."""
    rings = points.loc[points["id"].isin(shift_ids)]
    if rings.empty:
        return []
    return [
        go.Scatter(
            x=list(rings["x"]),
            y=list(rings["y"]),
            mode="markers",
            marker=dict(symbol="circle-open", size=list(rings["size"] * 1.6), color=INK, line=dict(width=1.6)),
            hoverinfo="skip",
            name=RING_KEY,
            legendrank=101,
        )
    ]


def _dodged(points: pd.DataFrame, size: float, row_px: float, px_per_day: float) -> pd.DataFrame:
    """Points with y moved within their lane, and sizes, so no two markers of a lane overlap.

    Only lanes where two markers fall closer than a marker's width are worked on (:func:`dodge`)."""
    px = ((points["x"] - points["x"].min()).dt.total_seconds() / 86_400 * px_per_day).to_numpy()
    rows = points["y"].to_numpy()
    order = np.lexsort((px, rows))
    close = (np.diff(rows[order]) == 0) & (np.diff(px[order]) < size)
    y = rows.astype(float)
    sizes = np.full(len(points), float(size))
    for row in np.unique(rows[order][1:][close]):
        lane = order[rows[order] == row]
        offsets, marker_sizes = dodge(list(px[lane]), size, row_px * 0.5)
        y[lane] = row + np.array(offsets) / row_px
        sizes[lane] = marker_sizes
    return points.assign(y=y, size=sizes)


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    several = several_proposals(shown, page.lanes)
    lanes = actor_lanes(shown, by_proposal=several, countries=spec.filters.countries)
    key = ["actor", "proposal"] if several else ["actor"]
    s = analysis.ordered(shown).merge(lanes[[*key, "row"]], on=key, how="left")
    shifts = analysis.shifts(shown)
    start, end = _date_span(spec, lanes_span(s, page.lanes))
    segments = held_segments(s, end, spec.stale_months)
    has_stale = bool((segments["stop"] > segments["fresh_stop"]).any())
    has_ends = bool((segments["cut"] & (segments["stop"] >= start) & (segments["stop"] <= end)).any())
    positions = present_positions(s["position"])
    legend = [p.label for p in positions] + ([HOLLOW_KEY] if s["attribution"].map(is_hollow).any() else [])
    legend += [RING_KEY] if not shifts.empty else []
    legend += ([stale_key(spec.stale_months)] if has_stale else []) + ([END_KEY] if has_ends else [])
    area = partial(
        plot_area,
        page,
        rows=len(lanes),
        row_labels=lanes["label"],
        screen_row_px=28,
        legend_names=legend,
        top_axis=True,
    )
    plot, xaxis, marks = on_date_axis(dataset.events, spec.since, start, end, page, area)
    low, high = (pd.Timestamp(v) for v in xaxis["range"])
    size = marker_px(page, plot)
    titles = s["proposal"].map(dataset.proposal_title) if several else [""] * len(s)
    points = s.assign(
        x=s["date"],
        y=s["row"],
        hover=[statement_hover(r, title) for r, title in zip(s.itertuples(), titles, strict=True)],
    )
    points = _dodged(points, size, plot.row_px, plot.plot_width / max((high - low).days, 1))
    yaxis = row_axis(list(lanes["label"]), plot)
    yaxis.update(showgrid=True, gridcolor=LANE_LINE)
    band_width = max(3.0, min(plot.row_px * 0.42, size * 0.6))
    return with_top_axis(
        Body(
            plot,
            # Bands thinner than the markers, so a statement never drowns in its own band on a roomy slide.
            traces=(
                held_bands(segments, width=band_width)
                + event_traces(marks, len(lanes) - 0.5, -0.5, page)
                + _end_marks(segments, start, end, size)
                + marker_traces(points, size)
                + _rings(points, set(shifts["to_id"]))
                + hollow_swatch(points, page.tick_px)
                + ([_stale_swatch(spec.stale_months, band_width)] if has_stale else [])
            ),
            xaxis=xaxis,  # the plot's width, and so the ticks, are the same with the band of event labels
            yaxis=yaxis,
            shapes=group_shading(lanes["country"]),
            annotations=event_labels(marks, plot),
        )
    )
