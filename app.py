"""Stance dashboard: which actor, from which country, took which position on a proposal, when, per which source.

A thin Streamlit layer over the ``stance`` library. The whole view (filters, chart, period,
"since" date, title) lives in the URL with clean codes (``?country=PL~GB&chart=matrix``): it is
read once when a session starts, seeds the widgets, and is written back on every run.

Run: ``STANCE_DATA=path/to/seeds-or-file streamlit run app.py`` (bundled seeds by default).
"""

from __future__ import annotations

import logging
import re
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from stance import analysis, export, figures
from stance.chart import EXPORT_SIZES, MAX_TITLE_CHARS, SIZES, ChartSpec, app_base, spec_from_params, view_url
from stance.codebook import (
    ATTRIBUTION_KEYS,
    ATTRIBUTIONS,
    DATE_PRECISIONS,
    POSITION_KEYS,
    POSITIONS,
    country_label,
    country_name,
    position_label,
)
from stance.dates import date_words, day_text
from stance.formats import table_to_csv
from stance.kinds import DEFAULT_KIND, KINDS, period_kinds
from stance.load import data_location, load_dataset
from stance.model import Dataset, count_sources, to_interchange
from stance.query import Filters
from stance.text import page_text, plural, safe_url
from stance.validate import DataError
from stance.words import alt_text

EVIDENCE = "evidence"  # a table, not a chart kind: the URL says chart=evidence
VIEWS = {**{key: kind.label for key, kind in KINDS.items()}, EVIDENCE: "Evidence"}
PERIOD_VIEWS = period_kinds()
ATTRIBUTION_LABELS = {a.key: a.label for a in ATTRIBUTIONS}
PRECISION_LABELS = {d.key: d.label for d in DATE_PRECISIONS}
EXPORT_BUTTONS = (("PNG", "png", 1), ("PNG 2x", "png", 2), ("SVG", "svg", 1), ("PDF", "pdf", 1))
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
LOG = logging.getLogger("stance.app")
PAGE_ICON = "\N{BAR CHART}"  # an emoji: Material icons are fetched from fonts.gstatic.com
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


# ---------------------------------------------------------------- data and caches
def modified(path: Path) -> int:
    """Latest modification time of the file, or of the files in the seeds folder (cache key)."""
    if not path.exists():
        return 0
    files = [path, *path.iterdir()] if path.is_dir() else [path]  # OSError: the caller says so
    return max(f.stat().st_mtime_ns for f in files)


@st.cache_data(show_spinner="Loading statements…")
def load(path: str, mtime: int) -> Dataset:  # mtime: only a cache key, so an edited file is reloaded
    return load_dataset(path)


# Figures are cached per (revision, spec, base URL) and shared by all sessions: never mutate one.
@st.cache_resource(max_entries=128, show_spinner=False)
def figure(_dataset: Dataset, revision: str, spec: ChartSpec, app_url: str):
    return figures.build_figure(spec, _dataset, app_url=app_url)


@st.cache_data(max_entries=64, show_spinner=False)
def chart_file(_dataset: Dataset, revision: str, spec: ChartSpec, fmt: str, scale: int, app_url: str) -> bytes:
    return export.chart_bytes(spec, _dataset, fmt, scale=scale, app_url=app_url)


@st.cache_data(max_entries=64, show_spinner=False)
def statements_csv(_statements: pd.DataFrame, revision: str, filters: Filters) -> bytes:
    """CSV of the statements that ``filters`` selected (revision and filters are the cache key)."""
    # utf-8-sig: Excel then reads the accents in the quotes correctly; the loaders accept it.
    return table_to_csv(to_interchange(_statements)).encode("utf-8-sig")


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
        spec = ChartSpec(DEFAULT_KIND, spec.filters, spec.period, spec.since, spec.title)
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
            "from": spec.filters.date_from,
            "to": spec.filters.date_to,
            "actor": spec.filters.actor,
            "view": view or spec.kind,
            "period": spec.period,
            "since": spec.since,
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
        date_from=state["from"],
        date_to=state["to"],
        actor=state["actor"].strip(),
    )
    kind = state["view"] if state["view"] in KINDS else DEFAULT_KIND
    return ChartSpec(kind, filters, state["period"], state["since"], state["title"].strip())


def view_params(spec: ChartSpec, view: str) -> dict[str, str]:
    params = spec.to_params()
    if view == EVIDENCE:
        params["chart"] = EVIDENCE
        params.pop("title", None)
    return params


def clear_filters() -> None:
    st.session_state.update(country=[], proposal=[], position=[], attribution=[], actor="")
    st.session_state.update({"from": None, "to": None})


def clear_title() -> None:
    st.session_state["title"] = ""  # a title written for one chart rarely fits another


# ---------------------------------------------------------------- page parts
def sidebar(dataset: Dataset, countries: list[str], proposals: list[str]) -> None:
    with st.sidebar:
        st.header("Filters")
        st.multiselect("Country", countries, key="country", format_func=country_label, placeholder="All countries")
        if len(proposals) > 1:
            st.multiselect(
                "Proposal", proposals, key="proposal", format_func=dataset.proposal_title, placeholder="All proposals"
            )
        else:
            st.caption(f"Proposal: **{page_text(dataset.proposal_title(proposals[0]))}**")
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
        first, last = dataset.statements["date"].min(), dataset.statements["date"].max()
        dates = f"Statements run from {day_text(first)} to {day_text(last)}."
        st.date_input("From", value=None, key="from", format="YYYY-MM-DD", help=dates)
        st.date_input("To", value=None, key="to", format="YYYY-MM-DD", help=dates)
        st.text_input(
            "Actor",
            key="actor",
            placeholder="Name or role, e.g. minister",
            help="Keeps the actors whose name or role contains this text.",
        )
        st.button("Clear filters", on_click=clear_filters, width="stretch")
        with st.expander("What the positions mean"):
            for position in POSITIONS:
                st.markdown(f"**{position.label}**: {position.meaning}")
        st.caption(
            f"Data: {page_text(dataset.name)} · revision {page_text(dataset.revision)} · "
            f"{plural(len(dataset.statements), 'statement')}"
        )


def header(dataset: Dataset, spec: ChartSpec, statements: pd.DataFrame, proposals: list[str]) -> None:
    subject = dataset.proposal_title(proposals[0]) if len(proposals) == 1 else f"{len(proposals)} proposals"
    st.header(page_text(subject), anchor=False)
    st.caption("Stance: which political actor, from which country, took which position, when, per which source.")
    columns = st.columns(4)
    counts = (
        ("Statements", len(statements)),
        ("Actors", statements["actor"].nunique()),
        ("Countries", statements["country"].nunique()),
        ("Sources", count_sources(statements)),
    )
    for column, (label, count) in zip(columns, counts, strict=True):
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
    with st.expander("Export this chart, link to this view"):
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


def chart(dataset: Dataset, spec: ChartSpec, base_url: str, **selection):
    fig = figure(dataset, dataset.revision, spec, base_url)
    alt = alt_text(spec, dataset)
    event = st.plotly_chart(
        fig, width="stretch", key=f"chart-{spec.kind}", theme=None, config=PLOTLY_CONFIG, alt=alt, **selection
    )
    with st.expander("Chart description (text alternative)"):
        st.markdown(page_text(alt))
    export_panel(dataset, spec, base_url)
    return event


def timeline_view(dataset: Dataset, spec: ChartSpec, statements: pd.DataFrame, base_url: str) -> None:
    # Above the chart: with dozens of lanes, text under it is out of sight.
    st.caption("Click a marker to see the full statement and its source below the chart.")
    event = chart(dataset, spec, base_url, on_select="rerun", selection_mode=("points",))
    rows = statements.loc[statements["id"] == selected_statement_id(event)]
    if not rows.empty:
        st.subheader("Selected statement")
        statement_record(rows.iloc[0])


def shifts_view(dataset: Dataset, spec: ChartSpec, statements: pd.DataFrame, base_url: str) -> None:
    st.date_input(
        "Shifts since",
        value=None,
        key="since",
        format="YYYY-MM-DD",
        persist_state="page",
        width=240,
        help="Only position changes stated on or after this date. To see who moved since "
        "the Paris summit of European leaders, enter 2025-02-17.",
    )
    moves = analysis.shifts(statements, spec.since)
    if moves.empty:
        since = f" since {day_text(spec.since)}" if spec.since else ""
        st.info(f"No actor changed position{since} among the statements shown.")
        return
    chart(dataset, spec, base_url)
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
    st.subheader(plural(len(table), "shift"))
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


def evidence_view(dataset: Dataset, spec: ChartSpec, statements: pd.DataFrame) -> None:
    table = pd.DataFrame(
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
    left, right = st.columns(2)
    left.download_button(
        f"Download the {plural(len(statements), 'statement')} shown (CSV)",
        key="csv-shown",
        data=statements_csv(statements, dataset.revision, spec.filters),
        file_name=file_name(f"{dataset.name}-{len(statements)}-statements.csv"),
        mime="text/csv",
        on_click="ignore",
    )
    right.download_button(
        f"Download all {plural(len(dataset.statements), 'statement')} (CSV)",
        key="csv-all",
        data=statements_csv(dataset.statements, dataset.revision, Filters()),
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
    """The page behind one boundary: an unexpected error becomes a plain box, its traceback goes to the log."""
    st.set_page_config(page_title="Stance", page_icon=PAGE_ICON, layout="wide")
    try:
        page()
    except Exception:  # Streamlit's own stop and rerun signals are BaseException: they pass
        LOG.exception("Could not draw the page")
        show_unexpected_error()


def page() -> None:
    path = data_location()
    try:
        dataset = load(str(path), modified(path))
    except DataError as error:
        show_data_error(path, error)
        return
    except OSError as error:
        show_read_error(path, error)
        return
    statements_all = dataset.statements
    countries = sorted(statements_all["country"].unique(), key=country_label)
    proposals = sorted(statements_all["proposal"].unique())
    several_proposals = len(proposals) > 1

    state = st.session_state
    first_run = "link_params" not in state
    if first_run:
        state["link_notices"] = seed_from_url(countries, proposals)
    sidebar(dataset, countries, proposals)

    spec = current_spec(several_proposals)
    view = state["view"]
    params = view_params(spec, view)
    if first_run:
        state["link_params"] = params
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    if params == state["link_params"]:  # once the view changes, the notices are about an old link
        for notice in state["link_notices"]:
            st.warning(page_text(notice))

    statements = spec.filters.apply(statements_all)
    header(dataset, spec, statements, proposals)
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

    if statements.empty:
        scope = page_text(spec.filters.describe(dataset.proposals))
        st.info(
            f"**No statements match these filters**: {scope}.\n\n"
            "Widen the date range or remove a filter in the sidebar.",
        )
        st.button("Clear filters", key="clear-empty", on_click=clear_filters)
        return

    base_url = app_url()
    if view == "timeline":
        timeline_view(dataset, spec, statements, base_url)
    elif view == "shifts":
        shifts_view(dataset, spec, statements, base_url)
    elif view == EVIDENCE:
        evidence_view(dataset, spec, statements)
    else:
        if view in PERIOD_VIEWS:
            st.segmented_control(
                "Period",
                list(analysis.PERIODS),
                key="period",
                required=True,
                format_func=analysis.PERIOD_LABELS.__getitem__,
                persist_state="page",
            )
        chart(dataset, spec, base_url)


main()
