"""Golden files: every format of one bundled check, byte for byte (tests/golden/).

The check is `copgraph check NZ --profile icmec-csam --as-of 2026-11-30`. What changes from run to
run or with unrelated data is normalised in the model before rendering: the generation time, the
data digest and the newest assessment date in the whole data set (a new jurisdiction file would
move them). The terminal table is rendered at a fixed width of 100.

Regenerate after a deliberate change of format or of the NZ data, then read the diff:

    pytest tests/test_report_golden.py --update-golden      # or COPGRAPH_UPDATE_GOLDEN=1 pytest ...

The verdicts in every golden file are also compared with a table worked out by hand from
data/jurisdictions/NZ.ttl and the severity policy (EXPECTED below), so a regeneration cannot
quietly bless a wrong verdict.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from copgraph.about import About, about, copgraph_version
from copgraph.check import check_one, context
from copgraph.report import CoverageReport, render, render_table
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
CODE, PROFILE, AS_OF = "NZ", "icmec-csam", dt.date(2026, 11, 30)
WIDTH = 100
FIXED = About(version=copgraph_version(), data_digest="normalised", data_date=dt.date(1999, 12, 31),
              generated=dt.datetime(2000, 1, 1, 0, 0))
FILES = {"table": "nz-icmec-csam.txt", "md": "nz-icmec-csam.md", "csv": "nz-icmec-csam.csv",
         "json": "nz-icmec-csam.json", "html": "nz-icmec-csam.html", "xlsx": "nz-icmec-csam.xlsx.json",
         "shacl": "nz-icmec-csam.ttl"}

# Worked out by hand: NZ claims partial for the definition and simple possession, which Budapest
# (in force for NZ from 2025-12-01) and OPSC bind it to -> partial / binding -> Warning; partial on the
# soft-law "specific legislation" criterion -> Info; a full claim on technology-facilitated offences
# -> covered (no severity); provider reporting claimed "not met" on the 2021 take-down regime (in force
# from 2021) -> assessed gap / soft law -> Warning.
EXPECTED = {
    "csam-definition": ("partial", "binding", "Warning"),
    "csam-simple-possession": ("partial", "binding", "Warning"),
    "csam-specific-legislation": ("partial", "soft law", "Info"),
    "provider-mandatory-reporting": ("assessed gap", "soft law", "Warning"),
    "technology-facilitated-csam": ("covered", "soft law", None),
}


def updating(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden") or os.environ.get("COPGRAPH_UPDATE_GOLDEN"))


@pytest.fixture(scope="module")
def reports(graph) -> dict[str, CoverageReport]:
    ctx = context(graph, PROFILE)
    return {engine: dataclasses.replace(check_one(ctx, CODE, AS_OF, engine), about=FIXED)
            for engine in ("fast", "shacl")}


def xlsx_values(data: bytes) -> str:
    """A workbook as JSON: each sheet's cell values, dates in ISO form."""
    book = load_workbook(io.BytesIO(data))
    sheets = {sheet.title: [[v.isoformat() if isinstance(v, dt.date) else v for v in row]
                            for row in sheet.iter_rows(values_only=True)] for sheet in book}
    return json.dumps(sheets, indent=1, ensure_ascii=False) + "\n"


def output(reports: dict[str, CoverageReport], fmt: str) -> str:
    if fmt == "table":
        return render_table(reports["fast"], width=WIDTH)
    if fmt == "xlsx":
        return xlsx_values(render(reports["fast"], "xlsx"))  # type: ignore[arg-type]
    text = render(reports["shacl" if fmt == "shacl" else "fast"], fmt)
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("fmt", list(FILES))
def test_output_matches_golden(request, reports, fmt):
    path = GOLDEN / FILES[fmt]
    got = output(reports, fmt)
    if updating(request):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest {Path(__file__).name} --update-golden"
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs; if deliberate, --update-golden"


def test_cli_writes_what_the_golden_holds(graph, reports, tmp_path):
    """The command itself (not only the renderer) produces the golden Markdown, once the
    provenance is normalised the same way (SOURCE_DATE_EPOCH fixes the generation time)."""
    real = about(graph)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "946684800"}  # 2000-01-01 00:00 UTC, as FIXED
    proc = subprocess.run([sys.executable, "-m", "copgraph.cli", "check", CODE, "--profile", PROFILE,
                           "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "r.md")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = (tmp_path / "r.md").read_text(encoding="utf-8")
    line = dataclasses.replace(real, generated=FIXED.generated).line()
    assert line in got
    assert got.replace(line, FIXED.line()) == (GOLDEN / FILES["md"]).read_text(encoding="utf-8")


# --- the goldens' verdicts, read back from each format, equal the hand-worked table -------------

def verdicts_json() -> dict[str, tuple]:
    rows = json.loads((GOLDEN / FILES["json"]).read_text())["rows"]
    return {r["requirement"].rsplit("/", 1)[-1]: (r["status"], r["binding"], r["severity"]) for r in rows}


def verdicts_csv() -> dict[str, tuple]:
    rows = csv.DictReader(io.StringIO((GOLDEN / FILES["csv"]).read_text()))
    return {r["requirement"]: (r["status"], r["binding"], r["severity"] or None) for r in rows}


def verdicts_xlsx() -> dict[str, tuple]:
    header, *rows = json.loads((GOLDEN / FILES["xlsx"]).read_text())["rows"]
    col = {name: i for i, name in enumerate(header)}
    return {r[col["requirement"]]: (r[col["status"]], r[col["binding"]], r[col["severity"]]) for r in rows}


def verdicts_html() -> dict[str, tuple]:
    text = (GOLDEN / FILES["html"]).read_text()
    found = re.findall(r'<tr id="([a-z0-9-]+)">\s*<td class="sev-\w+">([^<]+)</td>\s*<td><span class="status '
                       r'status-[a-z-]+">([^<]+)</span></td>\s*<td>([^<]+)</td>', text)
    return {rid: (status, bind, None if sev == "–" else sev) for rid, sev, status, bind in found}


def verdicts_shacl() -> dict[str, str]:
    text = (GOLDEN / FILES["shacl"]).read_text()
    return dict(re.findall(r"sh:focusNode <https://w3id.org/copgraph/verdict/2026-11-30/NZ/([a-z0-9-]+)> ;"
                           r"[^\]]*?sh:resultSeverity sh:(\w+)", text, flags=re.S))


def test_golden_verdicts_are_the_hand_worked_ones(reports):
    from_check = {r.requirement.rsplit("/", 1)[-1]: (r.status, r.binding, r.severity) for r in reports["fast"].rows}
    assert from_check == EXPECTED
    assert {r.requirement.rsplit("/", 1)[-1]: r.severity for r in reports["shacl"].rows} == \
        {k: v[2] for k, v in EXPECTED.items()}
    assert verdicts_json() == EXPECTED
    assert verdicts_csv() == EXPECTED
    assert verdicts_xlsx() == EXPECTED
    assert verdicts_html() == EXPECTED
    assert verdicts_shacl() == {k: v[2] for k, v in EXPECTED.items() if v[2]}  # covered has no result
    table = (GOLDEN / FILES["table"]).read_text()
    assert "1 covered, 3 partial, 1 assessed gap, 0 not assessed" in table
    md = (GOLDEN / FILES["md"]).read_text()
    assert "| Warning | partial | binding | Define child sexual abuse material in law |" in md
