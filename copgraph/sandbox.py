"""What a user query may do, and how long and how much it may run.

copgraph answers questions about the data it has loaded, nothing else. Both engines would
otherwise reach out: pyoxigraph sends `SERVICE` clauses over HTTP, and rdflib loads the graphs
named by `FROM` / `FROM NAMED` from the web or the local disk. So every query is scanned before
it runs and those clauses, and SPARQL UPDATE, are refused.

The scan works on tokens, not on raw text: IRIs, strings and comments are blanked out first, so
a word inside them never counts, and a keyword must be a whole bare word, so `?service`,
`ex:from` or `service:x` do not count either. The text is scanned twice, as written and with
`\\uXXXX` escapes expanded, because rdflib expands escapes before parsing (as the SPARQL
grammar says) while pyoxigraph does not.

Limits (see README, "Limits"): a query runs at most `timeout` seconds (COPGRAPH_QUERY_TIMEOUT,
default 30) and returns at most `max_rows` rows (COPGRAPH_MAX_ROWS, default 100 000). Neither
engine can be cancelled from Python, so the query runs in a daemon worker thread that the caller
abandons at the deadline: pyoxigraph releases the GIL while it computes, and the worker stops at
its next row (rdflib: at its next Python instruction); a pyoxigraph computation that yields no
row keeps a CPU busy until it ends or the process exits.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .errors import InputError

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
TIMEOUT_ENV = "COPGRAPH_QUERY_TIMEOUT"
MAX_ROWS_ENV = "COPGRAPH_MAX_ROWS"

# One SPARQL token that can hide a keyword, matched left to right so that whichever starts first
# wins: an IRI (with UCHAR escapes), a long string (escape-aware: a lazy `"""...` would stop
# inside `"""a\""""` and misread the rest), a short string, a comment.
TOKENS = re.compile(
    r"""(<(?:[^<>"{}|^`\\\s]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"""
    r'''|("""(?:"{0,2}(?:[^"\\]|\\[\s\S]))*"""|\'\'\'(?:'{0,2}(?:[^'\\]|\\[\s\S]))*\'\'\')'''
    r"""|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(#[^\n]*)"""
)
# A maximal run of name characters (a variable, prefixed name, language tag, keyword, or several
# of them joined by '.' or '-'); `bare_words` splits it the way the SPARQL grammar does.
_RUN = re.compile(r"[?$@]?[\w\-.:%\\\u00B7]+")
_VARNAME = re.compile(r"[\w\u00B7\u0300-\u036F\u203F\u2040]*")
_PN_PREFIX = re.compile(r"[^\W\d_]([\w\-\u00B7.]*[\w\-\u00B7])?")
_SPLIT = re.compile(r"[^A-Za-z0-9_]+")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_PROLOGUE = {"PREFIX", "BASE"}


def mask(sparql: str, keep_iris: bool = False) -> str:
    """The query with strings, comments (and IRIs unless `keep_iris`) blanked, offsets kept."""

    def blank(match: re.Match[str]) -> str:
        if keep_iris and match.group(1):
            return match.group()
        return " " * len(match.group())

    return TOKENS.sub(blank, sparql)


def _expand_escapes(sparql: str) -> str:
    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else " "

    return _ESCAPE.sub(expand, sparql)


def _words_of_run(run: str) -> Iterator[str]:
    """The bare words in one run: not variables, language tags or prefixed names."""
    while run := run.lstrip(".-%\\"):  # leading '.' and '-' are punctuation, never part of a name
        if run[0] in "?$":  # a variable ends at the first character a name cannot hold ('.', '-', ':')
            name = _VARNAME.match(run, 1)
            assert name is not None  # the pattern matches the empty string
            run = run[name.end():]
            continue
        if run[0] == "@":  # a language tag such as @en-GB
            return
        prefix, colon, _local = run.partition(":")
        if colon and (not prefix or _PN_PREFIX.fullmatch(prefix)):
            return  # a prefixed name, local part included: ex:service, from:x, :from
        yield from (w for w in _SPLIT.split(prefix) if w)
        run = ""


def bare_words(sparql: str) -> list[str]:
    """The bare words of the query (keywords, function names), upper-cased, in order.

    A word that only looks like a keyword (inside a string, IRI, comment, variable, prefixed
    name or language tag) is not one; a run that is ambiguous counts as words, to err on the safe side.
    """
    return [w.upper() for run in _RUN.findall(mask(sparql)) for w in _words_of_run(run)]


def check_query(sparql: str) -> None:
    """Refuse SERVICE, FROM, FROM NAMED and SPARQL UPDATE before any engine sees the query."""
    for text in {sparql, _expand_escapes(sparql)}:
        words = bare_words(text)
        if "SERVICE" in words:
            raise InputError("SERVICE clauses are not allowed: copgraph queries run on the loaded data only")
        if "FROM" in words:
            after = words[words.index("FROM") + 1:]
            clause = "FROM NAMED" if after[:1] == ["NAMED"] else "FROM"
            raise InputError(f"{clause} clauses are not allowed: copgraph queries run on the loaded data only "
                             "(every loaded file is already in the default graph; use GRAPH to pick one)")
        first = next((w for w in words if w not in _PROLOGUE), "")
        if first in _UPDATE:
            raise InputError(f"SPARQL UPDATE ({first}) is not allowed: copgraph queries are read-only")


def env_limit(name: str, default: float, kind: type = float) -> float:
    """A limit from the environment: a finite number >= 0, where 0 means no limit."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw.strip())
    except ValueError:
        raise InputError(f"{name}={raw!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise InputError(f"{name}={raw!r} must be a finite number >= 0 (0 means no limit)")
    return value


def query_timeout(timeout: float | None = None) -> float:
    """Seconds a query may run: the argument, else COPGRAPH_QUERY_TIMEOUT, else 30; 0 = none."""
    if timeout is None:
        return env_limit(TIMEOUT_ENV, DEFAULT_TIMEOUT, float)
    if not timeout >= 0 or timeout == float("inf"):
        raise InputError(f"timeout={timeout!r} must be a finite number of seconds >= 0 (0 means no limit)")
    return float(timeout)


def max_rows(limit: int | None = None) -> int:
    """Rows a query may return: the argument, else COPGRAPH_MAX_ROWS, else 100 000; 0 = none."""
    if limit is None:
        return int(env_limit(MAX_ROWS_ENV, DEFAULT_MAX_ROWS, int))
    if limit < 0:
        raise InputError(f"max_rows={limit!r} must be >= 0 (0 means no limit)")
    return limit


T = TypeVar("T")


class _Cancelled(BaseException):
    """Raised inside an abandoned worker so that it stops at its next Python instruction."""


def capped(rows: Iterable[T], limit: int, deadline: float | None, timeout: float) -> Iterator[T]:
    """Pass rows through, failing as soon as there is one row too many or the deadline is past.

    Never holds more than the rows already yielded: the caller collects at most limit + 1.
    """
    for count, row in enumerate(rows, 1):
        if limit and count > limit:
            raise InputError(f"the query returned more than {limit} rows (the row cap): add a LIMIT, "
                             f"or raise the cap with {MAX_ROWS_ENV}=N (0 for none)")
        if deadline is not None and time.monotonic() > deadline:
            raise _timeout_error(timeout)
        yield row


def _timeout_error(timeout: float) -> InputError:
    return InputError(f"the query ran longer than {timeout:g} s (the time limit): simplify it, or raise the "
                      f"limit with {TIMEOUT_ENV}=SECONDS (0 for none) or select(..., timeout=SECONDS)")


def _release_frames(exc: BaseException | None) -> None:
    """Free the locals of the frames an exception holds, here in the worker thread.

    Otherwise the pyoxigraph result they hold would be freed later by the caller's thread, which
    pyoxigraph reports as an error. The traceback lines are kept.
    """
    seen: set[int] = set()
    stack = [exc]
    while stack:
        exc = stack.pop()
        if exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            traceback.clear_frames(exc.__traceback__)
            stack += [exc.__cause__, exc.__context__]


def run_bounded(work: Callable[[float | None], T], timeout: float) -> T:
    """Run `work(deadline)` and return its result, or raise InputError once `timeout` has passed.

    With no timeout the work runs in the caller's thread. Otherwise it runs in a daemon thread
    (pyoxigraph results must be created and read in one thread), and the caller waits for it.
    """
    if not timeout:
        return work(None)
    deadline = time.monotonic() + timeout
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work(deadline)
        except _Cancelled:
            pass
        except BaseException as exc:  # handed over to the caller's thread  # noqa: BLE001
            _release_frames(exc)
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="copgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        # Stop the worker at its next Python instruction (rdflib, or pyoxigraph's next row).
        ident = worker.ident
        assert ident is not None  # set once the thread has started
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(_Cancelled))
        raise _timeout_error(timeout)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
