"""Rebuild seeds/ from the project's source material (run once by a maintainer, not at run time).

    .venv/bin/python tools/build_seeds.py ../shared/sources

Reads the 96 verified statements CSV, adds the statements coded from the seed article
(RT, 16 Jan 2025, citing The Telegraph), and writes the seeds layout. The coding of the article
is kept here, in one reviewable table, with the reasoning for each date in ``date_note``; so are
every actor's type (with a note where unsure), the day an actor left office, the statements made
in another capacity, and the key events of the debate (each sourced by a verified statement's URL).
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

import pandas as pd

from stance.formats import write_seeds
from stance.load import BUNDLED_DATA, events_frame, statements_frame
from stance.model import Dataset

PROPOSAL = "eu-peacekeepers-ukraine"
PROPOSAL_TITLE = "European peacekeepers in Ukraine after a ceasefire"
ARTICLE_SOURCE = "RT, 16 Jan 2025 (citing The Telegraph, 15 Jan 2025)"
ARTICLE_NOTE = "Seed article (RT, Thursday 16 Jan 2025); RT's page address was not kept with the article text."

# (id, date, precision, date_note, actor, role, country, position, attribution, quote, notes)
ARTICLE = [
    (
        "rt-01",
        "2025-01-15",
        "approx",
        "The Telegraph's report of Wednesday evening 15 Jan, relayed by RT on Thursday 16 Jan.",
        "Keir Starmer",
        "Prime Minister of the United Kingdom",
        "GB",
        "hesitant",
        "anonymous",
        "Starmer is not fully on board yet",
        "The Telegraph, citing anonymous sources: Starmer and Macron discussed peacekeepers, but Starmer is not fully on board.",
    ),
    (
        "rt-02",
        "2025-01-15",
        "day",
        "Article says 'on Wednesday evening': Wednesday 15 Jan 2025 (article of Thursday 16 Jan).",
        "Anonymous Whitehall source",
        "Whitehall source quoted by The Telegraph",
        "GB",
        "hesitant",
        "anonymous",
        "There are challenges over what we could support, what would we want to support, and the broader question about the threat that those troops may be under and whether that is escalatory",
        "Unnamed Whitehall source on the obstacles to a British contribution.",
    ),
    (
        "rt-03",
        "2025-01-15",
        "approx",
        "No day given for the remark; taken from The Telegraph's report of 15 Jan.",
        "Anonymous British official",
        "British official quoted by The Telegraph",
        "GB",
        "hesitant",
        "anonymous",
        "We are getting slightly ahead of ourselves. We are not there yet.",
        "Unnamed British official: the idea is premature.",
    ),
    (
        "rt-04",
        "2025-01-13",
        "week",
        "Article says 'earlier this week' (article of Thursday 16 Jan): the week of Monday 13 Jan 2025. He 'first mentioned the idea last week' (week of 6 Jan).",
        "Volodymyr Zelensky",
        "President of Ukraine",
        "UA",
        "support",
        "on-record",
        "practical steps",
        "Wrote on social media that he had discussed with 'key allies' the 'practical steps' for implementing the peacekeeper idea.",
    ),
    (
        "rt-05",
        "2024-12-01",
        "month",
        "Article says 'last month' (article of 16 Jan 2025): December 2024.",
        "Emmanuel Macron",
        "President of France",
        "FR",
        "support",
        "unverified",
        "\u201cEuropean\u201d peacekeepers",
        "Reportedly brought up European peacekeepers with Donald Tusk; no source named. The article also says he discussed peacekeepers with Starmer at Chequers 'last week' (week of 6 Jan), per anonymous sources.",
    ),
    (
        "rt-06",
        "2024-12-01",
        "month",
        "Article says 'last month' (article of 16 Jan 2025): December 2024. The article says 'Warsaw said'; coded to Donald Tusk, whose remark at the 12 Dec 2024 press conference with Macron is s003.",
        "Donald Tusk",
        "Prime Minister of Poland",
        "PL",
        "denied",
        "on-record",
        "not planning any such actions",
        "Warsaw answered Macron's idea of European peacekeepers by saying it was not planning any such actions.",
    ),
    (
        "rt-07",
        "2025-01-16",
        "approx",
        "Undated rumour; publication date of the article used.",
        "Donald Trump",
        "President-elect of the United States",
        "US",
        "support",
        "unverified",
        "Western troops deployed as peacekeepers along the demilitarized zone between Russia and Ukraine",
        "A rumoured Trump plan: European (not US) peacekeepers along the line of contact, not under NATO command, 'according to media reports that have been impossible to verify'. The quote is the article's wording of the plan, not Trump's.",
    ),
    (
        "rt-08",
        "2025-01-16",
        "approx",
        "No date for the endorsement; publication date of the article used, the endorsement may be older.",
        "Boris Johnson",
        "Former Prime Minister of the United Kingdom",
        "GB",
        "support",
        "on-record",
        "Putting boots on the ground in Ukraine has been endorsed by former PM Boris Johnson",
        "Endorsed putting boots on the ground in Ukraine.",
    ),
    (
        "rt-09",
        "2025-01-16",
        "approx",
        "No date for the endorsement; publication date of the article used, the endorsement may be older.",
        "Jeremy Hunt",
        "Former Foreign Secretary of the United Kingdom",
        "GB",
        "support",
        "on-record",
        "Putting boots on the ground in Ukraine has been endorsed by ... former Foreign Minister Jeremy Hunt",
        "Endorsed putting boots on the ground in Ukraine.",
    ),
    (
        "rt-10",
        "2025-01-16",
        "approx",
        "No date for the endorsement; publication date of the article used, the endorsement may be older.",
        "Grant Shapps",
        "Former Defence Secretary of the United Kingdom",
        "GB",
        "support",
        "on-record",
        "Putting boots on the ground in Ukraine has been endorsed by ... two ex-defense ministers, Grant Shapps and Gavin Williamson",
        "Endorsed putting boots on the ground in Ukraine.",
    ),
    (
        "rt-11",
        "2025-01-16",
        "approx",
        "No date for the endorsement; publication date of the article used, the endorsement may be older.",
        "Gavin Williamson",
        "Former Defence Secretary of the United Kingdom",
        "GB",
        "support",
        "on-record",
        "Putting boots on the ground in Ukraine has been endorsed by ... two ex-defense ministers, Grant Shapps and Gavin Williamson",
        "Endorsed putting boots on the ground in Ukraine.",
    ),
]
ARTICLE_COLUMNS = (
    "id",
    "date",
    "date_precision",
    "date_note",
    "actor",
    "role",
    "country",
    "position",
    "attribution",
    "quote",
    "notes",
)


# actor -> (actor_type, left_office, note). Types as the codebook defines them; left_office is the
# day the actor left the office it spoke from, when that happened within the data's period.
ACTORS: dict[str, tuple[str, str, str]] = {
    "Alexander Stubb": ("head", "", "President of Finland: head of state, leads foreign policy with the government."),
    "Anonymous British official": ("anonymous", "", ""),
    "Anonymous Whitehall source": ("anonymous", "", ""),
    "Anthony Albanese": ("head", "", ""),
    "Antonio Tajani": ("minister", "", ""),
    "Antti Häkkänen": ("minister", "", ""),
    "Boris Johnson": ("former", "", ""),
    "Boris Pistorius": ("minister", "", "Defence Minister under Scholz and again under Merz (from 6 May 2025)."),
    "Christopher Luxon": ("head", "", ""),
    "Dick Schoof": (
        "head",
        "",
        "Prime Minister throughout the data: caretaker from 3 Jun 2025 (the coalition broke up) and after the"
        " 29 Oct 2025 election, until a new cabinet is sworn in; left_office left empty.",
    ),
    "Dmitry Peskov": ("official", "", "Kremlin spokesman: speaks for the President, not a minister."),
    "Donald Trump": (
        "head",
        "",
        "President from 20 Jan 2025; rt-07 (16 Jan 2025) is the President-elect's rumoured plan: capacity other.",
    ),
    "Donald Tusk": ("head", "", ""),
    "Edgars Rinkēvičs": ("head", "", "President of Latvia: head of state."),
    "Emmanuel Macron": ("head", "", ""),
    "Espen Barth Eide": ("minister", "", ""),
    "Friedrich Merz": (
        "head",
        "",
        "Chancellor from 6 May 2025; all his statements here are later (before that day he spoke as CDU leader in"
        " opposition: capacity opposition).",
    ),
    "Gavin Williamson": ("former", "", "Former Defence Secretary; a Conservative MP in opposition when quoted."),
    "Giorgia Meloni": ("head", "", ""),
    "Gitanas Nausėda": ("head", "", "President of Lithuania: head of state, leads foreign and defence policy."),
    "Grant Shapps": ("former", "", "Former Defence Secretary; lost his seat in July 2024."),
    "JD Vance": (
        "minister",
        "",
        "Vice President: no type of its own; coded at minister level (a member of the administration below the"
        " President).",
    ),
    "Jeremy Hunt": ("former", "", "Former Foreign Secretary; a Conservative MP in opposition when quoted."),
    "Johann Wadephul": ("minister", "", "Foreign Minister from 6 May 2025; his statement is later."),
    "John Healey": ("minister", "", ""),
    "José Manuel Albares": ("minister", "", ""),
    "Justin Trudeau": ("head", "2025-03-14", "Prime Minister until 14 Mar 2025, when Mark Carney was sworn in."),
    "Kaja Kallas": ("institution", "", "EU High Representative: speaks for the EU, a row of its own."),
    "Keir Starmer": ("head", "", ""),
    "Keith Kellogg": ("official", "", "US Special Envoy for Ukraine: a named envoy speaking for the administration."),
    "Kristen Michal": ("head", "", ""),
    "Kyriakos Mitsotakis": ("head", "", ""),
    "Lars Løkke Rasmussen": ("minister", "", ""),
    "Maria Malmer Stenergard": ("minister", "", ""),
    "Maria Zakharova": ("official", "", "Foreign Ministry spokeswoman: an official, not a minister."),
    "Mark Carney": ("head", "", "Prime Minister from 14 Mar 2025; his statements are later."),
    "Mark Rutte": ("institution", "", "NATO Secretary General: speaks for NATO, a row of its own."),
    "Maxime Prévot": ("minister", "", "Foreign Minister from 3 Feb 2025 (De Wever government)."),
    "Mette Frederiksen": ("head", "", ""),
    "Micheál Martin": ("head", "", "Taoiseach from 23 Jan 2025; his statements are later."),
    "Nicușor Dan": (
        "head",
        "",
        "President from 26 May 2025 (before: Mayor of Bucharest and candidate, capacity other); his statement is"
        " of Sep 2025.",
    ),
    "Olaf Scholz": (
        "head",
        "2025-05-06",
        "Chancellor until 6 May 2025, when Friedrich Merz took office; no statement of his here is later (one would"
        " be capacity former).",
    ),
    "Pete Hegseth": ("minister", "", "Secretary of Defense: a cabinet member."),
    "Peter Dutton": (
        "opposition",
        "2025-05-13",
        "Leader of the Opposition; lost his seat at the 3 May 2025 election and was succeeded by Sussan Ley on"
        " 13 May 2025. Never a government voice, so he never decides Australia's position.",
    ),
    "Petr Fiala": (
        "head",
        "2025-12-09",
        "Prime Minister until 9 Dec 2025, when Andrej Babiš was appointed after the Oct 2025 election.",
    ),
    "Petr Pavel": ("head", "", "President of Czechia: head of state; the prime minister leads the government."),
    "Petteri Orpo": ("head", "", ""),
    "Radosław Sikorski": ("minister", "", ""),
    "Robert Fico": ("head", "", ""),
    "Sergei Ryabkov": (
        "official",
        "",
        "Deputy Foreign Minister: not a member of the government; coded official (first pass: minister).",
    ),
    "Sergey Lavrov": ("minister", "", ""),
    "Steve Witkoff": ("official", "", "US Special Envoy: a named envoy speaking for the administration."),
    "Theo Francken": ("minister", "", "Defence Minister from 3 Feb 2025 (De Wever government)."),
    "Turkish Ministry of National Defence": ("official", "", "A ministry speaking (its briefings), not a minister."),
    "Ulf Kristersson": ("head", "", ""),
    "Ursula von der Leyen": ("institution", "", "President of the European Commission: a row of its own (EU)."),
    "Viktor Orbán": ("head", "", ""),
    "Vladimir Putin": ("head", "", ""),
    "Volodymyr Zelensky": ("head", "", ""),
    "Władysław Kosiniak-Kamysz": ("minister", "", "Deputy Prime Minister and Defence Minister."),
    "Zoran Milanović": (
        "head",
        "",
        "President of Croatia: head of state and commander-in-chief, at odds with Prime Minister Plenković's"
        " government, which attended the coalition meetings; his are the only Croatian statements here.",
    ),
}
# Statements made in another capacity than the actor's type (the role column gives the role of the day).
CAPACITY = {"rt-07": "other"}  # Trump as President-elect, before his inauguration on 20 Jan 2025

# Key events of the debate: (date, label, url, note). Every url is a verified statement's source that
# reports the event (the statement's id is in the note); labels are short, because charts draw them.
EVENTS = [
    (
        "2025-02-17",
        "Paris emergency summit",
        "https://english.alsiasi.com/debate-on-peacekeepers-for-ukraine-highly-inappropriate-scholz",
        "Macron's emergency meeting of European leaders at the Élysée (s014).",
    ),
    (
        "2025-03-02",
        "London summit",
        "https://streaming.standard.co.uk/news/politics/volodymyr-zelensky-keir-starmer-ukraine-emmanuel-macron-donald-trump-b1214201.html",
        "Lancaster House: Starmer launches a coalition of the willing (s035).",
    ),
    (
        "2025-03-27",
        "Paris coalition summit",
        "https://www.trtworld.com/article/0fa2ece7bf1e",
        "Coalition of the willing in Paris: no unanimity, France and Britain go ahead with a reassurance force (s052).",
    ),
    (
        "2025-07-10",
        "Coalition HQ",
        "https://hamidiz.com/0/rss.12675.en",
        "Starmer and Macron announce the coalition's headquarters, in Paris then London (s065).",
    ),
    (
        "2025-08-15",
        "Alaska summit",
        "https://caliber.az/en/post/uk-plans-reassurance-force-in-ukraine-ready-for-ceasefire-deployment",
        "Trump and Putin meet in Anchorage (s068).",
    ),
    (
        "2025-08-18",
        "White House meeting",
        "https://www.politico.eu/article/france-emmanuel-macron-next-15-days-critical-determine-security-guarantees-ukraine-russia-trump/",
        "Zelensky and European leaders with Trump in Washington (s070).",
    ),
    (
        "2025-09-04",
        "Paris: 26 pledge",
        "https://voz.us/en/world/250904/28594/macron-assures-that-26-countries-are-committed-to-participate-in-ukraine-s-security-after-the-war.html",
        "Coalition summit in Paris: 26 countries commit to the reassurance force (s079).",
    ),
    (
        "2025-12-15",
        "Berlin talks",
        "https://en.interfax.com.ua/news/general/1128780.html",
        "US-Ukraine talks with European leaders in Berlin, 14-15 Dec; the leaders' statement on a multinational"
        " force of 15 Dec (s092).",
    ),
]


def main(sources: Path, out: Path = BUNDLED_DATA) -> None:
    rows = []
    with open(sources / "statements-2024-12-to-2025-12.csv", encoding="utf-8") as handle:
        for number, record in enumerate(csv.DictReader(handle), start=1):
            rows.append(
                {
                    "id": f"s{number:03d}",
                    "date": record["date"],
                    "date_precision": record["date_precision"],
                    "date_note": record["date_note"],
                    "actor": record["actor"],
                    "role": record["role"],
                    "country": record["country"],
                    "proposal": PROPOSAL,
                    "position": record["position"],
                    "attribution": record["attribution"],
                    "quote": record["quote"],
                    "source": record["outlet"],
                    "url": record["url"],
                    "notes": record["paraphrase"],
                }
            )
    for values in ARTICLE:
        row = dict(zip(ARTICLE_COLUMNS, values, strict=True))
        row.update(proposal=PROPOSAL, source=ARTICLE_SOURCE, url="", notes=f"{row['notes']} {ARTICLE_NOTE}")
        rows.append(row)
    for row in rows:
        actor_type, left_office, _ = ACTORS[row["actor"]]  # a KeyError names an actor without a type
        row.update(actor_type=actor_type, left_office=left_office, capacity=CAPACITY.get(row["id"], ""))
    assert set(CAPACITY) <= {row["id"] for row in rows} and set(ACTORS) == {row["actor"] for row in rows}
    events = events_frame(pd.DataFrame(EVENTS, columns=["date", "label", "url", "note"]))
    notes = {actor: note for actor, (_, _, note) in ACTORS.items() if note}
    dataset = Dataset(
        statements_frame(pd.DataFrame(rows)), {PROPOSAL: PROPOSAL_TITLE}, events=events, actor_notes=notes
    )
    write_seeds(dataset, out)
    print(f"wrote {len(rows)} statements to {out}")


def check(sources: Path) -> int:
    """Rebuild into a temporary folder and compare with seeds/: 0 when every file is the same."""
    with tempfile.TemporaryDirectory() as folder:
        main(sources, Path(folder))
        names = ("statements.csv", "actors.csv", "proposals.csv", "events.csv")
        differ = [n for n in names if (Path(folder) / n).read_bytes() != (BUNDLED_DATA / n).read_bytes()]
    print(f"seeds/ differs from the build in: {', '.join(differ)}" if differ else "seeds/ is what the build makes")
    return 1 if differ else 0


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--check"]
    where = Path(arguments[0] if arguments else "../shared/sources")
    sys.exit(check(where) if "--check" in sys.argv[1:] else main(where))
