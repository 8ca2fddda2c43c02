"""Template, export and import of analyst workbooks: the functions the CLI and Python callers use.

    write_template(profile, code, output, fmt)   a workbook with one Claims row per requirement
    export_workbook(code, output, fmt)           the bundled jurisdiction as the same workbook
    import_workbook(path) -> Turtle text         validated; SheetErrors lists every problem

The layout is described once in `schema`; `export` turns a graph into rows, `writer` writes them,
`reader` reads them back and `build` turns them into Turtle in the data conventions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import InputError
from ..output import write_file
from ..store import Graph, graph_iri, load, parse_into, project_root, to_rdflib
from .build import Builder, Built, SheetProblem
from .catalogue import Catalogue, jurisdiction_info, read_catalogue
from .export import graph_to_rows
from .reader import read_workbook
from .schema import CLAIMS, JURISDICTION, SHEETS
from .writer import to_xlsx, write_csv_set

FORMATS = ("xlsx", "csv")
__all__ = ["FORMATS", "SheetErrors", "export_workbook", "import_workbook", "write_template", "Built"]


class SheetErrors(InputError):
    """Every problem of a workbook, each with sheet, row, column and value."""

    def __init__(self, path: Path, problems: list[SheetProblem]) -> None:
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s); nothing written")


def _jurisdiction_graph(graph: Graph, code: str):  # noqa: ANN202 - rdflib.Graph
    """The bundled jurisdiction file's own triples (its named graph in the loaded store), or None."""
    import pyoxigraph as ox
    import rdflib

    path = project_root() / "data" / "jurisdictions" / f"{code}.ttl"
    if not path.is_file():
        return None
    result = rdflib.Graph()
    string = rdflib.XSD.string
    for q in graph.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(path, project_root()))):
        o = to_rdflib(q.object)
        if isinstance(o, rdflib.Literal) and o.datatype == string:
            o = rdflib.Literal(str(o))  # RDF 1.1: the same literal; rdflib's parser writes it this way
        result.add((to_rdflib(q.subject), to_rdflib(q.predicate), o))
    return result


def workbook_rows(code: str, profile: str | None, graph: Graph | None = None,
                  catalogue: Catalogue | None = None) -> tuple[dict[str, list[dict[str, object]]], Catalogue]:
    """The rows of the workbook: the bundled data of `code` (if any), and with a profile one Claims row
    for every requirement of the profile that has no claim yet. Helper columns are filled in."""
    graph = graph or load()
    catalogue = catalogue or read_catalogue(graph)
    code = code.strip().upper()
    info = jurisdiction_info(graph, code)
    if info is None:
        raise InputError(f"unknown jurisdiction {code!r}: not in data/countries.ttl (ISO 3166-1 alpha-2 code)")
    bundled = _jurisdiction_graph(graph, code)
    rows = graph_to_rows(bundled, code) if bundled is not None else {s.name: [] for s in SHEETS}
    if not rows[JURISDICTION.name]:
        rows[JURISDICTION.name] = [{"jurisdiction": code}]
    rows[JURISDICTION.name][0]["name"] = info[0]
    claims = rows[CLAIMS.name]
    if profile:
        wanted = catalogue.profile(graph, profile)
        if not wanted:
            raise InputError(f"profile {profile!r} has no requirements")
        done = {c["requirement"] for c in claims}
        claims += [{"requirement": slug} for slug in wanted if slug not in done]
        order = {slug: i for i, slug in enumerate(wanted)}
        claims.sort(key=lambda c: (order.get(str(c["requirement"]), len(order)), str(c["requirement"]),
                                   str(c.get("claim id") or "~")))
    else:
        claims.sort(key=lambda c: (str(c["requirement"]), str(c.get("claim id") or "")))
    for claim in claims:
        req = catalogue.requirements.get(str(claim["requirement"]))
        if req:
            claim.update({"requirement label": req.label, "provisions": "; ".join(req.provisions),
                          "needs": req.needs()})
    return rows, catalogue


def _write(rows: dict, catalogue: Catalogue, output: str, fmt: str, code: str, profile: str | None) -> None:
    if fmt == "csv":
        write_csv_set(rows, output, code, profile)
    elif fmt == "xlsx":
        write_file(to_xlsx(rows, catalogue, code, profile), output)
    else:
        raise InputError(f"unknown workbook format {fmt!r} (choose xlsx or csv)")


def write_template(profile: str, code: str, output: str, fmt: str = "xlsx", graph: Graph | None = None,
                   catalogue: Catalogue | None = None) -> None:
    rows, catalogue = workbook_rows(code, profile, graph, catalogue)
    _write(rows, catalogue, output, fmt, code.upper(), profile)


def export_workbook(code: str, output: str, fmt: str = "xlsx", graph: Graph | None = None,
                    catalogue: Catalogue | None = None) -> None:
    """The bundled data of jurisdiction `code` as the workbook `copgraph import` reads."""
    code = code.strip().upper()
    if not (project_root() / "data" / "jurisdictions" / f"{code}.ttl").is_file():
        raise InputError(f"no bundled jurisdiction file for {code!r} (data/jurisdictions/{code}.ttl)")
    rows, catalogue = workbook_rows(code, None, graph, catalogue)
    _write(rows, catalogue, output, fmt, code, None)


def import_workbook(path: Path, catalogue_graph: Graph | None = None, catalogue: Catalogue | None = None, *,
                    validate: bool = True) -> Built:
    """Read, build and validate; raise SheetErrors with every problem, or return the Turtle.

    `catalogue_graph` is a graph of the ontology and catalogue (no jurisdiction files) that this call
    may use for validation: the Turtle is added to it as a named graph and removed again.
    """
    problems: list[SheetProblem] = []
    rows = read_workbook(Path(path), problems)
    graph = catalogue_graph or load(jurisdictions=False, cache=False)
    catalogue = catalogue or read_catalogue(graph)
    builder = Builder(rows, catalogue, lambda code: jurisdiction_info(graph, code))
    built = builder.build()
    if built is None or problems:
        raise SheetErrors(Path(path), problems + builder.problems)
    problems = validate_turtle(built, graph) if validate else []
    if problems:
        raise SheetErrors(Path(path), problems)
    return built


def validate_turtle(built: Built, graph: Graph) -> list[SheetProblem]:
    """`validate.inspect_file` on the Turtle, as `copgraph validate` would run it; problems mapped to cells."""
    from .. import validate

    with tempfile.TemporaryDirectory(prefix="copgraph-import-") as tmp:
        path = Path(tmp) / f"{built.code}.ttl"
        path.write_text(built.turtle, encoding="utf-8")
        name = graph_iri(path, project_root())
        parse_into(graph.store, path, name)
        try:
            report = validate.inspect_file(path, graph)
        finally:
            import pyoxigraph as ox

            graph.store.remove_graph(ox.NamedNode(name))
    found = []
    columns = {(s.name, c.predicate): c.name for s in SHEETS for c in s.columns if c.predicate}
    for p in report.problems:
        sheet, row = built.where.get(p.focus, ("file", "-"))
        column = columns.get((sheet, p.field), p.field or "-")
        found.append(SheetProblem(sheet, row, column, p.value, f"{p.message} ({p.severity})"))
    return found
