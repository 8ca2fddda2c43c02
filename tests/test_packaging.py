"""The built distributions carry the ontology, data and queries, and an installed wheel finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

BUNDLED = ("ontology", "data", "queries")


def _tracked(directory: str) -> list[str]:
    """Files of a bundled directory as they are in the checkout, relative to the repository."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / directory).rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """An sdist, and a wheel built from that sdist (python -m build), so both are checked at once."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "deprecat" not in (proc.stdout + proc.stderr).lower()
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


def test_wheel_carries_ontology_data_and_queries(dists):
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    for directory in BUNDLED:
        files = _tracked(directory)
        assert files, directory
        missing = [f for f in files if f"copgraph/_data/{f}" not in names]
        assert missing == [], f"not in the wheel: {missing[:5]}"
    assert "copgraph/_data/data/jurisdictions/GB.ttl" in names
    assert "copgraph/_data/queries/internal/profiles.rq" in names


def test_wheel_metadata_has_spdx_licence(dists):
    wheel = zipfile.ZipFile(dists["wheel"])
    meta_dir = next(n.split("/")[0] for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = wheel.read(f"{meta_dir}/METADATA").decode()
    assert "License-Expression: Apache-2.0 AND CC-BY-4.0" in metadata
    assert "License-File: LICENSE\n" in metadata and "License-File: LICENSE-DATA" in metadata
    assert f"{meta_dir}/licenses/LICENSE" in wheel.namelist()


def test_sdist_carries_tests_and_their_fixtures(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for needed in ("tests/conftest.py", "tests/fixtures/xa.ttl", "tests/qc/fixtures/missing-source.ttl",
                   "ontology/copgraph.ttl", "data/jurisdictions/GB.ttl", "queries/internal/profiles.rq",
                   "LICENSE", "LICENSE-DATA", "hatch_build.py"):
        assert needed in names, needed


def test_installed_wheel_reads_its_own_data(dists, tmp_path):
    """Unpacked wheel first on sys.path, run from elsewhere: project_root() is inside the package."""
    site = tmp_path / "site"
    zipfile.ZipFile(dists["wheel"]).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "COPGRAPH_HOME"}
    env["PYTHONPATH"] = str(site)
    code = "import copgraph.store as s; print(s.__file__); print(s.project_root())"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    module, root = proc.stdout.splitlines()
    assert Path(module).is_relative_to(site)
    assert Path(root) == site / "copgraph" / "_data"
    proc = subprocess.run([sys.executable, "-m", "copgraph.cli", "profiles"], capture_output=True, text=True,
                          cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "lanzarote-criminal" in proc.stdout


def test_checkout_reads_the_top_level_directories():
    from copgraph.store import project_root

    if "COPGRAPH_HOME" in os.environ:
        pytest.skip("COPGRAPH_HOME is set")
    assert project_root() == ROOT
    assert not (ROOT / "copgraph" / "_data").exists()


def test_copgraph_home_overrides(tmp_path):
    env = {**os.environ, "COPGRAPH_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", "import copgraph.store as s; print(s.project_root())"],
                          capture_output=True, text=True, env=env)
    assert proc.stdout.strip() == str(tmp_path)
