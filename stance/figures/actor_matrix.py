"""Actor matrix: actors by period, each cell the actor's latest position (pale when carried forward)."""

from __future__ import annotations

import pandas as pd

from .. import analysis
from ..chart import ChartSpec
from ..codebook import POSITION_BY_KEY
from ..model import Dataset
from .axes import actor_lanes, category_axis, group_separators, row_axis, several_proposals, with_top_axis
from .frame import Body
from .geometry import Page, plot_area
from .grid import (
    CARRIED_KEY,
    cell_text_px,
    glyph,
    grid_gap,
    grid_traces,
    matrix_cell_hover,
    pale_swatch,
    position_palette,
    position_swatches,
)
from .marks import present_positions
from .theme import CARRIED_TEXT, INK


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    filters = spec.filters
    several = several_proposals(shown)
    lanes = actor_lanes(shown, by_proposal=several)
    cells = analysis.actor_matrix(shown, spec.period, filters.date_from, filters.date_to)
    if not several:
        cells = cells.assign(proposal="")
    periods = sorted(cells["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    cells = cells.merge(lanes[["actor", "proposal", "row"]], on=["actor", "proposal"], how="left")
    cells["col"] = cells["period"].map({p: i for i, p in enumerate(periods)})
    cells["column_label"] = cells["col"].map(dict(enumerate(labels)))
    details = shown.set_index("id")
    positions = present_positions(cells["position"])
    legend = [f"{p.label} ({p.glyph})" for p in positions] + [CARRIED_KEY]
    plot = plot_area(
        page,
        rows=len(lanes),
        row_labels=lanes["label"],
        screen_row_px=24,
        legend_names=legend,
        x_labels=labels,
        period_labels=True,
        top_axis=True,
    )
    cells["code"] = [
        POSITION_BY_KEY[p].rank * 2 + int(c) for p, c in zip(cells["position"], cells["carried"], strict=True)
    ]
    cells["text"] = [glyph(p, c) for p, c in zip(cells["position"], cells["carried"], strict=True)]
    cells["text_colour"] = [CARRIED_TEXT if c else INK for c in cells["carried"]]
    cells["hover"] = [
        matrix_cell_hover(c, details.loc[i], f"this {spec.period}")
        for c, i in zip(cells.itertuples(), cells["id"], strict=True)
    ]
    text_px = cell_text_px(page, plot, len(periods))
    swatch_px = page.tick_px
    return with_top_axis(
        Body(
            plot,
            traces=(
                grid_traces(cells, len(lanes), len(periods), position_palette(), text_px, grid_gap(plot))
                + position_swatches(positions, swatch_px)
                + [pale_swatch(swatch_px)]
            ),
            xaxis=category_axis(plot, page, len(periods)),
            yaxis=row_axis(list(lanes["label"]), plot),
            shapes=group_separators(lanes["country"]),
        )
    )
