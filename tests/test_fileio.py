"""Nothing lost (issue 7): write_atomic leaves an existing file byte for byte as it was.

Every failure is simulated where it happens in real life: the disk fills up
during the write or the fsync, Ctrl-C arrives mid-write or just before the
rename, the folder cannot be written. After each, the destination holds its
old bytes and no temporary file is left in the folder.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policytl import fileio
from policytl.errors import ExportError
from policytl.fileio import write_atomic

from .conftest import run_unprivileged

OLD = "旧的内容 — old content\n".encode() * 100
NEW = "新的内容 — new content\n" * 1000


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    path = tmp_path / "out.md"
    path.write_bytes(OLD)
    os.chmod(path, 0o640)
    return path


def _intact(dest: Path) -> None:
    """The old file is untouched and it is alone in its folder (no temp file left)."""
    assert dest.read_bytes() == OLD
    assert stat.S_IMODE(dest.stat().st_mode) == 0o640
    assert sorted(os.listdir(dest.parent)) == [dest.name]


class _FailingFile:
    """A real file whose write() writes part of the data, then fails."""

    def __init__(self, real: Any, exc: BaseException) -> None:
        self.real = real
        self.exc = exc

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise self.exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


def _fail_write(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> _FailingFile:
        return _FailingFile(real_fdopen(fd, *args, **kwargs), exc)

    monkeypatch.setattr(fileio.os, "fdopen", fdopen)


def _raise(exc: BaseException) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fail


def test_writes_and_keeps_the_mode(dest: Path) -> None:
    write_atomic(dest, NEW)
    assert dest.read_text(encoding="utf-8") == NEW
    assert stat.S_IMODE(dest.stat().st_mode) == 0o640
    assert sorted(os.listdir(dest.parent)) == [dest.name]


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.json", b"{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").read_bytes() == b"{}\n"
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_disk_full_during_write(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_write(monkeypatch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(ExportError) as info:
        write_atomic(dest, NEW)
    assert str(info.value) == f"cannot write {dest}: No space left on device"
    _intact(dest)


def test_disk_full_at_fsync(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        fileio.os, "fsync", _raise(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    )
    with pytest.raises(ExportError) as info:
        write_atomic(dest, NEW)
    assert str(info.value) == f"cannot write {dest}: No space left on device"
    _intact(dest)


def test_ctrl_c_during_write(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_write(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_atomic(dest, NEW)
    _intact(dest)


def test_ctrl_c_just_before_the_rename(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio.os, "replace", _raise(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(dest, NEW)
    _intact(dest)


def test_rename_fails(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio.os, "replace", _raise(OSError(errno.EXDEV, "Cross-device link")))
    with pytest.raises(ExportError) as info:
        write_atomic(dest, NEW)
    assert str(info.value) == f"cannot write {dest}: Cross-device link"
    _intact(dest)


def test_unwritable_folder_simulated(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied on creating the temp file (runs as root too, unlike chmod)."""
    monkeypatch.setattr(
        tempfile, "mkstemp", _raise(PermissionError(errno.EACCES, "Permission denied"))
    )
    with pytest.raises(ExportError) as info:
        write_atomic(dest, NEW)
    assert str(info.value) == f"cannot write {dest}: permission denied in {dest.parent}"
    _intact(dest)


WRITE = """\
import sys
from policytl.errors import ExportError
from policytl.fileio import write_atomic
try:
    write_atomic(sys.argv[1], sys.argv[2])
except ExportError as exc:
    print(exc)
"""


def test_unwritable_folder_for_real(dest: Path) -> None:
    """A real 0o500 folder, for root too: write_atomic runs in a child whose permission
    bits bind root (conftest.run_unprivileged drops CAP_DAC_OVERRIDE)."""
    os.chmod(dest.parent, 0o500)
    try:
        proc = run_unprivileged([sys.executable, "-c", WRITE, str(dest), NEW])
    finally:
        os.chmod(dest.parent, 0o700)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"cannot write {dest}: permission denied in {dest.parent}\n"
    _intact(dest)


def test_the_unprivileged_child_is_bound_by_permission_bits(tmp_path: Path) -> None:
    """Control for the tests above: whoever runs the suite (root in CI), the child
    cannot create a file in a read-only folder nor read a file without read bits."""
    (tmp_path / "ro").mkdir(mode=0o555)
    (tmp_path / "secret").write_text("x", encoding="utf-8")
    (tmp_path / "secret").chmod(0)
    code = (
        "import os\n"
        "for what, try_it in (('create', lambda: open('ro/f', 'x')),"
        " ('read', lambda: open('secret'))):\n"
        "    try:\n"
        "        try_it()\n"
        "        print(what, 'allowed')\n"
        "    except PermissionError:\n"
        "        print(what, 'denied')\n"
    )
    try:
        proc = run_unprivileged([sys.executable, "-c", code], cwd=tmp_path)
    finally:
        (tmp_path / "ro").chmod(0o755)
        (tmp_path / "secret").chmod(0o644)
    assert (proc.stdout, proc.stderr) == ("create denied\nread denied\n", "")


def test_read_only_file_system_simulated(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _raise(OSError(errno.EROFS, os.strerror(errno.EROFS))))
    with pytest.raises(ExportError) as info:
        write_atomic(dest, NEW)
    assert str(info.value) == f"cannot write {dest}: Read-only file system"
    _intact(dest)


def test_parent_is_a_file(tmp_path: Path) -> None:
    """A real unwritable destination, whoever runs the test: its 'folder' is a file."""
    blocker = tmp_path / "notes.txt"
    blocker.write_bytes(OLD)
    with pytest.raises(ExportError) as info:
        write_atomic(blocker / "out.md", NEW)
    assert str(info.value) == f"cannot write {blocker / 'out.md'}: Not a directory"
    assert blocker.read_bytes() == OLD
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        write_atomic(tmp_path / "nope" / "out.md", NEW)
    assert str(info.value) == (
        f"cannot write {tmp_path / 'nope' / 'out.md'}: folder {tmp_path / 'nope'} does not exist"
    )
    assert os.listdir(tmp_path) == []


def test_destination_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "out.md").mkdir()
    with pytest.raises(ExportError) as info:
        write_atomic(tmp_path / "out.md", NEW)
    assert str(info.value) == f"cannot write {tmp_path / 'out.md'}: it is a folder"
    assert os.listdir(tmp_path) == ["out.md"]
    assert os.listdir(tmp_path / "out.md") == []


def test_a_symlinked_destination_is_replaced_not_followed(tmp_path: Path) -> None:
    """The link is replaced by the new file; what it pointed to is left as it was."""
    target = tmp_path / "target.md"
    target.write_bytes(OLD)
    (tmp_path / "link.md").symlink_to(target)
    write_atomic(tmp_path / "link.md", NEW)
    assert target.read_bytes() == OLD
    assert not (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "link.md").read_text(encoding="utf-8") == NEW
