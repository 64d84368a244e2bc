"""The frame around every chart: header (title and scope), legend, footer, and the assembled figure.

Every figure is a self-standing "sandwich", as OWID Grapher charts are: a header with the title
and the scope in words, the chart, and a footer naming the data behind it and the link back to
the view, so a screenshot or an exported slide always says what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from .geometry import Page, Plot, esc, plot_area
from .theme import FONT_FAMILY, INK, MUTED, TEMPLATE


@dataclass
class Body:
    """What a chart kind draws inside the header and footer."""

    plot: Plot
    traces: list = field(default_factory=list)
    xaxis: dict = field(default_factory=dict)
    yaxis: dict = field(default_factory=dict)
    shapes: list = field(default_factory=list)
    annotations: list = field(default_factory=list)
    layout: dict = field(default_factory=dict)


def _title(page: Page, height: int) -> dict:
    """Title and subtitle at the canvas' top left. Plotly anchors a multi-line title by its first
    line's baseline whatever ``yanchor`` says, so the baseline is placed explicitly (in pixels)."""
    baseline = page.pad + page.title_px * 0.95
    return dict(
        text="<br>".join(f"<b>{esc(line)}</b>" for line in page.title_lines),
        font=dict(size=page.title_px, color=INK),
        subtitle=dict(
            text="<br>".join(esc(line) for line in page.subtitle_lines), font=dict(size=page.font, color=MUTED)
        ),
        x=0,
        xref="container",
        xanchor="left",
        y=1 - baseline / height,
        yref="container",
        yanchor="bottom",
        pad=dict(l=page.pad, t=0, b=0),
        automargin=False,
    )


def _footer(page: Page, plot: Plot) -> dict:
    """Small grey lines at the canvas' bottom-left, placed in pixels from the plot's corner."""
    return dict(
        text="<br>".join(esc(row) for row in page.footer_rows),
        showarrow=False,
        align="left",
        xref="paper",
        x=0,
        xanchor="left",
        xshift=page.pad - plot.left,
        yref="paper",
        y=0,
        yanchor="top",
        yshift=-(plot.x_axis_height + page.font * 0.3),
        font=dict(size=page.small_px, color=MUTED),
    )


def _legend(page: Page, plot: Plot) -> dict:
    """A horizontal legend under the header. Above the plot and left of it (x < 0), Plotly lets it
    use the left margin's width too; on screen the margin's width in paper units is unknown."""
    x = (page.pad - plot.left) / plot.plot_width if plot.width else 0
    legend = dict(
        orientation="h",
        xref="paper",
        x=min(x, 0),
        xanchor="left",
        yref="paper",
        y=1 + (plot.top - plot.legend_top) / plot.plot_height,
        yanchor="top",
        font=dict(size=page.tick_px, color=INK),
        itemsizing="constant",
        traceorder="normal",
    )
    if plot.legend_title:
        legend["title"] = dict(
            text="<br>".join(esc(line) for line in plot.legend_title),
            side="top",
            font=dict(size=page.tick_px, color=INK),
        )
    return legend


def assemble(page: Page, body: Body) -> go.Figure:
    plot = body.plot
    layout = dict(
        template=TEMPLATE,
        height=plot.height,
        autosize=plot.width is None,
        margin=plot.margin,
        font=dict(family=FONT_FAMILY, size=page.tick_px, color=INK),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        title=_title(page, plot.height),
        legend=_legend(page, plot),
        showlegend=bool(body.traces),
        xaxis=body.xaxis,
        yaxis=body.yaxis,
        shapes=body.shapes,
        annotations=[*body.annotations, _footer(page, plot)],
        hovermode="closest",
        # Left-aligned even near the right edge (quotes read badly right-aligned), in a readable size.
        hoverlabel=dict(align="left", font=dict(family=FONT_FAMILY, size=max(13, round(page.font * 0.8)), color=INK)),
        **body.layout,
    )
    if plot.width:
        layout["width"] = plot.width
    # One plain dict, unchecked (see unchecked.py): Plotly's update_layout costs more than the chart.
    return go.Figure(data=body.traces, layout=layout, _validate=False)


def message(page: Page, text: str) -> Body:
    """A figure with only the header, a centred message and the footer."""
    plot = plot_area(page, rows=0, screen_plot_px=160, x_axis=False)
    hidden = dict(visible=False, showgrid=False)
    note = dict(
        text=esc(text),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        font=dict(size=round(page.font * 1.15), color=MUTED),
    )
    return Body(plot, xaxis=hidden, yaxis=hidden, annotations=[note])
