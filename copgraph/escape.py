"""Text from the data made safe for each output: one place for every escaping rule.

Labels, notes and sources come from files anyone can write. Terminal output must not carry control
sequences, Markdown must not carry markup or raw HTML, spreadsheets must not see formulas, and only
http(s) addresses become links (HTML escaping itself is html.escape).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|])")


def plain(text: str) -> str:
    """No control characters (terminal escape sequences, bells, carriage returns); newlines become spaces."""
    return _CONTROL.sub("", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def markdown(text: str) -> str:
    """Plain text with every Markdown and HTML markup character escaped."""
    return _MARKDOWN.sub(r"\\\1", plain(text))


def spreadsheet(text: str) -> str:
    """Plain text that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = plain(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def is_web_link(url: str) -> bool:
    """Only http(s) addresses are made clickable; javascript:, data:, file: and the rest stay text."""
    return re.match(r"https?://[^\s<>\"]+$", url) is not None
