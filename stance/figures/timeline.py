"""Timeline: one lane per actor, a marker per statement, the position held as a band, a ring
at every change of position."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import analysis
from ..chart import ChartSpec
from ..codebook import POSITIONS
from ..model import Dataset
from .axes import actor_lanes, date_axis, group_shading, row_axis, several_proposals, with_top_axis
from .frame import Body
from .geometry import Page, plot_area
from .marks import HOLLOW_KEY, hollow_swatch, is_hollow, marker_px, marker_traces, present_positions, statement_hover
from .theme import INK, LANE_LINE

RING_KEY = "Ring: changed position"


def _date_span(spec: ChartSpec, statements: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shown range: the filter's dates where set, the statements' otherwise."""
    start = pd.Timestamp(spec.filters.date_from) if spec.filters.date_from else statements["date"].min()
    end = pd.Timestamp(spec.filters.date_to) if spec.filters.date_to else statements["date"].max()
    return start, end


def _held_bands(statements: pd.DataFrame, end: pd.Timestamp, width: float) -> list[go.Scatter]:
    """A pale band per held position, from each statement to the actor's next one (or the end)."""
    s = statements.sort_values(["row", "date", "id"], kind="stable")
    until = s.groupby("row")["date"].shift(-1).fillna(end)
    traces = []
    for position in POSITIONS:
        mask = s["position"] == position.key
        if not mask.any():
            continue
        xs, ys = [], []
        for start, stop, row in zip(s.loc[mask, "date"], until[mask], s.loc[mask, "row"], strict=True):
            xs += [start, max(stop, start), None]
            ys += [row, row, None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=position.tint, width=width),
                hoverinfo="skip",
                showlegend=False,
                name=f"{position.label} held",
            )
        )
    return traces


def _shift_rings(shifts: pd.DataFrame, rows: dict, radius: float) -> list[dict]:
    """A dark ring, fixed in pixels, around each statement that changed the actor's position."""
    rings = []
    for number, shift in enumerate(shifts.to_dict("records")):
        rings.append(
            dict(
                type="circle",
                xref="x",
                yref="y",
                xsizemode="pixel",
                ysizemode="pixel",
                xanchor=shift["to_date"].isoformat(),
                yanchor=rows[(shift["actor"], shift["proposal"])],
                x0=-radius,
                x1=radius,
                y0=-radius,
                y1=radius,
                line=dict(color=INK, width=1.6),
                layer="above",
                name=RING_KEY,
                showlegend=number == 0,
                legendrank=101,
            )
        )
    return rings


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    several = several_proposals(shown)
    lanes = actor_lanes(shown, by_proposal=several)
    key = ["actor", "proposal"] if several else ["actor"]
    s = analysis.ordered(shown).merge(lanes[[*key, "row"]], on=key, how="left")
    shifts = analysis.shifts(shown)
    positions = present_positions(s["position"])
    legend = [p.label for p in positions] + ([HOLLOW_KEY] if s["attribution"].map(is_hollow).any() else [])
    legend += [RING_KEY] if not shifts.empty else []
    plot = plot_area(
        page, rows=len(lanes), row_labels=lanes["label"], screen_row_px=28, legend_names=legend, top_axis=True
    )
    size = marker_px(page, plot)
    titles = s["proposal"].map(dataset.proposal_title) if several else [""] * len(s)
    points = s.assign(
        x=s["date"],
        y=s["row"],
        hover=[statement_hover(r, title) for r, title in zip(s.itertuples(), titles, strict=True)],
    )
    start, end = _date_span(spec, s)
    rows = dict(zip(zip(lanes["actor"], lanes["proposal"], strict=True), lanes["row"], strict=True))
    if not several:
        shifts = shifts.assign(proposal="")
    yaxis = row_axis(list(lanes["label"]), plot)
    yaxis.update(showgrid=True, gridcolor=LANE_LINE)
    return with_top_axis(
        Body(
            plot,
            # Bands thinner than the markers, so a statement never drowns in its own band on a roomy slide.
            traces=(
                _held_bands(s, end, width=max(3.0, min(plot.row_px * 0.42, size * 0.6)))
                + marker_traces(points, size)
                + hollow_swatch(points, page.tick_px)
            ),
            xaxis=date_axis(start, end, page, plot),
            yaxis=yaxis,
            shapes=group_shading(lanes["country"]) + _shift_rings(shifts, rows, radius=size * 0.8),
        )
    )
