"""Fuzz the input paths with hypothesis: any exception other than CopgraphError is a crash, any
input taking more than 10 s a hang.

Targets: the Turtle loader (mutations of data/jurisdictions/GB.ttl: byte flips, truncations,
duplicated and deleted lines, odd literals, inserted text), `validate_file` and `check` of such
files (slow: one mutation in `--slow-every`), parameter binding (`bind_values` and `select` with
random strings, IRIs, dates; a bound string must come back unchanged), typed parameters of a
named query, the query sandbox (a keyword inside a string literal must never be refused), the
`.rq` header parser, and literal conversion.

Run: python benchmarks/fuzz.py --examples 100000 --seconds 3600
Prints the number of inputs, crashes and hangs per target, and the wall time; exits 1 if any.
tests/test_fuzz.py runs a short budget.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from copgraph.errors import CopgraphError
from copgraph.queries import NamedQuery, get_query, parse_param
from copgraph.sandbox import check_query
from copgraph.store import XSD, Iri, _to_python, bind_values, load_files, project_root

HANG_SECONDS = 10.0
ROOT = project_root()
SEED_FILE = ROOT / "data" / "jurisdictions" / "GB.ttl"
ODD_LITERALS = [
    '"abc"^^xsd:decimal', '"NaN"^^xsd:decimal', '"1' + "0" * 5000 + '"^^xsd:integer', '"2018-02-30"^^xsd:date',
    '"03/01/2018"^^xsd:date', '"20180101"^^xsd:date', '"-0001-01-01"^^xsd:date', '"maybe"^^xsd:boolean',
    '"1_0"^^xsd:double', '"x"@', '"x"@123', '"\\uD800"', '"\\U0010FFFF"', '"' + "x" * 120_000 + '"', '"""',
    "<http://a b>", "<>", "<relative>", "_:b1", '"a"^^<not an iri>', '""^^xsd:integer', "1e999999",
    "-" + "9" * 10_000, '"\\x"', "'''\n'''", "[ ]", "( 1 2 3 )", "<<( <a:b> <a:c> <a:d> )>>",
]
TEMPLATES = [
    "SELECT ?v WHERE { }",
    "SELECT ?s WHERE { ?s ?p ?v } LIMIT 3",
    "ASK WHERE { ?v ?p ?o }",
    'SELECT * WHERE { # a comment with WHERE { "\n ?s ?p ?o FILTER(?v = ?v) } LIMIT 1',
    'SELECT ?v WHERE { BIND("""where { """ AS ?x) }',
]


class Stop(Exception):
    """The time budget is spent."""


class Harness:
    def __init__(self, seconds: float, slow_every: int) -> None:
        self.deadline = time.monotonic() + seconds
        self.slow_every = slow_every
        self.turtles = 0
        self.inputs: Counter[str] = Counter()
        self.crashes: Counter[str] = Counter()
        self.hangs: Counter[str] = Counter()
        self.examples: list[str] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="copgraph-fuzz-"))
        self.store = load_files([ROOT / "ontology" / "copgraph.ttl", SEED_FILE, ROOT / "data" / "countries.ttl",
                                 ROOT / "data" / "profiles" / "instruments.ttl"]).backend()
        self.seed_text = SEED_FILE.read_bytes()
        self.current: tuple[str, str] = ("", "")
        self.started_call = 0.0
        threading.Thread(target=self._watchdog, daemon=True).start()

    def _watchdog(self) -> None:
        """A call stuck for 6 x the hang limit will not come back: report it and stop."""
        while True:
            time.sleep(1)
            if self.started_call and time.monotonic() - self.started_call > 6 * HANG_SECONDS:
                target, shown = self.current
                print(f"HANG (stuck) in {target}: {shown}", flush=True)
                self.report()
                os._exit(3)

    def call(self, target: str, fn: Callable[[], object], shown: Callable[[], str]) -> None:
        if time.monotonic() > self.deadline:
            raise Stop
        self.inputs[target] += 1
        self.current = (target, "")
        self.started_call = time.monotonic()
        try:
            fn()
        except CopgraphError:
            pass
        except Exception as exc:  # noqa: BLE001 - the point: anything else is a crash
            self.crashes[target] += 1
            if len(self.examples) < 20:
                where = traceback.extract_tb(exc.__traceback__)[-1]
                self.examples.append(f"CRASH {target}: {type(exc).__name__}: {str(exc)[:200]} "
                                     f"at {Path(where.filename).name}:{where.lineno} on {shown()[:300]}")
        finally:
            elapsed = time.monotonic() - self.started_call
            self.started_call = 0.0
        if elapsed > HANG_SECONDS:
            self.hangs[target] += 1
            self.examples.append(f"HANG {target}: {elapsed:.1f} s on {shown()[:300]}")

    def report(self) -> None:
        for line in self.examples:
            print(line)
        for target in sorted(self.inputs):
            print(f"  {target:<12} inputs {self.inputs[target]:>7}  crashes {self.crashes[target]:>4}  "
                  f"hangs {self.hangs[target]:>3}")


def mutate(base: bytes, ops: list[tuple]) -> bytes:
    data = bytearray(base)
    for op in ops:
        kind = op[0]
        lines = data.split(b"\n")
        if kind == "flip" and data:
            data[op[1] % len(data)] = op[2]
        elif kind == "truncate":
            data = data[: op[1] % (len(data) + 1)]
        elif kind == "dup" and lines:
            i = op[1] % len(lines)
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        elif kind == "delete" and lines:
            del lines[op[1] % len(lines)]
            data = bytearray(b"\n".join(lines))
        elif kind == "literal":
            # replace one literal or IRI-ish object in a random line with an odd one
            i = op[1] % max(len(lines), 1)
            line = lines[i].decode("utf-8", "replace")
            for marker in ('"', "<", "cg:", "xsd:"):
                at = line.rfind(marker)
                if at > 0:
                    end = line.find(" ", at)
                    line = line[:at] + ODD_LITERALS[op[2] % len(ODD_LITERALS)] + (line[end:] if end > 0 else " .")
                    break
            lines[i] = line.encode("utf-8", "surrogatepass")
            data = bytearray(b"\n".join(lines))
        elif kind == "insert":
            at = op[1] % (len(data) + 1)
            data[at:at] = op[2].encode("utf-8", "surrogatepass")
    return bytes(data)


OPS = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 20), st.integers(0, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 1 << 20)),
    st.tuples(st.just("dup"), st.integers(0, 1000)),
    st.tuples(st.just("delete"), st.integers(0, 1000)),
    st.tuples(st.just("literal"), st.integers(0, 1000), st.integers(0, 100)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 20),
              st.one_of(st.text(max_size=30), st.sampled_from(["{", "}", '"', "<", ">", ".", ";", "@prefix",
                                                               "\\", "\x00", "\n", "#", "^^", "'''"]))),
)
VALUES = st.one_of(
    st.text(max_size=60),
    st.builds(Iri, st.text(max_size=40)),
    st.builds(Iri, st.from_regex(r"https?://[a-z]{1,8}\.[a-z]{2,3}/[\w/%{}<>\"|^`\\ -]{0,20}", fullmatch=True)),
    st.dates(),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.none(),
)
RAW = st.one_of(st.text(max_size=30), st.from_regex(r"-?[0-9]{1,30}", fullmatch=True),
                st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
                st.sampled_from(["GB", "XA", "today", "lanzarote-criminal", "2026-02-29", "9999-12-31", "0000-01-01",
                                 "-1", "1" + "0" * 20, "", " ", "GB\n", "\udcff"]))
HEADER_WORDS = st.lists(st.one_of(
    st.sampled_from(["x", "(", ")", "string", "date", "iri", "optional", "default", "e.g.", "-", "—", " ", "\t",
                     "  " * 50, "today", "2026-01-01"]), st.text(max_size=8)), max_size=20)
DTYPES = ["integer", "int", "decimal", "double", "float", "boolean", "date", "dateTime", "string", "nonNegativeInteger"]


def build(h: Harness, examples: int):  # noqa: ANN201 - a hypothesis test function
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def one(data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(["turtle", "turtle", "bind", "bind", "params", "sandbox", "header",
                                            "literal"]))
        if target == "turtle":  # the same draws either way, so hypothesis sees one consistent strategy
            h.turtles += 1
            if h.turtles % h.slow_every == 0:
                target = ("validate", "check")[h.turtles // h.slow_every % 2]
        if target in ("turtle", "validate", "check"):
            ops = data.draw(st.lists(OPS, min_size=1, max_size=4))
            text = mutate(h.seed_text, ops)
            path = h.tmp / f"fuzz-{target}.ttl"
            path.write_bytes(text)
            shown = lambda: repr(ops)  # noqa: E731
            if target == "turtle":
                h.call(target, lambda: load_files([path]), shown)
            elif target == "validate":
                from copgraph.validate import validate_file

                h.call(target, lambda: validate_file(path), shown)
            else:
                from copgraph.check import check

                h.call(target, lambda: check(str(path), "lanzarote-criminal", engine="fast"), shown)
        elif target == "bind":
            template = data.draw(st.sampled_from(TEMPLATES))
            value = data.draw(VALUES)

            def bind() -> None:
                bind_values(template, {"v": value})
                rows = h.store.select(template, {"v": value})
                if template == TEMPLATES[0] and isinstance(value, str) and rows != [{"v": value}]:
                    raise AssertionError(f"bound string came back as {rows!r}")

            h.call(target, bind, lambda: repr((template, value)))
        elif target == "params":
            values = {"as_of": data.draw(RAW), "years": data.draw(RAW), "jurisdiction": data.draw(RAW)}
            values = {k: v for k, v in values.items() if data.draw(st.booleans())}
            h.call(target, lambda: get_query("recheck").run(h.store, values), lambda: repr(values))
        elif target == "sandbox":
            text = data.draw(st.text(max_size=80))
            quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")

            def sandbox() -> None:
                check_query(text)  # random text: refused or not, never a crash
                try:
                    check_query(f'SELECT ?x WHERE {{ BIND("{quoted}" AS ?x) }}')
                except CopgraphError as exc:
                    raise AssertionError(f"a string literal was refused: {exc}") from None

            h.call(target, sandbox, lambda: repr(text))
        elif target == "header":
            words = data.draw(HEADER_WORDS)
            line = "".join(words)
            path = h.tmp / "fuzz.rq"

            def header() -> None:
                parse_param(line)
                path.write_text(f"# title: t\n# param: {line}\nSELECT * WHERE {{ }}\n", encoding="utf-8",
                                errors="surrogatepass")
                NamedQuery.from_file(path)

            h.call(target, header, lambda: repr(line))
        else:
            import pyoxigraph as ox

            text, dtype = data.draw(st.text(max_size=40)), data.draw(st.sampled_from(DTYPES))
            h.call(target, lambda: _to_python(ox.Literal(text, datatype=ox.NamedNode(XSD + dtype))),
                   lambda: repr((text, dtype)))

    return one


def run(examples: int, seconds: float, slow_every: int = 50) -> dict[str, float]:
    """Fuzz until `examples` inputs or `seconds` have passed; print and return the totals."""
    started = time.perf_counter()
    h = Harness(seconds, slow_every)
    try:
        build(h, examples)()
    except Stop:
        pass
    except Exception as exc:  # hypothesis re-raises Stop wrapped in some versions
        if "Stop" not in type(exc).__name__ and not isinstance(getattr(exc, "__cause__", None), Stop):
            raise
    wall = time.perf_counter() - started
    h.report()
    totals = {"inputs": sum(h.inputs.values()), "crashes": sum(h.crashes.values()), "hangs": sum(h.hangs.values()),
              "wall": round(wall, 1)}
    print(f"inputs {totals['inputs']}  crashes {totals['crashes']}  hangs {totals['hangs']}  wall {wall:.1f} s")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--slow-every", type=int, default=50, help="one Turtle mutation in N goes to validate or check")
    args = parser.parse_args()
    totals = run(args.examples, args.seconds, args.slow_every)
    sys.exit(1 if totals["crashes"] or totals["hangs"] else 0)


if __name__ == "__main__":
    main()
