"""The layout shows the architecture: the core imports no CLI or terminal library.

The core (model, load, analyze, files, export) imports only the standard library,
PyYAML, python-dateutil and itself; ruamel.yaml only in curate/, the editing layer (and
openpyxl and icalendar, which import reads workbooks and calendars with); Typer only in
cli/; Rich only in render/ and cli/.
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
    "curate": {"yaml", "dateutil", "ruamel", "openpyxl", "icalendar"},
    "render": {"yaml", "dateutil", "rich"},
    "sources": {"yaml", "dateutil", "httpx", "pypdf", "rapidfuzz"},
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
                    and node.module.startswith(
                        ("policytl.cli", "policytl.render", "policytl.sources")
                    )
                ):
                    found.add(f"{path.relative_to(PACKAGE)}: {node.module}")
    assert found == set()


#: the sizes past which a unit is split by concern (docs/contributing/index.md: "Small units")
LIMITS = {"module": 800, "class": 300, "function": 100}
#: units over a limit, each with the issue that splits it (remove the entry when it is)
OVER_LIMIT: set[str] = set()  # issue 20: none left


def _sizes(path: Path) -> list[tuple[str, str, int]]:
    text = path.read_text(encoding="utf-8")
    where = str(path.relative_to(PACKAGE))
    out = [(where, "module", text.count("\n"))]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            unit = "class" if isinstance(node, ast.ClassDef) else "function"
            assert node.end_lineno is not None
            out.append((f"{where}: {unit} {node.name}", unit, node.end_lineno - node.lineno + 1))
    return out


def test_no_module_class_or_function_is_over_its_size_limit() -> None:
    over = {
        name: size
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, unit, size in _sizes(path)
        if size > LIMITS[unit]
    }
    assert set(over) - OVER_LIMIT == set(), over
    assert OVER_LIMIT - set(over) == set(), "split now: remove it from OVER_LIMIT"
