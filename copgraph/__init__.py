"""copgraph: child online protection law as a knowledge graph you can check and query."""

from .api import check_all
from .check import check
from .queries import query
from .report import CoverageReport, CoverageRow
from .store import load

__all__ = ["check", "check_all", "query", "load", "CoverageReport", "CoverageRow"]
__version__ = "0.1.0"
