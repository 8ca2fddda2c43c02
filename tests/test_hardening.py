"""Hostile or odd input to the loader, the literal conversion, the header parser and recheck."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copgraph.check import check
from copgraph.errors import InputError
from copgraph.queries import NamedQuery, get_query, parse_param
from copgraph.store import XSD, _to_python, bundled_files, graph_iri, load, load_files

from .conftest import FIXTURES, ROOT

# --- the .rq header parser -------------------------------------------------------------------------

# The regex it replaces (backtracks exponentially on long runs of spaces), kept as the reference.
OLD_PARAM = re.compile(
    r"(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<type>[a-z]+)\)\s*(?P<optional>optional)?\s*"
    r"(?:default\s+(?P<default>\S+))?\s*(?:e\.g\.\s*(?P<example>\S+))?\s*(?:[-—]\s*(?P<doc>.*))?$"
)


def old_parse(value: str) -> tuple | None:
    match = OLD_PARAM.match(value)
    if not match or match["type"] not in ("iso", "profile", "requirement", "instrument", "harm", "iri", "date",
                                          "integer", "string"):
        return None
    return (match["name"], match["type"], bool(match["optional"] or match["default"]), match["default"],
            match["example"], (match["doc"] or "").strip())


def new_parse(value: str) -> tuple | None:
    p = parse_param(value)
    return None if p is None else (p.name, p.type, p.optional, p.default, p.example, p.doc)


HEADERS = [
    "as_of (date) default today e.g. 2026-12-01 - the date of the review",
    "jurisdiction (iso) optional e.g. GB - one jurisdiction only",
    "years (integer) default 2 e.g. 2 - how old",
    "x(string)optional default a e.g.b -doc",
    "x (string) — em dash doc",
    "x (string)",
    "x (string) e.g. a-b-c",
    "x (nosuchtype) - doc",
    "x (string) default",
    "x (string) e.g.",
    "x (string) optional extra - doc",
    "x (string) defaultx - doc",
    "X (string) - upper-case name",
    "x (string) optionaldefault 3 - glued",
]


@pytest.mark.parametrize("header", HEADERS)
def test_header_parser_accepts_what_the_old_regex_accepted(header):
    assert new_parse(header) == old_parse(header)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["x", "y_1", " ", "  ", "(", ")", "string", "date", "optional", "default",
                                 "e.g.", "-", "—", "a", "2026-01-01", "\t"]), max_size=12))
def test_header_parser_agrees_with_the_old_regex_on_random_headers(words):
    header = "".join(words)
    assert new_parse(header) == old_parse(header)


@pytest.mark.parametrize("line", [
    "x (string)" + " " * 10_000 + "x",  # the old regex: 300 spaces took 18 s
    "x (string) optional" + " " * 10_000 + "default" + " " * 10_000,
    "x (string) e.g." + " " * 100_000 + "y z",
    "x (string) - " + "doc " * 25_000,
    "x" * 100_000,
    "x (string)" + " -" * 50_000,
])
def test_long_header_lines_parse_in_linear_time(tmp_path, line):
    path = tmp_path / "long.rq"
    path.write_text(f"# title: t\n# param: {line}\nSELECT * WHERE {{ }}\n", encoding="utf-8")
    started = time.perf_counter()
    try:
        NamedQuery.from_file(path)
    except InputError as exc:
        assert "bad parameter header" in str(exc) and len(str(exc)) < 500
    assert time.perf_counter() - started < 0.5


def test_query_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "binary.rq"
    path.write_bytes(b"# title: \xff\xfe\nSELECT * WHERE {}")
    with pytest.raises(InputError, match="not UTF-8"):
        NamedQuery.from_file(path)


# --- literals ------------------------------------------------------------------------------------


def lit(text: str, dtype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + dtype))


@pytest.mark.parametrize("text, dtype, expected", [
    ("abc", "decimal", "abc"),  # Decimal("abc") raises decimal.InvalidOperation, not ValueError
    ("NaN", "decimal", "NaN"),  # Decimal accepts it; xsd:decimal does not
    ("1e5", "decimal", "1e5"),
    (" 1.5", "decimal", " 1.5"),
    ("1.50", "decimal", Decimal("1.50")),
    ("abc", "integer", "abc"),
    ("1_000", "integer", "1_000"),  # int() accepts it; xsd:integer does not
    ("١٢", "integer", "١٢"),  # Arabic-Indic digits: int() accepts them
    ("9" * 5000, "integer", "9" * 5000),  # int() refuses more than 4300 digits
    ("+42", "integer", 42),
    ("42", "nonNegativeInteger", 42),
    ("03/01/2018", "date", "03/01/2018"),
    ("20180103", "date", "20180103"),  # date.fromisoformat accepts it; xsd:date does not
    ("2018-02-30", "date", "2018-02-30"),
    ("2018-W01-1", "date", "2018-W01-1"),
    ("2018-01-03", "date", dt.date(2018, 1, 3)),
    ("yes", "boolean", "yes"),  # was silently False
    ("0", "boolean", False),
    ("true", "boolean", True),
    ("1_0", "double", "1_0"),
    ("infinity", "double", "infinity"),
    ("INF", "double", float("inf")),
    ("-1.5E3", "double", -1500.0),
])
def test_malformed_typed_literals_stay_text(text, dtype, expected):
    value = _to_python(lit(text, dtype))
    assert value == expected and type(value) is type(expected)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["integer", "int", "decimal", "double", "float", "boolean", "date",
                                              "dateTime", "gYear", "string", "nonNegativeInteger"]))
def test_to_python_never_raises(text, dtype):
    _to_python(lit(text, dtype))


def test_malformed_literals_come_back_as_text_from_both_backends(tmp_path):
    path = tmp_path / "odd.ttl"
    values = ['"abc"^^xsd:decimal', '"1e5"^^xsd:decimal', f'"{"9" * 5000}"^^xsd:integer', '"2018-02-30"^^xsd:date',
              '"maybe"^^xsd:boolean']
    path.write_text("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + "".join(
        f"<http://e/s{i}> <http://e/p> {v} .\n" for i, v in enumerate(values)), encoding="utf-8")
    graph = load_files([path])
    for backend in ("oxigraph", "rdflib"):
        rows = graph.backend(backend).select("SELECT ?o WHERE { ?s ?p ?o }")
        assert sorted(r["o"] for r in rows) == sorted(["abc", "1e5", "9" * 5000, "2018-02-30", "maybe"])


def test_malformed_literals_in_a_file_reach_validation_not_a_crash(tmp_path):
    xa = (FIXTURES / "xa.ttl").read_text(encoding="utf-8")
    bad = xa.replace('"2018-01-01"^^xsd:date', '"abc"^^xsd:date', 1).replace(
        "cg:ageOfSexualConsent 16", 'cg:ageOfSexualConsent "1' + "0" * 5000 + '"^^xsd:integer', 1)
    path = tmp_path / "bad-literals.ttl"
    path.write_text(bad + '\n<https://w3id.org/copgraph/x> <https://w3id.org/copgraph/y> "abc"^^xsd:decimal .\n',
                    encoding="utf-8")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        check(str(path), "lanzarote-criminal", "2020-01-01", engine="fast")


# --- files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["my country.ttl", "x{1}.ttl", "Côte d'Ivoire – brouillon.ttl", "a%20b#c?.ttl",
                                  "<>\"|^`\\.ttl"])
def test_odd_file_names_load_and_check(tmp_path, name):
    path = tmp_path / name
    shutil.copy(FIXTURES / "xa.ttl", path)
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", path])
    assert graph.stats.files == 2 and len(graph.store) > 0
    ox.NamedNode(graph_iri(path, ROOT))  # a valid IRI
    report = check(str(path), "lanzarote-criminal", "2020-01-01", engine="fast")
    assert {r.status for r in report.rows} >= {"covered", "partial", "assessed gap"}


def test_graph_iri_is_percent_encoded_and_unchanged_for_plain_names(tmp_path):
    assert graph_iri(ROOT / "data" / "jurisdictions" / "GB.ttl", ROOT) == \
        "https://w3id.org/copgraph/graph/data/jurisdictions/GB"
    assert graph_iri(tmp_path / "my file{é}.ttl", ROOT).endswith("/graph/user/my%20file%7B%C3%A9%7D")


def test_file_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.ttl"
    shutil.copy(FIXTURES / "xa.ttl", path)
    monkeypatch.setenv("COPGRAPH_MAX_FILE_BYTES", "1000")
    with pytest.raises(InputError, match=r"big.ttl: \d+ bytes, over the limit of 1000 bytes.*COPGRAPH_MAX_FILE_BYTES"):
        load_files([path])
    monkeypatch.setenv("COPGRAPH_MAX_FILE_BYTES", "0")
    assert load_files([path]).stats.files == 1


@pytest.mark.parametrize("triple, where", [
    ('<http://e/s> <http://e/p> "{long}" .', "value"),
    ('<http://e/s> <http://e/p> """{long}"""@en .', "value"),
    ("<http://e/s> <http://e/p> <http://e/{long}> .", "value"),
    ("<http://e/{long}> <http://e/p> <http://e/o> .", "subject"),
])
def test_term_length_limit(tmp_path, monkeypatch, triple, where):
    path = tmp_path / "long.ttl"
    path.write_text(triple.format(long="x" * 2000), encoding="utf-8")
    monkeypatch.setenv("COPGRAPH_MAX_LITERAL_CHARS", "1000")
    with pytest.raises(InputError, match=f"long.ttl: a {where} of 20.. characters .* over the limit of 1000 "):
        load_files([path])
    monkeypatch.delenv("COPGRAPH_MAX_LITERAL_CHARS")
    assert load_files([path]).stats.triples == 1


def test_default_term_length_limit(tmp_path):
    path = tmp_path / "long.ttl"
    path.write_text(f'<http://e/s> <http://e/p> "{"x" * 100_001}" .', encoding="utf-8")
    with pytest.raises(InputError, match="over the limit of 100000 characters"):
        load_files([path])


def make_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(ROOT / "ontology", home / "ontology")
    shutil.copytree(ROOT / "data", home / "data")
    return home


def test_bundled_files_are_the_documented_layout_only(tmp_path):
    home = make_home(tmp_path)
    expected = bundled_files(home)
    stray = [home / "data" / "tmp" / "x.ttl", home / "data" / "instruments" / "old" / "lanzarote.ttl",
             home / "data" / "jurisdictions" / ".#GB.ttl", home / "ontology" / "shapes" / "extra.ttl"]
    for path in stray:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("this is not turtle {", encoding="utf-8")
    assert bundled_files(home) == expected
    assert load(root=home).stats.files == len(expected)  # the stray files would not even parse


def test_every_turtle_file_in_data_is_loaded():
    """A new folder under data/ must be added to store.DATA_DIRS (and the README), or this fails."""
    on_disk = {p for p in (ROOT / "data").rglob("*.ttl") if not p.name.startswith(".")}
    assert on_disk <= set(bundled_files())
    assert set(bundled_files()) >= set((ROOT / "ontology").glob("*.ttl"))


def test_bundled_files_without_jurisdictions():
    assert not [p for p in bundled_files(jurisdictions=False) if p.parent.name == "jurisdictions"]
    assert [p for p in bundled_files() if p.parent.name == "jurisdictions"]


# --- recheck: dates compared as dates --------------------------------------------------------------


@pytest.fixture(scope="module")
def xr():
    graph = load([FIXTURES / "recheck.ttl"])
    return {name: graph.backend(name) for name in ("oxigraph", "rdflib")}


# Claims of XR: leap (assessed 2020-02-29, high), june (2024-06-15, medium), low (2026-01-01, low).
@pytest.mark.parametrize("years, as_of, expected", [
    ("0", "2024-06-15", {"leap", "low"}),  # assessed the same day is not older than the date
    ("0", "2024-06-16", {"leap", "june", "low"}),
    ("0", "2020-02-29", {"low"}),
    ("1", "2021-02-28", {"low"}),  # 2020-02-29 + 1 year is 2021-02-28: not before the date
    ("1", "2021-03-01", {"leap", "low"}),
    ("1", "2025-06-15", {"leap", "low"}),
    ("1", "2025-06-16", {"leap", "june", "low"}),
    ("8000", "2026-12-01", {"low"}),  # as text, "10020-02-29" < "2026-12-01" called it old
    ("8000", "9999-12-31", {"low"}),
    ("7979", "9999-12-31", {"leap", "low"}),  # 9999-02-29 (as a year, month, day) is before 9999-12-31
    ("7975", "9999-06-16", {"leap", "june", "low"}),
])
def test_recheck_compares_dates_not_text(xr, years, as_of, expected):
    for store in xr.values():
        rows = get_query("recheck").run(store, {"jurisdiction": "XR", "years": years, "as_of": as_of})
        assert {r["claim"].rsplit("-", 1)[-1] for r in rows} == expected, store.name
        low = [r["reason"] for r in rows if r["claim"].endswith("low")]
        assert low == ["low confidence"]


@pytest.mark.parametrize("years", ["1" + "0" * 18, "9" * 5000, "١"])
def test_recheck_years_out_of_range(xr, years):
    with pytest.raises(InputError, match="is not an integer"):
        get_query("recheck").run(xr["oxigraph"], {"jurisdiction": "XR", "years": years})


def test_triple_term_is_refused_by_validation_not_a_crash(tmp_path):
    """Found by benchmarks/fuzz.py: an RDF 1.2 triple term reached rdflib as an AttributeError."""
    from copgraph.validate import validate_file

    path = tmp_path / "triple-term.ttl"
    path.write_text("<http://e/s> <http://e/p> <<( <http://e/a> <http://e/b> <http://e/c> )>> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="triple terms"):
        validate_file(path)
