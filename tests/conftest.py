from __future__ import annotations

from pathlib import Path

import pytest

from copgraph.store import Graph, load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def graph() -> Graph:
    """Everything bundled, loaded once for the session (its own copy: queries add verdicts to it)."""
    return load(cache=False)


# The rdflib backend is the reference the Oxigraph rows are held equal to, not the fast path: on a
# graph filled with verdicts for many dates and profiles (each copied into rdflib again) it is slow,
# so each comparison gets a fresh graph holding only its own query's verdicts, and more time.
RDFLIB_TIMEOUT = 120.0


@pytest.fixture
def compare_graph() -> Graph:
    """Everything bundled, freshly loaded for one backend comparison."""
    return load(cache=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/ from the current output (also COPGRAPH_UPDATE_GOLDEN=1); "
                          "review the diff before committing it.")
