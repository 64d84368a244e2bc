"""The look of every figure: fonts, colours and the Plotly template.

Figures never depend on Plotly's default template (``import streamlit`` replaces it with
placeholder colours): the template and every colour are set here, from the codebook. The style is
light and print-friendly whatever the app's theme.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..codebook import POSITIONS

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"

# Colours for everything that is not a position: light and print-friendly.
INK = "#1F1F1F"
MUTED = "#5C5C5C"
GRID = "#E3E3E3"
LANE_LINE = "#EDEDED"
AXIS_LINE = "#A6A6A6"
GROUP_SHADE = "#F3F3F3"  # every other country's group of lanes
SEGMENT = "#8C8C8C"  # shifts: the line from the old position to the new one
MIXED_COLOUR = "#999999"  # balance by country: a split government
NONE_COLOUR = "#F2F2F2"  # country matrix: no government statement
PALE_SWATCH = "#E6E6E6"  # legend key for "pale = carried forward"
STALE_SWATCH = "#F5F5F5"  # legend key for "paler still = stale"
CARRIED_TEXT = "#4A4A4A"  # carried-forward cell letters: darker than MUTED, lighter than bold INK
STALE_TEXT = "#858585"  # stale cell letters: lighter again


def paler(colour: str, amount: float = 0.62) -> str:
    """``colour`` mixed with white: ``amount`` of the way to white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def _template() -> go.layout.Template:
    """White paper, grey grid, dark text: reads on screen, on a projector and in print."""
    axis = dict(
        gridcolor=GRID,
        linecolor=AXIS_LINE,
        tickcolor=AXIS_LINE,
        zeroline=False,
        automargin=False,
        tickfont=dict(color=INK),
        title=dict(font=dict(color=INK)),
    )
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT_FAMILY, color=INK),
            paper_bgcolor="#FFFFFF",
            plot_bgcolor="#FFFFFF",
            colorway=[p.colour for p in POSITIONS],
            xaxis=axis,
            yaxis=axis,
            hoverlabel=dict(bgcolor="#FFFFFF", bordercolor=AXIS_LINE, font=dict(family=FONT_FAMILY, color=INK)),
            legend=dict(bgcolor="rgba(255,255,255,0)", font=dict(color=INK)),
        )
    )


TEMPLATE = _template()
