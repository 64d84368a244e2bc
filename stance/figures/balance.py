"""Balance: stacked bars counting the actors holding each position per period, or the countries
by their government's position; as counts or as shares of each bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from .. import analysis, positions
from ..chart import ChartSpec
from ..codebook import POSITIONS
from ..model import Dataset
from ..text import plural
from . import unchecked
from .axes import category_axis
from .events import event_labels, event_marks, event_traces, no_marks
from .frame import Body
from .geometry import CHAR_WIDTH, Page, esc, plot_area
from .theme import FONT_FAMILY, GRID, INK, MIXED_COLOUR, MUTED

MIN_BAR_TEXT_PX = 11  # segment labels are this size at least, or left out
BAR_GAP = 0.18


def _balance_text(glyph: str, count: int, mode: str, value: str) -> str:
    """A segment's label: 'S 23' or 'S 40%' (the letter bold, so 'O 8' never reads as 80), 'S', or nothing."""
    if not count or mode == "none":
        return ""
    return f"<b>{esc(glyph)}</b> {value}" if mode == "full" else f"<b>{esc(glyph)}</b>"


SPLIT_LABEL, SPLIT_GLYPH = "Split government", "Sp"
SHARE_HEADROOM = 1.12  # room above 100% for the totals


@dataclass(frozen=True)
class Category:
    """A stacked category: a position, or (by country) a split government."""

    key: str
    label: str
    glyph: str
    colour: str
    rank: int

    @property
    def name(self) -> str:
        return f"{self.label} ({self.glyph})"


def categories(by: str) -> list[Category]:
    cats = [Category(p.key, p.label, p.glyph, p.colour, p.rank) for p in POSITIONS]
    if by == "country":
        cats.append(Category(positions.SPLIT, SPLIT_LABEL, SPLIT_GLYPH, MIXED_COLOUR, len(POSITIONS)))
    return cats


def y_title(by: str, share: bool) -> str:
    """What the bars count, for the y axis."""
    if by == "country":
        return "Share of countries (%), by government position" if share else "Countries, by government position"
    return "Share of actors holding each position (%)" if share else "Actors holding the position"


def _unit(by: str, n: int) -> str:
    return plural(n, "country", "countries") if by == "country" else plural(n, "actor")


def _period_x(periods: list, period: str) -> tuple[Callable[[pd.Timestamp], float], pd.Timestamp, pd.Timestamp]:
    """Where a day falls on the axis of period columns (column i spans i - 0.5 to i + 0.5), and the span."""
    starts = pd.DatetimeIndex([pd.Timestamp(p) for p in periods])
    ends = pd.DatetimeIndex(analysis.period_end(starts, period))

    def x_of(day: pd.Timestamp) -> float:
        i = max(0, min(len(starts) - 1, int(starts.searchsorted(day, side="right")) - 1))
        return i - 0.5 + (day - starts[i]) / (ends[i] - starts[i] + pd.Timedelta(days=1))

    return x_of, starts[0], ends[-1]


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    """Stacked bars of actors (or countries, by their government's position) per position, as
    counts or shares. In greyscale the positions stay apart by their fixed stacking order, white
    separators, and each large enough segment's letter (as in the legend and the matrices). No
    ``marker.pattern`` hatching: Chromium prints SVG patterns into PDF as rasterised tiles (a
    13 MB, 6-24 s PDF for one chart)."""
    filters = spec.filters
    by = "country" if spec.by == "country" else "actor"
    counts = analysis.balance(shown, spec.period, filters.date_from, filters.date_to, by=by)
    periods = sorted(counts["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    columns = {p: i for i, p in enumerate(periods)}
    held = counts.groupby("position")["count"].sum()
    shown_categories = [c for c in categories(by) if held.get(c.key, 0) > 0]
    totals = counts.groupby("period")["total"].first().reindex(periods).fillna(0).astype(int)
    area = partial(
        plot_area,
        page,
        rows=0,
        screen_plot_px=380,
        row_labels=["100%" if spec.share else "000"],
        y_title=True,
        legend_names=[c.name for c in shown_categories],
        x_labels=labels,
        period_labels=True,
    )
    plot = area()
    marks = no_marks()
    if periods:
        x_of, first_day, last_day = _period_x(periods, spec.period)
        marks = event_marks(
            dataset.events,
            spec.since,
            first_day,
            last_day,
            x_of,
            lambda d: (x_of(d) + 0.5) / len(periods),
            page,
            plot.plot_width,
        )
    if marks.band_px:
        plot = area(top_band=marks.band_px)
    bar_text_px = max(MIN_BAR_TEXT_PX, round(page.tick_px * 0.9))
    bar_px = plot.plot_width / max(len(periods), 1) * (1 - BAR_GAP)
    values = counts["share"].round().astype(int) if spec.share else counts["count"]
    widest = max((len(f"{v}%" if spec.share else str(v)) for v in values), default=1)
    glyph_chars = max((len(c.glyph) for c in shown_categories), default=1)
    if bar_px >= ((widest + glyph_chars + 1) * CHAR_WIDTH + 0.6) * bar_text_px:
        mode = "full"
    elif bar_px >= 0.8 * glyph_chars * bar_text_px + 6:  # bold capitals, and Plotly's 3 px text padding each side
        mode = "letter"
    else:
        mode = "none"
    tallest = int(totals.max()) if len(totals) else 1
    traces = []
    for category in shown_categories:
        rows = counts.loc[counts["position"] == category.key]
        shares = [round(v) for v in rows["share"]]
        traces.append(
            unchecked.Bar(
                x=list(rows["period"].map(columns)),
                y=list(rows["share"] if spec.share else rows["count"]),
                name=category.name,
                legendrank=category.rank,
                marker=dict(color=category.colour, line=dict(color="#FFFFFF", width=max(1.5, page.font * 0.1))),
                text=[
                    _balance_text(category.glyph, n, mode, f"{pct}%" if spec.share else str(n))
                    for n, pct in zip(rows["count"], shares, strict=True)
                ],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont=dict(color=INK, size=bar_text_px, family=FONT_FAMILY),
                hovertext=[
                    f"<b>{esc(labels[columns[p]])}</b><br>{esc(category.label)}: {_unit(by, n)} of {t} ({pct:.0f}%)"
                    for p, n, t, pct in zip(rows["period"], rows["count"], rows["total"], rows["share"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if spec.share and periods:
        traces.append(
            unchecked.Scatter(
                x=list(range(len(periods))),
                y=[100.0] * len(periods),
                mode="text",
                text=[f"n={n}" if n else "" for n in totals],
                textposition="top center",
                textfont=dict(color=MUTED, size=bar_text_px, family=FONT_FAMILY),
                cliponaxis=False,
                hoverinfo="skip",
                showlegend=False,
                name="totals",
            )
        )
    top = 100 * SHARE_HEADROOM if spec.share else max(tallest, 1) * 1.08  # headroom: bars do not touch the top
    yaxis = dict(
        title=dict(text=esc(y_title(by, spec.share)), font=dict(size=page.tick_px, color=INK)),
        showgrid=True,
        gridcolor=GRID,
        showline=False,
        ticks="",
        range=[0, top],
        tickfont=dict(size=page.tick_px, color=INK),
        fixedrange=True,
    )
    if spec.share:
        yaxis.update(tickmode="array", tickvals=[0, 25, 50, 75, 100], ticktext=["0%", "25%", "50%", "75%", "100%"])
    elif tallest <= 5:
        yaxis["dtick"] = 1  # whole actors, not 0.5
    return Body(
        plot,
        traces=traces + event_traces(marks, 0, top, page),
        xaxis=category_axis(plot, page, len(periods)),
        yaxis=yaxis,
        annotations=event_labels(marks, plot),
        layout=dict(barmode="stack", bargap=BAR_GAP, uniformtext=dict(mode="hide", minsize=bar_text_px)),
    )  # a label fits or is left out
