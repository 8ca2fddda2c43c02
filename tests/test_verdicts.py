"""The verdict model on tests/fixtures/xb.ttl, worked out by hand at every boundary date.

How each expectation follows from the fixture (read it alongside):
- Lanzarote binds XB from March 2015, day unknown: before 2015-03-01 not yet in force, from
  2015-03-01 to 2015-03-30 the date is unknown, from 2015-03-31 certainly binding. Its Art. 20(4)
  reservation (knowing access) applies until its withdrawal takes effect on 2021-01-01.
- Budapest binds from 2012-01-01, with the Art. 9(3) declaration (age 16) and an Art. 9(4)
  reservation limited to 9(2)(b) (apparent minors): realistic images (9(2)(c)) stay binding.
- So an Art. 9 requirement needs under-16s while only Budapest binds, under-18s once Lanzarote does.
"""

from __future__ import annotations

import pytest

from copgraph import check
from copgraph.report import short

from .conftest import FIXTURES

XB = str(FIXTURES / "xb.ttl")
B, R, U, N = "binding", "reserved", "party, date unknown", "not yet in force"
COV, PART, GAP, NA = "covered", "partial", "assessed gap", "not assessed"


def verdicts(profile: str, as_of: str) -> dict[str, tuple[str, str, str | None]]:
    report = check(XB, profile, as_of)
    return {short(r.requirement): (r.status, r.binding, r.severity) for r in report.rows}


def row(profile: str, as_of: str, requirement: str):
    return next(r for r in check(XB, profile, as_of).rows if short(r.requirement) == requirement)


@pytest.mark.parametrize("as_of, expected", [
    ("2014-06-01", (COV, B, None)),          # only Budapest binds, age declared 16: under-16s suffice
    ("2015-02-28", (COV, B, None)),
    ("2015-03-30", (COV, B, None)),          # Lanzarote's date unknown inside March: not yet counted
    ("2015-03-31", (PART, B, "Warning")),    # Lanzarote certainly binds: under-18s needed
    ("2026-11-01", (PART, B, "Warning")),
])
def test_age_declaration_lowers_the_age_only_while_no_other_treaty_binds(as_of, expected):
    assert verdicts("lanzarote-criminal", as_of)["csam-production"] == expected


@pytest.mark.parametrize("as_of, binding", [("2015-02-28", N), ("2015-03-01", U), ("2015-03-30", U),
                                            ("2015-03-31", R), ("2020-12-31", R), ("2021-01-01", B)])
def test_reservation_dates_and_month_precision(as_of, binding):
    severity = {N: "Warning", U: "Warning", R: "Info", B: "Violation"}[binding]
    assert verdicts("lanzarote-criminal", as_of)["csam-knowing-access"] == (GAP, binding, severity)


def test_reservation_limited_to_an_item_disapplies_only_that_item():
    got = verdicts("budapest-art9", "2026-11-01")
    assert got["csam-apparent-minors"] == (GAP, R, "Info")          # 9(2)(b): reserved
    assert got["csam-realistic-images"] == (GAP, B, "Violation")    # 9(2)(c): not in the reservation's scope
    assert got["csam-procuring"][1] == B                            # 9(1)(d): not in its scope either


def test_joint_coverage_by_age_band():
    found = row("lanzarote-criminal", "2026-11-01", "csam-simple-possession")
    assert (found.status, found.severity) == (COV, None)
    assert "Code s.20 (under-14s)" in found.reason and "Code s.21 (ages 14-17)" in found.reason


@pytest.mark.parametrize("as_of, status", [("2019-06-01", PART), ("2019-12-30", PART), ("2019-12-31", COV),
                                           ("2020-01-01", COV)])
def test_joint_coverage_by_territory_with_a_year_only_date(as_of, status):
    found = row("lanzarote-criminal", as_of, "csam-distribution")
    assert found.status == status
    if status == PART:
        assert "applies in North only; no measure recorded for South" in found.reason


def test_unrecorded_parameters_never_cover():
    consent = row("lanzarote-criminal", "2026-11-01", "grooming")
    assert (consent.status, consent.severity) == (PART, "Warning")
    assert "national age of consent not recorded" in consent.reason
    age = row("lanzarote-criminal", "2026-11-01", "csam-offering")
    assert age.status == PART and "protected age not recorded" in age.reason


def test_not_met_is_an_assessed_gap_citing_the_measure():
    found = row("lanzarote-criminal", "2026-11-01", "csam-procuring")
    assert (found.status, found.binding, found.severity) == (GAP, B, "Violation")
    assert "Code s.20 exists but does not meet it" in found.reason
    assert [e.measure_label for e in found.evidence] == ["Code s.20"]


@pytest.mark.parametrize("as_of, status", [("2017-06-30", PART), ("2017-07-01", COV)])
def test_versions_give_the_law_as_it_stood(as_of, status):
    found = row("lanzarote-criminal", as_of, "csam-definition")
    assert found.status == status
    if status == PART:
        assert "protects under-16s, requirement needs under-18s" in found.reason


@pytest.mark.parametrize("as_of, reason", [
    ("2017-12-31", "cannot decide as of 2017-12-31: Code s.40 (repealed) in force from an unrecorded date"),
    ("2018-01-01", "the claimed measure is not in force on that date"),
])
def test_undated_repealed_measure_says_why_it_cannot_decide(as_of, reason):
    found = row("lanzarote-criminal", as_of, "sexual-abuse-coercion")
    assert found.status == NA and reason in found.reason


@pytest.mark.parametrize("as_of", ["2014-06-01", "2015-03-15", "2019-12-30", "2021-01-01"])
def test_shacl_report_agrees_with_the_rows(as_of):
    fast = check(XB, "lanzarote-criminal", as_of, engine="fast")
    shacl = check(XB, "lanzarote-criminal", as_of, engine="shacl")
    assert [(r.requirement, r.severity) for r in shacl.rows] == [(r.requirement, r.severity) for r in fast.rows]
    import rdflib
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    results = list(shacl.shacl.subjects(rdflib.RDF.type, sh.ValidationResult))
    assert len(results) == sum(1 for r in fast.rows if r.severity)


@pytest.mark.parametrize("text, first, last", [
    ("2015", "2015-01-01", "2015-12-31"), ("0001", "0001-01-01", "0001-12-31"), ("0000", None, None),
    ("2015-01", "2015-01-01", "2015-01-31"), ("2015-12", "2015-12-01", "2015-12-31"),
    ("2016-02", "2016-02-01", "2016-02-29"), ("2015-00", None, None), ("2015-13", None, None), ("15", None, None),
    ("2015-1", None, None), ("sometime", None, None),
])
def test_period_of_a_year_or_month(text, first, last):
    import datetime as dt

    from copgraph.verdict import period

    found = period(text)
    assert (found and (found.first.isoformat(), found.last.isoformat())) == ((first, last) if first else None)
    assert period(dt.date(2015, 3, 4)).first == period(dt.date(2015, 3, 4)).last == dt.date(2015, 3, 4)


@pytest.mark.parametrize("as_of, expected", [("2014-12-31", False), ("2015-01-01", None), ("2015-12-30", None),
                                             ("2015-12-31", True), ("2016-01-01", True)])
def test_a_year_only_start_is_certain_from_its_last_day(as_of, expected):
    import datetime as dt

    from copgraph.verdict import in_force, period

    assert in_force(period("2015"), None, None, dt.date.fromisoformat(as_of)) is expected


@pytest.mark.parametrize("as_of, expected", [("2019-12-31", True), ("2020-01-01", None), ("2020-12-30", None),
                                             ("2020-12-31", False)])
def test_a_year_only_end_is_certain_from_its_last_day(as_of, expected):
    import datetime as dt

    from copgraph.verdict import in_force, period

    assert in_force(period("2010"), period("2020"), None, dt.date.fromisoformat(as_of)) is expected


# ---------------------------------------------------------------- the age of consent on the date

def _age(age: int, start: str | None = None, end: str | None = None, assessed: str | None = "2026-11-30"):
    import datetime as dt

    from copgraph.verdict import ConsentAge, period

    def day_or_part(text: str | None):  # noqa: ANN202 - xsd:date values arrive as dates, gYear as text
        return dt.date.fromisoformat(text) if text and len(text) == 10 else text

    return ConsentAge(age, period(day_or_part(start)), period(day_or_part(end)),
                      dt.date.fromisoformat(assessed) if assessed else None)


@pytest.mark.parametrize(("ages", "day", "expected"), [
    ([], "2026-11-30", (None, "national age of consent not recorded")),
    # dated from 2024-01-01: the day before, the day itself, the day after
    ([_age(16, "2024-01-01")], "2023-12-31", (None, "no national age of consent recorded for 2023-12-31")),
    ([_age(16, "2024-01-01")], "2024-01-01", (16, "")),
    ([_age(16, "2024-01-01")], "2024-01-02", (16, "")),
    # undated: known only from the assessment date
    ([_age(16)], "2026-11-29",
     (None, "cannot decide the national age of consent on 2026-11-29 from the recorded dates")),
    ([_age(16)], "2026-11-30", (16, "")),
    ([_age(16, assessed=None)], "2026-11-30",
     (None, "cannot decide the national age of consent on 2026-11-30 from the recorded dates")),
    # a change of law: 14 until the end of 2023 (no longer from 2024-01-01), 16 from 2024-01-01
    ([_age(14, "2014-02-01", "2024-01-01"), _age(16, "2024-01-01")], "2023-12-31", (14, "")),
    ([_age(14, "2014-02-01", "2024-01-01"), _age(16, "2024-01-01")], "2024-01-01", (16, "")),
    # the old age with no start: before the change it cannot be decided, after it the new age holds
    ([_age(14, None, "2024-01-01"), _age(16, "2024-01-01")], "2023-06-01",
     (None, "cannot decide the national age of consent on 2023-06-01 from the recorded dates")),
    ([_age(14, None, "2024-01-01"), _age(16, "2024-01-01")], "2025-01-01", (16, "")),
    # a year-precision start: undecidable inside the year, known after it
    ([_age(16, "2024")], "2024-06-01",
     (None, "cannot decide the national age of consent on 2024-06-01 from the recorded dates")),
    ([_age(16, "2024")], "2025-01-01", (16, "")),
    # contradictory records
    ([_age(14, "2000-01-01"), _age(16, "2000-01-01")], "2026-11-30",
     (None, "two ages of consent recorded for 2026-11-30 (14, 16)")),
])
def test_age_of_consent_on_the_date(ages, day, expected):
    import datetime as dt

    from copgraph.verdict import consent_age_on

    assert consent_age_on(ages, dt.date.fromisoformat(day)) == expected
