"""The Rich view of a comparison: who moved first (the verdict), then the evidence.

The verdict comes first: who moved first on each theme shared by several
sides, and the themes only one side has. Then the events per side and the
side-by-side table. With ``summary`` only the verdict is drawn.

Titles and leads wrap as ``policytl show`` wraps them (:class:`Paragraph`):
numbers and words stay whole, no line starts with closing punctuation or ends
with opening punctuation.

Every text from data goes through ``textsafe.for_terminal`` into
``rich.text.Text`` objects, so it is never read as markup and never moves the
cursor. Returns a renderable; ``policytl.cli.app`` prints it.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from policytl.analyze.compare import Comparison, Side, no_theme
from policytl.model.records import Event, Lang
from policytl.model.textsafe import for_terminal, one_line
from policytl.render.wrap import NBSP, Paragraph

__all__ = ["render"]


def _safe(text: str) -> Text:
    return Text(one_line(text))


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _side_head(side: Side, lang: Lang) -> Text:
    """The side as "CN-BJ 北京市", the label in bold ("blockchain (tag)" for a tag)."""
    out = Text(for_terminal(side.label), style="bold")
    out.append(" " + one_line(side.title(lang)[len(side.label) :]))
    return out


def _cell(events: tuple[Event, ...], lang: Lang) -> RenderableType:
    """The events of one side in one period: dates in a column, titles wrapped beside."""
    if not events:
        return Text()
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column()
    for e in events:
        grid.add_row(for_terminal(e.date.text), Paragraph(_safe(e.title.get(lang))))
    return grid


def render(c: Comparison, lang: Lang, *, summary: bool = False) -> RenderableType:
    """The comparison as one Rich renderable; ``summary``: the verdict alone."""
    parts: list[RenderableType] = [_title(c, lang), Text()]
    parts += _verdict(c)
    if summary:
        return Group(*parts)
    parts += [Text(), _summary(c, lang), Text()]
    if c.rows:
        parts.append(_side_by_side(c, lang))
    return Group(*parts)


def _title(c: Comparison, lang: Lang) -> Text:
    title = Text("Compare ", style="bold")
    for i, s in enumerate(c.sides):
        if i:
            title.append(" · ")
        title.append_text(_side_head(s, lang))
    title.append(f"  (period: {c.period.value}", style="dim")
    if c.filters:
        title.append(", filters: ", style="dim")
        title.append(one_line(c.filters), style="dim")
    if c.stage is not None:
        title.append(f", stage: {c.stage}", style="dim")
    title.append(")", style="dim")
    return title


def _summary(c: Comparison, lang: Lang) -> Table:
    summary = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    # Folded, never cut with an ellipsis, on narrow terminals.
    summary.add_column("Side", overflow="fold")
    summary.add_column("By", overflow="fold")
    summary.add_column("Events", justify="right", overflow="fold")
    summary.add_column("First", overflow="fold")
    summary.add_column("Last", overflow="fold")
    for s in c.sides:
        summary.add_row(
            _side_head(s, lang),
            s.by.value,
            str(len(s.events)),
            _safe(s.first or "–"),
            _safe(s.last or "–"),
        )
    return summary


def _side_by_side(c: Comparison, lang: Lang) -> Table:
    grid = Table(box=box.SQUARE, show_lines=True, header_style="bold", expand=True)
    grid.add_column("Period", no_wrap=True)
    for s in c.sides:
        grid.add_column(_side_head(s, lang), ratio=1, overflow="fold")
    for r in c.rows:
        grid.add_row(Text(r.label, style="bold"), *(_cell(cell, lang) for cell in r.cells))
    return grid


def _verdict(c: Comparison) -> list[RenderableType]:
    """Who moved first on each shared theme, and the themes only one side has."""
    parts: list[RenderableType] = [_heading("Who moved first")]
    if c.themes:
        moved = Table(box=None, show_header=False, pad_edge=False)
        moved.add_column("Theme", style="bold", no_wrap=True)
        moved.add_column("Firsts")
        moved.add_column("Lead")
        for t in c.themes:
            firsts = []
            for m in t.moves:
                first = Text(for_terminal(m.side), style="bold")
                first.append(" ")
                first.append(one_line(m.date_text), style="cyan")
                firsts.append(first)
            pair = len(t.leads) == 1
            # "10 months" stays on one line
            stage = "" if t.stage is None else f"{t.stage}: "
            leads = Text("\n").join(
                Text(stage + one_line(lead.text(pair)).replace(" month", NBSP + "month"))
                for lead in t.leads
            )
            moved.add_row(_safe(t.tag), _Moves(firsts), Paragraph(leads))
        parts.append(moved)
    else:
        parts.append(Text(no_theme(c)))
    listed = [(label, tags) for label, tags in c.only if tags]
    for heading, lists in (
        ("Themes on one side only", listed),
        ("Stages on one side only", list(c.lone_stages)),
    ):
        if lists:
            parts += [Text(), _heading(heading)]
            one_side = Table(box=None, show_header=False, pad_edge=False)
            one_side.add_column("Side", style="bold", no_wrap=True)
            one_side.add_column("Themes")
            for label, tags in lists:
                one_side.add_row(_safe(label), Paragraph(_safe(", ".join(tags))))
            parts.append(one_side)
    return parts


class _Moves:
    """Each side's first move: two on one line ("CN-BJ 2016-02 · CN 2016-12") when they
    fit, else (and always for three or more) one line each, wrapped as show wraps."""

    def __init__(self, moves: list[Text]) -> None:
        self.one = Paragraph(Text(" · ").join(moves)) if len(moves) == 2 else None
        self.each = Paragraph(Text("\n").join(moves))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        each = self.each.__rich_measure__(console, options)
        if self.one is None:
            return each
        one = self.one.__rich_measure__(console, options)
        return Measurement(each.minimum, one.maximum)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len

        if self.one is not None and cell_len(self.one.text.plain) <= options.max_width:
            yield self.one
        else:
            yield self.each
