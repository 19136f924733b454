"""Writing output files safely: all or nothing.

``write_atomic`` writes to a temporary file in the destination's folder and
renames it over the destination only when everything was written and flushed
to disk. On any failure, including KeyboardInterrupt, the temporary file is
removed and an existing destination is left byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import os

from .errors import ExportError

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically."""
    # Imported here: tempfile costs about 5 ms of start-up (shutil, random, bz2,
    # lzma...), pathlib about 5 ms (urllib.parse, ipaddress), and commands that
    # write no file never need them.
    import tempfile
    from pathlib import Path

    dest = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = dest.parent if str(dest.parent) else Path(".")
    if dest.is_dir():
        raise ExportError(f"cannot write {dest}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise ExportError(f"cannot write {dest}: folder {folder} does not exist") from None
    except PermissionError:
        raise ExportError(f"cannot write {dest}: permission denied in {folder}") from None
    except OSError as exc:
        raise ExportError(f"cannot write {dest}: {exc.strerror}") from None
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            if dest.exists():
                with contextlib.suppress(OSError):
                    os.chmod(tmp, dest.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, dest)
        except OSError as exc:
            raise ExportError(f"cannot write {dest}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
