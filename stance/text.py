"""Small wording helpers shared by charts, summaries and the app."""

from __future__ import annotations

import re

# Characters that would turn data into Markdown formatting. $ starts maths and ~ strikes through
# in Streamlit's Markdown; a backslash before any ASCII punctuation is valid CommonMark.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#$~])")


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 statement', '3 statements', '2 countries' (with ``many``)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def markdown_escape(text: object) -> str:
    """Data text shown verbatim in Markdown: special characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
