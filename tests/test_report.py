"""The coverage report's formats: what an analyst handing a report on needs is in each of them."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

import copgraph
from copgraph.check import check_all, check_one, context
from copgraph.output import write_output
from copgraph.report import AUTHORITIES, render, render_table
from tests.conftest import ROOT

AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def icmec(graph):
    return context(graph, "icmec-csam")


@pytest.fixture(scope="module")
def de(icmec):
    return check_one(icmec, "DE", AS_OF)


@pytest.fixture(scope="module")
def gb(graph):
    return check_one(context(graph, "lanzarote-criminal"), "GB", AS_OF)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_terminal_table_fits_the_width_and_cuts_nothing(de, width):
    out = render_table(de, width=width)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    measures = {m for r in de.rows for e in r.evidence if e.measure for m in [e.name]}
    assert len(measures) >= 2  # DE has several measures; the old 70-character cut hid the second
    # Read the measures column back: wrapped (and long words folded) but every character there.
    header = next(i for i, line in enumerate(lines) if line.startswith("severity"))
    start = lines[header].index("measures")
    column = re.sub(r"\s", "", "".join(line[start:] for line in lines[header + 2:]))
    for row in de.rows:
        assert re.sub(r"\s", "", row.measures() or "-") in column, row.label


def test_markdown_lines_stay_short_and_list_the_evidence(gb):
    out = render(gb, "md")
    assert isinstance(out, str)
    long = [line for line in out.splitlines() if len(line) > 200 and not re.match(r"\[\d+\]: <", line)]
    assert long == []
    assert out.count("\n### ") == len(gb.rows)
    claim_count = sum(len(r.evidence) for r in gb.rows)
    assert out.count("  - confidence ") == claim_count
    # a reference-style link per cited web source, shown by its site
    assert re.search(r"\[legislation\.gov\.uk\]\[\d+\]", out)
    links = re.findall(r"^\[(\d+)\]: <(https?://[^>]+)>$", out, flags=re.M)
    assert links and len({u for _, u in links}) == len(links)


def test_sources_official_text_first_then_by_authority(de, gb):
    checked = 0
    for report in (de, gb):
        for row in report.rows:
            for claim in report.claims(row):
                official = [s.official for s in claim.sources]
                assert official == sorted(official, reverse=True)  # official texts lead
                ranks = [AUTHORITIES.index(report.sources_info[s.url].authority) for s in claim.sources
                         if not s.official and s.url in report.sources_info]
                assert ranks == sorted(ranks)
                checked += len(claim.sources)
    assert checked > 20


def test_sources_carry_their_authority(graph):
    nz = check_one(context(graph, "icmec-csam"), "NZ", AS_OF)
    row = next(r for r in nz.rows if r.requirement.endswith("/csam-simple-possession"))
    [claim] = nz.claims(row)
    assert [(s.url.split("/")[2], s.official, s.authority) for s in claim.sources] == [
        ("www.legislation.govt.nz", True, "official legislation"), ("www.dia.govt.nz", False, "government")]
    assert claim.sources[0].describe() == "official text; official legislation; s.131"
    html = render(nz, "html")
    assert ">legislation.govt.nz</a>" in html and "(official text; official legislation; s.131)" in html


def test_xlsx_has_rows_evidence_and_about(gb, tmp_path):
    data = render(gb, "xlsx")
    assert isinstance(data, bytes)
    path = tmp_path / "gb.xlsx"
    write_output(data, str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["rows", "evidence", "about"]
    assert book["rows"].max_row == len(gb.rows) + 1
    assert book["evidence"].max_row == sum(len(r.evidence) for r in gb.rows) + 1
    header = [c.value for c in book["evidence"][1]]
    assessed = header.index("assessed on")
    assert all(isinstance(r[assessed], dt.datetime) for r in book["evidence"].iter_rows(min_row=2, values_only=True)
               if r[assessed] is not None)
    about = dict(book["about"].iter_rows(min_row=2, values_only=True))
    assert about["data digest"] == gb.about.data_digest and about["jurisdiction"] == "GB"


def test_xlsx_from_the_extension_and_refused_on_a_terminal(tmp_path):
    base = [sys.executable, "-m", "copgraph.cli", "check", "NZ", "--profile", "icmec-csam", "--as-of", "2026-11-30"]
    done = subprocess.run([*base, "-o", str(tmp_path / "nz.xlsx")], capture_output=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert load_workbook(tmp_path / "nz.xlsx").sheetnames == ["rows", "evidence", "about"]
    piped = subprocess.run([*base, "--format", "xlsx"], capture_output=True, cwd=ROOT, timeout=300)
    assert piped.returncode == 0 and piped.stdout[:2] == b"PK"  # a zip: redirected stdout gets the workbook
    primary, replica = os.openpty()
    try:
        tty = subprocess.run([*base, "--format", "xlsx"], stdout=replica, stderr=subprocess.PIPE, cwd=ROOT,
                             timeout=300, text=True)
    finally:
        os.close(replica)
        os.close(primary)
    assert tty.returncode == 2
    assert tty.stderr == ("copgraph: error: --format xlsx is binary and is not printed to a terminal; "
                          "give --output FILE.xlsx or redirect stdout to a file\n")


def test_bytes_replace_a_file_atomically_keeping_its_mode(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_output(b"PK\x03\x04new", str(path))
    assert path.read_bytes() == b"PK\x03\x04new" and (path.stat().st_mode & 0o777) == 0o644


def test_provenance_and_legend_are_computed_once_per_context(icmec):
    reports = check_all(icmec, AS_OF, codes={"NZ", "DE", "GB"})
    assert len(reports) == 3
    first = reports["NZ"]
    assert all(r.about is first.about and r.legend is first.legend for r in reports.values())
    assert check_one(icmec, "FR", AS_OF).about is first.about
    assert first.about.data_digest and [t.label for t in first.legend.statuses] == [
        "covered", "partial", "assessed gap", "not assessed"]


def test_json_keeps_its_shape_and_adds_about(de):
    import json

    data = json.loads(render(de, "json"))
    assert list(data) == ["jurisdiction", "code", "label", "profile", "as_of", "engine", "summary", "rows", "about"]
    assert data["about"]["data_digest"] == de.about.data_digest
    assert data["about"]["version"] == de.about.version


def test_tidy_dataframe(graph):
    import pandas as pd

    reports = copgraph.check_all("icmec-csam", dt.date(2026, 11, 30), graph=graph)
    frame = pd.concat([r.to_dataframe() for r in reports.values()], ignore_index=True)
    assert list(frame.columns[:4]) == ["jurisdiction", "profile", "as_of", "requirement"]
    assert set(frame["jurisdiction"]) == set(reports) and set(frame["profile"]) == {"icmec-csam"}
    assert set(frame["as_of"]) == {dt.date(2026, 11, 30)}
    assert len(frame) == sum(len(r.rows) for r in reports.values())
    assert all(isinstance(v, list) for col in ("provisions", "measures", "sources") for v in frame[col])
    nz = frame[(frame.jurisdiction == "NZ") & (frame.requirement == "csam-simple-possession")].iloc[0]
    assert nz.status == "partial" and nz.measures == [
        "Films, Videos, and Publications Classification Act 1993, s.131 (possession of an objectionable publication)"]


def test_query_accepts_a_date(graph):
    by_date = copgraph.query("profile-gaps", {"profile": "icmec-csam", "jurisdiction": "NZ",
                                              "as_of": dt.date(2026, 11, 30)})
    by_text = copgraph.query("profile-gaps", {"profile": "icmec-csam", "jurisdiction": "NZ",
                                              "as_of": "2026-11-30"})
    assert list(by_date) == list(by_text) and len(by_date) > 0


def test_csv_is_the_rows_table(de):
    import csv

    rows = list(csv.DictReader(io.StringIO(render(de, "csv"))))
    assert [r["requirement"] for r in rows] == [r.requirement.rsplit("/", 1)[-1] for r in de.sorted_rows()]
