"""The graph as files: dumps in every RDF format, IRIs rebased for a publisher's own copy.

Dumps keep one named graph per source file in the quad formats (TriG, N-Quads, JSON-LD); the
triple formats (Turtle, N-Triples) hold the union, each triple once. `--base-iri` is applied to
the terms, one by one, before serialising: a text replace on a file would also change a literal
that happens to quote our base (a note citing an IRI) and could break an escaped IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import InputError
from .store import BASE, CG, GRAPH_BASE, Graph

VERDICT_GRAPHS = GRAPH_BASE + "verdicts/"


@dataclass(frozen=True)
class Format:
    name: str
    rdf: ox.RdfFormat
    media_type: str
    extension: str
    quads: bool  # keeps the named graphs


FORMATS = {f.name: f for f in (
    Format("trig", ox.RdfFormat.TRIG, "application/trig", "trig", True),
    Format("nq", ox.RdfFormat.N_QUADS, "application/n-quads", "nq", True),
    Format("ttl", ox.RdfFormat.TURTLE, "text/turtle", "ttl", False),
    Format("nt", ox.RdfFormat.N_TRIPLES, "application/n-triples", "nt", False),
    Format("jsonld", ox.RdfFormat.JSON_LD, "application/ld+json", "jsonld", True),
)}


def prefixes(base: str = BASE) -> dict[str, str]:
    """Prefixes for Turtle, TriG and JSON-LD; ours follow the (possibly rebased) base."""
    return {
        "cg": base + CG[len(BASE):], "jur": base + "jurisdiction/", "req": base + "requirement/",
        "inst": base + "instrument/", "profile": base + "profile/", "concept": base + "concept/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#", "owl": "http://www.w3.org/2002/07/owl#",
        "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
        "eli": "http://data.europa.eu/eli/ontology#", "prov": "http://www.w3.org/ns/prov#",
        "dcat": "http://www.w3.org/ns/dcat#", "void": "http://rdfs.org/ns/void#",
        "sh": "http://www.w3.org/ns/shacl#",
    }


def rdf_bytes(items: Iterable, fmt: ox.RdfFormat, with_prefixes: dict[str, str] | None = None) -> bytes:
    """pyoxigraph's serialiser into memory (always bytes when no output is given)."""
    data = ox.serialize(items, format=fmt, prefixes=with_prefixes) if with_prefixes else ox.serialize(items, format=fmt)
    return data or b""


def check_base(base: str) -> str:
    """A base IRI a publisher may use: absolute http(s), ending in '/' (our IRIs are slash IRIs)."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`#?]+/", base):
        raise InputError(f"--base-iri {base!r}: give an absolute http(s) IRI ending in '/', "
                         "without '?' or '#' (e.g. https://data.example.org/cop/)")
    return base


class Rebase:
    """Our IRIs moved under another base, term by term; other IRIs and all literals unchanged."""

    def __init__(self, base: str | None = None) -> None:
        self.base = check_base(base) if base else BASE

    def iri(self, iri: str) -> str:
        return self.base + iri[len(BASE):] if iri.startswith(BASE) and self.base != BASE else iri

    def term(self, term):  # noqa: ANN001, ANN201 - any pyoxigraph term
        if isinstance(term, ox.NamedNode) and self.base != BASE and term.value.startswith(BASE):
            return ox.NamedNode(self.iri(term.value))
        return term

    def quad(self, quad: ox.Quad) -> ox.Quad:
        if self.base == BASE:
            return quad
        graph = quad.graph_name
        return ox.Quad(self.term(quad.subject), self.term(quad.predicate), self.term(quad.object),
                       self.term(graph) if isinstance(graph, ox.NamedNode) else graph)


def is_verdict_graph(graph: object) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(VERDICT_GRAPHS)


def source_quads(graph: Graph) -> list[ox.Quad]:
    """The loaded files' quads, without the verdicts a query may have materialised into the store."""
    return [q for q in graph.store if not is_verdict_graph(q.graph_name)]


def fresh(quads: Iterable[ox.Quad], like: Graph) -> Graph:
    """A new graph holding these quads (so materialising verdicts never touches the caller's)."""
    store = ox.Store()
    store.extend(quads)
    return Graph(store, like.stats)


def triples_of(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the graphs, each triple once, in a stable order."""
    seen = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(seen, key=str)


def serialise(quads: Iterable[ox.Quad], fmt: str, rebase: Rebase | None = None) -> bytes:
    """Quads (rebased) in one of FORMATS; triple formats get the union, each triple once."""
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise InputError(f"unknown RDF format {fmt!r} (choose {', '.join(FORMATS)})") from None
    rebase = rebase or Rebase()
    moved = sorted((rebase.quad(q) for q in quads), key=str)
    items: list = moved if spec.quads else triples_of(moved)
    if fmt == "jsonld" and not any(isinstance(q.graph_name, ox.NamedNode) for q in moved):
        items = triples_of(moved)  # no named graph: plain triples give flat JSON-LD
    return rdf_bytes(items, spec.rdf, prefixes(rebase.base) if fmt in ("ttl", "trig") else None)


def parse_count(data: bytes, fmt: str) -> tuple[int, int]:
    """Parse a dump back: (statements, distinct triples). For the tests and the build's own check."""
    items = list(ox.parse(data, format=FORMATS[fmt].rdf))
    triples = {ox.Triple(i.subject, i.predicate, i.object) for i in items}
    return len(items), len(triples)


def graph_quads(quads: Iterable[ox.Quad], graph_iri: str) -> Iterator[ox.Quad]:
    return (q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == graph_iri)
