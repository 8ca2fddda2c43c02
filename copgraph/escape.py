"""Text from the data made safe for each output: one place for every escaping rule.

Labels, notes and sources come from files anyone can write. Terminal output must not carry control
sequences, Markdown must not carry markup or raw HTML, spreadsheets must not see formulas, and only
http(s) addresses become links (HTML escaping itself is html.escape).
"""

from __future__ import annotations

import re
import textwrap

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


# A line that opens a Markdown block: heading, list item, quote, fence, thematic break, setext underline.
_BLOCK_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+*](?=\s|$)|>|`{3}|~{3}|=+\s*$|-+\s*$)|^(\s*\d{1,9})([.)])(?=\s|$)")


def markdown_wrapped(text: str, width: int = 100, indent: str = "") -> str:
    """Escaped Markdown text wrapped at spaces (a soft line break reads as a space), so source lines
    stay short; a wrapped line that would open a block (a list item, a heading) has its marker escaped."""
    lines = textwrap.wrap(markdown(text), width, break_long_words=False, break_on_hyphens=False) or [""]
    safe = [_BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", line) for line in lines]
    return ("\n" + indent).join(safe)
