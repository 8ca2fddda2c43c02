"""HermiT over the ontology and all data; and proof that the check can fail."""

from __future__ import annotations

import shutil

import pytest

from copgraph.reason import reason
from copgraph.store import load

from .conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (.ci/run installs it)")


def test_bundled_ontology_and_data_are_consistent(graph):
    result = reason(graph)
    assert result.consistent, result.explanation
    assert result.unsatisfiable == []


def test_treaty_typed_as_soft_law_is_reported_inconsistent():
    result = reason(load([FIXTURES / "inconsistent.ttl"], jurisdictions=False))
    assert not result.consistent
