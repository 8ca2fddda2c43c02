"""The workbook's layout: its sheets, their columns and what each cell may hold.

One description serves the template, the export, the CSV set and the import, so a column can not
mean one thing when written and another when read. Each column names the RDF property it carries
(data/CONVENTIONS.md); helper columns (grey) are filled for the analyst and ignored on import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Cell kinds: text, lines (several texts, one per line), id, ref(s) (ids of rows of another
# sheet), url(s) (separated by line breaks or spaces), date (xsd:date), pdate (xsd:date, or
# xsd:gYearMonth / xsd:gYear when only that is known), int, enum, lang, codes (extent), helper.
KINDS = ("text", "lines", "id", "ref", "refs", "url", "urls", "date", "pdate", "int", "enum", "lang", "codes",
         "eid", "eids", "term", "helper")

# Enumerations: the words shown in the drop-downs are the ontology's own local names (cg:full ...).
ENUMS: dict[str, tuple[str, ...]] = {
    "level": ("full", "partial", "notMet", "none"),
    "modality": ("reportToPolice", "reportToDesignatedCentre", "takedownOnNotice", "bestEndeavours", "regulatorCode"),
    "confidence": ("high", "medium", "low"),
    "authority": ("officialLegislation", "depositary", "government", "court", "secondary", "other"),
    "stage": ("signatory", "stateParty", "withdrawn"),
    "consent form": ("ratification", "accession", "acceptance", "approval", "succession"),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    predicate: str = ""  # the property the cell carries (prefixed), for mapping problems back
    required: bool = False
    enum: str = ""  # key of ENUMS, or "requirement" / "treaty" (lists from the catalogue)
    help: str = ""
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    name: str
    csv: str  # file name in the CSV set
    columns: tuple[Column, ...]
    help: str = ""
    one_row: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def data_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind != "helper")


def _evidence(sources_required: bool = True) -> tuple[Column, ...]:
    return (
        Column("sources", "urls", "dcterms:source", sources_required, width=50,
               help="URLs of the documents this rests on, one per line; each described on the Sources sheet"),
        Column("assessed on", "date", "cg:assessedOn", True, help="the date you assessed it (YYYY-MM-DD)", width=12),
        Column("confidence", "enum", "cg:confidence", True, "confidence",
               help="high: official text or depositary read; medium: secondary sources only; low: weaker"),
        Column("note", "text", "skos:note", help="your own words: what was read, why this level", width=50),
    )


JURISDICTION = Sheet("Jurisdiction", "jurisdiction.csv", (
    Column("jurisdiction", "id", "cg:jurisdiction", True, help="ISO 3166-1 alpha-2 code (or EU)", width=12),
    Column("name", "helper", help="(filled for you)", width=20),
    Column("age of sexual consent", "int", "cg:ageOfSexualConsent",
           help="the national age of sexual consent, a whole number; leave empty when there is no single age"),
    Column("age applies from", "pdate", "eli:first_date_entry_in_force", width=12,
           help="when the law set this age (YYYY-MM-DD, or YYYY-MM / YYYY); left empty, the age counts only from "
                "the assessment date"),
    Column("age applies until", "pdate", "eli:date_no_longer_in_force", width=12,
           help="the first day this age no longer applies, when the law changed it"),
    *_evidence(sources_required=False),
), help="One row: the jurisdiction and the facts about it, with their evidence.", one_row=True)

MEASURES = Sheet("Measures", "measures.csv", (
    Column("id", "id", "", True, help="short slug, lower case with hyphens (soa-2003-s15a); a version: "
           "<measure id>/v<year or date> (pca-1978-s1/v2004)", width=24),
    Column("version of", "ref", "cg:versionOf", help="for a version: the id of the measure across its life",
           width=18),
    Column("label", "text", "rdfs:label", True, help="statute, section and what it does, in your words", width=45),
    Column("statute", "text", "cg:statute", width=28),
    Column("section", "text", "cg:section", width=10),
    Column("extent", "codes", "cg:extent", help="parts it applies to (GB-ENG GB-WLS); empty: the whole "
           "jurisdiction", width=14),
    Column("in force from", "pdate", "eli:first_date_entry_in_force",
           help="YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only that", width=13),
    Column("in force until", "pdate", "eli:date_no_longer_in_force",
           help="the first day no longer in force: YYYY-MM-DD, YYYY-MM or YYYY", width=13),
    Column("replaced by", "refs", "dcterms:isReplacedBy", help="id(s) of the measure(s) replacing it"),
    Column("official text", "urls", "cg:officialText", help="the official page of the section (also list it "
           "among the sources)", width=40),
    *_evidence(),
), help="One row per measure (national provision, institution, policy) and per version of one.")

CLAIMS = Sheet("Claims", "claims.csv", (
    Column("requirement", "id", "cg:aboutRequirement", True, "requirement",
           help="requirement id (copgraph requirements)", width=28),
    Column("requirement label", "helper", width=40),
    Column("provisions", "helper", width=30),
    Column("needs", "helper", help="what a full claim must record", width=30),
    Column("claim id", "id", help="optional; default: the requirement id, then -2, -3 for further rows", width=20),
    Column("measure", "ref", "cg:byMeasure", help="id of the measure or version (Measures sheet); empty for "
           "level none", width=24),
    Column("level", "enum", "cg:level", False, "level",
           help="full, partial, notMet (a measure that does not meet it), none (no measure: an assessed gap); "
                "a row with no level is not assessed and is skipped"),
    Column("modality", "enum", "cg:modality", enum="modality", help="legal form, for duties whose form matters"),
    Column("protected age", "int", "cg:protectedAge", help="protects children under N (whole number)"),
    Column("protected age from", "int", "cg:protectedAgeFrom", help="lower bound of an age band (14 for 14-17)"),
    Column("sources", "urls", "dcterms:source", True, width=50,
           help="URLs of the documents this rests on, one per line; each described on the Sources sheet"),
    Column("sources searched", "urls", "cg:sourceSearched", help="for level none: what was searched", width=40),
    Column("confidence", "enum", "cg:confidence", True, "confidence"),
    Column("assessed on", "date", "cg:assessedOn", True, width=12),
    Column("note", "text", "skos:note", width=50),
    Column("excerpt", "text", "cg:excerpt", help="a short quotation of the statute (< 300 characters)", width=40),
    Column("excerpt language", "lang", help="language tag of the excerpt (de, fr, en ...)", width=9),
), help="One row per coverage claim. A requirement may have several rows (joint coverage, versions).")

SOURCES = Sheet("Sources", "sources.csv", (
    Column("url", "url", "", True, width=60),
    Column("authority", "enum", "cg:authority", True, "authority",
           help="officialLegislation, depositary, government, court (authoritative); secondary; other (never "
                "evidence)"),
    Column("text date", "pdate", "cg:textDate", help="date of the version of the text read (YYYY-MM-DD, YYYY-MM "
           "or YYYY)", width=12),
    Column("retrieved on", "date", "cg:retrievedOn", help="when you read it", width=12),
    Column("pinpoint", "lines", "cg:pinpoint", help="where in the document (s.15A(1)); several: one per line",
           width=20),
    Column("title", "text", "dcterms:title", width=30),
    Column("note", "text", "skos:note", help="about the document itself, e.g. who published it", width=30),
), help="One row per source URL cited anywhere in the workbook.")

RESEARCH = Sheet("Research", "research.csv", (
    Column("assessed on", "date", "cg:assessedOn", True, help="the date of the research pass (also its id)",
           width=12),
    Column("sources searched", "urls", "cg:sourceSearched", help="sites and documents searched", width=40),
    Column("scope note", "text", "cg:scopeNote", help="what was read, what was not found, what was not researched",
           width=80),
), help="What was searched, so that 'not assessed' shows its depth. Rows with the same date make one record.")

PARTY_STATUSES = Sheet("Party statuses", "party-statuses.csv", (
    Column("treaty", "id", "cg:treaty", True, "treaty", width=12),
    Column("stage", "enum", "cg:stage", True, "stage"),
    Column("signed on", "pdate", "cg:signedOn", width=12),
    Column("consented on", "pdate", "cg:consentedOn", width=12),
    Column("consent form", "enum", "cg:consentForm", enum="consent form"),
    Column("in force from", "pdate", "cg:inForceFrom", width=12),
    Column("in force derived from", "eid", "cg:inForceDerivedFrom",
           help="eId of the treaty article the date was computed with (art_45__para_4)", width=16),
    *_evidence(),
), help="Only for a jurisdiction whose party statuses are not in data/parties/ (the bundled ones are).")

RESERVATIONS = Sheet("Reservations", "reservations.csv", (
    Column("treaty", "id", "cg:treaty", True, "treaty", width=12),
    Column("option", "eid", "cg:underOption", True, help="eId of the provision allowing the reservation "
           "(art_9__para_4); copgraph show <treaty>/reservation/<eId>", width=16),
    Column("limited to", "eids", "cg:limitedTo", help="eIds of the provisions it concerns", width=24),
    Column("made on", "pdate", "cg:madeOn", width=12),
    Column("withdrawn on", "pdate", "cg:withdrawnOn", width=12),
    Column("declared age", "int", "cg:declaredAge", help="for an age-lowering declaration"),
    *_evidence(),
), help="Reservations and declarations made; each needs a row for its treaty on the Party statuses sheet.")

OTHER = Sheet("Other statements", "other-statements.csv", (
    Column("subject", "term", "", True, width=40),
    Column("predicate", "term", "", True, width=24),
    Column("object", "term", "", True, width=60),
), help="Anything the other sheets do not carry, as Turtle terms (<iri>, cg:term, \"text\"@en, "
        "\"2020\"^^xsd:gYear, 16, _:b1). Normally empty.")

SHEETS: tuple[Sheet, ...] = (JURISDICTION, MEASURES, CLAIMS, SOURCES, RESEARCH, PARTY_STATUSES, RESERVATIONS, OTHER)
INSTRUCTIONS = "Instructions"
LISTS = "Lists"


@dataclass
class Cell:
    """A raw cell as read: where it is and what it holds."""

    sheet: str
    row: int
    column: str
    value: object


@dataclass
class Row:
    sheet: str
    number: int  # the spreadsheet row number (header is 1)
    cells: dict[str, object] = field(default_factory=dict)

    def empty(self, columns: tuple[Column, ...]) -> bool:
        return all(_blank(self.cells.get(c.name)) for c in columns)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def sheet_by_name(name: str) -> Sheet | None:
    key = " ".join(name.split()).casefold()
    return next((s for s in SHEETS if s.name.casefold() == key), None)
