"""A jurisdiction graph -> workbook rows, carrying every triple somewhere.

Each triple a sheet column can carry is taken by it; whatever is left (a second note, a property
no column knows) goes to the "Other statements" sheet, so importing the export gives back the
same graph (tested with graph isomorphism on every bundled jurisdiction).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import rdflib
from rdflib import RDF, BNode, Literal, URIRef

from .cells import CLAIM_ID, MEASURE_ID
from .schema import ENUMS
from .turtle import BASE, XSD, prefixes

CG = rdflib.Namespace(BASE + "ontology#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
RDFS = rdflib.RDFS
_EID = re.compile(r"[a-z]+_[0-9a-z]+(__[a-z]+_[0-9a-z]+)*")
_PDATE = {XSD + "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), XSD + "gYearMonth": re.compile(r"[0-9]{4}-[0-9]{2}"),
          XSD + "gYear": re.compile(r"[0-9]{4}")}
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")

Rows = dict[str, list[dict[str, Any]]]


class Taker:
    """Takes triples out of a graph as columns consume them; what remains is 'other'."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.left: set[tuple] = set(graph)

    def objects(self, s: Any, p: Any) -> list[Any]:
        return sorted((o for o in self.graph.objects(s, p) if (s, p, o) in self.left), key=_sort_key)

    def take(self, s: Any, p: Any, o: Any) -> None:
        self.left.discard((s, p, o))

    def one(self, s: Any, p: Any, accept=lambda o: True) -> Any:  # noqa: ANN001
        """The first acceptable value (taken); further values stay for 'other'."""
        for o in self.objects(s, p):
            if accept(o):
                self.take(s, p, o)
                return o
        return None

    def all(self, s: Any, p: Any, accept=lambda o: True) -> list[Any]:  # noqa: ANN001
        found = [o for o in self.objects(s, p) if accept(o)]
        for o in found:
            self.take(s, p, o)
        return found


def _sort_key(term: object) -> tuple[str, str]:
    return (type(term).__name__, str(term))


def _trimmed(o: object) -> bool:
    """Text a cell gives back unchanged (the import trims cells and skips empty ones)."""
    return bool(str(o)) and str(o) == str(o).strip()


def _is_en(o: object) -> bool:
    return isinstance(o, Literal) and o.language == "en" and o.datatype is None and _trimmed(o)


def _is_plain(o: object) -> bool:
    return (isinstance(o, Literal) and not o.language and o.datatype in (None, URIRef(XSD + "string"))
            and _trimmed(o))


def _is_int(o: object) -> bool:
    return (isinstance(o, Literal) and str(o.datatype) == XSD + "integer"
            and re.fullmatch(r"-?[1-9][0-9]*|0", str(o)) is not None)


def _is_date(o: object) -> bool:
    if not (isinstance(o, Literal) and str(o.datatype) == XSD + "date" and _PDATE[XSD + "date"].fullmatch(str(o))):
        return False
    try:
        dt.date.fromisoformat(str(o))
    except ValueError:
        return False
    return True


def _is_pdate(o: object) -> bool:
    if _is_date(o):
        return True
    pattern = _PDATE.get(str(getattr(o, "datatype", "")))
    if not (isinstance(o, Literal) and pattern and pattern.fullmatch(str(o))):
        return False
    return str(o.datatype) == XSD + "gYear" or 1 <= int(str(o)[5:7]) <= 12


def _is_url(o: object) -> bool:
    return isinstance(o, URIRef) and _URL.fullmatch(str(o)) is not None


def _in(enum: str):  # noqa: ANN202
    return lambda o: isinstance(o, URIRef) and str(o).startswith(str(CG)) and str(o)[len(str(CG)):] in ENUMS[enum]


def _under(ns: str, pattern: re.Pattern[str]):  # noqa: ANN202
    return lambda o: isinstance(o, URIRef) and str(o).startswith(ns) and pattern.fullmatch(str(o)[len(ns):]) is not None


def _local(term: object, ns: str) -> str:
    return str(term)[len(ns):]


def _date_value(o: Any) -> Any:
    """xsd:date as a date (a date cell); gYear / gYearMonth as their text."""
    return dt.date.fromisoformat(str(o)) if str(o.datatype) == XSD + "date" else str(o)


def _lines(values: Iterable[object]) -> str:
    return "\n".join(str(v) for v in values)


def graph_to_rows(graph: rdflib.Graph, code: str) -> Rows:
    t = Taker(graph)
    jur = URIRef(f"{BASE}jurisdiction/{code}")
    jns = f"{BASE}jurisdiction/{code}/"
    rows: Rows = {}

    def evidence(s: Any, row: dict[str, Any]) -> None:
        row["sources"] = _lines(t.all(s, DCT.source, _is_url))
        row["assessed on"] = _date_value(o) if (o := t.one(s, CG.assessedOn, _is_date)) is not None else None
        row["confidence"] = _local(o, str(CG)) if (o := t.one(s, CG.confidence, _in("confidence"))) else None
        row["note"] = str(o) if (o := t.one(s, SKOS.note, _is_en)) is not None else None

    # ---- Jurisdiction: the age of consent with the statement that carries its evidence
    row: dict[str, Any] = {"jurisdiction": code}
    age = t.one(jur, CG.ageOfSexualConsent, _is_int)
    if age is not None:
        row["age of sexual consent"] = int(age)
        for statement in sorted(graph.subjects(RDF.subject, jur), key=str):
            if _fits_one_row(graph, statement, jur, age):
                evidence(statement, row)
                for column, prop in (("age applies from", ELI.first_date_entry_in_force),
                                     ("age applies until", ELI.date_no_longer_in_force)):
                    row[column] = _date_value(o) if (o := t.one(statement, prop, _is_pdate)) is not None else None
                for p, o in graph.predicate_objects(statement):
                    t.take(statement, p, o)
                break
    rows["Jurisdiction"] = [row]

    # ---- Sources
    sources = []
    for s in sorted(graph.subjects(RDF.type, CG.SourceDocument), key=str):
        if not _is_url(s):
            continue
        t.take(s, RDF.type, CG.SourceDocument)
        sources.append({
            "url": str(s),
            "authority": _local(o, str(CG)) if (o := t.one(s, CG.authority, _in("authority"))) else None,
            "text date": _date_value(o) if (o := t.one(s, CG.textDate, _is_pdate)) is not None else None,
            "retrieved on": _date_value(o) if (o := t.one(s, CG.retrievedOn, _is_date)) is not None else None,
            "pinpoint": _lines(t.all(s, CG.pinpoint, lambda o: _is_plain(o) and "\n" not in str(o)
                                     and str(o) == str(o).strip() and str(o))),
            "title": str(o) if (o := t.one(s, DCT.title, _is_en)) is not None else None,
            "note": str(o) if (o := t.one(s, SKOS.note, _is_en)) is not None else None,
        })
    rows["Sources"] = sources

    # ---- Research records
    research = []
    for s in sorted(graph.subjects(RDF.type, CG.ResearchRecord), key=str):
        day = _local(s, jns + "research/")
        if not str(s).startswith(jns + "research/") or not _is_date(Literal(day, datatype=XSD + "date")) \
                or (s, CG.assessedOn, Literal(day, datatype=URIRef(XSD + "date"))) not in graph \
                or (s, CG.jurisdiction, jur) not in graph:
            continue
        for p, o in ((RDF.type, CG.ResearchRecord), (CG.jurisdiction, jur),
                     (CG.assessedOn, Literal(day, datatype=URIRef(XSD + "date")))):
            t.take(s, p, o)
        searched = t.all(s, CG.sourceSearched, _is_url)
        notes = t.all(s, CG.scopeNote, _is_en) or [None]
        for i, note in enumerate(notes):
            research.append({"assessed on": dt.date.fromisoformat(day),
                             "sources searched": _lines(searched) if i == 0 else None,
                             "scope note": str(note) if note is not None else None})
    rows["Research"] = research

    # ---- Measures and versions
    mns = jns + "measure/"
    is_measure = _under(mns, MEASURE_ID)
    measures = []
    subjects = {s for s in graph.subjects(RDF.type, None) if is_measure(s)
                and ((s, RDF.type, CG.Measure) in graph or (s, RDF.type, CG.MeasureVersion) in graph)}
    for s in sorted(subjects, key=lambda s: _local(s, mns).partition("/v")[::2]):
        if (s, RDF.type, CG.MeasureVersion) in graph:
            version_of = t.one(s, CG.versionOf, is_measure)
            if version_of is None:
                continue
            t.take(s, RDF.type, CG.MeasureVersion)
        else:
            version_of = None
            t.take(s, RDF.type, CG.Measure)
        t.take(s, CG.jurisdiction, jur) if (s, CG.jurisdiction, jur) in graph else None
        row = {
            "id": _local(s, mns),
            "version of": _local(version_of, mns) if version_of is not None else None,
            "label": str(o) if (o := t.one(s, RDFS.label, _is_en)) is not None else None,
            "statute": str(o) if (o := t.one(s, CG.statute, _is_plain)) is not None else None,
            "section": str(o) if (o := t.one(s, CG.section, _is_plain)) is not None else None,
            "extent": " ".join(_local(o, f"{BASE}jurisdiction/") for o in t.all(
                s, CG.extent, lambda o: isinstance(o, URIRef) and re.fullmatch(
                    re.escape(f"{BASE}jurisdiction/{code}-") + r"[A-Z0-9]{1,3}", str(o)) is not None)),
            "in force from": _date_value(o) if (o := t.one(s, ELI.first_date_entry_in_force, _is_pdate)) is not None
            else None,
            "in force until": _date_value(o) if (o := t.one(s, ELI.date_no_longer_in_force, _is_pdate)) is not None
            else None,
            "replaced by": " ".join(_local(o, mns) for o in t.all(s, DCT.isReplacedBy, is_measure)),
            "official text": _lines(t.all(s, CG.officialText, _is_url)),
        }
        evidence(s, row)
        measures.append(row)
    rows["Measures"] = measures

    # ---- Claims
    cns = jns + "claim/"
    is_claim = _under(cns, CLAIM_ID)
    is_requirement = _under(f"{BASE}requirement/", re.compile(r"[a-z0-9][a-z0-9-]*"))
    claims = []
    for s in sorted(graph.subjects(RDF.type, CG.Claim), key=str):
        if not is_claim(s) or (s, CG.jurisdiction, jur) not in graph:
            continue
        requirement = t.one(s, CG.aboutRequirement, is_requirement)
        if requirement is None:
            continue
        t.take(s, RDF.type, CG.Claim)
        t.take(s, CG.jurisdiction, jur)
        excerpt = t.one(s, CG.excerpt, lambda o: isinstance(o, Literal) and bool(o.language)
                        and o.language == (o.language or "").lower() and _trimmed(o))
        row = {
            "requirement": _local(requirement, f"{BASE}requirement/"),
            "claim id": _local(s, cns),
            "measure": _local(o, mns) if (o := t.one(s, CG.byMeasure, is_measure)) is not None else None,
            "level": _local(o, str(CG)) if (o := t.one(s, CG.level, _in("level"))) else None,
            "modality": _local(o, str(CG)) if (o := t.one(s, CG.modality, _in("modality"))) else None,
            "protected age": int(o) if (o := t.one(s, CG.protectedAge, _is_int)) is not None else None,
            "protected age from": int(o) if (o := t.one(s, CG.protectedAgeFrom, _is_int)) is not None else None,
            "sources searched": _lines(t.all(s, CG.sourceSearched, _is_url)),
            "excerpt": str(excerpt) if excerpt is not None else None,
            "excerpt language": excerpt.language if excerpt is not None else None,
        }
        evidence(s, row)
        claims.append(row)
    rows["Claims"] = claims

    # ---- Party statuses and reservations
    statuses, reservations = [], []
    for s in sorted(graph.subjects(RDF.type, CG.PartyStatus), key=str):
        treaty = _local(s, jns + "status/")
        treaty_iri = URIRef(f"{BASE}instrument/{treaty}")
        if not str(s).startswith(jns + "status/") or not re.fullmatch(r"[a-z0-9-]+", treaty) \
                or (s, CG.party, jur) not in graph or (s, CG.treaty, treaty_iri) not in graph:
            continue
        for p, o in ((RDF.type, CG.PartyStatus), (CG.party, jur), (CG.treaty, treaty_iri)):
            t.take(s, p, o)
        ins = f"{BASE}instrument/{treaty}/"
        derived = t.one(s, CG.inForceDerivedFrom, _under(ins, _EID))
        row = {"treaty": treaty,
               "stage": _local(o, str(CG)) if (o := t.one(s, CG.stage, _in("stage"))) else None,
               "signed on": _date_value(o) if (o := t.one(s, CG.signedOn, _is_pdate)) is not None else None,
               "consented on": _date_value(o) if (o := t.one(s, CG.consentedOn, _is_pdate)) is not None else None,
               "consent form": _local(o, str(CG)) if (o := t.one(s, CG.consentForm, _in("consent form"))) else None,
               "in force from": _date_value(o) if (o := t.one(s, CG.inForceFrom, _is_pdate)) is not None else None,
               "in force derived from": _local(derived, ins) if derived is not None else None}
        evidence(s, row)
        statuses.append(row)
        rns = f"{s}/reservation/"
        for r in t.objects(s, CG.madeReservation):
            option = _local(r, rns)
            option_iri = URIRef(f"{ins}reservation/{option}")
            if not (str(r).startswith(rns) and _EID.fullmatch(option) and (r, RDF.type, CG.Reservation) in graph
                    and (r, CG.underOption, option_iri) in graph):
                continue
            for p, o in ((RDF.type, CG.Reservation), (CG.underOption, option_iri)):
                t.take(r, p, o)
            t.take(s, CG.madeReservation, r)
            res = {"treaty": treaty, "option": option,
                   "limited to": " ".join(_local(o, ins) for o in t.all(r, CG.limitedTo, _under(ins, _EID))),
                   "made on": _date_value(o) if (o := t.one(r, CG.madeOn, _is_pdate)) is not None else None,
                   "withdrawn on": _date_value(o) if (o := t.one(r, CG.withdrawnOn, _is_pdate)) is not None else None,
                   "declared age": int(o) if (o := t.one(r, CG.declaredAge, _is_int)) is not None else None}
            evidence(r, res)
            reservations.append(res)
    rows["Party statuses"] = statuses
    rows["Reservations"] = reservations

    # ---- whatever is left
    manager = rdflib.namespace.NamespaceManager(rdflib.Graph(), bind_namespaces="none")
    for name, ns in prefixes(code).items():
        manager.bind(name, ns)
    rows["Other statements"] = [
        {"subject": s.n3(manager), "predicate": p.n3(manager), "object": o.n3(manager)}
        for s, p, o in sorted(t.left, key=lambda triple: tuple(map(_sort_key, triple)))]
    return rows


def _fits_one_row(graph: rdflib.Graph, statement: object, jur: URIRef, age: object) -> bool:
    """A blank-node statement of the age of consent whose every triple a Jurisdiction row can carry."""
    if not isinstance(statement, BNode) or any(True for _ in graph.triples((None, None, statement))):
        return False
    props = list(graph.predicate_objects(statement))
    core = {(RDF.type, RDF.Statement), (RDF.subject, jur), (RDF.predicate, CG.ageOfSexualConsent), (RDF.object, age)}
    if not core <= set(props):
        return False
    rest = [(p, o) for p, o in props if (p, o) not in core]
    checks: dict[Any, Any] = {DCT.source: _is_url, CG.assessedOn: _is_date, CG.confidence: _in("confidence"),
                              SKOS.note: _is_en, ELI.first_date_entry_in_force: _is_pdate,
                              ELI.date_no_longer_in_force: _is_pdate}
    counts: dict[object, int] = {}
    for p, o in rest:
        if p not in checks or not checks[p](o):
            return False
        counts[p] = counts.get(p, 0) + 1
    return all(n == 1 for p, n in counts.items() if p != DCT.source)
