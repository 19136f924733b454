"""Run a command in a pseudo-terminal of a given size, as a user's terminal runs it.

stdin, stdout and stderr are the terminal (stdlib pty, size set with TIOCSWINSZ), so
the command sees a real terminal: isatty(), its size, colour, the pager.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .conftest import child_env

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    status: int
    #: everything the terminal received (stdout and stderr), with \r\n as the tty writes it
    output: str

    @property
    def text(self) -> str:
        return self.output.replace("\r\n", "\n")


def run_in_pty(
    argv: Sequence[str],
    *,
    rows: int = 24,
    columns: int = 80,
    env: Mapping[str, str] | None = None,
    keys: Sequence[tuple[str, str]] = (),
    timeout: float = 60.0,
    cwd: Path | None = None,
) -> Run:
    """Run ``argv`` in a ``rows`` x ``columns`` terminal; ``keys`` are (wait_for, send)
    pairs: once the output holds ``wait_for``, ``send`` is typed."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    base = child_env(**{"TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=base,
        cwd=cwd or ROOT,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    pending = list(keys)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other side closed
                    break
                if not data:
                    break
                chunks.append(data)
            if pending:
                wait_for, send = pending[0]
                if wait_for in b"".join(chunks).decode("utf-8", "replace"):
                    os.write(master, send.encode())
                    pending.pop(0)
            elif not ready and proc.poll() is not None:
                break
        else:
            proc.kill()
            seen = b"".join(chunks).decode("utf-8", "replace")[-2000:]
            raise TimeoutError(f"{argv} did not end in {timeout} s; the terminal shows {seen!r}")
        status = proc.wait(timeout=timeout)
    finally:
        os.close(master)
    return Run(status, b"".join(chunks).decode("utf-8", "replace"))


def policytl(*args: str) -> list[str]:
    """The command line of policytl as installed in this environment."""
    return [sys.executable, "-m", "policytl", *args]
