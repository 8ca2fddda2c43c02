"""Loading and the two query backends."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from copgraph.errors import InputError
from copgraph.store import Iri, load_files

from .conftest import FIXTURES, ROOT

QUERIES = [
    # counts by class
    "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    # a join with OPTIONAL and typed literals
    "PREFIX cg: <https://w3id.org/copgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?r ?l ?age WHERE { ?r a cg:Requirement ; rdfs:label ?l OPTIONAL { ?r cg:protectedAge ?age } }",
    # MINUS, aggregation over provisions
    "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT ?i (COUNT(?p) AS ?n) WHERE { ?p cg:instrument ?i "
    "MINUS { ?p a cg:Article } } GROUP BY ?i",
    # dates
    "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?s ?d WHERE { ?s eli:first_date_entry_in_force ?d }",
]


def _canon(rows):
    return sorted(tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows)


@pytest.mark.parametrize("sparql", QUERIES)
def test_backends_return_identical_rows(graph, sparql):
    ox_rows = graph.backend("oxigraph").select(sparql)
    rdf_rows = graph.backend("rdflib").select(sparql)
    assert ox_rows, "the query should return rows on the bundled data"
    assert _canon(ox_rows) == _canon(rdf_rows)


def test_bound_parameter_is_one_term_on_both_backends(graph):
    sparql = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s WHERE { ?s rdfs:label ?l }"
    hostile = '" } ?s ?p ?o . { "'
    for name in ("oxigraph", "rdflib"):
        assert graph.backend(name).select(sparql, {"l": hostile}) == []
        rows = graph.backend(name).select(
            "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", {"s": Iri("https://w3id.org/copgraph/instrument/lanzarote")})
        assert rows == [{"s": "https://w3id.org/copgraph/instrument/lanzarote"}]


def test_one_named_graph_per_file(graph):
    assert len(graph.stats.graphs) == graph.stats.files
    assert "https://w3id.org/copgraph/graph/data/instruments/lanzarote" in graph.stats.graphs


def test_malformed_turtle_names_file_and_line():
    with pytest.raises(InputError) as err:
        load_files([ROOT / "ontology" / "copgraph.ttl", FIXTURES / "malformed.ttl"])
    assert "malformed.ttl:5:" in str(err.value)


def test_malformed_turtle_in_data_exits_2_without_traceback(tmp_path: Path):
    home = tmp_path / "home"
    shutil.copytree(ROOT / "ontology", home / "ontology")
    (home / "data").mkdir()
    shutil.copy(FIXTURES / "malformed.ttl", home / "data" / "broken.ttl")
    proc = subprocess.run([sys.executable, "-m", "copgraph.cli", "info"], capture_output=True, text=True,
                          env={"COPGRAPH_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert "broken.ttl:5:" in proc.stderr
    assert "Traceback" not in proc.stderr
