"""Key events (summits, meetings) and the "since" date as labelled vertical lines on a dated chart.

The timeline, shifts and balance charts share this: each says how a day maps to its x axis
(a date axis, or a column of periods), the helper keeps the events within the chart's date span,
places their labels in staggered rows above the plot so no two overlap at the chart's pixel
scale, and draws the lines as one scatter trace per kind of mark (events, the since date), with
a hover on each label and at the top of each line: label, date and source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date

import pandas as pd
import plotly.graph_objects as go

from ..dates import day_text
from . import unchecked
from .axes import date_axis
from .geometry import CHAR_WIDTH, LINE_HEIGHT, Page, Plot, esc, wrapped_html
from .theme import INK, MUTED

MAX_LABEL_CHARS = 28  # longer labels are shortened on the chart; the hover has them in full
MAX_LEVELS = 4  # rows of labels above the plot; a label that finds no room in them is left out
LABEL_GAP_PX = 6  # free pixels between two labels on one row
EVENT_LINE = "#8C8C8C"
SINCE_PREFIX = "since "


@dataclass(frozen=True)
class EventMarks:
    """The lines to draw and where their labels go (row 0 is the one nearest the plot)."""

    days: list[pd.Timestamp]
    x: list  # positions on the chart's x axis
    labels: list[str]  # plain text, shortened to fit
    hovers: list[str]  # HTML, escaped
    since: list[bool]  # the spec's since date (True) or a key event
    levels: list[int | None]  # None: no room for the label (the line and its hover stay)
    anchors: list[str]  # "left": the label starts at the line; "right": it ends there
    font_px: float

    @property
    def rows(self) -> int:
        return max((level + 1 for level in self.levels if level is not None), default=0)

    @property
    def band_px(self) -> float:
        """Room the labels need above the plot."""
        return self.rows * self.font_px * LINE_HEIGHT + (self.font_px * 0.4 if self.rows else 0)

    def __bool__(self) -> bool:
        return bool(self.days)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _event_hover(day: pd.Timestamp, label: str, url: str, note: str = "") -> str:
    lines = [f"<b>{esc(label)}</b>", f"Key event · {esc(day_text(day))}"]
    if note:
        lines.append(wrapped_html(note))
    if url:
        lines.append(f"Source: {wrapped_html(url)}")
    return "<br>".join(lines)


def label_px(text: str, font_px: float) -> float:
    """Estimated width of a label in pixels."""
    return len(text) * CHAR_WIDTH * font_px


def event_marks(
    events: pd.DataFrame,
    since: Date | None,
    start: pd.Timestamp,
    end: pd.Timestamp,
    x_of: Callable[[pd.Timestamp], object],
    fraction_of: Callable[[pd.Timestamp], float],
    page: Page,
    plot_width: float,
) -> EventMarks:
    """The events dated within [start, end] (and the since date, when set and within it).

    ``x_of`` maps a day to the x axis; ``fraction_of`` to where it falls across the plot (0 to 1),
    from which the labels are placed in rows: each on the lowest row where it overlaps no other.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    rows = []  # (day, since?, label, hover)
    if events is not None and not events.empty:
        within = events.loc[(events["date"] >= start) & (events["date"] <= end)]
        notes = within["note"] if "note" in within else pd.Series("", index=within.index)
        for day, label, url, note in zip(within["date"], within["label"], within["url"], notes, strict=True):
            hover = _event_hover(pd.Timestamp(day), str(label), str(url), "" if pd.isna(note) else str(note))
            rows.append((pd.Timestamp(day), False, str(label), hover))
    if since is not None and start <= pd.Timestamp(since) <= end:
        day = pd.Timestamp(since)
        text = f"{SINCE_PREFIX}{day_text(day)}"
        rows.append((day, True, text, f"<b>{esc(text)}</b><br>The view's “since” date"))
    rows.sort(key=lambda r: (r[0], r[1]))
    font_px = max(9.0, round(page.tick_px * 0.9))
    levels: list[int | None] = []
    anchors: list[str] = []
    ends: list[float] = []  # per row, the right end of its last label (pixels)
    for day, _since, label, _hover in rows:
        x = fraction_of(day) * plot_width
        width = label_px(_short(label), font_px) + 4
        anchor = "left" if x + width <= plot_width + page.pad else "right"
        left = x if anchor == "left" else x - width
        level = next((n for n, right in enumerate(ends) if right + LABEL_GAP_PX <= left), None)
        if level is None and len(ends) < MAX_LEVELS:
            level = len(ends)
            ends.append(float("-inf"))
        if level is not None:
            ends[level] = left + width
        levels.append(level)
        anchors.append(anchor)
    return EventMarks(
        days=[r[0] for r in rows],
        x=[x_of(r[0]) for r in rows],
        labels=[_short(r[2]) for r in rows],
        hovers=[r[3] for r in rows],
        since=[r[1] for r in rows],
        levels=levels,
        anchors=anchors,
        font_px=font_px,
    )


def event_traces(marks: EventMarks, y_low: float, y_high: float, page: Page) -> list[go.Scatter]:
    """One trace of dotted grey lines for the events, one dashed dark line for the since date,
    and one trace of small hover handles at the top of the lines (``y_high``: the top of the plot)."""
    traces = []
    for since, colour, dash, width in ((False, EVENT_LINE, "dot", 1.5), (True, INK, "dash", 2.0)):
        xs: list = []
        ys: list = []
        for x, is_since in zip(marks.x, marks.since, strict=True):
            if is_since == since:
                xs += [x, x, None]
                ys += [y_low, y_high, None]
        if xs:
            traces.append(
                unchecked.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=colour, width=max(width, page.font * 0.1), dash=dash),
                    hoverinfo="skip",
                    showlegend=False,
                    name="since date" if since else "key events",
                )
            )
    if marks:
        traces.append(
            unchecked.Scatter(
                x=list(marks.x),
                y=[y_high] * len(marks.x),
                mode="markers",
                marker=dict(
                    symbol="triangle-down",
                    size=max(7.0, page.font * 0.55),
                    color=[INK if s else EVENT_LINE for s in marks.since],
                ),
                cliponaxis=False,
                hovertext=list(marks.hovers),
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
                name="event labels",
            )
        )
    return traces


def event_labels(marks: EventMarks, plot: Plot) -> list[dict]:
    """The labels, in rows above the plot (and above its repeated top axis, when it has one)."""
    base = plot.x_axis_height if plot.top_axis else 0
    notes = []
    for x, label, hover, since, level, anchor in zip(
        marks.x, marks.labels, marks.hovers, marks.since, marks.levels, marks.anchors, strict=True
    ):
        if level is None:
            continue
        notes.append(
            dict(
                text=f"<b>{esc(label)}</b>" if since else esc(label),
                hovertext=hover,
                showarrow=False,
                xref="x",
                x=x,
                xanchor=anchor,
                xshift=2 if anchor == "left" else -2,
                yref="paper",
                y=1,
                yanchor="bottom",
                yshift=base + level * marks.font_px * LINE_HEIGHT + marks.font_px * 0.2,
                font=dict(size=marks.font_px, color=INK if since else MUTED),
                name="event label",
            )
        )
    return notes


def no_marks() -> EventMarks:
    return EventMarks([], [], [], [], [], [], [], 0)


def on_date_axis(events: pd.DataFrame, since: Date | None, start, end, page: Page, area: Callable[..., Plot]):
    """A date axis from ``start`` to ``end`` with the events and since line on it: the plot area (taller at the
    top when there are event labels; same width, so the same ticks), the x axis and the marks."""
    plot = area()
    xaxis = date_axis(start, end, page, plot)
    low, high = (pd.Timestamp(v) for v in xaxis["range"])
    marks = event_marks(
        events, since, start, end, lambda d: d, lambda d: (d - low) / (high - low), page, plot.plot_width
    )
    if marks.band_px:
        plot = area(top_band=marks.band_px)
    return plot, xaxis, marks
