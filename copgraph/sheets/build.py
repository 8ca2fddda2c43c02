"""Rows of a filled workbook -> a jurisdiction file in the data conventions, or every problem at once.

Each cell is read by `cells`, cross-references are checked here (a measure cited but not defined,
a source cited but not described), and the Turtle is then validated by `validate.inspect_file`
exactly as `copgraph validate` would; its findings are mapped back to the sheet, row and column
they came from. Nothing is returned unless everything is right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import cells
from .catalogue import Catalogue
from .cells import CLAIM_ID, MEASURE_ID, CellError
from .schema import (
    CLAIMS,
    JURISDICTION,
    MEASURES,
    OTHER,
    PARTY_STATUSES,
    RESEARCH,
    RESERVATIONS,
    SOURCES,
    Row,
    Sheet,
)
from .turtle import BASE, XSD, Blank, Block, Iri, Lit, Term, Writer, prefixes

CG = BASE + "ontology#"
T = TypeVar("T")


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    row: int | str
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{self.sheet}, row {self.row}, {self.column}, {value!r}: {self.message}"


@dataclass
class Built:
    code: str
    turtle: str
    where: dict[str, tuple[str, int]] = field(default_factory=dict)  # IRI -> (sheet, row) for validation


class Reader:
    """Reads typed cells of one row, collecting problems instead of stopping at the first."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = problems

    def get(self, sheet: Sheet, row: Row, name: str, parse: Callable[[Any], T], *,
            required: bool | None = None) -> T | None:
        column = sheet.column(name)
        raw = row.cells.get(name)
        if cells.blank(raw):
            if column.required if required is None else required:
                self.report(sheet, row, name, raw, "needed")
            return None
        try:
            return parse(raw)
        except CellError as exc:
            self.report(sheet, row, name, raw, str(exc))
            return None

    def report(self, sheet: Sheet | str, row: Row | int | str, column: str, raw: object, message: str) -> None:
        self.problems.append(SheetProblem(
            sheet.name if isinstance(sheet, Sheet) else sheet, row.number if isinstance(row, Row) else row,
            column, "" if cells.blank(raw) else cells.text(raw), message))


def _enum(name: str) -> Callable[[object], str]:
    return lambda v: cells.enum(v, name)


def _date_term(value: dt.date | None) -> Lit | None:
    return Lit(value.isoformat(), XSD + "date") if value else None


def _pdate_term(value: tuple[str, str] | None) -> Lit | None:
    return Lit(value[0], value[1]) if value else None


def _cg(word: str | None) -> Iri | None:
    return Iri(CG + word) if word else None


def _en(text: str | None) -> Lit | None:
    return Lit(text, lang="en") if text else None


def _int(value: int | None) -> Lit | None:
    return Lit(str(value), XSD + "integer") if value is not None else None


def _evidence(block: Block, ev: dict) -> None:
    block.add("skos:note", _en(ev["note"]))
    block.add("dcterms:source", *(Iri(u) for u in sorted(ev["sources"] or [])))
    block.add("cg:assessedOn", _date_term(ev["assessed on"]))
    block.add("cg:confidence", _cg(ev["confidence"]))


class Builder:
    def __init__(self, rows: dict[str, list[Row]], catalogue: Catalogue,
                 jurisdiction: Callable[[str], tuple[str, list[str]] | None]) -> None:
        self.rows = rows
        self.catalogue = catalogue
        self.lookup_jurisdiction = jurisdiction
        self.problems: list[SheetProblem] = []
        self.r = Reader(self.problems)
        self.where: dict[str, tuple[str, int]] = {}
        self.cited: list[tuple[Sheet, Row, str, str]] = []  # (sheet, row, column, url) to check against Sources

    def data_rows(self, sheet: Sheet) -> list[Row]:
        return [row for row in self.rows.get(sheet.name, []) if not row.empty(sheet.data_columns)]

    def evidence(self, sheet: Sheet, row: Row) -> dict[str, Any]:
        ev: dict[str, Any] = {
            "sources": self.r.get(sheet, row, "sources", cells.urls),
            "assessed on": self.r.get(sheet, row, "assessed on", cells.date),
            "confidence": self.r.get(sheet, row, "confidence", _enum("confidence")),
            "note": self.r.get(sheet, row, "note", cells.text),
        }
        for u in ev["sources"] or []:
            self.cited.append((sheet, row, "sources", u))
        return ev

    # ------------------------------------------------------------------ sheets

    def jurisdiction(self) -> tuple[str, list[Block], list[str]]:
        sheet = JURISDICTION
        rows = self.data_rows(sheet)
        if not rows:
            self.r.report(sheet, 2, "jurisdiction", "", "the workbook names no jurisdiction (one row needed)")
            return "", [], []
        for extra in rows[1:]:
            self.r.report(sheet, extra, "jurisdiction", extra.cells.get("jurisdiction"),
                          "one jurisdiction per workbook: only the first row is read; remove this row")
        row = rows[0]
        code = self.r.get(sheet, row, "jurisdiction", lambda v: "".join(cells.text(v).split()).upper())
        parts: list[str] = []
        if code:
            info = self.lookup_jurisdiction(str(code))
            if info is None:
                self.r.report(sheet, row, "jurisdiction", code, "not a jurisdiction of data/countries.ttl "
                              "(ISO 3166-1 alpha-2 code, e.g. GB)")
                code = ""
            else:
                parts = info[1]
        age = self.r.get(sheet, row, "age of sexual consent", cells.integer)
        blocks: list[Block] = []
        has_evidence = any(not cells.blank(row.cells.get(n)) for n in ("sources", "assessed on", "confidence", "note"))
        if age is None:
            if has_evidence:
                self.r.report(sheet, row, "age of sexual consent", "", "evidence is given but no age: give the "
                              "age, or clear the evidence cells")
            return str(code or ""), blocks, parts
        if not 1 <= int(age) <= 25:
            self.r.report(sheet, row, "age of sexual consent", age, "an age in years between 1 and 25 is expected")
        ev = self.evidence(sheet, row)
        if not ev["sources"] and "sources" not in [p.column for p in self.problems if p.sheet == sheet.name]:
            self.r.report(sheet, row, "sources", "", "the age of consent needs at least one source")
        jur = Iri(f"{BASE}jurisdiction/{code}")
        fact = Block(jur)
        fact.add("cg:ageOfSexualConsent", _int(int(age)))
        statement = Block(Blank(""))
        statement.add("rdf:type", Iri(prefixes(str(code))["rdf"] + "Statement"))
        statement.add("rdf:subject", jur)
        statement.add("rdf:predicate", Iri(CG + "ageOfSexualConsent"))
        statement.add("rdf:object", _int(int(age)))
        for column, prop in (("age applies from", "eli:first_date_entry_in_force"),
                             ("age applies until", "eli:date_no_longer_in_force")):
            if (applies := self.r.get(sheet, row, column, cells.partial_date)) is not None:
                statement.add(prop, _pdate_term(applies))
        _evidence(statement, ev)
        return str(code), [fact, statement], parts

    def sources(self) -> tuple[list[Block], set[str]]:
        sheet = SOURCES
        blocks: dict[str, Block] = {}
        for row in self.data_rows(sheet):
            address = self.r.get(sheet, row, "url", cells.url)
            authority = self.r.get(sheet, row, "authority", _enum("authority"))
            text_date = self.r.get(sheet, row, "text date", cells.partial_date)
            retrieved = self.r.get(sheet, row, "retrieved on", cells.date)
            pinpoints = self.r.get(sheet, row, "pinpoint", cells.lines)
            title = self.r.get(sheet, row, "title", cells.text)
            note = self.r.get(sheet, row, "note", cells.text)
            if not address:
                continue
            if address in blocks:
                self.r.report(sheet, row, "url", address, "described twice on the Sources sheet")
                continue
            block = Block(Iri(str(address)))
            block.add("rdf:type", Iri(CG + "SourceDocument"))
            block.add("cg:authority", _cg(authority))
            block.add("cg:textDate", _pdate_term(text_date))
            block.add("cg:retrievedOn", _date_term(retrieved))
            block.add("cg:pinpoint", *(Lit(p) for p in sorted(pinpoints or [])))
            block.add("dcterms:title", _en(title))
            block.add("skos:note", _en(note))
            blocks[str(address)] = block
            self.where[str(address)] = (sheet.name, row.number)
        return [blocks[k] for k in sorted(blocks)], set(blocks)

    def research(self, code: str) -> list[Block]:
        sheet = RESEARCH
        records: dict[dt.date, tuple[Block, list[Iri], list[Lit], Row]] = {}
        for row in self.data_rows(sheet):
            day = self.r.get(sheet, row, "assessed on", cells.date)
            searched = self.r.get(sheet, row, "sources searched", cells.urls) or []
            note = self.r.get(sheet, row, "scope note", cells.text)
            if not isinstance(day, dt.date):
                continue
            if day not in records:
                records[day] = (Block(Iri(f"{BASE}jurisdiction/{code}/research/{day.isoformat()}")), [], [], row)
            _, urls, notes, _ = records[day]
            urls += [Iri(u) for u in searched if Iri(u) not in urls]
            if note:
                notes.append(Lit(str(note), lang="en"))
        blocks = []
        for day in sorted(records):
            block, urls, notes, row = records[day]
            block.add("rdf:type", Iri(CG + "ResearchRecord"))
            block.add("cg:jurisdiction", Iri(f"{BASE}jurisdiction/{code}"))
            block.add("cg:sourceSearched", *sorted(urls, key=lambda i: i.value))
            block.add("cg:scopeNote", *sorted(notes, key=lambda n: n.value))
            block.add("cg:assessedOn", _date_term(day))
            self.where[block.subject.value] = (sheet.name, row.number)  # type: ignore[union-attr]
            blocks.append(block)
        return blocks

    def measures(self, code: str, parts: list[str]) -> tuple[list[Block], dict[str, Row]]:
        sheet = MEASURES
        measure_ns = f"{BASE}jurisdiction/{code}/measure/"
        ids = lambda v: cells.slug(v, MEASURE_ID, "soa-2003-s15a, pca-1978-s1/v2004")  # noqa: E731
        defined: dict[str, Row] = {}
        parsed = []
        for row in self.data_rows(sheet):
            ident = self.r.get(sheet, row, "id", ids)
            if ident and ident in defined:
                self.r.report(sheet, row, "id", ident, f"defined twice (also row {defined[str(ident)].number})")
                continue
            if ident:
                defined[str(ident)] = row
            parsed.append((row, ident))
        blocks = []
        for row, ident in parsed:
            version_of = self.r.get(sheet, row, "version of", ids)
            label = self.r.get(sheet, row, "label", cells.text)
            statute = self.r.get(sheet, row, "statute", cells.text)
            section = self.r.get(sheet, row, "section", cells.text)
            extent = self.r.get(sheet, row, "extent", lambda v: self._extent(v, code, parts)) or []
            start = self.r.get(sheet, row, "in force from", cells.partial_date)
            end = self.r.get(sheet, row, "in force until", cells.partial_date)
            replaced = self.r.get(sheet, row, "replaced by",
                                  lambda v: cells.slugs(v, MEASURE_ID, "soa-2003-s15a")) or []
            official = self.r.get(sheet, row, "official text", cells.urls) or []
            ev = self.evidence(sheet, row)
            for ref, column in [(version_of, "version of"), *((r, "replaced by") for r in replaced)]:
                if ref and ref not in defined:
                    self.r.report(sheet, row, column, ref, "no measure with this id on the Measures sheet")
            if version_of and ident and version_of == ident:
                self.r.report(sheet, row, "version of", version_of, "a measure cannot be a version of itself")
            if not ident:
                continue
            block = Block(Iri(measure_ns + str(ident)))
            block.add("rdf:type", Iri(CG + ("MeasureVersion" if version_of else "Measure")))
            block.add("cg:versionOf", Iri(measure_ns + str(version_of)) if version_of else None)
            block.add("rdfs:label", _en(label))
            block.add("cg:jurisdiction", Iri(f"{BASE}jurisdiction/{code}"))
            block.add("cg:extent", *(Iri(f"{BASE}jurisdiction/{p}") for p in extent))
            block.add("cg:statute", Lit(str(statute)) if statute else None)
            block.add("cg:section", Lit(str(section)) if section else None)
            block.add("cg:officialText", *(Iri(u) for u in sorted(official)))
            block.add("eli:first_date_entry_in_force", _pdate_term(start))
            block.add("eli:date_no_longer_in_force", _pdate_term(end))
            block.add("dcterms:isReplacedBy", *(Iri(measure_ns + r) for r in sorted(replaced)))
            _evidence(block, ev)
            self.where[measure_ns + str(ident)] = (sheet.name, row.number)
            blocks.append(block)
        blocks.sort(key=lambda b: _measure_order(b.subject.value))  # type: ignore[union-attr]
        return blocks, defined

    def _extent(self, value: object, code: str, parts: list[str]) -> list[str]:
        found = []
        for token in cells.text(value).replace(",", " ").split():
            part = token.upper() if "-" in token else f"{code}-{token.upper()}"
            if part not in parts:
                known = ", ".join(parts) or f"none are recorded for {code}"
                raise CellError(f"{token!r} is not a recorded part of {code} (known: {known})")
            if part not in found:
                found.append(part)
        return sorted(found)

    def claims(self, code: str, measures: dict[str, Row]) -> list[Block]:
        sheet = CLAIMS
        claim_ns = f"{BASE}jurisdiction/{code}/claim/"
        requirement_ids = tuple(self.catalogue.requirements)
        used: dict[str, Row] = {}
        pending = []
        for row in self.rows.get(sheet.name, []):
            filled = [c for c in sheet.data_columns
                      if c.name != "requirement" and not cells.blank(row.cells.get(c.name))]
            if not filled:
                continue  # a requirement with nothing filled in is not assessed
            requirement = self.r.get(sheet, row, "requirement", lambda v: self._requirement(v, requirement_ids))
            ident = self.r.get(sheet, row, "claim id", lambda v: cells.slug(v, CLAIM_ID, "grooming-s15a"))
            if ident:
                if ident in used:
                    self.r.report(sheet, row, "claim id", ident, f"used twice (also row {used[str(ident)].number})")
                used[str(ident)] = row
            pending.append((row, requirement, ident))
        blocks = []
        for row, requirement, ident in pending:
            level = self.r.get(sheet, row, "level", _enum("level"), required=True)
            measure = self.r.get(sheet, row, "measure", lambda v: cells.slug(v, MEASURE_ID, "soa-2003-s15a"))
            modality = self.r.get(sheet, row, "modality", _enum("modality"))
            age = self.r.get(sheet, row, "protected age", cells.integer)
            age_from = self.r.get(sheet, row, "protected age from", cells.integer)
            searched = self.r.get(sheet, row, "sources searched", cells.urls) or []
            ev = self.evidence(sheet, row)
            excerpt = self.r.get(sheet, row, "excerpt", cells.text)
            lang = self.r.get(sheet, row, "excerpt language", cells.language)
            if level == "none":
                if measure:
                    self.r.report(sheet, row, "measure", measure, "a claim of level none (no measure exists) names "
                                  "no measure; use notMet for a measure that does not meet the requirement")
                if not searched:
                    self.r.report(sheet, row, "sources searched", "", "a claim of level none needs the sources "
                                  "searched")
            elif level and not measure and "measure" not in self._reported(row):
                self.r.report(sheet, row, "measure", "", f"a claim of level {level} names its measure")
            if measure and measure not in measures:
                self.r.report(sheet, row, "measure", measure, "referenced but not defined on the Measures sheet")
            if age is not None and not 1 <= int(age) <= 25:
                self.r.report(sheet, row, "protected age", age, "an age in years between 1 and 25 is expected")
            if age_from is not None and (age is None or int(age_from) >= int(age)):
                self.r.report(sheet, row, "protected age from", age_from,
                              "the lower bound of an age band needs a protected age above it")
            if excerpt and not lang:
                self.r.report(sheet, row, "excerpt language", "", "an excerpt needs its language (de, fr ...)")
            if lang and not excerpt:
                self.r.report(sheet, row, "excerpt", "", "a language is given but no excerpt")
            if not requirement:
                continue
            if not ident:
                ident = self._free_id(str(requirement), used)
                used[ident] = row
            block = Block(Iri(claim_ns + str(ident)))
            block.add("rdf:type", Iri(CG + "Claim"))
            block.add("cg:jurisdiction", Iri(f"{BASE}jurisdiction/{code}"))
            block.add("cg:aboutRequirement", Iri(f"{BASE}requirement/{requirement}"))
            block.add("cg:byMeasure", Iri(f"{BASE}jurisdiction/{code}/measure/{measure}") if measure else None)
            block.add("cg:level", _cg(level))
            block.add("cg:protectedAgeFrom", _int(age_from))
            block.add("cg:protectedAge", _int(age))
            block.add("cg:modality", _cg(modality))
            block.add("cg:sourceSearched", *(Iri(u) for u in sorted(searched)))
            block.add("cg:excerpt", Lit(str(excerpt), lang=str(lang)) if excerpt and lang else None)
            _evidence(block, ev)
            self.where[claim_ns + str(ident)] = (sheet.name, row.number)
            blocks.append(block)
        blocks.sort(key=lambda b: b.subject.value)  # type: ignore[union-attr]
        return blocks

    def _reported(self, row: Row) -> set[str]:
        return {p.column for p in self.problems if p.sheet == CLAIMS.name and p.row == row.number}

    def _requirement(self, value: object, known: tuple[str, ...]) -> str:
        raw = "".join(cells.text(value).split()).lower().removeprefix("req:").removeprefix("requirement/")
        if raw not in known:
            raise CellError("not a requirement of the catalogue (see `copgraph requirements`)")
        return raw

    @staticmethod
    def _free_id(requirement: str, used: dict[str, Row]) -> str:
        candidate, n = requirement, 2
        while candidate in used:
            candidate, n = f"{requirement}-{n}", n + 1
        return candidate

    def party_statuses(self, code: str) -> tuple[list[Block], dict[str, Block]]:
        sheet = PARTY_STATUSES
        blocks: dict[str, Block] = {}
        treaty = lambda v: cells.enum(v, "treaty", tuple(self.catalogue.treaties))  # noqa: E731
        for row in self.data_rows(sheet):
            name = self.r.get(sheet, row, "treaty", treaty)
            stage = self.r.get(sheet, row, "stage", _enum("stage"))
            signed = self.r.get(sheet, row, "signed on", cells.partial_date)
            consented = self.r.get(sheet, row, "consented on", cells.partial_date)
            form = self.r.get(sheet, row, "consent form", _enum("consent form"))
            in_force = self.r.get(sheet, row, "in force from", cells.partial_date)
            derived = self.r.get(sheet, row, "in force derived from", cells.eid)
            ev = self.evidence(sheet, row)
            if not name:
                continue
            if name in blocks:
                self.r.report(sheet, row, "treaty", name, "a second status for the same treaty")
                continue
            iri = f"{BASE}jurisdiction/{code}/status/{name}"
            block = Block(Iri(iri))
            block.add("rdf:type", Iri(CG + "PartyStatus"))
            block.add("cg:party", Iri(f"{BASE}jurisdiction/{code}"))
            block.add("cg:treaty", Iri(f"{BASE}instrument/{name}"))
            block.add("cg:stage", _cg(stage))
            block.add("cg:signedOn", _pdate_term(signed))
            block.add("cg:consentedOn", _pdate_term(consented))
            block.add("cg:consentForm", _cg(form))
            block.add("cg:inForceFrom", _pdate_term(in_force))
            block.add("cg:inForceDerivedFrom", Iri(f"{BASE}instrument/{name}/{derived}") if derived else None)
            block.properties.append(("cg:madeReservation", []))  # filled by reservations()
            _evidence(block, ev)
            blocks[str(name)] = block
            self.where[iri] = (sheet.name, row.number)
        return [blocks[k] for k in sorted(blocks)], blocks

    def reservations(self, code: str, statuses: dict[str, Block]) -> list[Block]:
        sheet = RESERVATIONS
        blocks = []
        treaty = lambda v: cells.enum(v, "treaty", tuple(self.catalogue.treaties))  # noqa: E731
        for row in self.data_rows(sheet):
            name = self.r.get(sheet, row, "treaty", treaty)
            option = self.r.get(sheet, row, "option", cells.eid)
            limited = self.r.get(sheet, row, "limited to", cells.eids) or []
            made = self.r.get(sheet, row, "made on", cells.partial_date)
            withdrawn = self.r.get(sheet, row, "withdrawn on", cells.partial_date)
            age = self.r.get(sheet, row, "declared age", cells.integer)
            ev = self.evidence(sheet, row)
            if name and name not in statuses:
                self.r.report(sheet, row, "treaty", name, "no row for this treaty on the Party statuses sheet")
                continue
            if not name or not option:
                continue
            iri = f"{BASE}jurisdiction/{code}/status/{name}/reservation/{option}"
            if iri in self.where:
                self.r.report(sheet, row, "option", option, "the same reservation twice")
                continue
            block = Block(Iri(iri))
            block.add("rdf:type", Iri(CG + "Reservation"))
            block.add("cg:underOption", Iri(f"{BASE}instrument/{name}/reservation/{option}"))
            block.add("cg:limitedTo", *(Iri(f"{BASE}instrument/{name}/{e}") for e in sorted(set(limited))))
            block.add("cg:madeOn", _pdate_term(made))
            block.add("cg:withdrawnOn", _pdate_term(withdrawn))
            block.add("cg:declaredAge", _int(age))
            _evidence(block, ev)
            for predicate, objects in statuses[str(name)].properties:
                if predicate == "cg:madeReservation":
                    objects.append(Iri(iri))
            self.where[iri] = (sheet.name, row.number)
            blocks.append(block)
        for status in statuses.values():
            status.properties = [(p, sorted(o, key=lambda i: i.value) if p == "cg:madeReservation" else o)  # type: ignore
                                 for p, o in status.properties if o]
        return sorted(blocks, key=lambda b: b.subject.value)  # type: ignore[union-attr]

    def other(self, code: str) -> list[Block]:
        import rdflib
        from rdflib import BNode, Literal, URIRef
        from rdflib.namespace import NamespaceManager
        from rdflib.util import from_n3

        manager = NamespaceManager(rdflib.Graph(), bind_namespaces="none")
        for name, ns in prefixes(code).items():
            manager.bind(name, ns)

        def term(value: object) -> Term:
            raw = cells.text(value)
            try:
                parsed = from_n3(raw, nsm=manager)
            except Exception:  # noqa: BLE001 - rdflib raises several kinds for bad syntax
                parsed = None
            if isinstance(parsed, URIRef) and ":" in str(parsed):
                return Iri(str(parsed))
            if isinstance(parsed, BNode) and raw.startswith("_:"):
                return Blank(str(parsed))
            if isinstance(parsed, Literal):
                return Lit(str(parsed), str(parsed.datatype or ""), parsed.language or "")
            raise CellError("not a Turtle term (<https://...>, cg:term, \"text\"@en, 16, _:b1)")

        sheet = OTHER
        blocks = []
        for row in self.data_rows(sheet):
            s = self.r.get(sheet, row, "subject", term)
            p = self.r.get(sheet, row, "predicate", term)
            o = self.r.get(sheet, row, "object", term)
            if isinstance(s, Lit):
                self.r.report(sheet, row, "subject", row.cells.get("subject"), "a subject is an IRI or a blank node")
            if p is not None and not isinstance(p, Iri):
                self.r.report(sheet, row, "predicate", row.cells.get("predicate"), "a predicate is an IRI")
            if s is None or not isinstance(p, Iri) or o is None or isinstance(s, Lit):
                continue
            block = Block(s)
            block.add(Writer(code).term(p), o)
            blocks.append(block)
        return blocks

    # ------------------------------------------------------------------ whole

    def build(self) -> Built | None:
        code, facts, parts = self.jurisdiction()
        if not code:
            code = "XX"  # keep reading the other sheets so every problem is reported at once
        sources, described = self.sources()
        research = self.research(code)
        measures, defined = self.measures(code, parts)
        claims = self.claims(code, defined)
        statuses, by_treaty = self.party_statuses(code)
        reservations = self.reservations(code, by_treaty)
        other = self.other(code)
        for sheet, row, column, address in self.cited:
            if address not in described:
                self.r.report(sheet, row, column, address, "cited but not described on the Sources sheet "
                              "(add a row there with its authority)")
        if not (measures or claims or statuses) and not self.problems:
            self.r.report(CLAIMS, "-", "-", "", "nothing filled in: a jurisdiction file needs at least one measure, "
                          "claim or party status (a Claims row without a level is not assessed and is skipped)")
        if self.problems:
            return None
        writer = Writer(code)
        header = [f"{code}: measures and coverage claims, imported from a workbook (copgraph import).",
                  "Labels and notes are the analyst's own words. A requirement with no claim here is not assessed."]
        text = writer.document(header, [
            ("age of sexual consent", facts), ("research record", research), ("measures", measures),
            ("coverage claims", claims), ("party statuses", statuses), ("reservations", reservations),
            ("sources", sources), ("other statements", other)])
        return Built(code, text, self.where)


def _measure_order(iri: str) -> tuple[str, str]:
    head, _, local = iri.rpartition("/measure/")
    base, _, version = local.partition("/v")
    return head + base, version
