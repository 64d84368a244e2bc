"""Benchmarks: the whole path from a data file to a chart on the page, and loading alone.

    python -m stance bench --sizes 1000,10000,100000,1000000 [--browser]
    python -m stance benchmark --load 100000,1000000

``bench`` generates a dataset of each size with :mod:`stance.synth` (kept in a cache folder,
so a rerun starts at once) and prints one table per size: loading in a fresh process (time and
peak memory, the first load of the file and a cold load once the load cache exists), the app
script's first run on a cold start; then per chart kind, for the default view and after a
filter change (the country with most statements): the time spent filtering and aggregating,
the figure build, the figure's payload (the JSON the page receives), the app script's rerun
(AppTest) beside a *floor* (a bare Streamlit script showing the same figures, prebuilt) and
the ratio of the two, and the chart's export to PNG at slide size. Issue 9's targets follow
each table with a pass/fail mark. The Streamlit and browser parts are in :mod:`stance.bench_page`.

Peak memory is a fresh process's resident set high-water mark (``VmHWM`` in
``/proc/self/status``), which includes the interpreter, pandas and pyarrow. Times are
wall-clock seconds (milliseconds where the column says ms).

``benchmark --load`` times loading generated CSV and JSON files alone: reading (parsing,
stripping), validating and building the dataset (dates, order, revision); their sum is what
``load_dataset`` costs. Generating and writing the files is not timed.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import os
import pickle
import platform
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

# Seconds to load and validate a CSV file of this many statements, on the project's 2-core machine.
TARGETS = {100_000: 1.5, 1_000_000: 15.0}
FORMATS = ("csv", "json")
BENCH_SIZES = (1_000, 10_000, 100_000, 1_000_000)
BROWSER_SIZES = (100_000,)
MILLION = 1_000_000
MILLION_ACTORS = 5_000  # issue 9's million statements are by 5,000 actors (synth's default: 31,623)
CACHE_ENV = "STANCE_BENCH_CACHE"  # where generated datasets are kept between runs
ALL_VIEW = "all"  # the default view: no filter
WARM_UP_ROWS = 200


@dataclass(frozen=True)
class LoadTiming:
    statements: int
    format: str
    file_mb: float
    read_s: float
    validate_s: float
    build_s: float
    start_mb: float
    peak_mb: float

    @property
    def total_s(self) -> float:
        return self.read_s + self.validate_s + self.build_s

    @property
    def target_s(self) -> float | None:
        return TARGETS.get(self.statements) if self.format == "csv" else None


def statement_counts(text: str) -> tuple[int, ...]:
    """An argparse ``type``: '100000,1000000' (underscores allowed: 100_000)."""
    counts = []
    for part in text.split(","):
        digits = part.strip().replace("_", "")
        if not digits.isdigit() or int(digits) < 1:
            message = f"'{text}' is not a list of whole numbers of at least 1, e.g. 100000,1000000"
            raise argparse.ArgumentTypeError(message)
        counts.append(int(digits))
    return tuple(counts)


def write_files(counts: tuple[int, ...], folder: Path) -> list[tuple[int, str, Path]]:
    """One generated CSV and JSON interchange file per size (JSON without indentation: quicker to write)."""
    from .formats import table_to_csv
    from .synth import synthetic_statements

    files = []
    for count in counts:
        table = synthetic_statements(count)
        csv_path = folder / f"statements-{count}.csv"
        csv_path.write_text(table_to_csv(table), encoding="utf-8")
        json_path = folder / f"statements-{count}.json"
        table.to_json(json_path, orient="records", force_ascii=False)
        files += [(count, "csv", csv_path), (count, "json", json_path)]
    return files


def measure_load(path: str) -> tuple[float, float, float, float, float]:
    """In a fresh process: read, validate, build; then the memory before and at the peak (MB)."""
    from .formats import read_dataset
    from .load import dataset_from

    start_mb = _peak_mb()
    started = time.perf_counter()
    reading = read_dataset(Path(path))
    read = time.perf_counter()
    problems = reading.problems()
    validated = time.perf_counter()
    if problems:
        raise ValueError(f"{path}: generated data is invalid: {problems[0]}")
    dataset_from(reading, Path(path))
    built = time.perf_counter()
    return read - started, validated - read, built - validated, start_mb, _peak_mb()


def in_fresh_process(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a new interpreter (spawn): its imports, caches and peak memory are its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as worker:
        return worker.submit(function, *args).result()


def _peak_mb() -> float:
    """The resident set's high-water mark: VmHWM, which starts afresh in a new program (Linux).

    getrusage's ru_maxrss would carry over the parent's peak (the generated tables) into the
    spawned process; it is the fallback where /proc is missing.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024


def benchmark_load(counts: tuple[int, ...], folder: Path | None = None) -> list[LoadTiming]:
    """Write generated files of each size (into ``folder``, else a temporary one) and time loading each."""
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as scratch:
        files = write_files(counts, folder or Path(scratch))
        timings = []
        for count, fmt, path in files:
            read, validate, build, start_mb, peak_mb = in_fresh_process(measure_load, str(path))
            timings.append(LoadTiming(count, fmt, path.stat().st_size / 1e6, read, validate, build, start_mb, peak_mb))
        return timings


def load_table(timings: list[LoadTiming]) -> str:
    """The benchmark's table; targets are for CSV (JSON has none)."""
    lines = [
        f"{'statements':>10}  {'format':<6} {'file MB':>8} {'read s':>7} {'validate s':>10} {'build s':>8} "
        f"{'total s':>8} {'start MB':>9} {'peak MB':>8}  target"
    ]
    for t in timings:
        if t.target_s is None:
            verdict = "-"
        else:
            verdict = f"{'met' if t.total_s < t.target_s else 'MISSED'} (under {t.target_s:g} s)"
        lines.append(
            f"{t.statements:>10,}  {t.format:<6} {t.file_mb:>8.1f} {t.read_s:>7.2f} {t.validate_s:>10.2f} "
            f"{t.build_s:>8.2f} {t.total_s:>8.2f} {t.start_mb:>9.0f} {t.peak_mb:>8.0f}  {verdict}"
        )
    lines.append(
        "peak MB: the loading process's resident set high-water mark (VmHWM in /proc/self/status); "
        "start MB: the same after its imports"
    )
    return "\n".join(lines)


# ---------------------------------------------------------------- bench: the whole path, per size
def cache_folder() -> Path:
    """Where generated datasets are kept: $STANCE_BENCH_CACHE, else stance-bench in the temporary folder."""
    return Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "stance-bench")


def generated_file(count: int, folder: Path) -> Path:
    """A generated CSV of ``count`` statements in ``folder``, written on first use only.

    A million statements and more are issue 9's shape (5,000 actors); smaller sizes take synth's
    defaults. Both give 60 countries and 20 proposals.
    """
    from .formats import atomic_write, table_to_csv
    from .synth import synthetic_statements

    actors = MILLION_ACTORS if count >= MILLION else None
    path = folder / f"synth-{count}-actors-{actors or 'default'}-seed-0.csv"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, table_to_csv(synthetic_statements(count, actors=actors)).encode("utf-8"))
    return path


def is_store(source: str) -> bool:
    """Whether a measured source is a store (an SQLAlchemy URL) rather than a data file."""
    return "://" in source


def load_source(source: str) -> Any:
    """The Dataset of a data file, or of a store as the app opens it (its columnar copy once made)."""
    from .load import load_dataset, store_dataset

    if not is_store(source):
        return load_dataset(source)
    from .store import Store

    return store_dataset(Store.open(source, seed=None))


def source_env(source: str) -> dict[str, str]:
    """How the app and the floor are pointed at the source: $STANCE_DB for a store, $STANCE_DATA for a file."""
    from .load import DATA_ENV
    from .store import DB_ENV

    return {DB_ENV: source} if is_store(source) else {DATA_ENV: source}


def source_cache(source: str) -> Path:
    """The load cache's copy of the source (stance.cache); a store's is named by the URL its engine
    connects to (load.store_dataset), which the store need not be opened to know."""
    from . import cache

    if not is_store(source):
        return cache.cache_path(Path(source))
    from .store import database_url

    return cache.cache_path(database_url(source).render_as_string(hide_password=True))


def filled_store(path: Path, store: str, folder: Path) -> str:
    """The URL of a store holding the generated file at ``path``. ``store``: "sqlite" (a file beside
    the generated data, filled once and kept) or a URL, whose content is replaced."""
    from .load import load_dataset
    from .store import Store

    if store == "sqlite":
        target = folder / f"{path.stem}.sqlite"
        url = f"sqlite:///{target}"
        if not target.exists():
            partial = folder / f"{path.stem}.filling.sqlite"
            partial.unlink(missing_ok=True)
            Store.open(f"sqlite:///{partial}", seed=path).engine.dispose()  # closed: its write-ahead log folded in
            partial.rename(target)  # a store half filled (an interrupted run) is never used
        return url
    Store.open(store, seed=None).replace(load_dataset(path), who="stance bench", note=path.name)
    return store


@dataclass(frozen=True)
class Shape:
    statements: int
    actors: int
    countries: int
    proposals: int
    busiest_country: str  # the filter change: this country alone


@dataclass(frozen=True)
class ChartTiming:
    """One figure as the app builds it (screen size): data-layer time, whole build, payload."""

    kind: str
    view: str  # ALL_VIEW, or the country code the filter keeps
    aggregate_s: float
    build_s: float
    payload_bytes: int
    error: str = ""  # why the figure could not be built (the other fields are 0 then)


def timed_load(source: str) -> tuple[float, float]:
    """Seconds to load the dataset (a file, or a store), and the process's peak memory (MB) after it."""
    started = time.perf_counter()
    load_source(source)
    return time.perf_counter() - started, _peak_mb()


# The modules that filter and aggregate: what a figure's build spends in them is "filter + aggregate".
DATA_MODULES = ("stance.query", "stance.analysis", "stance.positions", "stance.lanes", "stance.words")


@contextmanager
def data_layer_clock() -> Iterator[list[float]]:
    """Adds up the seconds spent in the data modules' functions while the block runs (outermost calls only).

    Each module-level function of :data:`DATA_MODULES` and ``Filters.apply`` is wrapped for the
    block; calls from one into another count once. Functions a drawer imported by name before
    the block (``from ..positions import x``) are not seen, so this is a lower bound.
    """
    import importlib

    from .query import Filters

    spent = [0.0]
    depth = [0]

    def clocked(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return function(*args, **kwargs)
            depth[0] += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started
                depth[0] -= 1

        return run

    originals: list[tuple[Any, str, Any]] = [(Filters, "apply", Filters.apply)]
    for name in DATA_MODULES:
        module = importlib.import_module(name)
        originals += [
            (module, attribute, value)
            for attribute, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == name
        ]
    for owner, attribute, value in originals:
        setattr(owner, attribute, clocked(value))
    try:
        yield spent
    finally:
        for owner, attribute, value in originals:
            setattr(owner, attribute, value)


def measure_charts(source: str, kinds: tuple[str, ...], figures_path: str) -> tuple[Shape, list[ChartTiming], float]:
    """Build every kind's figure as the app does (screen size), for the default view and one country.

    The figures are pickled to ``figures_path`` for the floor script. Returns the data's shape,
    the timings and the process's peak memory (MB): loading plus every figure.
    """
    import plotly.io as pio

    from .chart import ChartSpec, app_base
    from .codebook import country_label
    from .figures import build_figure
    from .query import Filters

    dataset = load_source(source)
    s = dataset.statements
    sample = replace(dataset, statements=s.head(WARM_UP_ROWS))
    for kind in kinds:  # imports every drawer (and Plotly's validators) before anything is timed
        build_figure(ChartSpec(kind), sample, app_url=app_base())
    busiest = str(s["country"].value_counts().index[0])
    shape = Shape(len(s), s["actor"].nunique(), s["country"].nunique(), s["proposal"].nunique(), busiest)
    timings = []
    figures: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        for view, filters in ((ALL_VIEW, Filters()), (busiest, Filters(countries=(busiest,)))):
            started = time.perf_counter()
            with data_layer_clock() as aggregate:
                fig = attempt(functools.partial(build_figure, app_url=app_base()), ChartSpec(kind, filters), dataset)
            built = time.perf_counter() - started
            if isinstance(fig, str):
                timings.append(ChartTiming(kind, view, 0, 0, 0, error=fig))
                continue
            payload = len(pio.to_json(fig, validate=False).encode("utf-8"))  # what st.plotly_chart sends
            timings.append(ChartTiming(kind, view, aggregate[0], built, payload))
            figures.setdefault(kind, {})[ALL_VIEW if view == ALL_VIEW else "country"] = fig
    with open(figures_path, "wb") as out:
        pickle.dump({"country": busiest, "country_label": country_label(busiest), "figures": figures}, out)
    return shape, timings, _peak_mb()


def export_times(source: str, kinds: tuple[str, ...], country: str) -> dict[tuple[str, str], float | str]:
    """Seconds to export each kind's chart as PNG at slide size (Chromium started first, once); a failure's message."""
    from .chart import ChartSpec
    from .export import ExportError, chart_bytes, start_server
    from .query import Filters

    dataset = load_source(source)
    try:
        start_server()
    except ExportError as error:
        return {(kind, view): str(error) for kind in kinds for view in (ALL_VIEW, country)}
    times: dict[tuple[str, str], float | str] = {}
    for kind in kinds:
        for view, filters in ((ALL_VIEW, Filters()), (country, Filters(countries=(country,)))):
            started = time.perf_counter()
            try:
                chart_bytes(ChartSpec(kind, filters, size="slide"), dataset, "png")
            except (ExportError, ValueError) as error:
                times[kind, view] = str(error)
                continue
            times[kind, view] = time.perf_counter() - started
    return times


# ---------------------------------------------------------------- one size, measured and tabled
@dataclass(frozen=True)
class ChartRow:
    """One chart kind in one view: its figure, the app's script run beside the floor's, its export."""

    timing: ChartTiming
    app_s: float | str  # a warm rerun of the default view; the filter change for a country's view; or why it failed
    floor_s: float | str
    export: float | str  # seconds, or why it failed

    @property
    def is_change(self) -> bool:
        return self.timing.view != ALL_VIEW


@dataclass(frozen=True)
class SizeResult:
    shape: Shape
    file: Path
    first_load: tuple[float, float]  # seconds, peak MB: the first load of the file
    cached_load: tuple[float, float]  # the same, in another fresh process: the first load's cache in place
    cached: bool  # whether the first load wrote a cache (stance.cache)
    charts_peak_mb: float  # a fresh process that loads the data and builds every figure
    app_first_s: float | str  # the app script's first run on a cold start (fresh process, first kind), or why it failed
    floor_first_s: float | str
    rows: tuple[ChartRow, ...]
    store: str = ""  # the store the data was read from (its URL, no password); "" for the file itself

    @property
    def peak_mb(self) -> float:
        return max(self.first_load[1], self.cached_load[1], self.charts_peak_mb)


@dataclass(frozen=True)
class BrowserResult:
    statements: int
    rows: dict[str, tuple[Any, Any]]  # kind: (app's BrowserTimes, floor's)


def attempt(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)``, or what went wrong as a line of text: one view failing does not stop a long run."""
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - reported in the table, beside the views that worked
        text = " ".join(str(error).split()) or type(error).__name__
        return text if len(text) <= 200 else text[:197] + "..."


def _of(runs: dict[str, Any] | str, kind: str) -> Any:
    """A kind's script times, or why the whole process failed."""
    return runs if isinstance(runs, str) else runs[kind]


def run_seconds(times: Any, view: str) -> float | str:
    """The script's seconds for a row: the warm rerun for the default view, the filter change for a country's."""
    if isinstance(times, str):
        return times
    return times.rerun_s if view == ALL_VIEW else times.change_s


def seconds(value: float | str) -> float:
    """A measurement for a target: a failure counts as missing it."""
    return float("inf") if isinstance(value, str) else value


def offered_kinds(kinds: tuple[str, ...], proposals: int) -> tuple[str, ...]:
    """The kinds the app offers for this data (actor x proposal only with several proposals)."""
    from .kinds import KINDS

    return tuple(k for k in kinds if proposals > 1 or not KINDS[k].needs_several_proposals)


def figures_file(work: Path, data: Path) -> Path:
    """Where the figures of ``data`` are pickled for the floor script."""
    return work / f"figures-{data.stem}.pickle"


def measure_size(path: Path, kinds: tuple[str, ...], work: Path, store: str = "") -> SizeResult:
    """Every measurement of the table for one generated file, read from the file itself or from a
    store holding it (``store``: its URL); ``work`` holds the figures and the floor script."""
    from . import bench_page

    source = store or str(path)
    source_cache(source).unlink(missing_ok=True)  # the first load reads the file (or the store) itself
    first_load = in_fresh_process(timed_load, source)
    cached = source_cache(source).exists()
    cached_load = in_fresh_process(timed_load, source)
    figures_path = figures_file(work, path)
    shape, timings, charts_peak = in_fresh_process(measure_charts, source, kinds, str(figures_path))
    kinds = offered_kinds(kinds, shape.proposals)
    floor = bench_page.write_floor(work)
    app_env = source_env(source)
    floor_env = {bench_page.FIGURES_ENV: str(figures_path)}
    app_first = attempt(in_fresh_process, bench_page.first_run_s, str(bench_page.APP), app_env, kinds[0])
    floor_first = attempt(in_fresh_process, bench_page.first_run_s, str(floor), floor_env, kinds[0])
    country = shape.busiest_country
    # The app's sessions and the floor's each in a fresh process of their own, as each would be served.
    app_runs = attempt(in_fresh_process, bench_page.every_script_times, bench_page.APP, app_env, kinds, country)
    floor_runs = attempt(in_fresh_process, bench_page.every_script_times, floor, floor_env, kinds, country)
    runs = {kind: (_of(app_runs, kind), _of(floor_runs, kind)) for kind in kinds}
    exports = export_times(source, kinds, country)
    rows = [
        ChartRow(
            timing,
            run_seconds(runs[timing.kind][0], timing.view),
            run_seconds(runs[timing.kind][1], timing.view),
            exports[timing.kind, timing.view],
        )
        for timing in timings
        if timing.kind in runs
    ]
    return SizeResult(
        shape, path, first_load, cached_load, cached, charts_peak, app_first, floor_first, tuple(rows), _shown(store)
    )


def _shown(store: str) -> str:
    """A store's URL as tables show it: without its password."""
    if not store:
        return ""
    import sqlalchemy

    return sqlalchemy.make_url(store).render_as_string(hide_password=True)


@dataclass(frozen=True)
class Target:
    """One of issue 9's targets: set for a size, it bounds every smaller size too."""

    statements: int
    what: str
    limit: float
    unit: str
    worst: Callable[[Any], tuple[float, str]]  # the measured value that decides, and where it was measured
    digits: int = 2

    def line(self, result: Any) -> str:
        value, where = self.worst(result)
        mark = "pass" if value < self.limit else "FAIL"
        at = f", {where}" if where else ""
        return (
            f"  {mark}  {self.what}: {value:,.{self.digits}f} {self.unit}{at} "
            f"(target: under {self.limit:,g} {self.unit}, set for {self.statements:,})"
        )


def _worst(rows: list[tuple[float, str]]) -> tuple[float, str]:
    return max(rows, default=(0.0, ""))


def _changes(result: SizeResult) -> tuple[float, str]:
    return _worst([(seconds(r.app_s), r.timing.kind) for r in result.rows if r.is_change])


def _exports(result: SizeResult) -> tuple[float, str]:
    return _worst([(seconds(r.export), f"{r.timing.kind} ({r.timing.view})") for r in result.rows])


def _browser(times: Any, measure: str) -> float:
    """A browser measurement for a target; a failed view counts as missing it."""
    return float("inf") if isinstance(times, str) else getattr(times, measure)


def _first_pages(result: BrowserResult) -> tuple[float, str]:
    return _worst(
        [(_browser(app, "first_s") - _browser(floor, "first_s"), k) for k, (app, floor) in result.rows.items()]
    )


def _browser_changes(result: BrowserResult) -> tuple[float, str]:
    return _worst([(_browser(app, "change_s"), kind) for kind, (app, _) in result.rows.items()])


SERVER_TARGETS = (
    Target(MILLION, "first script run on a cold start, server side", 5, "s", lambda r: (seconds(r.app_first_s), "")),
    Target(MILLION, "a filter change, server side", 1, "s", _changes),
    Target(MILLION, "peak memory", 2048, "MB", lambda r: (r.peak_mb, ""), digits=0),
    Target(
        MILLION,
        "every chart's payload",
        2,
        "MB",
        lambda r: _worst([(x.timing.payload_bytes / 2**20, f"{x.timing.kind} ({x.timing.view})") for x in r.rows]),
    ),
    Target(MILLION, "any chart exported", 5, "s", _exports),
    Target(100_000, "a filter change, server side", 0.3, "s", _changes),
)
BROWSER_TARGETS = (
    Target(
        MILLION,
        "first page drawn, beyond the floor's",
        2,
        "s",
        lambda r: _worst(
            [(_browser(app, "first_s") - _browser(floor, "first_s"), k) for k, (app, floor) in r.rows.items()]
        ),
    ),
    Target(
        100_000,
        "a filter change until the charts are redrawn",
        2,
        "s",
        _browser_changes,
    ),
)


def target_lines(targets: tuple[Target, ...], statements: int, result: Any) -> list[str]:
    applying = [t for t in targets if statements <= t.statements]
    if not applying:
        return ["  no targets: issue 9 sets them up to 1,000,000 statements"]
    return ["targets (issue 9; a target set for a size bounds every smaller one):"] + [t.line(result) for t in applying]


def ratio(app: float | str, floor: float | str) -> str:
    if isinstance(app, str) or isinstance(floor, str) or floor <= 0:
        return "-"
    return f"{app / floor:.1f}x"


def cell(value: float | str, width: int, scale: float = 1, digits: int = 2) -> str:
    """A measurement right-aligned in ``width`` characters, or 'failed' (the reason is listed below the table)."""
    if isinstance(value, str):
        return f"{'failed':>{width}}"
    return f"{value * scale:>{width},.{digits}f}"


def failure_lines(failures: dict[str, float | str]) -> list[str]:
    return [f"  {where} failed: {value}" for where, value in failures.items() if isinstance(value, str)]


def data_mb(path: Path) -> float:
    """The size of a data file, or of the files of a seeds folder."""
    files = [f for f in path.iterdir() if f.is_file()] if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files) / 1e6


def size_table(result: SizeResult) -> str:
    """The table for one size, with issue 9's targets below it."""
    s = result.shape
    first_kind = result.rows[0].timing.kind if result.rows else "-"
    read_from = f", read from the store {result.store}" if result.store else ""
    lines = [
        f"== {s.statements:,} statements: {s.actors:,} actors, {s.countries} countries, {s.proposals} proposals "
        f"({result.file.name}, {data_mb(result.file):.1f} MB{read_from})",
        f"{'load, in a fresh process':<44} {'s':>8} {'peak MB':>8}",
        f"{'  first load of the ' + ('store' if result.store else 'file'):<44} {cell(result.first_load[0], 8)} "
        f"{cell(result.first_load[1], 8, digits=0)}",
        f"{'  cold load, ' + ('from the load cache' if result.cached else 'again (no load cache written)'):<44} "
        f"{cell(result.cached_load[0], 8)} {cell(result.cached_load[1], 8, digits=0)}",
        f"{'  load, then build every figure below':<44} {'':>8} {cell(result.charts_peak_mb, 8, digits=0)}",
        f"{'app script, first run on a cold start':<44} {'app s':>8} {'floor s':>8} {'ratio':>6}",
        f"{'  ' + first_kind + ', all statements':<44} {cell(result.app_first_s, 8)} "
        f"{cell(result.floor_first_s, 8)} {ratio(result.app_first_s, result.floor_first_s):>6}",
        f"{'chart':<16} {'view':<20} {'filter+agg ms':>13} {'build ms':>9} {'payload B':>11} "
        f"{'app s':>7} {'floor s':>7} {'ratio':>6} {'export s':>9}",
    ]
    failures: dict[str, float | str] = {
        "app script, first run": result.app_first_s,
        "floor script, first run": result.floor_first_s,
    }
    for row in result.rows:
        t = row.timing
        view = "all (warm rerun)" if t.view == ALL_VIEW else f"{t.view} (filter change)"
        build: float | str = t.error or t.build_s
        lines.append(
            f"{t.kind:<16} {view:<20} {cell(t.error or t.aggregate_s, 13, 1000, 0)} {cell(build, 9, 1000, 0)} "
            f"{cell(t.error or t.payload_bytes, 11, digits=0)} {cell(row.app_s, 7)} {cell(row.floor_s, 7)} "
            f"{ratio(row.app_s, row.floor_s):>6} {cell(row.export, 9)}"
        )
        for part, value in (("figure", build), ("app", row.app_s), ("floor", row.floor_s), ("export", row.export)):
            failures[f"{t.kind} ({t.view}), {part}"] = value
    lines += failure_lines(failures)
    lines.append(
        "filter+agg: the part of the build spent in stance.query/analysis/positions/lanes/words; build: the whole "
        "figure at screen size; payload: its JSON; app and floor: the script's run (AppTest), floor = a bare "
        "Streamlit script showing the same figures prebuilt; export: PNG at slide size"
    )
    return "\n".join(lines + target_lines(SERVER_TARGETS, s.statements, result))


def browser_table(result: BrowserResult) -> str:
    from . import bench_page

    lines = [
        f"== in Chromium, {result.statements:,} statements (app against the floor, best of {bench_page.BROWSER_ROUNDS} "
        "openings; the first row's first opening is on cold servers)",
        f"{'chart':<16} {'page drawn s':>12} {'floor s':>8} {'app-floor s':>11} "
        f"{'filter change s':>15} {'floor s':>8} {'ratio':>6}",
    ]
    failures: dict[str, float | str] = {}
    for kind, (app, floor) in result.rows.items():
        if isinstance(app, str) or isinstance(floor, str):
            lines.append(f"{kind:<16} {'failed':>12}")
            failures |= {f"{kind}, app": app, f"{kind}, floor": floor}
            continue
        lines.append(
            f"{kind:<16} {app.first_s:>12.2f} {floor.first_s:>8.2f} {app.first_s - floor.first_s:>11.2f} "
            f"{app.change_s:>15.2f} {floor.change_s:>8.2f} {ratio(app.change_s, floor.change_s):>6}"
        )
    lines += failure_lines(failures)
    lines.append(
        "page drawn: from goto until the chart is drawn and the script has finished; filter change: from choosing "
        "the country in the sidebar until every chart's SVG is redrawn and the script has finished"
    )
    return "\n".join(lines + target_lines(BROWSER_TARGETS, result.statements, result))


def machine_line() -> str:
    """When and on what: the time (UTC), the cores, Python, and the load average (the machine may be shared)."""
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{when}: {os.cpu_count()} cores, Python {platform.python_version()}, load average {load}"


def run_bench(
    sizes: tuple[int, ...],
    kinds: tuple[str, ...],
    browser_sizes: tuple[int, ...] = (),
    cache: Path | None = None,
    report: Callable[[str], None] = print,
    datasets: tuple[Path, ...] = (),
    stores: tuple[str, ...] = (),
) -> None:
    """Measure each of ``datasets``, then a generated file of each size (and the page in the browser at
    ``browser_sizes``), read from the file and then from each of ``stores`` ("sqlite", or a store's
    URL: its content is replaced); report each table as soon as it is ready."""
    from . import bench_page
    from .codebook import country_label

    folder = cache or cache_folder()
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as scratch:
        work = Path(scratch)
        for path in datasets:
            started = machine_line()
            report(f"{size_table(measure_size(path, kinds, work))}\nmeasured from {started}")
        for count, store in ((c, s) for c in dict.fromkeys(sizes + browser_sizes) for s in ("", *stores)):
            path = generated_file(count, folder)
            url = filled_store(path, store, folder) if store else ""
            started = machine_line()
            result = measure_size(path, kinds, work, url)
            report(f"{size_table(result)}\nmeasured from {started}")
            if count in browser_sizes:
                shown = tuple(dict.fromkeys(r.timing.kind for r in result.rows))
                started = machine_line()
                times = attempt(
                    bench_page.browser_times,
                    source_env(url or str(path)),
                    figures_file(work, path),
                    bench_page.write_floor(work),
                    shown,
                    country_label(result.shape.busiest_country),
                    work,
                )
                if isinstance(times, str):
                    report(f"== in Chromium, {count:,} statements: failed: {times}")
                    continue
                report(f"{browser_table(BrowserResult(count, times))}\nmeasured from {started}")
