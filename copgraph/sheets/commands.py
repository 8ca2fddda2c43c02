"""The CLI side of spreadsheet data entry: what `copgraph template`, `import` and `export --format
xlsx|csv` do once click has parsed their arguments. Kept here so cli.py only registers them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError

SHEET_FORMATS = ("xlsx", "csv")


def sheet_format(fmt: str | None, output: str) -> str:
    """--format, else .xlsx -> xlsx, a directory or a name without extension -> csv (a set of CSV files)."""
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == "" or Path(output).is_dir():
        return "csv"
    raise InputError(f"--output {output}: give a .xlsx file, or a directory for the CSV set (or --format xlsx|csv)")


def run_template(profile: str, jurisdiction: str, fmt: str | None, output: str) -> None:
    from .workbook import write_template

    fmt = sheet_format(fmt, output)
    write_template(profile, jurisdiction, output, fmt)
    click.echo(f"wrote {output} ({fmt}): fill it in, then `copgraph import {output} --output "
               f"{jurisdiction.upper()}.ttl`", err=True)


def run_export(jurisdiction: str, fmt: str | None, output: str) -> None:
    from .workbook import export_workbook

    fmt = sheet_format(fmt, output)
    export_workbook(jurisdiction, output, fmt)
    click.echo(f"wrote {output} ({fmt})", err=True)


def run_import(file: str, output: str | None) -> None:
    from ..output import choose_format, write_output
    from .workbook import SheetErrors, import_workbook

    if output and output != "-":
        choose_format("ttl", output, ("ttl",))  # refuses a directory, a device or a missing directory first
    try:
        built = import_workbook(Path(file))
    except SheetErrors as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise
    write_output(built.turtle, output)
    if output and output != "-":
        click.echo(f"wrote {output}: jurisdiction {built.code}, validated; next: copgraph check {output} "
                   "--profile <profile>", err=True)
    sys.stdout.flush()
