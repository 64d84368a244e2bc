"""Rebuild seeds/ from the project's source material (run once by a maintainer, not at run time).

    .venv/bin/python tools/build_seeds.py ../shared/sources

Reads the 96 verified statements CSV, adds the statements coded from the seed article
(RT, 16 Jan 2025, citing The Telegraph), and writes the seeds layout. The coding of the article
is kept here, in one reviewable table, with the reasoning for each date in ``date_note``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

from stance.formats import write_seeds
from stance.load import BUNDLED_DATA, statements_frame
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


def main(sources: Path) -> None:
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
    write_seeds(Dataset(statements_frame(pd.DataFrame(rows)), {PROPOSAL: PROPOSAL_TITLE}), BUNDLED_DATA)
    print(f"wrote {len(rows)} statements to {BUNDLED_DATA}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/sources"))
