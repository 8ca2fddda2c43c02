"""Telling a jurisdiction code from a file name on the command line.

`copgraph check GB` must mean the United Kingdom even when the current directory happens to
hold a file called GB, so the decision depends on the argument's spelling only, never on what
exists on disk.
"""

from __future__ import annotations

import os

RDF_SUFFIXES = (".ttl", ".trig", ".nt", ".nq", ".jsonld")


def is_file_argument(argument: str) -> bool:
    """A file when it contains a path separator (./GB) or ends in an RDF file extension."""
    separators = [sep for sep in ("/", os.sep, os.altsep) if sep]
    return any(sep in argument for sep in separators) or argument.lower().endswith(RDF_SUFFIXES)
