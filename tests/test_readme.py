"""The README says what the code does: its commands run and print what it shows, its tables name
the columns, codes, colours and shapes the code uses.

Every expected value here is read from README.md, so a change to either side that is not made
to the other fails. The examples run on the bundled dataset, as the README's do.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import struct
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from pypdf import PdfWriter

from stance import briefing, cli, words
from stance.chart import spec_from_params
from stance.codebook import ACTOR_TYPE_KEYS, ATTRIBUTION_KEYS, DATE_PRECISION_KEYS, POSITION_BY_KEY, POSITION_KEYS
from stance.formats import table_to_csv
from stance.model import ALL_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_VALUES

from conftest import ROOT, statement

README = (ROOT / "README.md").read_text(encoding="utf-8")
PROGRAM = ".venv/bin/python -m stance"  # how the README spells the command


def section(heading: str) -> str:
    """The text under '## heading', up to the next '## ' heading."""
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def table(text: str) -> list[list[str]]:
    """The rows of the first Markdown table in ``text`` (header and rule left out), as cells."""
    lines = text[text.index("\n|") + 1 :].splitlines()
    rows = lines[: next((i for i, line in enumerate(lines) if not line.startswith("|")), len(lines))]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in rows[2:]]


def code_names(cell: str) -> list[str]:
    """The `code` spans of a cell: column names, keys."""
    return re.findall(r"`([^`]+)`", cell)


def examples(text: str) -> list[tuple[list[str], list[str]]]:
    """Each command of the text's shell blocks, as argv after the program, with the output the README
    shows under it (the '# ' comment lines that follow)."""
    found: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith(PROGRAM):
                command = line[len(PROGRAM) :].split("  #")[0]  # drop a trailing remark
                found.append((shlex.split(command), []))
            elif line.startswith("# ") and found:
                found[-1][1].append(line[2:])
    return found


def run_example(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "STANCE_DATA"}  # "else the bundled dataset"
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "stance", *argv], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def option_values(argv: list[str], option: str) -> list[str]:
    """The values after ``option`` up to the next option."""
    if option not in argv:
        return []
    rest = argv[argv.index(option) + 1 :]
    return rest[: next((i for i, value in enumerate(rest) if value.startswith("--")), len(rest))]


# ------------------------------------------------------------ "Command line"
COMMAND_LINE = examples(section("Command line"))


def test_the_command_line_section_has_its_examples():
    assert [argv[0] for argv, _ in COMMAND_LINE] == ["validate", "validate", "export", "export", "standing", "standing"]


def test_validate_example_prints_the_summary_line_the_readme_shows():
    ((argv, shown),) = [(argv, shown) for argv, shown in COMMAND_LINE if argv == ["validate", "seeds"]]
    done = run_example(argv, ROOT)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == shown


def test_validate_example_with_problems_prints_one_line_per_problem_as_shown(tmp_path):
    ((argv, shown),) = [(argv, shown) for argv, shown in COMMAND_LINE if argv[0] == "validate" and argv[1] != "seeds"]
    assert "exit 1, one line per problem:" in section("Command line")
    # A file with exactly the problems the README shows, each at its row and column.
    name = argv[1]
    problems = [re.match(rf"{re.escape(name)}:(\d+):(\w+): '([^']*)'", line).groups() for line in shown]
    rows = [statement(id=f"r{number}") for number in range(2, max(int(row) for row, _, _ in problems) + 1)]
    for row, column, value in problems:
        rows[int(row) - 2][column] = value
    with open(tmp_path / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ALL_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    done = run_example(argv, tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [*shown, f"{name}: invalid: {len(shown)} problems"]


@pytest.mark.parametrize("index", [i for i, (argv, _) in enumerate(COMMAND_LINE) if argv[0] == "export"])
def test_export_examples_write_what_their_filters_select(tmp_path, index):
    argv, _ = COMMAND_LINE[index]
    done = run_example(argv, tmp_path)
    assert done.returncode == 0, done.stderr
    out = option_values(argv, "--out")
    text = (tmp_path / out[0]).read_text(encoding="utf-8") if out else done.stdout
    fmt = option_values(argv, "--format")[0]
    if fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:  # a list of statements, or {"proposals": ..., "statements": [...]}
        data = json.loads(text)
        rows = data["statements"] if isinstance(data, dict) else data
    assert rows and list(rows[0]) == list(ALL_COLUMNS)
    for row in rows:
        assert row["country"] in (option_values(argv, "--country") or [row["country"]])
        assert row["position"] in (option_values(argv, "--position") or [row["position"]])
        assert row["date"] >= (option_values(argv, "--from") or [""])[0]


@pytest.mark.parametrize("index", [i for i, (argv, _) in enumerate(COMMAND_LINE) if argv[0] == "standing"])
def test_standing_examples_write_one_row_per_country_or_actor_as_the_readme_says(tmp_path, index):
    argv, _ = COMMAND_LINE[index]
    done = run_example(argv, tmp_path)
    assert done.returncode == 0, done.stderr
    out = option_values(argv, "--out")
    text = (tmp_path / out[0]).read_text(encoding="utf-8") if out else done.stdout
    rows = list(csv.DictReader(text.splitlines())) if option_values(argv, "--format") == ["csv"] else json.loads(text)
    text_of_section = section("Command line")
    columns = code_names(re.search(r"Columns: (.*?)\. CSV", text_of_section, re.DOTALL).group(1))
    assert rows and list(rows[0]) == [c for c in columns if c in rows[0]] == list(rows[0])
    flag_words = set(code_names(re.search(r"and `flags` \((.*?)\)\. CSV", text_of_section, re.DOTALL).group(1)))
    as_of = (option_values(argv, "--as-of") or ["9999-12-31"])[0]
    for row in rows:
        assert row["code"] in option_values(argv, "--country")
        assert row["position"] in (*POSITION_KEYS, "split", "none")
        assert row["last_heard"] <= as_of
        assert {flag.strip() for flag in row["flags"].split(";") if flag.strip()} <= flag_words
    if "--by" in argv and option_values(argv, "--by") == ["actor"]:
        assert len({row["name"] for row in rows}) == len(rows) > 1  # one row per actor
    else:
        assert sorted(row["code"] for row in rows) == sorted(option_values(argv, "--country"))


def test_the_filters_the_readme_lists_are_taken_by_every_data_command(capsys):
    listed = re.search(r"Filters, the same in every command: (.*?)\.(\n| `)", section("Command line"), re.DOTALL)
    options = [name.split()[0] for name in code_names(listed.group(1))]
    assert options == ["--country", "--proposal", "--position", "--attribution", "--type", "--actor", "--from", "--to"]
    types = re.search(r"\(actor types: (.*?)\)", section("Command line"), re.DOTALL).group(1)
    assert tuple(code_names(types)) == ACTOR_TYPE_KEYS
    for command in ("export", "standing", "chart", "briefing"):
        assert cli.main([command, "--help"]) == 0
        usage = capsys.readouterr().out
        assert all(f"{option} " in usage for option in [*options, "--data"]), command


def test_exit_codes_are_the_readmes():
    assert "Exit codes: 0 success, 1 problems in the data (or a file that cannot be written), 2 a wrong" in README
    assert run_example(["export", "--frobnicate"], ROOT).returncode == 2
    assert run_example(["export", "--country", "UK"], ROOT).returncode == 2


# ------------------------------------------------------------ "Briefings"
BRIEFINGS = examples(section("Briefings"))


def test_chart_example_writes_a_slide_sized_png(tmp_path):
    ((argv, _),) = [(argv, shown) for argv, shown in BRIEFINGS if argv[0] == "chart"]
    assert "`slide` (1920x1080)" in section("Briefings")
    done = run_example(argv, tmp_path)
    assert done.returncode == 0, done.stderr
    png = (tmp_path / option_values(argv, "--out")[0]).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1920, 1080)


def one_page_pdf(*args, **kwargs) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_briefing_example_writes_the_files_the_readme_lists(tmp_path, monkeypatch, capsys):
    ((argv, _),) = [(argv, shown) for argv, shown in BRIEFINGS if argv[0] == "briefing"]
    text = section("Briefings")
    kinds = code_names(re.search(r"Kinds: (.*?)\.\n", text, re.DOTALL).group(1))
    # The files, not the drawing: each chart a few bytes, each PDF one blank page.
    monkeypatch.setattr(
        briefing,
        "chart_files",
        lambda spec, data, formats, **_: {f: one_page_pdf() if f == "pdf" else b"x" for f in formats},
    )
    monkeypatch.setattr(briefing, "render", one_page_pdf)
    monkeypatch.delenv("STANCE_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 0, capsys.readouterr().err
    # "writes every chart as PNG and SVG, `summary.md` and `summary.html` ..., `alt-text.md`, `standing.csv`
    # and `briefing.pdf`"
    written = sorted(p.name for p in (tmp_path / option_values(argv, "--out")[0]).iterdir())
    others = ["alt-text.md", "briefing.pdf", "standing.csv", "summary.html", "summary.md"]
    assert all(f"`{name}`" in text for name in others)
    assert [name for name in written if not name.startswith("stance-")] == [briefing.MARKER, *others]
    assert f"`{briefing.MARKER}`" in text  # the marker file is documented
    charts = [kind for kind in kinds if kind != "proposal-matrix"]  # only with several proposals: the seeds have one
    assert "(and `proposal-matrix`)" in text
    for kind in charts:
        assert sorted(Path(n).suffix for n in written if n.startswith(f"stance-{kind}-")) == [".png", ".svg"], kind
    assert len(written) == 6 + 2 * len(charts)  # with the marker
    assert {"standing", "map", "net-shifts"} <= set(charts)


# ------------------------------------------------------------ "The data format"
FORMAT_TABLE = table(section("The data format"))


def test_the_data_format_lists_exactly_the_columns_read_and_written():
    assert tuple(code_names(row[0])[0] for row in FORMAT_TABLE) == ALL_COLUMNS
    required = tuple(code_names(row[0])[0] for row in FORMAT_TABLE if row[1] == "yes")
    assert required == REQUIRED_VALUES
    optional = tuple(code_names(row[0])[0] for row in FORMAT_TABLE if "optional column" in row[1])
    assert optional == OPTIONAL_COLUMNS


@pytest.mark.parametrize(
    "column, keys",
    [
        ("date_precision", DATE_PRECISION_KEYS),
        ("position", POSITION_KEYS),
        ("attribution", ATTRIBUTION_KEYS),
    ],
)
def test_the_data_format_lists_every_code_of_a_coded_column(column, keys):
    (meaning,) = [row[2] for row in FORMAT_TABLE if code_names(row[0]) == [column]]
    assert tuple(code_names(meaning)) == keys


def test_formula_escaping_covers_the_prefixes_the_readme_names():
    sentence = re.search(r"a cell starting with (.*?) is written with a leading", README, re.DOTALL).group(1)
    prefixes = code_names(sentence)
    assert prefixes == ["=", "+", "-", "@", "'"]
    cells = [f"{prefix}1" for prefix in prefixes[:-1]] + ["'=1", "'Tis"]
    written = table_to_csv(pd.DataFrame({"quote": cells})).splitlines()[1:]
    # An apostrophe is escaped when it would read as an escape; elsewhere it is the text's own.
    assert written == ["'=1", "'+1", "'-1", "'@1", "''=1", "'Tis"]


# ------------------------------------------------------------ positions: colour and shape
def test_positions_have_the_colour_and_shape_the_readme_gives():
    rows = table(README[README.index("\n| position | colour | shape | meaning |") :])
    assert [row[0] for row in rows] == list(POSITION_KEYS)
    for key, colour, shape, _ in rows:
        position = POSITION_BY_KEY[key]
        assert code_names(colour) == [position.colour], key
        assert shape.replace(" ", "-") == position.symbol, key


def test_the_footer_link_rule_is_the_readmes(monkeypatch):
    text = " ".join(section("Briefings").split())
    rule = re.search(r"The link is there only when the app has a public address: (.*?) gives no link", text).group(1)
    assert code_names(rule)[:2] == ["--app-url URL", "$STANCE_APP_URL"]
    monkeypatch.delenv("STANCE_APP_URL", raising=False)
    for host in code_names(rule)[2:]:  # localhost, 127.x.x.x, ::1, 0.0.0.0
        address = host.replace("x", "1")
        address = f"[{address}]" if ":" in address else address
        assert words.public_app_url(f"http://{address}:8501/") is None, host
    assert words.public_app_url(None) is None  # "or none"
    assert words.public_app_url("https://stance.example.org/") == "https://stance.example.org/"
    monkeypatch.setenv("STANCE_APP_URL", "https://stance.example.org/")
    assert words.public_app_url(None) == "https://stance.example.org/"


def test_the_first_questions_are_links_the_app_reads_without_a_notice(bundled):
    start = README.index("The first questions, as links")
    rows = table(README[start:])
    assert len(rows) >= 5
    for question, view in rows:
        for link in code_names(view):
            if not link.startswith("/?"):
                continue
            spec, notices = spec_from_params(parse_qs(urlsplit(link).query), bundled.proposals)
            assert notices == [], (question, link)
            assert spec.to_params() == {k: v[-1] for k, v in parse_qs(urlsplit(link).query).items()}, link


def test_the_team_sign_in_settings_are_the_ones_the_edit_page_reads():
    """The secrets.toml example: an [auth] section turns sign-in on; [stance] editors is the list."""
    import tomllib

    from streamlit.testing.v1 import AppTest

    block = re.search(r"```toml\n(.*?)```", section("Editing in the app"), re.DOTALL)
    settings = tomllib.loads(block.group(1).replace("\n  ", "\n"))
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret"} <= set(settings["auth"])
    script = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nimport editing\nimport streamlit as st\n"
    at = AppTest.from_string(script + "st.text(','.join(sorted(editing.editors_list())))")
    at.secrets.update(settings)
    at.run()
    assert at.text[0].value == ",".join(sorted(settings["stance"]["editors"]))
