"""--output: stdout for '-', the format from the extension, atomic replacement of regular files only."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from copgraph import output
from copgraph.errors import InputError
from copgraph.output import choose_format, write_file

PROFILES = ("table", "csv", "json", "md")
CHECK = ("table", "md", "csv", "json", "html", "shacl")


def cli(*args: str, umask: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "copgraph.cli", *args], capture_output=True, text=True,
                          timeout=300, preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def only(directory: Path) -> list[str]:
    """Names in a directory: no temporary file may be left behind."""
    return sorted(p.name for p in directory.iterdir())


# --- format ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, fmt", [("r.md", "md"), ("r.CSV", "csv"), ("r.json", "json"), ("r.html", "html"),
                                       ("r.ttl", "shacl"), ("r.txt", "table")])
def test_format_from_extension(tmp_path, name, fmt):
    assert choose_format(None, str(tmp_path / name), CHECK) == fmt


def test_explicit_format_wins_and_stdout_defaults_to_table(tmp_path):
    assert choose_format("json", str(tmp_path / "r.md"), CHECK) == "json"
    assert choose_format(None, None, CHECK) == "table" and choose_format(None, "-", CHECK) == "table"


@pytest.mark.parametrize("name", ["r.xyz", "report"])
def test_unknown_extension_without_format_is_refused(tmp_path, name):
    with pytest.raises(InputError, match="cannot tell the format"):
        choose_format(None, str(tmp_path / name), CHECK)
    assert choose_format("csv", str(tmp_path / name), CHECK) == "csv"


def test_extension_of_a_format_the_command_lacks_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"give --format \(table\|csv\|json\|md\)"):
        choose_format(None, str(tmp_path / "r.html"), PROFILES)


def test_cli_writes_the_inferred_formats(tmp_path):
    md, ttl = tmp_path / "gb.md", tmp_path / "gb.ttl"
    proc = cli("check", "GB", "--profile", "lanzarote-criminal", "--as-of", "2020-01-01", "-o", str(md))
    assert proc.returncode in (0, 1), proc.stderr
    assert md.read_text(encoding="utf-8").startswith("# Coverage: United Kingdom")
    proc = cli("check", "GB", "--profile", "budapest-art9", "--as-of", "2020-01-01", "-o", str(ttl))
    assert proc.returncode in (0, 1), proc.stderr
    assert "ValidationReport" in ttl.read_text(encoding="utf-8")
    assert only(tmp_path) == ["gb.md", "gb.ttl"]


def test_dash_is_stdout(tmp_path):
    proc = cli("profiles", "--format", "json", "-o", "-")
    assert proc.returncode == 0 and json.loads(proc.stdout)
    assert not Path("-").exists()


def test_unknown_extension_on_the_command_line():
    proc = cli("profiles", "-o", "/tmp/copgraph-profiles.xyz")
    assert proc.returncode == 2
    assert proc.stderr == ("copgraph: error: --output /tmp/copgraph-profiles.xyz: cannot tell the format "
                           "from extension '.xyz'; give --format (table|csv|json|md)\n")


# --- atomic replacement ---------------------------------------------------------------------------

def test_new_file_gets_the_umask_mode_not_0600(tmp_path):
    target = tmp_path / "p.csv"
    proc = cli("profiles", "-o", str(target), umask=0o022)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8").startswith("slug,label,size\n")
    other = tmp_path / "q.csv"
    assert cli("profiles", "-o", str(other), umask=0o007).returncode == 0
    assert stat.S_IMODE(other.stat().st_mode) == 0o660
    assert only(tmp_path) == ["p.csv", "q.csv"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_existing_file_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "r.txt"
    target.write_text("old\n")
    target.chmod(mode)
    write_file("new\n", str(target))
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == mode
    assert only(tmp_path) == ["r.txt"]


def test_symlink_stays_a_link_and_its_target_is_written(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    write_file("new\n", str(link))
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert real.read_text() == "new\n" and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert only(tmp_path) == ["link.json", "real.json"]


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "sub-missing.md")
    write_file("new\n", str(link))
    assert link.is_symlink() and (tmp_path / "sub-missing.md").read_text() == "new\n"


def test_directory_is_refused(tmp_path):
    target = tmp_path / "out.md"
    target.mkdir()
    with pytest.raises(InputError, match="a directory, not a regular file"):
        write_file("new\n", str(target))
    assert target.is_dir() and only(tmp_path) == ["out.md"] and only(target) == []


def test_dev_null_is_refused_and_stays_a_device():
    proc = cli("profiles", "--format", "csv", "-o", "/dev/null")
    assert proc.returncode == 2
    assert proc.stderr == ("copgraph: error: --output /dev/null: a character device, not a regular file; "
                           "not overwritten\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    proc = cli("profiles", "-o", str(fifo))
    assert proc.returncode == 2 and "a FIFO, not a regular file" in proc.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode) and only(tmp_path) == ["pipe.csv"]


def test_missing_directory_is_refused(tmp_path):
    proc = cli("profiles", "-o", str(tmp_path / "nope" / "p.csv"))
    assert proc.returncode == 2
    assert proc.stderr == f"copgraph: error: --output {tmp_path}/nope/p.csv: directory {tmp_path}/nope does not exist\n"


def test_unwritable_directory_under_proc():
    proc = cli("profiles", "-o", "/proc/copgraph-profiles.csv")
    assert proc.returncode == 2 and "cannot write in /proc" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_is_refused(tmp_path):
    target = tmp_path / "p.csv"
    target.write_text("old\n")
    tmp_path.chmod(0o555)
    try:
        proc = cli("profiles", "-o", str(target))
    finally:
        tmp_path.chmod(0o755)
    assert proc.returncode == 2 and "cannot write in" in proc.stderr
    assert target.read_text() == "old\n" and only(tmp_path) == ["p.csv"]


def test_full_disk_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "r.md"
    target.write_text("old\n")

    def full(fd: int, data: bytes) -> None:
        os.write(fd, data[:3])  # a partial write, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output, "_write_all", full)
    with pytest.raises(InputError) as err:
        write_file("new content\n", str(target))
    assert err.value.exit_code == 2
    assert str(err.value) == f"--output {target}: cannot write: no space left on device; the old file is unchanged"
    assert target.read_text() == "old\n" and only(tmp_path) == ["r.md"]


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "r.md"
    target.write_text("old\n")

    def interrupted(fd: int, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "_write_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_file("new\n", str(target))
    assert target.read_text() == "old\n" and only(tmp_path) == ["r.md"]


def test_refused_before_the_work_is_done(tmp_path):
    """A bad --output fails at once, not after a long check."""
    proc = cli("check", "GB", "--profile", "no-such-profile", "-o", str(tmp_path))
    assert proc.returncode == 2 and "a directory, not a regular file" in proc.stderr
