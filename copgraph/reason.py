"""Consistency check of the ontology plus data with owlready2 and HermiT.

HermiT accepts only the OWL 2 datatype map, which lacks xsd:date and the xsd:g* types. Before
handing the graph over we rewrite xsd:date (as a range and on literals) to xsd:dateTime at
midnight, which keeps the order and equality of dates, and other literals outside the map (such
as xsd:gYear) to plain strings; no property we define has such a range, so no inconsistency is
hidden or invented by the rewrite.

The reasoner sees only what is loaded: owl:imports statements are dropped before owlready2 reads
the graph, since it would fetch every imported IRI from the web (and hang without a network).
owlready2 writes a temporary copy for HermiT that it deletes only on success: we point its
temporary directory at our own, removed on every exit, Ctrl-C included; HermiT itself is run by
subprocess, which kills it when the call is interrupted.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import ReasonerError
from .store import XSD, Graph

_DATE = XSD + "date"
_DATETIME = ox.NamedNode(XSD + "dateTime")
_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
_OUTSIDE_OWL2 = {XSD + t for t in ("gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay", "time", "duration")}


@dataclass
class ReasonResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    explanation: str = ""
    triples: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def _hermit_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, ox.NamedNode) and term.value == _DATE:
        return _DATETIME
    if isinstance(term, ox.Literal) and term.datatype is not None and term.datatype.value == _DATE:
        return ox.Literal(term.value + "T00:00:00", datatype=_DATETIME)
    if isinstance(term, ox.Literal) and term.datatype is not None and term.datatype.value in _OUTSIDE_OWL2:
        return ox.Literal(term.value)
    return term


def write_ntriples(graph: Graph, path: Path) -> int:
    """Merge all named graphs into one N-Triples file in HermiT-compatible form, without owl:imports."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for quad in graph.store:
            if quad.predicate.value == _IMPORTS:
                continue
            triple = ox.Triple(quad.subject, quad.predicate, _hermit_term(quad.object))
            out.write(f"{triple} .\n")
            count += 1
    return count


def reason(graph: Graph) -> ReasonResult:
    """Run HermiT over everything loaded; report inconsistency and unsatisfiable classes."""
    import owlready2

    if shutil.which("java") is None:
        raise ReasonerError("HermiT needs Java: install a JRE (e.g. apt-get install default-jre-headless)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="copgraph-reason-") as tmp:
        path = Path(tmp) / "all.nt"
        triples = write_ntriples(graph, path)
        world = owlready2.World()
        saved_tempdir = tempfile.tempdir
        tempfile.tempdir = tmp  # owlready2's copy for HermiT goes here, and goes with it
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            unsat = sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonResult(False, [], str(exc), triples, time.perf_counter() - started)
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(f"HermiT failed: {str(exc).strip()[:2000]}") from None
        finally:
            tempfile.tempdir = saved_tempdir
            world.close()
    return ReasonResult(True, unsat, "", triples, time.perf_counter() - started)
