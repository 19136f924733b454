"""Editing a user's file (issue 21, data loss): the lock, the changed-since-read check,
hard links written in place, and every terminating signal during a write.

Concurrency is tested with real processes and no timing: all of them start, and each
must have landed when all have ended.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policytl.curate.skeleton import skeleton
from policytl.files.edit import EditConflict, edit, edit_all
from policytl.files.write import write_atomic
from policytl.model.errors import ExportError

from ..conftest import FIXTURES, ROOT, child_env, invoke

SMALL = FIXTURES / "export" / "small.yaml"
LIMIT = 1 << 20
#: seconds after which a process that should have ended is given up on (a hang guard)
HANG = 60


def _add_argv(path: Path, n: int) -> list[str]:
    return [
        sys.executable, "-m", "policytl", "add", str(path), "--no-interactive",
        "--date", f"2024-03-{n + 1:02d}", "--kind", "pilot-approved", "-j", "CN",
        "--title-en", f"Event number {n}", "--id", f"event-{n}", "--quote", f"Quote {n}.",
    ]  # fmt: skip


def _start(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), cwd=ROOT
    )


def _ids(path: Path) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return sorted(e["id"] for e in doc.get("events") or [])


# --- the lock -----------------------------------------------------------------------------


def test_parallel_adds_all_land(tmp_path: Path) -> None:
    f = tmp_path / "timeline.yaml"
    f.write_text(skeleton(), encoding="utf-8")
    before = _ids(f)
    n = 12
    procs = [_start(_add_argv(f, i)) for i in range(n)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    for i, (code, out, err) in enumerate(results):
        assert (code, out) == (0, b""), err
        assert err == f"policytl: added event 'event-{i}' (2024-03-{i + 1:02d}) to {f}\n".encode()
    assert _ids(f) == sorted([*before, *(f"event-{i}" for i in range(n))])
    assert os.listdir(tmp_path) == ["timeline.yaml"]  # no lock file, no temporary file


def test_fmt_racing_add_loses_nothing(tmp_path: Path) -> None:
    f = tmp_path / "timeline.yaml"
    # not canonical (fmt rewrites it) and valid
    f.write_text(skeleton().replace("publisher: Example News", "publisher: 'Example News'"))
    before = _ids(f)
    fmt = [sys.executable, "-m", "policytl", "fmt", str(f)]
    procs = [_start(argv) for i in range(6) for argv in (_add_argv(f, i), fmt)]
    for p in procs:
        code, (_, err) = p.wait(timeout=300), p.communicate()
        assert code == 0, err
    assert _ids(f) == sorted([*before, *(f"event-{i}" for i in range(6))])
    assert invoke(["fmt", "--check", str(f)]).exit_code == 0
    assert os.listdir(tmp_path) == ["timeline.yaml"]


def test_a_file_replaced_while_waiting_for_the_lock_is_read_anew(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_bytes(b"one\n")
    with edit(str(f), LIMIT) as first:
        # a second editor waits on the lock in a child process; the first replaces the file
        child = subprocess.Popen(
            [
                sys.executable, "-c",
                "import sys; from policytl.files.edit import edit\n"
                "with edit(sys.argv[1], 1 << 20) as ed: ed.write(ed.data + b'two\\n')",
                str(f),
            ],
            env=child_env(), cwd=ROOT,
        )  # fmt: skip
        first.write(b"zero\none\n")
    assert child.wait(timeout=120) == 0
    assert f.read_bytes() == b"zero\none\ntwo\n"


def test_the_same_file_by_two_names_is_locked_once(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_bytes(b"x\n")
    (tmp_path / "link.yaml").symlink_to("t.yaml")
    os.link(f, tmp_path / "hard.yaml")
    names = [str(f), str(tmp_path / "link.yaml"), str(tmp_path / "hard.yaml")]
    with edit_all(names, LIMIT) as edits:  # would wait for itself forever
        assert len({id(e) for e in edits.values()}) == 1
        assert list(edits) == names


# --- changed since read -------------------------------------------------------------------


@pytest.mark.parametrize("how", ["rewritten", "replaced", "removed"])
def test_a_file_changed_since_it_was_read_is_not_written(tmp_path: Path, how: str) -> None:
    f = tmp_path / "t.yaml"
    f.write_bytes(b"old\n")
    with edit(str(f), LIMIT) as ed:
        if how == "rewritten":  # an editor that writes in place, without the lock
            with open(f, "r+b") as fh:
                fh.write(b"new\n")
        elif how == "replaced":  # an editor that renames its new version over it
            (tmp_path / "new").write_bytes(b"old\n")
            os.replace(tmp_path / "new", f)
        else:
            f.unlink()
        with pytest.raises(EditConflict) as caught:
            ed.write(b"mine\n")
    assert str(caught.value) == (
        f"{f} changed on disk while policytl was editing it (another program wrote it); "
        "nothing was written: run the command again"
    )
    assert sorted(os.listdir(tmp_path)) == ([] if how == "removed" else ["t.yaml"])
    if how != "removed":
        assert f.read_bytes() == (b"new\n" if how == "rewritten" else b"old\n")


def test_the_refusal_is_one_line_from_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policytl.files import edit as edit_module

    f = tmp_path / "t.yaml"
    f.write_text(skeleton(), encoding="utf-8")
    real = edit_module.Edit.write

    def meddle(self: edit_module.Edit, data: bytes) -> None:
        f.write_bytes(f.read_bytes() + b"# meddled\n")
        real(self, data)

    monkeypatch.setattr(edit_module.Edit, "write", meddle)
    for argv in (["add", str(f), "--date", "2024", "-k", "statement", "--title-en", "T",
                  "--quote", "Q"], ["fmt", str(f)]):  # fmt: skip
        before = f.read_bytes()
        result = invoke(argv)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"policytl: error: {f} changed on disk while policytl was editing it "
            "(another program wrote it); nothing was written: run the command again\n"
        )
        assert f.read_bytes() == before + b"# meddled\n"
        if argv[0] == "fmt":
            break
        # fmt needs a file that is not canonical
        f.write_text(skeleton().replace("Example News", "'Example News'"), encoding="utf-8")


def test_the_byte_order_mark_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_bytes(b"\xef\xbb\xbfa: 1\n")
    with edit(str(f), LIMIT) as ed:
        assert ed.text == "a: 1\n"
        ed.write_text("a: 2\n")
    assert f.read_bytes() == b"\xef\xbb\xbfa: 2\n"


# --- hard links ---------------------------------------------------------------------------


def _linked(tmp_path: Path, content: bytes) -> tuple[Path, Path]:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(content)
    os.link(a, b)
    return a, b


def test_a_hard_linked_file_is_written_in_place(tmp_path: Path) -> None:
    a, b = _linked(tmp_path, b"old\n")
    os.chmod(a, 0o640)
    ino = a.stat().st_ino
    write_atomic(a, b"new and longer\n")
    assert (a.read_bytes(), b.read_bytes()) == (b"new and longer\n", b"new and longer\n")
    assert (a.stat().st_ino, a.stat().st_nlink, a.stat().st_mode & 0o777) == (ino, 2, 0o640)
    write_atomic(b, b"s\n")  # shorter: truncated
    assert a.read_bytes() == b"s\n"
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "b.yaml"]


@pytest.mark.parametrize("command", ["export", "fmt", "add"])
def test_commands_update_every_hard_link(tmp_path: Path, command: str) -> None:
    text = skeleton().replace("publisher: Example News", "publisher: 'Example News'")
    a, b = _linked(tmp_path, text.encode())
    out = tmp_path / "out.md"
    if command == "export":
        out.write_bytes(b"old\n")
        os.link(out, tmp_path / "out-link.md")
        argv = ["export", "-d", str(a), "-o", str(out)]
    elif command == "fmt":
        argv = ["fmt", str(a)]
    else:
        argv = ["add", str(a), "--date", "2024", "-k", "statement", "--title-en", "T",
                "--quote", "Q"]  # fmt: skip
    result = invoke(argv)
    assert result.exit_code == 0, result.stderr
    if command == "export":
        assert (tmp_path / "out-link.md").read_bytes() == out.read_bytes() != b"old\n"
    else:
        assert a.read_bytes() == b.read_bytes() != text.encode()
        assert a.stat().st_nlink == 2


def test_a_failed_copy_in_place_puts_the_old_content_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policytl.files import write as write_module

    a, b = _linked(tmp_path, b"old content\n")
    real = write_module._overwrite
    calls = []

    def full_disk(fd: int, payload: bytes) -> None:
        calls.append(payload)
        if len(calls) == 1:
            os.write(fd, payload[:3])  # a part was written, then the disk was full
            raise OSError(28, "No space left on device")
        real(fd, payload)

    monkeypatch.setattr(write_module, "_overwrite", full_disk)
    with pytest.raises(ExportError, match="No space left on device"):
        write_atomic(a, b"new content\n")
    assert calls == [b"new content\n", b"old content\n"]
    assert b.read_bytes() == b"old content\n"
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "b.yaml"]


# --- signals ------------------------------------------------------------------------------

# A sitecustomize hook that makes fsync wait until the test has sent its signal: it says
# "ready" on stderr, then blocks reading its standard input (no timing involved).
WAIT_IN_FSYNC = """\
import os, sys

_real_fsync = os.fsync


def _waiting_fsync(fd):
    sys.stderr.write("ready\\n")
    sys.stderr.flush()
    os.read(0, 1)  # interrupted by the test's signal
    _real_fsync(fd)


os.fsync = _waiting_fsync
"""

SIGNALS = ["SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGPIPE", "SIGALRM"]


@pytest.mark.parametrize("name", SIGNALS)
@pytest.mark.parametrize("command", ["export", "fmt", "add"])
def test_a_terminating_signal_during_a_write_leaves_the_old_file(
    tmp_path: Path, name: str, command: str
) -> None:
    signum = getattr(signal, name)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(WAIT_IN_FSYNC, encoding="utf-8")
    folder = tmp_path / "data"
    folder.mkdir()
    f = folder / "timeline.yaml"
    old = skeleton().replace("publisher: Example News", "publisher: 'Example News'").encode()
    f.write_bytes(old)
    argv = {
        "export": ["export", "-d", str(SMALL), "--no-cache", "-o", str(f)],
        "fmt": ["fmt", str(f)],
        "add": ["add", str(f), "--date", "2024", "-k", "statement", "--title-en", "T",
                "--quote", "Q"],
    }[command]  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytl", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(PYTHONPATH=str(hooks), POLICYTL_CACHE_DIR=str(tmp_path / "cache")),
        cwd=ROOT,
    )
    assert proc.stderr is not None
    try:
        assert proc.stderr.readline() == b"ready\n"
        proc.send_signal(signum)
        # a hang guard: a process that ignores the signal never ends on its own
        _, rest = proc.communicate(timeout=HANG)
        code = proc.returncode
    finally:
        proc.kill()
    assert (code, rest) == (128 + signum, b"policytl: terminated\n")
    assert f.read_bytes() == old
    assert os.listdir(folder) == ["timeline.yaml"]
