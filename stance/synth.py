"""Generated statement tables: valid, deterministic, and about as varied as real ones.

``synthetic_statements(100_000)`` is an interchange table (every column a string) that passes
validation, and the same arguments always give the same table. Actors have one country, one
role and the type that goes with it (mostly government types; some opposition, legislators,
former office holders and anonymous officials), and a few speak often; a few left office during
the period and speak as former office holders after it (``capacity``). Their positions on a
proposal mostly persist and sometimes shift; some statements are anonymous or unverified; dates
come at every precision (week dates on Mondays, month dates on the 1st); quotes vary in length
and hold commas, quotation marks, line breaks and the odd formula-like first character. Built
with numpy, not row by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codebook import COUNTRIES, DATE_PRECISION_KEYS, POSITION_KEYS
from .model import ALL_COLUMNS

FIRST_NAMES = (
    "Anna",
    "Piotr",
    "Marie",
    "Jean",
    "Sofia",
    "Lukas",
    "Elena",
    "Mikko",
    "Ines",
    "Tomas",
    "Eva",
    "Jonas",
    "Clara",
    "Pavel",
    "Laura",
    "Marco",
    "Nora",
    "Dmytro",
    "Ingrid",
    "Andrei",
    "Lea",
    "Kristjan",
    "Maja",
    "Oliver",
)
LAST_NAMES = (
    "Nowak",
    "Dubois",
    "Rossi",
    "Virtanen",
    "Silva",
    "Novak",
    "Jensen",
    "Horvat",
    "Papadopoulos",
    "Kowalski",
    "Schmidt",
    "Garcia",
    "Lindqvist",
    "Tamm",
    "Ozols",
    "Kazlauskas",
    "Murphy",
    "Popescu",
    "Szabo",
    "Berg",
    "Moreau",
    "Bianchi",
    "Janssens",
    "Costa",
    "Hansen",
    "Fischer",
    "Kovac",
    "Petrov",
    "Andersen",
    "Walsh",
)
# A role and the actor type that goes with it.
ROLES = (
    ("Prime Minister of {}", "head"),
    ("President of {}", "head"),
    ("Minister of Foreign Affairs of {}", "minister"),
    ("Minister of Defence of {}", "minister"),
    ("Leader of the opposition in {}", "opposition"),
    ("Member of Parliament ({})", "legislator"),
    ("Ambassador of {} to NATO", "official"),
    ("Government spokesperson ({})", "official"),
    ("Former Prime Minister of {}", "former"),
)
GOVERNMENT = ("head", "minister", "official")  # types that can leave office within the period
OUTLETS = (
    ("Reuters", "www.reuters.com"),
    ("Politico Europe", "www.politico.eu"),
    ("The Guardian", "www.theguardian.com"),
    ("Le Monde", "www.lemonde.fr"),
    ("Der Spiegel", "www.spiegel.de"),
    ("Euronews", "www.euronews.com"),
    ("Associated Press", "apnews.com"),
    ("Financial Times", "www.ft.com"),
    ("Rzeczpospolita", "www.rp.pl"),
    ("El País", "elpais.com"),
    ("Yle", "yle.fi"),
    ("ERR News", "news.err.ee"),
)
TOPICS = (
    "eu-peacekeepers",
    "joint-air-defence",
    "defence-bonds",
    "sanctions-package",
    "energy-union",
    "grain-corridor",
    "frozen-assets",
    "military-mobility",
    "ammunition-plan",
    "border-fence",
    "eu-enlargement",
    "arms-embargo",
    "naval-mission",
    "reconstruction-fund",
    "troop-rotation",
)
WORDS = (
    "we",
    "will",
    "not",
    "send",
    "troops",
    "to",
    "Ukraine",
    "before",
    "a",
    "ceasefire",
    "is",
    "agreed",
    "our",
    "position",
    "has",
    "not",
    "changed",
    "the",
    "government",
    "supports",
    "European",
    "security",
    "guarantees",
    "this",
    "requires",
    "a",
    "mandate",
    "from",
    "parliament",
    "and",
    "allies",
    "must",
    "decide",
    "together",
    "there",
    "are",
    "many",
    "questions",
    "about",
    "the",
    "mission",
    "its",
    "size",
    "and",
    "its",
    "rules",
)
NOTES = (
    "Said at a press conference.",
    "In an interview; translated from the original.",
    "Reported by the outlet, not confirmed by the actor's office.",
    "Repeated the position of the week before.",
)
DATE_NOTES = {
    "approx": "The report gives no day; dated by the report.",
    "week": "Reported as 'this week'.",
    "month": "Reported as 'last month'.",
}
COUNTRY_CODES = tuple(sorted(code for code, country in COUNTRIES.items() if not country.institution))
FIRST_DAY = np.datetime64("2024-01-01")
DAYS = 731  # two years of statements


def synthetic_statements(
    n: int, *, actors: int | None = None, countries: int = 60, proposals: int = 20, seed: int = 0
) -> pd.DataFrame:
    """``n`` valid interchange rows (every column a string), the same for the same arguments."""
    codes = list(COUNTRY_CODES)
    if n < 0 or not 1 <= countries <= len(codes) or proposals < 1 or (actors is not None and actors < 1):
        raise ValueError(f"need n >= 0, 1 <= countries <= {len(codes)}, proposals >= 1 and actors >= 1")
    rng = np.random.default_rng(seed)
    actor_count = actors or max(1, round(n**0.75))  # 10,000 statements: 1,000 actors

    # Actors: a name, one country, one role; a few are unnamed officials, who speak anonymously.
    country_codes = np.array(rng.choice(codes, size=countries, replace=False))
    actor_country = rng.integers(0, countries, size=actor_count)
    country_names = np.array([COUNTRIES[c].name for c in country_codes], dtype=object)
    index = np.arange(actor_count)
    names = (
        np.array(FIRST_NAMES, dtype=object)[index % len(FIRST_NAMES)]
        + " "
        + np.array(LAST_NAMES, dtype=object)[index // len(FIRST_NAMES) % len(LAST_NAMES)]
    )
    clash = index >= len(FIRST_NAMES) * len(LAST_NAMES)
    names[clash] += " (" + (index[clash] // (len(FIRST_NAMES) * len(LAST_NAMES)) + 1).astype(str).astype(object) + ")"
    unnamed = rng.random(actor_count) < 0.03
    names[unnamed] = (
        "Anonymous official "
        + index[unnamed].astype(str).astype(object)
        + " ("
        + country_names[actor_country[unnamed]]
        + ")"
    )
    role_index = rng.integers(0, len(ROLES), size=actor_count)
    templates = np.array([template for template, _ in ROLES], dtype=object)[role_index]
    roles = np.array([t.format(c) for t, c in zip(templates, country_names[actor_country], strict=True)], dtype=object)
    actor_types = np.where(unnamed, "anonymous", np.array([kind for _, kind in ROLES], dtype=object)[role_index])

    # Statements: a few actors speak often (Zipf-like weights), about proposals of unequal interest.
    weights = 1.0 / (np.arange(actor_count) + 1.0) ** 0.8
    actor = rng.choice(actor_count, size=n, p=weights / weights.sum())
    interest = 1.0 / (np.arange(proposals) + 1.0)
    proposal = rng.choice(proposals, size=n, p=interest / interest.sum())
    precision = rng.choice(len(DATE_PRECISION_KEYS), size=n, p=_precision_shares())
    day = FIRST_DAY + rng.integers(0, DAYS, size=n)
    precision_key = np.array(DATE_PRECISION_KEYS, dtype=object)[precision]
    weekday = (day.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday
    day = np.where(precision_key == "week", day - weekday, day)
    day = np.where(precision_key == "month", day.astype("datetime64[M]").astype("datetime64[D]"), day)

    # In date order, ids follow the dates; positions persist per actor and proposal, with shifts.
    order = np.lexsort((rng.random(n), day))
    actor, proposal, precision_key, day = actor[order], proposal[order], precision_key[order], day[order]
    position = _positions(rng, actor * proposals + proposal, actor_count * proposals)

    attribution = np.where(
        unnamed[actor], "anonymous", rng.choice(("on-record", "anonymous", "unverified"), size=n, p=(0.86, 0.09, 0.05))
    )
    outlet = rng.integers(0, len(OUTLETS), size=n)
    quotes = _quote_pool(rng, 400)
    width = len(str(max(n - 1, 0)))
    ids = pd.Series(np.arange(n), dtype="int64").astype("str").str.zfill(width)
    dates = pd.Series(np.datetime_as_string(day, unit="D"), dtype="str")
    sources = np.array([name for name, _ in OUTLETS], dtype=object)[outlet]
    domains = pd.Series(np.array([domain for _, domain in OUTLETS], dtype=object)[outlet], dtype="str")
    urls = "https://" + domains + "/" + dates.str.slice(0, 7).str.replace("-", "/") + "/statement-" + ids
    urls = urls.where(~((attribution == "unverified") & (rng.random(n) < 0.5)), "")
    notes = np.where(rng.random(n) < 0.1, np.array(NOTES, dtype=object)[rng.integers(0, len(NOTES), size=n)], "")
    # A few government actors leave office; what they say afterwards they say as former office holders,
    # and the odd statement is made in another capacity still (a party leader's, say).
    left = np.isin(actor_types, GOVERNMENT) & (rng.random(actor_count) < 0.05)
    left_day = FIRST_DAY + rng.integers(0, DAYS, size=actor_count)
    left_office = np.where(left, np.datetime_as_string(left_day, unit="D").astype(object), "")
    capacity = np.where(rng.random(n) < 0.01, "other", "").astype(object)
    capacity[left[actor] & (day > left_day[actor])] = "former"
    table = pd.DataFrame(
        {
            "id": "syn-" + ids,
            "date": dates,
            "date_precision": precision_key,
            "actor": names[actor],
            "role": roles[actor],
            "actor_type": actor_types[actor],
            "country": country_codes[actor_country[actor]],
            "proposal": np.array(_proposal_ids(proposals), dtype=object)[proposal],
            "position": np.array(POSITION_KEYS, dtype=object)[position],
            "attribution": attribution,
            "quote": quotes[rng.integers(0, len(quotes), size=n)],
            "source": sources,
            "url": urls,
            "notes": notes,
            "date_note": pd.Series(precision_key, dtype="str").map(DATE_NOTES).fillna("").to_numpy(),
            "capacity": capacity,
            "left_office": left_office[actor],
        }
    )
    return table[list(ALL_COLUMNS)].astype("str")


def _precision_shares() -> list[float]:
    shares = {"day": 0.82, "approx": 0.06, "week": 0.07, "month": 0.05}
    return [shares[key] / sum(shares[k] for k in DATE_PRECISION_KEYS) for key in DATE_PRECISION_KEYS]


def _proposal_ids(count: int) -> list[str]:
    return [TOPICS[i % len(TOPICS)] + (f"-{i // len(TOPICS) + 1}" if i >= len(TOPICS) else "") for i in range(count)]


def _positions(rng: np.random.Generator, pair: np.ndarray, pairs: int) -> np.ndarray:
    """Each actor's first position on a proposal; later statements repeat it or shift from it."""
    first = rng.choice(len(POSITION_KEYS), size=pairs, p=_position_shares())
    order = np.argsort(pair, kind="stable")  # statements of one pair, in date order
    steps = np.where(rng.random(len(pair)) < 0.12, rng.integers(1, len(POSITION_KEYS), size=len(pair)), 0)
    total = np.cumsum(steps[order])
    starts = np.r_[True, pair[order][1:] != pair[order][:-1]] if len(pair) else np.zeros(0, dtype=bool)
    before_group = np.maximum.accumulate(np.where(starts, total - steps[order], 0)) if len(pair) else total
    position = np.empty(len(pair), dtype=np.int64)
    position[order] = (first[pair[order]] + total - before_group) % len(POSITION_KEYS)
    return position


def _position_shares() -> list[float]:
    shares = np.linspace(2.0, 0.5, len(POSITION_KEYS))  # support most often, denied least
    return list(shares / shares.sum())


def _quote_pool(rng: np.random.Generator, size: int) -> np.ndarray:
    """Quotes of 3 to 50 words; some hold commas, quotation marks, line breaks or start like a formula."""
    words = np.array(WORDS, dtype=object)
    quotes = []
    for length in rng.integers(3, 51, size=size):
        text = " ".join(words[rng.integers(0, len(words), size=length)])
        kind = rng.random()
        if kind < 0.2:
            text = text.replace(" and ", ", and ", 1)
        elif kind < 0.3:
            text = f'He said: "{text}"'
        elif kind < 0.33:
            text = text.replace(" the ", "\nthe ", 1)
        elif kind < 0.35:
            text = "- " + text  # a dash that a spreadsheet would read as a formula
        quotes.append(text[0].upper() + text[1:])
    return np.array(quotes, dtype=object)
