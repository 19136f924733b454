"""A compact chart: events on a horizontal time axis, one lane per jurisdiction or body.

``chart(timeline, width, lanes, lang)`` returns Rich renderables (one ``Text``
per line, none wider than ``width`` cells); it never prints.

Layout: a column of lane names, one space, then the plot. The plot covers
whole calendar years, from January of the first event's year to December of
the last event's (or due date's) year, and every cell stands for the same
number of days. A ruler on top marks where each year begins.

Dates are drawn as precisely as they are written, no more:

- ``●`` a day, ``○`` a month, ``◇`` a year or an interval;
- a date whose days fill three cells or more (a year, an interval, a month
  on a very wide terminal) is drawn over all of them, ``├────┤``;
- a label ends in ``?`` when the date is uncertain, ``~`` when approximate;
- a target with a due date is drawn where it was set, with a dashed arrow
  from there to its due date, which is drawn like any date:
  ``●╌╌╌╌→├────┤``. The axis reaches the last due date too.

Each event is labelled by its title (:func:`event_label`), cut to a quarter of
the plot's width (at least :data:`TITLE_CELLS` cells), in every lane. A label goes
after its marker, or before it near the right edge; events that would touch
go on further rows of their lane. Lanes come in the order of their first
event. With ``lanes=body`` an event is drawn in the lane of each of its
issuers, and events with no issuer in a lane of their own, last.

Below :data:`MIN_CHART_WIDTH` cells the chart becomes a plain list, one line
per event (date as written, then the label, then "→ due 2022" for a
target), grouped by lane.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from policytl.model.dates import PolicyDate, Precision
from policytl.model.records import Event, Lanes, Lang, Timeline
from policytl.model.records import Text as Texts
from policytl.model.textsafe import one_line
from policytl.render.cells import fit

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = [
    "MIN_CHART_WIDTH",
    "TITLE_CELLS",
    "Lanes",
    "chart",
    "event_label",
    "title_cells",
]

#: narrower terminals get a plain list instead of the chart
MIN_CHART_WIDTH = 60
#: a compact title is cut to this many cells
TITLE_CELLS = 20
#: on wide plots a label may take this share of the plot's width (1/4)
LABEL_SHARE = 4
#: blank cells between two events on one row
GAP = 2
#: lane names are cut to at most this share of the width
NAME_SHARE = 5

DAY, MONTH, YEAR = "●", "○", "◇"
SPAN_LEFT, SPAN_FILL, SPAN_RIGHT = "├", "─", "┤"
#: the arrow from a target's date to its due date
ARROW_FILL, ARROW_HEAD = "╌", "→"
LANE_STYLES = ("cyan", "magenta", "green", "yellow", "blue", "red")
AXIS_STYLE = "dim"

_NO_ISSUER = Texts(zh="(无发布机构)", en="(no issuer)")


def _qualifier(d: PolicyDate) -> str:
    return ("?" if d.uncertain else "") + ("~" if d.approximate else "")


def compact_title(event: Event, lang: Lang, cells: int = TITLE_CELLS) -> str:
    return fit(one_line(event.title.get(lang)), cells)


def title_cells(cells: int) -> int:
    """How many cells a label may take on a plot ``cells`` wide: a quarter of it, at
    least :data:`TITLE_CELLS` (a wide terminal shows whole titles where there is room)."""
    return max(TITLE_CELLS, cells // LABEL_SHARE)


def event_label(event: Event, lang: Lang, cells: int = TITLE_CELLS) -> str:
    """The label of an event's mark: its title, cut to ``cells`` (safe for a terminal).

    The same in every lane and whether or not a body issued the event (the lane
    already says where it belongs). Ends in ``?``/``~`` for an uncertain or
    approximate date.
    """
    return compact_title(event, lang, cells) + _qualifier(event.date)


@dataclass
class _Lane:
    name: str
    events: list[Event] = field(default_factory=list)


def _lanes(timeline: Timeline, lanes: Lanes, lang: Lang) -> list[_Lane]:
    out: dict[str, _Lane] = {}
    if lanes is Lanes.JURISDICTION:
        for e in timeline.events:
            if e.jurisdiction not in out:
                j = timeline.jurisdictions.get(e.jurisdiction)
                out[e.jurisdiction] = _Lane(one_line(j.name.get(lang) if j else e.jurisdiction))
            out[e.jurisdiction].events.append(e)
        return list(out.values())
    nobody = _Lane(one_line(_NO_ISSUER.get(lang)))
    for e in timeline.events:
        if not e.issuers:
            nobody.events.append(e)
        for b in dict.fromkeys(e.issuers):
            if b not in out:
                body = timeline.bodies.get(b)
                out[b] = _Lane(one_line(body.short_name(lang) if body else b))
            out[b].events.append(e)
    return [*out.values(), *([nobody] if nobody.events else [])]


def _pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - cell_len(text))


def _as_list(
    lanes: list[_Lane], timeline: Timeline, width: int, lang: Lang, kind: Lanes
) -> list[RenderableType]:
    date_w = max(cell_len(e.date.text) for lane in lanes for e in lane.events)
    out: list[RenderableType] = []
    for i, lane in enumerate(lanes):
        style = LANE_STYLES[i % len(LANE_STYLES)]
        out.append(Text(fit(lane.name, width), style=f"bold {style}", no_wrap=True))
        room = width - 2 - date_w - 2
        for e in lane.events:
            line = Text(no_wrap=True, overflow="crop")
            line.append("  ")
            line.append(_pad(e.date.text, date_w), style=style)
            line.append("  ")
            text = event_label(e, lang, room)
            if e.due is not None:
                due = f" → due {e.due.text}"
                text = fit(text, max(1, room - cell_len(due))) + due
            line.append(fit(text, room))
            out.append(line)
    return out


@dataclass
class _Piece:
    col: int
    text: str
    style: str


@dataclass
class _Row:
    spans: list[tuple[int, int]] = field(default_factory=list)
    pieces: list[_Piece] = field(default_factory=list)

    #: the end of the rightmost span (spans mostly arrive left to right)
    end: int = -GAP

    def free(self, a: int, b: int) -> bool:
        """Whether cells [a, b) are free with GAP blank cells on each side."""
        if a >= self.end + GAP:
            return True
        return all(b + GAP <= a2 or b2 + GAP <= a for a2, b2 in self.spans)

    def take(self, a: int, b: int) -> None:
        self.spans.append((a, b))
        self.end = max(self.end, b)


class _Plot:
    """Maps days onto ``cells`` columns covering whole years ``first``..``last``."""

    def __init__(self, first: int, last: int, cells: int) -> None:
        self.base = date(first, 1, 1).toordinal()
        # through December 31 of ``last`` (not January 1 after it: year 9999 has no after)
        self.days = date(last, 12, 31).toordinal() + 1 - self.base
        self.cells = cells

    def col(self, d: date) -> int:
        return min(self.cells - 1, max(0, (d.toordinal() - self.base) * self.cells // self.days))


def _marker(d: PolicyDate, plot: _Plot) -> tuple[int, str, str]:
    """(first column, marker text, legend key) for a date."""
    c0, c1 = plot.col(d.start), plot.col(d.end)
    if (d.end.toordinal() - d.start.toordinal() + 1) * plot.cells >= 3 * plot.days:
        return c0, SPAN_LEFT + SPAN_FILL * (c1 - c0 - 1) + SPAN_RIGHT, "span"
    if d.is_interval or d.precision is Precision.YEAR:
        return c0, YEAR, YEAR
    if d.precision is Precision.MONTH:
        return c0, MONTH, MONTH
    return c0, DAY, DAY


def _due_marker(e: Event, plot: _Plot) -> tuple[int, str, str]:
    """(first column, marker, legend key) of an event: with a due date, the arrow to it."""
    c0, marker, key = _marker(e.date, plot)
    if e.due is None:
        return c0, marker, key
    d0, due_marker, _ = _marker(e.due, plot)
    start = c0 + cell_len(marker)
    if d0 < start:  # due under the marker itself: no room for an arrow
        return c0, marker, key
    # the arrow's head takes the first cell of the due date's marker
    return c0, marker + ARROW_FILL * (d0 - start) + ARROW_HEAD + due_marker[1:], key


def _place(rows: list[_Row], c0: int, marker: str, text: str, cells: int, style: str) -> None:
    """Put a marker and its label on the first row with room, else on a new row."""
    mw = cell_len(marker)
    lw = cell_len(text)
    right = (c0, c0 + mw + 1 + lw) if text and c0 + mw + 1 + lw <= cells else None
    left = (c0 - 1 - lw, c0 + mw) if text and c0 - 1 - lw >= 0 else None
    if text and right is None and left is None:
        room_right, room_left = cells - (c0 + mw) - 1, c0 - 1
        if room_right >= room_left:
            text = fit(text, room_right)
            right = (c0, c0 + mw + 1 + cell_len(text)) if text else None
        else:
            text = fit(text, room_left)
            left = (c0 - 1 - cell_len(text), c0 + mw) if text else None
    if not text:
        right = (c0, c0 + mw)
    choices = [c for c in (right, left) if c is not None]
    row = next((r for r in rows if any(r.free(*c) for c in choices)), None)
    if row is None:
        row = _Row()
        rows.append(row)
    a, b = next(c for c in choices if row.free(*c))
    row.take(a, b)
    if a == c0:  # label to the right
        row.pieces.append(_Piece(c0, marker, style))
        if text:
            row.pieces.append(_Piece(c0 + mw + 1, text, ""))
    else:
        row.pieces.append(_Piece(a, text, ""))
        row.pieces.append(_Piece(c0, marker, style))


def _line(name: str, name_w: int, name_style: str, pieces: list[_Piece]) -> Text:
    line = Text(no_wrap=True, overflow="crop")
    line.append(_pad(name, name_w), style=name_style)
    line.append(" ")
    pos = 0
    for p in sorted(pieces, key=lambda p: p.col):
        line.append(" " * (p.col - pos))
        line.append(p.text, style=p.style)
        pos = p.col + cell_len(p.text)
    line.rstrip()
    return line


def _ruler(plot: _Plot, first: int, last: int, name_w: int) -> list[Text]:
    ticks: dict[int, int] = {}
    for y in range(first, last + 1):  # the first year that starts in each column
        ticks.setdefault(plot.col(date(y, 1, 1)), y)
    labels: list[_Piece] = []
    end = -1
    for c, y in sorted(ticks.items()):
        text = f"{y:04d}"  # as dates are written (year 0001 too)
        if c > end and c + len(text) <= plot.cells:
            labels.append(_Piece(c, text, AXIS_STYLE))
            end = c + len(text)
    rule = "".join("┬" if c in ticks else "─" for c in range(plot.cells - 1)) + "┐"
    return [
        _line("", name_w, "", labels),
        _line("", name_w, "", [_Piece(0, rule, AXIS_STYLE)]),
    ]


def chart(
    timeline: Timeline,
    width: int,
    lanes: Lanes = Lanes.JURISDICTION,
    lang: Lang = Lang.EN,
) -> list[RenderableType]:
    """The events of ``timeline`` on a time axis ``width`` cells wide (or a list)."""
    if not timeline.events:
        return [Text("No events to chart.")]
    groups = _lanes(timeline, lanes, lang)
    if width < MIN_CHART_WIDTH:
        return _as_list(groups, timeline, width, lang, lanes)
    name_w = min(max(cell_len(g.name) for g in groups), width // NAME_SHARE)
    cells = width - name_w - 1
    first = min(e.date.start.year for e in timeline.events)
    last = max(
        max(e.date.end.year, e.due.end.year if e.due is not None else 0) for e in timeline.events
    )
    plot = _Plot(first, last, cells)

    out: list[RenderableType] = [*_ruler(plot, first, last, name_w)]
    label_cells = title_cells(cells)
    used: set[str] = set()
    for i, lane in enumerate(groups):
        style = LANE_STYLES[i % len(LANE_STYLES)]
        rows: list[_Row] = []
        for e in lane.events:
            c0, marker, key = _due_marker(e, plot)
            used.add(key)
            if e.due is not None:
                used.add("due")
                used.add(_marker(e.due, plot)[2])
            _place(rows, c0, marker, event_label(e, lang, label_cells), cells, style)
        for r, row in enumerate(rows):
            name = fit(lane.name, name_w) if r == 0 else ""
            out.append(_line(name, name_w, f"bold {style}", row.pieces))
    out.append(_legend(used, timeline, lang))
    return out


#: the key's words, in English and in Chinese (with --lang both, as English)
_KEY: dict[str, tuple[str, str]] = {
    DAY: ("day", "日"),
    MONTH: ("month", "月"),
    YEAR: ("year or interval", "年或时段"),
    "span": ("a year or interval, over all its days", "年或时段，画满其全部日子"),
    "due": ("set, then due", "提出，再到期"),
    "?": ("uncertain", "存疑"),
    "~": ("approximate", "约"),
}


def _legend(used: set[str], timeline: Timeline, lang: Lang) -> Text:
    zh = lang is Lang.ZH
    legend = Text(style=AXIS_STYLE)
    for key, (en, chinese) in _KEY.items():
        meaning = chinese if zh else en
        if key == "?":
            if any(e.date.uncertain for e in timeline.events):
                legend.append(f"? {meaning}   ")
        elif key == "~":
            if any(e.date.approximate for e in timeline.events):
                legend.append(f"~ {meaning}   ")
        elif key in used:
            if key == "span":
                shown = SPAN_LEFT + SPAN_FILL * 2 + SPAN_RIGHT
            elif key == "due":
                shown = DAY + ARROW_FILL * 2 + ARROW_HEAD
            else:
                shown = key
            legend.append(f"{shown} {meaning}   ")
    legend.rstrip()
    return legend
