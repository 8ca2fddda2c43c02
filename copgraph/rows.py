"""Query rows in every output format; the tables themselves are written by tables.py."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from .store import Row, Value
from .tables import Table, to_csv, to_markdown, to_terminal, to_xlsx


def _jsonable(value: Value) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def rows_table(rows: list[Row], columns: list[str] | None = None, title: str = "") -> Table:
    names = list(rows[0]) if rows else list(columns or [])
    return Table(names, [[r.get(n) for n in names] for r in rows], title=title)


def rows_xlsx(rows: list[Row], columns: list[str] | None = None, title: str = "rows") -> bytes:
    return to_xlsx([rows_table(rows, columns, title)])


def render_rows(rows: list[Row], fmt: str, columns: list[str] | None = None) -> str:
    if fmt == "json":
        return json.dumps([{k: _jsonable(v) for k, v in r.items()} for r in rows], indent=2, ensure_ascii=False) + "\n"
    table = rows_table(rows, columns)
    if fmt == "csv":
        return to_csv(table)
    if fmt == "md":
        return to_markdown(table)
    return to_terminal(table, count=True)
