r"""What the commands write: data on stdout, one-line messages on stderr.

Data goes to stdout (or atomically to the file of -o), messages to stderr,
prefixed ``policytl:``. Rich renderables are printed through :func:`emit`;
text and JSON through :func:`write_stdout`, :func:`write_json` and
:func:`write_output`; the few colours drawn without Rich through :func:`paint`
and :func:`write_painted`. Paging is policytl.cli.pager's.

This module is the one terminal output layer: every command's stdout goes
through it, and whatever reaches a terminal is safe. When stdout is a terminal
(or the pager), control characters (C0 but tab, newline and the CR of a CRLF
line end; DEL; C1) and bidi controls of any text, Markdown, CSV, BibTeX or
other format become visible escapes (``\x1b``, ``\u202e``), JSON's become
``\uXXXX`` escapes (still the same JSON), and every Rich segment's text is
escaped the same way; the only escape sequences a terminal receives are the
colours policytl draws itself. Output into a pipe or a file (-o) keeps each
format's own text. Text from data files never reaches stderr unescaped
(:func:`message`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from policytl.cli import stdio

if TYPE_CHECKING:
    from rich.console import RenderableType

    from policytl.analyze.query import Filters
    from policytl.cli.context import Environment
    from policytl.model.errors import Problem

__all__ = [
    "emit",
    "message",
    "no_match",
    "paint",
    "paint_diff",
    "plural",
    "problem_line",
    "report_problems",
    "terminal_text",
    "to_terminal",
    "write_json",
    "write_output",
    "write_painted",
    "write_stdout",
]

# What a terminal must not receive raw: C0 controls but tab, newline and the CR of a CRLF
# line end (CSV and iCalendar end lines so), DEL, C1 controls and the bidi controls: the
# set policytl.model.textsafe.for_terminal escapes, CRLF aside.
_UNSAFE = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def terminal_text(text: str) -> str:
    """``text`` with every character that could act on a terminal as a visible escape
    (``\\x1b``, ``\\u202e``); tabs, newlines and CRLF line ends are kept."""
    return _UNSAFE.sub(_escape, text)


def to_terminal() -> bool:
    """Whether standard output is a terminal (or the pager, which shows on one)."""
    try:
        return bool(sys.stdout.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def message(text: str) -> None:
    """One line on stderr, prefixed with the program name (a closed or full stderr
    loses the line, never the exit status)."""
    from policytl.model.textsafe import for_terminal

    # Messages echo data (ids, file names): no control character reaches the terminal.
    try:
        sys.stderr.write(f"policytl: {for_terminal(text)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        stdio.silence(sys.stderr)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_stdout(text: str) -> None:
    """Text on stdout: as it is into a pipe or a file, escaped on a terminal."""
    _write(terminal_text(text) if to_terminal() else text)


def write_painted(text: str) -> None:
    """Text made by :func:`paint` and :func:`paint_diff` (data escaped, colours policytl's
    own) on stdout as it is."""
    _write(text)


def _json_text(text: str) -> str:
    from policytl.model.textsafe import json_for_terminal

    return json_for_terminal(text) if to_terminal() else text


def write_json(text: str) -> None:
    """JSON text on stdout: as it is, or with ``\\uXXXX`` escapes where the output
    encoding cannot hold a character or where it could act on a terminal (the same
    data to a JSON parser, nothing lost)."""
    text = _json_text(text)
    if not stdio.can_encode(text):
        from policytl.model.textsafe import json_ascii

        text = json_ascii(text)
    _write(text)


#: names of standard output itself: -o NAME writes to stdout (a closed stdout is an error,
#: where the null device reserved in its place would silently take everything)
STDOUT_NAMES = frozenset({"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


def write_output(
    output: str | None, text: str, *, as_json: bool = False, utf8: bool = False
) -> None:
    """``text`` to the file of -o (atomically), or to stdout when -o is absent or ``-``
    (with ``utf8``, as UTF-8 bytes whatever the output encoding: an export is a file's
    bytes)."""
    if output is not None and output != "-" and output not in STDOUT_NAMES:
        from policytl.files.write import write_atomic

        write_atomic(output, text)
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if not utf8 or buffer is None:
        (write_json if as_json else write_stdout)(text)
        return
    text = _json_text(text) if as_json else (terminal_text(text) if to_terminal() else text)
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def emit(
    env: Environment,
    renderables: Iterable[RenderableType],
    svg: str | None = None,
    title: str = "policytl",
) -> None:
    """Print Rich renderables on stdout one by one; with ``svg``, also save them as SVG.

    Trailing blanks are trimmed so that piped output has no spaces at line ends.
    The SVG is recorded from the very console that prints, so it shows exactly
    what the terminal shows (with colours when the terminal has them, or with
    FORCE_COLOR=1). It is written atomically, after everything was printed.
    """
    from policytl.render import Trimmed

    console = env.console(record=svg is not None)
    # Rich exits with status 1 when the reader goes away (`policytl show | head`);
    # raise instead, so that the command stops quietly with status 0 as for any other write.
    console.on_broken_pipe = broken_pipe  # type: ignore[method-assign]
    for renderable in renderables:
        console.print(Trimmed(renderable))
    if svg is not None:
        from policytl.files.write import write_atomic
        from policytl.render.svg import export_svg

        write_atomic(svg, export_svg(console, title))


def broken_pipe() -> None:
    """What a Rich console does when its reader went away: raise, as any write does."""
    raise BrokenPipeError


#: SGR codes of the few styles painted without Rich (diff and validate)
_SGR = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "bold red": "1;31"}


def paint(line: str, style: str) -> str:
    """``line`` (its control characters escaped here) in a colour of the terminal."""
    return f"\x1b[{_SGR[style]}m{terminal_text(line)}\x1b[0m"


def paint_diff(text: str) -> str:
    """diff's text (escaped) with + green, - red, ~ yellow and the file names bold."""
    out: list[str] = []
    for line in terminal_text(text).splitlines():
        if line.startswith(("--- ", "+++ ")):
            line = paint(line, "bold")
        elif line.startswith("+ "):
            line = paint(line, "green")
        elif line.startswith("- "):
            line = paint(line, "red")
        elif line.startswith("~ "):
            line = paint(line, "yellow")
        out.append(line)
    return "\n".join(out) + "\n"


def problem_line(problem: Problem, color: bool) -> str:
    """One problem as a line: on a colour terminal, FILE:LINE:COL bold, then the
    message red for an error or yellow for a warning."""
    from policytl.model.errors import Severity
    from policytl.model.textsafe import one_line

    text = one_line(str(problem))
    if not color:
        return text
    where = one_line(problem.location)
    rest = text[len(where) :] if text.startswith(where) else text
    return paint(where, "bold") + paint(
        rest, "yellow" if problem.severity is Severity.WARNING else "red"
    )


def report_problems(problems: Sequence[Problem], color: bool) -> None:
    """Problems as validate prints them, on stderr (fmt's and add's stdout is data)."""
    for p in problems:
        sys.stderr.write(problem_line(p, color) + "\n")
    sys.stderr.flush()


def no_match(selected: Filters) -> None:
    """Tell the user on stderr that the filters selected nothing (exit status stays 0)."""
    from policytl.model.textsafe import one_line

    if selected.empty:
        message("the data has no events")
    else:
        message(f"no event matches {one_line(selected.describe())}")


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """``1 event``, ``2 events``, ``2 bodies``."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def json_text(value: Any) -> str:
    """``value`` as policytl's JSON text (policytl.model.textsafe.dump_json)."""
    from policytl.model.textsafe import dump_json

    return dump_json(value)
