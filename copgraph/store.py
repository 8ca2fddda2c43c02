"""Loading Turtle into a store, and one SPARQL interface over two backends.

Every file is parsed once, by pyoxigraph (fast, and with precise error positions). The
pyoxigraph store answers queries; the rdflib backend is built from the same quads for the
tools that need an rdflib graph (pySHACL, serialisation). Both answer the same SPARQL 1.1
text and return rows in the same plain-Python form, so callers never see backend terms.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .errors import InputError

BASE = "https://w3id.org/copgraph/"
CG = BASE + "ontology#"
GRAPH_BASE = BASE + "graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"

Value = str | int | float | bool | dt.date | Decimal | None
Row = dict[str, Value]


def project_root() -> Path:
    """The directory holding ontology/, data/ and queries/.

    COPGRAPH_HOME overrides; an installed wheel carries them in copgraph/_data/; a checkout (or
    an editable install of it) reads them at the top of the repository, where they are edited.
    """
    env = os.environ.get("COPGRAPH_HOME")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent
    bundled = package / "_data"
    return bundled if bundled.is_dir() else package.parent


@dataclass(frozen=True)
class Iri:
    """A parameter value that must be bound as an IRI, not a string literal."""

    value: str


@dataclass
class LoadStats:
    files: int = 0
    triples: int = 0
    seconds: float = 0.0
    graphs: list[str] = field(default_factory=list)


def graph_iri(path: Path, root: Path) -> str:
    """One named graph per file, named after its path: graph/data/jurisdictions/GB."""
    try:
        rel = path.resolve().relative_to(root.resolve())
        name = rel.with_suffix("").as_posix()
    except ValueError:
        name = "user/" + path.stem
    return GRAPH_BASE + name


def bundled_files(root: Path | None = None, *, jurisdictions: bool = True) -> list[Path]:
    """The ontology and every Turtle file under data/, in a stable order."""
    root = root or project_root()
    files = sorted((root / "ontology").glob("*.ttl"))
    data = sorted((root / "data").rglob("*.ttl"))
    if not jurisdictions:
        data = [p for p in data if p.parent.name != "jurisdictions"]
    return files + data


def parse_into(store: ox.Store, path: Path, graph: str) -> None:
    """Parse one Turtle file; a syntax error becomes an InputError naming file and line."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    except SyntaxError as exc:
        line = exc.lineno if exc.lineno is not None else "?"
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        raise InputError(f"{path}:{line}: malformed Turtle: {message}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def _to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    dtype = term.datatype.value if term.datatype else XSD + "string"
    text = term.value
    try:
        if dtype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
            return int(text)
        if dtype == XSD + "decimal":
            return Decimal(text)
        if dtype in (XSD + "double", XSD + "float"):
            return float(text)
        if dtype == XSD + "boolean":
            return text in ("true", "1")
        if dtype == XSD + "date":
            return dt.date.fromisoformat(text)
    except ValueError:
        return text
    return text


def _to_ox(value: Value | Iri) -> ox.NamedNode | ox.Literal:
    if isinstance(value, Iri):
        return ox.NamedNode(value.value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise InputError(f"cannot bind value {value!r} of type {type(value).__name__}")


# IRIs and strings are matched first so that a '#' inside them is not taken for a comment.
_TOKENS = re.compile(
    r"""(<[^<>"{}|^`\\\s]*>)|("{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3})|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(#[^\n]*)"""
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, Value | Iri] | None) -> str:
    """Bind parameters with a VALUES block at the top of the outermost WHERE.

    Values are turned into RDF terms and serialised by pyoxigraph, so a value is always one
    term: SPARQL syntax inside it stays a literal. Works the same on any SPARQL 1.1 engine.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"invalid parameter name {name!r}")
    # Blank out comments and strings (keeping offsets) so a WHERE inside them is not matched.
    masked = _TOKENS.sub(lambda m: m.group() if m.group(1) else " " * len(m.group()), sparql)
    match = _WHERE.search(masked)
    if match is None:
        raise InputError("a query with parameters needs an explicit WHERE { ... } clause")
    names = " ".join("?" + n for n in bindings)
    terms = " ".join(str(_to_ox(v)) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    return sparql[: match.end()] + block + sparql[match.end() :]


class QueryStore(Protocol):
    """What every backend offers: SPARQL SELECT/ASK with bound parameters, and its size."""

    name: str

    def select(self, sparql: str, bindings: Mapping[str, Value | Iri] | None = None) -> list[Row]: ...

    def __len__(self) -> int: ...


class OxigraphStore:
    """The default backend: pyoxigraph, queried with the union of all named graphs."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, sparql: str, bindings: Mapping[str, Value | Iri] | None = None) -> list[Row]:
        try:
            result = self.store.query(bind_values(sparql, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError(f"invalid SPARQL: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return [{"result": bool(result)}]
        names = [v.value for v in result.variables]
        # Results repeat the same terms (requirement IRIs, statuses, dates): convert each once.
        # A solution iterates its values in the order of result.variables.
        cache: dict = {}

        def convert(term):  # noqa: ANN001, ANN202 - pyoxigraph term or None
            if term is None:
                return None
            try:
                return cache[term]
            except KeyError:
                value = cache[term] = _to_python(term)
                return value

        return [dict(zip(names, map(convert, sol), strict=True)) for sol in result]

    def __len__(self) -> int:
        return len(self.store)


class RdflibStore:
    """The rdflib backend: what pySHACL and rdflib serialisers work on."""

    name = "rdflib"

    def __init__(self, store: ox.Store) -> None:
        import rdflib

        self.dataset = rdflib.Dataset(default_union=True)
        graphs: dict[str, rdflib.Graph] = {}
        for quad in store:
            key = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            graph = graphs.get(key)
            if graph is None:
                graph = graphs[key] = self.dataset.graph(rdflib.URIRef(key) if key else None)
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))

    def select(self, sparql: str, bindings: Mapping[str, Value | Iri] | None = None) -> list[Row]:
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(bind_values(sparql, bindings))
        except Exception as exc:  # rdflib raises pyparsing errors of several types
            raise InputError(f"invalid SPARQL: {exc}") from None
        result = self.dataset.query(prepared)
        if result.type == "ASK":
            return [{"result": bool(result.askAnswer)}]
        names = [str(v) for v in result.vars]
        return [{n: _to_python(_from_rdflib(row[n])) for n in names} for row in result]

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs())


def to_rdflib(term):  # noqa: ANN001, ANN202 - internal conversion
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _from_rdflib(term):  # noqa: ANN001, ANN202 - internal conversion
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD + "string")))


@dataclass
class Graph:
    """A loaded knowledge graph: the raw pyoxigraph store plus load statistics."""

    store: ox.Store
    stats: LoadStats
    materialised: dict[str, set[str]] = field(default_factory=dict)  # verdict graph -> jurisdictions added

    def backend(self, name: str = "oxigraph") -> QueryStore:
        if name == "oxigraph":
            return OxigraphStore(self.store)
        if name == "rdflib":
            return RdflibStore(self.store)
        raise InputError(f"unknown backend {name!r} (choose oxigraph or rdflib)")


def load_files(paths: Iterable[Path], *, root: Path | None = None) -> Graph:
    """Parse the given Turtle files into one store, one named graph per file."""
    root = root or project_root()
    started = time.perf_counter()
    store = ox.Store()
    stats = LoadStats()
    for path in paths:
        graph = graph_iri(Path(path), root)
        parse_into(store, Path(path), graph)
        stats.files += 1
        stats.graphs.append(graph)
    stats.triples = len(store)
    stats.seconds = time.perf_counter() - started
    return Graph(store, stats)


_LOADED: dict[tuple, Graph] = {}
_LOADED_MAX = 4  # a few graphs (bundled, bundled without jurisdictions, with a user file)


def _fingerprint(root: Path, paths: list[Path]) -> tuple | None:
    """What a loaded graph depends on: every file's (path, mtime, size); None if one is unreadable."""
    try:
        files = tuple((str(p.resolve()), (st := p.stat()).st_mtime_ns, st.st_size) for p in paths)
    except OSError:
        return None  # load_files reports it
    return (str(root.resolve()), files)


def load(extra: Iterable[Path] = (), *, root: Path | None = None, jurisdictions: bool = True,
         cache: bool = True) -> Graph:
    """Load the ontology, the bundled data (optionally without jurisdiction files) and extra files.

    Repeated calls from Python (`copgraph.check` in a loop) reuse the graph while no file has
    changed (same path, modification time and size); callers must not modify a loaded graph.
    """
    root = root or project_root()
    paths = [*bundled_files(root, jurisdictions=jurisdictions), *map(Path, extra)]
    key = _fingerprint(root, paths) if cache else None
    if key is not None and key in _LOADED:
        return _LOADED[key]
    graph = load_files(paths, root=root)
    if key is not None:
        if len(_LOADED) >= _LOADED_MAX:
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = graph
    return graph
