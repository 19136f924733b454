"""Standard output and error as the command line uses them: an odd stream is never a crash.

Part of the command line (with ``__main__`` and the rest of ``policytl.cli``),
not of the core. :func:`install` runs first in every command, ``--version`` and
``--help`` included, and makes standard output behave the same way everywhere:

- a write that fails (a full disk, ``/dev/full``, an I/O error, a closed stdout
  ``>&-``) raises :class:`OutputError`, which the command line reports as one
  line, ``cannot write to standard output: no space left on device``, exit 1;
- a reader that went away (``policytl show | head``) raises :class:`PipeClosed`
  (not an OSError, so that neither Rich nor Click turn it into something else):
  the command stops quietly, exit 0;
- an encoding that cannot hold every character (``PYTHONIOENCODING=ascii``,
  cp1252, big5, the C locale) replaces what it cannot show by ``?`` (``??`` for
  a wide character, so columns stay aligned) and remembers it, so that the
  command line can say so once on stderr (:func:`lost_characters`);
- an "encoding" that cannot write plain text (``PYTHONIOENCODING=idna``) is
  replaced by UTF-8;
- a closed stdin, stdout or stderr is reserved with the null device so that no
  file opened later takes its number, and a closed or full stderr loses the
  messages, never the exit status.

Only builtin modules are imported here: ``policytl --version`` uses it too.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = [
    "OutputError",
    "PipeClosed",
    "can_encode",
    "install",
    "lost_characters",
    "silence",
]

#: encodings that can write every character (no replacement, no warning)
_UNICODE = frozenset(
    {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
    | {"gb18030"}
)

_HANDLER = "policytl.replace"


class PipeClosed(Exception):
    """The reader of standard output went away: stop quietly (exit 0)."""


class OutputError(Exception):
    """Standard output cannot be written: one line on stderr, exit 1."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write to standard output: {reason}")


#: the reason given for a closed stdout (EBADF's own text says little)
CLOSED = "it is closed"


def _fail(exc: OSError) -> Exception:
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return PipeClosed()
    if exc.errno == errno.EBADF:
        return OutputError(CLOSED)
    return OutputError(os.strerror(exc.errno).lower() if exc.errno else str(exc))


class _Guarded:
    """A text or binary stream whose write errors are PipeClosed or OutputError."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._buffer: _Guarded | None = None

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except OSError as exc:
            raise _fail(exc) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _fail(exc) from None

    @property
    def buffer(self) -> _Guarded:
        if self._buffer is None:
            self._buffer = _Guarded(self._stream.buffer)
        return self._buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Quiet(_Guarded):
    """stderr: a write that fails is dropped (and the rest sent to the null device), so
    that a closed or full stderr never changes what a command does or its exit status."""

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except (OSError, ValueError):
            silence(self._stream)
            return len(data)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            silence(self._stream)


class _Closed:
    """What stands for a stream whose file descriptor was closed (``>&-``)."""

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self.buffer = self

    def write(self, data: Any) -> int:
        if not data:
            return 0
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False


class _Discard(_Closed):
    """A closed stderr: messages go nowhere, and the exit status stays what it was."""

    def write(self, data: Any) -> int:
        return len(data)


_state = {"lost": "", "encoding": ""}


def _replace(exc: UnicodeError) -> tuple[str, int]:
    """The 'policytl.replace' error handler: ``?`` per character (``??`` when wide)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    import unicodedata

    _state["lost"] = _state["encoding"]
    text = exc.object[exc.start : exc.end]
    return "".join("??" if unicodedata.east_asian_width(c) in "WF" else "?" for c in text), exc.end


def _reserve(fd: int) -> None:
    """Hold a closed standard file descriptor with the null device."""
    try:
        os.fstat(fd)
        return
    except OSError:
        pass
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def _encoding(stream: Any) -> str:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        return "utf-8"


#: a line of plain text: an encoding that cannot write it is no text encoding at all
_PROBE = "policytl " * 10 + "\n"


def _writes_text(stream: Any) -> bool:
    """Whether ``stream``'s encoding writes text piece by piece, as a stream does
    (``idna`` and ``punycode`` are codecs of Python, not encodings of a stream: one
    fails on a long line, the other encodes ``ab`` other than ``a`` then ``b``)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if _encoding(stream) in _UNICODE:
        return True
    try:
        whole = _PROBE.encode(encoding)
        pieces = b"".join(c.encode(encoding) for c in _PROBE)
    except (UnicodeError, LookupError):
        return False
    return whole == pieces


def _text_encoding(stream: Any) -> None:
    """A stream whose encoding cannot write text writes UTF-8 instead."""
    if stream is not None and hasattr(stream, "reconfigure") and not _writes_text(stream):
        stream.reconfigure(encoding="utf-8")


def install() -> Callable[[], None]:
    """Put guarded streams in sys.stdout and sys.stderr; return what puts the old ones back."""
    saved = sys.stdout, sys.stderr
    for fd, stream in enumerate((sys.stdin, sys.stdout, sys.stderr)):
        if stream is None:
            _reserve(fd)
    _text_encoding(sys.stdout)
    _text_encoding(sys.stderr)
    out: Any = sys.stdout if sys.stdout is not None else _Closed(1)
    if _encoding(out) not in _UNICODE and hasattr(out, "reconfigure"):
        try:
            codecs.lookup_error(_HANDLER)
        except LookupError:
            codecs.register_error(_HANDLER, _replace)
        out.reconfigure(errors=_HANDLER)
    _state["lost"] = ""
    _state["encoding"] = getattr(out, "encoding", None) or ""
    sys.stdout = _Guarded(out)
    sys.stderr = _Quiet(sys.stderr if sys.stderr is not None else _Discard(2))

    def restore() -> None:
        sys.stdout, sys.stderr = saved

    return restore


def lost_characters() -> str:
    """The encoding that could not show some characters of the output, else ''."""
    return _state["lost"]


def can_encode(text: str) -> bool:
    """Whether standard output's encoding holds every character of ``text``."""
    if _encoding(sys.stdout) in _UNICODE:
        return True
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except UnicodeEncodeError:
        return False
    return True


def silence(stream: Any) -> None:
    """After a failed write: send what is still buffered to the null device, so that
    Python's own flush at exit neither fails (exit 120) nor writes half a line later."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)
