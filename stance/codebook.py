"""Reference data: positions, attributions, date precisions and countries.

Loaded once from the JSON files in ``stance/reference`` into frozen dataclasses, so every
chart, table, export and validator reads the same colours, shapes and labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"


@dataclass(frozen=True)
class Position:
    key: str
    label: str
    glyph: str  # one letter, printed in matrix cells so they read in greyscale
    colour: str
    tint: str  # pale version, for positions carried forward from an earlier period
    symbol: str  # Plotly marker symbol; "<symbol>-open" marks anonymous/unverified statements
    lean: int  # towards support: support 3, hesitant 2, denied 1, opposed 0 (the direction of a move)
    meaning: str
    rank: int  # order from support to denied


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    meaning: str


@dataclass(frozen=True)
class ActorType:
    key: str
    label: str
    government: bool  # speaks for its country's government (decides the country's position)
    seniority: int  # among government types: 1 outranks 2 outranks 3
    meaning: str


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    institution: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def _load_json(name: str) -> dict:
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))


_codebook = _load_json("codebook.json")
POSITIONS: tuple[Position, ...] = tuple(Position(rank=i, **p) for i, p in enumerate(_codebook["positions"]))
POSITION_KEYS: tuple[str, ...] = tuple(p.key for p in POSITIONS)
POSITION_BY_KEY: dict[str, Position] = {p.key: p for p in POSITIONS}

ACTOR_TYPES: tuple[ActorType, ...] = tuple(ActorType(**a) for a in _codebook["actor_types"])
ACTOR_TYPE_KEYS: tuple[str, ...] = tuple(a.key for a in ACTOR_TYPES)
ACTOR_TYPE_BY_KEY: dict[str, ActorType] = {a.key: a for a in ACTOR_TYPES}
GOVERNMENT_TYPES: tuple[str, ...] = tuple(a.key for a in ACTOR_TYPES if a.government)
INSTITUTION_TYPE = "institution"  # decides an institution's row (EU, NATO) as a government decides a country's

ATTRIBUTIONS: tuple[Term, ...] = tuple(Term(**a) for a in _codebook["attributions"])
ATTRIBUTION_KEYS: tuple[str, ...] = tuple(a.key for a in ATTRIBUTIONS)
ON_RECORD = "on-record"

DATE_PRECISIONS: tuple[Term, ...] = tuple(Term(**d) for d in _codebook["date_precisions"])
DATE_PRECISION_KEYS: tuple[str, ...] = tuple(d.key for d in DATE_PRECISIONS)

_countries = _load_json("countries.json")["countries"]
COUNTRIES: dict[str, Country] = {
    c["code"]: Country(c["code"], c["name"], c.get("institution", False)) for c in _countries
}

# Names and codes people write that are not ISO 3166-1 alpha-2 ("UK", "Britain"), upper case, and
# the code each means: countries.json's "aliases", the one place they are kept.
COUNTRY_ALIASES: dict[str, str] = {alias.upper(): c["code"] for c in _countries for alias in c.get("aliases", ())}
_COUNTRY_WORDS: dict[str, str] = {c.name.upper(): c.code for c in COUNTRIES.values()} | {
    code: code for code in COUNTRIES
}


def resolve_country(value: str) -> str | None:
    """The code a country value means: a code, a short name or an alias, ignoring case and
    surrounding space ("france", "UK", "Britain"); None when it means none of them (never a guess)."""
    word = " ".join(value.split()).upper()
    return _COUNTRY_WORDS.get(word) or COUNTRY_ALIASES.get(word)


def country_name(code: str) -> str:
    country = COUNTRIES.get(code)
    return country.name if country else code


def country_label(code: str) -> str:
    """'Poland (PL)': how a country is shown in filters and tables."""
    country = COUNTRIES.get(code)
    return country.label if country else code


def position_label(key: str) -> str:
    position = POSITION_BY_KEY.get(key)
    return position.label if position else key


def actor_type_label(key: str) -> str:
    actor_type = ACTOR_TYPE_BY_KEY.get(key)
    return actor_type.label if actor_type else key


def is_institution(code: str) -> bool:
    country = COUNTRIES.get(code)
    return bool(country and country.institution)
