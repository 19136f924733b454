"""The terminal views of ``policytl status``, ``upcoming`` and ``trace``.

Each function returns Rich renderables and never prints. Every text from data goes
through ``textsafe.one_line`` into ``rich.text.Text`` objects (never markup, no
control character). The trace is drawn as lines built without recursion: past
:data:`MAX_GUIDES` levels the guides stop growing and the line says its depth, so
that a chain 10,000 relations deep stays readable (and linear to draw).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from policytl.analyze.lifecycle import (
    POSSIBLY,
    SCHEDULED,
    DocumentStatus,
    Step,
    Trace,
    Upcoming,
    document_cell,
    next_cell,
    scope_text,
)
from policytl.model.records import Lang
from policytl.model.textsafe import one_line
from policytl.render.cells import titled_table
from policytl.render.wrap import Paragraph

__all__ = ["MAX_GUIDES", "status_view", "trace_view", "upcoming_view"]

#: below this width, status draws a block of lines per document instead of a table
NARROW = 80
#: the deepest level of the trace drawn with guides
MAX_GUIDES = 12


def _safe(text: str, style: str = "") -> Text:
    return Text(one_line(text), style=style)


def _lines(texts: Sequence[str]) -> Text:
    return Text("\n").join(_safe(t) for t in texts)


def _table(title: str) -> Table:
    return titled_table(title)


Cell = Text | Paragraph


class _Lines:
    """A table of :func:`_table` drawn as plain lines, row by row.

    Rich lays the columns out (their widths, from every cell, as for the whole
    table); the rows are then drawn here as Rich would draw them, each cell's lines
    padded to its column, which costs a fraction of Rich's rendering of every cell
    as a renderable of its own (status and upcoming list thousands of rows).
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.rows: list[tuple[list[Cell], bool]] = []

    def add_row(self, *cells: Cell, end_section: bool = False) -> None:
        self.table.add_row(*cells, end_section=end_section)
        self.rows.append((list(cells), end_section))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table
        extra = table._extra_width
        widths = table._calculate_column_widths(
            console, options.update_width(options.max_width - extra)
        )
        total = sum(widths) + extra
        columns = table.columns
        last = len(columns) - 1
        pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(len(columns))]
        title = Text(str(table.title), style=table.title_style or "")
        # Text.render draws spans only: a title line's own style goes into a span
        lines = [Text().append_text(line) for line in title.wrap(console, total)]
        header = [Text(str(c.header), style=table.header_style or "") for c in columns]
        lines.extend(self._row(console, header, widths, pads, header=True))
        lines.append(Text("─" * total))
        for cells, end_section in self.rows:
            lines.extend(self._row(console, cells, widths, pads))
            if end_section:
                lines.append(Text())
        for line in lines:
            yield from line.render(console)
            yield Segment.line()

    def _row(
        self,
        console: Console,
        cells: Sequence[Cell],
        widths: Sequence[int],
        pads: Sequence[tuple[int, int]],
        header: bool = False,
    ) -> list[Text]:
        """The lines of one row: each cell wrapped to its column, top-aligned, padded
        (in the column's style, except the header)."""
        blocks: list[list[Text]] = []
        for column, width, (left, right) in zip(self.table.columns, widths, pads, strict=False):
            inner = width - left - right
            cell = cells[column._index] if column._index < len(cells) else Text()
            if isinstance(cell, Paragraph):
                wrapped = list(cell.wrapped(inner).split("\n", allow_blank=True))
            else:
                wrapped = list(
                    cell.wrap(console, inner, overflow=column.overflow, no_wrap=column.no_wrap)
                )
            blocks.append(wrapped)
        height = max(len(b) for b in blocks)
        out: list[Text] = []
        for k in range(height):
            line = Text()
            for n, (column, width, (left, right)) in enumerate(
                zip(self.table.columns, widths, pads, strict=False)
            ):
                if n:
                    line.append(" ")
                piece = Text(" " * left, style="" if header else column.style or "")
                if k < len(blocks[n]):
                    piece.append_text(blocks[n][k])
                piece.append(" " * max(0, width - right - piece.cell_len))
                piece.append(" " * right)
                line.append_text(piece)
            out.append(line)
        return out


def _stage_lines(r: DocumentStatus) -> Text:
    if r.stage is None:
        return Text("no stage yet", style="dim")
    style = "red" if r.ended else "yellow" if r.stage.state == POSSIBLY else "bold"
    out = _safe(r.stage.words, style)
    lines = [out, _safe(f"since {r.stage.event.date.text}", "cyan")]
    if r.settled is not None:
        lines.append(_safe(f"surely {r.settled.stage} since {r.settled.event.date.text}"))
    return Text("\n").join(lines)


def _applies_lines(r: DocumentStatus, lang: Lang) -> Text:
    lines = []
    for a in r.applies:
        scope = scope_text(a, lang)
        if a.state == SCHEDULED:
            lines.append(_safe(f"from {a.event.date.text}: {scope}", "dim"))
        elif a.state == POSSIBLY:
            lines.append(_safe(f"possibly since {a.event.date.text}: {scope}", "yellow"))
        else:
            lines.append(_safe(f"since {a.event.date.text}: {scope}"))
    return Text("\n").join(lines)


def status_view(
    rows: Sequence[DocumentStatus], as_of: date, lang: Lang, width: int = 100
) -> list[RenderableType]:
    """Each document's stage, since when, what applies, and what comes next: a table, or
    below :data:`NARROW` columns a block of lines per document."""
    if not rows:
        return [Text(f"no document as of {as_of.isoformat()}")]
    title = f"Status as of {as_of.isoformat()}"
    if width < NARROW:
        return [Text(title, style="bold"), *(_status_block(r, lang) for r in rows)]
    table = _table(title)
    table.expand = True
    table.add_column("Document", ratio=2, overflow="fold")
    table.add_column("Stage", ratio=2, overflow="fold")
    table.add_column("Applies", ratio=4, overflow="fold")
    table.add_column("Next", ratio=2, overflow="fold")
    body = _Lines(table)
    for r in rows:
        name = Text("\n").join([_safe(r.id, "bold"), _safe(r.title.get(lang))])
        body.add_row(
            Paragraph(name),
            Paragraph(_stage_lines(r)),
            Paragraph(_applies_lines(r, lang)),
            Paragraph(_safe(next_cell(r))),
        )
    return [body]


def _status_block(r: DocumentStatus, lang: Lang) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    grid.add_row(_safe(r.id, "bold"), Paragraph(_safe(r.title.get(lang))))
    grid.add_row("stage", Paragraph(_stage_lines(r)))
    if r.applies:
        grid.add_row("applies", Paragraph(_applies_lines(r, lang)))
    if r.next is not None:
        grid.add_row("next", Paragraph(_safe(next_cell(r))))
    return Group(Text(), grid)


def upcoming_view(result: Upcoming, lang: Lang) -> list[RenderableType]:
    """One table, a section per month: date, what, document and scope, event."""
    head = f"after {result.as_of.isoformat()}"
    if result.until is not None:
        head += f", through {result.until.isoformat()}"
    if not result.items:
        return [Text(f"nothing scheduled {head}")]
    table = _table(f"Upcoming {head}")
    table.add_column("Date", no_wrap=True, style="cyan")
    table.add_column("What", no_wrap=True)
    table.add_column("Document, scope", ratio=3, overflow="fold")
    table.add_column("Event", ratio=2, overflow="fold")
    body = _Lines(table)
    months = result.months()
    for n, (month, items) in enumerate(months):
        body.add_row(Text(month, style="bold"))
        for k, i in enumerate(items):
            what = _safe(document_cell(i, lang))
            if i.event.scope is not None:
                what.append("\n")
                what.append_text(_safe(i.event.scope.get(lang), "italic"))
            body.add_row(
                _safe(i.date.text),
                _safe(i.what, "bold"),
                Paragraph(what),
                _safe(i.event.id, "dim"),
                end_section=k == len(items) - 1 and n < len(months) - 1,
            )
    return [body]


def _describe(step: Step, lang: Lang) -> Text:
    line = Text()
    if step.relation is not None:
        arrow = "←" if step.direction == "down" else "→"
        line.append(one_line(f"{step.relation} {arrow}"), style="magenta")
        line.append(" ")
    line.append(one_line(step.id), style="bold")
    if step.date is not None:
        line.append("  ")
        line.append(one_line(step.date.text), style="cyan")
    if step.lag is not None:
        line.append("  ")
        line.append(one_line(step.lag.text), style="green")
    if step.title is not None:
        line.append("  ")
        line.append(one_line(step.title.get(lang)))
    if step.repeat is not None:
        line.append(f"  ({step.repeat}: shown above)", style="yellow")
    if step.more:
        line.append("  (more below --depth)", style="dim")
    return line


def trace_view(result: Trace, lang: Lang) -> list[RenderableType]:
    """The trace as a tree of lines: the start, then each direction's branch."""
    steps = result.steps
    last_child: dict[tuple[int, str | None], int] = {}
    for s in steps:
        if s.parent is not None:
            last_child[s.parent, s.direction] = s.index
    # guides[i]: the prefix under step i for its children's lines
    guides: dict[int, str] = {0: ""}
    lines: list[Text] = [_describe(steps[0], lang)]
    shown_head: set[str] = set()
    for s in steps[1:]:
        assert s.parent is not None
        if s.parent == 0 and s.direction not in shown_head:
            shown_head.add(s.direction or "")
            head = "what relates to it" if s.direction == "down" else "what it relates to"
            lines.append(Text(f"{s.direction}: {head}", style="dim"))
        above = guides[s.parent]
        last = last_child[s.parent, s.direction] == s.index
        if s.depth <= MAX_GUIDES:
            prefix = above + ("└─ " if last else "├─ ")
            guides[s.index] = above + ("   " if last else "│  ")
        else:
            prefix = above + f"[{s.depth}] "
            guides[s.index] = above
        line = Text(prefix, style="dim")
        line.append_text(_describe(s, lang))
        lines.append(line)
        if s.parent in guides and last and s.parent != 0:
            del guides[s.parent]
    tree = Text("\n").join(lines)
    tree.no_wrap, tree.overflow = True, "ellipsis"
    return [tree]
