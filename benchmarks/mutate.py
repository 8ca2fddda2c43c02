"""Mutation run over the coverage rules: would the tests catch a wrong verdict?

Each mutant changes one thing in copgraph/verdict.py (a comparison, a boolean operator, a
constant, a None test, a returned status), the hand-worked verdict tests run against it, and a
mutant whose tests still pass "survives". Not a timed test and not part of CI: run by hand,

    python benchmarks/mutate.py [--limit N] [--tests tests/test_verdicts.py ...]

and read the score and the list of survivors. The source file is restored after every mutant.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "copgraph" / "verdict.py"
TESTS = ["tests/test_verdicts.py", "tests/test_check.py", "tests/test_bundled_checks.py", "tests/test_policy.py"]
SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
         ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
RULE_FUNCTIONS = {"reached", "in_force", "force_state", "derived_within", "binding", "_reservations", "severity",
                  "required_age", "assess", "_reach", "_covers", "_uncovered", "period", "bound"}


def _rule_nodes(tree: ast.Module) -> list[ast.AST]:
    nodes = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name in RULE_FUNCTIONS:
            for node in ast.walk(fn):
                node.rule_function = fn.name  # type: ignore[attr-defined]
                nodes.append(node)
    return nodes


def mutants(source: str) -> list[tuple[str, str]]:
    """(description, mutated source) for every single-point mutation in the rule functions."""
    out = []
    count = len(_rule_nodes(ast.parse(source)))
    for index in range(count):
        tree = ast.parse(source)
        node = _rule_nodes(tree)[index]
        line = f"{node.rule_function}() line {getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in SWAPS:
                    tree = ast.parse(source)
                    target = _rule_nodes(tree)[index]
                    target.ops[k] = SWAPS[type(op)]()
                    out.append((f"{line}: {type(op).__name__} -> {SWAPS[type(op)].__name__}", ast.unparse(tree)))
        elif isinstance(node, ast.BoolOp):
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            out.append((f"{line}: and/or swapped", ast.unparse(tree)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            node.value = not node.value
            out.append((f"{line}: {not node.value} -> {node.value}", ast.unparse(tree)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, int) and node.value in (0, 1):
            node.value = 1 - node.value
            out.append((f"{line}: {1 - node.value} -> {node.value}", ast.unparse(tree)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            tree2 = ast.parse(source)
            parent_fix = _replace(tree2, index)
            if parent_fix:
                out.append((f"{line}: 'not' removed", ast.unparse(tree2)))
    return out


def _replace(tree: ast.Module, index: int) -> bool:
    """Remove the `not` at rule node `index` by replacing it with its operand in its parent."""
    target = _rule_nodes(tree)[index]
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, target.operand)
                return True
            if isinstance(value, list) and target in value:
                value[value.index(target)] = target.operand
                return True
    return False


def run_tests(tests: list[str]) -> bool:
    """True when the tests pass (the mutant survives)."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                          cwd=ROOT, capture_output=True, text=True)
    return proc.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="run only the first N mutants")
    parser.add_argument("--tests", nargs="*", default=TESTS)
    args = parser.parse_args()
    original = TARGET.read_text(encoding="utf-8")
    if not run_tests(args.tests):
        print("the tests fail on the unmutated code; fix them first")
        return 2
    todo = mutants(original)[: args.limit or None]
    survivors, started = [], time.perf_counter()
    try:
        for k, (what, text) in enumerate(todo, 1):
            TARGET.write_text(text, encoding="utf-8")
            if run_tests(args.tests):
                survivors.append(what)
            print(f"[{k}/{len(todo)}] {what}: {'SURVIVED' if survivors and survivors[-1] == what else 'killed'}",
                  flush=True)
    finally:
        TARGET.write_text(original, encoding="utf-8")
    killed = len(todo) - len(survivors)
    print(f"\n{killed}/{len(todo)} mutants killed ({100 * killed / max(len(todo), 1):.1f} %) "
          f"in {time.perf_counter() - started:.0f} s")
    for what in survivors:
        print("  survived:", what)
    return 0


if __name__ == "__main__":
    sys.exit(main())
