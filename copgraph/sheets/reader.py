"""A filled workbook (.xlsx from Excel, LibreOffice or copgraph) or a CSV set -> rows per sheet.

Only the layout is checked here (sheet names, column headers); the cells are read by `build`.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

from ..errors import InputError
from .build import SheetProblem
from .schema import INSTRUCTIONS, LISTS, SHEETS, Row, Sheet, sheet_by_name

FORMULA_START = ("=", "+", "-", "@")


def _header_key(name: object) -> str:
    return " ".join(str(name or "").split()).casefold()


def _rows(sheet: Sheet, table: list[list[Any]], problems: list[SheetProblem]) -> list[Row]:
    """Header row -> column names; then one Row per non-empty line, numbered as the spreadsheet shows."""
    if not table:
        return []
    known = {c.name.casefold(): c.name for c in sheet.columns}
    positions: dict[int, str] = {}
    for index, heading in enumerate(table[0]):
        key = _header_key(heading)
        if not key:
            continue
        name = known.get(key)
        if name is None:
            allowed = ", ".join(c.name for c in sheet.columns)
            problems.append(SheetProblem(sheet.name, 1, f"column {index + 1}", str(heading),
                                         f"unknown column; the columns are: {allowed}"))
        elif name in positions.values():
            problems.append(SheetProblem(sheet.name, 1, f"column {index + 1}", str(heading), "column given twice"))
        else:
            positions[index] = name
    for column in sheet.columns:
        if column.required and column.name not in positions.values():
            problems.append(SheetProblem(sheet.name, 1, column.name, "", "required column missing from the header"))
    rows = []
    for number, line in enumerate(table[1:], start=2):
        cells = {name: line[i] if i < len(line) else None for i, name in positions.items()}
        if any(v is not None and str(v).strip() for v in cells.values()):
            rows.append(Row(sheet.name, number, cells))
    return rows


def read_xlsx(path: Path, problems: list[SheetProblem]) -> dict[str, list[Row]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises its own kinds for damaged files
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    result: dict[str, list[Row]] = {}
    try:
        for name in book.sheetnames:
            sheet = sheet_by_name(name)
            if sheet is None:
                if _header_key(name) not in (INSTRUCTIONS.casefold(), LISTS.casefold()):
                    problems.append(SheetProblem(name, "-", "-", "", "unknown sheet; the sheets are: "
                                                 + ", ".join(s.name for s in SHEETS)))
                continue
            table = [list(r) for r in book[name].iter_rows(values_only=True)]
            result[sheet.name] = _rows(sheet, table, problems)
    finally:
        book.close()
    return result


def read_csv_set(directory: Path, problems: list[SheetProblem]) -> dict[str, list[Row]]:
    files = {p.name.casefold(): p for p in directory.iterdir() if p.suffix.lower() == ".csv"}
    if not files:
        raise InputError(f"{directory}: no CSV files (expected {', '.join(s.csv for s in SHEETS)})")
    result: dict[str, list[Row]] = {}
    expected = {s.csv.casefold(): s for s in SHEETS}
    for key, path in sorted(files.items()):
        sheet = expected.get(key)
        if sheet is None:
            problems.append(SheetProblem(path.name, "-", "-", "", "unknown CSV file; the set is: "
                                         + ", ".join(s.csv for s in SHEETS)))
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                table = [[_uncsv(v) for v in line] for line in csv.reader(handle)]
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8") from None
        except csv.Error as exc:
            raise InputError(f"{path}: malformed CSV: {exc}") from None
        result[sheet.name] = _rows(sheet, table, problems)
    return result


def _uncsv(value: str) -> str:
    """Undo the quote written before text a spreadsheet would take for a formula."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START and value[1:2] else value


def read_workbook(path: Path, problems: list[SheetProblem]) -> dict[str, list[Row]]:
    """An .xlsx file, a directory holding a CSV set, or one CSV file of such a set (its directory is read)."""
    if path.is_dir():
        return read_csv_set(path, problems)
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.suffix.lower() == ".csv":
        return read_csv_set(path.parent, problems)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, problems)
    raise InputError(f"{path}: expected an .xlsx workbook or a directory of CSV files")
