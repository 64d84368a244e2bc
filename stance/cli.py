"""Command line: ``python -m stance validate | export | standing | chart | briefing | synth | bench | benchmark
| import | history | undo``.

Data commands read the store (:mod:`stance.store`: $STANCE_DB, else the default SQLite file) unless
``--data`` (or $STANCE_DATA) names a file or seeds folder, read as it is. ``import``, ``history``
and ``undo`` write to and read the store's change log.

Exit codes: 0 done, 1 data problems (or a file or store that cannot be read or written), 2 usage errors.
No input ends in a traceback: every problem is a message naming the file, row and column, or
the option, and what to write instead.

Plotly, Kaleido and the figures are imported inside the commands that draw, SQLAlchemy (the
store) and the importer inside the commands that use them, so ``validate`` starts in a fraction
of a second. Text from files and the store is shown with its control characters escaped.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import getpass
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .analysis import PERIODS
from .bench import BENCH_SIZES, BROWSER_SIZES, statement_counts
from .changelog import describe, field_changes, short, subject
from .chart import (
    APP_URL_ENV,
    BY_CHOICES,
    DEFAULT_STALE_MONTHS,
    EXPORT_SIZES,
    MAX_TITLE_CHARS,
    ChartSpec,
    check_page,
    check_stale_months,
)
from .codebook import ACTOR_TYPE_KEYS, ATTRIBUTION_KEYS, POSITION_KEYS
from .dates import day_text
from .formats import atomic_write, events_table, table_to_csv, table_to_json, write_seeds
from .kinds import KINDS, briefing_kinds
from .lanes import DEFAULT_RANK, RANKS, Lanes, lanes_for, select
from .load import DATA_ENV, data_location, load_dataset, open_dataset, store_dataset
from .model import Dataset, to_interchange
from .positions import SORTS
from .query import Filters
from .validate import DataError, Problem, check_actor_type, check_attribution, check_country, check_date, check_position
from .words import standing_table

if TYPE_CHECKING:  # imported by the commands that use them: SQLAlchemy and the importer are slow to import
    from .importing import ImportReport
    from .store import Store

EXPORT_FORMATS = ("csv", "json")
SEEDS_FORMAT = "seeds"  # export: the seeds folder layout (statements, actors with notes, proposals, events)
USER_ENV = "STANCE_USER"  # who is making a change, when --who is not given


class Failure(Exception):
    """The command cannot go on for a reason that is not a usage error (exit 1)."""


class UsageError(Exception):
    """A command-line value that is well-formed but does not fit the data (exit 2)."""

    def __init__(self, option: str, message: str):
        super().__init__(f"argument {option}: {message}")


# ---------------------------------------------------------------- option values
def checked_value(check: Callable[[str], str | None], normalise: Callable[[str], str] = str.strip):
    """An argparse ``type`` that reports load.py's message (with its hint) as the usage error."""

    def convert(value: str) -> str:
        value = normalise(value)
        problem = check(value)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return convert


def country_code(value: str) -> str:
    code = value.strip().upper()  # 'pl' is Poland
    if not check_country(code):
        return code
    raise argparse.ArgumentTypeError(check_country(value.strip()))  # 'UK': did you mean 'GB'?


def iso_date(value: str) -> Date:
    problem = check_date(value.strip())
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return Date.fromisoformat(value.strip())


def since_value(value: str) -> Date | str:
    """``--since``: a date, or the label of one of the data's key events (resolved once it is loaded)."""
    text = value.strip()
    if re.match(r"\d{4}-", text):  # meant as a date: say what is wrong with it
        return iso_date(text)
    if not text:
        raise argparse.ArgumentTypeError("give a date (YYYY-MM-DD) or the name of a key event")
    return text


def stale_months(value: str) -> int:
    problem = check_stale_months(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return int(value)


def page_number(value: str) -> int:
    problem = check_page(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return int(value)


def chart_title(value: str) -> str:
    if len(value.strip()) > MAX_TITLE_CHARS:
        raise argparse.ArgumentTypeError(f"is {len(value.strip()):,} characters long; at most {MAX_TITLE_CHARS}")
    return value


def lower_strip(value: str) -> str:
    return value.strip().lower()


# ---------------------------------------------------------------- shared options
def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="PATH",
        help=f"read a .csv/.json interchange file or a seeds folder as it is (default: ${DATA_ENV}, else the store: "
        "$STANCE_DB, else the default SQLite store, filled from the bundled seeds when new)",
    )


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The data and filter options every data command takes, checked the way load.py checks rows."""
    add_data_option(parser)
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--country",
        nargs="+",
        action="extend",
        type=country_code,
        metavar="CC",
        help="ISO 3166-1 alpha-2 codes (GB, not UK), or EU / NATO; any case",
    )
    group.add_argument("--proposal", nargs="+", action="extend", metavar="P", help="proposal ids")
    # The codebook's lists: any case, each value checked as the loader checks a row's cell.
    for option, dest, metavar, check, help_text in (
        ("--position", "position", "P", check_position, " | ".join(POSITION_KEYS)),
        ("--attribution", "attribution", "A", check_attribution, " | ".join(ATTRIBUTION_KEYS)),
        (
            "--type",
            "actor_types",
            "T",
            check_actor_type,
            "actor types (the type each statement was made in): " + " | ".join(ACTOR_TYPE_KEYS),
        ),
    ):
        group.add_argument(
            option,
            dest=dest,
            nargs="+",
            action="extend",
            metavar=metavar,
            type=checked_value(check, lower_strip),
            help=help_text,
        )
    group.add_argument(
        "--actor",
        "--find",
        dest="actor",
        metavar="TEXT",
        default="",
        help="part of the actor's name or role, any case (--find: the same; how to reach one actor on a chart)",
    )
    group.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE", help="first day, YYYY-MM-DD")
    group.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE", help="last day, YYYY-MM-DD")


def add_standing_options(parser: argparse.ArgumentParser) -> None:
    """The options of views that show where everyone stands on a day."""
    parser.add_argument(
        "--as-of", dest="as_of", type=iso_date, metavar="DATE", help="as it stood on this day (default: the cut-off)"
    )
    parser.add_argument(
        "--by", choices=BY_CHOICES, default="country", help="one row per country (by its government) or per actor"
    )
    parser.add_argument(
        "--stale",
        dest="stale_months",
        type=stale_months,
        default=DEFAULT_STALE_MONTHS,
        metavar="MONTHS",
        help=f"a position not restated for this many months is stale (default {DEFAULT_STALE_MONTHS})",
    )
    parser.add_argument(
        "--sort", choices=SORTS, default=SORTS[0], help="standing: by position (default), name, or last heard first"
    )


def add_chart_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", choices=tuple(PERIODS), default="month", help="matrices and balance: cell width")
    parser.add_argument(
        "--since",
        type=since_value,
        metavar="DATE|EVENT",
        help="shifts stated on or after this day, or a key event's day ('Paris summit', any case)",
    )
    add_standing_options(parser)
    parser.add_argument("--share", action="store_true", help="balance: percentages instead of counts")
    parser.add_argument("--size", choices=EXPORT_SIZES, default="slide", help="canvas (default: slide, 1920x1080)")
    parser.add_argument(
        "--rank",
        choices=tuple(RANKS),
        default=DEFAULT_RANK,
        help="charts with a row per actor (or per shift): which come first (default: latest activity)",
    )
    parser.add_argument(
        "--page",
        type=page_number,
        default=1,
        metavar="N",
        help="charts with a row per actor: which page of rows (20 a page on a slide or square, 25 on A4)",
    )
    parser.add_argument(
        "--app-url",
        metavar="URL",
        help=f"the dashboard's public address, for the link in the footer (default: ${APP_URL_ENV}; "
        "none for a local address)",
    )


def filters_from_args(args: argparse.Namespace, dataset: Dataset) -> Filters:
    """Filters from the parsed options; proposals are checked against the data they filter."""
    known = sorted(set(dataset.statements["proposal"]) | set(dataset.proposals))
    for proposal in args.proposal or []:
        if proposal not in known:
            close = difflib.get_close_matches(proposal, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; this data has {', '.join(known) or 'none'}"
            raise UsageError("--proposal", f"'{proposal}' is not a proposal in this data{hint}")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError("--to", f"{args.date_to} is before --from {args.date_from}")
    return Filters(
        countries=tuple(dict.fromkeys(args.country or [])),
        proposals=tuple(dict.fromkeys(args.proposal or [])),
        positions=tuple(dict.fromkeys(args.position or [])),
        attributions=tuple(dict.fromkeys(args.attribution or [])),
        date_from=args.date_from,
        date_to=args.date_to,
        actor=args.actor.strip(),
        actor_types=tuple(dict.fromkeys(args.actor_types or [])),
    )


def since_from_args(args: argparse.Namespace, dataset: Dataset) -> Date | None:
    """``--since`` as a day: the date given, or the day of the key event it names (any case)."""
    since = args.since
    if since is None or isinstance(since, Date):
        return since
    events = dataset.events
    wanted = " ".join(since.split()).casefold()
    for day, label in zip(events["date"], events["label"], strict=True):
        if " ".join(str(label).split()).casefold() == wanted:
            return pd.Timestamp(day).date()
    if events.empty:
        raise UsageError("--since", f"'{since}' is not a date (YYYY-MM-DD), and this data has no key events")
    labels = [str(label) for label in events["label"]]
    close = difflib.get_close_matches(since, labels, n=1, cutoff=0.5)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listed = "; ".join(f"{label} ({day_text(day)})" for day, label in zip(events["date"], labels, strict=True))
    raise UsageError(
        "--since", f"'{since}' is not a date (YYYY-MM-DD) or a key event in this data{hint}; events: {listed}"
    )


def spec_from_args(args: argparse.Namespace, kind: str, dataset: Dataset, filters: Filters) -> ChartSpec:
    """The chart the options describe (the briefing's charts share every option but the kind)."""
    return ChartSpec(
        kind,
        filters,
        args.period,
        since_from_args(args, dataset),
        getattr(args, "title", None) or "",
        args.size,
        as_of=args.as_of,
        by=args.by,
        share=args.share,
        stale_months=args.stale_months,
        sort=args.sort,
        rank=args.rank,
        page=args.page,
    )


def selected(args: argparse.Namespace) -> tuple[Dataset, Filters]:
    dataset = dataset_of(args.data)
    return dataset, filters_from_args(args, dataset)


def dataset_of(data: str | None) -> Dataset:
    """The file or seeds folder named (read as it is), else the store's dataset."""
    with store_opening():
        return open_dataset(data)


def is_store_error(error: BaseException) -> bool:
    """Whether ``error`` is the store's (stance.store, and SQLAlchemy, load only when a command uses the store)."""
    store = sys.modules.get("stance.store")
    return store is not None and isinstance(error, store.StoreError)


@contextmanager
def store_opening():
    """A store that cannot be opened: its message (the URL without password) and what to do."""
    try:
        yield
    except Exception as error:
        if not is_store_error(error):
            raise
        from .store import DB_ENV, default_location

        raise Failure(
            f"{error}; check ${DB_ENV} (an SQLAlchemy URL such as postgresql://user@host/stance), or unset it "
            f"to use the default store ({default_location()})"
        ) from None


def open_store() -> Store:
    from .store import Store

    with store_opening():
        return Store.open()


def require_statements(dataset: Dataset, filters: Filters) -> None:
    """A chart of nothing helps nobody: say so instead of drawing an empty frame."""
    if filters.apply(dataset.statements).empty:
        raise Failure(f"no statements match the filters ({filters.describe(dataset.proposals)}); nothing to draw")


# ---------------------------------------------------------------- output
def write_stdout(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # `stance export | head`: the reader left; say nothing more and exit quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:  # `> /dev/full`: the message names where standard output goes
        where = stdout_name()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        raise Failure(f"{where}: {error.strerror or error}") from None


def stdout_name() -> str:
    """The file standard output goes to ('/dev/full'), where the system tells; else 'standard output'."""
    try:
        target = os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}")
    except (OSError, ValueError, AttributeError):
        return "standard output"
    return target if target.startswith("/") else "standard output"


def say(message: str) -> None:
    print(terminal_text(message), file=sys.stderr)


def show(line: str) -> None:
    """One line of a report on standard output; text from files and the store cannot drive the terminal."""
    print(terminal_text(line))


# C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` with every control character written as an escape (ESC as ``\\x1b``): a value from a
    file can neither colour, move nor clear the terminal, nor start a line of its own."""
    return _CONTROLS.sub(_escaped_control, text)


def _escaped_control(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def write_file(path: str, data: bytes) -> None:
    try:
        atomic_write(path, data)
    except OSError as error:
        raise Failure(f"{path}: cannot write: {error.strerror or error}") from None


@contextmanager
def export_failures_reported():
    """Chromium missing or crashed: a message and exit 1 (imported here: Kaleido is slow to import)."""
    from .export import ExportError

    try:
        yield
    except ExportError as error:
        raise Failure(str(error)) from None


# ---------------------------------------------------------------- commands
def cmd_validate(args: argparse.Namespace) -> int:
    try:
        dataset = load_dataset(args.path)
    except DataError as error:
        for problem in error.problems:
            say(str(problem))
        say(f"{args.path}: invalid: {len(error.problems)} problem{'' if len(error.problems) == 1 else 's'}")
        return 1
    print(f"{args.path}: valid: {describe_counts(dataset)}")
    return 0


def describe_counts(dataset: Dataset) -> str:
    s = dataset.statements
    if s.empty:
        return "0 statements"
    counts = [
        (len(s), "statement", "statements"),
        (s["actor"].nunique(), "actor", "actors"),
        (s["country"].nunique(), "country", "countries"),
        (s["proposal"].nunique(), "proposal", "proposals"),
    ]
    words = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
    return f"{words}, {s['date'].min():%Y-%m-%d} to {s['date'].max():%Y-%m-%d}"


def cmd_export(args: argparse.Namespace) -> int:
    fmt = args.format or export_format_of(args.out, folders=True)  # a wrong name is refused before loading
    if fmt == SEEDS_FORMAT and not args.out:
        raise UsageError("--format", "seeds writes a folder of CSV files: give --out DIR")
    dataset, filters = selected(args)
    statements = filters.apply(dataset.statements)
    table = to_interchange(statements)
    # Unfiltered, every title goes (a proposal may have no statement yet): the whole dataset, without loss.
    in_table = set(table["proposal"])
    titles = {p: t for p, t in dataset.proposals.items() if filters == Filters() or p in in_table}
    if fmt == SEEDS_FORMAT:
        try:
            write_seeds(replace(dataset, statements=statements, proposals=titles), args.out)
        except OSError as error:
            raise Failure(f"{args.out}: cannot write: {error.strerror or error}") from None
        say(f"wrote {len(table)} statements, their actors, {len(titles)} proposals and the key events to {args.out}")
        return 0
    if fmt == "json":
        text = table_to_json(table, titles, events_table(dataset.events))
    else:
        text = table_to_csv(table)
    if args.out:
        write_file(args.out, text.encode("utf-8"))
        say(f"wrote {len(table)} statements to {args.out}")
    else:
        write_stdout(text.encode("utf-8"))
    return 0


def cmd_standing(args: argparse.Namespace) -> int:
    fmt = args.format or export_format_of(args.out)
    dataset, filters = selected(args)
    table = standing_table(dataset, filters, args.by, args.as_of, args.stale_months, args.sort)
    text = table_to_json(table) if fmt == "json" else table_to_csv(table)
    if args.out:
        write_file(args.out, text.encode("utf-8"))
        what = "country" if args.by == "country" else "actor"
        count = f"{len(table)} row{'' if len(table) == 1 else 's'}"
        say(f"wrote {count} (one per {what} and proposal) to {args.out}")
    else:
        write_stdout(text.encode("utf-8"))
    return 0


def export_format_of(out: str | None, folders: bool = False) -> str:
    """The format --out's extension names; no --out or no extension: CSV; ``folders``: a folder
    (one that exists, or a name ending in '/') is the seeds layout. Another extension is a usage error."""
    if folders and out and (out.endswith(("/", os.sep)) or Path(out).is_dir()):
        return SEEDS_FORMAT
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    if suffix and suffix not in EXPORT_FORMATS:
        allowed = " or ".join("." + f for f in EXPORT_FORMATS)
        raise UsageError(
            "--out", f"'{out}' does not end in {allowed}; the extension picks the format (or give --format)"
        )
    return suffix or "csv"


def image_format_of(out: str) -> str:
    from .export import FORMATS

    fmt = Path(out).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(
            "--out", f"'{out}' does not end in {', '.join('.' + f for f in FORMATS)}; the extension picks the format"
        )
    return fmt


def cmd_chart(args: argparse.Namespace) -> int:
    from .export import chart_bytes

    fmt = image_format_of(args.out)
    if not Path(args.out).resolve().parent.is_dir():  # say so before spending seconds drawing
        raise Failure(f"{args.out}: cannot write: the folder {Path(args.out).parent} does not exist")
    dataset, filters = selected(args)
    spec = spec_from_args(args, args.kind, dataset, filters)
    require_statements(dataset, filters)
    selection = select(spec, dataset.statements)  # once: for the chart and for what it leaves out
    with export_failures_reported():
        image = chart_bytes(spec, dataset, fmt, scale=args.scale, app_url=args.app_url, selection=selection)
    write_file(args.out, image)
    say(f"wrote {args.out}")
    if selection.lanes is not None and selection.lanes.note:
        say(left_out_note(spec, selection.lanes))
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    from .briefing import briefing_files, briefing_specs, with_since, write_files

    dataset, filters = selected(args)
    template = spec_from_args(args, "timeline", dataset, filters)
    require_statements(dataset, filters)
    with export_failures_reported():
        files = briefing_files(dataset, template, args.app_url)
    try:
        write_files(files, args.out)
    except OSError as error:
        raise Failure(f"{args.out}: cannot write the briefing: {error.strerror or error}") from None
    say(f"wrote {len(files)} files to {args.out}: {', '.join(files)}")
    shown = template.filters.apply(dataset.statements)  # the briefing's charts share their filters
    for spec in briefing_specs(with_since(template, dataset)):
        lanes = lanes_for(spec, shown)[1]
        if lanes is not None and lanes.note:
            say(f"{KINDS[spec.kind].label}: {left_out_note(spec, lanes)}")
    return 0


def left_out_note(spec: ChartSpec, lanes: Lanes) -> str:
    """What a chart leaves out, and how to see it on the command line."""
    others = ", ".join(rank for rank in RANKS if rank != spec.rank)
    return f"{lanes.note} On the command line: --page N (1–{lanes.pages}), --rank {others}, or --find TEXT."


def cmd_synth(args: argparse.Namespace) -> int:
    from .synth import COUNTRY_CODES, synthetic_statements

    fmt = args.format or export_format_of(args.out)
    if args.countries > len(COUNTRY_CODES):
        raise UsageError("--countries", f"at most {len(COUNTRY_CODES)}: the countries Stance knows (not EU or NATO)")
    table = synthetic_statements(
        args.statements, actors=args.actors, countries=args.countries, proposals=args.proposals, seed=args.seed
    )
    text = table_to_json(table) if fmt == "json" else table_to_csv(table)
    write_file(args.out, text.encode("utf-8"))
    say(
        f"wrote {len(table):,} statements by {table['actor'].nunique():,} actors from "
        f"{table['country'].nunique()} countries on {table['proposal'].nunique()} proposals to {args.out}"
    )
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    browser_sizes = args.browser_sizes or (BROWSER_SIZES if args.browser else ())
    kinds = tuple(dict.fromkeys(args.kinds or KINDS))
    datasets = tuple(data_location(path) for path in args.data or ())
    for path in datasets:
        if not path.exists():
            raise UsageError("--data", f"'{path}': no such file or folder")
    sizes = args.sizes if args.sizes is not None else (() if datasets else BENCH_SIZES)
    cache = Path(args.cache) if args.cache else None
    stores = tuple(dict.fromkeys(args.store or ()))
    for store in stores:
        if store != "sqlite" and "://" not in store:
            raise UsageError("--store", f"'{store}' is neither 'sqlite' nor a store's URL (postgresql://...)")
    run_bench(sizes, kinds, browser_sizes, cache, report=print_now, datasets=datasets, stores=stores)
    return 0


def print_now(text: str) -> None:
    """A table as soon as it is measured: a million statements take minutes."""
    print(text + "\n", flush=True)


def cmd_benchmark(args: argparse.Namespace) -> int:
    if args.load:
        from .bench import benchmark_load, load_table

        print(load_table(benchmark_load(args.load)))
        return 0
    from .export import FORMATS, render
    from .figures import build_figure

    dataset = dataset_of(args.data)
    kinds = briefing_kinds()
    rows = []
    for i in range(args.charts):
        spec = ChartSpec(kinds[i % len(kinds)], size="slide")
        fmt = FORMATS[i % len(FORMATS)]
        started = time.perf_counter()
        fig = build_figure(spec, dataset)
        built = time.perf_counter()
        with export_failures_reported():
            render(fig, fmt)
        rows.append((spec.kind, fmt, built - started, time.perf_counter() - built))
    print(benchmark_table(rows))
    return 0


def benchmark_table(rows: list[tuple[str, str, float, float]]) -> str:
    """One line per chart; the first includes starting Chromium."""
    lines = [f"{'#':>2}  {'chart':<15} {'format':<6} {'build s':>8} {'render s':>9} {'total s':>8}"]
    for i, (kind, fmt, build, draw) in enumerate(rows, start=1):
        note = "  (includes starting Chromium)" if i == 1 else ""
        lines.append(f"{i:>2}  {kind:<15} {fmt:<6} {build:>8.2f} {draw:>9.2f} {build + draw:>8.2f}{note}")
    following = [build + draw for _, _, build, draw in rows[1:]]
    if following:
        lines.append(f"mean of charts 2-{len(rows)}: {sum(following) / len(following):.2f} s per chart")
    return "\n".join(lines)


# ---------------------------------------------------------------- the store: import, history, undo
MAX_SHOWN_PROBLEMS = 100  # a file wrong on every row: the first ones show what to fix
MAX_SHOWN_DUPLICATES = 10


def cmd_import(args: argparse.Namespace) -> int:
    from .importing import ImportOptions, import_file

    who = who_from(args)
    organizations = organization_countries(args.organizations)
    store = open_store()
    stored = store_dataset(store)
    options = ImportOptions(
        sheet=args.sheet,
        country=args.country or "",
        organization_countries=organizations,
        actor_type=args.actor_type,
        proposals=stored.proposals,
        existing=stored.statements,
        keep_duplicates=args.keep_duplicates,
    )
    report = import_file(args.file, options)
    show_report(report, kept=args.keep_duplicates)
    if not report.ok:
        return refused(report.problems)
    statements = report.statements
    count = 0 if statements is None else len(statements)
    if statements is None or not count:
        show("Nothing to import: every statement of the file is stored already; nothing was written")
        return 0
    if args.dry_run:
        show(f"Dry run: {count} statement{plural(count)} would be imported; nothing was written")
        return 0
    try:
        change = store.import_statements(
            statements, who, titles=report.proposals, new_events=report.events, note=Path(args.file).name
        )
    except DataError as error:
        show_problems(error.problems)
        return refused(error.problems)
    show(
        f"Imported {count} statement{plural(count)} as change {change.change}; "
        f"`python -m stance undo {change.change}` takes {'it' if count == 1 else 'them'} back"
    )
    return 0


def refused(problems: Sequence[Problem]) -> int:
    say(f"stance import: {len(problems)} problem{plural(len(problems))}; nothing was written")
    return 1


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def who_from(args: argparse.Namespace) -> str:
    """Who makes the change: --who, else $STANCE_USER, else the login name."""
    name = (args.who or os.environ.get(USER_ENV) or "").strip()
    if not name:
        try:
            name = getpass.getuser().strip()
        except (KeyError, OSError):  # no login name (a container user without an entry)
            name = ""
    if not name:
        raise UsageError("--who", f"say who is making the change: --who NAME, or set ${USER_ENV}")
    return name


def organization_countries(path: str | None) -> dict[str, str]:
    """--organizations: a CSV file of organization,country lines (a header row naming them is skipped)."""
    if not path:
        return {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise Failure(f"{path}: cannot read it: {error.strerror or error}") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise Failure(f"{path}: cannot be read as CSV UTF-8 ({error}); save it as CSV UTF-8") from None
    mapping = {}
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and [c.casefold() for c in cells] == ["organization", "country"]):
            continue
        if len(cells) != 2 or not all(cells):
            raise Failure(f"{path}:{number}: write one organization and its country a line, such as: Bundestag,DE")
        mapping[cells[0]] = cells[1]
    return mapping


def show_report(report: ImportReport, kept: bool) -> None:
    kind = report.kind.upper() or "a file that could not be read"
    count = "" if report.statements is None else f": {len(report.statements)} statements to import"
    show(f"{report.source} ({kind}){count}")
    if report.mapping:
        show("DNA mapping (where each Stance column comes from, with examples):")
        show_table(
            ("DNA", "", "Stance", "examples"),
            [(m.source, "->", m.column, ", ".join(short(e) for e in m.examples)) for m in report.mapping],
        )
    for notice in report.notices:
        show(f"note: {notice}")
    if report.resolutions:
        show("Resolved:")
        show_table(
            ("column", "written", "became", "rows", "how"),
            [
                (r.column, short(r.original) if r.original else "(empty)", r.resolved, row_list(r.rows), r.how)
                for r in report.resolutions
            ],
        )
    for proposal, title in report.proposals.items():
        if proposal != title:
            show(f"proposal {proposal}: {short(title, 80)}")
    if report.duplicates:
        what = "imported again (--keep-duplicates)" if kept else "skipped; --keep-duplicates imports them again"
        show(f"Stored already ({len(report.duplicates)}, {what}):")
        shown = report.duplicates[:MAX_SHOWN_DUPLICATES]
        show_table(("row", "id", "stored as"), [(str(d.row), d.id, d.stored_id) for d in shown])
        if len(report.duplicates) > MAX_SHOWN_DUPLICATES:
            show(f"  ... and {len(report.duplicates) - MAX_SHOWN_DUPLICATES} more")
    if report.problems:
        show_problems(report.problems)


def show_problems(problems: Sequence[Problem]) -> None:
    show(f"Problems ({len(problems)}):")
    shown = problems[:MAX_SHOWN_PROBLEMS]
    show_table(
        ("row", "column", "problem", "hint"),
        [(str(p.row) if p.row else "-", p.column or "-", p.message, p.hint) for p in shown],
    )
    if len(problems) > MAX_SHOWN_PROBLEMS:
        show(f"  ... and {len(problems) - MAX_SHOWN_PROBLEMS} more; fix these and run again")


def show_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Columns aligned (widths measured on the text as shown, control characters escaped)."""
    cells = [[terminal_text(str(cell)) for cell in row] for row in (header, *rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header) - 1)]
    for row in cells:
        show(
            "  " + "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]]).rstrip()
        )


def row_list(rows: tuple[int, ...], limit: int = 6) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" (+{len(rows) - limit} more)" if len(rows) > limit else "")


def cmd_history(args: argparse.Namespace) -> int:
    store = open_store()
    since = args.since.isoformat() if args.since else None
    found = store.history(since=since, actor=args.actor, limit=args.limit)
    if not found:
        show("No changes" + (" match" if since or args.actor else ""))
        return 0
    rows = [(str(c.change), c.at.replace("T", " ").removesuffix("+00:00"), c.who, c.action, describe(c)) for c in found]
    show_table(("change", "when (UTC)", "who", "action", "what"), rows)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    who = who_from(args)
    store = open_store()
    change = store.undo(args.change, who)
    if change.kind == "import":
        done = f"the {(change.after or {}).get('retired', 0)} statements it imported are retired"
    else:
        fields = field_changes(change.before or {}, change.after or {})
        done = f"{subject(change)} put back" + (f": {fields}" if fields else "")
    show(f"Undid change {args.change}: {done}. Recorded as change {change.change}")
    return 0


# ---------------------------------------------------------------- parser
def whole_number(value: str) -> int:
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number (0 or more)")
    return int(value)


def positive_int(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of at least 1")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m stance", description="Who took which position on which proposal, when, per which source."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a data file or seeds folder; one line per problem")
    validate.add_argument("path", metavar="PATH", help="a .csv/.json interchange file or a seeds folder")
    validate.set_defaults(run=cmd_validate, command_parser=validate)

    export = commands.add_parser("export", help="the filtered statements as an interchange table")
    add_filter_options(export)
    export.add_argument(
        "--format",
        choices=(*EXPORT_FORMATS, SEEDS_FORMAT),
        help="default: from --out's extension, else csv; seeds: a folder as seeds/ (actors with their notes)",
    )
    export.add_argument(
        "--out",
        metavar="FILE|DIR",
        help="write here (all or nothing) instead of standard output; a folder (DIR/): the seeds layout",
    )
    export.set_defaults(run=cmd_export, command_parser=export)

    standing = commands.add_parser(
        "standing", help="where each country (by its government) or actor stands, as CSV or JSON"
    )
    add_filter_options(standing)
    add_standing_options(standing)
    standing.add_argument("--format", choices=EXPORT_FORMATS, help="default: from --out's extension, else csv")
    standing.add_argument("--out", metavar="FILE", help="write here (all or nothing) instead of standard output")
    standing.set_defaults(run=cmd_standing, command_parser=standing)

    chart = commands.add_parser("chart", help="one chart as PNG, SVG or PDF")
    chart.add_argument("kind", choices=tuple(KINDS), metavar="KIND", help=" | ".join(KINDS))
    add_filter_options(chart)
    add_chart_options(chart)
    chart.add_argument("--scale", type=int, choices=(1, 2), default=1, help="2 doubles the pixels (PNG)")
    chart.add_argument(
        "--title",
        type=chart_title,
        metavar="TEXT",
        help=f"replaces the default title (at most {MAX_TITLE_CHARS} characters)",
    )
    chart.add_argument("--out", metavar="FILE", required=True, help="FILE.png, FILE.svg or FILE.pdf")
    chart.set_defaults(run=cmd_chart, command_parser=chart)

    briefing = commands.add_parser(
        "briefing", help="every chart (PNG, SVG), a written summary, alt text and all of it as one PDF"
    )
    add_filter_options(briefing)
    add_chart_options(briefing)
    briefing.add_argument("--out", metavar="DIR", required=True, help="folder to write the briefing into")
    briefing.set_defaults(run=cmd_briefing, command_parser=briefing)

    synth = commands.add_parser(
        "synth", help="a generated, valid dataset of any size, the same for the same options (for benchmarks)"
    )
    synth.add_argument("--statements", type=positive_int, required=True, metavar="N", help="how many statements")
    synth.add_argument(
        "--actors", type=positive_int, metavar="A", help="how many actors (default: about N^0.75, 1,000 for 10,000)"
    )
    synth.add_argument("--countries", type=positive_int, default=60, metavar="C", help="how many countries (60)")
    synth.add_argument("--proposals", type=positive_int, default=20, metavar="P", help="how many proposals (20)")
    synth.add_argument("--seed", type=whole_number, default=0, metavar="S", help="the random seed (0)")
    synth.add_argument("--format", choices=EXPORT_FORMATS, help="default: from --out's extension")
    synth.add_argument(
        "--out", metavar="FILE", required=True, help="FILE.csv or FILE.json (written whole or not at all)"
    )
    synth.set_defaults(run=cmd_synth, command_parser=synth)

    bench = commands.add_parser(
        "bench",
        help="time loading, every chart, the app script against a bare Streamlit floor, exports (tables per size)",
    )
    bench.add_argument(
        "--sizes",
        type=statement_counts,
        metavar="N,N",
        help="generated datasets of these many statements (default 1000,10000,100000,1000000, none with --data)",
    )
    bench.add_argument(
        "--data",
        nargs="+",
        action="extend",
        metavar="PATH",
        help="also measure these datasets as they are (a .csv/.json file or a seeds folder, e.g. seeds)",
    )
    bench.add_argument(
        "--kinds", nargs="+", action="extend", choices=tuple(KINDS), metavar="KIND", help=" | ".join(KINDS)
    )
    bench.add_argument(
        "--browser", action="store_true", help="also time the page in Chromium (Playwright) at 100,000 statements"
    )
    bench.add_argument(
        "--browser-sizes",
        type=statement_counts,
        metavar="N,N",
        help="time the page in Chromium at these sizes instead (implies --browser)",
    )
    bench.add_argument(
        "--cache",
        metavar="DIR",
        help="keep the generated datasets here (default: $STANCE_BENCH_CACHE, else stance-bench in the temp folder)",
    )
    bench.add_argument(
        "--store",
        nargs="+",
        action="extend",
        metavar="STORE",
        help="also measure each size read from a store: 'sqlite' (a store file kept beside the generated data) "
        "or a store's URL, e.g. postgresql://... (its content is REPLACED by the generated data)",
    )
    bench.set_defaults(run=cmd_bench, command_parser=bench)

    benchmark = commands.add_parser("benchmark", help="time chart exports, or loading alone (prints a table)")
    add_data_option(benchmark)
    benchmark.add_argument(
        "--charts",
        type=positive_int,
        default=15,
        metavar="N",
        help="how many charts (default 15: every briefing chart in every format)",
    )
    benchmark.add_argument(
        "--load",
        type=statement_counts,
        metavar="N,N",
        help="instead, time loading generated CSV and JSON files of N statements each, e.g. 100000,1000000",
    )
    benchmark.set_defaults(run=cmd_benchmark, command_parser=benchmark)

    add_store_commands(commands)
    return parser


def add_store_commands(commands: argparse._SubParsersAction) -> None:
    who_help = f"who is making the change (default: ${USER_ENV}, else your login name)"
    importer = commands.add_parser(
        "import",
        help="add the statements of a CSV, XLSX, JSON or DNA file to the store, all or nothing, after a report",
    )
    importer.add_argument("file", metavar="FILE", help="a CSV, XLSX or JSON table of statements, or a DNA database")
    importer.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    importer.add_argument(
        "--country", metavar="CC", help="the country of rows without one (every DNA statement): a code or a name"
    )
    importer.add_argument("--sheet", metavar="NAME", help="an XLSX workbook's sheet (default: the first)")
    importer.add_argument(
        "--organizations",
        metavar="FILE.csv",
        help="DNA: a CSV file of organization,country lines (each organization's actors take its country)",
    )
    importer.add_argument(
        "--actor-type",
        dest="actor_type",
        type=checked_value(check_actor_type, lower_strip),
        default="other",
        metavar="TYPE",
        help="DNA: the actors' type (default other): " + " | ".join(ACTOR_TYPE_KEYS),
    )
    importer.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="import statements the store has already (same actor, proposal, date, position, source); default: skip",
    )
    importer.add_argument("--who", metavar="NAME", help=who_help)
    importer.set_defaults(run=cmd_import, command_parser=importer)

    history = commands.add_parser("history", help="the store's change log, latest first")
    history.add_argument("--since", type=iso_date, metavar="DATE", help="changes on or after this day, YYYY-MM-DD")
    history.add_argument("--actor", metavar="NAME", help="changes to this actor's statements (part of the name)")
    history.add_argument("--limit", type=positive_int, metavar="N", help="the latest N changes only")
    history.set_defaults(run=cmd_history, command_parser=history)

    undo = commands.add_parser("undo", help="undo one change of the store's log (itself recorded)")
    undo.add_argument("change", type=positive_int, metavar="CHANGE_ID", help="its number in `history`")
    undo.add_argument("--who", metavar="NAME", help=who_help)
    undo.set_defaults(run=cmd_undo, command_parser=undo)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return run(args)
    except SystemExit as done:  # argparse: --help (0) or a usage error (2)
        return done.code if isinstance(done.code, int) else 2
    except KeyboardInterrupt:
        return 130


def run(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except UsageError as error:
        command_parser: argparse.ArgumentParser = args.command_parser
        command_parser.error(str(error))  # prints the command's usage, exits 2
    except DataError as error:
        for problem in error.problems:
            say(str(problem))
        return 1
    except Failure as error:
        say(f"stance {args.command}: {error}")
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        say(f"stance {args.command}: {where}{error.strerror or error}")
        return 1
    except Exception as error:
        if not is_store_error(error):
            raise
        say(f"stance {args.command}: {error}")  # a conflict, an unknown change: the store says what to do
        return 1
