"""The Python API: default engine, check_all, typed query parameters, the load cache."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

import copgraph
import copgraph.store as store
from copgraph.errors import InputError
from copgraph.report import short

from .conftest import FIXTURES, ROOT

XA = str(FIXTURES / "xa.ttl")


def test_check_defaults_to_the_fast_engine_like_the_cli():
    assert copgraph.check(XA, "lanzarote-criminal", "2020-01-01").engine == "fast"


def test_check_all_is_the_batch_check():
    assert callable(copgraph.check) and callable(copgraph.check_all)
    reports = copgraph.check_all("lanzarote-criminal", "2020-01-01")
    assert {"GB", "FR", "DE"} <= set(reports)
    one = copgraph.check("GB", "lanzarote-criminal", "2020-01-01")
    batch = reports["GB"]
    assert [(short(r.requirement), r.status, r.binding, r.severity) for r in batch.rows] == \
        [(short(r.requirement), r.status, r.binding, r.severity) for r in one.rows]


def test_check_all_bad_date_is_input_error():
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        copgraph.check_all("lanzarote-criminal", "1/1/2020")


def test_query_accepts_dates():
    params = {"profile": "icmec-csam", "jurisdiction": "FR"}
    as_text = copgraph.query("profile-gaps", {**params, "as_of": "2026-11-28"})
    assert as_text
    assert copgraph.query("profile-gaps", {**params, "as_of": dt.date(2026, 11, 28)}) == as_text
    assert copgraph.query("profile-gaps", {**params, "as_of": dt.datetime(2026, 11, 28, 15, 30)}) == as_text


def test_query_rejects_other_types_clearly():
    with pytest.raises(InputError, match="as_of: 3.5 is a float"):
        copgraph.query("profile-gaps", {"profile": "icmec-csam", "jurisdiction": "FR", "as_of": 3.5})


@pytest.fixture
def counted_loads(monkeypatch):
    """An empty load cache and a count of the times files are actually parsed."""
    monkeypatch.setattr(store, "_LOADED", {})
    calls = []
    real = store.load_files

    def counting(paths, **kwargs):
        calls.append(1)
        return real(paths, **kwargs)

    monkeypatch.setattr(store, "load_files", counting)
    return calls


def test_repeated_checks_parse_the_files_once(counted_loads):
    for _ in range(3):
        copgraph.check("GB", "lanzarote-criminal", "2020-01-01")
    assert len(counted_loads) == 1
    assert store.load() is store.load()
    assert store.load(cache=False) is not store.load()


def test_a_changed_file_is_loaded_again(tmp_path, counted_loads):
    home = tmp_path / "home"
    shutil.copytree(ROOT / "ontology", home / "ontology")
    (home / "data").mkdir()
    data = home / "data" / "extra.ttl"
    data.write_text("<https://w3id.org/copgraph/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n")
    first = store.load(root=home)
    assert store.load(root=home) is first and len(counted_loads) == 1
    data.write_text("<https://w3id.org/copgraph/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\", \"y\" .\n")
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = store.load(root=home)
    assert second is not first and len(counted_loads) == 2
    assert second.stats.triples == first.stats.triples + 1
