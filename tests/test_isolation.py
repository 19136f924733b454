"""The suite is isolated from the environment it runs in (tests/conftest.py).

A user's settings (POLICYTL_DATA, POLICYTL_DEBUG, ...) or a CI machine's (FORCE_COLOR=1,
COLUMNS, LC_ALL=C, PAGER) must change no test's result: conftest removes them for
in-process tests and every subprocess a test starts gets ``child_env()``.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURES, LEAKY_NAMES, ROOT, child_env, clean_environ, invoke

TESTS = Path(__file__).resolve().parent
SMALL = str(FIXTURES / "show" / "small.yaml")

#: The commands run under a hostile environment, and what a clean one gives.
COMMANDS = [
    ["show", "--since", "2016", "--lang", "en"],
    ["export", "-f", "csv", "--since", "2019"],
    ["compare", "CN-BJ", "CN"],
]


def _hostile(tmp: Path, colour: bool) -> dict[str, str]:
    """A shell full of settings, each of which changes what policytl prints or does."""
    config = tmp / "config" / "policytl"
    config.mkdir(parents=True, exist_ok=True)
    toml = 'lang = "en"\npager = "false"\ncolor = "always"\n'
    (config / "config.toml").write_text(toml, encoding="utf-8")
    env = {
        "POLICYTL_DATA": SMALL,  # a real, valid, other data set: output would change silently
        "POLICYTL_DEBUG": "1",
        "POLICYTL_LANG": "en",
        "POLICYTL_PAGER": "false",
        "POLICYTL_CONFIG": str(config / "config.toml"),
        "POLICYTL_NO_CACHE": "1",
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "COLUMNS": "40",
        "LINES": "5",
        "LC_ALL": "C",
        "LANG": "C",
        "PAGER": "false",
        "PYTHONWARNINGS": "error",
    }
    if colour:
        env |= {"FORCE_COLOR": "1", "CLICOLOR_FORCE": "1", "TTY_COMPATIBLE": "1"}
    else:
        env |= {"NO_COLOR": "1", "TERM": "dumb"}
    return env


@pytest.fixture(params=[True, False], ids=["force-colour", "no-colour"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    env: dict[str, str] = _hostile(tmp_path, colour=request.param)
    return env


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "policytl", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
        env=env,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_a_subprocess_sees_none_of_a_hostile_environment(
    hostile: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # what each command prints in the clean environment of a test (in-process)
    expected = {}
    for args in COMMANDS:
        clean = invoke(args)
        assert clean.exit_code == 0, clean.stderr
        expected[tuple(args)] = clean.stdout
    # the shell the suite was started from had all of these set
    for name, value in hostile.items():
        monkeypatch.setenv(name, value)
    for args in COMMANDS:
        got = _run(args, child_env())
        # the default width of a pipe is 100, which is invoke's COLUMNS
        assert got == (0, expected[tuple(args)], ""), args
        # control: the same command in the raw environment does differ, so the
        # comparison above means something
        assert _run(args, dict(os.environ)) != got, args


def test_in_process_tests_see_none_of_a_hostile_environment(tmp_path: Path) -> None:
    """A few env-sensitive tests, run by a pytest started in a hostile shell (both colour
    switches at once: each is removed). The whole suite is checked this way before landing
    (see the README's testing section)."""
    hostile = _hostile(tmp_path, colour=True) | {"NO_COLOR": "1"}
    selection = [
        "tests/render/test_show.py::test_show_golden",
        "tests/render/test_show.py::test_real_pipe_is_plain_utf8",
        "tests/render/test_show.py::test_closed_pipe_stops_quietly",
        "tests/analyze/test_catalog.py",
        "tests/cli/test_main.py",
        "tests/analyze/test_compare.py::test_beijing_moved_before_the_centre_cli",
        "tests/export/test_export_cli.py::test_stdout_is_byte_exact_golden",
    ]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "pt"),
            *selection,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(**hostile),
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout.splitlines()[-1]
    assert "failed" not in proc.stdout.splitlines()[-1]


def test_the_autouse_fixture_cleans_what_a_test_leaked() -> None:
    # conftest's _clean_environment ran before this test: nothing leaky is set
    assert [n for n in os.environ if n in LEAKY_NAMES and n != "XDG_CACHE_HOME"] == [
        n for n in ("XDG_CONFIG_HOME",) if n in os.environ
    ]
    assert not [n for n in os.environ if n.startswith(("POLICYTL_", "LC_"))]


def test_child_env_overrides_and_removes() -> None:
    env = child_env(POLICYTL_DEBUG="1", HOME=None)
    assert env["POLICYTL_DEBUG"] == "1"
    assert "HOME" not in env
    assert env["LC_ALL"] == "C.UTF-8"
    assert clean_environ({"POLICYTL_X": "1", "FORCE_COLOR": "1", "LC_ALL": "C", "PATH": "/b"}) == {
        "PATH": "/b"
    }


# --- every subprocess goes through child_env ----------------------------------------------

_SPAWN = {"run", "Popen", "call", "check_call", "check_output"}


def _spawns(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _SPAWN
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "subprocess"
        ):
            yield node


def _defined(tree: ast.AST) -> dict[str, str]:
    """name -> source of what it is bound to (assignments and function bodies)."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = out.get(target.id, "") + ast.unparse(node.value)
        elif isinstance(node, ast.FunctionDef):
            out[node.name] = ast.unparse(node)
    return out


def _from_child_env(source: str, names: dict[str, str], depth: int = 3) -> bool:
    """Does ``source`` call child_env, itself or through the names it uses?"""
    if "child_env" in source:
        return True
    return depth > 0 and any(
        _from_child_env(names[word], names, depth - 1)
        for word in set(re.findall(r"\w+", source))
        if word in names
    )


def _test_sources(pattern: str) -> list[Path]:
    """The suite's own Python files (not the npm consumers' or the hostile corpus)."""
    return sorted(
        p
        for p in TESTS.rglob(pattern)
        if not {"node_modules", "hostile"} & set(p.relative_to(TESTS).parts)
    )


def test_every_subprocess_in_the_tests_gets_child_env() -> None:
    unrouted: list[str] = []
    for path in _test_sources("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _defined(tree)
        for call in _spawns(tree):
            env = next((k.value for k in call.keywords if k.arg == "env"), None)
            if env is None or not _from_child_env(ast.unparse(env), names):
                unrouted.append(f"{path.name}:{call.lineno}")
    assert unrouted == []


# --- Hypothesis: no test has a deadline -------------------------------------------------------


def test_no_hypothesis_test_has_a_deadline() -> None:
    """conftest's profiles have none (a loaded CI machine is not a bug), and no test adds
    one; under CI=true the examples are derandomized (the same on every run)."""
    import importlib

    from hypothesis import settings

    from .conftest import IN_CI

    assert settings.default.deadline is None
    assert settings.default.derandomize == IN_CI
    found = 0
    for path in _test_sources("test_*.py"):
        dotted = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        module = importlib.import_module(dotted)
        for name, obj in vars(module).items():
            chosen = getattr(obj, "_hypothesis_internal_use_settings", None)
            if name.startswith("test_") and chosen is not None:
                found += 1
                assert chosen.deadline is None, f"{path.name}::{name}"
    assert found >= 20
