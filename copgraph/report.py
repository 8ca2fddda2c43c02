"""CoverageReport: one report model, rendered in every format through the shared foundation.

HTML and Markdown come from Jinja2 templates (templates/report.html, report.md, via
templating.render); the terminal table, CSV and XLSX from tables.py; JSON from the model's
dicts; the SHACL report is pySHACL's own graph. Nothing here decides a verdict: rows arrive from
check.py with their status, binding and severity already set by verdict.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from .escape import is_web_link
from .store import CG, Row
from .tables import Cell, Table, to_csv, to_markdown, to_terminal, to_xlsx
from .templating import render as render_template
from .templating import short
from .verdict import (
    BINDING,
    COVERED,
    GAP,
    INFO,
    NOT_ASSESSED,
    PARTIAL,
    RESERVED,
    STATUSES,
    VIOLATION,
    WARNING,
    Evidence,
    Period,
)

if TYPE_CHECKING:
    from .about import About
    from .legend import Legend

__all__ = ["FORMATS", "CoverageReport", "CoverageRow", "ClaimView", "Source", "SourceInfo", "render", "short"]

FORMATS = ("table", "md", "csv", "json", "html", "xlsx", "shacl")
BINARY_FORMATS = ("xlsx",)

# The authority scale of cg:SourceAuthority, most authoritative first: the order sources are listed in.
AUTHORITIES = tuple(CG + a for a in ("officialLegislation", "depositary", "government", "court", "secondary", "other"))
# Claim levels (cg:full ...) in words.
LEVEL_WORDS = {CG + "full": "full", CG + "partial": "partial", CG + "notMet": "not met",
               CG + "none": "no measure found"}
NOTE = "Not assessed means no claim is recorded: it is not a finding that the law lacks it."


# ------------------------------------------------------------------ sources

@dataclass(frozen=True)
class SourceInfo:
    """What the data says about a source document: its authority and the part that was read."""

    authority: str  # IRI of a cg:SourceAuthority
    authority_label: str
    pinpoint: str | None = None


def source_infos(rows: list[Row]) -> dict[str, SourceInfo]:
    """Fold source-authorities.rq rows (one per source and pinpoint) into source -> SourceInfo."""
    out: dict[str, SourceInfo] = {}
    for row in rows:
        url, pin = str(row["source"]), row["pinpoint"]
        known = out.get(url)
        pinpoint = "; ".join(p for p in (known.pinpoint if known else None, str(pin) if pin else None) if p) or None
        out[url] = SourceInfo(str(row["authority"]), str(row["authorityLabel"] or short(str(row["authority"]))),
                              pinpoint)
    return out


@dataclass(frozen=True)
class Source:
    """One source of a claim as a reader sees it."""

    url: str
    official: bool  # the measure's official text (cg:officialText)
    authority: str | None  # "official legislation", "government", ...; None when the data does not say
    pinpoint: str | None = None

    def describe(self) -> str:
        """'official text; official legislation; s.131': what the reader needs before following the link."""
        return "; ".join(x for x in ("official text" if self.official else None, self.authority, self.pinpoint) if x)


@dataclass(frozen=True)
class ClaimView:
    """One claim of a row, ready to print: the measure and what the claim says of it."""

    claim: str
    measure: str
    level: str
    force: str  # on the date of the check: in force / not in force / cannot tell ('' without a measure)
    band: str | None  # the protected ages, when the claim records them
    extent: list[str]  # the parts of the jurisdiction it applies in ([] = all)
    confidence: str | None
    assessed_on: dt.date | None
    note: str | None
    sources: list[Source]


# ------------------------------------------------------------------ the model

@dataclass
class CoverageRow:
    requirement: str
    label: str
    provisions: list[str]
    status: str
    binding: str
    severity: str | None
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    as_of: dt.date | None = None
    in_force: list[str] = field(default_factory=list)  # the claims counted as in force on the date
    required_age: int | None = None  # the age claims must reach (None: no age, or not recorded)

    def force(self, e: Evidence) -> str:
        if not e.measure:
            return ""
        state = None if self.as_of is None else e.in_force(self.as_of)
        return {True: "in force on the date", False: "not in force on the date",
                None: "in force on the date unknown"}[state]

    def measures(self) -> str:
        """The claims in one line: 'name [level, not in force on the date; under-18s, part]'."""
        def one(e: Evidence) -> str:
            if not e.measure:
                return f"no measure found [{short(e.level)}]"
            state = self.force(e)
            off = "" if state == "in force on the date" else f", {state}"
            part = [e.band()] if e.protected_age is not None else []
            part += [short(x) for x in e.extent]
            return f"{e.name} [{short(e.level)}{off}{'; ' + ', '.join(part) if part else ''}]"

        return "; ".join(one(e) for e in self.evidence)

    def sources(self) -> list[str]:
        """Official texts first, then the other sources, each once."""
        return list(dict.fromkeys([*(s for e in self.evidence for s in e.official_text),
                                   *(s for e in self.evidence for s in e.sources)]))

    def as_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "evidence"}
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        data["evidence"] = [{f.name: _plain(getattr(e, f.name)) for f in fields(e)} for e in self.evidence]
        return data


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates and partial dates as ISO text."""
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass
class CoverageReport:
    """A check's result: one row per requirement, and what a reader needs to judge it.

    >>> report = copgraph.check("NZ", "icmec-csam", as_of="2026-11-30")
    >>> report.summary()["covered"], report.to_dataframe().columns[:3].tolist()
    (1, ['jurisdiction', 'profile', 'as_of'])
    """

    jurisdiction: str
    code: str
    jurisdiction_label: str
    profile: str
    profile_label: str
    as_of: dt.date
    engine: str
    rows: list[CoverageRow]
    shacl: Any = None
    seconds: float = 0.0
    about: About | None = None  # copgraph version, data digest and date: the footer of every page
    legend: Legend | None = None  # what the statuses, binding states and severities mean
    sources_info: dict[str, SourceInfo] = field(default_factory=dict)  # the cited sources' authorities
    parts: dict[str, str] = field(default_factory=dict)  # the jurisdiction's recorded parts: IRI -> label

    @property
    def violations(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.severity == VIOLATION]

    def summary(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.rows)
        out = {status: counts.get(status, 0) for status in STATUSES}
        out["reserved"] = sum(1 for r in self.rows if r.binding == RESERVED)
        out["not binding"] = sum(1 for r in self.rows if r.binding not in (BINDING, RESERVED))
        sev = Counter(r.severity for r in self.rows)
        out.update({s: sev.get(s, 0) for s in (VIOLATION, WARNING, INFO)})
        return out

    def summary_line(self) -> str:
        s = self.summary()
        return (f"{s[COVERED]} covered, {s[PARTIAL]} partial, {s[GAP]} assessed gap, {s[NOT_ASSESSED]} not assessed; "
                f"{s['reserved']} reserved, {s['not binding']} not binding; "
                f"{s[VIOLATION]} violation(s), {s[WARNING]} warning(s), {s[INFO]} info")

    def sorted_rows(self) -> list[CoverageRow]:
        """Most severe first, then by status, then by label: the order every format prints."""
        return sorted(self.rows, key=lambda r: (_ORDER[r.severity], STATUSES.index(r.status), r.label))

    def claim_sources(self, e: Evidence) -> list[Source]:
        """A claim's sources: the measure's official text first, then the rest by authority."""
        def source(url: str) -> Source:
            info = self.sources_info.get(url)
            return Source(url, url in e.official_text, info.authority_label if info else None,
                          info.pinpoint if info else None)

        def rank(url: str) -> int:
            info = self.sources_info.get(url)
            return AUTHORITIES.index(info.authority) if info and info.authority in AUTHORITIES else len(AUTHORITIES)

        others = sorted((s for s in dict.fromkeys(e.sources) if s not in e.official_text), key=rank)
        return [source(u) for u in [*dict.fromkeys(e.official_text), *others]]

    def claims(self, row: CoverageRow) -> list[ClaimView]:
        return [ClaimView(
            claim=e.claim, measure=e.name if e.measure else "no measure found",
            level=LEVEL_WORDS.get(e.level, short(e.level)), force=row.force(e),
            band=e.band() if e.protected_age is not None else None,
            extent=[self.parts.get(x, short(x)) for x in e.extent],
            confidence=short(e.confidence) or None, assessed_on=e.assessed_on, note=e.note,
            sources=self.claim_sources(e),
        ) for e in row.evidence]

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as plain dicts: no pandas needed."""
        return [r.as_dict() for r in self.rows]

    def to_dataframe(self) -> Any:
        """A tidy table: one row per requirement, with jurisdiction (ISO code), profile and as_of
        columns so reports concatenate (`pd.concat(r.to_dataframe() for r in reports.values())`);
        provisions, measures and sources stay lists."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_dataframe() needs pandas; use to_dicts() without it") from exc
        return pd.DataFrame([{
            "jurisdiction": self.code, "profile": short(self.profile), "as_of": self.as_of,
            "requirement": short(r.requirement), "label": r.label, "status": r.status, "binding": r.binding,
            "severity": r.severity, "provisions": list(r.provisions),
            "measures": [e.name for e in r.evidence if e.measure], "reason": r.reason, "sources": r.sources(),
        } for r in self.rows], columns=DATAFRAME_COLUMNS)

    def title(self) -> str:
        return (f"{self.jurisdiction_label} ({self.code}) against {self.profile_label} "
                f"[{short(self.profile)}], as of {self.as_of.isoformat()}")


DATAFRAME_COLUMNS = ["jurisdiction", "profile", "as_of", "requirement", "label", "status", "binding", "severity",
                     "provisions", "measures", "reason", "sources"]
_ORDER = {VIOLATION: 0, WARNING: 1, INFO: 2, None: 3}


# ------------------------------------------------------------------ rendering

def render(report: CoverageReport, fmt: str) -> str | bytes:
    """The report in one format: text, or bytes for xlsx."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    renderers: dict[str, Any] = {"table": render_table, "md": render_md, "csv": render_csv, "json": render_json,
                                 "html": render_html, "xlsx": render_xlsx, "shacl": render_shacl}
    return renderers[fmt](report)


def render_table(report: CoverageReport, width: int | None = None) -> str:
    """The terminal table: as wide as the terminal ($COLUMNS, or `width`), long cells wrapped, never cut."""
    table = Table(["severity", "status", "binding", "requirement", "measures"],
                  [[r.severity or "-", r.status, r.binding, r.label, r.measures() or "-"]
                   for r in report.sorted_rows()],
                  title=report.title(), intro=[report.summary_line()], notes=["", NOTE],
                  wrap={"requirement", "measures"})
    return to_terminal(table, width=width)


def _flat(row: CoverageRow) -> list[Cell]:
    return [short(row.requirement), row.label, row.status, row.binding, row.severity or "",
            "; ".join(row.provisions), row.measures(), row.reason, " ".join(row.sources())]


FLAT_COLUMNS = ["requirement", "label", "status", "binding", "severity", "provisions", "measures", "reason", "sources"]


def rows_table(report: CoverageReport) -> Table:
    return Table(FLAT_COLUMNS, [_flat(r) for r in report.sorted_rows()], title="rows",
                 wrap={"label", "provisions", "measures", "reason", "sources"})


def evidence_table(report: CoverageReport) -> Table:
    """One row per claim: what each verdict rests on, for filtering in a spreadsheet."""
    columns = ["requirement", "label", "status", "measure", "level", "in force", "protected ages", "extent",
               "confidence", "assessed on", "note", "official text", "sources", "claim"]
    rows: list[list[Cell]] = []
    for row in report.sorted_rows():
        for c in report.claims(row):
            rows.append([short(row.requirement), row.label, row.status, c.measure, c.level, c.force, c.band or "",
                         ", ".join(c.extent), c.confidence or "", c.assessed_on, c.note or "",
                         " ".join(s.url for s in c.sources if s.official),
                         "; ".join(f"{s.url} ({s.authority or 'authority not recorded'})"
                                   for s in c.sources if not s.official),
                         c.claim])
    return Table(columns, rows, title="evidence", wrap={"label", "measure", "note", "sources"})


def about_table(report: CoverageReport) -> Table:
    about = report.about
    rows: list[list[Cell]] = [["report", report.title()], ["summary", report.summary_line()],
                              ["jurisdiction", report.code], ["profile", short(report.profile)],
                              ["as of", report.as_of], ["engine", report.engine]]
    if about is not None:
        rows += [["copgraph", about.version], ["data digest", about.data_digest],
                 ["data assessed up to", about.data_date],
                 ["generated (UTC)", about.generated.isoformat(" ", timespec="seconds")]]
    rows.append(["note", NOTE])
    return Table(["field", "value"], rows, title="about", wrap={"value"})


def render_csv(report: CoverageReport) -> str:
    return to_csv(rows_table(report))


def render_xlsx(report: CoverageReport) -> bytes:
    """A workbook: the rows, the evidence (one row per claim) and where the report came from."""
    return to_xlsx([rows_table(report), evidence_table(report), about_table(report)])


def about_dict(about: About | None) -> dict[str, str | None] | None:
    if about is None:
        return None
    return {"version": about.version, "data_digest": about.data_digest,
            "data_date": about.data_date.isoformat() if about.data_date else None,
            "generated": about.generated.isoformat(timespec="seconds")}


def render_json(report: CoverageReport) -> str:
    return json.dumps({
        "jurisdiction": report.jurisdiction, "code": report.code, "label": report.jurisdiction_label,
        "profile": report.profile, "as_of": report.as_of.isoformat(), "engine": report.engine,
        "summary": report.summary(), "rows": report.to_dicts(), "about": about_dict(report.about),
    }, indent=2, ensure_ascii=False) + "\n"


def _page_context(report: CoverageReport) -> dict[str, Any]:
    if report.about is None or report.legend is None:
        raise ValueError("a report page needs the report's about and legend (check.py sets them)")
    return {"report": report, "about": report.about, "legend": report.legend, "rows": report.sorted_rows(),
            "summary": report.summary(), "note": NOTE}


def render_html(report: CoverageReport) -> str:
    return render_template("report.html", **_page_context(report))


def render_md(report: CoverageReport) -> str:
    table = Table(["severity", "status", "binding", "requirement"],
                  [[r.severity or "", r.status, r.binding, r.label] for r in report.sorted_rows()])
    links: dict[str, int] = {}  # reference-style links keep the lines short; numbered as first cited
    for row in report.sorted_rows():
        for claim in report.claims(row):
            for source in claim.sources:
                if is_web_link(source.url):
                    links.setdefault(source.url, len(links) + 1)
    return render_template("report.md", table=to_markdown(table), links=links, **_page_context(report))


def render_shacl(report: CoverageReport) -> str:
    if report.shacl is None:
        raise ValueError("the SHACL report exists only with the shacl engine")
    from rdflib.compare import to_canonical_graph

    # Blank nodes relabelled canonically, so identical runs write identical files (diffable, golden-testable).
    return str(to_canonical_graph(report.shacl).serialize(format="turtle"))
