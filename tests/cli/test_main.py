"""The entry point: `policytl` and `python -m policytl` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from policytl import __version__
from policytl.__main__ import main
from policytl.cli.app import app

from ..conftest import child_env


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policytl", *args],
        capture_output=True,
        text=True,
        check=False,
        env=child_env(),
    )


def test_version_answers_without_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--version"])
    assert capsys.readouterr().out == f"policytl {__version__}\n"
    code = (
        "import sys; from policytl.__main__ import main; main(['--version']); "
        "print('typer' in sys.modules, 'rich' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=child_env()
    )
    assert proc.stdout == f"policytl {__version__}\nFalse False\n"


def test_a_named_command_runs_and_leaves_the_app_whole() -> None:
    before = list(app.registered_commands)
    with pytest.raises(SystemExit) as exit_info:
        main(["kinds", "--format", "json"])
    assert exit_info.value.code == 0
    assert app.registered_commands == before


def test_named_command_in_a_process() -> None:
    proc = run("tags", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert {t["tag"] for t in json.loads(proc.stdout)} >= {"blockchain", "funding"}


def test_unknown_command_lists_the_real_choices() -> None:
    proc = run("shwo")
    assert proc.returncode == 2
    assert proc.stderr == (
        "policytl: error: no such command 'shwo'; did you mean 'show'? (see 'policytl --help')\n"
    )
