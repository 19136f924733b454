"""Mermaid export: a ``timeline`` diagram, a column per year, each event labelled.

Layout: a column (a Mermaid "period") per year that has events, or, when that
makes more than ``MAX_COLUMNS`` (5) columns, per 2, 5, 10, ... years, so that
the diagram stays about a page wide (Mermaid draws every period 200 px apart:
the shipped data set is 1,170 px wide, which GitHub scales to its page); a column
of several years holds whole decades or half-decades (``2010–2014``), cut to
the first and last year with events. A stretch of years without events
between two columns is one empty column ("2017–2018"), so gaps show without a column per empty
year. Each event's label starts with a line holding its date as written and
its jurisdiction ("2016-02 · Beijing"), then its title. A target stays at the
date it was set, its title followed by its due date: "title (due 2022)". An
event of a lifecycle kind (``proposed`` ... ``expired``) has its stage after
its title: "title (in force)". A timeline diagram has no edges, so relations
are not drawn (``policytl trace -f mermaid`` draws them as a flowchart).

The diagram starts with a front matter (``THEME``) that sets Mermaid's ``base``
theme with one light fill and dark text for every column (Mermaid's default
gives each column its own colour and puts white text on lilac), a smaller
title and a narrower left margin. The title
is one line of at most ``TITLE_CELLS`` (72) cells, cut with "…" when longer.

Labels come from the data, so they are made safe for Mermaid's timeline
grammar: whitespace runs (newlines included) become one space, control
characters become U+FFFD, and the characters that its parser or renderer
reads as syntax are written as Mermaid entity codes (``#35;`` for ``#``,
which starts a comment; ``#58;`` for ``:``, which separates events;
``#59;`` for ``;``; ``#37;`` for ``%``, as ``%%`` starts a comment; and
``< > & ° ¶``, which Mermaid's own entity handling or HTML would read).
Mermaid decodes these codes and shows the original characters. A label
longer than 300 characters is cut there with "…" (Mermaid refuses diagrams
over 50,000 characters).

Mermaid wraps a label only at spaces, so a Chinese label would stay one line,
overflow its box (150 px) and overwrite its neighbours. A label holding
wide (CJK) characters is therefore broken into lines of at most
``LINE_CELLS`` (14) terminal cells, a Chinese character being two, with
``<br>``, which timeline events allow, at the break opportunities of
:mod:`policytl.model.linebreak` (kinsoku: no line starts with closing
punctuation such as ``》」）。，、：；！？`` nor ends with opening punctuation
such as ``《「（“``; never inside a Latin word or number); nothing is dropped.
Labels without wide characters are left to Mermaid's own wrapping.
"""

from __future__ import annotations

import re
import unicodedata

from policytl.export import ExportOptions
from policytl.export.common import document_title, due_short, one_line, stage_word
from policytl.model.linebreak import iter_breaks
from policytl.model.records import STAGES, Event, Lang, Timeline

__all__ = [
    "LINE_CELLS",
    "MAX_COLUMNS",
    "MAX_LABEL",
    "THEME",
    "TITLE_CELLS",
    "break_lines",
    "label_text",
    "render",
]

MAX_LABEL = 300
#: the widest line of a broken label, in terminal cells (a CJK character is two)
LINE_CELLS = 14
#: the widest title, in cells: Mermaid writes it on one line, above the columns
TITLE_CELLS = 72
#: the most columns (periods) of a diagram: 5 columns are about 1,170 px wide
MAX_COLUMNS = 5
#: the years a column may span, tried in turn until the columns fit MAX_COLUMNS
_SPANS = (1, 2, 5, 10, 20, 50, 100, 1000, 10000)
#: the front matter: Mermaid's base theme, one light fill (a tint of Okabe-Ito's sky
#: blue) with dark text for every column, the title at 20 px and centred (not 4ex from
#: the middle on, which made a long title the widest thing in the diagram) and a left
#: margin of 40 px (not 150, which the axis repeats three times at its right end)
THEME = (
    "---",
    "config:",
    "  theme: base",
    '  themeCSS: "text[font-size] { font-size: 20px; text-anchor: middle; }"',
    "  timeline: {leftMargin: 40, disableMulticolor: true}",
    '  themeVariables: {cScale0: "#d4ecf7", scaleLabelColor: "#1a1a1a"}',
    "---",
)

_CODES = {c: f"#{ord(c)};" for c in "#:;%<>&°¶"}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _cells(text: str) -> int:
    return sum(2 if _wide(c) else 1 for c in text)


def break_lines(text: str, width: int = LINE_CELLS) -> list[str]:
    """``text`` (one line) in lines of at most ``width`` cells, when it has wide characters.

    Lines break only at the kinsoku break opportunities; spaces stay at the end
    of their line, where Mermaid trims them, so ``"".join`` of the lines is
    ``text``; a piece between two opportunities that is wider than ``width`` (a
    long Latin word) gets a line of its own. Text with no wide character is one line.
    """
    if not any(_wide(c) for c in text):
        return [text]
    lines: list[str] = []
    line = ""
    start = 0
    for end in [*iter_breaks(text), len(text)]:
        piece = text[start:end]
        if line and _cells(line.rstrip()) + _cells(piece.rstrip()) > width:
            lines.append(line)
            line = ""
        line += piece
        start = end
    if line:
        lines.append(line)
    return lines


def label_text(text: str, *, wrap: bool = True) -> str:
    """``text`` as a safe Mermaid timeline label, broken into lines when it has CJK.

    With ``wrap=False`` (the diagram's title, which is not in a box, and an event's date
    and jurisdiction, which Mermaid wraps at their spaces) it stays one line.
    """
    flat = _CONTROL.sub("\ufffd", one_line(text))
    if len(flat) > MAX_LABEL:
        flat = flat[: MAX_LABEL - 1] + "…"
    lines = break_lines(flat) if wrap else [flat]
    return "<br>".join("".join(_CODES.get(c, c) for c in line) for line in lines)


def _columns(years: list[int]) -> list[tuple[int, int, bool]]:
    """(first year, last year, has events) of each column, for the years with events."""
    first, last = years[0], years[-1]
    for span in _SPANS:
        starts = sorted({y - y % span for y in years})
        columns: list[tuple[int, int, bool]] = []
        for start in starts:
            if columns and start > columns[-1][1] + 1:
                columns.append((columns[-1][1] + 1, start - 1, False))
            columns.append((max(start, first), min(start + span - 1, last), True))
        if len(columns) <= MAX_COLUMNS:
            break
    return columns


def _title(text: str) -> str:
    """The diagram's title, cut to ``TITLE_CELLS`` cells with "…" (it is one line)."""
    flat = one_line(text)
    if _cells(flat) <= TITLE_CELLS:
        return flat
    out = ""
    for c in flat:
        if _cells(out + c) > TITLE_CELLS - 1:
            break
        out += c
    return out.rstrip() + "…"


def _years(first: int, last: int) -> str:
    return f"{first:04d}" if first == last else f"{first:04d}–{last:04d}"


def _label(timeline: Timeline, e: Event, lang: Lang) -> str:
    jur = timeline.jurisdictions.get(e.jurisdiction)
    where = jur.name.get(lang) if jur is not None else e.jurisdiction
    text = label_text(e.title.get(lang))
    if e.kind in STAGES:
        text += f" ({label_text(stage_word(e.kind, lang).lower())})"
    due = due_short(e, lang)
    if due:
        text += f" ({label_text(due)})"
    return f"{label_text(f'{e.date.text} · {where}', wrap=False)}<br>{text}"


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    lines = [
        *THEME,
        "timeline",
        f"    title {label_text(_title(document_title(timeline, options)), wrap=False)}",
    ]
    if not timeline.events:
        return "\n".join(lines) + "\n"
    years = sorted({e.date.start.year for e in timeline.events})
    newest_first = timeline.events[0].date.start > timeline.events[-1].date.start
    columns = _columns(years)
    for first, last, has_events in reversed(columns) if newest_first else columns:
        period = _years(first, last)
        events = [e for e in timeline.events if first <= e.date.start.year <= last]
        if not has_events or not events:
            lines.append(f"        {period}")
            continue
        for i, e in enumerate(events):
            head = period if i == 0 else " " * len(period)
            lines.append(f"        {head} : {_label(timeline, e, lang)}")
    return "\n".join(lines) + "\n"
