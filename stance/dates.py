"""Dates worded as precisely as they are known, the same way in charts, summaries and the app."""
from __future__ import annotations

import pandas as pd


def day_text(value) -> str:
    """'12 Dec 2024'."""
    return f"{pd.Timestamp(value):%-d %b %Y}"


def date_words(value, precision: str) -> str:
    """A date as a label: '12 Dec 2024 (day)', 'c. 12 Dec 2024 (approximate)', 'week of 13 Jan 2025', 'Dec 2024 (month)'."""
    if precision == "week":
        return f"week of {day_text(value)}"
    if precision == "month":
        return f"{pd.Timestamp(value):%b %Y} (month)"
    if precision == "approx":
        return f"c. {day_text(value)} (approximate)"
    return f"{day_text(value)} (day)"


def date_phrase(value, precision: str) -> str:
    """A date in running text: 'on 12 Dec 2024', 'in the week of 13 Jan 2025', 'in Dec 2024', 'around 12 Dec 2024'."""
    if precision == "week":
        return f"in the week of {day_text(value)}"
    if precision == "month":
        return f"in {pd.Timestamp(value):%b %Y}"
    if precision == "approx":
        return f"around {day_text(value)}"
    return f"on {day_text(value)}"
