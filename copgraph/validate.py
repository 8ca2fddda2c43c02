"""Validation of a jurisdiction file: what it holds, and everything wrong with it, at once.

`copgraph validate` and `copgraph check FILE` both call `inspect_file`, so they refuse exactly
the same files. Three layers:

1. closed-world checks in Python: an empty file, `cg:` terms the ontology does not define (with
   the nearest known term), resources outside the file's own jurisdiction (a user's file may not
   relabel a requirement or add to a profile), and a file about no or several jurisdictions;
2. the hand-written structural shapes (`ontology/shapes/structure.ttl`), run over the file's own
   triples plus the types of the catalogue resources it points to, so validation costs about
   as much as the file, not the catalogue;
3. every result becomes one line an analyst can act on: resource, field, problem, value.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .store import BASE, CG, Graph, graph_iri, load, project_root, to_rdflib

SHAPES = "ontology/shapes/structure.ttl"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWN = re.compile(re.escape(BASE) + r"jurisdiction/([A-Z]{2}(?:-[A-Z0-9]{1,3})?)(?:/.*)?$")


@dataclass
class Problem:
    focus: str
    label: str
    field: str
    message: str
    value: str
    severity: str

    def __str__(self) -> str:
        what = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {what}: {self.field}: {self.message}{value}"


@dataclass
class FileReport:
    """What a jurisdiction file holds and what is wrong with it."""

    path: Path
    codes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        held = ", ".join(f"{n} {kind}" for kind, n in self.counts.items() if n) or "nothing"
        return f"{'/'.join(self.codes) or '?'}: {held}"


def _short(term: object) -> str:
    text = str(term)
    for prefix, iri in (("cg:", CG), ("eli:", "http://data.europa.eu/eli/ontology#"),
                        ("dcterms:", "http://purl.org/dc/terms/"), ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
                        ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")):
        if text.startswith(iri):
            return prefix + text[len(iri):]
    return text


def _problem(focus: str, fld: str, message: str, value: str = "") -> Problem:
    return Problem(focus, "", fld, message, value, "Violation")


def inspect_file(path: Path, graph: Graph | None = None, *, single_jurisdiction: bool = True) -> FileReport:
    """Everything wrong with one evidence file (empty list when well formed), and what it holds.

    `graph` is the catalogue already loaded together with the file, when the caller has it.
    Malformed Turtle raises InputError (file and line) while loading.
    """
    graph = graph or load([path], jurisdictions=False)
    name = graph_iri(path, project_root())
    quads = list(graph.store.quads_for_pattern(None, None, None, _node(name)))
    report = FileReport(path)
    if not quads:
        report.problems.append(_problem(str(path), "file", "the file holds no triples"))
        return report
    report.problems += _closed_world(graph, quads, report)
    held = ("measures", "versions", "claims", "party statuses")
    if single_jurisdiction and not any(report.counts.get(k) for k in held):
        report.problems.append(_problem(str(path), "content", "no measure, claim or party status found: are the "
                                        f"terms written in the copgraph namespace ({CG})?"))
    if single_jurisdiction and len(report.codes) != 1:
        found = ", ".join(report.codes) or "none"
        report.problems.append(_problem(str(path), "jurisdiction",
                                        "a jurisdiction file describes exactly one jurisdiction (found: "
                                        f"{found}); its measures and claims use cg:jurisdiction and IRIs under "
                                        f"{BASE}jurisdiction/<ISO>/ with terms from {CG}"))
    report.problems += _shacl(graph, name, quads)
    report.problems.sort(key=lambda p: (p.focus, p.field, p.message))
    return report


def validate_file(path: Path, graph: Graph | None = None, *, single_jurisdiction: bool = True) -> list[Problem]:
    return inspect_file(path, graph, single_jurisdiction=single_jurisdiction).problems


def _node(iri: str):  # noqa: ANN202 - pyoxigraph term
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _closed_world(graph: Graph, quads: list, report: FileReport) -> list[Problem]:
    import pyoxigraph as ox

    defined = {str(q.subject.value) for q in graph.store.quads_for_pattern(
        None, None, None, _node(graph_iri(project_root() / "ontology" / "copgraph.ttl", project_root())))
        if isinstance(q.subject, ox.NamedNode)}
    known_terms = sorted(t for t in defined if t.startswith(CG))
    problems: list[Problem] = []
    codes: set[str] = set()
    types: Counter[str] = Counter()
    unknown: set[str] = set()
    outsiders: set[str] = set()
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        for term in (p, o):
            if isinstance(term, ox.NamedNode) and term.value.startswith(CG) and term.value not in defined:
                unknown.add(term.value)
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            types[o.value] += 1
        if (p.value in (CG + "jurisdiction", CG + "party", CG + "member") and isinstance(o, ox.NamedNode)
                and (match := _OWN.match(o.value))):
            codes.add(match[1])
        if isinstance(s, ox.NamedNode):
            if match := _OWN.match(s.value):
                if s.value != f"{BASE}jurisdiction/{match[1]}":  # a jurisdiction's own node may define a part
                    codes.add(match[1])
            elif s.value.startswith(BASE):
                outsiders.add(s.value)
    for term in sorted(unknown):
        near = difflib.get_close_matches(term, known_terms, n=1, cutoff=0.8)
        hint = f"; did you mean {_short(near[0])}?" if near else ""
        problems.append(_problem(term, "term", f"{_short(term)} is not a term of the copgraph ontology{hint}"))
    for iri in sorted(outsiders):
        problems.append(_problem(iri, "subject", "a jurisdiction file may describe only its own jurisdiction "
                                 "(IRIs under jurisdiction/<ISO>/) and its sources; it must not change the catalogue"))
    report.codes = sorted(codes)
    report.counts = {kind: types[CG + cls] for kind, cls in (
        ("measures", "Measure"), ("versions", "MeasureVersion"), ("claims", "Claim"), ("party statuses", "PartyStatus"),
        ("reservations", "Reservation"), ("memberships", "Membership"), ("research records", "ResearchRecord"),
        ("sources", "SourceDocument"))}
    return problems


def _shacl(graph: Graph, name: str, quads: list) -> list[Problem]:
    """Structural shapes over the file's triples plus the types (and class tree) they point to."""
    import pyoxigraph as ox
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    for q in quads:
        data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    referenced = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    rdf_type, sub_class = _node(RDF_TYPE), _node("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    for iri in referenced:
        for q in graph.store.quads_for_pattern(iri, rdf_type, None):
            data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    for q in graph.store.quads_for_pattern(None, sub_class, None):
        data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    shapes = rdflib.Graph().parse(project_root() / SHAPES)
    _conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    mine = {to_rdflib(q.subject) for q in quads}
    problems = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        if focus not in mine:
            continue  # only report on the file's own resources
        label = data.value(focus, rdflib.RDFS.label)
        problems.append(Problem(
            focus=str(focus), label=str(label or ""), field=_short(report.value(result, sh.resultPath) or ""),
            message=str(report.value(result, sh.resultMessage) or "does not conform"),
            value=str(report.value(result, sh.value) or ""),
            severity=_short(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return problems
