"""The words about a view: its scope, its footer, its text alternative and its shift sentences.

Figures (subtitle and footer), the app (the chart description) and briefings (the scope line,
the shift sentences) take their wording from here, so a view is described the same way wherever
it appears. Plain text only: figures escape it for Plotly, briefings for Markdown and HTML.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from urllib.parse import urlsplit

import pandas as pd

from . import analysis, positions
from .chart import APP_URL_ENV, DEFAULT_STALE_MONTHS, ChartSpec, view_url
from .codebook import POSITIONS, country_name, position_label
from .dates import date_phrase, day_text
from .kinds import KINDS
from .lanes import Selection, select
from .model import Dataset, count_sources
from .query import Filters, join_words
from .text import plural
from .validate import check_url

EMPTY_MESSAGE = "No statements match these filters"
NO_SHIFTS_MESSAGE = "No actor changed position in this scope"
SHIFTS_NAMED = 5  # a text alternative names this many shifts, then counts the rest


# ---------------------------------------------------------------- scope
def proposal_titles(dataset: Dataset, keys: Iterable[str]) -> str:
    """'Peacekeepers and Air policing': the proposals' titles, joined."""
    return join_words([dataset.proposal_title(p) for p in keys])


def _row_countries(spec: ChartSpec, countries: Iterable[str]) -> tuple[str, ...]:
    """Countries in the order the chart's rows show them: by name where the rows are countries, in
    the order they were picked elsewhere (the actor lanes follow it)."""
    return tuple(sorted(countries, key=country_name)) if KINDS[spec.kind].countries_by_name else tuple(countries)


def scope_parts(spec: ChartSpec, dataset: Dataset, shown: pd.DataFrame) -> tuple[str, list[str]]:
    """A chart's subtitle: proposal titles, and the rest (filters in words, dates and positions shown)."""
    keys = spec.filters.proposals or tuple(sorted(shown["proposal"].unique())) or tuple(sorted(dataset.proposals))
    scope = replace(spec.filters, proposals=(), countries=_row_countries(spec, spec.filters.countries))
    rest = [scope.describe(dataset.proposals)]
    if not shown.empty:
        rest.append(f"statements dated {day_text(shown['date'].min())} to {day_text(shown['date'].max())}")
        if not spec.filters.positions:  # a position filter is already in words: "... positions only"
            held = set(shown["position"].unique())
            present = [p.label for p in POSITIONS if p.key in held]
            rest.append(f"positions shown: {join_words(present)}")
    return proposal_titles(dataset, keys), rest


def chart_scope(spec: ChartSpec, dataset: Dataset, shown: pd.DataFrame) -> str:
    """A chart's subtitle as one line of plain text."""
    proposals, rest = scope_parts(spec, dataset, shown)
    return " · ".join(part for part in (proposals, *rest) if part)


def selection_scope(dataset: Dataset, statements: pd.DataFrame, filters: Filters) -> str:
    """A briefing's scope: 'European peacekeepers in Ukraine after a ceasefire · All countries'."""
    scope = filters.describe(dataset.proposals)
    if filters.proposals or statements.empty:
        return scope
    return f"{proposal_titles(dataset, sorted(statements['proposal'].unique()))} · {scope}"


# ---------------------------------------------------------------- footer
LOCAL_HOSTS = frozenset({"localhost", "0.0.0.0", "::", "::1"})


def public_app_url(app_url: str | None = None) -> str | None:
    """The app's public address, for the link back in an exported footer, or None.

    The address given (``--app-url``, or the page's own address in the app), else
    ``$STANCE_APP_URL``. An address a reader elsewhere cannot open is no link: the default,
    ``localhost``, a loopback or unspecified address (127.x.x.x, ::1, 0.0.0.0), or one that fails
    the URL rule (:func:`stance.validate.check_url`).
    """
    candidate = (app_url or os.environ.get(APP_URL_ENV) or "").strip()
    if not candidate or check_url(candidate) is not None:
        return None
    host = (urlsplit(candidate).hostname or "").lower().rstrip(".")
    if not host or host in LOCAL_HOSTS or host.endswith(".localhost"):
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return candidate
    return None if address.is_loopback or address.is_unspecified else candidate


def footer_lines(
    spec: ChartSpec, dataset: Dataset, statements_shown: pd.DataFrame, generated: date, *, app_url: str | None = None
) -> list[str]:
    """Plain-text footer: the dataset and counts, the data's cut-off, the generation date, and the
    link back to the view when the app has a public address (:func:`public_app_url`).

    The cut-off is the dataset's last statement, whatever the view shows: a chart of two countries
    is not made to look older than the data behind it.
    """
    n = len(statements_shown)
    cutoff = dataset.cutoff
    lines = [
        f"Source: {dataset.label}: {plural(n, 'statement')} from {plural(count_sources(statements_shown), 'source')}",
        f"Data to {day_text(cutoff)}" if cutoff is not None else "No statements in this dataset",
        f"Generated {day_text(generated)}",
    ]
    public = public_app_url(app_url)
    return lines + [view_url(spec, public)] if public else lines


# ---------------------------------------------------------------- shifts
def moved(actor: str, country: str, from_position: str, to_position: str, topic: str = "") -> str:
    """'Keir Starmer (United Kingdom) moved from hesitant to support' (``topic``: ' on Air policing')."""
    return (
        f"{actor} ({country_name(country)}) moved{topic} from {position_label(from_position).lower()} "
        f"to {position_label(to_position).lower()}"
    )


def shifts_sentence(shifts: pd.DataFrame, limit: int = SHIFTS_NAMED) -> str:
    """'2 actors changed position 3 times. In date order: ... moved from hesitant to support on 16 Feb 2025; ...'."""
    if shifts.empty:
        return f"{NO_SHIFTS_MESSAGE}."
    moves = [
        f"{moved(s['actor'], s['country'], s['from_position'], s['to_position'])} "
        f"{date_phrase(s['to_date'], s['to_precision'])}"
        for s in shifts.head(limit).to_dict("records")
    ]
    more = f"; and {len(shifts) - limit} more" if len(shifts) > limit else ""
    return (
        f"{plural(shifts['actor'].nunique(), 'actor')} changed position {plural(len(shifts), 'time')}. "
        f"In date order: {'; '.join(moves)}{more}."
    )


# ---------------------------------------------------------------- text alternative
def alt_text(spec: ChartSpec, dataset: Dataset, selection: Selection | None = None, summary: str | None = None) -> str:
    """A plain-English description of the chart and what its data says (no HTML).

    ``selection`` (:func:`stance.lanes.select`) and ``summary`` (:func:`data_summary` of its
    statements) are computed when not given: the app passes the ones it keeps ("" leaves the
    summary out).
    """
    selection = selection or select(spec, dataset.statements)
    shown, lanes = selection.shown, selection.lanes
    title, scope = spec.display_title(), chart_scope(spec, dataset, shown)
    if shown.empty:
        return f"{title}. {EMPTY_MESSAGE}: {scope}."
    kind = KINDS[spec.kind]
    if summary is None:
        summary = data_summary(shown, summary_since(spec))
    return " ".join(
        [
            f"{title}: {kind.description.format(period=spec.period, by=spec.by)}. Scope: {scope}.",
            *([lanes.note] if lanes and lanes.note else []),
            *([summary] if summary else []),
        ]
    )


def summary_since(spec: ChartSpec) -> date | None:
    """The "since" day of a chart's data summary: its own, for kinds that take one."""
    return spec.since if KINDS[spec.kind].takes_since else None


def data_summary(shown: pd.DataFrame, since: date | None = None) -> str:
    """What statements say, in sentences: how many, by whom, from how many sources; the actors'
    latest positions; who changed position (since ``since``, if given)."""
    latest = analysis.proposal_matrix(shown)["position"].value_counts()
    held = join_words([f"{latest[p.key]} {p.label.lower()}" for p in POSITIONS if latest.get(p.key, 0)])
    return " ".join(
        [
            f"It draws on {plural(len(shown), 'statement')} by {plural(shown['actor'].nunique(), 'actor')} from "
            f"{plural(shown['country'].nunique(), 'country', 'countries')}, "
            f"from {plural(count_sources(shown), 'source')}.",
            f"Latest positions of the actors: {held}.",
            shifts_sentence(analysis.shifts(shown, since)),
        ]
    )


# ---------------------------------------------------------------- the standing table, exported
STANDING_EXPORT_COLUMNS: tuple[str, ...] = (
    "code",  # the country's code (by actor: the actor's country)
    "name",  # the country's name, or the actor's name
    "proposal",
    "position",  # a position key, "split" (the government disagrees) or "none" (no government statement)
    "positions",  # the positions held, "~"-joined: both of a split government's
    "since",  # YYYY-MM-DD, first day of the current run of this position
    "last_heard",  # YYYY-MM-DD, the latest statement behind it
    "actor",  # the actor(s) behind it, most senior first
    "role",  # the latest statement behind it: its speaker's role, id, attribution, quote, source and link
    "id",
    "attribution",
    "quote",
    "source",
    "url",
    "beside",  # by country: the voices that do not decide ("4 former office holders: 4 support")
    "flags",  # "; "-joined words from STANDING_FLAGS
)
# The standing frame's flag columns, and how the exported table words them.
STANDING_FLAGS = {
    "split": "split",
    "no_government": "no government statement",
    "anonymous_only": "anonymous only",
    "stale": "stale",
    "ended": "left office",
}


def _iso_days(values: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def standing_table(
    dataset: Dataset,
    filters: Filters,
    by: str = "country",
    as_of: date | None = None,
    stale_months: int = DEFAULT_STALE_MONTHS,
    sort: str = "position",
) -> pd.DataFrame:
    """Where each country (by its government, see :mod:`stance.positions`) or actor stands, as of a day
    (default: the data's cut-off), as plain text columns (:data:`STANDING_EXPORT_COLUMNS`) for CSV and JSON,
    ordered by ``sort`` (:func:`stance.positions.sort_standing`)."""
    shown = filters.apply(dataset.statements)
    cutoff = dataset.cutoff
    if shown.empty or cutoff is None:
        return pd.DataFrame({column: pd.Series([], dtype="str") for column in STANDING_EXPORT_COLUMNS})
    return standing_export(positions.standing(shown, by, as_of or cutoff.date(), stale_months, sort))


def standing_export(rows: pd.DataFrame) -> pd.DataFrame:
    """Standing rows (:data:`stance.positions.STANDING_COLUMNS`) as the exported table, in their order."""
    rows = rows.reset_index(drop=True)
    flags = [
        "; ".join(word for column, word in STANDING_FLAGS.items() if bool(row[column])) for _, row in rows.iterrows()
    ]
    table = pd.DataFrame(
        {
            "code": rows["country"],
            "name": rows["name"],
            "proposal": rows["proposal"],
            "position": rows["position"],
            "positions": rows["positions"],
            "since": _iso_days(rows["since"]),
            "last_heard": _iso_days(rows["last_heard"]),
            "actor": rows["actor"],
            "role": rows["role"],
            "id": rows["id"],
            "attribution": rows["attribution"],
            "quote": rows["quote"],
            "source": rows["source"],
            "url": rows["url"],
            "flags": flags,
            "beside": rows["beside"],
        }
    )
    return table[list(STANDING_EXPORT_COLUMNS)].fillna("").astype("str")
