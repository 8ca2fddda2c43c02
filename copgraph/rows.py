"""Rendering query rows: the one table/CSV/JSON/Markdown writer for query results."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from .escape import markdown, plain, spreadsheet
from .store import Row, Value


def cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # as xsd:boolean writes it, not Python's True/False
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _jsonable(value: Value) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def render_rows(rows: list[Row], fmt: str, columns: list[str] | None = None) -> str:
    names = list(rows[0]) if rows else list(columns or [])
    if fmt == "json":
        return json.dumps([{k: _jsonable(v) for k, v in r.items()} for r in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[spreadsheet(cell(r.get(n))) for n in names] for r in rows])
        return buf.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(markdown(cell(r.get(n))) for n in names) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    table = [names] + [[plain(cell(r.get(n))) for n in names] for r in rows]
    widths = [min(max(len(row[i]) for row in table), 60) for i in range(len(names))]
    out = ["  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
