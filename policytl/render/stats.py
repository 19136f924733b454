"""``policytl stats`` as Rich tables with inline bar charts.

``render(stats, width, lang)`` returns renderables; it never prints. Bars are
drawn in Unicode eighth blocks and scaled to the largest count of their table.
In the period table, a run of three or more empty periods is folded into one
row (``2017-05–2018-04``) so that ``--period month`` stays readable; the JSON
form lists every period.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from policytl.analyze.stats import FOLD_EMPTY, Stats, period_notes, summary_lines
from policytl.model.records import Lang
from policytl.model.records import Text as Texts
from policytl.model.textsafe import one_line
from policytl.render.cells import bar, titled_table

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["FOLD_EMPTY", "render"]

BAR_STYLE = "cyan"
BUSY_STYLE = "bold magenta"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _name(name: Texts | None, key: str, lang: Lang) -> str:
    if name is None:
        return one_line(key)
    return one_line(name.get(lang))


def _bar_cells(width: int, fixed: int) -> int:
    """Cells left for the bar after ``fixed`` cells of other columns; 3 to 30."""
    return max(3, min(30, width - fixed))


def _table(title: str, *headers: str) -> Table:
    table = titled_table(title)
    for i, h in enumerate(headers):
        if i == 0:
            table.add_column(h, overflow="fold")
        elif h == "":
            table.add_column(h, no_wrap=True)
        else:
            table.add_column(h, justify="right", no_wrap=True)
    return table


def _summary(stats: Stats) -> Text:
    return Text("\n".join(summary_lines(stats)))


def _period_table(stats: Stats, width: int) -> Table:
    noun = stats.period.value
    rows = [
        (key, count, note, BUSY_STYLE if busy else BAR_STYLE)
        for key, count, note, busy in period_notes(stats)
    ]
    apart = [
        (i.span, i.count, "year only" if i.year_only else f"not in one {noun}", BAR_STYLE)
        for i in stats.imprecise
    ]
    key_w = max(cell_len(r[0]) for r in [*rows, *apart])
    note_w = max(cell_len(r[2]) for r in [*rows, *apart])
    cells = _bar_cells(width, key_w + 6 + note_w + 9)
    most = max(r[1] for r in [*rows, *apart])
    table = _table(f"Events per {noun}", noun.capitalize(), "Events", "", "")
    table.columns[0].no_wrap = True
    table.columns[3].no_wrap = False
    for i, group in enumerate((rows, apart)):
        if i and group:
            table.add_section()
        for key, count, note, style in group:
            table.add_row(
                Text(key),
                Text(str(count)),
                Text(bar(count, most, cells), style=style),
                Text(note),
            )
    return table


def _jurisdiction_table(stats: Stats, width: int, lang: Lang) -> Table:
    names = [f"{_name(j.name, j.key, lang)} ({one_line(j.key)})" for j in stats.jurisdictions]
    name_w = min(max((cell_len(n) for n in names), default=12), width // 2)
    cells = _bar_cells(width, name_w + 6 + 6)
    most = max((j.count for j in stats.jurisdictions), default=0)
    table = _table("Events per jurisdiction", "Jurisdiction", "Events", "")
    for j, name in zip(stats.jurisdictions, names, strict=True):
        table.add_row(
            Text(name), Text(str(j.count)), Text(bar(j.count, most, cells), style=BAR_STYLE)
        )
    return table


def _body_table(stats: Stats, width: int, lang: Lang) -> Table:
    names = [_name(b.short or b.name, b.id, lang) for b in stats.bodies]
    name_w = min(max((cell_len(n) for n in names), default=12), width // 2)
    cells = _bar_cells(width, name_w + 6 + 6 + 6)
    most = max((b.any for b in stats.bodies), default=0)
    table = _table("Events per issuing body", "Issuing body", "Lead", "Any", "")
    for b, name in zip(stats.bodies, names, strict=True):
        table.add_row(
            Text(name),
            Text(str(b.lead)),
            Text(str(b.any)),
            Text(bar(b.any, most, cells), style=BAR_STYLE),
        )
    if stats.no_issuer:
        table.caption = (
            f"Lead: as first issuer. Any: as any issuer. No issuer: {_n(stats.no_issuer, 'event')}."
        )
    else:
        table.caption = "Lead: as first issuer. Any: as any issuer."
    table.caption_justify = "left"
    return table


#: the most rows a table of kinds or tags shows in the terminal: past this many, the rest
#: are counted in a line under it (a table of 200,000 tags took Rich minutes and is no
#: help on a screen; ``policytl tags`` and ``stats -f csv`` list every one)
SHOWN = 100


def _simple_table(
    title: str, header: str, rows: Sequence[tuple[str, int]], width: int, noun: str
) -> list[RenderableType]:
    shown = rows[:SHOWN]
    name_w = min(max((cell_len(k) for k, _ in shown), default=8), width // 2)
    cells = _bar_cells(width, name_w + 6 + 6)
    most = max((n for _, n in shown), default=0)
    table = _table(title, header, "Events", "")
    for key, n in shown:
        table.add_row(Text(key), Text(str(n)), Text(bar(n, most, cells), style=BAR_STYLE))
    if len(rows) <= SHOWN:
        return [table]
    more = f"The {SHOWN} most used of {len(rows):,} {noun}s: `policytl {noun}s` lists them all."
    return [table, Text(more, style="dim")]


def render(stats: Stats, width: int, lang: Lang = Lang.EN) -> list[RenderableType]:
    """The tables of ``policytl stats`` for a terminal ``width`` cells wide."""
    out: list[RenderableType] = [_summary(stats)]
    if not stats.total:
        return out
    out += [Text(), _period_table(stats, width)]
    out += [Text(), _jurisdiction_table(stats, width, lang)]
    if stats.bodies or stats.no_issuer:
        out += [Text(), _body_table(stats, width, lang)]
    out += [
        Text(),
        *_simple_table(
            "Events per kind",
            "Kind",
            [(one_line(k.key), k.count) for k in stats.kinds],
            width,
            "kind",
        ),
    ]
    if stats.tags:
        out += [
            Text(),
            *_simple_table(
                "Events per tag",
                "Tag",
                [(one_line(t.key), t.count) for t in stats.tags],
                width,
                "tag",
            ),
        ]
    return out
