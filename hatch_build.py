"""Build hook: put ontology/, data/ and queries/ inside the wheel as copgraph/_data/.

Only for the standard wheel. An editable install reads them from the checkout (that is the
point of it), so it gets no copy that could go stale in site-packages.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLED = ("ontology", "data", "queries")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "standard":
            build_data["force_include"].update({name: f"copgraph/_data/{name}" for name in BUNDLED})
