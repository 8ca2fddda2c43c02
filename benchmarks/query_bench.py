"""Time every query of the library: bundled data (both backends), synthetic 200 (both backends)
and synthetic 2,000 (pyoxigraph). Prints figures; asserts nothing.

Run: python benchmarks/query_bench.py [--sizes 200 2000] [--rdflib-limit 30]
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
import time
from pathlib import Path

from copgraph import synthetic
from copgraph.queries import named_queries
from copgraph.store import load

# Limits meant for user queries and files (README, "Limits") would stop the large runs:
# synthetic 2,000 is a 150 MB file, and some queries return 200 000 rows or run for minutes.
for _name in ("COPGRAPH_MAX_FILE_BYTES", "COPGRAPH_MAX_ROWS", "COPGRAPH_QUERY_TIMEOUT"):
    os.environ.setdefault(_name, "0")

PARAMS = {  # values that exist in the bundled data and in every synthetic set
    "profile": "lanzarote-full", "jurisdiction": "GB", "a": "GB", "b": "FR", "as_of": "2026-11-28",
    "instrument": "lanzarote", "requirement": "grooming", "harm": "grooming", "years": "2",
}
SYNTHETIC_PARAMS = {**PARAMS, "jurisdiction": "XA-000", "a": "XA-000", "b": "XA-001"}


def params_for(query, values: dict[str, str]) -> dict[str, str]:  # noqa: ANN001
    """Required parameters only: optional filters (one jurisdiction...) are left out, the worst case."""
    return {p.name: values[p.name] for p in query.params if p.name in values and not p.optional}


class TimedOut(Exception):
    pass


def _alarm(_signum, _frame):  # noqa: ANN001, ANN202
    raise TimedOut


def time_query(query, store, values: dict[str, str], repeat: int = 2,  # noqa: ANN001
               limit: int = 0) -> tuple[int, float]:
    """Best time of `repeat` runs; with a limit (seconds), a run that exceeds it reports (-1, limit)."""
    best = float("inf")
    rows: list = []
    for _ in range(repeat):
        started = time.perf_counter()
        if limit:
            signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(limit)
        try:
            rows = query.run(store, params_for(query, values))
        except TimedOut:
            return -1, float(limit)
        finally:
            signal.alarm(0)
        best = min(best, time.perf_counter() - started)
    return len(rows), best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 2000])
    parser.add_argument("--rdflib-limit", type=int, default=200,
                        help="largest synthetic size also timed on rdflib (its engine is far slower)")
    parser.add_argument("--timeout", type=int, default=60,
                        help="seconds after which an rdflib run is abandoned and reported as '>'")
    args = parser.parse_args()
    queries = named_queries()
    datasets = [("bundled", load(), PARAMS)]
    base = load(jurisdictions=False)
    reqs = [str(r["r"]) for r in base.backend().select(
        "PREFIX cg: <https://w3id.org/copgraph/ontology#> SELECT ?r WHERE "
        "{ <https://w3id.org/copgraph/profile/lanzarote-full> cg:includes ?r } ORDER BY ?r")]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"synthetic-{n}.ttl"
            synthetic.write(path, n, reqs)
            datasets.append((f"synthetic {n}", load([path], jurisdictions=False), SYNTHETIC_PARAMS))
        rdflib_stores = {label: graph.backend("rdflib") for label, graph, _ in datasets
                         if label == "bundled" or int(label.split()[-1]) <= args.rdflib_limit}
        print("seconds (rows): pyoxigraph best of 2 runs, rdflib one run")
        header = f"{'query':<28}"
        for label, _graph, _ in datasets:
            header += f" | {label + ' ox':>18}"
            if label == "bundled" or int(label.split()[-1]) <= args.rdflib_limit:
                header += f" {label + ' rdflib':>22}"
        print(header)
        for name, query in queries.items():
            line = f"{name:<28}"
            for label, graph, values in datasets:
                n, secs = time_query(query, graph.backend("oxigraph"), values)
                line += f" | {secs:>10.3f} ({n:>5})"
                if label == "bundled" or int(label.split()[-1]) <= args.rdflib_limit:
                    n2, secs2 = time_query(query, rdflib_stores[label], values, repeat=1, limit=args.timeout)
                    line += f" {secs2:>14.3f} ({n2:>5})" if n2 >= 0 else f" {'>' + str(args.timeout):>14} (  ---)"
            print(line, flush=True)
        for label, graph, _ in datasets:
            print(f"{label}: {graph.stats.triples} triples, loaded in {graph.stats.seconds:.2f} s")


if __name__ == "__main__":
    main()
