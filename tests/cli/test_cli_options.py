"""Each enum is declared once: the CLI's options take the core's own enums."""

from __future__ import annotations

import typing

import pytest

from policytl.analyze.periods import By, Period
from policytl.cli import compare, export, show, stats
from policytl.cli.options import ReportFormat
from policytl.export import Format
from policytl.model.records import Lanes


def annotation(command: typing.Callable[..., object], name: str) -> object:
    hint = typing.get_type_hints(command, include_extras=True)[name]
    base = typing.get_args(hint)[0]  # Annotated[X, typer.Option(...)] -> X
    args = [a for a in typing.get_args(base) if a is not type(None)]
    return args[0] if args else base  # X | None -> X


@pytest.mark.parametrize(
    ("command", "name", "enum"),
    [
        (stats.stats, "period", Period),
        (compare.compare, "period", Period),
        (compare.compare, "by", By),
        (show.show, "lanes", Lanes),
        (export.export, "lanes", Lanes),
        (export.export, "fmt", Format),
    ],
)
def test_the_option_is_the_core_enum_itself(
    command: typing.Callable[..., object], name: str, enum: type
) -> None:
    assert annotation(command, name) is enum


def test_show_formats_are_export_formats() -> None:
    for fmt in ReportFormat:
        if fmt is not ReportFormat.TEXT:
            assert Format(fmt.value).value == fmt.value


def test_one_declaration_of_the_command_line() -> None:
    """No second parser, no private Typer module, no swapping of Typer's command list."""
    import ast
    import pkgutil
    from pathlib import Path

    import policytl

    package = Path(policytl.__path__[0])
    modules = {m.name for m in pkgutil.iter_modules([str(package / "cli")])}
    assert modules & {"fastargs", "run"} == set()
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif (
                isinstance(node, ast.Attribute)
                and node.attr == "registered_commands"
                and isinstance(node.ctx, ast.Store)
            ):
                found.append(f"{path.name}: assigns registered_commands")
            found += [f"{path.name}: {n}" for n in names if n.startswith("typer.") and "._" in n]
    assert found == []
