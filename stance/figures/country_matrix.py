"""Country matrix: countries by period, each cell the position most of the country's actors held,
with how many hold each position."""

from __future__ import annotations

import pandas as pd

from .. import analysis
from ..chart import ChartSpec
from ..codebook import POSITION_BY_KEY, POSITIONS, country_name, position_label
from ..model import Dataset
from ..text import plural
from .axes import category_axis, row_axis, with_top_axis
from .frame import Body
from .geometry import Page, Plot, esc, plot_area
from .grid import (
    CARRIED_KEY,
    cell_text_px,
    glyph,
    grid_gap,
    grid_traces,
    pale_swatch,
    position_palette,
    position_swatches,
)
from .marks import swatch
from .theme import CARRIED_TEXT, INK, MIXED_COLOUR, MIXED_TINT

MIXED_KEY = "Grey: mixed (tie)"


def _counts_text(cell) -> str:
    """'2S 1H': how many of the country's actors hold each position, by glyph."""
    return " ".join(f"{getattr(cell, p.key)}{p.glyph}" for p in POSITIONS if getattr(cell, p.key))


def _count_example(positions: list) -> str:
    """The key to the count text, in the letters this chart uses: '2S 1H = 2 actors Support, 1 Hesitant'."""
    if len(positions) == 1:
        return f"2{positions[0].glyph} = 2 actors {positions[0].label}"
    first, second = positions[:2]
    return f"2{first.glyph} 1{second.glyph} = 2 actors {first.label}, 1 {second.label}"


def _country_hover(cell, period_label_text: str, period: str) -> str:
    lead = (
        "No single position leads (tie)"
        if cell.position == analysis.MIXED
        else f"Most actors: <b>{esc(position_label(cell.position))}</b>"
    )
    counts = [f"{esc(p.label)}: {plural(getattr(cell, p.key), 'actor')}" for p in POSITIONS if getattr(cell, p.key)]
    spoke = (
        f"No statement this {period}; positions carried forward"
        if cell.carried
        else f"{plural(cell.statements, 'statement')} this {period}"
    )
    head = f"<b>{esc(country_name(cell.country))}</b> · {esc(period_label_text)}"
    return "<br>".join([head, lead, *counts, esc(spoke)])


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    filters = spec.filters
    cells = analysis.country_matrix(shown, spec.period, filters.date_from, filters.date_to)
    countries = sorted(cells["country"].unique(), key=country_name)
    periods = sorted(cells["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    cells = cells.assign(
        row=cells["country"].map({c: i for i, c in enumerate(countries)}),
        col=cells["period"].map({p: i for i, p in enumerate(periods)}),
    )
    mixed_code = 2 * len(POSITIONS)
    cells["code"] = [
        (mixed_code if p == analysis.MIXED else POSITION_BY_KEY[p].rank * 2) + int(c)
        for p, c in zip(cells["position"], cells["carried"], strict=True)
    ]
    cells["text_colour"] = [CARRIED_TEXT if c else INK for c in cells["carried"]]
    cells["hover"] = [
        _country_hover(c, labels[col], spec.period) for c, col in zip(cells.itertuples(), cells["col"], strict=True)
    ]
    # Every position some actor holds, not only the cells' leading ones: the counts name them all.
    positions = [p for p in POSITIONS if cells[p.key].sum() > 0]
    has_mixed = bool((cells["position"] == analysis.MIXED).any())
    legend = [f"{p.label} ({p.glyph})" for p in positions] + ([MIXED_KEY] if has_mixed else []) + [CARRIED_KEY]
    row_names = [country_name(c) for c in countries]
    example = _count_example(positions)

    def plot_with(legend_title: str) -> Plot:
        return plot_area(
            page,
            rows=len(countries),
            row_labels=row_names,
            screen_row_px=28,
            legend_names=legend,
            x_labels=labels,
            period_labels=True,
            top_axis=True,
            legend_title=legend_title,
        )

    plot = plot_with(f"Colour: the position most of the country's actors held · {example}")
    counts = [_counts_text(c) for c in cells.itertuples()]
    text_px = cell_text_px(page, plot, len(periods), max(len(text) for text in counts))
    if text_px:
        cells["text"] = [
            f"<i>{text}</i>" if carried else text for text, carried in zip(counts, cells["carried"], strict=True)
        ]
    else:  # counts do not fit: the leading position's glyph
        plot = plot_with("Colour and letter: the position most of the country's actors held")
        cells["text"] = [
            "" if p == analysis.MIXED else glyph(p, c) for p, c in zip(cells["position"], cells["carried"], strict=True)
        ]
        text_px = cell_text_px(page, plot, len(periods))
    swatch_px = page.tick_px
    return with_top_axis(
        Body(
            plot,
            traces=(
                grid_traces(
                    cells,
                    len(countries),
                    len(periods),
                    position_palette() + [MIXED_COLOUR, MIXED_TINT],
                    text_px,
                    grid_gap(plot),
                )
                + position_swatches(positions, swatch_px)
                + ([swatch(MIXED_KEY, MIXED_COLOUR, "square", swatch_px, 99)] if has_mixed else [])
                + [pale_swatch(swatch_px)]
            ),
            xaxis=category_axis(plot, page, len(periods)),
            yaxis=row_axis(row_names, plot),
        )
    )
