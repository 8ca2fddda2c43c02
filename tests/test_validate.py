"""validate = check: what `check FILE` refuses, `validate` refuses, with a message that says what to change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from copgraph import check
from copgraph.errors import InputError
from copgraph.report import short
from copgraph.validate import inspect_file

from .conftest import FIXTURES

XA_TEXT = (FIXTURES / "xa.ttl").read_text(encoding="utf-8")
CLAIM = ("xa:claim\\/grooming a cg:Claim ; cg:jurisdiction jur:XA ; cg:aboutRequirement req:grooming ;\n"
         "    cg:byMeasure xa:measure\\/grooming-act-s1 ; cg:level cg:full ; cg:protectedAge 16 ;")


def variant(tmp_path: Path, old: str, new: str, name: str = "x.ttl") -> Path:
    assert old in XA_TEXT
    path = tmp_path / name
    path.write_text(XA_TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def problems(path: Path) -> str:
    found = inspect_file(path)
    with pytest.raises(InputError) as refused:  # check refuses exactly the same file
        check(str(path), "lanzarote-criminal", "2020-01-01")
    text = "\n".join(str(p) for p in found.problems)
    assert text and all(str(p) in str(refused.value) for p in found.problems)
    return text


def test_the_fixture_is_well_formed_and_summarised():
    found = inspect_file(FIXTURES / "xa.ttl")
    assert found.problems == [] and found.codes == ["XA"]
    assert found.summary() == "XA: 6 measures, 8 claims, 1 party statuses, 1 reservations, 4 sources"


def test_empty_file(tmp_path):
    path = tmp_path / "empty.ttl"
    path.write_text("# nothing\n", encoding="utf-8")
    assert "holds no triples" in problems(path)


def test_misspelt_property_is_named_with_the_nearest_term(tmp_path):
    text = problems(variant(tmp_path, "cg:level cg:full ; cg:protectedAge 16 ;",
                            "cg:level cg:full ; cg:protectedAgee 16 ;"))
    assert "cg:protectedAgee is not a term of the copgraph ontology; did you mean cg:protectedAge?" in text


def test_untyped_claim_is_checked_and_told_to_declare_its_type(tmp_path):
    text = problems(variant(tmp_path, "xa:claim\\/grooming a cg:Claim ;", "xa:claim\\/grooming"))
    assert "must be typed cg:Claim" in text


def test_untyped_claim_with_a_text_age_is_refused_not_counted(tmp_path):
    untyped = CLAIM.replace("a cg:Claim ;", "").replace("cg:protectedAge 16", 'cg:protectedAge "sixteen"')
    path = variant(tmp_path, CLAIM, untyped)
    text = problems(path)
    assert "protected age" in text and "must be typed cg:Claim" in text


def test_two_jurisdictions(tmp_path):
    path = variant(tmp_path, "cg:aboutRequirement req:csam-offering ;",
                   "cg:aboutRequirement req:csam-offering ; cg:jurisdiction jur:FR ;")
    path.write_text(path.read_text().replace(
        "xa:claim\\/csam-offering a cg:Claim ; cg:jurisdiction jur:XA ;", "xa:claim\\/csam-offering a cg:Claim ;"))
    path.write_text(path.read_text() + "\n<https://w3id.org/copgraph/jurisdiction/FR/claim/x> a cg:Claim ; "
                    "cg:jurisdiction jur:FR .\n")
    assert "exactly one jurisdiction (found: FR, XA)" in problems(path)


def test_wrong_namespace(tmp_path):
    path = tmp_path / "wrong.ttl"
    path.write_text(XA_TEXT.replace("<https://w3id.org/copgraph/ontology#>", "<http://example.org/cg#>"),
                    encoding="utf-8")
    assert "no measure, claim or party status found" in problems(path)


def test_a_users_file_cannot_change_the_catalogue(tmp_path):
    path = variant(tmp_path, "jur:XA a cg:Country ;",
                   '<https://w3id.org/copgraph/requirement/grooming> rdfs:label "Nothing to see"@en .\n'
                   "<https://w3id.org/copgraph/profile/icmec-csam> cg:includes req:grooming .\njur:XA a cg:Country ;")
    text = problems(path)
    assert "<https://w3id.org/copgraph/requirement/grooming>" in text
    assert "<https://w3id.org/copgraph/profile/icmec-csam>" in text
    assert "must not change the catalogue" in text


def test_old_reservation_format_says_what_to_change(tmp_path):
    path = variant(tmp_path, "cg:madeReservation xa:status\\/lanzarote\\/reservation\\/art_20__para_4 ;",
                   "cg:madeReservation <https://w3id.org/copgraph/instrument/lanzarote/reservation/art_20__para_4> ;")
    assert "pointing straight at the option is the old format" in problems(path)


def test_non_web_source_is_refused(tmp_path):
    path = variant(tmp_path, "dcterms:source <https://example.org/testland/grooming-act> ; cg:assessedOn",
                   "dcterms:source <javascript:alert(1)> ; cg:assessedOn")
    assert "http(s) URL" in problems(path)


def test_de_budapest_attempt_reservation_limited_to_art_3_leaves_attempt_binding(graph):
    from copgraph.check import check_one, context

    report = check_one(context(graph, "lanzarote-full"), "DE", dt.date(2020, 6, 1), "fast")
    row = next(r for r in report.rows if short(r.requirement) == "attempt")
    assert row.binding == "binding"  # Budapest binds DE from 2009; its 11(3) reservation concerns Art. 3 only
