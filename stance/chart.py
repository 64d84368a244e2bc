"""Chart descriptions: what a chart shows, as data.

A :class:`ChartSpec` holds everything that decides a chart (kind, filters, period, since,
title, size). The app draws it, the exporter writes it, and the URL carries it, all from this
one description, so what is on screen and what is exported cannot drift apart. The link back to
a view (:func:`view_url`) is its URL form on the app's address.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date as Date
from urllib.parse import urlencode

import pandas as pd

from .analysis import PERIODS
from .dates import day_text
from .kinds import DEFAULT_KIND, KINDS
from .lanes import DEFAULT_RANK, RANKS
from .positions import SORTS
from .query import Filters, _split, filters_from_params, filters_to_params, parse_date

DEFAULT_APP_URL = "http://localhost:8501/"
APP_URL_ENV = "STANCE_APP_URL"


@dataclass(frozen=True)
class Size:
    name: str
    width: int | None  # None: as wide as the page (on screen only)
    height: int | None
    font: int  # base font size in px, scaled to the canvas so text reads on a slide
    label: str
    lanes: int  # at most this many actor rows (or shifts) on one page of a chart (stance.lanes)


SIZES: dict[str, Size] = {
    "screen": Size("screen", None, None, 13, "Screen (fits the page)", 40),
    "slide": Size("slide", 1920, 1080, 22, "Slide 16:9 (1920x1080)", 20),
    "square": Size("square", 1080, 1080, 17, "Square (1080x1080)", 20),
    "a4": Size("a4", 1123, 794, 12, "A4 landscape (297x210 mm)", 25),
}
EXPORT_SIZES = ("slide", "square", "a4")
BY_CHOICES = ("country", "actor")
DEFAULT_STALE_MONTHS = 6
MAX_STALE_MONTHS = 120
MAX_PAGE = 1_000_000
MAX_TITLE_CHARS = 200  # a chart title, in the app, in links and on the command line


@dataclass(frozen=True)
class ChartSpec:
    kind: str = DEFAULT_KIND
    filters: Filters = field(default_factory=Filters)
    period: str = "month"  # matrices and balance: week | month | quarter
    since: Date | None = None  # shifts: only shifts stated on or after this date
    title: str = ""  # empty: the default title for the kind
    size: str = "screen"
    as_of: Date | None = None  # standing, map, net shifts: as it stood on this day (None: the data's cut-off)
    by: str = "country"  # standing, net shifts, balance: "country" (by government position) or "actor"
    share: bool = False  # balance: percentages instead of counts
    stale_months: int = DEFAULT_STALE_MONTHS  # a position not restated for this long is drawn as stale
    sort: str = "position"  # standing: rows by position, name or last_heard (positions.SORTS)
    rank: str = DEFAULT_RANK  # charts with actor rows: which come first (stance.lanes.RANKS)
    page: int = 1  # charts with actor rows: which page of them (Size.lanes rows a page)

    def display_title(self) -> str:
        if self.title.strip():
            return self.title.strip()
        kind = KINDS[self.kind]
        title = kind.title.format(period=self.period, by=self.by)
        if kind.takes_since and self.since:
            title += f" since {day_text(self.since)}"
        return title

    @property
    def lanes_per_page(self) -> int:
        return SIZES[self.size].lanes

    def with_size(self, size: str) -> ChartSpec:
        """The same view at another size. Sizes hold different numbers of rows a page (Size.lanes):
        the page is the one that starts with this page's first row (screen page 2, actors 41-80,
        is slide page 3, actors 41-60)."""
        first = (self.page - 1) * self.lanes_per_page
        return replace(self, size=size, page=first // SIZES[size].lanes + 1)

    def to_params(self) -> dict[str, str]:
        """URL query parameters for this view; defaults are left out."""
        params = filters_to_params(self.filters)
        if self.kind != DEFAULT_KIND:
            params["chart"] = self.kind
        if self.period != "month":
            params["period"] = self.period
        if self.since:
            params["since"] = self.since.isoformat()
        if self.title.strip():
            params["title"] = self.title.strip()
        if self.as_of:
            params["as_of"] = self.as_of.isoformat()
        if self.by != "country":
            params["by"] = self.by
        if self.share:
            params["share"] = "1"
        if self.stale_months != DEFAULT_STALE_MONTHS:
            params["stale"] = str(self.stale_months)
        if self.sort != SORTS[0]:
            params["sort"] = self.sort
        if self.rank != DEFAULT_RANK:
            params["rank"] = self.rank
        if self.page != 1:
            params["page"] = str(self.page)
        return params


def check_page(value: str) -> str | None:
    """Why a page number (from a link or the command line) cannot be used; None when it can."""
    if value.strip().isdigit() and 1 <= int(value) <= MAX_PAGE:
        return None
    return f"'{value}' is not a page number from 1 to {MAX_PAGE:,}"


def check_stale_months(value: str) -> str | None:
    """Why a stale age (months, from a link or the command line) cannot be used; None when it can."""
    if value.strip().isdigit() and 1 <= int(value) <= MAX_STALE_MONTHS:
        return None
    return f"'{value}' is not a whole number of months from 1 to {MAX_STALE_MONTHS}"


def _one_of(
    params: Mapping[str, str | list[str]],
    name: str,
    choices: tuple[str, ...],
    default: str,
    notices: list[str],
    normalise: Callable[[str], str] = str,
) -> str:
    """The link's last value for ``name`` if it is one of ``choices``; else the default, with a notice."""
    value = normalise((_split(params.get(name, [])) or [default])[-1])
    if value in choices:
        return value
    notices.append(f"Ignored {name}={value!r} in the link: use one of {', '.join(choices)}")
    return default


def _checked_int(
    params: Mapping[str, str | list[str]],
    name: str,
    check: Callable[[str], str | None],
    default: int,
    notices: list[str],
) -> int:
    """The link's last value for ``name`` as a whole number if ``check`` passes it; else the default, with a notice."""
    values = _split(params.get(name, []))
    if not values:
        return default
    problem = check(values[-1])
    if problem:
        notices.append(f"Ignored {name}={values[-1]!r} in the link: {problem}")
        return default
    return int(values[-1])


def spec_from_params(params: Mapping[str, str | list[str]], proposals=()) -> tuple[ChartSpec, list[str]]:
    """Read a view from URL query parameters; a notice for every value that was dropped."""
    filters, notices = filters_from_params(params, proposals)
    kind = _one_of(params, "chart", tuple(KINDS), DEFAULT_KIND, notices)
    period = _one_of(params, "period", tuple(PERIODS), "month", notices)
    since = parse_date("since", params.get("since", []), notices)
    as_of = parse_date("as_of", params.get("as_of", []), notices)
    by = _one_of(params, "by", BY_CHOICES, "country", notices)
    share_values = _split(params.get("share", []))
    share = bool(share_values) and share_values[-1] in ("1", "true", "yes")
    if share_values and share_values[-1] not in ("0", "1", "true", "false", "yes", "no"):
        notices.append(f"Ignored share={share_values[-1]!r} in the link: use 1 (percentages) or 0 (counts)")
    stale_months = _checked_int(params, "stale", check_stale_months, DEFAULT_STALE_MONTHS, notices)
    sort = _one_of(params, "sort", SORTS, SORTS[0], notices, str.lower)
    rank = _one_of(params, "rank", tuple(RANKS), DEFAULT_RANK, notices, str.lower)
    page = _checked_int(params, "page", check_page, 1, notices)
    title_values = params.get("title", "")
    title = title_values[-1] if isinstance(title_values, list) and title_values else str(title_values or "")
    spec = ChartSpec(
        kind,
        filters,
        period,
        since,
        title.strip()[:MAX_TITLE_CHARS],
        as_of=as_of,
        by=by,
        share=share,
        stale_months=stale_months,
        sort=sort,
        rank=rank,
        page=page,
    )
    return spec, notices


def as_of_day(spec: ChartSpec, dataset) -> pd.Timestamp | None:
    """The day a standing, map or net-shifts view is drawn for: the spec's, else the data's cut-off."""
    return pd.Timestamp(spec.as_of) if spec.as_of else dataset.cutoff


def app_base(app_url: str | None = None) -> str:
    """The app's address, ending in '/': the one given, else $STANCE_APP_URL, else localhost."""
    return (app_url or os.environ.get(APP_URL_ENV) or DEFAULT_APP_URL).rstrip("/") + "/"


def view_url(spec: ChartSpec, app_url: str | None = None) -> str:
    """The link back to this view: the app address plus the spec's query parameters, if any."""
    base = app_base(app_url)
    query = urlencode(spec.to_params(), safe="~")
    return f"{base}?{query}" if query else base
