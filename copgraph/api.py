"""Python conveniences that the package root exports (copgraph.check_all)."""

from __future__ import annotations

import datetime as dt

from .check import check_all as _check_all
from .check import context
from .queries import parse_date
from .report import CoverageReport
from .store import Graph, load


def check_all(profile: str, as_of: dt.date | str | None = None, *, graph: Graph | None = None
              ) -> dict[str, CoverageReport]:
    """Every jurisdiction with recorded evidence against one profile, by ISO code (fast engine).

    One pass over one evidence query, so checking every jurisdiction costs about as much as
    checking one: `copgraph.check_all("lanzarote-criminal")["GB"].summary()`.
    """
    if isinstance(as_of, str):
        as_of = parse_date(as_of, "as_of")
    return _check_all(context(graph or load(), profile), as_of or dt.date.today())
