"""The `copgraph` command.

Exit codes: 0 ok, 1 findings (check: a row at the --fail-on severity; verify: an error-severity
QC query returned rows), 2 bad input, 3 inconsistent ontology and data, 4 internal error,
130 interrupted. Expected failures print one line `copgraph: error: ...`; anything else is a
bug and prints one line asking for a report (`--debug` shows the traceback).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import (
    EXIT_BROKEN_PIPE,
    EXIT_FINDINGS,
    EXIT_INCONSISTENT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    CopgraphError,
    InputError,
)
from .output import EXTENSIONS, choose_format, write_output
from .report import FORMATS

ROW_FORMATS = ("table", "csv", "json", "md")
LIST_FORMATS = ("table", "json")
FAIL_ON = ("violation", "warning", "never")
# Libraries that log (with tracebacks) about input we then report ourselves in one line.
LIBRARY_LOGGERS = ("rdflib", "pyshacl", "owlready2", "pyoxigraph")
CONTEXT = {"help_option_names": ["-h", "--help"]}

F = TypeVar("F", bound=Callable[..., Any])


def format_option(choices: tuple[str, ...], default: str = "table") -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=None,
        help=f"Output format: {', '.join(choices)}. Default: from the --output extension, else {default}.",
    )


def output_option(choices: tuple[str, ...]) -> Callable[[F], F]:
    extensions = " ".join(ext for ext, fmt in EXTENSIONS.items() if fmt in choices)
    return click.option(
        "--output", "-o", default=None, metavar="FILE",
        help=f"Write to FILE instead of stdout ('-' is stdout). The file is replaced atomically; "
             f"its extension ({extensions}) sets the format when --format is not given.",
    )


def configure_logging(debug: bool) -> None:
    """Without --debug, library log records (some with tracebacks) never reach stderr."""
    if debug:
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(levelname)s: %(message)s")
        return
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


class Main(click.Group):
    """Turns every failure into a short message on stderr and the documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own usage errors (exit 2) and exits
        except CopgraphError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"copgraph: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("\ncopgraph: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`copgraph queries | head`): not worth a message. Point stdout at
            # /dev/null so the flush at exit does not fail again, and exit as a shell would.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except Exception as exc:
            if debug:
                traceback.print_exc()
            hint = "please report it" if debug else "run with --debug for the traceback; please report it"
            click.echo(f"copgraph: internal error: {type(exc).__name__}: {_one_line(str(exc))} ({hint})", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=Main, context_settings=CONTEXT)
@click.version_option(package_name="copgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks and library log messages (for bug reports).")
def main(debug: bool) -> None:
    """copgraph: child online protection law as a knowledge graph you can check and query."""
    configure_logging(debug)


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"


@main.command()
@format_option(LIST_FORMATS)
@output_option(LIST_FORMATS)
def info(fmt: str | None, output: str | None) -> None:
    """What is loaded, counted by kind, with the load time."""
    from .queries import get_query
    from .store import load

    fmt = choose_format(fmt, output, LIST_FORMATS)
    started = time.perf_counter()
    graph = load()
    rows = sorted(get_query("counts").run(graph.backend()), key=lambda r: str(r["kind"]))
    if fmt == "json":
        text = _json({
            "triples": graph.stats.triples, "files": graph.stats.files, "graphs": len(graph.stats.graphs),
            "load_seconds": round(graph.stats.seconds, 3), "counts": {str(r["kind"]): r["count"] for r in rows},
        })
    else:
        lines = [f"loaded {graph.stats.triples} triples from {graph.stats.files} files "
                 f"in {graph.stats.seconds:.3f} s ({len(graph.stats.graphs)} named graphs)"]
        lines += [f"  {str(row['kind']):<20} {row['count']:>6}" for row in rows]
        lines.append(f"total {time.perf_counter() - started:.3f} s")
        text = "\n".join(lines) + "\n"
    write_output(text, output)


@main.command()
def reason() -> None:
    """Check with HermiT that the ontology and all bundled data are consistent."""
    from .reason import reason as run
    from .store import load

    graph = load()
    click.echo(f"running HermiT on {graph.stats.triples} triples; this takes about 20 s", err=True)
    result = run(graph)
    click.echo(f"HermiT checked {result.triples} triples in {result.seconds:.1f} s")
    if not result.consistent:
        click.echo(f"INCONSISTENT: {result.explanation}")
        sys.exit(EXIT_INCONSISTENT)
    if result.unsatisfiable:
        click.echo("unsatisfiable classes: " + ", ".join(result.unsatisfiable))
        sys.exit(EXIT_INCONSISTENT)
    click.echo("consistent; no unsatisfiable class")


def fails(report: Any, fail_on: str) -> bool:
    """Whether a check's findings reach the --fail-on threshold."""
    from .verdict import VIOLATION, WARNING

    if fail_on == "never":
        return False
    levels = {VIOLATION} if fail_on == "violation" else {VIOLATION, WARNING}
    return any(row.severity in levels for row in report.rows)


@main.command()
@click.argument("jurisdiction")
@click.option("--profile", "-p", required=True, help="Profile name, e.g. lanzarote-criminal (`copgraph profiles`).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="Date of the check (default: today).")
@format_option(FORMATS)
@output_option(FORMATS)
@click.option("--engine", default=None, type=click.Choice(("shacl", "fast")),
              help="fast (the rules of copgraph/verdict.py) or shacl (the same verdicts, with severities "
                   "computed by pySHACL from shapes generated from the severity policy). "
                   "Default: fast, or shacl for --format shacl.")
@click.option("--severity-policy", "policy", default=None, type=click.Path(dir_okay=False, exists=True),
              help="A Turtle file of cg:SeverityRule rows replacing ontology/severity-policy.ttl.")
@click.option("--fail-on", "fail_on", default="violation", show_default=True, type=click.Choice(FAIL_ON),
              help="Exit 1 when a row has this severity: violation; warning (a Warning or a Violation); "
                   "never (exit 0 whatever the findings).")
def check(jurisdiction: str, profile: str, as_of: str | None, fmt: str | None, output: str | None,
          engine: str | None, policy: str | None, fail_on: str) -> None:
    """Check JURISDICTION against a profile: coverage and gaps.

    JURISDICTION is an ISO 3166 code of the bundled data (GB), or your Turtle file: a path with a
    directory part (./GB) or a name ending in .ttl, .trig, .nt, .nq or .jsonld.
    """
    from .check import check as run
    from .report import render

    fmt = choose_format(fmt, output, FORMATS)
    if fmt == "shacl" and engine == "fast":
        raise InputError("--format shacl needs the shacl engine")
    report = run(jurisdiction, profile, as_of, engine=engine or ("shacl" if fmt == "shacl" else "fast"),
                 severity_policy=Path(policy) if policy else None)
    write_output(render(report, fmt), output)
    if fails(report, fail_on):
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
def validate(file: str) -> None:
    """Validate a jurisdiction Turtle file: what it holds, and every problem (as `check FILE` would refuse it)."""
    from .validate import inspect_file

    found = inspect_file(Path(file))
    for problem in found.problems:
        click.echo(str(problem))
    if found.problems:
        click.echo(f"{len(found.problems)} problem(s) in {file}", err=True)
        sys.exit(2)
    click.echo(f"{file}: well formed; {found.summary()}")


@main.command()
@format_option(ROW_FORMATS)
@output_option(ROW_FORMATS)
def profiles(fmt: str | None, output: str | None) -> None:
    """List profiles with their sizes."""
    from .queries import get_query
    from .rows import render_rows
    from .store import load

    fmt = choose_format(fmt, output, ROW_FORMATS)
    query = get_query("profiles")
    rows = sorted(query.run(load().backend()), key=lambda r: str(r["slug"]))
    if fmt == "table":
        text = "".join(f"{str(r['slug']):<22} {r['size']:>4}  {r['label']}\n" for r in rows)
    else:
        text = render_rows(rows, fmt, query.columns)
    write_output(text, output)


@main.command()
@click.argument("resource")
@format_option(LIST_FORMATS)
@output_option(LIST_FORMATS)
def show(resource: str, fmt: str | None, output: str | None) -> None:
    """Show RESOURCE: its label, definition and links both ways (e.g. lanzarote/art_23, requirement/grooming)."""
    from .show import describe_rows
    from .show import show as run
    from .store import load

    fmt = choose_format(fmt, output, LIST_FORMATS)
    graph = load()
    if fmt == "json":
        rows = describe_rows(graph, resource)
        key = ("direction", "predicate", "value")
        rows.sort(key=lambda r: tuple(str(r[k]) for k in key))
        from .rows import render_rows

        text = render_rows(rows, "json")
    else:
        text = run(graph, resource)
    write_output(text, output)


@main.command("queries")
@format_option(LIST_FORMATS)
@output_option(LIST_FORMATS)
def list_queries(fmt: str | None, output: str | None) -> None:
    """List the query library with its headers."""
    from .queries import named_queries

    fmt = choose_format(fmt, output, LIST_FORMATS)
    library = sorted(named_queries().values(), key=lambda q: q.name)
    if fmt == "json":
        text = _json([{
            "name": q.name, "title": q.title, "question": q.question, "columns": q.columns,
            "params": [{"name": p.name, "type": p.type, "optional": p.optional, "default": p.default,
                        "example": p.example, "doc": p.doc} for p in q.params],
        } for q in library])
    else:
        lines = []
        for q in library:
            lines.append(f"{q.name}: {q.title}")
            if q.question:
                lines.append(f"    {q.question}")
            for p in q.params:
                extra = f" (default {p.default})" if p.default else (" (optional)" if p.optional else "")
                lines.append(f"    --param {p.name}=<{p.type}>{extra}  {p.doc}")
        text = "".join(line + "\n" for line in lines)
    write_output(text, output)


QUERY_FORMATS = (*ROW_FORMATS, "sparql-json", "sparql-xml", "sparql-csv", "sparql-tsv", "ttl", "jsonld", "nt")


@main.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter, repeatable; `copgraph queries` lists each query's parameters.")
@click.option("--file", "file", default=None, type=click.Path(dir_okay=False),
              help="Run your own .rq file (with a header like queries/*.rq) instead of a named query.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default=None,
              help="Rows: table, csv, json, md; SPARQL results: sparql-json, sparql-xml, sparql-csv, sparql-tsv; "
                   "a CONSTRUCT/DESCRIBE graph: ttl (its default), jsonld, nt. Default: from the --output "
                   "extension, else table.")
@click.option("--backend", default="oxigraph", show_default=True, type=click.Choice(("oxigraph", "rdflib")),
              help="SPARQL engine: oxigraph (fast) or rdflib (the reference implementation).")
@click.option("--endpoint", default=None, metavar="URL",
              help="Run against a SPARQL 1.1 endpoint over HTTP (e.g. `copgraph serve`'s) instead of the "
                   "loaded graph. Queries that read verdicts find those the endpoint holds (copgraph serve: "
                   "the publication date's).")
@click.option("--union-named-graphs", "union_named", is_flag=True,
              help="With --endpoint: the endpoint's default graph is not the union of its named graphs; "
                   "query the merge of all of them (sent as default-graph-uri).")
@output_option(QUERY_FORMATS)
def query(name: str | None, params: tuple[str, ...], file: str | None, fmt: str | None, backend: str,
          endpoint: str | None, union_named: bool, output: str | None) -> None:
    """Run the named query NAME of the library (or --file) with typed, bound parameters."""
    from .queries import NamedQuery, get_query
    from .results import GRAPH_FORMATS, RESULT_FORMATS, query_form
    from .rows import render_rows

    if file:
        if name:
            raise InputError("give either a query NAME or --file FILE")
        if not Path(file).is_file():
            raise InputError(f"{file}: no such file")
        named = NamedQuery.from_file(Path(file))
    elif name:
        named = get_query(name)
    else:
        raise InputError("give either a query NAME or --file FILE")
    if fmt is None and query_form(named.text) in ("CONSTRUCT", "DESCRIBE") and (not output or output == "-"):
        fmt = "ttl"
    fmt = choose_format(fmt, output, QUERY_FORMATS)
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--param {item!r}: expected name=value")
        values[key.strip()] = value.strip()
    if union_named and not endpoint:
        raise InputError("--union-named-graphs needs --endpoint")
    raw = fmt in RESULT_FORMATS or fmt in GRAPH_FORMATS
    if raw and backend != "oxigraph" and not endpoint:
        raise InputError(f"--format {fmt} needs the oxigraph backend")
    if endpoint:
        from .endpoint import EndpointStore
        from .results import check_format, media_type
        from .sandbox import check_query, query_timeout
        from .store import bind_values

        remote = EndpointStore(endpoint, union_named=union_named)
        if raw:
            text = bind_values(named.text, named.bindings(values, remote))
            check_query(text)
            check_format(query_form(text), fmt)
            write_output(remote.request(text, media_type(fmt), query_timeout()).decode("utf-8"), output)
            return
        if query_form(named.text) not in ("SELECT", "ASK"):
            raise InputError(f"a {query_form(named.text)} query returns a graph: choose --format ttl|jsonld|nt")
        rows = named.run(remote, values)
    else:
        from .store import load

        graph = load()
        if raw:
            from .results import serialise

            named.materialise_on(graph, values)
            data = serialise(graph.store, named.text, named.bindings(values, graph.backend()), fmt)
            write_output(data.decode("utf-8"), output)
            return
        if query_form(named.text) not in ("SELECT", "ASK"):
            raise InputError(f"a {query_form(named.text)} query returns a graph: choose --format ttl|jsonld|nt")
        rows = named.run_on(graph, values, backend)
    write_output(render_rows(rows, fmt, named.columns), output)


@main.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Directory to build the site in (new, empty, or a previous build, which is replaced).")
@click.option("--base-iri", default=None, metavar="IRI",
              help="Publish every IRI under this base instead of https://w3id.org/copgraph/ (your own copy).")
@click.option("--version-label", "version", default=None, metavar="LABEL",
              help="Release label for versioned IRIs /LABEL/... (default: the --as-of month, e.g. 2026-12).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Date of the coverage tables and published verdicts (default: today).")
@click.option("--endpoint", default=None, metavar="URL",
              help="The public SPARQL endpoint serving this data, named in the dataset description.")
@click.option("--gzip", "compress", is_flag=True, help="Also write a .gz copy of every file over 100 kB.")
def publish(out: str, base_iri: str | None, version: str | None, as_of: str | None, endpoint: str | None,
            compress: bool) -> None:
    """Build the linked-open-data site: dumps, CSV tables, VoID/DCAT, a page per resource, conneg configs."""
    from .publish import publish as build
    from .queries import parse_date

    day = parse_date(as_of, "--as-of") if as_of else None
    result = build(Path(out), base_iri=base_iri, version=version, as_of=day, endpoint=endpoint, compress=compress)
    click.echo(result.summary(), nl=False)


@main.command()
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port of the SPARQL endpoint (/query); the pages are served on --pages-port.")
@click.option("--pages-port", default=None, type=click.IntRange(0, 65535),
              help="Port of the static pages (default: --port + 1; 0 picks a free one).")
@click.option("--no-pages", is_flag=True, help="Serve the SPARQL endpoint only.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; loopback by default (give 0.0.0.0 only behind a proxy you trust).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(1, 3600),
              help="Seconds a SPARQL query may run on the server.")
@click.option("--site", "site", default=None, type=click.Path(file_okay=False, exists=True),
              help="Serve a site built by `copgraph publish` (default: build one in a temporary directory).")
def serve(port: int, pages_port: int | None, no_pages: bool, host: str, timeout: float, site: str | None) -> None:
    """Start a read-only SPARQL 1.1 endpoint (Oxigraph's server) over the graph, plus the static pages."""
    import shutil
    import tempfile

    from . import serve as server

    built = None
    try:
        with server.terminate_on_sigterm():
            if site is None:
                from .publish import publish as build
                from .publish import server_dumps

                built = Path(tempfile.mkdtemp(prefix="copgraph-site-"))
                root = built / "site"
                if no_pages:
                    server_dumps(root)
                else:
                    click.echo("building the site (under a minute)...", err=True)
                    build(root, endpoint=f"http://{server._url_host(host)}:{port}/query")
            else:
                root = Path(site)
            version = server.published_version(root)
            pages = None if no_pages else (pages_port if pages_port is not None else port + 1)
            with server.start(root, host=host, port=port, timeout=timeout, pages_port=pages,
                              version=version) as running:
                click.echo(f"SPARQL endpoint: {running.endpoint} (read-only; default graph = union of the "
                           f"named graphs; timeout {timeout:g} s)")
                if running.pages_url:
                    click.echo(f"pages: {running.pages_url}")
                click.echo("Ctrl-C to stop", err=True)
                while running.process.poll() is None:
                    time.sleep(0.5)
                raise server.ServerError(f"the Oxigraph server stopped (exit {running.process.returncode})")
    finally:
        if built is not None:
            shutil.rmtree(built, ignore_errors=True)


EXPORT_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld")
SHEET_FORMATS = ("xlsx", "csv")


@main.command()
@click.argument("jurisdiction", required=False)
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS + SHEET_FORMATS), default=None,
              help="RDF format (default: from the --output extension, else ttl; trig, nq and jsonld keep "
                   "one named graph per source file), or xlsx / csv: the data-entry workbook of one "
                   "JURISDICTION (a CSV set is a directory), which `copgraph import` reads back unchanged.")
@click.option("--base-iri", default=None, metavar="IRI", help="Rewrite our IRIs under this base.")
@click.option("--output", "-o", default=None, metavar="FILE",
              help="Write to FILE (atomically) instead of stdout ('-' is stdout).")
def export(jurisdiction: str | None, fmt: str | None, base_iri: str | None, output: str | None) -> None:
    """Write the whole graph, or the file graph of one JURISDICTION (ISO code), as RDF or as a workbook."""
    from .dataset import FORMATS, Rebase, graph_quads, serialise, source_quads
    from .store import GRAPH_BASE, load

    if fmt in SHEET_FORMATS or (fmt is None and output and Path(output).suffix.lower() == ".xlsx"):
        from .sheets.commands import run_export

        if not jurisdiction or not output or output == "-" or base_iri:
            raise InputError("a workbook export needs a JURISDICTION and --output FILE (and no --base-iri)")
        run_export(jurisdiction, fmt, output)
        return

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
        fmt = next((f.name for f in FORMATS.values() if f.extension == suffix), None) if suffix else "ttl"
        if fmt is None:
            raise InputError(f"--output {output}: cannot tell the format from its extension; "
                             f"give --format ({'|'.join(EXPORT_FORMATS)})")
    rebase = Rebase(base_iri)
    quads = source_quads(load())
    if jurisdiction:
        import re

        if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", jurisdiction):
            raise InputError(f"{jurisdiction!r} is not an ISO 3166 code such as GB")
        quads = list(graph_quads(quads, GRAPH_BASE + "data/jurisdictions/" + jurisdiction))
        if not quads:
            raise InputError(f"unknown jurisdiction {jurisdiction!r}: no data/jurisdictions/{jurisdiction}.ttl loaded")
    write_output(serialise(quads, fmt, rebase).decode("utf-8"), output)


def requirement_rows(profile: str | None, search: str | None) -> list[dict[str, Any]]:
    """One row per requirement: slug, label, kind, protected age and its provisions, sorted by slug."""
    from .queries import get_query
    from .store import load

    params = {"profile": profile} if profile else {}
    merged: dict[str, dict[str, Any]] = {}
    for r in get_query("requirements").run(load().backend(), params):
        slug = str(r["requirement"]).rsplit("/", 1)[-1]
        row = merged.setdefault(slug, {
            "slug": slug, "label": r["label"], "kind": r["kind"] or "",
            "protected_age": r["protectedAge"] if r["protectedAge"] is not None else (r["ageBasis"] or ""),
            "provisions": [],
        })
        if r["provision"]:
            row["provisions"].append(f"{r['instrument']} {r['citation'] or r['provision']}".strip())
    needle = (search or "").casefold()
    rows = [row for row in merged.values()
            if not needle or needle in row["slug"].casefold() or needle in str(row["label"]).casefold()]
    for row in rows:
        row["provisions"] = "; ".join(sorted(set(row["provisions"])))
    return sorted(rows, key=lambda row: row["slug"])


@main.command()
@click.option("--search", "-s", default=None, metavar="TEXT",
              help="Only requirements whose slug or label contains TEXT (case-insensitive).")
@click.option("--profile", "-p", default=None, help="Only the requirements of this profile (`copgraph profiles`).")
@format_option(ROW_FORMATS)
@output_option(ROW_FORMATS)
def requirements(search: str | None, profile: str | None, fmt: str | None, output: str | None) -> None:
    """List requirements: slug, label, kind, protected age and the provisions they derive from."""
    from .rows import render_rows

    fmt = choose_format(fmt, output, ROW_FORMATS)
    columns = ["slug", "label", "kind", "protected_age", "provisions"]
    write_output(render_rows(requirement_rows(profile, search), fmt, columns), output)


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@format_option(LIST_FORMATS)
@output_option(LIST_FORMATS)
def verify(file: str | None, fmt: str | None, output: str | None) -> None:
    """Run the quality-control queries over the bundled data, or over it plus your Turtle FILE.

    With FILE, only rows that mention the file's own resources are reported. Exit 1 when a query
    of severity error returns rows.
    """
    from .store import load
    from .tables import text as cell
    from .verify import ERROR
    from .verify import verify as run

    fmt = choose_format(fmt, output, LIST_FORMATS)
    path = Path(file) if file else None
    findings = run(load([path] if path else []), path)
    failing = [f for f in findings if f.rows]
    if fmt == "json":
        text = _json([{"query": f.query.name, "title": f.query.title, "severity": f.severity,
                       "rows": [{k: cell(v) for k, v in r.items()} for r in f.rows]} for f in findings])
    else:
        lines = []
        for f in failing:
            lines.append(f"[{f.severity}] {f.query.name}: {f.query.title} ({len(f.rows)} row(s))")
            lines += ["    " + ", ".join(f"{k}={cell(v)}" for k, v in r.items()) for r in f.rows]
        what = f"{file} with the bundled data" if file else "the bundled data"
        lines.append(f"{len(findings)} QC queries over {what}: "
                     f"{sum(f.severity == ERROR for f in failing)} error(s), "
                     f"{sum(f.severity != ERROR for f in failing)} warning(s)")
        text = "".join(line + "\n" for line in lines)
    write_output(text, output)
    if any(f.severity == ERROR for f in failing):
        sys.exit(EXIT_FINDINGS)


# ---------------------------------------------------------------- spreadsheets (issue 16): template, import, export
# The logic is in copgraph/sheets/commands.py. `export` dispatches on --format: xlsx|csv here; RDF dumps
# (ttl|trig|nq|nt|jsonld) are added by the publish work and dispatch to their own module.

@main.command()
@click.option("--profile", "-p", required=True,
              help="Profile whose requirements get a Claims row (`copgraph profiles`).")
@click.option("--jurisdiction", "-j", required=True, metavar="ISO",
              help="ISO 3166 code; a bundled jurisdiction's measures, claims and sources are filled in.")
@click.option("--format", "fmt", type=click.Choice(("xlsx", "csv")), default=None,
              help="xlsx (default for a .xlsx name) or csv (a directory of CSV files, one per sheet).")
@click.option("--output", "-o", required=True, metavar="FILE",
              help="The workbook to write (.xlsx) or the CSV directory.")
def template(profile: str, jurisdiction: str, fmt: str | None, output: str) -> None:
    """Write a data-entry workbook: instructions, drop-downs, one Claims row per requirement of the profile."""
    from .sheets.commands import run_template

    run_template(profile, jurisdiction, fmt, output)


@main.command("import")
@click.argument("file")
@click.option("--output", "-o", default=None, metavar="FILE.ttl",
              help="Write the jurisdiction Turtle file here (replaced atomically); default: stdout.")
def import_(file: str, output: str | None) -> None:
    """Turn a filled workbook (.xlsx, or a directory of CSV files) into a validated jurisdiction Turtle file.

    Every problem is listed as `sheet, row N, column, 'value': what is wrong`; then exit 2 and nothing is written.
    """
    from .sheets.commands import run_import

    run_import(file, output)

@main.command()
@click.option("--profile", "-p", required=True, help="Profile name, e.g. lanzarote-full (`copgraph profiles`).")
@click.option("--jurisdictions", "-j", "codes", multiple=True, metavar="GB,FR,DE",
              help="ISO codes, comma-separated or repeated. Default (or --all): every jurisdiction with evidence.")
@click.option("--all", "every", is_flag=True, help="Every jurisdiction with evidence (the default).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="Date of the verdicts (default: today).")
@click.option("--from", "from_", type=int, default=None, metavar="YEAR",
              help="Timeline from YEAR (each year as of 31 December); needs --to.")
@click.option("--to", "to", type=int, default=None, metavar="YEAR", help="Timeline to YEAR.")
@click.option("--min-shared", type=int, default=3, show_default=True,
              help="Requirements two jurisdictions must both have assessed to be compared (similarity graph).")
@click.option("--graph", "graph_file", default=None, metavar="FILE.graphml|FILE.gexf",
              help="Also write the similarity graph (GraphML or GEXF, for Gephi).")
@click.option("--plot", type=click.Choice(("heatmap", "network", "timeline")), default=None,
              help="For png/svg: which figure, heatmap, network or timeline (default: heatmap, or timeline "
                   "with --from/--to).")
@format_option(("table", "md", "csv", "json", "xlsx", "html", "png", "svg"))
@output_option(("table", "md", "csv", "json", "xlsx", "html", "png", "svg"))
def harmonise(profile: str, codes: tuple[str, ...], every: bool, as_of: str | None, from_: int | None,
              to: int | None, min_shared: int, graph_file: str | None, plot: str | None, fmt: str | None,
              output: str | None) -> None:
    """Many jurisdictions against one profile: matrix, figures, blocs, and change over time.

    Each cell is the verdict of `copgraph check`. With --from/--to, the flat formats (table, md,
    csv) give the timeline instead of the matrix; html and json hold both.
    """
    from .harmonise_render import FORMATS as HARMONISE_FORMATS
    from .harmonise_render import render as render_review

    fmt = choose_format(fmt, output, HARMONISE_FORMATS)
    rev = _review(profile, codes, every, as_of, min_shared)
    years = _years(from_, to)
    if graph_file:
        from .harmonise_network import write_graph

        write_graph(rev.graph, graph_file)
    write_output(render_review(rev, fmt, years=years, plot=plot), output)


@main.command()
@click.argument("jurisdictions", nargs=-1, required=True)
@click.option("--profile", "-p", required=True, help="Profile name, e.g. lanzarote-criminal (`copgraph profiles`).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="Date of the verdicts (default: today).")
@click.option("--all-rows", is_flag=True, help="Every requirement, not only those on which they differ.")
@format_option(("table", "md", "csv", "json"))
@output_option(("table", "md", "csv", "json"))
def compare(jurisdictions: tuple[str, ...], profile: str, as_of: str | None, all_rows: bool, fmt: str | None,
            output: str | None) -> None:
    """Where JURISDICTIONS (two or more ISO codes) differ on a profile, with measures and sources on each side."""
    from .harmonise_render import COMPARE_FORMATS, render_compare

    fmt = choose_format(fmt, output, COMPARE_FORMATS)
    rev = _review(profile, jurisdictions, False, as_of, 1)
    if len(rev.codes) < 2:
        raise InputError("compare needs two or more jurisdictions (e.g. compare GB FR DE --profile opsc)")
    write_output(render_compare(rev, fmt, all_rows), output)


def _review(profile: str, codes: tuple[str, ...], every: bool, as_of: str | None, min_shared: int) -> Any:
    import datetime as dt

    from .check import context
    from .harmonise import review, split_codes
    from .queries import parse_date
    from .store import load

    if codes and every:
        raise InputError("give --jurisdictions or --all, not both")
    day = parse_date(as_of, "--as-of") if as_of else dt.date.today()
    return review(context(load(), profile), day, split_codes(codes) if codes else None, min_shared=min_shared)


def _years(from_: int | None, to: int | None) -> tuple[int, int] | None:
    if (from_ is None) != (to is None):
        raise InputError("give both --from YEAR and --to YEAR for a timeline")
    if from_ is None or to is None:
        return None
    from .harmonise import check_years

    check_years(from_, to)
    return from_, to


if __name__ == "__main__":
    main()
