"""`copgraph publish`: the graph as a static linked-open-data site any web server can host.

The site holds the dumps (one named graph per source file in TriG/N-Quads/JSON-LD), CSV tables,
the VoID/DCAT description, a page + Turtle + JSON-LD per resource, the ontology's documentation,
and content-negotiation configs for Apache and nginx. Coverage tables come from check.check_all
(the rules of verdict.py); the verdicts of the publication date are a separate distribution in
their own named graph (graph/verdicts/DATE), so the dumps of the source data round-trip exactly
and a SPARQL server can load both (what `copgraph serve` does).

The site is built in a temporary directory next to --out and moved into place at the end, so an
interrupted build never leaves half a site; an existing --out is replaced only if it is a
previous build (it holds the marker file).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from . import dataset, lod_pages
from .about import about
from .errors import InputError
from .store import BASE, CG, GRAPH_BASE, XSD, Graph, Row, load
from .tables import Table, to_csv

MARKER = ".copgraph-site"
DUMP_NAME = "copgraph"
VERDICTS_NAME = "verdicts"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Download:
    path: str
    media_type: str
    size: int
    statements: int | None = None
    title: str = ""


@dataclass
class Published:
    out: Path
    version: str
    as_of: dt.date
    base: str
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    quads: int = 0
    triples: int = 0
    verdict_quads: int = 0
    downloads: list[Download] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"published {self.pages} resource pages, {self.files} files, {self.bytes / 1e6:.1f} MB "
                 f"in {self.seconds:.1f} s to {self.out}",
                 f"  {self.quads} quads ({self.triples} distinct triples) + {self.verdict_quads} verdict quads "
                 f"as of {self.as_of.isoformat()}; release {self.version}; base {self.base}"]
        lines += [f"  {d.path:<28} {d.size:>10} bytes  {d.statements if d.statements is not None else '':>7}"
                  for d in self.downloads]
        return "\n".join(lines) + "\n"


def check_version(label: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", label):
        raise InputError(f"--version-label {label!r}: use letters, digits, '.', '_' or '-' (e.g. 2026-12)")
    return label


def _prepare_out(out: Path) -> Path:
    """A temporary directory next to `out` to build in; `out` must be new, empty or a previous build."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise InputError(f"--out {out}: a non-empty directory that is not a copgraph site; not overwritten")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(f"--out {out}: directory {parent} does not exist")
    try:
        return Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write in {parent}: {exc.strerror or exc}") from None


def _swap_in(tmp: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class Site:
    """Writes files under the build directory and remembers what it wrote."""

    def __init__(self, root: Path, compress: bool) -> None:
        self.root = root
        self.compress = compress
        self.files = 0
        self.bytes = 0
        self._dirs: set[Path] = set()

    def write(self, rel: str, data: bytes | str) -> int:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self.root / rel
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        with open(path, "wb") as handle:
            handle.write(raw)
        self.files += 1
        self.bytes += len(raw)
        if self.compress and len(raw) > 100_000:
            packed = gzip.compress(raw, 6, mtime=0)
            (self.root / (rel + ".gz")).write_bytes(packed)
            self.files += 1
            self.bytes += len(packed)
        return len(raw)


def publish(out: Path, *, graph: Graph | None = None, base_iri: str | None = None, version: str | None = None,
            as_of: dt.date | None = None, endpoint: str | None = None, compress: bool = False) -> Published:
    """Build the site into `out` (replacing a previous build there)."""
    from .templating import render

    started = time.perf_counter()
    rebase = dataset.Rebase(base_iri)
    as_of = as_of or dt.date.today()
    version = check_version(version or as_of.strftime("%Y-%m"))
    if endpoint is not None and not re.fullmatch(r"https?://\S+", endpoint):
        raise InputError(f"--endpoint {endpoint!r}: give the http(s) address of the SPARQL endpoint")
    source = graph or load()
    quads = dataset.source_quads(source)
    work = dataset.fresh(quads, source)  # verdicts are materialised into this copy only
    info = about(work)
    result = Published(out=out, version=version, as_of=as_of, base=rebase.base, quads=len(quads))
    tmp = _prepare_out(out)
    try:
        site = Site(tmp, compress)
        site.write(MARKER, f"copgraph site, release {version}\n")
        # 1. dumps of the source graphs
        _source_dumps(site, quads, rebase, result)
        result.triples = len(dataset.triples_of(quads))
        # 2. pages, one per resource, and the ontology's documentation
        from .show import describe_all

        described = describe_all(work)
        coverage = _coverage(work, as_of)
        result.pages = _pages(site, work, described, quads, rebase, coverage, as_of, info)
        _ontology(site, work, quads, rebase, info)
        # 3. CSV tables for analysts
        for rel, table in _tables(work, coverage, rebase).items():
            result.downloads.append(Download(rel, "text/csv", site.write(rel, to_csv(table)), len(table.rows),
                                             table.title))
        # 4. verdicts of the publication date, in their own named graph
        name = _verdict_dumps(site, work, as_of, rebase, result)
        # 5. the dataset description, the index and the web-server configs
        site.write("dataset.ttl", describe_dataset(result, rebase, info, quads, endpoint, name))
        site.write("index.html", render("lod_index.html", about=info, version=version, as_of=as_of,
                                        base=rebase.base, sections=_sections(described, work),
                                        downloads=result.downloads, endpoint=endpoint))
        path = urlsplit(rebase.base).path
        for template, rel in (("lod_htaccess.txt", ".htaccess"), ("lod_nginx.conf", "nginx.conf")):
            site.write(rel, render(template, path=path, version=version, base=rebase.base))
        result.files = site.files
        result.bytes = site.bytes
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.seconds = time.perf_counter() - started
    return result


def _source_dumps(site: Site, quads: list[ox.Quad], rebase: dataset.Rebase, result: Published,
                  formats: Iterable[str] = tuple(dataset.FORMATS)) -> None:
    for fmt in (dataset.FORMATS[f] for f in formats):
        data = dataset.serialise(quads, fmt.name, rebase)
        statements = len(quads) if fmt.quads else len(dataset.triples_of(quads))
        rel = f"dumps/{DUMP_NAME}.{fmt.extension}"
        result.downloads.append(Download(rel, fmt.media_type, site.write(rel, data), statements,
                                         f"the whole graph ({fmt.name})"))


def _verdict_dumps(site: Site, work: Graph, as_of: dt.date, rebase: dataset.Rebase, result: Published,
                   formats: Iterable[str] = ("nq", "trig")) -> str:
    """Materialise the verdicts (every assessed jurisdiction, the whole catalogue) and measure states
    of the date into `work`, and write them; returns their named graph."""
    from .verdicts import materialise

    name = materialise(work, as_of, verdicts=True, measures=True)
    verdict_quads = list(work.store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    result.verdict_quads = len(verdict_quads)
    for ext in formats:
        rel = f"dumps/{VERDICTS_NAME}-{as_of.isoformat()}.{ext}"
        result.downloads.append(Download(rel, dataset.FORMATS[ext].media_type,
                                         site.write(rel, dataset.serialise(verdict_quads, ext, rebase)),
                                         len(verdict_quads), f"verdicts as of {as_of.isoformat()}"))
    return name


def server_dumps(out: Path, *, graph: Graph | None = None, as_of: dt.date | None = None) -> Published:
    """Only what a SPARQL server loads: the N-Quads dump and the date's verdicts (seconds, not a minute)."""
    as_of = as_of or dt.date.today()
    source = graph or load()
    quads = dataset.source_quads(source)
    result = Published(out=out, version=as_of.strftime("%Y-%m"), as_of=as_of, base=BASE, quads=len(quads))
    site = Site(out, False)
    site.write(MARKER, f"copgraph dumps, release {result.version}\n")
    _source_dumps(site, quads, dataset.Rebase(), result, ("nq",))
    _verdict_dumps(site, dataset.fresh(quads, source), as_of, dataset.Rebase(), result, ("nq",))
    return result


def _coverage(graph: Graph, as_of: dt.date) -> dict[str, list]:
    """Coverage reports of every assessed jurisdiction per profile, by the check's own rules."""
    from .check import check_all, context
    from .queries import get_query

    by_code: dict[str, list] = {}
    for row in sorted(get_query("profiles").run(graph.backend()), key=lambda r: str(r["slug"])):
        for code, report in check_all(context(graph, str(row["slug"])), as_of).items():
            by_code.setdefault(code, []).append(report)
    return by_code


def _pages(site: Site, graph: Graph, described: dict[str, list[Row]], quads: list[ox.Quad],
           rebase: dataset.Rebase, coverage: dict[str, list], as_of: dt.date, info: object) -> int:
    from .check import load_policy
    from .legend import legend
    from .templating import render
    from .verdict import STATUSES

    pages = lod_pages.page_iris(described)
    pages.discard(lod_pages.ONTOLOGY)  # documented by its own page
    builder = lod_pages.Builder(described, rebase, pages)
    around = lod_pages.Neighbourhood(quads)
    key = legend(graph.backend(), load_policy(graph.backend()))
    codes = {BASE + "jurisdiction/" + code: code for code in coverage}
    for iri in sorted(pages):
        resource = builder.resource(iri)
        here = resource.path
        turtle, jsonld, ntriples = lod_pages.documents(around.triples(iri), rebase)
        name = here.rsplit("/", 1)[-1]
        site.write(here + ".ttl", turtle)
        site.write(here + ".nt", ntriples)
        site.write(here + ".jsonld", jsonld)
        code = codes.get(iri)
        site.write(here + ".html", render(
            "lod_resource.html", about=info, r=resource, name=name, jsonld=lod_pages.script_json(jsonld),
            root="../" * here.count("/"), coverage=coverage.get(code, []) if code else [], code=code,
            as_of=as_of, statuses=STATUSES, legend=key, links=lambda target, h=here: lod_pages.href(target, h)))
    return len(pages)


def _ontology(site: Site, graph: Graph, quads: list[ox.Quad], rebase: dataset.Rebase, info: object) -> None:
    """The ontology's documentation (our own template: classes, properties, individuals) and files."""
    from .queries import get_query
    from .templating import render

    onto_graph = GRAPH_BASE + "ontology/copgraph"
    own = list(dataset.graph_quads(quads, onto_graph))
    site.write("ontology.ttl", dataset.serialise(own, "ttl", rebase))
    site.write("ontology.nt", dataset.serialise(own, "nt", rebase))
    site.write("ontology.jsonld", dataset.serialise([ox.Quad(q.subject, q.predicate, q.object) for q in own],
                                                    "jsonld", rebase))
    prefixes = dataset.prefixes()

    def curie(iri: str) -> str:
        for prefix, ns in prefixes.items():
            if iri.startswith(ns) and prefix in ("cg", "rdf", "rdfs", "xsd", "owl", "skos", "dcterms", "eli", "prov"):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def ref(iri: str) -> dict:
        link = lod_pages.href(iri, "ontology") if iri.startswith(CG) else None
        return {"text": curie(iri), "href": link}

    titles = {"class": "Classes", "object property": "Object properties", "datatype property": "Datatype properties",
              "annotation property": "Annotation properties", "individual": "Individuals"}
    kinds: dict[str, list[dict]] = {t: [] for t in titles.values()}
    seen: set[tuple[str, str]] = set()
    for row in get_query("ontology-terms").run(graph.backend()):
        term = str(row["term"])
        kind = str(row["kind"])
        if kind == "individual" and not term.startswith(CG) or (term, kind) in seen:
            continue
        seen.add((term, kind))
        kinds[titles[kind]].append({
            "curie": curie(term), "label": row["label"] or "", "definition": row["definition"] or "",
            "anchor": term[len(CG):] if term.startswith(CG) and (term, "first") not in seen else None,
            "refs": [(name, [ref(i) for i in str(row[col] or "").split()])
                     for name, col in (("parents", "parents"), ("domain", "domain"), ("range", "range"))],
        })
        seen.add((term, "first"))
    head = {str(r["predicate"]): r["value"] for r in get_query("describe").run(
        graph.backend(), {"resource": lod_pages.ONTOLOGY}) if r["direction"] == "out"}
    site.write("ontology.html", render(
        "lod_ontology.html", about=info, title=str(head.get("http://purl.org/dc/terms/title", "copgraph ontology")),
        description=str(head.get("http://purl.org/dc/terms/description", "")), iri=rebase.iri(lod_pages.ONTOLOGY),
        namespace=rebase.iri(CG), kinds=[(k, v) for k, v in kinds.items() if v]))


def _sections(described: dict[str, list[Row]], graph: Graph) -> list[dict]:
    """The index: instruments, profiles, jurisdictions, requirements, concept schemes, initiatives."""
    def of_types(*types: str) -> list[str]:
        wanted = {CG + t if ":" not in t else t for t in types}
        return sorted(i for i, rows in described.items() if i.startswith(BASE) and any(
            r["direction"] == "out" and r["predicate"] == RDF_TYPE and r["value"] in wanted for r in rows))

    builder = lod_pages.Builder(described, dataset.Rebase(), set())
    spec = [("instruments", "Instruments", ("Treaty", "SoftLawInstrument", "SupranationalAct")),
            ("profiles", "Profiles", ("Profile",)),
            ("jurisdictions", "Jurisdictions with evidence", ()),
            ("requirements", "Requirements", ("Requirement",)),
            ("schemes", "Concept schemes (ITU model)", ("http://www.w3.org/2004/02/skos/core#ConceptScheme",)),
            ("recommendations", "ITU recommendations", ("Recommendation",)),
            ("initiatives", "Initiatives", ("NationalModel", "InternationalInitiative"))]
    assessed = sorted({str(r["value"]) for rows in described.values() for r in rows
                       if r["direction"] == "out" and r["predicate"] == CG + "jurisdiction"
                       and any(x["predicate"] == RDF_TYPE and x["value"] == CG + "Claim" for x in rows)})
    sections = []
    for ident, title, types in spec:
        iris = assessed if ident == "jurisdictions" else of_types(*types)
        items = [{"href": lod_pages.href(i, "index"), "label": builder.label(i) or i.rsplit("/", 1)[-1],
                  "note": i.rsplit("/", 1)[-1] if ident == "jurisdictions" else ""} for i in iris]
        sections.append({"id": ident, "title": title, "entries": [x for x in items if x["href"]]})
    return sections


def _tables(graph: Graph, coverage: dict[str, list], rebase: dataset.Rebase) -> dict[str, Table]:
    from .queries import get_query

    def table(name: str, title: str, rows: Iterable[Row]) -> Table:
        rows = list(rows)
        columns = get_query(name).columns
        return Table(columns, [[_cell(r.get(c), rebase) for c in columns] for r in rows], title=title)

    store = graph.backend()
    tables = {
        "tables/instruments-provisions.csv": table("publish-provisions", "instruments and provisions",
                                                   get_query("publish-provisions").run(store)),
        "tables/requirements.csv": table("requirements", "requirements and the provisions they derive from",
                                         get_query("requirements").run(store)),
        "tables/parties.csv": table("party-statuses", "party statuses", get_query("party-statuses").run(store)),
        "tables/measures.csv": table("publish-measures", "national measures",
                                     get_query("publish-measures").run(store)),
        "tables/claims.csv": table("evidence", "coverage claims", get_query("evidence").run(store)),
    }
    columns = ["profile", "jurisdiction", "code", "requirement", "label", "status", "binding", "severity", "reason"]
    rows: list[Any] = [
        [_cell(rep.profile, rebase), _cell(rep.jurisdiction, rebase), rep.code, _cell(row.requirement, rebase),
         row.label, row.status, row.binding, row.severity or "", row.reason]
        for code in sorted(coverage) for rep in coverage[code] for row in rep.rows]
    tables["tables/coverage.csv"] = Table(columns, rows, title="coverage by profile")
    return tables


def _cell(value: Any, rebase: dataset.Rebase) -> Any:
    return rebase.iri(value) if isinstance(value, str) and value.startswith(BASE) else value


def describe_dataset(result: Published, rebase: dataset.Rebase, info: object, quads: list[ox.Quad],
                     endpoint: str | None, verdict_graph: str) -> bytes:
    """VoID + DCAT 3: the dataset, its release, distributions, licence, counts and provenance."""
    n = ox.NamedNode
    dcat, void, dct = "http://www.w3.org/ns/dcat#", "http://rdfs.org/ns/void#", "http://purl.org/dc/terms/"
    rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    base = rebase.base
    release = n(f"{base}dataset/{result.version}")
    series = n(f"{base}dataset")
    today = ox.Literal(dt.date.today().isoformat(), datatype=n(XSD + "date"))
    data_date = getattr(info, "data_date", None)

    def lit(value: object) -> ox.Literal:
        if isinstance(value, int):
            return ox.Literal(str(value), datatype=n(XSD + "integer"))
        return ox.Literal(str(value))

    t: list[ox.Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> None:
        t.append(ox.Triple(s, n(p), o))

    for node in (series, release):
        add(node, RDF_TYPE, n(dcat + "Dataset"))
        add(node, dct + "title", ox.Literal("copgraph: child online protection law", language="en"))
        add(node, dct + "license", n("https://creativecommons.org/licenses/by/4.0/"))
    add(series, dcat + "hasCurrentVersion", release)
    add(series, dcat + "hasVersion", release)
    add(release, dct + "isVersionOf", series)
    add(release, RDF_TYPE, n(void + "Dataset"))
    add(release, dct + "description", ox.Literal(
        "International instruments on child online protection down to the item, the requirements they impose, "
        "treaty parties, national measures and dated, sourced coverage claims, with coverage verdicts "
        f"as of {result.as_of.isoformat()}.", language="en"))
    add(release, dcat + "version", lit(result.version))
    add(release, dct + "issued", today)
    if data_date:
        add(release, dct + "modified", ox.Literal(data_date.isoformat(), datatype=n(XSD + "date")))
    add(release, void + "triples", lit(result.triples))
    add(release, void + "uriSpace", lit(base))
    add(release, void + "vocabulary", n(rebase.iri(CG)))
    add(release, dcat + "landingPage", n(f"{base}{result.version}/index.html"))
    provenance = ox.BlankNode()
    add(release, dct + "provenance", provenance)
    add(provenance, RDF_TYPE, n(dct + "ProvenanceStatement"))
    add(provenance, rdfs + "label", lit(info.line()))  # type: ignore[attr-defined]
    if endpoint:
        add(release, void + "sparqlEndpoint", n(endpoint))
        service = ox.BlankNode()
        add(release, dcat + "accessService", service)
        add(service, RDF_TYPE, n(dcat + "DataService"))
        add(service, dcat + "endpointURL", n(endpoint))
        add(service, dcat + "servesDataset", release)
    for d in result.downloads:
        dist = n(f"{base}dataset/{result.version}/{d.path}")
        url = n(f"{base}{result.version}/{d.path}")
        add(release, dcat + "distribution", dist)
        add(dist, RDF_TYPE, n(dcat + "Distribution"))
        add(dist, dct + "title", lit(d.title or d.path))
        add(dist, dcat + "mediaType", n("https://www.iana.org/assignments/media-types/" + d.media_type))
        add(dist, dcat + "downloadURL", url)
        add(dist, dcat + "byteSize", ox.Literal(str(d.size), datatype=n(XSD + "nonNegativeInteger")))
        add(dist, dct + "license", n("https://creativecommons.org/licenses/by/4.0/"))
        if d.path.startswith("dumps/" + DUMP_NAME):
            add(release, void + "dataDump", url)
    # one VoID subset per source file (named graph), with its triple count
    counts: dict[str, int] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1
    for graph_iri, count in sorted(counts.items()):
        subset = n(rebase.iri(graph_iri))
        add(release, void + "subset", subset)
        add(subset, RDF_TYPE, n(void + "Dataset"))
        add(subset, void + "triples", lit(count))
    verdicts = n(rebase.iri(verdict_graph))
    add(release, void + "subset", verdicts)
    add(verdicts, RDF_TYPE, n(void + "Dataset"))
    add(verdicts, void + "triples", lit(result.verdict_quads))
    add(verdicts, dct + "description", ox.Literal(
        f"Coverage verdicts and measure force states as of {result.as_of.isoformat()}, computed by the check.",
        language="en"))
    return dataset.rdf_bytes(t, ox.RdfFormat.TURTLE, {**dataset.prefixes(base), "ds": f"{base}dataset/"})
