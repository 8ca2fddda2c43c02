"""`copgraph verify`: the quality-control queries (queries/qc/) over the bundled data.

Each QC query returns the resources that break one rule of data/CONVENTIONS.md and declares a
severity. Over the bundled data they all return nothing (tests/test_qc.py holds them to it);
over the bundled data plus a user's file, the rows that mention the file's own resources are
the problems in that file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .queries import NamedQuery, query_dir
from .store import Graph, Row, graph_iri, project_root

ERROR = "error"


@dataclass
class Finding:
    """The rows one QC query returned."""

    query: NamedQuery
    rows: list[Row]

    @property
    def severity(self) -> str:
        return self.query.severity or ERROR


def qc_queries(root: Path | None = None) -> list[NamedQuery]:
    """Every QC query, by file name."""
    return [NamedQuery.from_file(p) for p in sorted((query_dir(root) / "qc").glob("*.rq"))]


def subjects_of(graph: Graph, path: Path) -> set[str]:
    """The IRIs a user's file says something about (its own resources)."""
    name = ox.NamedNode(graph_iri(path, project_root()))
    return {q.subject.value for q in graph.store.quads_for_pattern(None, None, None, name)
            if isinstance(q.subject, ox.NamedNode)}


def verify(graph: Graph, user_file: Path | None = None) -> list[Finding]:
    """Run every QC query; with a user file, keep only rows that mention its resources."""
    mine = subjects_of(graph, user_file) if user_file else None
    store = graph.backend()
    findings = []
    for query in qc_queries():
        rows = query.run(store)
        if mine is not None:
            rows = [r for r in rows if any(isinstance(v, str) and v in mine for v in r.values())]
        rows.sort(key=lambda r: tuple(str(v) for v in r.values()))
        findings.append(Finding(query, rows))
    return findings
