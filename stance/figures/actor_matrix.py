"""Actor matrix: actors by period, each cell the actor's latest position (pale when carried forward,
paler still when stale: not restated for the stale age, or held by someone who has left office)."""

from __future__ import annotations

import pandas as pd

from .. import analysis
from ..chart import ChartSpec
from ..dates import day_text
from ..model import Dataset
from ..positions import left_office
from .axes import (
    actor_lanes,
    category_axis,
    group_separators,
    lanes_span,
    row_axis,
    several_proposals,
    with_top_axis,
)
from .frame import Body
from .geometry import Page, plot_area
from .grid import (
    CARRIED_KEY,
    CELL_HOVER_FIELDS,
    STALE,
    cell_code,
    cell_text_px,
    glyph,
    grid_gap,
    grid_traces,
    matrix_cell_hover,
    pale_swatch,
    position_palette,
    position_swatches,
    stale_key,
    stale_swatch,
    state_text_colour,
    statement_parts,
)
from .marks import hover_rows, present_positions


def period_days(periods: pd.Series, period: str, end: pd.Timestamp | None) -> pd.Series:
    """The day each period's cell stands for: its last day, or ``end`` (the data's) if earlier."""
    ends = pd.Series(analysis.period_end(pd.DatetimeIndex(periods), period), index=periods.index)
    return ends.where(ends <= end, end) if end is not None else ends


def stale_states(cells: pd.DataFrame, left: pd.Series, days: pd.Series, months: int) -> pd.Series:
    """Per cell: STALE when carried forward for longer than ``months`` by the cell's day, or when its
    actor left office by then after making the statement; else CARRIED or STATED."""
    overdue = cells["carried"] & (cells["date"] + pd.DateOffset(months=months) <= days)
    gone = left.notna() & (left <= days) & (cells["date"] < left)
    state = cells["carried"].astype(int).where(~(overdue | gone), STALE)
    return state.astype(int)


def stale_note(state: int, last_heard: pd.Timestamp, left: pd.Timestamp | None, months: int) -> str:
    """The hover's line about how current a cell is."""
    heard = f"Last heard {day_text(last_heard)}"
    if state != STALE:
        return heard
    if left is not None and not pd.isna(left) and left > last_heard:
        return f"{heard}; left office on {day_text(left)} (stale)"
    return f"{heard}: not restated for {months} months (stale)"


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    filters = spec.filters
    several = several_proposals(shown, page.lanes)
    lanes = actor_lanes(shown, by_proposal=several, countries=filters.countries)
    first, last = lanes_span(shown, page.lanes)
    cells = analysis.actor_matrix(shown, spec.period, filters.date_from or first, filters.date_to or last)
    if not several:
        cells = cells.assign(proposal="")
    periods = sorted(cells["period"].unique())
    if page.lanes is not None:  # every page of the lanes has the same columns
        periods = sorted(set(periods) | set(analysis.period_range(first, last, spec.period)))
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    cells = cells.merge(lanes[["actor", "proposal", "row"]], on=["actor", "proposal"], how="left")
    cells["col"] = cells["period"].map({p: i for i, p in enumerate(periods)})
    cells["column_label"] = cells["col"].map(dict(enumerate(labels)))
    parts = statement_parts(shown, cells["id"])
    positions = present_positions(cells["position"])
    end = pd.Timestamp(filters.date_to) if filters.date_to else dataset.cutoff
    left = cells["actor"].map(left_office(shown).groupby(shown["actor"]).max())
    cells["state"] = stale_states(cells, left, period_days(cells["period"], spec.period, end), spec.stale_months)
    has_stale = bool((cells["state"] == STALE).any())
    legend = [f"{p.label} ({p.glyph})" for p in positions] + [CARRIED_KEY]
    legend += [stale_key(spec.stale_months)] if has_stale else []
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
    cells["code"] = [cell_code(p, s) for p, s in zip(cells["position"], cells["state"], strict=True)]
    cells["text"] = [glyph(p, c) for p, c in zip(cells["position"], cells["carried"], strict=True)]
    cells["text_colour"] = cells["state"].map(state_text_colour)
    cells["hover"] = [
        matrix_cell_hover(c, parts[i], f"this {spec.period}", stale_note(s, d, lo, spec.stale_months))
        for c, i, s, d, lo in zip(
            hover_rows(cells, CELL_HOVER_FIELDS),
            *(cells[c].tolist() for c in ["id", "state", "date"]),
            left.tolist(),
            strict=True,
        )
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
                + ([stale_swatch(swatch_px, spec.stale_months)] if has_stale else [])
            ),
            xaxis=category_axis(plot, page, len(periods)),
            yaxis=row_axis(list(lanes["label"]), plot),
            shapes=group_separators(lanes["country"]),
        )
    )
