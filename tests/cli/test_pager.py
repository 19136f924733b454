"""The pager (issue 21): when it starts (the screen's height, exactly), and what happens
when it cannot start (the output is written directly, with one line on stderr)."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest

from policytl.cli.pager import Pager, pager_argv

from ..conftest import invoke
from ..ptyrun import policytl, run_in_pty


def _recording(tmp_path: Path) -> tuple[str, Path]:
    paged = tmp_path / "paged.txt"
    return f"cat > {shlex.quote(str(paged))}", paged


# --- the height: a screen of N rows shows N - 1 lines and the prompt ---------------------


@pytest.mark.parametrize(("lines", "paged"), [(9, False), (10, True), (11, True), (1, False)])
def test_the_pager_starts_at_the_screens_height(lines: int, paged: bool, tmp_path: Path) -> None:
    command, path = _recording(tmp_path)
    out = io.StringIO()
    pager = Pager(out, command, height=10, width=20)
    text = "".join(f"line {n}\n" for n in range(lines))
    pager.write(text)
    assert pager.paging is paged
    pager.close()
    if paged:
        assert (out.getvalue(), path.read_text(encoding="utf-8")) == ("", text)
    else:
        assert (out.getvalue(), path.exists()) == (text, False)


@pytest.mark.parametrize(
    ("line", "rows"),
    [("x" * 20, 1), ("x" * 21, 2), ("中" * 10, 1), ("中" * 11, 2), ("\x1b[31m" + "x" * 20, 1)],
)
def test_long_lines_count_the_rows_they_wrap_to(line: str, rows: int, tmp_path: Path) -> None:
    """9 lines of one row, then one of ``rows`` rows on a 10-row screen 20 columns wide."""
    command, _ = _recording(tmp_path)
    pager = Pager(io.StringIO(), command, height=10, width=20)
    pager.write("a\n" * 8)
    pager.write(line + "\n")
    assert pager.paging is (rows == 2)
    pager.close()


def test_output_written_in_pieces_is_counted_once_per_line(tmp_path: Path) -> None:
    command, path = _recording(tmp_path)
    out = io.StringIO()
    pager = Pager(out, command, height=3, width=80)
    for piece in ("a", "b\n", "c", "\n"):
        pager.write(piece)
    assert not pager.paging
    pager.write("d\n")
    assert pager.paging
    pager.close()
    assert path.read_text(encoding="utf-8") == "ab\nc\nd\n"


# --- a pager that cannot start --------------------------------------------------------------


def test_plain_commands_run_without_a_shell() -> None:
    assert pager_argv("less -R") == ["less", "-R"]
    assert pager_argv("'my pager' -x") == ["my pager", "-x"]
    assert pager_argv("less | cat") is None
    assert pager_argv("LESS=R less") is None
    with pytest.raises(ValueError):
        pager_argv("less '-R")


@pytest.mark.parametrize(
    ("pager", "why"),
    [
        ("policytl-no-such-pager", "no such file or directory"),
        ("{folder}", "permission denied"),
        ("less '-R", "no closing quotation"),
    ],
)
def test_a_pager_that_cannot_start_writes_directly(pager: str, why: str, tmp_path: Path) -> None:
    pager = pager.replace("{folder}", str(tmp_path))
    run = run_in_pty(policytl("show"), rows=10, env={"POLICYTL_PAGER": pager})
    want = invoke(["show"], {"COLUMNS": "80", "FORCE_COLOR": "1"}).stdout
    warning = f"policytl: warning: cannot start the pager {pager!r} ({why}); writing directly\n"
    assert run.status == 0
    assert run.text == warning + want


def test_a_pager_that_cannot_start_keeps_the_exit_status(tmp_path: Path) -> None:
    diff = Path(__file__).resolve().parent.parent / "fixtures" / "diff"
    argv = ["diff", str(diff / "old.yaml"), str(diff / "new.yaml")]
    run = run_in_pty(policytl(*argv), rows=5, env={"POLICYTL_PAGER": "policytl-no-such-pager"})
    assert run.status == 1
    assert run.text.startswith("policytl: warning: cannot start the pager")
    assert run.text.endswith(invoke(argv, {"COLUMNS": "80", "FORCE_COLOR": "1"}).stdout)
