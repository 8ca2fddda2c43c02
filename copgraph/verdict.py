"""The coverage rules, in one place: what a profile asks, what binds, what a verdict means.

`shapes.py` turns these rules into SHACL (the specification); `check.py` evaluates the same
rules directly over query results (the fast path). A test holds the two to identical verdicts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .store import CG, Row

COVERED, PARTIAL, GAP, NOT_ASSESSED = "covered", "partial", "assessed gap", "not assessed"
STATUSES = (COVERED, PARTIAL, GAP, NOT_ASSESSED)

BINDING, RESERVED, NOT_PARTY, NOT_YET, UNKNOWN, SOFT_LAW = (
    "binding", "reserved", "not a party", "not yet in force", "party, date unknown", "soft law")

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"


@dataclass(frozen=True)
class Provision:
    iri: str
    citation: str
    instrument: str
    instrument_label: str
    treaty: bool


@dataclass
class RequirementSpec:
    """What one requirement of a profile asks of a national measure."""

    iri: str
    label: str
    protected_age: int | None = None
    consent_age_basis: bool = False
    modalities: tuple[str, ...] = ()
    provisions: list[Provision] = field(default_factory=list)

    @property
    def treaties(self) -> set[str]:
        return {p.instrument for p in self.provisions if p.treaty}

    def required_age(self, age_of_consent: int | None) -> int | None:
        """The age a claim must reach: fixed by the instrument, or the national consent age if known."""
        if self.consent_age_basis:
            return age_of_consent
        return self.protected_age


def requirement_specs(rows: list[Row]) -> list[RequirementSpec]:
    """Fold profile-requirements.rq rows (one per provision) into one spec per requirement."""
    specs: dict[str, RequirementSpec] = {}
    for row in rows:
        iri = str(row["requirement"])
        spec = specs.get(iri)
        if spec is None:
            spec = specs[iri] = RequirementSpec(
                iri=iri,
                label=str(row["label"]),
                protected_age=row["protectedAge"] if isinstance(row["protectedAge"], int) else None,
                consent_age_basis=row["ageBasis"] == CG + "nationalAgeOfConsent",
                modalities=tuple(sorted(str(row["modalities"]).split())) if row["modalities"] else (),
            )
        if row["provision"]:
            prov = Provision(str(row["provision"]), str(row["citation"] or row["provision"]),
                             str(row["instrument"]), str(row["instrumentLabel"] or row["instrument"]),
                             bool(row["treaty"]))
            if prov not in spec.provisions:
                spec.provisions.append(prov)
    return list(specs.values())


@dataclass(frozen=True)
class Binding:
    state: str
    reason: str


@dataclass
class TreatyStatus:
    stage: str
    in_force_from: dt.date | None
    assessed_on: dt.date | None
    disapplied: set[str] = field(default_factory=set)


def treaty_statuses(rows: list[Row]) -> dict[str, dict[str, TreatyStatus]]:
    """Fold party-statuses.rq rows into jurisdiction -> treaty -> status."""
    result: dict[str, dict[str, TreatyStatus]] = defaultdict(dict)
    for row in rows:
        per = result[str(row["jurisdiction"])]
        treaty = str(row["treaty"])
        status = per.get(treaty)
        if status is None:
            status = per[treaty] = TreatyStatus(str(row["stage"]), row["inForceFrom"], row["assessedOn"])
        if row["disapplies"]:
            status.disapplied.add(str(row["disapplies"]))
    return result


def binding(spec: RequirementSpec, statuses: dict[str, TreatyStatus], as_of: dt.date,
            labels: dict[str, str]) -> Binding:
    """Does the requirement bind the jurisdiction on the date, through any treaty behind it?"""
    treaties = sorted(spec.treaties)
    if not treaties:
        return Binding(SOFT_LAW, "derived from soft-law instruments only")
    found: dict[str, list[str]] = defaultdict(list)
    for treaty in treaties:
        name = labels.get(treaty, treaty)
        status = statuses.get(treaty)
        if status is None or status.stage != CG + "stateParty":
            found[NOT_PARTY].append(name)
        elif status.in_force_from is not None and as_of < status.in_force_from:
            found[NOT_YET].append(f"{name} (in force from {status.in_force_from})")
        elif status.in_force_from is None and (status.assessed_on is None or as_of < status.assessed_on):
            found[UNKNOWN].append(f"{name} (Party as of {status.assessed_on}; entry into force not recorded)")
        elif spec.iri in status.disapplied:
            found[RESERVED].append(f"{name} (reservation)")
        else:
            found[BINDING].append(name)
    for state in (BINDING, RESERVED, UNKNOWN, NOT_YET, NOT_PARTY):
        if found[state]:
            return Binding(state, f"{state}: {', '.join(found[state])}")
    raise AssertionError("unreachable")


def severity(status: str, bound: Binding) -> str | None:
    """Only an assessed gap in a binding, unreserved requirement is a Violation."""
    if status == COVERED:
        return None
    if status == NOT_ASSESSED:
        return INFO
    if status == GAP:
        if bound.state == BINDING:
            return VIOLATION
        return INFO if bound.state == RESERVED else WARNING
    return WARNING if bound.state == BINDING else INFO  # partial


@dataclass
class Evidence:
    """One coverage claim as it bears on the verdict."""

    claim: str
    level: str
    measure: str | None = None
    measure_label: str | None = None
    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None
    measure_assessed_on: dt.date | None = None
    replaced_by: str | None = None
    protected_age: int | None = None
    modality: str | None = None
    sources: list[str] = field(default_factory=list)
    assessed_on: dt.date | None = None
    confidence: str | None = None
    note: str | None = None

    def in_force(self, as_of: dt.date) -> bool:
        """In force on the date. With no recorded start, we only know it was in force when assessed."""
        if self.measure is None:
            return False
        start = self.in_force_from or self.measure_assessed_on
        started = start is not None and start <= as_of
        return started and (self.in_force_until is None or as_of < self.in_force_until)

    def covers(self, spec: RequirementSpec, as_of: dt.date, age_of_consent: int | None) -> bool:
        if not self.in_force(as_of) or self.level != CG + "full":
            return False
        needed = spec.required_age(age_of_consent)
        if needed is not None and self.protected_age is not None and self.protected_age < needed:
            return False
        return not spec.modalities or self.modality in spec.modalities


def evidence_by_key(rows: list[Row]) -> dict[tuple[str, str], list[Evidence]]:
    """Fold evidence.rq rows (one per claim and source) into (jurisdiction, requirement) -> claims."""
    result: dict[tuple[str, str], dict[str, Evidence]] = defaultdict(dict)
    for row in rows:
        claims = result[(str(row["jurisdiction"]), str(row["requirement"]))]
        claim = str(row["claim"])
        ev = claims.get(claim)
        if ev is None:
            ev = claims[claim] = Evidence(
                claim=claim, level=str(row["level"]),
                measure=row["measure"], measure_label=row["measureLabel"],
                in_force_from=row["from"] if isinstance(row["from"], dt.date) else None,
                in_force_until=row["until"] if isinstance(row["until"], dt.date) else None,
                measure_assessed_on=row["measureAssessedOn"] if isinstance(row["measureAssessedOn"], dt.date) else None,
                replaced_by=row["replacedBy"],
                protected_age=row["age"] if isinstance(row["age"], int) else None,
                modality=row["modality"], assessed_on=row["assessedOn"],
                confidence=row["confidence"], note=row["note"],
            )
        if row["source"] and row["source"] not in ev.sources:
            ev.sources.append(str(row["source"]))
    return {key: list(claims.values()) for key, claims in result.items()}


def status_of(spec: RequirementSpec, claims: list[Evidence], as_of: dt.date, age_of_consent: int | None) -> str:
    """Covered beats partial beats an assessed gap; no usable claim at all is 'not assessed'."""
    if any(c.covers(spec, as_of, age_of_consent) for c in claims):
        return COVERED
    if any(c.in_force(as_of) for c in claims):
        return PARTIAL
    if any(c.level == CG + "none" for c in claims):
        return GAP
    return NOT_ASSESSED


def explain(spec: RequirementSpec, status: str, claims: list[Evidence], as_of: dt.date,
            age_of_consent: int | None) -> str:
    """Why the verdict is what it is, in a sentence an analyst can check."""
    if status == COVERED:
        return "a measure in force covers it fully"
    if status == GAP:
        return "assessed: no measure found in the sources searched"
    if status == NOT_ASSESSED:
        out = [c for c in claims if c.measure and not c.in_force(as_of)]
        if any(c.in_force_from is None and (c.in_force_until is None or as_of < c.in_force_until) for c in out):
            return (f"not assessed as of {as_of}: the claimed measure has no recorded entry into force, "
                    "so it is known to be in force only from its assessment date")
        if out:
            return f"not assessed as of {as_of}: the claimed measure is not in force on that date"
        return "no claim recorded: not researched yet (this is not a finding of absence)"
    reasons = []
    needed = spec.required_age(age_of_consent)
    for c in claims:
        if not c.in_force(as_of):
            continue
        if c.level == CG + "partial":
            reasons.append("claim says partial")
        if needed is not None and c.protected_age is not None and c.protected_age < needed:
            reasons.append(f"protects under-{c.protected_age}s, requirement needs under-{needed}s")
        if spec.modalities and c.modality not in spec.modalities:
            form = c.modality.rsplit("#", 1)[-1] if c.modality else "not stated"
            reasons.append(f"legal form '{form}' does not meet the accepted modalities")
    if spec.consent_age_basis and age_of_consent is None:
        reasons.append("national age of consent not recorded, so the age was not checked")
    return "; ".join(dict.fromkeys(reasons)) or "partial coverage"
