"""Exit codes and streams in an unlucky environment (issue 21): a closed stdin, bytes
of the command line that are not UTF-8, an "encoding" that cannot write text, -o naming
a closed stdout, an empty -o, and every way a flush of stdout can fail."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policytl.cli import stdio

from ..conftest import child_env, invoke

VALID = str(Path(__file__).resolve().parent.parent / "hostile" / "valid-minimal.yaml")
HANG = 60


def _sh(script: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``script`` in sh, with $PY the interpreter and $V a valid timeline."""
    return subprocess.run(
        ["sh", "-c", script],
        capture_output=True,
        check=False,
        timeout=HANG,
        env=child_env(PY=sys.executable, V=VALID, **env),
    )


def test_diff_from_a_closed_stdin() -> None:
    run = _sh('"$PY" -m policytl diff - "$V" <&-')
    assert (run.returncode, run.stdout) == (2, b"")
    assert (
        run.stderr
        == b"policytl: error: cannot load OLD: - reads standard input, but it is closed\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--title", "T\udcff", "-o", "{out}"],
        ["export", "--title", "T\udcff", "-f", "html"],
        ["export", "--title", "\udcfe\udcff", "-f", "markdown"],
    ],
)
def test_text_options_that_are_not_utf8(argv: list[str], tmp_path: Path) -> None:
    """Bytes that are not UTF-8 (Python keeps them as lone surrogates) are one line, exit 2."""
    args = [a.replace("{out}", str(tmp_path / "out.md")) for a in argv]
    run = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"policytl",
            *(os.fsencode(a) for a in args),
            b"--data",
            VALID.encode(),
        ],
        capture_output=True,
        check=False,
        timeout=HANG,
        env=child_env(),
    )
    assert (run.returncode, run.stdout) == (2, b"")
    shown = repr(argv[2].replace("T", "").encode("utf-8", "surrogateescape"))
    assert run.stderr.decode() == (
        f"policytl: error: the command line holds bytes that are not UTF-8 text ({shown}); "
        "give text options as UTF-8\n"
    )
    assert not (tmp_path / "out.md").exists()


def test_search_that_is_not_utf8_is_handled() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "policytl",
            "show",
            "--search",
            b"\xff".decode("utf-8", "surrogateescape"),
            "--data",
            VALID,
        ],
        capture_output=True,
        check=False,
        timeout=HANG,
        env=child_env(),
    )
    assert (run.returncode, run.stdout) == (0, b"")
    assert run.stderr == b"policytl: no event matches --search \\udcff\n"


@pytest.mark.parametrize("encoding", ["idna", "punycode"])
def test_an_encoding_that_cannot_write_text_writes_utf8(encoding: str) -> None:
    want = invoke(["show", "--data", VALID]).stdout.encode("utf-8")
    run = _sh('"$PY" -m policytl show --data "$V"', PYTHONIOENCODING=encoding)
    assert (run.returncode, run.stderr, run.stdout) == (0, b"", want)
    err = _sh('"$PY" -m policytl show --data nowhere.yaml', PYTHONIOENCODING=encoding)
    assert err.returncode == 2
    assert err.stderr.startswith(b"policytl: error: ")


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_o_naming_a_closed_stdout_is_an_error(name: str) -> None:
    run = _sh(f'"$PY" -m policytl export -o {name} --data "$V" >&-')
    assert run.returncode == 1
    assert run.stderr == b"policytl: error: cannot write to standard output: it is closed\n"
    piped = _sh(f'"$PY" -m policytl export -o {name} --data "$V"')
    assert (piped.returncode, piped.stdout) == (
        0,
        _sh('"$PY" -m policytl export --data "$V"').stdout,
    )


@pytest.mark.parametrize("command", ["schema", "export"])
def test_an_empty_o_is_a_usage_error(command: str) -> None:
    result = invoke([command, "-o", ""])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "policytl: error: -o '': the file name is empty (an unset variable?)\n"


# --- stdio's flush: every OSError, not only EPIPE ------------------------------------------


class _Failing(io.StringIO):
    def __init__(self, error: OSError, on: str) -> None:
        super().__init__()
        self.error, self.on = error, on

    def write(self, data: Any) -> int:
        if self.on == "write":
            raise self.error
        return super().write(data)

    def flush(self) -> None:
        if self.on == "flush":
            raise self.error


@pytest.mark.parametrize("on", ["write", "flush"])
@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "no space left on device"),
        (errno.EIO, "input/output error"),
        (errno.EDQUOT, "disk quota exceeded"),
        (errno.EBADF, "it is closed"),
    ],
)
def test_a_failing_stdout_is_an_output_error(on: str, code: int, reason: str) -> None:
    guarded = stdio._Guarded(_Failing(OSError(code, "x"), on))
    with pytest.raises(stdio.OutputError) as info:
        guarded.write("text")
        guarded.flush()
    assert str(info.value) == f"cannot write to standard output: {reason}"


@pytest.mark.parametrize("on", ["write", "flush"])
@pytest.mark.parametrize("error", [BrokenPipeError(errno.EPIPE, "x"), OSError(errno.EPIPE, "x")])
def test_a_reader_that_went_away_is_pipe_closed(on: str, error: OSError) -> None:
    guarded = stdio._Guarded(_Failing(error, on))
    with pytest.raises(stdio.PipeClosed):
        guarded.write("text")
        guarded.flush()


def test_a_full_disk_at_the_last_flush_is_one_line_and_exit_1() -> None:
    """Output short enough to sit in the buffer fails only at the final flush."""
    run = _sh('"$PY" -m policytl kinds --data "$V" > /dev/full')
    assert (run.returncode, run.stderr) == (
        1,
        b"policytl: error: cannot write to standard output: no space left on device\n",
    )


@pytest.mark.parametrize(
    "command", ["show --data /dev/stdin", "validate /dev/fd/0", "stats --data /proc/self/fd/0"]
)
def test_a_data_file_on_a_closed_stdin_is_a_usage_error(command: str) -> None:
    """Standard input's number holds the null device when it is closed, which read as an
    empty (invalid) file: exit 1 where no data was given at all."""
    name = command.split()[-1]
    run = _sh(f'"$PY" -m policytl {command} <&-')
    assert (run.returncode, run.stdout) == (2, b"")
    assert (
        run.stderr == f"policytl: error: {name} reads standard input, but it is closed\n".encode()
    )
