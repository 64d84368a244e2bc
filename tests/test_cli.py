"""The command line: exit codes, messages, and the export round trip.

Most tests call ``cli.main`` in this process (fast); a few run ``python -m stance`` for real.
Data commands read the frozen sample (tests/fixtures/statements.csv) through ``--data``; the
README's own examples, on the bundled data, are run by tests/test_readme.py.
"""

from __future__ import annotations

import csv
import json
import struct
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from stance import cli
from stance.chart import ChartSpec
from stance.export import chart_bytes
from stance.load import load_dataset
from stance.model import ALL_COLUMNS
from stance.query import Filters

from conftest import ROOT, SAMPLE_CSV, TWO_PROPOSALS_JSON, statement

SAMPLE = str(SAMPLE_CSV)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_module(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stance", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )


def write_csv(path, rows) -> str:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ALL_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def fixture_rows(path=SAMPLE_CSV) -> dict[str, dict[str, str]]:
    """The sample's rows as written in the file, by id (read without Stance's loader)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


# ------------------------------------------------------------ validate
def test_validate_prints_one_summary_line():
    done = run_module("validate", "tests/fixtures/statements.csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "tests/fixtures/statements.csv: valid: 21 statements, 9 actors, 6 countries, 1 proposal, "
        "2024-12-01 to 2025-06-02"
    ]
    assert done.stderr == ""


def test_validate_counts_in_the_singular_and_several_proposals(tmp_path, capsys):
    one = write_csv(tmp_path / "one.csv", [statement(date="2025-03-04")])
    assert run(capsys, "validate", one) == (
        0,
        f"{one}: valid: 1 statement, 1 actor, 1 country, 1 proposal, 2025-03-04 to 2025-03-04\n",
        "",
    )
    code, out, _ = run(capsys, "validate", str(TWO_PROPOSALS_JSON))
    assert (code, out) == (
        0,
        f"{TWO_PROPOSALS_JSON}: valid: 6 statements, 2 actors, 2 countries, 2 proposals, 2025-01-13 to 2025-04-07\n",
    )


def test_validate_reports_every_problem_with_row_column_and_hint(tmp_path, capsys):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            statement(id="a1", actor="Keir Starmer", country="UK"),
            statement(id="a2", actor="Donald Tusk", position="suport"),
            statement(id="a3", actor="Petr Pavel", country="CZ", date="2025-13-01"),
            statement(id="a4", actor="Mark Rutte", country="NATO", url="nato.int/news"),
        ],
    )
    code, out, err = run(capsys, "validate", path)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{path}:2:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)",
        f"{path}:3:position: 'suport' is not a position; use one of support, hesitant, opposed, denied "
        "(did you mean 'support'?)",
        f"{path}:4:date: '2025-13-01' is not a real calendar date",
        f"{path}:5:url: 'nato.int/news' is not a full link (did you mean 'https://nato.int/news'?)",
        f"{path}: invalid: 4 problems",
    ]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.csv", None, "no such file or folder"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "is not UTF-8 text"),
        ("nul.csv", b"id,date\n\x00\x00\n", "is a binary file"),
        ("empty.csv", b"", "is empty"),
        ("table.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
        ("broken.json", b'{"statements": [', "is not valid JSON"),
    ],
)
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
    assert run(capsys, "chart")[0] == 2
    assert run(capsys, "benchmark", "--charts", "0")[0] == 2


@pytest.mark.parametrize(
    "argv, option, hint",
    [
        (["--country", "UK"], "--country", "did you mean 'GB'?"),
        (["--from", "2025-13-01"], "--from", "not a real calendar date"),
        (["--to", "17/12/2025"], "--to", "YYYY-MM-DD"),
        (["--position", "suport"], "--position", "did you mean 'support'?"),
        (["--attribution", "anon"], "--attribution", "did you mean 'anonymous'?"),
        (["--proposal", "air-sheild"], "--proposal", "did you mean 'air-shield'?"),
        (["--proposal", "zzz"], "--proposal", "this data has air-shield"),
        (["--from", "2025-06-01", "--to", "2025-01-01"], "--to", "before --from"),
    ],
)
def test_bad_filter_values_name_the_option_and_hint(capsys, argv, option, hint):
    code, out, err = run(capsys, "export", "--data", SAMPLE, *argv)
    assert code == 2 and out == ""
    assert f"argument {option}:" in err and hint in err


# ------------------------------------------------------------ export
def test_export_filters_by_country_and_date_and_round_trips(tmp_path, capsys):
    out = tmp_path / "export.csv"
    code, _, err = run(
        capsys,
        "export",
        "--data",
        SAMPLE,
        "--country",
        "gb",
        "PL",
        "--from",
        "2025-01-20",
        "--to",
        "2025-03-10",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert err == f"wrote 5 statements to {out}\n"
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(ALL_COLUMNS)
    # GB and PL from 20 Jan to 10 Mar, both days included: gb-01 and gb-02 (15 Jan) and pl-04 (14 Apr) are not
    expected = fixture_rows()
    assert rows == [expected[i] for i in ("pl-01", "pl-02", "gb-03", "pl-03", "gb-04")]
    assert run(capsys, "validate", str(out))[0] == 0


def test_export_to_stdout_defaults_to_csv_of_everything_byte_for_byte(capsys):
    code, out, err = run(capsys, "export", "--data", SAMPLE)
    assert (code, err) == (0, "")
    assert out == SAMPLE_CSV.read_text(encoding="utf-8")  # the fixture is written as Stance writes


def test_export_json_keeps_the_titles_of_the_proposals_it_holds(tmp_path, capsys):
    out = tmp_path / "poland.json"
    argv = ["export", "--data", str(TWO_PROPOSALS_JSON), "--country", "PL", "--position", "denied", "--out", str(out)]
    assert run(capsys, *argv)[0] == 0  # JSON from the file name
    loaded = load_dataset(out)
    assert loaded.proposals == {"air-shield": "A European air shield over Ukraine"}  # a1, a3: not grain-escort
    assert list(loaded.statements["id"]) == ["a1", "a3"]
    with open(TWO_PROPOSALS_JSON, encoding="utf-8") as handle:
        source = {s["id"]: s for s in json.load(handle)["statements"]}
    with open(out, encoding="utf-8") as handle:
        written = json.load(handle)
    assert written["statements"] == [source["a1"], source["a3"]]
    code, text, _ = run(capsys, "export", "--data", SAMPLE, "--country", "EU", "--format", "json")
    assert code == 0 and [s["id"] for s in json.loads(text)] == ["eu-01", "eu-02"]  # no titles: a plain list


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
    assert err.splitlines() == [
        f"{data}:2:country: 'UK' is not an ISO 3166-1 alpha-2 code (or EU, NATO) (did you mean 'GB'?)"
    ]


def test_export_into_a_missing_folder_fails_cleanly_and_leaves_no_file(tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "out.csv"
    done = run_module("export", "--data", SAMPLE, "--out", str(target))
    assert done.returncode == 1
    assert str(target) in done.stderr and "No such file or directory" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------ chart (one real render)
def test_chart_writes_the_same_file_as_the_apps_download(tmp_path, capsys, sample):
    out = tmp_path / "poland.png"
    code, _, err = run(
        capsys, "chart", "timeline", "--data", SAMPLE, "--country", "pl", "--size", "square", "--out", str(out)
    )
    assert code == 0, err
    assert png_size(out.read_bytes()) == (1080, 1080)
    spec = ChartSpec("timeline", Filters(countries=("PL",)), size="square")
    assert out.read_bytes() == chart_bytes(spec, sample, "png")  # what the app's download button serves


def test_chart_usage_and_empty_selection_errors(tmp_path, capsys):
    code, _, err = run(capsys, "chart", "timeline", "--out", str(tmp_path / "chart.gif"))
    assert code == 2 and "argument --out:" in err and ".png" in err
    assert run(capsys, "chart", "pie", "--out", str(tmp_path / "c.png"))[0] == 2
    assert run(capsys, "chart", "timeline", "--scale", "3", "--out", str(tmp_path / "c.png"))[0] == 2
    code, _, err = run(capsys, "chart", "matrix", "--data", SAMPLE, "--country", "IS", "--out", str(tmp_path / "c.png"))
    assert code == 1 and "no statements match" in err and "Iceland" in err
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- issue 7
def test_validate_of_a_header_only_csv_exits_1(tmp_path):
    path = write_csv(tmp_path / "file.csv", [])
    done = run_module("validate", path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{path}:1:: has a header but no statements; add at least one statement row",
        f"{path}: invalid: 1 problem",
    ]


def test_validate_of_deeply_nested_json_exits_1_without_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    done = run_module("validate", str(path))
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == f"{path}:1:: is nested too deeply; at most 20 levels"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "argv, option",
    [
        (["export", "--from", "0001-01-01"], "--from"),
        (["export", "--to", "9999-12-31"], "--to"),
        (["chart", "shifts", "--since", "2101-01-01", "--out", "x.png"], "--since"),
    ],
)
def test_implausible_dates_are_usage_errors(capsys, argv, option):
    code, out, err = run(capsys, *argv)
    value = argv[argv.index(option) + 1]
    assert code == 2
    assert f"argument {option}: '{value}' is outside 1900-2100; check the year" in err


@pytest.mark.parametrize("out", ["a.xlsx", "a.txt", "a.CSV.gz"])
def test_export_refuses_an_extension_it_cannot_write(tmp_path, capsys, out):
    code, _, err = run(capsys, "export", "--data", str(SAMPLE_CSV), "--out", str(tmp_path / out))
    assert code == 2
    assert f"argument --out: '{tmp_path / out}' does not end in .csv or .json; the extension picks the format" in err
    assert list(tmp_path.iterdir()) == []


def test_export_with_a_format_writes_any_name(tmp_path, capsys):
    out = tmp_path / "statements.txt"
    assert run(capsys, "export", "--data", str(SAMPLE_CSV), "--format", "json", "--out", str(out))[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["id"]


def test_chart_title_has_the_apps_limit(tmp_path, capsys):
    from stance.chart import MAX_TITLE_CHARS

    assert MAX_TITLE_CHARS == 200
    code, _, err = run(capsys, "chart", "timeline", "--title", "T" * 10_000, "--out", str(tmp_path / "c.png"))
    assert code == 2
    assert "argument --title: is 10,000 characters long; at most 200" in err
    assert list(tmp_path.iterdir()) == []


def test_writing_to_a_full_device_names_it():
    done = run_module("export", "--data", str(SAMPLE_CSV), "--out", "/dev/full")
    assert done.returncode == 1
    assert done.stderr == "stance export: /dev/full: cannot write: No space left on device\n"


def test_standard_output_on_a_full_device_names_it():
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "stance", "export", "--data", str(SAMPLE_CSV)],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr == "stance export: /dev/full: No space left on device\n"


def test_a_semicolon_delimited_file_gets_one_clear_problem(tmp_path, capsys):
    path = tmp_path / "excel.csv"
    rows = [";".join(ALL_COLUMNS)] + [";".join(statement(id=f"s{i}").values()) for i in range(3)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert err.splitlines() == [
        f"{path}:1:: this file uses ';' between fields; Stance reads comma-separated CSV:"
        " save it as CSV (comma delimited)",
        f"{path}: invalid: 1 problem",
    ]


# ---------------------------------------------------------------- issue 8: standing
STANDING_HEADER = (
    "code,name,proposal,position,positions,since,last_heard,actor,role,id,attribution,quote,source,url,beside,flags"
)


def standing_rows(text: str) -> list[dict[str, str]]:
    assert text.splitlines()[0] == STANDING_HEADER
    return list(csv.DictReader(text.splitlines()))


def brief(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    return [(r["code"], r["name"], r["position"], r["since"], r["last_heard"], r["actor"], r["flags"]) for r in rows]


def test_standing_by_country_follows_the_government_at_the_cut_off(capsys):
    code, out, err = run(capsys, "standing", "--data", SAMPLE)
    assert (code, err) == (0, "")
    rows = standing_rows(out)
    # As of 2 Jun 2025 (it-03, the cut-off). France: Martin's unverified fr-04 (1 Apr) does not move the
    # country, her on-record fr-05 (12 May) does. Poland: Prime Minister Kowal outranks minister Zielinska.
    # Anonymous actors (gb-02, de-02) never decide. Support first, then by name.
    assert brief(rows) == [
        ("EU", "European Union", "support", "2025-02-10", "2025-02-17", "Eva Lindqvist", ""),
        ("FR", "France", "support", "2025-05-12", "2025-05-12", "Claire Martin", ""),
        ("GB", "United Kingdom", "support", "2025-03-10", "2025-03-10", "Alex Morgan", ""),
        ("DE", "Germany", "opposed", "2025-02-17", "2025-05-05", "Jonas Weber", ""),
        ("IT", "Italy", "denied", "2025-06-02", "2025-06-02", "Giulia Conti", ""),
        ("PL", "Poland", "denied", "2025-01-20", "2025-03-03", "Piotr Kowal", ""),
    ]
    poland, pl_03 = rows[-1], fixture_rows()["pl-03"]  # the statement behind Poland's position
    assert [poland[k] for k in ("proposal", "positions", "quote", "source", "url")] == [
        "air-shield",
        "denied",
        pl_03["quote"],
        pl_03["source"],
        pl_03["url"],
    ]


def test_standing_sorts_by_name_or_last_heard(capsys):
    _, by_name, _ = run(capsys, "standing", "--data", SAMPLE, "--sort", "name")
    assert [r["code"] for r in standing_rows(by_name)] == ["EU", "FR", "DE", "IT", "PL", "GB"]
    _, latest_first, _ = run(capsys, "standing", "--data", SAMPLE, "--sort", "last_heard")
    assert [r["code"] for r in standing_rows(latest_first)] == ["IT", "FR", "DE", "GB", "PL", "EU"]


def test_standing_as_of_a_day_with_stale_and_anonymous_flags(capsys):
    code, out, _ = run(capsys, "standing", "--data", SAMPLE, "--as-of", "2025-02-20")
    assert code == 0
    # On 20 Feb: Martin's latest is fr-03 (hesitant, 18 Feb); Italy has only the unverified it-01;
    # Morgan's hesitant runs from the anonymous gb-01 (15 Jan) through gb-03.
    assert brief(standing_rows(out)) == [
        ("EU", "European Union", "support", "2025-02-10", "2025-02-17", "Eva Lindqvist", ""),
        ("FR", "France", "hesitant", "2025-02-18", "2025-02-18", "Claire Martin", ""),
        ("IT", "Italy", "hesitant", "2024-12-01", "2024-12-01", "Giulia Conti", "anonymous only"),
        ("GB", "United Kingdom", "hesitant", "2025-01-15", "2025-02-03", "Alex Morgan", ""),
        ("DE", "Germany", "opposed", "2025-02-17", "2025-02-17", "Jonas Weber", ""),
        ("PL", "Poland", "denied", "2025-01-20", "2025-01-20", "Piotr Kowal", ""),
    ]
    # Stale after 3 months, on 2 Jun 2025: last heard before 2 Mar. The EU (17 Feb) is; Poland (3 Mar) is not.
    code, out, _ = run(capsys, "standing", "--data", SAMPLE, "--stale", "3")
    flags = {r["code"]: r["flags"] for r in standing_rows(out)}
    assert flags == {"EU": "stale", "FR": "", "GB": "", "DE": "", "IT": "", "PL": ""}


def test_standing_by_actor_as_json(capsys):
    code, out, _ = run(capsys, "standing", "--data", SAMPLE, "--by", "actor", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert list(rows[0]) == STANDING_HEADER.split(",")
    # Each actor's latest statement (tests/fixtures/README.md: "In Jun 2025").
    assert sorted((r["code"], r["name"], r["position"], r["flags"]) for r in rows) == [
        ("DE", "Anonymous German official", "denied", "anonymous only"),
        ("DE", "Jonas Weber", "opposed", ""),
        ("EU", "Eva Lindqvist", "support", ""),
        ("FR", "Claire Martin", "support", ""),
        ("GB", "Alex Morgan", "support", ""),
        ("GB", "Anonymous Whitehall source", "hesitant", "anonymous only"),
        ("IT", "Giulia Conti", "denied", ""),
        ("PL", "Marta Zielinska", "support", ""),
        ("PL", "Piotr Kowal", "denied", ""),
    ]


def test_standing_names_a_split_government_and_a_country_without_one(tmp_path, capsys):
    data = write_csv(
        tmp_path / "split.csv",
        [
            statement(id="a", actor="Donald Tusk", position="denied", date="2025-03-01"),
            statement(id="b", actor="Andrzej Duda", role="President of Poland", position="support", date="2025-03-05"),
            statement(id="c", actor="Peter Dutton", country="AU", actor_type="opposition", position="hesitant"),
        ],
    )
    code, out, _ = run(capsys, "standing", "--data", data, "--by", "country")
    assert code == 0
    rows = {r["code"]: r for r in standing_rows(out)}
    assert (rows["PL"]["position"], rows["PL"]["positions"], rows["PL"]["flags"]) == (
        "split",
        "support~denied",
        "split",
    )
    assert set(rows["PL"]["actor"].split("; ")) == {"Donald Tusk", "Andrzej Duda"}
    assert (rows["AU"]["position"], rows["AU"]["actor"], rows["AU"]["flags"]) == ("none", "", "no government statement")


def test_standing_escapes_formulas_and_writes_its_file_whole(tmp_path, capsys):
    data = write_csv(tmp_path / "in.csv", [statement(quote='=HYPERLINK("http://evil.example","x")')])
    out = tmp_path / "standing.csv"
    code, printed, err = run(capsys, "standing", "--data", data, "--out", str(out))
    assert (code, printed) == (0, "")
    assert err == f"wrote 1 row (one per country and proposal) to {out}\n"
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text
    assert [p.name for p in tmp_path.iterdir()] == ["in.csv", "standing.csv"]  # no temporary file left
    assert json.loads(run(capsys, "standing", "--data", data, "--format", "json")[1])[0]["quote"].startswith("=HYP")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--as-of", "2025-02-30"], "argument --as-of: '2025-02-30' is not a real calendar date"),
        (["--as-of", "yesterday"], "argument --as-of:"),
        (["--by", "party"], "argument --by: invalid choice: 'party'"),
        (["--stale", "0"], "argument --stale: '0' is not a whole number of months from 1 to 120"),
        (["--stale", "six"], "argument --stale: 'six' is not a whole number of months"),
        (["--format", "xlsx"], "argument --format: invalid choice"),
        (["--out", "standing.txt"], "argument --out: 'standing.txt' does not end in .csv or .json"),
        (["--type", "ministr"], "argument --type: 'ministr' is not an actor type; use one of head, minister"),
        (["--country", "UK"], "did you mean 'GB'?"),
    ],
)
def test_standing_bad_options_are_one_message_and_exit_2(tmp_path, capsys, argv, message):
    code, out, err = run(capsys, "standing", "--data", SAMPLE, *argv)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert err.splitlines()[-1].startswith("python -m stance standing: error: argument")
    assert list(tmp_path.iterdir()) == []


def test_standing_into_a_missing_folder_exits_1(tmp_path, capsys):
    target = tmp_path / "no" / "standing.csv"
    code, _, err = run(capsys, "standing", "--data", SAMPLE, "--out", str(target))
    assert code == 1 and err == f"stance standing: {target}: cannot write: No such file or directory\n"


# ---------------------------------------------------------------- issue 8: chart options
@pytest.fixture
def drawn(monkeypatch):
    """Charts the command line asks for, by spec, drawn as a few fake bytes (no Chromium)."""
    specs: list[ChartSpec] = []

    def fake_chart_bytes(spec, dataset, fmt, scale=1, app_url=None, selection=None):
        specs.append(spec)
        return b"fake " + fmt.encode()

    monkeypatch.setattr("stance.export.chart_bytes", fake_chart_bytes)
    return specs


def test_chart_takes_as_of_by_share_stale_and_type(tmp_path, capsys, drawn):
    out = tmp_path / "map.png"
    argv = ["chart", "map", "--data", SAMPLE, "--as-of", "2025-03-01", "--stale", "3", "--out", str(out)]
    assert run(capsys, *argv)[0] == 0
    argv = ["chart", "balance", "--data", SAMPLE, "--by", "actor", "--share", "--type", "HEAD", "--out", str(out)]
    assert run(capsys, *argv)[0] == 0
    first, second = drawn
    assert (first.kind, first.as_of, first.stale_months) == ("map", date(2025, 3, 1), 3)
    assert (first.by, first.share, first.filters.actor_types) == ("country", False, ())
    assert (second.kind, second.by, second.share, second.filters.actor_types) == ("balance", "actor", True, ("head",))
    assert second.as_of is None and second.stale_months == 6
    assert out.read_bytes() == b"fake png"


def test_chart_since_names_a_key_event_in_any_case(tmp_path, capsys, drawn, monkeypatch, sample):
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-02-17", "2025-03-02"]).astype("datetime64[s]"),
            "label": ["Paris summit", "London summit"],
            "url": ["https://example.org/paris", "https://example.org/london"],
        }
    )
    monkeypatch.setattr(cli, "open_dataset", lambda data: replace(sample, events=events))
    out = str(tmp_path / "shifts.png")
    assert run(capsys, "chart", "shifts", "--since", "  paris SUMMIT", "--out", out)[0] == 0
    assert drawn[-1].since == date(2025, 2, 17)
    assert run(capsys, "chart", "shifts", "--since", "2025-03-10", "--out", out)[0] == 0
    assert drawn[-1].since == date(2025, 3, 10)
    code, _, err = run(capsys, "chart", "shifts", "--since", "Paris sumit", "--out", out)
    assert code == 2
    assert err.splitlines()[-1] == (
        "python -m stance chart: error: argument --since: 'Paris sumit' is not a date (YYYY-MM-DD) or a key "
        "event in this data (did you mean 'Paris summit'?); events: Paris summit (17 Feb 2025); "
        "London summit (2 Mar 2025)"
    )
    assert len(drawn) == 2


def test_since_an_event_without_events_and_a_bad_date_are_usage_errors(tmp_path, capsys, drawn):
    out = str(tmp_path / "shifts.png")
    code, _, err = run(capsys, "chart", "shifts", "--data", SAMPLE, "--since", "Paris summit", "--out", out)
    assert code == 2
    assert "argument --since: 'Paris summit' is not a date (YYYY-MM-DD), and this data has no key events" in err
    code, _, err = run(capsys, "chart", "shifts", "--data", SAMPLE, "--since", "2025-02-31", "--out", out)
    assert code == 2 and "argument --since: '2025-02-31' is not a real calendar date" in err
    assert drawn == []


def test_export_json_keeps_the_key_events(tmp_path, capsys):
    out = tmp_path / "all.json"
    assert run(capsys, "export", "--out", str(out))[0] == 0  # the bundled data has key events
    events = load_dataset(out).events
    bundled = load_dataset().events
    assert len(events) == len(bundled) > 0
    assert list(events["label"]) == list(bundled["label"]) and list(events["url"]) == list(bundled["url"])


def test_synth_writes_the_same_valid_dataset_for_the_same_options(tmp_path, capsys):
    first, second, other = (tmp_path / name for name in ("a.csv", "b.csv", "c.csv"))
    options = ["--statements", "2000", "--actors", "150", "--countries", "12", "--proposals", "3"]
    code, _, err = run(capsys, "synth", *options, "--seed", "7", "--out", str(first))
    assert code == 0 and err.startswith("wrote 2,000 statements by ")
    run(capsys, "synth", *options, "--seed", "7", "--out", str(second))
    run(capsys, "synth", *options, "--seed", "8", "--out", str(other))
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    statements = load_dataset(first).statements  # loading validates it
    assert len(statements) == 2000 and statements["actor"].nunique() <= 150
    assert statements["country"].nunique() == 12 and statements["proposal"].nunique() == 3
    assert {"head", "minister"} <= set(statements["actor_type"])  # actors with types, as real data has
    assert statements["attribution"].nunique() == 3  # on record, anonymous and unverified sources
    json_out = tmp_path / "a.json"
    assert run(capsys, "synth", *options, "--seed", "7", "--out", str(json_out))[0] == 0
    assert load_dataset(json_out).statements["id"].tolist() == statements["id"].tolist()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--statements", "0"], "argument --statements: '0' is not a whole number of at least 1"),
        (["--statements", "10", "--countries", "999"], "argument --countries: at most"),
        (["--statements", "10", "--seed", "x"], "argument --seed: 'x' is not a whole number"),
    ],
)
def test_synth_bad_options_are_one_message_and_exit_2(tmp_path, capsys, argv, message):
    code, out, err = run(capsys, "synth", *argv, "--out", str(tmp_path / "x.csv"))
    assert code == 2 and out == "" and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- issue 9: many actors
@pytest.fixture(scope="module")
def many_actors(tmp_path_factory) -> tuple[str, int]:
    """A generated file of 3,000 statements by a few hundred actors, on one proposal; and its actor count."""
    from stance.formats import table_to_csv
    from stance.synth import synthetic_statements

    table = synthetic_statements(3_000, actors=300, countries=20, proposals=1)
    path = tmp_path_factory.mktemp("many") / "many.csv"
    path.write_text(table_to_csv(table), encoding="utf-8")
    return str(path), table["actor"].nunique()


def test_chart_passes_rank_page_and_find_to_the_chart(tmp_path, capsys, drawn):
    out = str(tmp_path / "c.png")
    argv = ["chart", "matrix", "--data", SAMPLE, "--rank", "seniority", "--page", "2", "--find", "Morgan"]
    assert run(capsys, *argv, "--out", out)[0] == 0
    assert run(capsys, "chart", "timeline", "--data", SAMPLE, "--out", out)[0] == 0
    chosen, default = drawn
    assert (chosen.rank, chosen.page, chosen.filters.actor) == ("seniority", 2, "Morgan")
    assert (default.rank, default.page, default.filters.actor) == ("latest", 1, "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--rank", "age"], "argument --rank: invalid choice: 'age'"),
        (["--page", "0"], "argument --page: '0' is not a page number from 1 to 1,000,000"),
        (["--page", "two"], "argument --page: 'two' is not a page number"),
    ],
)
def test_rank_and_page_errors_name_the_option(tmp_path, capsys, argv, message):
    code, _, err = run(capsys, "chart", "timeline", *argv, "--out", str(tmp_path / "c.png"))
    assert code == 2 and message in err


def test_chart_of_many_actors_is_written_and_says_how_to_see_the_others(tmp_path, capsys, many_actors):
    data, actors = many_actors
    out = tmp_path / "timeline.png"
    code, _, err = run(capsys, "chart", "timeline", "--data", data, "--out", str(out))  # real render
    assert code == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    pages = -(-actors // 20)  # 20 actors a page on a slide
    assert f"Showing 20 of {actors} actors (1–20, page 1 of {pages}), ranked by latest activity." in err
    assert f"On the command line: --page N (1–{pages}), --rank shifts, seniority, name, or --find TEXT." in err


def test_a_later_page_and_a_search_say_what_they_leave_out(tmp_path, capsys, drawn, many_actors):
    data, actors = many_actors
    out = str(tmp_path / "m.png")
    _, _, err = run(capsys, "chart", "matrix", "--data", data, "--page", "2", "--size", "a4", "--out", out)
    assert f"Showing 25 of {actors} actors (26–50, page 2 of {-(-actors // 25)})" in err
    _, _, err = run(capsys, "chart", "matrix", "--data", data, "--find", "kowalski", "--out", out)
    names = pd.read_csv(data, dtype=str, keep_default_na=False)["actor"]
    matching = names[names.str.contains("Kowalski")].nunique()  # more than a slide's 20; no role holds it
    assert f"Showing 20 of {matching} actors matching “kowalski” (1–20, page 1 of 2)" in err
    _, _, err = run(capsys, "chart", "map", "--data", data, "--out", out)
    assert "Showing" not in err  # the map summarises every country


def test_briefing_says_which_charts_leave_out_actors(tmp_path, capsys, many_actors, monkeypatch):
    from test_briefing import blank_pdf

    from stance import briefing

    monkeypatch.setattr(
        briefing,
        "chart_files",
        lambda spec, dataset, formats, **_: {f: blank_pdf() if f == "pdf" else b"x" for f in formats},
    )
    monkeypatch.setattr(briefing, "render", lambda fig, fmt, scale=1: blank_pdf())
    data, actors = many_actors
    code, _, err = run(capsys, "briefing", "--data", data, "--out", str(tmp_path / "b"))
    assert code == 0
    notes = [line for line in err.splitlines() if "Showing" in line]
    assert notes[0].startswith(f"Timeline: Showing 20 of {actors} actors")
    assert any(line.startswith("Actor matrix: Showing 20 of") for line in notes)
    assert not any(line.startswith(("Map:", "Country matrix:", "Balance:")) for line in notes)
