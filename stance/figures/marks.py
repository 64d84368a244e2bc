"""Statement markers (colour and shape from the codebook, hollow when not on record), their hover
text, and legend-only swatches that explain an encoding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..codebook import ATTRIBUTIONS, ON_RECORD, POSITIONS, country_name, position_label
from ..dates import date_words
from . import unchecked
from .geometry import Page, Plot, esc, wrapped_html
from .theme import MUTED

ATTRIBUTION_LABELS = {a.key: a.label for a in ATTRIBUTIONS}
HOLLOW_KEY = "Hollow: anonymous/unverified"
SCREEN_MARKER_PX = 14  # on screen markers are click targets too


def quote_html(quote: str) -> str:
    return wrapped_html(f"“{quote}”")


def marker_px(page: Page, plot: Plot) -> float:
    if not page.size.height:  # on screen: big enough to point at and click
        return max(6.0, min(plot.row_px * 0.75, SCREEN_MARKER_PX))
    return max(6.0, min(plot.row_px * 0.75, page.font * 0.95))


def is_hollow(attribution: str) -> bool:
    return attribution != ON_RECORD


def hollow_marks(attributions: pd.Series) -> np.ndarray:
    """Per statement, whether its marker is hollow (:func:`is_hollow`), for a whole column at once."""
    return (attributions != ON_RECORD).to_numpy(dtype=bool)


def hover_rows(frame: pd.DataFrame, fields: list[str]):
    """``frame``'s rows as named tuples of ``fields``, for hover texts: as ``itertuples`` gives them, the
    columns made Python objects first (a pyarrow string column hands out its values one call each)."""
    return frame[fields].astype(object).itertuples(index=False)


def statement_hover(row, proposal_title: str = "") -> str:
    """Everything about one statement, escaped: who, where, when, what, in whose words, per whom."""
    who = f"<b>{esc(row.actor)}</b>" + (f" · {esc(row.role)}" if row.role else "")
    attribution = ATTRIBUTION_LABELS.get(row.attribution, row.attribution)
    lines = [
        who,
        esc(country_name(row.country)),
        esc(date_words(row.date, row.date_precision)),
        f"<b>{esc(position_label(row.position))}</b> · {esc(attribution)}",
    ]
    if proposal_title:
        lines.append(f"on {esc(proposal_title)}")
    lines += [quote_html(row.quote), f"Source: {wrapped_html(row.source)}"]
    return "<br>".join(lines)


def day_strings(days: pd.Series) -> list:
    """Days as 'YYYY-MM-DD' (None for NaT): half the figure JSON of a timestamp each."""
    values = np.datetime_as_string(days.to_numpy().astype("datetime64[D]"), unit="D").astype(object)
    values[days.isna().to_numpy()] = None
    return values.tolist()


def marker_traces(points: pd.DataFrame, size: float) -> list[go.Scatter]:
    """One scatter trace per (position, filled/hollow), colour and shape from the codebook.

    ``points`` has x, y, id, position, attribution and hover, and may have a per-point ``size``
    (markers drawn smaller where they crowd, see :func:`dodge`). The first element of each point's
    customdata is the statement id, so a clicked point maps back to its statement. Filled and
    hollow traces of one position share a legend entry (clicking it shows or hides both).
    """
    hollow_points = hollow_marks(points["attribution"])
    held = points["position"].to_numpy()
    filled_positions = set(held[~hollow_points])
    # each column taken out and worded once, then cut per trace
    xs = np.array(day_strings(points["x"]), dtype=object)
    ys = points["y"].round(3).to_numpy()
    sizes = points["size"].to_numpy() if "size" in points else None
    ids, hovers = points["id"].to_numpy(), points["hover"].to_numpy()
    traces = []
    for position in POSITIONS:
        for hollow in (False, True):
            rows = np.flatnonzero((held == position.key) & (hollow_points == hollow))
            if not len(rows):
                continue
            traces.append(
                unchecked.Scatter(
                    x=xs[rows].tolist(),
                    y=ys[rows].tolist(),
                    mode="markers",
                    name=position.label,
                    legendgroup=position.key,
                    legendrank=position.rank,
                    showlegend=not hollow or position.key not in filled_positions,
                    marker=dict(
                        symbol=position.symbol + ("-open" if hollow else ""),
                        color=position.colour,
                        size=sizes[rows].round(1).tolist()
                        if sizes is not None and (sizes[rows] != size).any()
                        else size,
                        line=dict(color=position.colour if hollow else "#FFFFFF", width=2.4 if hollow else 0.8),
                    ),
                    customdata=[[i] for i in ids[rows].tolist()],
                    hovertext=hovers[rows].tolist(),
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    return traces


MIN_MARKER_PX = 6.0
MAX_CROWD = 40  # a pile of more markers than this is left as it is: no room in a lane would part them


def dodge(x_px: list[float], size: float, room_px: float) -> tuple[list[float], list[float]]:
    """Vertical offsets (pixels) and sizes that keep one lane's markers apart.

    ``x_px``: the markers' horizontal positions in pixels, in order. Markers further apart than
    their size keep their place. A crowd (each closer than a marker's width to the next) is
    spread over slots above and below the lane's line, ``size`` apart, no further than
    ``room_px`` from it; if the slots are too few, the crowd's markers are drawn smaller (down
    to MIN_MARKER_PX), so that every centre is at least a marker width from every other.
    """
    n = len(x_px)
    offsets, sizes = [0.0] * n, [size] * n
    start = 0
    while start < n:
        stop = start + 1
        while stop < n and x_px[stop] - x_px[stop - 1] < size:
            stop += 1
        if 1 < stop - start <= MAX_CROWD:
            crowd = x_px[start:stop]
            placed = _spread(crowd, size, room_px)
            for k, (offset, marker) in enumerate(placed):
                offsets[start + k], sizes[start + k] = offset, marker
        start = stop
    return offsets, sizes


def _spread(xs: list[float], size: float, room_px: float) -> list[tuple[float, float]]:
    """Slots 0, +1, -1, +2, -2... (times the marker size) for a crowd, shrinking the markers until
    every one finds a slot at least a marker width from the others; at the smallest size the
    slot furthest from its neighbours."""
    marker = size
    while True:
        slots = [0.0]
        k = 1
        while k * marker <= room_px + 1e-9:
            slots += [k * marker, -k * marker]
            k += 1
        placed: list[tuple[float, float]] = []
        smallest = marker <= MIN_MARKER_PX
        for x in xs:
            near = [(px, py) for px, py in placed if x - px < marker]

            def gap(y: float, near=near, x=x) -> float:
                return min(((x - px) ** 2 + (y - py) ** 2) ** 0.5 for px, py in near) if near else float("inf")

            free = next((y for y in slots if gap(y) >= marker - 1e-9), None)
            if free is None:
                if not smallest:
                    break  # no room at this size: the whole crowd is tried smaller
                free = max(slots, key=gap)
            placed.append((x, free))
        else:
            return [(y, marker) for _, y in placed]
        marker = max(MIN_MARKER_PX, marker * 0.85)


def swatch(
    name: str, colour: str, symbol: str, size: float, rank: int, line: str | None = None, line_width: float = 1.5
) -> go.Scatter:
    """A legend-only entry (no points) that explains an encoding."""
    return unchecked.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        legendrank=rank,
        hoverinfo="skip",
        marker=dict(
            symbol=symbol, color=colour, size=size, line=dict(color=line or colour, width=line_width if line else 0)
        ),
    )


def hollow_swatch(points: pd.DataFrame, size: float) -> list[go.Scatter]:
    """The key to hollow markers, when some are drawn."""
    if not hollow_marks(points["attribution"]).any():
        return []
    return [swatch(HOLLOW_KEY, MUTED, "circle-open", size, 100, line=MUTED, line_width=2.4)]


def present_positions(keys: pd.Series) -> list:
    present = set(keys.unique())
    return [p for p in POSITIONS if p.key in present]
