"""The environment a command runs in, injected rather than global (cf. httpie).

It knows where output goes, whether stdout is a terminal, whether colour is
wanted, and how wide the terminal is. Rich consoles are made from it on
demand (Rich is imported only then).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console

__all__ = ["MAX_WIDTH", "MIN_WIDTH", "Environment", "clamp_width", "env_of"]

#: The narrowest and widest layouts drawn: a narrower $COLUMNS or terminal is drawn at
#: MIN_WIDTH (so that no text is dropped), a wider one at MAX_WIDTH (so that rows are
#: not padded to absurd lengths).
MIN_WIDTH = 40
MAX_WIDTH = 400


def clamp_width(width: int) -> int:
    """``width`` within MIN_WIDTH..MAX_WIDTH."""
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


@dataclass
class Environment:
    stdout: TextIO
    stderr: TextIO
    stdout_isatty: bool
    #: colour and styles on stdout (see policytl.cli.settings.color_wanted)
    color: bool
    #: columns available on stdout (clamped to MIN_WIDTH..MAX_WIDTH)
    width: int
    debug: bool = False

    #: rows of the terminal (for the pager); 0 when stdout is not a terminal
    height: int = 0
    #: what was wrong with the config file (raised by :func:`env_of`, when a command
    #: runs, so that ``--help`` still answers under a broken config)
    problem: Exception | None = None

    @classmethod
    def from_os(cls, *, debug: bool = False) -> Environment:
        """The environment of this process (colour: see policytl.cli.settings.color_wanted;
        width: $COLUMNS, else the terminal's, else 100, clamped to MIN_WIDTH..MAX_WIDTH)."""
        from policytl.cli.settings import color_wanted
        from policytl.model.errors import UsageError

        stdout = sys.stdout
        try:
            isatty = stdout.isatty()
        except (AttributeError, ValueError):
            isatty = False
        cols = os.environ.get("COLUMNS", "")
        height = 0
        if isatty:
            import shutil  # only for a terminal (it imports archive modules)

            size = shutil.get_terminal_size((100, 24))
            height = size.lines
        if cols.isascii() and cols.isdigit() and len(cols) < 10:
            width = int(cols)
        elif isatty:
            width = size.columns
        else:
            width = 100
        problem: Exception | None = None
        try:
            color = color_wanted(isatty)
        except UsageError as exc:
            problem, color = exc, False
        return cls(
            stdout=stdout,
            stderr=sys.stderr,
            stdout_isatty=isatty,
            color=color,
            width=clamp_width(width),
            debug=debug,
            height=height,
            problem=problem,
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


def env_of(ctx: Any) -> Environment:
    """The environment of the command running in the Typer context ``ctx`` (made by the
    root callback, policytl.cli.app)."""
    obj = ctx.find_root().obj
    env = obj if isinstance(obj, Environment) else Environment.from_os()
    if env.problem is not None:
        raise env.problem
    return env
