"""The structure of a review: which jurisdictions agree, which blocs they form, what divides them.

Two jurisdictions are compared only on the requirements BOTH have assessed (status other than
"not assessed"): the weight of their edge is the share of those on which the check's status is
the same, and an edge exists only when they share at least `min_shared` of them. Not assessed is
never agreement. Communities are Louvain's with a fixed seed, so a review is reproducible.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .report import short
from .verdict import COVERED, NOT_ASSESSED, STATUSES

if TYPE_CHECKING:
    import networkx as nx

    from .harmonise import Review

SEED = 2026
GRAPH_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}


def status_codes(rev: Review) -> tuple[list[str], list[str], Any]:
    """(codes, requirement slugs, J x R integer matrix): 0.. by STATUSES, -1 for not assessed."""
    import numpy as np

    slugs = [short(s.iri) for s in rev.requirements]
    index = {s: i for i, s in enumerate(STATUSES) if s != NOT_ASSESSED}
    grid = np.full((len(rev.codes), len(slugs)), -1, dtype=np.int8)
    for j, code in enumerate(rev.codes):
        for r, slug in enumerate(slugs):
            grid[j, r] = index.get(rev.cell(code, slug).status, -1)
    return rev.codes, slugs, grid


def agreement(rev: Review) -> tuple[Any, Any]:
    """(shared, agree): J x J counts of requirements both assessed, and of those with the same status."""
    import numpy as np

    _, _, grid = status_codes(rev)
    assessed = (grid >= 0).astype(np.int32)
    shared = assessed @ assessed.T
    agree = np.zeros_like(shared)
    for value in range(len(STATUSES) - 1):
        same = (grid == value).astype(np.int32)
        agree += same @ same.T
    return shared, agree


def similarity_graph(rev: Review, min_shared: int) -> nx.Graph:
    """Nodes: jurisdictions (label, community); edges: weight = agreement share, shared, agree."""
    import networkx as nx

    shared, agree = agreement(rev)
    graph = nx.Graph(profile=rev.profile, as_of=rev.as_of.isoformat(), min_shared=min_shared)
    codes = rev.codes
    for code in codes:
        graph.add_node(code, label=rev.jurisdiction_label(code))
    for a in range(len(codes)):
        for b in range(a + 1, len(codes)):
            n = int(shared[a, b])
            if n >= min_shared:
                graph.add_edge(codes[a], codes[b], weight=round(int(agree[a, b]) / n, 4), shared=n,
                               agree=int(agree[a, b]))
    for number, members in enumerate(communities(graph), start=1):
        for code in members:
            graph.nodes[code]["community"] = number
    return graph


def communities(graph: nx.Graph) -> list[list[str]]:
    """Louvain communities over the edges of positive weight (fixed seed), largest first; a
    jurisdiction with no such edge is a community of its own."""
    import networkx as nx

    positive = nx.Graph()
    positive.add_nodes_from(graph.nodes)
    positive.add_edges_from((a, b, d) for a, b, d in graph.edges(data=True) if d["weight"] > 0)
    if positive.number_of_edges():
        found = nx.community.louvain_communities(positive, weight="weight", seed=SEED)
    else:
        found = [{n} for n in positive.nodes]
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def similarity_rows(graph: nx.Graph) -> list[dict[str, Any]]:
    """The edges, most similar first."""
    rows = [{"a": a, "b": b, "agreement": d["weight"], "shared": d["shared"], "agree": d["agree"]}
            for a, b, d in graph.edges(data=True)]
    return sorted(rows, key=lambda r: (-r["agreement"], -r["shared"], r["a"], r["b"]))


def community_rows(rev: Review, groups: list[list[str]]) -> list[dict[str, Any]]:
    return [{"community": n, "size": len(members), "jurisdictions": " ".join(members),
             "names": ", ".join(rev.jurisdiction_label(c) for c in members)}
            for n, members in enumerate(groups, start=1)]


def separating_rows(rev: Review, groups: list[list[str]], limit: int | None = None) -> list[dict[str, Any]]:
    """Requirements ranked by how far apart communities are in covered share (of those assessing it).

    Only communities of two or more jurisdictions count, and only those with at least one assessed
    verdict on the requirement; a requirement needs two such communities to separate anything.
    """
    blocs = [(n, members) for n, members in enumerate(groups, start=1) if len(members) >= 2]
    rows = []
    for spec in rev.requirements:
        slug = short(spec.iri)
        shares: dict[int, tuple[int, int]] = {}
        for n, members in blocs:
            assessed = [rev.cell(c, slug) for c in members if rev.cell(c, slug).status != NOT_ASSESSED]
            if assessed:
                shares[n] = (sum(c.status == COVERED for c in assessed), len(assessed))
        if len(shares) < 2:
            continue
        ratios = {n: covered / total for n, (covered, total) in shares.items()}
        row: dict[str, Any] = {"requirement": slug, "label": spec.label,
                               "spread": round(max(ratios.values()) - min(ratios.values()), 4)}
        for n, (covered, total) in sorted(shares.items()):
            row[f"community {n} covered"] = f"{covered} of {total}"
        rows.append(row)
    rows.sort(key=lambda r: (-r["spread"], r["requirement"]))
    return rows[:limit] if limit else rows


def write_graph(graph: nx.Graph, path: str) -> None:
    """GraphML or GEXF (for Gephi), chosen by the extension; written atomically like every output."""
    import io

    import networkx as nx

    from .output import write_output

    fmt = GRAPH_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"--graph {path}: give a file ending in {' or '.join(GRAPH_FORMATS)}")
    buf = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, buf)
    write_output(buf.getvalue(), path)
