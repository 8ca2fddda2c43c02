"""Harmonisation reviews on tests/fixtures/harmonise/blocs.ttl, worked out by hand.

The fixture (read its header) has five jurisdictions and five requirements, as of 2026-01-01:

             production  possession   offering     provider-reporting  knowing-access
    XP       covered     covered      covered      covered (police)    not assessed
    XQ       covered     covered      covered*     not assessed        not assessed
    XR       covered     partial(16)  covered      not assessed        not assessed
    XS       gap         gap          gap          gap                 not assessed
    XT       gap         gap          gap          not assessed        not assessed
    (* XQ's offering measure enters into force on 2020-12-31)

Pairs, on the requirements both have assessed (never knowing-access, which nobody assessed):
XP-XQ share production, possession, offering (3) and agree on 3 -> 1.0; XP-XR share 3, agree 2
(possession: covered vs partial) -> 0.6667; XQ-XR likewise 0.6667; XS-XT share 3, agree 3 -> 1.0;
XP-XS share 4 (provider too), agree 0 -> 0.0; every other cross pair shares 3 and agrees on 0.
So the blocs are {XP, XQ, XR} and {XS, XT}.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import copgraph
from copgraph.check import check_one, context
from copgraph.cli import main
from copgraph.errors import InputError
from copgraph.harmonise import figure_rows, frequent_gaps, nobody_assessed, review, split_codes, timeline_rows
from copgraph.harmonise_network import communities, separating_rows, similarity_graph, write_graph
from copgraph.harmonise_render import compare_table, render, render_compare, render_html
from copgraph.store import load

from .browser import browser, visit
from .conftest import FIXTURES

BLOCS = FIXTURES / "harmonise" / "blocs.ttl"
PROFILE = "harmonise-test"
DAY = dt.date(2026, 1, 1)
CODES = ["XP", "XQ", "XR", "XS", "XT"]
COV, PART, GAP, NA = "covered", "partial", "assessed gap", "not assessed"
REQS = ["csam-knowing-access", "csam-offering", "csam-production", "csam-simple-possession",
        "provider-mandatory-reporting"]
EXPECTED = {  # code -> status per requirement in REQS order
    "XP": [NA, COV, COV, COV, COV],
    "XQ": [NA, COV, COV, COV, NA],
    "XR": [NA, COV, COV, PART, NA],
    "XS": [NA, GAP, GAP, GAP, GAP],
    "XT": [NA, GAP, GAP, GAP, NA],
}


@pytest.fixture(scope="module")
def fixture_graph():
    return load([BLOCS], jurisdictions=False, cache=False)


@pytest.fixture(scope="module")
def ctx(fixture_graph):
    return context(fixture_graph, PROFILE)


@pytest.fixture(scope="module")
def rev(ctx):
    return review(ctx, DAY)


def test_all_means_every_jurisdiction_with_evidence_and_cells_are_the_checks_rows(rev, ctx):
    assert rev.codes == CODES
    assert [s.iri.rsplit("/", 1)[-1] for s in rev.requirements] == REQS
    for code, statuses in EXPECTED.items():
        assert [rev.cell(code, r).status for r in REQS] == statuses, code
        one = {r.requirement: r for r in check_one(ctx, code, DAY).rows}
        for slug in REQS:
            cell = rev.cell(code, slug)
            row = one[cell.requirement]
            assert (cell.status, cell.binding, cell.severity, cell.row.reason) == \
                (row.status, row.binding, row.severity, row.reason)


def test_cell_parameters_binding_and_sources(rev):
    assert rev.cell("XR", "csam-simple-possession").ages() == "under-16s"
    assert rev.cell("XR", "csam-simple-possession").text() == "partial; binding; under-16s"
    assert rev.cell("XP", "provider-mandatory-reporting").legal_form() == "reportToPolice"
    assert rev.cell("XP", "provider-mandatory-reporting").binding == "soft law"
    assert rev.cell("XS", "csam-production").binding == "not a party"
    assert rev.cell("XS", "csam-production").ages() == ""  # no measure, no parameter
    got = rev.cell("XP", "csam-production").as_dict()
    assert got["sources"] == "https://example.org/XP/code"
    assert got["claims"] == "https://w3id.org/copgraph/jurisdiction/XP/claim/csam-production"


def test_a_chosen_list_keeps_its_order_and_unknown_codes_are_all_named(ctx):
    assert review(ctx, DAY, ["XT", "XP"]).codes == ["XT", "XP"]
    with pytest.raises(InputError, match="unknown jurisdictions QQ, ZZ"):
        review(ctx, DAY, ["XP", "QQ", "ZZ"])
    with pytest.raises(InputError, match="not an ISO 3166 code: G1"):
        review(ctx, DAY, ["G1"])
    assert split_codes(["GB,fr", " DE ", "GB"]) == ["GB", "FR", "DE"]


def test_compare_lists_only_the_requirements_that_differ(rev, ctx):
    pair = review(ctx, DAY, ["XP", "XR"])
    table = compare_table(pair)
    # production, offering: both covered and binding; knowing access: both not assessed, binding.
    assert [r[0] for r in table.rows] == ["csam-simple-possession", "provider-mandatory-reporting"]
    assert table.columns[:4] == ["requirement", "label", "XP status", "XP binding"]
    got = dict(zip(table.columns, table.rows[0], strict=True))
    assert (got["XP status"], got["XR status"], got["XR parameters"]) == (COV, PART, "under-16s")
    assert "Penal Code, art. 11" in got["XR measures"] and got["XR sources"] == "https://example.org/XR/code"
    assert len(compare_table(pair, all_rows=True).rows) == 5
    data = json.loads(render_compare(pair, "json"))
    assert data["rows"][1]["XR status"] == NA and data["rows"][1]["XP status"] == COV


def test_similarity_counts_only_requirements_both_assessed(rev):
    g = similarity_graph(rev, 3)
    assert (g["XP"]["XQ"]["weight"], g["XP"]["XQ"]["shared"]) == (1.0, 3)  # not 3/4, not 4/5
    assert (g["XP"]["XR"]["weight"], g["XP"]["XR"]["agree"]) == (0.6667, 2)
    assert (g["XS"]["XT"]["weight"], g["XS"]["XT"]["shared"]) == (1.0, 3)
    assert (g["XP"]["XS"]["weight"], g["XP"]["XS"]["shared"]) == (0.0, 4)


@pytest.mark.parametrize("min_shared, xp_xr, xp_xs", [(2, True, True), (3, True, True), (4, False, True),
                                                      (5, False, False)])
def test_edge_threshold_below_at_above(rev, min_shared, xp_xr, xp_xs):
    g = similarity_graph(rev, min_shared)  # XP-XR share 3 assessed requirements, XP-XS share 4
    assert g.has_edge("XP", "XR") is xp_xr
    assert g.has_edge("XP", "XS") is xp_xs


def test_communities_are_the_two_blocs_and_what_separates_them(rev):
    groups = communities(similarity_graph(rev, 3))
    assert groups == [["XP", "XQ", "XR"], ["XS", "XT"]]
    rows = separating_rows(rev, groups)
    assert [(r["requirement"], r["spread"]) for r in rows] == [
        ("csam-offering", 1.0), ("csam-production", 1.0), ("provider-mandatory-reporting", 1.0),
        ("csam-simple-possession", 0.6667)]  # knowing access: nobody assessed it, it separates nothing
    assert rows[2]["community 1 covered"] == "1 of 1" and rows[2]["community 2 covered"] == "0 of 1"
    assert rows[3]["community 1 covered"] == "2 of 3"
    assert nx.get_node_attributes(rev.graph, "community") == {"XP": 1, "XQ": 1, "XR": 1, "XS": 2, "XT": 2}


def test_figures_split_parties_from_non_parties(rev):
    rows = {(r["requirement"], r["group"]): r for r in figure_rows(rev)}
    production = rows[("csam-production", "all")]
    assert (production[COV], production[GAP], production[NA], production["share covered"]) == (3, 2, 0, 0.6)
    assert "Lanzarote" in production["treaties"]
    assert (rows[("csam-production", "Parties")]["jurisdictions"], rows[("csam-production", "Parties")][COV]) == (3, 3)
    assert (rows[("csam-production", "non-Parties")][GAP], rows[("csam-production", "non-Parties")][COV]) == (2, 0)
    provider = rows[("provider-mandatory-reporting", "soft law")]
    assert (provider["jurisdictions"], provider[COV], provider[GAP], provider[NA]) == (5, 1, 1, 3)
    assert provider["covered of assessed"] == 0.5  # not assessed is neither coverage nor a gap
    assert ("provider-mandatory-reporting", "Parties") not in rows
    assert rows[("csam-knowing-access", "all")]["covered of assessed"] is None
    assert nobody_assessed(rev) == [{"requirement": "csam-knowing-access", "label": rev.requirements[0].label}]
    gaps = frequent_gaps(rev)
    assert [(g["requirement"], g["assessed gaps"], g["binding gaps"]) for g in gaps] == [
        ("csam-offering", 2, 0), ("csam-production", 2, 0), ("csam-simple-possession", 2, 0),
        ("provider-mandatory-reporting", 1, 0)]


def test_timeline_counts_before_at_and_after_entry_into_force(ctx):
    rows = timeline_rows(review(ctx, DAY), 2009, 2021)
    covered = {(r["year"], r["requirement"]): r[COV] for r in rows}
    # XQ's offering measure: in force from 2020-12-31, the last day of 2020 (years are judged on 31 December)
    assert [covered[(y, "csam-offering")] for y in (2019, 2020, 2021)] == [2, 3, 3]
    assert covered[(2009, "csam-production")] == 0  # the penal codes enter into force on 2010-01-01
    assert covered[(2010, "csam-production")] == 3
    na_2019 = next(r for r in rows if (r["year"], r["requirement"]) == (2019, "csam-offering"))
    assert (na_2019[COV], na_2019[GAP], na_2019[NA]) == (2, 2, 1)
    assert review(ctx, dt.date(2020, 12, 30), ["XQ"]).cell("XQ", "csam-offering").status == NA
    assert review(ctx, dt.date(2020, 12, 31), ["XQ"]).cell("XQ", "csam-offering").status == COV


def test_python_api_gives_tidy_frames(fixture_graph):
    got = copgraph.harmonise(PROFILE, "XP,XS", as_of="2026-01-01", graph=fixture_graph)
    assert got.cells.shape == (10, 14)
    assert got.cells.set_index(["code", "requirement"]).loc[("XS", "csam-offering"), "status"] == GAP
    assert set(got.figures["group"]) == {"all", "Parties", "non-Parties", "soft law"}
    frame = got.timeline(2020, 2021)
    assert len(frame) == 10 and set(frame.columns) >= {"year", "as_of", "requirement", COV, NA}
    assert isinstance(got.graph, nx.Graph) and got.graph.has_edge("XP", "XS")


def test_xlsx_holds_the_same_cells_as_csv(rev, tmp_path):
    csv_rows = list(csv.reader(io.StringIO(render(rev, "csv"))))
    path = tmp_path / "review.xlsx"
    path.write_bytes(render(rev, "xlsx"))
    book = load_workbook(path)
    assert book.sheetnames == ["matrix", "cells", "evidence"]
    matrix = [[c if c is not None else "" for c in row] for row in book["matrix"].iter_rows(values_only=True)]
    assert matrix == csv_rows
    assert csv_rows[0] == ["requirement", "label", *CODES]
    comment = book["matrix"]["E5"].comment  # row 5: csam-simple-possession; column E: XR
    assert comment is not None and "protects under-16s" in comment.text
    evidence = list(book["evidence"].iter_rows(values_only=True))
    assert len(evidence) == 1 + 17 + 8  # one row per claim (17), and one per cell without a claim (8)
    assert sum(1 for row in evidence[1:] if row[5]) == 17  # the claims in the fixture


def test_graph_exports_read_back(rev, tmp_path):
    for name in ("g.graphml", "g.gexf"):
        write_graph(rev.graph, str(tmp_path / name))
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back["XP"]["XR"]["weight"] == 0.6667 and back.nodes["XS"]["community"] == 2
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert gexf.number_of_edges() == rev.graph.number_of_edges()
    with pytest.raises(InputError, match="graphml"):
        write_graph(rev.graph, str(tmp_path / "g.txt"))


def test_html_report_in_headless_chromium(rev, tmp_path):
    page = tmp_path / "review.html"
    page.write_text(render_html(rev, (2019, 2021)), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    assert "src=\"http" not in text and "<link" not in text  # self-contained
    with browser() as b:
        seen = visit(b, page.as_uri(), tmp_path / "review.png")
    assert seen.console_errors == [] and seen.failed_requests == []
    assert seen.title.startswith("Harmonisation review")
    assert page.as_uri() + "#cell-XR-csam-simple-possession" in seen.links
    assert "Requirements nobody has assessed" in seen.text and "copgraph" in seen.text
    assert (tmp_path / "review.png").stat().st_size > 10_000


def test_cli_on_the_bundled_data(tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["harmonise", "-p", "icmec-csam", "-j", "GB,FR", "-j", "DE", "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == "requirement,label,GB,FR,DE"
    png = tmp_path / "m.png"
    assert runner.invoke(main, ["harmonise", "-p", "icmec-csam", "-j", "GB,FR", "-o", str(png)]).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    graphml = tmp_path / "g.graphml"
    timeline = runner.invoke(main, ["harmonise", "-p", "icmec-csam", "-j", "GB,FR", "--from", "2015", "--to", "2016",
                                    "--format", "csv", "--graph", str(graphml), "--min-shared", "1"])
    assert timeline.exit_code == 0, timeline.output
    assert timeline.output.splitlines()[0] == "requirement,label,2015,2016"
    assert set(nx.read_graphml(graphml).nodes) == {"GB", "FR"}
    bad = runner.invoke(main, ["harmonise", "-p", "icmec-csam", "-j", "GB,ZZ,QX"])
    assert bad.exit_code == 2 and "unknown jurisdictions ZZ, QX" in bad.output
    assert runner.invoke(main, ["harmonise", "-p", "icmec-csam", "--all", "-j", "GB"]).exit_code == 2
    assert runner.invoke(main, ["harmonise", "-p", "icmec-csam", "--from", "2020"]).exit_code == 2
    cmp = runner.invoke(main, ["compare", "GB", "FR", "--profile", "icmec-csam", "--format", "csv", "--all-rows"])
    assert cmp.exit_code == 0 and cmp.output.splitlines()[0].startswith("requirement,label,GB status,GB binding")
    assert len(cmp.output.strip().splitlines()) == 6  # header + the 5 requirements of icmec-csam
    assert runner.invoke(main, ["compare", "GB", "--profile", "icmec-csam"]).exit_code == 2
