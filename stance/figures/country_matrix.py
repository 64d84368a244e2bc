"""Country matrix: countries by period, each cell the country's position by the country rule
(:mod:`stance.positions`: what its government in office last said) on the period's last day.

A split government shows both positions (two colours, "S/H"); a country with no government
statement is light grey with "–"; a position not restated for the stale age is paler. The
voices that do not decide (opposition, former office holders, anonymous sources) are in the hover.
Institutions (EU, NATO) are rows of their own, below the countries.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import analysis, positions
from ..chart import ChartSpec
from ..codebook import (
    POSITION_BY_KEY,
    POSITIONS,
    actor_type_label,
    country_name,
    is_institution,
    position_label,
)
from ..dates import day_text
from ..model import Dataset, group_codes
from ..text import plural
from .axes import category_axis, group_separators, row_axis, with_top_axis
from .frame import Body
from .geometry import Page, esc, plot_area
from .grid import (
    CARRIED,
    CARRIED_KEY,
    STALE,
    STATED,
    cell_code,
    cell_heatmap,
    cell_text_px,
    grid_gap,
    grid_traces,
    pale_swatch,
    position_palette,
    position_swatches,
    stale_key,
    stale_swatch,
    state_text_colour,
)
from .marks import hover_rows, swatch
from .theme import MIXED_COLOUR, MUTED, NONE_COLOUR

SPLIT_KEY = "Two colours (S/H): government split"
NONE_KEY = "– Grey: no government statement"
LEGEND_TITLE = (
    "Colour and letter: the government's position (see the country rule); "
    "opposition, former office holders and anonymous sources do not decide"
)
MAX_VOICES = 4  # government voices named in a hover; the rest counted (a cell's hover stays short)
MAX_BESIDE = 4  # voices beside named in a hover; the rest counted
STOOD_COLUMNS = ["actor", "proposal", "date", "id", "attribution", "position"]
MAX_COUNTRY_ROWS = 70  # every country and institution of one proposal; more proposals than fit: filter by proposal


def _letters(positions_held: str, state: int) -> str:
    """'S', or 'S/H' for a split government, bold when stated in the period, italic otherwise."""
    letters = "/".join(esc(POSITION_BY_KEY[p].glyph) for p in positions_held.split(positions.POSITION_SEPARATOR))
    return f"<b>{letters}</b>" if state == STATED else f"<i>{letters}</i>"


@lru_cache(maxsize=4096)
def _day_html(day: pd.Timestamp) -> str:
    """A day in words, escaped: the same few hundred days recur in thousands of hover lines."""
    return esc(day_text(day))


@lru_cache(maxsize=65536)
def _voice_line(actor: str, kind: str, position: str, said: pd.Timestamp) -> str:
    return f"{esc(actor)} ({esc(actor_type_label(kind).lower())}): {esc(position_label(position))}, {_day_html(said)}"


def _beside_by_cell(shown: pd.DataFrame, days: list[pd.Timestamp]) -> dict[tuple, list[str]]:
    """(country, proposal, day) -> the voices beside the government, one line each (at most MAX_BESIDE
    named, the rest counted). Lines are worked out only for the voices named."""
    beside = positions.voices_beside_on(shown, days)  # the frame itself: the rule's facts of it are shared
    if beside.empty:
        return {}
    cell = group_codes(beside, ["country", "proposal", "day"])[0]  # grouped on the days' numbers
    place = pd.Series(cell).groupby(cell).cumcount().to_numpy()
    named = beside.loc[place < MAX_BESIDE, ["country", "proposal", "day", "actor", "type", "position", "date"]]
    out: dict[tuple, list[str]] = {}
    for country, proposal, day, actor, kind, position, said in zip(
        *(named[c].tolist() for c in named.columns), strict=True
    ):
        out.setdefault((country, proposal, days[day]), []).append(_voice_line(actor, kind, position, said))
    sizes = np.bincount(cell)
    firsts = np.unique(cell, return_index=True)[1]  # each cell's first voice
    countries, proposals, cell_days = (beside[c].to_numpy() for c in ["country", "proposal", "day"])
    for number in np.flatnonzero(sizes > MAX_BESIDE):
        first = firsts[number]
        key = (countries[first], proposals[first], days[cell_days[first]])
        out[key].append(f"and {sizes[number] - MAX_BESIDE} more")
    return out


def _government_voices(shown: pd.DataFrame, cells: pd.DataFrame) -> dict[tuple, list[str]]:
    """(proposal, day, names) -> the government voices behind a cell, each with the position and date it
    stands by (:func:`positions.stood_by`), worked out for every day at once over the statements of
    the actors the cells name only, and once per distinct set of names."""
    named = {name for names in cells["actor"].unique() if names for name in str(names).split("; ")}
    deciding = shown.loc[positions.decides(shown) & shown["actor"].isin(named), STOOD_COLUMNS]
    days = list(pd.DatetimeIndex(cells["day"].unique()))
    stood = positions.stood_by_on(deciding, days)
    held = {
        (days[day], actor, proposal): (position, said)
        for day, actor, proposal, position, said in zip(
            *(stood[c].tolist() for c in ["day", "actor", "proposal", "position", "date"]), strict=True
        )
    }
    out: dict[tuple, list[str]] = {}
    for proposal, day, names in cells[["proposal", "day", "actor"]].drop_duplicates().itertuples(index=False):
        voices = [(name, held.get((day, name, proposal), (None, None))) for name in str(names).split("; ") if names]
        lines = [f"{esc(name)}: {esc(position_label(str(p)))}, {_day_html(d)}" for name, (p, d) in voices if p]
        more = [f"and {len(lines) - MAX_VOICES} more"] if len(lines) > MAX_VOICES else []
        out[(proposal, day, names)] = lines[:MAX_VOICES] + more
    return out


def proposals_note(drawn: list[str], proposals: list[str], dataset: Dataset) -> str:
    """' · Drawn: Air policing (1 of 20 proposals; the proposal filter shows others)', or '' when all are drawn."""
    if len(drawn) == len(proposals):
        return ""
    titles = ", ".join(dataset.proposal_title(p) for p in drawn)
    return f" · Drawn: {titles} ({len(drawn)} of {len(proposals)} proposals; the proposal filter shows others)"


def drawn_proposals(proposals: list[str], countries: int, most_rows: int) -> list[str]:
    """The proposals whose rows a chart of ``countries`` rows each draws: all when they fit in
    ``most_rows``, else as many as fit (one at least), in the order given."""
    return proposals[: max(1, most_rows // max(countries, 1))]


# what a cell's hover reads
HOVER_FIELDS = ["country", "proposal", "day", "actor", "position", "positions", "since", "last_heard", "state"]
HOVER_FIELDS += ["anonymous_only", "statements"]


def _country_hover(cell, label: str, period: str, voices: list[str], beside: list[str], months: int) -> str:
    head = f"<b>{esc(country_name(cell.country))}</b> · {esc(label)}"
    if cell.position == positions.NONE:
        lines = [head, "<b>No government statement</b>"]
    else:
        held = cell.positions.split(positions.POSITION_SEPARATOR)
        verdict = (
            "Government split: <b>" + " / ".join(esc(position_label(p)) for p in held) + "</b>"
            if cell.position == positions.SPLIT
            else f"Government: <b>{esc(position_label(cell.position))}</b>"
        )
        heard = f"Since {day_text(cell.since)} · last heard {day_text(cell.last_heard)}"
        if cell.state == STALE:
            heard += f" (stale: not restated for {months} months)"
        lines = [head, verdict, esc(heard)]
        if cell.anonymous_only:
            lines.append("Anonymous or unverified sources only")
        lines += ["Government voices:", *[f"· {v}" for v in voices]]
    if beside:
        lines += ["Beside (do not decide):", *[f"· {b}" for b in beside]]
    spoke = (
        f"{plural(cell.statements, 'statement')} this {period}" if cell.statements else f"No statement this {period}"
    )
    return "<br>".join([*lines, esc(spoke)])


def _row_keys(cells: pd.DataFrame, several: bool) -> list[tuple[str, str]]:
    """Countries by name, then institutions (EU, NATO) by name; by proposal within each when several."""
    keys = dict.fromkeys(zip(cells["country"].tolist(), cells["proposal"].tolist(), strict=True))
    return sorted(keys, key=lambda key: (is_institution(key[0]), country_name(key[0]), key[1]))


def _split_overlay(cells: pd.DataFrame, n_rows: int, n_cols: int, palette: list[str], gap: int) -> list:
    """The second position of each split cell, drawn over the cell's right half (a heatmap of
    half columns: its x values are the cells' edges). No hover of its own: the cell's shows through."""
    split = cells.loc[cells["position"] == positions.SPLIT, ["row", "col", "positions", "state"]]
    if split.empty:
        return []
    z: list[list[int | None]] = [[None] * (2 * n_cols) for _ in range(n_rows)]
    for row, col, held, state in zip(*(split[c].tolist() for c in split.columns), strict=True):
        second = held.split(positions.POSITION_SEPARATOR)[1]
        z[row][2 * col + 1] = cell_code(second, state)
    return [cell_heatmap(z, [-0.5 + k / 2 for k in range(2 * n_cols + 1)], palette, gap, None, "split cells")]


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    filters = spec.filters
    proposals = sorted(shown["proposal"].unique(), key=dataset.proposal_title)
    drawn = drawn_proposals(proposals, shown["country"].nunique(), MAX_COUNTRY_ROWS)
    if len(drawn) < len(proposals):
        shown = shown.loc[shown["proposal"].isin(drawn)]
    cells = analysis.country_matrix(shown, spec.period, filters.date_from, filters.date_to)
    several = len(drawn) > 1
    keys = _row_keys(cells, several)
    rows = {key: n for n, key in enumerate(keys)}
    periods = sorted(cells["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    end = pd.Timestamp(filters.date_to) if filters.date_to else dataset.cutoff
    period_ends = pd.Series(analysis.period_end(pd.DatetimeIndex(periods), spec.period), index=periods)
    days = period_ends.where(period_ends <= end, end) if end is not None else period_ends
    cells = cells.assign(
        row=[rows[k] for k in zip(cells["country"], cells["proposal"], strict=True)],
        col=cells["period"].map({p: i for i, p in enumerate(periods)}),
        day=cells["period"].map(days),
    )
    overdue = cells["last_heard"] < cells["day"] - pd.DateOffset(months=spec.stale_months)
    cells["state"] = np.where(overdue, STALE, np.where(cells["carried"], CARRIED, STATED))
    palette = position_palette() + [NONE_COLOUR]
    none_code = len(palette) - 1
    decided = cells["position"] != positions.NONE
    cells["code"] = [
        cell_code(held.split(positions.POSITION_SEPARATOR)[0], state) if ok else none_code
        for held, state, ok in zip(cells["positions"], cells["state"], decided, strict=True)
    ]
    cells["text"] = [
        _letters(held, state) if ok else "–"
        for held, state, ok in zip(cells["positions"], cells["state"], decided, strict=True)
    ]
    cells["text_colour"] = [
        state_text_colour(state) if ok else MUTED for state, ok in zip(cells["state"], decided, strict=True)
    ]
    voices = _government_voices(shown, cells)
    beside = _beside_by_cell(shown, sorted(set(cells["day"])))
    cells["hover"] = [
        _country_hover(
            c,
            labels[col],
            spec.period,
            voices[(c.proposal, c.day, c.actor)],
            beside.get((c.country, c.proposal, c.day), []),
            spec.stale_months,
        )
        for c, col in zip(hover_rows(cells, HOVER_FIELDS), cells["col"].tolist(), strict=True)
    ]
    held = {p for value in cells["positions"] for p in value.split(positions.POSITION_SEPARATOR) if p}
    shown_positions = [p for p in POSITIONS if p.key in held]
    has_split = bool((cells["position"] == positions.SPLIT).any())
    has_none = bool((~decided).any())
    has_stale = bool((cells["state"] == STALE).any())
    legend = (
        [f"{p.label} ({p.glyph})" for p in shown_positions]
        + ([SPLIT_KEY] if has_split else [])
        + ([NONE_KEY] if has_none else [])
        + [CARRIED_KEY]
        + ([stale_key(spec.stale_months)] if has_stale else [])
    )
    row_names = [country_name(c) + (f" · {p}" if several else "") for c, p in keys]
    plot = plot_area(
        page,
        rows=len(keys),
        row_labels=row_names,
        screen_row_px=28,
        legend_names=legend,
        x_labels=labels,
        period_labels=True,
        top_axis=True,
        legend_title=LEGEND_TITLE + proposals_note(drawn, proposals, dataset),
    )
    held_counts = [len(p.split(positions.POSITION_SEPARATOR)) for p in cells["positions"]]
    gap = grid_gap(plot)
    text_px = cell_text_px(page, plot, len(periods), 2 * max(held_counts, default=1) - 1)  # 'S' or 'S/H'
    cell_traces = grid_traces(cells, len(keys), len(periods), palette, text_px, gap)
    swatch_px = page.tick_px
    institutions = pd.Series([is_institution(c) for c, _ in keys])
    return with_top_axis(
        Body(
            plot,
            traces=(
                cell_traces[:1]  # the cells, their split halves, then the letters over both
                + _split_overlay(cells, len(keys), len(periods), palette, gap)
                + cell_traces[1:]
                + position_swatches(shown_positions, swatch_px)
                + ([swatch(SPLIT_KEY, MIXED_COLOUR, "square", swatch_px, 97)] if has_split else [])
                + ([swatch(NONE_KEY, NONE_COLOUR, "square", swatch_px, 98, line=MUTED)] if has_none else [])
                + [pale_swatch(swatch_px)]
                + ([stale_swatch(swatch_px, spec.stale_months)] if has_stale else [])
            ),
            xaxis=category_axis(plot, page, len(periods)),
            yaxis=row_axis(row_names, plot),
            shapes=group_separators(institutions),
        )
    )
