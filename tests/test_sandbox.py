"""User queries stay on the loaded data (no SERVICE, FROM or UPDATE) and are bounded in time and rows."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from copgraph import sandbox
from copgraph.errors import InputError
from copgraph.store import load_files

from .conftest import ROOT

BACKENDS = ("oxigraph", "rdflib")
# Every pair and triple of triples, and a filter that never holds: no row for a very long time.
ENDLESS = ("SELECT * WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?p4 ?h "
           "FILTER(STRLEN(CONCAT(STR(?a), STR(?c), STR(?e), STR(?g))) < 0) }")


@pytest.fixture(scope="module")
def small():
    """The ontology alone: enough triples for cross products, quick to copy into rdflib."""
    return load_files([ROOT / "ontology" / "copgraph.ttl"])


@pytest.fixture()
def server():
    """A local HTTP server that records every request: a query must never reach it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<http://e/s> <http://e/p> <http://e/o> .\n")

        do_POST = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/", hits
    httpd.shutdown()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z.SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ BIND("""a\\"""" AS ?x) SERVICE <{url}sparql> {{ ?s ?p ?o }} BIND("b" AS ?y) }}',
    "SELECT * WHERE {{ \\u0053ERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_nothing_is_fetched(small, server, backend, template):
    url, hits = server
    with pytest.raises(InputError, match="SERVICE clauses are not allowed: copgraph queries run on the loaded data"):
        small.backend(backend).select(template.format(url=url))
    assert hits == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("clause", ["FROM", "from", "FROM NAMED", "from named"])
def test_from_is_refused_and_nothing_is_loaded(small, server, tmp_path, backend, clause):
    url, hits = server
    local = tmp_path / "secret.ttl"
    local.write_text("<http://e/s> <http://e/p> <http://e/secret> .\n", encoding="utf-8")
    for source in (url + "g.ttl", local.as_uri()):
        with pytest.raises(InputError, match=f"{clause.upper()} clauses are not allowed"):
            small.backend(backend).select(f"SELECT * {clause} <{source}> WHERE {{ ?s ?p ?o }}")
    assert hits == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
    "PREFIX ex: <http://e/> delete where { ?s ?p ?o }",
    "LOAD <http://example.org/x.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://e/g>",
])
def test_update_is_refused(small, backend, update):
    size = len(small.store)
    with pytest.raises(InputError, match=r"SPARQL UPDATE \(\w+\) is not allowed: copgraph queries are read-only"):
        small.backend(backend).select(update)
    assert len(small.store) == size


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <https://w3id.org/copgraph/ontology#Claim>"])
def test_construct_and_describe_are_refused(small, backend, query):
    with pytest.raises(InputError, match="only SELECT and ASK queries"):
        small.backend(backend).select(query)


# The words SERVICE and FROM where they are not clauses: these queries run.
HARMLESS = [
    'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> { }" AS ?x) }',
    "SELECT ?x WHERE { BIND('from <http://example.org/>' AS ?x) }",
    'SELECT ?x WHERE { BIND("""FROM NAMED\nSERVICE""" AS ?x) }',
    "SELECT ?x WHERE { # SERVICE <http://example.org/> { }\n BIND(1 AS ?x) }",
    "# FROM <http://example.org/>\nSELECT ?x WHERE { BIND(1 AS ?x) }",
    "SELECT ?x WHERE { BIND(<http://example.org/FROM/service> AS ?x) }",
    "SELECT ?x ?service ?from WHERE { BIND(1 AS ?service) BIND(2 AS $from) BIND(?service + ?from AS ?x) }",
    "PREFIX from: <http://example.org/from#> PREFIX service: <http://example.org/s#> "
    "SELECT ?x WHERE { BIND(from:service AS ?x) FILTER(?x != service:from) }",
    'SELECT ?x WHERE { BIND("x"@service AS ?x) }',
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", HARMLESS)
def test_keywords_inside_strings_iris_comments_and_names_are_allowed(small, backend, query):
    rows = small.backend(backend).select(query)
    assert len(rows) == 1 and rows[0]["x"] is not None


def test_bound_value_mentioning_service_is_a_literal(small):
    rows = small.backend().select("SELECT ?v WHERE { }", {"v": "SERVICE <http://example.org/> {}"})
    assert rows == [{"v": "SERVICE <http://example.org/> {}"}]


# --- time and row limits -------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_query_that_produces_no_row_times_out(small, backend):
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"longer than 1 s \(the time limit\).*COPGRAPH_QUERY_TIMEOUT"):
        small.backend(backend).select(ENDLESS, timeout=1)
    assert time.perf_counter() - started < 3
    # the abandoned query does not stop the next one
    assert small.backend(backend).select("ASK WHERE { ?s ?p ?o }") == [{"result": True}]


def test_timeout_from_the_environment(small, monkeypatch):
    monkeypatch.setenv("COPGRAPH_QUERY_TIMEOUT", "0.5")
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"longer than 0.5 s"):
        small.backend().select(ENDLESS)
    assert time.perf_counter() - started < 2.5


@pytest.mark.parametrize("backend", BACKENDS)
def test_row_cap(small, backend, monkeypatch):
    pairs = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }"  # millions of rows: never collected
    with pytest.raises(InputError, match=r"more than 1000 rows \(the row cap\).*COPGRAPH_MAX_ROWS"):
        small.backend(backend).select(pairs, max_rows=1000)
    assert len(small.backend(backend).select(pairs + " LIMIT 1000", max_rows=1000)) == 1000
    monkeypatch.setenv("COPGRAPH_MAX_ROWS", "10")
    with pytest.raises(InputError, match="more than 10 rows"):
        small.backend(backend).select(pairs)


def test_no_limit_with_zero(small, monkeypatch):
    monkeypatch.setenv("COPGRAPH_MAX_ROWS", "0")
    monkeypatch.setenv("COPGRAPH_QUERY_TIMEOUT", "0")
    assert len(small.backend().select("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d } LIMIT 150000")) == 150000


@pytest.mark.parametrize("name, value", [("COPGRAPH_MAX_ROWS", "lots"), ("COPGRAPH_QUERY_TIMEOUT", "-1"),
                                         ("COPGRAPH_QUERY_TIMEOUT", "nan"), ("COPGRAPH_MAX_ROWS", "1.5")])
def test_bad_limit_in_the_environment(small, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(InputError, match=name):
        small.backend().select("ASK WHERE { ?s ?p ?o }")


def test_bad_timeout_argument(small):
    with pytest.raises(InputError, match="timeout"):
        small.backend().select("ASK WHERE { ?s ?p ?o }", timeout=-1)


def test_exception_from_the_worker_does_not_leak_the_result_to_another_thread(small, capfd):
    """pyoxigraph results must be freed in the thread that made them (else it prints an error)."""
    import gc

    with pytest.raises(InputError):
        small.backend().select("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }", max_rows=5)
    gc.collect()
    assert "unsendable" not in capfd.readouterr().err


def test_scanner_is_linear():
    started = time.perf_counter()
    for text in ("a." * 50_000, "?" * 100_000, "ex:" * 30_000, '"' * 100_000, "<" * 100_000, "#" * 100_000):
        sandbox.bare_words(text)
    assert time.perf_counter() - started < 2


def test_the_package_own_queries_are_not_capped_but_library_queries_are(monkeypatch):
    from copgraph.queries import get_query
    from copgraph.store import load

    graph = load(cache=False)
    monkeypatch.setenv("COPGRAPH_MAX_ROWS", "3")
    assert get_query("evidence").internal and not get_query("coverage-matrix").internal
    assert len(get_query("evidence").run(graph.backend())) > 3  # a batch check reads every claim
    with pytest.raises(InputError, match="more than 3 rows"):
        get_query("coverage-matrix").run_on(graph, {"profile": "lanzarote-criminal"})
