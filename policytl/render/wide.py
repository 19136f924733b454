"""The wide layout of ``policytl show`` written straight from strings, colour included.

From :data:`~policytl.render.timeline.WIDE` columns on, the view is a table of
date, kind, jurisdiction, issuers, title and source count. Rich's Table lays
that out by measuring and rendering every cell of every row through its
segment pipeline: about a millisecond per event, 11 s for 10,000 events at 160
columns. Yet every column but the title has a fixed width, so the layout needs
no measuring at all: this module writes the very characters (and, on a colour
terminal, the very escape sequences) that ``console.print(Trimmed(table))``
writes for each chunk of rows, one row at a time.

It covers the rows of the plain wide view (not ``--detail``, whose notes and
quotes are a nested table); a row whose cells it cannot lay out exactly (a
kind or code with spaces, a thousand sources) is drawn by Rich instead, with
the same column widths. A test compares both renderers byte for byte across
fixtures, widths and languages, with and without colour.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from policytl.model.records import EVENT_KINDS, Event, Lang, Timeline
from policytl.model.textsafe import for_terminal, one_line
from policytl.render.timeline import CHUNK, DATE_WIDTH, WIDE, _View, due_label
from policytl.render.wrap import NBSP, line_ends

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

__all__ = ["usable", "wide_timeline"]

#: rows written before the rest of the first chunk (a screenful, and some)
FIRST_WRITE = 20
#: the cells that are a Text with a style of their own (date, jurisdiction, sources):
#: Rich pads them inside that style
_STYLED_PAD = frozenset((0, 2, 5))
#: a run of text and the style it is drawn in ("" for none)
Run = tuple[str, str]
Line = list[Run]
#: a cell's lines, drawn: (padded to the column, as the last text of a line, blank)
Cell = list[tuple[str, str, bool]]


def usable(width: int, detail: bool) -> bool:
    """Whether this renderer draws the view (else the Rich view is used)."""
    return width >= WIDE and not detail


class _Ansi:
    """Style names to the escape sequences Rich writes around a segment in that style."""

    def __init__(self, console: Console | None) -> None:
        self.console = console
        self.cache: dict[str, tuple[str, str]] = {}

    def wrap(self, style: str) -> tuple[str, str]:
        got = self.cache.get(style)
        if got is None:
            got = ("", "")
            console = self.console
            if console is not None and console.color_system is not None and style:
                rendered = console.get_style(style).render("\0", color_system=console._color_system)
                head, _, tail = rendered.partition("\0")
                got = (head, tail)
            self.cache[style] = got
        return got


def _cell_widths(text: str) -> list[int]:
    from rich.cells import get_character_cell_size

    return [get_character_cell_size(ch) for ch in text]


def _fold(text: str, width: int) -> list[str] | None:
    """A word folded at ``width`` cells, as Rich's fold does; None when it has spaces."""
    if not text:
        return [""]
    if text.isascii() and len(text) <= width and " " not in text and "\t" not in text:
        return [text]  # most dates, kinds and codes
    if any(ch.isspace() for ch in text):
        return None
    sizes = _cell_widths(text)
    if sum(sizes) <= width:
        return [text]
    out: list[str] = []
    start, used = 0, 0
    for i, w in enumerate(sizes):
        if used + w > width and used:
            out.append(text[start:i])
            start, used = i, 0
        used += w
    out.append(text[start:])
    return out


def _cells(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)  # as Rich pads: zero-width joiners and all


def _paragraph(lines: list[tuple[str, str]], width: int) -> list[Run]:
    """Styled lines wrapped as :class:`~policytl.render.wrap.Paragraph` wraps them."""
    out: list[Run] = []
    for text, style in lines:
        if not text:
            out.append(("", style))
            continue
        cuts = [0, *line_ends(text, width), len(text)]
        for a, b in itertools.pairwise(cuts):
            out.append((text[a:b].rstrip().replace(NBSP, " "), style))
    return out


class _Wide:
    def __init__(self, timeline: Timeline, lang: Lang, width: int, console: Console | None) -> None:
        self.view = _View(timeline, lang, False, True)
        self.timeline = timeline
        self.lang = lang
        self.width = width
        self.ansi = _Ansi(console)
        self.console = console
        jur_w = max([4, *(len(c) for c in timeline.jurisdictions)])
        self.widths = [
            DATE_WIDTH,
            max(len(k) for k in EVENT_KINDS),
            min(jur_w, 10),
            self.view._issuer_width(),
            0,
            3,
        ]
        self.widths[4] = width - sum(self.widths) - 2 * (len(self.widths) - 1)
        self.stacked = lang is Lang.BOTH
        self.issuer_cache: dict[tuple[str, ...], Cell] = {}
        self.body_cache: dict[str, Cell] = {}
        self.simple_cache: dict[tuple[int, str, str], Cell | None] = {}
        self.blanks = [" " * w for w in self.widths]

    # --- cells ------------------------------------------------------------------------

    def issuers(self, e: Event) -> Cell:
        """Each issuer's names, one a line; each line wraps on its own, so a body's lines
        are drawn once and joined for every event it issued."""
        got = self.issuer_cache.get(e.issuers)
        if got is None:
            got = []
            for bid in e.issuers:
                lines = self.body_cache.get(bid)
                if lines is None:
                    names = [
                        (one_line(name), "dim" if j else "")
                        for j, name in enumerate(self.view._issuer_lines(bid))
                    ]
                    lines = self.body_cache[bid] = self.cell(3, _paragraph(names, self.widths[3]))
                got += lines
            if not e.issuers:
                got = self.cell(3, [("—", "dim")])
            self.issuer_cache[e.issuers] = got
        return got

    def cell(self, n: int, runs: list[Run]) -> Cell:
        """Column ``n``'s lines drawn: (padded, trimmed as the line's last, blank)."""
        wrap = self.ansi.wrap
        width = self.widths[n]
        styled_pad = n in _STYLED_PAD
        out: Cell = []
        for text, style in runs:
            pad = " " * (width - _cells(text))
            head, tail = wrap(style)
            last = text.rstrip(" ")
            if head:
                last = f"{head}{last}{tail}" if last else ""
                if styled_pad:
                    full = f"{head}{text}{pad}{tail}"
                else:
                    full = (f"{head}{text}{tail}" if text else "") + pad
            else:
                full = text + pad
            out.append((full, last, not text.strip(" ")))
        return out

    def simple(self, n: int, text: str, style: str) -> Cell | None:
        """A date, kind or code cell (folded, no wrapping), drawn once per value."""
        key = (n, text, style)
        got = self.simple_cache.get(key)
        if got is None and key not in self.simple_cache:
            parts: list[str] = []
            for part in text.split("\n"):
                folded = _fold(part, self.widths[n])
                if folded is None:
                    self.simple_cache[key] = None
                    return None
                parts += folded
            got = self.simple_cache[key] = self.cell(n, [(p, style) for p in parts])
        return got

    def cells(self, e: Event) -> list[Cell] | None:
        """Each cell's lines, drawn; None when Rich must draw this row."""
        colour = self.view.styles.get(e.jurisdiction, "")
        date_text = e.date.text
        if len(date_text) > DATE_WIDTH and "/" in date_text:
            left, _, right = date_text.partition("/")
            date_text = f"{left}/\n{right}" if len(left) < DATE_WIDTH else f"{left}\n/{right}"
        date = self.simple(0, for_terminal(date_text), colour)
        kind = self.simple(1, one_line(e.kind), "")
        jur = self.simple(2, one_line(e.jurisdiction), f"bold {colour}")
        count = str(self.view._source_count(e))
        if date is None or kind is None or jur is None or len(count) > 3:
            return None
        if e.due is not None:  # "due 2022" under the kind, dim
            due = due_label(e)
            if _cells(due) > self.widths[1]:
                return None
            kind = kind + self.cell(1, [(due, "dim")])
        title = [
            (one_line(line), "bold" if i == 0 else "")
            for i, line in enumerate(self.view._lines(e.title))
        ]
        return [
            date,
            kind,
            jur,
            self.issuers(e),
            self.cell(4, _paragraph(title, self.widths[4])),
            self.cell(5, [(count.rjust(3), "dim")]),
        ]

    # --- lines ------------------------------------------------------------------------

    def row(self, cells: list[Cell]) -> Iterator[str]:
        """The lines of one row, as Rich writes them: padded cells, trailing blanks trimmed.

        All padding is blank, so a line ends with the last cell that has text on it,
        trimmed. The cells that are a Text with a style of its own (date, kind,
        jurisdiction, source count) draw their padding in that style, as Rich pads
        inside the Text.
        """
        height = max(len(c) for c in cells)
        blanks = self.blanks
        for i in range(height):
            k = len(cells) - 1
            while k >= 0 and (i >= len(cells[k]) or cells[k][i][2]):
                k -= 1
            parts = [
                (cells[n][i][0] if n < k else cells[n][i][1]) if i < len(cells[n]) else blanks[n]
                for n in range(k + 1)
            ]
            yield "  ".join(parts) + "\n"

    def draw(self, line: Line) -> str:
        """One line's runs as text, after Trimmed's trimming of trailing blanks."""
        while line and not line[-1][0].rstrip(" "):
            line.pop()
        if line:
            text, style = line[-1]
            line[-1] = (text.rstrip(" "), style)
        out: list[str] = []
        for text, style in line:
            if not text:
                continue
            head, tail = self.ansi.wrap(style)
            out.append(f"{head}{text}{tail}" if head else text)
        return "".join(out) + "\n"

    def header(self) -> str:
        names = ("Date", "Kind", "Jur.", "Issuers", "Title", "Src")
        line: Line = []
        for n, (name, w) in enumerate(zip(names, self.widths, strict=True)):
            if n:
                line += [(" ", "bold"), (" ", "bold")]
            line.append((name.rjust(w) if n == len(names) - 1 else name.ljust(w), "bold"))
        return self.draw(line)

    def chunk(
        self, events: list[Event], first: bool, continued: bool
    ) -> Iterator[str | RenderableType]:
        """The lines of one chunk of rows (one Rich table of the year), or Rich renderables
        for rows this module cannot lay out."""
        pieces: list[str] = [self.header()] if first else []
        for i, e in enumerate(events):
            if (i or continued) and self.stacked:
                pieces.append("\n")
            cells = self.cells(e)
            if cells is None:
                if pieces:
                    yield "".join(pieces)
                    pieces = []
                yield self.rich_row(e)
                continue
            pieces.extend(self.row(cells))
            if i + 1 == FIRST_WRITE and first:
                yield "".join(pieces)  # the first screen goes out at once
                pieces = []
        if pieces:
            yield "".join(pieces)

    def rich_row(self, e: Event) -> RenderableType:
        from policytl.render import Trimmed

        table = self.view._table(show_header=False)
        table.add_row(*self.view._cells(e))
        return Trimmed(table)


def wide_timeline(
    timeline: Timeline,
    events: Iterable[Event] | None = None,
    *,
    lang: Lang,
    width: int,
    console: Console | None = None,
) -> Iterator[str | RenderableType]:
    """The wide view: Rich renderables for the header, year headings and footer, and
    strings (escape sequences included when ``console`` draws colour) for the rows.

    Printed in order (renderables with ``console.print(Trimmed(r))``, strings
    written as they are), it is exactly what :func:`render_timeline` prints.
    """
    from policytl.render import Trimmed

    wide = _Wide(timeline, lang, width, console)
    view = wide.view
    for r in view.header():
        yield Trimmed(r)
    count = 0
    first = True
    for year, group in itertools.groupby(
        timeline.events if events is None else events, key=lambda e: e.date.start.year
    ):
        rows = list(group)
        count += len(rows)
        yield Trimmed(view.year_heading(year, len(rows)))
        for start in range(0, len(rows), CHUNK):
            yield from wide.chunk(rows[start : start + CHUNK], first, start > 0)
            first = False
    yield Trimmed(view.footer(count))
