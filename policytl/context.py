"""The environment a command runs in, injected rather than global (cf. httpie).

It knows where output goes, whether stdout is a terminal, whether colour is
wanted, and how wide the terminal is. Rich consoles are made from it on
demand (Rich is imported only then).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

# typing.TYPE_CHECKING without importing typing (start-up time; see policytl/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console

__all__ = ["Environment"]


@dataclass
class Environment:
    stdout: TextIO
    stderr: TextIO
    stdout_isatty: bool
    #: colour and styles on stdout (a terminal, and NO_COLOR not set)
    color: bool
    #: columns available on stdout
    width: int
    debug: bool = False

    @classmethod
    def from_os(cls, *, debug: bool = False) -> Environment:
        stdout = sys.stdout
        try:
            isatty = stdout.isatty()
        except (AttributeError, ValueError):
            isatty = False
        no_color = "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != ""
        force = os.environ.get("FORCE_COLOR", "") not in ("", "0")
        cols = os.environ.get("COLUMNS", "")
        if cols.isdigit() and int(cols) > 0:
            width = int(cols)
        elif isatty:
            import shutil  # only for a terminal (it imports archive modules)

            width = shutil.get_terminal_size((100, 24)).columns
        else:
            width = 100
        return cls(
            stdout=stdout,
            stderr=sys.stderr,
            stdout_isatty=isatty,
            color=(isatty or force) and not no_color,
            width=width,
            debug=debug,
        )

    def console(self, *, record: bool = False, width: int | None = None) -> Console:
        """A Rich console on stdout that never interprets markup or emoji in data."""
        from rich.console import Console

        return Console(
            file=self.stdout,
            width=width or self.width,
            color_system="truecolor" if self.color else None,
            force_terminal=self.color,
            no_color=not self.color,
            markup=False,
            emoji=False,
            highlight=False,
            soft_wrap=False,
            record=record,
            legacy_windows=False,
        )
