"""Harmonisation reviews: many jurisdictions against one profile, side by side.

Every cell is a row of the check itself (`check.check_all`, one evidence query for all
jurisdictions; the rules live in verdict.py): this module only arranges verdicts into a matrix,
counts them per requirement and over time, and hands them to the network analysis
(harmonise_network.py), the plots (harmonise_plots.py) and the renderers (harmonise_render.py).
"Not assessed" is kept apart everywhere: it is never counted as coverage, a gap or agreement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .about import About, about
from .check import Context, Inputs, check_all, context, inputs
from .errors import InputError
from .queries import get_query, parse_date
from .report import CoverageReport, CoverageRow, short
from .store import Graph, load
from .verdict import COVERED, GAP, NOT_ASSESSED, NOT_PARTY, SOFT_LAW, STATUSES, Evidence, RequirementSpec

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

MIN_SHARED = 3  # requirements two jurisdictions must both have assessed before they are compared
YEAR_END = (12, 31)  # a timeline year is judged as of 31 December: the law as it stood at the year's end


@dataclass
class Cell:
    """One jurisdiction x requirement: the check's row, with the parameters a reviewer compares."""

    code: str
    jurisdiction: str
    row: CoverageRow = field(repr=False)

    @property
    def requirement(self) -> str:
        return self.row.requirement

    @property
    def slug(self) -> str:
        return short(self.row.requirement)

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def binding(self) -> str:
        return self.row.binding

    @property
    def severity(self) -> str | None:
        return self.row.severity

    @property
    def anchor(self) -> str:
        """The id of the cell's evidence in the HTML report."""
        return f"cell-{self.code}-{self.slug}"

    def counted(self) -> list[Evidence]:
        """The claims the verdict counted as in force on the date (their parameters are the cell's)."""
        live = set(self.row.in_force)
        return [e for e in self.row.evidence if e.claim in live]

    def ages(self) -> str:
        return ", ".join(dict.fromkeys(e.band() for e in self.counted() if e.protected_age is not None))

    def legal_form(self) -> str:
        return ", ".join(dict.fromkeys(short(e.modality) for e in self.counted() if e.modality))

    def extent(self) -> str:
        return ", ".join(sorted({short(x) for e in self.counted() for x in e.extent}))

    def parameters(self) -> str:
        """Protected ages, legal forms, extent: each a comma list, separated by semicolons."""
        return "; ".join(p for p in (self.ages(), self.legal_form(), self.extent()) if p)

    def text(self) -> str:
        """The cell as one line: status; binding; parameters."""
        return "; ".join(p for p in (self.status, self.binding, self.parameters()) if p)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "jurisdiction": self.jurisdiction, "requirement": self.slug,
            "label": self.row.label, "status": self.status, "binding": self.binding,
            "severity": self.severity or "", "protected_age": self.ages(), "legal_form": self.legal_form(),
            "extent": self.extent(), "measures": self.row.measures(), "reason": self.row.reason,
            "claims": " ".join(e.claim for e in self.row.evidence), "sources": " ".join(self.row.sources()),
        }


CELL_COLUMNS = ["code", "jurisdiction", "requirement", "label", "status", "binding", "severity", "protected_age",
                "legal_form", "extent", "measures", "reason", "claims", "sources"]


@dataclass
class Review:
    """A harmonisation review: the check's verdicts for many jurisdictions on one profile and date."""

    ctx: Context
    data: Inputs
    as_of: dt.date
    reports: dict[str, CoverageReport]  # by code, sorted
    min_shared: int = MIN_SHARED

    @property
    def profile(self) -> str:
        return short(self.ctx.profile)

    @property
    def profile_label(self) -> str:
        return self.ctx.profile_label

    @cached_property
    def requirements(self) -> list[RequirementSpec]:
        return sorted(self.ctx.specs, key=lambda s: short(s.iri))

    @property
    def codes(self) -> list[str]:
        return list(self.reports)

    def jurisdiction_label(self, code: str) -> str:
        return self.reports[code].jurisdiction_label

    @cached_property
    def grid(self) -> dict[tuple[str, str], Cell]:
        """(code, requirement slug) -> cell."""
        return {(code, short(row.requirement)): Cell(code, report.jurisdiction_label, row)
                for code, report in self.reports.items() for row in report.rows}

    def cell(self, code: str, slug: str) -> Cell:
        return self.grid[(code, slug)]

    def matrix(self) -> list[Cell]:
        """Every cell, requirement by requirement, jurisdictions in code order."""
        return [self.grid[(code, short(spec.iri))] for spec in self.requirements for code in self.codes]

    def title(self) -> str:
        return (f"{self.profile_label} [{self.profile}]: {len(self.codes)} jurisdictions, "
                f"as of {self.as_of.isoformat()}")

    @cached_property
    def about(self) -> About:
        return about(self.ctx.graph)

    # ------------------------------------------------------------ tidy frames (pandas) for the Python API

    @property
    def cells(self) -> pd.DataFrame:
        """One row per jurisdiction x requirement."""
        import pandas as pd

        return pd.DataFrame([c.as_dict() for c in self.matrix()], columns=CELL_COLUMNS)

    @property
    def figures(self) -> pd.DataFrame:
        """Per requirement and group (all, Parties, non-Parties, soft law): counts and shares of each status."""
        import pandas as pd

        return pd.DataFrame(figure_rows(self))

    def timeline(self, from_: int, to: int) -> pd.DataFrame:
        """Per year (as of 31 December) and requirement: how many jurisdictions are covered, partial..."""
        import pandas as pd

        return pd.DataFrame(timeline_rows(self, from_, to))

    @cached_property
    def graph(self) -> nx.Graph:
        """The similarity graph of jurisdictions (harmonise_network.similarity_graph)."""
        from .harmonise_network import similarity_graph

        return similarity_graph(self, self.min_shared)

    @cached_property
    def communities(self) -> list[list[str]]:
        from .harmonise_network import communities

        return communities(self.graph)

    @property
    def separating(self) -> pd.DataFrame:
        import pandas as pd

        from .harmonise_network import separating_rows

        return pd.DataFrame(separating_rows(self, self.communities))


# ------------------------------------------------------------------ building a review

ISO = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,3})?")


def split_codes(values: Iterable[str]) -> list[str]:
    """`GB,FR --jurisdictions DE` -> [GB, FR, DE]: repeated options and comma lists both count; once each."""
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if code and code not in out:
                out.append(code)
    return out


def known_jurisdictions(ctx: Context) -> dict[str, str]:
    """ISO code -> IRI of every jurisdiction in the data."""
    return {str(r["code"]): str(r["jurisdiction"]) for r in get_query("jurisdiction").run(ctx.store)}


def check_codes(ctx: Context, codes: list[str]) -> None:
    """Every code must be an ISO 3166 code the data knows; all bad ones are named in one error."""
    malformed = [c for c in codes if not ISO.fullmatch(c)]
    if malformed:
        raise InputError(f"not an ISO 3166 code: {', '.join(malformed)} (e.g. GB, FR, DE)")
    known = known_jurisdictions(ctx)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InputError(f"unknown jurisdiction{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                         "`copgraph query party-coverage` lists those with data")


def review(ctx: Context, as_of: dt.date, codes: list[str] | None = None, *, data: Inputs | None = None,
           min_shared: int = MIN_SHARED) -> Review:
    """The verdicts of `codes` (None: every jurisdiction with evidence) by the check's own batch path."""
    if codes is not None:
        check_codes(ctx, codes)
        if not codes:
            raise InputError("no jurisdiction given")
    if min_shared < 1:
        raise InputError(f"--min-shared {min_shared}: give at least 1")
    data = data or inputs(ctx.store)
    reports = check_all(ctx, as_of, codes=set(codes) if codes is not None else None, data=data)
    if not reports:
        raise InputError(f"no jurisdiction has evidence on profile {short(ctx.profile)!r}")
    order = codes if codes is not None else sorted(reports)
    return Review(ctx, data, as_of, {c: reports[c] for c in order}, min_shared)


def harmonise(profile: str, jurisdictions: list[str] | str | None = None, as_of: dt.date | str | None = None,
              graph: Graph | None = None, *, min_shared: int = MIN_SHARED) -> Review:
    """A harmonisation review: `copgraph.harmonise("lanzarote-criminal", ["GB", "FR", "DE"]).cells`.

    jurisdictions: ISO codes (a list, or "GB,FR"); None means every jurisdiction with evidence.
    """
    if isinstance(as_of, str):
        as_of = parse_date(as_of, "as_of")
    codes = split_codes([jurisdictions] if isinstance(jurisdictions, str) else jurisdictions) \
        if jurisdictions is not None else None
    return review(context(graph or load(), profile), as_of or dt.date.today(), codes, min_shared=min_shared)


# ------------------------------------------------------------------ per-requirement figures

def party_group(binding_state: str) -> str:
    """Which side of the treaties behind a requirement the verdict's binding state puts a jurisdiction."""
    if binding_state == SOFT_LAW:
        return "soft law"
    return "non-Parties" if binding_state == NOT_PARTY else "Parties"


def _counts(cells: list[Cell]) -> dict[str, Any]:
    counts = Counter(c.status for c in cells)
    n = len(cells)
    assessed = n - counts[NOT_ASSESSED]
    out: dict[str, Any] = {"jurisdictions": n}
    for status in STATUSES:
        out[status] = counts[status]
    for status in STATUSES:
        out[f"share {status}"] = round(counts[status] / n, 4) if n else None
    out["covered of assessed"] = round(counts[COVERED] / assessed, 4) if assessed else None
    return out


def treaties(spec: RequirementSpec, ctx: Context) -> str:
    return ", ".join(sorted({ctx.instrument_labels.get(i, short(i)) for i in spec.instruments}))


def figure_rows(rev: Review) -> list[dict[str, Any]]:
    """Per requirement: all jurisdictions, then Parties and non-Parties of the treaties behind it."""
    rows = []
    for spec in rev.requirements:
        slug = short(spec.iri)
        cells = [rev.cell(code, slug) for code in rev.codes]
        groups: dict[str, list[Cell]] = {}
        for c in cells:
            groups.setdefault(party_group(c.binding), []).append(c)
        behind = treaties(spec, rev.ctx) or "soft law only"
        for group, members in [("all", cells), *sorted(groups.items())]:
            rows.append({"requirement": slug, "label": spec.label, "treaties": behind, "group": group,
                         **_counts(members)})
    return rows


def frequent_gaps(rev: Review, limit: int = 10) -> list[dict[str, Any]]:
    """The requirements most often found to be an assessed gap (with how many of those bind)."""
    rows: list[dict[str, Any]] = []
    for spec in rev.requirements:
        slug = short(spec.iri)
        gaps = [rev.cell(code, slug) for code in rev.codes if rev.cell(code, slug).status == GAP]
        if gaps:
            rows.append({"requirement": slug, "label": spec.label, "assessed gaps": len(gaps),
                         "binding gaps": sum(c.binding == "binding" for c in gaps),
                         "jurisdictions": " ".join(c.code for c in gaps)})
    rows.sort(key=lambda r: (-r["assessed gaps"], r["requirement"]))
    return rows[:limit]


def nobody_assessed(rev: Review) -> list[dict[str, str]]:
    return [{"requirement": short(s.iri), "label": s.label} for s in rev.requirements
            if all(rev.cell(code, short(s.iri)).status == NOT_ASSESSED for code in rev.codes)]


# ------------------------------------------------------------------ over time

def year_end(year: int) -> dt.date:
    return dt.date(year, *YEAR_END)


def check_years(from_: int, to: int) -> None:
    if not (1900 <= from_ <= 2100 and 1900 <= to <= 2100):
        raise InputError(f"--from {from_} --to {to}: years must lie between 1900 and 2100")
    if from_ > to:
        raise InputError(f"--from {from_} is after --to {to}")


def timeline_rows(rev: Review, from_: int, to: int) -> list[dict[str, Any]]:
    """For each year, as of 31 December, and each requirement: jurisdictions per status (the check's verdicts)."""
    check_years(from_, to)
    rows = []
    for year in range(from_, to + 1):
        day = year_end(year)
        reports = check_all(rev.ctx, day, codes=set(rev.codes), data=rev.data)
        counts = Counter((r.requirement, r.status) for report in reports.values() for r in report.rows)
        for spec in rev.requirements:
            rows.append({"year": year, "as_of": day.isoformat(), "requirement": short(spec.iri), "label": spec.label,
                         **{status: counts[(spec.iri, status)] for status in STATUSES}})
    return rows
