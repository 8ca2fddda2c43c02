"""`copgraph serve`: a real SPARQL 1.1 Protocol server over the published dumps, plus the pages.

The engine is Oxigraph's own server (PyPI package `oxigraph`, command `oxigraph`): the source
dump (N-Quads, one named graph per file) and the verdicts of the publication date are loaded
into a temporary store directory, which is served read-only (`serve-read-only`: SPARQL UPDATE
is refused), with the default graph as the union of the named graphs (as the library's queries
read it), a per-query timeout, and bound to loopback unless told otherwise. The static pages
are served next to it by Python's http.server, with the same content negotiation as the Apache
and nginx configs (303 from a thing IRI to its document, by Accept; CORS).

Everything started here is stopped on every exit: the `Server` context manager terminates the
Oxigraph process and removes the temporary store; the process also asks Linux to send it
SIGTERM should this Python process die first.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.server
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import CopgraphError, InputError

ACCEPT = (("text/turtle", "ttl"), ("application/x-turtle", "ttl"), ("application/ld+json", "jsonld"),
          ("application/n-triples", "nt"))


class ServerError(CopgraphError):
    """The SPARQL server could not be started (exit 2 names why)."""


def oxigraph_command() -> str:
    """The `oxigraph` CLI of the environment this copgraph runs in (else the one on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServerError("the `oxigraph` command is not installed: pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def load_store(site: Path, location: Path) -> None:
    """Load the site's N-Quads dumps (source graphs and verdicts) into an Oxigraph store directory."""
    dumps = sorted((site / "dumps").glob("*.nq"))
    if not dumps:
        raise InputError(f"{site}: no dumps/*.nq; build the site with `copgraph publish --out {site}`")
    done = subprocess.run([oxigraph_command(), "load", "--location", str(location), "--file", *map(str, dumps)],
                          capture_output=True, text=True, preexec_fn=_die_with_parent, check=False)
    if done.returncode != 0:
        raise ServerError(f"oxigraph load failed: {' '.join(done.stderr.split())[:300]}")


@dataclass
class Server:
    """A running Oxigraph server (and the page server, if any); stop() ends both."""

    process: subprocess.Popen
    endpoint: str
    location: Path
    pages: http.server.ThreadingHTTPServer | None = None
    pages_url: str | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    def stop(self) -> None:
        if self.pages is not None:
            self.pages.shutdown()
            self.pages.server_close()
            self.pages = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.location, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def start(site: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30,
          pages_port: int | None = None, union: bool = True, version: str | None = None) -> Server:
    """Load the site's dumps into a temporary store and start the read-only server on it."""
    location = Path(tempfile.mkdtemp(prefix="copgraph-serve-"))
    try:
        load_store(site, location)
        command = [oxigraph_command(), "serve-read-only", "--location", str(location),
                   "--bind", f"{_url_host(host)}:{port}", "--cors"]
        if union:
            command.append("--union-default-graph")
        if timeout:
            command += ["--timeout-s", str(max(1, round(timeout)))]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=_die_with_parent)
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        raise
    server = Server(process, f"http://{_url_host(host)}:{port}/query", location)
    try:
        _wait_ready(server)
        if pages_port is not None:
            server.pages = page_server(site, host, pages_port, version)
            server.pages_url = f"http://{_url_host(host)}:{server.pages.server_address[1]}/"
            thread = threading.Thread(target=server.pages.serve_forever, name="copgraph-pages", daemon=True)
            thread.start()
            server._threads.append(thread)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_ready(server: Server, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    probe = server.endpoint + "?query=" + urllib.parse.quote("ASK { }")
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            err = server.process.stderr.read().decode("utf-8", "replace") if server.process.stderr else ""
            raise ServerError(f"the Oxigraph server exited: {' '.join(err.split())[:300]}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise ServerError(f"the Oxigraph server did not answer on {server.endpoint} within {seconds:g} s")


def negotiate(path: str, accept: str, root: Path, version: str | None) -> str | None:
    """Where a thing IRI's path should 303 to (a document chosen by Accept), or None.

    The same rules as the Apache and nginx configs: a path without an extension whose document
    exists; the versioned path /<version>/... of this release keeps its prefix.
    """
    prefix = ""
    rest = unquote(path.split("?", 1)[0]).lstrip("/")
    if version and (rest == version or rest.startswith(version + "/")):
        prefix, rest = version + "/", rest[len(version) + 1:]
    if "." in rest.rsplit("/", 1)[-1] or ".." in rest.split("/"):
        return None
    ext = next((e for media, e in ACCEPT if media in accept), "html")
    if not rest:
        return f"/{prefix}dataset.ttl" if ext == "ttl" else (f"/{prefix}index.html" if prefix else None)
    stem = rest.rstrip("/")
    if (root / f"{stem}.{ext}").is_file():
        return f"/{prefix}{stem}.{ext}"
    if (root / stem / "index.html").is_file():
        return f"/{prefix}{stem}/index.html"
    return None


def page_server(site: Path, host: str, port: int, version: str | None) -> http.server.ThreadingHTTPServer:
    root = site.resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                          ".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                          ".nq": "application/n-quads", ".trig": "application/trig", ".csv": "text/csv"}

        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, directory=str(root), **kwargs)

        def end_headers(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Vary", "Accept")
            super().end_headers()

        def translate_path(self, path: str) -> str:
            parts = urlsplit(path).path
            if version and parts.startswith(f"/{version}/"):
                path = parts[len(version) + 1:]
            return super().translate_path(path)

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            target = negotiate(self.path, self.headers.get("Accept", ""), root, version)
            if target is not None:
                self.send_response(303)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    try:
        return http.server.ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        raise ServerError(f"cannot serve the pages on {host}:{port}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def terminate_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the command like Ctrl-C does, so the finally blocks stop the servers."""
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def published_version(site: Path) -> str | None:
    marker = site / ".copgraph-site"
    with contextlib.suppress(OSError):
        words = marker.read_text(encoding="utf-8").split()
        return words[-1] if words else None
    return None

