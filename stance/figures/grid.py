"""Grids of coloured cells with a letter or count in each: the parts the matrices share."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..codebook import POSITION_BY_KEY, POSITIONS, country_name, position_label
from ..dates import date_words
from .geometry import CHAR_WIDTH, Page, Plot, esc, wrapped_html
from .marks import ATTRIBUTION_LABELS, quote_html, swatch
from .theme import AXIS_LINE, FONT_FAMILY, PALE_SWATCH

CARRIED_KEY = "Pale: no new statement (carried forward)"
MIN_CELL_TEXT_PX = 7  # below this, cell labels are left out: the colour and the hover still tell


def _discrete_scale(colours: list[str]) -> list[list]:
    """A colour scale where integer z = i is exactly colours[i] (with zmin=-0.5, zmax=n-0.5)."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def grid_traces(
    cells: pd.DataFrame, n_rows: int, n_cols: int, palette: list[str], text_px: float | None, gap: int
) -> list:
    """A heatmap of coloured cells (code -> palette) and a text layer with per-cell colour and style.

    ``cells`` has row, col, code, text (HTML), text_colour and hover (HTML). No text layer when
    ``text_px`` is None (cells too small for legible text).
    """
    z: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    hover = [[""] * n_cols for _ in range(n_rows)]
    for row, col, code, text in zip(cells["row"], cells["col"], cells["code"], cells["hover"], strict=True):
        z[row][col] = code
        hover[row][col] = text
    heatmap = go.Heatmap(
        z=z,
        x=list(range(n_cols)),
        y=list(range(n_rows)),
        colorscale=_discrete_scale(palette),
        zmin=-0.5,
        zmax=len(palette) - 0.5,
        showscale=False,
        xgap=gap,
        ygap=gap,
        hoverongaps=False,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        name="cells",
    )
    if text_px is None:
        return [heatmap]
    labels = go.Scatter(
        x=list(cells["col"]),
        y=list(cells["row"]),
        mode="text",
        text=list(cells["text"]),
        textfont=dict(size=text_px, color=list(cells["text_colour"]), family=FONT_FAMILY),
        hoverinfo="skip",
        showlegend=False,
        name="cell labels",
    )
    return [heatmap, labels]


def position_palette() -> list[str]:
    """Cell colours: code = 2 * rank for a stated position, + 1 for its pale (carried) tint."""
    return [colour for p in POSITIONS for colour in (p.colour, p.tint)]


def glyph(position: str, carried: bool) -> str:
    letter = esc(POSITION_BY_KEY[position].glyph)
    return f"<i>{letter}</i>" if carried else f"<b>{letter}</b>"


def position_swatches(positions: list, size: float) -> list[go.Scatter]:
    """Legend entries for grid charts: colour, the codebook's shape, and the glyph cells print."""
    return [swatch(f"{p.label} ({p.glyph})", p.colour, p.symbol, size, p.rank) for p in positions]


def pale_swatch(size: float) -> go.Scatter:
    return swatch(CARRIED_KEY, PALE_SWATCH, "square", size, 100, line=AXIS_LINE)


def cell_text_px(page: Page, plot: Plot, n_cols: int, chars: int = 1) -> float | None:
    """A font size at which ``chars`` characters fit in a cell, or None if none is legible.

    A lone capital (the position's letter) has no descender, so it may use more of a short row."""
    col_px = plot.plot_width / max(n_cols, 1)
    size = min(page.tick_px, plot.row_px * (0.8 if chars == 1 else 0.62), col_px / (chars * CHAR_WIDTH + 0.4))
    return size if size >= MIN_CELL_TEXT_PX else None


def grid_gap(plot: Plot) -> int:
    return 2 if plot.row_px >= 18 else 1


def matrix_cell_hover(cell, detail, within: str) -> str:
    """Actor, column, position, when it was stated (or carried from), and the latest statement.

    ``within`` says where the cell's statements were counted: 'this month', 'on this proposal'.
    """
    stated = date_words(detail.date, detail.date_precision)
    attribution = ATTRIBUTION_LABELS.get(detail.attribution, detail.attribution)
    when = f"carried forward from {stated}" if cell.carried else f"stated {stated}"
    if not cell.carried and cell.statements > 1:
        when += f" ({cell.statements} statements {within}; the latest shown)"
    return "<br>".join(
        [
            f"<b>{esc(cell.actor)}</b> · {esc(country_name(cell.country))}",
            f"{esc(cell.column_label)}: <b>{esc(position_label(cell.position))}</b>",
            esc(when),
            quote_html(detail.quote),
            f"Source: {wrapped_html(detail.source)} ({esc(attribution)})",
        ]
    )
