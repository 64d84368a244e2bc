"""Timeline: one lane per actor, a marker per statement, the position held as a band, a ring
at every change of position, key events and the since date as labelled lines."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import analysis, positions
from ..chart import ChartSpec
from ..codebook import POSITIONS, country_name, position_label
from ..dates import day_text, day_texts
from ..model import Dataset, chronological, group_codes
from . import unchecked
from .axes import actor_lanes, group_shading, lanes_span, row_axis, several_proposals, with_top_axis
from .events import event_labels, event_traces, on_date_axis
from .frame import Body
from .geometry import Page, esc, plot_area
from .marks import (
    HOLLOW_KEY,
    day_strings,
    dodge,
    hollow_marks,
    hollow_swatch,
    hover_rows,
    marker_px,
    marker_traces,
    present_positions,
    statement_hover,
)
from .theme import INK, LANE_LINE, MUTED

RING_KEY = "Ring: changed position"
STALE_OPACITY = 0.5
END_KEY = "End: left office"


def stale_key(months: int) -> str:
    return f"Dashed pale band: not restated for {months} months"


def _date_span(spec: ChartSpec, span: tuple[pd.Timestamp, pd.Timestamp]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shown range: the filter's dates where set, the statements' (``span``) otherwise."""
    start = pd.Timestamp(spec.filters.date_from) if spec.filters.date_from else span[0]
    end = pd.Timestamp(spec.filters.date_to) if spec.filters.date_to else span[1]
    return start, end


def left_office_days(statements: pd.DataFrame) -> pd.Series:
    """Per statement, the day its actor left office (NaT while in office; one day per actor)."""
    return positions.left_office(statements).groupby(statements["actor"]).transform("max")


def held_segments(statements: pd.DataFrame, end: pd.Timestamp, stale_months: int) -> pd.DataFrame:
    """Each statement's held position as a band: from the statement to the actor's next one (or
    ``end``), cut at the day the actor left office if it spoke before it; the part after
    ``stale_months`` without a new statement is stale. ``statements``: in the order they were made.

    Columns: row, position, start, stop (end of the band), fresh_stop (end of its fresh part),
    cut (the band ends because the actor left office), last_heard. By lane, then start.
    """
    by_lane = np.argsort(statements["row"].to_numpy(), kind="stable")  # in each lane, still in the order made
    s = statements[["row", "date", "position", "actor", "left_office"]].take(by_lane)
    lanes = s["row"].to_numpy()
    next_in_lane = np.r_[lanes[1:] == lanes[:-1], False]
    until = s["date"].shift(-1).where(next_in_lane).fillna(end)
    left = left_office_days(s)
    cut = left.notna() & (s["date"] < left) & (left < until)
    stop = until.where(~cut, left)
    stop = stop.where(stop >= s["date"], s["date"])
    stale_from = s["date"] + pd.DateOffset(months=stale_months)
    fresh_stop = stop.where(stop <= stale_from, stale_from)
    return pd.DataFrame(
        {
            "row": s["row"],
            "position": s["position"],
            "start": s["date"],
            "stop": stop,
            "fresh_stop": fresh_stop,
            "cut": cut,
            "left_office": left,
            "actor": s["actor"],
        }
    )


def joined_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """Segments that continue one another (the same position, the next statement of the lane, nothing
    stale or cut between them) as one: the same bands, drawn with a point or two per run, not per statement.
    ``segments``: as :func:`held_segments` gives them, by lane, then start."""
    if segments.empty:
        return segments[["row", "position", "start", "stop", "fresh_stop"]]
    lanes, held = segments["row"].to_numpy(), segments["position"].to_numpy()
    broken = ((segments["stop"] > segments["fresh_stop"]) | segments["cut"]).to_numpy()
    starts = np.flatnonzero(np.r_[True, (lanes[1:] != lanes[:-1]) | (held[1:] != held[:-1]) | broken[:-1]])
    lasts = np.r_[starts[1:] - 1, len(segments) - 1]
    return pd.DataFrame(
        {
            "row": lanes[starts],
            "position": held[starts],
            "start": segments["start"].to_numpy()[starts],
            "stop": segments["stop"].to_numpy()[lasts],
            "fresh_stop": segments["fresh_stop"].to_numpy()[lasts],
        }
    )


def _band_trace(
    rows: np.ndarray, since: np.ndarray, until: np.ndarray, position, width: float, stale: bool
) -> go.Scatter:
    n = len(rows)
    xs = np.full(3 * n, None, dtype=object)
    ys = np.full(3 * n, None, dtype=object)
    xs[0::3], xs[1::3] = since, until
    ys[0::3] = ys[1::3] = rows
    return unchecked.Scatter(
        x=xs.tolist(),
        y=ys.tolist(),
        mode="lines",
        line=dict(color=position.tint, width=width, dash="dash" if stale else "solid"),
        opacity=STALE_OPACITY if stale else 1.0,
        hoverinfo="skip",
        showlegend=False,
        name=f"{position.label} held" + (" (stale)" if stale else ""),
    )


def held_bands(segments: pd.DataFrame, width: float) -> list[go.Scatter]:
    """A pale band per held position; its stale part dashed and fainter, one trace per position and kind."""
    traces = []
    segments = joined_segments(segments)
    rows, held = segments["row"].to_numpy(), segments["position"].to_numpy()
    start, fresh_stop, stop = (
        np.array(day_strings(segments[c]), dtype=object) for c in ("start", "fresh_stop", "stop")
    )
    stale = (segments["stop"] > segments["fresh_stop"]).to_numpy()
    for position in POSITIONS:
        fresh = np.flatnonzero(held == position.key)
        if len(fresh):
            traces.append(_band_trace(rows[fresh], start[fresh], fresh_stop[fresh], position, width, stale=False))
        old = np.flatnonzero((held == position.key) & stale)
        if len(old):
            traces.append(_band_trace(rows[old], fresh_stop[old], stop[old], position, width, stale=True))
    return traces


def _end_marks(segments: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, size: float) -> list[go.Scatter]:
    """A short vertical bar where a band ends because its actor left office."""
    ends = segments.loc[segments["cut"] & (segments["stop"] >= start) & (segments["stop"] <= end)]
    if ends.empty:
        return []
    return [
        unchecked.Scatter(
            x=list(ends["stop"]),
            y=list(ends["row"]),
            mode="markers",
            marker=dict(symbol="line-ns", size=size * 1.3, line=dict(color=INK, width=max(2.0, size * 0.2))),
            hovertext=[
                f"<b>{esc(a)}</b><br>Left office on {esc(day_text(d))}<br>Last heard {esc(day_text(h))}"
                for a, d, h in zip(ends["actor"], ends["stop"], ends["start"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            name=END_KEY,
            legendrank=102,
        )
    ]


def _stale_swatch(months: int, width: float) -> go.Scatter:
    return unchecked.Scatter(
        x=[None],
        y=[None],
        mode="lines",
        line=dict(color=MUTED, width=max(3.0, width * 0.5), dash="dash"),
        opacity=STALE_OPACITY,
        name=stale_key(months),
        legendrank=103,
        hoverinfo="skip",
    )


def _rings(points: pd.DataFrame) -> list[go.Scatter]:
    """One trace of dark open circles around the markers of statements that changed the actor's position."""
    rings = points.loc[points["ring"]]
    if rings.empty:
        return []
    return [
        unchecked.Scatter(
            x=day_strings(rings["x"]),
            y=rings["y"].round(3).tolist(),
            mode="markers",
            marker=dict(
                symbol="circle-open", size=(rings["size"] * 1.6).round(1).tolist(), color=INK, line=dict(width=1.6)
            ),
            hoverinfo="skip",
            name=RING_KEY,
            legendrank=101,
        )
    ]


GATHERED_LISTED = 3  # statements a gathered marker's hover lists briefly (the latest first); the rest counted
BRIEF_QUOTE_CHARS = 40
MARKER_ROOM = 2  # a lane holds at most one marker per this many marker widths; more are gathered
BIN_WIDTHS = (1, 2, 4, 8, 16, 32, 64)  # gathering widths tried, in marker widths: the first that fits


def _brief(day: str, source: str, quote: str) -> str:
    """'12 Mar 2025 · Le Monde: “We will not…”': one statement of a gathered marker, in a line (``day``
    worded by :func:`day_text`)."""
    words = " ".join(str(quote).split())
    words = words if len(words) <= BRIEF_QUOTE_CHARS else words[: BRIEF_QUOTE_CHARS - 1].rstrip() + "…"
    return f"· {esc(day)} · {esc(source)}: “{esc(words)}”"


# what statement_hover and gathered_hover read (a statement's, and a gathered marker's)
STATEMENT_FIELDS = ["actor", "role", "country", "date", "date_precision", "position", "attribution", "quote"]
STATEMENT_FIELDS += ["source", "id"]
HOVER_FIELDS = [*STATEMENT_FIELDS, "count", "first", "briefs"]


def gathered_hover(marker, proposal_title: str = "") -> str:
    """A marker standing for several statements: who, how many, from when to when, the position, the
    latest few in a line each, and that a click opens the latest (``marker``: a row of :func:`_gathered`)."""
    who = f"<b>{esc(marker.actor)}</b>" + (f" · {esc(marker.role)}" if marker.role else "")
    lines = [
        who,
        esc(country_name(marker.country)),
        f"<b>{marker.count} statements</b>, {esc(day_text(marker.first))} to {esc(day_text(marker.date))}",
        f"<b>{esc(position_label(marker.position))}</b>",
    ]
    if proposal_title:
        lines.append(f"on {esc(proposal_title)}")
    lines.append(marker.briefs)
    if marker.count > GATHERED_LISTED:
        lines.append(f"and {marker.count - GATHERED_LISTED} earlier")
    lines.append(f"Click for the latest ({esc(marker.id)}); a shorter date range shows each")
    return "<br>".join(lines)


def _bins(statements: pd.DataFrame, size: float, plot_width: float) -> np.ndarray:
    """Per statement, the gathering group within its lane, position and kind of marker: its own for a
    lane with room for a marker each; else the statement's slot of the narrowest width (in
    BIN_WIDTHS) at which the lane's markers number at most one per MARKER_ROOM marker widths."""
    n = len(statements)
    fit = max(1, int(plot_width // (size * MARKER_ROOM)))
    rows = statements["row"].to_numpy().astype(np.int64)
    kinds = pd.factorize(statements["position"])[0] * 2 + hollow_marks(statements["attribution"])
    px = statements["px"].to_numpy()
    lanes = rows.max() + 1 if n else 1
    bins = -1 - np.arange(n, dtype=np.int64)  # a group of its own
    width = np.zeros(lanes)  # per lane, the gathering width chosen (0: none needed)
    for step in (0, *BIN_WIDTHS):
        slot = bins if step == 0 else (px // (size * step)).astype(np.int64)
        key = (rows * 16 + kinds) * (1 << 30) + slot
        first = np.unique(key, return_index=True)[1]
        markers = np.bincount(rows[first], minlength=lanes)
        choose = (width == 0) & (markers <= fit) if step else markers <= fit
        width[choose] = step or -1
        if (width != 0).all():
            break
    width[width == 0] = BIN_WIDTHS[-1]
    lane_width = width[rows]
    return np.where(lane_width < 0, bins, (px // (size * np.maximum(lane_width, 1))).astype(np.int64))


def _gathered(statements: pd.DataFrame, size: float, plot_width: float) -> pd.DataFrame:
    """Lanes with more statements than markers read, gathered (:func:`_bins`): one marker per lane,
    position, kind of marker (filled or hollow) and slot, at the latest statement of its group and
    standing for all. ``statements`` are in the order they were made, with ``row``, ``px`` (pixels
    across the plot) and ``ring`` (changed position). Returns the latest statement of each group with
    ``count``, ``first`` (the first one's date), ``briefs`` (the latest few, a line each) and
    ``ring`` (any of them changed position)."""
    keys = pd.DataFrame(
        {
            "row": statements["row"].to_numpy(),
            "position": statements["position"].to_numpy(),
            "hollow": hollow_marks(statements["attribution"]),
            "bin": _bins(statements, size, plot_width),
        }
    )
    group = group_codes(keys, ["row", "position", "hollow", "bin"])[0]
    sizes = np.bincount(group)
    made = np.argsort(group, kind="stable")  # each group's statements together, in the order made
    starts = np.cumsum(sizes) - sizes  # where each group begins in ``made``
    place = np.empty(len(group), dtype=np.int64)  # each statement's place in its group
    place[made] = np.arange(len(group)) - np.repeat(starts, sizes)
    from_last = sizes[group] - 1 - place
    last = from_last == 0
    markers = statements.loc[last].copy()
    at = group[last]
    markers["count"] = sizes[at]
    markers["ring"] = (np.bincount(group, weights=statements["ring"].to_numpy()) > 0)[at]
    markers["first"] = statements["date"].to_numpy()[made[starts]][at]
    listed = made[((from_last < GATHERED_LISTED) & (sizes[group] > 1))[made]]
    lines = [
        _brief(day, source, quote)
        for day, source, quote in zip(
            day_texts(statements["date"].to_numpy()[listed]),
            statements["source"].to_numpy()[listed],
            statements["quote"].to_numpy()[listed],
            strict=True,
        )
    ]
    briefs: dict[int, str] = {}
    for number, line in zip(group[listed].tolist(), lines, strict=True):  # the latest first
        briefs[number] = f"{line}<br>{briefs[number]}" if number in briefs else line
    markers["briefs"] = [briefs.get(number, "") for number in at.tolist()]
    return markers


def _dodged(points: pd.DataFrame, size: float, row_px: float, px_per_day: float) -> pd.DataFrame:
    """Points with y moved within their lane, and sizes, so no two markers of a lane overlap.

    Only lanes where two markers fall closer than a marker's width are worked on (:func:`dodge`)."""
    px = ((points["x"] - points["x"].min()).dt.total_seconds() / 86_400 * px_per_day).to_numpy()
    rows = points["y"].to_numpy()
    order = np.lexsort((px, rows))
    close = (np.diff(rows[order]) == 0) & (np.diff(px[order]) < size)
    y = rows.astype(float)
    sizes = np.full(len(points), float(size))
    for row in np.unique(rows[order][1:][close]):
        lane = order[rows[order] == row]
        offsets, marker_sizes = dodge(px[lane].tolist(), size, row_px * 0.5)  # Python floats: quicker sums
        y[lane] = row + np.array(offsets) / row_px
        sizes[lane] = marker_sizes
    return points.assign(y=y, size=sizes)


# what the lanes, bands, markers and their hover texts read
DRAWN_COLUMNS = [*STATEMENT_FIELDS, "proposal", "left_office"]


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    several = several_proposals(shown, page.lanes)
    lanes = actor_lanes(shown, by_proposal=several, countries=spec.filters.countries)
    key = ["actor", "proposal"] if several else ["actor"]
    ring = np.zeros(len(shown), dtype=bool)  # the statements that changed position
    ring[analysis.changes(shown)[1]] = True
    order = chronological(shown)  # as analysis.ordered, with only the columns drawn
    s = shown[DRAWN_COLUMNS].take(order).reset_index(drop=True).assign(ring=ring[order])
    row_of = dict(zip(zip(*(lanes[c].tolist() for c in key), strict=True), lanes["row"].tolist(), strict=True))
    s["row"] = [row_of[k] for k in zip(*(s[c].tolist() for c in key), strict=True)]
    start, end = _date_span(spec, lanes_span(s, page.lanes))
    segments = held_segments(s, end, spec.stale_months)
    has_stale = bool((segments["stop"] > segments["fresh_stop"]).any())
    has_ends = bool((segments["cut"] & (segments["stop"] >= start) & (segments["stop"] <= end)).any())
    positions = present_positions(s["position"])
    legend = [p.label for p in positions] + ([HOLLOW_KEY] if hollow_marks(s["attribution"]).any() else [])
    legend += [RING_KEY] if ring.any() else []
    legend += ([stale_key(spec.stale_months)] if has_stale else []) + ([END_KEY] if has_ends else [])
    area = partial(
        plot_area,
        page,
        rows=len(lanes),
        row_labels=lanes["label"],
        screen_row_px=28,
        legend_names=legend,
        top_axis=True,
    )
    plot, xaxis, marks = on_date_axis(dataset.events, spec.since, start, end, page, area)
    low, high = (pd.Timestamp(v) for v in xaxis["range"])
    size = marker_px(page, plot)
    px_per_day = plot.plot_width / max((high - low).days, 1)
    s = s.assign(
        px=(s["date"] - low).dt.total_seconds().to_numpy() / 86_400 * px_per_day,
    )
    # Gathered lanes draw their bands from marker to marker: a band per statement there would be
    # narrower than the markers that hide it, and most of the figure.
    markers = _gathered(s, size, plot.plot_width)
    titles = markers["proposal"].map(dataset.proposal_title) if several else [""] * len(markers)
    points = markers[["id", "position", "attribution", "ring"]].assign(
        x=markers["date"],
        y=markers["row"],
        hover=[
            statement_hover(r, title) if r.count == 1 else gathered_hover(r, title)
            for r, title in zip(hover_rows(markers, HOVER_FIELDS), titles, strict=True)
        ],
    )
    points = _dodged(points, size, plot.row_px, px_per_day)
    yaxis = row_axis(list(lanes["label"]), plot)
    yaxis.update(showgrid=True, gridcolor=LANE_LINE)
    band_width = max(3.0, min(plot.row_px * 0.42, size * 0.6))
    return with_top_axis(
        Body(
            plot,
            # Bands thinner than the markers, so a statement never drowns in its own band on a roomy slide.
            traces=(
                held_bands(held_segments(markers, end, spec.stale_months), width=band_width)
                + event_traces(marks, len(lanes) - 0.5, -0.5, page)
                + _end_marks(segments, start, end, size)
                + marker_traces(points, size)
                + _rings(points)
                + hollow_swatch(points, page.tick_px)
                + ([_stale_swatch(spec.stale_months, band_width)] if has_stale else [])
            ),
            xaxis=xaxis,  # the plot's width, and so the ticks, are the same with the band of event labels
            yaxis=yaxis,
            shapes=group_shading(lanes["country"]),
            annotations=event_labels(marks, plot),
        )
    )
