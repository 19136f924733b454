"""The layout shows the architecture: the core imports no CLI or terminal library.

The core (model, load, analyze, files, export) imports only the standard library,
PyYAML, python-dateutil and itself; ruamel.yaml only in curate/, the editing layer (and
openpyxl, which import reads workbooks with); Typer only in cli/; Rich only in render/ and cli/.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "policytl"
THIRD_PARTY = {
    "model": {"yaml", "dateutil"},
    "load": {"yaml", "dateutil"},
    "analyze": {"yaml", "dateutil"},
    "files": set(),
    "export": {"yaml", "dateutil"},
    "curate": {"yaml", "dateutil", "ruamel", "openpyxl"},
    "render": {"yaml", "dateutil", "rich"},
}


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("subpackage", sorted(THIRD_PARTY))
def test_each_subpackage_imports_only_what_its_concern_allows(subpackage: str) -> None:
    allowed = THIRD_PARTY[subpackage] | {"policytl"} | set(sys.stdlib_module_names)
    found = {
        f"{path.relative_to(PACKAGE)}: {root}"
        for path in sorted((PACKAGE / subpackage).rglob("*.py"))
        for root in _imported_roots(path)
        if root not in allowed
    }
    assert found == set()


def test_the_core_never_imports_the_cli_or_a_renderer() -> None:
    core = ["model", "load", "analyze", "files", "export", "curate"]
    found = set()
    for sub in core:
        for path in sorted((PACKAGE / sub).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module
                    and node.module.startswith(("policytl.cli", "policytl.render"))
                ):
                    found.add(f"{path.relative_to(PACKAGE)}: {node.module}")
    assert found == set()
