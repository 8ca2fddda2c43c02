"""Synthetic jurisdictions for benchmarks and for holding the two check engines equal.

Fictional codes in the ISO 3166 user-assigned range (XA-001 ...), written as Turtle so that a
benchmark times real parsing. Every case of the coverage rules occurs: treaties in force or
not yet, entry into force unknown, reservations, full/partial/none claims, low protected ages,
wrong reporting modalities, measures not yet in force, repealed and replaced.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from .store import BASE

TREATIES = ("lanzarote", "budapest", "opsc", "crc")
RESERVATIONS = {
    "lanzarote": ("art_20__para_3", "art_20__para_4", "art_21__para_2", "art_24__para_3"),
    "budapest": ("art_9__para_4", "art_11__para_3"),
}
MODALITIES = ("reportToPolice", "reportToDesignatedCentre", "takedownOnNotice", "bestEndeavours", "regulatorCode")
PREFIXES = """@prefix cg: <https://w3id.org/copgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
_EVIDENCE = ('dcterms:source <https://example.org/synthetic> ; cg:assessedOn "2026-11-01"^^xsd:date ; '
             "cg:confidence cg:medium .")


def codes(n: int) -> list[str]:
    return [f"X{chr(65 + i // 1000 % 26)}-{i % 1000:03d}" for i in range(n)]


def _date(rng: random.Random, start: int = 2005, end: int = 2025) -> str:
    return dt.date(rng.randint(start, end), rng.randint(1, 12), 1).isoformat()


def jurisdiction_ttl(code: str, requirements: list[str], rng: random.Random) -> str:
    """One synthetic jurisdiction: statuses, measures and claims about a random share of requirements."""
    j = f"<{BASE}jurisdiction/{code}>"
    out = [f'{j} a cg:Country ; cg:isoCode "{code}" ; skos:prefLabel "Synthetic {code}"@en'
           + (f" ; cg:ageOfSexualConsent {rng.choice((14, 15, 16))} ." if rng.random() < 0.7 else " .")]
    for treaty in TREATIES:
        if rng.random() < 0.3:
            continue
        status = f"<{BASE}jurisdiction/{code}/status/{treaty}>"
        stage = "cg:stateParty" if rng.random() < 0.85 else "cg:signatory"
        parts = [f"{status} a cg:PartyStatus ; cg:party {j} ; cg:treaty <{BASE}instrument/{treaty}> ; cg:stage {stage}"]
        if rng.random() < 0.7:
            parts.append(f'cg:inForceFrom "{_date(rng, 2005, 2022)}"^^xsd:date')
        for res in RESERVATIONS.get(treaty, ()):
            if rng.random() < 0.2:
                parts.append(f"cg:madeReservation <{BASE}instrument/{treaty}/reservation/{res}>")
        out.append(" ; ".join(parts) + " ; " + _EVIDENCE)
    for i, req in enumerate(requirements):
        roll = rng.random()
        if roll < 0.3:
            continue  # not assessed
        claim = f"<{BASE}jurisdiction/{code}/claim/{req.rsplit('/', 1)[-1]}>"
        head = f"{claim} a cg:Claim ; cg:jurisdiction {j} ; cg:aboutRequirement <{req}>"
        if roll < 0.4:
            out.append(f"{head} ; cg:level cg:none ; cg:sourceSearched <https://example.org/synthetic> ; {_EVIDENCE}")
            continue
        measure = f"<{BASE}jurisdiction/{code}/measure/m{i}>"
        mparts = [f'{measure} a cg:Measure ; rdfs:label "Synthetic act s.{i}"@en ; cg:jurisdiction {j}']
        if rng.random() < 0.6:
            mparts.append(f'eli:first_date_entry_in_force "{_date(rng)}"^^xsd:date')
        if rng.random() < 0.15:
            mparts.append('eli:date_no_longer_in_force "2026-01-01"^^xsd:date')
        out.append(" ; ".join(mparts) + " ; " + _EVIDENCE)
        cparts = [head, f"cg:byMeasure {measure}", f"cg:level {'cg:full' if rng.random() < 0.75 else 'cg:partial'}"]
        if rng.random() < 0.6:
            cparts.append(f"cg:protectedAge {rng.choice((12, 14, 15, 16, 18, 18, 18))}")
        if rng.random() < 0.5:
            cparts.append(f"cg:modality cg:{rng.choice(MODALITIES)}")
        out.append(" ; ".join(cparts) + " ; " + _EVIDENCE)
    return "\n".join(out) + "\n"


def write(path: Path, n: int, requirements: list[str], seed: int = 2026) -> list[str]:
    """Write n synthetic jurisdictions to one Turtle file; returns their codes."""
    rng = random.Random(seed)
    all_codes = codes(n)
    with path.open("w", encoding="utf-8") as out:
        out.write(PREFIXES)
        for code in all_codes:
            out.write(jurisdiction_ttl(code, requirements, rng))
    return all_codes
