"""The words about a view: its scope, its footer, its text alternative and its shift sentences.

Figures (subtitle and footer), the app (the chart description) and briefings (the scope line,
the shift sentences) take their wording from here, so a view is described the same way wherever
it appears. Plain text only: figures escape it for Plotly, briefings for Markdown and HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import pandas as pd

from . import analysis
from .chart import ChartSpec, view_url
from .codebook import POSITIONS, country_name, position_label
from .dates import date_phrase, day_text
from .kinds import KINDS
from .model import Dataset, count_sources
from .query import Filters, join_words
from .text import plural

EMPTY_MESSAGE = "No statements match these filters"
NO_SHIFTS_MESSAGE = "No actor changed position in this scope"
SHIFTS_NAMED = 5  # a text alternative names this many shifts, then counts the rest


# ---------------------------------------------------------------- scope
def proposal_titles(dataset: Dataset, keys: Iterable[str]) -> str:
    """'Peacekeepers and Air policing': the proposals' titles, joined."""
    return join_words([dataset.proposal_title(p) for p in keys])


def _row_countries(spec: ChartSpec, countries: Iterable[str]) -> tuple[str, ...]:
    """Countries in the order the chart's rows show them: by name where the rows are countries, by
    code (as the actor lanes are grouped) elsewhere; not in the order they were picked."""
    return tuple(sorted(countries, key=country_name if KINDS[spec.kind].countries_by_name else None))


def scope_parts(spec: ChartSpec, dataset: Dataset, shown: pd.DataFrame) -> tuple[str, list[str]]:
    """A chart's subtitle: proposal titles, and the rest (filters in words, dates and positions shown)."""
    keys = spec.filters.proposals or tuple(sorted(shown["proposal"].unique())) or tuple(sorted(dataset.proposals))
    scope = replace(spec.filters, proposals=(), countries=_row_countries(spec, spec.filters.countries))
    rest = [scope.describe(dataset.proposals)]
    if not shown.empty:
        rest.append(f"statements dated {day_text(shown['date'].min())} to {day_text(shown['date'].max())}")
        if not spec.filters.positions:  # a position filter is already in words: "... positions only"
            present = [p.label for p in POSITIONS if p.key in set(shown["position"])]
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
def footer_lines(
    spec: ChartSpec, dataset: Dataset, statements_shown: pd.DataFrame, generated: date, *, app_url: str | None = None
) -> list[str]:
    """Plain-text footer: the dataset and counts, latest data date, generation date, link to the view."""
    n = len(statements_shown)
    latest = f"Data to {day_text(statements_shown['date'].max())}" if n else "No statements in this scope"
    return [
        f"Source: {dataset.label}: {plural(n, 'statement')} from {plural(count_sources(statements_shown), 'source')}",
        latest,
        f"Generated {day_text(generated)}",
        view_url(spec, app_url),
    ]


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
def alt_text(spec: ChartSpec, dataset: Dataset) -> str:
    """A plain-English description of the chart and what its data says (no HTML)."""
    shown = spec.filters.apply(dataset.statements)
    title, scope = spec.display_title(), chart_scope(spec, dataset, shown)
    if shown.empty:
        return f"{title}. {EMPTY_MESSAGE}: {scope}."
    kind = KINDS[spec.kind]
    latest = analysis.proposal_matrix(shown)["position"].value_counts()
    held = join_words([f"{latest[p.key]} {p.label.lower()}" for p in POSITIONS if latest.get(p.key, 0)])
    return " ".join(
        [
            f"{title}: {kind.description.format(period=spec.period)}. Scope: {scope}.",
            f"It draws on {plural(len(shown), 'statement')} by {plural(shown['actor'].nunique(), 'actor')} from "
            f"{plural(shown['country'].nunique(), 'country', 'countries')}, "
            f"from {plural(count_sources(shown), 'source')}.",
            f"Latest positions of the actors: {held}.",
            shifts_sentence(analysis.shifts(shown, spec.since if kind.takes_since else None)),
        ]
    )
