"""The instrument catalogue counts what the treaties say (numbers from the treaty texts)."""

from __future__ import annotations

import pytest

PREFIX = "PREFIX cg: <https://w3id.org/copgraph/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
INST = "https://w3id.org/copgraph/instrument/"


def count(graph, where: str) -> int:
    return graph.backend().select(PREFIX + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"]


@pytest.mark.parametrize("instrument, cls, expected", [
    ("lanzarote", "Article", 50), ("lanzarote", "Chapter", 13),
    ("budapest", "Article", 48), ("budapest", "Chapter", 4),
    ("crc", "Article", 54), ("crc", "Part", 3),
    ("opsc", "Article", 17),
])
def test_structure_counts(graph, instrument, cls, expected):
    assert count(graph, f"?x a cg:{cls} ; cg:instrument <{INST}{instrument}>") == expected


@pytest.mark.parametrize("parent, expected", [
    ("lanzarote/art_20__para_1", 6),  # (a)-(f)
    ("budapest/art_9__para_1", 5),  # (a)-(e)
    ("budapest/art_9__para_2", 3),  # (a)-(c)
    ("opsc/art_3__para_1", 3),  # (a)-(c)
])
def test_item_counts(graph, parent, expected):
    assert count(graph, f"?x a cg:Item ; eli:is_part_of <{INST}{parent}>") == expected


def test_every_article_sits_in_its_chapter(graph):
    # Lanzarote Chapter VI (criminal law) holds Arts. 18-29
    rows = graph.backend().select(PREFIX + "SELECT ?n WHERE { ?a a cg:Article ; cg:number ?n ; "
                                  f"eli:is_part_of <{INST}lanzarote/chp_6> }}")
    assert sorted(int(r["n"]) for r in rows) == list(range(18, 30))


@pytest.mark.parametrize("treaty, parties", [
    ("lanzarote", 48),  # CoE treaty office: 46 member states + Russia + Tunisia
    ("budapest", 78),  # CoE: 76 as of 9 Oct 2024, then Ecuador (2025) and New Zealand (accession 2025-08-28)
    ("crc", 196),
    ("opsc", 178),
])
def test_party_counts(graph, treaty, parties):
    assert count(graph, f"?x cg:treaty <{INST}{treaty}> ; cg:stage cg:stateParty") == parties


def test_united_states_signed_but_is_not_party_to_the_crc(graph):
    rows = graph.backend().select(PREFIX + "SELECT ?stage WHERE { ?s cg:party "
                                  "<https://w3id.org/copgraph/jurisdiction/US> ; cg:treaty "
                                  f"<{INST}crc> ; cg:stage ?stage }}")
    assert [r["stage"] for r in rows] == ["https://w3id.org/copgraph/ontology#signatory"]


@pytest.mark.parametrize("profile, size", [("lanzarote-criminal", 22), ("icmec-csam", 5), ("budapest-art9", 8),
                                           ("itu-checklist", 12), ("weprotect-mnr", 21)])
def test_profile_sizes(graph, profile, size):
    assert count(graph, f"<https://w3id.org/copgraph/profile/{profile}> cg:includes ?x") == size


def test_reservation_options_by_effect(graph):
    """Which option may release a Party, only narrow a requirement, or lower its age (treaty texts, by hand)."""
    rows = graph.backend().select(PREFIX + "SELECT ?o ?effect WHERE { ?o a cg:ReservationOption . OPTIONAL { "
                                  "VALUES ?effect { cg:disapplies cg:narrows cg:lowersAgeOf } ?o ?effect ?r } }")
    by_effect: dict[str, set[str]] = {}
    for row in rows:
        by_effect.setdefault(str(row["effect"]).rsplit("#", 1)[-1], set()).add(str(row["o"]).split("/instrument/")[1])
    assert by_effect["disapplies"] == {"lanzarote/reservation/art_20__para_4", "budapest/reservation/art_9__para_4",
                                       "budapest/reservation/art_11__para_3"}
    assert by_effect["lowersAgeOf"] == {"budapest/reservation/art_9__para_3"}
    assert {"lanzarote/reservation/art_20__para_3", "lanzarote/reservation/art_24__para_3",
            "budapest/reservation/art_41"} <= by_effect["narrows"]
    assert len({o for opts in by_effect.values() for o in opts}) == 16
