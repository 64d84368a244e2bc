"""Filters over statements, their description in words, and their URL form.

A view's whole state is a :class:`Filters` (what to show) plus a chart description
(:mod:`stance.chart`). Both turn into URL query parameters and back; values that cannot be
read are dropped with a notice that says what was wrong, never silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date

import pandas as pd

from .codebook import (
    ACTOR_TYPE_KEYS,
    ATTRIBUTION_KEYS,
    COUNTRIES,
    GOVERNMENT_TYPES,
    POSITION_KEYS,
    actor_type_label,
    country_name,
    position_label,
)
from .dates import day_text
from .model import spoke_as
from .validate import check_country, check_date

LIST_SEPARATOR = "~"  # as in OWID Grapher links: ?country=PL~GB
# Shortcuts for the actor-type filter (the app's "government only" and "exclude anonymous").
GOVERNMENT_ONLY: tuple[str, ...] = GOVERNMENT_TYPES
NO_ANONYMOUS: tuple[str, ...] = tuple(k for k in ACTOR_TYPE_KEYS if k != "anonymous")
GOVERNMENT_WORD = "government"  # in a link, ?type=government stands for GOVERNMENT_ONLY


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    proposals: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    attributions: tuple[str, ...] = ()
    date_from: Date | None = None
    date_to: Date | None = None
    actor: str = ""  # case-insensitive substring of the actor's name or role
    actor_types: tuple[str, ...] = ()  # the capacity a statement was made in (model.spoke_as)

    def apply(self, statements: pd.DataFrame) -> pd.DataFrame:
        mask = pd.Series(True, index=statements.index)
        for column, values in (
            ("country", self.countries),
            ("proposal", self.proposals),
            ("position", self.positions),
            ("attribution", self.attributions),
        ):
            if values:
                mask &= statements[column].isin(values)
        if self.date_from:
            mask &= statements["date"] >= pd.Timestamp(self.date_from)
        if self.date_to:
            mask &= statements["date"] <= pd.Timestamp(self.date_to)
        if self.actor_types:
            mask &= spoke_as(statements).isin(self.actor_types)
        if self.actor.strip():
            needle = self.actor.strip().lower()
            mask &= statements["actor"].str.lower().str.contains(needle, regex=False) | statements[
                "role"
            ].str.lower().str.contains(needle, regex=False)
        return statements if mask.all() else statements.loc[mask]  # all of them: no million-row copy

    def describe(self, proposal_titles: Mapping[str, str] | None = None) -> str:
        """The scope in words, for subtitles: 'Poland and United Kingdom · Jan 2025 - Mar 2025'."""
        titles = proposal_titles or {}
        parts = []
        if self.proposals:
            parts.append(join_words([titles.get(p, p) for p in self.proposals]))
        parts.append(join_words([country_name(c) for c in self.countries]) if self.countries else "All countries")
        if self.date_from or self.date_to:
            start = day_text(self.date_from) if self.date_from else "start"
            end = day_text(self.date_to) if self.date_to else "latest"
            parts.append(f"{start} to {end}")
        if self.positions:
            parts.append(join_words([position_label(p) for p in self.positions]) + " positions only")
        if self.attributions:
            parts.append(join_words(self.attributions) + " statements only")
        if self.actor_types:
            parts.append(describe_types(self.actor_types))
        if self.actor.strip():
            parts.append(f"actors matching '{self.actor.strip()}'")
        return " · ".join(parts)


def describe_types(types: Sequence[str]) -> str:
    """'government only', 'excluding anonymous sources', or the types' labels: 'Minister and Opposition only'."""
    if set(types) == set(GOVERNMENT_ONLY):
        return "government only"
    if set(types) == set(NO_ANONYMOUS):
        return "excluding anonymous sources"
    return join_words([actor_type_label(t) for t in types]) + " only"


def join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    if len(words) > 6:
        return f"{', '.join(words[:5])} and {len(words) - 5} more"
    return f"{', '.join(words[:-1])} and {words[-1]}"


# ---------------------------------------------------------------- URL form
def _split(value: str | list[str]) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [part.strip() for v in values for part in str(v).split(LIST_SEPARATOR) if part.strip()]


def _codes(name: str, raw, valid, notices: list[str], normalise=str) -> tuple[str, ...]:
    kept = []
    for value in _split(raw):
        code = normalise(value)
        if code in valid:
            kept.append(code)
        else:
            notices.append(f"Ignored {name}={value!r} in the link: {explain(name, value)}")
    return tuple(dict.fromkeys(kept))


REASONS = {
    "position": f"not a position; use one of {', '.join(POSITION_KEYS)}",
    "attribution": f"not an attribution; use one of {', '.join(ATTRIBUTION_KEYS)}",
    "proposal": "no such proposal in this dataset",
    "type": f"not an actor type; use one of {', '.join(ACTOR_TYPE_KEYS)}, or {GOVERNMENT_WORD}",
}


def explain(name: str, value: str) -> str:
    """Why a link's value was dropped; only called for a value that failed its check."""
    if name == "country":
        return str(check_country(value))
    return REASONS[name]


def parse_date(name: str, raw, notices: list[str]) -> Date | None:
    values = _split(raw)
    if not values:
        return None
    problem = check_date(values[-1])
    if problem:
        notices.append(f"Ignored {name}={values[-1]!r} in the link: {problem}")
        return None
    return Date.fromisoformat(values[-1])


def parse_types(raw, notices: list[str]) -> tuple[str, ...]:
    """Actor types from a link, any case; 'government' stands for every government type."""
    expanded: list[str] = []
    for value in _split(raw):
        if value.lower() == GOVERNMENT_WORD:
            expanded.extend(GOVERNMENT_ONLY)
        else:
            expanded.append(value)
    return _codes("type", expanded, ACTOR_TYPE_KEYS, notices, str.lower) if expanded else ()


def filters_from_params(
    params: Mapping[str, str | list[str]], proposals: Iterable[str] = ()
) -> tuple[Filters, list[str]]:
    """Read filters from URL query parameters. Returns the filters and a notice per dropped value."""
    notices: list[str] = []
    known_proposals = set(proposals)
    filters = Filters(
        countries=_codes(
            "country",
            params.get("country", []),
            COUNTRIES,
            notices,
            lambda v: v.upper() if v.upper() in COUNTRIES else v,
        ),
        proposals=_codes("proposal", params.get("proposal", []), known_proposals, notices)
        if known_proposals
        else tuple(_split(params.get("proposal", []))),
        positions=_codes("position", params.get("position", []), POSITION_KEYS, notices, str.lower),
        attributions=_codes("attribution", params.get("attribution", []), ATTRIBUTION_KEYS, notices, str.lower),
        date_from=parse_date("from", params.get("from", []), notices),
        date_to=parse_date("to", params.get("to", []), notices),
        actor=" ".join(_split(params.get("actor", []))),
        actor_types=parse_types(params.get("type", []), notices),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        notices.append(f"Ignored to={filters.date_to} in the link: it is before from={filters.date_from}")
        filters = replace(filters, date_to=None)
    return filters, notices


def filters_to_params(filters: Filters) -> dict[str, str]:
    """Only what differs from the defaults, lists joined with '~' (short, readable links)."""
    params = {}
    for key, value in (
        ("country", filters.countries),
        ("proposal", filters.proposals),
        ("position", filters.positions),
        ("attribution", filters.attributions),
    ):
        if value:
            params[key] = LIST_SEPARATOR.join(value)
    if filters.date_from:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to:
        params["to"] = filters.date_to.isoformat()
    if filters.actor.strip():
        params["actor"] = filters.actor.strip()
    if filters.actor_types:
        types = filters.actor_types
        params["type"] = GOVERNMENT_WORD if types == GOVERNMENT_ONLY else LIST_SEPARATOR.join(types)
    return params
