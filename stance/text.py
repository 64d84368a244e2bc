"""Small wording helpers shared by charts, summaries and the app."""

from __future__ import annotations

import re

from .validate import check_url

# Characters that would turn data into Markdown formatting. $ starts maths and ~ strikes through
# in Streamlit's Markdown; a backslash before any ASCII punctuation is valid CommonMark.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#$~])")


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 statement', '3 statements', '2 countries' (with ``many``)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def markdown_escape(text: object) -> str:
    """Data text shown verbatim in Markdown: special characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


# Every ASCII punctuation character: CommonMark lets a backslash escape any of them, so escaping
# all of them leaves no link, emphasis, maths ($), table, heading, list, HTML or code span.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Streamlit finds some things in the *parsed* text, after escapes are gone: emoji shortcodes
# (:smile:), icons (:material/home:), bare-URL and e-mail autolinks (https://..., www., a@b.c).
# An invisible WORD JOINER after each ':' and '@', and inside 'www.', breaks those patterns.
WORD_JOINER = "\u2060"
_AFTER_JOINER = re.compile(r"(\\[:@])")
_WWW = re.compile(r"(?i)(w)(ww\\\.)")


def page_text(text: object) -> str:
    """Untrusted text (data, file names, link values) as literal Markdown for the dashboard.

    The one way the app puts such text into anything Streamlit renders as Markdown (headers,
    captions, notices, labels, ``help=``): shows exactly the characters of ``text`` (plus
    invisible word joiners), never a link, maths, formatting, colour, emoji, icon or HTML.
    """
    escaped = _ASCII_PUNCTUATION.sub(r"\\\1", str(text))
    escaped = _AFTER_JOINER.sub(lambda m: m.group(1) + WORD_JOINER, escaped)
    return _WWW.sub(lambda m: m.group(1) + WORD_JOINER + m.group(2), escaped)


def safe_url(url: object) -> str | None:
    """``url`` if it passes the one rule for links (:func:`stance.validate.check_url`: http or https,
    a plain host, no spaces, quotes, backticks, brackets or control characters), else None: the
    only addresses the page turns into links."""
    text = "" if url is None else str(url)
    return text if text and check_url(text) is None else None
