"""`copgraph serve`: a real Oxigraph SPARQL server on a loopback port answers the query library
with the same rows as the in-process store, answers SPARQLWrapper, refuses updates, and stops
with everything it started."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from copgraph import serve
from copgraph.cli import main
from copgraph.endpoint import EndpointStore
from copgraph.errors import InputError
from copgraph.publish import server_dumps
from copgraph.queries import named_queries
from copgraph.store import BASE

AS_OF = dt.date(2026, 11, 30)  # the date whose verdicts the server holds


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory, graph) -> Path:  # noqa: ANN001
    out = tmp_path_factory.mktemp("dumps") / "site"
    server_dumps(out, graph=graph, as_of=AS_OF)
    return out


@pytest.fixture(scope="module")
def server(dumps: Path):  # noqa: ANN201
    with serve.start(dumps, port=serve.free_port(), pages_port=None, timeout=30) as running:
        yield running
    assert running.process.poll() is not None, "the Oxigraph server outlived its context"
    assert not running.location.exists(), "the temporary store was left behind"


def _normal(rows: list[dict]) -> list[tuple]:
    """Rows as sorted tuples; blank node labels differ between stores, so they compare as '_:', and
    SPARQL leaves the order of GROUP_CONCAT open, so a list of IRIs compares as a set."""
    def value(v: object) -> object:
        if isinstance(v, str) and v.startswith("_:"):
            return "_:"
        if isinstance(v, str) and " " in v and all(w.startswith("http") for w in v.split()):
            return " ".join(sorted(v.split()))
        return str(v)

    return sorted(tuple(sorted((k, value(v)) for k, v in r.items())) for r in rows)


def _values(query, with_optional: bool) -> dict[str, str]:  # noqa: ANN001
    values = {}
    for p in query.params:
        if p.type == "date":
            values[p.name] = AS_OF.isoformat()
        elif p.example and (with_optional or not p.optional):
            values[p.name] = p.example
    return values


LIBRARY = sorted(named_queries().values(), key=lambda q: q.name)


@pytest.mark.parametrize("with_optional", [False, True], ids=["required-params", "all-params"])
@pytest.mark.parametrize("query", LIBRARY, ids=[q.name for q in LIBRARY])
def test_every_library_query_gives_the_in_process_rows(server, graph, query, with_optional) -> None:  # noqa: ANN001
    values = _values(query, with_optional)
    local = query.run_on(graph, values)
    remote = query.run(EndpointStore(server.endpoint), values)
    assert _normal(remote) == _normal(local)


def test_the_comparison_is_not_vacuous(server, graph) -> None:  # noqa: ANN001
    """Most library queries return rows here, and the verdict queries among them."""
    with_rows = {q.name for q in LIBRARY if q.run(EndpointStore(server.endpoint), _values(q, True))}
    assert len(with_rows) >= len(LIBRARY) - 3, sorted({q.name for q in LIBRARY} - with_rows)
    assert {"binding-gaps", "coverage-matrix", "profile-gaps", "measure-lifecycle"} <= with_rows


def test_a_server_without_union_default_graph_needs_the_named_graphs(dumps: Path, graph) -> None:  # noqa: ANN001
    """A standard endpoint's default graph is not the union: queries see nothing until the client
    names the graphs (default-graph-uri); then the rows are the in-process ones."""
    query = next(q for q in LIBRARY if q.name == "reservations")
    with serve.start(dumps, port=serve.free_port(), union=False) as plain:
        assert query.run(EndpointStore(plain.endpoint), {}) == []
        named = EndpointStore(plain.endpoint, union_named=True)
        assert len(named.default_graphs) == len(graph.stats.graphs) + 1  # the files + the verdicts
        assert _normal(query.run(named, {})) == _normal(query.run_on(graph, {}))


def test_sparqlwrapper_select_and_ask(server) -> None:  # noqa: ANN001
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.endpoint)
    client.setReturnFormat(JSON)
    client.setQuery("PREFIX cg: <https://w3id.org/copgraph/ontology#> "
                    "SELECT (COUNT(?p) AS ?n) WHERE { ?p a cg:Profile }")
    answer = client.query().convert()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == 11
    client.setQuery(f"ASK {{ <{BASE}jurisdiction/GB> ?p ?o }}")
    assert client.query().convert()["boolean"] is True


def test_updates_are_refused(server) -> None:  # noqa: ANN001
    from SPARQLWrapper import POST, SPARQLWrapper

    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    request = urllib.request.Request(server.endpoint.replace("/query", "/update"), data=update.encode(),
                                     headers={"Content-Type": "application/sparql-update"}, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code in (403, 405)
    client = SPARQLWrapper(server.endpoint.replace("/query", "/update"))
    client.setMethod(POST)
    client.setQuery(update)
    with pytest.raises(Exception):  # noqa: B017 - SPARQLWrapper raises its own error types
        client.query()
    ask = "ASK { <http://example.org/a> ?p ?o }"
    assert EndpointStore(server.endpoint).select(ask) == [{"result": False}]
    with pytest.raises(InputError, match="UPDATE"):  # and the client refuses before sending
        EndpointStore(server.endpoint).select(update)


def test_query_command_against_the_endpoint(server) -> None:  # noqa: ANN001
    runner = CliRunner()
    args = ["query", "profile-gaps", "--param", "profile=lanzarote-criminal", "--param", "jurisdiction=GB",
            "--param", f"as_of={AS_OF.isoformat()}", "--format", "csv"]
    local = runner.invoke(main, args)
    remote = runner.invoke(main, [*args, "--endpoint", server.endpoint])
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert remote.output == local.output and local.output.count("\n") > 5
    sparql = runner.invoke(main, ["query", "reservations", "--param", "instrument=budapest", "--format", "sparql-json",
                                  "--endpoint", server.endpoint])
    assert sparql.exit_code == 0 and json.loads(sparql.output)["results"]["bindings"]
    bad = runner.invoke(main, ["query", "reservations", "--endpoint", "http://127.0.0.1:9/query"])
    assert bad.exit_code == 2 and "cannot reach the endpoint" in bad.output


def test_pages_with_content_negotiation(tmp_path: Path) -> None:
    """The page server answers a thing IRI with 303 to the document the Accept header asks for."""
    (tmp_path / "requirement").mkdir()
    for ext in ("html", "ttl", "jsonld", "nt"):
        (tmp_path / "requirement" / f"grooming.{ext}").write_text("x")
    (tmp_path / "dataset.ttl").write_text("x")
    pages = serve.page_server(tmp_path, "127.0.0.1", 0, "2026-12")
    import threading

    threading.Thread(target=pages.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{pages.server_address[1]}"

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            return None

    opener = urllib.request.build_opener(Keep)

    def ask(path: str, accept: str) -> tuple[int, str | None, str | None]:
        try:
            with opener.open(urllib.request.Request(root + path, headers={"Accept": accept})) as answer:
                return answer.status, answer.headers["Content-Type"], answer.headers["Access-Control-Allow-Origin"]
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["Location"], exc.headers["Access-Control-Allow-Origin"]

    try:
        assert ask("/requirement/grooming", "text/turtle") == (303, "/requirement/grooming.ttl", "*")
        assert ask("/requirement/grooming", "application/ld+json")[1] == "/requirement/grooming.jsonld"
        assert ask("/requirement/grooming", "application/n-triples")[1] == "/requirement/grooming.nt"
        assert ask("/requirement/grooming", "text/html,*/*")[1] == "/requirement/grooming.html"
        assert ask("/2026-12/requirement/grooming", "text/turtle")[1] == "/2026-12/requirement/grooming.ttl"
        assert ask("/", "text/turtle")[1] == "/dataset.ttl"
        assert ask("/requirement/nothing", "text/turtle")[0] == 404
        assert ask("/2026-12/requirement/grooming.ttl", "*/*")[:2] == (200, "text/turtle")
        assert ask("/requirement/grooming.jsonld", "*/*")[:2] == (200, "application/ld+json")
    finally:
        pages.shutdown()
        pages.server_close()


def test_start_refuses_a_directory_without_dumps(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no dumps"):
        serve.start(tmp_path, port=serve.free_port())
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("copgraph-serve-*/NOT-THERE"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_command_stops_its_server_on_a_signal(dumps: Path, sig: int) -> None:
    port = serve.free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen([sys.executable, "-m", "copgraph.cli", "serve", "--site", str(dumps), "--port",
                              str(port), "--no-pages"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                assert EndpointStore(endpoint).select("ASK { ?s ?p ?o }") == [{"result": True}]
                break
            except InputError:
                assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
                time.sleep(0.2)
        else:
            pytest.fail("copgraph serve did not answer within 60 s")
        oxigraph = _children(child.pid)
        assert oxigraph, "no oxigraph child process found"
        child.send_signal(sig)
        assert child.wait(30) == 130
        time.sleep(0.2)
        assert all(not Path(f"/proc/{pid}").exists() or _zombie(pid) for pid in oxigraph)
        with pytest.raises(InputError, match="cannot reach"):
            EndpointStore(endpoint).select("ASK { ?s ?p ?o }")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_result_formats_and_graph_queries_in_process(tmp_path: Path, graph) -> None:  # noqa: ANN001
    import pyoxigraph as ox

    runner = CliRunner()
    args = ["query", "reservations", "--param", "instrument=budapest"]
    rows = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    for fmt, kind in (("sparql-json", ox.QueryResultsFormat.JSON), ("sparql-xml", ox.QueryResultsFormat.XML),
                      ("sparql-csv", ox.QueryResultsFormat.CSV), ("sparql-tsv", ox.QueryResultsFormat.TSV)):
        done = runner.invoke(main, [*args, "--format", fmt])
        assert done.exit_code == 0, done.output
        if fmt == "sparql-csv":  # pyoxigraph does not read CSV results back (they are lossy)
            assert len(done.output.strip().splitlines()) == len(rows) + 1
            continue
        assert len(list(ox.parse_query_results(done.output.encode(), format=kind))) == len(rows) > 10
    construct = tmp_path / "c.rq"
    construct.write_text("# title: profiles as a graph\nPREFIX cg: <https://w3id.org/copgraph/ontology#>\n"
                         "CONSTRUCT { ?p a cg:Profile } WHERE { ?p a cg:Profile }\n")
    turtle = runner.invoke(main, ["query", "--file", str(construct)])
    assert turtle.exit_code == 0 and len(list(ox.parse(turtle.output.encode(), format=ox.RdfFormat.TURTLE))) == 11
    jsonld = runner.invoke(main, ["query", "--file", str(construct), "--format", "jsonld"])
    assert len(list(ox.parse(jsonld.output.encode(), format=ox.RdfFormat.JSON_LD))) == 11
    wrong = runner.invoke(main, ["query", "--file", str(construct), "--format", "csv"])
    assert wrong.exit_code == 2 and "returns a graph" in wrong.output
    describe = tmp_path / "d.rq"
    describe.write_text(f"# title: one resource\nDESCRIBE <{BASE}requirement/grooming>\n")
    described = runner.invoke(main, ["query", "--file", str(describe), "--format", "nt"])
    assert described.exit_code == 0 and f"<{BASE}requirement/grooming>" in described.output
    for text, refused in (("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", "SERVICE"),
                          ("CONSTRUCT { ?s ?p ?o } FROM <http://example.org/> WHERE { ?s ?p ?o }", "FROM"),
                          ("INSERT DATA { <http://a.example/> <http://b.example/> 1 }", "UPDATE")):
        describe.write_text(f"# title: refused\n{text}\n")
        done = runner.invoke(main, ["query", "--file", str(describe), "--format", "ttl"])
        assert done.exit_code == 2 and refused in done.output, done.output


def test_export_the_graph_or_one_jurisdiction(tmp_path: Path, graph) -> None:  # noqa: ANN001
    import pyoxigraph as ox

    from copgraph.dataset import source_quads
    from copgraph.store import GRAPH_BASE

    runner = CliRunner()
    out = tmp_path / "gb.trig"
    assert runner.invoke(main, ["export", "GB", "-o", str(out)]).exit_code == 0
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    gb = [q for q in source_quads(graph) if q.graph_name.value == GRAPH_BASE + "data/jurisdictions/GB"]
    def ground(items: list) -> set:  # blank nodes get new labels when parsed
        return {q for q in items if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}

    assert ground(quads) == ground(gb) and len(quads) == len(gb) > 100
    whole = runner.invoke(main, ["export", "--format", "nt"])
    assert len(whole.output.splitlines()) == len({(q.subject, q.predicate, q.object) for q in source_quads(graph)})
    assert runner.invoke(main, ["export", "XX"]).exit_code == 2
    assert runner.invoke(main, ["export", "-o", str(tmp_path / "x.bin")]).exit_code == 2
