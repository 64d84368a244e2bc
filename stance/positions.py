"""Where everyone stands: a country's position by its government, standing, staleness, net shifts.

The country rule (written out in the README, "A country's position"), as of a day D:

1. The voices that decide are the statements made in a government capacity (head of state or
   government, minister, government official or spokesperson; for an institution's row, its
   institution actors) on or before D, by actors still in office on D (``left_office`` empty or
   after D). Opposition, former office holders, legislators, anonymous sources and others never
   decide; they are listed beside the country.
2. Each deciding actor stands by its latest on-record statement; an actor with none on record
   stands by its latest anonymous or unverified one.
3. On-record outranks anonymous and unverified: if any deciding actor stands on the record, the
   others are set aside.
4. A senior office outranks a junior one: only the most senior rank left counts (head, then
   minister, then official).
5. If those actors agree, that is the country's position; if not, the country is ``split`` and
   keeps every position held. No deciding statement: ``none`` ("no government statement").

Pure functions over the tidy statements frame (:mod:`stance.model`).
"""

from __future__ import annotations

from datetime import date as Date

import pandas as pd

SPLIT = "split"  # the government's deciding voices disagree
NONE = "none"  # no government statement (yet, or since the government changed)
POSITION_SEPARATOR = "~"  # "support~hesitant": the positions of a split government

# One schema for both ways of standing, so the table, the CSV and the figure read either.
STANDING_COLUMNS = [
    "key",  # the country code, or the actor's name
    "name",  # the country's name, or the actor's name
    "country",
    "proposal",
    "position",  # a position key, "split" or "none"
    "positions",  # the positions held, "~"-joined ("support~hesitant" when split; "" for none)
    "since",  # first day of the current run of this position (NaT for none)
    "last_heard",  # day of the latest statement behind it (NaT for none)
    "actor",  # the actor(s) behind it, most senior first, "; "-joined
    "role",
    "capacity",  # the actor type the latest statement behind it was made in
    "id",  # the latest statement behind it: id, quote, source, url, attribution, date precision
    "quote",
    "source",
    "url",
    "attribution",
    "date_precision",
    "stale",  # not restated within the stale age before the as-of day
    "ended",  # by actor: the actor left the office it spoke from on or before the as-of day
    "anonymous_only",  # every statement behind it is anonymous or unverified
    "split",
    "no_government",
    "beside",  # by country: the voices that do not decide, in words ("4 former office holders: support")
]

NET_SHIFT_COLUMNS = [
    "key",
    "name",
    "country",
    "proposal",
    "from_position",  # as it stood the day before "since" (position key, "split", "none")
    "to_position",  # as it stands on the as-of day
    "from_date",  # last heard then / now (NaT for none)
    "to_date",
    "from_id",
    "to_id",
    "direction",  # one of DIRECTIONS
    "to_quote",
    "to_source",
    "to_url",
]
TOWARDS, AWAY, UNCHANGED, NEW, CHANGED = "towards support", "away from support", "unchanged", "new", "changed"
DIRECTIONS = (TOWARDS, AWAY, UNCHANGED, NEW, CHANGED)  # CHANGED: to or from split or none


def standing(
    statements: pd.DataFrame, by: str = "country", as_of: Date | None = None, stale_months: int = 6
) -> pd.DataFrame:
    """One row per country (by the rule above) or per actor, and proposal, as of a day (default: last statement)."""
    raise NotImplementedError


def country_positions_at(statements: pd.DataFrame, days: pd.Index) -> pd.DataFrame:
    """The rule evaluated on each day: columns country, proposal, day, position, positions, last_heard."""
    raise NotImplementedError


def net_shifts(
    statements: pd.DataFrame, since: Date, as_of: Date | None = None, by: str = "country"
) -> pd.DataFrame:
    """Per country or actor: the position the day before ``since`` and on ``as_of``, and the direction."""
    raise NotImplementedError


def voices_beside(statements: pd.DataFrame, as_of: Date | None = None) -> pd.DataFrame:
    """The voices that do not decide a country's position, each actor's latest as of the day."""
    raise NotImplementedError
