"""A remote SPARQL 1.1 endpoint as a query store: the library's queries over HTTP.

Values are bound exactly as in-process (store.bind_values: a VALUES block of RDF terms), the
same sandbox scan runs first, and rows come back as the same plain-Python values, so a named
query gives the same rows on `copgraph serve` as on the loaded graph.

The library's queries read the default graph. On an endpoint whose default graph is not the
union of its named graphs (a plain Fuseki or Oxigraph loaded from the TriG/N-Quads dump),
`union_named=True` asks the endpoint for its named graphs and sends them as the protocol's
`default-graph-uri` parameters, so the query's default graph is their merge; an endpoint
loaded from the Turtle or N-Triples dump has everything in its default graph already.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

import pyoxigraph as ox

from . import sandbox
from .errors import InputError
from .store import Iri, Row, Value, _to_python, bind_values

_JSON = "application/sparql-results+json"
_NAMED_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


class EndpointStore:
    """SELECT/ASK against a SPARQL 1.1 Protocol endpoint (POST, form-encoded)."""

    name = "endpoint"

    def __init__(self, url: str, *, union_named: bool = False) -> None:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"--endpoint {url!r}: give the http(s) address of a SPARQL endpoint")
        self.url = url
        self.default_graphs: list[str] = []
        if union_named:
            rows = self.select(_NAMED_GRAPHS, max_rows=0)
            self.default_graphs = [str(r["g"]) for r in rows]
            if not self.default_graphs:
                raise InputError(f"{url}: the endpoint has no named graph to query")

    def request(self, sparql: str, accept: str, timeout: float) -> bytes:
        """POST the query (the protocol's form encoding); the body of a 200 answer."""
        form = [("query", sparql), *(("default-graph-uri", g) for g in self.default_graphs)]
        data = urllib.parse.urlencode(form).encode()
        req = urllib.request.Request(self.url, data=data, method="POST", headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=timeout or None) as answer:
                return answer.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(300).decode("utf-8", "replace").split())
            raise InputError(f"{self.url}: the endpoint answered {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"{self.url}: cannot reach the endpoint: {reason}") from None

    def select(self, sparql: str, bindings: Mapping[str, Value | Iri] | None = None, *,
               timeout: float | None = None, max_rows: int | None = None) -> list[Row]:
        text = bind_values(sparql, bindings)
        sandbox.check_query(text)
        limit, seconds = sandbox.max_rows(max_rows), sandbox.query_timeout(timeout)
        body = self.request(text, _JSON, seconds)
        try:
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{self.url}: not SPARQL JSON results: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return [{"result": bool(result)}]
        names = [v.value for v in result.variables]
        return [dict(zip(names, map(_to_python, sol), strict=True))
                for sol in sandbox.capped(result, limit, None, seconds)]

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"] or 0)  # type: ignore[arg-type]
