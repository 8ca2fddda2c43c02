"""Verdicts as RDF: one cg:Verdict node per jurisdiction x requirement x date.

The check's rows, written as data, so that the query library and the SHACL report read verdicts
instead of re-deriving the coverage rules (which live only in verdict.py). A query whose header
says `# needs: verdicts` gets the verdicts of its date materialised before it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pyoxigraph as ox

from .report import CoverageReport
from .store import BASE, CG, GRAPH_BASE, XSD, Graph
from .verdict import BINDING_IRI, SH, STATUS_IRI

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def verdict_iri(as_of: dt.date, code: str, requirement: str) -> str:
    return f"{BASE}verdict/{as_of.isoformat()}/{code}/{requirement.rsplit('/', 1)[-1]}"


def verdict_graph(as_of: dt.date) -> str:
    return f"{GRAPH_BASE}verdicts/{as_of.isoformat()}"


def triples(report: CoverageReport) -> Iterable[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """The report's rows as RDF triples (pyoxigraph terms)."""
    def cg(name: str) -> ox.NamedNode:
        return ox.NamedNode(CG + name)

    day = ox.Literal(report.as_of.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    for row in report.rows:
        node = ox.NamedNode(verdict_iri(report.as_of, report.code, row.requirement))
        yield node, RDF_TYPE, cg("Verdict")
        yield node, cg("jurisdiction"), ox.NamedNode(report.jurisdiction)
        yield node, cg("aboutRequirement"), ox.NamedNode(row.requirement)
        yield node, cg("asOf"), day
        yield node, cg("verdictStatus"), ox.NamedNode(STATUS_IRI[row.status])
        yield node, cg("bindingState"), ox.NamedNode(BINDING_IRI[row.binding])
        if row.severity:
            yield node, cg("severity"), ox.NamedNode(SH + row.severity)
        yield node, cg("reason"), ox.Literal(row.reason)
        for claim in row.evidence:
            yield node, cg("basedOn"), ox.NamedNode(claim.claim)


def materialise(graph: Graph, as_of: dt.date) -> str:
    """Add the verdicts of every assessed jurisdiction on the date to the graph (once per date).

    Verdicts do not depend on the profile, only on the requirement, so every requirement is
    computed in one batch check.
    """
    from .check import check_all, context

    name = verdict_graph(as_of)
    if name not in graph.materialised:
        ctx = context(graph, None)
        graph.store.extend([ox.Quad(s, p, o, ox.NamedNode(name))
                            for report in check_all(ctx, as_of).values() for s, p, o in triples(report)])
        graph.materialised.add(name)
    return name
