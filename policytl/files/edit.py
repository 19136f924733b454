"""Editing a user's file: the one mechanism of every command that changes one.

``policytl add`` and ``policytl fmt`` (and every later command that edits a
timeline file) read, change and write a file only through :func:`edit` (or
:func:`edit_all` for several files at once)::

    with edit(path, max_bytes) as ed:
        ed.write_text(change(ed.text))

- **The lock.** While the block runs, the file is locked: an advisory
  ``flock`` (exclusive) on the file itself, so that two policytl commands
  editing one file run one after the other, whichever names (hard or symbolic
  links) they reach it by. No lock file is created. A command that finds the
  file locked waits for it; when it gets the lock and the file was replaced
  meanwhile (the other command renamed its new version over it), it locks and
  reads the new file.
- **Changed since read.** Programs that do not take the lock (an editor, a
  script) can still change the file. Just before the new content replaces the
  old, what is on disk is compared with what was read; if it differs, nothing is
  written and :class:`EditConflict` says so in one line.
- The new content is written as :func:`policytl.files.write.write_atomic` writes
  (all or nothing, in place for a file with several hard links).
- Text keeps the file's byte order mark: :attr:`Edit.text` is the text without
  it, and :meth:`Edit.write_text` puts it back.

Locks are advisory: they bind policytl and other programs that ask for them
(``flock FILE cmd``), nothing else. Where ``fcntl`` does not exist (Windows) there
is no lock, only the changed-since-read check.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Sequence

from policytl.files.write import write_atomic
from policytl.model.errors import ExportError, PolicytlError

__all__ = ["BOM", "Edit", "EditConflict", "edit", "edit_all"]

#: UTF-8's byte order mark, kept when a file starts with it
BOM = b"\xef\xbb\xbf"


class EditConflict(PolicytlError):
    """The file changed on disk after policytl read it; nothing was written."""


class Edit:
    """One file being edited: what was read, and how to write its new content."""

    def __init__(self, name: str, path: str, fd: int | None, data: bytes) -> None:
        #: the name the user gave; ``path`` is the file it reaches (links followed)
        self.name = name
        self.path = path
        self.data = data
        self.written = False
        self._fd = fd

    @property
    def text(self) -> str:
        """The content as text (UTF-8, without its byte order mark); LoadError if it
        is no text."""
        from policytl.load.yamlsafe import decode

        return decode(self.data, self.name)

    def write_text(self, text: str) -> None:
        """Write ``text`` as the file's new content, with the byte order mark it had."""
        head = BOM if self.data.startswith(BOM) else b""
        self.write(head + text.encode("utf-8"))

    def write(self, data: bytes) -> None:
        """Replace the file's content with ``data``: EditConflict if the file changed
        since it was read (then nothing is written)."""
        write_atomic(self.path, data, check=self._check)
        self.data = data
        self.written = True

    def _check(self) -> None:
        """EditConflict unless the file is still the one locked, holding what was read."""
        if self._fd is None:
            return
        try:
            same = _same_inode(os.fstat(self._fd), os.stat(self.path))
            now = _read_all(self._fd) if same else None
        except OSError:
            now = None
        if now != self.data:
            raise EditConflict(
                f"{self.name} changed on disk while policytl was editing it "
                "(another program wrote it); nothing was written: run the command again"
            )


def _same_inode(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _read_all(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _lock(path: str) -> int | None:
    """An open descriptor of ``path``, locked, for the file that ``path`` names now;
    None for what cannot be locked (no fcntl; a FIFO or a device)."""
    try:
        import fcntl
    except ImportError:
        return None
    while True:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_inode(os.fstat(fd), os.stat(path)):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # replaced while we waited: lock the new file


def _open(name: str, max_bytes: int) -> Edit:
    from policytl.load.loader import check_size, read_bytes

    path = os.path.realpath(name)
    try:
        fd = _lock(path)
    except OSError:
        read_bytes(name, max_bytes)  # says why it cannot be read, as every command does
        raise ExportError(f"cannot edit {name}: it cannot be locked") from None
    try:
        if fd is None:
            return Edit(name, path, None, read_bytes(name, max_bytes))
        check_size(name, os.fstat(fd).st_size, max_bytes)
        return Edit(name, path, fd, _read_all(fd))
    except BaseException:
        if fd is not None:
            os.close(fd)
        raise


def _close(ed: Edit) -> None:
    if ed._fd is not None:
        os.close(ed._fd)  # closing releases the lock
        ed._fd = None


@contextlib.contextmanager
def edit(name: str, max_bytes: int) -> Iterator[Edit]:
    """Lock the file ``name``, read it (at most ``max_bytes``), and yield it to be
    changed; the lock is released when the block ends."""
    ed = _open(name, max_bytes)
    try:
        yield ed
    finally:
        _close(ed)


@contextlib.contextmanager
def edit_all(names: Sequence[str], max_bytes: int) -> Iterator[dict[str, Edit]]:
    """:func:`edit` for several files at once: each name's Edit (names of one file
    share one). The files are locked in one order (device, inode), so that two
    commands locking overlapping files never wait for each other forever."""

    def order(name: str) -> tuple[int, int, str]:
        try:
            st = os.stat(name)
        except OSError:
            return (-1, -1, name)
        return (st.st_dev, st.st_ino, name)

    opened: dict[tuple[int, int] | str, Edit] = {}
    out: dict[str, Edit] = {}
    try:
        for name in sorted(set(names), key=order):
            dev, ino, _ = order(name)
            key: tuple[int, int] | str = (dev, ino) if dev >= 0 else name
            if key not in opened:
                opened[key] = _open(name, max_bytes)
            out[name] = opened[key]
        yield {name: out[name] for name in names}
    finally:
        for ed in opened.values():
            _close(ed)
