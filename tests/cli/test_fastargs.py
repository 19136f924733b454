"""policytl.cli.fastargs: show and export without Typer, exactly as Typer would run them.

Three kinds of checks: the option tables equal the Typer declarations in cli.py;
command lines the parser takes print exactly what the Typer path prints (the same
exit status, stdout, stderr and files), for chosen and for generated command
lines; and command lines it cannot judge go to Typer untouched.
"""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer._click.types import IntRange
from typer._types import TyperChoice

from policytl.cli import app as cli
from policytl.cli.app import app
from policytl.cli.fastargs import COMMAND_OPTIONS, COMPLETION_VAR, FLAG, MANY, VALUE, Option, parse
from policytl.cli.run import COMMANDS, FILTER_NAMES, FilterArgs
from policytl.export import Format as ExportFormat

from ..conftest import FIXTURES, big_timeline, child_env, invoke

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
    hints = typing.get_type_hints(getattr(cli, command))
    assert sorted(table) == sorted(declared)
    for name, opt in table.items():
        param = declared[name]
        assert param.param_type_name == "option", name
        assert sorted(opt.decls) == sorted(param.opts + param.secondary_opts), name
        assert opt.decls[0].startswith("--"), name
        # nothing Typer would do beyond reading the value: no callback, envvar, prompt ...
        assert param.callback is None and param.envvar is None, name
        assert not param.required and not param.is_eager and param.nargs == 1, name
        assert param.prompt is None and not param.count, name
        takes = FLAG if param.is_flag else MANY if param.multiple else VALUE
        assert opt.takes == takes, name
        if isinstance(param.type, TyperChoice):
            assert opt.choices is not None, name
            assert tuple(m.value for m in opt.choices) == tuple(param.type.choices), name
            # the very Enum the command's annotation names, not just equal strings
            assert opt.choices in (*typing.get_args(hints[name]), hints[name]), name
        else:
            assert opt.choices is None, name
        if opt.positive_int:
            assert isinstance(param.type, IntRange), name
            assert (param.type.min, param.type.max) == (1, None), name
            assert not (param.type.min_open or param.type.clamp), name
        elif takes != FLAG and opt.choices is None:
            assert type(param.type).__name__ == "StringParamType", name
        if takes == FLAG:
            assert (param.default, opt.default) == (False, None), name
        elif takes == MANY:
            assert (param.default, opt.default) == (None, None), name
        else:
            assert opt.default == param.default, name
            assert type(opt.default) is type(param.default), name


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
        assert type(values[p.name]) is type(default), p.name


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
    assert values["fmt"] is ExportFormat.CSV
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
        ["show", "--max-bytes", "1" * 19],
        ["show", "--max-bytes", "1" * 5000],  # beyond int()'s digit limit: Typer's error
        ["show", "-n", "0"],
        ["show", "--reverse", "--reverse"],
        ["export", "--limit", "-1"],
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
    for result in (fast, slow):  # equal crashes would not be equal behaviour
        assert not isinstance(result.exception, Exception), result.exception
        assert "internal error" not in result.stderr
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
    ["show", "-n", "3", "--reverse"],
    ["show", "--limit=2", "-f", "json"],
    ["show", "--reverse", "--chart"],
    ["export", "-n", "4", "--reverse", "--group", "month"],
    ["export", "-f", "csv", "--limit", "1"],
]


@pytest.mark.parametrize("argv", SAME, ids=" ".join)
def test_the_fast_path_prints_what_typer_prints(argv: list[str]) -> None:
    assert parse(argv, {}) is not None  # else this compares Typer with itself
    _same(argv)


@pytest.mark.parametrize(
    "env",
    [{"POLICYTL_LANG": "en"}, {"POLICYTL_LANG": "fr"}, {"COLUMNS": "1"}, {"COLUMNS": "100000"}],
    ids=str,
)
def test_the_fast_path_reads_the_same_settings(env: dict[str, str | None]) -> None:
    _same(["show", "--since", "2020", "-n", "2"], env)
    _same(["export", "-f", "markdown", "--reverse", "-n", "1"], env)


@pytest.mark.parametrize("width", ["40", "100", "160"])
def test_the_fast_path_uses_the_same_width_and_colours(width: str) -> None:
    _same(["show", "--since", "2019"], {"COLUMNS": width})
    _same(["show", "--since", "2019"], {"COLUMNS": width, "FORCE_COLOR": "1"})


def test_the_fast_path_writes_the_same_file(tmp_path: Path) -> None:
    for name, typer_only in (("fast.html", False), ("typer.html", True)):
        result = invoke(["export", "-f", "html", "-o", str(tmp_path / name)], typer_only=typer_only)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "fast.html").read_bytes() == (tmp_path / "typer.html").read_bytes()


@pytest.mark.parametrize("argv", [["export", "-f", "json"], ["export", "-f", "JSON"]])
def test_ctrl_c_says_so_and_exits_130_both_ways(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("policytl.export.render", interrupted)
    for typer_only in (False, True):
        result = invoke(argv, typer_only=typer_only)
        assert (result.exit_code, result.stdout, result.stderr) == (
            130,
            "",
            "policytl: interrupted\n",
        ), (argv, typer_only)


@pytest.mark.parametrize(
    ("argv", "fast"),
    [
        (["export", "-f", "json"], True),
        (["export", "-f", "JSON"], False),
        (["show"], True),
        (["show", "--lang", "EN"], False),
    ],
)
def test_a_closed_pipe_stops_quietly_both_ways(argv: list[str], fast: bool, tmp_path: Path) -> None:
    argv = [*argv, "--data", str(big_timeline(tmp_path / "big.yaml"))]
    assert (parse(argv, {}) is not None) == fast
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytl", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    err = proc.stderr.read()
    proc.stderr.close()
    assert (proc.wait(timeout=60), err) == (0, b"")
    assert first in (b"{\n", b"Jurisdictions: CN China\n")


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
        if opt.name == "svg":
            continue  # a file: see test_the_fast_path_writes_the_same_file
        for _ in range(draw(st.integers(1, 2)) if opt.takes == MANY else 1):
            decl = draw(st.sampled_from(opt.decls))
            if opt.takes == FLAG:
                argv.append(decl)
                continue
            if opt.name == "data":
                value = FIXTURE
            elif opt.name == "output":
                value = "-"  # stdout; files: see test_the_fast_path_writes_the_same_file
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


#: modules the core was trimmed of (see test_cache), and the CLI layer's own
TRIMMED = (
    "_hashlib",
    "calendar",
    "difflib",
    "importlib.resources",
    "pathlib",
    "tempfile",
    "threading",
    "shutil",  # context: for a terminal's size only
    "typer",
    "yaml",  # a cache hit needs no YAML
    "policytl.load.validate",
    "policytl.cli.app",
)


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (["export", "--format", "json"], ()),
        (["export", "-f", "csv"], ()),
        # to a pipe: the plain view measures text with rich.cells (which imports typing)
        (["show", "--since", "2016"], ("typing", "rich")),
    ],
)
def test_the_fast_path_imports_none_of_the_costly_modules(
    argv: list[str], allowed: tuple[str, ...], tmp_path: Path
) -> None:
    code = (
        "import sys\n"
        "from policytl.__main__ import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exc:\n"
        f"    costly = {(*TRIMMED, 'typing', 'rich', 'rich.console')!r}\n"
        "    sys.stderr.write(f'{exc.code} {[m for m in costly if m in sys.modules]}')\n"
    )
    env = child_env(POLICYTL_CACHE_DIR=str(tmp_path))
    for _ in range(2):  # the first run fills the cache
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
        )
    assert proc.stdout
    assert proc.stderr == f"0 {list(allowed)}"
