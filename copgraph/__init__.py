"""copgraph: child online protection law as a knowledge graph you can check and query."""

from .api import check_all
from .check import check
from .harmonise import Review, harmonise
from .queries import query
from .report import CoverageReport, CoverageRow
from .store import load

__all__ = ["check", "check_all", "harmonise", "query", "load", "CoverageReport", "CoverageRow", "Review"]
__version__ = "0.1.0"
