"""Quality-control queries: none fires on the bundled data, each fires on its fixture."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from copgraph.queries import NamedQuery
from copgraph.store import load, load_files

from .conftest import ROOT

QC = sorted((ROOT / "queries" / "qc").glob("*.rq"))


@functools.cache
def _bundled_by_rdflib():  # noqa: ANN202
    """The bundled files parsed by rdflib, the second implementation the library's counts are checked against."""
    import rdflib

    from copgraph.store import bundled_files

    g = rdflib.Graph()
    for path in bundled_files():
        g.parse(path, format="turtle")
    return g


@functools.cache
def _bundled():  # noqa: ANN202
    """The bundled data as loaded, without verdicts other tests may have added to the shared graph."""
    return load(cache=False)


@pytest.mark.parametrize("path", QC, ids=[p.stem for p in QC])
def test_qc_clean_on_bundled_data(path: Path):
    query = NamedQuery.from_file(path)
    assert query.severity in ("error", "warning"), f"{path.name} needs a severity header"
    rows = query.run(_bundled().backend())
    assert rows == [], f"[{query.severity}] {query.title}: {rows[:10]}"


@pytest.mark.parametrize("path", QC, ids=[p.stem for p in QC])
def test_qc_fires_on_its_fixture(path: Path):
    fixture = ROOT / "tests" / "qc" / "fixtures" / f"{path.stem}.ttl"
    assert fixture.is_file(), f"{path.name} has no fixture"
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", fixture])
    rows = NamedQuery.from_file(path).run(graph.backend())
    assert rows, f"{path.name} did not fire on {fixture.name}"


def test_qc_queries_live_in_the_package_data():
    """QC queries ship with the package (copgraph verify runs them); only their fixtures stay in tests/."""
    assert QC, "no QC query found in queries/qc"
    assert sorted((ROOT / "tests" / "qc").glob("*.rq")) == [], "move QC queries to queries/qc/"


def test_sources_counted_by_authority_match_a_plain_count():
    """The library query's counts equal a count made by rdflib over the files; nothing cites 'other'."""
    import rdflib

    from copgraph.queries import get_query
    from copgraph.store import CG

    g = _bundled_by_rdflib()
    by_authority: dict[str, set[str]] = {}
    for source in g.subjects(rdflib.RDF.type, rdflib.URIRef(CG + "SourceDocument")):
        for authority in g.objects(source, rdflib.URIRef(CG + "authority")):
            by_authority.setdefault(str(authority), set()).add(str(source))
    rows = get_query("sources-by-authority").run(_bundled().backend())
    assert {str(r["authority"]): r["sources"] for r in rows} == {a: len(s) for a, s in by_authority.items()}
    assert CG + "other" not in by_authority
    assert len(by_authority.get(CG + "officialLegislation", ())) > 0


def test_authoritative_claims_per_jurisdiction_match_a_plain_count():
    """evidence-strength (the issue's headline figure) equals a count made by rdflib over the files, with the
    authoritative authorities written out here by hand: official legislation, depositary, government, court."""
    import rdflib
    from rdflib.namespace import DCTERMS, RDF

    from copgraph.queries import get_query
    from copgraph.store import CG

    g = _bundled_by_rdflib()
    cg = rdflib.Namespace(CG)
    strong = {cg.officialLegislation, cg.depositary, cg.government, cg.court}
    expected: dict[str, tuple[int, int]] = {}
    for claim in g.subjects(RDF.type, cg.Claim):
        code = str(g.value(g.value(claim, cg.jurisdiction), cg.isoCode))
        sources = set(g.objects(claim, DCTERMS.source))
        for measure in g.objects(claim, cg.byMeasure):
            sources |= set(g.objects(measure, cg.officialText))
        authoritative = any(g.value(s, cg.authority) in strong for s in sources)
        claims, good = expected.get(code, (0, 0))
        expected[code] = (claims + 1, good + authoritative)
    rows = get_query("evidence-strength").run(_bundled().backend())
    got = {r["code"]: (r["claims"], r["authoritative"]) for r in rows if r["claims"]}
    assert got == expected
    assert 0 < sum(good for _, good in expected.values()) < sum(claims for claims, _ in expected.values())


HIGH_CLAIMS = """
@prefix cg: <https://w3id.org/copgraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix x: <https://example.org/> .
x:firm a cg:SourceDocument ; cg:authority cg:secondary .
x:ministry a cg:SourceDocument ; cg:authority cg:government .
x:statute a cg:SourceDocument ; cg:authority cg:officialLegislation .
x:copy a cg:SourceDocument ; cg:authority cg:secondary .
x:m-official a cg:Measure ; cg:officialText x:statute .
x:m-copy a cg:Measure ; cg:officialText x:copy .
x:secondary-only a cg:Claim ; cg:confidence cg:high ; dcterms:source x:firm .
x:secondary-medium a cg:Claim ; cg:confidence cg:medium ; dcterms:source x:firm .
x:government a cg:Claim ; cg:confidence cg:high ; dcterms:source x:firm , x:ministry .
x:via-official-text a cg:Claim ; cg:confidence cg:high ; dcterms:source x:firm ; cg:byMeasure x:m-official .
x:via-unofficial-copy a cg:Claim ; cg:confidence cg:high ; dcterms:source x:firm ; cg:byMeasure x:m-copy .
"""


def test_high_confidence_needs_an_authoritative_source_cited_or_as_official_text(tmp_path: Path):
    data = tmp_path / "claims.ttl"
    data.write_text(HIGH_CLAIMS, encoding="utf-8")
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", data])
    rows = NamedQuery.from_file(ROOT / "queries" / "qc" / "unsupported-high-confidence.rq").run(graph.backend())
    assert sorted(str(r["claim"]) for r in rows) == [
        "https://example.org/secondary-only", "https://example.org/via-unofficial-copy"]


VERSIONS = """
@prefix cg: <https://w3id.org/copgraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix x: <https://example.org/> .
x:evidenced a cg:MeasureVersion ; cg:versionOf x:m ; dcterms:source x:act ;
    cg:assessedOn "2026-11-30"^^xsd:date ; cg:confidence cg:medium .
x:undated a cg:MeasureVersion ; cg:versionOf x:m ; dcterms:source x:act ; cg:confidence cg:medium .
x:unsourced a cg:MeasureVersion ; cg:versionOf x:m ; cg:assessedOn "2026-11-30"^^xsd:date ; cg:confidence cg:low .
"""


def test_a_measure_version_is_evidence_too(tmp_path: Path):
    """A version states what the law said over a period: it needs source, assessment date and confidence."""
    data = tmp_path / "versions.ttl"
    data.write_text(VERSIONS, encoding="utf-8")
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", data])
    rows = NamedQuery.from_file(ROOT / "queries" / "qc" / "missing-evidence.rq").run(graph.backend())
    assert sorted((str(r["resource"]), r["missing"]) for r in rows) == [
        ("https://example.org/undated", "cg:assessedOn"), ("https://example.org/unsourced", "dcterms:source")]
