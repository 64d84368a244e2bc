"""A briefing: every chart of one selection, plus a written summary generated from the data.

The summary is built once as a small document (sections of paragraphs made of text and
citations) and written out as Markdown, as a standalone HTML page and as the first pages of
``briefing.pdf`` (the whole pack in one file), so all say the same thing. Every sentence about
the data cites the statements it rests on: date, actor, source, and a link to the source page
where there is one. Each country gets a one-line verdict by the country rule
(:mod:`stance.positions`); a quote appears once in the whole document.
"""

from __future__ import annotations

import errno
import html
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path
from typing import Any, cast

import pandas as pd

from . import analysis, positions
from .chart import DEFAULT_STALE_MONTHS, SIZES, ChartSpec
from .codebook import ACTOR_TYPE_BY_KEY, country_label, country_name, is_institution
from .dates import date_phrase, date_short, day_text
from .export import chart_filename, chart_files, render
from .formats import table_to_csv
from .kinds import KINDS, briefing_kinds
from .lanes import select
from .model import Dataset, spoke_as
from .query import Filters
from .text import markdown_escape, plural
from .words import alt_text, data_summary, moved, selection_scope, standing_table, summary_since

BRIEFING_FORMATS: tuple[str, ...] = ("png", "svg")
SUMMARY_MD, SUMMARY_HTML, ALT_TEXT_MD = "summary.md", "summary.html", "alt-text.md"
BRIEFING_PDF, STANDING_CSV = "briefing.pdf", "standing.csv"


# ---------------------------------------------------------------- the document
@dataclass(frozen=True)
class Citation:
    """A statement's source, shown as a link to its page (or in brackets when there is none)."""

    source: str
    url: str


@dataclass(frozen=True)
class Strong:
    """Text set in bold, so a list of countries reads at a glance."""

    text: str


Piece = str | Citation | Strong
Paragraph = tuple[Piece, ...]
Statement = Mapping[str, Any] | pd.Series  # a statement row, or a dict keyed like one


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[Paragraph, ...]
    as_list: bool = False


@dataclass(frozen=True)
class Chart:
    title: str
    image: str  # file name of the PNG, relative to the summary
    alt: str


@dataclass(frozen=True)
class Document:
    title: str
    sections: tuple[Section, ...]


# ---------------------------------------------------------------- sentences from the data
def attributed(attribution: str) -> str:
    """Statements not on record say so next to their citation."""
    return "" if attribution == "on-record" else f", {attribution}"


def dated(statement: Statement) -> str:
    """'on 7 May 2025', 'in December 2024, unverified': when, and how firmly it is attested."""
    return date_phrase(statement["date"], statement["date_precision"]) + attributed(statement["attribution"])


def cited_position(statement: Statement, with_quote: bool = False) -> Paragraph:
    """'support on 16 Dec 2025, “quote” [source](url)': a position and the statement it rests on."""
    said = f", “{statement['quote']}”" if with_quote else ""
    return (f"{statement['position']} {dated(statement)}{said} ", Citation(statement["source"], statement["url"]))


def shift_end(shift: pd.Series, end: str) -> dict[str, object]:
    """The statement at one end ("from" or "to") of a shift, keyed like a statement row."""
    columns = {
        "position": "position",
        "date": "date",
        "date_precision": "precision",
        "attribution": "attribution",
        "source": "source",
        "url": "url",
    }
    return {key: shift[f"{end}_{column}"] for key, column in columns.items()}


def headline(dataset: Dataset, statements: pd.DataFrame, filters: Filters) -> Paragraph:
    scope = selection_scope(dataset, statements, filters)
    if statements.empty:
        return (f"{scope}: no statements match this selection.",)
    in_order = analysis.ordered(statements)
    first, last = in_order.iloc[0], in_order.iloc[-1]
    cut_off = dataset.statements["date"].max()
    counts = (
        f"{scope}: {plural(len(statements), 'statement')} by {plural(statements['actor'].nunique(), 'actor')} "
        f"from {plural(statements['country'].nunique(), 'country', 'countries')}, "
        f"made between {day_text(first['date'])} and {day_text(last['date'])}. "
    )
    return (
        counts,
        f"The earliest is {first['actor']}'s, {dated(first)} ",
        Citation(first["source"], first["url"]),
        f"; the latest is {last['actor']}'s, {dated(last)} ",
        Citation(last["source"], last["url"]),
        f". Data cut-off: {day_text(cut_off)}, the latest statement in the dataset.",
    )


def shift_sentence(shift: pd.Series, proposal_title: str | None) -> Paragraph:
    """'Keir Starmer (United Kingdom) moved from hesitant to support: hesitant on ... [source], support on ...'."""
    topic = f" on {proposal_title}" if proposal_title else ""
    return (
        f"{moved(shift['actor'], shift['country'], shift['from_position'], shift['to_position'], topic)}: ",
        *cited_position(shift_end(shift, "from")),
        ", ",
        *cited_position(shift_end(shift, "to")),
        ".",
    )


def shifts_section(dataset: Dataset, statements: pd.DataFrame, since: Date) -> Section:
    moves = analysis.shifts(statements, since)
    several_proposals = statements["proposal"].nunique() > 1
    paragraphs = tuple(
        shift_sentence(shift, dataset.proposal_title(shift["proposal"]) if several_proposals else None)
        for _, shift in moves.iterrows()
    )
    if not paragraphs:
        paragraphs = ((f"Nobody in this selection changed position since {day_text(since)}.",),)
    return Section(f"Who moved since {day_text(since)}", paragraphs, as_list=bool(len(moves)))


# ---------------------------------------------------------------- verdicts: where each country stands
# How a verdict words a position: (one voice, several voices).
VERBS = {
    "support": ("supports", "support"),
    "hesitant": ("is hesitant", "are hesitant"),
    "opposed": ("is opposed", "are opposed"),
    "denied": ("rules out taking part", "rule out taking part"),
}
# The voices beside a country's position, by the type they spoke in: (one, several).
VOICES = {
    "opposition": ("the opposition", "opposition voices"),
    "former": ("a former office holder", "former office holders"),
    "legislator": ("a legislator or party", "legislators or parties"),
    "anonymous": ("an anonymous source", "anonymous sources"),
    "institution": ("an institution", "institutions"),
    "other": ("another voice", "other voices"),
    "head": ("a head of state or government", "heads of state or government"),
    "minister": ("a minister", "ministers"),
    "official": ("an official", "officials"),
}
NAMED_VOICES = 3  # a group of voices this small is named; a larger one is counted
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "ter"})


def verb(position: str, several: bool = False) -> str:
    forms = VERBS.get(position)
    return forms[several] if forms else position


def surname(actor: str) -> str:
    """'Starmer' for 'Keir Starmer', 'von der Leyen' for 'Ursula von der Leyen'; a name that is not a
    person's ('Anonymous Whitehall source', a one-word name) stays whole."""
    words = actor.split()
    capitalised = all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
    if len(words) < 2 or not capitalised or words[0].lower() == "anonymous":
        return actor
    start = len(words) - 1
    while start > 1 and words[start - 1] in NAME_PARTICLES:
        start -= 1
    return " ".join(words[start:])


def short_names(actors: Iterable[str]) -> dict[str, str]:
    """Each actor's surname, or the whole name where two actors would share one."""
    actors = sorted(set(actors))
    counts: dict[str, int] = {}
    for actor in actors:
        counts[surname(actor)] = counts.get(surname(actor), 0) + 1
    return {actor: surname(actor) if counts[surname(actor)] == 1 else actor for actor in actors}


@dataclass(frozen=True)
class Held:
    """What each actor stands by on a day, per proposal (the country rule's step 2: its latest statement
    on the record, else its latest), and which actors spoke in a government capacity by then."""

    statements: pd.DataFrame  # one row per (actor, proposal), indexed by both
    government: frozenset[tuple[str, str, str]]  # (country, proposal, actor) of government voices

    @classmethod
    def on(cls, statements: pd.DataFrame, day: pd.Timestamp) -> Held:
        upto = statements.loc[statements["date"] <= day]
        deciding = upto.loc[positions.decides(upto), ["country", "proposal", "actor"]]
        return cls(positions.stood_by(statements, day), frozenset(deciding.itertuples(index=False, name=None)))

    def of(self, actor: str, proposal: str) -> pd.Series | None:
        key = (actor, proposal)
        return cast(pd.Series, self.statements.loc[key]) if key in self.statements.index else None

    def government_voices(self, country: str, proposal: str) -> list[str]:
        return sorted(a for c, p, a in self.government if c == country and p == proposal)


def when_cited(statement: Statement) -> Paragraph:
    """'10 Jul 2025 [BBC](url)', 'c. 15 Jan 2025, anonymous [The Courier]': a verdict's evidence."""
    when = date_short(statement["date"], statement["date_precision"]) + attributed(statement["attribution"])
    return (f"{when} ", Citation(statement["source"], statement["url"]))


def government_words(row: pd.Series, voices: list[pd.Series], names: dict[str, str], stale_months: int) -> Paragraph:
    """'the government supports (Starmer, 10 Jul 2025 [BBC](url))', 'the government is split: Tusk denied
    (...), Duda support (...)', 'no government statement'."""
    institution = is_institution(str(row["country"]))
    subject = "the institution" if institution else "the government"
    if row["position"] == positions.NONE or not voices:
        return ("no statement by the institution itself",) if institution else ("no government statement",)
    pieces: list[Piece]
    if row["position"] == positions.SPLIT:
        pieces = [f"{subject} is split: "]
        for i, voice in enumerate(voices):
            pieces += [", " if i else "", f"{names[voice['actor']]} {voice['position']} (", *when_cited(voice), ")"]
    else:
        pieces = [f"{subject} {verb(str(row['position']))} ("]
        for i, voice in enumerate(voices):
            pieces += ["; " if i else "", f"{names[voice['actor']]}, ", *when_cited(voice)]
        pieces.append(")")
    if row["stale"]:
        pieces.append(f", not restated for over {plural(stale_months, 'month')}")
    return tuple(pieces)


def beside_words(beside: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """'4 former office holders support', 'the opposition (Dutton) is hesitant': the voices that do not
    decide, by the type they spoke in (the codebook's order), then by position. Anonymous sources
    are counted, not named (their names only describe them)."""
    parts = []
    for kind, group in beside.groupby("type", sort=False):
        one, several = VOICES.get(str(kind), (str(kind), str(kind)))
        for position, held in group.groupby("position", sort=False):
            named = [names[a] for a in held["actor"]]
            who = f" ({', '.join(named)})" if len(named) <= NAMED_VOICES and kind != "anonymous" else ""
            if len(held) == 1:
                parts.append(f"{one}{who} {verb(str(position))}")
            else:
                parts.append(f"{len(held)} {several}{who} {verb(str(position), several=True)}")
    return parts


def outranked(row: pd.Series, held: Held, beside: pd.DataFrame, deciding: list[str]) -> pd.DataFrame:
    """Government voices in office that the rule set aside (a junior office, or not on the record),
    most senior first, keyed like :func:`stance.positions.voices_beside` (actor, type, position)."""
    rows = []
    left = set(beside["actor"])
    for actor in held.government_voices(str(row["country"]), str(row["proposal"])):
        if actor in deciding or actor in left:
            continue  # decides, or has left office (beside, as a former office holder)
        statement = held.of(actor, str(row["proposal"]))
        if statement is not None:
            kind = statement["capacity"] or statement["actor_type"]
            rows.append((ACTOR_TYPE_BY_KEY[kind].seniority, actor, kind, statement["position"]))
    rows.sort()
    return pd.DataFrame([r[1:] for r in rows], columns=["actor", "type", "position"])


def verdict(
    row: pd.Series,
    held: Held,
    beside: pd.DataFrame,
    names: dict[str, str],
    stale_months: int,
    proposal_title: str | None,
) -> Paragraph:
    """One country's line: its government's position by the country rule, most senior voice first,
    then the voices that do not decide it."""
    actors = [a for a in str(row["actor"]).split("; ") if a]
    voices = [voice for voice in (held.of(actor, str(row["proposal"])) for actor in actors) if voice is not None]
    topic = f", on {proposal_title}" if proposal_title else ""
    beside = beside.loc[~beside["actor"].isin(actors)]  # named once: an earlier capacity is not another voice
    others = beside_words(pd.concat([outranked(row, held, beside, actors), beside]), names)
    tail = "; " + "; ".join(others) if others else ""
    return (Strong(f"{row['name']}{topic}"), ": ", *government_words(row, voices, names, stale_months), f"{tail}.")


def verdicts_section(
    dataset: Dataset, statements: pd.DataFrame, day: pd.Timestamp, stale_months: int, names: dict[str, str]
) -> Section:
    """Per country (by name) and proposal, one verdict line."""
    rows = positions.standing(statements, "country", day.date(), stale_months)
    beside = positions.voices_beside(statements, day.date())
    several = statements["proposal"].nunique() > 1
    rows = rows.sort_values(["name", "proposal"], key=lambda c: c.str.casefold(), kind="stable")
    held = Held.on(statements, day)
    by_row = {key: group for key, group in beside.groupby(["country", "proposal"], sort=False)}
    nobody = beside.iloc[:0]
    paragraphs = []
    for _, row in rows.iterrows():
        mine = by_row.get((row["country"], row["proposal"]), nobody)
        title = dataset.proposal_title(str(row["proposal"])) if several else None
        paragraphs.append(verdict(row, held, mine, names, stale_months, title))
    return Section(f"Where each country stands on {day_text(day)}", tuple(paragraphs), as_list=True)


# ---------------------------------------------------------------- their words: each quote once
def said(statement: pd.Series, proposal_title: str | None, seen: set[str]) -> Paragraph:
    """'Keir Starmer (Prime Minister): support on 10 Jul 2025, “quote” [BBC](url)'; a quote already
    in the document is not repeated."""
    role = f" ({statement['role']})" if statement["role"] else ""
    topic = f" on {proposal_title}" if proposal_title else ""
    quote = " ".join(str(statement["quote"]).split())
    fresh = bool(quote) and quote not in seen
    seen.add(quote)
    return (f"{statement['actor']}{role}{topic}: ", *cited_position(statement, with_quote=fresh))


def words_section(dataset: Dataset, statements: pd.DataFrame, day: pd.Timestamp) -> Section:
    """Per country, each actor's statement as of the day, most senior first, with its quote (once)."""
    upto = analysis.ordered(statements.loc[statements["date"] <= day])
    latest = upto.drop_duplicates(["actor", "proposal"], keep="last").set_index(["actor", "proposal"])
    held = Held.on(statements, day)
    government = {(actor, proposal) for _, proposal, actor in held.government}
    # A government voice is quoted by the statement it stands by; anyone else by its latest.
    by_held = dict(zip(held.statements.index, held.statements["id"], strict=True))
    ids = {by_held[key] if key in government else i for key, i in zip(latest.index, latest["id"], strict=True)}
    chosen = upto.loc[upto["id"].isin(ids)]
    order = {key: i for i, key in enumerate(ACTOR_TYPE_BY_KEY)}
    chosen = chosen.assign(
        name=chosen["country"].map(country_name).str.casefold(),
        rank=spoke_as(chosen).map(order),
        newest=-chosen["date"].astype("int64"),
    ).sort_values(["name", "proposal", "rank", "newest", "actor"], kind="stable")
    titles = (
        {p: dataset.proposal_title(p) for p in chosen["proposal"].unique()}
        if chosen["proposal"].nunique() > 1
        else None
    )
    seen: set[str] = set()
    paragraphs = []
    for code, group in chosen.groupby("country", sort=False):
        pieces: list[Piece] = [Strong(country_label(str(code))), ": "]
        for i, (_, statement) in enumerate(group.iterrows()):
            pieces += ["; " if i else "", *said(statement, titles[statement["proposal"]] if titles else None, seen)]
        paragraphs.append((*pieces, "."))
    return Section("In their words", tuple(paragraphs), as_list=True)


def first_day(statements: pd.DataFrame) -> Date | None:
    """The default 'since': the first statement shown, so every shift in the selection is listed."""
    return None if statements.empty else statements["date"].min().date()


def summary_document(
    dataset: Dataset,
    filters: Filters,
    since: Date | None = None,
    as_of: Date | None = None,
    stale_months: int = DEFAULT_STALE_MONTHS,
) -> Document:
    """In brief; where each country stands (as of ``as_of``, default the data's cut-off); who moved
    since ``since`` (default: the first statement shown); each actor in their own words."""
    statements = filters.apply(dataset.statements)
    sections = [Section("In brief", (headline(dataset, statements, filters),))]
    start = since or first_day(statements)
    cutoff = dataset.cutoff
    if start is not None and cutoff is not None and not statements.empty:
        day = pd.Timestamp(as_of) if as_of else cutoff
        names = short_names(statements["actor"])
        sections += [
            verdicts_section(dataset, statements, day, stale_months, names),
            shifts_section(dataset, statements, start),
            words_section(dataset, statements, day),
        ]
    return Document(f"Stance briefing: {selection_scope(dataset, statements, filters)}", tuple(sections))


# ---------------------------------------------------------------- Markdown


def md_text(text: str) -> str:
    """Data text as literal Markdown: one line, special characters backslash-escaped."""
    return markdown_escape(re.sub(r"\s+", " ", str(text)))


def md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def md_piece(piece: Piece) -> str:
    if isinstance(piece, Citation):
        if is_web_link(piece.url):
            return f"[{md_text(piece.source)}]({md_url(piece.url)})"
        return f"\\[{md_text(piece.source)}\\]"
    if isinstance(piece, Strong):
        return f"**{md_text(piece.text)}**"
    return md_text(piece)


def to_markdown(document: Document, charts: Iterable[Chart] = ()) -> str:
    lines = [f"# {md_text(document.title)}", ""]
    for section in document.sections:
        lines += [f"## {md_text(section.heading)}", ""]
        for paragraph in section.paragraphs:
            text = "".join(md_piece(p) for p in paragraph)
            lines += [f"- {text}"] if section.as_list else [text, ""]
        if section.as_list:
            lines.append("")
    charts = list(charts)
    if charts:
        lines += ["## Charts", ""]
        for chart in charts:
            lines += [f"![{md_text(chart.alt)}]({md_url(chart.image)})", "", f"*{md_text(chart.title)}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def summary_markdown(
    dataset: Dataset, filters: Filters, since: Date | None = None, charts: Iterable[Chart] = (), **options: Any
) -> str:
    """The summary as Markdown; ``options``: ``as_of``, ``stale_months`` (see :func:`summary_document`)."""
    return to_markdown(summary_document(dataset, filters, since, **options), charts)


# ---------------------------------------------------------------- HTML
def is_web_link(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def html_piece(piece: Piece) -> str:
    if isinstance(piece, Citation):
        if is_web_link(piece.url):
            return f'<a href="{html.escape(piece.url)}">{html.escape(piece.source)}</a>'
        return f"[{html.escape(piece.source)}]"
    if isinstance(piece, Strong):
        return f"<strong>{html.escape(piece.text)}</strong>"
    return html.escape(piece)


_STYLE = (
    'body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;'
    "line-height:1.5;color:#222}\n"
    "figure{margin:2rem 0}img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{color:#555}li{margin:.4rem 0}"
)


def to_html(document: Document, charts: Iterable[Chart] = ()) -> str:
    body = [f"<h1>{html.escape(document.title)}</h1>"]
    for section in document.sections:
        body.append(f"<h2>{html.escape(section.heading)}</h2>")
        items = ["".join(html_piece(p) for p in paragraph) for paragraph in section.paragraphs]
        if section.as_list:
            body.append("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>")
        else:
            body += [f"<p>{item}</p>" for item in items]
    charts = list(charts)
    if charts:
        body.append("<h2>Charts</h2>")
        body += [
            f'<figure><img src="{html.escape(chart.image)}" alt="{html.escape(chart.alt)}">'
            f"<figcaption>{html.escape(chart.title)}</figcaption></figure>"
            for chart in charts
        ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(document.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def summary_html(
    dataset: Dataset, filters: Filters, since: Date | None = None, charts: Iterable[Chart] = (), **options: Any
) -> str:
    return to_html(summary_document(dataset, filters, since, **options), charts)


# ---------------------------------------------------------------- PDF: the summary as pages
PDF_CHAR_WIDTH = 0.57  # DejaVu Sans' average glyph width (0.55 em), with room for bold and capitals
PDF_BOLD_WIDER = 1.12  # bold glyphs (titles, headings) are wider
PDF_LINE_HEIGHT = 1.45
LINK_COLOUR = "#0B57A4"
Segment = tuple[str, bool, str]  # text, bold, link ("" for none)


@dataclass(frozen=True)
class TextLine:
    html: str
    px: float  # font size
    indent: float  # in px from the left margin
    gap_before: float = 0  # extra space above, in px


def segments(pieces: Iterable[Piece]) -> list[Segment]:
    out: list[Segment] = []
    for piece in pieces:
        if isinstance(piece, Citation):
            link = piece.url if is_web_link(piece.url) else ""
            out.append((piece.source if link else f"[{piece.source}]", False, link))
        elif isinstance(piece, Strong):
            out.append((piece.text, True, ""))
        else:
            out.append((piece, False, ""))
    return out


def words_of(parts: list[Segment]) -> list[list[Segment]]:
    """Words (split at white space) made of styled segments: 'BBC Example,' is a link then a comma."""
    words: list[list[Segment]] = [[]]
    for text, bold, link in parts:
        for chunk in re.split(r"(\s+)", text):
            if not chunk:
                continue
            if chunk.isspace():
                if words[-1]:
                    words.append([])
            else:
                words[-1].append((chunk, bold, link))
    return [w for w in words if w]


def segment_html(text: str, bold: bool, link: str) -> str:
    inner = html.escape(text, quote=False)
    if bold:
        inner = f"<b>{inner}</b>"
    if link:
        inner = f'<a href="{html.escape(link)}" style="color:{LINK_COLOUR}">{inner}</a>'
    return inner


def wrap_words(words: list[list[Segment]], chars: int) -> list[str]:
    """Lines of HTML at most ``chars`` characters wide; a longer word is cut."""
    lines: list[str] = []
    line: list[str] = []
    width = 0
    for word in words:
        size = sum(len(text) for text, _, _ in word)
        if line and width + 1 + size > chars:
            lines.append(" ".join(line))
            line, width = [], 0
        while size > chars:  # a word wider than the page: cut it
            text, bold, link = word[0]
            head, rest = text[:chars], text[chars:]
            lines.append(segment_html(head, bold, link))
            word = ([(rest, bold, link)] if rest else []) + word[1:]
            size -= len(head)
        if word:
            line.append("".join(segment_html(*segment) for segment in word))
            width += size + (1 if width else 0)
    if line:
        lines.append(" ".join(line))
    return lines


def document_lines(document: Document, size: str) -> list[TextLine]:
    """The summary as lines laid out for a page of ``size``: title, headings, paragraphs, list items."""
    font = SIZES[size].font
    width = int(SIZES[size].width or 1000)
    usable = width - 2 * pdf_margin(size)

    def chars(px: float, indent: float = 0, bold: bool = False) -> int:
        return max(20, int((usable - indent) / (PDF_CHAR_WIDTH * (PDF_BOLD_WIDER if bold else 1) * px)))

    title_px, heading_px = round(font * 1.45), round(font * 1.15)
    lines = [
        TextLine(text, title_px, 0)
        for text in wrap_words(words_of([(document.title, True, "")]), chars(title_px, bold=True))
    ]
    for section in document.sections:
        for i, text in enumerate(wrap_words(words_of([(section.heading, True, "")]), chars(heading_px, bold=True))):
            lines.append(TextLine(text, heading_px, 0, font * 0.9 if i == 0 else 0))
        for paragraph in section.paragraphs:
            indent = font * 1.2 if section.as_list else 0
            wrapped = wrap_words(words_of(segments(paragraph)), chars(font, indent))
            for i, text in enumerate(wrapped):
                bullet = "•" if section.as_list and i == 0 else ""
                gap = font * (0.25 if section.as_list else 0.5) if i == 0 else 0
                lines.append(TextLine(text, font, indent, gap))
                if bullet:
                    lines.append(TextLine(bullet, font, 0, -1))  # -1: on the line above
    return lines


def pdf_margin(size: str) -> int:
    return round(SIZES[size].font * 2.5)


def text_pages(document: Document, size: str, footer: str) -> list:
    """The summary as figures of the pack's size, one per page, for Kaleido to print to PDF."""
    import plotly.graph_objects as go

    from .figures.theme import FONT_FAMILY, INK, MUTED

    page = SIZES[size]
    width, height = int(page.width or 1000), int(page.height or 1000)
    margin, small = pdf_margin(size), max(9, round(page.font * 0.75))
    bottom = height - margin - small * PDF_LINE_HEIGHT * 2
    pages: list[list[tuple[TextLine, float]]] = [[]]
    y = float(margin)
    for line in document_lines(document, size):
        if line.gap_before < 0:  # a bullet: beside the line just placed
            pages[-1].append((line, pages[-1][-1][1]))
            continue
        step = line.gap_before + line.px * PDF_LINE_HEIGHT
        if y + step > bottom and pages[-1]:
            pages.append([])
            y = float(margin)
            step = line.px * PDF_LINE_HEIGHT
        pages[-1].append((line, y + step - line.px * PDF_LINE_HEIGHT))
        y += step
    figures = []
    for number, placed in enumerate(pages, start=1):
        annotations = [
            dict(
                text=line.html,
                x=(margin + line.indent) / width,
                y=1 - top / height,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                showarrow=False,
                align="left",
                font=dict(size=line.px, color=INK, family=FONT_FAMILY),
            )
            for line, top in placed
        ]
        annotations.append(
            dict(
                text=html.escape(f"{footer} · page {number} of {len(pages)}", quote=False),
                x=margin / width,
                y=margin / 2 / height,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=small, color=MUTED, family=FONT_FAMILY),
            )
        )
        figures.append(
            go.Figure(
                layout=dict(
                    width=width,
                    height=height,
                    margin=dict(l=0, r=0, t=0, b=0),
                    paper_bgcolor="#FFFFFF",
                    plot_bgcolor="#FFFFFF",
                    xaxis=dict(visible=False),
                    yaxis=dict(visible=False),
                    font=dict(family=FONT_FAMILY, color=INK),
                    annotations=annotations,
                    showlegend=False,
                )
            )
        )
    return figures


def merge_pdfs(documents: Iterable[bytes]) -> bytes:
    """One PDF of all pages of ``documents``, in order."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in documents:
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------- the briefing's files
def alt_text_markdown(charts: Iterable[Chart]) -> str:
    lines = ["# Alt text for the briefing's charts", ""]
    for chart in charts:
        lines += [f"## {md_text(chart.title)}", "", f"File: `{chart.image}`", "", md_text(chart.alt), ""]
    return "\n".join(lines).rstrip() + "\n"


def briefing_specs(template: ChartSpec) -> list[ChartSpec]:
    """One spec per kind in briefings (:func:`stance.kinds.briefing_kinds`), with the template's filters,
    size, period and staleness; only kinds that take ``since``, ``as_of``, ``by`` or ``share`` get
    them (the others' links stay clean). The template's title is not used: each kind has its own."""
    specs = []
    for key in briefing_kinds():
        kind = KINDS[key]
        specs.append(
            replace(
                template,
                kind=key,
                title="",
                since=template.since if kind.takes_since else None,
                as_of=template.as_of if kind.takes_as_of else None,
                by=template.by if kind.takes_by else "country",
                share=template.share if kind.takes_share else False,
            )
        )
    return specs


def with_since(template: ChartSpec, dataset: Dataset) -> ChartSpec:
    """The briefing's template with its "since" day: the one given, else the first statement shown."""
    return replace(template, since=template.since or first_day(template.filters.apply(dataset.statements)))


def briefing_files(dataset: Dataset, template: ChartSpec, app_url: str | None = None) -> dict[str, bytes]:
    """Every file of the briefing, by name, drawn in memory (one Chromium for all charts).

    ``template`` gives the filters, size, period, since (default: the first statement shown), as-of
    day, grouping and staleness of every chart. Files: each chart as PNG and SVG, the summary as
    Markdown and HTML, the alt text, the standing table as CSV, and ``briefing.pdf``: the summary's
    pages, then every chart, one per page.
    """
    filters = template.filters
    template = with_since(template, dataset)
    since = template.since
    files: dict[str, bytes] = {}
    charts, chart_pdfs = [], []
    summaries: dict[Date | None, str] = {}  # the alt texts' data sentences: the same for charts of one "since"
    for spec in briefing_specs(template):
        selection = select(spec, dataset.statements)  # once: for the chart and for its alt text
        drawn = chart_files(spec, dataset, (*BRIEFING_FORMATS, "pdf"), app_url=app_url, selection=selection)
        files.update({chart_filename(spec, fmt): drawn[fmt] for fmt in BRIEFING_FORMATS})
        chart_pdfs.append(drawn["pdf"])
        day = summary_since(spec)
        if day not in summaries:
            summaries[day] = data_summary(selection.shown, day)
        alt = alt_text(spec, dataset, selection, summaries[day])
        charts.append(Chart(spec.display_title(), chart_filename(spec, "png"), alt))
    document = summary_document(dataset, filters, since, template.as_of, template.stale_months)
    files[SUMMARY_MD] = to_markdown(document, charts).encode("utf-8")
    files[SUMMARY_HTML] = to_html(document, charts).encode("utf-8")
    files[ALT_TEXT_MD] = alt_text_markdown(charts).encode("utf-8")
    standing = standing_table(dataset, filters, template.by, template.as_of, template.stale_months)
    files[STANDING_CSV] = table_to_csv(standing).encode("utf-8")
    cutoff = dataset.cutoff
    footer = f"{dataset.label}: data to {day_text(cutoff)}" if cutoff is not None else dataset.label
    summary_pages = [render(page, "pdf") for page in text_pages(document, template.size, footer)]
    files[BRIEFING_PDF] = merge_pdfs([*summary_pages, *chart_pdfs])
    return files


MARKER = ".stance-briefing"  # in every briefing folder: only such a folder (or an empty one) is replaced
NOT_A_BRIEFING = "the folder holds files that are not from a Stance briefing; give a new or empty folder"


def write_files(files: dict[str, bytes], folder: str | os.PathLike) -> list[Path]:
    """Make ``folder`` exactly this briefing, in one step: wholly the old one or wholly the new one.

    The files are written into a new folder beside ``folder`` (same parent, a hidden temporary
    name); then the old folder is renamed away, the new one renamed in, and the old one deleted.
    A failure while writing leaves ``folder`` as it was; a failure between the two renames puts
    the old folder back. Only a folder that is empty or holds a Stance briefing (the marker
    file) is replaced: anything else raises FileExistsError and is left alone.
    """
    folder = Path(folder)
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise FileExistsError(errno.EEXIST, "it exists and is not a folder", str(folder))
        if not (folder / MARKER).is_file() and any(folder.iterdir()):
            raise FileExistsError(errno.EEXIST, NOT_A_BRIEFING, str(folder))
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.new-"))
    old = staging.with_name(staging.name.replace(".new-", ".old-", 1))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        (staging / MARKER).write_bytes(
            b"Written by Stance (python -m stance briefing); replaced by the next briefing.\n"
        )
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes folders private; a briefing is an ordinary folder
        if folder.exists():
            os.rename(folder, old)
            try:
                os.rename(staging, folder)
            except BaseException:
                os.rename(old, folder)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in files]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
