"""The registry of chart kinds: every kind draws, and everything that lists kinds reads the registry.

Adding a kind is one record, one drawer module and its tests; these tests check that a record is
enough for links, the command line, briefings, the app's views and the README.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from dataclasses import replace
from datetime import date
from importlib import import_module
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stance import briefing, cli, kinds, words
from stance.chart import ChartSpec, spec_from_params
from stance.figures import build_figure
from stance.kinds import KINDS

from conftest import ROOT, SAMPLE_CSV, make_dataset, statement

GENERATED = date(2025, 12, 20)


def two_proposal_dataset():
    return make_dataset(
        statement(id="a", date="2025-01-10", proposal="p", position="hesitant"),
        statement(id="b", date="2025-02-10", proposal="p", position="support"),
        statement(
            id="c",
            date="2025-02-12",
            proposal="q",
            position="opposed",
            actor="Keir Starmer",
            country="GB",
            attribution="anonymous",
        ),
        statement(id="d", date="2025-03-20", proposal="q", position="support", actor="Keir Starmer", country="GB"),
        proposals={"p": "Peacekeepers", "q": "Air policing"},
    )


@pytest.fixture
def fake_kind(monkeypatch):
    """A new kind, registered for one test: a record drawn by an existing drawer module."""
    fake = replace(
        KINDS["balance"],
        key="fake",
        label="Fake view",
        title="Fake counts by {period}",
        description="a fake chart of {period}s",
        shows="A fake view.",
        in_briefing=True,
    )
    monkeypatch.setitem(KINDS, "fake", fake)
    return fake


# ---------------------------------------------------------------- every kind draws
@pytest.mark.parametrize("size", ["screen", "slide"])
@pytest.mark.parametrize("key", list(KINDS))
def test_every_kind_has_a_drawer_module_that_builds_a_framed_figure(key, size):
    draw = import_module(KINDS[key].drawer).draw
    assert list(inspect.signature(draw).parameters) == ["shown", "spec", "dataset", "page"]
    spec = ChartSpec(key, size=size)
    fig = build_figure(spec, two_proposal_dataset(), app_url="https://stance.example/", generated=GENERATED)
    assert spec.display_title() in fig.layout.title.text
    assert "Peacekeepers and Air policing" in fig.layout.title.subtitle.text
    footer = [a.text for a in fig.layout.annotations if a.text.startswith("Source:")]
    assert footer and "Generated 20 Dec 2025" in footer[0]
    assert [t for t in fig.data if t.showlegend is not False]  # a legend of what it draws


def test_an_unknown_kind_is_refused_with_the_kinds_there_are():
    with pytest.raises(ValueError, match=f"unknown chart kind 'pie'; use one of {', '.join(KINDS)}$"):
        build_figure(ChartSpec("pie"), two_proposal_dataset())


def test_default_titles_and_descriptions_come_from_the_records():
    dataset = two_proposal_dataset()
    for key, kind in KINDS.items():
        spec = ChartSpec(key, period="quarter")
        assert spec.display_title().startswith(kind.title.format(period="quarter", by="country"))
        assert kind.description.format(period="quarter", by="country") in words.alt_text(spec, dataset)
    assert ChartSpec("shifts", since=date(2025, 2, 17)).display_title() == "Stance shifts since 17 Feb 2025"
    by_actor = ChartSpec("standing", by="actor")
    assert by_actor.display_title() == "Where each actor stands"
    assert "a table with one row per actor:" in words.alt_text(by_actor, dataset)
    assert ChartSpec("matrix", since=date(2025, 2, 17)).display_title() == "Positions by actor and month"


# ---------------------------------------------------------------- what derives from the registry
def test_links_command_line_and_briefings_list_the_registered_kinds(capsys):
    assert [spec_from_params({"chart": key})[0].kind for key in KINDS] == list(KINDS)
    _, notices = spec_from_params({"chart": "pie"})
    assert notices == [f"Ignored chart='pie' in the link: use one of {', '.join(KINDS)}"]
    parser = cli.build_parser()
    assert [parser.parse_args(["chart", key, "--out", "c.png"]).kind for key in KINDS] == list(KINDS)
    assert cli.main(["chart", "--help"]) == 0
    assert " | ".join(KINDS) in " ".join(capsys.readouterr().out.split())  # however the help is wrapped
    briefing_kinds = [spec.kind for spec in briefing.briefing_specs(ChartSpec(size="slide"))]
    assert briefing_kinds == [key for key, kind in KINDS.items() if kind.in_briefing] == list(kinds.briefing_kinds())
    assert "proposal-matrix" not in briefing_kinds  # one proposal is the common case: not in every pack
    assert {"standing", "map", "net-shifts"} <= set(briefing_kinds)  # the new views are in every pack


def test_a_new_record_reaches_links_command_line_briefings_and_figures(fake_kind):
    spec, notices = spec_from_params({"chart": "fake", "period": "week"})
    assert (spec.kind, spec.period, notices) == ("fake", "week", [])
    assert spec.display_title() == "Fake counts by week"
    assert cli.build_parser().parse_args(["chart", "fake", "--out", "fake.png"]).kind == "fake"
    specs = briefing.briefing_specs(ChartSpec(since=date(2025, 2, 1), size="slide"))
    assert specs[-1].kind == "fake" and specs[-1].since is None  # it takes no 'since'
    fig = build_figure(ChartSpec("fake"), two_proposal_dataset(), generated=GENERATED)
    assert fig.layout.title.text == "<b>Fake counts by month</b>"
    assert "a fake chart of months" in words.alt_text(ChartSpec("fake"), two_proposal_dataset())


def test_a_new_record_is_a_view_in_the_app_with_its_period_control(fake_kind, monkeypatch):
    monkeypatch.setenv("STANCE_DATA", str(SAMPLE_CSV))  # one proposal: the views that need several are left out
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["chart"] = "fake"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    views = at.segmented_control(key="view")
    labels = [kind.label for kind in KINDS.values() if not kind.needs_several_proposals]
    assert views.options == [*labels, "Evidence"] and views.value == "fake"
    assert at.segmented_control(key="period").value == "month"  # it takes a period


# ---------------------------------------------------------------- the README
def readme_views_table() -> list[str]:
    """The rows of the table of views in the README's 'Using the dashboard' section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Using the dashboard\n", 1)[1].split("\n## ", 1)[0]
    lines = section.split("\n")
    start = lines.index("| view | what it shows |")
    table = []
    for line in lines[start + 2 :]:  # after the header and its rule
        if not line.startswith("|"):
            break
        table.append(line)
    return table


def test_the_readme_table_of_views_is_the_registry():
    rows = readme_views_table()
    assert rows[:-1] == kinds.readme_rows()
    assert rows[-1].startswith("| Evidence | ")  # an app-only table, written by hand


# ---------------------------------------------------------------- fast commands stay fast
def test_commands_that_draw_nothing_do_not_import_plotly():
    code = (
        "import sys, stance.cli, stance.chart, stance.kinds, stance.words; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('plotly', 'kaleido')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(ROOT), capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
