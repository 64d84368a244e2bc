"""Dates worded as precisely as they are known, the same way in charts, summaries and the app."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

# {day}: '12 Dec 2024', {month}: 'Dec 2024'. A week's date is its Monday, a month's the 1st.
LABELS = {"day": "{day} (day)", "approx": "c. {day} (approximate)", "week": "week of {day}", "month": "{month} (month)"}
PHRASES = {"day": "on {day}", "approx": "around {day}", "week": "in the week of {day}", "month": "in {month}"}
SHORT = {"day": "{day}", "approx": "c. {day}", "week": "week of {day}", "month": "{month}"}


# Charts word the same few hundred days over and over (every hover text names one): each is worded
# once, and a chart's column of dates through day_texts, a call per distinct date.
WORDED_CACHE = 8192


@lru_cache(maxsize=WORDED_CACHE)
def day_text(value) -> str:
    """'12 Dec 2024' (no leading zero; built by hand because ``%-d`` only works on glibc)."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def day_texts(values) -> list[str]:
    """:func:`day_text` of each of ``values`` (a column of dates), each distinct date worded once."""
    codes, distinct = pd.factorize(pd.Series(values), use_na_sentinel=False)
    texts = [day_text(value) for value in distinct]
    return [texts[code] for code in codes]


@lru_cache(maxsize=WORDED_CACHE)
def month_text(value) -> str:
    """'Dec 2024'."""
    return f"{pd.Timestamp(value):%b %Y}"


def _worded(templates: dict[str, str], value, precision: str) -> str:
    stamp = pd.Timestamp(value)
    return templates.get(precision, templates["day"]).format(day=day_text(stamp), month=month_text(stamp))


@lru_cache(maxsize=WORDED_CACHE)
def date_words(value, precision: str) -> str:
    """A date as a label: '12 Dec 2024 (day)', 'c. 12 Dec 2024 (approximate)', 'week of 13 Jan 2025',
    'Dec 2024 (month)'."""
    return _worded(LABELS, value, precision)


@lru_cache(maxsize=WORDED_CACHE)
def date_phrase(value, precision: str) -> str:
    """A date in running text: 'on 12 Dec 2024', 'in the week of 13 Jan 2025', 'in Dec 2024', 'around 12 Dec 2024'."""
    return _worded(PHRASES, value, precision)


@lru_cache(maxsize=WORDED_CACHE)
def date_short(value, precision: str) -> str:
    """A date in brackets, as precise as it is known: '10 Jul 2025', 'c. 15 Jan 2025', 'week of
    6 Jan 2025', 'Dec 2024'."""
    return _worded(SHORT, value, precision)
