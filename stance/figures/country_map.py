"""Map: a tile-grid map of Europe, one square per country, coloured and lettered by its
government's position as of a day (the country rule of :mod:`stance.positions`).

A split government's square is cut along its diagonal, one half per position, with both letters;
a country with no government statement is a white square with a grey outline ("no gov."); a stale
position is pale with a dashed outline. Countries in the data that are not on the grid (outside
Europe) and institutions (EU, NATO) sit in labelled strips below the map. With several proposals,
one map per proposal, side by side.

Only cartesian traces: Plotly's geo traces fetch their base map from a CDN, which neither an
offline browser nor Kaleido can reach. The grid is ``stance/reference/tiles.json`` (hand-made;
its ``_source`` says how).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .. import positions
from ..chart import ChartSpec, as_of_day
from ..codebook import POSITION_BY_KEY, REFERENCE_DIR, country_name, is_institution
from ..dates import day_text
from ..model import Dataset
from ..text import plural
from . import unchecked
from .frame import Body, message
from .geometry import Page, esc, plot_area
from .marks import swatch
from .standing import NONE_FILL, NONE_LINE, _hover, extra_legend, held_positions, position_legend
from .theme import AXIS_LINE, CARRIED_TEXT, FONT_FAMILY, INK, MUTED

TILES_FILE = REFERENCE_DIR / "tiles.json"
GAP = 0.06  # space between squares, in squares
ABSENT_FILL, ABSENT_TEXT = "#F1F1F1", "#A0A0A0"  # on the grid, but no statement in this scope
ABSENT_KEY = "Light grey: no statement"
STALE_KEY = "Pale, dotted: stale"
OUTSIDE_LABEL, INSTITUTIONS_LABEL = "Outside Europe", "Institutions"
MAX_PANELS = 3  # maps side by side, one per proposal
SCREEN_TILE_PX = 52
STRIP_LINE = 1.6  # a line of the strips: its label, then its squares


@dataclass(frozen=True)
class Grid:
    tiles: dict[str, tuple[int, int]]  # code -> (column, row), row 0 at the top
    columns: int
    rows: int


@cache
def grid() -> Grid:
    """The tile grid from tiles.json: each layout string a row, each cell a code or '.'."""
    layout = json.loads(TILES_FILE.read_text(encoding="utf-8"))["layout"]
    tiles = {
        code: (col, row) for row, line in enumerate(layout) for col, code in enumerate(line.split()) if code != "."
    }
    return Grid(tiles, max(len(line.split()) for line in layout), len(layout))


@dataclass
class Tile:
    code: str
    x: float  # top-left corner, in squares
    y: float
    row: Any = None  # the standing row, a named tuple (None: no statement in scope)


def _strips(
    codes: list[str], left: float, top: float, width: int
) -> tuple[list[Tile], list[tuple[str, float, float]], float]:
    """Tiles for the countries off the grid, in labelled groups from (left, top), ``width`` squares
    wide: the tiles, each group's label and where it sits (bottom-left), and the height taken."""
    groups = [
        (OUTSIDE_LABEL, sorted((c for c in codes if not is_institution(c)), key=country_name)),
        (INSTITUTIONS_LABEL, sorted((c for c in codes if is_institution(c)), key=country_name)),
    ]
    tiles, labels = [], []
    col, y = 0, top  # y: the top of the current line of squares, less its label's room
    for label, members in groups:
        if not members:
            continue
        if col and col + min(len(members), width) > width:
            col, y = 0, y + STRIP_LINE
        labels.append((label, left + col, y + 0.5))
        for code in members:
            if col >= width:  # the group goes on, on the next line: no label there
                col, y = 0, y + 1.1
            tiles.append(Tile(code, left + col, y + 0.55))
            col += 1
        col += 1  # a gap between the groups
    height = y - top + STRIP_LINE + 0.1 if tiles else 0
    return tiles, labels, height


def _square(x: float, y: float) -> tuple[list, list]:
    x0, x1, y0, y1 = x + GAP, x + 1 - GAP, y + GAP, y + 1 - GAP
    return [x0, x1, x1, x0, x0, None], [y0, y0, y1, y1, y0, None]


def _halves(x: float, y: float) -> list[tuple[list, list]]:
    """A square cut along its diagonal: the upper-left half, then the lower-right one."""
    x0, x1, y0, y1 = x + GAP, x + 1 - GAP, y + GAP, y + 1 - GAP
    return [([x0, x1, x0, x0, None], [y0, y0, y1, y0, None]), ([x1, x1, x0, x1, None], [y0, y1, y1, y0, None])]


def _fill_trace(xs: list, ys: list, fill: str, line: str, width: float, dash: str, name: str) -> go.Scatter:
    return unchecked.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=fill,
        line=dict(color=line, width=width, dash=dash),
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    as_of = as_of_day(spec, dataset)
    rows = positions.standing(shown, "country", as_of.date() if as_of is not None else None, spec.stale_months)
    if rows.empty:
        return message(page, "No country has a position on this day")
    layout = grid()
    proposals = sorted(rows["proposal"].unique(), key=dataset.proposal_title)
    panels = proposals[:MAX_PANELS]
    several = len(proposals) > 1
    off_grid = sorted({c for c in rows["country"] if c not in layout.tiles})

    legend = position_legend(page.tick_px) + extra_legend(
        page.tick_px,
        split=bool((rows["position"] == positions.SPLIT).any()),
        none=bool((rows["position"] == positions.NONE).any()),
        stale=bool(rows["stale"].astype(bool).any()),
        stale_key=STALE_KEY,
    )
    legend.append(swatch(ABSENT_KEY, ABSENT_FILL, "square", page.tick_px, 93, line=AXIS_LINE, line_width=0.5))
    when = (
        f"As of {day_text(as_of)}" + (" (the data's cut-off)" if spec.as_of is None else "")
        if as_of is not None
        else ""
    )
    legend_title = " · ".join(
        part
        for part in (
            when,
            "colour and letter: the government's position (the README's country rule)",
            f"pale with a dotted outline: stale (not restated in {plural(spec.stale_months, 'month')})",
            f"{len(proposals) - len(panels)} more proposals not shown: filter by proposal"
            if len(proposals) > len(panels)
            else "",
        )
        if part
    )
    title_room = 0.9 if several else 0.0

    def arrange(beside: bool) -> tuple[list[Tile], list[tuple[str, float, float]], float, float, float]:
        """Strips below the grid, or beside it (on a wide canvas): tiles, labels, panel width, width, height."""
        if beside:
            lines = max(1, int(layout.rows // STRIP_LINE))
            columns = max(3, -(-(len(off_grid) + 2) // lines))  # room for a gap between the two groups
            tiles, labels, _ = _strips(off_grid, layout.columns + 1, 0, columns)
            panel = layout.columns + 1 + (columns + 1 if off_grid else 0)
            return tiles, labels, panel, len(panels) * panel - 1, layout.rows + title_room
        tiles, labels, strip_height = _strips(off_grid, 0, layout.rows, layout.columns)
        panel = layout.columns + 1
        return tiles, labels, panel, len(panels) * panel - 1, layout.rows + strip_height + title_room

    below = arrange(False)
    screen_px = min(SCREEN_TILE_PX * below[4], 0.95 * page.width * below[4] / below[3])
    plot = plot_area(
        page,
        rows=1,
        screen_plot_px=screen_px,
        legend_names=[t.name for t in legend],
        legend_title=legend_title,
        x_axis=False,
    )

    def tile_size(arrangement: tuple) -> float:
        return min(plot.plot_width / (arrangement[3] + 0.4), plot.plot_height / (arrangement[4] + 0.4))

    beside = arrange(True)
    wide = page.size.height is not None and bool(off_grid) and tile_size(beside) > tile_size(below)
    strip_tiles, strip_labels, panel_width, width_units, height_units = beside if wide else below
    tile_px = tile_size(beside if wide else below)
    letter_px = max(7.0, min(tile_px * 0.36, page.font * 1.3))
    code_px = max(7.0, min(tile_px * 0.22, page.font * 0.8))

    fills: dict[tuple[str, str, float, str], tuple[list, list]] = {}
    letters: list[tuple[float, float, str, str, float]] = []  # x, y, HTML, colour, size
    codes: list[tuple[float, float, str, str]] = []
    hover_x, hover_y, hover_text, hover_ids = [], [], [], []
    notes = []

    def add(key: tuple[str, str, float, str], shape: tuple[list, list]) -> None:
        xs, ys = fills.setdefault(key, ([], []))
        xs += shape[0]
        ys += shape[1]

    for p, proposal in enumerate(panels):
        dx, dy = p * panel_width, title_room
        if several:
            notes.append(
                dict(
                    text=f"<b>{esc(dataset.proposal_title(proposal))}</b>",
                    showarrow=False,
                    xref="x",
                    yref="y",
                    x=dx,
                    y=dy - 0.15,
                    xanchor="left",
                    yanchor="bottom",
                    font=dict(size=page.font, color=INK),
                )
            )
        by_code = {r.country: r for r in rows.loc[rows["proposal"] == proposal].itertuples()}
        tiles = [Tile(code, col + dx, row + dy, by_code.get(code)) for code, (col, row) in layout.tiles.items()]
        tiles += [Tile(t.code, t.x + dx, t.y + dy, by_code.get(t.code)) for t in strip_tiles]
        title = dataset.proposal_title(proposal) if several else ""
        for tile in tiles:
            cx, cy = tile.x + 0.5, tile.y + 0.5
            row = tile.row
            hover_x.append(cx)
            hover_y.append(cy)
            if row is None:
                if tile.code in off_grid:  # another proposal's country: an empty place in the strip
                    add((NONE_FILL, ABSENT_FILL, 0.5, "solid"), _square(tile.x, tile.y))
                else:
                    add((ABSENT_FILL, ABSENT_FILL, 0.0, "solid"), _square(tile.x, tile.y))
                codes.append((cx, cy, esc(tile.code), ABSENT_TEXT))
                hover_text.append(f"<b>{esc(country_name(tile.code))}</b><br>No statement in this scope")
                hover_ids.append([""])
                continue
            stale = bool(row.stale)
            keys = held_positions(row.position, row.positions)
            outline = (AXIS_LINE, 1.5, "dot") if stale else ("#FFFFFF", 0.0, "solid")
            if not keys:
                add((NONE_FILL, NONE_LINE, 1.5, "solid"), _square(tile.x, tile.y))
                letters.append((cx, cy - 0.08, "no gov.", MUTED, code_px))
            else:
                colours = [POSITION_BY_KEY[k].tint if stale else POSITION_BY_KEY[k].colour for k in keys]
                shapes = [_square(tile.x, tile.y)] if len(colours) == 1 else _halves(tile.x, tile.y)
                for colour, shape in zip(colours[:2], shapes, strict=False):
                    add((colour, colour, 0.0, "solid"), shape)
                if stale:
                    add(("rgba(0,0,0,0)", *outline), _square(tile.x, tile.y))
                glyphs = "/".join(esc(POSITION_BY_KEY[k].glyph) for k in keys[:2])
                text = f"<i>{glyphs}</i>" if stale else f"<b>{glyphs}</b>"
                size = letter_px if len(keys) == 1 else letter_px * 0.8
                letters.append((cx, cy - 0.1, text, CARRIED_TEXT if stale else INK, size))
            codes.append((cx, cy + 0.3, esc(tile.code), CARRIED_TEXT if stale else INK))
            hover_text.append(_hover(row, "country", title, spec.stale_months))
            hover_ids.append([str(row.id or "")])
        notes += [
            dict(
                text=f"<b>{esc(label)}</b>",
                showarrow=False,
                xref="x",
                yref="y",
                x=x + dx,
                y=y + dy,
                xanchor="left",
                yanchor="bottom",
                font=dict(size=page.tick_px, color=INK),
            )
            for label, x, y in strip_labels
        ]

    traces = [
        _fill_trace(xs, ys, fill, line, width, dash, "tiles")
        for (fill, line, width, dash), (xs, ys) in sorted(fills.items(), key=lambda item: item[0][1] == AXIS_LINE)
    ]
    traces.append(
        unchecked.Scatter(
            x=[t[0] for t in letters],
            y=[t[1] for t in letters],
            mode="text",
            text=[t[2] for t in letters],
            textfont=dict(size=[t[4] for t in letters], color=[t[3] for t in letters], family=FONT_FAMILY),
            hoverinfo="skip",
            showlegend=False,
            name="position letters",
        )
    )
    traces.append(
        unchecked.Scatter(
            x=[t[0] for t in codes],
            y=[t[1] for t in codes],
            mode="text",
            text=[t[2] for t in codes],
            textfont=dict(size=code_px, color=[t[3] for t in codes], family=FONT_FAMILY),
            hoverinfo="skip",
            showlegend=False,
            name="country codes",
        )
    )
    traces.append(
        unchecked.Scatter(
            x=hover_x,
            y=hover_y,
            mode="markers",
            marker=dict(symbol="square", size=max(8.0, tile_px * 0.9), color="rgba(0,0,0,0)"),
            customdata=hover_ids,
            hovertext=hover_text,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
            name="countries",
        )
    )
    hidden = dict(visible=False, showgrid=False, zeroline=False, fixedrange=True)
    return Body(
        plot,
        traces=[*traces, *legend],
        xaxis=dict(hidden, range=[-0.2, width_units + 0.2], constrain="domain", constraintoward="left"),
        yaxis=dict(
            hidden,
            range=[height_units + 0.2, -0.2],
            scaleanchor="x",
            scaleratio=1,
            constrain="domain",
            constraintoward="top",
        ),
        annotations=notes,
    )
