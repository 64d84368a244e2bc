"""Balance: stacked bars counting the actors holding each position per period."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import analysis
from ..chart import ChartSpec
from ..model import Dataset
from ..text import plural
from .axes import category_axis
from .frame import Body
from .geometry import CHAR_WIDTH, Page, esc, plot_area
from .marks import present_positions
from .theme import FONT_FAMILY, GRID, INK

MIN_BAR_TEXT_PX = 11  # segment labels are this size at least, or left out
BAR_GAP = 0.18


def _balance_text(glyph: str, count: int, mode: str) -> str:
    """A segment's label: 'S 23' (the letter bold, so 'O 8' never reads as 80), 'S', or nothing."""
    if not count or mode == "none":
        return ""
    return f"<b>{esc(glyph)}</b> {count}" if mode == "full" else f"<b>{esc(glyph)}</b>"


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    """Stacked bars of actors per position. In greyscale the positions stay apart by their fixed
    stacking order, white separators, and each large enough segment's letter (as in the legend and
    the matrices). No ``marker.pattern`` hatching: Chromium prints SVG patterns into PDF as
    rasterised tiles (a 13 MB, 6-24 s PDF for one chart)."""
    filters = spec.filters
    counts = analysis.balance(shown, spec.period, filters.date_from, filters.date_to)
    periods = sorted(counts["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    columns = {p: i for i, p in enumerate(periods)}
    positions = present_positions(shown["position"])
    plot = plot_area(
        page,
        rows=0,
        screen_plot_px=380,
        row_labels=["000"],
        y_title=True,  # counts: 3 digits
        legend_names=[f"{p.label} ({p.glyph})" for p in positions],
        x_labels=labels,
        period_labels=True,
    )
    bar_text_px = max(MIN_BAR_TEXT_PX, round(page.tick_px * 0.9))
    bar_px = plot.plot_width / max(len(periods), 1) * (1 - BAR_GAP)
    digits = len(str(int(counts["actors"].max()))) if not counts.empty else 1
    if bar_px >= ((digits + 2) * CHAR_WIDTH + 0.6) * bar_text_px:
        mode = "full"
    elif bar_px >= 0.8 * bar_text_px + 6:  # a bold capital, and Plotly's 3 px text padding each side
        mode = "letter"
    else:
        mode = "none"
    tallest = int(counts.groupby("period")["actors"].sum().max()) if not counts.empty else 1
    traces = []
    for position in positions:
        rows = counts.loc[counts["position"] == position.key]
        traces.append(
            go.Bar(
                x=list(rows["period"].map(columns)),
                y=list(rows["actors"]),
                name=f"{position.label} ({position.glyph})",
                legendrank=position.rank,
                marker=dict(color=position.colour, line=dict(color="#FFFFFF", width=max(1.5, page.font * 0.1))),
                text=[_balance_text(position.glyph, n, mode) for n in rows["actors"]],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont=dict(color=INK, size=bar_text_px, family=FONT_FAMILY),
                hovertext=[
                    f"<b>{esc(labels[columns[p]])}</b><br>{esc(position.label)}: "
                    f"{plural(a, 'actor')} from {plural(c, 'country', 'countries')}"
                    for p, a, c in zip(rows["period"], rows["actors"], rows["countries"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    yaxis = dict(
        title=dict(text="Actors holding the position", font=dict(size=page.tick_px, color=INK)),
        showgrid=True,
        gridcolor=GRID,
        showline=False,
        ticks="",
        range=[0, max(tallest, 1) * 1.08],  # headroom: the tallest bar does not touch the top
        tickfont=dict(size=page.tick_px, color=INK),
        fixedrange=True,
    )
    if tallest <= 5:
        yaxis["dtick"] = 1  # whole actors, not 0.5
    return Body(
        plot,
        traces=traces,
        xaxis=category_axis(plot, page, len(periods)),
        yaxis=yaxis,
        layout=dict(barmode="stack", bargap=BAR_GAP, uniformtext=dict(mode="hide", minsize=bar_text_px)),
    )  # a label fits or is left out
