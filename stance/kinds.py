"""Chart kinds: the one list of what Stance can draw, and everything said about each.

The app's views, the command line's choices, the briefing pack, the URL check, default titles,
alt text and the README's table of views all read this registry. Adding a kind is one record
here, one drawer module in ``stance/figures/`` (a ``draw`` function) and its tests.

No Plotly here: drawers are named, and imported only when a figure is built, so commands that
draw nothing (``validate``, ``export``) start fast.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChartKind:
    key: str  # in links (?chart=matrix), on the command line, in file names
    label: str  # the app's view name
    title: str  # the default title; {period} is the spec's period, {by} "country" or "actor"
    description: str  # what the chart draws, for alt text; {period} and {by} as in the title
    shows: str  # what the view shows, for the README's table of views
    drawer: str  # the module whose ``draw(shown, spec, dataset, page)`` draws it
    takes_period: bool = False  # cells or bars per week, month or quarter
    takes_since: bool = False  # only what happened on or after a date
    takes_as_of: bool = False  # as it stood on a date (default: the data's cut-off)
    takes_by: bool = False  # one row per country (by its government's position) or per actor
    takes_share: bool = False  # counts or percentages
    in_briefing: bool = True
    needs_several_proposals: bool = False  # offered only when the data has several proposals
    countries_by_name: bool = False  # its rows list countries by name (else actors, grouped by code)
    actor_rows: bool = False  # one row per actor (when by actor, if it takes_by): capped and paged (stance.lanes)
    lanes_by_proposal: bool = False  # with several proposals, a row per actor and proposal
    shift_rows: bool = False  # one row per change of position: capped and paged (stance.lanes)


KINDS: dict[str, ChartKind] = {
    kind.key: kind
    for kind in (
        ChartKind(
            "timeline",
            "Timeline",
            "Stances over time",
            "a timeline with one lane per actor, grouped by country, marking each statement by its position "
            "and shading the position each actor held until its next statement",
            "One lane per actor, lanes grouped by country (the chosen countries first, in the order chosen); "
            "each statement a marker whose colour *and* shape give the position (markers days apart are "
            "spread within the lane); hollow markers are anonymous or unverified; a band shows the position "
            "held until the next statement, dashed and faded once not restated for the stale age, ended with "
            "a bar when the actor left office; a ring marks every change of position; key events and the "
            '"since" date are labelled vertical lines. Click a marker for the full record: date and precision, '
            "actor, role, quote, source and link. A crowded lane gathers nearby statements of one position into "
            "one marker whose hover lists them.",
            "stance.figures.timeline",
            actor_rows=True,
            lanes_by_proposal=True,
        ),
        ChartKind(
            "standing",
            "Current standing",
            "Where each {by} stands",
            "a table with one row per {by}: its position as of the chosen date, since when it has held it, "
            "when it was last heard, the statement behind it and flags for stale, anonymous-only and split positions",
            "One row per country (by its government's position, see *A country's position*) or per actor, as "
            "of a date (default: the data's cut-off): the position, since when, last heard, the statement "
            "behind it (quote, source, link) and flags: stale, anonymous only, split, no government statement.",
            "stance.figures.standing",
            takes_as_of=True,
            takes_by=True,
            actor_rows=True,
            lanes_by_proposal=True,
        ),
        ChartKind(
            "map",
            "Map",
            "Government positions",
            "a tile map with one square per country, coloured and lettered by its government's position as of "
            "the chosen date, countries outside Europe in a strip below",
            "A tile map, one square per country, coloured and lettered by its government's position as of a "
            "date; split governments show both positions; faded squares are stale; countries outside Europe "
            "and institutions sit in a strip below. Drawn from shipped tile positions: no map server needed.",
            "stance.figures.country_map",
            takes_as_of=True,
        ),
        ChartKind(
            "matrix",
            "Actor matrix",
            "Positions by actor and {period}",
            "a grid of actors by {period} showing each actor's latest position in each {period}; "
            "pale cells carry a position forward from an earlier {period}",
            "Actors x periods (month; week or quarter selectable). A cell shows the actor's latest position "
            "in that period in full colour with its bold letter; a pale cell with a grey italic letter is the "
            "position carried forward from an earlier period; paler still when stale (not restated for the "
            "stale age, or its actor left office). The hover says when it was last heard.",
            "stance.figures.actor_matrix",
            takes_period=True,
            actor_rows=True,
            lanes_by_proposal=True,
        ),
        ChartKind(
            "country-matrix",
            "Country matrix",
            "Positions by country and {period}",
            "a grid of countries by {period} showing each country's government position at the end of each "
            "{period}, split governments with both positions, countries with no government statement in grey, "
            "institutions in rows of their own",
            "Countries x periods: each country's position by its government (see *A country's position*) at "
            'the end of each period: colour and letter; a split government shows both ("S/H", two colours); '
            'no government statement is grey with "–"; pale when carried forward, paler when stale. '
            "Institutions (EU, NATO) are rows of their own, below. The hover lists the government's voices "
            "and the voices beside it (opposition, former office holders, anonymous sources). With many "
            "proposals, it draws those whose countries fit in 70 rows and names them.",
            "stance.figures.country_matrix",
            takes_period=True,
            countries_by_name=True,
        ),
        ChartKind(
            "shifts",
            "Shifts",
            "Stance shifts",
            "one row per change of position, from the earlier statement to the later one",
            "Every change of position: actor, country, from -> to, both dates, days between, both quotes and "
            'sources. "Since" answers "who moved since the Paris summit (17 Feb 2025)?"; key events and the '
            '"since" date are labelled vertical lines.',
            "stance.figures.shifts",
            takes_since=True,
            shift_rows=True,
        ),
        ChartKind(
            "net-shifts",
            "Net shifts",
            "Net shifts by {by}",
            "one row per {by}: its position before the chosen date and as of the end, and whether it moved "
            "towards support, away from it, or not at all",
            'For each country (by government position) or actor: the position then (before "since") and now, '
            "and the direction of the move: towards support, away from it, unchanged, or new.",
            "stance.figures.net_shifts",
            takes_since=True,
            takes_as_of=True,
            takes_by=True,
            actor_rows=True,
            lanes_by_proposal=True,
        ),
        ChartKind(
            "balance",
            "Balance",
            "Balance of positions by {period}",
            "stacked bars counting the countries by their government's position, or the actors holding each "
            "position, in each {period}, as counts or shares, each segment labelled with the position's letter "
            "and count where it fits",
            "How many countries (by their government's position; a split government apart, no government "
            "statement not counted) or actors (each holds its last stated position until it states another) "
            "held each position per period; as counts, or as shares of each bar with its total above. Key "
            'events and the "since" date are labelled vertical lines.',
            "stance.figures.balance",
            takes_period=True,
            takes_by=True,
            takes_share=True,
        ),
        ChartKind(
            "proposal-matrix",
            "Actor x proposal",
            "Latest position by actor and proposal",
            "a grid of actors by proposal showing each actor's latest position",
            "Shown when the data has several proposals: each actor's latest position on each.",
            "stance.figures.proposal_matrix",
            in_briefing=False,
            needs_several_proposals=True,
            actor_rows=True,
        ),
    )
}


DEFAULT_KIND = "timeline"  # what a link without ?chart= shows


def briefing_kinds() -> tuple[str, ...]:
    """The kinds a briefing pack draws, in the registry's order."""
    return tuple(key for key, kind in KINDS.items() if kind.in_briefing)


def period_kinds() -> tuple[str, ...]:
    return tuple(key for key, kind in KINDS.items() if kind.takes_period)


def readme_rows() -> list[str]:
    """The README's table of views, one Markdown row per chart kind ('| view | what it shows |')."""
    return [f"| {kind.label} | {kind.shows} |" for kind in KINDS.values()]
