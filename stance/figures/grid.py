"""Grids of coloured cells with a letter or count in each: the parts the matrices share."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..codebook import POSITION_BY_KEY, POSITIONS, country_name, position_label
from ..dates import date_words
from . import unchecked
from .geometry import CHAR_WIDTH, Page, Plot, esc, wrapped_html
from .marks import ATTRIBUTION_LABELS, quote_html, swatch
from .theme import AXIS_LINE, CARRIED_TEXT, FONT_FAMILY, INK, PALE_SWATCH, STALE_SWATCH, STALE_TEXT, paler

CARRIED_KEY = "Pale: no new statement (carried forward)"
STATED, CARRIED, STALE = (
    0,
    1,
    2,
)  # how a cell's position is known: its cell colour is the position's colour, tint or paler tint


def stale_key(months: int) -> str:
    return f"Paler: not restated for {months} months, or left office"


MIN_CELL_TEXT_PX = 7  # below this, cell labels are left out: the colour and the hover still tell


def discrete_scale(colours: list[str]) -> list[list]:
    """A colour scale where integer z = i is exactly colours[i] (with zmin=-0.5, zmax=n-0.5)."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def cell_heatmap(z: list, x: list[float], palette: list[str], gap: int, hover: list | None, name: str) -> go.Heatmap:
    """Cells coloured by integer code (``palette[code]``; None: no cell), with an HTML hover each;
    no hover (``hover`` None) for cells drawn over others, whose hover then shows through."""
    hovers = (
        dict(hoverongaps=False, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
        if hover is not None
        else dict(hoverinfo="skip")
    )
    return unchecked.Heatmap(
        z=z,
        x=x,
        y=list(range(len(z))),
        colorscale=discrete_scale(palette),
        zmin=-0.5,
        zmax=len(palette) - 0.5,
        showscale=False,
        xgap=gap,
        ygap=gap,
        name=name,
        **hovers,
    )


def grid_traces(
    cells: pd.DataFrame, n_rows: int, n_cols: int, palette: list[str], text_px: float | None, gap: int
) -> list:
    """A heatmap of coloured cells (code -> palette) and a text layer with per-cell colour and style.

    ``cells`` has row, col, code, text (HTML), text_colour and hover (HTML). No text layer when
    ``text_px`` is None (cells too small for legible text).
    """
    z: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    hover = [[""] * n_cols for _ in range(n_rows)]
    for row, col, code, text in zip(*(cells[c].tolist() for c in ["row", "col", "code", "hover"]), strict=True):
        z[row][col] = code
        hover[row][col] = text
    heatmap = cell_heatmap(z, list(range(n_cols)), palette, gap, hover, "cells")
    if text_px is None:
        return [heatmap]
    labels = unchecked.Scatter(
        x=cells["col"].tolist(),
        y=cells["row"].tolist(),
        mode="text",
        text=cells["text"].tolist(),
        textfont=dict(size=text_px, color=cells["text_colour"].tolist(), family=FONT_FAMILY),
        hoverinfo="skip",
        showlegend=False,
        name="cell labels",
    )
    return [heatmap, labels]


def position_palette() -> list[str]:
    """Cell colours: code = 3 * rank for a stated position, + 1 for its pale (carried) tint, + 2 for
    a paler one still (stale: carried for longer than the stale age, or held by someone out of office)."""
    return [colour for p in POSITIONS for colour in (p.colour, p.tint, paler(p.tint))]


def cell_code(position: str, state: int) -> int:
    """The palette index of a position's cell: STATED, CARRIED or STALE."""
    return POSITION_BY_KEY[position].rank * 3 + state


def glyph(position: str, carried: bool) -> str:
    letter = esc(POSITION_BY_KEY[position].glyph)
    return f"<i>{letter}</i>" if carried else f"<b>{letter}</b>"


def state_text_colour(state: int) -> str:
    return {STATED: INK, CARRIED: CARRIED_TEXT, STALE: STALE_TEXT}[state]


def position_swatches(positions: list, size: float) -> list[go.Scatter]:
    """Legend entries for grid charts: colour, the codebook's shape, and the glyph cells print."""
    return [swatch(f"{p.label} ({p.glyph})", p.colour, p.symbol, size, p.rank) for p in positions]


def pale_swatch(size: float) -> go.Scatter:
    return swatch(CARRIED_KEY, PALE_SWATCH, "square", size, 100, line=AXIS_LINE)


def stale_swatch(size: float, months: int) -> go.Scatter:
    return swatch(stale_key(months), STALE_SWATCH, "square", size, 101, line=PALE_SWATCH)


def cell_text_px(page: Page, plot: Plot, n_cols: int, chars: int = 1) -> float | None:
    """A font size at which ``chars`` characters fit in a cell, or None if none is legible.

    A lone capital (the position's letter) has no descender, so it may use more of a short row."""
    col_px = plot.plot_width / max(n_cols, 1)
    size = min(page.tick_px, plot.row_px * (0.8 if chars == 1 else 0.62), col_px / (chars * CHAR_WIDTH + 0.4))
    return size if size >= MIN_CELL_TEXT_PX else None


def grid_gap(plot: Plot) -> int:
    return 2 if plot.row_px >= 18 else 1


def statement_parts(statements: pd.DataFrame, ids: pd.Series) -> dict[str, tuple[str, str]]:
    """Per statement id among ``ids``: its date in words, and its quote and source as hover HTML.

    Worked out once per statement: a statement carried forward fills many cells."""
    rows = statements.loc[statements["id"].isin(set(ids))]
    parts = {}
    for i, day, precision, attribution, quote, source in zip(
        *(rows[c].tolist() for c in ["id", "date", "date_precision", "attribution", "quote", "source"]), strict=True
    ):
        label = ATTRIBUTION_LABELS.get(attribution, attribution)
        parts[i] = (
            date_words(day, precision),
            f"{quote_html(quote)}<br>Source: {wrapped_html(source)} ({esc(label)})",
        )
    return parts


CELL_HOVER_FIELDS = ["actor", "country", "column_label", "position", "carried", "statements"]  # what it reads


def matrix_cell_hover(cell, parts: tuple[str, str], within: str, heard: str = "") -> str:
    """Actor, column, position, when it was stated (or carried from), and the latest statement.

    ``parts``: the statement's :func:`statement_parts`; ``within`` says where the cell's statements
    were counted: 'this month', 'on this proposal'; ``heard``: a line on how current it is
    ('Last heard 10 Jan 2025: not restated for 6 months').
    """
    stated, statement = parts
    when = f"carried forward from {stated}" if cell.carried else f"stated {stated}"
    if not cell.carried and cell.statements > 1:
        when += f" ({cell.statements} statements {within}; the latest shown)"
    return "<br>".join(
        [
            f"<b>{esc(cell.actor)}</b> · {esc(country_name(cell.country))}",
            f"{esc(cell.column_label)}: <b>{esc(position_label(cell.position))}</b>",
            esc(when),
            *([esc(heard)] if heard else []),
            statement,
        ]
    )
