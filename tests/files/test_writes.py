"""Writes and paths from the command line (issue 12): -o and --svg like the shell's `>`,
never onto an input, SIGTERM cleanup, empty and over-long paths, in every command.

Each class is checked through the command line where it applies, and in a real process
where only a real process shows it (devices, FIFOs, signals).
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ..conftest import FIXTURES, ROOT, big_timeline, child_env, invoke

SMALL = FIXTURES / "export" / "small.yaml"
OLD = "用户的数据 — the user's data\n".encode()
EXPORT = invoke(["export", "-d", str(SMALL)]).stdout_bytes


def _policytl(
    *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "policytl", *args],
        capture_output=True,
        env=child_env(**(env or {})),
        cwd=ROOT,
        timeout=120,
        check=False,
        **kw,  # type: ignore[call-overload]
    )


# --- never onto an input ------------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "v.yaml"
    path.write_bytes(SMALL.read_bytes())
    return path


def _unchanged(path: Path) -> None:
    assert path.read_bytes() == SMALL.read_bytes()


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_export_onto_its_input_is_refused(
    data: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data.parent)
    os.link(data, data.parent / "hard.yaml")
    (data.parent / "soft.yaml").symlink_to("v.yaml")
    cases = {
        "v.yaml": "-o v.yaml is one of the input files",
        "./v.yaml": "-o ./v.yaml (v.yaml) is one of the input files",
        str(data): f"-o {data} (v.yaml) is one of the input files",
        "hard.yaml": "-o hard.yaml (v.yaml) is one of the input files",
        "soft.yaml": "-o soft.yaml (v.yaml) is one of the input files",
    }
    for out, says in cases.items():
        result = invoke(["export", "-f", fmt, "--data", "v.yaml", "-o", out])
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            f"policytl: error: {says}; refusing to overwrite it (write to another file)\n",
        ), out
        _unchanged(data)
    assert sorted(os.listdir(data.parent)) == ["hard.yaml", "soft.yaml", "v.yaml"]


def test_an_input_found_in_a_folder_or_in_the_environment_is_refused(data: Path) -> None:
    other = data.parent / "w.yaml"
    other.write_bytes(SMALL.read_bytes().replace(b"bj-", b"bx-"))
    result = invoke(["export", "--data", str(data.parent), "-o", str(other)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"policytl: error: -o {other} is one of the input files; "
        "refusing to overwrite it (write to another file)\n"
    )
    result = invoke(["export", "-f", "csv", "-o", str(data)], {"POLICYTL_DATA": str(data)})
    assert result.exit_code == 2
    _unchanged(data)


@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["show", "--chart"],
        ["stats"],
        ["compare", "CN-BJ", "CN"],
    ],
    ids=" ".join,
)
def test_svg_onto_an_input_is_refused(data: Path, argv: list[str]) -> None:
    link = data.parent / "link.svg"
    link.symlink_to(data.name)
    result = invoke([*argv, "--data", str(data), "--svg", str(link)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"policytl: error: --svg {link} ({data}) is one of the input files; "
        "refusing to overwrite it (write to another file)\n"
    )
    _unchanged(data)


def test_an_output_beside_the_input_is_written(data: Path) -> None:
    out = data.parent / "v.md"
    result = invoke(["export", "--data", str(data), "-o", str(out)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert out.read_bytes() == EXPORT


# --- like the shell's `>` -----------------------------------------------------------------


def test_export_to_dev_null() -> None:
    result = invoke(["export", "-d", str(SMALL), "-o", "/dev/null"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_and_svg_to_dev_full() -> None:
    for argv, option in (
        (["export", "-d", str(SMALL), "-o", "/dev/full"], "-o"),
        (["stats", "-d", str(SMALL), "--svg", "/dev/full"], "--svg"),
    ):
        result = invoke(argv)
        assert result.exit_code == 1, option
        assert result.stderr == "policytl: error: cannot write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root (CI runs as root)")
def test_export_to_a_device_node_as_root(tmp_path: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    proc = _policytl("export", "-d", str(SMALL), "-o", str(node))
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert stat.S_ISCHR(node.stat().st_mode)
    assert os.listdir(tmp_path) == ["null"]


def test_export_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = _policytl("export", "-d", str(SMALL), "-o", str(fifo))
    reader.join(timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    assert got == [EXPORT]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_export_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "site" / "timeline.md"
    target.parent.mkdir()
    target.write_bytes(OLD)
    target.chmod(0o604)
    link = tmp_path / "timeline.md"
    link.symlink_to(Path("site") / "timeline.md")
    result = invoke(["export", "-d", str(SMALL), "-o", str(link)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert link.is_symlink() and os.readlink(link) == os.path.join("site", "timeline.md")
    assert target.read_bytes() == EXPORT
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert sorted(os.listdir(tmp_path)) == ["site", "timeline.md"]
    assert os.listdir(target.parent) == ["timeline.md"]


def test_a_read_only_output_is_an_error_and_stays(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    out.write_bytes(OLD)
    out.chmod(0o444)
    for argv in (["export", "-o", str(out)], ["show", "--svg", str(out)]):
        result = invoke([*argv, "-d", str(SMALL)])
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == f"policytl: error: cannot write {out}: the file is read-only\n"
    assert out.read_bytes() == OLD
    assert stat.S_IMODE(out.stat().st_mode) == 0o444
    assert os.listdir(tmp_path) == ["out.md"]


def test_a_trailing_slash_names_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for argv in (["export", "-o", "newdir/"], ["stats", "--svg", "newdir/"]):
        result = invoke([*argv, "-d", str(SMALL)])
        assert (result.exit_code, result.stdout) == (1, "")
        assert (
            result.stderr == "policytl: error: cannot write newdir/: folder newdir does not exist\n"
        )
    assert os.listdir(tmp_path) == []


def test_an_empty_output_name_is_a_usage_error() -> None:
    result = invoke(["export", "-d", str(SMALL), "-o", ""])
    assert (result.exit_code, result.stderr) == (
        2,
        "policytl: error: -o '': the file name is empty (an unset variable?)\n",
    )


# --- SIGTERM during a write ---------------------------------------------------------------

# Loaded by `python -m policytl` through PYTHONPATH: the write stops at its fsync until
# the test has sent SIGTERM (no timing involved: "ready" on stderr says when).
SLOW_FSYNC = """\
import os, sys, time

_real_fsync = os.fsync


def _slow_fsync(fd):
    sys.stderr.write("ready\\n")
    sys.stderr.flush()
    time.sleep(600)  # interrupted by the test's SIGTERM
    _real_fsync(fd)


os.fsync = _slow_fsync
"""


def _terminated_mid_write(argv: list[str], hooks: Path, env: dict[str, str]) -> tuple[int, bytes]:
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SLOW_FSYNC, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytl", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(**{**env, "PYTHONPATH": str(hooks)}),
        cwd=ROOT,
    )
    assert proc.stderr is not None
    try:
        assert proc.stderr.readline() == b"ready\n"
        proc.send_signal(signal.SIGTERM)
        rest = proc.stderr.read()
        return proc.wait(timeout=60), rest
    finally:
        proc.kill()
        proc.stderr.close()


@pytest.mark.parametrize(
    "argv",
    [["export", "-o"], ["export", "-f", "JSON", "-o"], ["stats", "--svg"]],
    ids=["fast", "typer", "svg"],
)
def test_sigterm_during_a_write_removes_the_temp_file(tmp_path: Path, argv: list[str]) -> None:
    out = tmp_path / "out" / "timeline.md"
    out.parent.mkdir()
    out.write_bytes(OLD)
    code, err = _terminated_mid_write(
        [*argv, str(out), "-d", str(SMALL), "--no-cache"], tmp_path / "hooks", {}
    )
    assert (code, err) == (143, b"policytl: terminated\n")
    assert out.read_bytes() == OLD
    assert os.listdir(out.parent) == ["timeline.md"]


@pytest.mark.parametrize("command", ["show", "stats"])
def test_sigterm_during_a_cache_write_removes_the_temp_file(tmp_path: Path, command: str) -> None:
    cache = tmp_path / "cache"
    data = big_timeline(tmp_path / "big.yaml")
    code, err = _terminated_mid_write(
        [command, "-d", str(data)], tmp_path / "hooks", {"POLICYTL_CACHE_DIR": str(cache)}
    )
    assert (code, err) == (143, b"policytl: terminated\n")
    assert [p.name for p in cache.rglob("*") if p.name.endswith(".tmp")] == []


# --- empty paths --------------------------------------------------------------------------

EMPTY_DATA = (
    "policytl: error: --data '': the path is empty (an unset variable?); give a file or folder\n"
)

DATA_COMMANDS = [
    ["show"],
    ["show", "--lang", "EN"],  # Typer's path even when not asked
    ["export"],
    ["export", "-f", "json"],
    ["stats"],
    ["compare", "CN-BJ", "CN"],
    ["bodies"],
    ["tags"],
    ["kinds"],
    ["jurisdictions"],
    ["validate"],
    ["cite"],
]


@pytest.mark.parametrize("argv", DATA_COMMANDS, ids=" ".join)
def test_empty_data_path_is_a_usage_error(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a folder with a valid timeline: it must not be read
    (tmp_path / "here.yaml").write_bytes(SMALL.read_bytes())
    for data in (["--data", ""], ["--data", str(SMALL), "--data", ""]):
        result = invoke([*argv, *data])
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", EMPTY_DATA)


@pytest.mark.parametrize("value", [":", f"{SMALL}:", f":{SMALL}", f"{SMALL}::{SMALL}"])
@pytest.mark.parametrize("argv", [["show"], ["export", "-f", "JSON"], ["tags"]], ids=" ".join)
def test_empty_entry_in_policytl_data_is_a_usage_error(value: str, argv: list[str]) -> None:
    result = invoke(argv, {"POLICYTL_DATA": value})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"policytl: error: $POLICYTL_DATA has an empty entry ({value!r}): "
        "give files or folders separated by ':'\n"
    )


def test_empty_policytl_data_is_unset() -> None:
    assert invoke(["tags"], {"POLICYTL_DATA": ""}).stdout == invoke(["tags"]).stdout


def test_empty_paths_as_arguments() -> None:
    for argv, what in (
        (["validate", ""], "PATH"),
        (["validate", str(SMALL), ""], "PATH"),
        (["diff", "", str(SMALL)], "OLD"),
        (["diff", str(SMALL), ""], "NEW"),
        (["init", ""], "DIR"),
    ):
        result = invoke(argv)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            f"policytl: error: {what} '': the path is empty (an unset variable?); "
            "give a file or folder\n"
        )


# --- names over 255 bytes -----------------------------------------------------------------


@pytest.mark.parametrize("argv", DATA_COMMANDS, ids=" ".join)
def test_a_data_name_over_255_bytes(argv: list[str], tmp_path: Path) -> None:
    long = tmp_path / ("长" * 86 + ".yaml")
    result = invoke([*argv, "--data", str(long)])
    assert (result.exit_code, result.stdout) == (2, "")  # cannot be opened at all: 2
    assert result.stderr == f"policytl: error: {long}: cannot read: File name too long\n"


def test_a_name_over_255_bytes_everywhere_else(tmp_path: Path) -> None:
    long = tmp_path / ("长" * 86 + ".yaml")
    cases = [
        (["validate", str(long)], 2, f"{long}: cannot read: File name too long"),
        (
            ["diff", str(long), str(SMALL)],
            2,
            f"cannot load OLD: {long}: cannot read: File name too long",
        ),
        (
            ["diff", str(SMALL), str(long)],
            2,
            f"cannot load NEW: {long}: cannot read: File name too long",
        ),
        (
            ["export", "-d", str(SMALL), "-o", str(long)],
            1,
            f"cannot write {long}: File name too long",
        ),
        (
            ["show", "-d", str(SMALL), "--svg", str(long)],
            1,
            f"cannot write {long}: File name too long",
        ),
        (
            ["stats", "-d", str(SMALL), "--svg", str(long)],
            1,
            f"cannot write {long}: File name too long",
        ),
        (
            ["compare", "CN-BJ", "CN", "-d", str(SMALL), "--svg", str(long)],
            1,
            f"cannot write {long}: File name too long",
        ),
    ]
    for argv, code, says in cases:
        result = invoke(argv)
        assert (result.exit_code, result.stdout, result.stderr) == (
            code,
            "",
            f"policytl: error: {says}\n",
        ), argv
    assert os.listdir(tmp_path) == []


def test_a_read_only_input_is_refused_as_an_input(data: Path) -> None:
    """Both are true; the one that says more comes first."""
    data.chmod(0o444)
    result = invoke(["export", "--data", str(data), "-o", str(data)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"policytl: error: -o {data} is one of the input files; "
        "refusing to overwrite it (write to another file)\n",
    )


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json"])
def test_cite_onto_its_input_is_refused(data: Path, fmt: str) -> None:
    result = invoke(["cite", "-f", fmt, "--data", str(data), "-o", str(data)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"policytl: error: -o {data} is one of the input files; "
        "refusing to overwrite it (write to another file)\n",
    )
    _unchanged(data)


@pytest.mark.skipif(os.name != "posix", reason="/dev/stdout and /dev/fd are POSIX")
def test_dev_stdout_and_dev_fd_are_the_descriptors_themselves(tmp_path: Path) -> None:
    """As for the shell: `-o /dev/stdout >> log.md` appends, it never replaces log.md."""
    log = tmp_path / "log.md"
    log.write_bytes(b"first\\n")
    three = tmp_path / "three.md"
    script = (
        f'"$@" -o /dev/stdout >> {log} && "$@" -o /dev/fd/3 3> {three} '
        f'&& "$@" -o /proc/self/fd/1 >> {log}'
    )
    proc = subprocess.run(
        ["sh", "-c", script, "sh", sys.executable, "-m", "policytl", "export", "-d", str(SMALL)],
        capture_output=True,
        cwd=ROOT,
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert log.read_bytes() == b"first\\n" + EXPORT + EXPORT
    assert three.read_bytes() == EXPORT
    assert sorted(os.listdir(tmp_path)) == ["log.md", "three.md"]
