"""Where a result came from: the copgraph version, the data it was computed on and when.

Every report, review and published page carries this in its footer, so a reader who holds two
printouts can tell whether they were made from the same data.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from .store import Graph


def copgraph_version() -> str:
    try:
        return version("copgraph")
    except PackageNotFoundError:  # running from a checkout that was never installed
        from . import __version__

        return __version__


@dataclass(frozen=True)
class About:
    version: str
    data_digest: str  # the first 12 hex digits of the loaded files' sha256
    data_date: dt.date | None  # the newest assessment date in the data
    generated: dt.datetime

    def line(self) -> str:
        assessed = self.data_date.isoformat() if self.data_date else "no assessment date recorded"
        return (f"copgraph {self.version}; data {self.data_digest}, assessed up to {assessed}; "
                f"generated {self.generated:%Y-%m-%d %H:%M} UTC")


def about(graph: Graph) -> About:
    from .queries import get_query

    rows = get_query("data-date").run(graph.backend())
    newest = rows[0].get("newest") if rows else None
    return About(
        version=copgraph_version(),
        data_digest=graph.stats.digest[:12],
        data_date=newest if isinstance(newest, dt.date) else None,
        generated=generated_at(),
    )


def generated_at() -> dt.datetime:
    """Now (UTC), or the reproducible-builds SOURCE_DATE_EPOCH when set, so a report can be rebuilt byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
