"""The severity policy is data: read, checked for completeness, replaceable by a user's file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from copgraph import check
from copgraph.errors import InputError
from copgraph.report import short

from .conftest import FIXTURES, ROOT

XA = str(FIXTURES / "xa.ttl")
STATUS = {"assessed gap": "assessedGap", "partial": "partiallyCovered", "not assessed": "notAssessed"}
STATES = {"binding": "bindingNow", "reserved": "reserved", "party, date unknown": "partyDateUnknown",
          "not yet in force": "notYetInForce", "not a party": "notAParty", "soft law": "softLawOnly"}
# The bundled policy, written out by hand from the README's sentence on severity.
BUNDLED = {(s, b): ("Violation" if (s, b) == ("assessed gap", "binding") else
                    "Info" if s == "not assessed" or (s, b) == ("assessed gap", "reserved") or
                    (s == "partial" and b != "binding") else "Warning")
           for s in STATUS for b in STATES}


def policy_file(tmp_path: Path, rules: dict[tuple[str, str], str]) -> Path:
    lines = ["@prefix cg: <https://w3id.org/copgraph/ontology#> .", "@prefix sh: <http://www.w3.org/ns/shacl#> ."]
    for k, ((status, state), severity) in enumerate(rules.items()):
        lines.append(f"<https://example.org/policy/{k}> a cg:SeverityRule ; cg:forStatus cg:{STATUS[status]} ; "
                     f"cg:forBinding cg:{STATES[state]} ; cg:severity sh:{severity} .")
    path = tmp_path / "policy.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bundled_policy_is_the_documented_one(graph):
    from copgraph.check import load_policy

    assert load_policy(graph.backend()) == BUNDLED


def test_a_users_policy_replaces_it(tmp_path):
    strict = {key: ("Violation" if key[0] != "not assessed" else "Info") for key in BUNDLED}
    report = check(XA, "lanzarote-criminal", dt.date(2020, 1, 1), severity_policy=policy_file(tmp_path, strict))
    got = {short(r.requirement): r.severity for r in report.rows}
    assert got["csam-simple-possession"] == "Violation"  # partial where binding: Warning in the bundled policy
    assert got["csam-knowing-access"] == "Violation"  # reserved gap: Info in the bundled policy
    assert got["grooming"] is None  # covered never has a severity
    shacl = check(XA, "lanzarote-criminal", dt.date(2020, 1, 1), engine="shacl",
                  severity_policy=policy_file(tmp_path, strict))
    assert {short(r.requirement): r.severity for r in shacl.rows} == got


@pytest.mark.parametrize("damage, message", [
    (lambda rules: rules.pop(("partial", "soft law")), "no rule for partial / soft law"),
    (lambda rules: rules.update({("partial", "binding"): "Error"}), "unknown status, binding state or severity"),
])
def test_an_incomplete_or_wrong_policy_is_refused(tmp_path, damage, message):
    rules = dict(BUNDLED)
    damage(rules)
    with pytest.raises(InputError, match=message):
        check(XA, "lanzarote-criminal", "2020-01-01", severity_policy=policy_file(tmp_path, rules))


def test_policy_file_is_in_the_ontology_folder():
    assert (ROOT / "ontology" / "severity-policy.ttl").is_file()


@pytest.mark.parametrize("as_of, binding, severity", [("2014-12-31", "not yet in force", "Warning"),
                                                      ("2015-01-01", "binding", "Violation")])
def test_treaty_binds_from_its_entry_into_force_day(as_of, binding, severity):
    row = next(r for r in check(XA, "lanzarote-criminal", as_of).rows if short(r.requirement) == "csam-offering")
    assert (row.status, row.binding, row.severity) == ("assessed gap", binding, severity)
