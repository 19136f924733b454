"""Terminal behaviour through a real pseudo-terminal (issue 15): pager, colour, highlight.

Each test runs the installed command (``python -m policytl``) in a pty of a set size
(tests/ptyrun.py), so that it sees a terminal exactly as a user's shell gives it one.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import FIXTURES, child_env, invoke
from ..ptyrun import policytl, run_in_pty

SGR = re.compile(r"\x1b\[[0-9;]*m")
DIFF = FIXTURES / "diff"


def _pager(tmp_path: Path) -> str:
    """A pager that records its environment and its input (and shows nothing)."""
    env, paged = tmp_path / "env.txt", tmp_path / "paged.txt"
    return f"env > {shlex.quote(str(env))}; cat > {shlex.quote(str(paged))}"


def _paged(tmp_path: Path) -> str | None:
    path = tmp_path / "paged.txt"
    return path.read_text(encoding="utf-8") if path.exists() else None


def _coloured(argv: list[str], columns: int) -> str:
    """What policytl prints in colour at ``columns`` (the reference for the pty runs)."""
    result = invoke(argv, {"COLUMNS": str(columns), "FORCE_COLOR": "1"})
    return result.stdout


# --- the pager ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 160])
def test_long_output_goes_through_the_pager_in_colour(columns: int, tmp_path: Path) -> None:
    run = run_in_pty(
        policytl("show"), rows=24, columns=columns, env={"POLICYTL_PAGER": _pager(tmp_path)}
    )
    assert (run.status, run.output) == (0, "")  # all of it went to the pager
    assert _paged(tmp_path) == _coloured(["show"], columns)
    env = (tmp_path / "env.txt").read_text(encoding="utf-8").splitlines()
    assert "LESS=FRX" in env


def test_the_users_less_settings_are_kept(tmp_path: Path) -> None:
    run_in_pty(policytl("show"), env={"POLICYTL_PAGER": _pager(tmp_path), "LESS": "-R"})
    assert "LESS=-R" in (tmp_path / "env.txt").read_text(encoding="utf-8").splitlines()


def test_output_that_fits_the_screen_is_not_paged(tmp_path: Path) -> None:
    argv = ["show", "--kind", "target"]  # one event (issue 16: the goal is of 2020)
    run = run_in_pty(policytl(*argv), rows=40, env={"POLICYTL_PAGER": _pager(tmp_path)})
    assert _paged(tmp_path) is None
    assert (run.status, run.text) == (0, _coloured(argv, 80))


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "--no-pager"],
        ["compare", "CN-BJ", "CN", "--no-pager"],
        ["stats", "--no-pager"],
        ["export", "--no-pager"],
        ["diff", str(DIFF / "old.yaml"), str(DIFF / "new.yaml"), "--no-pager"],
    ],
    ids=" ".join,
)
def test_no_pager_writes_to_the_terminal(argv: list[str], tmp_path: Path) -> None:
    run = run_in_pty(policytl(*argv), rows=10, env={"POLICYTL_PAGER": _pager(tmp_path)})
    assert _paged(tmp_path) is None
    assert run.status in (0, 1)
    assert run.text == invoke(argv, {"COLUMNS": "80", "FORCE_COLOR": "1"}).stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "CN-BJ", "CN"],
        ["stats"],
        ["export"],
        ["bodies"],
        ["schema"],
        ["show", "-f", "json"],
        ["diff", str(DIFF / "old.yaml"), str(DIFF / "new.yaml")],
    ],
    ids=" ".join,
)
def test_every_long_output_is_paged(argv: list[str], tmp_path: Path) -> None:
    run = run_in_pty(policytl(*argv), rows=10, env={"POLICYTL_PAGER": _pager(tmp_path)})
    assert run.status in (0, 1)
    assert run.output == ""
    assert _paged(tmp_path) == invoke(argv, {"COLUMNS": "80", "FORCE_COLOR": "1"}).stdout


def test_piped_output_is_never_paged(tmp_path: Path) -> None:
    env = child_env(POLICYTL_PAGER=_pager(tmp_path))
    proc = subprocess.run(policytl("show"), capture_output=True, env=env, check=False)
    assert proc.returncode == 0 and proc.stdout
    assert _paged(tmp_path) is None


def test_which_pager(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    # $PAGER when $POLICYTL_PAGER is not set
    run_in_pty(policytl("show"), env={"PAGER": _pager(theirs)})
    assert _paged(theirs) is not None
    # $POLICYTL_PAGER first
    (theirs / "paged.txt").unlink()
    run_in_pty(policytl("show"), env={"PAGER": _pager(theirs), "POLICYTL_PAGER": _pager(ours)})
    assert (_paged(ours) is not None, _paged(theirs)) == (True, None)
    # empty, or cat: no pager
    for none in ("", "cat"):
        run = run_in_pty(policytl("show"), env={"POLICYTL_PAGER": none, "PAGER": _pager(theirs)})
        assert run.text == _coloured(["show"], 80)
        assert _paged(theirs) is None


def test_the_config_files_pager(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("pager = '" + _pager(tmp_path) + "'\n", encoding="utf-8")
    run_in_pty(policytl("show"), env={"POLICYTL_CONFIG": str(config)})
    assert _paged(tmp_path) == _coloured(["show"], 80)
    (tmp_path / "paged.txt").unlink()
    config.write_text("pager = false\n", encoding="utf-8")
    run = run_in_pty(policytl("show"), env={"POLICYTL_CONFIG": str(config)})
    assert (_paged(tmp_path), run.text) == (None, _coloured(["show"], 80))


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is not installed (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed (run .ci/run, or apt-get install {tool})")


def test_less_pages_and_quits_on_q() -> None:
    _need("less")
    run = run_in_pty(policytl("show"), rows=12, columns=80, keys=[("2016", "q")], timeout=30)
    assert run.status == 0
    first = _coloured(["show"], 80).splitlines()[0]
    assert first in run.text  # the first screen, colours and all (less -R)
    assert "15 events" not in SGR.sub("", run.text)  # q before the end


# --- colour ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({}, True),
        ({"TERM": "dumb"}, False),
        ({"NO_COLOR": "1"}, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, False),  # as Rich reads them
        ({"POLICYTL_LANG": "en"}, True),
    ],
)
def test_colour_on_a_terminal(env: dict[str, str], coloured: bool) -> None:
    argv = ["show", "--kind", "target", "--no-pager"]
    run = run_in_pty(policytl(*argv), env=env)
    assert run.status == 0
    assert ("\x1b[" in run.output) is coloured
    plain = invoke(argv, {"COLUMNS": "80", **env}).stdout
    assert SGR.sub("", run.text) == plain


def test_diff_in_colour() -> None:
    argv = ["diff", "old.yaml", "new.yaml", "--no-pager"]
    run = run_in_pty(policytl(*argv), cwd=DIFF)
    assert run.status == 1
    lines = run.text.splitlines()
    assert lines[0] == "\x1b[1m--- old.yaml\x1b[0m"
    assert "\x1b[32m+ event fresh (2020-06-30) 新增 / Added event\x1b[0m" in lines
    assert "\x1b[31m- event gone (2017-05) 删除 / Removed event\x1b[0m" in lines
    assert "\x1b[33m~ event dated: date '2016' -> '2016-02'\x1b[0m" in lines
    assert lines[-1].startswith("events: ")  # the summary stays plain
    plain = run_in_pty(policytl(*argv), cwd=DIFF, env={"TERM": "dumb"})
    assert SGR.sub("", run.text) == plain.text
    assert "\x1b" not in plain.output


def test_validate_in_colour(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: policytl/1\nevents: [{id: x}]\n", encoding="utf-8")
    run = run_in_pty(policytl("validate", str(bad), "--no-pager"))
    lines = run.text.splitlines()
    assert run.status == 1
    assert all("\x1b[31m" in line and line.endswith("\x1b[0m") for line in lines[:-1])
    assert lines[-1] == "\x1b[1;31minvalid: 6 errors, 0 warnings in " + str(bad) + "\x1b[0m"
    ok = run_in_pty(policytl("validate", "--no-pager"))
    assert ok.status == 0
    assert ok.text.startswith("\x1b[32mok: ") or "\x1b[33m" in ok.text


def test_search_is_highlighted_on_a_terminal_only() -> None:
    argv = ["show", "--search", "基金", "--lang", "zh", "--no-pager"]
    for columns in (60, 80, 160):
        run = run_in_pty(policytl(*argv), columns=columns)
        marked = re.findall(r"\x1b\[[0-9;]*7[0-9;]*m([^\x1b]*)\x1b\[0m", run.text)
        assert marked and set(marked) == {"基金"}, columns
    piped = invoke(argv, {"COLUMNS": "80"}).stdout
    assert "\x1b" not in piped and "基金" in piped


def test_quitting_less_early_ends_quietly(tmp_path: Path) -> None:
    _need("less")
    from ..conftest import big_timeline

    data = big_timeline(tmp_path / "big.yaml")  # far more than the pipe holds
    run = run_in_pty(
        policytl("show", "--data", str(data)),
        rows=20,
        keys=[("Event number 1060", "q")],
        timeout=60,
    )
    assert run.status == 0
    assert "policytl:" not in run.text  # no message: the reader went away, as with | head
    assert "Event number 999 " not in run.text
