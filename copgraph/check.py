"""The main job: check a jurisdiction against a profile, as of a date, into a CoverageReport.

Two engines evaluate the same rules (verdict.py): `shacl` generates the profile's shapes
(shapes.py) and runs pySHACL over the jurisdiction's claims — the specification and the
source of `--format shacl`; `fast` evaluates the rules over one SPARQL result, which is what
batch checks of thousands of jurisdictions use. tests/test_engines.py holds them equal.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import time
from collections.abc import Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .about import About, about
from .errors import InputError
from .legend import Legend, legend
from .paths import is_file_argument
from .queries import ensure_exists, get_query, parse_date
from .report import CoverageReport, CoverageRow, SourceInfo, source_infos
from .store import BASE, Graph, Iri, QueryStore, load, load_files
from .verdict import (
    ConsentAge,
    Evidence,
    JurisdictionFacts,
    Option,
    Policy,
    RequirementSpec,
    TreatyStatus,
    assess,
    binding,
    consent_age_on,
    consent_ages,
    evidence_by_key,
    options,
    required_age,
    requirement_specs,
    severity,
    severity_policy,
    treaty_statuses,
)

ENGINES = ("shacl", "fast")


@dataclass
class Context:
    """Everything a check needs about one profile, loaded once and reused across jurisdictions."""

    graph: Graph
    store: QueryStore
    profile: str
    profile_label: str
    specs: list[RequirementSpec]
    instrument_labels: dict[str, str]
    options: dict[str, Option]
    policy: Policy
    citations: dict[str, list[str]] = field(default_factory=dict)  # requirement -> its provisions, in words

    # What every report of this context carries, computed once however many jurisdictions are checked.
    @cached_property
    def about(self) -> About:
        return about(self.graph)

    @cached_property
    def legend(self) -> Legend:
        return legend(self.store, self.policy)

    @cached_property
    def sources(self) -> dict[str, SourceInfo]:
        return source_infos(get_query("source-authorities").run(self.store))

    def report(self, iri: str, code: str, label: str, as_of: dt.date, engine: str, rows: list[CoverageRow],
               data: Inputs) -> CoverageReport:
        """A report with this context's provenance, legend, and the authorities of the sources it cites."""
        cited = {s for r in rows for e in r.evidence for s in (*e.sources, *e.official_text)}
        return CoverageReport(
            jurisdiction=iri, code=code, jurisdiction_label=label, profile=self.profile,
            profile_label=self.profile_label, as_of=as_of, engine=engine, rows=rows,
            about=self.about, legend=self.legend,
            sources_info={url: self.sources[url] for url in sorted(cited) if url in self.sources},
            parts=data.parts.get(iri, {}),
        )


def resolve_profile(store: QueryStore, profile: str) -> tuple[str, str]:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", profile):
        raise InputError(f"{profile!r} is not a profile name; `copgraph profiles` lists them")
    iri = BASE + "profile/" + profile
    rows = store.select(get_query("profile").text, {"profile": Iri(iri)})
    if not rows:
        raise InputError(f"unknown profile {profile!r}; `copgraph profiles` lists them")
    return iri, str(rows[0]["label"] or profile)


def load_policy(store: QueryStore, path: Path | None = None) -> Policy:
    """The severity policy: the bundled one, or a user's file that replaces it."""
    if path is None:
        return severity_policy(get_query("severity-policy").run(store), "ontology/severity-policy.ttl")
    own = load_files([path]).backend()
    return severity_policy(get_query("severity-policy").run(own), str(path))


def context(graph: Graph, profile: str | None, policy_file: Path | None = None) -> Context:
    """The requirements of a profile (or, with None, of the whole catalogue) with what the rules need."""
    store = graph.backend("oxigraph")
    iri, label = resolve_profile(store, profile) if profile is not None else ("", "all requirements")
    specs = requirement_specs(get_query("profile-requirements").run(store, {"profile": profile} if profile else {}))
    if not specs:
        raise InputError(f"profile {profile!r} includes no requirement")
    labels = {p.instrument: p.instrument_label for s in specs for p in s.provisions}
    opts = options(get_query("reservation-options").run(store))
    return Context(graph, store, iri, label, specs, labels, opts, load_policy(store, policy_file))


def resolve_jurisdiction(store: QueryStore, code: str) -> tuple[str, str]:
    """ISO code -> (IRI, English name); unknown codes are named in the error."""
    if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", code):
        raise InputError(f"{code!r} is not an ISO 3166 code (e.g. GB); for a file, give a path such as "
                         f"./{code} or a name ending in .ttl")
    iri = BASE + "jurisdiction/" + code
    ensure_exists(store, iri, f"jurisdiction {code!r}")
    rows = get_query("jurisdiction").run(store, {"jurisdiction": iri})
    if not rows:
        raise InputError(f"jurisdiction {code!r} has no cg:isoCode in the data")
    return iri, _name(rows[0])


def _name(row: dict) -> str:
    return str(row["label"] or row["code"])


@dataclass
class Inputs:
    """The jurisdiction-side facts of one check or batch: statuses, claims, ages, parts."""

    statuses: dict[str, dict[str, TreatyStatus]]
    evidence: dict[tuple[str, str], list[Evidence]]
    parts: dict[str, dict[str, str]]
    consent: dict[str, list[ConsentAge]] = field(default_factory=dict)


def inputs(store: QueryStore, jurisdiction: str | None = None) -> Inputs:
    values = {"jurisdiction": jurisdiction} if jurisdiction else {}
    statuses = treaty_statuses(get_query("party-statuses").run(store, values),
                               get_query("party-reservations").run(store, values),
                               get_query("memberships").run(store, values))
    evidence = evidence_by_key(get_query("evidence").run(store, values))
    parts: dict[str, dict[str, str]] = {}
    for row in get_query("jurisdiction-parts").run(store, values):
        parts.setdefault(str(row["jurisdiction"]), {})[str(row["part"])] = str(row["label"] or row["part"])
    consent = consent_ages(get_query("consent-ages").run(store, values))
    return Inputs(statuses, evidence, parts, consent)


def verdict_rows(ctx: Context, jurisdiction: str, as_of: dt.date, data: Inputs) -> list[CoverageRow]:
    """One row per requirement of the profile, by the rules of verdict.py."""
    age, unknown = consent_age_on(data.consent.get(jurisdiction, []), as_of)
    facts = JurisdictionFacts(age, data.parts.get(jurisdiction, {}), unknown)
    rows = []
    for spec in ctx.specs:
        cited = ctx.citations.get(spec.iri)
        if cited is None:
            cited = ctx.citations[spec.iri] = [f"{p.instrument_label} {p.citation}" for p in spec.provisions]
        bound = binding(spec, data.statuses.get(jurisdiction, {}), as_of, ctx.instrument_labels, ctx.options)
        claims = data.evidence.get((jurisdiction, spec.iri), [])
        found = assess(spec, claims, as_of, bound, facts)
        rows.append(CoverageRow(
            requirement=spec.iri, label=spec.label,
            provisions=list(cited),
            status=found.status, binding=bound.state, severity=severity(ctx.policy, found.status, bound),
            reason=f"{found.reason}; {bound.reason}", evidence=claims, as_of=as_of,
            in_force=[c.claim for c in found.counted], required_age=required_age(spec, bound, facts),
        ))
    return rows


def check_one(ctx: Context, code: str, as_of: dt.date, engine: str = "fast") -> CoverageReport:
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    started = time.perf_counter()
    iri, label = resolve_jurisdiction(ctx.store, code)
    data = inputs(ctx.store, iri)
    report = ctx.report(iri, code, label, as_of, engine, verdict_rows(ctx, iri, as_of, data), data)
    if engine == "shacl":
        from .shapes import shacl_severities

        report.shacl, severities = shacl_severities(report, ctx.specs, ctx.policy)
        for row in report.rows:
            row.severity = severities.get(row.requirement)
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection while a batch allocates its rows: they form no cycles, and
    collections triggered by hundreds of thousands of new objects cost a third of the batch's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_all(ctx: Context, as_of: dt.date, *, codes: set[str] | None = None,
              also: Set[str] = frozenset(), data: Inputs | None = None) -> dict[str, CoverageReport]:
    """Batch check with one pass over each query (fast engine): every jurisdiction with a claim
    plus `also`, or exactly `codes` when given. `data` (from `inputs(ctx.store)`) does not depend
    on the date, so checks on many dates (a timeline) pass it to read the evidence once."""
    started = time.perf_counter()
    with without_gc():
        data = data or inputs(ctx.store)
        assessed = {jurisdiction for jurisdiction, _ in data.evidence}
        reports = {}
        for row in get_query("jurisdiction").run(ctx.store):
            iri, code = str(row["jurisdiction"]), str(row["code"])
            if not (code in codes if codes is not None else (iri in assessed or code in also)):
                continue
            reports[code] = ctx.report(iri, code, _name(row), as_of, "fast", verdict_rows(ctx, iri, as_of, data),
                                       data)
    elapsed = time.perf_counter() - started
    for report in reports.values():
        report.seconds = elapsed / max(len(reports), 1)
    return reports


def check(jurisdiction: str, profile: str, as_of: dt.date | str | None = None, *, engine: str = "fast",
          graph: Graph | None = None, severity_policy: Path | None = None) -> CoverageReport:
    """Check one jurisdiction (ISO code of the bundled data, or a path to a Turtle file)."""
    if isinstance(as_of, str):
        as_of = parse_date(as_of, "--as-of")
    as_of = as_of or dt.date.today()
    path = Path(jurisdiction)
    if is_file_argument(jurisdiction):  # by spelling only: `check GB` is GB even if ./GB exists
        from .validate import inspect_file

        graph = load([path], jurisdictions=False)
        found = inspect_file(path, graph)
        if found.problems:
            raise InputError(f"{path} is not a valid jurisdiction file:\n" + "\n".join(str(p) for p in found.problems))
        jurisdiction = found.codes[0]
    graph = graph or load()
    return check_one(context(graph, profile, severity_policy), jurisdiction, as_of, engine)
