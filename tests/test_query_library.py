"""The query library: each query against expectations computed independently.

Simple questions are answered by walking an rdflib graph of the data files in plain Python.
Coverage questions are answered by the check's own Python rules (verdict.py, the `fast`
engine), an implementation independent of the SPARQL text, on the bundled data and on synthetic
jurisdictions that exercise every status. No expectation comes from running the same SPARQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDF, SKOS

from copgraph import synthetic
from copgraph.check import check_all, context
from copgraph.cli import main
from copgraph.queries import NamedQuery, get_query, named_queries
from copgraph.store import bundled_files, load

from .conftest import RDFLIB_TIMEOUT

CG = rdflib.Namespace("https://w3id.org/copgraph/ontology#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
BASE = "https://w3id.org/copgraph/"
DAY = dt.date(2026, 11, 28)
PARAMS = {"profile": "lanzarote-criminal", "jurisdiction": "GB", "a": "GB", "b": "DE", "as_of": DAY.isoformat(),
          "instrument": "budapest", "requirement": "csam-simple-possession", "harm": "csam", "years": "2"}


@pytest.fixture(scope="module")
def rg() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in bundled_files():
        graph.parse(path)
    return graph


def run(graph, name: str, **values: str) -> list[dict]:
    return get_query(name).run_on(graph, values)


def required(query: NamedQuery) -> dict[str, str]:
    return {p.name: PARAMS[p.name] for p in query.params if not p.optional}


def code(rg: rdflib.Graph, jurisdiction) -> str:  # noqa: ANN001
    return str(rg.value(jurisdiction, CG.isoCode))


def pydate(literal) -> dt.date | None:  # noqa: ANN001
    return dt.date.fromisoformat(str(literal)) if literal is not None else None


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_same_rows_on_both_backends(compare_graph, name):
    query = get_query(name)
    assert query.title and query.columns, f"{name} needs a title and columns in its header"
    ox_rows = query.run_on(compare_graph, required(query), "oxigraph")
    rdf_rows = query.run_on(compare_graph, required(query), "rdflib", timeout=RDFLIB_TIMEOUT)
    canon = sorted(repr(sorted(r.items())) for r in ox_rows)
    assert canon == sorted(repr(sorted(r.items())) for r in rdf_rows)
    assert all(set(r) == set(query.columns) for r in ox_rows)


def test_reservations(graph, rg):
    expected = set()
    for status in rg.subjects(RDF.type, CG.PartyStatus):
        treaty, party = rg.value(status, CG.treaty), code(rg, rg.value(status, CG.party))
        for reservation in rg.objects(status, CG.madeReservation):
            scope = " ".join(sorted(str(s) for s in rg.objects(reservation, CG.limitedTo))) or None
            expected.add((str(treaty), party, "reservation", str(reservation), scope))
        for _text in rg.objects(status, CG.declaration):
            expected.add((str(treaty), party, "declaration", None, None))
    rows = run(graph, "reservations")
    got = {(r["instrument"], r["code"], r["kind"], r["reservation"],
            " ".join(sorted(r["limitedTo"].split())) if r["limitedTo"] else None) for r in rows}
    assert got == expected and len(expected) > 10


def test_parties_missing_eif(graph, rg):
    expected = {(str(rg.value(s, CG.treaty)), code(rg, rg.value(s, CG.party)))
                for s in rg.subjects(CG.stage, CG.stateParty) if rg.value(s, CG.inForceFrom) is None}
    got = {(r["instrument"], r["code"]) for r in run(graph, "parties-missing-eif")}
    assert got == expected
    only_lanzarote = {(r["instrument"], r["code"]) for r in run(graph, "parties-missing-eif", instrument="lanzarote")}
    assert only_lanzarote == {e for e in expected if e[0] == BASE + "instrument/lanzarote"}
    # 43 of 48 Lanzarote Parties have a recorded entry into force; these five have a consent year at most
    assert {c for _, c in only_lanzarote} == {"LI", "PT", "RO", "RS", "UA"}


@pytest.mark.parametrize("harm", ["csam", "sexual-abuse-exploitation", "grooming"])
def test_recommendations_for_harm(graph, rg, harm):
    target = rdflib.URIRef(BASE + "concept/harm/" + harm)
    narrower = {target} | {h for h in rg.subjects(RDF.type, CG.Harm)
                           if target in rg.transitive_objects(h, SKOS.broader)}
    expected = set()
    for rec in rg.subjects(RDF.type, CG.Recommendation):
        harms = set(rg.objects(rec, CG.addressesHarm))
        if harms & narrower:
            for actor in rg.objects(rec, CG.addressedTo):
                expected.add((str(rec), str(actor), target in harms))
    got = {(r["recommendation"], r["actor"], r["direct"]) for r in run(graph, "recommendations-for-harm", harm=harm)}
    assert got == expected and expected


def test_harms_without_requirement(graph, rg):
    addressed = {h for r in rg.subjects(RDF.type, CG.Requirement) for h in rg.objects(r, CG.addressesHarm)}
    expected = {str(h) for h in rg.subjects(RDF.type, CG.Harm)} - {str(h) for h in addressed}
    assert {r["harm"] for r in run(graph, "harms-without-requirement")} == expected


def test_requirements_without_measure(graph, rg):
    with_measure = {rg.value(c, CG.aboutRequirement) for c in rg.subjects(RDF.type, CG.Claim)
                    if rg.value(c, CG.byMeasure) is not None}
    expected = {str(r) for r in rg.subjects(RDF.type, CG.Requirement)} - {str(r) for r in with_measure}
    assert {r["requirement"] for r in run(graph, "requirements-without-measure")} == expected


def _bounds(literal) -> tuple[dt.date, dt.date] | None:  # noqa: ANN001
    """First and last day a date literal may denote (day, month or year precision), independently of verdict.py."""
    if literal is None:
        return None
    text = str(literal)
    if len(text) == 4:
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    if len(text) == 7:
        year, month = int(text[:4]), int(text[5:])
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    day = dt.date.fromisoformat(text)
    return day, day


def _state(rg: rdflib.Graph, measure, day: dt.date) -> str:  # noqa: ANN001
    start = _bounds(rg.value(measure, ELI.first_date_entry_in_force))
    end = _bounds(rg.value(measure, ELI.date_no_longer_in_force))
    assessed = pydate(rg.value(measure, CG.assessedOn))
    if end and day >= end[1]:
        return "no longer in force"
    if start and day < start[0]:
        return "not yet in force"
    started = (day >= start[1]) if start else (assessed is not None and day >= assessed)
    return "in force" if started and (end is None or day < end[0]) else "cannot tell"


def _in_force(rg: rdflib.Graph, measure, day: dt.date) -> bool:  # noqa: ANN001
    return measure is not None and _state(rg, measure, day) == "in force"


@pytest.mark.parametrize("as_of", ["2026-11-28", "2020-01-01", "2009-06-01"])
def test_measure_lifecycle(graph, rg, as_of):
    day = dt.date.fromisoformat(as_of)
    expected = set()
    for m in {*rg.subjects(RDF.type, CG.Measure), *rg.subjects(RDF.type, CG.MeasureVersion)}:
        state = _state(rg, m, day)
        if state != "in force":
            expected.add((str(m), state))
        elif rg.value(m, DCT.isReplacedBy) is not None:
            expected.add((str(m), "replaced"))
    got = {(r["measure"], r["state"]) for r in run(graph, "measure-lifecycle", as_of=as_of)}
    assert got == expected and expected


def test_reporting_duties(graph, rg):
    expected = set()
    for c in rg.subjects(CG.modality, None):
        req, modality, measure = rg.value(c, CG.aboutRequirement), rg.value(c, CG.modality), rg.value(c, CG.byMeasure)
        accepted = set(rg.objects(req, CG.acceptedModality))
        expected.add((code(rg, rg.value(c, CG.jurisdiction)), str(modality), str(req),
                      (modality in accepted) if accepted else None, _in_force(rg, measure, DAY)))
    got = {(r["code"], r["modality"], r["requirement"], r["accepted"], r["inForce"])
           for r in run(graph, "reporting-duties", as_of=DAY.isoformat())}
    assert got == expected and len(expected) >= 5


def test_age_below(graph, rg):
    expected = set()
    for c in rg.subjects(CG.protectedAge, None):
        req, jur = rg.value(c, CG.aboutRequirement), rg.value(c, CG.jurisdiction)
        if rg.value(req, CG.protectedAgeBasis) == CG.nationalAgeOfConsent:
            needed = rg.value(jur, CG.ageOfSexualConsent)
        else:
            needed = rg.value(req, CG.protectedAge)
        if needed is not None and int(rg.value(c, CG.protectedAge)) < int(needed):
            expected.add(str(c))
    got = {r["claim"] for r in run(graph, "age-below")}
    assert got == expected and expected  # e.g. DE 184b protects under-14s where 18 is required


@pytest.mark.parametrize("as_of, years", [("2026-11-28", "2"), ("2030-01-01", "2"), ("2030-01-01", "5")])
def test_recheck(graph, rg, as_of, years):
    day = dt.date.fromisoformat(as_of)
    expected = set()
    for c in rg.subjects(RDF.type, CG.Claim):
        assessed = pydate(rg.value(c, CG.assessedOn))
        stale = assessed is None or dt.date(assessed.year + int(years), assessed.month, assessed.day) < day
        if rg.value(c, CG.confidence) == CG.low or stale:
            expected.add(str(c))
    assert {r["claim"] for r in run(graph, "recheck", as_of=as_of, years=years)} == expected


# --- coverage questions, against the check's Python rules --------------------------------------


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory):
    base = load(jurisdictions=False)
    reqs = [str(r["r"]) for r in base.backend().select(
        "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT ?r WHERE "
        "{ <https://w3id.org/copgraph/profile/lanzarote-criminal> cg:includes ?r } ORDER BY ?r")]
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.ttl"
    synthetic.write(path, 60, reqs, seed=7)
    return load([path], jurisdictions=False)


@pytest.fixture(params=["bundled", "synthetic"])
def dataset(request, graph, synthetic_graph):
    return graph if request.param == "bundled" else synthetic_graph


@pytest.mark.parametrize("as_of", [dt.date(2015, 6, 1), DAY])
def test_coverage_matrix_and_binding_gaps(dataset, as_of):
    reports = check_all(context(dataset, "lanzarote-criminal"), as_of)
    expected = {}
    violations: Counter = Counter()
    for code_, report in reports.items():
        for row in report.rows:
            cell = "reserved" if row.binding == "reserved" and row.status != "covered" else row.status
            expected[(code_, row.requirement)] = (row.status, cell)
            if row.severity == "Violation":
                violations[row.requirement] += 1
    rows = run(dataset, "coverage-matrix", profile="lanzarote-criminal", as_of=as_of.isoformat())
    assert {(r["code"], r["requirement"]): (r["status"], r["cell"]) for r in rows} == expected
    gaps = run(dataset, "binding-gaps", profile="lanzarote-criminal", as_of=as_of.isoformat())
    assert {r["requirement"]: r["jurisdictions"] for r in gaps} == dict(violations)
    assert [r["jurisdictions"] for r in gaps] == sorted((r["jurisdictions"] for r in gaps), reverse=True)


def test_synthetic_data_exercises_every_status(synthetic_graph):
    rows = run(synthetic_graph, "coverage-matrix", profile="lanzarote-criminal", as_of=DAY.isoformat())
    assert {r["cell"] for r in rows} == {"covered", "partial", "assessed gap", "not assessed", "reserved"}


def test_profile_gaps_and_compare(graph):
    reports = check_all(context(graph, "lanzarote-criminal"), DAY)
    for jur in ("GB", "DE", "US"):
        expected = {(r.requirement, r.status, r.binding) for r in reports[jur].rows if r.status != "covered"}
        rows = run(graph, "profile-gaps", profile="lanzarote-criminal", jurisdiction=jur, as_of=DAY.isoformat())
        assert {(r["requirement"], r["status"], r["binding"]) for r in rows} == expected
    a = {r.requirement: (r.status, r.binding) for r in reports["GB"].rows}
    b = {r.requirement: (r.status, r.binding) for r in reports["DE"].rows}
    expected = {req for req in a if a[req] != b[req]}
    rows = run(graph, "compare", a="GB", b="DE", profile="lanzarote-criminal", as_of=DAY.isoformat())
    assert {r["requirement"] for r in rows} == expected and expected
    assert all((r["statusA"], r["bindingA"]) == a[r["requirement"]] for r in rows)


def test_party_coverage(synthetic_graph, rg):
    reports = check_all(context(synthetic_graph, "lanzarote-criminal"), DAY)
    parties = {str(r["code"]) for r in synthetic_graph.backend().select(
        "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT ?code WHERE { ?s cg:treaty "
        "<https://w3id.org/copgraph/instrument/lanzarote> ; cg:stage cg:stateParty ; cg:party ?j . "
        "?j cg:isoCode ?code }")}
    req = BASE + "requirement/grooming"
    expected = {(c, r.status) for c, rep in reports.items() if c in parties for r in rep.rows
                if r.requirement == req and r.status in ("partial", "assessed gap")}
    rows = run(synthetic_graph, "party-coverage", instrument="lanzarote", requirement="grooming",
               as_of=DAY.isoformat())
    assert {(r["code"], r["status"]) for r in rows} == expected and expected


# --- a user's own query ------------------------------------------------------------------


def test_cli_runs_a_users_file(tmp_path: Path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: count claims\n# param: jurisdiction (iso) - whose claims\n# columns: n\n"
                    "PREFIX cg: <https://w3id.org/copgraph/ontology#>\n"
                    "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:Claim ; cg:jurisdiction ?jurisdiction }\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["query", "--file", str(path), "--param", "jurisdiction=GB", "--format", "csv"])
    assert result.exit_code == 0
    gb = rdflib.Graph().parse(Path(__file__).parent.parent / "data" / "jurisdictions" / "GB.ttl")
    assert result.output.splitlines()[1] == str(len(set(gb.subjects(RDF.type, CG.Claim))))
