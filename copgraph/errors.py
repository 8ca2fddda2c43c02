"""Errors that carry their exit code, so the CLI can report them without a traceback.

Exit codes: 0 ok, 1 findings (a check found what --fail-on asks about, verify found an error),
2 bad input, 3 inconsistent ontology and data, 4 internal error (a bug: please report it),
130 interrupted (Ctrl-C), 141 stdout closed by its reader.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_VIOLATIONS = EXIT_FINDINGS  # the name used before `verify` also reported findings
EXIT_BAD_INPUT = 2
EXIT_INCONSISTENT = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of stdout went away (`copgraph queries | head`)


class CopgraphError(Exception):
    """An expected failure with a message meant for the user."""

    exit_code = EXIT_BAD_INPUT


class InputError(CopgraphError):
    """Bad input: malformed RDF, unknown code, IRI, profile, query or parameter, unusable --output."""

    exit_code = EXIT_BAD_INPUT


class ReasonerError(CopgraphError):
    """The reasoner could not run (e.g. no Java)."""

    exit_code = EXIT_BAD_INPUT
