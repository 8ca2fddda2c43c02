"""Synthetic jurisdictions for benchmarks and for holding the two check engines equal.

Fictional codes in the ISO 3166 user-assigned range (XA-001 ...), written as Turtle so that a
benchmark times real parsing. Every case of the coverage rules occurs: treaties in force or
not yet, entry into force unknown, reservations, full/partial/none claims, low protected ages,
wrong reporting modalities, measures not yet in force, repealed and replaced; and the patterns of
the verdict model: dates known to the month or year, reservations limited to items and withdrawn,
age declarations, territorial parts with partial extents, age bands, and "not met" claims.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from .store import BASE

TREATIES = ("lanzarote", "budapest", "opsc", "crc")
RESERVATIONS = {
    "lanzarote": ("art_20__para_3", "art_20__para_4", "art_21__para_2", "art_24__para_3"),
    "budapest": ("art_9__para_3", "art_9__para_4", "art_11__para_3"),
}
# items a Budapest Art. 9(4) reservation may be limited to
ITEMS_9_4 = ("art_9__para_1__point_d", "art_9__para_1__point_e", "art_9__para_2__point_b", "art_9__para_2__point_c")
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


def _any_date(rng: random.Random, start: int = 2005, end: int = 2025) -> str:
    """A typed date literal: mostly to the day, sometimes only to the month or the year."""
    day = _date(rng, start, end)
    roll = rng.random()
    if roll < 0.1:
        return f'"{day[:4]}"^^xsd:gYear'
    if roll < 0.2:
        return f'"{day[:7]}"^^xsd:gYearMonth'
    return f'"{day}"^^xsd:date'


def jurisdiction_ttl(code: str, requirements: list[str], rng: random.Random) -> str:
    """One synthetic jurisdiction: statuses, measures and claims about a random share of requirements."""
    j = f"<{BASE}jurisdiction/{code}>"
    out = [f'{j} a cg:Country ; cg:isoCode "{code}" ; skos:prefLabel "Synthetic {code}"@en'
           + (f" ; cg:ageOfSexualConsent {rng.choice((14, 15, 16))} ." if rng.random() < 0.7 else " .")]
    parts = [f"<{BASE}jurisdiction/{code}-P{k}>" for k in range(2)] if rng.random() < 0.25 else []
    for k, part in enumerate(parts):
        out.append(f'{part} a cg:SubnationalUnit ; cg:isoCode "{code}-P{k}" ; cg:partOf {j} ; '
                   f'skos:prefLabel "Part {k}"@en .')
    for treaty in TREATIES:
        if rng.random() < 0.3:
            continue
        status = f"<{BASE}jurisdiction/{code}/status/{treaty}>"
        stage = "cg:stateParty" if rng.random() < 0.85 else "cg:signatory"
        fields = [f"{status} a cg:PartyStatus ; cg:party {j} ; cg:treaty <{BASE}instrument/{treaty}>",
                  f"cg:stage {stage}"]
        if rng.random() < 0.7:
            fields.append(f"cg:inForceFrom {_any_date(rng, 2005, 2022)}")
        for res in RESERVATIONS.get(treaty, ()):
            if rng.random() < 0.2:
                node = f"<{BASE}jurisdiction/{code}/status/{treaty}/reservation/{res}>"
                fields.append(f"cg:madeReservation {node}")
                extra = []
                if res == "art_9__para_4" and rng.random() < 0.5:
                    extra.append(f"cg:limitedTo <{BASE}instrument/budapest/{rng.choice(ITEMS_9_4)}>")
                if res == "art_9__para_3":
                    extra.append("cg:declaredAge 16")
                if rng.random() < 0.3:
                    extra.append(f"cg:withdrawnOn {_any_date(rng, 2012, 2025)}")
                out.append(" ; ".join([f"{node} a cg:Reservation", f"cg:underOption <{BASE}instrument/{treaty}/"
                                       f"reservation/{res}>", *extra]) + " ; " + _EVIDENCE)
        out.append(" ; ".join(fields) + " ; " + _EVIDENCE)
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
            mparts.append(f"eli:first_date_entry_in_force {_any_date(rng)}")
        if rng.random() < 0.15:
            mparts.append('eli:date_no_longer_in_force "2026-01-01"^^xsd:date')
        if parts and rng.random() < 0.4:
            mparts.append(f"cg:extent {rng.choice(parts)}")
        out.append(" ; ".join(mparts) + " ; " + _EVIDENCE)
        level = rng.choices(("cg:full", "cg:partial", "cg:notMet"), weights=(70, 20, 10))[0]
        cparts = [head, f"cg:byMeasure {measure}", f"cg:level {level}"]
        if rng.random() < 0.6:
            cparts.append(f"cg:protectedAge {rng.choice((12, 14, 15, 16, 18, 18, 18))}")
        if rng.random() < 0.5:
            cparts.append(f"cg:modality cg:{rng.choice(MODALITIES)}")
        out.append(" ; ".join(cparts) + " ; " + _EVIDENCE)
        if rng.random() < 0.15:  # a second measure protecting the older band, for joint coverage
            band = f"<{BASE}jurisdiction/{code}/measure/m{i}b>"
            out.append(f'{band} a cg:Measure ; rdfs:label "Synthetic act s.{i}b"@en ; cg:jurisdiction {j} ; '
                       f'eli:first_date_entry_in_force "2010-01-01"^^xsd:date ; {_EVIDENCE}')
            out.append(f"<{BASE}jurisdiction/{code}/claim/{req.rsplit('/', 1)[-1]}-band> a cg:Claim ; "
                       f"cg:jurisdiction {j} ; cg:aboutRequirement <{req}> ; cg:byMeasure {band} ; cg:level cg:full ; "
                       f"cg:protectedAgeFrom 14 ; cg:protectedAge 18 ; {_EVIDENCE}")
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
