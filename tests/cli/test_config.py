"""The config file in an unlucky environment (issue 21): a FIFO, deep nesting, a folder
that cannot be opened, a broken file under --help. One clear line or no effect, never a
hang, a traceback or a command that cannot run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import child_env, invoke, run_unprivileged

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"

VALID = str(HOSTILE / "valid-minimal.yaml")
#: a hang guard, far above what the command takes (not a timing assertion)
HANG = 60


def _policytl(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policytl", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=HANG,
        env=child_env(**env),
    )


def test_a_fifo_as_the_config_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    run = _policytl("show", "--data", VALID, POLICYTL_CONFIG=str(fifo))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"policytl: error: config file {fifo}: not a regular file\n"


def test_a_folder_as_the_config_file_is_refused(tmp_path: Path) -> None:
    result = invoke(["show", "--data", VALID], {"POLICYTL_CONFIG": str(tmp_path)})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"policytl: error: config file {tmp_path}: ")


def test_the_null_device_is_an_empty_config() -> None:
    result = invoke(["show", "--data", VALID, "--lang", "en"], {"POLICYTL_CONFIG": os.devnull})
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_toml_is_one_line(depth: int, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("lang = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    result = invoke(["show", "--data", VALID], {"POLICYTL_CONFIG": str(config)})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr in (
        f"policytl: error: config file {config}: not valid TOML: nested too deeply\n",
        # past the first MiB the file is cut, and the cut text is what is invalid
        f"policytl: error: config file {config}: not valid TOML: "
        "Unclosed array (at end of document)\n",
    ), result.stderr
    assert "Recursion" not in result.stderr


def test_a_config_folder_that_cannot_be_opened_is_no_config(tmp_path: Path) -> None:
    """No config file can be read in a folder that cannot be searched: commands run
    as without one (they used to fail with exit 2, every one)."""
    folder = tmp_path / "xdg" / "policytl"
    folder.mkdir(parents=True)
    folder.chmod(0)
    try:
        run = run_unprivileged(
            [sys.executable, "-m", "policytl", "validate", VALID],
            XDG_CONFIG_HOME=str(tmp_path / "xdg"),
        )
    finally:
        folder.chmod(0o700)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith("ok: 1 event")


def test_an_unreadable_config_file_is_still_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "xdg" / "policytl"
    folder.mkdir(parents=True)
    config = folder / "config.toml"
    config.write_text("lang = 'en'\n", encoding="utf-8")
    config.chmod(0)
    try:
        run = run_unprivileged(
            [sys.executable, "-m", "policytl", "show", "--data", VALID],
            XDG_CONFIG_HOME=str(tmp_path / "xdg"),
        )
    finally:
        config.chmod(0o600)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"policytl: error: config file {config}: cannot read: Permission denied\n"


@pytest.mark.parametrize(
    "argv", [["--help"], ["show", "--help"], ["export", "-h"], ["tags", "--help"]]
)
def test_help_answers_under_a_broken_config(argv: list[str], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("colour = 'always'\n", encoding="utf-8")
    result = invoke(argv, {"POLICYTL_CONFIG": str(config)})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: policytl")


def test_a_broken_config_still_fails_the_commands(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("colour = 'always'\n", encoding="utf-8")
    for argv in (["validate", VALID], ["tags", "--data", VALID], ["show", "--data", VALID]):
        result = invoke(argv, {"POLICYTL_CONFIG": str(config)})
        assert (result.exit_code, result.stdout) == (2, ""), argv
        assert result.stderr == (
            f"policytl: error: config file {config}: unknown key 'colour' "
            "(the keys are lang, pager, color)\n"
        )
