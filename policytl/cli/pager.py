"""Long output through a pager, as git does.

When stdout is a terminal, a command's output is held back until it is taller
than the screen; then the pager starts (``$POLICYTL_PAGER``, else ``$PAGER``,
else ``pager`` in the config file, else ``less -FRX``) and everything, held
back and still to come, goes to it, so the first screen shows as soon as it is
made. Output that fits on the screen is written straight to the terminal, and
output into a pipe or a file is never paged. ``LESS=FRX`` is set for the pager
when ``LESS`` is not, so that ``less`` keeps colours (``-R``), quits at once
when everything fits (``-F``) and leaves the screen as it was (``-X``).

A pager that cannot start (no such program, a folder, an unterminated quote) is
one line on stderr, and the output is written straight to the terminal as if no
pager were set (same exit status). A plain command (``less -R``, ``most``) runs
without a shell, so that such failures are seen before any output is lost; one
with shell syntax (``|``, ``;``, ``$``, ``>``, ...) runs with ``sh -c``.

While the pager runs, Ctrl-C is the pager's (less uses it to stop a search);
when the pager quits, writing stops quietly (a closed pipe, as with ``| head``).

Part of the command line, not the core.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess
    from typing import TextIO

    from policytl.cli.context import Environment

__all__ = ["Pager", "paging"]

_SGR = re.compile(r"\x1b\[[0-9;]*m")

#: characters that make a pager command need a shell (as git decides)
_SHELL = frozenset("|&;<>()$`\\*?[#~=%\n")


def pager_argv(command: str) -> list[str] | None:
    """``command`` as the argv to run without a shell, or None when it needs one.
    ValueError for a command that is no command (an unterminated quote, nothing)."""
    if _SHELL.intersection(command):
        return None
    import shlex

    argv = shlex.split(command)
    if not argv:
        raise ValueError("it is empty")
    return argv


def _cells(line: str) -> int:
    """Terminal cells of ``line`` (escape codes take none; wide characters take two)."""
    line = _SGR.sub("", line)
    if line.isascii():
        return len(line)
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(c) in "WF" else 1 for c in line)


class Pager:
    """A text stream that holds output back until it is taller than the screen,
    then runs ``command`` and writes everything to it."""

    def __init__(self, out: TextIO, command: str, height: int, width: int) -> None:
        self.out = out
        self.command = command
        self.height = max(1, height)
        self.width = max(1, width)
        self.held: list[str] = []
        self.rows = 0
        self.partial = ""
        self.proc: subprocess.Popen[bytes] | None = None
        self.pipe: TextIO | None = None
        self.encoding = "utf-8"
        self._sigint: object = None

    # --- the text stream ------------------------------------------------------------

    def write(self, text: str) -> int:
        if self.pipe is not None:
            return self.pipe.write(text)
        self.held.append(text)
        *lines, self.partial = (self.partial + text).split("\n")
        for line in lines:
            self.rows += max(1, -(-_cells(line) // self.width))
        # a screen of `height` rows holds height - 1 lines of output and the prompt
        if self.rows >= self.height:
            self._start()
        return len(text)

    def flush(self) -> None:
        if self.pipe is not None:
            self.pipe.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.out.fileno()

    @property
    def paging(self) -> bool:
        """Whether the pager was started."""
        return self.proc is not None

    # --- the pager ------------------------------------------------------------------

    def _start(self) -> None:
        import io
        import signal
        import subprocess

        env = dict(os.environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        self.out.flush()
        try:
            argv = pager_argv(self.command)
            if argv is None:
                self.proc = subprocess.Popen(
                    self.command, shell=True, stdin=subprocess.PIPE, env=env
                )
            else:
                self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
        except (OSError, ValueError) as exc:
            self._direct(exc)
            return
        assert self.proc.stdin is not None
        self.pipe = io.TextIOWrapper(self.proc.stdin, encoding="utf-8", errors="replace")
        if sys.platform != "win32":
            self._sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
        held, self.held = "".join(self.held), []
        self.pipe.write(held)

    def _direct(self, exc: Exception) -> None:
        """The pager cannot start: say so once, and write to the terminal instead."""
        from policytl.cli.output import message

        if isinstance(exc, OSError):
            why = (exc.strerror or str(exc)).lower()
        else:
            why = str(exc).lower().rstrip(".") or "it cannot be parsed"
        message(f"warning: cannot start the pager {self.command!r} ({why}); writing directly")
        self.pipe = self.out
        held, self.held = "".join(self.held), []
        self.out.write(held)

    def close(self) -> None:
        """Write what was held back (output shorter than the screen), or close the
        pager's input and wait until the user quits it."""
        if self.proc is None:
            if self.held:
                self.out.write("".join(self.held))
                self.held = []
            self.out.flush()
            return
        assert self.pipe is not None
        with suppress(BrokenPipeError, OSError):  # the user quit the pager before the end
            self.pipe.close()
        while True:
            try:
                self.proc.wait()
                break
            except KeyboardInterrupt:
                continue
        if self._sigint is not None:
            import signal

            signal.signal(signal.SIGINT, self._sigint)  # type: ignore[arg-type]


def wanted(env: Environment, no_pager: bool) -> str:
    """The pager command to use for ``env``'s stdout, or "" for none."""
    if no_pager or not env.stdout_isatty:
        return ""
    from policytl.cli.settings import pager_command

    command = pager_command()
    return "" if command in ("", "cat") else command


@contextmanager
def paging(env: Environment, no_pager: bool = False) -> Iterator[None]:
    """Within this block, what is written to ``env.stdout`` and ``sys.stdout`` is paged
    when it is taller than the screen (see the module's docstring)."""
    command = wanted(env, no_pager)
    if not command:
        yield
        return
    real, saved = env.stdout, sys.stdout
    pager = Pager(real, command, env.height, env.width)
    env.stdout = sys.stdout = pager  # type: ignore[assignment]
    try:
        yield
    finally:
        env.stdout, sys.stdout = real, saved
        pager.close()
