"""Plotly figures for every chart kind, on screen and in exports.

Every figure is a self-standing "sandwich", as OWID Grapher charts are: a header with the title
and the scope in words, the chart, and a footer naming the data behind it and the link back to
the view, so a screenshot or an exported slide always says what it shows.

Figures never depend on Plotly's default template (``import streamlit`` replaces it with
placeholder colours): the template, every colour and every font size are set here, from the
codebook and from the chart size. The layout is computed in pixels (header, legend, axis labels,
footer) with Plotly's automatic margins off, so nothing moves or is clipped on a 1920x1080 slide,
a square image, an A4 page or the screen.

Text from the data (actors, quotes, sources, titles) is HTML-escaped before Plotly sees it:
Plotly renders hover text, labels and annotations as HTML-like markup.
"""
from __future__ import annotations

import html
import math
import os
import textwrap
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Iterable
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from . import analysis
from .chart import SIZES, ChartSpec, Size
from .codebook import ATTRIBUTIONS, ON_RECORD, POSITION_BY_KEY, POSITIONS, country_name, position_label
from .dates import date_phrase, date_words, day_text
from .model import Dataset, count_sources
from .query import join_words
from .text import plural

DEFAULT_APP_URL = "http://localhost:8501/"
APP_URL_ENV = "STANCE_APP_URL"
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
EMPTY_MESSAGE = "No statements match these filters"
NO_SHIFTS_MESSAGE = "No actor changed position in this scope"

# Colours for everything that is not a position: light and print-friendly.
INK = "#1F1F1F"
MUTED = "#5C5C5C"
GRID = "#E3E3E3"
LANE_LINE = "#EDEDED"
AXIS_LINE = "#A6A6A6"
GROUP_SHADE = "#F3F3F3"  # every other country's group of lanes
SEGMENT = "#8C8C8C"  # shifts: the line from the old position to the new one
MIXED_COLOUR, MIXED_TINT = "#999999", "#E0E0E0"  # country matrix: a tie between positions
PALE_SWATCH = "#E6E6E6"  # legend key for "pale = carried forward"
CARRIED_TEXT = "#4A4A4A"  # carried-forward cell letters: darker than MUTED, lighter than bold INK

ATTRIBUTION_LABELS = {a.key: a.label for a in ATTRIBUTIONS}
HOLLOW_KEY = "Hollow: anonymous/unverified"
RING_KEY = "Ring: changed position"
CARRIED_KEY = "Pale: no new statement (carried forward)"
MIXED_KEY = "Grey: mixed (tie)"

# Layout, in pixels or in multiples of the base font size.
SCREEN_WIDTH_GUESS = 1000  # on screen the width is the page's; wrap text for a typical one
CHAR_WIDTH = 0.6  # average DejaVu Sans glyph width, in em
LEGEND_ITEM_PX = 46  # Plotly's legend symbol, indentation and gaps around each entry's text
LINE_HEIGHT = 1.35
MAX_LABEL_CHARS = 40
QUOTE_WRAP = 64
PROPOSAL_COLUMN_CHARS = 18
MIN_CELL_TEXT_PX = 7  # below this, cell labels are left out: the colour and the hover still tell
MIN_BAR_TEXT_PX = 11  # balance: segment labels are this size at least, or left out
SCREEN_MARKER_PX = 14  # on screen markers are click targets too
TALL_PLOT_PX = 600  # a screen plot taller than this repeats its x axis at the top

KIND_DESCRIPTIONS = {
    "timeline": "a timeline with one lane per actor, grouped by country, marking each statement by "
                "its position and shading the position each actor held until its next statement",
    "matrix": "a grid of actors by {period} showing each actor's latest position in each {period}; "
              "pale cells carry a position forward from an earlier {period}",
    "country-matrix": "a grid of countries by {period} showing the position most of each country's "
                      "actors held, with the number of actors per position",
    "shifts": "one row per change of position, from the earlier statement to the later one",
    "balance": "stacked bars counting the actors holding each position in each {period}, each segment "
               "labelled with the position's letter and count where it fits",
    "proposal-matrix": "a grid of actors by proposal showing each actor's latest position",
}


def _template() -> go.layout.Template:
    """White paper, grey grid, dark text: reads on screen, on a projector and in print."""
    axis = dict(gridcolor=GRID, linecolor=AXIS_LINE, tickcolor=AXIS_LINE, zeroline=False,
                automargin=False, tickfont=dict(color=INK), title=dict(font=dict(color=INK)))
    return go.layout.Template(layout=dict(
        font=dict(family=FONT_FAMILY, color=INK),
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        colorway=[p.colour for p in POSITIONS],
        xaxis=axis, yaxis=axis,
        hoverlabel=dict(bgcolor="#FFFFFF", bordercolor=AXIS_LINE, font=dict(family=FONT_FAMILY, color=INK)),
        legend=dict(bgcolor="rgba(255,255,255,0)", font=dict(color=INK)),
    ))


TEMPLATE = _template()


# ---------------------------------------------------------------- words
def esc(text: object) -> str:
    """Data text made safe for Plotly's HTML-like labels: '<b>' shows as typed."""
    return html.escape(str(text), quote=False)


def _wrap(text: str, chars: float) -> list[str]:
    return textwrap.wrap(text, max(12, int(chars)), break_long_words=True, break_on_hyphens=False) or [""]


def _wrap_parts(parts: list[str], chars: float) -> list[str]:
    """Lines of ' · '-joined parts, breaking between parts rather than inside one where possible."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= chars:
            lines[-1] += " · " + part
        else:
            lines += _wrap(part, chars)
    return lines


def _wrapped_html(text: str, chars: float = QUOTE_WRAP) -> str:
    return "<br>".join(esc(line) for line in _wrap(text, chars))


def _lane_label(actor: str, country: str, proposal: str = "") -> str:
    name = actor if len(actor) <= MAX_LABEL_CHARS else actor[: MAX_LABEL_CHARS - 1] + "…"
    return f"{name} · {country}" + (f" · {proposal}" if proposal else "")


def _quote_html(quote: str) -> str:
    return _wrapped_html(f"“{quote}”")


def _row_countries(kind: str, countries: Iterable[str]) -> tuple[str, ...]:
    """Countries in the order the chart's rows show them: by name in the country matrix, by code
    (as the actor lanes are grouped) elsewhere; not in the order they were picked."""
    return tuple(sorted(countries, key=country_name if kind == "country-matrix" else None))


def _scope_parts(spec: ChartSpec, dataset: Dataset, shown: pd.DataFrame) -> tuple[str, list[str]]:
    """The subtitle: proposal titles, and the rest (filters in words, dates and positions shown)."""
    keys = spec.filters.proposals or tuple(sorted(shown["proposal"].unique())) or tuple(sorted(dataset.proposals))
    scope = replace(spec.filters, proposals=(), countries=_row_countries(spec.kind, spec.filters.countries))
    rest = [scope.describe(dataset.proposals)]
    if not shown.empty:
        rest.append(f"statements dated {day_text(shown['date'].min())} to {day_text(shown['date'].max())}")
        if not spec.filters.positions:  # a position filter is already in words: "... positions only"
            present = [p.label for p in POSITIONS if p.key in set(shown["position"])]
            rest.append(f"positions shown: {join_words(present)}")
    return join_words([dataset.proposal_title(p) for p in keys]), rest


def scope_text(spec: ChartSpec, dataset: Dataset, shown: pd.DataFrame) -> str:
    """The subtitle as one line of plain text."""
    proposals, rest = _scope_parts(spec, dataset, shown)
    return " · ".join(part for part in (proposals, *rest) if part)


def app_base(app_url: str | None = None) -> str:
    """The app's address, ending in '/': the one given, else $STANCE_APP_URL, else localhost."""
    return (app_url or os.environ.get(APP_URL_ENV) or DEFAULT_APP_URL).rstrip("/") + "/"


def view_url(spec: ChartSpec, app_url: str | None = None) -> str:
    """The link back to this view: the app address plus the spec's query parameters, if any."""
    base = app_base(app_url)
    query = urlencode(spec.to_params(), safe="~")
    return f"{base}?{query}" if query else base


def footer_lines(spec: ChartSpec, dataset: Dataset, statements_shown: pd.DataFrame, generated: date,
                 *, app_url: str | None = None) -> list[str]:
    """Plain-text footer: source and counts, latest data date, generation date, link to the view."""
    n = len(statements_shown)
    latest = f"Data to {day_text(statements_shown['date'].max())}" if n else "No statements in this scope"
    return [
        f"Source: Stance dataset: {plural(n, 'statement')} from {plural(count_sources(statements_shown), 'source')}",
        latest,
        f"Generated {day_text(generated)}",
        view_url(spec, app_url),
    ]


# ---------------------------------------------------------------- page geometry
def _text_px(labels: Iterable[str], font: float) -> float:
    """Estimated width of the longest label (plain text, or HTML lines split on <br>)."""
    longest = max((len(html.unescape(line)) for label in labels for line in str(label).split("<br>")), default=0)
    return longest * CHAR_WIDTH * font


@dataclass(frozen=True)
class Page:
    """The chart size, its font sizes, and the header and footer text wrapped to fit."""

    size: Size
    title_lines: list[str]  # plain text
    subtitle_lines: list[str]
    footer_rows: list[str]

    @property
    def font(self) -> int:
        return self.size.font

    @property
    def width(self) -> int:
        return self.size.width or SCREEN_WIDTH_GUESS

    @property
    def pad(self) -> int:
        return round(self.font * 0.9)

    @property
    def title_px(self) -> int:
        return round(self.font * 1.45)

    @property
    def small_px(self) -> int:
        return max(9, round(self.font * 0.75))

    @property
    def tick_px(self) -> int:
        return round(self.font * 0.85)

    @property
    def header_height(self) -> float:
        return (self.pad + len(self.title_lines) * self.title_px * LINE_HEIGHT + self.font * 0.5
                + len(self.subtitle_lines) * self.font * LINE_HEIGHT + self.pad * 0.5)

    @property
    def footer_height(self) -> float:
        return len(self.footer_rows) * self.small_px * LINE_HEIGHT + self.pad

    def chars(self, font: float) -> float:
        """How many characters of this font fit across the page."""
        return (self.width - 2 * self.pad) / (CHAR_WIDTH * font)


def _page(spec: ChartSpec, dataset: Dataset, shown: pd.DataFrame, generated: date, app_url: str | None) -> Page:
    size = SIZES[spec.size]
    blank = Page(size, [], [], [])
    proposals, rest = _scope_parts(spec, dataset, shown)
    footer = footer_lines(spec, dataset, shown, generated, app_url=app_url)
    small = blank.chars(blank.small_px)
    return Page(
        size,
        title_lines=_wrap(spec.display_title(), blank.chars(blank.title_px)),
        subtitle_lines=(_wrap(proposals, blank.chars(size.font)) if proposals else []) + _wrap_parts(rest, blank.chars(size.font)),
        footer_rows=_wrap_parts(footer[:3], small) + _wrap(footer[3], small),
    )


@dataclass(frozen=True)
class Ticks:
    """Category tick labels of the x axis, and the height they need."""

    values: list[int]
    labels: list[str]  # HTML
    angle: int
    height: float


def _stacked_period_labels(labels: list[str]) -> list[str]:
    """'Dec 2024', 'Jan 2025', 'Feb 2025' -> 'Dec<br>2024', 'Jan<br>2025', 'Feb': two short lines,
    the year written where it starts (and on the first label), so narrow columns stay horizontal."""
    stacked, year = [], None
    for label in labels:
        head, _, tail = label.rpartition(" ")
        stacked.append(f"{head}<br>{tail}" if head and tail != year else (head or tail))
        year = tail
    return stacked


def _category_ticks(labels: list[str], plot_width: float, font: float, periods: bool = False) -> Ticks:
    """Horizontal labels when they fit; period labels stacked on two lines ('Dec' over '2024') when
    that fits; otherwise diagonal, thinned so none overlap."""
    slot = plot_width / max(len(labels), 1)
    values = list(range(len(labels)))
    candidates = [labels, _stacked_period_labels(labels)] if periods else [labels]
    for candidate in candidates:
        if _text_px(candidate, font) + font <= slot:
            lines = max(str(label).count("<br>") + 1 for label in candidate)
            return Ticks(values, candidate, 0, lines * font * LINE_HEIGHT + font * 0.8)
    widest = _text_px(labels, font)
    step = max(1, math.ceil(font * 1.8 / slot))  # diagonal labels need about 1.8 em each
    return Ticks(values[::step], labels[::step], -45, widest * 0.72 + font * 1.8)


def _legend_height(names: list[str], font: float, width: float, title_lines: int = 0) -> float:
    """Height of a horizontal legend, laid out as Plotly does: one row if every entry fits in
    ``width``, else a grid of columns as wide as the widest entry; a title above takes its lines."""
    if not names:
        return 0
    items = [LEGEND_ITEM_PX + len(name) * CHAR_WIDTH * font for name in names]
    per_row = len(items) if sum(items) <= width else max(1, int(width // max(items)))
    return math.ceil(len(items) / per_row) * font * 1.6 + font * 0.9 + title_lines * font * LINE_HEIGHT


@dataclass(frozen=True)
class Plot:
    """Where the plot area sits on the canvas, and the sizes that follow from it."""

    width: int | None
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_axis_height: float  # room for x tick labels, between the plot and the footer
    legend_top: float  # where a legend starts, from the top of the canvas
    row_px: float  # height of one row (lane) in pixels
    label_px: int  # font size of row labels: smaller when many rows share a fixed canvas
    plot_width: float  # exact for exports; an estimate on screen
    ticks: Ticks | None = None
    legend_title: list[str] = field(default_factory=list)  # lines above the legend entries
    top_axis: bool = False  # room left above the plot for a repeat of the x axis

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def margin(self) -> dict:
        return dict(l=self.left, r=self.right, t=self.top, b=self.bottom, pad=0, autoexpand=False)


def _plot(page: Page, *, rows: int, row_labels: Iterable[str] = (), screen_row_px: float = 28,
          screen_plot_px: float | None = None, legend_names: list[str] = (), x_labels: list[str] | None = None,
          right_labels: Iterable[str] = (), y_title: bool = False, x_axis: bool = True,
          period_labels: bool = False, legend_title: str = "", top_axis: bool = False) -> Plot:
    """Margins that leave room for header, legend, labels and footer; rows sized to the canvas.

    The left margin depends on the row font, which depends on the row height, which depends on
    the room the x labels take, which depends on the plot width: two passes settle it.
    ``top_axis``: on screen, a plot taller than TALL_PLOT_PX repeats its x axis above the plot.
    """
    f, tick = page.font, page.tick_px
    row_labels, right_labels = list(row_labels), list(right_labels)
    y_title_px = tick * 1.8 if y_title else 0
    right = page.pad + (_text_px(right_labels, tick) + f if right_labels else f * 0.5)
    label_px = tick
    for _ in range(2):
        left = page.pad + _text_px(row_labels, label_px) + f * 0.8 + y_title_px
        plot_width = max(120.0, page.width - left - right)
        # Exports start the legend at the canvas' left edge; on screen at the plot's.
        legend_width = left + plot_width - page.pad if page.size.width else plot_width
        title_lines = _wrap(legend_title, legend_width / (CHAR_WIDTH * tick)) if legend_title else []
        top = page.header_height + _legend_height(list(legend_names), tick, legend_width, len(title_lines))
        ticks = _category_ticks(x_labels, plot_width, tick, period_labels) if x_labels is not None else None
        x_axis_height = ticks.height if ticks else (tick * LINE_HEIGHT + f * 0.8 if x_axis else 0)
        bottom = x_axis_height + page.footer_height + f * 0.3
        screen_plot = screen_plot_px or max(120, rows * screen_row_px)
        repeat_axis = top_axis and not page.size.height and screen_plot > TALL_PLOT_PX
        top += x_axis_height if repeat_axis else 0
        height = page.size.height or round(top + bottom + screen_plot)
        row_px = (height - top - bottom) / max(rows, 1)
        label_px = min(tick, max(7, int(row_px * 0.8)))
    left = page.pad + _text_px(row_labels, label_px) + f * 0.8 + y_title_px
    return Plot(page.size.width, height, round(left), round(right), round(top), round(bottom), x_axis_height,
                page.header_height, row_px, label_px, page.width - left - right, ticks, title_lines, repeat_axis)


# ---------------------------------------------------------------- the sandwich
@dataclass
class Body:
    """What a chart kind draws inside the header and footer."""

    plot: Plot
    traces: list = field(default_factory=list)
    xaxis: dict = field(default_factory=dict)
    yaxis: dict = field(default_factory=dict)
    shapes: list = field(default_factory=list)
    annotations: list = field(default_factory=list)
    layout: dict = field(default_factory=dict)


def _title(page: Page, height: int) -> dict:
    """Title and subtitle at the canvas' top left. Plotly anchors a multi-line title by its first
    line's baseline whatever ``yanchor`` says, so the baseline is placed explicitly (in pixels)."""
    baseline = page.pad + page.title_px * 0.95
    return dict(
        text="<br>".join(f"<b>{esc(line)}</b>" for line in page.title_lines),
        font=dict(size=page.title_px, color=INK),
        subtitle=dict(text="<br>".join(esc(line) for line in page.subtitle_lines),
                      font=dict(size=page.font, color=MUTED)),
        x=0, xref="container", xanchor="left", y=1 - baseline / height, yref="container", yanchor="bottom",
        pad=dict(l=page.pad, t=0, b=0), automargin=False,
    )


def _footer(page: Page, plot: Plot) -> dict:
    """Small grey lines at the canvas' bottom-left, placed in pixels from the plot's corner."""
    return dict(
        text="<br>".join(esc(row) for row in page.footer_rows), showarrow=False, align="left",
        xref="paper", x=0, xanchor="left", xshift=page.pad - plot.left,
        yref="paper", y=0, yanchor="top", yshift=-(plot.x_axis_height + page.font * 0.3),
        font=dict(size=page.small_px, color=MUTED),
    )


def _legend(page: Page, plot: Plot) -> dict:
    """A horizontal legend under the header. Above the plot and left of it (x < 0), Plotly lets it
    use the left margin's width too; on screen the margin's width in paper units is unknown."""
    x = (page.pad - plot.left) / plot.plot_width if plot.width else 0
    legend = dict(
        orientation="h", xref="paper", x=min(x, 0), xanchor="left",
        yref="paper", y=1 + (plot.top - plot.legend_top) / plot.plot_height, yanchor="top",
        font=dict(size=page.tick_px, color=INK), itemsizing="constant", traceorder="normal",
    )
    if plot.legend_title:
        legend["title"] = dict(text="<br>".join(esc(line) for line in plot.legend_title), side="top",
                               font=dict(size=page.tick_px, color=INK))
    return legend


def _assemble(page: Page, body: Body) -> go.Figure:
    plot = body.plot
    fig = go.Figure(data=body.traces, layout=dict(template=TEMPLATE))
    fig.update_layout(
        width=plot.width, height=plot.height, autosize=plot.width is None, margin=plot.margin,
        font=dict(family=FONT_FAMILY, size=page.tick_px, color=INK),
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        title=_title(page, plot.height), legend=_legend(page, plot),
        showlegend=bool(body.traces),
        xaxis=body.xaxis, yaxis=body.yaxis, shapes=body.shapes,
        annotations=[*body.annotations, _footer(page, plot)],
        hovermode="closest",
        # Left-aligned even near the right edge (quotes read badly right-aligned), in a readable size.
        hoverlabel=dict(align="left", font=dict(family=FONT_FAMILY, size=max(13, round(page.font * 0.8)), color=INK)),
        **body.layout,
    )
    return fig


def _message(page: Page, text: str) -> Body:
    """A figure with only the header, a centred message and the footer."""
    plot = _plot(page, rows=0, screen_plot_px=160, x_axis=False)
    hidden = dict(visible=False, showgrid=False)
    note = dict(text=esc(text), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                font=dict(size=round(page.font * 1.15), color=MUTED))
    return Body(plot, xaxis=hidden, yaxis=hidden, annotations=[note])


# ---------------------------------------------------------------- shared pieces
def _lanes(statements: pd.DataFrame, by_proposal: bool) -> pd.DataFrame:
    """Rows in the order of analysis.actors (by country, then first statement), with labels.

    One row per actor, or per actor and proposal when several proposals are shown.
    """
    lanes = analysis.actors(statements)[["actor", "country"]]
    if by_proposal:
        pairs = statements[["actor", "proposal"]].drop_duplicates().sort_values("proposal")
        lanes = lanes.merge(pairs, on="actor", how="left")
    else:
        lanes = lanes.assign(proposal="")
    lanes["label"] = [_lane_label(a, c, p) for a, c, p in zip(lanes["actor"], lanes["country"], lanes["proposal"])]
    lanes["row"] = range(len(lanes))
    return lanes.reset_index(drop=True)


def _several_proposals(statements: pd.DataFrame) -> bool:
    return statements["proposal"].nunique() > 1


def _group_shading(groups: pd.Series) -> list[dict]:
    """Timeline: pale bands behind every other group of consecutive rows (a country's actors)."""
    numbers = groups.ne(groups.shift()).cumsum()
    shapes = []
    for number, rows in groups.groupby(numbers, sort=True):
        if number % 2 == 0:
            shapes.append(dict(type="rect", xref="x domain", x0=0, x1=1, yref="y", y0=rows.index.min() - 0.5,
                               y1=rows.index.max() + 0.5, fillcolor=GROUP_SHADE, line=dict(width=0), layer="below"))
    return shapes


def _group_separators(groups: pd.Series) -> list[dict]:
    """Matrices: a grey rule between groups of rows (shading would read as a pale cell)."""
    firsts = groups.index[groups.ne(groups.shift())][1:]
    return [dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=row - 0.5, y1=row - 0.5,
                 line=dict(color=AXIS_LINE, width=1), layer="above") for row in firsts]


def _row_axis(lanes_labels: list[str], plot: Plot) -> dict:
    """A y axis of rows, first row at the top, labelled in the row font."""
    n = len(lanes_labels)
    return dict(tickmode="array", tickvals=list(range(n)), ticktext=[esc(label) for label in lanes_labels],
                range=[n - 0.5, -0.5], showgrid=False, showline=False, ticks="", zeroline=False,
                ticklabelstandoff=round(plot.label_px * 0.4), tickfont=dict(size=plot.label_px, color=INK),
                fixedrange=True)


def _date_axis(start: pd.Timestamp, end: pd.Timestamp, page: Page, plot: Plot) -> dict:
    span = max(end - start, pd.Timedelta(days=1))
    pad = max(pd.Timedelta(days=3), span * 0.02)
    label_px = page.tick_px * CHAR_WIDTH * 9 + page.tick_px * 1.5
    return dict(type="date", range=[start - pad, end + pad], showgrid=True, gridcolor=GRID, showline=True,
                ticks="outside", nticks=max(2, int(plot.plot_width / label_px)),
                tickformatstops=[dict(dtickrange=[None, "M1"], value="%-d %b %Y"),
                                 dict(dtickrange=["M1", None], value="%b %Y")],
                tickfont=dict(size=page.tick_px, color=INK))


DAY_MS, AVG_MONTH_MS, AVG_YEAR_MS = 86_400_000, 86_400_000 * 30.436875, 86_400_000 * 365.25


def _auto_date_ticks(start: pd.Timestamp, end: pd.Timestamp, nticks: int) -> tuple[str | int, str]:
    """(dtick, tick0) as Plotly.js chooses them for a date axis with ``nticks`` over [start, end]
    (its autoTicks rounding), so an axis given them explicitly shows the same ticks."""
    def up(value: float, options: list[int]) -> int:
        return next((o for o in options if o >= value), options[-1])

    rough = (end - start).total_seconds() * 1000 / max(nticks, 1)
    if 2 * rough > AVG_YEAR_MS:
        years = rough / AVG_YEAR_MS
        base = 10 ** math.floor(math.log10(years))
        return f"M{round(12 * base * up(years / base, [2, 5, 10]))}", "2000-01-01"
    if 2 * rough > AVG_MONTH_MS:
        return f"M{up(rough / AVG_MONTH_MS, [1, 2, 3, 6, 12])}", "2000-01-01"
    return DAY_MS * up(rough / DAY_MS, [1, 2, 3, 7, 14]), "2000-01-02"  # weeks start on Sunday, as Plotly's


def _top_axis(xaxis: dict) -> tuple[dict, go.Scatter]:
    """A copy of the x axis above the plot, for a reader at the top of a tall chart.

    Plotly draws an axis only with a trace on it: an empty one is added. Plotly.js mislabels an
    auto-ticked overlaying date axis (ticks on month ends, 'Feb 2025' where 'Mar 2025' belongs), so
    a date axis is given the ticks Plotly chooses for the axis below, explicitly. When zoomed on
    screen it keeps those ticks while the axis below adapts; it still follows the zoom's range.
    """
    top = {key: value for key, value in xaxis.items() if key not in ("nticks", "showgrid", "domain")}
    top.update(overlaying="x", matches="x", side="top", anchor="y", showgrid=False)
    first = xaxis["range"][0]
    if xaxis.get("type") == "date":
        start, end = (pd.Timestamp(v) for v in xaxis["range"])
        top["dtick"], top["tick0"] = _auto_date_ticks(start, end, xaxis["nticks"])
        top["showline"], first = True, start
        del top["range"]
    anchor = go.Scatter(x=[first], y=[None], xaxis="x2", mode="markers", hoverinfo="skip", showlegend=False,
                        name="axis above")
    return top, anchor


def _category_axis(plot: Plot, page: Page, count: int) -> dict:
    ticks = plot.ticks
    return dict(tickmode="array", tickvals=ticks.values, ticktext=ticks.labels, tickangle=ticks.angle,
                range=[-0.5, count - 0.5], showgrid=False, showline=False, ticks="", zeroline=False,
                tickfont=dict(size=page.tick_px, color=INK), fixedrange=True)


def _marker_px(page: Page, plot: Plot) -> float:
    if not page.size.height:  # on screen: big enough to point at and click
        return max(6.0, min(plot.row_px * 0.75, SCREEN_MARKER_PX))
    return max(6.0, min(plot.row_px * 0.75, page.font * 0.95))


def _is_hollow(attribution: str) -> bool:
    return attribution != ON_RECORD


def _statement_hover(row, proposal_title: str = "") -> str:
    """Everything about one statement, escaped: who, where, when, what, in whose words, per whom."""
    who = f"<b>{esc(row.actor)}</b>" + (f" · {esc(row.role)}" if row.role else "")
    lines = [who, esc(country_name(row.country)), esc(date_words(row.date, row.date_precision)),
             f"<b>{esc(position_label(row.position))}</b> · {esc(ATTRIBUTION_LABELS.get(row.attribution, row.attribution))}"]
    if proposal_title:
        lines.append(f"on {esc(proposal_title)}")
    lines += [_quote_html(row.quote), f"Source: {_wrapped_html(row.source)}"]
    return "<br>".join(lines)


def _marker_traces(points: pd.DataFrame, size: float) -> list[go.Scatter]:
    """One scatter trace per (position, filled/hollow), colour and shape from the codebook.

    ``points`` has x, y, id, position, attribution and hover. The first element of each point's
    customdata is the statement id, so a clicked point maps back to its statement. Filled and
    hollow traces of one position share a legend entry (clicking it shows or hides both).
    """
    hollow_points = points["attribution"].map(_is_hollow)
    filled_positions = set(points.loc[~hollow_points, "position"])
    traces = []
    for position in POSITIONS:
        for hollow in (False, True):
            rows = points.loc[(points["position"] == position.key) & (hollow_points == hollow)]
            if rows.empty:
                continue
            traces.append(go.Scatter(
                x=list(rows["x"]), y=list(rows["y"]), mode="markers",
                name=position.label, legendgroup=position.key, legendrank=position.rank,
                showlegend=not hollow or position.key not in filled_positions,
                marker=dict(symbol=position.symbol + ("-open" if hollow else ""), color=position.colour, size=size,
                            line=dict(color=position.colour if hollow else "#FFFFFF", width=2.4 if hollow else 0.8)),
                customdata=[[i] for i in rows["id"]], hovertext=list(rows["hover"]),
                hovertemplate="%{hovertext}<extra></extra>",
            ))
    return traces


def _swatch(name: str, colour: str, symbol: str, size: float, rank: int, line: str | None = None,
            line_width: float = 1.5) -> go.Scatter:
    """A legend-only entry (no points) that explains an encoding."""
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, legendrank=rank, hoverinfo="skip",
                      marker=dict(symbol=symbol, color=colour, size=size,
                                  line=dict(color=line or colour, width=line_width if line else 0)))


def _hollow_swatch(points: pd.DataFrame, size: float) -> list[go.Scatter]:
    """The key to hollow markers, when some are drawn."""
    if not points["attribution"].map(_is_hollow).any():
        return []
    return [_swatch(HOLLOW_KEY, MUTED, "circle-open", size, 100, line=MUTED, line_width=2.4)]


def _with_top_axis(body: Body) -> Body:
    """The body, with its x axis repeated above the plot when the plot left room for it."""
    if body.plot.top_axis:
        xaxis2, anchor = _top_axis(body.xaxis)
        body.traces.append(anchor)
        body.layout["xaxis2"] = xaxis2
    return body


def _present_positions(keys: Iterable[str]) -> list:
    present = set(keys)
    return [p for p in POSITIONS if p.key in present]


# ---------------------------------------------------------------- timeline
def _date_span(spec: ChartSpec, statements: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shown range: the filter's dates where set, the statements' otherwise."""
    start = pd.Timestamp(spec.filters.date_from) if spec.filters.date_from else statements["date"].min()
    end = pd.Timestamp(spec.filters.date_to) if spec.filters.date_to else statements["date"].max()
    return start, end


def _held_bands(statements: pd.DataFrame, end: pd.Timestamp, width: float) -> list[go.Scatter]:
    """A pale band per held position, from each statement to the actor's next one (or the end)."""
    s = statements.sort_values(["row", "date", "id"], kind="stable")
    until = s.groupby("row")["date"].shift(-1).fillna(end)
    traces = []
    for position in POSITIONS:
        mask = s["position"] == position.key
        if not mask.any():
            continue
        xs, ys = [], []
        for start, stop, row in zip(s.loc[mask, "date"], until[mask], s.loc[mask, "row"]):
            xs += [start, max(stop, start), None]
            ys += [row, row, None]
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=position.tint, width=width),
                                 hoverinfo="skip", showlegend=False, name=f"{position.label} held"))
    return traces


def _shift_rings(shifts: pd.DataFrame, rows: dict, radius: float) -> list[dict]:
    """A dark ring, fixed in pixels, around each statement that changed the actor's position."""
    rings = []
    for number, shift in enumerate(shifts.itertuples()):
        rings.append(dict(
            type="circle", xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
            xanchor=shift.to_date.isoformat(), yanchor=rows[(shift.actor, shift.proposal)],
            x0=-radius, x1=radius, y0=-radius, y1=radius, line=dict(color=INK, width=1.6), layer="above",
            name=RING_KEY, showlegend=number == 0, legendrank=101,
        ))
    return rings


def _timeline(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    several = _several_proposals(shown)
    lanes = _lanes(shown, by_proposal=several)
    key = ["actor", "proposal"] if several else ["actor"]
    s = analysis.ordered(shown).merge(lanes[[*key, "row"]], on=key, how="left")
    shifts = analysis.shifts(shown)
    positions = _present_positions(s["position"])
    legend = [p.label for p in positions] + ([HOLLOW_KEY] if s["attribution"].map(_is_hollow).any() else [])
    legend += [RING_KEY] if not shifts.empty else []
    plot = _plot(page, rows=len(lanes), row_labels=lanes["label"], screen_row_px=28, legend_names=legend,
                 top_axis=True)
    size = _marker_px(page, plot)
    points = s.assign(x=s["date"], y=s["row"], hover=[
        _statement_hover(r, dataset.proposal_title(r.proposal) if several else "") for r in s.itertuples()])
    start, end = _date_span(spec, s)
    rows = dict(zip(zip(lanes["actor"], lanes["proposal"]), lanes["row"]))
    if not several:
        shifts = shifts.assign(proposal="")
    yaxis = _row_axis(list(lanes["label"]), plot)
    yaxis.update(showgrid=True, gridcolor=LANE_LINE)
    return _with_top_axis(Body(
        plot,
        # Bands thinner than the markers, so a statement never drowns in its own band on a roomy slide.
        traces=(_held_bands(s, end, width=max(3.0, min(plot.row_px * 0.42, size * 0.6))) + _marker_traces(points, size)
                + _hollow_swatch(points, page.tick_px)),
        xaxis=_date_axis(start, end, page, plot), yaxis=yaxis,
        shapes=_group_shading(lanes["country"]) + _shift_rings(shifts, rows, radius=size * 0.8),
    ))


# ---------------------------------------------------------------- grids (matrices)
def _discrete_scale(colours: list[str]) -> list[list]:
    """A colour scale where integer z = i is exactly colours[i] (with zmin=-0.5, zmax=n-0.5)."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _grid_traces(cells: pd.DataFrame, n_rows: int, n_cols: int, palette: list[str], text_px: float | None,
                 gap: int) -> list:
    """A heatmap of coloured cells (code -> palette) and a text layer with per-cell colour and style.

    ``cells`` has row, col, code, text (HTML), text_colour and hover (HTML). No text layer when
    ``text_px`` is None (cells too small for legible text).
    """
    z = [[None] * n_cols for _ in range(n_rows)]
    hover = [[""] * n_cols for _ in range(n_rows)]
    for cell in cells.itertuples():
        z[cell.row][cell.col] = cell.code
        hover[cell.row][cell.col] = cell.hover
    heatmap = go.Heatmap(
        z=z, x=list(range(n_cols)), y=list(range(n_rows)), colorscale=_discrete_scale(palette),
        zmin=-0.5, zmax=len(palette) - 0.5, showscale=False, xgap=gap, ygap=gap, hoverongaps=False,
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", name="cells",
    )
    if text_px is None:
        return [heatmap]
    labels = go.Scatter(
        x=list(cells["col"]), y=list(cells["row"]), mode="text", text=list(cells["text"]),
        textfont=dict(size=text_px, color=list(cells["text_colour"]), family=FONT_FAMILY),
        hoverinfo="skip", showlegend=False, name="cell labels",
    )
    return [heatmap, labels]


def _position_palette() -> list[str]:
    """Cell colours: code = 2 * rank for a stated position, + 1 for its pale (carried) tint."""
    return [colour for p in POSITIONS for colour in (p.colour, p.tint)]


def _glyph(position: str, carried: bool) -> str:
    letter = esc(POSITION_BY_KEY[position].glyph)
    return f"<i>{letter}</i>" if carried else f"<b>{letter}</b>"


def _position_swatches(positions: list, size: float) -> list[go.Scatter]:
    """Legend entries for grid charts: colour, the codebook's shape, and the glyph cells print."""
    return [_swatch(f"{p.label} ({p.glyph})", p.colour, p.symbol, size, p.rank) for p in positions]


def _pale_swatch(size: float) -> go.Scatter:
    return _swatch(CARRIED_KEY, PALE_SWATCH, "square", size, 100, line=AXIS_LINE)


def _cell_text_px(page: Page, plot: Plot, n_cols: int, chars: int = 1) -> float | None:
    """A font size at which ``chars`` characters fit in a cell, or None if none is legible.

    A lone capital (the position's letter) has no descender, so it may use more of a short row."""
    col_px = plot.plot_width / max(n_cols, 1)
    size = min(page.tick_px, plot.row_px * (0.8 if chars == 1 else 0.62), col_px / (chars * CHAR_WIDTH + 0.4))
    return size if size >= MIN_CELL_TEXT_PX else None


def _grid_gap(plot: Plot) -> int:
    return 2 if plot.row_px >= 18 else 1


def _matrix_cell_hover(cell, detail, within: str) -> str:
    """Actor, column, position, when it was stated (or carried from), and the latest statement.

    ``within`` says where the cell's statements were counted: 'this month', 'on this proposal'.
    """
    stated = date_words(detail.date, detail.date_precision)
    when = f"carried forward from {stated}" if cell.carried else f"stated {stated}"
    if not cell.carried and cell.statements > 1:
        when += f" ({cell.statements} statements {within}; the latest shown)"
    return "<br>".join([
        f"<b>{esc(cell.actor)}</b> · {esc(country_name(cell.country))}",
        f"{esc(cell.column_label)}: <b>{esc(position_label(cell.position))}</b>",
        esc(when), _quote_html(detail.quote),
        f"Source: {_wrapped_html(detail.source)} ({esc(ATTRIBUTION_LABELS.get(detail.attribution, detail.attribution))})",
    ])


def _matrix(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    filters = spec.filters
    several = _several_proposals(shown)
    lanes = _lanes(shown, by_proposal=several)
    cells = analysis.actor_matrix(shown, spec.period, filters.date_from, filters.date_to)
    if not several:
        cells = cells.assign(proposal="")
    periods = sorted(cells["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    cells = cells.merge(lanes[["actor", "proposal", "row"]], on=["actor", "proposal"], how="left")
    cells["col"] = cells["period"].map({p: i for i, p in enumerate(periods)})
    cells["column_label"] = cells["col"].map(dict(enumerate(labels)))
    details = shown.set_index("id")
    positions = _present_positions(cells["position"])
    legend = [f"{p.label} ({p.glyph})" for p in positions] + [CARRIED_KEY]
    plot = _plot(page, rows=len(lanes), row_labels=lanes["label"], screen_row_px=24, legend_names=legend,
                 x_labels=labels, period_labels=True, top_axis=True)
    cells["code"] = [POSITION_BY_KEY[p].rank * 2 + int(c) for p, c in zip(cells["position"], cells["carried"])]
    cells["text"] = [_glyph(p, c) for p, c in zip(cells["position"], cells["carried"])]
    cells["text_colour"] = [CARRIED_TEXT if c else INK for c in cells["carried"]]
    cells["hover"] = [_matrix_cell_hover(c, details.loc[c.id], f"this {spec.period}") for c in cells.itertuples()]
    text_px = _cell_text_px(page, plot, len(periods))
    swatch = page.tick_px
    return _with_top_axis(Body(
        plot,
        traces=(_grid_traces(cells, len(lanes), len(periods), _position_palette(), text_px, _grid_gap(plot))
                + _position_swatches(positions, swatch) + [_pale_swatch(swatch)]),
        xaxis=_category_axis(plot, page, len(periods)), yaxis=_row_axis(list(lanes["label"]), plot),
        shapes=_group_separators(lanes["country"]),
    ))


def _proposal_matrix(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    lanes = _lanes(shown, by_proposal=False)
    cells = analysis.proposal_matrix(shown)
    proposals = sorted(cells["proposal"].unique())
    cells = cells.merge(lanes[["actor", "row"]], on="actor", how="left")
    cells["col"] = cells["proposal"].map({p: i for i, p in enumerate(proposals)})
    cells["column_label"] = cells["proposal"].map(dataset.proposal_title)
    cells["carried"] = False
    positions = _present_positions(cells["position"])
    labels = [_wrapped_html(dataset.proposal_title(p), PROPOSAL_COLUMN_CHARS) for p in proposals]
    plot = _plot(page, rows=len(lanes), row_labels=lanes["label"], screen_row_px=24,
                 legend_names=[f"{p.label} ({p.glyph})" for p in positions], x_labels=labels, top_axis=True)
    details = shown.set_index("id")
    cells["code"] = [POSITION_BY_KEY[p].rank * 2 for p in cells["position"]]
    cells["text"] = [_glyph(p, False) for p in cells["position"]]
    cells["text_colour"] = INK
    cells["hover"] = [_matrix_cell_hover(c, details.loc[c.id], "on this proposal") for c in cells.itertuples()]
    # Columns no wider than their wrapped title: one proposal is a narrow column, not a wall.
    column_px = (PROPOSAL_COLUMN_CHARS * CHAR_WIDTH + 1.5) * page.tick_px
    xaxis = _category_axis(plot, page, len(proposals))
    xaxis["domain"] = [0, min(1.0, len(proposals) * column_px / plot.plot_width)]
    return _with_top_axis(Body(
        plot,
        traces=(_grid_traces(cells, len(lanes), len(proposals), _position_palette(),
                             _cell_text_px(page, plot, len(proposals)), _grid_gap(plot))
                + _position_swatches(positions, page.tick_px)),
        xaxis=xaxis, yaxis=_row_axis(list(lanes["label"]), plot),
        shapes=_group_separators(lanes["country"]),
    ))


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
    lead = ("No single position leads (tie)" if cell.position == analysis.MIXED
            else f"Most actors: <b>{esc(position_label(cell.position))}</b>")
    counts = [f"{esc(p.label)}: {plural(getattr(cell, p.key), 'actor')}" for p in POSITIONS if getattr(cell, p.key)]
    spoke = (f"No statement this {period}; positions carried forward" if cell.carried
             else f"{plural(cell.statements, 'statement')} this {period}")
    return "<br>".join([f"<b>{esc(country_name(cell.country))}</b> · {esc(period_label_text)}", lead, *counts, esc(spoke)])


def _country_matrix(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    filters = spec.filters
    cells = analysis.country_matrix(shown, spec.period, filters.date_from, filters.date_to)
    countries = sorted(cells["country"].unique(), key=country_name)
    periods = sorted(cells["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    cells = cells.assign(row=cells["country"].map({c: i for i, c in enumerate(countries)}),
                         col=cells["period"].map({p: i for i, p in enumerate(periods)}))
    mixed_code = 2 * len(POSITIONS)
    cells["code"] = [(mixed_code if p == analysis.MIXED else POSITION_BY_KEY[p].rank * 2) + int(c)
                     for p, c in zip(cells["position"], cells["carried"])]
    cells["text_colour"] = [CARRIED_TEXT if c else INK for c in cells["carried"]]
    cells["hover"] = [_country_hover(c, labels[c.col], spec.period) for c in cells.itertuples()]
    # Every position some actor holds, not only the cells' leading ones: the counts name them all.
    positions = [p for p in POSITIONS if cells[p.key].sum() > 0]
    has_mixed = bool((cells["position"] == analysis.MIXED).any())
    legend = [f"{p.label} ({p.glyph})" for p in positions] + ([MIXED_KEY] if has_mixed else []) + [CARRIED_KEY]
    row_names = [country_name(c) for c in countries]
    example = _count_example(positions)
    plot = _plot(page, rows=len(countries), row_labels=row_names, screen_row_px=28, legend_names=legend,
                 x_labels=labels, period_labels=True, top_axis=True,
                 legend_title=f"Colour: the position most of the country's actors held · {example}")
    counts = [_counts_text(c) for c in cells.itertuples()]
    text_px = _cell_text_px(page, plot, len(periods), max(len(text) for text in counts))
    if text_px:
        cells["text"] = [f"<i>{text}</i>" if carried else text for text, carried in zip(counts, cells["carried"])]
    else:  # counts do not fit: the leading position's glyph
        plot = _plot(page, rows=len(countries), row_labels=row_names, screen_row_px=28, legend_names=legend,
                     x_labels=labels, period_labels=True, top_axis=True,
                     legend_title="Colour and letter: the position most of the country's actors held")
        cells["text"] = ["" if p == analysis.MIXED else _glyph(p, c) for p, c in zip(cells["position"], cells["carried"])]
        text_px = _cell_text_px(page, plot, len(periods))
    swatch = page.tick_px
    return _with_top_axis(Body(
        plot,
        traces=(_grid_traces(cells, len(countries), len(periods), _position_palette() + [MIXED_COLOUR, MIXED_TINT],
                             text_px, _grid_gap(plot))
                + _position_swatches(positions, swatch)
                + ([_swatch(MIXED_KEY, MIXED_COLOUR, "square", swatch, 99)] if has_mixed else [])
                + [_pale_swatch(swatch)]),
        xaxis=_category_axis(plot, page, len(periods)),
        yaxis=_row_axis(row_names, plot),
    ))


# ---------------------------------------------------------------- shifts
def _shift_hover(shift) -> str:
    def side(prefix: str) -> list[str]:
        position = getattr(shift, f"{prefix}_position")
        attribution = getattr(shift, f"{prefix}_attribution")
        return [
            f"<b>{esc(position_label(position))}</b> · "
            f"{esc(date_words(getattr(shift, f'{prefix}_date'), getattr(shift, f'{prefix}_precision')))}"
            f" · {esc(ATTRIBUTION_LABELS.get(attribution, attribution))}",
            _quote_html(getattr(shift, f"{prefix}_quote")),
            f"Source: {_wrapped_html(getattr(shift, f'{prefix}_source'))}",
        ]

    head = f"<b>{esc(shift.actor)}</b> · {esc(country_name(shift.country))}"
    return "<br>".join([head, *side("from"), f"↓ {plural(int(shift.days), 'day')} later", *side("to")])


def _shift_summary(shift) -> str:
    return f"{position_label(shift.from_position)} → {position_label(shift.to_position)}, {plural(int(shift.days), 'day')}"


def _shifts(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    shifts = analysis.shifts(shown, spec.since)
    if shifts.empty:
        return _message(page, NO_SHIFTS_MESSAGE)
    shifts = shifts.assign(row=range(len(shifts)), hover=[_shift_hover(s) for s in shifts.itertuples()])
    labels = [_lane_label(a, c) for a, c in zip(shifts["actor"], shifts["country"])]
    summaries = [_shift_summary(s) for s in shifts.itertuples()]
    ends = pd.concat([
        shifts[["row", "hover", f"{side}_date", f"{side}_id", f"{side}_position", f"{side}_attribution"]]
        .set_axis(["y", "hover", "x", "id", "position", "attribution"], axis=1)
        for side in ("from", "to")
    ], ignore_index=True)
    legend = [p.label for p in _present_positions(ends["position"])]
    legend += [HOLLOW_KEY] if ends["attribution"].map(_is_hollow).any() else []
    plot = _plot(page, rows=len(shifts), row_labels=labels, screen_row_px=34, legend_names=legend,
                 right_labels=summaries, top_axis=True)
    xs, ys = [], []
    for shift in shifts.itertuples():
        xs += [shift.from_date, shift.to_date, None]
        ys += [shift.row, shift.row, None]
    segments = go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=SEGMENT, width=max(2.0, page.font * 0.15)),
                          hoverinfo="skip", showlegend=False, name="shift")
    summary_notes = [dict(text=esc(text), showarrow=False, xref="paper", x=1, xanchor="left", xshift=page.font * 0.5,
                          yref="y", y=row, font=dict(size=plot.label_px, color=MUTED))
                     for row, text in enumerate(summaries)]
    yaxis = _row_axis(labels, plot)
    yaxis.update(showgrid=True, gridcolor=LANE_LINE)
    return _with_top_axis(Body(
        plot,
        traces=[segments, *_marker_traces(ends, _marker_px(page, plot)), *_hollow_swatch(ends, page.tick_px)],
        xaxis=_date_axis(shifts["from_date"].min(), shifts["to_date"].max(), page, plot), yaxis=yaxis,
        annotations=summary_notes,
    ))


# ---------------------------------------------------------------- balance
BAR_GAP = 0.18


def _balance_text(glyph: str, count: int, mode: str) -> str:
    """A segment's label: 'S 23' (the letter bold, so 'O 8' never reads as 80), 'S', or nothing."""
    if not count or mode == "none":
        return ""
    return f"<b>{esc(glyph)}</b> {count}" if mode == "full" else f"<b>{esc(glyph)}</b>"


def _balance(shown: pd.DataFrame, spec: ChartSpec, dataset: Dataset, page: Page) -> Body:
    """Stacked bars of actors per position. In greyscale the positions stay apart by their fixed
    stacking order, white separators, and each large enough segment's letter (as in the legend and
    the matrices). No ``marker.pattern`` hatching: Chromium prints SVG patterns into PDF as
    rasterised tiles (a 13 MB, 6-24 s PDF for one chart)."""
    filters = spec.filters
    counts = analysis.balance(shown, spec.period, filters.date_from, filters.date_to)
    periods = sorted(counts["period"].unique())
    labels = [analysis.period_label(pd.Timestamp(p), spec.period) for p in periods]
    columns = {p: i for i, p in enumerate(periods)}
    positions = _present_positions(shown["position"])
    plot = _plot(page, rows=0, screen_plot_px=380, row_labels=["000"], y_title=True,  # counts: 3 digits
                 legend_names=[f"{p.label} ({p.glyph})" for p in positions], x_labels=labels, period_labels=True)
    bar_text_px = max(MIN_BAR_TEXT_PX, round(page.tick_px * 0.9))
    bar_px = plot.plot_width / max(len(periods), 1) * (1 - BAR_GAP)
    digits = len(str(int(counts["actors"].max()))) if not counts.empty else 1
    if bar_px >= ((digits + 2) * CHAR_WIDTH + 0.6) * bar_text_px:
        mode = "full"
    elif bar_px >= 0.8 * bar_text_px + 6:  # a bold capital, and Plotly's 3 px text padding each side
        mode = "letter"
    else:
        mode = "none"
    tallest = int(counts.groupby("period")["actors"].sum().max()) if not counts.empty else 1
    traces = []
    for position in positions:
        rows = counts.loc[counts["position"] == position.key]
        traces.append(go.Bar(
            x=list(rows["period"].map(columns)), y=list(rows["actors"]), name=f"{position.label} ({position.glyph})",
            legendrank=position.rank,
            marker=dict(color=position.colour, line=dict(color="#FFFFFF", width=max(1.5, page.font * 0.1))),
            text=[_balance_text(position.glyph, n, mode) for n in rows["actors"]],
            textposition="inside", insidetextanchor="middle", textangle=0,
            textfont=dict(color=INK, size=bar_text_px, family=FONT_FAMILY),
            hovertext=[f"<b>{esc(labels[columns[p]])}</b><br>{esc(position.label)}: "
                       f"{plural(a, 'actor')} from {plural(c, 'country', 'countries')}"
                       for p, a, c in zip(rows["period"], rows["actors"], rows["countries"])],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    yaxis = dict(title=dict(text="Actors holding the position", font=dict(size=page.tick_px, color=INK)),
                 showgrid=True, gridcolor=GRID, showline=False, ticks="",
                 range=[0, max(tallest, 1) * 1.08],  # headroom: the tallest bar does not touch the top
                 tickfont=dict(size=page.tick_px, color=INK), fixedrange=True)
    if tallest <= 5:
        yaxis["dtick"] = 1  # whole actors, not 0.5
    return Body(plot, traces=traces, xaxis=_category_axis(plot, page, len(periods)), yaxis=yaxis,
                layout=dict(barmode="stack", bargap=BAR_GAP,
                            uniformtext=dict(mode="hide", minsize=bar_text_px)))  # a label fits or is left out


# ---------------------------------------------------------------- public
DRAWERS: dict[str, Callable[[pd.DataFrame, ChartSpec, Dataset, Page], Body]] = {
    "timeline": _timeline,
    "matrix": _matrix,
    "country-matrix": _country_matrix,
    "shifts": _shifts,
    "balance": _balance,
    "proposal-matrix": _proposal_matrix,
}


def build_figure(spec: ChartSpec, dataset: Dataset, *, app_url: str | None = None,
                 generated: date | None = None) -> go.Figure:
    """The chart described by ``spec``, with header and footer, at the spec's size."""
    if spec.kind not in DRAWERS:
        raise ValueError(f"unknown chart kind {spec.kind!r}; use one of {', '.join(DRAWERS)}")
    shown = spec.filters.apply(dataset.statements)
    page = _page(spec, dataset, shown, generated or date.today(), app_url)
    body = _message(page, EMPTY_MESSAGE) if shown.empty else DRAWERS[spec.kind](shown, spec, dataset, page)
    return _assemble(page, body)


def _shift_sentence(shifts: pd.DataFrame, limit: int = 5) -> str:
    if shifts.empty:
        return "No actor changed position in this scope."
    moves = [f"{s.actor} ({country_name(s.country)}) moved from {position_label(s.from_position).lower()} "
             f"to {position_label(s.to_position).lower()} {date_phrase(s.to_date, s.to_precision)}"
             for s in shifts.head(limit).itertuples()]
    more = f"; and {len(shifts) - limit} more" if len(shifts) > limit else ""
    actors = shifts["actor"].nunique()
    return (f"{plural(actors, 'actor')} changed position {plural(len(shifts), 'time')}. "
            f"In date order: {'; '.join(moves)}{more}.")


def alt_text(spec: ChartSpec, dataset: Dataset) -> str:
    """A plain-English description of the chart and what its data says (no HTML)."""
    shown = spec.filters.apply(dataset.statements)
    title, scope = spec.display_title(), scope_text(spec, dataset, shown)
    if shown.empty:
        return f"{title}. {EMPTY_MESSAGE}: {scope}."
    description = KIND_DESCRIPTIONS[spec.kind].format(period=spec.period)
    n_actors = shown["actor"].nunique()
    latest = analysis.proposal_matrix(shown)["position"].value_counts()
    held = join_words([f"{latest[p.key]} {p.label.lower()}" for p in POSITIONS if latest.get(p.key, 0)])
    since = spec.since if spec.kind == "shifts" else None
    return " ".join([
        f"{title}: {description}. Scope: {scope}.",
        f"It draws on {plural(len(shown), 'statement')} by {plural(n_actors, 'actor')} from "
        f"{plural(shown['country'].nunique(), 'country', 'countries')}, "
        f"from {plural(count_sources(shown), 'source')}.",
        f"Latest positions of the actors: {held}.",
        _shift_sentence(analysis.shifts(shown, since)),
    ])
