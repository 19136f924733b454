"""Rich renderers for the terminal. They build renderables and never print.

Every text that comes from data goes through :func:`safe_text`: control
characters become visible escapes (``policytl.model.textsafe``) and the result is
a ``rich.text.Text`` object, so that nothing in the data is read as Rich
markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.segment import Segment
    from rich.style import Style
    from rich.text import Text

__all__ = ["Trimmed", "safe_text"]


def safe_text(value: str, style: str | Style = "") -> Text:
    """Untrusted ``value`` as a Rich Text on one line, with control characters escaped."""
    from rich.text import Text

    from policytl.model.textsafe import one_line

    return Text(one_line(value), style=style)


class Trimmed:
    """A renderable without the trailing blanks that Rich pads table cells with.

    Output that is piped or saved then has no spaces at the ends of its lines.
    Every segment's text also has its control characters escaped (the renderers
    escape data already; this holds whatever a renderer missed), so that the only
    escape sequences a terminal receives are the styles Rich draws.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        lines = console.render_lines(self.renderable, options, pad=False, new_lines=False)
        for line in lines:
            yield from _rstrip(_escaped(line))
            yield Segment.line()


def _escaped(line: Iterable[Segment]) -> Iterable[Segment]:
    from rich.segment import Segment

    from policytl.model.textsafe import for_terminal

    for segment in line:
        text = segment.text
        if segment.control or text.isprintable():
            yield segment
        else:
            yield Segment(for_terminal(text), segment.style, segment.control)


def _rstrip(line: Iterable[Segment]) -> list[Segment]:
    from rich.segment import Segment

    segments = list(line)
    while segments:
        last = segments[-1]
        if last.control:
            break
        stripped = last.text.rstrip(" ")
        if stripped:
            segments[-1] = Segment(stripped, last.style, last.control)
            break
        segments.pop()
    return segments
