"""Workbook rows -> an .xlsx workbook (drop-downs, date cells, instructions) or a set of CSV files.

The same layout (schema.SHEETS) is written for a blank template, a pre-filled template and an
export, so whatever copgraph writes, `copgraph import` reads back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ..errors import InputError
from ..output import write_file
from .catalogue import Catalogue
from .schema import ENUMS, INSTRUCTIONS, LISTS, SHEETS, Sheet

HEADER_FILL = "DDEBF7"
HELPER_FILL = "EDEDED"
FORMULA_START = ("=", "+", "-", "@")
SPARE_ROWS = 1000  # rows under the data that keep the drop-downs


def instructions(code: str, profile: str | None) -> list[str]:
    what = f"profile {profile}" if profile else "all recorded claims"
    return [
        f"copgraph workbook for jurisdiction {code or '(fill in the Jurisdiction sheet)'} ({what})",
        "",
        "1. Jurisdiction: one row, its ISO code and, when there is one, the national age of sexual consent with "
        "its sources, assessment date and confidence.",
        "2. Measures: one row per national provision (statute and section), institution or policy. Give a short "
        "id (soa-2003-s15a). When an amendment changed what it protects, add a row per version with "
        "'version of' set to the measure's id and the id <measure id>/v<year> (pca-1978-s1/v2004).",
        "3. Claims: one row per requirement is ready; fill the rows you assessed: the measure id, the level "
        "(full, partial, notMet, none), the protected age ('protects under N'), the modality where the "
        "requirement needs one, sources, date and confidence. Copy a row for a second measure covering the same "
        "requirement (age bands: 'protected age from' 14 and 'protected age' 18 for 14-17-year-olds). A row "
        "left without a level is NOT ASSESSED and is skipped; level none (no measure exists) needs 'sources "
        "searched'. Grey columns are for reading only.",
        "4. Sources: one row per URL cited anywhere, with its authority (officialLegislation, depositary, "
        "government, court, secondary; other is never evidence), the date of the text read and when you read it.",
        "5. Research: what you searched, and what you did not research.",
        "6. Party statuses and Reservations: only for a jurisdiction whose treaty statuses are not bundled in "
        "data/parties/.",
        "7. Other statements: anything else, as Turtle terms. Normally empty.",
        "",
        "Dates: date cells, or text YYYY-MM-DD. 'In force' dates and text dates may be YYYY-MM or YYYY when the "
        "source gives only that (type them as text). Several URLs in one cell: one per line.",
        "Drop-down words may be typed in any case; anything else is refused by the import, with the allowed "
        "words.",
        "",
        "Then: copgraph import this-file.xlsx --output XX.ttl  (every problem is listed with sheet, row and "
        "column; nothing is written until all are fixed), copgraph validate XX.ttl, copgraph check XX.ttl "
        "--profile <profile>.",
        "Conventions: data/CONVENTIONS.md in the copgraph repository.",
    ]


def _lists(catalogue: Catalogue) -> dict[str, list[str]]:
    lists = {name: list(values) for name, values in ENUMS.items()}
    lists["requirement"] = sorted(catalogue.requirements)
    lists["treaty"] = list(catalogue.treaties)
    return lists


def to_xlsx(rows: dict[str, list[dict[str, object]]], catalogue: Catalogue, code: str,
            profile: str | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    intro = book.active
    intro.title = INSTRUCTIONS
    for line in instructions(code, profile):
        intro.append([line])
    intro["A1"].font = Font(bold=True, size=13)
    intro.column_dimensions["A"].width = 140
    for cell in intro["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    lists = _lists(catalogue)
    list_sheet = book.create_sheet(LISTS)
    refs: dict[str, str] = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        list_sheet.cell(row=1, column=index, value=name)
        for r, value in enumerate(values, start=2):
            list_sheet.cell(row=r, column=index, value=value)
        refs[name] = f"{LISTS}!${letter}$2:${letter}${len(values) + 1}"

    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        data = rows.get(sheet.name, [])
        last = 2 if sheet.one_row else len(data) + 1 + SPARE_ROWS
        for c, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=c, value=column.name)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HELPER_FILL if column.kind == "helper" else HEADER_FILL)
            note = column.help + (" (required)" if column.required else "")
            if column.kind == "helper":
                note = (note + " " if note else "") + "(for reading; ignored by the import)"
            if note.strip():
                cell.comment = Comment(note.strip(), "copgraph")
            letter = get_column_letter(c)
            ws.column_dimensions[letter].width = column.width
            fmt = {"date": "yyyy-mm-dd", "pdate": "@"}.get(column.kind)
            if fmt:  # the column's own style: cells typed later take it (no need to create them)
                ws.column_dimensions[letter].number_format = fmt
            if column.enum and column.kind in ("enum", "id"):
                dv = DataValidation(type="list", formula1=refs[column.enum], allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning",
                                    errorTitle=column.name, error=f"Pick one of the listed {column.name} values.")
                dv.add(f"{letter}2:{letter}{last}")
                ws.add_data_validation(dv)
        for r, record in enumerate(data, start=2):
            for c, column in enumerate(sheet.columns, start=1):
                _put(ws.cell(row=r, column=c), record.get(column.name), column.kind)
        ws.freeze_panes = "B2"
    list_sheet.sheet_state = "hidden"
    book.move_sheet(LISTS, offset=len(book.sheetnames))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell, value: object, kind: str) -> None:  # noqa: ANN001 - openpyxl cell
    from openpyxl.styles import Alignment

    if value is None or value == "":
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return
    if isinstance(value, int):
        cell.value = value
        return
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if kind in ("pdate",):
        cell.number_format = "@"
    if "\n" in text:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def csv_text(sheet: Sheet, data: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in sheet.columns])
    for values in data:
        writer.writerow([_csv_cell(values.get(c.name)) for c in sheet.columns])
    return buf.getvalue()


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # A spreadsheet opening the CSV must not run it as a formula; the import removes the quote again.
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv_set(rows: dict[str, list[dict[str, object]]], directory: str, code: str, profile: str | None) -> None:
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise InputError(f"--output {directory}: the CSV set is a directory of files; {directory} is not a directory")
    target.mkdir(parents=True, exist_ok=True)
    write_file("\n".join(instructions(code, profile)) + "\n", str(target / "instructions.txt"))
    for sheet in SHEETS:
        write_file(csv_text(sheet, rows.get(sheet.name, [])), str(target / sheet.csv))
