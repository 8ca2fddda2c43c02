"""Bad input to every command, each run as its own process: exit 2, one message naming the problem on
stderr, and never a traceback (on stderr or stdout), whatever is logged."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

XA = (FIXTURES / "xa.ttl").read_text(encoding="utf-8")
MEASURE_SOURCE = ('eli:first_date_entry_in_force "2018-01-01"^^xsd:date ;\n'
                  "    dcterms:source <https://example.org/testland/grooming-act> ;")
assert MEASURE_SOURCE in XA
ENDLESS = ("SELECT * WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?p4 ?h "
           "FILTER(STRLEN(CONCAT(STR(?a), STR(?c), STR(?e), STR(?g))) < 0) }")
HEADER = "# title: t\n# columns: s\n"

# name -> content of a file written into the test's directory ({dir}/name on the command line).
FILES: dict[str, str | bytes] = {
    "malformed.ttl": (FIXTURES / "malformed.ttl").read_text(encoding="utf-8"),
    "latin1.ttl": XA.replace("Testland", "Testländ").encode("latin-1", "replace"),
    "binary.ttl": bytes(range(256)) * 4,
    "empty.ttl": "",
    "truncated.ttl": XA[: len(XA) // 2],
    "my country {draft}.ttl": XA.replace(" .\n", " \n", 1),
    "bad-date.ttl": XA.replace('"2018-01-01"^^xsd:date', '"01/01/2018"^^xsd:date', 1),
    "unknown-req.ttl": XA.replace("cg:aboutRequirement req:grooming", "cg:aboutRequirement req:grooming-typo", 1),
    "no-source.ttl": XA.replace(MEASURE_SOURCE, 'eli:first_date_entry_in_force "2018-01-01"^^xsd:date ;', 1),
    "long-literal.ttl": XA + f'\n<https://w3id.org/copgraph/x> <https://w3id.org/copgraph/y> "{"x" * 100_001}" .\n',
    "service.rq": HEADER + "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n",
    "service-lower.rq": HEADER + "select ?s where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }\n",
    "from.rq": HEADER + "SELECT ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }\n",
    "from-named.rq": HEADER + "SELECT ?s FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }\n",
    "insert.rq": HEADER + "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }\n",
    "drop.rq": HEADER + "PREFIX ex: <http://e/>\nDROP ALL\n",
    "construct.rq": HEADER + "CONSTRUCT WHERE { ?s ?p ?o }\n",
    "syntax.rq": HEADER + "SELECT ?s WHERE { ?s ?p }\n",
    "latin1.rq": "# title: caf\xe9\nSELECT * WHERE { }\n".encode("latin-1"),
    "bad-header.rq": "# title: t\n# param: x (colour) - a type that does not exist\nSELECT * WHERE { }\n",
    "spaces-header.rq": "# title: t\n# param: x (string)" + " " * 10_000 + "x\nSELECT * WHERE { }\n",
    "endless.rq": HEADER + ENDLESS + "\n",
    "many.rq": HEADER + "SELECT * WHERE { ?s ?p ?o }\n",
    "iri-param.rq": "# title: t\n# param: resource (iri) e.g. https://example.org/a - r\n# columns: p\n"
                    "SELECT ?p WHERE { ?resource ?p ?o }\n",
    "string-param.rq": "# title: t\n# param: label (string) e.g. x - a label\n# columns: s\n"
                       "SELECT ?s WHERE { ?s ?p ?label }\n",
    "no-where.rq": "# title: t\n# param: label (string) e.g. x - a label\n# columns: s\nSELECT ?label { }\n",
}

XA_FILE = str(FIXTURES / "xa.ttl")
P = ("--profile", "lanzarote-criminal")

# (id, arguments, extra environment, what stderr must say)
CASES = [
    # info, profiles, queries, show: the bundle itself is broken or too big
    ("info-malformed-data", ["info"], {"HOME_BREAK": "malformed"}, r"broken\.ttl:5: malformed Turtle"),
    ("info-file-too-big", ["info"], {"COPGRAPH_MAX_FILE_BYTES": "1000"}, r"over the limit of 1000 bytes"),
    ("info-bad-file-limit", ["info"], {"COPGRAPH_MAX_FILE_BYTES": "lots"}, r"COPGRAPH_MAX_FILE_BYTES='lots' is not a"),
    ("info-bad-literal-limit", ["info"], {"COPGRAPH_MAX_LITERAL_CHARS": "-5", "COPGRAPH_MAX_FILE_BYTES": "0"},
     r"COPGRAPH_MAX_LITERAL_CHARS='-5' must be"),
    ("info-long-literal", ["info"], {"HOME_BREAK": "long-literal"}, r"over the limit of 100000 characters"),
    ("profiles-malformed-data", ["profiles"], {"HOME_BREAK": "malformed"}, r"broken\.ttl:5: malformed Turtle"),
    ("queries-bad-header", ["queries"], {"HOME_BREAK": "header"}, r"bad\.rq: bad parameter header"),
    ("queries-latin1", ["queries"], {"HOME_BREAK": "latin1-query"}, r"not UTF-8"),
    ("show-unknown", ["show", "requirement/no-such-thing"], {}, r"no-such-thing"),
    ("show-nonsense", ["show", "<x> } ; DROP ALL"], {}, r"not a valid absolute IRI"),  # was a ValueError
    ("show-empty", ["show", ""], {}, r"unknown resource ''"),
    ("reason-malformed-data", ["reason"], {"HOME_BREAK": "malformed"}, r"broken\.ttl:5: malformed Turtle"),
    ("reason-no-java", ["reason"], {"PATH": "/nonexistent"}, r"HermiT needs Java"),
    # check
    ("check-unknown-code", ["check", "QQ", *P], {}, r"unknown jurisdiction 'QQ'"),
    ("check-lower-case-code", ["check", "gb", *P], {}, r"'gb' is not an ISO 3166 code"),
    ("check-missing-file", ["check", "{dir}/nothing.ttl", *P], {}, r"nothing\.ttl"),
    ("check-directory", ["check", "{dir}", *P], {}, r"is neither|directory|not a file"),
    ("check-unknown-profile", ["check", XA_FILE, "--profile", "lanzarote-criminel"], {},
     r"unknown profile 'lanzarote-criminel'"),
    ("check-bad-profile-name", ["check", XA_FILE, "--profile", "Lanzarote Criminal"], {}, r"is not a profile name"),
    ("check-no-profile", ["check", XA_FILE], {}, r"Missing option '--profile'"),
    ("check-bad-date", ["check", XA_FILE, *P, "--as-of", "01/01/2020"], {}, r"not a date in the form YYYY-MM-DD"),
    ("check-impossible-date", ["check", XA_FILE, *P, "--as-of", "2021-02-29"], {}, r"not a valid calendar date"),
    ("check-empty-date", ["check", XA_FILE, *P, "--as-of", ""], {}, r"YYYY-MM-DD"),
    ("check-unicode-digits-date", ["check", XA_FILE, *P, "--as-of", "٢٠٢٠-٠١-٠١"], {}, r"YYYY-MM-DD"),
    ("check-malformed", ["check", "{dir}/malformed.ttl", *P], {}, r"malformed\.ttl:5: malformed Turtle"),
    ("check-latin1", ["check", "{dir}/latin1.ttl", *P], {}, r"latin1\.ttl:\d+: malformed Turtle"),
    ("check-binary", ["check", "{dir}/binary.ttl", *P], {}, r"binary\.ttl:\d+: malformed Turtle"),
    ("check-empty-file", ["check", "{dir}/empty.ttl", *P], {}, r"empty\.ttl"),
    ("check-truncated", ["check", "{dir}/truncated.ttl", *P], {}, r"truncated\.ttl:\d+: malformed Turtle"),
    ("check-odd-file-name", ["check", "{dir}/my country {draft}.ttl", *P], {},
     r"my country \{draft\}\.ttl:\d+: malformed Turtle"),
    ("check-bad-date-in-file", ["check", "{dir}/bad-date.ttl", *P], {}, r"eli:first_date_entry_in_force.*YYYY-MM-DD"),
    ("check-unknown-requirement", ["check", "{dir}/unknown-req.ttl", *P], {}, r"cg:aboutRequirement"),
    ("check-long-literal", ["check", "{dir}/long-literal.ttl", *P], {}, r"long-literal\.ttl: a value of 100001 char"),
    ("check-file-too-big", ["check", XA_FILE, *P], {"COPGRAPH_MAX_FILE_BYTES": "5000"},
     r"over the limit of 5000 bytes"),
    ("check-shacl-format-fast-engine", ["check", XA_FILE, *P, "--format", "shacl", "--engine", "fast"], {},
     r"--format shacl needs the shacl engine"),
    ("check-output-missing-dir", ["check", XA_FILE, *P, "--output", "{dir}/no/such/dir/out.md"], {},
     r"does not exist"),
    ("check-bad-engine", ["check", XA_FILE, *P, "--engine", "turbo"], {}, r"Invalid value for '--engine'"),
    ("check-bad-format", ["check", XA_FILE, *P, "--format", "pdf"], {}, r"Invalid value for '--format'"),
    # validate
    ("validate-missing", ["validate", "{dir}/nothing.ttl"], {}, r"nothing\.ttl: no such file"),
    ("validate-directory", ["validate", "{dir}"], {}, r"is a directory"),
    ("validate-malformed", ["validate", "{dir}/malformed.ttl"], {}, r"malformed\.ttl:5: malformed Turtle"),
    ("validate-binary", ["validate", "{dir}/binary.ttl"], {}, r"binary\.ttl:\d+: malformed Turtle"),
    ("validate-no-source", ["validate", "{dir}/no-source.ttl"], {}, r"1 problem\(s\) in .*no-source\.ttl"),
    ("validate-bad-date", ["validate", "{dir}/bad-date.ttl"], {}, r"problem\(s\) in .*bad-date\.ttl"),
    ("validate-long-literal", ["validate", "{dir}/long-literal.ttl"], {}, r"over the limit of 100000 characters"),
    # query: names, parameters
    ("query-nothing", ["query"], {}, r"give either a query NAME or --file FILE"),
    ("query-both", ["query", "recheck", "--file", "{dir}/many.rq"], {}, r"give either a query NAME or --file FILE"),
    ("query-unknown", ["query", "no-such-query"], {}, r"unknown query 'no-such-query'"),
    ("query-path-traversal", ["query", "../queries/age-below"], {}, r"unknown query"),
    ("query-unknown-code", ["query", "age-below", "--param", "jurisdiction=ZZ"], {}, r"unknown iso 'ZZ'"),
    ("query-param-without-value", ["query", "recheck", "--param", "years"], {}, r"expected name=value"),
    ("query-unknown-param", ["query", "recheck", "--param", "colour=red"], {}, r"has no parameter colour"),
    ("query-years-not-integer", ["query", "recheck", "--param", "years=two"], {}, r"'two' is not an integer"),
    ("query-years-too-long", ["query", "recheck", "--param", "years=" + "9" * 5000], {}, r"is not an integer"),
    ("query-impossible-date", ["query", "recheck", "--param", "as_of=2026-02-30"], {}, r"not a valid calendar date"),
    ("query-hostile-profile", ["query", "binding-gaps", "--param", "profile=x> } <y"], {}, r"is not a profile slug"),
    ("query-bad-format", ["query", "recheck", "--format", "xml"], {}, r"Invalid value for '--format'"),
    # query --file: sandbox, limits, files
    ("query-file-missing", ["query", "--file", "{dir}/nothing.rq"], {}, r"nothing\.rq: no such file"),
    ("query-service", ["query", "--file", "{dir}/service.rq"], {}, r"SERVICE clauses are not allowed"),
    ("query-service-rdflib", ["query", "--file", "{dir}/service.rq", "--backend", "rdflib"], {},
     r"SERVICE clauses are not allowed"),
    ("query-service-lower-case", ["query", "--file", "{dir}/service-lower.rq"], {}, r"SERVICE clauses are not allowed"),
    ("query-from", ["query", "--file", "{dir}/from.rq", "--backend", "rdflib"], {}, r"FROM clauses are not allowed"),
    ("query-from-named", ["query", "--file", "{dir}/from-named.rq"], {}, r"FROM NAMED clauses are not allowed"),
    ("query-insert", ["query", "--file", "{dir}/insert.rq"], {}, r"SPARQL UPDATE \(INSERT\) is not allowed"),
    ("query-construct-as-table", ["query", "--file", "{dir}/construct.rq", "--format", "csv"], {},
     r"returns a graph: choose --format ttl\|jsonld\|nt"),
    ("query-drop-rdflib", ["query", "--file", "{dir}/drop.rq", "--backend", "rdflib"], {},
     r"SPARQL UPDATE \(DROP\) is not allowed"),
    ("query-syntax-error", ["query", "--file", "{dir}/syntax.rq"], {}, r"invalid SPARQL"),
    ("query-syntax-error-rdflib", ["query", "--file", "{dir}/syntax.rq", "--backend", "rdflib"], {},
     r"invalid SPARQL"),
    ("query-latin1-file", ["query", "--file", "{dir}/latin1.rq"], {}, r"latin1\.rq: not UTF-8"),
    ("query-bad-header", ["query", "--file", "{dir}/bad-header.rq"], {}, r"bad parameter header"),
    ("query-spaces-header", ["query", "--file", "{dir}/spaces-header.rq"], {}, r"bad parameter header"),
    ("query-timeout", ["query", "--file", "{dir}/endless.rq"], {"COPGRAPH_QUERY_TIMEOUT": "1"},
     r"longer than 1 s \(the time limit\).*COPGRAPH_QUERY_TIMEOUT"),
    ("query-row-cap", ["query", "--file", "{dir}/many.rq"], {"COPGRAPH_MAX_ROWS": "5"},
     r"more than 5 rows \(the row cap\).*COPGRAPH_MAX_ROWS"),
    ("query-row-cap-rdflib", ["query", "--file", "{dir}/many.rq", "--backend", "rdflib"], {"COPGRAPH_MAX_ROWS": "5"},
     r"more than 5 rows"),
    ("query-bad-timeout", ["query", "recheck"], {"COPGRAPH_QUERY_TIMEOUT": "soon"}, r"COPGRAPH_QUERY_TIMEOUT='soon'"),
    ("query-hostile-iri", ["query", "--file", "{dir}/iri-param.rq", "--param", "resource=x> } <y"], {},
     r"is not an absolute http\(s\) IRI"),
    ("query-unknown-iri", ["query", "--file", "{dir}/iri-param.rq", "--param", "resource=https://example.org/a"],
     {}, r"is not in the loaded data"),
    ("query-param-without-where", ["query", "--file", "{dir}/no-where.rq", "--param", "label=x"], {},
     r"needs an explicit WHERE"),
    # the command itself
    ("unknown-command", ["frobnicate"], {}, r"No such command 'frobnicate'"),
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("bad-input")
    for name, content in FILES.items():
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory


def broken_home(base: Path, how: str) -> Path:
    """A copy of the project with one defect: what COPGRAPH_HOME points at."""
    home = base / f"home-{how}"
    if home.exists():
        return home
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, home / part)
    if how == "malformed":
        shutil.copy(FIXTURES / "malformed.ttl", home / "data" / "broken.ttl")
    elif how == "long-literal":
        (home / "data" / "long.ttl").write_text(f'<https://w3id.org/copgraph/x> <https://w3id.org/copgraph/y> '
                                                f'"{"x" * 100_001}" .\n', encoding="utf-8")
    elif how == "header":
        (home / "queries" / "bad.rq").write_text("# title: t\n# param: x (colour)\nSELECT * WHERE { }\n",
                                                 encoding="utf-8")
    elif how == "latin1-query":
        (home / "queries" / "bad.rq").write_bytes("# title: caf\xe9\nSELECT * WHERE { }\n".encode("latin-1"))
    return home


@pytest.mark.parametrize("args, env, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_exits_2_with_a_message_and_no_traceback(workdir, args, env, message):
    environment = {**os.environ, "PYTHONWARNINGS": "default"}
    environment.update({k: v for k, v in env.items() if k != "HOME_BREAK"})
    if "HOME_BREAK" in env:
        environment["COPGRAPH_HOME"] = str(broken_home(workdir, env["HOME_BREAK"]))
    argv = [a.replace("{dir}", str(workdir)) if not a.startswith(XA_FILE) else a for a in args]
    proc = subprocess.run([sys.executable, "-m", "copgraph.cli", *argv], capture_output=True, text=True,
                          env=environment, timeout=120, cwd=workdir)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert re.search(message, proc.stderr, re.DOTALL), proc.stderr[-2000:]


def test_the_corpus_is_large_and_covers_every_command():
    commands = {c[1][0] for c in CASES}
    assert len(CASES) >= 50
    assert commands >= {"info", "check", "validate", "query", "show", "profiles", "queries", "reason"}
