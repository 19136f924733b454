"""The views in a real terminal: colour by default and the terminal's width (issue 17).

What only a terminal has: colour by default, the width read from the terminal
(set with TIOCSWINSZ by tests/ptyrun.py, as a terminal emulator does), and the Rich path of
``show`` (a pipe gets the plain streaming path). Each output is compared exactly
with what is known to be right: the in-process run told the same things through
the environment (FORCE_COLOR=1, COLUMNS=N), and the golden file of the view with
its colour codes removed. The terminal turns "\\n" into "\\r\\n" (ONLCR); that is
the only thing undone.

The pager is ``cat``: the terminal is not interactive (tests/cli/test_pty.py tests the
pager itself).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from ..conftest import ROOT, child_env, invoke
from ..goldens import GOLDEN
from ..ptyrun import policytl, run_in_pty

#: a hang guard for the child, far above what any run takes; not a timing assertion
HANG = 120
SGR = re.compile(r"\x1b\[[0-9;]*m")
SINCE_2016 = ["show", "--since", "2016"]


def in_terminal(
    args: list[str], columns: int, rows: int = 50, **env: str | None
) -> tuple[int, str]:
    """(status, what the terminal showed) of ``policytl ARGS`` on a terminal of
    ``columns`` x ``rows`` (tests/ptyrun.py; the pager, if any, is cat)."""
    run = run_in_pty(
        policytl(*args),
        rows=rows,
        columns=columns,
        env={"PAGER": "cat", "POLICYTL_PAGER": "cat", **env},
        timeout=HANG,
    )
    return run.status, run.text


def told(args: list[str], columns: int) -> str:
    """What policytl prints when the environment says what the terminal would."""
    result = invoke(args, env={"COLUMNS": str(columns), "FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def golden_view(name: str) -> str:
    return (GOLDEN / "show" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_show_on_a_terminal_is_coloured_and_as_wide_as_the_terminal(columns: int) -> None:
    status, out = in_terminal(SINCE_2016, columns)
    assert status == 0
    assert out == told(SINCE_2016, columns)
    assert SGR.search(out) is not None  # colour by default
    assert SGR.sub("", out) == golden_view(f"since-2016-{columns}.txt")


def test_no_color_on_a_terminal_is_the_plain_view() -> None:
    status, out = in_terminal(SINCE_2016, 80, NO_COLOR="1")
    assert (status, out) == (0, golden_view("since-2016-80.txt"))


def test_a_dumb_terminal_gets_no_colour() -> None:
    status, out = in_terminal(SINCE_2016, 80, TERM="dumb")
    assert (status, out) == (0, golden_view("since-2016-80.txt"))


def test_columns_beats_the_terminal_width() -> None:
    status, out = in_terminal(SINCE_2016, 120, COLUMNS="60")
    assert status == 0
    assert SGR.sub("", out) == golden_view("since-2016-60.txt")


def test_a_terminal_too_narrow_is_drawn_at_the_narrowest_layout() -> None:
    status, out = in_terminal(SINCE_2016, 30)
    assert status == 0
    assert out == told(SINCE_2016, 30)
    assert max(len(line) for line in SGR.sub("", out).splitlines()) <= 40


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (["show", "--since", "2016", "--lang", "EN"], 100),
        (["show", "--detail", "--since", "2020-06"], 100),
        (["show", "--chart"], 90),
        (["compare", "CN-BJ", "CN"], 100),
        (["stats"], 70),
        (["bodies"], 60),
        (["validate"], 80),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else str(v),
)
def test_every_view_on_a_terminal_is_what_the_environment_would_make(
    args: list[str], columns: int
) -> None:
    status, out = in_terminal(args, columns)
    assert status == 0
    assert out == told(args, columns)
    if args[0] != "validate":
        assert SGR.search(out) is not None


def test_a_pipe_is_not_a_terminal() -> None:
    """Control: the same command with stdout on a pipe gets no colour and 100 columns."""
    proc = subprocess.run(
        [sys.executable, "-m", "policytl", *SINCE_2016],
        capture_output=True,
        cwd=ROOT,
        env=child_env(TERM="xterm-256color"),
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout.decode("utf-8") == invoke(SINCE_2016).stdout
    assert SGR.search(proc.stdout.decode("utf-8")) is None
