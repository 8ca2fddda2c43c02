"""Reading one cell: what an analyst (or Excel, or LibreOffice) put there, as the value the graph needs.

Every reader returns the value, or raises CellError with what is wrong in the analyst's words.
Enumerations forgive stray spaces, case, hyphens and a `cg:` prefix; everything else is strict,
because a guessed date or age would be worse than a refusal.
"""

from __future__ import annotations

import datetime as dt
import re

from .schema import ENUMS

XSD = "http://www.w3.org/2001/XMLSchema#"
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")
_INT = re.compile(r"[+-]?[0-9]+")
_LANG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
_EID = re.compile(r"[a-z]+_[0-9a-z]+(__[a-z]+_[0-9a-z]+)*")
MEASURE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*(/v[0-9][0-9-]*)?")
CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


class CellError(ValueError):
    """What is wrong with a cell, in words an analyst can act on."""


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """A cell as text: numbers without a spurious '.0', dates in ISO form, outer spaces removed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def lines(value: object) -> list[str]:
    return [line.strip() for line in text(value).splitlines() if line.strip()]


def urls(value: object) -> list[str]:
    found: list[str] = []
    for token in text(value).replace(",\n", "\n").split():
        if not _URL.fullmatch(token):
            raise CellError(f"{token!r} is not an http(s) URL (give one URL per line)")
        if token not in found:
            found.append(token)
    return found


def url(value: object) -> str:
    found = urls(value)
    if len(found) != 1:
        raise CellError("give exactly one http(s) URL")
    return found[0]


def date(value: object) -> dt.date:
    """A full date: a date cell, or text YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CellError("a date without a time of day is expected")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        raise CellError("a date is expected (a date cell, or text YYYY-MM-DD), not a number")
    raw = text(value)
    if not _DATE.fullmatch(raw):
        raise CellError("a date is expected, written YYYY-MM-DD (or a date cell)")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CellError("not a real calendar date") from None


def partial_date(value: object) -> tuple[str, str]:
    """A date known to the day, month or year: (lexical form, XSD datatype)."""
    if isinstance(value, dt.date):
        return date(value).isoformat(), XSD + "date"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        value = str(int(value))  # a year typed into a number cell
    raw = text(value)
    if _YEAR.fullmatch(raw):
        return raw, XSD + "gYear"
    if match := _YEAR_MONTH.fullmatch(raw):
        if not 1 <= int(match[2]) <= 12:
            raise CellError("not a real month")
        return raw, XSD + "gYearMonth"
    if _DATE.fullmatch(raw):
        return date(raw).isoformat(), XSD + "date"
    raise CellError("a date is expected: YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only that")


def integer(value: object) -> int:
    if isinstance(value, bool):
        raise CellError("a whole number is expected")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("a whole number is expected, not a fraction")
    raw = text(value)
    if not _INT.fullmatch(raw):
        raise CellError("a whole number is expected (16), not text")
    return int(raw)


def _key(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.casefold())


def enum(value: object, name: str, allowed: tuple[str, ...] | None = None) -> str:
    """One of the allowed words, forgiving spaces, case, hyphens and a cg: prefix."""
    allowed = allowed if allowed is not None else ENUMS[name]
    raw = text(value)
    word = raw[3:] if raw.casefold().startswith("cg:") else raw
    for choice in allowed:
        if _key(choice) == _key(word):
            return choice
    shown = ", ".join(allowed) if len(allowed) <= 12 else ", ".join(allowed[:12]) + f" ... ({len(allowed)} in all)"
    raise CellError(f"not one of: {shown}")


def language(value: object) -> str:
    raw = text(value)
    if not _LANG.fullmatch(raw):
        raise CellError("a language tag is expected (de, fr, en, pt-BR)")
    return raw.lower()


def slug(value: object, pattern: re.Pattern[str], example: str) -> str:
    raw = "".join(text(value).split()).lower()
    if not pattern.fullmatch(raw):
        raise CellError(f"an id is lower-case letters, digits and hyphens ({example})")
    return raw


def slugs(value: object, pattern: re.Pattern[str], example: str) -> list[str]:
    found: list[str] = []
    for token in text(value).replace(",", " ").split():
        item = slug(token, pattern, example)
        if item not in found:
            found.append(item)
    return found


def eid(value: object) -> str:
    raw = "".join(text(value).split())
    if not _EID.fullmatch(raw):
        raise CellError("an Akoma Ntoso eId is expected (art_9__para_4)")
    return raw


def eids(value: object) -> list[str]:
    return [eid(token) for token in text(value).replace(",", " ").split()]
