"""A review in every format: the matrix as a table (terminal, Markdown, CSV), a workbook (matrix
with comments, tidy cells, evidence), JSON, a self-contained HTML report, and images; `compare`.

Flat formats go through copgraph.tables and the HTML page through copgraph.templating, like
every other output; the figures come from harmonise_plots.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from . import tables
from .harmonise import (
    CELL_COLUMNS,
    Cell,
    Review,
    figure_rows,
    frequent_gaps,
    nobody_assessed,
    timeline_rows,
)
from .report import short
from .tables import Table
from .verdict import NOT_ASSESSED, STATUSES

FORMATS = ("table", "md", "csv", "json", "xlsx", "html", "png", "svg")
COMPARE_FORMATS = ("table", "md", "csv", "json")
PLOTS = ("heatmap", "network", "timeline")
NOTE = "Not assessed means no claim is recorded: it is never a finding that a law lacks a provision."


def _summary(rev: Review) -> str:
    counts = {s: 0 for s in STATUSES}
    for cell in rev.grid.values():
        counts[cell.status] += 1
    return ", ".join(f"{n} {s}" for s, n in counts.items()) + f" ({len(rev.grid)} cells)"


def matrix_table(rev: Review) -> Table:
    """Requirements (rows) x jurisdictions (columns named by code): status; binding; parameters."""
    rows: list[Sequence[tables.Cell]] = [
        [short(spec.iri), spec.label, *(rev.cell(code, short(spec.iri)).text() for code in rev.codes)]
        for spec in rev.requirements]
    return Table(["requirement", "label", *rev.codes], rows, title=rev.title(),
                 notes=[_summary(rev), NOTE], wrap={"label"})


def cells_table(rev: Review) -> Table:
    return Table(CELL_COLUMNS, [[c.as_dict()[k] for k in CELL_COLUMNS] for c in rev.matrix()], title="cells",
                 wrap={"reason", "measures"})


EVIDENCE_COLUMNS = ["code", "requirement", "status", "binding", "severity", "claim", "level", "measure",
                    "in force on the date", "protected age", "legal form", "extent", "sources", "assessed on",
                    "confidence", "note", "reason"]


def evidence_rows(cell: Cell) -> list[list[Any]]:
    """One row per claim behind the cell (one empty row when there is none)."""
    head = [cell.code, cell.slug, cell.status, cell.binding, cell.severity or ""]
    live = set(cell.row.in_force)
    out = []
    for e in cell.row.evidence:
        out.append([*head, e.claim, short(e.level), e.name if e.measure else "", e.claim in live,
                    e.band() if e.measure else "", short(e.modality), " ".join(short(x) for x in e.extent),
                    " ".join(dict.fromkeys([*e.official_text, *e.sources])), e.assessed_on, short(e.confidence),
                    e.note or "", cell.row.reason])
    return out or [[*head, "", "", "", "", "", "", "", "", None, "", "", cell.row.reason]]


def evidence_table(rev: Review) -> Table:
    return Table(EVIDENCE_COLUMNS, [r for c in rev.matrix() for r in evidence_rows(c)], title="evidence",
                 wrap={"reason", "note"})


def render_xlsx(rev: Review) -> bytes:
    """Sheets: matrix (each cell commented with its measures and reason), cells (tidy), evidence (per claim)."""
    matrix = matrix_table(rev)
    matrix.title = "matrix"
    for r, spec in enumerate(rev.requirements):
        for c, code in enumerate(rev.codes):
            cell = rev.cell(code, short(spec.iri))
            matrix.comments[(r, c + 2)] = "\n".join(x for x in (cell.row.measures(), cell.row.reason) if x)
    return tables.to_xlsx([matrix, cells_table(rev), evidence_table(rev)])


def review_json(rev: Review, years: tuple[int, int] | None = None, network: bool = True) -> str:
    data: dict[str, Any] = {
        "profile": rev.profile, "profile_label": rev.profile_label, "as_of": rev.as_of.isoformat(),
        "jurisdictions": {c: rev.jurisdiction_label(c) for c in rev.codes},
        "requirements": {short(s.iri): s.label for s in rev.requirements},
        "cells": [c.as_dict() for c in rev.matrix()],
        "figures": figure_rows(rev), "frequent_gaps": frequent_gaps(rev), "nobody_assessed": nobody_assessed(rev),
        "about": rev.about.line(),
    }
    if network:
        from .harmonise_network import community_rows, separating_rows, similarity_rows

        data["min_shared"] = rev.min_shared
        data["similarity"] = similarity_rows(rev.graph)
        data["communities"] = community_rows(rev, rev.communities)
        data["separating"] = separating_rows(rev, rev.communities)
    if years:
        data["timeline"] = timeline_rows(rev, *years)
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def timeline_table(rev: Review, rows: list[dict[str, Any]]) -> Table:
    """Requirements (rows) x years (columns): jurisdictions covered as of 31 December."""
    years = sorted({r["year"] for r in rows})
    by = {(r["requirement"], r["year"]): r["covered"] for r in rows}
    body: list[Sequence[tables.Cell]] = [[short(s.iri), s.label, *(by[(short(s.iri), y)] for y in years)]
                                         for s in rev.requirements]
    return Table(["requirement", "label", *map(str, years)], body,
                 title=f"{rev.profile_label}: jurisdictions covered, as of 31 December of each year "
                       f"({len(rev.codes)} jurisdictions)", notes=[NOTE], wrap={"label"})


def flat(table: Table, fmt: str) -> str:
    if fmt == "md":
        return (f"## {table.title}\n\n" if table.title else "") + tables.to_markdown(table) + \
            "".join(f"\n{n}\n" for n in table.notes)
    if fmt == "csv":
        return tables.to_csv(table)
    return tables.to_terminal(table)


def data_uri(image: bytes, fmt: str = "svg") -> str:
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(image).decode('ascii')}"


def render_html(rev: Review, years: tuple[int, int] | None = None) -> str:
    """One self-contained page: matrix, legend, figures (data: URIs), tables, evidence, sources."""
    from . import harmonise_plots as plots
    from .harmonise_network import community_rows, separating_rows, similarity_rows
    from .legend import legend
    from .templating import render

    timeline = timeline_rows(rev, *years) if years else []
    sources = sorted({s for c in rev.grid.values() for s in c.row.sources()})
    return render(
        "harmonise.html", review=rev, about=rev.about, legend=legend(rev.ctx.store, rev.ctx.policy),
        cells=rev.grid, summary=_summary(rev), figures=figure_rows(rev), gaps=frequent_gaps(rev),
        nobody=nobody_assessed(rev), similarity=similarity_rows(rev.graph),
        communities=community_rows(rev, rev.communities), separating=separating_rows(rev, rev.communities, 15),
        heatmap=data_uri(plots.heatmap(rev)), network=data_uri(plots.network(rev)),
        timeline=timeline_table(rev, timeline) if timeline else None,
        timeline_plot=data_uri(plots.timeline(rev, timeline)) if timeline else None,
        sources=sources, not_assessed=NOT_ASSESSED,
    )


def render_image(rev: Review, fmt: str, plot: str | None, years: tuple[int, int] | None) -> bytes:
    from . import harmonise_plots as plots

    plot = plot or ("timeline" if years else "heatmap")
    if plot == "timeline":
        if not years:
            from .errors import InputError

            raise InputError("--plot timeline needs --from YEAR and --to YEAR")
        return plots.timeline(rev, timeline_rows(rev, *years), fmt)
    return plots.network(rev, fmt) if plot == "network" else plots.heatmap(rev, fmt)


def render(rev: Review, fmt: str, *, years: tuple[int, int] | None = None, plot: str | None = None) -> str | bytes:
    """The review in `fmt`; with years, the flat formats give the timeline instead of the matrix."""
    if fmt in ("png", "svg"):
        return render_image(rev, fmt, plot, years)
    if fmt == "xlsx":
        return render_xlsx(rev)
    if fmt == "json":
        return review_json(rev, years)
    if fmt == "html":
        return render_html(rev, years)
    table = timeline_table(rev, timeline_rows(rev, *years)) if years else matrix_table(rev)
    return flat(table, fmt)


# ------------------------------------------------------------------ compare: where jurisdictions differ

def differs(cells: list[Cell]) -> bool:
    return len({(c.status, c.binding) for c in cells}) > 1


def compare_table(rev: Review, all_rows: bool = False, combined: bool = False) -> Table:
    """The requirements on which the jurisdictions differ (status or binding), side by side.

    Columns per jurisdiction: status, binding, measures (with their parameters), sources; `combined`
    puts them in one column per jurisdiction (the terminal view).
    """
    columns = ["requirement", "label"]
    for code in rev.codes:
        columns += [code] if combined else [f"{code} status", f"{code} binding", f"{code} measures",
                                            f"{code} parameters", f"{code} sources"]
    rows: list[Sequence[tables.Cell]] = []
    for spec in rev.requirements:
        cells = [rev.cell(code, short(spec.iri)) for code in rev.codes]
        if not all_rows and not differs(cells):
            continue
        row: list[Any] = [short(spec.iri), spec.label]
        for c in cells:
            sources = " ".join(c.row.sources())
            if combined:  # the terminal: one column per jurisdiction, sources by site
                from .templating import site

                sites = ", ".join(dict.fromkeys(site(x) for x in c.row.sources()))
                row.append(" ".join(x for x in (f"{c.status}; {c.binding}.",
                                                 f"Measures: {c.row.measures()}." if c.row.measures() else "",
                                                 f"Parameters: {c.parameters()}." if c.parameters() else "",
                                                 f"Sources: {sites}." if sites else "") if x))
            else:
                row += [c.status, c.binding, c.row.measures(), c.parameters(), sources]
        rows.append(row)
    what = "all requirements" if all_rows else "requirements on which they differ"
    notes = [f"{len(rows)} {what} (of {len(rev.requirements)}); {NOTE}"]
    return Table(columns, rows, title=f"{' vs '.join(rev.codes)}: {rev.title()}", notes=notes,
                 wrap=set(columns[1:]))


def render_compare(rev: Review, fmt: str, all_rows: bool = False) -> str:
    if fmt == "json":
        table = compare_table(rev, all_rows)
        return json.dumps({"profile": rev.profile, "as_of": rev.as_of.isoformat(), "jurisdictions": rev.codes,
                           "rows": [dict(zip(table.columns, r, strict=True)) for r in table.rows]},
                          indent=2, ensure_ascii=False) + "\n"
    return flat(compare_table(rev, all_rows, combined=fmt == "table"), fmt)
