"""The SHACL view of a check: shapes generated from the severity policy, run over verdicts.

For each requirement of the profile there is one node shape per severity, targeting the
jurisdiction's verdict node for that requirement (see verdicts.py). A shape says "this verdict is
not one of the (status, binding) pairs that the policy (ontology/severity-policy.ttl) gives this
severity"; pySHACL reports the one that fails, with that severity, a message naming the
requirement and links to its provisions. The severities of `--engine shacl` therefore come from
SHACL evaluating the policy data, and a test holds them equal to the fast engine's.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .report import CoverageReport
from .store import BASE, to_rdflib
from .verdict import BINDING_IRI, SEVERITIES, STATUS_IRI, Policy, RequirementSpec
from .verdicts import triples, verdict_iri

CG = Namespace(BASE + "ontology#")
SHAPE = Namespace(BASE + "shape/")


def shape_iri(requirement: str, severity: str) -> URIRef:
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", requirement.rsplit("/", 1)[-1])
    return SHAPE[f"{slug}/{severity.lower()}"]


def _pair(graph: Graph, status: str, state: str) -> BNode:
    """A shape matching a verdict with this status and binding state."""
    node = BNode()
    for path, value in ((CG.verdictStatus, STATUS_IRI[status]), (CG.bindingState, BINDING_IRI[state])):
        prop = BNode()
        graph.add((node, SH.property, prop))
        graph.add((prop, SH.path, path))
        graph.add((prop, SH.hasValue, URIRef(value)))
    return node


def severity_shapes(report: CoverageReport, specs: list[RequirementSpec], policy: Policy) -> Graph:
    """The shapes graph for one jurisdiction, profile and date."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("cg", CG)
    for spec in specs:
        for severity in SEVERITIES:
            pairs = sorted(pair for pair, sev in policy.items() if sev == severity)
            if not pairs:
                continue
            shape = shape_iri(spec.iri, severity)
            g.add((shape, RDF.type, SH.NodeShape))
            g.add((shape, SH.targetNode, URIRef(verdict_iri(report.as_of, report.code, spec.iri))))
            g.add((shape, SH.severity, SH[severity]))
            cases = "; ".join(f"{status} where {state}" for status, state in pairs)
            g.add((shape, SH.message, Literal(f"{report.code}: '{spec.label}' is {cases}.", lang="en")))
            g.add((shape, RDFS.seeAlso, URIRef(spec.iri)))
            for prov in spec.provisions:
                g.add((shape, RDFS.seeAlso, URIRef(prov.iri)))
            head = BNode()
            Collection(g, head, [_pair(g, status, state) for status, state in pairs])
            excluded = BNode()
            g.add((excluded, SH["or"], head))
            g.add((shape, SH["not"], excluded))
    return g


def shacl_severities(report: CoverageReport, specs: list[RequirementSpec],
                     policy: Policy) -> tuple[Graph, dict[str, str]]:
    """Run pySHACL over the report's verdicts; the severity of the failing shape, per requirement."""
    import pyshacl

    data = Graph()
    for s, p, o in triples(report):
        data.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    shapes = severity_shapes(report, specs, policy)
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=False, inference="none")
    by_shape = {shape_iri(s.iri, sev): (s.iri, sev) for s in specs for sev in SEVERITIES}
    found: dict[str, str] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        requirement, severity = by_shape[results.value(result, SH.sourceShape)]
        found[requirement] = severity
    return results, found
