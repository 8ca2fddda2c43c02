"""`check` of real bundled jurisdictions under icmec-csam, worked through by hand from data/.

Read off data/jurisdictions/*.ttl, data/parties/*.ttl and data/memberships/eu.ttl (as of 2026-11-30,
the assessment date of every measure without a recorded start, so those count as in force):
- icmec-csam: csam-definition (age 18) and csam-simple-possession (age 18) derive from treaties
  (Lanzarote 20, Budapest 9, OPSC 2(c) for the definition) and Directive 2011/93/EU; the other three
  requirements are ICMEC criteria only (soft law). provider-mandatory-reporting accepts a mandatory
  report to the police or a designated centre.
- Severity (ontology/severity-policy.ttl): partial where binding -> Warning; partial, reserved or
  not binding -> Info; assessed gap where binding -> Violation, in soft law -> Warning; not assessed -> Info.

GB: parts England, Wales, Scotland, Northern Ireland are recorded; every icmec-csam measure applies in
  England and Wales only, so no requirement is covered everywhere: partial. Possession: CJA 1988 s.160
  v2004 (under-18s, from 2004-05-01); v1995 (under-16s) from 1995-02-03 until then. Provider
  reporting: OSA 2023 s.66, claim partial, no recorded start (assessed 2026-11-30). Budapest binds GB
  from 2011-09-01, OPSC from 2009-03-20, Lanzarote from 2018-10-01, the Directive from 2013-12-18.
DE: no parts. Definition and possession: StGB 184b (under-14s) and 184c (ages 14-17), both full: jointly
  covered. 184b also covers specific legislation and technology-facilitated CSAM. Provider reporting:
  DSA Art. 18 (in force from 2024-02-17), claim partial with modality reportToPolice (accepted).
US: possession (2252A), definition (2256), both full at 18, undated (assessed 2026-11-30); Budapest in
  force 2007-01-01 with an Art. 9(4) reservation limited to 9(2)(b)-(c), so possession still binds.
  Provider reporting: 2258A v2018 (2018-12-21 to 2024-05-07) and v2024 (from 2024-05-07), both a
  report to NCMEC (designated centre), full.
NZ: the FVPCA 1993 s.3 claims on specific legislation and definition say partial; s.131 covers
  technology-facilitated CSAM (full) and possession (partial). Budapest binds NZ from 2025-12-01.
  Provider reporting: the 2021 take-down regime (start recorded as the year 2021 only) is claimed "not met"
  (removal on notice, no duty to report): an assessed gap from 2021-12-31, undecidable inside 2021, and
  not assessed before (no measure in force).
JP: CPA 1999 covers specific legislation, the definition (art. 2, under-18s, from 2014-07-15) and
  technology-facilitated CSAM; possession is a partial claim, and JP's unlimited Budapest Art. 9(4)
  reservation disapplies it (JP is not a Lanzarote Party, possession is no OPSC duty): reserved.
  Provider reporting: art. 16-3 is a best-endeavours duty, claimed "not met": an assessed gap.
"""

from __future__ import annotations

import datetime as dt

import pytest

from copgraph.check import check_one, context
from copgraph.report import short

DAY = "2026-11-30"
COV, PART, GAP, NA = "covered", "partial", "assessed gap", "not assessed"
B, R, SOFT = "binding", "reserved", "soft law"

ICMEC = {
    ("GB", DAY): {
        "csam-specific-legislation": (PART, SOFT, "Info"),
        "csam-definition": (PART, B, "Warning"),
        "technology-facilitated-csam": (PART, SOFT, "Info"),
        "csam-simple-possession": (PART, B, "Warning"),
        "provider-mandatory-reporting": (PART, SOFT, "Info"),
    },
    ("DE", DAY): {
        "csam-specific-legislation": (COV, SOFT, None),
        "csam-definition": (COV, B, None),
        "technology-facilitated-csam": (COV, SOFT, None),
        "csam-simple-possession": (COV, B, None),
        "provider-mandatory-reporting": (PART, SOFT, "Info"),
    },
    ("US", DAY): {
        "csam-specific-legislation": (COV, SOFT, None),
        "csam-definition": (COV, B, None),
        "technology-facilitated-csam": (COV, SOFT, None),
        "csam-simple-possession": (COV, B, None),
        "provider-mandatory-reporting": (COV, SOFT, None),
    },
    ("NZ", DAY): {
        "csam-specific-legislation": (PART, SOFT, "Info"),
        "csam-definition": (PART, B, "Warning"),
        "technology-facilitated-csam": (COV, SOFT, None),
        "csam-simple-possession": (PART, B, "Warning"),
        "provider-mandatory-reporting": (GAP, SOFT, "Warning"),
    },
    ("JP", DAY): {
        "csam-specific-legislation": (COV, SOFT, None),
        "csam-definition": (COV, B, None),
        "technology-facilitated-csam": (COV, SOFT, None),
        "csam-simple-possession": (PART, R, "Info"),
        "provider-mandatory-reporting": (GAP, SOFT, "Warning"),
    },
}


@pytest.fixture(scope="module")
def contexts(graph):
    return {p: context(graph, p) for p in ("icmec-csam", "budapest-art9")}


def verdicts(contexts, code: str, as_of: str, profile: str = "icmec-csam") -> dict:
    report = check_one(contexts[profile], code, dt.date.fromisoformat(as_of), "fast")
    return {short(r.requirement): r for r in report.rows}


@pytest.mark.parametrize("code, as_of", list(ICMEC), ids=[f"{c}-{d}" for c, d in ICMEC])
def test_icmec_csam_by_hand(contexts, code, as_of):
    got = {k: (r.status, r.binding, r.severity) for k, r in verdicts(contexts, code, as_of).items()}
    assert got == ICMEC[(code, as_of)]


def test_gb_partial_extent_names_the_missing_parts(contexts):
    row = verdicts(contexts, "GB", DAY)["csam-simple-possession"]
    assert "applies in England, Wales only; no measure recorded for Northern Ireland, Scotland" in row.reason


def test_gb_possession_as_the_law_stood_in_2000(contexts):
    row = verdicts(contexts, "GB", "2000-01-01")["csam-simple-possession"]
    # v1995 in force, under-16s; no treaty bound GB yet (Budapest 2011, OPSC 2009, Lanzarote 2018)
    assert (row.status, row.binding, row.severity) == (PART, "not yet in force", "Info")
    assert "protects under-16s" in row.reason


def test_de_joint_coverage_shows_each_part(contexts):
    row = verdicts(contexts, "DE", DAY)["csam-simple-possession"]
    assert row.reason.startswith("covered jointly:") and "(under-14s)" in row.reason and "(ages 14-17)" in row.reason


@pytest.mark.parametrize("as_of, status", [("2024-02-16", NA), ("2024-02-17", PART), ("2024-02-18", PART)])
def test_de_provider_reporting_from_the_dsa(contexts, as_of, status):
    assert verdicts(contexts, "DE", as_of)["provider-mandatory-reporting"].status == status


@pytest.mark.parametrize("as_of, status", [("2020-12-31", NA), ("2021-06-30", NA), ("2021-12-30", NA),
                                            ("2021-12-31", GAP), ("2022-01-01", GAP)])
def test_nz_provider_reporting_gap_from_a_year_only_start(contexts, as_of, status):
    row = verdicts(contexts, "NZ", as_of)["provider-mandatory-reporting"]
    assert row.status == status


@pytest.mark.parametrize("as_of, status", [("2018-12-20", NA), ("2018-12-21", COV), ("2024-05-06", COV),
                                           ("2024-05-07", COV)])
def test_us_provider_reporting_versions(contexts, as_of, status):
    assert verdicts(contexts, "US", as_of)["provider-mandatory-reporting"].status == status


def test_us_budapest_reservation_reaches_only_its_items(contexts):
    rows = verdicts(contexts, "US", DAY, "budapest-art9")
    assert rows["csam-simple-possession"].binding == B
    assert rows["csam-procuring"].binding == B
    assert rows["csam-apparent-minors"].binding == R and rows["csam-realistic-images"].binding == R


def test_every_bundled_jurisdiction_and_profile_runs(graph):
    from copgraph.check import check_all

    codes = {str(r["code"]) for r in graph.backend().select(
        "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT DISTINCT ?code WHERE "
        "{ ?c a cg:Claim ; cg:jurisdiction ?j . ?j cg:isoCode ?code }")}
    assert len(codes) >= 40
    profiles = [str(r["slug"]) for r in graph.backend().select(
        "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT (STRAFTER(STR(?p), '/profile/') AS ?slug) "
        "WHERE { ?p a cg:Profile }")]
    for profile in profiles:
        ctx = context(graph, profile)
        reports = check_all(ctx, dt.date(2026, 11, 30))
        assert set(reports) == codes
        assert all(len(r.rows) == len(ctx.specs) for r in reports.values())
