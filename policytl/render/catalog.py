"""Tables for ``policytl bodies``, ``tags``, ``kinds`` and ``jurisdictions``.

Each function takes the rows from :mod:`policytl.analyze.catalog` and returns a Rich
table; every text from the data is escaped and kept out of markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from policytl.analyze.catalog import BodyEntry, JurisdictionEntry, KindEntry, TagEntry
from policytl.model.records import Alias, Lang, Text
from policytl.render import safe_text
from policytl.render.wrap import Paragraph

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table
    from rich.text import Text as RichText

__all__ = ["TagRows", "bodies_table", "jurisdictions_table", "kinds_table", "tags_table"]


def _table(*columns: tuple[str, dict[str, object]], expand: bool = False) -> Table:
    from rich.table import Table

    table = Table(
        box=None,
        header_style="bold",
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        expand=expand,
    )
    for name, kw in columns:
        table.add_column(name, overflow="fold", **kw)  # type: ignore[arg-type]
    return table


def _langs(text: Text, lang: Lang) -> list[str]:
    """The text in ``lang``; with both, Chinese then English (once when the same)."""
    return list(dict.fromkeys(text.all())) if lang is Lang.BOTH else [text.get(lang)]


def _names(text: Text | None, lang: Lang = Lang.BOTH) -> RichText:
    """Chinese then English on their own lines (one line when they are the same)."""
    from rich.text import Text as RText

    out = RText("")
    if text is None:
        out.append("—", style="dim")
        return out
    lines = _langs(text, lang)
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        out.append_text(safe_text(line))
    return out


def _aliases(aliases: Sequence[Alias]) -> RichText:
    return safe_text(", ".join(a.name for a in aliases), "dim")


def _count(n: int) -> RichText:
    return safe_text(str(n), "" if n else "dim")


#: Below this many columns, ``bodies`` stacks each body's fields in one column.
BODIES_WIDE = 90


def bodies_table(
    entries: Sequence[BodyEntry], width: int = BODIES_WIDE, lang: Lang = Lang.BOTH
) -> Table:
    """The body registry in ``lang``; ``width`` chooses between columns and a stacked
    layout."""
    from rich.text import Text as RText

    wide = width >= BODIES_WIDE
    if wide:
        table = _table(
            ("ID", {"style": "bold", "no_wrap": True}),
            ("Name (short name)", {"ratio": 3}),
            ("Level", {"no_wrap": True}),
            ("Jur.", {"no_wrap": True}),
            ("Aliases", {"ratio": 2}),
            ("Events", {"justify": "right", "no_wrap": True}),
            expand=True,
        )
    else:
        table = _table(("Body", {"ratio": 1}), ("Events", {"justify": "right"}), expand=True)
    for i, e in enumerate(entries):
        b = e.body
        if i:
            table.add_row()
        name = _names(b.name, lang)
        if b.short is not None:
            name.append("\n")
            name.append_text(safe_text(f"({' / '.join(_langs(b.short, lang))})", "dim"))
        if wide:
            table.add_row(
                safe_text(b.id),
                Paragraph(name),
                safe_text(b.level),
                safe_text(b.jurisdiction),
                Paragraph(_aliases(b.aliases)),
                _count(e.events),
            )
            continue
        cell = RText("")
        cell.append_text(safe_text(b.id, "bold"))
        cell.append("\n")
        cell.append_text(name)
        cell.append("\n")
        cell.append_text(safe_text(f"{b.level} · {b.jurisdiction}", "dim"))
        if b.aliases:
            cell.append("\n")
            cell.append("aliases: ", style="dim")
            cell.append_text(_aliases(b.aliases))
        table.add_row(Paragraph(cell), _count(e.events))
    return table


#: above this many tags, the listing is laid out line by line rather than as a Rich
#: table, whose cost per row made 1.3 million tags take minutes (the same text)
PLAIN_ROWS = 1000


def tags_table(entries: Sequence[TagEntry]) -> Table | TagRows:
    if len(entries) > PLAIN_ROWS:
        return TagRows(entries)
    table = _table(("Tag", {}), ("Events", {"justify": "right"}))
    for e in entries:
        table.add_row(safe_text(e.tag), _count(e.events))
    return table


class TagRows:
    """The tags listing as lines of a tag and its count, in linear time: the text of
    the Rich table when its columns fit the width (else the Rich table itself)."""

    def __init__(self, entries: Sequence[TagEntry]) -> None:
        self.entries = entries

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment

        from policytl.model.textsafe import one_line

        names = [one_line(e.tag) for e in self.entries]
        counts = [str(e.events) for e in self.entries]
        name_w = max(3, *(cell_len(n) for n in names))
        count_w = max(6, *(len(c) for c in counts))
        if name_w + 2 + count_w > options.max_width:
            table = _table(("Tag", {}), ("Events", {"justify": "right"}))
            for e in self.entries:
                table.add_row(safe_text(e.tag), _count(e.events))
            yield table
            return
        bold = console.get_style("bold")
        yield Segment("Tag" + " " * (name_w - 3) + "  " + "Events".rjust(count_w), bold)
        yield Segment.line()
        for name, count in zip(names, counts, strict=True):
            pad = " " * (name_w - cell_len(name) + 2 + count_w - len(count))
            yield Segment(f"{name}{pad}{count}\n")


def kinds_table(entries: Sequence[KindEntry]) -> Table:
    table = _table(
        ("Kind", {"no_wrap": True}), ("Description", {}), ("Events", {"justify": "right"})
    )
    for e in entries:
        table.add_row(
            safe_text(e.kind), Paragraph(safe_text(e.description, "dim")), _count(e.events)
        )
    return table


def jurisdictions_table(entries: Sequence[JurisdictionEntry], lang: Lang = Lang.BOTH) -> Table:
    table = _table(
        ("Code", {"style": "bold", "no_wrap": True}),
        ("Name", {}),
        ("Parent", {}),
        ("Aliases", {}),
        ("Events", {"justify": "right"}),
    )
    for e in entries:
        j = e.jurisdiction
        table.add_row(
            safe_text(j.code),
            Paragraph(_names(j.name, lang)),
            safe_text(j.parent or "—", "" if j.parent else "dim"),
            Paragraph(_aliases(j.aliases)),
            _count(e.events),
        )
    return table
