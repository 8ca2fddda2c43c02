"""The query library against a fictional jurisdiction worked out by hand, and its headers.

tests/test_query_library.py holds every query to expectations computed in plain Python on the
bundled and synthetic data. Here the expectations are written out by hand from
tests/fixtures/xa.ttl (Testland, XA: every case of the coverage rules once), the bundled data
around it playing no part except through differences (bundled + XA against bundled alone).
Also: every header example runs, with identical rows on both backends; hostile parameter values
are rejected before any query is built.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import rdflib
from click.testing import CliRunner

from copgraph.cli import main
from copgraph.errors import InputError
from copgraph.queries import NamedQuery, get_query, named_queries
from copgraph.store import BASE, load

from .conftest import FIXTURES, RDFLIB_TIMEOUT, ROOT

XA = BASE + "jurisdiction/XA"
REQ = BASE + "requirement/"
XA_MEASURE = XA + "/measure/"
XA_CLAIMS = {"grooming", "csam-simple-possession", "csam-production-1", "csam-production-2", "csam-offering",
             "csam-knowing-access", "corruption-of-children", "provider-mandatory-reporting"}

# Testland against lanzarote-criminal on 2020-01-01, from the comments of xa.ttl:
# requirement -> (status, binding); every other requirement of the profile is not assessed, binding.
XA_2020 = {
    "grooming": ("covered", "binding"),  # under-16s, and XA's age of consent is 16; in force 2018
    "csam-production": ("covered", "binding"),  # the replacement section is in force from 2019-06-01
    "csam-simple-possession": ("partial", "binding"),  # images of under-16s; the requirement says 18
    "corruption-of-children": ("partial", "binding"),  # under-14s; national age of consent 16
    "csam-offering": ("assessed gap", "binding"),
    "csam-knowing-access": ("assessed gap", "reserved"),  # XA's reservation under Art. 20(4)
}


@pytest.fixture
def xa_graph():
    """A fresh graph per test, so that it holds only the verdicts its own queries add."""
    return load([FIXTURES / "xa.ttl"], cache=False)


@pytest.fixture
def backends(xa_graph):
    """The bundled data plus XA; queries run on both backends (verdicts added as queries need them)."""
    return xa_graph


@pytest.fixture(scope="module")
def criminal_profile() -> set[str]:
    """The requirements of lanzarote-criminal, read from the profile file."""
    graph = rdflib.Graph().parse(ROOT / "data" / "profiles" / "instruments.ttl")
    profile = rdflib.URIRef(BASE + "profile/lanzarote-criminal")
    return {str(r) for r in graph.objects(profile, rdflib.URIRef(BASE + "ontology#includes"))}


def both(backends, name: str, **values: str) -> list[dict]:
    """Run on both backends, insist on identical rows, return them."""
    query = get_query(name)
    rows = {label: query.run_on(backends, values, label) for label in ("oxigraph", "rdflib")}
    key = lambda r: repr(sorted(r.items()))  # noqa: E731
    assert sorted(rows["oxigraph"], key=key) == sorted(rows["rdflib"], key=key), name
    return rows["oxigraph"]


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_profile_gaps_by_hand(backends, criminal_profile):
    rows = both(backends, "profile-gaps", profile="lanzarote-criminal", jurisdiction="XA", as_of="2020-01-01")
    got = {(slug(r["requirement"]), r["status"], r["binding"]) for r in rows}
    expected = {(slug(r), "not assessed", "binding") for r in criminal_profile if slug(r) not in XA_2020}
    expected |= {(req, status, bound) for req, (status, bound) in XA_2020.items() if status != "covered"}
    assert got == expected
    # one row per provision behind each requirement, with its citation
    offering = [r for r in rows if slug(r["requirement"]) == "csam-offering"]
    assert offering and all(r["citation"] and r["instrument"] for r in offering)


def test_coverage_matrix_for_one_jurisdiction_by_hand(backends, criminal_profile):
    rows = both(backends, "coverage-matrix", profile="lanzarote-criminal", jurisdiction="XA", as_of="2020-01-01")
    got = {slug(r["requirement"]): (r["status"], r["cell"]) for r in rows}
    expected = {slug(r): ("not assessed", "not assessed") for r in criminal_profile}
    expected.update({req: (status, "reserved" if bound == "reserved" else status)
                     for req, (status, bound) in XA_2020.items()})
    assert got == expected
    assert {r["code"] for r in rows} == {"XA"}


def test_coverage_matrix_before_the_grooming_act(backends):
    rows = get_query("coverage-matrix").run_on(backends, {  # both backends: the test above
        "profile": "lanzarote-criminal", "jurisdiction": "XA", "as_of": "2017-06-01"})
    got = {slug(r["requirement"]): r["cell"] for r in rows}
    assert got["grooming"] == "not assessed"  # its measure enters into force on 2018-01-01
    assert got["csam-production"] == "covered"  # the old section, in force 2010 to 2019-06-01


def test_binding_gaps_xa_adds_exactly_its_unreserved_gap(graph, backends):
    params = {"profile": "lanzarote-criminal", "as_of": "2020-01-01"}
    before = {r["requirement"]: r["jurisdictions"] for r in get_query("binding-gaps").run_on(graph, params)}
    after = {r["requirement"]: r["jurisdictions"] for r in both(backends, "binding-gaps", **params)}
    expected = dict(before)
    expected[REQ + "csam-offering"] = before.get(REQ + "csam-offering", 0) + 1  # knowing access is reserved
    assert after == expected
    # before XA was bound by Lanzarote (in force for it from 2015-01-01), its gaps bind nothing
    early = {"profile": "lanzarote-criminal", "as_of": "2014-06-01"}
    assert both(backends, "binding-gaps", **early) == get_query("binding-gaps").run_on(graph, early)


def test_party_coverage_by_hand(backends):
    rows = both(backends, "party-coverage", instrument="lanzarote", requirement="csam-offering", as_of="2020-01-01")
    assert [(r["jurisdiction"], r["status"], r["inForceFrom"]) for r in rows if r["code"] == "XA"] == [
        ("Testland", "assessed gap", dt.date(2015, 1, 1))]
    rows = both(backends, "party-coverage", instrument="lanzarote", requirement="grooming", as_of="2020-01-01")
    assert "XA" not in {r["code"] for r in rows}  # covered
    rows = both(backends, "party-coverage", instrument="budapest", requirement="csam-offering", as_of="2020-01-01")
    assert "XA" not in {r["code"] for r in rows}  # not a Party to Budapest


def test_age_below_by_hand(backends):
    rows = both(backends, "age-below", jurisdiction="XA")
    got = {(slug(r["requirement"]), r["basis"], r["requiredAge"], r["protectedAge"], slug(r["measure"])) for r in rows}
    assert got == {
        ("corruption-of-children", "national age of consent", 16, 14, "penal-code-210"),
        ("csam-simple-possession", "fixed age", 18, 16, "penal-code-200"),
    }


@pytest.mark.parametrize("as_of, in_force", [("2026-11-01", True), ("2026-10-31", False)])
def test_reporting_duties_by_hand(backends, as_of, in_force):
    rows = both(backends, "reporting-duties", jurisdiction="XA", as_of=as_of)
    # takedown on notice, where only a duty to report is accepted; in force from its assessment date
    assert [(r["modality"], slug(r["requirement"]), r["accepted"], r["inForce"]) for r in rows] == [
        (BASE + "ontology#takedownOnNotice", "provider-mandatory-reporting", False, in_force)]


# online-act-s5 has no recorded start and was assessed on 2026-11-01: before then nobody can tell.
@pytest.mark.parametrize("as_of, expected", [
    ("2017-06-01", {("grooming-act-s1", "not yet in force", None), ("penal-code-199", "not yet in force", None),
                    ("penal-code-199-old", "replaced", "penal-code-199"), ("online-act-s5", "cannot tell", None)}),
    ("2019-01-01", {("penal-code-199", "not yet in force", None),
                    ("penal-code-199-old", "replaced", "penal-code-199"), ("online-act-s5", "cannot tell", None)}),
    ("2020-01-01", {("penal-code-199-old", "no longer in force", "penal-code-199"),
                    ("online-act-s5", "cannot tell", None)}),
    ("2026-11-01", {("penal-code-199-old", "no longer in force", "penal-code-199")}),
])
def test_measure_lifecycle_by_hand(backends, as_of, expected):
    rows = both(backends, "measure-lifecycle", jurisdiction="XA", as_of=as_of)
    got = {(slug(r["measure"]), r["state"], r["replacedBy"] and slug(r["replacedBy"])) for r in rows}
    assert got == expected


@pytest.mark.parametrize("as_of, years, expected", [
    ("2028-11-02", "2", XA_CLAIMS),  # assessed 2026-11-01: two years on is 2028-11-01, before the date
    ("2028-11-01", "2", set()),  # not more than two years old yet
    ("2027-11-02", "1", XA_CLAIMS),
])
def test_recheck_by_hand(backends, as_of, years, expected):
    rows = both(backends, "recheck", jurisdiction="XA", as_of=as_of, years=years)
    assert {slug(r["claim"]) for r in rows} == expected
    assert {r["reason"] for r in rows} <= {"assessment too old"}  # no XA claim has low confidence


def test_reservations_and_missing_eif_by_hand(graph, backends):
    rows = both(backends, "reservations", instrument="lanzarote")
    assert [(r["kind"], slug(r["reservation"]), r["limitedTo"], r["madeOn"]) for r in rows if r["code"] == "XA"] == [
        ("reservation", "art_20__para_4", None, None)]
    # XA's entry into force is recorded, so the list of Parties to complete does not change
    missing = both(backends, "parties-missing-eif", instrument="lanzarote")
    assert missing == get_query("parties-missing-eif").run_on(graph, {"instrument": "lanzarote"})


def test_compare_xa_with_itself_and_over_time(backends):
    assert both(backends, "compare", a="XA", b="XA", profile="lanzarote-criminal", as_of="2020-01-01") == []


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_header_is_complete_and_its_examples_run(compare_graph, name):
    query = get_query(name)
    assert query.title and query.question and query.columns
    assert all(p.example for p in query.params), f"{name}: every parameter needs an example"
    assert all(p.doc for p in query.params), f"{name}: every parameter needs a description"
    values = {p.name: p.example for p in query.params}  # optional ones too
    ox_rows = query.run_on(compare_graph, values, "oxigraph")
    rdf_rows = query.run_on(compare_graph, values, "rdflib", timeout=RDFLIB_TIMEOUT)
    key = lambda r: repr(sorted(r.items()))  # noqa: E731
    assert sorted(ox_rows, key=key) == sorted(rdf_rows, key=key)
    assert all(list(r) == query.columns for r in ox_rows), f"{name}: columns differ from the header"


def outer_text(text: str) -> str:
    """The query without comments and without its sub-selects: what the outer VALUES block reaches."""
    text = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("#") else "" for line in text.splitlines())
    first = text.upper().index("SELECT")
    while (at := text.upper().find("SELECT", first + 1)) != -1:
        start = text.rindex("{", 0, at)
        depth, end = 0, start
        for end in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        text = text[:start] + text[end + 1:]
    return text


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_parameters_are_used_in_the_outermost_where(name):
    """Parameters are bound by a VALUES block atop the outer WHERE: a sub-select would not see them."""
    query = get_query(name)
    outer = outer_text(query.text)
    for param in query.params:
        assert f"?{param.name}" in outer, f"{name}: ?{param.name} is not used outside sub-selects"


# --- hostile values ----------------------------------------------------------------------------


@pytest.mark.parametrize("name, values", [
    ("profile-gaps", {"profile": "lanzarote-criminal", "jurisdiction": 'GB" } ; DROP ALL ; #'}),
    ("profile-gaps", {"profile": 'lanzarote-criminal> } <x', "jurisdiction": "GB"}),
    ("party-coverage", {"instrument": "lanzarote", "requirement": "grooming } UNION { ?s ?p ?o"}),
    ("recommendations-for-harm", {"harm": "csam>"}),
    ("recheck", {"years": "2 } ; #"}),
    ("recheck", {"as_of": '2026-01-01"^^<x> } #'}),
])
def test_hostile_values_are_rejected(graph, name, values):
    with pytest.raises(InputError):
        get_query(name).run(graph.backend(), values)


@pytest.mark.parametrize("value", ["x> } <y", "https://example.org/a> } <https://example.org/b",
                                   "https://example.org/a b", 'https://example.org/"x"'])
def test_hostile_iri_is_rejected(graph, tmp_path, value):
    path = tmp_path / "about.rq"
    path.write_text("# title: statements about a resource\n# param: resource (iri) e.g. https://example.org/a"
                    " - the resource\n# columns: p, o\nSELECT ?p ?o WHERE { ?resource ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError):
        NamedQuery.from_file(path).run(graph.backend(), {"resource": value})


def test_a_bound_string_is_one_literal_whatever_it_holds(graph):
    hostile = 'x" } ; DROP ALL ; # \\ \n <y> \'\'\' """'
    size = len(graph.store)
    for backend in ("oxigraph", "rdflib"):
        # the value comes back unchanged: it was one literal, never query text
        assert graph.backend(backend).select("SELECT ?label WHERE { }", {"label": hostile}) == [{"label": hostile}]
        assert graph.backend(backend).select("SELECT ?s WHERE { ?s ?p ?label }", {"label": hostile}) == []
    assert len(graph.store) == size


# --- the command line --------------------------------------------------------------------------


def test_cli_lists_every_query_and_renders_json():
    runner = CliRunner()
    listing = runner.invoke(main, ["queries"])
    assert listing.exit_code == 0
    assert all(f"{name}:" in listing.output for name in named_queries())
    result = runner.invoke(main, ["query", "age-below", "--param", "jurisdiction=DE", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows and {r["code"] for r in rows} == {"DE"} and list(rows[0]) == get_query("age-below").columns


@pytest.mark.parametrize("args", [
    ["query", "no-such-query"],
    ["query", "../queries/age-below"],
    ["query", "coverage-matrix", "--param", "profile=lanzarote-criminal", "--param", "jurisdiction=XA"],  # not bundled
    ["query", "coverage-matrix", "--param", "profile=no-such-profile"],
    ["query", "recheck", "--param", "as_of=2026-02-30"],
    ["query", "recheck", "--param", "years"],
    ["query", "age-below", "--param", "jurisdiction=GB", "--param", "harm=csam"],
])
def test_cli_bad_input_exits_2(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, (args, result.output)
    assert "Traceback" not in result.output
