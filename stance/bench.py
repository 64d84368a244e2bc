"""Loading benchmark: generated CSV and JSON files of given sizes, loaded and timed.

    python -m stance benchmark --load 100000,1000000

Each file is loaded in a fresh Python process, so one load's memory is measured alone: the peak
is that process's resident set high-water mark (``VmHWM`` in ``/proc/self/status``), which
includes the interpreter, pandas and pyarrow (the "start" column: the same measure after the
imports, before loading). Times are wall-clock seconds for reading (parsing, stripping),
validating, and building the dataset (dates, order, revision); their sum is what
``load_dataset`` costs. Generating and writing the files is not timed.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

# Seconds to load and validate a CSV file of this many statements, on the project's 2-core machine.
TARGETS = {100_000: 1.5, 1_000_000: 15.0}
FORMATS = ("csv", "json")


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
            # spawn: a new interpreter, whose peak memory is this load's alone
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as worker:
                read, validate, build, start_mb, peak_mb = worker.submit(measure_load, str(path)).result()
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
