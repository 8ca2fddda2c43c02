"""HermiT over the ontology and all data; and proof that the check can fail."""

from __future__ import annotations

import shutil

import pytest

from copgraph.reason import reason
from copgraph.store import load, load_files

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (.ci/run installs it)")


def test_bundled_ontology_and_data_are_consistent():
    result = reason(load(cache=False))  # the data as loaded, without verdicts other tests have added
    assert result.consistent, result.explanation
    assert result.unsatisfiable == []


def test_treaty_typed_as_soft_law_is_reported_inconsistent():
    result = reason(load([FIXTURES / "inconsistent.ttl"], jurisdictions=False))
    assert not result.consistent


@pytest.mark.parametrize("fixture", ["two-jurisdictions.ttl", "two-levels.ttl"])
def test_functional_properties_catch_errors(fixture):
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", ROOT / "data" / "countries.ttl", FIXTURES / fixture])
    assert not reason(graph).consistent
