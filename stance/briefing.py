"""A briefing: every chart of one selection, plus a written summary generated from the data.

The summary is built once as a small document (sections of paragraphs made of text and
citations) and written out as Markdown and as a standalone HTML page, so both say the same
thing. Every sentence about the data cites the statements it rests on: date, actor, source,
and a link to the source page where there is one.
"""

from __future__ import annotations

import errno
import html
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

import pandas as pd

from . import analysis
from .chart import ChartSpec
from .codebook import country_label, country_name
from .dates import date_phrase, day_text
from .export import chart_bytes, chart_filename
from .kinds import KINDS
from .model import Dataset
from .query import Filters
from .text import markdown_escape, plural
from .words import alt_text, moved, selection_scope

BRIEFING_FORMATS: tuple[str, ...] = ("png", "svg")
SUMMARY_MD, SUMMARY_HTML, ALT_TEXT_MD = "summary.md", "summary.html", "alt-text.md"


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


def actor_stance(statement: pd.Series, proposal_title: str | None) -> Paragraph:
    role = f" ({statement['role']})" if statement["role"] else ""
    topic = f" on {proposal_title}" if proposal_title else ""
    return (
        f"{statement['actor']}{role}{topic}: ",
        *cited_position(statement, with_quote=True),
    )


def country_stances(code: str, latest: pd.DataFrame, proposal_titles: dict[str, str] | None) -> Paragraph:
    """'Germany (DE): Friedrich Merz (...): support around 16 Dec 2025, “...” [source](url); ...'."""
    pieces: list[Piece] = [Strong(country_label(code)), ": "]
    newest_first = latest.sort_values(["date", "id"], ascending=False)
    for i, (_, statement) in enumerate(newest_first.iterrows()):
        if i:
            pieces.append("; ")
        title = proposal_titles[statement["proposal"]] if proposal_titles else None
        pieces += actor_stance(statement, title)
    return (*pieces, ".")


def countries_section(dataset: Dataset, statements: pd.DataFrame) -> Section:
    """Per country, each of its actors' latest position, citing that latest statement."""
    latest = analysis.ordered(statements).drop_duplicates(["actor", "proposal"], keep="last")
    titles = (
        {p: dataset.proposal_title(p) for p in latest["proposal"].unique()}
        if latest["proposal"].nunique() > 1
        else None
    )  # name the proposal only when there are several
    paragraphs = tuple(
        country_stances(code, latest.loc[latest["country"] == code], titles)
        for code in sorted(latest["country"].unique(), key=country_name)
    )
    return Section("Where each country stands", paragraphs, as_list=True)


def first_day(statements: pd.DataFrame) -> Date | None:
    """The default 'since': the first statement shown, so every shift in the selection is listed."""
    return None if statements.empty else statements["date"].min().date()


def summary_document(dataset: Dataset, filters: Filters, since: Date | None = None) -> Document:
    statements = filters.apply(dataset.statements)
    sections = [Section("In brief", (headline(dataset, statements, filters),))]
    start = since or first_day(statements)
    if start is not None and not statements.empty:
        sections += [shifts_section(dataset, statements, start), countries_section(dataset, statements)]
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
    dataset: Dataset, filters: Filters, since: Date | None = None, charts: Iterable[Chart] = ()
) -> str:
    return to_markdown(summary_document(dataset, filters, since), charts)


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


def summary_html(dataset: Dataset, filters: Filters, since: Date | None = None, charts: Iterable[Chart] = ()) -> str:
    return to_html(summary_document(dataset, filters, since), charts)


# ---------------------------------------------------------------- the briefing's files
def alt_text_markdown(charts: Iterable[Chart]) -> str:
    lines = ["# Alt text for the briefing's charts", ""]
    for chart in charts:
        lines += [f"## {md_text(chart.title)}", "", f"File: `{chart.image}`", "", md_text(chart.alt), ""]
    return "\n".join(lines).rstrip() + "\n"


def briefing_specs(filters: Filters, since: Date | None, size: str, period: str = "month") -> list[ChartSpec]:
    """One spec per kind in briefings; only kinds that take ``since`` get it (the others' links stay clean)."""
    return [
        ChartSpec(key, filters, period, since if kind.takes_since else None, "", size)
        for key, kind in KINDS.items()
        if kind.in_briefing
    ]


def briefing_files(
    dataset: Dataset,
    filters: Filters,
    since: Date | None = None,
    size: str = "slide",
    period: str = "month",
    app_url: str | None = None,
) -> dict[str, bytes]:
    """Every file of the briefing, by name, drawn in memory (one Chromium for all charts)."""
    since = since or first_day(filters.apply(dataset.statements))
    files: dict[str, bytes] = {}
    charts = []
    for spec in briefing_specs(filters, since, size, period):
        for fmt in BRIEFING_FORMATS:
            files[chart_filename(spec, fmt)] = chart_bytes(spec, dataset, fmt, app_url=app_url)
        charts.append(Chart(spec.display_title(), chart_filename(spec, "png"), alt_text(spec, dataset)))
    document = summary_document(dataset, filters, since)
    files[SUMMARY_MD] = to_markdown(document, charts).encode("utf-8")
    files[SUMMARY_HTML] = to_html(document, charts).encode("utf-8")
    files[ALT_TEXT_MD] = alt_text_markdown(charts).encode("utf-8")
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
