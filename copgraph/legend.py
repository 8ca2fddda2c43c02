"""What the words in a verdict mean, read from the ontology and the severity policy.

The definitions are the ontology's own and the severity rows are the policy's rules, so a legend
can never describe a rule the check does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from .queries import get_query
from .store import QueryStore
from .verdict import BINDING_IRI, BINDING_STATES, SEVERITIES, STATUS_IRI, STATUSES, Policy


@dataclass(frozen=True)
class Term:
    label: str
    definition: str


@dataclass(frozen=True)
class Legend:
    statuses: list[Term]
    binding: list[Term]
    severities: dict[str, list[tuple[str, str]]]  # severity -> the (status, binding state) pairs it is given to


def legend(store: QueryStore, policy: Policy) -> Legend:
    found = {str(r["value"]): Term(str(r["label"]), str(r["definition"])) for r in get_query("legend").run(store)}

    def terms(names: tuple[str, ...], iris: dict[str, str]) -> list[Term]:
        return [found.get(iris[n], Term(n, "")) for n in names]

    return Legend(
        statuses=terms(STATUSES, STATUS_IRI),
        binding=terms(BINDING_STATES, BINDING_IRI),
        severities={sev: [pair for pair, given in policy.items() if given == sev] for sev in SEVERITIES},
    )
