"""Net shifts: one row per country (by its government's position) or actor, the position then and
the position now, and the direction of the move, grouped by direction.

"Then" is the position as it stood the day before the spec's ``since`` (:func:`stance.positions.net_shifts`);
with no ``since``, each row compares its first position with its latest (a country's first
government position, an actor's first statement). "Now" is the position on the as-of day. The
table is drawn with the parts of the standing table (:mod:`stance.figures.standing`).
"""

from __future__ import annotations

import pandas as pd

from .. import positions
from ..chart import ChartSpec, as_of_day
from ..codebook import country_name
from ..dates import day_text
from ..model import Dataset
from ..text import plural
from .frame import Body, message
from .geometry import Page, esc, wrapped_html
from .marks import quote_html
from .standing import (
    MAX_SCREEN_ROWS,
    Choice,
    Column,
    Quoted,
    Table,
    TableRow,
    cell_column,
    day_or_dash,
    extra_legend,
    lead_texts,
    name_chars,
    position_cell,
    position_legend,
    position_words,
    table_body,
)

NOTHING_MESSAGE = "Nothing to compare among the statements shown"
# The order of the groups: moves first, then what is new, then what did not move.
GROUPS = (positions.TOWARDS, positions.AWAY, positions.CHANGED, positions.NEW, positions.UNCHANGED)
ARROWS = {
    positions.TOWARDS: "▲",
    positions.AWAY: "▼",
    positions.CHANGED: "↔",
    positions.NEW: "+",
    positions.UNCHANGED: "=",
}
GROUP_WORDS = {
    positions.TOWARDS: "Towards support",
    positions.AWAY: "Away from support",
    positions.CHANGED: "Changed (to or from split or no statement)",
    positions.NEW: "New (no position before)",
    positions.UNCHANGED: "Unchanged",
}


SHORT_WORDS = {positions.TOWARDS: "towards", positions.AWAY: "away"}


def direction_words(direction: str) -> str:
    """'▲ towards support': the arrow and the word."""
    return f"{ARROWS.get(direction, '')} {direction}".strip()


def direction_choice(direction: str) -> Choice:
    """'▲ towards support', or '▲ towards' in a narrow column."""
    short = f"{ARROWS.get(direction, '')} {SHORT_WORDS.get(direction, direction)}".strip()
    return Choice((direction_words(direction), short))


def _hover(row, by: str, then_words: str, now_words: str, proposal_title: str) -> str:
    head = f"<b>{esc(row.name)}</b>"
    if by == "actor" and row.country:
        head += f" · {esc(country_name(row.country))}"
    if proposal_title:
        head += f" · {esc(proposal_title)}"

    def side(label: str, position: str, held: str, when, statement_id: str) -> str:
        text = f"{esc(label)}: <b>{esc(position_words(position, held, by))}</b>"
        if when is not None and not pd.isna(when):
            text += f" (last heard {esc(day_text(when))}"
            text += f", statement {esc(statement_id)})" if statement_id else ")"
        return text

    lines = [
        head,
        side(then_words, row.from_position, row.from_positions, row.from_date, row.from_id),
        side(now_words, row.to_position, row.to_positions, row.to_date, row.to_id),
        f"<b>{esc(direction_words(row.direction))}</b>",
    ]
    if by == "country" and row.to_actor:
        lines.append(f"Latest: {esc(row.to_actor)}")
    if row.to_quote:
        lines.append(quote_html(row.to_quote))
    if row.to_source:
        lines.append(f"Source: {wrapped_html(row.to_source)}")
    return "<br>".join(lines)


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    by = spec.by
    as_of = as_of_day(spec, dataset)
    rows = positions.net_shifts(shown, spec.since, as_of.date() if as_of is not None else None, by)
    then_words = f"Before {day_text(spec.since)}" if spec.since is not None else "First"
    if rows.empty:
        return message(page, NOTHING_MESSAGE)
    now_words = f"As of {day_text(as_of)}" if as_of is not None else "Latest"
    several = rows["proposal"].nunique() > 1
    order = {d: i for i, d in enumerate(GROUPS)}
    rows = (
        rows.assign(
            _group=rows["direction"].map(order),
            _proposal=rows["proposal"].map(dataset.proposal_title),
            _name=rows["name"].str.lower(),
        )
        .sort_values(["_group", "_proposal", "_name"], kind="stable")
        .reset_index(drop=True)
    )
    then_cells = [
        position_cell(p, h, False, by) for p, h in zip(rows["from_position"], rows["from_positions"], strict=True)
    ]
    now_cells = [position_cell(p, h, False, by) for p, h in zip(rows["to_position"], rows["to_positions"], strict=True)]
    columns = [Column("Country" if by == "country" else "Actor", name_chars(rows["name"]), min_chars=10)]
    if several:
        columns.append(Column("Proposal", name_chars(rows["proposal"].map(dataset.proposal_title), 40), min_chars=8))
    if by == "actor":
        columns.append(Column("Country", 14, min_chars=8))
    columns += [
        cell_column(then_words, then_cells),
        cell_column(now_words, now_cells),
        Column("Direction", max(len(direction_words(d)) for d in rows["direction"]), min_chars=11),
        Column("Heard then", 11, min_chars=11),
        Column("Heard now", 11, min_chars=11),
        Column("Latest statement (quote · source)", 30, flexible=True, min_chars=20),
    ]
    table_rows: list[TableRow] = []
    left_out = 0  # rows past the most a page draws: counted, not built (their hovers would be thrown away)
    for group, members in rows.groupby("_group", sort=True):
        direction = GROUPS[int(str(group))]
        room = MAX_SCREEN_ROWS - len(table_rows) - 1
        left_out += len(members) - max(0, min(room, len(members)))
        if room <= 0:
            continue
        table_rows.append(TableRow([], heading=f"{ARROWS[direction]} {GROUP_WORDS[direction]} ({len(members)})"))
        for row in members.head(room).itertuples():
            k = int(str(row.Index))
            title = dataset.proposal_title(str(row.proposal)) if several else ""
            texts = lead_texts(row, dataset, several, by)
            texts += [
                then_cells[k],
                now_cells[k],
                direction_choice(str(row.direction)),
                day_or_dash(row.from_date),
                day_or_dash(row.to_date),
                Quoted(str(row.to_quote or ""), str(row.to_source or "")),
            ]
            hover = _hover(row, by, then_words, now_words, title)
            table_rows.append(TableRow(texts, hover, str(row.to_id or row.from_id or "")))
    held = {*rows["from_position"], *rows["to_position"]}
    legend = position_legend(page.tick_px) + extra_legend(
        page.tick_px, split=positions.SPLIT in held, none=positions.NONE in held, stale=False, by=by
    )
    moved = int(rows["direction"].isin([positions.TOWARDS, positions.AWAY, positions.CHANGED]).sum())
    noun = ("country", "countries") if by == "country" else ("actor", "actors")
    scope = (
        f"{then_words}: as it stood the day before {day_text(spec.since)}"
        if spec.since is not None
        else "No 'since' date: each row compares the first statement with the latest"
    )
    legend_title = " · ".join(
        [
            scope,
            now_words + (" (the data's cut-off)" if spec.as_of is None and as_of is not None else ""),
            f"{plural(moved, *noun)} moved" + (" (by government position)" if by == "country" else ""),
        ]
    )
    table = Table(columns, table_rows, legend, legend_title, left_out)
    return table_body(page, table, noun)
