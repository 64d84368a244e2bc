"""The benchmark command (``stance bench``): its table, its targets and its argument errors.

The command runs here on a tiny generated dataset with two chart kinds, every measurement in
this process (``in_fresh_process`` calls directly) and the PNG export stubbed (no Chromium), so
the test checks what the table says, never how fast anything is.
"""

from __future__ import annotations

import re
import sys

import pytest

from stance import bench, cli, export
from stance.kinds import KINDS
from stance.query import Filters

COLUMNS = ("chart", "view", "filter+agg ms", "build ms", "payload B", "app s", "floor s", "ratio", "export s")


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(bench, "in_fresh_process", lambda function, *args: function(*args))
    monkeypatch.setattr(export, "start_server", lambda: None)
    monkeypatch.setattr(export, "chart_bytes", lambda spec, dataset, fmt, **options: b"\x89PNG")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_bench_prints_a_table_with_every_column_the_floor_and_the_targets(quick, capsys, tmp_path):
    main = sys.modules["__main__"]
    code, out, _ = run(capsys, "bench", "--sizes", "300", "--kinds", "timeline", "--cache", str(tmp_path))
    assert code == 0
    assert sys.modules["__main__"] is main  # AppTest's scripts are not left as __main__ for the next spawn
    assert re.search(r"^== 300 statements: \d+ actors, \d+ countries, 20 proposals", out, re.MULTILINE)
    header = next(line for line in out.splitlines() if line.startswith("chart "))
    assert all(column in header for column in COLUMNS)
    for label in ("first load of the file", "cold load", "load, then build every figure below"):
        assert re.search(rf"^  {label}.* \d+$", out, re.MULTILINE)
    first_run = next(line for line in out.splitlines() if line.startswith("  timeline, all statements"))
    assert re.search(r"\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\dx$", first_run)  # app s, floor s, ratio
    rows = [line for line in out.splitlines() if line.startswith("timeline ")]
    assert len(rows) == 2 and "all (warm rerun)" in rows[0] and "(filter change)" in rows[1]
    for row in rows:
        assert re.search(r"(\s+\d[\d,]*){3}(\s+\d+\.\d\d){2}\s+\d+\.\dx\s+\d+\.\d\d$", row), row
    assert "failed" not in out
    assert re.search(r"^  (pass|FAIL)  a filter change, server side: .* set for 100,000\)$", out, re.MULTILINE)
    assert list(tmp_path.glob("synth-300-*.csv"))  # the generated file stays for the next run


def test_bench_reads_the_same_data_from_a_store_too(quick, capsys, tmp_path):
    code, out, _ = run(
        capsys, "bench", "--sizes", "300", "--kinds", "shifts", "--store", "sqlite", "--cache", str(tmp_path)
    )
    assert code == 0
    tables = out.split("\n== ")
    from_file, from_store = (t for t in tables if "300 statements" in t)
    assert "read from the store sqlite:///" in from_store and "read from the store" not in from_file
    assert "first load of the store" in from_store
    shape = re.compile(r"300 statements: \d+ actors, \d+ countries, 20 proposals")
    assert shape.search(from_file).group() == shape.search(from_store).group()  # the same data
    assert list(tmp_path.glob("synth-300-*.sqlite")) and not list(tmp_path.glob("*.filling.sqlite"))
    assert "failed" not in out
    assert run(capsys, "bench", "--store", "mysql")[0] == 2


def test_the_table_has_a_row_per_kind_and_view_and_says_what_failed(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("id\n")
    rows = tuple(
        bench.ChartRow(bench.ChartTiming(kind, view, 0.01, 0.05, 1000), 0.2, 0.1, 1.5)
        for kind in KINDS
        for view in (bench.ALL_VIEW, "PL")
    )
    broken = bench.ChartRow(bench.ChartTiming("map", "PL", 0, 0, 0, error="KeyError: 'x'"), "no chart", 0.1, 1.0)
    result = bench.SizeResult(
        bench.Shape(1000, 100, 60, 20, "PL"), data, (1.0, 300), (0.5, 200), True, 400, 2.0, 0.5, rows + (broken,)
    )
    lines = bench.size_table(result).splitlines()
    for kind in KINDS:
        assert len([line for line in lines if line.startswith(kind + " ")]) == (3 if kind == "map" else 2)
    assert "  map (PL), figure failed: KeyError: 'x'" in lines and "  map (PL), app failed: no chart" in lines
    assert any(line.startswith("  FAIL  a filter change, server side: inf s, map") for line in lines)
    assert (
        "  pass  first script run on a cold start, server side: 2.00 s (target: under 5 s, set for 1,000,000)" in lines
    )


def test_a_target_fails_when_the_worst_measurement_misses_it():
    target = bench.Target(1_000_000, "a filter change, server side", 1, "s", lambda r: r)
    assert target.line((0.4, "matrix")).startswith("  pass  a filter change, server side: 0.40 s, matrix")
    assert target.line((1.5, "timeline")).startswith("  FAIL  ")


def test_targets_bound_smaller_sizes_only():
    result = bench.BrowserResult(1_000_000, {})
    at_a_million = bench.target_lines(bench.BROWSER_TARGETS, 1_000_000, result)
    assert any("beyond the floor's" in line for line in at_a_million)
    assert not any("set for 100,000" in line for line in at_a_million)
    assert "no targets" in bench.target_lines(bench.BROWSER_TARGETS, 2_000_000, result)[0]


def test_the_data_layer_clock_counts_filtering_and_puts_everything_back(sample):
    original = Filters.apply
    with bench.data_layer_clock() as spent:
        Filters(countries=("PL",)).apply(sample.statements)
    assert spent[0] > 0
    assert Filters.apply is original


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sizes", "0"], "argument --sizes: '0' is not a list of whole numbers of at least 1"),
        (["--sizes", "ten"], "argument --sizes: 'ten' is not a list of whole numbers"),
        (["--kinds", "pie"], "argument --kinds: invalid choice: 'pie'"),
        (["--browser-sizes", "1e5"], "argument --browser-sizes: '1e5' is not a list of whole numbers"),
        (["--data", "no-such.csv"], "argument --data: 'no-such.csv': no such file or folder"),
    ],
)
def test_bench_argument_errors_name_the_option(capsys, args, message):
    code, out, err = run(capsys, "bench", *args)
    assert code == 2 and out == ""
    assert message in err


def test_browser_times_keep_the_best_opening_of_each_measure_and_a_failure_only_when_all_failed():
    from stance.bench_page import BrowserTimes, best

    assert best([BrowserTimes(3.0, 1.0), "timed out", BrowserTimes(2.0, 4.0)]) == BrowserTimes(2.0, 1.0)
    assert best(["timed out", "no chart"]) == "timed out"
