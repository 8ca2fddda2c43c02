"""Spreadsheet data entry (issue 16): template, export, import, round trip, per-cell errors.

The round trip runs on every bundled jurisdiction: export to a workbook, import it back, and the
graph must be isomorphic to the bundled file's (rdflib.compare). The catalogue is loaded once per
module; validation (pySHACL) runs in the CLI tests and on the hand-made workbooks, not 41 times
over files the bundled tests already validate.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import rdflib
from rdflib.compare import isomorphic

from copgraph.sheets.catalogue import read_catalogue
from copgraph.sheets.schema import SHEETS
from copgraph.sheets.workbook import (
    SheetErrors,
    _jurisdiction_graph,
    export_workbook,
    import_workbook,
    workbook_rows,
    write_template,
)
from copgraph.sheets.writer import to_xlsx
from copgraph.store import load

from .conftest import ROOT

CODES = sorted(p.stem for p in (ROOT / "data" / "jurisdictions").glob("*.ttl"))
CG = "https://w3id.org/copgraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
J = "https://w3id.org/copgraph/jurisdiction/IS/"


@pytest.fixture(scope="module")
def catalogue_graph():
    """Ontology and catalogue without jurisdictions: what an import validates against."""
    return load(jurisdictions=False, cache=False)


@pytest.fixture(scope="module")
def catalogue(catalogue_graph):
    return read_catalogue(catalogue_graph)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "copgraph.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


# ---------------------------------------------------------------- round trip

@pytest.mark.parametrize("code", CODES)
def test_round_trip_every_bundled_jurisdiction(code, graph, catalogue_graph, catalogue, tmp_path):
    path = tmp_path / f"{code}.xlsx"
    export_workbook(code, str(path), graph=graph, catalogue=catalogue)
    built = import_workbook(path, catalogue_graph, catalogue, validate=False)
    bundled = rdflib.Graph().parse(ROOT / "data" / "jurisdictions" / f"{code}.ttl")  # read independently
    imported = rdflib.Graph().parse(data=built.turtle, format="turtle")
    assert len(imported) == len(bundled)
    assert isomorphic(imported, bundled)


def test_every_bundled_pattern_has_a_proper_column(graph):
    """No bundled file needs the 'Other statements' fallback sheet."""
    from copgraph.sheets.export import graph_to_rows

    for code in CODES:
        assert graph_to_rows(_jurisdiction_graph(graph, code), code)["Other statements"] == [], code


@pytest.mark.parametrize("code", ["GB", "DE", "US"])
def test_round_trip_through_the_csv_set(code, graph, catalogue_graph, catalogue, tmp_path):
    export_workbook(code, str(tmp_path / "set"), "csv", graph=graph, catalogue=catalogue)
    assert sorted(p.name for p in (tmp_path / "set").iterdir()) == sorted(
        [s.csv for s in SHEETS] + ["instructions.txt"])
    built = import_workbook(tmp_path / "set", catalogue_graph, catalogue, validate=False)
    bundled = rdflib.Graph().parse(ROOT / "data" / "jurisdictions" / f"{code}.ttl")
    assert isomorphic(rdflib.Graph().parse(data=built.turtle, format="turtle"), bundled)


def test_the_patterns_of_the_model_are_in_columns(graph, catalogue):
    """Versions, extent, joint coverage (age bands), not-met, modality, excerpt, age of consent: each in its column."""
    gb, _ = workbook_rows("GB", None, graph, catalogue)
    version = next(r for r in gb["Measures"] if r["id"] == "pca-1978-s1/v1978")
    assert version["version of"] == "pca-1978-s1" and version["extent"] == "GB-ENG GB-WLS"
    assert version["in force from"] == "1978" and version["in force until"] == dt.date(2004, 5, 1)
    assert gb["Jurisdiction"][0]["age of sexual consent"] == 16 and gb["Jurisdiction"][0]["confidence"] == "high"
    de, _ = workbook_rows("DE", None, graph, catalogue)
    band = next(r for r in de["Claims"] if r["claim id"] == "csam-offering-184c")
    assert (band["protected age from"], band["protected age"], band["level"]) == (14, 18, "full")
    every = [r for code in CODES for r in workbook_rows(code, None, graph, catalogue)[0]["Claims"]]
    assert any(r["level"] == "notMet" for r in every)
    assert any(r["modality"] for r in every) and any(r["excerpt language"] == "de" for r in every)


# ---------------------------------------------------------------- template

def test_template_prefills_the_bundled_claims_and_one_row_per_requirement(graph, catalogue, tmp_path):
    path = tmp_path / "gb.xlsx"
    write_template("lanzarote-criminal", "GB", str(path), graph=graph, catalogue=catalogue)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["Instructions", "Jurisdiction", "Measures", "Claims"]
    assert book["Lists"].sheet_state == "hidden"
    claims = book["Claims"]
    header = [c.value for c in claims[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in claims.iter_rows(min_row=2)]
    rows = [r for r in rows if r["requirement"]]
    profile = set(catalogue.profile(graph, "lanzarote-criminal"))
    assert profile <= {r["requirement"] for r in rows}
    grooming = [r for r in rows if r["requirement"] == "grooming"]
    assert grooming[0]["requirement label"] and "lanzarote Art. 23" in grooming[0]["provisions"]
    assert "age of sexual consent" in grooming[0]["needs"]
    assert any(r["level"] for r in grooming)  # GB's own claims are there
    # every GB claim is in the template, including those outside the profile: import gives the file back
    assert sum(1 for r in rows if r["claim id"]) == len(workbook_rows("GB", None, graph, catalogue)[0]["Claims"])
    # drop-downs feed from the hidden Lists sheet
    formulas = {dv.formula1 for dv in claims.data_validations.dataValidation}
    lists = book["Lists"]
    columns = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}
    for name in ("level", "modality", "confidence", "requirement"):
        letter = openpyxl.utils.get_column_letter(columns[name])
        assert any(f.startswith(f"Lists!${letter}$2") for f in formulas), name
    level_values = [lists.cell(r, columns["level"]).value for r in range(2, 6)]
    assert level_values == ["full", "partial", "notMet", "none"]
    sources = book["Sources"]
    auth = openpyxl.utils.get_column_letter(columns["authority"])
    assert any(dv.formula1.startswith(f"Lists!${auth}$") for dv in sources.data_validations.dataValidation)
    # dates are date cells in ISO format
    measures = book["Measures"]
    h = {c.value: c.column for c in measures[1]}
    dated = [measures.cell(r, h["assessed on"]) for r in range(2, measures.max_row + 1)
             if measures.cell(r, h["id"]).value]
    assert all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in dated)


def test_template_for_an_unbundled_jurisdiction_then_fill_and_import(graph, catalogue, catalogue_graph, tmp_path):
    path = tmp_path / "is.xlsx"
    write_template("icmec-csam", "IS", str(path), graph=graph, catalogue=catalogue)
    with pytest.raises(SheetErrors) as empty:
        import_workbook(path, catalogue_graph, catalogue)
    assert "nothing filled in" in str(empty.value.problems[0])
    book = openpyxl.load_workbook(path)
    fill(book)
    book.save(path)
    built = import_workbook(path, catalogue_graph, catalogue)
    g = rdflib.Graph().parse(data=built.turtle, format="turtle")
    claim = rdflib.URIRef(J + "claim/csam-simple-possession")
    assert (claim, rdflib.URIRef(CG + "protectedAge"), rdflib.Literal(18)) in g
    assert (claim, rdflib.URIRef(CG + "byMeasure"), rdflib.URIRef(J + "measure/gc-210")) in g


def fill(book: openpyxl.Workbook) -> None:
    """Fill a template as an analyst would: one measure, one claim, one source, one research row."""
    url = "https://www.althingi.is/lagas/nuna/1940019.html"
    put(book["Measures"], 2, {"id": "gc-210", "label": "General Penal Code, art. 210 (CSAM)", "statute": "Almenn "
        "hegningarlög", "section": "art. 210", "in force from": "1940", "official text": url, "sources": url,
        "assessed on": dt.date(2026, 11, 30), "confidence": "high"})
    claims = book["Claims"]
    header = {c.value: c.column for c in claims[1]}
    row = next(r for r in range(2, claims.max_row + 1)
               if claims.cell(r, header["requirement"]).value == "csam-simple-possession")
    put(claims, row, {"measure": "gc-210", "level": "full", "protected age": 18, "sources": url,
                      "assessed on": "2026-11-30", "confidence": "high"})
    put(book["Sources"], 2, {"url": url, "authority": "officialLegislation", "retrieved on": "2026-11-30"})
    put(book["Research"], 2, {"assessed on": "2026-11-30", "sources searched": "https://www.althingi.is/",
                              "scope note": "Penal Code read."})


def put(sheet, row: int, values: dict) -> None:  # noqa: ANN001
    header = {c.value: c.column for c in sheet[1]}
    for name, value in values.items():
        sheet.cell(row, header[name], value)


# ---------------------------------------------------------------- errors, all at once

def small_rows() -> dict:
    """A hand-made Icelandic workbook: two measures, a full claim, an assessed gap, sources."""
    law, report = "https://www.althingi.is/lagas/nuna/1940019.html", "https://rm.coe.int/report-iceland"
    ev = {"assessed on": dt.date(2026, 11, 30), "confidence": "medium"}
    return {
        "Jurisdiction": [{"jurisdiction": "IS", "age of sexual consent": 15, "sources": law, **ev}],
        "Measures": [
            {"id": "gc-210", "label": "General Penal Code, art. 210", "in force from": dt.date(2007, 4, 4),
             "official text": law, "sources": law, **ev},
            {"id": "gc-202", "label": "General Penal Code, art. 202", "in force from": "2007-04",
             "in force until": 2020, "sources": law, **ev},
        ],
        "Claims": [
            {"requirement": "csam-simple-possession", "measure": "gc-210", "level": "full", "protected age": 18,
             "sources": law, **ev},
            {"requirement": "grooming", "measure": "gc-202", "level": "partial", "sources": law, **ev},
            {"requirement": "csam-production", "level": "none", "sources searched": f"{law}\n{report}",
             "sources": report, "note": "No offence found.", **ev},
        ],
        "Sources": [{"url": law, "authority": "officialLegislation", "text date": "2024",
                     "retrieved on": dt.date(2026, 11, 30)},
                    {"url": report, "authority": "secondary", "retrieved on": "2026-11-30"}],
        "Research": [{"assessed on": dt.date(2026, 11, 30), "sources searched": "https://www.althingi.is/",
                      "scope note": "Penal Code read."}],
    }


def write(rows: dict, catalogue, path: Path) -> Path:  # noqa: ANN001
    path.write_bytes(to_xlsx(rows, catalogue, "IS", None))
    return path


def test_hand_made_workbook_gives_the_expected_triples(catalogue_graph, catalogue, tmp_path):
    built = import_workbook(write(small_rows(), catalogue, tmp_path / "is.xlsx"), catalogue_graph, catalogue)
    g = rdflib.Graph().parse(data=built.turtle, format="turtle")
    m202, m210 = rdflib.URIRef(J + "measure/gc-202"), rdflib.URIRef(J + "measure/gc-210")
    eli = "http://data.europa.eu/eli/ontology#"
    assert g.value(m210, rdflib.URIRef(eli + "first_date_entry_in_force")) == rdflib.Literal(
        "2007-04-04", datatype=rdflib.URIRef(XSD + "date"))
    start = g.value(m202, rdflib.URIRef(eli + "first_date_entry_in_force"))
    end = g.value(m202, rdflib.URIRef(eli + "date_no_longer_in_force"))
    assert (str(start), str(start.datatype)) == ("2007-04", XSD + "gYearMonth")
    assert (str(end), str(end.datatype)) == ("2020", XSD + "gYear")
    gap = rdflib.URIRef(J + "claim/csam-production")
    assert g.value(gap, rdflib.URIRef(CG + "level")) == rdflib.URIRef(CG + "none")
    assert len(list(g.objects(gap, rdflib.URIRef(CG + "sourceSearched")))) == 2
    assert g.value(rdflib.URIRef("https://w3id.org/copgraph/jurisdiction/IS"),
                   rdflib.URIRef(CG + "ageOfSexualConsent")) == rdflib.Literal(15)
    # the same rows as ISO text and typed dates give the same graph
    text_rows = small_rows()
    text_rows["Measures"][0]["in force from"] = "2007-04-04"
    text_rows["Claims"][0]["assessed on"] = "2026-11-30"
    text_rows["Claims"][0]["protected age"] = "18"
    again = import_workbook(write(text_rows, catalogue, tmp_path / "text.xlsx"), catalogue_graph, catalogue,
                            validate=False)
    assert isomorphic(g, rdflib.Graph().parse(data=again.turtle, format="turtle"))


def one_mistake_of_each_kind(catalogue, path: Path) -> Path:  # noqa: ANN001
    rows = small_rows()
    rows["Claims"][0]["requirement"] = "no-such-requirement"        # Claims row 2: unknown requirement
    rows["Measures"][1]["in force from"] = "2007-13-45"              # Measures row 3: bad date
    rows["Claims"][1]["sources"] = None                              # Claims row 3: missing source
    rows["Claims"][2]["level"] = "fully"                             # Claims row 4: level not in the list
    rows["Claims"].append({**rows["Claims"][1], "requirement": "csam-offering",
                           "sources": rows["Sources"][0]["url"], "protected age": "sixteen"})  # row 5: age as text
    rows["Claims"].append({**rows["Claims"][1], "requirement": "csam-distribution", "measure": "gc-999",
                           "sources": rows["Sources"][0]["url"]})     # row 6: measure not defined
    return write(rows, catalogue, path)


EXPECTED = [
    ("Claims", 2, "requirement", "no-such-requirement", "not a requirement of the catalogue"),
    ("Claims", 3, "sources", "", "needed"),
    ("Claims", 4, "level", "fully", "not one of: full, partial, notMet, none"),
    ("Claims", 5, "protected age", "sixteen", "a whole number is expected"),
    ("Claims", 6, "measure", "gc-999", "referenced but not defined on the Measures sheet"),
    ("Measures", 3, "in force from", "2007-13-45", "not a real calendar date"),
]


def test_every_mistake_is_reported_at_once_with_sheet_row_and_column(catalogue_graph, catalogue, tmp_path):
    path = one_mistake_of_each_kind(catalogue, tmp_path / "bad.xlsx")
    with pytest.raises(SheetErrors) as caught:
        import_workbook(path, catalogue_graph, catalogue)
    found = sorted((p.sheet, p.row, p.column, p.value, p.message) for p in caught.value.problems)
    assert len(found) == len(EXPECTED), "\n".join(map(str, caught.value.problems))
    for (sheet, row, column, value, message), expected in zip(found, EXPECTED, strict=True):
        assert (sheet, row, column, value) == expected[:4]
        assert message.startswith(expected[4])


def test_cli_import_with_mistakes_exits_2_and_writes_nothing(catalogue, tmp_path):
    path = one_mistake_of_each_kind(catalogue, tmp_path / "bad.xlsx")
    out = tmp_path / "IS.ttl"
    result = cli("import", str(path), "--output", str(out), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]
    lines = result.stderr.splitlines()
    assert "Measures, row 3, in force from, '2007-13-45': not a real calendar date" in lines
    assert "Claims, row 5, protected age, 'sixteen': a whole number is expected (16), not text" in lines
    assert lines[-1].startswith("copgraph: error: ") and "6 problem(s); nothing written" in lines[-1]
    assert "Traceback" not in result.stderr


def test_cli_export_then_import_then_validate(tmp_path):
    assert cli("export", "RO", "--output", "ro.xlsx", cwd=tmp_path).returncode == 0
    result = cli("import", "ro.xlsx", "--output", "RO.ttl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    bundled = rdflib.Graph().parse(ROOT / "data" / "jurisdictions" / "RO.ttl")
    assert isomorphic(rdflib.Graph().parse(tmp_path / "RO.ttl"), bundled)
    assert cli("validate", "RO.ttl", cwd=tmp_path).returncode == 0
    text = (tmp_path / "RO.ttl").read_text()
    assert "@prefix m:       <https://w3id.org/copgraph/jurisdiction/RO/measure/> ." in text
    # deterministic: the same workbook gives the same bytes
    assert cli("import", "ro.xlsx", "--output", "again.ttl", cwd=tmp_path).returncode == 0
    assert (tmp_path / "again.ttl").read_text() == text


# ---------------------------------------------------------------- cells: enumerations, dates

def test_enumerations_are_normalised_and_anything_else_refused(catalogue_graph, catalogue, tmp_path):
    rows = small_rows()
    rows["Claims"][0].update({"level": " Full ", "confidence": "cg:MEDIUM"})
    rows["Claims"][1].update({"level": "partial", "modality": "report to police"})
    rows["Claims"][2].update({"level": "NONE"})
    rows["Sources"][0]["authority"] = "official legislation "
    built = import_workbook(write(rows, catalogue, tmp_path / "ok.xlsx"), catalogue_graph, catalogue,
                            validate=False)
    assert "cg:level cg:full" in built.turtle and "cg:modality cg:reportToPolice" in built.turtle
    assert "cg:authority cg:officialLegislation" in built.turtle and "cg:level cg:none" in built.turtle
    rows["Claims"][0]["confidence"] = "sure"
    rows["Sources"][1]["authority"] = "blog"
    with pytest.raises(SheetErrors) as caught:
        import_workbook(write(rows, catalogue, tmp_path / "bad.xlsx"), catalogue_graph, catalogue)
    messages = sorted(str(p) for p in caught.value.problems)
    assert messages == [
        "Claims, row 2, confidence, 'sure': not one of: high, medium, low",
        "Sources, row 3, authority, 'blog': not one of: officialLegislation, depositary, government, court, "
        "secondary, other",
    ]


@pytest.mark.parametrize(("cell", "expected"), [
    (dt.date(2004, 5, 1), ("2004-05-01", "date")),
    (dt.datetime(2004, 5, 1), ("2004-05-01", "date")),
    ("2004-05-01", ("2004-05-01", "date")),
    (" 2004-05 ", ("2004-05", "gYearMonth")),
    ("2004", ("2004", "gYear")),
    (2004, ("2004", "gYear")),
    (2004.0, ("2004", "gYear")),
])
def test_partial_dates_as_date_cells_and_as_text(cell, expected):
    from copgraph.sheets.cells import partial_date

    lexical, datatype = partial_date(cell)
    assert (lexical, datatype.rsplit("#", 1)[1]) == expected


@pytest.mark.parametrize("cell", ["2004-13", "2004-02-30", "1.5.2004", "May 2004", dt.datetime(2004, 5, 1, 12, 30),
                                  "04"])
def test_bad_dates_are_refused(cell):
    from copgraph.sheets.cells import CellError, partial_date

    with pytest.raises(CellError):
        partial_date(cell)


def test_a_full_date_column_refuses_a_year_and_a_number():
    from copgraph.sheets.cells import CellError, date

    assert date("2026-11-30") == dt.date(2026, 11, 30)
    for cell in ("2026", 46000, "30/11/2026"):
        with pytest.raises(CellError):
            date(cell)


# ---------------------------------------------------------------- other writers' files

def _shared_strings(path: Path, out: Path) -> int:
    """The workbook with its inline strings (what openpyxl writes) moved to a shared-string table
    (xl/sharedStrings.xml, cells t="s"), which is how Excel and LibreOffice store text."""
    table: list[bytes] = []

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet"):
            def shared(m: re.Match) -> bytes:
                table.append(m[3])
                return m[1] + b' t="s"' + m[2] + b"><v>" + str(len(table) - 1).encode() + b"</v></c>"
            return re.sub(rb'(<c [^>]*?) t="inlineStr"([^>]*)><is>(.*?)</is></c>', shared, data, flags=re.S)
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdShared" Type="http://schemas.openxml'
                                b'formats.org/officeDocument/2006/relationships/sharedStrings" '
                                b'Target="sharedStrings.xml"/></Relationships>')
        return data

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))
        body = b"".join(b"<si>" + t + b"</si>" for t in table)
        zout.writestr("xl/sharedStrings.xml", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="'
                      + str(len(table)).encode() + b'" uniqueCount="' + str(len(table)).encode() + b'">' + body
                      + b"</sst>")
    return len(table)


def test_shared_string_workbook_reads_the_same(catalogue_graph, catalogue, tmp_path):
    """openpyxl writes inline strings; Excel and LibreOffice write a shared-string table: both read alike."""
    src = write(small_rows(), catalogue, tmp_path / "inline.xlsx")
    with zipfile.ZipFile(src) as z:
        assert b"inlineStr" in z.read("xl/worksheets/sheet4.xml")  # the Claims sheet
    assert _shared_strings(src, tmp_path / "shared.xlsx") > 50
    with zipfile.ZipFile(tmp_path / "shared.xlsx") as z:
        claims = z.read("xl/worksheets/sheet4.xml")
        assert b"inlineStr" not in claims and b' t="s"' in claims
    one = import_workbook(src, catalogue_graph, catalogue, validate=False)
    two = import_workbook(tmp_path / "shared.xlsx", catalogue_graph, catalogue, validate=False)
    assert one.turtle == two.turtle


def test_libreoffice_style_dates_custom_number_format(catalogue_graph, catalogue, tmp_path):
    """LibreOffice saves a date as a serial number styled with its own format code (numFmtId >= 164,
    "YYYY-MM-DD"); openpyxl then reads a datetime. Written here with openpyxl, not by LibreOffice."""
    src = write(small_rows(), catalogue, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(src)
    claims = book["Claims"]
    header = {c.value: c.column for c in claims[1]}
    cell = claims.cell(2, header["assessed on"])
    cell.value, cell.number_format = 46356, "YYYY-MM-DD"  # serial of 2026-11-30
    book.save(tmp_path / "b.xlsx")
    a = import_workbook(src, catalogue_graph, catalogue, validate=False)
    b = import_workbook(tmp_path / "b.xlsx", catalogue_graph, catalogue, validate=False)
    assert a.turtle == b.turtle


def test_csv_cells_that_look_like_formulas_round_trip(catalogue_graph, catalogue, tmp_path):
    from copgraph.sheets.writer import write_csv_set

    rows = small_rows()
    rows["Claims"][0]["note"] = "=HYPERLINK(\"x\") is text, not a formula"
    write_csv_set(rows, str(tmp_path / "set"), "IS", None)
    assert "'=HYPERLINK" in (tmp_path / "set" / "claims.csv").read_text()
    built = import_workbook(tmp_path / "set" / "claims.csv", catalogue_graph, catalogue, validate=False)
    assert '"=HYPERLINK(\\"x\\") is text, not a formula"@en' in built.turtle
    book = openpyxl.load_workbook(write(rows, catalogue, tmp_path / "f.xlsx"))
    note = book["Claims"].cell(2, [c.value for c in book["Claims"][1]].index("note") + 1)
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")


def test_unknown_sheet_and_column_are_refused(catalogue_graph, catalogue, tmp_path):
    src = write(small_rows(), catalogue, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(src)
    book["Claims"].cell(1, 30, "comments")
    book.create_sheet("Claim")
    book.save(src)
    with pytest.raises(SheetErrors) as caught:
        import_workbook(src, catalogue_graph, catalogue)
    text = "\n".join(map(str, caught.value.problems))
    assert "Claims, row 1, column 30, 'comments': unknown column" in text
    assert "Claim, row -, -, '': unknown sheet" in text


def test_not_a_workbook_is_one_line_error(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a zip")
    result = cli("import", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a readable .xlsx" in result.stderr
    shutil.rmtree(tmp_path / "nothing", ignore_errors=True)


def test_party_status_and_reservation_sheets_for_an_unbundled_party(catalogue_graph, catalogue, tmp_path):
    """No bundled jurisdiction file holds statuses (they are in data/parties/), so these sheets are tested here:
    the status links its reservation, the reservation its option and scope; the result validates."""
    depositary = "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=185"
    ev = {"sources": depositary, "assessed on": dt.date(2026, 11, 30), "confidence": "high"}
    rows = small_rows()
    rows["Sources"].append({"url": depositary, "authority": "depositary", "retrieved on": dt.date(2026, 11, 30)})
    rows["Party statuses"] = [{"treaty": "Budapest", "stage": "stateparty", "signed on": dt.date(2001, 11, 30),
                               "consented on": "2007-01-29", "consent form": "ratification",
                               "in force from": dt.date(2007, 5, 1), "in force derived from": "art_36", **ev}]
    rows["Reservations"] = [{"treaty": "budapest", "option": "art_9__para_4", "limited to": "art_9__para_2__point_b",
                             "made on": "2007-01-29", **ev}]
    built = import_workbook(write(rows, catalogue, tmp_path / "is.xlsx"), catalogue_graph, catalogue)
    g = rdflib.Graph().parse(data=built.turtle, format="turtle")
    status = rdflib.URIRef(J + "status/budapest")
    reservation = rdflib.URIRef(J + "status/budapest/reservation/art_9__para_4")
    bud = "https://w3id.org/copgraph/instrument/budapest/"
    assert (status, rdflib.URIRef(CG + "madeReservation"), reservation) in g
    assert (status, rdflib.URIRef(CG + "stage"), rdflib.URIRef(CG + "stateParty")) in g
    assert (reservation, rdflib.URIRef(CG + "underOption"), rdflib.URIRef(bud + "reservation/art_9__para_4")) in g
    assert (reservation, rdflib.URIRef(CG + "limitedTo"), rdflib.URIRef(bud + "art_9__para_2__point_b")) in g
    # a reservation without its treaty's status row is refused
    rows["Party statuses"] = []
    with pytest.raises(SheetErrors) as caught:
        import_workbook(write(rows, catalogue, tmp_path / "bad.xlsx"), catalogue_graph, catalogue)
    assert [str(p) for p in caught.value.problems] == [
        "Reservations, row 2, treaty, 'budapest': no row for this treaty on the Party statuses sheet"]
