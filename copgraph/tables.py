"""Tables in every flat format: a width-aware terminal table (rich), Markdown, CSV and XLSX (openpyxl).

Query results, coverage reports and harmonisation matrices are all a header and rows of cells;
this module is the one place that writes them, with the escaping each format needs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .escape import markdown, plain, spreadsheet

Cell = str | int | float | Decimal | bool | dt.date | None


def text(value: Cell) -> str:
    """A cell as text: booleans as xsd:boolean writes them, dates in ISO form, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class Table:
    columns: list[str]
    rows: Sequence[Sequence[Cell]]
    title: str = ""
    notes: list[str] = field(default_factory=list)  # printed under the table (terminal, Markdown)
    intro: list[str] = field(default_factory=list)  # printed between the title and the table (terminal)
    wrap: set[str] = field(default_factory=set)  # columns that take the spare width and wrap
    comments: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> XLSX cell comment


def terminal_width() -> int:
    """The terminal's width, or $COLUMNS, or 100 when output is not a terminal."""
    return shutil.get_terminal_size((100, 24)).columns


def to_terminal(table: Table, width: int | None = None, count: bool = False) -> str:
    """A table that fits the terminal: long cells wrap inside their column instead of being cut."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    grid = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False,
                     title=Text(plain(table.title)) if table.title and not table.intro else None,
                     title_justify="left")
    for name in table.columns:
        grid.add_column(name, overflow="fold", ratio=3 if name in table.wrap else None)
    for row in table.rows:
        grid.add_row(*(Text(plain(text(c))) for c in row))
    out = io.StringIO()
    console = Console(file=out, width=width or terminal_width(), color_system=None, force_terminal=False,
                      highlight=False, emoji=False, markup=False)
    if table.intro:  # title and intro above the table, each wrapped to the width
        for line in [table.title, *table.intro] if table.title else table.intro:
            console.print(Text(plain(line)))
        console.print()
    console.print(grid)
    for note in table.notes:
        console.print(Text(plain(note)))
    if count:
        console.print(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def to_markdown(table: Table) -> str:
    lines = ["| " + " | ".join(markdown(c) for c in table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(markdown(text(c)) for c in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def to_csv(table: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([[spreadsheet(text(c)) for c in row] for row in table.rows])
    return buf.getvalue()


def to_xlsx(sheets: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table: bold frozen header, filters, dates as dates, no formulas.

    Text cells that a spreadsheet would run as a formula are stored as text (openpyxl writes a
    string starting with '=' as a formula, so they are prefixed as in CSV).
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in sheets:
        sheet = book.create_sheet(_sheet_name(table.title or "rows", book.sheetnames))
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_value(c) for c in row])
        for index, name in enumerate(table.columns, start=1):
            longest = max([len(name), *(len(text(r[index - 1])) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 8) + 2, 60)
            if name in table.wrap:
                for cell in sheet[get_column_letter(index)][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for (row_index, column_index), note in table.comments.items():
            sheet.cell(row=row_index + 2, column=column_index + 1).comment = Comment(note, "copgraph", 200, 400)
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: Cell) -> object:
    if value is None or isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return spreadsheet(str(value))


def _sheet_name(title: str, taken: list[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in plain(title)).strip()[:31] or "sheet"
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name[:28]} {n}"
        n += 1
    return candidate
