"""Loading Turtle into a store, and one SPARQL interface over two backends.

Every file is parsed once, by pyoxigraph (fast, and with precise error positions). The
pyoxigraph store answers queries; the rdflib backend is built from the same quads for the
tools that need an rdflib graph (pySHACL, serialisation). Both answer the same SPARQL 1.1
text and return rows in the same plain-Python form, so callers never see backend terms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import time
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast
from urllib.parse import quote

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib.query import ResultRow

from . import sandbox
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
    digest: str = ""  # sha256 over every file's graph name and bytes: which data a result came from


def graph_iri(path: Path, root: Path) -> str:
    """One named graph per file, named after its path: graph/data/jurisdictions/GB.

    The path is percent-encoded, so a file name with spaces, braces or accents still gives a
    valid IRI (pyoxigraph refuses invalid ones).
    """
    try:
        rel = path.resolve().relative_to(root.resolve())
        name = rel.with_suffix("").as_posix()
    except ValueError:
        name = "user/" + path.stem
    return GRAPH_BASE + quote(name, safe="/-._~")


# The documented layout, listed so that a stray file (data/tmp/x.ttl, an editor's .#GB.ttl, an old
# copy in a sub-folder) is never loaded as if it were data. A new kind of data needs a new folder
# here and in the README.
ONTOLOGY_DIRS = ("ontology",)
DATA_DIRS = ("data", "data/instruments", "data/requirements", "data/profiles", "data/parties", "data/memberships",
             "data/itu", "data/jurisdictions")


def bundled_files(root: Path | None = None, *, jurisdictions: bool = True) -> list[Path]:
    """The ontology (ontology/*.ttl) and the data (data/*.ttl, data/<known folder>/*.ttl), in a stable order.

    Hidden files (editor locks and backups) are skipped; the SHACL shapes in ontology/shapes/ are
    not data and are read by validate.py on their own.
    """
    root = root or project_root()
    dirs = [d for d in (*ONTOLOGY_DIRS, *DATA_DIRS) if jurisdictions or d != "data/jurisdictions"]
    return [p for d in dirs for p in sorted((root / d).glob("*.ttl")) if not p.name.startswith(".") and p.is_file()]


def max_file_bytes() -> int:
    """Largest Turtle file we load (COPGRAPH_MAX_FILE_BYTES, default 50 MB): a bigger one is a mistake."""
    return int(sandbox.env_limit(MAX_FILE_BYTES_ENV, 50_000_000, int))


def max_term_chars() -> int:
    """Longest literal or IRI we accept (COPGRAPH_MAX_LITERAL_CHARS, default 100 000 characters)."""
    return int(sandbox.env_limit(MAX_LITERAL_ENV, 100_000, int))


MAX_FILE_BYTES_ENV = "COPGRAPH_MAX_FILE_BYTES"
MAX_LITERAL_ENV = "COPGRAPH_MAX_LITERAL_CHARS"


def parse_into(store: ox.Store, path: Path, graph: str) -> None:
    """Parse one Turtle file; a syntax error becomes an InputError naming file and line."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a Turtle file")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    size, limit = path.stat().st_size, max_file_bytes()
    if limit and size > limit:
        raise InputError(f"{path}: {size} bytes, over the limit of {limit} bytes for one file "
                         f"(raise it with {MAX_FILE_BYTES_ENV}=BYTES, 0 for none)")
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    except SyntaxError as exc:
        line = exc.lineno if exc.lineno is not None else "?"
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        raise InputError(f"{path}:{line}: malformed Turtle: {message}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    _check_term_lengths(store, path, graph, size)


def _check_term_lengths(store: ox.Store, path: Path, graph: str, size: int) -> None:
    """One query over the new graph: a term longer than the limit is refused, naming where it is.

    No term can have more characters than its file has bytes (a prefixed or relative IRI joins
    two disjoint pieces of the file), so files no bigger than the limit are not queried at all.
    """
    limit = max_term_chars()
    if not limit or size <= limit:
        return
    query = (f"SELECT ?s ?p ?o WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o FILTER(!isBlank(?o) && "
             f"STRLEN(STR(?o)) > {limit} || !isBlank(?s) && STRLEN(STR(?s)) > {limit} "
             f"|| STRLEN(STR(?p)) > {limit}) }} }} LIMIT 1")
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query
    for row in solutions:
        s, p, o = row["s"], row["p"], row["o"]
        where = "subject" if len(s.value) > limit else "predicate" if len(p.value) > limit else "value"
        length = max(len(s.value), len(p.value), len(o.value))
        name = lambda t: "<" + t.value[:80] + ("...>" if len(t.value) > 80 else ">")  # noqa: E731
        raise InputError(f"{path}: a {where} of {length} characters ({name(s)} {name(p)}), over the limit of "
                         f"{limit} characters (raise it with {MAX_LITERAL_ENV}=N, 0 for none)")


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                   "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt",
                                   "unsignedLong", "unsignedShort", "unsignedByte")}


def _to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
    """A term as plain Python; a malformed typed literal stays its text, for validation to report.

    The lexical form is checked against the XSD grammar first: Python's own parsers accept more
    (int("1_000"), Decimal("NaN"), date.fromisoformat("20180101")) and would hide bad data.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    dtype = term.datatype.value if term.datatype else XSD + "string"
    text = term.value
    try:
        if dtype in _INTEGER_TYPES and _INTEGER.fullmatch(text):
            return int(text)  # ValueError beyond 4300 digits
        if dtype == XSD + "decimal" and _DECIMAL.fullmatch(text):
            return Decimal(text)
        if dtype in (XSD + "double", XSD + "float") and _DOUBLE.fullmatch(text):
            return float(text.replace("INF", "inf"))
        if dtype == XSD + "boolean" and text in ("true", "1", "false", "0"):
            return text in ("true", "1")
        if dtype == XSD + "date" and _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except (ValueError, ArithmeticError):  # decimal.InvalidOperation is an ArithmeticError
        return text
    return text


def _to_ox(value: Value | Iri) -> ox.NamedNode | ox.Literal:
    if isinstance(value, Iri):
        try:
            return ox.NamedNode(value.value)
        except ValueError as exc:
            raise InputError(f"cannot bind {value.value!r}: not a valid absolute IRI ({exc})") from None
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise InputError(f"cannot bind value {value!r} of type {type(value).__name__}")


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
    masked = sandbox.mask(sparql, keep_iris=True)
    match = _WHERE.search(masked)
    if match is None:
        raise InputError("a query with parameters needs an explicit WHERE { ... } clause")
    names = " ".join("?" + n for n in bindings)
    terms = " ".join(str(_to_ox(v)) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    return sparql[: match.end()] + block + sparql[match.end() :]


class QueryStore(Protocol):
    """What every backend offers: SPARQL SELECT/ASK with bound parameters, and its size.

    Every query is sandboxed (sandbox.check_query: no SERVICE, FROM or UPDATE) and bounded:
    `timeout` seconds and `max_rows` rows, by default COPGRAPH_QUERY_TIMEOUT (30 s) and
    COPGRAPH_MAX_ROWS (100 000); 0 lifts a limit. Exceeding one is an InputError.
    """

    name: str

    def select(self, sparql: str, bindings: Mapping[str, Value | Iri] | None = None, *,
               timeout: float | None = None, max_rows: int | None = None) -> list[Row]: ...

    def __len__(self) -> int: ...


_NOT_SELECT = "only SELECT and ASK queries can be run (CONSTRUCT and DESCRIBE return graphs, not rows)"


class OxigraphStore:
    """The default backend: pyoxigraph, queried with the union of all named graphs."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, sparql: str, bindings: Mapping[str, Value | Iri] | None = None, *,
               timeout: float | None = None, max_rows: int | None = None) -> list[Row]:
        text = bind_values(sparql, bindings)
        sandbox.check_query(text)
        limit, seconds = sandbox.max_rows(max_rows), sandbox.query_timeout(timeout)

        def work(deadline: float | None) -> list[Row]:
            # pyoxigraph results are bound to the thread that made them: query and read here.
            try:
                result = self.store.query(text, use_default_graph_as_union=True)
            except SyntaxError as exc:
                raise InputError(f"invalid SPARQL: {exc}") from None
            if isinstance(result, ox.QueryBoolean):
                return [{"result": bool(result)}]
            if not isinstance(result, ox.QuerySolutions):
                raise InputError(_NOT_SELECT)
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

            try:
                return [dict(zip(names, map(convert, sol), strict=True))
                        for sol in sandbox.capped(result, limit, deadline, seconds)]
            except OSError as exc:  # an evaluation error pyoxigraph reports while streaming
                raise InputError(f"the query failed: {exc}") from None

        return sandbox.run_bounded(work, seconds)

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

    def select(self, sparql: str, bindings: Mapping[str, Value | Iri] | None = None, *,
               timeout: float | None = None, max_rows: int | None = None) -> list[Row]:
        from rdflib.plugins.sparql import prepareQuery

        text = bind_values(sparql, bindings)
        sandbox.check_query(text)  # before rdflib: it would load FROM graphs from the web or disk
        limit, seconds = sandbox.max_rows(max_rows), sandbox.query_timeout(timeout)

        def work(deadline: float | None) -> list[Row]:
            try:
                prepared = prepareQuery(text)
            except Exception as exc:  # rdflib raises pyparsing errors of several types
                raise InputError(f"invalid SPARQL: {exc}") from None
            if prepared.algebra.name not in ("SelectQuery", "AskQuery"):
                raise InputError(_NOT_SELECT)
            _constants_into_patterns(prepared.algebra, bindings or {})
            result = self.dataset.query(prepared)
            if result.type == "ASK":
                return [{"result": bool(result.askAnswer)}]
            names = [str(v) for v in result.vars or ()]
            return [{n: _to_python(_from_rdflib(cast("ResultRow", row)[n])) for n in names}
                    for row in sandbox.capped(result, limit, deadline, seconds)]

        return sandbox.run_bounded(work, seconds)

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs())


def _constants_into_patterns(algebra, bindings: Mapping[str, Value | Iri]) -> None:  # noqa: ANN001
    """Put the bound values into the outer query's triple patterns and re-plan their order.

    rdflib joins the VALUES block only after evaluating the patterns, in an order planned without
    knowing the bindings (two verdict patterns sharing a variable become a cross product of every
    verdict with every other). The VALUES block stays, so the result is unchanged; sub-selects have
    their own variables and are left alone.
    """
    import rdflib
    from rdflib.plugins.sparql.parserutils import CompValue

    terms = {rdflib.Variable(k): to_rdflib(_to_ox(v)) for k, v in bindings.items()}

    def walk(node: object, projections: int) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, projections)
        elif isinstance(node, CompValue):
            if node.name == "Project":
                projections += 1
                if projections > 1:
                    return  # a sub-select
            if node.name == "BGP":
                node["triples"] = _plan([tuple(terms.get(x, x) for x in triple) for triple in node.triples])
                return
            for value in node.values():
                walk(value, projections)

    if terms:
        walk(algebra, 1 if algebra.name == "AskQuery" else 0)


def _plan(triples: list[tuple]) -> list[tuple]:
    """Order triple patterns greedily: fewest unknown positions first, then the most positions
    already bound by the patterns before (a join on a known value, not a scan)."""
    import rdflib

    def variable(term: object) -> bool:
        return isinstance(term, rdflib.Variable | rdflib.BNode)

    planned: list[tuple] = []
    known: set = set()
    remaining = list(triples)
    while remaining:
        def cost(triple: tuple) -> tuple[int, int]:
            unknown = sum(1 for x in triple if variable(x) and x not in known)
            joined = sum(1 for x in triple if variable(x) and x in known)
            return unknown, -joined

        best = min(remaining, key=cost)
        remaining.remove(best)
        planned.append(best)
        known.update(x for x in best if variable(x))
    return planned


class _IllTypedLiteralNoise(logging.Filter):
    """Drop rdflib's log record (with a traceback) for a literal whose text does not fit its type.

    Such a literal is the user's data, not a failure: rdflib keeps it as ill-typed, the structural
    shapes report it, and the user should see that report, not a traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiteralNoise())
warnings.filterwarnings("ignore", message="Parsing weird boolean", category=UserWarning)


def to_rdflib(term):  # noqa: ANN001, ANN202 - internal conversion
    """The same term in rdflib; the text of a literal is kept as written (rdflib would rewrite
    "maybe"^^xsd:boolean to "false" and "1e5"^^xsd:decimal to "100000")."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Triple):  # pyoxigraph reads RDF 1.2 triple terms; rdflib has none
        raise InputError(f"triple terms such as <<( {term} )>> are not supported")
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


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
    materialised: set[tuple] = field(default_factory=set)  # what verdicts.materialise has added already
    _rdflib: tuple[int, RdflibStore] | None = field(default=None, repr=False)

    def backend(self, name: str = "oxigraph") -> QueryStore:
        if name == "oxigraph":
            return OxigraphStore(self.store)
        if name == "rdflib":
            # Copying the store into rdflib is slow; reuse the copy until quads are added.
            if self._rdflib is None or self._rdflib[0] != len(self.store):
                self._rdflib = (len(self.store), RdflibStore(self.store))
            return self._rdflib[1]
        raise InputError(f"unknown backend {name!r} (choose oxigraph or rdflib)")


def load_files(paths: Iterable[Path], *, root: Path | None = None) -> Graph:
    """Parse the given Turtle files into one store, one named graph per file."""
    root = root or project_root()
    started = time.perf_counter()
    store = ox.Store()
    stats = LoadStats()
    digest = hashlib.sha256()
    for path in paths:
        graph = graph_iri(Path(path), root)
        parse_into(store, Path(path), graph)
        digest.update(graph.encode() + b"\0" + Path(path).read_bytes())
        stats.files += 1
        stats.graphs.append(graph)
    stats.digest = digest.hexdigest()
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
    changed (same path, modification time and size); callers must not modify a loaded graph (the
    verdicts and measure states that queries read are added to it, once, by verdicts.materialise).
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
