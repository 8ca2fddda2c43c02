"""The main job: check a jurisdiction against a profile, as of a date, into a CoverageReport.

Two engines evaluate the same rules (verdict.py): `shacl` generates the profile's shapes
(shapes.py) and runs pySHACL over the jurisdiction's claims — the specification and the
source of `--format shacl`; `fast` evaluates the rules over one SPARQL result, which is what
batch checks of thousands of jurisdictions use. tests/test_engines.py holds them equal.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .paths import is_file_argument
from .queries import ensure_exists, get_query, parse_date
from .report import CoverageReport, CoverageRow
from .store import BASE, Graph, Iri, QueryStore, bind_values, graph_iri, load, project_root, to_rdflib
from .verdict import (
    COVERED,
    GAP,
    NOT_ASSESSED,
    PARTIAL,
    Binding,
    Evidence,
    RequirementSpec,
    binding,
    evidence_by_key,
    explain,
    requirement_specs,
    severity,
    status_of,
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


def resolve_profile(store: QueryStore, profile: str) -> tuple[str, str]:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", profile):
        raise InputError(f"{profile!r} is not a profile name; `copgraph profiles` lists them")
    iri = BASE + "profile/" + profile
    rows = store.select(get_query("profile").text, {"profile": Iri(iri)})
    if not rows:
        raise InputError(f"unknown profile {profile!r}; `copgraph profiles` lists them")
    return iri, str(rows[0]["label"] or profile)


def context(graph: Graph, profile: str) -> Context:
    store = graph.backend("oxigraph")
    iri, label = resolve_profile(store, profile)
    specs = requirement_specs(get_query("profile-requirements").run(store, {"profile": profile}))
    if not specs:
        raise InputError(f"profile {profile!r} includes no requirement")
    labels = {p.instrument: p.instrument_label for s in specs for p in s.provisions}
    return Context(graph, store, iri, label, specs, labels)


def resolve_jurisdiction(store: QueryStore, code: str) -> tuple[str, str, int | None]:
    """ISO code -> (IRI, English name, age of consent); unknown codes are named in the error."""
    if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", code):
        raise InputError(f"{code!r} is not an ISO 3166 code (e.g. GB); for a file, give a path such as "
                         f"./{code} or a name ending in .ttl")
    iri = BASE + "jurisdiction/" + code
    ensure_exists(store, iri, f"jurisdiction {code!r}")
    rows = get_query("jurisdiction").run(store, {"jurisdiction": iri})
    if not rows:
        raise InputError(f"jurisdiction {code!r} has no cg:isoCode in the data")
    return iri, *_name_and_age(rows[0])


def _name_and_age(row: dict) -> tuple[str, int | None]:
    age = row["ageOfConsent"]
    return str(row["label"] or row["code"]), age if isinstance(age, int) else None


def jurisdictions_in_file(graph: Graph, path: Path) -> list[str]:
    """The ISO codes a user's file makes claims or measures about."""
    rows = get_query("file-jurisdictions").run(graph.backend(), {"graph": graph_iri(path, project_root())})
    return [str(r["code"]) for r in rows]


def verdict_rows(ctx: Context, jurisdiction: str, as_of: dt.date, age_of_consent: int | None,
                 statuses: dict, evidence: dict[tuple[str, str], list[Evidence]],
                 statuses_from_shacl: dict[str, str] | None = None) -> list[CoverageRow]:
    rows = []
    for spec in ctx.specs:
        bound = binding(spec, statuses.get(jurisdiction, {}), as_of, ctx.instrument_labels)
        claims = evidence.get((jurisdiction, spec.iri), [])
        status = (statuses_from_shacl or {}).get(spec.iri) or status_of(spec, claims, as_of, age_of_consent)
        rows.append(CoverageRow(
            requirement=spec.iri, label=spec.label,
            provisions=[f"{p.instrument_label} {p.citation}" for p in spec.provisions],
            status=status, binding=bound.state, severity=severity(status, bound),
            reason=f"{explain(spec, status, claims, as_of, age_of_consent)}; {bound.reason}",
            evidence=claims, as_of=as_of,
        ))
    return rows


def shacl_statuses(ctx: Context, jurisdiction: str, as_of: dt.date, age_of_consent: int | None,
                   bindings: dict[str, Binding]) -> tuple[dict[str, str], object]:
    """Run pySHACL with the generated shapes; map the failing shape per requirement to a status."""
    import pyshacl
    import rdflib

    from .shapes import KINDS, coverage_shapes, shape_iri

    shapes = coverage_shapes(jurisdiction, ctx.specs, bindings, as_of, age_of_consent)
    data = rdflib.Graph()
    for triple in _claim_triples(ctx, jurisdiction):
        data.add(triple)
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=False, inference="none")
    kind_of = {shape_iri(s.iri, k): (s.iri, k) for s in ctx.specs for k in KINDS}
    failed: dict[str, str] = {}
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        source = report.value(result, sh.sourceShape)
        if source in kind_of:
            req, kind = kind_of[source]
            failed[req] = {"assessed": NOT_ASSESSED, "gap": GAP, "partial": PARTIAL}[kind]
    statuses = {s.iri: failed.get(s.iri, COVERED) for s in ctx.specs}
    return statuses, report


def _claim_triples(ctx: Context, jurisdiction: str) -> Iterable:
    """Only the triples the coverage shapes look at: the claims of the jurisdiction and their measures."""
    query = bind_values(get_query("claim-triples").text, {"jurisdiction": Iri(jurisdiction)})
    for t in ctx.graph.store.query(query, use_default_graph_as_union=True):
        yield (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))


def check_one(ctx: Context, code: str, as_of: dt.date, engine: str = "shacl") -> CoverageReport:
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    started = time.perf_counter()
    iri, label, consent_age = resolve_jurisdiction(ctx.store, code)
    statuses = treaty_statuses(get_query("party-statuses").run(ctx.store, {"jurisdiction": iri}))
    evidence = evidence_by_key(get_query("evidence").run(ctx.store, {"jurisdiction": iri}))
    shacl_report = None
    from_shacl = None
    if engine == "shacl":
        bindings = {s.iri: binding(s, statuses.get(iri, {}), as_of, ctx.instrument_labels) for s in ctx.specs}
        from_shacl, shacl_report = shacl_statuses(ctx, iri, as_of, consent_age, bindings)
    rows = verdict_rows(ctx, iri, as_of, consent_age, statuses, evidence, from_shacl)
    return CoverageReport(
        jurisdiction=iri, code=code, jurisdiction_label=label, profile=ctx.profile,
        profile_label=ctx.profile_label, as_of=as_of, engine=engine, rows=rows,
        shacl=shacl_report, seconds=time.perf_counter() - started,
    )


def check_all(ctx: Context, as_of: dt.date) -> dict[str, CoverageReport]:
    """Every jurisdiction with a claim, in one pass over one evidence query (fast engine)."""
    started = time.perf_counter()
    statuses = treaty_statuses(get_query("party-statuses").run(ctx.store))
    evidence = evidence_by_key(get_query("evidence").run(ctx.store))
    assessed = {jurisdiction for jurisdiction, _ in evidence}
    reports = {}
    for row in get_query("jurisdiction").run(ctx.store):
        iri, code = str(row["jurisdiction"]), str(row["code"])
        if iri not in assessed:
            continue
        label, age = _name_and_age(row)
        rows = verdict_rows(ctx, iri, as_of, age, statuses, evidence)
        reports[code] = CoverageReport(
            jurisdiction=iri, code=code, jurisdiction_label=label, profile=ctx.profile,
            profile_label=ctx.profile_label, as_of=as_of, engine="fast", rows=rows,
        )
    elapsed = time.perf_counter() - started
    for report in reports.values():
        report.seconds = elapsed / max(len(reports), 1)
    return reports


def check(jurisdiction: str, profile: str, as_of: dt.date | str | None = None, *, engine: str = "fast",
          graph: Graph | None = None) -> CoverageReport:
    """Check one jurisdiction (ISO code of the bundled data, or a path to a Turtle file)."""
    if isinstance(as_of, str):
        as_of = parse_date(as_of, "--as-of")
    as_of = as_of or dt.date.today()
    path = Path(jurisdiction)
    if is_file_argument(jurisdiction):  # by spelling only: `check GB` is GB even if ./GB exists
        from .validate import validate_file

        graph = load([path], jurisdictions=False)
        problems = validate_file(path, graph)
        if problems:
            raise InputError(f"{path} is not a valid jurisdiction file:\n" + "\n".join(str(p) for p in problems))
        codes = jurisdictions_in_file(graph, path)
        if len(codes) != 1:
            raise InputError(f"{path}: expected measures and claims of exactly one jurisdiction, found "
                             f"{', '.join(codes) or 'none'}")
        jurisdiction = codes[0]
    graph = graph or load()
    return check_one(context(graph, profile), jurisdiction, as_of, engine)
