"""Lane caps: ranking actors, paging their rows, and the note that says what is left out."""

from __future__ import annotations

import pandas as pd
import pytest

from stance import analysis
from stance.chart import SIZES, ChartSpec, spec_from_params
from stance.figures import build_figure
from stance.kinds import KINDS
from stance.lanes import SENIORITY_ORDER, Lanes, lanes_for, rank_actors
from stance.model import Dataset
from stance.query import Filters
from stance.words import alt_text

from conftest import make_dataset, statement

# The frozen sample (tests/fixtures/README.md): latest statements Conti 2 Jun, Martin 12 May,
# Weber 5 May, Zielinska 14 Apr, Morgan 10 Mar, the German official and Kowal 3 Mar, Lindqvist
# 17 Feb, the Whitehall source 15 Jan. Shifts: Martin 3, Conti 2, Morgan 1, Zielinska 1.
BY_LATEST = [
    "Giulia Conti",
    "Claire Martin",
    "Jonas Weber",
    "Marta Zielinska",
    "Alex Morgan",
    "Anonymous German official",  # 3 Mar, as Kowal: by name
    "Piotr Kowal",
    "Eva Lindqvist",
    "Anonymous Whitehall source",
]


@pytest.mark.parametrize(
    "rank, expected",
    [
        ("latest", BY_LATEST),
        (
            "shifts",
            [
                "Claire Martin",  # 3
                "Giulia Conti",  # 2
                "Marta Zielinska",  # 1, 14 Apr
                "Alex Morgan",  # 1, 10 Mar
                "Jonas Weber",  # none, by latest
                "Anonymous German official",
                "Piotr Kowal",
                "Eva Lindqvist",
                "Anonymous Whitehall source",
            ],
        ),
        (
            "seniority",
            [
                "Giulia Conti",  # heads of government, by latest
                "Claire Martin",
                "Jonas Weber",
                "Alex Morgan",
                "Piotr Kowal",
                "Marta Zielinska",  # minister
                "Eva Lindqvist",  # institution
                "Anonymous German official",  # anonymous sources last
                "Anonymous Whitehall source",
            ],
        ),
        (
            "name",
            [
                "Alex Morgan",
                "Anonymous German official",
                "Anonymous Whitehall source",
                "Claire Martin",
                "Eva Lindqvist",
                "Giulia Conti",
                "Jonas Weber",
                "Marta Zielinska",
                "Piotr Kowal",
            ],
        ),
    ],
)
def test_actors_rank_by_latest_activity_shifts_seniority_or_name(sample, rank, expected):
    assert rank_actors(sample.statements, rank) == expected


def test_seniority_counts_the_capacity_spoken_in():
    rows = [
        statement(id="a", actor="Ex Leader", actor_type="former", date="2025-03-01"),
        statement(id="b", actor="Ex Leader", actor_type="former", capacity="head", date="2025-01-01"),
        statement(id="c", actor="A Minister", actor_type="minister", date="2025-04-01"),
    ]
    assert rank_actors(make_dataset(*rows).statements, "seniority") == ["Ex Leader", "A Minister"]
    assert SENIORITY_ORDER["head"] < SENIORITY_ORDER["minister"] < SENIORITY_ORDER["official"]
    assert SENIORITY_ORDER["institution"] < SENIORITY_ORDER["legislator"] < SENIORITY_ORDER["anonymous"]


def test_names_rank_regardless_of_case_and_ties_go_by_name():
    rows = [statement(id=n, actor=n, date="2025-01-10") for n in ("Bob", "anna", "Carl")]
    assert rank_actors(make_dataset(*rows).statements, "latest") == ["anna", "Bob", "Carl"]
    assert rank_actors(make_dataset(*rows).statements, "name") == ["anna", "Bob", "Carl"]


def test_an_unknown_ranking_is_refused(sample):
    with pytest.raises(ValueError, match="use one of latest, shifts, seniority, name"):
        rank_actors(sample.statements, "loudest")


def many_actors(count: int, proposals: tuple[str, ...] = ("p",)) -> pd.DataFrame:
    """``count`` actors A00, A01, ..., one statement per proposal each; A00 spoke first, the last one latest."""
    rows = [
        statement(id=f"s{n:02d}{p}", actor=f"A{n:02d}", date=f"2025-{1 + n // 28:02d}-{1 + n % 28:02d}", proposal=p)
        for n in range(count)
        for p in proposals
    ]
    return make_dataset(*rows, proposals={p: p.upper() for p in proposals}).statements


def test_a_chart_draws_one_page_of_actors_and_says_how_many_it_leaves_out():
    shown = many_actors(45)
    drawn, lanes = lanes_for(ChartSpec("timeline"), shown)
    assert lanes is not None and (lanes.unit, lanes.total, lanes.shown, lanes.pages) == ("actor", 45, 40, 2)
    assert sorted(drawn["actor"]) == [f"A{n:02d}" for n in range(5, 45)]  # the 40 latest
    assert lanes.note == (
        "Showing 40 of 45 actors (1–40, page 1 of 2), ranked by latest activity. "
        "Others: page 2, another ranking, or the actor filter."
    )
    drawn, lanes = lanes_for(ChartSpec("timeline", page=2), shown)
    assert sorted(drawn["actor"]) == ["A00", "A01", "A02", "A03", "A04"]
    assert lanes is not None and lanes.note.startswith("Showing 5 of 45 actors (41–45, page 2 of 2)")
    drawn, lanes = lanes_for(ChartSpec("timeline", page=7), shown)  # past the end: the last page
    assert lanes is not None and lanes.page == 2 and len(drawn) == 5
    drawn, _ = lanes_for(ChartSpec("timeline", rank="name", size="slide"), shown)  # 20 on a slide
    assert sorted(drawn["actor"]) == [f"A{n:02d}" for n in range(20)]


def test_nothing_is_left_out_when_the_actors_fit(sample):
    drawn, lanes = lanes_for(ChartSpec("matrix"), sample.statements)
    assert drawn is sample.statements
    assert lanes is not None and lanes.left_out == 0 and lanes.note == ""


def test_country_views_summarise_every_country():
    shown = many_actors(45)
    for kind in ("map", "country-matrix", "balance"):
        assert lanes_for(ChartSpec(kind), shown) == (shown, None)
    assert lanes_for(ChartSpec("balance", by="actor"), shown) == (shown, None)  # counts actors, a bar per period
    for kind in ("standing", "net-shifts"):
        assert lanes_for(ChartSpec(kind, by="country"), shown)[1] is None
        drawn, lanes = lanes_for(ChartSpec(kind, by="actor"), shown)
        assert lanes is not None and drawn["actor"].nunique() == 40


def test_lanes_split_by_proposal_keep_an_actor_s_lanes_together():
    shown = many_actors(25, ("p", "q"))  # 50 lanes: actor and proposal
    drawn, lanes = lanes_for(ChartSpec("timeline"), shown)
    assert lanes is not None and (lanes.unit, lanes.total, lanes.shown, lanes.by_proposal) == ("lane", 50, 40, True)
    assert sorted(drawn["actor"].unique()) == [f"A{n:02d}" for n in range(5, 25)]  # 20 actors, both lanes each
    assert lanes.note.startswith("Showing 40 of 50 actor-proposal lanes")
    drawn, lanes = lanes_for(ChartSpec("proposal-matrix"), shown)  # one row per actor: all 25 fit
    assert lanes is not None and lanes.unit == "actor" and lanes.note == "" and len(drawn) == 50


def test_the_actor_filter_is_the_search_and_the_note_names_it():
    shown = many_actors(45)
    filters = Filters(actor="A1")  # A1, A10 to A19
    drawn, lanes = lanes_for(ChartSpec("timeline", filters, size="slide"), filters.apply(shown))
    assert lanes is not None and lanes.note == ""  # 11 fit on a slide
    drawn, lanes = lanes_for(ChartSpec("timeline", filters=Filters(actor="A"), size="slide"), shown)
    assert lanes is not None and "of 45 actors matching “A” (1–20, page 1 of 3)" in lanes.note


def shifting_actors(count: int) -> Dataset:
    """``count`` actors, each moving from hesitant to support; actor n moves on day n."""
    rows = []
    for n in range(count):
        rows.append(statement(id=f"a{n:02d}", actor=f"A{n:02d}", date="2024-12-01", position="hesitant"))
        rows.append(statement(id=f"b{n:02d}", actor=f"A{n:02d}", date=f"2025-01-{1 + n:02d}", position="support"))
    return make_dataset(*rows)


def test_the_shifts_chart_pages_its_shifts_most_recent_first():
    dataset = shifting_actors(25)
    shown = dataset.statements
    _, lanes = lanes_for(ChartSpec("shifts", size="slide"), shown)
    assert lanes is not None and lanes.shifts is not None
    assert (lanes.unit, lanes.total, lanes.shown) == ("shift", 25, 20)
    assert sorted(lanes.shifts["actor"]) == [f"A{n:02d}" for n in range(5, 25)]
    assert list(lanes.shifts.columns) == list(analysis.shifts(shown).columns)
    _, lanes = lanes_for(ChartSpec("shifts", size="slide", rank="name", page=2), shown)
    assert lanes is not None and lanes.shifts is not None
    assert sorted(lanes.shifts["actor"]) == [f"A{n:02d}" for n in range(20, 25)]
    assert lanes.note.startswith("Showing 5 of 25 shifts (21–25, page 2 of 2), ranked by name.")
    spec = ChartSpec("shifts", Filters(actor="A"), size="slide")
    assert "of 25 shifts matching “A” (1–20" in lanes_for(spec, spec.filters.apply(shown))[1].note
    pages = [build_figure(ChartSpec("shifts", size="slide", page=p), dataset) for p in (1, 2)]
    assert [len(fig.layout.yaxis.ticktext) for fig in pages] == [20, 5]
    assert pages[0].layout.xaxis.range == pages[1].layout.xaxis.range
    _, lanes = lanes_for(ChartSpec("shifts", since=pd.Timestamp("2025-01-21").date()), shown)
    assert lanes is not None and sorted(lanes.shifts["actor"]) == ["A20", "A21", "A22", "A23", "A24"]
    _, lanes = lanes_for(ChartSpec("shifts", since=pd.Timestamp("2025-02-01").date()), shown)
    assert lanes is not None and (lanes.total, lanes.pages, lanes.note) == (0, 1, "")
    _, lanes = lanes_for(ChartSpec("shifts"), shown)  # 25 fit on screen: every shift, unpaged
    assert lanes is not None and lanes.note == "" and len(lanes.shifts) == 25


def test_figures_draw_the_page_say_so_and_keep_one_axis_across_pages():
    dataset = make_dataset(
        *[statement(id=f"s{n:02d}", actor=f"A{n:02d}", date=f"2025-{1 + n // 4:02d}-10") for n in range(45)]
    )
    first = build_figure(ChartSpec("timeline", size="slide"), dataset)
    second = build_figure(ChartSpec("timeline", size="slide", page=3), dataset)
    assert len(first.layout.yaxis.ticktext) == 20 and len(second.layout.yaxis.ticktext) == 5
    assert "Showing 20 of 45 actors (1–20, page 1 of 3)" in first.layout.title.subtitle.text
    assert "Showing 5 of 45 actors (41–45, page 3 of 3)" in second.layout.title.subtitle.text
    assert first.layout.xaxis.range == second.layout.xaxis.range
    matrix = [build_figure(ChartSpec("matrix", size="slide", page=p), dataset) for p in (1, 3)]
    assert list(matrix[0].layout.xaxis.ticktext) == list(matrix[1].layout.xaxis.ticktext)


def test_rank_and_page_travel_in_links_and_bad_values_say_why():
    spec = ChartSpec("timeline", rank="seniority", page=3)
    assert spec.to_params() == {"rank": "seniority", "page": "3"}
    assert spec_from_params(spec.to_params()) == (spec, [])
    spec, notices = spec_from_params({"rank": "loudest", "page": "0"})
    assert (spec.rank, spec.page) == ("latest", 1)
    assert notices == [
        "Ignored rank='loudest' in the link: use one of latest, shifts, seniority, name",
        "Ignored page='0' in the link: '0' is not a page number from 1 to 1,000,000",
    ]


def test_every_size_caps_its_rows_and_every_actor_row_kind_is_capped():
    assert [SIZES[s].lanes for s in ("screen", "slide", "square", "a4")] == [40, 20, 20, 25]
    capped = {key for key, kind in KINDS.items() if kind.actor_rows or kind.shift_rows}
    assert capped == {"timeline", "matrix", "proposal-matrix", "standing", "net-shifts", "shifts"}
    assert Lanes("actor", 1, 9, 9, "latest", 1, 1).note == ""


def test_the_text_alternative_says_what_the_chart_leaves_out():
    dataset = make_dataset(*[statement(id=f"s{n:02d}", actor=f"A{n:02d}", date="2025-01-10") for n in range(45)])
    assert "Showing 20 of 45 actors (1–20, page 1 of 3), ranked by name." in alt_text(
        ChartSpec("timeline", size="slide", rank="name"), dataset
    )
    assert "Showing" not in alt_text(ChartSpec("map", size="slide"), dataset)


def test_one_actor_s_shifts_page_most_recent_first():
    positions = ["hesitant", "support"] * 11  # 22 statements, 21 shifts
    rows = [statement(id=f"s{n:02d}", date=f"2025-01-{1 + n:02d}", position=p) for n, p in enumerate(positions)]
    for rank in ("latest", "name"):
        pages = [
            lanes_for(ChartSpec("shifts", size="slide", rank=rank, page=p), make_dataset(*rows).statements)[1]
            for p in (1, 2)
        ]
        assert [sorted(lanes.shifts["to_id"]) for lanes in pages if lanes and lanes.shifts is not None] == [
            [f"s{n:02d}" for n in range(2, 22)],
            ["s01"],
        ]


def test_latest_activity_pages_shifts_by_their_own_date_not_their_actor_s():
    def moves(actor: str, days: list[int]) -> list[dict[str, str]]:
        return [
            statement(
                id=f"{actor}{day:02d}", actor=actor, date=f"2025-01-{day:02d}", position=("support", "hesitant")[n % 2]
            )
            for n, day in enumerate(days)
        ]

    # X moves on days 2-11 and 30 (11 shifts, the latest activity); Y on days 13-22 (10 shifts).
    shown = make_dataset(*moves("X", [1, *range(2, 12), 30]), *moves("Y", [12, *range(13, 23)])).statements
    _, lanes = lanes_for(ChartSpec("shifts", size="slide", page=2), shown)
    assert lanes is not None and lanes.shifts is not None and list(lanes.shifts["to_id"]) == ["X02"]
    _, lanes = lanes_for(ChartSpec("shifts", size="slide", rank="shifts", page=2), shown)  # X's first, then Y's
    assert lanes is not None and lanes.shifts is not None and list(lanes.shifts["to_id"]) == ["Y13"]


def test_an_export_of_a_page_starts_with_that_page_s_first_row():
    screen = ChartSpec("timeline", page=2)  # actors 41-80
    assert screen.with_size("slide").page == 3  # actors 41-60
    assert screen.with_size("a4").page == 2  # actors 26-50
    assert ChartSpec("timeline", size="slide", page=3).with_size("screen").page == 2
    assert ChartSpec("timeline").with_size("slide").page == 1
