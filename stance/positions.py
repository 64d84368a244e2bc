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

from dataclasses import dataclass
from datetime import date as Date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .codebook import (
    ACTOR_TYPE_BY_KEY,
    COUNTRIES,
    GOVERNMENT_TYPES,
    INSTITUTION_TYPE,
    ON_RECORD,
    POSITION_BY_KEY,
    POSITIONS,
    actor_type_label,
    country_name,
)
from .memo import per_frame
from .model import chronological, column_codes, column_lookup, distinct, group_codes, latest_of, spoke_as
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
    codes, values = pd.factorize(statements["left_office"])  # a few distinct days: each parsed once
    days = pd.to_datetime(pd.Series(values).where(pd.Series(values) != ""), format="%Y-%m-%d").to_numpy()
    return pd.Series(np.r_[days, np.datetime64("NaT")][codes], index=statements.index, dtype=days.dtype)


def stale_before(as_of: pd.Timestamp, stale_months: int) -> pd.Timestamp:
    """Positions last heard before this day are stale on ``as_of``."""
    return pd.Timestamp(as_of) - pd.DateOffset(months=stale_months)


# What a capacity (an actor type) can decide: 1 an institution's row, 2 a country's row (a government), 0 nothing.
_DECIDES = {key: 0 for key in ACTOR_TYPE_BY_KEY} | {key: 2 for key in GOVERNMENT_TYPES} | {INSTITUTION_TYPE: 1}


def decides(statements: pd.DataFrame) -> pd.Series:
    """Statements whose capacity can decide their row: a government's for a country, an institution's for its own."""
    return pd.Series(_decides(statements), index=statements.index)


def _decides(statements: pd.DataFrame) -> np.ndarray:
    """:func:`decides` on the columns' codes: the capacity spoken in (model.spoke_as), else the actor's type."""
    capacity = column_lookup(statements, "capacity", _DECIDES)  # -1: none given ("")
    spoken = np.where(capacity >= 0, capacity, column_lookup(statements, "actor_type", _DECIDES, 0))
    institution = column_lookup(statements, "country", dict.fromkeys(INSTITUTIONS, 1), 0) == 1
    return np.where(institution, spoken == 1, spoken == 2)


def stood_by(statements: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Rule step 2 on one day: the statement each actor stands by on each proposal (its latest on the
    record by then, else its latest). One row per (actor, proposal), indexed by both, sorted.
    :func:`_standings` works out the same for every day at once."""
    return stood_by_on(statements, [pd.Timestamp(day)]).drop(columns="day").set_index(["actor", "proposal"], drop=False)


def stood_by_on(statements: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """:func:`stood_by` on each of several days, in one frame: the statements stood by, with ``day``,
    the day's place in ``days``; sorted by day, actor and proposal. Each (actor, proposal)'s
    statements are put in the order they were made once; a binary search finds, for every day, the
    last one made by then, on the record and at all."""
    if statements.empty or not days:
        return statements.iloc[:0].assign(day=pd.Series(dtype=np.int64))
    pairs, count = group_codes(statements, ["actor", "proposal"])
    order = chronological(statements)
    order = order[np.argsort(pairs[order], kind="stable")]  # by pair, in the order made within each
    day_numbers = _day_numbers(statements["date"].to_numpy())
    wanted = _day_numbers(pd.DatetimeIndex(days).to_numpy())
    asked_pair = np.tile(np.arange(count), len(wanted))
    asked = asked_pair * SPAN + np.repeat(wanted, count)

    def last_by_then(places: np.ndarray) -> np.ndarray:
        """For each (day, pair) asked, the last of ``places`` of that pair made by the day, or -1."""
        if not len(places):
            return np.full(len(asked), -1)
        keys = pairs[places] * SPAN + day_numbers[places]
        at = np.maximum(np.searchsorted(keys, asked, side="right") - 1, 0)
        return np.where((keys[at] <= asked) & (keys[at] // SPAN == asked_pair), places[at], -1)

    on_record = (statements["attribution"] == ON_RECORD).to_numpy()
    latest, latest_on_record = last_by_then(order), last_by_then(order[on_record[order]])
    held = np.where(latest_on_record >= 0, latest_on_record, latest)
    day = np.repeat(np.arange(len(wanted)), count)[held >= 0]
    stood = statements.iloc[held[held >= 0]].assign(day=day)
    return stood.sort_values(["day", "actor", "proposal"], kind="stable")


HISTORY_COLUMNS = [*KEYS, "day", "positions", "position", "last_heard", "id", "actor", "anonymous_only"]

# Days as whole numbers, offset to be positive, so that (row, day) pairs sort as one int64: row * SPAN + day.
DAY_OFFSET = 1 << 22  # more than the days from 1970 back to year 1
SPAN = 1 << 23
NEVER = SPAN - 1  # a standing that has not ended
_CLASSES = sorted({SENIORITY[t] for t in (*GOVERNMENT_TYPES, INSTITUTION_TYPE)})  # 1 (head) outranks 2 ...
_POSITION_RANK = {p.key: p.rank for p in POSITIONS}
# A set of positions as a bit mask (bit = position rank) -> "~"-joined in rank order ("support~hesitant").
_HELD = [POSITION_SEPARATOR.join(p.key for p in POSITIONS if mask >> p.rank & 1) for mask in range(1 << len(POSITIONS))]


def _firsts(values: np.ndarray) -> np.ndarray:
    """True where a run of equal values starts."""
    return np.r_[True, values[1:] != values[:-1]][: len(values)]


def _day_numbers(dates) -> np.ndarray:
    return np.asarray(dates, dtype="datetime64[D]").astype(np.int64) + DAY_OFFSET


@dataclass(frozen=True)
class _Facts:
    """What the rule reads of every statement, worked out once per frame: the order the statements
    were made in, the day its actor left office (NaT while in
    office), whether it can decide its row, its (country, proposal) row as a number (``rows``;
    ``keys`` holds the rows' country, proposal and first day, in order of first appearance) and its
    actor as a number (into ``names``)."""

    order: np.ndarray
    left: pd.Series
    deciding: np.ndarray
    rows: np.ndarray
    keys: pd.DataFrame
    actors: np.ndarray
    names: np.ndarray


@per_frame  # the map, the standing table and the country matrix read the same facts of a frame
def _facts(statements: pd.DataFrame) -> _Facts:
    deciding = _decides(statements)
    country, countries = column_codes(statements, "country")
    proposal, proposals = column_codes(statements, "proposal")
    rows, pairs = pd.factorize(country.astype(np.int64) * len(proposals) + proposal)
    first = np.full(len(pairs), SPAN, dtype=np.int64)
    np.minimum.at(first, rows, _day_numbers(statements["date"].to_numpy()))  # each row's first day
    keys = pd.DataFrame(
        {"country": countries[pairs // len(proposals)], "proposal": proposals[pairs % len(proposals)], "first": first}
    )
    actors, names = column_codes(statements, "actor")
    order = chronological(statements)
    return _Facts(order, left_office(statements), deciding, rows, keys, actors, np.asarray(names, dtype=object))


@per_frame  # the rule on several days and the first positions of one frame share it
def _standings(statements: pd.DataFrame) -> pd.DataFrame:
    """Rule steps 1-2 for every day at once: one line per deciding statement, saying what its actor
    stands by from that statement's day (``start``) until its next statement or its leaving office
    (``end``, exclusive; NEVER), and that standing statement's class (on-record first, then
    seniority: rule steps 3-4), position rank, order among all statements (``chrono``) and place in
    ``statements`` (``source``). Lines of an actor's statements of one day but the last have
    start == end: they never count. ``left``: the day the actor leaves office (NEVER if it does not).
    ``actor`` is a code into ``facts.names``."""
    facts = _facts(statements)
    order = facts.order
    voices = order[facts.deciding[order]]  # rule order: a later statement outranks
    rows, actors = facts.rows, facts.actors
    pair = rows[voices].astype(np.int64) * (len(facts.names) + 1) + actors[voices]
    by_pair = np.argsort(pair, kind="stable")  # each actor's statements on one row together, in rule order
    voices, pair = voices[by_pair], pair[by_pair]
    index = np.arange(len(voices))
    first = np.maximum.accumulate(np.where(_firsts(pair), index, 0))
    on = (column_lookup(statements, "attribution", {ON_RECORD: 1}, 0) == 1)[voices]
    latest_on = np.maximum.accumulate(np.where(on, index, -1))
    stands = np.where(latest_on >= first, latest_on, index)  # its latest on-record statement, else this one
    day = _day_numbers(statements["date"].to_numpy()[voices])
    # The latest known leaving day of each actor's line: the last one given in its run of statements.
    leaving = _day_numbers(facts.left.to_numpy()[voices])
    known = np.maximum.accumulate(np.where(~np.isnat(facts.left.to_numpy()[voices]), index, -1))
    last = np.flatnonzero(_firsts(pair[::-1])[::-1])  # each run's last statement
    latest_known = known[np.repeat(last, np.diff(np.r_[-1, last]))]
    left = np.where(latest_known >= first, leaving[np.maximum(latest_known, 0)], NEVER)
    next_day = np.where(_firsts(pair[::-1])[::-1], NEVER, np.r_[day[1:], NEVER])
    capacity = column_lookup(statements, "capacity", SENIORITY)  # spoke_as, on codes: capacity, else type
    seniority = np.where(capacity >= 0, capacity, column_lookup(statements, "actor_type", SENIORITY))[voices]
    rank = np.searchsorted(_CLASSES, seniority)[stands] + np.where(on[stands], 0, len(_CLASSES))
    chrono = np.empty(len(order), dtype=np.int64)
    chrono[order] = np.arange(len(order))  # each statement's place in the order made (argsort's inverse)
    return pd.DataFrame(
        {
            "row": rows[voices].astype(np.int64),
            "start": day,
            "end": np.minimum(next_day, left),
            "left": left,
            "class": rank,
            "position": column_lookup(statements, "position", _POSITION_RANK)[voices][stands],
            "chrono": chrono[voices][stands],
            "source": voices[stands],
            "actor": actors[voices],
            "on_record": on[stands],
        }
    )


def _held(present: np.ndarray) -> np.ndarray:
    """Rule steps 3-5 on counts of voices by (class, position): the positions' bit mask (0: none)."""
    by_class = present.any(axis=2)
    top = by_class.argmax(axis=1)
    bits = (present[np.arange(len(present)), top] << np.arange(present.shape[2])).sum(axis=1)
    return np.where(np.any(by_class, axis=1), bits, 0)


@per_frame  # of the one (memoised) standings frame of a statements frame
def _position_history(standings: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The positions held (bit mask) per row on every day they can change: a statement's day or a
    day someone leaves office. Returns the (row * SPAN + day) keys, sorted, and the masks; each row
    ends with a key on day NEVER, where nothing is held."""
    row, start, end = (standings[c].to_numpy() for c in ("row", "start", "end"))
    leaves = standings["left"].to_numpy() != NEVER
    counting = start < end
    starts, ends = (row * SPAN + start)[counting], (row * SPAN + end)[counting]
    keys = distinct(np.r_[row * SPAN + start, row[leaves] * SPAN + standings["left"].to_numpy()[leaves], ends])
    n_positions = len(POSITIONS)
    category = (standings["class"].to_numpy() * n_positions + standings["position"].to_numpy())[counting]
    # Voices per (class, position): +1 where a standing starts counting, -1 where it ends (by NEVER at the latest).
    width = 2 * len(_CLASSES) * n_positions
    cells = np.r_[np.searchsorted(keys, starts), np.searchsorted(keys, ends)] * width + np.r_[category, category]
    changes = np.zeros(len(keys) * width, dtype=np.int32)
    np.add.at(changes, cells, np.r_[np.ones(len(starts), np.int32), -np.ones(len(ends), np.int32)])  # 10x a groupby
    counts = np.cumsum(changes.reshape(len(keys), width), axis=0, dtype=np.int32)
    return keys, _held(counts.reshape(len(keys), 2 * len(_CLASSES), n_positions) > 0)


def _decisions(
    statements: pd.DataFrame, standings: pd.DataFrame, names: np.ndarray, rows: np.ndarray, days: np.ndarray
) -> pd.DataFrame:
    """Rule steps 3-5 for each (row, day) asked: the positions held, and the latest statement behind
    them (last_heard, id), the actors behind them (latest first) and whether none is on the record.
    One line per question, in the order asked, with ``source``: the place in ``statements`` of that
    latest statement (-1 for none)."""
    asked = rows.astype(np.int64) * SPAN + days
    order = np.argsort(asked, kind="stable")
    asked = asked[order]
    row = standings["row"].to_numpy()
    lo = np.searchsorted(asked, row * SPAN + standings["start"].to_numpy())
    hi = np.searchsorted(asked, row * SPAN + standings["end"].to_numpy())
    many = np.maximum(hi - lo, 0)
    line = np.repeat(np.arange(len(standings)), many)
    question = order[np.repeat(lo, many) + np.arange(len(line)) - np.repeat(np.cumsum(many) - many, many)]
    rank = standings["class"].to_numpy()[line]
    sort = np.lexsort((-standings["chrono"].to_numpy()[line], rank, question))  # per question: top class, latest first
    line, question, rank = line[sort], question[sort], rank[sort]
    top = rank == rank[np.maximum.accumulate(np.where(_firsts(question), np.arange(len(question)), 0))]
    line, question = line[top], question[top]
    starts = np.flatnonzero(_firsts(question))
    at = question[starts]
    latest = standings["source"].to_numpy()[line[starts]]
    bits = np.bitwise_or.reduceat(1 << standings["position"].to_numpy()[line], starts) if len(starts) else starts
    # The names behind each answer, "; "-joined in one pass (pyarrow joins the lists).
    offsets = pa.array(np.r_[starts, len(line)].astype(np.int32))
    voices = pa.array(names[standings["actor"].to_numpy()[line]], type=pa.string())
    speakers = pa.ListArray.from_arrays(offsets, voices)
    n = len(rows)
    positions, ids, actors = (np.full(n, "", dtype=object) for _ in range(3))
    heard, anonymous = np.full(n, -1), np.zeros(n, dtype=bool)  # heard: -1 for none, the NaT after the dates
    positions[at] = np.array(_HELD, dtype=object)[bits]
    actors[at] = pc.binary_join(speakers, "; ").to_numpy(zero_copy_only=False)
    heard[at] = latest
    ids[at] = pa.array(statements["id"]).take(latest).to_numpy(zero_copy_only=False)
    anonymous[at] = ~standings["on_record"].to_numpy()[line[starts]]
    dates = statements["date"]
    return pd.DataFrame(
        {
            "positions": pd.Series(positions, dtype="str"),
            "last_heard": pd.Series(np.r_[dates.to_numpy(), np.datetime64("NaT")][heard], dtype=dates.dtype),
            "id": pd.Series(ids, dtype="str"),
            "actor": pd.Series(actors, dtype="str"),
            "anonymous_only": anonymous,
            "source": heard,
        }
    )


def _position_of(positions: pd.Series) -> pd.Series:
    split = positions.str.contains(POSITION_SEPARATOR, regex=False)
    return pd.Series(np.where(positions == "", NONE, np.where(split, SPLIT, positions)), index=positions.index)


def country_positions_at(statements: pd.DataFrame, days: pd.Index) -> pd.DataFrame:
    """The rule on each day: per country and proposal that has a statement by then, HISTORY_COLUMNS and ``since``."""
    if len(days) == 0 or statements.empty:
        return pd.DataFrame(columns=[*HISTORY_COLUMNS, "since"])
    return _country_rule_at(statements, days, _facts(statements)).drop(columns="source")


def _country_rule_at(statements: pd.DataFrame, days: pd.Index, facts: _Facts) -> pd.DataFrame:
    """:func:`country_positions_at`, with ``source``: the place in ``statements`` of the statement
    behind each row (-1 for none)."""
    keys, standings, names = facts.keys, _standings(statements), facts.names
    stamps = [pd.Timestamp(day) for day in days]
    numbers = _day_numbers([s.to_datetime64() for s in stamps])
    first = keys["first"].to_numpy()
    present = [np.flatnonzero(first <= number) for number in numbers]  # rows in order of first appearance
    rows = np.concatenate(present)
    which = np.repeat(np.arange(len(stamps)), [len(p) for p in present])
    out = keys.iloc[rows][KEYS].reset_index(drop=True)
    out["day"] = pd.DatetimeIndex(stamps)[which]
    decided = _decisions(statements, standings, names, rows, numbers[which])
    out = pd.concat([out, decided], axis=1)
    out["position"] = _position_of(out["positions"])
    # A run is a stretch of one set of positions: it starts where the positions last changed.
    history, held = _position_history(standings)
    changed = _firsts(held) | _firsts(history // SPAN)
    run_start = history[np.maximum.accumulate(np.where(changed, np.arange(len(history)), 0))] % SPAN
    at = np.searchsorted(history, rows * SPAN + numbers[which], side="right") - 1
    since = np.r_[run_start, DAY_OFFSET][at] - DAY_OFFSET  # at -1 (nothing decided yet): masked below
    out["since"] = pd.Series(since.astype("datetime64[D]"), dtype=statements["date"].dtype)
    out["since"] = out["since"].where(out["positions"] != "")
    return out[[*HISTORY_COLUMNS, "since", "source"]]


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


VOICES_BESIDE_COLUMNS = [*KEYS, "actor", "type", "position", "date", "id", "quote", "source", "url", "attribution"]


def voices_beside(statements: pd.DataFrame, as_of: Date | None = None) -> pd.DataFrame:
    """The voices that do not decide a country's position, each actor's latest as of the day.

    ``type`` is the capacity the actor spoke in, or ``former`` for an actor who has left the
    office it spoke from by then (a chancellor after the handover, an ousted opposition leader).
    Sorted by country, then type as the codebook orders them, then date.
    """
    if statements.empty:
        return pd.DataFrame(columns=VOICES_BESIDE_COLUMNS)
    return voices_beside_on(statements, [_day(statements, as_of)]).drop(columns="day")


def voices_beside_on(statements: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """:func:`voices_beside` on each of several days, in one frame: ``day`` is the day's place in
    ``days``; sorted by day, then as :func:`voices_beside`. The facts are worked out once, each
    day's voices found on numbers, and the rows taken and sorted once for every day."""
    columns = [*VOICES_BESIDE_COLUMNS, "day"]
    if statements.empty or not days:
        return pd.DataFrame(columns=columns)
    facts = _facts(statements)
    voices, count = _voice_codes(facts)
    found = [_beside_places(statements, pd.Timestamp(day), facts, voices, count) for day in days]
    rows = _beside_rows(statements, np.concatenate([p for p, _ in found]), np.concatenate([f for _, f in found]))
    rows["day"] = np.repeat(np.arange(len(days)), [len(p) for p, _ in found])
    rows = rows.sort_values(["day", "country", "proposal", "order", "date", "actor"], kind="stable")
    return rows[columns].reset_index(drop=True)


def _voice_codes(facts: _Facts) -> tuple[np.ndarray, int]:
    """A number per (row, actor) pair of each statement, and how many pairs there are."""
    voices, combinations = pd.factorize(facts.rows.astype(np.int64) * (len(facts.names) + 1) + facts.actors)
    return voices, len(combinations)


def _beside_places(
    statements: pd.DataFrame, day: pd.Timestamp, facts: _Facts, voices: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """The voices beside as of ``day``: the places of their latest statements, and whether each has
    left the office it spoke from by then. ``voices``, ``count``: :func:`_voice_codes`."""
    # On numpy values (NaT compares false): pandas' comparisons cost more than the work, once per day.
    on = np.datetime64(day)
    upto = statements["date"].to_numpy() <= on
    gone = facts.left.to_numpy() <= on  # out of the office it spoke from: a former office holder now
    deciding = facts.deciding & ~gone & upto
    # An actor deciding now is not also a voice beside (Trump's words as President-elect are history).
    decides_now = np.bincount(voices[deciding], minlength=count) > 0
    aside = upto & ~deciding & ~decides_now[voices]
    latest = latest_of(voices, count, facts.order[aside[facts.order]])
    latest = np.sort(latest[latest >= 0])
    return latest, gone[latest]


def _beside_rows(statements: pd.DataFrame, places: np.ndarray, former: np.ndarray) -> pd.DataFrame:
    """The statements at ``places``, with the type each speaks as: ``former`` where its actor has left office."""
    rows = statements.iloc[places]
    rows = rows.assign(type=np.where(former, FORMER, spoke_as(rows).to_numpy())).astype({"type": "str"})
    order_of = {key: i for i, key in enumerate(ACTOR_TYPE_BY_KEY)}
    return rows.assign(order=rows["type"].map(order_of))


def _fields_at(statements: pd.DataFrame, source: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """The statements at places ``source`` (-1: none, every field empty), with ``capacity`` (model.spoke_as)."""
    found = source >= 0
    rows = statements.iloc[source[found]]
    out = pd.DataFrame({c: np.full(len(source), "", dtype=object) for c in [*columns, "capacity"]})
    for column, values in zip([*columns, "capacity"], [*(rows[c] for c in columns), spoke_as(rows)], strict=True):
        out.loc[found, column] = values.to_numpy()
    return out.astype("str")


def _country_standing(statements: pd.DataFrame, day: pd.Timestamp, stale_months: int, beside: bool) -> pd.DataFrame:
    facts = _facts(statements)
    now = _country_rule_at(statements, pd.Index([day]), facts)
    fields = _fields_at(statements, now.pop("source").to_numpy(), [c for c in STATEMENT_FIELDS if c != "id"])
    now = pd.concat([now, fields], axis=1)
    words = beside_words(voices_beside_on(statements, [day])) if beside else {}
    now["beside"] = [words.get(key, "") for key in zip(now["country"], now["proposal"], strict=True)]
    now["key"] = now["country"]
    now["name"] = now["country"].map(country_name)
    now["ended"] = False
    now["split"] = now["position"] == SPLIT
    now["no_government"] = now["position"] == NONE
    now["stale"] = now["last_heard"].notna() & (now["last_heard"] < stale_before(day, stale_months))
    return now


def _actor_standing(statements: pd.DataFrame, day: pd.Timestamp, stale_months: int) -> pd.DataFrame:
    order = chronological(statements)
    order = order[(statements["date"] <= day).to_numpy()[order]]
    pairs, _ = group_codes(statements, ["actor", "proposal"])
    runs = order[np.argsort(pairs[order], kind="stable")]  # each actor's statements on a proposal, in order
    position = pd.factorize(statements["position"])[0][runs]
    # A run is a stretch of one position: the current one starts after the last statement that differed.
    changed = _firsts(pairs[runs]) | _firsts(position)
    run_start = runs[np.maximum.accumulate(np.where(changed, np.arange(len(runs)), 0))]
    last = _firsts(pairs[runs][::-1])[::-1]
    rank = np.empty(len(statements), dtype=np.int64)
    rank[order] = np.arange(len(order))
    latest = np.argsort(rank[runs[last]], kind="stable")  # in the order they were made
    now = statements.iloc[runs[last][latest]]
    now = now.assign(
        since=statements["date"].to_numpy()[run_start[last][latest]], capacity=spoke_as(now), left=left_office(now)
    )
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


@per_frame  # a view's chart and its table ask for the same rows
def _standing_rows(
    statements: pd.DataFrame, by: str, day: pd.Timestamp, stale_months: int = 6, beside: bool = True
) -> pd.DataFrame:
    """:func:`standing`'s rows, unsorted; ``beside=False`` leaves the voices beside a country out (empty)."""
    if by == "country":
        return _country_standing(statements, day, stale_months, beside)[STANDING_COLUMNS]
    return _actor_standing(statements, day, stale_months)[STANDING_COLUMNS].reset_index(drop=True)


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
    return sort_standing(_standing_rows(statements, by, _day(statements, as_of), stale_months), sort)


def direction(before: str, after: str) -> str:
    """How a move from ``before`` to ``after`` goes: towards support, away from it, unchanged, new, changed."""
    if before == after:
        return UNCHANGED
    if before in ("", NONE):
        return NEW if after in POSITION_BY_KEY else CHANGED
    if before in POSITION_BY_KEY and after in POSITION_BY_KEY:
        return TOWARDS if POSITION_BY_KEY[after].lean > POSITION_BY_KEY[before].lean else AWAY
    return CHANGED


def _directions(before: pd.Series, after: pd.Series) -> np.ndarray:
    """:func:`direction` of each pair, worked out once per distinct pair (there are few positions)."""
    was, befores = pd.factorize(before)
    becomes, afters = pd.factorize(after)
    table = np.empty((len(befores), len(afters)), dtype=object)
    for i, b in enumerate(befores):
        table[i] = [direction(b, a) for a in afters]
    return table[was, becomes]


def first_standing(statements: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Each country's first government position, or each actor's first statement, in standing columns."""
    if by == "actor":
        order = chronological(statements)
        pairs, count = group_codes(statements, ["actor", "proposal"])
        firsts = latest_of(pairs, count, order[::-1])  # the latest in reverse: the first
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        first = statements.iloc[firsts[np.argsort(rank[firsts])]]
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
    facts = _facts(statements)
    keys, standings, names = facts.keys, _standings(statements), facts.names
    history, held = _position_history(standings)
    held_keys = history[held != 0]
    first = held_keys[_firsts(held_keys // SPAN)]
    rows = first // SPAN
    decided = _decisions(statements, standings, names, rows, first % SPAN)
    countries = keys["country"].to_numpy()[rows]
    out = pd.DataFrame(
        {
            "key": countries,
            "name": pd.Series(countries).map(country_name),
            "country": countries,
            "proposal": keys["proposal"].to_numpy()[rows],
            "position": _position_of(decided["positions"]),
            "positions": decided["positions"],
            "last_heard": decided["last_heard"],
            "id": decided["id"],
        }
    )
    return out.sort_values(KEYS, kind="stable").reset_index(drop=True)


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
    later = statements["date"] > day
    upto = statements.loc[~later] if later.any() else statements
    now = _standing_rows(upto, by, day, beside=False)
    if since is None:
        then = first_standing(upto, by)
    else:
        # As it stood then: the rule and the standing read only the statements made by that day.
        then_day = pd.Timestamp(since) - pd.Timedelta(days=1)
        then = (
            _standing_rows(upto, by, then_day, beside=False)
            if (upto["date"] <= then_day).any()
            else pd.DataFrame(columns=STANDING_COLUMNS)
        )
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
            "direction": _directions(both["from_position"], both["to_position"]),
            "to_quote": both["quote"].fillna(""),
            "to_source": both["source"].fillna(""),
            "to_url": both["url"].fillna(""),
        }
    )
    order = {d: i for i, d in enumerate(DIRECTIONS)}
    out = out.assign(order=out["direction"].map(order)).sort_values(["order", "name", "proposal"], kind="stable")
    return out[NET_SHIFT_COLUMNS].reset_index(drop=True)
