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
    from copgraph.store import CG, bundled_files

    by_authority: dict[str, set[str]] = {}
    for path in bundled_files():
        g = rdflib.Graph().parse(path, format="turtle")
        for source in g.subjects(rdflib.RDF.type, rdflib.URIRef(CG + "SourceDocument")):
            for authority in g.objects(source, rdflib.URIRef(CG + "authority")):
                by_authority.setdefault(str(authority), set()).add(str(source))
    rows = get_query("sources-by-authority").run(_bundled().backend())
    assert {str(r["authority"]): r["sources"] for r in rows} == {a: len(s) for a, s in by_authority.items()}
    assert CG + "other" not in by_authority
    assert len(by_authority.get(CG + "officialLegislation", ())) > 0
