"""Writing a folder of files (``export -f datapackage -o DIR``), all or nothing.

The files are written into a new temporary folder beside the target
(``.NAME.XXXXXXXX.tmp``), each flushed to disk, and the folder is renamed to
the target's name only when every file is there. On any failure (a full disk,
Ctrl-C, SIGTERM: see :mod:`policytl.files.write`) the temporary folder is removed
and the target is left as it was.

The target may be missing (its parent folder must exist), an empty folder, or
the folder of an earlier export: one that holds its ``marker`` file
(``datapackage.json``) and nothing but files with the names an export writes
(``*.csv``); that folder is moved aside, the new one renamed in, and the old one
removed. Any other folder is refused, so that no file of the user's is lost, as
is a file, and a folder that holds one of the input files
(:func:`check_folder`). A symbolic link to a folder is followed (the link stays).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterable, Mapping

from policytl.files.write import _signals_held, _signals_raise, _tmp_prefix
from policytl.model.errors import ExportError, UsageError

__all__ = ["check_folder", "write_folder"]


def _target(name: str) -> str:
    return os.path.realpath(name) if os.path.islink(name) else name


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), os.path.realpath(folder)]) == (
            os.path.realpath(folder)
        )
    except ValueError:
        return False


def check_folder(
    option: str, name: str, inputs: Iterable[str], marker: str, suffixes: tuple[str, ...]
) -> None:
    """Before anything is loaded: UsageError for a folder that is or holds an input
    file; ExportError for a target that write_folder would refuse."""
    if name == "":
        raise UsageError(f"{option} '': the folder name is empty (an unset variable?)")
    for path in inputs:
        if _inside(path, name):
            raise UsageError(
                f"{option} {name} holds the input file {path}; "
                "refusing to replace it (write to another folder)"
            )
    target = _target(name.rstrip(os.sep) or name)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        parent = os.path.dirname(os.path.abspath(target))
        if not os.path.isdir(parent):
            raise ExportError(f"cannot write {name}: folder {parent} does not exist") from None
        return
    except OSError as exc:
        raise ExportError(f"cannot write {name}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise ExportError(f"cannot write {name}: it is not a folder")
    entries = os.listdir(target)
    if not entries:
        return
    others = sorted(e for e in entries if e != marker and not e.endswith(suffixes))
    if marker not in entries or others:
        what = f"{others[0]} is" if others else f"{marker} is not"
        raise ExportError(
            f"cannot write {name}: the folder is not an earlier export ({what} in it); "
            "write to a new or empty folder"
        )


def _write_file(path: str, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())


def write_folder(
    name: str, files: Mapping[str, bytes], marker: str, suffixes: tuple[str, ...]
) -> None:
    """Write ``files`` (names in the folder) as the folder ``name``: see the module."""
    import tempfile

    check_folder("-o", name, (), marker, suffixes)
    target = _target(name.rstrip(os.sep) or name)
    parent = os.path.dirname(os.path.abspath(target))
    tmp: str | None = None
    old: str | None = None
    with _signals_raise():
        try:
            with _signals_held():
                tmp = tempfile.mkdtemp(prefix=_tmp_prefix(target), suffix=".tmp", dir=parent)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o777 & ~umask)
            for file, payload in files.items():
                _write_file(os.path.join(tmp, file), payload)
            if os.path.isdir(target):
                with _signals_held():
                    old = tempfile.mkdtemp(prefix=_tmp_prefix(target), suffix=".old", dir=parent)
                    previous = os.path.join(old, "previous")
                    os.replace(target, previous)
                    try:
                        os.replace(tmp, target)
                    except OSError:
                        os.replace(previous, target)  # the earlier export, back in place
                        raise
                    tmp = None
            else:
                os.replace(tmp, target)
                tmp = None
        except OSError as exc:
            raise ExportError(f"cannot write {name}: {exc.strerror or exc}") from None
        finally:
            for left in (tmp, old):
                if left is not None:
                    with contextlib.suppress(OSError):
                        shutil.rmtree(left)
