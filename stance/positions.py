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
from itertools import groupby

import numpy as np
import pandas as pd

from .codebook import (
    ACTOR_TYPE_BY_KEY,
    COUNTRIES,
    GOVERNMENT_TYPES,
    INSTITUTION_TYPE,
    ON_RECORD,
    POSITION_BY_KEY,
    actor_type_label,
    country_name,
)
from .model import spoke_as
from .text import plural

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
    "from_positions",  # the positions held then / now, "~"-joined (several when split)
    "to_positions",
    "from_date",  # last heard then / now (NaT for none)
    "to_date",
    "from_id",
    "to_id",
    "to_actor",  # who spoke the statement behind the position now
    "direction",  # one of DIRECTIONS
    "to_quote",
    "to_source",
    "to_url",
]
TOWARDS, AWAY, UNCHANGED, NEW, CHANGED = "towards support", "away from support", "unchanged", "new", "changed"
DIRECTIONS = (TOWARDS, AWAY, UNCHANGED, NEW, CHANGED)  # CHANGED: to or from split or none


KEYS = ["country", "proposal"]
FORMER = "former"
INSTITUTIONS = tuple(code for code, country in COUNTRIES.items() if country.institution)
SENIORITY = {key: kind.seniority for key, kind in ACTOR_TYPE_BY_KEY.items()}
STATEMENT_FIELDS = ["id", "quote", "source", "url", "attribution", "date_precision", "role"]


def _day(statements: pd.DataFrame, as_of: Date | pd.Timestamp | None) -> pd.Timestamp:
    return pd.Timestamp(as_of) if as_of is not None else statements["date"].max()


def left_office(statements: pd.DataFrame) -> pd.Series:
    """Each statement's actor's ``left_office`` as a day (NaT while in office)."""
    return pd.to_datetime(statements["left_office"].where(statements["left_office"] != ""), format="%Y-%m-%d")


def stale_before(as_of: pd.Timestamp, stale_months: int) -> pd.Timestamp:
    """Positions last heard before this day are stale on ``as_of``."""
    return pd.Timestamp(as_of) - pd.DateOffset(months=stale_months)


def decides(statements: pd.DataFrame) -> pd.Series:
    """Statements whose capacity can decide their row: a government's for a country, an institution's for its own."""
    kind = spoke_as(statements)
    institution = statements["country"].isin(INSTITUTIONS)
    return (institution & (kind == INSTITUTION_TYPE)) | (~institution & kind.isin(GOVERNMENT_TYPES))


def stood_by(statements: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Rule step 2 on one day: the statement each actor stands by on each proposal (its latest on the
    record by then, else its latest). One row per (actor, proposal), indexed by both, sorted.
    :func:`country_history` keeps the same per actor as it sweeps through the days."""
    upto = statements.loc[statements["date"] <= day].sort_values(["date", "id"], kind="stable")
    keys = ["actor", "proposal"]
    on_record = upto.loc[upto["attribution"] == ON_RECORD].drop_duplicates(keys, keep="last")
    held = pd.concat([on_record, upto.drop_duplicates(keys, keep="last")]).drop_duplicates(keys, keep="first")
    return held.set_index(keys, drop=False).sort_index()


HISTORY_COLUMNS = [*KEYS, "day", "positions", "position", "last_heard", "id", "actor", "anonymous_only"]


def _decision(standing_by_actor: dict[str, tuple]) -> tuple[str, pd.Timestamp, str, str, bool] | None:
    """Rule steps 3-5 over each in-office actor's standing statement (on_record, seniority, date, id, position)."""
    voices = list(standing_by_actor.items())
    if not voices:
        return None
    if any(v[1][0] for v in voices):
        voices = [v for v in voices if v[1][0]]
    top = min(v[1][1] for v in voices)
    voices = [v for v in voices if v[1][1] == top]
    voices.sort(key=lambda v: (v[1][2], v[1][3]), reverse=True)  # latest first within the top rank
    positions = POSITION_SEPARATOR.join(sorted({v[1][4] for v in voices}, key=lambda p: POSITION_BY_KEY[p].rank))
    latest = voices[0][1]
    return positions, latest[2], latest[3], "; ".join(v[0] for v in voices), not voices[0][1][0]


def country_history(statements: pd.DataFrame) -> pd.DataFrame:
    """The rule's result on every day it can change, per country and proposal (HISTORY_COLUMNS).

    One sweep through the deciding statements in date order, keeping each actor's latest
    statement and latest on-record one; a day an actor leaves office removes it.
    """
    voices = statements.loc[decides(statements)]
    voices = voices.assign(capacity=spoke_as(voices), left=left_office(voices)).sort_values(
        [*KEYS, "date", "id"], kind="stable"
    )
    # Plain lists and one pass: pandas per group costs more than the rule itself.
    columns = ("country", "proposal", "date", "actor", "attribution", "capacity", "id", "position", "left")
    rows = list(zip(*(voices[c].tolist() for c in columns), strict=True))
    records = []
    for (country, proposal), group_rows in groupby(rows, key=lambda r: (r[0], r[1])):
        group = list(group_rows)
        leaving = {r[3]: r[8] for r in group if pd.notna(r[8])}
        # (day, actor, its standing tuple); None marks a day someone leaves office, so that day is evaluated
        events: list[tuple[pd.Timestamp, str, tuple | None]] = [(day, actor, None) for actor, day in leaving.items()]
        events += [(r[2], r[3], (r[4] == ON_RECORD, SENIORITY[r[5]], r[2], r[6], r[7])) for r in group]
        events.sort(key=lambda e: e[0])  # stable: statements keep their (date, id) order
        latest: dict[str, tuple] = {}
        latest_on_record: dict[str, tuple] = {}
        for day, same_day in groupby(events, key=lambda e: e[0]):
            for _, actor, voice in same_day:
                if voice is not None:
                    latest[actor] = voice
                    if voice[0]:
                        latest_on_record[actor] = voice
            in_office = {
                actor: latest_on_record.get(actor, voice)
                for actor, voice in latest.items()
                if actor not in leaving or leaving[actor] > day
            }
            decided = _decision(in_office)
            positions, last_heard, last_id, names, anonymous = decided or ("", pd.NaT, "", "", False)
            records.append((country, proposal, day, positions, last_heard, last_id, names, anonymous))
    history = pd.DataFrame(records, columns=[*KEYS, "day", "positions", "last_heard", "id", "actor", "anonymous_only"])
    history["position"] = _position_of(history["positions"])
    return history[HISTORY_COLUMNS]


def _position_of(positions: pd.Series) -> pd.Series:
    split = positions.str.contains(POSITION_SEPARATOR, regex=False)
    return pd.Series(np.where(positions == "", NONE, np.where(split, SPLIT, positions)), index=positions.index)


def country_positions_at(statements: pd.DataFrame, days: pd.Index) -> pd.DataFrame:
    """The rule on each day: per country and proposal that has a statement by then, HISTORY_COLUMNS and ``since``."""
    history = country_history(statements)
    # A run is a stretch of one set of positions: it starts where the positions last changed.
    changed = history.groupby(KEYS, sort=False)["positions"].shift(1) != history["positions"]
    history["since"] = history["day"].where(changed).groupby([history[k] for k in KEYS], sort=False).ffill()
    firsts = statements.groupby(KEYS, sort=False)["date"].min().rename("first").reset_index()
    frames = []
    for day in days:
        day = pd.Timestamp(day)
        present = firsts.loc[firsts["first"] <= day, KEYS]
        known = history.loc[history["day"] <= day].groupby(KEYS, sort=False).tail(1).drop(columns="day")
        frames.append(present.merge(known, on=KEYS, how="left").assign(day=day))
    if not frames:
        return pd.DataFrame(columns=[*HISTORY_COLUMNS, "since"])
    out = pd.concat(frames, ignore_index=True)
    out["positions"] = out["positions"].fillna("")
    out["position"] = _position_of(out["positions"])
    for column in ("id", "actor"):
        out[column] = out[column].fillna("")
    out["anonymous_only"] = out["anonymous_only"].fillna(False).astype(bool)
    out["since"] = pd.to_datetime(out["since"]).where(out["positions"] != "")
    return out[[*HISTORY_COLUMNS, "since"]]


def beside_words(voices: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Per country and proposal: 'former office holders: 4 support; opposition: Peter Dutton hesitant'."""
    if voices.empty:
        return {}
    keys = [*KEYS, "type"]
    kinds = voices.groupby(keys, sort=False).agg(
        n=("actor", "size"), actor=("actor", "first"), position=("position", "first")
    )
    held = voices.groupby(keys, sort=False)["position"].value_counts(sort=True).reset_index(name="n")
    counts: dict[tuple, list[str]] = {}
    for country, proposal, kind, position, n in zip(*(held[c].tolist() for c in [*keys, "position", "n"]), strict=True):
        counts.setdefault((country, proposal, kind), []).append(f"{n} {position}")
    kinds = kinds.reset_index()
    words: dict[tuple[str, str], list[str]] = {}
    for country, proposal, kind, n, actor, position in zip(
        *(kinds[c].tolist() for c in [*keys, "n", "actor", "position"]), strict=True
    ):
        label = actor_type_label(kind).lower()
        if n == 1:
            text = f"{label}: {actor} {position}"
        else:
            text = f"{plural(n, label)}: {', '.join(counts[(country, proposal, kind)])}"
        words.setdefault((country, proposal), []).append(text)
    return {key: "; ".join(parts) for key, parts in words.items()}


def voices_beside(statements: pd.DataFrame, as_of: Date | None = None) -> pd.DataFrame:
    """The voices that do not decide a country's position, each actor's latest as of the day.

    ``type`` is the capacity the actor spoke in, or ``former`` for an actor who has left the
    office it spoke from by then (a chancellor after the handover, an ousted opposition leader).
    Sorted by country, then type as the codebook orders them, then date.
    """
    columns = [*KEYS, "actor", "type", "position", "date", "id", "quote", "source", "url", "attribution"]
    if statements.empty:
        return pd.DataFrame(columns=columns)
    day = _day(statements, as_of)
    upto = statements.loc[statements["date"] <= day]
    left = left_office(upto)
    gone = left.notna() & (left <= day)  # out of the office it spoke from: a former office holder now
    kind = spoke_as(upto).where(~gone, FORMER)
    deciding = decides(upto) & ~gone
    # An actor deciding now is not also a voice beside (Trump's words as President-elect are history).
    now_deciding = pd.MultiIndex.from_frame(upto.loc[deciding, [*KEYS, "actor"]])
    aside = upto.loc[~deciding].assign(type=kind)
    aside = aside.loc[~pd.MultiIndex.from_frame(aside[[*KEYS, "actor"]]).isin(now_deciding)]
    latest = aside.sort_values(["date", "id"], kind="stable").groupby([*KEYS, "actor"], sort=False).tail(1)
    order = {key: i for i, key in enumerate(ACTOR_TYPE_BY_KEY)}
    latest = latest.assign(order=latest["type"].map(order))
    latest = latest.sort_values(["country", "proposal", "order", "date", "actor"], kind="stable")
    return latest[columns].reset_index(drop=True)


def _country_standing(statements: pd.DataFrame, day: pd.Timestamp, stale_months: int) -> pd.DataFrame:
    now = country_positions_at(statements, pd.Index([day]))
    by_id = statements.set_index("id")
    fields = by_id.reindex(now["id"])[[c for c in STATEMENT_FIELDS if c != "id"]].reset_index(drop=True)
    now = pd.concat([now.reset_index(drop=True), fields.fillna("")], axis=1)
    now["capacity"] = spoke_as(by_id.reindex(now["id"]).fillna("")).to_numpy()
    beside = voices_beside(statements, day)
    words = beside_words(beside)
    now["beside"] = [words.get(key, "") for key in zip(now["country"], now["proposal"], strict=True)]
    now["key"] = now["country"]
    now["name"] = now["country"].map(country_name)
    now["ended"] = False
    now["split"] = now["position"] == SPLIT
    now["no_government"] = now["position"] == NONE
    now["stale"] = now["last_heard"].notna() & (now["last_heard"] < stale_before(day, stale_months))
    return now


def _actor_standing(statements: pd.DataFrame, day: pd.Timestamp, stale_months: int) -> pd.DataFrame:
    upto = statements.loc[statements["date"] <= day].sort_values(["date", "id"], kind="stable")
    keys = ["actor", "proposal"]
    # A run is a stretch of one position: the current one starts after the last statement that differed.
    changed = upto.groupby(keys, sort=False)["position"].shift(1) != upto["position"]
    run_start = upto["date"].where(changed).groupby([upto["actor"], upto["proposal"]], sort=False).ffill()
    upto = upto.assign(since=run_start, capacity=spoke_as(upto), left=left_office(upto))
    now = upto.groupby(keys, sort=False).tail(1).copy()
    now["last_heard"] = now["date"]
    now["positions"] = now["position"]
    now["key"] = now["actor"]
    now["name"] = now["actor"]
    now["ended"] = now["left"].notna() & (now["left"] <= day) & (now["capacity"] != FORMER)
    now["stale"] = (now["last_heard"] < stale_before(day, stale_months)) | now["ended"]
    now["anonymous_only"] = now["attribution"] != ON_RECORD
    now["split"] = False
    now["no_government"] = False
    now["beside"] = ""
    return now


SORTS = ("position", "name", "last_heard")  # how a standing table can be ordered (?sort=)


def sort_standing(rows: pd.DataFrame, sort: str = "position") -> pd.DataFrame:
    """By position (support first, then split, then no government statement), by name, or most recently heard first."""
    name = rows["name"].str.lower()
    if sort == "name":
        keys, ascending = [name, rows["proposal"]], [True, True]
    elif sort == "last_heard":
        keys, ascending = [rows["last_heard"], name], [False, True]
    else:
        rank = {key: p.rank for key, p in POSITION_BY_KEY.items()} | {SPLIT: len(POSITION_BY_KEY), NONE: 99}
        keys, ascending = [rows["position"].map(rank), name, rows["proposal"]], [True, True, True]
    names = [f"k{i}" for i in range(len(keys))]
    order = pd.DataFrame(dict(zip(names, (key.to_numpy() for key in keys), strict=True))).sort_values(
        names, ascending=ascending, na_position="last", kind="stable"
    )
    return rows.iloc[order.index].reset_index(drop=True)


def standing(
    statements: pd.DataFrame,
    by: str = "country",
    as_of: Date | None = None,
    stale_months: int = 6,
    sort: str = "position",
) -> pd.DataFrame:
    """One row per country (by the rule above) or per actor, and proposal, as of a day (default: last statement).

    Ordered by ``sort`` (:func:`sort_standing`).
    """
    if statements.empty:
        return pd.DataFrame(columns=STANDING_COLUMNS)
    day = _day(statements, as_of)
    rows = (
        _country_standing(statements, day, stale_months)
        if by == "country"
        else _actor_standing(statements, day, stale_months)
    )
    return sort_standing(rows[STANDING_COLUMNS].reset_index(drop=True), sort)


def direction(before: str, after: str) -> str:
    """How a move from ``before`` to ``after`` goes: towards support, away from it, unchanged, new, changed."""
    if before == after:
        return UNCHANGED
    if before in ("", NONE):
        return NEW if after in POSITION_BY_KEY else CHANGED
    if before in POSITION_BY_KEY and after in POSITION_BY_KEY:
        return TOWARDS if POSITION_BY_KEY[after].lean > POSITION_BY_KEY[before].lean else AWAY
    return CHANGED


def first_standing(statements: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Each country's first government position, or each actor's first statement, in standing columns."""
    if by == "actor":
        first = statements.sort_values(["date", "id"], kind="stable").groupby(["actor", "proposal"], sort=False).head(1)
        return pd.DataFrame(
            {
                "key": first["actor"],
                "name": first["actor"],
                "country": first["country"],
                "proposal": first["proposal"],
                "position": first["position"],
                "positions": first["position"],
                "last_heard": first["date"],
                "id": first["id"],
            }
        )
    history = country_history(statements)
    first = history.loc[history["positions"] != ""].groupby(KEYS, sort=False).head(1)
    return pd.DataFrame(
        {
            "key": first["country"],
            "name": first["country"].map(country_name),
            "country": first["country"],
            "proposal": first["proposal"],
            "position": first["position"],
            "positions": first["positions"],
            "last_heard": first["last_heard"],
            "id": first["id"],
        }
    )


def net_shifts(
    statements: pd.DataFrame, since: Date | None, as_of: Date | None = None, by: str = "country"
) -> pd.DataFrame:
    """Per country or actor: the position the day before ``since`` and on ``as_of``, and the direction.

    With no ``since``, "then" is each row's first position (a country's first government
    position, an actor's first statement). Sorted by direction (towards support first), then
    name. Rows with no position on either day are left out.
    """
    if statements.empty:
        return pd.DataFrame(columns=NET_SHIFT_COLUMNS)
    day = _day(statements, as_of)
    upto = statements.loc[statements["date"] <= day]
    now = standing(upto, by, day)
    if since is None:
        then = first_standing(upto, by)
    else:
        then_day = pd.Timestamp(since) - pd.Timedelta(days=1)
        before = upto.loc[upto["date"] <= then_day]
        then = standing(before, by, then_day) if not before.empty else pd.DataFrame(columns=STANDING_COLUMNS)
    keys = ["key", "proposal"]
    then = then[[*keys, "name", "country", "position", "positions", "last_heard", "id"]]
    # Whoever stood somewhere then still stands somewhere now (the same statements, and more).
    both = now.merge(then.drop(columns=["name", "country"]), on=keys, how="left", suffixes=("", "_then"))
    both["from_position"] = both["position_then"].fillna(NONE)
    both["to_position"] = both["position"].fillna(NONE)
    both = both.loc[(both["from_position"] != NONE) | (both["to_position"] != NONE)]
    out = pd.DataFrame(
        {
            "key": both["key"],
            "name": both["name"],
            "country": both["country"],
            "proposal": both["proposal"],
            "from_position": both["from_position"],
            "to_position": both["to_position"],
            "from_positions": both["positions_then"].fillna(""),
            "to_positions": both["positions"].fillna(""),
            "from_date": pd.to_datetime(both["last_heard_then"]),
            "to_date": pd.to_datetime(both["last_heard"]),
            "from_id": both["id_then"].fillna(""),
            "to_id": both["id"].fillna(""),
            "to_actor": both["actor"].fillna(""),
            "direction": [direction(a, b) for a, b in zip(both["from_position"], both["to_position"], strict=True)],
            "to_quote": both["quote"].fillna(""),
            "to_source": both["source"].fillna(""),
            "to_url": both["url"].fillna(""),
        }
    )
    order = {d: i for i, d in enumerate(DIRECTIONS)}
    out = out.assign(order=out["direction"].map(order)).sort_values(["order", "name", "proposal"], kind="stable")
    return out[NET_SHIFT_COLUMNS].reset_index(drop=True)
