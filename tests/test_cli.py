"""The command line: exit codes, one-line errors, --debug, help, --fail-on, JSON listings, new commands.

Where the point is the exit code or what reaches stderr, the CLI runs as a subprocess, so that
neither pytest's capture nor its logging set-up hides what a user would see.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from copgraph.cli import main
from copgraph.tables import text as cell

from .conftest import FIXTURES, ROOT

XA = str(FIXTURES / "xa.ttl")


def cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "copgraph.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


def cli_patched(patch: str, *args: str) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess after `patch` (Python) has replaced something with a failure."""
    code = (f"import copgraph.store\n{patch}\nfrom copgraph.cli import main\n"
            f"main(args={list(args)!r}, prog_name='copgraph')")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


# --- exit codes and error messages ---------------------------------------------------------------

BOOM = "def boom(*a, **k):\n    raise ValueError('boom\\nsecond line')\ncopgraph.store.load = boom"


def test_unexpected_exception_is_one_line_and_exit_4():
    proc = cli_patched(BOOM, "info")
    assert proc.returncode == 4
    assert proc.stderr == ("copgraph: internal error: ValueError: boom second line "
                           "(run with --debug for the traceback; please report it)\n")
    assert proc.stdout == ""


def test_debug_shows_the_traceback():
    proc = cli_patched(BOOM, "--debug", "info")
    assert proc.returncode == 4
    assert "Traceback (most recent call last)" in proc.stderr and "in boom" in proc.stderr
    assert proc.stderr.rstrip().endswith("copgraph: internal error: ValueError: boom second line (please report it)")


def test_keyboard_interrupt_exits_130_with_one_line():
    proc = cli_patched("def stop(*a, **k):\n    raise KeyboardInterrupt\ncopgraph.store.load = stop", "info")
    assert proc.returncode == 130
    assert proc.stderr.strip() == "copgraph: interrupted"


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_reason_announces_hermit_and_ctrl_c_stops_it():
    # the child must see Ctrl-C even when the test run itself ignores SIGINT (a background job)
    proc = subprocess.Popen([sys.executable, "-m", "copgraph.cli", "reason"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        first = proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=180)
    finally:
        proc.kill()
    assert first.startswith("running HermiT on ") and first.rstrip().endswith("triples; this takes about 20 s")
    assert int(first.split()[3]) > 10000
    assert proc.returncode == 130
    assert err.strip() == "copgraph: interrupted" and "Traceback" not in err


def test_library_log_tracebacks_do_not_reach_stderr(tmp_path):
    """rdflib logs a traceback for a date it cannot parse; the user sees only our one error."""
    text = (FIXTURES / "xa.ttl").read_text(encoding="utf-8")
    bad = tmp_path / "bad-date.ttl"
    bad.write_text(text.replace('first_date_entry_in_force "2018-01-01"', 'first_date_entry_in_force "03/01/2018"', 1),
                   encoding="utf-8")
    proc = cli("check", str(bad), "--profile", "lanzarote-criminal")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Failed to convert" not in proc.stderr
    assert proc.stderr.startswith("copgraph: error: ") and "YYYY-MM-DD" in proc.stderr
    debug = cli("--debug", "check", str(bad), "--profile", "lanzarote-criminal")
    assert debug.returncode == 2 and "Traceback" in debug.stderr  # --debug shows where the error arose


def test_closed_stdout_is_quiet_exit_141():
    """`copgraph profiles | head -0`: the reader went away; no internal error, no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "copgraph.cli", "profiles"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_usage_error_is_exit_2():
    proc = cli("check", "GB")  # no --profile
    assert proc.returncode == 2 and "Missing option '--profile'" in proc.stderr


# --- help ----------------------------------------------------------------------------------------

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_flags(command, flag):
    args = [command, flag] if command else [flag]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and result.output.startswith("Usage: ")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_option_has_help_and_format_lists_its_choices(command):
    for param in (main.commands[command] if command else main).params:
        if not isinstance(param, click.Option):
            continue
        assert param.help, f"{command} {param.opts} has no help"
        if isinstance(param.type, click.Choice):
            for choice in param.type.choices:
                assert choice in param.help, f"{command} {param.opts}: {choice} not in help"


# --- check ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("as_of, fail_on, code", [
    ("2020-01-01", "violation", 1),  # XA has one Violation in 2020
    ("2020-01-01", "never", 0),
    ("2014-06-01", "violation", 0),  # before Lanzarote bound XA: Warnings only
    ("2014-06-01", "warning", 1),
    ("2014-06-01", "never", 0),
])
def test_fail_on(as_of, fail_on, code):
    proc = cli("check", XA, "--profile", "lanzarote-criminal", "--as-of", as_of, "--fail-on", fail_on,
               "--format", "json")
    assert proc.returncode == code, proc.stderr
    summary = json.loads(proc.stdout)["summary"]
    assert (summary["Violation"] > 0) == (as_of == "2020-01-01") and summary["Warning"] > 0


def test_iso_code_means_the_jurisdiction_even_if_a_file_has_that_name(tmp_path):
    (tmp_path / "GB").write_text("this is not Turtle\n", encoding="utf-8")
    proc = cli("check", "GB", "--profile", "lanzarote-criminal", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert "(GB) against" in proc.stdout
    as_file = cli("check", "./GB", "--profile", "lanzarote-criminal", cwd=tmp_path)
    assert as_file.returncode == 2 and "GB:1: malformed Turtle" in as_file.stderr


def test_a_bare_name_is_never_read_as_a_file(tmp_path):
    shutil.copy(FIXTURES / "xa.ttl", tmp_path / "xa")
    proc = cli("check", "xa", "--profile", "lanzarote-criminal", cwd=tmp_path)
    assert proc.returncode == 2
    assert "'xa' is not an ISO 3166 code" in proc.stderr and "./xa" in proc.stderr


def test_file_argument_rule():
    from copgraph.paths import is_file_argument

    assert [is_file_argument(a) for a in ("GB", "GB-SCT", "./GB", "dir/x", "x.ttl", "X.TTL", "x.nt", "x.jsonld")] \
        == [False, False, True, True, True, True, True, True]


# --- listings as JSON, in a stable order -------------------------------------------------------

def test_info_json():
    proc = cli("info", "--format", "json")
    assert proc.returncode == 0
    info = json.loads(proc.stdout)
    assert info["triples"] > 10000 and info["files"] == info["graphs"]
    import rdflib

    requirements = rdflib.Graph()
    for path in (ROOT / "data" / "requirements").glob("*.ttl"):
        requirements.parse(path)
    kind = rdflib.URIRef("https://w3id.org/copgraph/ontology#Requirement")
    assert list(info["counts"]) == sorted(info["counts"])
    assert info["counts"]["requirements"] == len(set(requirements.subjects(rdflib.RDF.type, kind)))


def test_profiles_json_sorted():
    profiles = json.loads(cli("profiles", "--format", "json").stdout)
    slugs = [p["slug"] for p in profiles]
    assert slugs == sorted(slugs) and "lanzarote-criminal" in slugs
    assert next(p["size"] for p in profiles if p["slug"] == "lanzarote-criminal") == 22


def test_queries_json():
    queries = json.loads(cli("queries", "--format", "json").stdout)
    names = [q["name"] for q in queries]
    assert names == sorted(names) and "binding-gaps" in names
    gaps = next(q for q in queries if q["name"] == "profile-gaps")
    assert {p["name"] for p in gaps["params"]} >= {"profile", "jurisdiction"}


def test_show_json_is_the_describe_rows():
    rows = json.loads(cli("show", "requirement/grooming", "--format", "json").stdout)
    keys = [(r["direction"], r["predicate"], r["value"]) for r in rows]
    assert keys == sorted(keys)
    assert {"direction", "predicate", "predicateLabel", "value", "valueLabel"} == set(rows[0])
    assert ["out", "http://www.w3.org/2000/01/rdf-schema#label"] in [[r["direction"], r["predicate"]] for r in rows]
    unknown = cli("show", "requirement/no-such-thing", "--format", "json")
    assert unknown.returncode == 2 and "unknown resource" in unknown.stderr


def test_csv_booleans_are_lower_case():
    assert (cell(True), cell(False)) == ("true", "false")
    proc = cli("query", "profile-requirements", "--param", "profile=opsc", "--format", "csv")
    values = {row["binding"] for row in csv.DictReader(io.StringIO(proc.stdout))}
    assert values == {"true", "false"}  # treaty provisions, and soft-law ones (ITU, ICMEC) in the profile


# --- requirements -------------------------------------------------------------------------------

def test_requirements_search_is_case_insensitive_substring():
    rows = json.loads(cli("requirements", "--search", "GROOM", "--format", "json").stdout)
    assert [r["slug"] for r in rows] == ["grooming"]
    assert rows[0]["kind"] == "criminalisation"
    assert rows[0]["protected_age"] == "national age of sexual consent"
    assert "lanzarote Art. 23" in rows[0]["provisions"]


def test_requirements_of_a_profile():
    proc = cli("requirements", "--profile", "opsc", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    import rdflib

    catalogue = rdflib.Graph()
    for path in [*(ROOT / "data" / "requirements").glob("*.ttl"), *(ROOT / "data" / "profiles").glob("*.ttl")]:
        catalogue.parse(path)
    cg = rdflib.Namespace("https://w3id.org/copgraph/ontology#")
    in_opsc = set(catalogue.objects(rdflib.URIRef("https://w3id.org/copgraph/profile/opsc"), cg.includes))
    assert len(rows) == len(in_opsc) and [r["slug"] for r in rows] == sorted(r["slug"] for r in rows)
    assert list(rows[0]) == ["slug", "label", "kind", "protected_age", "provisions"]
    everything = json.loads(cli("requirements", "--format", "json").stdout)
    assert len(everything) == len(set(catalogue.subjects(rdflib.RDF.type, cg.Requirement)))
    possession = next(r for r in everything if r["slug"] == "csam-simple-possession")
    assert possession["protected_age"] == 18


def test_requirements_unknown_profile_is_bad_input():
    proc = cli("requirements", "--profile", "no-such-profile")
    assert proc.returncode == 2 and "no-such-profile" in proc.stderr and "Traceback" not in proc.stderr


def test_requirements_search_text_is_not_sparql(tmp_path):
    proc = cli("requirements", "--search", '" } ?s ?p ?o { "', "--format", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


# --- verify -------------------------------------------------------------------------------------

def test_verify_bundled_data_is_clean():
    proc = cli("verify")
    count = len(list((ROOT / "queries" / "qc").glob("*.rq")))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == f"{count} QC queries over the bundled data: 0 error(s), 0 warning(s)\n"


def test_verify_user_file_with_a_problem_exits_1():
    fixture = ROOT / "tests" / "qc" / "fixtures" / "missing-evidence.ttl"
    proc = cli("verify", str(fixture))
    assert proc.returncode == 1
    assert "[error] missing-evidence:" in proc.stdout
    assert "jurisdiction/XA/measure/act-s1" in proc.stdout
    findings = json.loads(cli("verify", str(fixture), "--format", "json").stdout)
    fired = {f["query"]: f for f in findings if f["rows"]}
    assert "missing-evidence" in fired and fired["missing-evidence"]["severity"] == "error"


def test_verify_clean_user_file_exits_0():
    proc = cli("verify", XA)
    assert proc.returncode == 0 and "0 error(s)" in proc.stdout


def test_verify_reports_only_rows_about_the_users_file():
    """Two broken files loaded; only the problems of the one named as the user's file are reported."""
    from copgraph.store import load_files
    from copgraph.verify import verify

    fixtures = ROOT / "tests" / "qc" / "fixtures"
    mine, other = fixtures / "missing-evidence.ttl", fixtures / "dangling-link.ttl"
    graph = load_files([ROOT / "ontology" / "copgraph.ttl", other, mine])
    fired = {f.query.name for f in verify(graph, mine) if f.rows}
    assert "missing-evidence" in fired and "dangling-link" not in fired
    everything = {f.query.name for f in verify(graph) if f.rows}
    assert {"missing-evidence", "dangling-link"} <= everything


def test_verify_malformed_file_is_bad_input():
    proc = cli("verify", str(FIXTURES / "malformed.ttl"))
    assert proc.returncode == 2 and "malformed.ttl:5: malformed Turtle" in proc.stderr
