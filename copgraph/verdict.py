"""The coverage rules, stated once: when a measure is in force, what covers a requirement, how a
requirement binds a jurisdiction, and how much a verdict weighs.

Everything that produces a verdict goes through this module: the check (`check.py`), the
materialised verdicts that the query library reads (`verdicts.py`), and the SHACL report (whose
shapes are generated from the severity policy and run over those verdicts, `shapes.py`). The
severity policy itself is data (`ontology/severity-policy.ttl`), read by `severity_policy`.

Unknown is never success: a date we cannot place, a parameter the claim does not record or a
national age of consent we do not hold can never make a row covered; the reason says what is missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import InputError
from .store import CG, Row

COVERED, PARTIAL, GAP, NOT_ASSESSED = "covered", "partial", "assessed gap", "not assessed"
STATUSES = (COVERED, PARTIAL, GAP, NOT_ASSESSED)

BINDING, RESERVED, NOT_PARTY, NOT_YET, UNKNOWN, SOFT_LAW = (
    "binding", "reserved", "not a party", "not yet in force", "party, date unknown", "soft law")
BINDING_STATES = (BINDING, RESERVED, UNKNOWN, NOT_YET, NOT_PARTY, SOFT_LAW)

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"
SEVERITIES = (VIOLATION, WARNING, INFO)

# The RDF individuals that name statuses and binding states (ontology/copgraph.ttl).
STATUS_IRI = {COVERED: CG + "covered", PARTIAL: CG + "partiallyCovered", GAP: CG + "assessedGap",
              NOT_ASSESSED: CG + "notAssessed"}
BINDING_IRI = {BINDING: CG + "bindingNow", RESERVED: CG + "reserved", UNKNOWN: CG + "partyDateUnknown",
               NOT_YET: CG + "notYetInForce", NOT_PARTY: CG + "notAParty", SOFT_LAW: CG + "softLawOnly"}
SH = "http://www.w3.org/ns/shacl#"

FULL, PARTIAL_LEVEL, NOT_MET, NONE = CG + "full", CG + "partial", CG + "notMet", CG + "none"


# ------------------------------------------------------------------ dates of day, month or year precision

@dataclass(frozen=True)
class Period:
    """A date known to the day, the month or the year: the first and last day it may be."""

    first: dt.date
    last: dt.date
    text: str

    @property
    def exact(self) -> bool:
        return self.first == self.last

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=65536, typed=True)  # a batch parses the same few thousand dates again and again
def period(value: object) -> Period | None:
    """xsd:date, xsd:gYearMonth ("2004-05") or xsd:gYear ("2009") as a Period; anything else None."""
    if isinstance(value, dt.date):
        return Period(value, value, value.isoformat())
    text = str(value) if value is not None else ""
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if year >= 1:
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match:
        year, month = int(match[1]), int(match[2])
        if year >= 1 and 1 <= month <= 12:
            return Period(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), text)
    return None


def reached(moment: Period, as_of: dt.date) -> bool | None:
    """Has the (possibly imprecise) day come by as_of? None when as_of falls inside the period."""
    if as_of >= moment.last:
        return True
    if as_of < moment.first:
        return False
    return None


def in_force(start: Period | None, end: Period | None, known_from: dt.date | None,
             as_of: dt.date) -> bool | None:
    """In force on the date: started (or, with no recorded start, known in force from `known_from`,
    the assessment date) and not yet ended. None when the data cannot decide."""
    ended = reached(end, as_of) if end else False
    if ended is True:
        return False
    if start is not None:
        started = reached(start, as_of)
    else:
        started = True if known_from is not None and as_of >= known_from else None
    if started is False:
        return False
    if started is True and ended is False:
        return True
    return None


def force_state(start: Period | None, end: Period | None, known_from: dt.date | None, as_of: dt.date) -> str:
    """The state of a measure on the date, by the in-force rule: in force, not yet, no longer, unknown."""
    state = in_force(start, end, known_from, as_of)
    if state is True:
        return "measureInForce"
    if state is None:
        return "measureForceUnknown"
    return "measureNoLongerInForce" if end is not None and reached(end, as_of) else "measureNotYetInForce"


# ------------------------------------------------------------------ what a profile asks

@dataclass(frozen=True)
class Provision:
    iri: str
    citation: str
    instrument: str
    instrument_label: str
    binding: bool  # a treaty or a supranational act: it can bind a jurisdiction
    within: frozenset[str] = frozenset()  # the provision itself and every provision it is part of


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
    def instruments(self) -> set[str]:
        """The binding instruments (treaties, supranational acts) behind the requirement."""
        return {p.instrument for p in self.provisions if p.binding}

    def derived_within(self, provisions: set[str], instrument: str) -> bool:
        """Is the requirement derived, through `instrument`, from one of these provisions or one within them?"""
        return any(p.within & provisions for p in self.provisions if p.instrument == instrument)


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
            within = frozenset({str(row["provision"]), *str(row["within"] or "").split()})
            prov = Provision(str(row["provision"]), str(row["citation"] or row["provision"]),
                             str(row["instrument"]), str(row["instrumentLabel"] or row["instrument"]),
                             bool(row["binding"]), within)
            if prov not in spec.provisions:
                spec.provisions.append(prov)
    return list(specs.values())


# ------------------------------------------------------------------ how a requirement binds

@dataclass(frozen=True)
class Option:
    """A reservation option of an instrument and what it may do to requirements."""

    iri: str
    instrument: str
    label: str
    disapplies: frozenset[str] = frozenset()
    narrows: frozenset[str] = frozenset()
    lowers_age_of: frozenset[str] = frozenset()


def options(rows: list[Row]) -> dict[str, Option]:
    """Fold reservation-options.rq rows (one per option, effect and requirement)."""
    found: dict[str, dict] = {}
    for row in rows:
        entry = found.setdefault(str(row["option"]), {
            "instrument": str(row["instrument"] or ""), "label": str(row["label"] or row["option"]),
            "disapplies": set(), "narrows": set(), "lowersAgeOf": set()})
        if row["effect"] and row["requirement"]:
            entry[str(row["effect"]).rsplit("#", 1)[-1]].add(str(row["requirement"]))
    return {iri: Option(iri, e["instrument"], e["label"], frozenset(e["disapplies"]), frozenset(e["narrows"]),
                        frozenset(e["lowersAgeOf"])) for iri, e in found.items()}


@dataclass
class Reservation:
    """One Party's use of a reservation option, with its scope and dates."""

    iri: str
    option: str
    limited_to: set[str] = field(default_factory=set)
    made_on: Period | None = None
    withdrawn_on: Period | None = None
    declared_age: int | None = None


@dataclass
class TreatyStatus:
    """Where a jurisdiction stands towards one binding instrument (a treaty, or an act of an
    organisation it is a member of)."""

    stage: str
    in_force_from: Period | None
    assessed_on: dt.date | None
    until: Period | None = None
    route: str = "party"  # or "membership"
    reservations: list[Reservation] = field(default_factory=list)

    def bound(self, as_of: dt.date) -> bool | None:
        return in_force(self.in_force_from, self.until, self.assessed_on, as_of)


def treaty_statuses(status_rows: list[Row], reservation_rows: list[Row],
                    membership_rows: list[Row]) -> dict[str, dict[str, TreatyStatus]]:
    """jurisdiction -> instrument -> status, from party-statuses.rq, party-reservations.rq and memberships.rq."""
    result: dict[str, dict[str, TreatyStatus]] = defaultdict(dict)
    for row in status_rows:
        result[str(row["jurisdiction"])][str(row["treaty"])] = TreatyStatus(
            str(row["stage"]), period(row["inForceFrom"]), _date(row["assessedOn"]))
    for row in membership_rows:
        # Bound by the organisation's act from its transposition deadline or membership, whichever is later.
        member_from, deadline = period(row["memberFrom"]), period(row["deadline"])
        start = max((p for p in (member_from, deadline) if p), key=lambda p: p.last, default=None)
        stage = CG + "notBound" if row["optedOut"] else CG + "stateParty"
        result[str(row["jurisdiction"])][str(row["instrument"])] = TreatyStatus(
            stage, start, _date(row["assessedOn"]), period(row["memberUntil"]), route="membership")
    for row in reservation_rows:
        status = result.get(str(row["jurisdiction"]), {}).get(str(row["treaty"]))
        if status is None:
            continue
        iri = str(row["reservation"])
        res = next((r for r in status.reservations if r.iri == iri), None)
        if res is None:
            res = Reservation(iri, str(row["option"] or ""), made_on=period(row["madeOn"]),
                              withdrawn_on=period(row["withdrawnOn"]),
                              declared_age=row["declaredAge"] if isinstance(row["declaredAge"], int) else None)
            status.reservations.append(res)
        if row["limitedTo"]:
            res.limited_to.add(str(row["limitedTo"]))
    return result


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _text(value: object) -> str | None:
    """An optional query value as text (IRIs and literals arrive as str; None when unbound)."""
    return None if value is None else str(value)


@dataclass(frozen=True)
class Binding:
    state: str
    reason: str
    required_age: int | None = None  # the age the binding instruments ask, after any declaration


def binding(spec: RequirementSpec, statuses: dict[str, TreatyStatus], as_of: dt.date,
            labels: dict[str, str], opts: dict[str, Option]) -> Binding:
    """Does the requirement bind the jurisdiction on the date, through any instrument behind it?

    Per instrument: not a Party; Party but not yet in force; Party with the date unknown; reserved
    (a reservation in effect disapplies the requirement, as far as its scope reaches); or binding,
    possibly at a lower age declared under an age-lowering option. The best state wins.
    """
    instruments = sorted(spec.instruments)
    if not instruments:
        return Binding(SOFT_LAW, "derived from soft-law instruments only", spec.protected_age)
    found: dict[str, list[str]] = defaultdict(list)
    ages: list[int | None] = []
    for instrument in instruments:
        name = labels.get(instrument, instrument)
        status = statuses.get(instrument)
        if status is None or status.stage != CG + "stateParty":
            found[NOT_PARTY].append(name + (" (opted out)" if status and status.route == "membership" else ""))
            continue
        bound = status.bound(as_of)
        if bound is False:
            when = f"in force from {status.in_force_from}" if status.in_force_from else "no longer binding"
            found[NOT_YET if status.in_force_from and as_of < status.in_force_from.first else NOT_PARTY].append(
                f"{name} ({when})")
            continue
        if bound is None:
            known = (f"entry into force known only as {status.in_force_from}" if status.in_force_from
                     else f"Party as of {status.assessed_on}; entry into force not recorded")
            found[UNKNOWN].append(f"{name} ({known})")
            continue
        state, note, age = _reservations(spec, instrument, status, as_of, opts)
        found[state].append(name + note)
        if state == BINDING:
            ages.append(age)
    for state in (BINDING, RESERVED, UNKNOWN, NOT_YET, NOT_PARTY):
        if found[state]:
            required = spec.protected_age
            if state == BINDING and spec.protected_age is not None:
                required = max(a if a is not None else spec.protected_age for a in ages)
            return Binding(state, f"{state}: {', '.join(found[state])}", required)
    raise AssertionError("unreachable")


def _reservations(spec: RequirementSpec, instrument: str, status: TreatyStatus, as_of: dt.date,
                  opts: dict[str, Option]) -> tuple[str, str, int | None]:
    """The effect of the Party's reservations under one instrument on one requirement, on the date."""
    notes: list[str] = []
    age: int | None = None
    for res in status.reservations:
        option = opts.get(res.option)
        if option is None:
            continue
        affects = spec.iri in option.disapplies | option.narrows | option.lowers_age_of
        if not affects:
            continue
        if res.limited_to and not spec.derived_within(res.limited_to, instrument):
            continue  # the reservation concerns other provisions than those behind this requirement
        effective = in_force(res.made_on, res.withdrawn_on, as_of, as_of) if res.made_on or res.withdrawn_on else True
        if effective is False:
            continue
        if effective is None:
            return UNKNOWN, f" (reservation under {option.label}: its date is known only as " \
                            f"{res.made_on or res.withdrawn_on})", None
        if spec.iri in option.disapplies:
            return RESERVED, f" (reservation: {option.label})", None
        if spec.iri in option.lowers_age_of and res.declared_age is not None:
            age = res.declared_age if age is None else max(age, res.declared_age)
            notes.append(f"declared age {res.declared_age} under {option.label}")
        elif spec.iri in option.narrows:
            notes.append(f"narrowed by reservation: {option.label}")
    return BINDING, (f" ({'; '.join(notes)})" if notes else ""), age


# ------------------------------------------------------------------ how much a verdict weighs

Policy = dict[tuple[str, str], str]


def severity_policy(rows: list[Row], where: str = "the severity policy") -> Policy:
    """Read severity-policy.rq rows into (status, binding) -> severity; every pair needs exactly one rule."""
    by_iri_status = {v: k for k, v in STATUS_IRI.items()}
    by_iri_binding = {v: k for k, v in BINDING_IRI.items()}
    policy: Policy = {}
    for row in rows:
        status, state = by_iri_status.get(str(row["status"])), by_iri_binding.get(str(row["binding"]))
        sev = str(row["severity"] or "").removeprefix(SH)
        if status is None or state is None or sev not in SEVERITIES:
            raise InputError(f"{where}: rule <{row['rule']}> names an unknown status, binding state or severity")
        if status == COVERED:
            raise InputError(f"{where}: rule <{row['rule']}> gives a covered verdict a severity; covered has none")
        if (status, state) in policy and policy[(status, state)] != sev:
            raise InputError(f"{where}: two rules for {status} / {state}")
        policy[(status, state)] = sev
    missing = [f"{s} / {b}" for s in STATUSES if s != COVERED for b in BINDING_STATES if (s, b) not in policy]
    if missing:
        raise InputError(f"{where}: no rule for " + ", ".join(missing))
    return policy


def severity(policy: Policy, status: str, bound: Binding) -> str | None:
    return None if status == COVERED else policy[(status, bound.state)]


# ------------------------------------------------------------------ the evidence and what it covers

@dataclass
class Evidence:
    """One coverage claim as it bears on the verdict."""

    claim: str
    level: str
    measure: str | None = None
    measure_label: str | None = None
    in_force_from: Period | None = None
    in_force_until: Period | None = None
    measure_assessed_on: dt.date | None = None
    replaced_by: str | None = None
    version_of: str | None = None
    extent: list[str] = field(default_factory=list)
    protected_age: int | None = None
    protected_age_from: int | None = None
    modality: str | None = None
    sources: list[str] = field(default_factory=list)
    official_text: list[str] = field(default_factory=list)
    assessed_on: dt.date | None = None
    confidence: str | None = None
    note: str | None = None

    def in_force(self, as_of: dt.date) -> bool | None:
        """In force on the date (None: cannot tell). A measure with no recorded start is known in
        force only from its assessment date."""
        if self.measure is None:
            return False
        return in_force(self.in_force_from, self.in_force_until, self.measure_assessed_on, as_of)

    @property
    def name(self) -> str:
        return self.measure_label or (self.measure or "").rsplit("/", 1)[-1]

    def band(self) -> str:
        """The ages the claim says the measure protects, in words."""
        if self.protected_age is None:
            return "protected age not recorded"
        if self.protected_age_from:
            return f"ages {self.protected_age_from}-{self.protected_age - 1}"
        return f"under-{self.protected_age}s"


@dataclass
class JurisdictionFacts:
    """What the rules need to know about the jurisdiction itself, on the date checked."""

    age_of_consent: int | None = None
    parts: dict[str, str] = field(default_factory=dict)  # subdivision IRI -> label
    consent_unknown: str = "national age of consent not recorded"  # why age_of_consent is None


@dataclass(frozen=True)
class ConsentAge:
    """One recorded age of sexual consent and the period it applies (an evidence statement)."""

    age: int
    start: Period | None = None
    end: Period | None = None
    assessed_on: dt.date | None = None


def consent_ages(rows: list[Row]) -> dict[str, list[ConsentAge]]:
    """consent-ages.rq rows -> jurisdiction IRI -> its recorded ages."""
    result: dict[str, list[ConsentAge]] = defaultdict(list)
    for row in rows:
        if isinstance(row["age"], int) and not isinstance(row["age"], bool):
            assessed = row["assessedOn"]
            result[str(row["jurisdiction"])].append(ConsentAge(
                row["age"], period(row["from"]), period(row["until"]),
                assessed if isinstance(assessed, dt.date) else None))
    return dict(result)


def consent_age_on(ages: list[ConsentAge], as_of: dt.date) -> tuple[int | None, str]:
    """The age of consent on the date, by the same in-force rule as measures, or None and why.

    An age recorded with no start date is known to apply only from its assessment date, so a law
    that changed the age (Romania: 14, then 16 from 2024) never lends today's age to an earlier date.
    """
    if not ages:
        return None, "national age of consent not recorded"
    state = [(a.age, in_force(a.start, a.end, a.assessed_on, as_of)) for a in ages]
    known = {age for age, applies in state if applies is True}
    if len(known) > 1:
        return None, f"two ages of consent recorded for {as_of} ({', '.join(map(str, sorted(known)))})"
    if any(applies is None for age, applies in state if age not in known):
        return None, f"cannot decide the national age of consent on {as_of} from the recorded dates"
    if known:
        return known.pop(), ""
    return None, f"no national age of consent recorded for {as_of}"


def evidence_by_key(rows: list[Row]) -> dict[tuple[str, str], list[Evidence]]:
    """Fold evidence.rq rows (one per claim, source and extent) into (jurisdiction, requirement) -> claims."""
    result: dict[tuple[str, str], dict[str, Evidence]] = defaultdict(dict)
    for row in rows:
        claims = result[(str(row["jurisdiction"]), str(row["requirement"]))]
        claim = str(row["claim"])
        ev = claims.get(claim)
        if ev is None:
            ev = claims[claim] = Evidence(
                claim=claim, level=str(row["level"]),
                measure=_text(row["measure"]), measure_label=_text(row["measureLabel"]),
                in_force_from=period(row["from"]), in_force_until=period(row["until"]),
                measure_assessed_on=_date(row["measureAssessedOn"]),
                replaced_by=_text(row["replacedBy"]), version_of=_text(row["versionOf"]),
                protected_age=row["age"] if isinstance(row["age"], int) else None,
                protected_age_from=row["ageFrom"] if isinstance(row["ageFrom"], int) else None,
                modality=_text(row["modality"]), assessed_on=_date(row["assessedOn"]),
                confidence=_text(row["confidence"]), note=_text(row["note"]),
            )
        for key, target in (("source", ev.sources), ("extent", ev.extent), ("officialText", ev.official_text)):
            if row[key] and str(row[key]) not in target:
                target.append(str(row[key]))
    return {key: list(claims.values()) for key, claims in result.items()}


@dataclass
class Assessment:
    status: str
    reason: str
    counted: list[Evidence] = field(default_factory=list)  # the claims in force on the date


def required_age(spec: RequirementSpec, bound: Binding, facts: JurisdictionFacts) -> int | None:
    """The age a claim must reach: the national age of consent, or the (possibly declared) fixed age."""
    if spec.consent_age_basis:
        return facts.age_of_consent
    return bound.required_age if bound.required_age is not None else spec.protected_age


def assess(spec: RequirementSpec, claims: list[Evidence], as_of: dt.date, bound: Binding,
           facts: JurisdictionFacts) -> Assessment:
    """Covered beats partial beats an assessed gap; no usable claim is 'not assessed'.

    Covered needs claims of level full, in force on the date, that record every parameter the
    requirement needs, and that together reach every age below the required one in every recorded
    part of the jurisdiction (joint coverage by age band and territory).
    """
    state = {id(c): c.in_force(as_of) for c in claims}
    live = [c for c in claims if state[id(c)] is True]
    undecided = [c for c in claims if state[id(c)] is None and c.level in (FULL, PARTIAL_LEVEL, NOT_MET)]
    needed = required_age(spec, bound, facts)
    reasons: list[str] = []
    usable: list[Evidence] = []
    for c in live:
        if c.level == PARTIAL_LEVEL:
            reasons.append(f"{c.name}: the claim says partial")
        if c.level != FULL:
            continue
        if spec.modalities and c.modality is None:
            reasons.append(f"{c.name}: legal form not recorded")
        elif spec.modalities and c.modality not in spec.modalities:
            reasons.append(f"{c.name}: legal form '{_short(c.modality)}' does not meet the accepted forms")
        elif spec.consent_age_basis and needed is None:
            reasons.append(f"{facts.consent_unknown}, so the protected age cannot be checked")
        elif needed is not None and c.protected_age is None:
            reasons.append(f"{c.name}: protected age not recorded")
        else:
            usable.append(c)
    if usable:
        gaps = _uncovered(usable, needed, facts)
        if not gaps:
            return Assessment(COVERED, _covered_reason(usable, needed, facts), live)
        reasons.extend(gaps)
    if any(c.level in (FULL, PARTIAL_LEVEL) for c in live):
        return Assessment(PARTIAL, "; ".join(dict.fromkeys(reasons)) or "partial coverage", live)
    if undecided:
        return Assessment(NOT_ASSESSED, f"cannot decide as of {as_of}: " + "; ".join(map(_dates, undecided)), live)
    not_met = [c for c in live if c.level == NOT_MET]
    if not_met:
        return Assessment(GAP, "assessed: " + "; ".join(f"{c.name} exists but does not meet it" for c in not_met), live)
    if any(c.level == NONE for c in claims):
        return Assessment(GAP, "assessed: no measure found in the sources searched", live)
    if claims:
        return Assessment(NOT_ASSESSED, f"not assessed as of {as_of}: the claimed measure is not in force on that date",
                          live)
    return Assessment(NOT_ASSESSED, "no claim recorded: not researched yet (this is not a finding of absence)", live)


def _dates(claim: Evidence) -> str:
    start = claim.in_force_from or f"an unrecorded date (assessed {claim.measure_assessed_on})"
    return f"{claim.name} in force from {start}" + (f" until {claim.in_force_until}" if claim.in_force_until else "")


def _reach(claims: list[Evidence]) -> int:
    """The age up to which the claims' bands reach, without a hole, from birth."""
    reach = 0
    for low, high in sorted((c.protected_age_from or 0, c.protected_age or 0) for c in claims):
        if low > reach:
            break
        reach = max(reach, high)
    return reach


def _territories(facts: JurisdictionFacts) -> list[str | None]:
    parts: list[str | None] = list(sorted(facts.parts))
    return parts or [None]


def _covers(claim: Evidence, territory: str | None) -> bool:
    return territory is None or not claim.extent or territory in claim.extent


def _uncovered(usable: list[Evidence], needed: int | None, facts: JurisdictionFacts) -> list[str]:
    """What the usable claims leave uncovered: parts of the territory, or ages (per part where they differ)."""
    missing_parts: list[str] = []
    reach: dict[str | None, int] = {}
    for territory in _territories(facts):
        here = [c for c in usable if _covers(c, territory)]
        if not here:
            missing_parts.append(facts.parts.get(territory or "", territory or ""))
        elif needed is not None and _reach(here) < needed:
            reach[territory] = _reach(here)
    out = []
    if missing_parts:
        covered_parts = sorted({facts.parts.get(t, t) for c in usable for t in c.extent})
        out.append(f"applies in {', '.join(covered_parts) or 'part of the jurisdiction'} only; "
                   f"no measure recorded for {', '.join(sorted(missing_parts))}")
    same_everywhere = len(set(reach.values())) == 1 and not missing_parts and len(reach) == len(_territories(facts))
    for territory, age in reach.items():
        where = "" if same_everywhere or territory is None else f" in {facts.parts.get(territory, territory)}"
        out.append(f"protects under-{age}s{where}, requirement needs under-{needed}s" if age
                   else f"no measure covers the youngest children{where} (requirement: under-{needed}s)")
        if same_everywhere:
            break
    return out


def _covered_reason(usable: list[Evidence], needed: int | None, facts: JurisdictionFacts) -> str:
    if len(usable) == 1 or (needed is None and not facts.parts):
        return "a measure in force covers it fully"
    parts = []
    for c in usable:
        bits = [c.band()] if needed is not None else []
        if c.extent:
            bits.append(", ".join(facts.parts.get(t, t.rsplit("/", 1)[-1]) for t in c.extent))
        parts.append(f"{c.name} ({'; '.join(bits)})" if bits else c.name)
    return "covered jointly: " + "; ".join(parts)


def _short(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1]
