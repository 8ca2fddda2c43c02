"""Figures of a review, drawn with matplotlib (Agg, no display): the heatmap, the network and the timeline.

Statuses differ by lightness and pattern, not by hue alone (Okabe-Ito colours): covered is dark
blue, partial light orange, an assessed gap vermillion with crosses, and "not assessed" white
with grey diagonal hatching, so the two kinds of "no" never look alike, in greyscale too.
matplotlib is imported only here, when a figure is asked for, so other commands start fast.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from .verdict import COVERED, GAP, NOT_ASSESSED, PARTIAL, STATUSES

if TYPE_CHECKING:
    from .harmonise import Review

STYLE = {  # status -> (face colour, hatch, edge colour)
    COVERED: ("#0072B2", "", "#0072B2"),
    PARTIAL: ("#F0C36A", "..", "#8a5a00"),
    GAP: ("#D55E00", "xx", "#3d1a00"),
    NOT_ASSESSED: ("#FFFFFF", "///", "#9a9a9a"),
}
MARKERS = "os^Dv<>ph*"
LINESTYLES = ("-", "--", "-.", ":")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "copgraph"  # stable ids: the same review gives the same SVG
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, fmt: str) -> bytes:
    plt = _pyplot()
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, bbox_inches="tight", dpi=110, metadata=metadata)
    plt.close(fig)
    return buf.getvalue()


def legend_handles() -> list[Any]:
    from matplotlib.patches import Patch

    return [Patch(facecolor=face, hatch=hatch, edgecolor=edge, label=status)
            for status, (face, hatch, edge) in STYLE.items()]


def heatmap(rev: Review, fmt: str = "svg") -> bytes:
    """Jurisdictions (rows) x requirements (columns), one rectangle per cell."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    plt = _pyplot()
    slugs = [s.iri.rsplit("/", 1)[-1] for s in rev.requirements]
    codes = rev.codes
    fig, ax = plt.subplots(figsize=(max(6.0, 0.28 * len(slugs) + 3), max(2.5, 0.28 * len(codes) + 2.2)))
    boxes: dict[str, list[Any]] = {s: [] for s in STATUSES}
    for y, code in enumerate(codes):
        for x, slug in enumerate(slugs):
            boxes[rev.cell(code, slug).status].append(Rectangle((x, y), 1, 1))
    for status, rects in boxes.items():
        face, hatch, edge = STYLE[status]
        ax.add_collection(PatchCollection(rects, facecolor=face, edgecolor=edge, hatch=hatch, linewidth=0.4))
    ax.set_xlim(0, len(slugs))
    ax.set_ylim(len(codes), 0)
    ax.set_xticks([x + 0.5 for x in range(len(slugs))], slugs, rotation=90, fontsize=7)
    ax.set_yticks([y + 0.5 for y in range(len(codes))], codes, fontsize=7)
    ax.set_title(f"{rev.profile_label}, as of {rev.as_of.isoformat()}", fontsize=9)
    ax.legend(handles=legend_handles(), loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return _save(fig, fmt)


def network(rev: Review, fmt: str = "svg") -> bytes:
    """The similarity graph: node shape and colour by community, edge width by agreement."""
    import networkx as nx

    plt = _pyplot()
    graph = rev.graph
    fig, ax = plt.subplots(figsize=(7, 5.5))
    if graph.number_of_nodes():
        pos = layout(graph)
        colours = plt.get_cmap("tab10").colors
        for n, members in enumerate(rev.communities):
            nx.draw_networkx_nodes(graph, pos, nodelist=members, node_shape=MARKERS[n % len(MARKERS)],
                                   node_color=[colours[n % len(colours)]], edgecolors="#222", node_size=260,
                                   ax=ax, label=f"community {n + 1}")
        widths = [0.3 + 3 * d["weight"] for _, _, d in graph.edges(data=True)]
        nx.draw_networkx_edges(graph, pos, width=widths, edge_color="#777", alpha=0.6, ax=ax)
        nx.draw_networkx_labels(graph, pos, font_size=7, ax=ax)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False, markerscale=0.5)
    ax.set_title(f"Agreement on requirements both assessed (at least {rev.min_shared} shared)", fontsize=9)
    ax.set_axis_off()
    return _save(fig, fmt)


def layout(graph: Any) -> dict[str, tuple[float, float]]:
    """Spring layout of the jurisdictions that agree with someone; the others in a row underneath
    (left in the spring layout, they would push the rest into one illegible knot)."""
    import math

    import networkx as nx

    joined = {n for a, b, d in graph.edges(data=True) if d["weight"] > 0 for n in (a, b)}
    core = graph.subgraph(joined)
    pos = {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(
        core, weight="weight", seed=2026, k=2.5 / math.sqrt(max(len(core), 1)), iterations=200).items()} \
        if len(core) else {}
    lonely = sorted(set(graph) - set(pos))
    for i, code in enumerate(lonely):
        pos[code] = (-1 + 2 * (i + 0.5) / len(lonely), -1.35)
    return pos


def timeline(rev: Review, rows: list[dict[str, Any]], fmt: str = "svg", limit: int = 10) -> bytes:
    """Covered jurisdictions per requirement by year; the `limit` requirements that change most."""
    plt = _pyplot()
    series: dict[str, dict[int, int]] = {}
    for row in rows:
        series.setdefault(row["requirement"], {})[row["year"]] = row[COVERED]
    change = {slug: max(v.values()) - min(v.values()) for slug, v in series.items()}
    shown = sorted(series, key=lambda s: (-change[s], s))[:limit]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for n, slug in enumerate(shown):
        years = sorted(series[slug])
        ax.plot(years, [series[slug][y] for y in years], label=slug, linestyle=LINESTYLES[n % len(LINESTYLES)],
                marker=MARKERS[n % len(MARKERS)], markersize=4)
    ax.set_xlabel("year (as of 31 December)")
    ax.set_ylabel(f"jurisdictions covered (of {len(rev.codes)})")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{rev.profile_label}: coverage over time", fontsize=9)
    if shown:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    return _save(fig, fmt)
