"""Plotly figures for every chart kind, on screen and in exports.

Every figure is the chart framed by a header (title, scope in words) and a footer (the data
behind it, the link back to the view), at the spec's size. The package is laid out by concern:

- ``theme``: fonts, colours and the Plotly template;
- ``geometry``: the page (font sizes, header and footer text wrapped to fit) and the plot area;
- ``frame``: header, legend and footer around what a chart kind draws, assembled into a figure;
- ``axes``, ``marks``, ``grid``, ``events``: parts the chart kinds share (lanes and axes,
  statement markers spread apart within a lane and legend swatches, grids of cells, key events
  and the since date as labelled vertical lines);
- one module per chart kind, named in the registry (:mod:`stance.kinds`), each with
  ``draw(shown, spec, dataset, page) -> Body``. It is imported when first drawn.

The words on a figure (scope, footer lines, alt text) come from :mod:`stance.words`.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module

import plotly.graph_objects as go

from ..chart import ChartSpec
from ..kinds import KINDS
from ..lanes import Selection, select
from ..model import Dataset
from ..words import EMPTY_MESSAGE
from .frame import assemble, message
from .geometry import page_for

__all__ = ["build_figure"]


def build_figure(
    spec: ChartSpec,
    dataset: Dataset,
    *,
    app_url: str | None = None,
    generated: date | None = None,
    selection: Selection | None = None,
) -> go.Figure:
    """The chart described by ``spec``, with header and footer, at the spec's size.

    ``selection`` is what :func:`stance.lanes.select` gives for this spec, when the caller has it."""
    kind = KINDS.get(spec.kind)
    if kind is None:
        raise ValueError(f"unknown chart kind {spec.kind!r}; use one of {', '.join(KINDS)}")
    chosen = selection or select(spec, dataset.statements)
    page = page_for(spec, dataset, chosen.shown, generated or date.today(), app_url, chosen.lanes)
    body = (
        message(page, EMPTY_MESSAGE)
        if chosen.shown.empty
        else import_module(kind.drawer).draw(chosen.drawn, spec, dataset, page)
    )
    return assemble(page, body)
