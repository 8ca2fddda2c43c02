"""A short run of the fuzz harness (benchmarks/fuzz.py; the long run is by hand)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

from .conftest import ROOT

FUZZ = ROOT / "benchmarks" / "fuzz.py"


def test_short_fuzz_run_finds_no_crash_and_no_hang():
    proc = subprocess.run([sys.executable, str(FUZZ), "--examples", "200", "--seconds", "40", "--slow-every", "40"],
                          capture_output=True, text=True, timeout=180)
    totals = re.search(r"inputs (\d+)  crashes (\d+)  hangs (\d+)  wall ([\d.]+) s", proc.stdout)
    assert totals, proc.stdout + proc.stderr
    inputs, crashes, hangs = (int(totals[i]) for i in (1, 2, 3))
    assert (crashes, hangs) == (0, 0), proc.stdout
    assert inputs >= 100 and proc.returncode == 0
    assert all(f"  {t} " in proc.stdout for t in ("turtle", "bind", "params", "sandbox", "header", "literal"))


def test_the_harness_counts_a_crash_and_not_an_input_error():
    spec = importlib.util.spec_from_file_location("fuzz", FUZZ)
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    from copgraph.errors import InputError

    harness = fuzz.Harness(seconds=60, slow_every=10)

    def bad_input() -> None:
        raise InputError("expected")

    harness.call("t", bad_input, lambda: "x")
    harness.call("t", lambda: {}["missing"], lambda: "y")
    assert harness.inputs["t"] == 2 and harness.crashes["t"] == 1 and "KeyError" in harness.examples[0]
