"""What the workbook needs to know about the catalogue: requirements, treaties, jurisdictions.

Read once per run through the named queries (queries/internal/), from a graph the caller loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..queries import get_query
from ..store import BASE, CG, Graph
from ..verdict import requirement_specs


@dataclass
class Requirement:
    slug: str
    label: str
    provisions: list[str] = field(default_factory=list)
    age: int | None = None
    consent_age_basis: bool = False
    modalities: list[str] = field(default_factory=list)

    def needs(self) -> str:
        """What a full claim must record, in the analyst's words."""
        parts = []
        if self.consent_age_basis:
            parts.append("protected age: the national age of sexual consent (Jurisdiction sheet)")
        elif self.age is not None:
            parts.append(f"protected age: {self.age}")
        if self.modalities:
            parts.append("modality: " + " or ".join(self.modalities))
        return "; ".join(parts)


@dataclass
class Catalogue:
    requirements: dict[str, Requirement]
    treaties: list[str]
    profiles: dict[str, list[str]] = field(default_factory=dict)  # profile slug -> requirement slugs (ordered)

    def profile(self, graph: Graph, slug: str) -> list[str]:
        if slug not in self.profiles:
            rows = get_query("profile-requirements").run(graph.backend(), {"profile": slug})
            self.profiles[slug] = sorted({_slug(r["requirement"]) for r in rows})
        return self.profiles[slug]


def _slug(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1]


def read_catalogue(graph: Graph) -> Catalogue:
    backend = graph.backend()
    requirements: dict[str, Requirement] = {}
    for spec in requirement_specs(get_query("profile-requirements").run(backend)):
        cited = [f"{p.instrument.removeprefix(BASE + 'instrument/')} "
                 f"{p.citation if p.citation != p.iri else _slug(p.iri)}".strip() for p in spec.provisions]
        requirements[_slug(spec.iri)] = Requirement(
            _slug(spec.iri), spec.label, list(dict.fromkeys(cited)), spec.protected_age, spec.consent_age_basis,
            sorted(m.removeprefix(CG) for m in spec.modalities))
    treaties = [str(r["treaty"]).removeprefix(BASE + "instrument/") for r in get_query("treaties").run(backend)]
    return Catalogue(requirements, sorted(treaties))


def jurisdiction_info(graph: Graph, code: str) -> tuple[str, list[str]] | None:
    """The jurisdiction's English name and the ISO codes of its recorded parts; None when unknown."""
    iri = f"{BASE}jurisdiction/{code}"
    backend = graph.backend()
    try:
        rows = get_query("jurisdiction").run(backend, {"jurisdiction": iri})
    except InputError:  # not in the loaded data
        return None
    if not rows:
        return None
    parts = get_query("jurisdiction-parts").run(backend, {"jurisdiction": iri})
    return str(rows[0]["label"] or code), sorted(_slug(r["part"]) for r in parts)
