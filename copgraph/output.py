"""Writing command output: stdout, or a file replaced atomically.

A report file is often the input of the next step (a web page, a diff, a dashboard), so a
failed or interrupted run must leave the previous file as it was: we write a temporary file
next to the target and rename it over the target only when it is complete. Only regular files
are replaced that way; a directory, a device (/dev/null), a FIFO or a socket is refused, since
renaming over it would destroy it (or, for a device, silently swallow the report).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from .errors import InputError

STDOUT = "-"

# Extension of --output -> format name, when --format is not given.
EXTENSIONS = {
    ".txt": "table",
    ".md": "md",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".ttl": "shacl",
    ".xlsx": "xlsx",
    ".png": "png",
    ".svg": "svg",
}
BINARY = ("xlsx", "png")  # formats written as bytes, never to a terminal


def choose_format(fmt: str | None, output: str | None, choices: Sequence[str], default: str = "table") -> str:
    """--format if given, else the one the --output extension names, else the default (stdout).

    An unusable --output (a directory, a device, a missing directory) is refused here, before
    any work is done, as well as when the file is written.
    """
    if output and output != STDOUT:
        _target(output)
    if fmt:
        _refuse_binary_terminal(fmt, output)
        return fmt
    if not output or output == STDOUT:
        return default
    suffix = Path(output).suffix.lower()
    inferred = EXTENSIONS.get(suffix)
    if inferred is None or inferred not in choices:
        what = f"extension {suffix!r}" if suffix else "no extension"
        raise InputError(f"--output {output}: cannot tell the format from {what}; "
                         f"give --format ({'|'.join(choices)})")
    return inferred


def _refuse_binary_terminal(fmt: str, output: str | None) -> None:
    if fmt in BINARY and (not output or output == STDOUT) and sys.stdout.isatty():
        raise InputError(f"--format {fmt} is binary and is not printed to a terminal; give --output FILE.{fmt} "
                         "or redirect stdout to a file")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target(output: str) -> tuple[Path, os.stat_result | None]:
    """The file to replace (a symlink's target, so the link stays a link) and its status if it exists."""
    path = Path(output)
    if path.is_symlink():
        try:
            path = path.resolve(strict=False)
        except (OSError, RuntimeError) as exc:  # a symlink loop
            raise InputError(f"--output {output}: cannot follow the symbolic link: {exc}") from None
    try:
        status = path.stat()
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise InputError(f"--output {output}: {exc.strerror or exc}") from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise InputError(f"--output {output}: {_kind(status.st_mode)}, not a regular file; not overwritten")
    if not path.parent.is_dir():
        raise InputError(f"--output {output}: directory {path.parent} does not exist")
    return path, status


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_file(text: str | bytes, output: str) -> None:
    """Replace `output` atomically with `text` (str as UTF-8, or bytes such as a workbook); on any failure
    the old file and directory are untouched."""
    path, status = _target(output)
    mode = stat.S_IMODE(status.st_mode) if status else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"--output {output}: cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        try:
            _write_all(fd, text.encode("utf-8") if isinstance(text, str) else text)
            os.fchmod(fd, mode)
            if status is not None and hasattr(os, "fchown"):
                with contextlib.suppress(OSError):  # keep the owner when we may (root replacing a report)
                    os.fchown(fd, status.st_uid, status.st_gid)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            reason = "no space left on device" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            kept = "; the old file is unchanged" if status is not None else ""
            raise InputError(f"--output {output}: cannot write: {reason}{kept}") from None
        raise


def write_output(text: str | bytes, output: str | None) -> None:
    """Print to stdout (no --output, or `-o -`), or write the file atomically.

    Bytes (a workbook) go to stdout only when it is redirected: a terminal would show garbage.
    """
    if not output or output == STDOUT:
        if isinstance(text, bytes):
            if sys.stdout.isatty():
                raise InputError("a binary format is not printed to a terminal; give --output FILE "
                                 "or redirect stdout to a file")
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
            return
        click.echo(text, nl=False)
        sys.stdout.flush()
        return
    write_file(text, output)
