"""Time `copgraph check`: one jurisdiction and every jurisdiction, bundled and synthetic.

Run: python benchmarks/check_bench.py [--sizes 200 2000] [--shacl-sample 20]
Prints wall-clock figures; it asserts nothing (targets are discussed in the issue, not tested).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from copgraph import synthetic
from copgraph.check import check_all, check_one, context
from copgraph.store import load

# Limits meant for user queries and files (README, "Limits") would stop the large runs:
# synthetic 2,000 is a 150 MB file, and some queries return 200 000 rows or run for minutes.
for _name in ("COPGRAPH_MAX_FILE_BYTES", "COPGRAPH_MAX_ROWS", "COPGRAPH_QUERY_TIMEOUT"):
    os.environ.setdefault(_name, "0")

PROFILE = "lanzarote-full"  # the largest instrument profile
AS_OF = dt.date(2026, 11, 28)


def timed(fn):  # noqa: ANN001, ANN201
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def cli_wall(args: list[str], repeat: int = 5) -> float:
    """Median wall time of the CLI, interpreter start-up included."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "copgraph.cli", *args], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(label: str, graph, codes: list[str], shacl_sample: int) -> None:  # noqa: ANN001
    ctx, t_ctx = timed(lambda: context(graph, PROFILE))
    _, t_one_fast = timed(lambda: check_one(ctx, codes[0], AS_OF, "fast"))
    _, t_one_shacl = timed(lambda: check_one(ctx, codes[0], AS_OF, "shacl"))
    reports, t_all_fast = timed(lambda: check_all(ctx, AS_OF))
    sample = codes[:shacl_sample]
    _, t_sample = timed(lambda: [check_one(ctx, c, AS_OF, "shacl") for c in sample])
    per = t_sample / max(len(sample), 1)
    print(f"{label:<28} {graph.stats.triples:>9} {graph.stats.seconds:>8.2f} {t_ctx:>7.3f} "
          f"{t_one_fast:>8.3f} {t_one_shacl:>9.3f} {t_all_fast:>9.2f} {per:>10.3f} {per * len(codes):>11.1f}")
    assert len(reports) >= len(codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 2000])
    parser.add_argument("--shacl-sample", type=int, default=20)
    args = parser.parse_args()

    print(f"profile {PROFILE}, as of {AS_OF}; times in seconds")
    print("CLI wall time incl. start-up, bundled GB lanzarote-criminal: "
          f"fast {cli_wall(['check', 'GB', '--profile', 'lanzarote-criminal', '--engine', 'fast']):.2f}, "
          f"shacl {cli_wall(['check', 'GB', '--profile', 'lanzarote-criminal', '--engine', 'shacl']):.2f}")
    print(f"{'data':<28} {'triples':>9} {'load':>8} {'profile':>7} {'one fast':>8} {'one shacl':>9} "
          f"{'all fast':>9} {'shacl/jur':>10} {'shacl all*':>11}")
    bundled = load()
    codes = [str(r["code"]) for r in bundled.backend().select(
        "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT DISTINCT ?code WHERE "
        "{ ?c a cg:Claim ; cg:jurisdiction ?j . ?j cg:isoCode ?code } ORDER BY ?code")]
    bench(f"bundled ({len(codes)} jurisdictions)", bundled, codes, len(codes))
    base = load(jurisdictions=False)
    reqs = [str(r["r"]) for r in base.backend().select(
        "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT ?r WHERE "
        f"{{ <https://w3id.org/copgraph/profile/{PROFILE}> cg:includes ?r }} ORDER BY ?r")]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"synthetic-{n}.ttl"
            codes = synthetic.write(path, n, reqs)
            graph = load([path], jurisdictions=False)
            bench(f"synthetic {n}", graph, codes, args.shacl_sample)
    print("* shacl all = mean pySHACL time per jurisdiction over the sample x number of jurisdictions "
          "(an extrapolation; 'all fast' is measured)")


if __name__ == "__main__":
    main()
