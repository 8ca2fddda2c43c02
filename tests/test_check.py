"""`copgraph check` on a fictional jurisdiction whose verdicts were worked out by hand.

tests/fixtures/xa.ttl documents each case. Expected verdicts below follow the rules in the
README (covered > partial > assessed gap > not assessed; only a binding, unreserved assessed
gap is a Violation), applied by hand to the fixture, not computed by the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from copgraph import check
from copgraph.report import short

from .conftest import FIXTURES

XA = str(FIXTURES / "xa.ttl")

# requirement -> (status, binding, severity), Lanzarote criminal profile, as of 2020-01-01
EXPECTED_2020 = {
    "grooming": ("covered", "binding", None),  # under-16s = XA age of consent 16; in force 2018
    "csam-production": ("covered", "binding", None),  # replacement section in force since 2019-06-01
    "csam-simple-possession": ("partial", "binding", "Warning"),  # under-16 images, requirement 18
    "corruption-of-children": ("partial", "binding", "Warning"),  # under-14s, consent age 16
    "csam-offering": ("assessed gap", "binding", "Violation"),
    "csam-knowing-access": ("assessed gap", "reserved", "Info"),  # XA reserved Art. 20(4)
}
# Before the grooming act came into force (2018-01-01) its claim does not count: not assessed.
EXPECTED_2017 = {**EXPECTED_2020, "grooming": ("not assessed", "binding", "Info")}
# Before XA was bound by Lanzarote (in force 2015-01-01), nothing binds: the gap is a Warning.
EXPECTED_2014 = {
    "csam-offering": ("assessed gap", "not yet in force", "Warning"),
    "csam-production": ("covered", "not yet in force", None),  # old section in force from 2010
    "grooming": ("not assessed", "not yet in force", "Info"),
    "csam-simple-possession": ("partial", "not yet in force", "Info"),  # measure has no start date
    "corruption-of-children": ("partial", "not yet in force", "Info"),
    "csam-knowing-access": ("assessed gap", "not yet in force", "Warning"),  # reservation moot before EIF
}


def verdicts(report):
    return {short(r.requirement): (r.status, r.binding, r.severity) for r in report.rows}


@pytest.mark.parametrize("engine", ["fast", "shacl"])
@pytest.mark.parametrize("as_of, expected", [("2020-01-01", EXPECTED_2020), ("2017-06-01", EXPECTED_2017),
                                             ("2014-06-01", EXPECTED_2014)])
def test_hand_worked_verdicts(engine, as_of, expected):
    report = check(XA, "lanzarote-criminal", as_of, engine=engine)
    got = verdicts(report)
    for requirement, verdict in expected.items():
        assert got[requirement] == verdict, requirement
    # every other requirement of the profile has no claim: not assessed, never a gap
    others = {k: v for k, v in got.items() if k not in expected}
    assert others and all(v[0] == "not assessed" and v[2] == "Info" for v in others.values())


def test_summary_counts_2020():
    report = check(XA, "lanzarote-criminal", dt.date(2020, 1, 1))
    s = report.summary()
    size = len(report.rows)
    assert (s["covered"], s["partial"], s["assessed gap"], s["not assessed"]) == (2, 2, 2, size - 6)
    assert (s["reserved"], s["Violation"], s["Warning"]) == (1, 1, 2)
    assert [short(r.requirement) for r in report.violations] == ["csam-offering"]


def test_modality_and_soft_law_in_icmec_profile():
    got = verdicts(check(XA, "icmec-csam", "2026-11-28"))
    # takedown on notice does not satisfy mandatory reporting; ICMEC criteria bind no one
    assert got["provider-mandatory-reporting"] == ("partial", "soft law", "Info")
    # simple possession is also a Lanzarote obligation, so it binds XA through the treaty
    assert got["csam-simple-possession"] == ("partial", "binding", "Warning")


def test_rows_carry_provisions_and_sources():
    report = check(XA, "lanzarote-criminal", "2020-01-01")
    row = next(r for r in report.rows if short(r.requirement) == "csam-simple-possession")
    assert any("20(1)(e)" in p for p in row.provisions)
    assert row.sources() == ["https://example.org/testland/penal-code"]
    assert "under-16s" in row.reason and "under-18s" in row.reason
    record = report.to_dicts()[0]
    assert {"requirement", "status", "binding", "severity", "evidence"} <= set(record)


def test_measure_without_start_date_counts_only_from_its_assessment():
    report = check(XA, "icmec-csam", "2020-01-01")
    row = next(r for r in report.rows if short(r.requirement) == "provider-mandatory-reporting")
    assert (row.status, row.severity) == ("not assessed", "Info")
    assert "cannot decide as of 2020-01-01" in row.reason and "unrecorded date (assessed 2026-11-01)" in row.reason
