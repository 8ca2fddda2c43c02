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
from .verdict import BINDING_IRI, SH, STATUS_IRI, force_state, period

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def verdict_iri(as_of: dt.date, code: str, requirement: str) -> str:
    return f"{BASE}verdict/{as_of.isoformat()}/{code}/{requirement.rsplit('/', 1)[-1]}"


def verdict_graph(as_of: dt.date) -> str:
    return f"{GRAPH_BASE}verdicts/{as_of.isoformat()}"


def _cg(name: str) -> ox.NamedNode:
    return ox.NamedNode(CG + name)


# The terms every verdict repeats, made once (at 2,000 jurisdictions a batch writes millions of triples).
_VERDICT, _JURISDICTION, _REQUIREMENT, _AS_OF, _STATUS, _BINDING, _SEVERITY, _REASON, _BASED_ON, _IN_FORCE = map(
    _cg, ("Verdict", "jurisdiction", "forRequirement", "asOf", "verdictStatus", "bindingState", "severity", "reason",
          "basedOn", "claimInForce"))
_REQUIRED_AGE, _INTEGER = _cg("requiredAge"), ox.NamedNode(XSD + "integer")
_STATUS_NODE = {k: ox.NamedNode(v) for k, v in STATUS_IRI.items()}
_BINDING_NODE = {k: ox.NamedNode(v) for k, v in BINDING_IRI.items()}


def triples(report: CoverageReport) -> Iterable[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """The report's rows as RDF triples (pyoxigraph terms)."""
    day = ox.Literal(report.as_of.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    jurisdiction = ox.NamedNode(report.jurisdiction)
    prefix = f"{BASE}verdict/{report.as_of.isoformat()}/{report.code}/"
    severities: dict[str, ox.NamedNode] = {}
    for row in report.rows:
        node = ox.NamedNode(prefix + row.requirement.rsplit("/", 1)[-1])  # verdict_iri(), without re-formatting
        yield node, RDF_TYPE, _VERDICT
        yield node, _JURISDICTION, jurisdiction
        yield node, _REQUIREMENT, ox.NamedNode(row.requirement)
        yield node, _AS_OF, day
        yield node, _STATUS, _STATUS_NODE[row.status]
        yield node, _BINDING, _BINDING_NODE[row.binding]
        if row.severity:
            sev = severities.get(row.severity) or severities.setdefault(row.severity, ox.NamedNode(SH + row.severity))
            yield node, _SEVERITY, sev
        yield node, _REASON, ox.Literal(row.reason)
        for evidence in row.evidence:
            yield node, _BASED_ON, ox.NamedNode(evidence.claim)
        if row.required_age is not None:
            yield node, _REQUIRED_AGE, ox.Literal(str(row.required_age), datatype=_INTEGER)
        for claim in row.in_force:
            yield node, _IN_FORCE, ox.NamedNode(claim)


def measure_triples(graph: Graph, as_of: dt.date) -> Iterable[tuple]:
    """The force state of every measure on the date (cg:MeasureState nodes)."""
    from .queries import get_query

    day = ox.Literal(as_of.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    for row in get_query("measures").run(graph.backend()):
        measure = str(row["measure"])
        node = ox.NamedNode(f"{BASE}verdict/{as_of.isoformat()}/measure/{measure.removeprefix(BASE + 'jurisdiction/')}")
        state = force_state(period(row["from"]), period(row["until"]),
                            row["assessedOn"] if isinstance(row["assessedOn"], dt.date) else None, as_of)
        yield node, RDF_TYPE, ox.NamedNode(CG + "MeasureState")
        yield node, ox.NamedNode(CG + "aboutMeasure"), ox.NamedNode(measure)
        yield node, ox.NamedNode(CG + "asOf"), day
        yield node, ox.NamedNode(CG + "forceState"), ox.NamedNode(CG + state)


def materialise(graph: Graph, as_of: dt.date, *, profile: str | None = None, requirement: str | None = None,
                codes: frozenset[str] = frozenset(), verdicts: bool = True, measures: bool = False) -> str:
    """Add to the graph what a query reads on the date: verdicts on the requirements of `profile`
    (or the one `requirement`, or the whole catalogue) for every assessed jurisdiction and for `codes`; force states of
    every measure. Verdicts do not depend on the profile, only on the requirement, so each is
    computed once per loaded graph and jurisdiction, whatever profile asked for it.
    """
    from .check import check_all, context, without_gc

    name = verdict_graph(as_of)
    quads = []
    if measures and (as_of, "measures") not in graph.materialised:
        quads += [ox.Quad(s, p, o, ox.NamedNode(name)) for s, p, o in measure_triples(graph, as_of)]
        graph.materialised.add((as_of, "measures"))
    if verdicts:
        scope = profile or requirement or "*"
        wanted = {c for c in {"*", *codes} if (as_of, scope, c) not in graph.materialised}
        if wanted:
            ctx = context(graph, profile)
            if requirement and not profile:
                ctx.specs = [s for s in ctx.specs if s.iri.endswith("/requirement/" + requirement)]
            reports = check_all(ctx, as_of, codes=None if "*" in wanted else wanted, also=wanted - {"*"})
            graph_node = ox.NamedNode(name)
            with without_gc():
                quads += [ox.Quad(s, p, o, graph_node) for r in reports.values() for s, p, o in triples(r)]
            graph.materialised.update((as_of, scope, c) for c in wanted | set(reports))
    if quads:
        graph.store.extend(quads)
    return name
