"""The `copgraph` command. Exit codes: 0 ok, 1 violations found, 2 bad input, 3 inconsistent ontology."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import click

from .errors import EXIT_INCONSISTENT, EXIT_VIOLATIONS, CopgraphError, InputError
from .report import FORMATS

ROW_FORMATS = ("table", "csv", "json", "md")


def write_output(text: str, output: str | None) -> None:
    """Print, or write atomically: a reader never sees a half-written file."""
    if not output:
        click.echo(text, nl=False)
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise InputError(f"--output {output}: directory {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Main(click.Group):
    """Turns expected errors into one line on stderr and the documented exit code."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except CopgraphError as exc:
            click.echo(f"copgraph: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=Main)
@click.version_option(package_name="copgraph")
def main() -> None:
    """copgraph: child online protection law as a knowledge graph you can check and query."""


@main.command()
def info() -> None:
    """What is loaded, counted by kind, with the load time."""
    from .queries import get_query
    from .store import load

    started = time.perf_counter()
    graph = load()
    rows = get_query("counts").run(graph.backend())
    click.echo(f"loaded {graph.stats.triples} triples from {graph.stats.files} files "
               f"in {graph.stats.seconds:.3f} s ({len(graph.stats.graphs)} named graphs)")
    for row in sorted(rows, key=lambda r: str(r["kind"])):
        click.echo(f"  {str(row['kind']):<20} {row['count']:>6}")
    click.echo(f"total {time.perf_counter() - started:.3f} s")


@main.command()
def reason() -> None:
    """Check with HermiT that the ontology and all bundled data are consistent."""
    from .reason import reason as run
    from .store import load

    result = run(load())
    click.echo(f"HermiT checked {result.triples} triples in {result.seconds:.1f} s")
    if not result.consistent:
        click.echo(f"INCONSISTENT: {result.explanation}")
        sys.exit(EXIT_INCONSISTENT)
    if result.unsatisfiable:
        click.echo("unsatisfiable classes: " + ", ".join(result.unsatisfiable))
        sys.exit(EXIT_INCONSISTENT)
    click.echo("consistent; no unsatisfiable class")


@main.command()
@click.argument("jurisdiction")
@click.option("--profile", "-p", required=True, help="Profile name, e.g. lanzarote-criminal.")
@click.option("--as-of", "as_of", default=None, help="Date YYYY-MM-DD (default: today).")
@click.option("--format", "fmt", default="table", type=click.Choice(FORMATS))
@click.option("--output", "-o", default=None, help="Write to this file (atomically) instead of stdout.")
@click.option("--engine", default=None, type=click.Choice(("shacl", "fast")),
              help="shacl (pySHACL, the specification) or fast (same rules, direct evaluation).")
def check(jurisdiction: str, profile: str, as_of: str | None, fmt: str, output: str | None,
          engine: str | None) -> None:
    """Check JURISDICTION (ISO code or Turtle file) against a profile: coverage and gaps."""
    from .check import check as run
    from .report import render

    if fmt == "shacl" and engine == "fast":
        raise InputError("--format shacl needs the shacl engine")
    report = run(jurisdiction, profile, as_of, engine=engine or ("shacl" if fmt == "shacl" else "fast"))
    write_output(render(report, fmt), output)
    if report.violations:
        sys.exit(EXIT_VIOLATIONS)


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
def profiles() -> None:
    """List profiles with their sizes."""
    from .queries import get_query
    from .store import load

    for row in get_query("profiles").run(load().backend()):
        click.echo(f"{str(row['slug']):<22} {row['size']:>4}  {row['label']}")


@main.command()
@click.argument("resource")
def show(resource: str) -> None:
    """Show a resource: its label, definition and links both ways (e.g. lanzarote/art_23, requirement/grooming)."""
    from .show import show as run
    from .store import load

    click.echo(run(load(), resource), nl=False)


@main.command("queries")
def list_queries() -> None:
    """List the query library with its headers."""
    from .queries import named_queries

    for query in named_queries().values():
        click.echo(f"{query.name}: {query.title}")
        if query.question:
            click.echo(f"    {query.question}")
        for p in query.params:
            extra = f" (default {p.default})" if p.default else (" (optional)" if p.optional else "")
            click.echo(f"    --param {p.name}=<{p.type}>{extra}  {p.doc}")


@main.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, help="name=value, repeatable.")
@click.option("--file", "file", default=None, type=click.Path(dir_okay=False), help="Run your own .rq file.")
@click.option("--format", "fmt", default="table", type=click.Choice(ROW_FORMATS))
@click.option("--backend", default="oxigraph", type=click.Choice(("oxigraph", "rdflib")))
@click.option("--output", "-o", default=None)
def query(name: str | None, params: tuple[str, ...], file: str | None, fmt: str, backend: str,
          output: str | None) -> None:
    """Run a named query of the library (or --file) with typed, bound parameters."""
    from .queries import NamedQuery, get_query
    from .rows import render_rows
    from .store import load

    if bool(name) == bool(file):
        raise InputError("give either a query NAME or --file FILE")
    if file:
        if not Path(file).is_file():
            raise InputError(f"{file}: no such file")
        named = NamedQuery.from_file(Path(file))
    else:
        named = get_query(name)
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--param {item!r}: expected name=value")
        values[key.strip()] = value.strip()
    rows = named.run_on(load(), values, backend)
    write_output(render_rows(rows, fmt, named.columns), output)


if __name__ == "__main__":
    main()
