"""Structural validation of a jurisdiction file with the hand-written shapes.

The file is checked together with the catalogue (so a claim about an unknown requirement is
caught), and every SHACL result becomes one line an analyst can act on: which resource,
which field, what is wrong, and the offending value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .store import Graph, graph_iri, load, project_root

SHAPES = "ontology/shapes/structure.ttl"


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


def _short(term: object) -> str:
    text = str(term)
    for prefix, iri in (("cg:", "https://w3id.org/copgraph/ontology#"), ("eli:", "http://data.europa.eu/eli/ontology#"),
                        ("dcterms:", "http://purl.org/dc/terms/"), ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#")):
        if text.startswith(iri):
            return prefix + text[len(iri):]
    return text


def validate_file(path: Path, graph: Graph | None = None) -> list[Problem]:
    """Problems in one user file (empty when it is well formed). Malformed Turtle raises InputError.

    `graph` is the catalogue already loaded with the file, when the caller has it.
    """
    import pyshacl
    import rdflib

    graph = graph or load([path], jurisdictions=False)
    data = graph.backend("rdflib").dataset
    mine = data.graph(rdflib.URIRef(graph_iri(path, project_root())))
    union = rdflib.Graph()
    for triple in data.triples((None, None, None)):
        union.add(triple)
    shapes = rdflib.Graph().parse(project_root() / SHAPES)
    _conforms, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    problems = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        if (focus, None, None) not in mine:
            continue  # only report on the user's own resources
        label = mine.value(focus, rdflib.RDFS.label)
        problems.append(Problem(
            focus=str(focus), label=str(label or ""), field=_short(report.value(result, sh.resultPath) or ""),
            message=str(report.value(result, sh.resultMessage) or "does not conform"),
            value=str(report.value(result, sh.value) or ""),
            severity=_short(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return sorted(problems, key=lambda p: (p.focus, p.field))
