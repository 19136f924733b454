"""The Rich view of a comparison: summary, side by side, who moved first.

Every text from data goes through ``textsafe.for_terminal`` into
``rich.text.Text`` objects, so it is never read as markup and never moves the
cursor. Returns a renderable; ``policytl.cli`` prints it.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..compare import Comparison, Side, due_note
from ..model import Event, Lang
from ..textsafe import for_terminal, one_line

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
    grid.add_column(overflow="fold")
    for e in events:
        grid.add_row(for_terminal(e.date.text), _safe(e.title.get(lang) + due_note(e)))
    return grid


def render(c: Comparison, lang: Lang) -> RenderableType:
    """The comparison as one Rich renderable."""
    parts: list[RenderableType] = []
    title = Text("Compare ", style="bold")
    for i, s in enumerate(c.sides):
        if i:
            title.append(" · ")
        title.append_text(_side_head(s, lang))
    title.append(f"  (period: {c.period.value}", style="dim")
    if c.filters:
        title.append(", filters: ", style="dim")
        title.append(one_line(c.filters), style="dim")
    title.append(")", style="dim")
    parts.append(title)

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
    parts += [Text(), summary, Text()]

    if c.rows:
        grid = Table(box=box.SQUARE, show_lines=True, header_style="bold", expand=True)
        grid.add_column("Period", no_wrap=True)
        for s in c.sides:
            grid.add_column(_side_head(s, lang), ratio=1, overflow="fold")
        for r in c.rows:
            grid.add_row(Text(r.label, style="bold"), *(_cell(cell, lang) for cell in r.cells))
        parts += [grid, Text()]

    parts.append(_heading("Who moved first"))
    if c.themes:
        moved = Table(box=None, show_header=False, pad_edge=False)
        moved.add_column("Theme", style="bold", no_wrap=True)
        moved.add_column("Firsts")
        moved.add_column("Lead")
        for t in c.themes:
            # Two sides fit on one line; more get a line each (and a lead each).
            sep = " · " if len(t.moves) == 2 else "\n"
            firsts = Text()
            for i, m in enumerate(t.moves):
                if i:
                    firsts.append(sep)
                firsts.append(for_terminal(m.side), style="bold")
                firsts.append(" ")
                firsts.append(one_line(m.date_text), style="cyan")
            pair = len(t.leads) == 1
            leads = Text("\n").join(_safe(lead.text(pair)) for lead in t.leads)
            moved.add_row(_safe(t.tag), firsts, leads)
        parts.append(moved)
    else:
        parts.append(Text("no theme (tag) is on more than one side"))
    listed = [(label, tags) for label, tags in c.only if tags]
    if listed:
        parts += [Text(), _heading("Themes on one side only")]
        one_side = Table(box=None, show_header=False, pad_edge=False)
        one_side.add_column("Side", style="bold", no_wrap=True)
        one_side.add_column("Themes")
        for label, tags in listed:
            one_side.add_row(_safe(label), _safe(", ".join(tags)))
        parts.append(one_side)
    return Group(*parts)
