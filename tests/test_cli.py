"""The command line: exit codes, messages, and the export round trip.

Most tests call ``cli.main`` in this process (fast); a few run ``python -m stance`` for real.
"""
from __future__ import annotations

import csv
import struct
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, statement
from stance import cli
from stance.chart import ChartSpec
from stance.export import chart_bytes
from stance.load import load_dataset
from stance.model import ALL_COLUMNS, to_interchange
from stance.query import Filters


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_module(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stance", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def write_csv(path, rows) -> str:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ALL_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# ------------------------------------------------------------ validate
def test_validate_bundled_seeds_prints_one_summary_line():
    done = run_module("validate", "seeds")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "seeds: valid: 107 statements, 61 actors, 31 countries, 1 proposal, 2024-12-01 to 2025-12-17"
    ]
    assert done.stderr == ""


def test_validate_reports_every_problem_with_row_column_and_hint(tmp_path, capsys):
    path = write_csv(tmp_path / "bad.csv", [
        statement(id="a1", actor="Keir Starmer", country="UK"),
        statement(id="a2", actor="Donald Tusk", position="suport"),
        statement(id="a3", actor="Petr Pavel", country="CZ", date="2025-13-01"),
        statement(id="a4", actor="Mark Rutte", country="NATO", url="nato.int/news"),
    ])
    code, out, err = run(capsys, "validate", path)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{path}:2:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)",
        f"{path}:3:position: 'suport' is not a position; use one of support, hesitant, opposed, denied (did you mean 'support'?)",
        f"{path}:4:date: '2025-13-01' is not a real calendar date",
        f"{path}:5:url: 'nato.int/news' is not a full link (did you mean 'https://nato.int/news'?)",
        f"{path}: invalid: 4 problems",
    ]


@pytest.mark.parametrize("name, content, message", [
    ("missing.csv", None, "no such file or folder"),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "is not UTF-8 text"),
    ("nul.csv", b"id,date\n\x00\x00\n", "is a binary file"),
    ("empty.csv", b"", "is empty"),
    ("table.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
    ("broken.json", b"{\"statements\": [", "is not valid JSON"),
])
def test_validate_unreadable_input_is_a_message_not_a_traceback(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = run_module("validate", str(path))
    assert done.returncode == 1
    assert message in done.stderr
    assert done.stderr.startswith(f"{path}:")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "validate")[0] == 2
    assert run(capsys, "export", "--format", "xml")[0] == 2


@pytest.mark.parametrize("argv, option, hint", [
    (["--country", "UK"], "--country", "did you mean 'GB'?"),
    (["--from", "2025-13-01"], "--from", "not a real calendar date"),
    (["--to", "17/12/2025"], "--to", "YYYY-MM-DD"),
    (["--position", "suport"], "--position", "did you mean 'support'?"),
    (["--attribution", "anon"], "--attribution", "did you mean 'anonymous'?"),
    (["--proposal", "eu-peacekeepers"], "--proposal", "did you mean 'eu-peacekeepers-ukraine'?"),
    (["--from", "2025-06-01", "--to", "2025-01-01"], "--to", "before --from"),
])
def test_bad_filter_values_name_the_option_and_hint(capsys, argv, option, hint):
    code, out, err = run(capsys, "export", *argv)
    assert code == 2 and out == ""
    assert f"argument {option}:" in err and hint in err


# ------------------------------------------------------------ export
def test_export_filters_by_country_and_date_and_round_trips(tmp_path, capsys, bundled):
    out = tmp_path / "export.csv"
    code, _, err = run(capsys, "export", "--country", "gb", "PL", "--from", "2025-01-01", "--to", "2025-06-30",
                       "--out", str(out))
    assert code == 0, err
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(ALL_COLUMNS)
    assert {r["country"] for r in rows} == {"GB", "PL"}
    assert all("2025-01-01" <= r["date"] <= "2025-06-30" for r in rows)
    wanted = Filters(countries=("GB", "PL"), date_from=pd.Timestamp("2025-01-01").date(),
                     date_to=pd.Timestamp("2025-06-30").date()).apply(bundled.statements)
    assert len(rows) == len(wanted) > 5

    assert run(capsys, "validate", str(out))[0] == 0
    pd.testing.assert_frame_equal(to_interchange(load_dataset(out).statements), to_interchange(wanted))


def test_export_to_stdout_defaults_to_csv_of_everything(capsys, bundled):
    code, out, _ = run(capsys, "export")
    assert code == 0
    assert out.splitlines()[0] == ",".join(ALL_COLUMNS)
    assert len(list(csv.reader(out.splitlines()))) == len(bundled.statements) + 1


def test_export_json_keeps_proposal_titles_and_loads_back(tmp_path, capsys, bundled):
    out = tmp_path / "poland.json"
    assert run(capsys, "export", "--country", "PL", "--position", "denied", "--format", "json", "--out", str(out))[0] == 0
    loaded = load_dataset(out)
    assert loaded.proposals == bundled.proposals
    assert set(loaded.statements["country"]) == {"PL"} and set(loaded.statements["position"]) == {"denied"}
    wanted = Filters(countries=("PL",), positions=("denied",)).apply(bundled.statements)
    pd.testing.assert_frame_equal(to_interchange(loaded.statements), to_interchange(wanted))


def test_export_escapes_formula_cells_and_loads_them_back_unchanged(tmp_path, capsys):
    quote = '=HYPERLINK("http://evil.example","click")'
    data = write_csv(tmp_path / "in.csv", [statement(quote=quote, notes="+1 and -1")])
    out = tmp_path / "out.csv"
    assert run(capsys, "export", "--data", data, "--out", str(out))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'+1 and -1" in text
    loaded = load_dataset(out).statements.iloc[0]
    assert loaded["quote"] == quote and loaded["notes"] == "+1 and -1"


def test_export_reads_stance_data_from_the_environment(tmp_path, capsys, monkeypatch):
    data = write_csv(tmp_path / "mine.csv", [statement(id="only-one")])
    monkeypatch.setenv("STANCE_DATA", data)
    code, out, _ = run(capsys, "export")
    assert code == 0 and "only-one" in out and len(out.splitlines()) == 2


def test_export_of_invalid_data_lists_problems_and_exits_1(tmp_path, capsys):
    data = write_csv(tmp_path / "bad.csv", [statement(country="UK")])
    code, out, err = run(capsys, "export", "--data", data)
    assert code == 1 and out == ""
    assert err.splitlines() == [f"{data}:2:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)"]


def test_export_into_a_missing_folder_fails_cleanly_and_leaves_no_file(tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "out.csv"
    done = run_module("export", "--out", str(target))
    assert done.returncode == 1
    assert str(target) in done.stderr and "No such file or directory" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------ chart (one real render)
def test_chart_writes_the_same_file_as_the_apps_download(tmp_path, capsys, bundled):
    out = tmp_path / "poland.png"
    code, _, err = run(capsys, "chart", "timeline", "--country", "pl", "--size", "square", "--out", str(out))
    assert code == 0, err
    assert png_size(out.read_bytes()) == (1080, 1080)
    spec = ChartSpec("timeline", Filters(countries=("PL",)), size="square")
    assert out.read_bytes() == chart_bytes(spec, bundled, "png")  # what the app's download button serves


def test_chart_usage_and_empty_selection_errors(tmp_path, capsys):
    code, _, err = run(capsys, "chart", "timeline", "--out", str(tmp_path / "chart.gif"))
    assert code == 2 and "argument --out:" in err and ".png" in err
    assert run(capsys, "chart", "pie", "--out", str(tmp_path / "c.png"))[0] == 2
    assert run(capsys, "chart", "timeline", "--scale", "3", "--out", str(tmp_path / "c.png"))[0] == 2
    code, _, err = run(capsys, "chart", "matrix", "--country", "IS", "--out", str(tmp_path / "c.png"))
    assert code == 1 and "no statements match" in err
    assert list(tmp_path.iterdir()) == []
