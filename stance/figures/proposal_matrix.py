"""Actor x proposal: each actor's latest position on each proposal."""

from __future__ import annotations

import pandas as pd

from .. import analysis
from ..chart import ChartSpec
from ..model import Dataset
from .axes import actor_lanes, category_axis, group_separators, row_axis, with_top_axis
from .frame import Body
from .geometry import CHAR_WIDTH, Page, plot_area, wrapped_html
from .grid import (
    CELL_HOVER_FIELDS,
    STATED,
    cell_code,
    cell_text_px,
    glyph,
    grid_gap,
    grid_traces,
    matrix_cell_hover,
    position_palette,
    position_swatches,
    statement_parts,
)
from .marks import hover_rows, present_positions
from .theme import INK

PROPOSAL_COLUMN_CHARS = 18


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    lanes = actor_lanes(shown, by_proposal=False, countries=spec.filters.countries)
    cells = analysis.proposal_matrix(shown)
    proposals = sorted(cells["proposal"].unique())
    cells = cells.merge(lanes[["actor", "row"]], on="actor", how="left")
    cells["col"] = cells["proposal"].map({p: i for i, p in enumerate(proposals)})
    cells["column_label"] = cells["proposal"].map(dataset.proposal_title)
    cells["carried"] = False
    positions = present_positions(cells["position"])
    labels = [wrapped_html(dataset.proposal_title(p), PROPOSAL_COLUMN_CHARS) for p in proposals]
    plot = plot_area(
        page,
        rows=len(lanes),
        row_labels=lanes["label"],
        screen_row_px=24,
        legend_names=[f"{p.label} ({p.glyph})" for p in positions],
        x_labels=labels,
        top_axis=True,
    )
    parts = statement_parts(shown, cells["id"])
    cells["code"] = [cell_code(p, STATED) for p in cells["position"]]
    cells["text"] = [glyph(p, False) for p in cells["position"]]
    cells["text_colour"] = INK
    cells["hover"] = [
        matrix_cell_hover(c, parts[i], "on this proposal")
        for c, i in zip(hover_rows(cells, CELL_HOVER_FIELDS), cells["id"].tolist(), strict=True)
    ]
    # Columns no wider than their wrapped title: one proposal is a narrow column, not a wall.
    column_px = (PROPOSAL_COLUMN_CHARS * CHAR_WIDTH + 1.5) * page.tick_px
    xaxis = category_axis(plot, page, len(proposals))
    xaxis["domain"] = [0, min(1.0, len(proposals) * column_px / plot.plot_width)]
    return with_top_axis(
        Body(
            plot,
            traces=(
                grid_traces(
                    cells,
                    len(lanes),
                    len(proposals),
                    position_palette(),
                    cell_text_px(page, plot, len(proposals)),
                    grid_gap(plot),
                )
                + position_swatches(positions, page.tick_px)
            ),
            xaxis=xaxis,
            yaxis=row_axis(list(lanes["label"]), plot),
            shapes=group_separators(lanes["country"]),
        )
    )
