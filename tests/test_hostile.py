"""Hostile text in data and links, run through every view with AppTest: nothing becomes markup.

Streamlit renders Markdown (links, $maths$, **bold**, :red[colour], :smile: emoji,
:material/...: icons, bare-URL autolinks) in headers, captions, notices, expander and widget
labels and ``help=``. Every value from data, a file name or a link must reach those as literal
text: ``markdown_live`` reads a Markdown body as Streamlit would and reports what would be live.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stance.model import ALL_COLUMNS
from stance.text import page_text, safe_url

from conftest import SAMPLE_CSV, statement

APP = str(Path(__file__).resolve().parent.parent / "app.py")

PAYLOADS = (
    "[Session expired - log in again](https://evil.example/login)",
    "$x^2$ **bold**",
    "[t](https://x.example) $t^2$ **B**",
    ":red[x]",
    ":smile:",
    ":material/home:",
    "https://evil.example",
    "www.evil.example",
    "write to evil@evil.example",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "https://example.org/`[Verify](https://evil.example/login)`",
    "`code` ~~struck~~ # heading | table |",
)
ONE_LINE = " ".join(PAYLOADS)
VIEWS = (
    "timeline",
    "standing",
    "map",
    "matrix",
    "country-matrix",
    "shifts",
    "net-shifts",
    "balance",
    "proposal-matrix",
    "evidence",
)
HOSTILE_LINK = {"country": ONE_LINE, "period": ONE_LINE, "from": ONE_LINE, "title": ONE_LINE}
MARKDOWN_BODIES = {"markdown", "caption", "header", "warning", "error", "info", "success"}

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# What Streamlit finds in the parsed text (after escapes are resolved): emoji, icons, autolinks.
_PARSED_LIVE = re.compile(r":[\w+-]+:|:material/|https?://|www\.|[-.\w+]+@[-\w]+\.[-\w]", re.IGNORECASE)
# What its Markdown parser finds in the source: links, maths, HTML, code spans, directives, strike.
_SOURCE_LIVE = re.compile(r"\]\(|\$|<[a-z/!]|`|:[a-z]+\[|~~|\*\*bold|\*\*B\b|\|\s*table", re.IGNORECASE)


def markdown_live(body: str) -> list[str]:
    """The live Markdown in ``body``: markup in its unescaped characters, or a pattern Streamlit
    matches in the parsed text. An empty list means the text shows literally."""
    source = _ESCAPE.sub("\x00", body)  # an escaped character is inert: a placeholder
    parsed = _ESCAPE.sub(r"\1", body)
    return [m.group() for m in _SOURCE_LIVE.finditer(source)] + [m.group() for m in _PARSED_LIVE.finditer(parsed)]


def shown(body: str) -> str:
    """The characters a reader sees: escapes resolved, word joiners dropped."""
    return _ESCAPE.sub(r"\1", body).replace("\u2060", "")


def rendered_markdown(at: AppTest) -> list[str]:
    """Every string the page hands Streamlit's Markdown renderer: bodies, labels, help texts."""
    texts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        fields = {f.name: v for f, v in proto.ListFields()}
        if node.type in MARKDOWN_BODIES and "body" in fields:
            texts.append(fields["body"])
        texts += [fields[name] for name in ("label", "help") if isinstance(fields.get(name), str)]
    return texts


def assert_no_live_markdown(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    texts = rendered_markdown(at)
    assert texts, "the page drew nothing"
    live = {text: found for text in texts if (found := markdown_live(text))}
    assert not live, live


def hostile_statements() -> list[dict[str, str]]:
    rows = []
    for i, payload in enumerate(PAYLOADS):
        fields = dict(actor=payload, role=payload, quote=payload, source=payload, notes=payload, date_note=payload)
        country = ("PL", "GB", "FR", "DE")[i % 4]
        proposal = ("air", "sea")[i % 2]
        rows.append(
            statement(id=f"h{i}a", date="2025-01-10", position="hesitant", country=country, proposal=proposal, **fields)
        )
        rows.append(
            statement(id=f"h{i}b", date="2025-03-10", position="support", country=country, proposal=proposal, **fields)
        )
    rows.append(statement(id="[x](https://evil.example)", actor=ONE_LINE, proposal="air"))
    return rows


def write_json(
    path: Path, rows: list[dict[str, str]], proposals: dict[str, str], events: list[dict[str, str]] | None = None
) -> Path:
    data = {"proposals": proposals, "statements": rows} | ({"events": events} if events else {})
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


PARIS_SUMMIT = {"date": "2025-02-17", "label": "Paris summit", "url": "https://example.org/paris"}


def hostile_events() -> list[dict[str, str]]:
    """Key events labelled with every payload (a label is free text; the loader checks urls)."""
    payloads = [{"date": f"2025-03-{1 + i:02d}", "label": p, "url": ""} for i, p in enumerate(PAYLOADS)]
    return [PARIS_SUMMIT, *payloads, {"date": "2025-03-20", "label": ONE_LINE, "url": "https://example.org/e"}]


def hostile_titles() -> dict[str, str]:
    return {"air": PAYLOADS[2] + " " + PAYLOADS[0], "sea": ":red[x] :smile: :material/home: www.evil.example"}


@pytest.fixture
def hostile_data(tmp_path, monkeypatch) -> Path:
    path = write_json(
        tmp_path / "[t](https:evil.example) $x$.json", hostile_statements(), hostile_titles(), hostile_events()
    )
    monkeypatch.setenv("STANCE_DATA", str(path))
    return path


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


# ------------------------------------------------------------ the helpers themselves
@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_checker_sees_raw_payloads_as_live_and_escaped_ones_as_text(payload):
    assert markdown_live(payload), payload  # the check can fail
    assert not markdown_live(page_text(payload))


def test_page_text_keeps_the_characters():
    for payload in PAYLOADS:
        assert shown(page_text(payload)) == payload


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("http://example.org", "http://example.org"),
        ("https://example.org/`[Verify](https://evil.example/login)`", None),
        ("javascript:alert(1)", None),
        ("https://example.org/a b", None),
        ("https://", None),
        ("ftp://example.org/", None),
        ("https://example.org/<script>", None),
        ("", None),
    ],
)
def test_safe_url_lets_only_plain_web_addresses_through(url, expected):
    assert safe_url(url) == expected


# ------------------------------------------------------------ hostile data, every view
@pytest.mark.parametrize("view", VIEWS)
def test_hostile_data_shows_as_text_in_every_view(hostile_data, view):
    at = run_app(chart=view)
    assert_no_live_markdown(at)
    assert not at.warning  # a plain link to the view: nothing dropped
    assert at.query_params.get("chart", "timeline") == view


@pytest.mark.parametrize("view", VIEWS)
def test_hostile_data_and_a_hostile_link_show_as_text_in_every_view(hostile_data, view):
    at = run_app(chart=view, **HOSTILE_LINK)
    assert_no_live_markdown(at)
    notices = " ".join(shown(w.value) for w in at.warning)
    assert "country=" in notices and "from=" in notices  # the dropped values are named, as text


@pytest.mark.parametrize("param", ["chart", "actor", "title", "period", "country", "from", "rank", "page"])
def test_each_hostile_link_value_shows_as_text(hostile_data, param):
    at = run_app(**{param: ONE_LINE})
    assert_no_live_markdown(at)


def test_a_hostile_actor_search_shows_as_text_in_the_note_on_what_a_chart_leaves_out(tmp_path, monkeypatch):
    name = " ".join(p for p in PAYLOADS if "~" not in p)  # in a link, "~" separates values
    rows = [statement(id=f"m{i}", actor=f"{name} {i}", date=f"2025-01-{1 + i % 28:02d}") for i in range(45)]
    monkeypatch.setenv("STANCE_DATA", str(write_json(tmp_path / "many.json", rows, {"p": "P"})))
    at = run_app(actor=name)
    assert_no_live_markdown(at)
    notes = [shown(c.value) for c in at.caption if shown(c.value).startswith("Showing 40 of 45 actors")]
    assert notes and f"matching “{name}”" in notes[0]


def test_one_hostile_proposal_title_in_header_and_sidebar(tmp_path, monkeypatch):
    path = write_json(tmp_path / "one.json", [statement(proposal="air", actor=ONE_LINE)], {"air": ONE_LINE})
    monkeypatch.setenv("STANCE_DATA", str(path))
    at = run_app(actor=":smile:")
    assert_no_live_markdown(at)
    assert any("smile" in h.value for h in at.main.header)
    at = run_app()
    assert_no_live_markdown(at)
    assert any("Proposal" in c.value and "Session expired" in c.value for c in at.sidebar.caption)


def test_a_url_with_a_backtick_never_becomes_markup(tmp_path, monkeypatch):
    bad = "https://example.org/`[Verify your account](https://evil.example/login)`"
    path = write_json(tmp_path / "bad-url.json", [statement(proposal="air", url=bad)], {"air": "Air"})
    monkeypatch.setenv("STANCE_DATA", str(path))
    for view in ("timeline", "evidence"):
        at = run_app(chart=view)
        assert_no_live_markdown(at)
        for frame in at.dataframe:
            assert not frame.value.astype(str).apply(lambda c: c.str.contains("evil.example")).to_numpy().any()


@pytest.mark.parametrize("view", ["shifts", "net-shifts"])
def test_hostile_event_labels_show_as_text(hostile_data, view):
    at = run_app(chart=view)
    assert_no_live_markdown(at)
    options = at.selectbox(key="since_event").options
    assert options[:2] == ["Paris summit, 17 Feb 2025", f"{PAYLOADS[0]}, 1 Mar 2025"]  # plain text: not Markdown
    at.selectbox(key="since_event").set_value(options.index(f"{ONE_LINE}, 20 Mar 2025")).run()
    assert_no_live_markdown(at)
    assert at.query_params["since"] == "2025-03-20"
    assert any(ONE_LINE in shown(c.value) for c in at.caption), "the chosen event is named"
    for day in range(1, len(PAYLOADS) + 1):  # each payload as the chosen event
        at = run_app(chart=view, since=f"2025-03-{day:02d}")
        assert_no_live_markdown(at)
        assert any(PAYLOADS[day - 1] in shown(c.value) for c in at.caption)


# ------------------------------------------------------------ the data-error page and the boundary
def test_the_data_error_page_shows_hostile_file_names_and_cells_as_text(tmp_path, monkeypatch):
    rows = [statement(country=ONE_LINE, position=ONE_LINE, actor=ONE_LINE)]
    path = write_json(tmp_path / "[Session expired](https:evil.example) $x$ :smile:.json", rows, {"p": ONE_LINE})
    monkeypatch.setenv("STANCE_DATA", str(path))
    at = run_app()
    assert_no_live_markdown(at)
    assert at.error, "the data error box"
    problems = "\n".join(c.value for c in at.code)
    assert f"{path}:2:country:" in problems or f"{path}:1:country:" in problems, problems


def test_a_header_only_csv_is_a_data_error_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "empty.csv"
    path.write_text(",".join(ALL_COLUMNS) + "\n", encoding="utf-8")
    monkeypatch.setenv("STANCE_DATA", str(path))
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert shown(at.error[0].value).startswith(f"**Could not load the statements from {path}**")
    assert at.code[0].value.startswith(f"{path}:1:") and "no statements" in at.code[0].value


def test_json_nested_deeply_is_an_error_box_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "deep.json"
    path.write_text('{"statements": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    monkeypatch.setenv("STANCE_DATA", str(path))
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert shown(at.error[0].value).startswith(f"**Could not load the statements from {path}**")
    assert at.code[0].value.startswith(f"{path}:") and "nested" in at.code[0].value


def test_an_unreadable_seeds_folder_is_an_error_box(tmp_path, monkeypatch):
    # Tests run as root, who reads any file: chmod cannot make it unreadable, so refuse the read.
    folder = tmp_path / "seeds"
    folder.mkdir()
    monkeypatch.setenv("STANCE_DATA", str(folder))
    real_iterdir = Path.iterdir

    def refused(self):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refused)
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "Permission denied" in at.error[0].value and "Traceback" not in at.error[0].value


def test_an_unexpected_error_shows_a_plain_box_and_logs_the_traceback(monkeypatch, caplog):
    monkeypatch.setenv("STANCE_DATA", str(SAMPLE_CSV))
    import stance.words

    def broken(*args, **kwargs):
        raise RuntimeError("secret /srv/internal/path")

    monkeypatch.setattr(stance.words, "alt_text", broken)
    with caplog.at_level(logging.ERROR):
        at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    message = " ".join(e.value for e in at.error)
    assert "Something went wrong" in message and "/srv/internal" not in message
    assert "secret /srv/internal/path" in caplog.text and "Traceback" in caplog.text


def test_the_server_never_sends_error_details_to_the_page():
    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_the_page_names_no_icon_fetched_from_another_host():
    # A :material/...: icon (page icon, buttons, notices) is an SVG from fonts.gstatic.com.
    assert ":material/" not in Path(APP).read_text(encoding="utf-8")
