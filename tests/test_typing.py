"""The package type-checks: mypy with the settings of pyproject.toml's [tool.mypy] exits 0."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_mypy_is_clean():
    proc = subprocess.run([sys.executable, "-m", "mypy", "copgraph", "--ignore-missing-imports"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
