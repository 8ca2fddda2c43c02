"""Named SPARQL queries: `.rq` files with a documenting header and typed parameters.

Header lines (comments at the top of the file):

    # title: one line
    # question: the question in plain words (may repeat)
    # param: name (type) [optional] [default VALUE] e.g. EXAMPLE - what it means
    # columns: a, b, c
    # severity: error|warning          (QC queries only)
    # needs: verdicts, measure-states  (computed verdicts / measure force states as of its as_of parameter)

Types: iso (a jurisdiction code, bound as its IRI), profile, requirement, instrument, harm
(slugs, bound as IRIs), iri, date (YYYY-MM-DD), integer, string. IRI-valued parameters
must name something in the graph, so a typo is an error rather than an empty answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .store import BASE, Graph, Iri, QueryStore, Row, Value, load, project_root

_IRI_TYPES = {
    "iso": "jurisdiction/",
    "profile": "profile/",
    "requirement": "requirement/",
    "instrument": "instrument/",
    "harm": "concept/harm/",
}
TYPES = (*_IRI_TYPES, "iri", "date", "integer", "string")
# The start of a parameter header: "name (type)". The character classes next to each other are
# disjoint, so matching is linear; the rest of the line is read word by word by parse_param.
_PARAM_HEAD = re.compile(r"([a-z_][a-z0-9_]*)\s*\(([a-z]+)\)")


@dataclass
class Param:
    name: str
    type: str
    optional: bool = False
    default: str | None = None
    example: str | None = None
    doc: str = ""


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    question: str = ""
    columns: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)
    severity: str = ""
    needs: str = ""
    internal: bool = False  # one of the package's own queries (queries/internal/): not bounded

    @classmethod
    def from_file(cls, path: Path) -> NamedQuery:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text (byte {exc.start}): a query file must be UTF-8") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        query = cls(name=path.stem, path=path, text=text)
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "title":
                query.title = value
            elif key == "question":
                query.question = f"{query.question} {value}".strip()
            elif key == "columns":
                query.columns = [c.strip() for c in value.split(",") if c.strip()]
            elif key == "severity":
                query.severity = value
            elif key == "needs":
                query.needs = value
            elif key == "param":
                param = parse_param(value)
                if param is None:
                    shown = value if len(value) <= 200 else value[:200] + "..."
                    raise InputError(f"{path}: bad parameter header: {shown!r}")
                query.params.append(param)
        return query

    def bindings(self, values: Mapping[str, str], store: QueryStore) -> dict[str, Value | Iri]:
        """Validate raw string values against the header and turn them into typed bindings."""
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputError(
                f"query {self.name!r} has no parameter {', '.join(unknown)} "
                f"(parameters: {', '.join(sorted(known)) or 'none'})"
            )
        bound: dict[str, Value | Iri] = {}
        for param in self.params:
            raw = values.get(param.name, param.default)
            if raw is None:
                if param.optional:
                    continue
                raise InputError(f"query {self.name!r} needs --param {param.name}=<{param.type}>")
            if param.default == "today" and raw == "today":
                raw = dt.date.today().isoformat()
            bound[param.name] = convert(param, raw, store)
        return bound

    def run(self, store: QueryStore, values: Mapping[str, str] | None = None, *,
            timeout: float | None = None) -> list[Row]:
        """Run with bound values, sandboxed. The package's own queries read whole tables (the
        evidence of thousands of jurisdictions in a batch check takes 20 s and 200 000 rows), so
        the time limit and row cap bound the other queries only, unless `timeout` is given."""
        bound = self.bindings(values or {}, store)
        if self.internal:
            return store.select(self.text, bound, timeout=timeout or 0, max_rows=0)
        return store.select(self.text, bound, timeout=timeout)

    def run_on(self, graph: Graph, values: Mapping[str, str] | None = None, backend: str = "oxigraph", *,
               timeout: float | None = None) -> list[Row]:
        """Run on a loaded graph, first adding the verdicts of the query's date when it reads them."""
        values = dict(values or {})
        self.materialise_on(graph, values)
        return self.run(graph.backend(backend), values, timeout=timeout)

    def materialise_on(self, graph: Graph, values: Mapping[str, str]) -> None:
        """Add to the graph the computed verdicts / measure states the query reads (`# needs:`)."""
        needs = set(self.needs.replace(",", " ").split())
        if needs:
            from .verdicts import materialise

            as_of = self.bindings(values, graph.backend()).get("as_of")
            if not isinstance(as_of, dt.date):
                raise InputError(f"query {self.name!r} reads computed {self.needs} and needs a date parameter as_of")
            codes = frozenset(v for p in self.params if p.type == "iso" and (v := values.get(p.name)))
            materialise(graph, as_of, profile=values.get("profile"), requirement=values.get("requirement"), codes=codes,
                        verdicts="verdicts" in needs, measures="measure-states" in needs)


def parse_param(value: str) -> Param | None:
    """`name (type) [optional] [default VALUE] [e.g. EXAMPLE] [- doc]`, or None if malformed.

    Read left to right, a word at a time (no backtracking regex: a header line of 100 000
    characters parses in linear time).
    """
    head = _PARAM_HEAD.match(value)
    if head is None or head[2] not in TYPES:
        return None
    param = Param(head[1], head[2])
    rest = value[head.end():].lstrip()
    if rest.startswith("optional"):
        param.optional = True
        rest = rest[len("optional"):].lstrip()
    if rest.startswith("default") and rest[len("default"):len("default") + 1].isspace():
        param.default, rest = _first_word(rest[len("default"):])
        if not param.default:
            return None
        param.optional = True
    if rest.startswith("e.g."):
        param.example, rest = _first_word(rest[len("e.g."):])
        if not param.example:
            return None
    if rest and rest[0] not in "-—":
        return None
    param.doc = rest[1:].strip()
    return param


def _first_word(text: str) -> tuple[str, str]:
    """The first whitespace-separated word of text, and what follows it (left-stripped)."""
    parts = text.split(None, 1)
    if not parts:
        return "", ""
    return parts[0], (parts[1] if len(parts) > 1 else "").lstrip()


def convert(param: Param, raw: str, store: QueryStore) -> Value | Iri:
    """Check one raw value against its declared type; IRIs must exist in the graph."""
    kind = param.type
    if kind == "integer":
        if not re.fullmatch(r"-?[0-9]{1,18}", raw):
            raise InputError(f"--param {param.name}: {raw!r} is not an integer (at most 18 digits)")
        return int(raw)
    if kind == "date":
        return parse_date(raw, f"--param {param.name}")
    if kind == "string":
        return raw
    if kind == "iso":
        if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", raw):
            raise InputError(f"--param {param.name}: {raw!r} is not an ISO 3166 code such as GB")
        iri = BASE + _IRI_TYPES[kind] + raw
    elif kind in _IRI_TYPES:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", raw):
            raise InputError(f"--param {param.name}: {raw!r} is not a {kind} slug (lower-case, hyphens)")
        iri = BASE + _IRI_TYPES[kind] + raw
    else:  # iri
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", raw):
            raise InputError(f"--param {param.name}: {raw!r} is not an absolute http(s) IRI")
        iri = raw
    ensure_exists(store, iri, f"{kind} {raw!r}")
    return Iri(iri)


def ensure_exists(store: QueryStore, iri: str, what: str) -> None:
    if not store.select("ASK WHERE { ?s ?p ?o }", {"s": Iri(iri)})[0]["result"]:
        raise InputError(f"unknown {what}: <{iri}> is not in the loaded data")


def parse_date(raw: str, where: str) -> dt.date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        raise InputError(f"{where}: {raw!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{where}: {raw!r} is not a valid calendar date") from None


def query_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "queries"


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    directory = directory or query_dir()
    return {p.stem: NamedQuery.from_file(p) for p in sorted(directory.glob("*.rq"))}


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    """A query of the library (queries/NAME.rq) or of the internal set (queries/internal/)."""
    directory = directory or query_dir()
    for candidate in (directory / f"{name}.rq", directory / "internal" / f"{name}.rq"):
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) and candidate.is_file():
            query = NamedQuery.from_file(candidate)
            query.internal = candidate.parent.name == "internal"
            return query
    raise InputError(f"unknown query {name!r}; `copgraph queries` lists them")


class Rows(list):
    """Query rows as plain dicts, plus a DataFrame view when pandas is installed."""

    def to_dataframe(self):  # noqa: ANN201 - pandas is optional
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_dataframe() needs pandas; the rows themselves are plain dicts") from exc
        return pd.DataFrame(list(self))


def query(name: str, params: Mapping[str, str | int | dt.date] | None = None, *, graph: Graph | None = None,
          backend: str = "oxigraph", timeout: float | None = None) -> Rows:
    """Run a named query of the library: `copgraph.query("binding-gaps", {"profile": "opsc"})`.

    Sandboxed and bounded like every query (README, "Limits"); `timeout` is in seconds.
    """
    graph = graph or load()
    return Rows(get_query(name).run_on(graph, _as_text(params or {}), backend, timeout=timeout))


def _as_text(params: Mapping[str, object]) -> dict[str, str]:
    """Python values as the CLI would spell them (dates in ISO form), so one validation serves both."""
    out = {}
    for key, value in params.items():
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            out[key] = str(value)
        elif isinstance(value, str):
            out[key] = value
        else:
            raise InputError(f"parameter {key}: {value!r} is a {type(value).__name__}; "
                             "give a string, a datetime.date or an integer")
    return out
