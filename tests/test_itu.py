"""The ITU guidelines graph counts what the seed document says."""

from __future__ import annotations

import pytest

from copgraph.show import show

PREFIX = ("PREFIX cg: <https://w3id.org/copgraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
          "PREFIX eli: <http://data.europa.eu/eli/ontology#> ")
HARM = "https://w3id.org/copgraph/concept/harm/"

# Harms the catalogue's instruments do not address, and why (reviewed by hand).
KNOWN_GAPS = {
    "radicalisation": "no catalogued instrument deals with extremist content",
    "ideological-persuasion": "no catalogued instrument deals with extremist content",
    "hate-speech": "no catalogued instrument deals with hate speech",
    "discrimination": "CRC Art. 2 is not yet a catalogued requirement",
    "embedded-marketing": "no catalogued instrument regulates marketing to children",
    "online-gambling": "no catalogued instrument regulates gambling",
}


def count(graph, where: str) -> int:
    return graph.backend().select(PREFIX + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"]


@pytest.mark.parametrize("cls, expected", [("Principle", 11), ("VulnerableGroup", 3)])
def test_counts(graph, cls, expected):
    assert count(graph, f"?x a cg:{cls}") == expected


def test_mnr_has_21_capabilities_in_6_sections(graph):
    mnr = "<https://w3id.org/copgraph/instrument/weprotect-mnr>"
    assert count(graph, f"?x a cg:Section ; cg:instrument {mnr}") == 6
    assert count(graph, f"?x a cg:Item ; cg:instrument {mnr} ; eli:is_part_of ?s . ?s a cg:Section") == 21


def test_every_section_2_5_harm_is_present(graph):
    for slug in ("self-harm", "unsuitable-content", "radicalisation", "sexual-abuse-exploitation",
                 "self-generated-content", "grooming", "csam", "trafficking", "exploitation-travel-tourism",
                 "personal-data-misuse", "cyberbullying-harassment", "sextortion", "sexting"):
        assert count(graph, f"BIND(<{HARM}{slug}> AS ?x) ?x a cg:Harm") == 1, slug


def test_every_recommendation_has_an_actor_and_a_harm(graph):
    total = count(graph, "?x a cg:Recommendation")
    assert total > 0
    assert count(graph, "?x a cg:Recommendation ; cg:addressedTo ?a ; cg:addressesHarm ?h") == total


def test_every_harm_reaches_a_requirement_or_is_a_known_gap(graph):
    rows = graph.backend().select(PREFIX + "SELECT ?h WHERE { ?h a cg:Harm "
                                  "MINUS { ?r a cg:Requirement ; cg:addressesHarm ?n . ?n skos:broader* ?h } }")
    unreached = {str(r["h"]).removeprefix(HARM) for r in rows}
    assert unreached == set(KNOWN_GAPS)


def test_show_works_both_ways(graph):
    text = show(graph, "concept/harm/grooming")
    assert text.startswith("<https://w3id.org/copgraph/concept/harm/grooming>")
    assert "requirement/grooming>" in text  # the requirement that addresses it (incoming link)
    assert "/recommendation/" in text  # recommendations addressing it (incoming links)
