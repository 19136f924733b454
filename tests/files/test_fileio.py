"""Nothing lost (issue 7): write_atomic leaves an existing file byte for byte as it was.

Every failure is simulated where it happens in real life: the disk fills up
during the write or the fsync, Ctrl-C arrives mid-write or just before the
rename, the folder cannot be written. After each, the destination holds its
old bytes and no temporary file is left in the folder.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policytl.files import write as fileio
from policytl.files.write import write_atomic
from policytl.model.errors import ExportError

from ..conftest import run_unprivileged

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
from policytl.model.errors import ExportError
from policytl.files.write import write_atomic
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


# --- like the shell's `>` (issue 12) ----------------------------------------------------------

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root (CI runs as root)")


def _no_temp_files(*folders: Path) -> None:
    for folder in folders:
        assert [n for n in os.listdir(folder) if n.endswith(".tmp")] == [], folder


def test_dev_null_stays_a_device() -> None:
    write_atomic("/dev/null", NEW)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    _no_temp_files(Path("/dev"))


def test_dev_full_is_an_error_and_stays_a_device() -> None:
    with pytest.raises(ExportError) as info:
        write_atomic("/dev/full", NEW)
    assert str(info.value) == "cannot write /dev/full: No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@root_only
def test_a_device_node_is_written_through_not_replaced(tmp_path: Path) -> None:
    """The bug as reported: as root, a rename replaced a device by a regular file."""
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    write_atomic(node, NEW)
    with pytest.raises(ExportError) as info:
        write_atomic(full, NEW)
    assert str(info.value) == f"cannot write {full}: No space left on device"
    assert stat.S_ISCHR(node.stat().st_mode) and stat.S_ISCHR(full.stat().st_mode)
    assert sorted(os.listdir(tmp_path)) == ["full", "null"]


def _read_fifo(fifo: Path, out: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as fh:
            out.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_a_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    write_atomic(fifo, NEW * 20)  # more than a pipe holds: the reader must be the one reading
    reader.join(timeout=60)
    assert got == [NEW.encode("utf-8") * 20]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    """The file the link points to is replaced atomically, keeps its mode; the link stays."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "target.md"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    here = tmp_path / "here"
    here.mkdir()
    link = here / "link.md"
    link.symlink_to(Path("..") / "elsewhere" / "target.md")
    write_atomic(link, NEW)
    assert os.readlink(link) == os.path.join("..", "elsewhere", "target.md")
    assert target.read_text(encoding="utf-8") == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(here)) == ["link.md"]
    assert sorted(os.listdir(elsewhere)) == ["target.md"]


def test_a_chain_of_links_is_followed_to_the_end(tmp_path: Path) -> None:
    target = tmp_path / "target.md"
    target.write_bytes(OLD)
    (tmp_path / "b.md").symlink_to("target.md")
    (tmp_path / "a.md").symlink_to("b.md")
    write_atomic(tmp_path / "a.md", NEW)
    assert target.read_text(encoding="utf-8") == NEW
    assert (tmp_path / "a.md").is_symlink() and (tmp_path / "b.md").is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["a.md", "b.md", "target.md"]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "link.md").symlink_to("new.md")
    write_atomic(tmp_path / "link.md", NEW)
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "new.md").read_text(encoding="utf-8") == NEW


def test_a_link_to_a_device_writes_the_device(tmp_path: Path) -> None:
    (tmp_path / "sink").symlink_to("/dev/null")
    write_atomic(tmp_path / "sink", NEW)
    assert os.readlink(tmp_path / "sink") == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_loop_of_links_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(ExportError) as info:
        write_atomic(tmp_path / "a", NEW)
    assert str(info.value) == f"cannot write {tmp_path / 'a'}: Too many levels of symbolic links"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_a_read_only_file_is_an_error_and_stays(dest: Path, mode: int) -> None:
    """Whoever runs it: root may write anything, so the mode decides (no write bit)."""
    os.chmod(dest, mode)
    with pytest.raises(ExportError) as info:
        write_atomic(dest, NEW)
    assert str(info.value) == f"cannot write {dest}: the file is read-only"
    os.chmod(dest, 0o640)
    _intact(dest)


def test_a_read_only_file_behind_a_link_is_an_error(dest: Path) -> None:
    os.chmod(dest, 0o444)
    link = dest.parent / "link.md"
    link.symlink_to(dest.name)
    with pytest.raises(ExportError) as info:
        write_atomic(link, NEW)
    assert str(info.value) == f"cannot write {link}: the file is read-only"
    assert dest.read_bytes() == OLD


@pytest.mark.skipif(os.geteuid() == 0, reason="root: os.access says yes; the mode decides")
def test_a_file_of_someone_else_is_an_error(tmp_path: Path) -> None:
    other = Path("/etc/hostname") if Path("/etc/hostname").exists() else Path("/etc/passwd")
    with pytest.raises(ExportError) as info:
        write_atomic(other, NEW)
    assert str(info.value) == f"cannot write {other}: permission denied"


def test_a_trailing_slash_names_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.md").write_bytes(OLD)
    (tmp_path / "folder").mkdir()
    cases = {
        "newdir/": "cannot write newdir/: folder newdir does not exist",
        "file.md/": "cannot write file.md/: file.md is not a folder",
        "folder/": "cannot write folder/: it is a folder",
    }
    for name, message in cases.items():
        with pytest.raises(ExportError) as info:
            write_atomic(name, NEW)
        assert str(info.value) == message
    assert sorted(os.listdir(tmp_path)) == ["file.md", "folder"]
    assert os.listdir(tmp_path / "folder") == []


def test_an_empty_name_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        write_atomic("", NEW)
    assert str(info.value) == "cannot write '': the file name is empty"


def test_a_name_over_255_bytes_is_an_error(tmp_path: Path) -> None:
    name = tmp_path / ("长" * 86)  # 258 bytes
    with pytest.raises(ExportError) as info:
        write_atomic(name, NEW)
    assert str(info.value) == f"cannot write {name}: File name too long"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("stem", ["a" * 255, "长" * 85, "a" + "长" * 84 + "b"])
def test_a_name_of_255_bytes_is_written(tmp_path: Path, stem: str) -> None:
    """The temporary file's name is cut to fit (a name too long for it is not the user's)."""
    write_atomic(tmp_path / stem, NEW)
    assert os.listdir(tmp_path) == [stem]


def test_same_file() -> None:
    assert fileio.same_file("/etc/passwd", "/etc/../etc/passwd")
    assert not fileio.same_file("/etc/passwd", "/etc/hostname")
    assert not fileio.same_file("/etc/passwd", "/nope")
    assert not fileio.same_file("/dev/null", "/dev/null")  # only regular files are data


def test_same_file_through_links(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_bytes(OLD)
    os.link(a, tmp_path / "hard.yaml")
    (tmp_path / "soft.yaml").symlink_to("hard.yaml")
    (tmp_path / "b.yaml").write_bytes(OLD)
    assert fileio.same_file(tmp_path / "hard.yaml", a)
    assert fileio.same_file(tmp_path / "soft.yaml", a)
    assert not fileio.same_file(tmp_path / "b.yaml", a)


# --- SIGTERM while writing --------------------------------------------------------------------


def _sigterm_at_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fsync

    def fsync(fd: int) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs before kill() returns here
        real(fd)

    monkeypatch.setattr(fileio.os, "fsync", fsync)


def test_sigterm_during_the_write_removes_the_temp_file(
    dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sigterm_at_fsync(monkeypatch)
    with pytest.raises(fileio.Terminated) as info:
        write_atomic(dest, NEW)
    assert info.value.code == 143
    _intact(dest)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_sigterm_with_a_handler_of_its_own_is_left_to_it(
    dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        _sigterm_at_fsync(monkeypatch)
        write_atomic(dest, NEW)
        assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [signal.SIGTERM]
    assert dest.read_text(encoding="utf-8") == NEW


def test_no_sigterm_handler_outside_the_main_thread(dest: Path) -> None:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            write_atomic(dest, NEW)
        except BaseException as exc:  # pragma: no cover - the test fails below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=60)
    assert errors == []
    assert dest.read_text(encoding="utf-8") == NEW


def test_own_files_are_always_replaced(tmp_path: Path) -> None:
    """A cache entry: a FIFO, a link or a read-only file in its place is replaced by a
    regular file, never written through (a FIFO with no reader would block forever)."""
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_bytes(OLD)
    ro = tmp_path / "ro.json"
    ro.write_bytes(OLD)
    ro.chmod(0o444)
    for path in (fifo, link, ro):
        write_atomic(path, NEW, own=True)
        assert stat.S_ISREG(path.lstat().st_mode)
        assert path.read_text(encoding="utf-8") == NEW
    assert (tmp_path / "elsewhere.json").read_bytes() == OLD
    assert sorted(os.listdir(tmp_path)) == ["elsewhere.json", "fifo.json", "link.json", "ro.json"]
