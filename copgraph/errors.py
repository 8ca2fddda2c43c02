"""Errors that carry their exit code, so the CLI can report them without a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INCONSISTENT = 3


class CopgraphError(Exception):
    """An expected failure with a message meant for the user."""

    exit_code = EXIT_BAD_INPUT


class InputError(CopgraphError):
    """Bad input: malformed RDF, unknown code, IRI, profile, query or parameter."""

    exit_code = EXIT_BAD_INPUT


class ReasonerError(CopgraphError):
    """The reasoner could not run (e.g. no Java)."""

    exit_code = EXIT_BAD_INPUT
