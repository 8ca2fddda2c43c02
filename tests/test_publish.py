"""`copgraph publish`: the site is built once for the module, under another publisher's base IRI
(the riskier path: every IRI rewritten), and checked as a reader and a machine would use it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pyoxigraph as ox
import pytest

from copgraph import dataset, lod_pages, serve
from copgraph.check import check
from copgraph.errors import InputError
from copgraph.publish import publish
from copgraph.store import BASE, CG
from tests.browser import browser, visit

AS_OF = dt.date(2026, 11, 30)
OTHER = "https://data.example.org/cop/"
VERSION = "2026-12"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, graph):  # noqa: ANN001, ANN201
    out = tmp_path_factory.mktemp("publish") / "site"
    result = publish(out, graph=graph, base_iri=OTHER, version=VERSION, as_of=AS_OF,
                     endpoint="http://127.0.0.1:7878/query")
    return result


def _back(term):  # noqa: ANN001, ANN202 - undo the rebase, term by term
    if isinstance(term, ox.NamedNode) and term.value.startswith(OTHER):
        return ox.NamedNode(BASE + term.value[len(OTHER):])
    return term


@pytest.mark.parametrize("fmt", list(dataset.FORMATS))
def test_dumps_parse_back_to_the_graph(site, graph, fmt: str) -> None:  # noqa: ANN001
    """Each dump parses; rebased back it is exactly the loaded data (quads in quad formats)."""
    data = (site.out / "dumps" / f"copgraph.{dataset.FORMATS[fmt].extension}").read_bytes()
    assert BASE.encode() not in data.replace(b"https://w3id.org/copgraph/ontology#", b"").replace(
        b"https://w3id.org/copgraph/", b"") or True  # literals may quote our base; terms are checked below
    parsed = list(ox.parse(data, format=dataset.FORMATS[fmt].rdf))
    source = dataset.source_quads(graph)
    if dataset.FORMATS[fmt].quads:
        back = {ox.Quad(_back(q.subject), _back(q.predicate), _back(q.object), _back(q.graph_name)) for q in parsed}
        assert back == set(source) and len(parsed) == len(source) == site.quads
    else:
        back = {ox.Triple(_back(t.subject), _back(t.predicate), _back(t.object)) for t in parsed}
        assert back == {ox.Triple(q.subject, q.predicate, q.object) for q in source}
        assert len(parsed) == site.triples
    iris = {t.value for q in parsed for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    assert not {i for i in iris if i.startswith(BASE)}, "an IRI kept the default base"


def test_rebase_changes_terms_not_literals() -> None:
    quads = [ox.Quad(ox.NamedNode(BASE + "jurisdiction/GB"), ox.NamedNode(CG + "note"),
                     ox.Literal(f"see {BASE}jurisdiction/GB"), ox.NamedNode(BASE + "graph/x"))]
    text = dataset.serialise(quads, "nq", dataset.Rebase(OTHER)).decode()
    assert text == (f"<{OTHER}jurisdiction/GB> <{OTHER}ontology#note> \"see {BASE}jurisdiction/GB\" "
                    f"<{OTHER}graph/x> .\n")
    assert dataset.serialise(quads, "nq").decode().count(BASE) == 4
    with pytest.raises(InputError, match="base-iri"):
        dataset.Rebase("ftp://example.org/x")
    with pytest.raises(InputError, match="base-iri"):
        dataset.Rebase("https://example.org/no-slash")


def test_void_and_dcat_carry_the_counts(site) -> None:  # noqa: ANN001
    store = ox.Store()
    store.load(path=str(site.out / "dataset.ttl"), format=ox.RdfFormat.TURTLE)
    prefix = ("PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#> "
              "PREFIX dct: <http://purl.org/dc/terms/> ")
    release = ox.NamedNode(f"{OTHER}dataset/{VERSION}")
    row = next(store.query(prefix + "SELECT ?t ?v ?e ?l WHERE { ?d void:triples ?t ; dcat:version ?v ; "
                                    "void:sparqlEndpoint ?e ; dct:license ?l ; a dcat:Dataset, void:Dataset }"))
    assert int(row["t"].value) == site.triples and row["v"].value == VERSION
    assert row["e"].value == "http://127.0.0.1:7878/query"
    assert row["l"].value == "https://creativecommons.org/licenses/by/4.0/"
    assert store.query(prefix + f"ASK {{ <{OTHER}dataset> dcat:hasCurrentVersion {release} }}")
    subsets = [int(r["t"].value) for r in store.query(
        prefix + f"SELECT ?s ?t WHERE {{ {release} void:subset ?s . ?s void:triples ?t }}")]
    assert sum(subsets) == site.quads + site.verdict_quads
    dists = list(store.query(prefix + "SELECT ?url ?size ?type WHERE { ?d dcat:distribution ?x . "
                                      "?x dcat:downloadURL ?url ; dcat:byteSize ?size ; dcat:mediaType ?type }"))
    assert len(dists) == len(site.downloads) >= 13
    for dist in dists:
        rel = dist["url"].value.removeprefix(f"{OTHER}{VERSION}/")
        assert (site.out / rel).stat().st_size == int(dist["size"].value), rel
    assert store.query(prefix + "ASK { ?d dct:provenance/<http://www.w3.org/2000/01/rdf-schema#label> ?l "
                                "FILTER(STRSTARTS(?l, \"copgraph \")) }")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag in ("a", "link") and found.get("href"):
            self.links.append(str(found["href"]))
        self._in_script = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_no_broken_internal_link_and_every_resource_has_its_files(site, graph) -> None:  # noqa: ANN001
    """A link checker walks every page: each relative link leads to a file, each anchor to an id."""
    pages = sorted(site.out.rglob("*.html"))
    assert len(pages) == site.pages + 2  # the resources, the index and the ontology page
    parsed: dict[Path, Links] = {}
    for page in pages:
        parser = parsed[page] = Links()
        parser.feed(page.read_text(encoding="utf-8"))
    broken, checked = [], 0
    for page, parser in parsed.items():
        for link in parser.links:
            if urlsplit(link).scheme:
                continue
            target, anchor = urldefrag(link)
            path = (page.parent / unquote(target)).resolve() if target else page
            checked += 1
            if not path.is_file():
                broken.append(f"{page.relative_to(site.out)} -> {link}")
            elif anchor and path.suffix == ".html":
                ids = parsed[path].ids if path in parsed else set()
                if anchor not in ids:
                    broken.append(f"{page.relative_to(site.out)} -> {link} (no anchor)")
    assert not broken, broken[:20]
    assert checked > 50_000
    from copgraph.show import describe_all

    for iri in lod_pages.page_iris(describe_all(graph)):
        stem = site.out / lod_pages.page_path(iri)
        for ext in ("html", "ttl", "jsonld", "nt"):
            assert stem.with_name(f"{stem.name}.{ext}").is_file(), (iri, ext)


def test_a_resource_page_and_its_data(site) -> None:  # noqa: ANN001
    page = (site.out / "requirement" / "grooming.html").read_text(encoding="utf-8")
    assert "Criminalise online solicitation of children for sexual purposes" in page
    assert f"{OTHER}requirement/grooming" in page and f"{BASE}requirement/grooming" not in page
    assert 'href="../instrument/lanzarote/art_23.html"' in page  # outgoing: derived from
    assert 'href="../jurisdiction/GB/claim/grooming.html"' in page  # incoming: the GB claim
    parser = Links()
    parser.feed(page)
    embedded = json.loads(parser.scripts[0])
    ids = {node.get("@id") for node in embedded}
    assert f"{OTHER}requirement/grooming" in ids
    for ext, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD), ("nt", ox.RdfFormat.N_TRIPLES)):
        triples = list(ox.parse(path=str(site.out / "requirement" / f"grooming.{ext}"), format=fmt))
        subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
        assert f"{OTHER}requirement/grooming" in subjects
        assert f"{OTHER}jurisdiction/GB/claim/grooming" in subjects  # the incoming statements
    # a sourced claim shows its sources with their sites
    claim = (site.out / "jurisdiction" / "GB" / "claim" / "grooming.html").read_text(encoding="utf-8")
    assert "<h2>Sources</h2>" in claim and 'class="site"' in claim
    # the ontology page has an anchor per term, and '#' IRIs link to it
    onto = (site.out / "ontology.html").read_text(encoding="utf-8")
    assert 'id="Requirement"' in onto and 'href="../ontology.html#Requirement"' in page


def test_jurisdiction_page_shows_the_checks_verdicts(site, graph) -> None:  # noqa: ANN001
    page = (site.out / "jurisdiction" / "GB.html").read_text(encoding="utf-8")
    section = page.split('id="profile-lanzarote-criminal"', 1)[1].split("</details>", 1)[0]
    shown = re.findall(r'<span class="status status-([a-z-]+)">([a-z ]+)</span></td>', section)
    report = check("GB", "lanzarote-criminal", AS_OF, graph=graph)
    assert [label for _, label in shown] == [row.status for row in report.rows]
    assert all(css == label.replace(" ", "-") for css, label in shown)
    assert 'id="legend"' in page
    csv = (site.out / "tables" / "coverage.csv").read_text(encoding="utf-8")
    gb = [line for line in csv.splitlines() if line.startswith(f"{OTHER}profile/lanzarote-criminal,")
          and f",{OTHER}jurisdiction/GB,GB," in line]
    assert len(gb) == len(report.rows)


def test_csv_tables(site) -> None:  # noqa: ANN001
    import csv

    for name in ("instruments-provisions", "requirements", "parties", "measures", "claims", "coverage"):
        with (site.out / "tables" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) > 10, name
        assert not any(BASE in cell for row in rows for cell in row if cell.startswith("http")), name


def test_conneg_configs(site) -> None:  # noqa: ANN001
    htaccess = (site.out / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteBase /cop/" in htaccess and "Access-Control-Allow-Origin" in htaccess
    for line in htaccess.splitlines():
        if line.startswith("RewriteRule "):
            re.compile(line.split()[1])  # the patterns are regular expressions
            assert "R=303" in line or line.startswith(f"RewriteRule ^{VERSION}/")
    nginx = (site.out / "nginx.conf").read_text(encoding="utf-8")
    assert nginx.count("{") == nginx.count("}") and "return 303" in nginx and f"/cop/{VERSION}/" in nginx
    if shutil.which("nginx"):
        conf = site.out.parent / "nginx-test.conf"
        conf.write_text("events {}\nhttp {\n" + nginx.split("# --- in server { } ---")[0]
                        + f"server {{ listen 127.0.0.1:8999; root {site.out.parent};\n"
                        + nginx.split("# --- in server { } ---")[1] + "}\n}\n")
        done = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(site.out.parent)], capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stderr


def test_out_must_be_new_empty_or_a_previous_build(tmp_path: Path, graph) -> None:  # noqa: ANN001
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("x")
    with pytest.raises(InputError, match="not a copgraph site"):
        publish(tmp_path / "mine", graph=graph)
    assert (tmp_path / "mine" / "keep.txt").read_text() == "x"
    with pytest.raises(InputError, match="version-label"):
        publish(tmp_path / "new", graph=graph, version="../x")


def test_browser_walks_from_the_index_to_gbs_claim(site, tmp_path: Path) -> None:  # noqa: ANN001
    """Headless Chromium over a real http.server: index -> instrument -> provision -> requirement -> GB claim."""
    pages = serve.page_server(site.out, "127.0.0.1", 0, VERSION)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{pages.server_address[1]}/"
    steps = [("index", root, "instrument/lanzarote.html"),
             ("instrument", None, "instrument/lanzarote/art_23.html"),
             ("provision", None, "requirement/grooming.html"),
             ("requirement", None, "jurisdiction/GB/claim/grooming.html"),
             ("claim", None, "jurisdiction/GB.html"),
             ("jurisdiction", None, None)]
    try:
        with browser() as chromium:
            url = root
            for name, _, wanted in steps:
                seen = visit(chromium, url, tmp_path / f"{name}.png")
                assert not seen.console_errors and not seen.failed_requests, (name, seen.console_errors)
                if wanted is None:
                    assert "Coverage as of 2026-11-30" in seen.text and "not assessed" in seen.text
                    break
                target = urljoin(root, wanted)
                assert target in seen.links, (name, wanted)
                url = target
            versioned = visit(chromium, f"{root}{VERSION}/requirement/grooming", tmp_path / "versioned.png")
            assert "Criminalise online solicitation" in versioned.text
    finally:
        pages.shutdown()
        pages.server_close()
