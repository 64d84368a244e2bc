"""Shifts: one row per change of position, a line from the earlier statement to the later one; key
events and the since date as labelled lines."""

from __future__ import annotations

from functools import partial

import pandas as pd

from .. import analysis
from ..chart import ChartSpec
from ..codebook import country_name, position_label
from ..dates import date_words
from ..model import Dataset
from ..text import plural
from ..words import NO_SHIFTS_MESSAGE
from . import unchecked
from .axes import lane_label, row_axis, with_top_axis
from .events import event_labels, event_traces, on_date_axis
from .frame import Body, message
from .geometry import Page, esc, plot_area, wrapped_html
from .marks import (
    ATTRIBUTION_LABELS,
    HOLLOW_KEY,
    hollow_marks,
    hollow_swatch,
    marker_px,
    marker_traces,
    present_positions,
    quote_html,
)
from .theme import LANE_LINE, MUTED, SEGMENT


def _shift_hover(shift) -> str:
    def side(prefix: str) -> list[str]:
        position = getattr(shift, f"{prefix}_position")
        attribution = getattr(shift, f"{prefix}_attribution")
        return [
            f"<b>{esc(position_label(position))}</b> · "
            f"{esc(date_words(getattr(shift, f'{prefix}_date'), getattr(shift, f'{prefix}_precision')))}"
            f" · {esc(ATTRIBUTION_LABELS.get(attribution, attribution))}",
            quote_html(getattr(shift, f"{prefix}_quote")),
            f"Source: {wrapped_html(getattr(shift, f'{prefix}_source'))}",
        ]

    head = f"<b>{esc(shift.actor)}</b> · {esc(country_name(shift.country))}"
    return "<br>".join([head, *side("from"), f"↓ {plural(int(shift.days), 'day')} later", *side("to")])


def _shift_summary(shift) -> str:
    change = f"{position_label(shift.from_position)} → {position_label(shift.to_position)}"
    return f"{change}, {plural(int(shift.days), 'day')}"


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    # The page's shifts when they are paged (stance.lanes), else every one.
    shifts = (
        page.lanes.shifts
        if page.lanes is not None and page.lanes.shifts is not None
        else analysis.shifts(shown, spec.since)
    )
    if shifts.empty:
        return message(page, NO_SHIFTS_MESSAGE)
    shifts = shifts.assign(row=range(len(shifts)), hover=[_shift_hover(s) for s in shifts.itertuples()])
    labels = [lane_label(a, c) for a, c in zip(shifts["actor"], shifts["country"], strict=True)]
    summaries = [_shift_summary(s) for s in shifts.itertuples()]
    ends = pd.concat(
        [
            shifts[["row", "hover", f"{side}_date", f"{side}_id", f"{side}_position", f"{side}_attribution"]].set_axis(
                ["y", "hover", "x", "id", "position", "attribution"], axis=1
            )
            for side in ("from", "to")
        ],
        ignore_index=True,
    )
    legend = [p.label for p in present_positions(ends["position"])]
    legend += [HOLLOW_KEY] if hollow_marks(ends["attribution"]).any() else []
    area = partial(
        plot_area,
        page,
        rows=len(shifts),
        row_labels=labels,
        screen_row_px=34,
        legend_names=legend,
        right_labels=summaries,
        top_axis=True,
    )
    start, end = shifts["from_date"].min(), shifts["to_date"].max()
    if page.lanes is not None and page.lanes.left_out and page.lanes.span:  # one time axis for every page
        start, end = min(start, page.lanes.span[0]), max(end, page.lanes.span[1])
    plot, xaxis, marks = on_date_axis(dataset.events, spec.since, start, end, page, area)
    xs, ys = [], []
    for shift in shifts.itertuples():
        xs += [shift.from_date, shift.to_date, None]
        ys += [shift.row, shift.row, None]
    segments = unchecked.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color=SEGMENT, width=max(2.0, page.font * 0.15)),
        hoverinfo="skip",
        showlegend=False,
        name="shift",
    )
    summary_notes = [
        dict(
            text=esc(text),
            showarrow=False,
            xref="paper",
            x=1,
            xanchor="left",
            xshift=page.font * 0.5,
            yref="y",
            y=row,
            font=dict(size=plot.label_px, color=MUTED),
        )
        for row, text in enumerate(summaries)
    ]
    yaxis = row_axis(labels, plot)
    yaxis.update(showgrid=True, gridcolor=LANE_LINE)
    return with_top_axis(
        Body(
            plot,
            traces=[
                *event_traces(marks, len(shifts) - 0.5, -0.5, page),
                segments,
                *marker_traces(ends, marker_px(page, plot)),
                *hollow_swatch(ends, page.tick_px),
            ],
            xaxis=xaxis,  # the plot's width, and so the ticks, are the same with the band of event labels
            yaxis=yaxis,
            annotations=summary_notes + event_labels(marks, plot),
        )
    )
