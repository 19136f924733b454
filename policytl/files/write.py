"""Writing output files as the shell's ``>`` would, but all or nothing.

``write_atomic`` is the one function that writes a file for policytl: exports
(``-o``), pictures (``--svg``) and the parsed-data cache all use it (the cache
with ``own=True``: its entries are always replaced, see below).

- A regular file (new or existing) is written to a temporary file in its folder
  (``.NAME.XXXXXXXX.tmp``) and renamed over it only when everything was written
  and flushed to disk. On any failure (a full disk, Ctrl-C, SIGTERM) the
  temporary file is removed and an existing file is left byte for byte as it
  was. The file keeps its mode (and, for root, its owner).
- A symbolic link is followed: the file it points to is replaced that way, and
  the link stays a link.
- A device or a FIFO (``/dev/null``, a named pipe) is opened and written
  directly, as ``>`` does: no temporary file, no rename. ``/dev/stdout``,
  ``/dev/stderr`` and ``/dev/fd/N`` are the open descriptor itself, as for the
  shell (so ``-o /dev/stdout >> log.md`` appends, and never replaces log.md).
- An existing file without write permission is an error, and stays as it was
  (a rename would need only the folder's permission). For root, which may write
  anything, the file's mode decides: no write bit at all means read-only.
- A folder, a name with a trailing slash (``newdir/``), and a missing folder are
  errors that say so.

- A regular file with more than one name (a hard link) is written in place, as
  ``>`` does, so that every name shows the new content: the new content is
  first written in full to a temporary file beside it and flushed to disk (the
  recoverable copy), then copied into the file itself with the terminating
  signals held back, then the temporary file is removed. If the copy fails (a
  full disk), the old content is put back. The rename would give the name a new
  inode and leave the other names with the old content.

A terminating signal during a write (SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU) is turned into
:class:`Terminated` (a SystemExit with status 128 + the signal's number, 143 for
SIGTERM) once the temporary file is removed, as Ctrl-C is into
KeyboardInterrupt; when nothing catches it the process ends with that status.
This happens only while policytl is writing, and only for signals that had no
handler of their own (SIGPIPE, which Python itself ignores, counts as having
none: while a file is written, nothing is written to a pipe).
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import TYPE_CHECKING

from policytl.model.errors import ExportError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

__all__ = ["Terminated", "check_target", "same_file", "write_atomic"]

#: the exit status of a process stopped by SIGTERM (128 + 15), as a shell reports it
TERMINATED_STATUS = 143

#: temporary file names keep at most this many bytes of the destination's name,
#: so that ".NAME.XXXXXXXX.tmp" fits in a folder entry (255 bytes) when NAME does
_TMP_NAME_BYTES = 200


class Terminated(SystemExit):
    """A terminating signal arrived while a file was being written; its temporary
    file is removed. The exit status is 128 + the signal's number (143 for SIGTERM)."""

    def __init__(self, signum: int = 15) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def _seps() -> str:
    return os.sep + (os.altsep or "")


def check_target(path: str | os.PathLike[str]) -> os.stat_result | None:
    """ExportError if ``path`` cannot be written as write_atomic writes it; else the
    stat() of what it names (following links), or None when it does not exist yet.
    Nothing is created or changed."""
    name = os.fspath(path)
    if name == "":
        raise ExportError("cannot write '': the file name is empty")
    if name.endswith(tuple(_seps())):
        # A trailing slash names a folder, as for the shell and cp
        folder = name.rstrip(_seps()) or name
        if os.path.isdir(name):
            raise ExportError(f"cannot write {name}: it is a folder")
        if os.path.lexists(folder):
            raise ExportError(f"cannot write {name}: {folder} is not a folder")
        raise ExportError(f"cannot write {name}: folder {folder} does not exist")
    try:
        st: os.stat_result | None = os.stat(name)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ExportError(f"cannot write {name}: {_reason(exc)}") from None
    if st is None:
        # New, or a dangling link: its folder must exist
        target = os.path.realpath(name) if os.path.islink(name) else name
        folder = os.path.dirname(target) or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                raise ExportError(f"cannot write {name}: Not a directory")
            raise ExportError(f"cannot write {name}: folder {folder} does not exist")
        return None
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(f"cannot write {name}: it is a folder")
    if stat.S_ISREG(st.st_mode):
        if not st.st_mode & 0o222:
            raise ExportError(f"cannot write {name}: the file is read-only")
        if not _is_root() and not os.access(name, os.W_OK):
            raise ExportError(f"cannot write {name}: permission denied")
    return st


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether the regular files ``a`` and ``b`` are one (same device and inode, so
    ``./v.yaml``, hard links and symbolic links count); False if either is missing."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(sa.st_mode) and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    own: bool = False,
    check: Callable[[], None] | None = None,
) -> None:
    """Write ``data`` (text is encoded as UTF-8) to ``path``: see the module's docstring.

    ``own``: the name is policytl's own (a cache entry), not the user's: whatever is
    there (a FIFO, a link, a read-only file) is replaced by a regular file, never
    written through, so that nothing in policytl's folders can block or redirect it.

    ``check``: called when the new content is safely on disk, just before it
    replaces the old (see :mod:`policytl.files.edit`); what it raises stops the
    write, and the temporary file is removed.
    """
    name = os.fspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if own:
        if os.path.isdir(name):
            raise ExportError(f"cannot write {name}: it is a folder")
        _replace(name, name, payload, None, check)
        return
    fd = _named_fd(name)
    if fd is not None:
        # /dev/stdout, /dev/fd/N: the descriptor itself, as the shell does (a rename
        # would replace the file it writes to, appended to with >> or not)
        _write_all(name, fd, payload)
        return
    st = check_target(name)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(name, payload)
        return
    target = os.path.realpath(name) if os.path.islink(name) else name
    _replace(name, target, payload, st, check)


#: names of a process's own open files, as the shell knows them
_STD_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_FOLDERS = ("/dev/fd/", "/proc/self/fd/")


def _named_fd(name: str) -> int | None:
    """The file descriptor that ``name`` stands for (/dev/stdout, /dev/fd/3), else None."""
    if os.name != "posix":
        return None
    path = os.path.normpath(name)
    if path in _STD_NAMES:
        return _STD_NAMES[path]
    for folder in _FD_FOLDERS:
        number = path.removeprefix(folder)
        if number != path and number.isdigit() and number.isascii():
            return int(number)
    return None


def _write_all(name: str, fd: int, payload: bytes) -> None:
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise ExportError(f"cannot write {name}: {_reason(exc)}") from None


def _write_through(name: str, payload: bytes) -> None:
    """A device or FIFO: open it and write, as the shell's ``>`` does."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        raise ExportError(f"cannot write {name}: {_reason(exc)}") from None
    try:
        _write_all(name, fd, payload)
    finally:
        os.close(fd)


#: what os.fsdecode makes of the bytes of a character cut in two
_SPLIT = "".join(map(chr, range(0xDC80, 0xDD00)))


def _tmp_prefix(target: str) -> str:
    base = os.fsencode(os.path.basename(target))[:_TMP_NAME_BYTES]
    return "." + os.fsdecode(base).rstrip(_SPLIT) + "."


def _replace(
    name: str,
    target: str,
    payload: bytes,
    st: os.stat_result | None,
    check: Callable[[], None] | None,
) -> None:
    """Write a temporary file beside ``target`` and rename it over ``target`` (or, for
    a file with several hard links, copy it into ``target``)."""
    import tempfile  # 5 ms of start-up (shutil, random...) that only writes need

    folder = os.path.dirname(target) or "."
    tmp: str | None = None
    with _signals_raise():
        try:
            with _signals_held():
                try:
                    fd, tmp = tempfile.mkstemp(
                        prefix=_tmp_prefix(target), suffix=".tmp", dir=folder
                    )
                except FileNotFoundError:
                    raise ExportError(
                        f"cannot write {name}: folder {folder} does not exist"
                    ) from None
                except PermissionError:
                    raise ExportError(
                        f"cannot write {name}: permission denied in {folder}"
                    ) from None
                except OSError as exc:
                    raise ExportError(f"cannot write {name}: {_reason(exc)}") from None
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
                if check is not None:
                    check()
                if st is not None and st.st_nlink > 1:
                    _copy_in_place(name, target, payload)
                    os.unlink(tmp)
                    tmp = None
                    return
                _set_mode(tmp, st)
                os.replace(tmp, target)
                tmp = None
            except OSError as exc:
                raise ExportError(f"cannot write {name}: {_reason(exc)}") from None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _set_mode(tmp: str, st: os.stat_result | None) -> None:
    """Give the temporary file the mode (and, for root, the owner) of the old file."""
    if st is not None:
        with contextlib.suppress(OSError):
            os.chmod(tmp, st.st_mode & 0o7777)
        if _is_root():
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)


def _copy_in_place(name: str, target: str, payload: bytes) -> None:
    """Overwrite ``target`` with ``payload`` in its own inode (every hard link sees it).

    The terminating signals are held back meanwhile, so the copy is never left half
    done by one; if writing fails, the old content is put back."""
    with _signals_held():
        fd = os.open(target, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        try:
            old = _read_fd(fd)
            try:
                _overwrite(fd, payload)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    _overwrite(fd, old)
                raise ExportError(f"cannot write {name}: {_reason(exc)}") from None
        finally:
            os.close(fd)


def _read_fd(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _overwrite(fd: int, payload: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]
    os.ftruncate(fd, len(payload))
    os.fsync(fd)


# --- terminating signals while writing -----------------------------------------------------

#: the signals whose default action ends the process (SIGINT is KeyboardInterrupt,
#: SIGKILL and SIGSTOP cannot be caught)
_SIGNAL_NAMES = (
    "SIGTERM",
    "SIGHUP",
    "SIGQUIT",
    "SIGUSR1",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGVTALRM",
    "SIGPROF",
    "SIGXCPU",
)


def _terminating() -> list[int]:
    import signal

    return [getattr(signal, n) for n in _SIGNAL_NAMES if hasattr(signal, n)]


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Make each terminating signal that has no handler raise Terminated, meanwhile."""
    import signal

    taken: dict[int, Any] = {}
    try:
        for signum in _terminating():
            before = signal.getsignal(signum)
            if before is signal.SIG_DFL or (
                signum == getattr(signal, "SIGPIPE", None) and before is signal.SIG_IGN
            ):
                signal.signal(signum, _terminate)
                taken[signum] = before
    except ValueError:  # not the main thread: signals cannot be handled here
        pass
    try:
        yield
    finally:
        for signum, before in taken.items():
            signal.signal(signum, before)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the terminating signals back meanwhile (a temporary file being created and
    its name kept, a copy in place): they arrive when it is done."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _terminating())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
