"""CoverageReport and its renderers: terminal table, Markdown, CSV, JSON, HTML, SHACL Turtle."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from .escape import is_web_link, markdown, plain, spreadsheet
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

FORMATS = ("table", "md", "csv", "json", "html", "shacl")


def short(iri: str | None) -> str:
    """The last segment of an IRI, for compact display."""
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


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

    def measures(self) -> str:
        def one(e: Evidence) -> str:
            if not e.measure:
                return f"no measure found [{short(e.level)}]"
            state = None if self.as_of is None else e.in_force(self.as_of)
            off = {True: "", False: ", not in force on the date", None: ", in force on the date unknown"}[state]
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
    if isinstance(value, dt.date | Period):
        return str(value) if isinstance(value, Period) else value.isoformat()
    return value


@dataclass
class CoverageReport:
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

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as plain dicts: no pandas needed."""
        return [r.as_dict() for r in self.rows]

    def to_dataframe(self):  # noqa: ANN201 - pandas is optional
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_dataframe() needs pandas; use to_dicts() without it") from exc
        return pd.DataFrame([_flat(r) for r in self.rows])

    def title(self) -> str:
        return (f"{self.jurisdiction_label} ({self.code}) against {self.profile_label} "
                f"[{short(self.profile)}], as of {self.as_of.isoformat()}")


def _flat(row: CoverageRow) -> dict[str, str]:
    return {
        "requirement": short(row.requirement), "label": row.label, "status": row.status,
        "binding": row.binding, "severity": row.severity or "", "provisions": "; ".join(row.provisions),
        "measures": row.measures(), "reason": row.reason, "sources": " ".join(row.sources()),
    }


_ORDER = {VIOLATION: 0, WARNING: 1, INFO: 2, None: 3}


def _sorted(rows: list[CoverageRow]) -> list[CoverageRow]:
    return sorted(rows, key=lambda r: (_ORDER[r.severity], STATUSES.index(r.status), r.label))


def render(report: CoverageReport, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return {"table": render_table, "md": render_md, "csv": render_csv, "json": render_json,
            "html": render_html, "shacl": render_shacl}[fmt](report)


def _summary_line(report: CoverageReport) -> str:
    s = report.summary()
    return (f"{s[COVERED]} covered, {s[PARTIAL]} partial, {s[GAP]} assessed gap, {s[NOT_ASSESSED]} not assessed; "
            f"{s['reserved']} reserved, {s['not binding']} not binding; "
            f"{s[VIOLATION]} violation(s), {s[WARNING]} warning(s), {s[INFO]} info")


def render_table(report: CoverageReport) -> str:
    lines = [plain(report.title()), _summary_line(report), ""]
    header = ("severity", "status", "binding", "requirement", "measures")
    rows = [(r.severity or "-", r.status, r.binding, r.label, r.measures() or "-") for r in _sorted(report.rows)]
    widths = [min(max(len(x[i]) for x in [header, *rows]), cap) for i, cap in enumerate((9, 12, 20, 60, 70))]
    for row in [header, *rows]:
        lines.append("  ".join(plain(cell)[:w].ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    lines += ["", "Not assessed means no claim is recorded: it is not a finding that the law lacks it."]
    return "\n".join(lines) + "\n"


def render_md(report: CoverageReport) -> str:
    esc = markdown
    out = [f"# Coverage: {esc(report.title())}", "", _summary_line(report), "",
           "| severity | status | binding | requirement | provisions | measures | reason | sources |",
           "|---|---|---|---|---|---|---|---|"]
    for r in _sorted(report.rows):
        sources = " ".join(f"<{s}>" if is_web_link(s) else esc(s) for s in r.sources())
        out.append("| " + " | ".join(esc(x) for x in (
            r.severity or "", r.status, r.binding, r.label, "; ".join(r.provisions), r.measures(), r.reason,
        )) + f" | {sources} |")
    return "\n".join(out) + "\n"


def render_csv(report: CoverageReport) -> str:
    buf = io.StringIO()
    fields = ["requirement", "label", "status", "binding", "severity", "provisions", "measures", "reason", "sources"]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for r in _sorted(report.rows):
        writer.writerow({k: spreadsheet(v) for k, v in _flat(r).items()})
    return buf.getvalue()


def render_json(report: CoverageReport) -> str:
    return json.dumps({
        "jurisdiction": report.jurisdiction, "code": report.code, "label": report.jurisdiction_label,
        "profile": report.profile, "as_of": report.as_of.isoformat(), "engine": report.engine,
        "summary": report.summary(), "rows": report.to_dicts(),
    }, indent=2, ensure_ascii=False) + "\n"


def render_html(report: CoverageReport) -> str:
    e = html.escape
    colours = {VIOLATION: "#f8d7da", WARNING: "#fff3cd", INFO: "#e2e3e5", None: "#d1e7dd"}
    body = []
    for r in _sorted(report.rows):
        links = " ".join(f'<a href="{e(s)}">{e(short(s) or s)}</a>' if is_web_link(s) else e(s) for s in r.sources())
        cells = (r.severity or "", r.status, r.binding, r.label, "; ".join(r.provisions), r.measures(), r.reason)
        body.append(f'<tr style="background:{colours[r.severity]}">' + "".join(f"<td>{e(c)}</td>" for c in cells)
                    + f"<td>{links}</td></tr>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{e(report.title())}</title><style>body{{font-family:sans-serif}}table{{border-collapse:collapse}}"
        "td,th{border:1px solid #999;padding:4px;vertical-align:top}</style></head><body>"
        f"<h1>{e(report.title())}</h1><p>{e(_summary_line(report))}</p><table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in ("severity", "status", "binding", "requirement", "provisions",
                                            "measures", "reason", "sources"))
        + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>"
        "<p>Not assessed means no claim is recorded: it is not a finding that the law lacks it.</p></body></html>\n"
    )


def render_shacl(report: CoverageReport) -> str:
    if report.shacl is None:
        raise ValueError("the SHACL report exists only with the shacl engine")
    return report.shacl.serialize(format="turtle")
