"""`copgraph show`: one resource with its label, definition and links both ways."""

from __future__ import annotations

from collections import defaultdict

from .queries import ensure_exists, get_query
from .store import BASE, Graph, Row
from .tables import text as cell

_LIMIT = 25  # incoming links per predicate shown in full; the rest are counted


def resolve(name: str) -> str:
    """Accept a full IRI, a path under the base (requirement/grooming) or instrument/provision shorthand."""
    if name.startswith(("http://", "https://")):
        return name
    name = name.strip("/")
    first = name.split("/", 1)[0]
    if first in {"instrument", "requirement", "profile", "jurisdiction", "concept", "recommendation", "initiative"}:
        return BASE + name
    return BASE + "instrument/" + name


def describe_rows(graph: Graph, name: str) -> list[Row]:
    """Every statement about the resource, both ways (`copgraph show --format json`)."""
    iri = resolve(name)
    ensure_exists(graph.backend(), iri, f"resource {name!r}")
    return get_query("describe").run(graph.backend(), {"resource": iri})


def describe_all(graph: Graph) -> dict[str, list[Row]]:
    """Every resource's statements both ways, from one query (the published pages: a query per
    resource would take 20 s for the bundled data). Rows as describe_rows gives them, by resource."""
    found: dict[str, list[Row]] = defaultdict(list)
    for row in get_query("describe-all").run(graph.backend()):
        found[str(row.pop("resource"))].append(row)
    return dict(found)


def show(graph: Graph, name: str) -> str:
    iri = resolve(name)
    rows = describe_rows(graph, name)
    out = [f"<{iri}>"]
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        label = cell(row["predicateLabel"]) or cell(row["predicate"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        value = cell(row["value"])
        if row["valueLabel"] and row["valueLabel"] != row["value"]:
            value = f"{row['valueLabel']}  <{value}>"
        grouped[(str(row["direction"]), label)].append(value)
    for (direction, label), values in sorted(grouped.items(), key=lambda kv: (kv[0][0] != "out", kv[0][1])):
        title = label if direction == "out" else f"{label} (from other resources)"
        out.append(f"  {title}:")
        out += [f"    {v}" for v in sorted(values)[:_LIMIT]]
        if len(values) > _LIMIT:
            out.append(f"    ... and {len(values) - _LIMIT} more")
    out += _parties(graph, iri)
    return "\n".join(out) + "\n"


def _parties(graph: Graph, iri: str) -> list[str]:
    """Who is bound by the treaty this resource belongs to: codes, entry into force, reservations."""
    rows = get_query("instrument-parties").run(graph.backend(), {"resource": iri})
    out = []
    for stage in sorted({str(r["stage"]) for r in rows}):
        group = [r for r in rows if r["stage"] == stage]
        name = stage.rsplit("#", 1)[-1]
        out.append(f"  {name} ({len(group)}; date in force, reservations made):")
        items = [f"{r['code']}" + (f" {cell(r['inForceFrom'])}" if r["inForceFrom"] else "")
                 + (f" [{r['reservations']} reservation(s)]" if r["reservations"] else "") for r in group]
        out += ["    " + ", ".join(items[i:i + 8]) for i in range(0, len(items), 8)]
    return out
