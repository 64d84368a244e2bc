"""Current standing: a table with one row per country (by its government's position) or per actor,
as of a day, that reads on a slide.

Columns: the country or actor, the position (a cell in the position's colour with its letter; a
split government's cell is half one colour, half the other; no government statement is a grey
outline), since when it has been held, when it was last heard, who holds it, the statement behind
it (quote shortened, source) and flags. Stale rows are faded. Rows are sorted by position, then
name; a canvas of fixed size shows as many rows as stay legible and says how many more there are.
Every row's hover gives the statement behind it, and its click point carries the statement's id.

The table is drawn with ordinary cartesian traces (a horizontal bar per row for hover and click,
filled polygons for the cells, text traces), so it renders alike in the browser and in Kaleido;
:mod:`stance.figures.net_shifts` draws its table with the same parts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from .. import positions
from ..chart import ChartSpec, as_of_day
from ..codebook import ATTRIBUTIONS, POSITION_BY_KEY, POSITIONS, actor_type_label, country_name, position_label
from ..dates import date_words, day_text
from ..model import Dataset
from ..text import plural
from . import unchecked
from .frame import Body, message
from .geometry import CHAR_WIDTH, Page, Plot, esc, plot_area, wrapped_html
from .marks import quote_html, swatch
from .theme import AXIS_LINE, CARRIED_TEXT, FONT_FAMILY, GRID, INK, MUTED

ATTRIBUTION_LABELS = {a.key: a.label for a in ATTRIBUTIONS}
NONE_FILL = "#FFFFFF"  # no government statement: a white cell with a grey outline
NONE_LINE = "#9E9E9E"
SPLIT_UNKNOWN = "#E0E0E0"  # a split whose positions are not known (a grey cell)
ZEBRA = "#F5F5F5"  # every other row
FADED_TEXT = "#8C8C8C"  # the text of a stale row
STALE_KEY = "Pale: stale"
SPLIT_KEY = "Two colours: split government"
NONE_KEY = "Grey outline: no government statement"
NONE_ACTOR_KEY = "Grey outline: no statement"
MIN_ROW_EM = 1.75  # a row's height, in the table font: below this a fixed canvas shows fewer rows
MAX_ROW_EM = 2.6  # a few rows on a big canvas stay compact at the top
MAX_SCREEN_ROWS = 200  # on screen the plot grows with the rows; beyond this it says "and K more"
GAP_EM = 1.2  # space between columns
BOLD_WIDTH = 1.1  # bold headings are this much wider than the estimate
MIN_QUOTE_CHARS = 16


# ---------------------------------------------------------------- words shared with net shifts
def position_rank(position: str) -> int:
    """Support first, then hesitant, opposed, denied, then split, then no statement."""
    known = POSITION_BY_KEY.get(position)
    return known.rank if known else len(POSITIONS) + (position == positions.NONE)


def held_positions(position: str, held: object) -> list[str]:
    """The positions a row holds: one, both halves of a split, or none."""
    if position == positions.NONE:
        return []
    if position == positions.SPLIT:
        keys = [p for p in str(held or "").split(positions.POSITION_SEPARATOR) if p in POSITION_BY_KEY]
        return keys or []
    return [position] if position in POSITION_BY_KEY else []


def position_words(position: str, held: object = "", by: str = "country") -> str:
    """'Support', 'Split: Support / Hesitant', 'No government statement' (plain text)."""
    if position == positions.SPLIT:
        return "Split: " + " / ".join(position_label(p) for p in held_positions(position, held))
    if position == positions.NONE:
        return "No government statement" if by == "country" else "No statement"
    return position_label(position)


def cell_text(position: str, held: object = "", by: str = "country") -> str:
    """What a position cell says (HTML): 'S Support', 'S / H split', 'no government statement'."""
    keys = held_positions(position, held)
    if position == positions.SPLIT:
        return "<b>" + " / ".join(esc(POSITION_BY_KEY[k].glyph) for k in keys) + "</b> split"
    if not keys:
        return "no government statement" if by == "country" else "no statement"
    first = POSITION_BY_KEY[keys[0]]
    return f"<b>{esc(first.glyph)}</b> {esc(first.label)}"


def plain(html_text: str) -> str:
    """The characters an HTML cell text shows (for width estimates)."""
    out = html_text
    for tag in ("<b>", "</b>", "<i>", "</i>"):
        out = out.replace(tag, "")
    return out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def shorten(text: str, chars: int) -> str:
    """Plain text cut to ``chars`` characters with an ellipsis (escape afterwards)."""
    text = " ".join(str(text).split())
    if len(text) <= chars:
        return text
    return text[: max(1, chars - 1)].rstrip() + "…"


def name_chars(names: pd.Series, most: int = 28) -> int:
    """A name column as wide as its longest name, up to ``most`` characters."""
    return max(8, min(most, int(names.astype(str).str.len().max()) if len(names) else 8))


def day_or_dash(value) -> str:
    return "–" if value is None or pd.isna(value) else day_text(value)


# ---------------------------------------------------------------- the table's parts
@dataclass(frozen=True)
class Column:
    heading: str
    chars: int  # width, in characters of the table font
    cell: bool = False  # a coloured position cell, text centred
    flexible: bool = False  # takes the width the others leave (the statement)
    min_chars: int = 8


@dataclass
class Cell:
    """A position cell: its colours (none: an outline), faded or not, its text (HTML) and a short
    text for a narrow column ('S', 'S / H', 'none')."""

    colours: list[str]
    text: str
    faded: bool = False
    short: str = ""


@dataclass(frozen=True)
class Choice:
    """Plain texts from the longest to the shortest: the first that fits the column is drawn."""

    options: tuple[str, ...]

    def fit(self, chars: int) -> str:
        return next((o for o in self.options if len(o) <= chars), shorten(self.options[-1], chars))


@dataclass(frozen=True)
class Quoted:
    """A quote and its source, shortened to the column's width when drawn (the source kept whole
    where it fits, the quote shortened first)."""

    quote: str
    source: str

    def fit(self, chars: int) -> str:
        quote = f"“{' '.join(self.quote.split())}”" if self.quote.strip() else ""
        if not quote or not self.source:
            return shorten(quote or self.source, chars)
        source = shorten(self.source, max(10, chars // 3))
        room = chars - len(source) - 3
        if room < MIN_QUOTE_CHARS:  # a few words of a quote mislead: the source alone
            return shorten(self.source, chars)
        return f"{shorten(quote, room)} · {source}"


@dataclass
class TableRow:
    texts: list[str | Cell | Quoted | Choice]  # plain text (escaped when drawn) per column, or a part that fits
    hover: str = ""  # HTML, already escaped
    id: str = ""
    faded: bool = False
    heading: str = ""  # a group's heading row (bold, spanning the table): no cells


@dataclass
class Table:
    columns: list[Column]
    rows: list[TableRow]
    legend: list[go.Scatter] = field(default_factory=list)
    legend_title: str = ""
    left_out: int = 0  # rows not built at all: beyond the most a page draws (MAX_SCREEN_ROWS)


def cell_colours(keys: Sequence[str], faded: bool) -> list[str]:
    return [POSITION_BY_KEY[k].tint if faded else POSITION_BY_KEY[k].colour for k in keys]


def position_cell(position: str, held: object, faded: bool, by: str = "country") -> Cell:
    keys = held_positions(position, held)
    if position == positions.SPLIT and not keys:  # split, the positions not known: a grey cell
        return Cell([SPLIT_UNKNOWN], "<b>split</b>", faded, "<b>split</b>")
    glyphs = " / ".join(esc(POSITION_BY_KEY[k].glyph) for k in keys)
    short = f"<b>{glyphs}</b>" if keys else ("none" if by == "country" else "–")
    return Cell(cell_colours(keys, faded), cell_text(position, held, by), faded, short)


def cell_column(heading: str, cells: Sequence[Cell]) -> Column:
    """A position column as wide as its longest cell text, or narrower down to the short texts."""
    long = max((len(plain(c.text)) for c in cells), default=4)
    short = max((len(plain(c.short or c.text)) for c in cells), default=4)
    return Column(heading, max(10, long + 2), cell=True, min_chars=max(5, short + 2))


def position_legend(size: float) -> list[go.Scatter]:
    """Every position's colour, shape and letter: the key to the cells, whichever are drawn."""
    return [swatch(f"{p.label} ({p.glyph})", p.colour, p.symbol, size, p.rank) for p in POSITIONS]


def extra_legend(
    size: float, split: bool, none: bool, stale: bool, by: str = "country", stale_key: str = STALE_KEY
) -> list[go.Scatter]:
    entries = []
    if split:
        entries.append(swatch(SPLIT_KEY, GRID, "square", size, 90, line=INK, line_width=1))
    if none:
        entries.append(
            swatch(NONE_KEY if by == "country" else NONE_ACTOR_KEY, NONE_FILL, "square", size, 91, line=NONE_LINE)
        )
    if stale:
        entries.append(swatch(stale_key, POSITIONS[0].tint, "square", size, 92, line=AXIS_LINE, line_width=1))
    return entries


def _fit_widths(columns: list[Column], available_chars: float) -> list[int]:
    """Column widths in characters: as asked, the flexible column taking what is left; when too
    little is left, the widest other columns give way down to their minimum."""
    widths = [c.chars if c.flexible else max(c.chars, math.ceil(len(c.heading) * BOLD_WIDTH)) for c in columns]
    gaps = GAP_EM * (len(columns) - 1)
    flex = [i for i, c in enumerate(columns) if c.flexible]
    for i in flex:
        widths[i] = columns[i].min_chars
    while sum(widths) + gaps > available_chars:
        # Text columns give way first; position cells (which then show their short text) last.
        shrinkable = [i for i, c in enumerate(columns) if not c.cell and widths[i] > c.min_chars]
        shrinkable = shrinkable or [i for i, c in enumerate(columns) if c.cell and widths[i] > c.min_chars]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] = columns[widest].min_chars if columns[widest].cell else widths[widest] - 1
    left = available_chars - gaps - sum(widths)
    if flex and left > 0:
        widths[flex[0]] += int(left)
    return widths


def _polygon(xs: list, ys: list, x0: float, x1: float, y0: float, y1: float) -> None:
    xs += [x0, x1, x1, x0, x0, None]
    ys += [y0, y0, y1, y1, y0, None]


def _cell_traces(cells: list[tuple[float, float, float, Cell]], line_px: float) -> list[go.Scatter]:
    """Filled rectangles per colour (a split cell: one half each), and outlines for empty cells."""
    fills: dict[str, tuple[list, list]] = {}
    outlines: tuple[list, list] = ([], [])
    for x0, x1, y, cell in cells:
        y0, y1 = y - 0.36, y + 0.36
        if not cell.colours:
            _polygon(*outlines, x0, x1, y0, y1)
            continue
        step = (x1 - x0) / len(cell.colours)
        for k, colour in enumerate(cell.colours):
            xs, ys = fills.setdefault(colour, ([], []))
            _polygon(xs, ys, x0 + k * step, x0 + (k + 1) * step, y0, y1)
    traces = [
        unchecked.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=colour,
            line=dict(width=0, color=colour),
            hoverinfo="skip",
            showlegend=False,
            name="position cells",
        )
        for colour, (xs, ys) in fills.items()
    ]
    if outlines[0]:
        traces.append(
            unchecked.Scatter(
                x=outlines[0],
                y=outlines[1],
                mode="lines",
                fill="toself",
                fillcolor=NONE_FILL,
                line=dict(width=max(1.0, line_px), color=NONE_LINE),
                hoverinfo="skip",
                showlegend=False,
                name="no statement cells",
            )
        )
    return traces


def table_body(page: Page, table: Table, count_word: tuple[str, str]) -> Body:
    """The table drawn on the page: header row, rows (as many as fit a fixed canvas), 'and K more'."""
    legend_names = [t.name for t in table.legend]

    def area(lines: int) -> Plot:
        return plot_area(
            page,
            rows=lines,
            screen_row_px=page.font * 2.1,
            legend_names=legend_names,
            legend_title=table.legend_title,
            x_axis=False,
        )

    rows = table.rows
    lines = len(rows) + 1  # the header
    plot = area(lines)
    font = page.tick_px
    shown = rows
    if page.size.height:  # a fixed canvas: as many rows as stay legible
        fit = int(plot.plot_height // (font * MIN_ROW_EM))
        if fit < lines:
            shown = rows[: max(1, fit - 2)]
    elif len(rows) > MAX_SCREEN_ROWS:
        shown = rows[:MAX_SCREEN_ROWS]
    hidden = len(rows) - len(shown) + table.left_out
    lines = len(shown) + 1 + (1 if hidden else 0)
    plot = area(lines)
    row_px = min(plot.plot_height / max(lines, 1), font * MAX_ROW_EM)
    font = min(font, max(7, int(row_px / MIN_ROW_EM * 1.1)))
    slots = max(lines, plot.plot_height / row_px)  # y units on the plot: rows stay compact at the top

    char_px = CHAR_WIDTH * font
    widths = _fit_widths(table.columns, plot.plot_width / char_px)
    starts, x = [], 0.0
    for width in widths:
        starts.append(x)
        x += (width + GAP_EM) * char_px
    width_px = max(plot.plot_width, x - GAP_EM * char_px)

    texts: list[tuple[float, int, str, str]] = []  # x, y, HTML, colour
    centred: list[tuple[float, int, str, str]] = []
    cells: list[tuple[float, float, float, Cell]] = []
    for i, column in enumerate(table.columns):
        texts.append((starts[i], 0, f"<b>{esc(shorten(column.heading, int(widths[i] / BOLD_WIDTH)))}</b>", INK))
    bar_y, bar_hover, bar_ids, bar_colours = [], [], [], []
    for n, row in enumerate(shown, start=1):
        colour = FADED_TEXT if row.faded else INK
        if row.heading:
            texts.append((0.0, n, f"<b>{esc(row.heading)}</b>", INK))
        for i, value in enumerate(row.texts):
            if isinstance(value, Cell):
                x0, x1 = starts[i], starts[i] + widths[i] * char_px
                cells.append((x0, x1, n, value))
                text_colour = MUTED if not value.colours else (CARRIED_TEXT if value.faded else INK)
                fits = len(plain(value.text)) + 1 <= widths[i] or not value.short
                centred.append(((x0 + x1) / 2, n, value.text if fits else value.short, text_colour))
            elif isinstance(value, (Quoted, Choice)):
                texts.append((starts[i], n, esc(value.fit(widths[i])), colour))
            elif value:
                texts.append((starts[i], n, esc(shorten(value, widths[i])), colour))
        bar_y.append(n)
        bar_hover.append(row.hover or esc(row.heading))
        bar_ids.append([row.id])
        bar_colours.append(ZEBRA if n % 2 == 0 and not row.heading else "rgba(0,0,0,0)")
    if hidden:
        texts.append(
            (
                0.0,
                lines - 1,
                esc(f"… and {hidden} more {count_word[0] if hidden == 1 else count_word[1]} (in the app and its CSV)"),
                MUTED,
            )
        )

    rows_bar = unchecked.Bar(
        x=[width_px] * len(bar_y),
        y=bar_y,
        base=0,
        orientation="h",
        width=1,
        marker=dict(color=bar_colours, line=dict(width=0)),
        customdata=bar_ids,
        hovertext=bar_hover,
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
        name="rows",
    )

    def text_trace(points: list[tuple[float, int, str, str]], position: str, name: str) -> go.Scatter:
        return unchecked.Scatter(
            x=[p[0] for p in points],
            y=[p[1] for p in points],
            mode="text",
            text=[p[2] for p in points],
            textposition=position,
            textfont=dict(size=font, color=[p[3] for p in points], family=FONT_FAMILY),
            hoverinfo="skip",
            showlegend=False,
            name=name,
        )

    header_rule = dict(
        type="line",
        xref="x",
        x0=0,
        x1=width_px,
        yref="y",
        y0=0.5,
        y1=0.5,
        line=dict(color=AXIS_LINE, width=1),
    )
    traces = [rows_bar, *_cell_traces(cells, font * 0.08), text_trace(texts, "middle right", "table text")]
    if centred:
        traces.append(text_trace(centred, "middle center", "cell text"))
    hidden_axis = dict(visible=False, showgrid=False, zeroline=False, fixedrange=True)
    return Body(
        plot,
        traces=[*traces, *table.legend],
        xaxis=dict(hidden_axis, range=[0, width_px]),
        yaxis=dict(hidden_axis, range=[slots - 0.5, -0.5]),
        shapes=[header_rule],
        layout=dict(bargap=0, barmode="overlay"),
    )


# ---------------------------------------------------------------- current standing
def _hover(row, by: str, proposal_title: str, stale_months: int) -> str:
    head = f"<b>{esc(row.name)}</b>"
    if by == "actor" and row.country:
        head += f" · {esc(country_name(row.country))}"
    if proposal_title:
        head += f" · {esc(proposal_title)}"
    lines = [head, f"<b>{esc(position_words(row.position, row.positions, by))}</b>"]
    if row.position == positions.NONE:
        if by == "country":
            lines.append("No statement by a government in office on this day")
    else:
        lines.append(
            esc(f"since {day_or_dash(row.since)} · last heard {date_words(row.last_heard, row.date_precision)}")
        )
        who = esc(row.actor) + (f" · {esc(row.role)}" if row.role else "")
        if row.capacity:
            who += f" (spoke as {esc(actor_type_label(row.capacity).lower())})"
        lines.append(who)
        attribution = ATTRIBUTION_LABELS.get(row.attribution, row.attribution)
        if attribution:
            lines.append(esc(attribution))
        if row.quote:
            lines.append(quote_html(row.quote))
        if row.source:
            lines.append(f"Source: {wrapped_html(row.source)}")
        if row.id:
            lines.append(f"Statement {esc(row.id)}")
    flag_words = flags(row, by)
    if row.stale:
        lines.append(esc(f"Stale: not restated in {plural(stale_months, 'month')}"))
    if getattr(row, "ended", False):
        lines.append("Left the office it spoke from")
    if flag_words and not row.stale:
        lines.append(esc("Flags: " + flag_words))
    beside = getattr(row, "beside", "")
    if by == "country" and isinstance(beside, str) and beside:
        lines.append(f"Beside: {wrapped_html(beside)}")
    return "<br>".join(lines)


FLAG_WORDS = (
    ("stale", "stale"),
    ("ended", "left office"),
    ("anonymous_only", "anonymous only"),
    ("split", "split"),
)


def flags(row, by: str = "country") -> str:
    """'stale, anonymous only': the row's flags in words."""
    return ", ".join(word for column, word in FLAG_WORDS if bool(getattr(row, column, False)))


def lead_texts(row, dataset: Dataset, several: bool, by: str) -> list[str | Cell | Quoted | Choice]:
    """A row's first cells: its name, then the proposal (when several) and, by actor, the country."""
    texts: list[str | Cell | Quoted | Choice] = [str(row.name)]
    if several:
        texts.append(dataset.proposal_title(str(row.proposal)))
    if by == "actor":
        texts.append(country_name(str(row.country)))
    return texts


def sort_rows(rows: pd.DataFrame, dataset: Dataset, sort: str = "position") -> pd.DataFrame:
    """By proposal (when several), then as the spec sorts (position, name or last heard: positions.sort_standing)."""
    rows = positions.sort_standing(rows, sort)
    order = rows["proposal"].map(dataset.proposal_title).sort_values(kind="stable").index
    return rows.loc[order].reset_index(drop=True)


def _as_of_words(as_of: pd.Timestamp | None, spec: ChartSpec) -> str:
    if as_of is None:
        return ""
    when = day_text(as_of) + (" (the data's cut-off)" if spec.as_of is None else "")
    return f"As of {when}"


def standing_table(rows: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Table:
    by = spec.by
    several = rows["proposal"].nunique() > 1
    as_of = as_of_day(spec, dataset)
    statement_heading = "Statement (quote · source)"
    columns = [Column("Country" if by == "country" else "Actor", name_chars(rows["name"]), min_chars=10)]
    if several:
        columns.append(Column("Proposal", name_chars(rows["proposal"].map(dataset.proposal_title), 40), min_chars=8))
    if by == "actor":
        columns.append(Column("Country", 14, min_chars=8))
    cells = [position_cell(str(r.position), r.positions, bool(r.stale), by) for r in rows.itertuples()]
    columns += [
        cell_column("Position", cells),
        Column("Since", 11, min_chars=11),
        Column("Last heard", 11, min_chars=11),
    ]
    if by == "country":
        columns.append(Column("Who", 22, min_chars=10))
    columns.append(Column(statement_heading, 30, flexible=True, min_chars=24))
    flag_texts = [flags(r, by) for r in rows.itertuples()]
    columns.append(Column("Flags", max(5, min(24, max((len(f) for f in flag_texts), default=0))), min_chars=5))

    table_rows = []
    for row, flag_text, cell in zip(rows.itertuples(), flag_texts, cells, strict=True):
        faded = bool(row.stale)
        title = dataset.proposal_title(str(row.proposal)) if several else ""
        texts = lead_texts(row, dataset, several, by)
        texts += [
            cell,
            day_or_dash(row.since),
            day_or_dash(row.last_heard),
        ]
        if by == "country":
            texts.append(str(row.actor or ""))
        texts += [Quoted(str(row.quote or ""), str(row.source or "")), flag_text]
        table_rows.append(TableRow(texts, _hover(row, by, title, spec.stale_months), str(row.id or ""), faded=faded))
    size = page.tick_px
    legend = position_legend(size) + extra_legend(
        size,
        split=bool((rows["position"] == positions.SPLIT).any()),
        none=bool((rows["position"] == positions.NONE).any()),
        stale=bool(rows["stale"].astype(bool).any()),
        by=by,
    )
    title_parts = [
        _as_of_words(as_of, spec),
        "by each government's position (see the README's country rule)" if by == "country" else "each actor's latest",
        f"stale: not restated in {plural(spec.stale_months, 'month')}"
        + (" or the speaker left office" if by == "actor" else ""),
    ]
    return Table(columns, table_rows, legend, " · ".join(p for p in title_parts if p))


def draw(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    as_of = as_of_day(spec, dataset)
    rows = positions.standing(shown, spec.by, as_of.date() if as_of is not None else None, spec.stale_months)
    if rows.empty:
        return message(page, f"No {spec.by} has a position as of {day_text(as_of)}" if as_of is not None else "")
    rows = sort_rows(rows, dataset, spec.sort)
    # Rows past the most any page draws are counted, not built: their hovers would be thrown away.
    table = standing_table(rows.head(MAX_SCREEN_ROWS), spec, dataset, page)
    table.left_out = len(rows) - min(len(rows), MAX_SCREEN_ROWS)
    return table_body(page, table, ("country", "countries") if spec.by == "country" else ("actor", "actors"))
