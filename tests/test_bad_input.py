"""Bad input gives one clear message and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from copgraph.cli import main

from .conftest import FIXTURES, ROOT

XA = (FIXTURES / "xa.ttl").read_text(encoding="utf-8")


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def variant(tmp_path: Path, old: str, new: str) -> str:
    assert old in XA
    path = tmp_path / "variant.ttl"
    path.write_text(XA.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_malformed_turtle(tmp_path):
    result = run("check", str(FIXTURES / "malformed.ttl"), "--profile", "lanzarote-criminal")
    assert result.exit_code == 2
    assert "malformed.ttl:5: malformed Turtle" in result.output


def test_claim_about_unknown_requirement(tmp_path):
    path = variant(tmp_path, "cg:aboutRequirement req:grooming", "cg:aboutRequirement req:grooming-typo")
    result = run("check", path, "--profile", "lanzarote-criminal")
    assert result.exit_code == 2
    assert "claim/grooming" in result.output and "cg:aboutRequirement" in result.output


def test_measure_without_source(tmp_path):
    old = ('cg:statute "Grooming Act 2017" ; cg:section "s.1" ; '
           'eli:first_date_entry_in_force "2018-01-01"^^xsd:date ;\n'
           "    dcterms:source <https://example.org/testland/grooming-act> ;")
    path = variant(tmp_path, old, 'cg:statute "Grooming Act 2017" ; cg:section "s.1" ; '
                                  'eli:first_date_entry_in_force "2018-01-01"^^xsd:date ;')
    result = run("validate", path)
    assert result.exit_code == 2
    assert "Grooming Act 2017, s.1" in result.output and "dcterms:source" in result.output


@pytest.mark.parametrize("bad", ['"03/01/2018"^^xsd:date', '"2018-01-01"'])
def test_date_in_wrong_format(tmp_path, bad):
    field = "eli:first_date_entry_in_force"
    path = variant(tmp_path, f'{field} "2018-01-01"^^xsd:date', f"{field} {bad}")
    result = run("check", path, "--profile", "lanzarote-criminal")
    assert result.exit_code == 2
    assert "eli:first_date_entry_in_force" in result.output and "YYYY-MM-DD" in result.output


def test_as_of_in_wrong_format():
    result = run("check", str(FIXTURES / "xa.ttl"), "--profile", "lanzarote-criminal", "--as-of", "01/01/2020")
    assert result.exit_code == 2
    assert "'01/01/2020' is not a date in the form YYYY-MM-DD" in result.output


def test_unknown_iso_code():
    result = run("check", "QQ", "--profile", "lanzarote-criminal")
    assert result.exit_code == 2
    assert "unknown jurisdiction 'QQ'" in result.output


def test_unknown_profile():
    result = run("check", str(FIXTURES / "xa.ttl"), "--profile", "lanzarote-criminel")
    assert result.exit_code == 2
    assert "unknown profile 'lanzarote-criminel'" in result.output


def test_output_file_written_atomically(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", str(FIXTURES / "xa.ttl"), "--profile", "lanzarote-criminal", "--as-of", "2020-01-01",
                 "--format", "json", "--output", str(out))
    assert result.exit_code == 1  # XA has one violation
    assert out.read_text().startswith("{") and list(tmp_path.iterdir()) == [out]


EVIDENCE_FILES = sorted([*(ROOT / "data" / "jurisdictions").glob("*.ttl"), *(ROOT / "data" / "parties").glob("*.ttl"),
                         *(ROOT / "data" / "memberships").glob("*.ttl")])


@pytest.mark.parametrize("path", EVIDENCE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bundled_evidence_files_are_structurally_valid(path):
    """Measures, claims and party statuses in data/ pass the structural shapes."""
    from copgraph.validate import validate_file

    one_jurisdiction = path.parent.name == "jurisdictions"
    assert [str(p) for p in validate_file(path, single_jurisdiction=one_jurisdiction)] == []
