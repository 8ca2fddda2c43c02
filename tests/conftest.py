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
