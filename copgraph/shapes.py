"""Generate the SHACL coverage shapes of a profile for one jurisdiction and date.

Three node shapes per requirement, each targeting the requirement and looking at the claims
about it (path ^cg:aboutRequirement) that belong to the jurisdiction, so the cost grows with the
number of claims, not claims x requirements. At most one shape fails per requirement, and which
one fails is the verdict (see verdict.py):

- `assessed` (Info): some claim about R is either by a measure in force, or an explicit "none";
- `gap` (severity from the law): a "none" claim is only acceptable if a measure in force exists;
- `partial` (Warning/Info): a measure in force about R must cover it fully (level, age, modality).
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from .store import BASE
from .verdict import Binding, RequirementSpec, severity

CG = Namespace(BASE + "ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SHAPE = Namespace(BASE + "shape/")
KINDS = ("assessed", "gap", "partial")


def _list(graph: Graph, items: list) -> BNode:
    head = BNode()
    Collection(graph, head, items)
    return head


def _prop(graph: Graph, owner: BNode, path: URIRef, **constraints) -> None:
    prop = BNode()
    graph.add((owner, SH.property, prop))
    graph.add((prop, SH.path, path))
    for key, value in constraints.items():
        graph.add((prop, SH[key], value))


def _claim_shape(graph: Graph, jurisdiction: URIRef, levels: list[URIRef]) -> BNode:
    node = BNode()
    graph.add((node, SH["class"], CG.Claim))
    _prop(graph, node, CG.jurisdiction, hasValue=jurisdiction)
    _prop(graph, node, CG.level, minCount=Literal(1), **{"in": _list(graph, levels)})
    return node


def _in_force_measure(graph: Graph, as_of: dt.date) -> BNode:
    """Started on or before the date (or, with no recorded start, assessed by then) and not ended."""
    node = BNode()
    day = Literal(as_of.isoformat(), datatype=XSD.date)
    started, assessed = BNode(), BNode()
    _prop(graph, started, ELI.first_date_entry_in_force, minCount=Literal(1), maxInclusive=day)
    _prop(graph, assessed, ELI.first_date_entry_in_force, maxCount=Literal(0))
    _prop(graph, assessed, CG.assessedOn, minCount=Literal(1), maxInclusive=day)
    graph.add((node, SH["or"], _list(graph, [started, assessed])))
    _prop(graph, node, ELI.date_no_longer_in_force, minExclusive=day)
    return node


def _qualified(graph: Graph, shape: URIRef | BNode, value_shape: BNode, *, at_least: bool) -> BNode:
    """A property constraint over the claims about the requirement (path ^cg:aboutRequirement)."""
    prop = BNode()
    inverse = BNode()
    graph.add((inverse, SH.inversePath, CG.aboutRequirement))
    graph.add((shape, SH.property, prop))
    graph.add((prop, SH.path, inverse))
    graph.add((prop, SH.qualifiedValueShape, value_shape))
    graph.add((prop, SH.qualifiedMinCount if at_least else SH.qualifiedMaxCount, Literal(1 if at_least else 0)))
    return prop


def shape_iri(requirement: str, kind: str) -> URIRef:
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", requirement.rsplit("/", 1)[-1])
    return SHAPE[f"{slug}/{kind}"]


def coverage_shapes(jurisdiction: str, specs: list[RequirementSpec], bindings: dict[str, Binding],
                    as_of: dt.date, age_of_consent: int | None) -> Graph:
    """The shapes graph for one jurisdiction, profile and date."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("cg", CG)
    target = URIRef(jurisdiction)
    for spec in specs:
        req = URIRef(spec.iri)
        bound = bindings[spec.iri]

        def claims(levels: list[URIRef], in_force: bool) -> BNode:
            node = _claim_shape(g, target, levels)
            if in_force:
                _prop(g, node, CG.byMeasure, minCount=Literal(1), node=_in_force_measure(g, as_of))
            return node

        in_force = claims([CG.full, CG.partial], True)
        none = claims([CG.none], False)
        covering = claims([CG.full], True)
        needed = spec.required_age(age_of_consent)
        if needed is not None:
            _prop(g, covering, CG.protectedAge, minInclusive=Literal(needed))
        if spec.modalities:
            _prop(g, covering, CG.modality, minCount=Literal(1),
                  **{"in": _list(g, [URIRef(m) for m in spec.modalities])})

        severities = {"assessed": "Info", "gap": severity("assessed gap", bound), "partial": severity("partial", bound)}
        code = jurisdiction.rsplit("/", 1)[-1]
        messages = {
            "assessed": f"{code}, not assessed: no claim about '{spec.label}' (not a finding of absence).",
            "gap": f"{code}, assessed gap: no measure meets '{spec.label}' ({bound.reason}).",
            "partial": f"{code}, partial: measures in force only partly meet '{spec.label}' ({bound.reason}).",
        }
        for kind in KINDS:
            shape = shape_iri(spec.iri, kind)
            g.add((shape, RDF.type, SH.NodeShape))
            g.add((shape, SH.targetNode, req))
            g.add((shape, SH.severity, SH[severities[kind]]))
            g.add((shape, SH.message, Literal(messages[kind], lang="en")))
            g.add((shape, RDFS.seeAlso, req))
            for prov in spec.provisions:
                g.add((shape, RDFS.seeAlso, URIRef(prov.iri)))
        any_assessed, none_assessed = BNode(), BNode()
        _qualified(g, any_assessed, in_force, at_least=True)
        _qualified(g, none_assessed, none, at_least=True)
        g.add((shape_iri(spec.iri, "assessed"), SH["or"], _list(g, [any_assessed, none_assessed])))

        has_in_force, no_none = BNode(), BNode()
        _qualified(g, has_in_force, in_force, at_least=True)
        _qualified(g, no_none, none, at_least=False)
        g.add((shape_iri(spec.iri, "gap"), SH["or"], _list(g, [has_in_force, no_none])))

        has_covering, no_in_force = BNode(), BNode()
        _qualified(g, has_covering, covering, at_least=True)
        _qualified(g, no_in_force, in_force, at_least=False)
        g.add((shape_iri(spec.iri, "partial"), SH["or"], _list(g, [has_covering, no_in_force])))
    return g
