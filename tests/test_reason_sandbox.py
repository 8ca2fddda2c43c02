"""The reasoner never fetches owl:imports and leaves no temporary file or Java process behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from copgraph.reason import reason, write_ntriples
from copgraph.store import load_files

from .conftest import FIXTURES, ROOT

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (.ci/run installs it)")


def test_owl_imports_are_not_handed_to_the_reasoner(tmp_path):
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", FIXTURES / "imports.ttl"])
    out = tmp_path / "all.nt"
    count = write_ntriples(graph, out)
    text = out.read_text(encoding="utf-8")
    assert "example.invalid" not in text and "owl#imports" not in text
    assert count == len(graph.store) - 1 == len(text.splitlines())


@needs_java
def test_reason_does_not_fetch_imports(monkeypatch):
    fetched = []

    def refuse(url, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        fetched.append(getattr(url, "full_url", url))
        raise OSError("no network in this test")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    started = time.perf_counter()
    result = reason(load_files([ROOT / "ontology" / "copgraph.ttl", FIXTURES / "imports.ttl"]))
    assert result.consistent and fetched == []
    assert time.perf_counter() - started < 60


@needs_java
def test_no_temporary_file_is_left_when_inconsistent(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", ROOT / "data" / "countries.ttl",
                        FIXTURES / "two-jurisdictions.ttl"])
    assert not reason(graph).consistent
    assert list(scratch.iterdir()) == []
    assert tempfile.tempdir == str(scratch)  # restored


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


@needs_java
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc to find the Java process")
def test_ctrl_c_kills_java_and_removes_temporary_files(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    code = "from copgraph.reason import reason; from copgraph.store import load; reason(load())"
    # stderr to a file, not a pipe nobody reads while waiting (a full pipe would block the child)
    log = tmp_path / "stderr.txt"
    with log.open("w") as sink:
        # the child must see Ctrl-C even when the test run itself ignores SIGINT (a background job)
        proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "TMPDIR": str(scratch)},
                                stdout=subprocess.DEVNULL, stderr=sink, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        java = []
        deadline = time.monotonic() + 300
        while not java and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            java = [c for c in _children(proc.pid) if "java" in Path(f"/proc/{c}/cmdline").read_text()]
        assert java, "HermiT did not start"
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=180)
    finally:
        proc.kill()
    err = log.read_text()
    assert "KeyboardInterrupt" in err
    time.sleep(0.5)
    assert not Path(f"/proc/{java[0]}").exists() or "java" not in Path(f"/proc/{java[0]}/cmdline").read_text()
    assert list(scratch.iterdir()) == []
