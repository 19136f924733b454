"""policytl.fastargs: show and export without Typer, exactly as Typer would run them.

Three kinds of checks: the option tables equal the Typer declarations in cli.py;
command lines the parser takes print exactly what the Typer path prints (the same
exit status, stdout, stderr and files), for chosen and for generated command
lines; and command lines it cannot judge go to Typer untouched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer._click.types import IntRange
from typer._types import TyperChoice

from policytl.cli import app
from policytl.fastargs import COMMAND_OPTIONS, COMPLETION_VAR, FLAG, MANY, VALUE, Option, parse
from policytl.run import COMMANDS, FILTER_NAMES, FilterArgs

from .conftest import FIXTURES, invoke

FIXTURE = str(FIXTURES / "show" / "small.yaml")


def _click_command(name: str) -> Any:
    return typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]


# --- the tables are Typer's declarations --------------------------------------------------


def test_the_fast_commands_are_the_ones_run_knows() -> None:
    assert set(COMMAND_OPTIONS) == set(COMMANDS) == {"show", "export"}
    assert set(FILTER_NAMES) == set(FilterArgs.__dataclass_fields__)


@pytest.mark.parametrize("command", sorted(COMMAND_OPTIONS))
def test_option_table_equals_the_typer_declaration(command: str) -> None:
    declared = {p.name: p for p in _click_command(command).params}
    table = {o.name: o for o in COMMAND_OPTIONS[command]}
    assert sorted(table) == sorted(declared)
    for name, opt in table.items():
        param = declared[name]
        assert param.param_type_name == "option", name
        assert sorted(opt.decls) == sorted(param.opts + param.secondary_opts), name
        assert opt.decls[0].startswith("--"), name
        takes = FLAG if param.is_flag else MANY if param.multiple else VALUE
        assert opt.takes == takes, name
        if isinstance(param.type, TyperChoice):
            assert opt.choices is not None, name
            assert tuple(m.value for m in opt.choices) == tuple(param.type.choices), name
        else:
            assert opt.choices is None, name
        is_positive_int = isinstance(param.type, IntRange) and param.type.min == 1
        assert opt.positive_int == is_positive_int, name
        expected_default = False if takes == FLAG else () if takes == MANY else param.default
        assert opt.default == expected_default or (takes != VALUE and opt.default is None), name


@pytest.mark.parametrize("command", sorted(COMMAND_OPTIONS))
def test_parse_fills_in_every_parameter_with_typers_defaults(command: str) -> None:
    parsed = parse([command], {})
    assert parsed is not None
    name, values = parsed
    assert name == command
    declared = _click_command(command).params
    assert set(values) == {p.name for p in declared}
    for p in declared:
        default = () if p.multiple and p.default is None else p.default
        assert values[p.name] == default, p.name


def test_parse_reads_values_as_typer_passes_them() -> None:
    parsed = parse(
        [
            "export",
            "-f",
            "csv",
            "--since=2016",
            "-b",
            "pboc",
            "--body",
            "北京金融局",
            "--max-bytes",
            "007",
            "--excel",
            "-o",
            "-",
            "--title=",
        ],
        {},
    )
    assert parsed is not None
    _, values = parsed
    assert values["fmt"].value == "csv"
    assert values["since"] == "2016"
    assert values["body"] == ("pboc", "北京金融局")
    assert values["max_bytes"] == 7
    assert values["excel"] is True
    assert values["output"] == "-"
    assert values["title"] == ""


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["stats"],
        ["--debug", "show"],
        ["show", "--help"],
        ["show", "-h"],
        ["show", "extra"],
        ["show", "--"],
        ["show", "--bogus"],
        ["show", "--debug"],
        ["show", "--lang", "EN"],  # Typer takes it (case-insensitive); let Typer say so
        ["show", "--lang", "fr"],
        ["show", "--format", "csv"],  # export's format, not show's
        ["show", "--since"],
        ["show", "--since", "2016", "--since", "2017"],
        ["show", "--since", "-5"],
        ["show", "--strict", "--strict"],
        ["show", "--strict=yes"],
        ["show", "-fjson"],
        ["show", "-Dl", "en"],
        ["show", "-d=data.yaml"],
        ["show", "--max-bytes", "0"],
        ["show", "--max-bytes", "1_000"],
        ["show", "--max-bytes", "１２"],
        ["show", "--max-bytes", "-1"],
        ["export", "--format", "JSON"],
        ["export", "-o"],
        ["export", "--style=wide"],
    ],
)
def test_command_lines_for_typer_to_judge(argv: list[str]) -> None:
    assert parse(argv, {}) is None


def test_completion_is_always_typers() -> None:
    assert parse(["show"], {COMPLETION_VAR: "bash_complete"}) is None
    assert parse(["show"], {COMPLETION_VAR: ""}) is not None


# --- both paths print the same ------------------------------------------------------------


def _same(argv: list[str], env: dict[str, str | None] | None = None) -> None:
    fast, slow = invoke(argv, env), invoke(argv, env, typer_only=True)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (
        slow.exit_code,
        slow.stdout,
        slow.stderr,
    ), argv


SAME = [
    ["show"],
    ["show", "--since", "2016"],
    ["show", "--since", "2016", "--until", "2019-06", "--strict"],
    ["show", "--since=2016年6月", "-l", "en", "-D"],
    ["show", "-b", "pboc", "--include-children", "-j", "CN", "--lead-only"],
    ["show", "-t", "funding", "-k", "fund-launched", "-s", "基金"],
    ["show", "--format", "json", "--lang", "zh"],
    ["show", "-f", "markdown", "--since", "2030"],  # nothing matches
    ["show", "--chart", "--lanes", "body"],
    ["show", "--chart", "-f", "json"],  # a usage error of the command
    ["show", "--since", "someday"],  # a usage error in a date
    ["show", "--body", "no-such-body"],  # did-you-mean
    ["show", "-d", FIXTURE, "--no-cache"],
    ["show", "-d", "/no/such/file.yaml"],
    ["show", "--max-bytes", "10", "-d", FIXTURE],
    ["export"],
    ["export", "--format", "json"],
    ["export", "-f", "csv", "--excel", "--since", "2019"],
    ["export", "-f", "ics", "-j", "beijing"],
    ["export", "-f", "html", "--title", "<b>x</b>", "--lang", "en", "--group", "month"],
    ["export", "-f", "markdown", "--style", "table", "--group", "month"],
    ["export", "-f", "mermaid", "--excel"],  # a warning: --excel does not apply
    ["export", "-f", "json", "--lang", "en", "--since", "2031"],  # two warnings
    ["export", "-f", "markwhen", "-o", "-"],
    ["export", "-f", "timelinejs", "-d", FIXTURE, "-d", FIXTURE],  # duplicate ids
]


@pytest.mark.parametrize("argv", SAME, ids=" ".join)
def test_the_fast_path_prints_what_typer_prints(argv: list[str]) -> None:
    assert parse(argv, {}) is not None  # else this compares Typer with itself
    _same(argv)


@pytest.mark.parametrize("width", ["40", "100", "160"])
def test_the_fast_path_uses_the_same_width_and_colours(width: str) -> None:
    _same(["show", "--since", "2019"], {"COLUMNS": width})
    _same(["show", "--since", "2019"], {"COLUMNS": width, "FORCE_COLOR": "1"})


def test_the_fast_path_writes_the_same_file(tmp_path: Path) -> None:
    for name, typer_only in (("fast.html", False), ("typer.html", True)):
        result = invoke(["export", "-f", "html", "-o", str(tmp_path / name)], typer_only=typer_only)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "fast.html").read_bytes() == (tmp_path / "typer.html").read_bytes()


def test_debug_from_the_environment_shows_the_traceback() -> None:
    env: dict[str, str | None] = {"POLICYTL_DEBUG": "1"}
    for typer_only in (False, True):
        result = invoke(["show", "--since", "someday"], env, typer_only=typer_only)
        assert result.exit_code == 1
        assert type(result.exception).__name__ == "UsageError"


_VALUES = st.sampled_from(
    ["2016", "2019-06", "2016年", "bogus", "pboc", "CN-BJ", "beijing", "funding", "基金", ""]
)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMAND_OPTIONS)))
    argv = [command]
    options: list[Option] = draw(
        st.lists(st.sampled_from(COMMAND_OPTIONS[command]), max_size=5, unique=True)
    )
    for opt in options:
        if opt.name in ("output", "svg"):
            continue  # files: see test_the_fast_path_writes_the_same_file
        decl = draw(st.sampled_from(opt.decls))
        if opt.takes == FLAG:
            argv.append(decl)
            continue
        if opt.name == "data":
            value = FIXTURE
        elif opt.choices is not None:
            value = draw(st.sampled_from([m.value for m in opt.choices]))
        elif opt.positive_int:
            value = draw(st.sampled_from(["1", "100", "100000000"]))
        else:
            value = draw(_VALUES)
        if decl.startswith("--") and draw(st.booleans()):
            argv.append(f"{decl}={value}")
        else:
            argv += [decl, value]
    return argv


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command_lines())
def test_generated_command_lines_print_the_same_both_ways(argv: list[str]) -> None:
    assert parse(argv, {}) is not None
    _same(argv)


# --- what the fast path costs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "rich"),
    [
        (["export", "--format", "json"], False),
        (["export", "-f", "csv"], False),
        # to a pipe: the plain view measures text with rich.cells, and nothing else of Rich
        (["show", "--since", "2016"], True),
    ],
)
def test_the_fast_path_imports_no_typer(argv: list[str], rich: bool) -> None:
    code = (
        "import sys\n"
        "from policytl.__main__ import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exc:\n"
        "    loaded = [m in sys.modules for m in ('typer', 'rich', 'rich.console')]\n"
        "    sys.stderr.write(f'{exc.code} {loaded}')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout
    assert proc.stderr == f"0 {[False, rich, False]}"
