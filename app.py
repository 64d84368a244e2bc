"""Stance dashboard: which actor, from which country, took which position on a proposal, when, per which source.

A thin Streamlit layer over the ``stance`` library. The whole view (filters, actor types, chart,
period, "since" and "as of" dates, by country or actor, counts or percentages, stale age, sort,
ranking and page of actor rows, title) lives in the URL with clean codes
(``?country=PL~GB&chart=matrix&page=2``): it is read once when a session starts, seeds the
widgets, and is written back on every run.

A rerun with nothing new to compute touches no more than a page of rows: everything drawn from
the whole table (options, counts, tables, figures, their descriptions) is cached on the data's
revision and the view, tables send their first rows only, downloads are built when clicked, and
the export panel and the chart description are drawn when opened.

Run: ``STANCE_DATA=path/to/seeds-or-file streamlit run app.py`` (bundled seeds by default).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

import editing
from stance import analysis, export, figures, positions
from stance.chart import (
    BY_CHOICES,
    EXPORT_SIZES,
    MAX_STALE_MONTHS,
    MAX_TITLE_CHARS,
    SIZES,
    ChartSpec,
    app_base,
    as_of_day,
    spec_from_params,
    view_url,
)
from stance.codebook import (
    ACTOR_TYPE_KEYS,
    ATTRIBUTION_KEYS,
    ATTRIBUTIONS,
    DATE_PRECISIONS,
    POSITION_KEYS,
    POSITIONS,
    actor_type_label,
    country_label,
    country_name,
    position_label,
)
from stance.dates import date_words, day_text
from stance.figures.standing import flags, position_words
from stance.formats import table_to_csv
from stance.kinds import DEFAULT_KIND, KINDS
from stance.lanes import RANKS, Lanes, Selection, has_actor_rows, lanes_for
from stance.load import BUNDLED_DATA, DATA_ENV, data_location, load_dataset, store_dataset
from stance.model import Dataset, count_sources, to_interchange
from stance.query import GOVERNMENT_ONLY, NO_ANONYMOUS, Filters
from stance.store import Store, StoreError, store_url
from stance.text import page_text, plural, safe_url
from stance.validate import DataError
from stance.words import alt_text, data_summary, standing_export, summary_since

EVIDENCE = "evidence"  # a table, not a chart kind: the URL says chart=evidence
VIEWS = {**{key: kind.label for key, kind in KINDS.items()}, EVIDENCE: "Evidence"}
ATTRIBUTION_LABELS = {a.key: a.label for a in ATTRIBUTIONS}
PRECISION_LABELS = {d.key: d.label for d in DATE_PRECISIONS}
EXPORT_BUTTONS = (("PNG", "png", 1), ("PNG 2x", "png", 2), ("SVG", "svg", 1), ("PDF", "pdf", 1))
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
LOG = logging.getLogger("stance.app")
PAGE_ICON = "\N{BAR CHART}"  # an emoji: Material icons are fetched from fonts.gstatic.com
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
# A session's first run shows an empty chart under the header until the view is drawn: the browser
# fetches and compiles Plotly's script (4.7 MB, about 2 s) when a page's first chart arrives, so an
# empty one sent first does that while the server works out the view (seconds at a million statements).
DRAWING_ALT = "Drawing the chart…"
DRAWING = {
    "data": [{"type": "scatter", "x": [], "y": [], "hoverinfo": "skip"}],  # Plotly refuses a figure without traces
    "layout": {
        "height": 160,
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "annotations": [{"text": DRAWING_ALT, "showarrow": False, "xref": "paper", "yref": "paper"}],
    },
}
BY_LABELS = {"country": "By country", "actor": "By actor"}
SHARE_LABELS = {False: "Counts", True: "Percentages"}
# The standing table's order (?sort=, positions.SORTS): position from support to denied, then split and none.
SORT_LABELS = {"position": "Position", "name": "Name", "last_heard": "Last heard"}
# Rows a table sends to the browser: enough to read, few enough to stay fast at a million statements.
TABLE_ROWS = 500
NARROW = "Narrow the filters in the sidebar (country, dates, actor) to list others"  # under a table cut short


# ---------------------------------------------------------------- data and caches
def modified(path: Path) -> int:
    """Latest modification time of the file, or of the files in the seeds folder (cache key)."""
    if not path.exists():
        return 0
    files = [path, *path.iterdir()] if path.is_dir() else [path]  # OSError: the caller says so
    return max(f.stat().st_mtime_ns for f in files)


# Every cache keys on the data's revision (never on a hash of a frame) and on what the view asks for.
# st.cache_resource hands back the object itself, shared by all sessions and reruns, instead of
# unpickling a copy each time (3.5 s for a million statements): nothing may mutate what it returns.
shared = st.cache_resource(max_entries=32, show_spinner=False)
tables = st.cache_resource(max_entries=4, show_spinner=False)  # a row per actor and proposal: 100,000 rows at most


@st.cache_resource(max_entries=1, show_spinner="Loading statements…")
def load(path: str, mtime: int) -> Dataset:  # mtime: only a cache key, so an edited file is reloaded
    return load_dataset(path)


@st.cache_resource(max_entries=4, show_spinner="Opening the store…")
def open_store(url: str, editors: frozenset[str] | None) -> Store:  # once per process: it brings the schema up to date
    return Store.open(url, editors=editors)


@st.cache_resource(max_entries=1, show_spinner="Loading statements…")
def load_store(_store: Store, url: str, revision: str) -> Dataset:  # every write moves the revision: reloaded
    return store_dataset(_store)


def open_data() -> tuple[Dataset, Store | None] | None:
    """The dataset to show and the store it comes from: a file named by $STANCE_DATA (read only, no
    store), else the store ($STANCE_DB, else the default SQLite file). None once an error box is shown."""
    if os.environ.get(DATA_ENV):
        path = data_location()
        try:
            return load(str(path), modified(path)), None
        except DataError as error:
            show_data_error(path, error)
        except OSError as error:
            show_read_error(path, error)
        return None
    url = store_url()
    try:
        store = open_store(url, editing.editors_list())
        return load_store(store, url, store.revision()), store
    except StoreError as error:
        st.error(
            f"**Could not open the store**: {page_text(error)}.\n\n"
            "Check $STANCE_DB (the store's address), or unset it to use the default store on this computer."
        )
    except DataError as error:  # the bundled seeds that fill a new store
        show_data_error(BUNDLED_DATA, error)
    return None


@dataclass(frozen=True)
class Outline:
    """What the sidebar offers, found once per revision: countries (by label), proposals, date range."""

    countries: list[str]
    proposals: list[str]
    first: pd.Timestamp
    last: pd.Timestamp


@dataclass(frozen=True)
class Counts:
    statements: int
    actors: int
    countries: int
    sources: int


@shared
def outline(_dataset: Dataset, revision: str) -> Outline:
    statements = _dataset.statements
    return Outline(
        sorted(statements["country"].unique(), key=country_label),
        sorted(statements["proposal"].unique()),
        statements["date"].min(),
        statements["date"].max(),
    )


@st.cache_resource(max_entries=1, show_spinner=False)  # one filtered copy at a time: it may be most of the data
def selected(_dataset: Dataset, revision: str, filters: Filters) -> pd.DataFrame:
    """The statements ``filters`` select: the other caches start from it when the filters change."""
    return filters.apply(_dataset.statements)


@shared
def counts(_dataset: Dataset, revision: str, filters: Filters) -> Counts:
    statements = selected(_dataset, revision, filters)
    return Counts(
        len(statements), statements["actor"].nunique(), statements["country"].nunique(), count_sources(statements)
    )


# Figures are cached per (revision, spec, base URL) and shared by all sessions: never mutate one.
@st.cache_resource(max_entries=128, show_spinner=False)
def figure(_dataset: Dataset, revision: str, spec: ChartSpec, app_url: str):
    return figures.build_figure(spec, _dataset, app_url=app_url, selection=selection(_dataset, revision, spec))


@shared
def selection(_dataset: Dataset, revision: str, spec: ChartSpec) -> Selection:
    """What the chart of ``spec`` draws from, and its page of actor rows (or shifts): computed once
    for the figure, its description and the paging controls."""
    shown = selected(_dataset, revision, spec.filters)
    return Selection(shown, *lanes_for(spec, shown))


def lanes(dataset: Dataset, spec: ChartSpec) -> Lanes | None:
    return selection(dataset, dataset.revision, spec).lanes


@shared
def summary(_dataset: Dataset, revision: str, filters: Filters, since) -> str:
    """The text alternative's sentences about the data: the same for every page, ranking and size."""
    return data_summary(selected(_dataset, revision, filters), since)


@shared
def chart_description(_dataset: Dataset, revision: str, spec: ChartSpec, with_data: bool) -> str:
    """The chart's text alternative; ``with_data`` adds what the data says (counts, latest positions,
    shifts), which costs seconds at a million statements: the page computes it when asked."""
    data = summary(_dataset, revision, spec.filters, summary_since(spec)) if with_data else ""
    return alt_text(spec, _dataset, selection(_dataset, revision, spec), data)


@st.cache_data(max_entries=64, show_spinner=False)
def chart_file(_dataset: Dataset, revision: str, spec: ChartSpec, fmt: str, scale: int, app_url: str) -> bytes:
    return export.chart_bytes(spec, _dataset, fmt, scale=scale, app_url=app_url)


def statements_csv(dataset: Dataset, filters: Filters) -> bytes:
    """CSV of the statements ``filters`` select. Built when its download button is clicked, and not
    kept: a million statements make 360 MB."""
    # utf-8-sig: Excel then reads the accents in the quotes correctly; the loaders accept it.
    return table_to_csv(to_interchange(filters.apply(dataset.statements))).encode("utf-8-sig")


@shared
def evidence_rows(_dataset: Dataset, revision: str, filters: Filters) -> pd.DataFrame:
    """The evidence table's rows: the first TABLE_ROWS statements the filters select, in date order."""
    return evidence_table(selected(_dataset, revision, filters).head(TABLE_ROWS))


@tables
def standing_rows(_dataset: Dataset, revision: str, filters: Filters, by: str, as_of, stale: int) -> pd.DataFrame:
    """One row per country or actor as of a day."""
    return positions.standing(selected(_dataset, revision, filters), by=by, as_of=as_of, stale_months=stale)


@tables
def sorted_standing(
    _dataset: Dataset, revision: str, filters: Filters, by: str, as_of, stale: int, sort: str
) -> pd.DataFrame:
    """The standing rows in the table's order: another order does not compute the standing again."""
    return positions.sort_standing(standing_rows(_dataset, revision, filters, by, as_of, stale), sort)


@tables
def net_shift_rows(_dataset: Dataset, revision: str, filters: Filters, since, as_of, by: str) -> pd.DataFrame:
    return positions.net_shifts(selected(_dataset, revision, filters), since, as_of=as_of, by=by)


def standing_csv(rows: pd.DataFrame) -> bytes:
    """The standing rows as the command line's ``standing`` writes them (formula-like cells escaped)."""
    return table_to_csv(standing_export(rows)).encode("utf-8-sig")


def net_position_words(position: str, by: str) -> str:
    """A net shift's end in words ('Split' alone: the net shifts do not list a split's positions)."""
    return "Split" if position == positions.SPLIT else position_words(position, by=by)


def link_column(urls: pd.Series) -> pd.Series:
    """A column of links: only addresses that pass ``safe_url``; others stay empty (no link)."""
    return urls.map(safe_url).astype(object)


def file_name(name: str) -> str:
    """A download's file name: letters, digits, '.', '-', '_' and '@' only (data names the file)."""
    return re.sub(r"[^\w.@-]+", "-", name).strip("-.") or "stance"


def app_url() -> str:
    """The address links point to: the page's own (st.context.url), else as configured."""
    return app_base(st.context.url)


def show_data_error(path: Path, error: DataError) -> None:
    lines = [str(p) for p in error.problems]
    shown = "\n".join(lines[:50]) + (f"\n… and {len(lines) - 50} more" if len(lines) > 50 else "")
    st.error(
        f"**Could not load the statements from {page_text(path)}**\n\n"
        "Each line below names the file, the row (row 1 is the header; for JSON, the record "
        "number), the column and the problem. Correct these cells in the file and reload the "
        "page, or set STANCE_DATA to another seeds folder, .csv or .json interchange file."
    )
    st.code(shown, language=None, wrap_lines=True)  # plain text: no cell can become Markdown


def show_read_error(path: Path, error: OSError) -> None:
    st.error(
        f"**Could not read the statements from {page_text(path)}**: {page_text(error.strerror or error)}.\n\n"
        "Check that the server may read this file or folder, or set STANCE_DATA to another one."
    )


def show_unexpected_error() -> None:
    st.error(
        "**Something went wrong while drawing this page.** Reload the page to try again; if it "
        "happens again, report it with the page's link. The details are in the server's log."
    )


# ---------------------------------------------------------------- URL <-> widget state
def seed_from_url(countries: list[str], proposals: list[str]) -> list[str]:
    """First run of a session: read the link into the widgets' session state; notices for values dropped."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    view = None
    if [v.strip().lower() for v in params.get("chart", [])][-1:] == [EVIDENCE]:
        view = EVIDENCE
        del params["chart"]
    spec, notices = spec_from_params(params, proposals)
    if KINDS[spec.kind].needs_several_proposals and len(proposals) < 2:
        notices.append(f"Ignored chart={spec.kind!r} in the link: this dataset has only one proposal")
        spec = replace(spec, kind=DEFAULT_KIND)
    absent = [c for c in spec.filters.countries if c not in countries]
    notices += [
        f"Ignored country={c!r} in the link: no statements from {country_name(c)} in this dataset" for c in absent
    ]
    state = st.session_state
    state.update(
        {
            "country": [c for c in spec.filters.countries if c in countries],
            "proposal": list(spec.filters.proposals),
            "position": list(spec.filters.positions),
            "attribution": list(spec.filters.attributions),
            "type": list(spec.filters.actor_types),
            "from": spec.filters.date_from,
            "to": spec.filters.date_to,
            "actor": spec.filters.actor,
            "view": view or spec.kind,
            "period": spec.period,
            "since": spec.since,
            "as_of": spec.as_of,
            "by": spec.by,
            "share": spec.share,
            "stale": spec.stale_months,
            "sort": spec.sort,
            "rank": spec.rank,
            "page": spec.page,
            "title": spec.title,
            "size": EXPORT_SIZES[0],
        }
    )
    return notices


def current_spec(several_proposals: bool) -> ChartSpec:
    state = st.session_state
    filters = Filters(
        countries=tuple(state["country"]),
        proposals=tuple(state["proposal"]) if several_proposals else (),
        positions=tuple(state["position"]),
        attributions=tuple(state["attribution"]),
        actor_types=tuple(state["type"]),
        date_from=state["from"],
        date_to=state["to"],
        actor=state["actor"].strip(),
    )
    kind = state["view"] if state["view"] in KINDS else DEFAULT_KIND
    return ChartSpec(
        kind,
        filters,
        state["period"],
        state["since"],
        state["title"].strip(),
        as_of=state["as_of"],
        by=state["by"],
        share=bool(state["share"]),
        stale_months=int(state["stale"]),
        sort=state["sort"],
        rank=state["rank"],
        page=int(state["page"]),
    )


def paged(spec: ChartSpec) -> bool:
    """Whether the chart draws a page of actor rows or shifts (stance.lanes), with controls to turn it."""
    return spec.kind in KINDS and (has_actor_rows(spec) or KINDS[spec.kind].shift_rows)


def settle_page(dataset: Dataset, spec: ChartSpec, view: str, notices: list[str]) -> ChartSpec:
    """The spec's page: back to 1 when the rows change (filters, view, ranking...), the last one when
    asked for a page past it (with a notice for a link's)."""
    state = st.session_state
    rows = (spec.filters, spec.kind, spec.rank, spec.by, spec.since, spec.as_of)
    if state.get("paged_rows", rows) != rows:
        spec = replace(spec, page=1)
    state["paged_rows"] = rows
    shown = lanes(dataset, spec) if view == spec.kind and paged(spec) else None
    last = shown.pages if shown is not None else 1
    if spec.page > last and shown is not None:
        notices.append(f"Ignored page={spec.page} in the link: the chart has {plural(last, 'page')}")
    if not 1 <= spec.page <= last:
        spec = replace(spec, page=min(max(spec.page, 1), last))
    state["page"] = spec.page
    return spec


def turn_page(step: int) -> None:
    st.session_state["page"] += step


def copy_state(source: str, target: str) -> None:
    st.session_state[target] = st.session_state[source]


def view_params(spec: ChartSpec, view: str) -> dict[str, str]:
    params = spec.to_params()
    if view == EVIDENCE:  # a table: no chart title, no page of chart rows
        params["chart"] = EVIDENCE
        for chart_only in ("title", "rank", "page"):
            params.pop(chart_only, None)
    return params


def clear_filters() -> None:
    st.session_state.update(country=[], proposal=[], position=[], attribution=[], type=[], actor="")
    st.session_state.update({"from": None, "to": None})


def set_actor_types(types: tuple[str, ...]) -> None:
    st.session_state["type"] = list(types)


def since_from_event(events: pd.DataFrame) -> None:
    """The key event chosen as "since": its day becomes the since date (the date input shows it)."""
    chosen = st.session_state.get("since_event")
    if chosen is not None and 0 <= chosen < len(events):
        st.session_state["since"] = events["date"].iloc[chosen].date()


def event_on(events: pd.DataFrame, day, chosen: int | None = None) -> int | None:
    """The key event the since date stands for (its row number): ``chosen`` if it is on ``day``
    (two events on one day), else the first on that day, else None."""
    if day is None or events.empty:
        return None
    matches = [i for i, d in enumerate(events["date"].dt.date) if d == day]
    return chosen if chosen in matches else (matches[0] if matches else None)


def event_words(events: pd.DataFrame, index: int) -> str:
    """'Paris summit, 17 Feb 2025': plain text (option labels are not Markdown)."""
    return f"{events['label'].iloc[index]}, {day_text(events['date'].iloc[index])}"


def clear_title() -> None:
    st.session_state["title"] = ""  # a title written for one chart rarely fits another


# ---------------------------------------------------------------- page parts
def sidebar(dataset: Dataset, offered: Outline) -> None:
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Country", offered.countries, key="country", format_func=country_label, placeholder="All countries"
        )
        if len(offered.proposals) > 1:
            st.multiselect(
                "Proposal",
                offered.proposals,
                key="proposal",
                format_func=dataset.proposal_title,
                placeholder="All proposals",
            )
        else:
            st.caption(f"Proposal: **{page_text(dataset.proposal_title(offered.proposals[0]))}**")
        st.multiselect(
            "Position", POSITION_KEYS, key="position", format_func=position_label, placeholder="All positions"
        )
        st.multiselect(
            "Attribution",
            ATTRIBUTION_KEYS,
            key="attribution",
            format_func=ATTRIBUTION_LABELS.__getitem__,
            placeholder="All attributions",
        )
        st.multiselect(
            "Actor type",
            ACTOR_TYPE_KEYS,
            key="type",
            format_func=actor_type_label,
            placeholder="All actor types",
            help="The capacity each statement was made in: a head of government, a minister, the opposition, "
            "a former office holder, an anonymous source...",
        )
        st.button(
            "Government only",
            on_click=set_actor_types,
            args=(GOVERNMENT_ONLY,),
            width="stretch",
            help="Heads of state or government, ministers and government officials or spokespeople.",
        )
        st.button(
            "Exclude anonymous sources",
            on_click=set_actor_types,
            args=(NO_ANONYMOUS,),
            width="stretch",
            help="Every actor type except anonymous sources.",
        )
        dates = f"Statements run from {day_text(offered.first)} to {day_text(offered.last)}."
        st.date_input("From", value=None, key="from", format="YYYY-MM-DD", help=dates)
        st.date_input("To", value=None, key="to", format="YYYY-MM-DD", help=dates)
        st.text_input(
            "Actor",
            key="actor",
            placeholder="Name or role, e.g. minister",
            help="Keeps the actors whose name or role contains this text.",
        )
        st.button("Clear filters", on_click=clear_filters, width="stretch")
        st.header("Settings")
        st.number_input(
            "Stale after (months)",
            min_value=1,
            max_value=MAX_STALE_MONTHS,
            step=1,
            key="stale",
            help="A position not restated for this many months, or held by someone no longer in office, "
            "is drawn as stale (faded) on the timeline, matrices, map and standing view.",
        )
        with st.expander("What the positions mean"):
            for position in POSITIONS:
                st.markdown(f"**{position.label}**: {position.meaning}")
        st.caption(
            f"Data: {page_text(dataset.name)} · revision {page_text(dataset.revision)} · "
            f"{plural(len(dataset.statements), 'statement')}"
        )


def header(dataset: Dataset, spec: ChartSpec, shown: Counts, proposals: list[str]) -> None:
    subject = dataset.proposal_title(proposals[0]) if len(proposals) == 1 else f"{len(proposals)} proposals"
    st.header(page_text(subject), anchor=False)
    st.caption("Stance: which political actor, from which country, took which position, when, per which source.")
    columns = st.columns(4)
    metrics = (
        ("Statements", shown.statements),
        ("Actors", shown.actors),
        ("Countries", shown.countries),
        ("Sources", shown.sources),
    )
    for column, (label, count) in zip(columns, metrics, strict=True):
        column.metric(label, count)
    st.caption(f"Showing: {page_text(spec.filters.describe(dataset.proposals))}")


def statement_record(row: pd.Series) -> None:
    with st.container(border=True):
        when = date_words(row["date"], row["date_precision"])
        st.markdown(
            f"**{page_text(row['actor'])}**, {page_text(row['role'] or 'no role recorded')} · "
            f"{page_text(country_label(row['country']))}"
        )
        attribution = ATTRIBUTION_LABELS.get(row["attribution"], row["attribution"])
        st.markdown(f"**{page_text(position_label(row['position']))}** · {page_text(attribution)} · {page_text(when)}")
        if row["date_note"]:
            st.caption(f"Date note: {page_text(row['date_note'])}")
        st.markdown(f"> {page_text(row['quote'])}")
        st.markdown(f"Source: {page_text(row['source'])}")
        url = safe_url(row["url"])
        if url:
            st.link_button("Open the source page ↗", url)
            st.caption(page_text(url))  # the checked address, as text: the button is the only link
        elif row["url"]:
            st.caption("The recorded link is not a plain web address, so it is not shown as a link.")
        else:
            st.caption("No link recorded for this source.")
        if row["notes"]:
            st.markdown(f"Notes: {page_text(row['notes'])}")
        st.caption(f"Statement id: {page_text(row['id'])}")


def selected_statement_id(event) -> str | None:
    """The statement id of the clicked marker: ``customdata[0]``, which may arrive as {'0': id}."""
    for point in event.selection.points if event else []:
        data = point.get("customdata")
        if isinstance(data, dict):
            data = data.get("0", data.get(0))
        elif isinstance(data, (list, tuple)):
            data = data[0] if data else None
        if data:
            return str(data)
    return None


def export_panel(dataset: Dataset, spec: ChartSpec, base_url: str) -> None:
    # Drawn when opened, like the chart description: closed, a rerun sends none of its ten elements,
    # and a page never loads the code block's highlighter (a 1.5 MB script) unless the panel is opened.
    with st.expander("Export this chart, link to this view", key="export", on_change="rerun"):
        if st.session_state.get("export"):
            export_controls(dataset, spec, base_url)


def export_controls(dataset: Dataset, spec: ChartSpec, base_url: str) -> None:
    """The title, the size, a download button per format and the link to this view."""
    st.text_input(
        "Title",
        key="title",
        max_chars=MAX_TITLE_CHARS,
        placeholder=spec.display_title(),
        help="Leave empty for the default title. Shown on screen and in the files.",
        persist_state="page",
    )
    st.segmented_control(
        "Size", EXPORT_SIZES, key="size", required=True, format_func=lambda s: SIZES[s].label, persist_state="page"
    )
    sized = spec.with_size(st.session_state["size"])
    # Download buttons generate on click and cannot show an error then: warn before.
    problem = export.missing_browser()
    if problem:
        st.warning(page_text(problem))
    columns = st.columns(len(EXPORT_BUTTONS))
    for column, (label, fmt, scale) in zip(columns, EXPORT_BUTTONS, strict=True):
        name = Path(export.chart_filename(sized, fmt))
        # A callable runs only when its button is clicked: no Kaleido work on ordinary reruns.
        column.download_button(
            label,
            key=f"export-{label}",
            on_click="ignore",
            data=partial(chart_file, dataset, dataset.revision, sized, fmt, scale, base_url),
            file_name=file_name(f"{name.stem}@{scale}x{name.suffix}" if scale > 1 else name.name),
            mime=MIME_TYPES[fmt],
            width="stretch",
        )
    st.markdown("**Link to this view**")
    st.code(view_url(spec, base_url), language=None, wrap_lines=True)


def lanes_controls(dataset: Dataset, spec: ChartSpec) -> None:
    """Ranking, search and paging of the chart's actor rows (or shifts), and what the chart leaves out."""
    shown = lanes(dataset, spec)
    state = st.session_state
    state["find"] = state["actor"]  # before the widget is drawn: it is the sidebar's actor filter, here too
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        st.selectbox(
            "Rank actors by",
            list(RANKS),
            key="rank",
            format_func=RANKS.__getitem__,
            persist_state="page",
            width=220,
            help="Which actors come first: the chart draws one page of them.",
        )
        st.text_input(
            "Find actor",
            key="find",
            on_change=copy_state,
            args=("find", "actor"),
            placeholder="Name or role, e.g. minister",
            width=260,
            help="Keeps the actors whose name or role contains this text (the Actor filter in the sidebar).",
        )
        if shown is not None and shown.pages > 1:
            st.button("‹ Previous", key="page-previous", on_click=turn_page, args=(-1,), disabled=shown.page <= 1)
            st.number_input(
                "Page", min_value=1, max_value=shown.pages, step=1, key="page", persist_state="page", width=140
            )
            st.button("Next ›", key="page-next", on_click=turn_page, args=(1,), disabled=shown.page >= shown.pages)
    if shown is not None and shown.note:
        st.caption(page_text(shown.note))  # the actor filter's text is in it: from the link, untrusted


def chart(dataset: Dataset, spec: ChartSpec, base_url: str, **selection):
    if paged(spec):
        lanes_controls(dataset, spec)
    fig = figure(dataset, dataset.revision, spec, base_url)
    alt = chart_description(dataset, dataset.revision, spec, with_data=False)
    event = st.plotly_chart(
        fig, width="stretch", key=f"chart-{spec.kind}", theme=None, config=PLOTLY_CONFIG, alt=alt, **selection
    )
    with st.expander("Chart description (text alternative)", key="describe", on_change="rerun"):
        if st.session_state.get("describe"):  # computed when opened
            st.markdown(page_text(chart_description(dataset, dataset.revision, spec, with_data=True)))
    export_panel(dataset, spec, base_url)
    return event


def timeline_view(dataset: Dataset, spec: ChartSpec, base_url: str) -> None:
    # Above the chart: with dozens of lanes, text under it is out of sight.
    st.caption("Click a marker to see the full statement and its source below the chart.")
    event = chart(dataset, spec, base_url, on_select="rerun", selection_mode=("points",))
    chosen = selected_statement_id(event)
    if chosen is None:
        return
    statements = dataset.statements  # ids are unique: the drawn marker's statement, whatever the filters
    rows = statements.loc[statements["id"] == chosen]
    if not rows.empty:
        st.subheader("Selected statement")
        statement_record(rows.iloc[0])


def since_controls(dataset: Dataset, spec: ChartSpec) -> None:
    """The "since" date: any day, or a key event of the debate (which sets the day)."""
    events = dataset.events
    state = st.session_state
    left, right = st.columns([2, 1]) if not events.empty else (None, st.container())
    if left is not None:
        state["since_event"] = event_on(events, state["since"], state.get("since_event"))
        left.selectbox(
            "Since a key event",
            list(range(len(events))),
            index=None,
            key="since_event",
            format_func=partial(event_words, events),
            on_change=since_from_event,
            args=(events,),
            placeholder="Choose a key event…",
            help="Sets the since date to the day of the event; the date input takes any other day.",
        )
    right.date_input(
        "Since",
        value=None,
        key="since",
        format="YYYY-MM-DD",
        persist_state="page",
        help="Only what changed on or after this date. To see who moved since the Paris summit of "
        "European leaders, choose it as the key event or enter 2025-02-17.",
    )
    chosen = event_on(events, spec.since, state.get("since_event"))
    if chosen is not None:
        url = safe_url(events["url"].iloc[chosen])
        text, link = st.columns([4, 1], vertical_alignment="center")
        text.caption(f"Since the key event **{page_text(events['label'].iloc[chosen])}**, {day_text(spec.since)}")
        if url:
            link.link_button("Event source ↗", url)


def by_control() -> None:
    st.segmented_control(
        "Rows",
        list(BY_CHOICES),
        key="by",
        required=True,
        format_func=BY_LABELS.__getitem__,
        persist_state="page",
        help="By country: each country by its government's position (see the README's rule). "
        "By actor: every actor on its own.",
    )


def view_controls(dataset: Dataset, spec: ChartSpec) -> None:
    """The view's own settings above its chart: period, by country or actor, counts or percentages, as of."""
    kind = KINDS[spec.kind]
    with st.container(horizontal=True, gap="medium"):
        if kind.takes_period:
            st.segmented_control(
                "Period",
                list(analysis.PERIODS),
                key="period",
                required=True,
                format_func=analysis.PERIOD_LABELS.__getitem__,
                persist_state="page",
            )
        if kind.takes_by:
            by_control()
        if kind.takes_share:
            st.segmented_control(
                "Show",
                [False, True],
                key="share",
                required=True,
                format_func=SHARE_LABELS.__getitem__,
                persist_state="page",
            )
        if kind.takes_as_of:
            cutoff = dataset.cutoff
            st.date_input(
                "As of",
                value=None,
                key="as_of",
                format="YYYY-MM-DD",
                persist_state="page",
                width=200,
                help=f"Where things stood on this day. Empty: the data's cut-off, {day_text(cutoff)}."
                if cutoff is not None
                else "Where things stood on this day.",
            )
    if kind.takes_as_of and spec.as_of is None and dataset.cutoff is not None:
        st.caption(f"As of {day_text(dataset.cutoff)}, the data's cut-off (its last statement).")
    if kind.takes_since:
        since_controls(dataset, spec)


def table_note(shown: int, total: int, noun: str, how: str) -> None:
    """Under a table cut to its first rows: how many it leaves out, and how to reach them."""
    if total > shown:
        st.caption(f"Showing the first {shown:,} of {total:,} {noun}: {total - shown:,} more are not listed. {how}")


def net_shifts_table(dataset: Dataset, spec: ChartSpec, several_proposals: bool) -> None:
    """Then and now, one row per country or actor, and the direction of the move."""
    if spec.since is None:
        st.info("Choose a since date or a key event to compare each position then and now.")
        return
    as_of = as_of_day(spec, dataset)
    moves = net_shift_rows(
        dataset, dataset.revision, spec.filters, spec.since, as_of.date() if as_of is not None else None, spec.by
    )
    st.subheader(f"Net shifts by {spec.by} since {day_text(spec.since)}")
    if moves.empty:
        st.info("Nothing to compare among the statements shown.")
        return
    total, moves = len(moves), moves.head(TABLE_ROWS)
    table = pd.DataFrame(
        {
            "name": moves["name"],
            "proposal": moves["proposal"].map(dataset.proposal_title),
            "then": [net_position_words(p, spec.by) for p in moves["from_position"]],
            "now": [net_position_words(p, spec.by) for p in moves["to_position"]],
            "direction": moves["direction"],
            "from_date": moves["from_date"].dt.date,
            "to_date": moves["to_date"].dt.date,
            "quote": moves["to_quote"],
            "source": moves["to_source"],
            "url": link_column(moves["to_url"]),
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=[c for c in table.columns if several_proposals or c != "proposal"],
        column_config={
            "name": "Country" if spec.by == "country" else "Actor",
            "proposal": "Proposal",
            "then": f"Before {day_text(spec.since)}",
            "now": "As of " + (day_text(as_of) if as_of is not None else "the cut-off"),
            "direction": "Direction",
            "from_date": st.column_config.DateColumn("Last heard then", format="YYYY-MM-DD"),
            "to_date": st.column_config.DateColumn("Last heard now", format="YYYY-MM-DD"),
            "quote": st.column_config.TextColumn("Latest quote", width="large"),
            "source": "Latest source",
            "url": st.column_config.LinkColumn("Link", display_text="open"),
        },
    )
    table_note(len(table), total, "rows", NARROW + ".")


def shifts_view(dataset: Dataset, spec: ChartSpec, base_url: str, several_proposals: bool) -> None:
    if spec.since is not None:
        by_control()  # the net shifts' rows: the shifts chart itself is per actor
        net_shifts_table(dataset, spec, several_proposals)
        st.subheader("Step by step")
    else:
        st.caption("Choose a since date or a key event to see the net shifts: each position then and now.")
    drawn = lanes(dataset, spec)  # the chart's page of shifts: the table lists the same
    if drawn is None or not drawn.total:
        since = f" since {day_text(spec.since)}" if spec.since else ""
        st.info(f"No actor changed position{since} among the statements shown.")
        return
    chart(dataset, spec, base_url)
    moves = drawn.shifts if drawn.shifts is not None else pd.DataFrame(columns=analysis.SHIFT_COLUMNS)
    table = pd.DataFrame(
        {
            "actor": moves["actor"],
            "country": moves["country"].map(country_label),
            "change": moves["from_position"].map(position_label) + " → " + moves["to_position"].map(position_label),
            "from_date": moves["from_date"].dt.date,
            "to_date": moves["to_date"].dt.date,
            "days": moves["days"],
            "from_quote": moves["from_quote"],
            "to_quote": moves["to_quote"],
            "from_source": moves["from_source"],
            "to_source": moves["to_source"],
            "from_url": link_column(moves["from_url"]),
            "to_url": link_column(moves["to_url"]),
        }
    )
    st.subheader(f"{drawn.total:,} shift" + ("" if drawn.total == 1 else "s"))
    if drawn.left_out:
        st.caption(f"Listed: the {drawn.shown} shifts on this page of the chart, of {drawn.total:,}.")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "actor": "Actor",
            "country": "Country",
            "change": "Change",
            "from_date": st.column_config.DateColumn("From date", format="YYYY-MM-DD"),
            "to_date": st.column_config.DateColumn("To date", format="YYYY-MM-DD"),
            "days": st.column_config.NumberColumn("Days between"),
            "from_quote": "Earlier quote",
            "to_quote": "Later quote",
            "from_source": "Earlier source",
            "to_source": "Later source",
            "from_url": st.column_config.LinkColumn("Earlier link", display_text="open"),
            "to_url": st.column_config.LinkColumn("Later link", display_text="open"),
        },
    )


def standing_view(dataset: Dataset, spec: ChartSpec, base_url: str, several_proposals: bool) -> None:
    as_of = as_of_day(spec, dataset)
    day = as_of.date() if as_of is not None else None
    rows = sorted_standing(dataset, dataset.revision, spec.filters, spec.by, day, spec.stale_months, spec.sort)
    chart(dataset, spec, base_url)
    if rows.empty:
        st.info(f"No position on or before {day_text(as_of)} among the statements shown.")
        return
    st.subheader(f"Where each {spec.by} stands, as of {day_text(as_of)}" if as_of is not None else "Where each stands")
    st.segmented_control(
        "Sort by",
        list(SORT_LABELS),
        key="sort",
        required=True,
        format_func=SORT_LABELS.__getitem__,
        persist_state="page",
    )
    listed = rows.head(TABLE_ROWS)
    table = pd.DataFrame(
        {
            "name": listed["name"],
            "proposal": listed["proposal"].map(dataset.proposal_title),
            "position": [
                position_words(p, held, spec.by)
                for p, held in zip(listed["position"], listed["positions"], strict=True)
            ],
            "since": listed["since"].dt.date,
            "last_heard": listed["last_heard"].dt.date,
            "flags": [flags(row, spec.by) for row in listed.itertuples()],
            "actor": listed["actor"],
            "role": listed["role"],
            "quote": listed["quote"],
            "source": listed["source"],
            "url": link_column(listed["url"]),
            "beside": listed["beside"],
        }
    )
    shown = [
        c
        for c in table.columns
        if (several_proposals or c != "proposal") and (spec.by == "country" or c not in ("beside", "actor"))
    ]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=shown,
        column_config={
            "name": "Country" if spec.by == "country" else "Actor",
            "proposal": "Proposal",
            "position": "Position",
            "since": st.column_config.DateColumn("Since", format="YYYY-MM-DD"),
            "last_heard": st.column_config.DateColumn("Last heard", format="YYYY-MM-DD"),
            "flags": "Flags",
            "actor": "Actor",
            "role": "Role",
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "source": "Source",
            "url": st.column_config.LinkColumn("Link", display_text="open"),
            "beside": st.column_config.TextColumn("Other voices (do not decide)", width="medium"),
        },
    )
    table_note(len(table), len(rows), "rows", "Download them all as CSV, or narrow the filters in the sidebar.")
    st.download_button(
        f"Download these {plural(len(rows), 'row')} (CSV)",
        key="csv-standing",
        data=partial(standing_csv, rows),  # built when clicked
        file_name=file_name(f"{dataset.name}-standing-by-{spec.by}-{day.isoformat() if day else 'latest'}.csv"),
        mime="text/csv",
        on_click="ignore",
    )


def evidence_table(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements as the evidence table shows them: labels for codes, links only where safe."""
    return pd.DataFrame(
        {
            "date": statements["date"].dt.date,
            "precision": statements["date_precision"].map(PRECISION_LABELS),
            "actor": statements["actor"],
            "role": statements["role"],
            "country": statements["country"].map(country_label),
            "position": statements["position"].map(position_label),
            "attribution": statements["attribution"].map(ATTRIBUTION_LABELS),
            "quote": statements["quote"],
            "source": statements["source"],
            "url": link_column(statements["url"]),
            "notes": statements["notes"],
            "id": statements["id"],
        }
    )


def evidence_view(dataset: Dataset, spec: ChartSpec, total: int) -> None:
    table = evidence_rows(dataset, dataset.revision, spec.filters)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=560,
        column_config={
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "precision": "Date precision",
            "actor": "Actor",
            "role": "Role",
            "country": "Country",
            "position": "Position",
            "attribution": "Attribution",
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "source": "Source",
            "url": st.column_config.LinkColumn("Link", display_text="open"),
            "notes": st.column_config.TextColumn("Notes", width="large"),
            "id": "Id",
        },
    )
    table_note(
        len(table),
        total,
        "statements (in date order)",
        NARROW + ", or download them all as CSV below.",
    )
    left, right = st.columns(2)
    # The files are built when their button is clicked: a million statements make 360 MB of CSV.
    left.download_button(
        f"Download the {plural(total, 'statement')} shown (CSV)",
        key="csv-shown",
        data=partial(statements_csv, dataset, spec.filters),
        file_name=file_name(f"{dataset.name}-{total}-statements.csv"),
        mime="text/csv",
        on_click="ignore",
    )
    right.download_button(
        f"Download all {plural(len(dataset.statements), 'statement')} (CSV)",
        key="csv-all",
        data=partial(statements_csv, dataset, Filters()),
        file_name=file_name(f"{dataset.name}-all-statements.csv"),
        mime="text/csv",
        on_click="ignore",
    )
    st.caption(
        "Cells starting with =, +, - or @ are prefixed with an apostrophe so that spreadsheets "
        "show them as text instead of running them as formulas."
    )


# ---------------------------------------------------------------- page
def main() -> None:
    """The pages behind one boundary: an unexpected error becomes a plain box, its traceback goes to the log.

    The dashboard, and with a store (not a file named by $STANCE_DATA) a page to edit the data."""
    st.set_page_config(page_title="Stance", page_icon=PAGE_ICON, layout="wide")
    try:
        opened = open_data()
        if opened is None:
            return
        dataset, store = opened
        pages = [st.Page(lambda: page(dataset), title="Dashboard", icon="\N{BAR CHART}", default=True)]
        if store is not None:
            edit = st.Page(lambda: edit_page(dataset, store), title="Edit the data", icon="\N{PENCIL}", url_path="edit")
            pages.append(edit)
        st.navigation(pages, position="top" if len(pages) > 1 else "hidden").run()
    except Exception:  # Streamlit's own stop and rerun signals are BaseException: they pass
        LOG.exception("Could not draw the page")
        show_unexpected_error()


def edit_page(dataset: Dataset, store: Store) -> None:
    """Add, correct or retire statements and key events, correct actors, see and undo changes, import
    a file (editing.py)."""
    st.title("Edit the data")
    editor = editing.current_editor()
    tabs = ["Add or correct a statement", "Key events", "Actors", "Recent changes", "Import a file"]
    add, key_events, actors, changes, imports = st.tabs(tabs)
    with add:
        editing.statement_form(store, dataset, editor)
    with key_events:
        editing.events_panel(store, editor)
    with actors:
        editing.actors_panel(store, dataset, editor)
    with changes:
        editing.changes_panel(store, editor)
    with imports:
        editing.import_panel(store, dataset, editor)


def page(dataset: Dataset) -> None:
    offered = outline(dataset, dataset.revision)
    proposals = offered.proposals
    state = st.session_state
    first_run = "link_params" not in state
    if not first_run and "view" not in state:
        # Back from the edit page: Streamlit dropped the dashboard's widgets, so the view it showed
        # last is set up again from its link, as if that link had been opened (no notices).
        st.query_params.from_dict(state["dashboard_params"])
        seed_from_url(offered.countries, proposals)
    if first_run:
        state["link_notices"] = seed_from_url(offered.countries, proposals)
    sidebar(dataset, offered)
    above = st.container()  # notices, header and the choice of view: written once the spec is settled
    drawing = st.empty()
    if state["view"] != EVIDENCE and "charted" not in state:  # a session's first chart: see DRAWING
        drawing.plotly_chart(DRAWING, width="stretch", theme=None, config={"staticPlot": True}, alt=DRAWING_ALT)
        state["charted"] = True
    try:
        with above:
            settled = top(dataset, proposals, first_run)
        if settled is not None:
            view_body(dataset, settled, len(proposals) > 1)
    finally:
        drawing.empty()


def top(dataset: Dataset, proposals: list[str], first_run: bool) -> tuple[ChartSpec, Counts] | None:
    """The view's settled spec (URL kept in step, link notices shown), header and choice of view; None
    (and a notice) when the filters leave no statement."""
    state = st.session_state
    several_proposals = len(proposals) > 1
    view = state["view"]
    spec = settle_page(dataset, current_spec(several_proposals), view, state["link_notices"] if first_run else [])
    params = view_params(spec, view)
    state["dashboard_params"] = params
    if first_run:
        state["link_params"] = params
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    if params == state["link_params"]:  # once the view changes, the notices are about an old link
        for notice in state["link_notices"]:
            st.warning(page_text(notice))

    shown = counts(dataset, dataset.revision, spec.filters)
    header(dataset, spec, shown, proposals)
    # Kinds that compare proposals are offered only when the data has several.
    views = [v for v in VIEWS if several_proposals or v not in KINDS or not KINDS[v].needs_several_proposals]
    st.segmented_control(
        "View",
        views,
        key="view",
        format_func=VIEWS.__getitem__,
        required=True,
        on_change=clear_title,
        label_visibility="collapsed",
    )

    if shown.statements == 0:
        scope = page_text(spec.filters.describe(dataset.proposals))
        st.info(
            f"**No statements match these filters**: {scope}.\n\n"
            "Widen the date range or remove a filter in the sidebar.",
        )
        st.button("Clear filters", key="clear-empty", on_click=clear_filters)
        return None
    return spec, shown


def view_body(dataset: Dataset, settled: tuple[ChartSpec, Counts], several_proposals: bool) -> None:
    """The view below the header: its controls, its chart and tables."""
    spec, shown = settled
    view = st.session_state["view"]
    base_url = app_url()
    if view == EVIDENCE:
        evidence_view(dataset, spec, shown.statements)
        return
    view_controls(dataset, spec)
    if view == "timeline":
        timeline_view(dataset, spec, base_url)
    elif view == "shifts":
        shifts_view(dataset, spec, base_url, several_proposals)
    elif view == "standing":
        standing_view(dataset, spec, base_url, several_proposals)
    else:
        chart(dataset, spec, base_url)
        if view == "net-shifts":
            net_shifts_table(dataset, spec, several_proposals)


main()
