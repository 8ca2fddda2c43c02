"""Query results in the standard SPARQL formats, and graph results (CONSTRUCT, DESCRIBE) as RDF.

Rows for people are rows.py's job; these are the formats other SPARQL tools read: SPARQL JSON,
XML, CSV and TSV results (pyoxigraph's serialisers), and Turtle, JSON-LD or N-Triples for a
query that returns a graph. The query is sandboxed and time-bounded like every query (the
serialiser consumes the whole result, so the row cap does not apply; the time limit does).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from . import sandbox
from .dataset import prefixes, rdf_bytes
from .errors import InputError
from .store import Iri, Value, bind_values

RESULT_FORMATS = {
    "sparql-json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "sparql-xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "sparql-csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "sparql-tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
}
FORMATS = (*RESULT_FORMATS, *GRAPH_FORMATS)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query keyword after the prologue.

    The sandbox looks first, so an update or a SERVICE/FROM clause is refused with its own message."""
    sandbox.check_query(sparql)
    for word in sandbox.bare_words(sparql):
        if word in _FORMS:
            return word
    raise InputError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def check_format(form: str, fmt: str) -> None:
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if graph and fmt not in GRAPH_FORMATS:
        raise InputError(f"a {form} query returns a graph: choose --format {'|'.join(GRAPH_FORMATS)}")
    if not graph and fmt in GRAPH_FORMATS:
        raise InputError(f"a {form} query returns rows, not a graph: choose a row format or "
                         f"--format {'|'.join(RESULT_FORMATS)}")


def media_type(fmt: str) -> str:
    return {**RESULT_FORMATS, **GRAPH_FORMATS}[fmt][1]


def serialise(store: ox.Store, sparql: str, bindings: Mapping[str, Value | Iri] | None, fmt: str, *,
              timeout: float | None = None) -> bytes:
    """Run a query on the store (default graph = union of the files) and serialise its result."""
    text = bind_values(sparql, bindings)
    sandbox.check_query(text)
    check_format(query_form(text), fmt)
    seconds = sandbox.query_timeout(timeout)

    def work(deadline: float | None) -> bytes:
        try:
            result = store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError(f"invalid SPARQL: {exc}") from None
        try:
            if isinstance(result, ox.QueryTriples):
                graph_format = GRAPH_FORMATS[fmt][0]
                triples = list(sandbox.capped(result, 0, deadline, seconds))
                return rdf_bytes(triples, graph_format, prefixes() if graph_format == ox.RdfFormat.TURTLE else None)
            return result.serialize(format=RESULT_FORMATS[fmt][0]) or b""
        except OSError as exc:
            raise InputError(f"the query failed: {exc}") from None

    return sandbox.run_bounded(work, seconds)
