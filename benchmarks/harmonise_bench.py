"""Time a harmonisation review at scale: synthetic jurisdictions x lanzarote-full.

Run: python benchmarks/harmonise_bench.py [--sizes 2000] [--repeat 3]

For each size it prints, after loading (parsing the Turtle is not counted):
- inputs: the jurisdiction-side queries read once (`check.inputs`: evidence, statuses, parts);
- matrix: every verdict by the check's rules (`check.check_all` with those inputs) and the cells;
- review total: inputs + matrix, as `copgraph harmonise` pays it;
- the library queries that read materialised verdicts (coverage-matrix, reporting-duties,
  binding-gaps), each on a freshly loaded graph so that it pays materialisation itself;
- floor: a plain-Python pass over the same inputs that only looks each cell's claims up, the
  least any evaluator of the rules has to do.
Wall-clock and CPU (process) seconds are both printed: on a shared machine the CPU figure is
the steadier. Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from copgraph import synthetic
from copgraph.check import check_all, context, inputs
from copgraph.harmonise import Review
from copgraph.queries import get_query
from copgraph.store import load

for _name in ("COPGRAPH_MAX_FILE_BYTES", "COPGRAPH_MAX_ROWS", "COPGRAPH_QUERY_TIMEOUT"):
    os.environ.setdefault(_name, "0")  # synthetic 2,000 is beyond the limits meant for user input

PROFILE = "lanzarote-full"
AS_OF = dt.date(2026, 11, 28)
QUERIES = {"coverage-matrix": {"profile": PROFILE, "as_of": AS_OF.isoformat()},
           "reporting-duties": {"as_of": AS_OF.isoformat()},
           "binding-gaps": {"profile": PROFILE, "as_of": AS_OF.isoformat()}}


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[Any, float, float]:
    """(result, best wall seconds, best CPU seconds) over `repeat` runs."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return result, wall, cpu


def line(label: str, wall: float, cpu: float, extra: str = "") -> None:
    print(f"  {label:<34} {wall:>8.3f} {cpu:>8.3f}  {extra}")


def bench(path: Path, n: int, repeat: int) -> None:
    graph, wall, cpu = timed(lambda: load([path], jurisdictions=False, cache=False))
    print(f"synthetic {n}: {graph.stats.triples} triples, loaded in {wall:.1f} s (not counted below)")
    print(f"  {'step':<34} {'wall s':>8} {'cpu s':>8}")
    ctx, wall, cpu = timed(lambda: context(graph, PROFILE))
    line(f"profile context ({len(ctx.specs)} requirements)", wall, cpu)
    data, w_in, c_in = timed(lambda: inputs(ctx.store), repeat)
    line("inputs (evidence, statuses, parts)", w_in, c_in, f"{sum(map(len, data.evidence.values()))} claims")

    def matrix() -> Review:
        reports = check_all(ctx, AS_OF, data=data)
        rev = Review(ctx, data, AS_OF, dict(sorted(reports.items())))
        assert len(rev.grid) == len(reports) * len(ctx.specs)
        return rev

    rev, w_m, c_m = timed(matrix, repeat)
    line("matrix (check_all + cells)", w_m, c_m, f"{len(rev.grid)} cells")
    line("review total (inputs + matrix)", w_in + w_m, c_in + c_m)

    def floor() -> int:
        found = 0
        for code in rev.codes:
            iri = rev.reports[code].jurisdiction
            for spec in ctx.specs:
                found += len(data.evidence.get((iri, spec.iri), ()))
        return found

    _, w_f, c_f = timed(floor, repeat)
    line("floor (plain Python, claims looked up)", w_f, c_f)
    from copgraph.harmonise_network import agreement

    _, wall, cpu = timed(lambda: agreement(rev))
    line("similarity counts (numpy, all pairs)", wall, cpu)
    for name, values in QUERIES.items():
        fresh = load([path], jurisdictions=False, cache=False)
        rows, wall, cpu = timed(lambda q=name, v=values, g=fresh: get_query(q).run_on(g, v))  # type: ignore[misc]
        line(f"query {name} (materialises)", wall, cpu, f"{len(rows)} rows")
        rows, wall, cpu = timed(lambda q=name, v=values, g=fresh: get_query(q).run_on(g, v))  # type: ignore[misc]
        line(f"query {name} (again)", wall, cpu, f"{len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"profile {PROFILE}, as of {AS_OF}; best of {args.repeat} where repeated")
    base = load(jurisdictions=False)
    reqs = [str(r["requirement"]) for r in get_query("profile-requirements").run(base.backend(), {"profile": PROFILE})]
    reqs = sorted(set(reqs))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"synthetic-{n}.ttl"
            synthetic.write(path, n, reqs)
            bench(path, n, args.repeat)


if __name__ == "__main__":
    main()
