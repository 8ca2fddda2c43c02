"""One page per resource of the published site: where it lives, what it says, links both ways.

An IRI `<base>/<path>` is published as `<path>.html`, `<path>.ttl` and `<path>.jsonld` (a
directory-like IRI ending in '/' as `<path>/index.*`); a `#` term of the ontology points at its
anchor on the ontology page. Links between pages are relative, so a copy works under any host
and path. The content comes from show.describe_all (the gatherer `copgraph show` uses).
"""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

import pyoxigraph as ox

from .dataset import Rebase, prefixes, rdf_bytes
from .escape import is_web_link
from .store import BASE, CG, GRAPH_BASE, Row
from .tables import text as cell

ONTOLOGY = BASE + "ontology"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://purl.org/dc/terms/title")
DEFINITIONS = ("http://www.w3.org/2004/02/skos/core#definition", "http://purl.org/dc/terms/description",
               "http://www.w3.org/2000/01/rdf-schema#comment", CG + "scopeNote")
SOURCE = "http://purl.org/dc/terms/source"
_NO_PAGE = ("graph/", "verdict/")  # named graphs and computed verdicts are not resources of the site


def page_path(iri: str) -> str | None:
    """The site path (without extension) of a resource's documents; None if it has no page."""
    if not iri.startswith(BASE) or "?" in iri:
        return None
    rest = iri[len(BASE):]
    if "#" in rest:
        return "ontology" if rest.startswith("ontology#") else None
    if not rest or rest.startswith(_NO_PAGE):
        return None
    path = unquote(rest)
    if path.endswith("/"):
        path += "index"
    if any(seg in ("", ".", "..") for seg in path.split("/")) or "\\" in path or "\0" in path:
        return None
    return path


def href(iri: str, here: str, ext: str = "html") -> str | None:
    """A relative link from the page at `here` to the page of `iri` (with its anchor for '#' terms)."""
    path = page_path(iri)
    if path is None:
        return None
    anchor = "#" + iri.split("#", 1)[1] if "#" in iri else ""
    rel = posixpath.relpath(f"{path}.{ext}", posixpath.dirname(here) or ".")
    return quote(rel, safe="/-._~") + anchor


@dataclass
class Value:
    text: str
    link: str | None = None  # relative link to our page
    web: str | None = None  # an external http(s) address
    label: str = ""
    nested: list[tuple[str, list[Value]]] = field(default_factory=list)  # a blank node's statements


@dataclass
class Group:
    predicate: str
    label: str
    values: list[Value]


@dataclass
class Resource:
    iri: str  # as published (rebased)
    path: str
    label: str
    definition: str
    types: list[Value]
    out: list[Group]
    incoming: list[Group]
    sources: list[Value]


def _first(rows: list[Row], predicates: tuple[str, ...]) -> str:
    for predicate in predicates:
        for row in rows:
            if row["direction"] == "out" and row["predicate"] == predicate and row["value"] is not None:
                return cell(row["value"])
    return ""


class Builder:
    """Builds Resource views from the rows of describe_all, rebasing the IRIs it shows."""

    def __init__(self, described: dict[str, list[Row]], rebase: Rebase, pages: set[str]) -> None:
        self.described = described
        self.rebase = rebase
        self.pages = pages

    def label(self, iri: str) -> str:
        return _first(self.described.get(iri, []), LABELS)

    def value(self, row: Row, here: str, depth: int = 0) -> Value:
        raw = row["value"]
        text = cell(raw)
        if isinstance(raw, str) and raw.startswith("_:"):
            nested = self._groups(self.described.get(raw, []), "out", here, depth + 1) if depth < 2 else []
            return Value("", nested=[(g.label, g.values) for g in nested])
        label = cell(row.get("valueLabel")) if row.get("valueLabel") not in (None, raw) else ""
        if isinstance(raw, str) and raw in self.pages:  # unlabelled (a claim): its path reads well enough
            return Value(self.rebase.iri(raw), link=href(raw, here), label=label or self.label(raw) or raw[len(BASE):])
        if isinstance(raw, str) and raw.startswith(CG):
            return Value(self.rebase.iri(raw), link=href(raw, here), label=label)
        if isinstance(raw, str) and is_web_link(raw) and not raw.startswith(BASE):
            return Value(raw, web=raw, label=label)
        return Value(self.rebase.iri(text) if text.startswith(BASE) else text, label=label)

    def _groups(self, rows: Iterable[Row], direction: str, here: str, depth: int = 0) -> list[Group]:
        grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for row in rows:
            if row["direction"] != direction:
                continue
            predicate = str(row["predicate"])
            label = cell(row["predicateLabel"]) or predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            grouped[(label, predicate)].append(row)
        return [Group(self.rebase.iri(p), label,
                      sorted((self.value(r, here, depth) for r in rs), key=lambda v: (v.label or v.text).casefold()))
                for (label, p), rs in sorted(grouped.items())]

    def resource(self, iri: str) -> Resource:
        rows = self.described.get(iri, [])
        here = page_path(iri) or ""
        out = [r for r in rows if r["predicate"] not in (*LABELS, *DEFINITIONS[:2], RDF_TYPE)]
        types = [self.value(r, here) for r in rows if r["direction"] == "out" and r["predicate"] == RDF_TYPE]
        sources = [self.value(r, here) for r in rows if r["direction"] == "out" and r["predicate"] == SOURCE]
        for source in sources:  # what kind of publisher stands behind it, when described
            if source.web:
                authority = [r for r in self.described.get(source.web, [])
                             if r["direction"] == "out" and r["predicate"] == CG + "authority"]
                source.label = cell(authority[0]["valueLabel"]) if authority else ""
        return Resource(
            iri=self.rebase.iri(iri), path=here, label=self.label(iri) or iri.rsplit("/", 1)[-1],
            definition=_first(rows, DEFINITIONS), types=types,
            out=[g for g in self._groups(out, "out", here) if g.predicate != self.rebase.iri(SOURCE)],
            incoming=self._groups(rows, "in", here), sources=sources,
        )


def page_iris(described: dict[str, list[Row]]) -> set[str]:
    """Every IRI under our base that appears in the data and can have a page (not '#' terms)."""
    seen: set[str] = set(described)
    for rows in described.values():
        seen.update(str(r["value"]) for r in rows if isinstance(r["value"], str))
    return {i for i in seen if i.startswith(BASE) and "#" not in i and page_path(i) is not None
            and not i.startswith(GRAPH_BASE)}


class Neighbourhood:
    """The triples a resource's .ttl/.jsonld carry: its statements (with blank nodes they lead to,
    e.g. a sourced statement of an age) and the statements that point at it."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.out: dict[object, set[ox.Triple]] = defaultdict(set)
        self.incoming: dict[object, set[ox.Triple]] = defaultdict(set)
        for q in quads:
            triple = ox.Triple(q.subject, q.predicate, q.object)
            self.out[q.subject].add(triple)
            self.incoming[q.object].add(triple)

    def triples(self, iri: str) -> list[ox.Triple]:
        node = ox.NamedNode(iri)
        found = set(self.out.get(node, ())) | set(self.incoming.get(node, ()))
        stack = [t.object for t in found if isinstance(t.object, ox.BlankNode)]
        stack += [t.subject for t in found if isinstance(t.subject, ox.BlankNode)]
        seen: set = set()
        while stack:
            blank = stack.pop()
            if blank in seen:
                continue
            seen.add(blank)
            for t in self.out.get(blank, ()):
                found.add(t)
                if isinstance(t.object, ox.BlankNode):
                    stack.append(t.object)
        return sorted(found, key=str)


def documents(triples: list[ox.Triple], rebase: Rebase) -> tuple[bytes, bytes, bytes]:
    """Turtle, JSON-LD and N-Triples of a resource's triples, rebased term by term."""
    moved = [ox.Triple(rebase.term(t.subject), rebase.term(t.predicate), rebase.term(t.object)) for t in triples]
    turtle = rdf_bytes(moved, ox.RdfFormat.TURTLE, prefixes(rebase.base))
    return turtle, rdf_bytes(moved, ox.RdfFormat.JSON_LD), rdf_bytes(moved, ox.RdfFormat.N_TRIPLES)


def script_json(jsonld: bytes) -> str:
    """JSON-LD to embed in <script>: '<', '>' and '&' escaped so the text cannot end the element."""
    text = json.dumps(json.loads(jsonld), ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
