"""Every command's --help shows real examples (commands added later are covered too)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import typer

from policytl.cli.app import app

from .conftest import ROOT, invoke

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def examples(help_text: str) -> list[str]:
    """The `policytl ...` lines of the "Examples:" block."""
    lines = help_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    out: list[str] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        out.append(line.strip())
    return out


def _help(args: list[str]) -> str:
    result = invoke([*args, "--help"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Examples:" in result.stdout
    found = examples(result.stdout)
    assert len(found) >= 2, found
    assert all(line.startswith("policytl ") for line in found), found
    return result.stdout


def test_the_commands_of_this_branch_are_registered() -> None:
    assert {"validate", "show", "bodies", "tags", "kinds", "jurisdictions"} <= set(COMMANDS)


def test_root_help_has_examples() -> None:
    _help([])


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_examples(command: str) -> None:
    out = _help([command])
    # every example of a command uses that command (or shows where it leads)
    assert any(line.startswith(f"policytl {command}") for line in examples(out))


def test_examples_keep_their_line_breaks() -> None:
    out = invoke(["show", "--help"]).stdout
    assert examples(out) == [
        "policytl show --since 2016",
        "policytl show --body 北京金融局 --until 2019 --detail",
        "policytl show --jurisdiction national --lang en --format json",
        "policytl show --chart --lanes body --svg chart.svg",
    ]


@pytest.mark.parametrize("command", ["show", "bodies", "tags", "kinds", "jurisdictions"])
def test_examples_of_show_and_its_companions_run(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # These examples read the embedded data set only, so they can run here
    # (in a temporary folder: an example may write a file such as chart.svg).
    monkeypatch.chdir(tmp_path)
    for line in examples(invoke([command, "--help"]).stdout):
        args = shlex.split(line)[1:]
        if "--data" in args:
            continue
        result = invoke(args)
        assert result.exit_code == 0, (line, result.stderr)
        assert result.stdout, line


def _readme_show_section() -> str:
    """The guide pages of show and of its filters (docs/guide/)."""
    guide = ROOT / "docs" / "guide"
    return "\n".join(
        (guide / name).read_text(encoding="utf-8") for name in ("show.md", "filters.md")
    )


def test_readme_messages_are_real() -> None:
    section = _readme_show_section()
    for args in (
        ["--body", "pbco"],
        ["--since", "soon"],
        ["--since", "2020", "--until", "2019"],
        ["--body", "pboc", "--tag", "funding"],
    ):
        result = invoke(["show", *args])
        assert result.stderr.strip() in section, args
