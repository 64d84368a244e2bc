"""Page geometry: the canvas, its font sizes, text wrapping, and where the plot sits.

The layout is computed in pixels (header, legend, axis labels, footer) with Plotly's automatic
margins off, so nothing moves or is clipped on a 1920x1080 slide, a square image, an A4 page or
the screen. Text widths are estimated from DejaVu Sans' average glyph width.

Text from the data (actors, quotes, sources, titles) is HTML-escaped (:func:`esc`) before Plotly
sees it: Plotly renders hover text, labels and annotations as HTML-like markup.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from ..chart import SIZES, ChartSpec, Size
from ..lanes import Lanes
from ..model import Dataset
from ..words import footer_lines, scope_parts

# Layout, in pixels or in multiples of the base font size.
SCREEN_WIDTH_GUESS = 1000  # on screen the width is the page's; wrap text for a typical one
CHAR_WIDTH = 0.6  # average DejaVu Sans glyph width, in em
LEGEND_ITEM_PX = 46  # Plotly's legend symbol, indentation and gaps around each entry's text
LINE_HEIGHT = 1.35
QUOTE_WRAP = 64
TALL_PLOT_PX = 600  # a screen plot taller than this repeats its x axis at the top


def esc(text: object) -> str:
    """Data text made safe for Plotly's HTML-like labels: '<b>' shows as typed."""
    return html.escape(str(text), quote=False)


_TEXTWRAP_SPACE = "\t\n\x0b\x0c\r "  # what textwrap splits on and turns into spaces
_SPACES = str.maketrans(dict.fromkeys(_TEXTWRAP_SPACE, " "))
_CHUNKS = re.compile(f"([{re.escape(_TEXTWRAP_SPACE)}]+)")


def wrap(text: str, chars: float) -> list[str]:
    """Lines of at most ``chars`` characters (12 at least), broken at spaces, long words cut.

    The same lines as ``textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)``,
    in linear time: textwrap copies the rest of a long word for every line it cuts from it, which
    takes seconds on a word of a million characters. Here a long word is cut by position, and most
    text (words no longer than a line, single spaces apart) takes a shorter way to the same lines.
    """
    width = max(12, int(chars))
    if text.isprintable() and re.fullmatch(f"[^ ]{{1,{width}}}(?: [^ ]{{1,{width}}})*", text):
        return _greedy(text, width)
    chunks = [c for c in _CHUNKS.split(text.expandtabs().translate(_SPACES)) if c]
    ends = [len(c.rstrip()) for c in chunks]  # the rest of a chunk from ``start`` is blank if start >= end
    lines: list[str] = []
    k, start = 0, 0  # the next text is chunks[k][start:]
    while k < len(chunks):
        if lines and start >= ends[k]:
            k, start = k + 1, 0  # no line starts with white space
        line: list[str] = []
        length = 0
        while k < len(chunks) and length + len(chunks[k]) - start <= width:
            line.append(chunks[k][start:] if start else chunks[k])
            length += len(chunks[k]) - start
            k, start = k + 1, 0
        if k < len(chunks) and len(chunks[k]) - start > width:  # a word longer than a line: cut it
            line.append(chunks[k][start : start + width - length])
            start += width - length
        if line and not line[-1].strip():
            del line[-1]  # nor ends with it
        if line:
            lines.append("".join(line))
    return lines or [""]


def _greedy(text: str, width: int) -> list[str]:
    """:func:`wrap` of words no longer than a line, single spaces apart (most text): each line the
    longest run of words that fits, found by the regular expression engine."""
    return re.findall(f"(.{{1,{width}}})(?: |$)", text)


def wrap_parts(parts: list[str], chars: float) -> list[str]:
    """Lines of ' · '-joined parts, breaking between parts rather than inside one where possible."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= chars:
            lines[-1] += " · " + part
        else:
            lines += wrap(part, chars)
    return lines


def wrapped_html(text: str, chars: float = QUOTE_WRAP) -> str:
    return "<br>".join(esc(line) for line in wrap(text, chars))


def text_px(labels: Iterable[str], font: float) -> float:
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
    lanes: Lanes | None = None  # charts with actor rows or shifts: the page of rows drawn (stance.lanes)

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
        return (
            self.pad
            + len(self.title_lines) * self.title_px * LINE_HEIGHT
            + self.font * 0.5
            + len(self.subtitle_lines) * self.font * LINE_HEIGHT
            + self.pad * 0.5
        )

    @property
    def footer_height(self) -> float:
        return len(self.footer_rows) * self.small_px * LINE_HEIGHT + self.pad

    def chars(self, font: float) -> float:
        """How many characters of this font fit across the page."""
        return (self.width - 2 * self.pad) / (CHAR_WIDTH * font)


def page_for(
    spec: ChartSpec,
    dataset: Dataset,
    shown: pd.DataFrame,
    generated: date,
    app_url: str | None,
    lanes: Lanes | None = None,
) -> Page:
    """The page of a chart of ``shown`` (all the filters select, before the lanes are paged)."""
    size = SIZES[spec.size]
    blank = Page(size, [], [], [])
    proposals, rest = scope_parts(spec, dataset, shown)
    if lanes and lanes.note:
        rest.append(lanes.note)
    footer = footer_lines(spec, dataset, shown, generated, app_url=app_url)
    small, normal = blank.chars(blank.small_px), blank.chars(size.font)
    return Page(
        size,
        title_lines=wrap(spec.display_title(), blank.chars(blank.title_px)),
        subtitle_lines=(wrap(proposals, normal) if proposals else []) + wrap_parts(rest, normal),
        footer_rows=wrap_parts(footer[:3], small) + [row for link in footer[3:] for row in wrap(link, small)],
        lanes=lanes,
    )


@dataclass(frozen=True)
class Ticks:
    """Category tick labels of the x axis, and the height they need."""

    values: list[int]
    labels: list[str]  # HTML
    angle: int
    height: float


def stacked_period_labels(labels: list[str]) -> list[str]:
    """'Dec 2024', 'Jan 2025', 'Feb 2025' -> 'Dec<br>2024', 'Jan<br>2025', 'Feb': two short lines,
    the year written where it starts (and on the first label), so narrow columns stay horizontal."""
    stacked, year = [], None
    for label in labels:
        head, _, tail = label.rpartition(" ")
        stacked.append(f"{head}<br>{tail}" if head and tail != year else (head or tail))
        year = tail
    return stacked


def category_ticks(labels: list[str], plot_width: float, font: float, periods: bool = False) -> Ticks:
    """Horizontal labels when they fit; period labels stacked on two lines ('Dec' over '2024') when
    that fits; otherwise diagonal, thinned so none overlap."""
    slot = plot_width / max(len(labels), 1)
    values = list(range(len(labels)))
    candidates = [labels, stacked_period_labels(labels)] if periods else [labels]
    for candidate in candidates:
        if text_px(candidate, font) + font <= slot:
            lines = max(str(label).count("<br>") + 1 for label in candidate)
            return Ticks(values, candidate, 0, lines * font * LINE_HEIGHT + font * 0.8)
    widest = text_px(labels, font)
    step = max(1, math.ceil(font * 1.8 / slot))  # diagonal labels need about 1.8 em each
    return Ticks(values[::step], labels[::step], -45, widest * 0.72 + font * 1.8)


def legend_height(names: list[str], font: float, width: float, title_lines: int = 0) -> float:
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
    band_px: float = 0  # room left above the plot (and its repeated axis) for event labels

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def margin(self) -> dict:
        return dict(l=self.left, r=self.right, t=self.top, b=self.bottom, pad=0, autoexpand=False)


def plot_area(
    page: Page,
    *,
    rows: int,
    row_labels: Iterable[str] = (),
    screen_row_px: float = 28,
    screen_plot_px: float | None = None,
    legend_names: Iterable[str] = (),
    x_labels: list[str] | None = None,
    right_labels: Iterable[str] = (),
    y_title: bool = False,
    x_axis: bool = True,
    period_labels: bool = False,
    legend_title: str = "",
    top_axis: bool = False,
    top_band: float = 0,
) -> Plot:
    """Margins that leave room for header, legend, labels and footer; rows sized to the canvas.

    The left margin depends on the row font, which depends on the row height, which depends on
    the room the x labels take, which depends on the plot width: two passes settle it.
    ``top_axis``: on screen, a plot taller than TALL_PLOT_PX repeats its x axis above the plot.
    ``top_band``: pixels left above the plot (above a repeated axis) for the labels of key events.
    """
    f, tick = page.font, page.tick_px
    row_labels, right_labels = list(row_labels), list(right_labels)
    y_title_px = tick * 1.8 if y_title else 0
    right = page.pad + (text_px(right_labels, tick) + f if right_labels else f * 0.5)
    label_px = tick
    for _ in range(2):
        left = page.pad + text_px(row_labels, label_px) + f * 0.8 + y_title_px
        plot_width = max(120.0, page.width - left - right)
        # Exports start the legend at the canvas' left edge; on screen at the plot's.
        legend_width = left + plot_width - page.pad if page.size.width else plot_width
        title_lines = wrap(legend_title, legend_width / (CHAR_WIDTH * tick)) if legend_title else []
        top = page.header_height + legend_height(list(legend_names), tick, legend_width, len(title_lines))
        ticks = category_ticks(x_labels, plot_width, tick, period_labels) if x_labels is not None else None
        x_axis_height = ticks.height if ticks else (tick * LINE_HEIGHT + f * 0.8 if x_axis else 0)
        bottom = x_axis_height + page.footer_height + f * 0.3
        screen_plot = screen_plot_px or max(120, rows * screen_row_px)
        repeat_axis = top_axis and not page.size.height and screen_plot > TALL_PLOT_PX
        top += (x_axis_height if repeat_axis else 0) + top_band
        height = page.size.height or round(top + bottom + screen_plot)
        row_px = (height - top - bottom) / max(rows, 1)
        label_px = min(tick, max(7, int(row_px * 0.8)))
    left = page.pad + text_px(row_labels, label_px) + f * 0.8 + y_title_px
    return Plot(
        page.size.width,
        height,
        round(left),
        round(right),
        round(top),
        round(bottom),
        x_axis_height,
        page.header_height,
        row_px,
        label_px,
        page.width - left - right,
        ticks,
        title_lines,
        repeat_axis,
        top_band,
    )
