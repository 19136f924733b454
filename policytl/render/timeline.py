"""The timeline view of ``policytl show``: one layout, written plain, in colour or through Rich.

The view is laid out once, as lines of *runs*: ``(text, style)`` pairs, where
the text is already safe (control characters escaped) and the style is a Rich
style string (``"bold"``, ``"dim not dim bold red"``, ``""`` for none). The
same lines are then

- written as plain text (pipes, files, ``NO_COLOR``): the runs' texts joined;
- written with ANSI escape sequences (a colour terminal): each run wrapped in
  the sequence Rich writes for its style (:class:`_Painter`);
- or yielded as Rich renderables (:func:`render_timeline`), for a recording
  console (``--svg``) and for library users.

So one piece of code decides every character at every width, piped or not,
with or without colour, and it never goes through Rich's Table (which costs
about a millisecond per row).

The view: a header (title, jurisdiction legend, translation note), then for
each year a heading and that year's events, then a count. Two layouts, chosen
by width:

- *wide* (:data:`WIDE` columns and more): date, kind, jurisdiction, issuers,
  title and source count each in a column of their own; with ``--detail`` the
  details go under the title, in the title's column;
- *compact*: the date, then the title with a line of kind, jurisdiction,
  issuers and source count under it (and the details under that). Narrower
  than :data:`MIN_BODY` cells beside the date, the date goes on a line of its
  own and the body under it, indented.

Dates print as written (``2016-02``, ``2020-05?``); a target's due date shows
as ``due 2022`` (in the meta line, or under the kind in the wide layout).
Rows are coloured by jurisdiction; the legend says which colour is which.
Lines are wrapped by :func:`policytl.render.wrap.line_ends` (Chinese and
English line breaking, cell widths).

To show a new field: add a line to :meth:`_Layout.details` (the ``--detail``
block of both layouts) or to :meth:`_Layout.meta` (the compact meta line);
text from data goes through ``one_line`` (or ``_texts`` for a bilingual text).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from policytl.model.records import EVENT_KINDS, Event, Lang, Text, Timeline
from policytl.model.textsafe import for_terminal, one_line
from policytl.render.wrap import NBSP, line_ends

if TYPE_CHECKING:
    import re

    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

__all__ = [
    "DATE_WIDTH",
    "PALETTE",
    "WIDE",
    "due_label",
    "jurisdiction_styles",
    "render_timeline",
    "timeline_lines",
    "write_timeline",
]

#: From this many columns on, the wide layout is used.
WIDE = 120
#: Colours given to jurisdictions in registry order (then reused).
PALETTE = ("red", "cyan", "green", "magenta", "yellow", "blue")
#: Width of the date column: "2020-06-30" plus a qualifier.
DATE_WIDTH = 11
#: blank cells between the date and the body (compact layout)
GAP = 2
#: Narrower than this beside the date, the compact body goes under the date instead.
MIN_BODY = 20
#: width of the labels of the --detail block ("Document")
LABEL = len("Document")
SEP = " · "
#: how a --search match is shown
HIGHLIGHT = "reverse"
#: event blocks written before the first flush (a screenful, and some)
FIRST_WRITE = 20

#: a piece of safe text and its Rich style ("" for none)
Run = tuple[str, str]
Line = list[Run]


def jurisdiction_styles(timeline: Timeline) -> dict[str, str]:
    """A colour for each jurisdiction code, stable for a given registry."""
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(timeline.jurisdictions)}


def due_label(e: Event) -> str:
    """``due 2022``: the date a target aims at, as written (kept on one line)."""
    assert e.due is not None
    return f"due{NBSP}{e.due.text}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- runs -----------------------------------------------------------------------------------


def _cells(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _line_cells(line: Line) -> int:
    return sum(_cells(text) for text, _ in line)


def _trim(line: Line) -> Line:
    """``line`` without trailing blanks (the view never ends a line with spaces)."""
    while line and not line[-1][0].rstrip(" "):
        line.pop()
    if line:
        text, style = line[-1]
        line[-1] = (text.rstrip(" "), style)
    return line


def _cut(runs: list[Run], cuts: list[int]) -> list[Line]:
    """``runs`` split into lines at the offsets ``cuts`` (the first 0, the last the end),
    in one pass over both (a --search on a long text makes millions of runs)."""
    lines: list[Line] = []
    first, pos = 0, 0  # runs[first] starts at offset pos
    for a, b in itertools.pairwise(cuts):
        while first < len(runs) and pos + len(runs[first][0]) <= a:
            pos += len(runs[first][0])
            first += 1
        line: Line = []
        j, start = first, pos
        while j < len(runs) and start < b:  # the later runs start on later lines
            text, style = runs[j]
            end = start + len(text)
            line.append((text[max(a, start) - start : min(b, end) - start], style))
            j, start = j + 1, end
        lines.append(line)
    return lines


def wrap_runs(runs: list[Run], width: int) -> list[Line]:
    """One paragraph of runs (no newlines) wrapped to ``width`` cells, each line without
    trailing whitespace and with no-break spaces printed as spaces."""
    text = "".join(t for t, _ in runs)
    ends = line_ends(text, width) if text else []
    lines = _cut(runs, [0, *ends, len(text)]) if ends else [list(runs)]
    out: list[Line] = []
    for line in lines:
        while line and not line[-1][0].rstrip():
            line.pop()
        if line:
            last, style = line[-1]
            line[-1] = (last.rstrip(), style)
        out.append([(t.replace(NBSP, " "), s) for t, s in line])
    return out


def _fold(text: str, width: int, style: str) -> list[Line]:
    """A word (a date, kind or code) folded at ``width`` cells, as Rich's fold does."""
    if " " in text:
        return wrap_runs([(text, style)], width)
    if _cells(text) <= width:
        return [[(text, style)]]
    from rich.cells import get_character_cell_size

    out: list[Line] = []
    start, used = 0, 0
    for i, ch in enumerate(text):
        w = get_character_cell_size(ch)
        if used + w > width and used:
            out.append([(text[start:i], style)])
            start, used = i, 0
        used += w
    out.append([(text[start:], style)])
    return out


def _marked(runs: list[Run], pattern: re.Pattern[str] | None) -> list[Run]:
    """``runs`` with each match of ``pattern`` (--search) also in :data:`HIGHLIGHT`."""
    if pattern is None:
        return runs
    text = "".join(t for t, _ in runs)
    matches = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    if not matches:
        return runs
    cuts = sorted({0, len(text), *(i for span in matches for i in span)})
    out: list[Run] = []
    start = 0  # where the piece starts in text
    m = 0  # the first match that ends after start (the matches are in order, apart)
    marked: dict[str, str] = {}  # style -> the style with HIGHLIGHT (one string each)
    for line in _cut(runs, cuts):
        for piece, style in line:
            while m < len(matches) and matches[m][1] <= start:
                m += 1
            if m < len(matches) and matches[m][0] <= start:
                style = marked.setdefault(style, f"{style} {HIGHLIGHT}".strip())
            out.append((piece, style))
            start += len(piece)
    return out


# --- the layout -----------------------------------------------------------------------------


class _Layout:
    """The layout choices of one rendering, and what is worked out once for it."""

    def __init__(
        self,
        timeline: Timeline,
        lang: Lang,
        width: int,
        detail: bool,
        highlight: re.Pattern[str] | None,
    ) -> None:
        self.timeline = timeline
        self.lang = lang
        self.width = max(1, width)
        self.detail = detail
        self.highlight = highlight
        self.wide = width >= WIDE
        self.styles = jurisdiction_styles(timeline)
        self.langs: tuple[Lang, ...] = (Lang.ZH, Lang.EN) if lang is Lang.BOTH else (lang,)
        self.indent = DATE_WIDTH + GAP
        #: compact layout, too narrow beside the date: the body under it
        self.under = not self.wide and self.width - self.indent < MIN_BODY
        self.body = self.width - (GAP if self.under else self.indent)
        self.issuer_text: dict[tuple[str, ...], str] = {}
        self.issuer_cells: dict[tuple[str, ...], list[Line]] = {}
        #: the wide layout's column names go above the first row
        self.header_shown = False
        #: a blank line between two events of a year
        self.spaced = not self.wide or detail or lang is Lang.BOTH
        jur_w = max([4, *(len(c) for c in timeline.jurisdictions)])
        self.widths = [
            DATE_WIDTH,
            max(len(k) for k in EVENT_KINDS),
            min(jur_w, 10),
            self._issuer_width(),
            0,
            3,
        ]
        self.widths[4] = self.width - sum(self.widths) - 2 * (len(self.widths) - 1)

    def _issuer_width(self) -> int:
        names = [b.short_name(lang) for b in self.timeline.bodies.values() for lang in self.langs]
        return max(7, min(22, max((_cells(n) for n in names), default=7)))

    def _texts(self, text: Text) -> list[str]:
        """The text in the chosen language; with both, Chinese then English when they differ."""
        if self.lang is not Lang.BOTH:
            return [text.get(self.lang)]
        zh, en = text.get(Lang.ZH), text.get(Lang.EN)
        return [zh] if zh == en else [zh, en]

    # --- header, years, footer --------------------------------------------------------------

    def header(self) -> list[Line]:
        tl = self.timeline
        out: list[Line] = []
        if tl.title is not None:
            for i, line in enumerate(self._texts(tl.title)):
                out += wrap_runs([(one_line(line), "bold" if i == 0 else "")], self.width)
        if tl.jurisdictions:
            runs: list[Run] = [("Jurisdictions: ", "dim")]
            for i, j in enumerate(tl.jurisdictions.values()):
                if i:
                    runs.append((SEP, "dim"))
                runs.append((one_line(j.code), f"bold {self.styles[j.code]}"))
                runs.append((NBSP, ""))  # the code stays with its name
                runs.append((one_line(j.name.get(self.lang)), ""))
            out += wrap_runs(runs, self.width)
        note = tl.translations.get("en")
        if note and self.lang is not Lang.ZH:
            out += wrap_runs([("English texts: ", "dim"), (one_line(note), "dim")], self.width)
        return out

    def year_heading(self, year: int, count: int) -> list[Line]:
        runs = [(f"{year:04d}", "bold underline"), ("  " + _plural(count, "event"), "dim")]
        return [[], *wrap_runs(runs, self.width)]

    def footer(self, count: int) -> list[Line]:
        return [[], *wrap_runs([(_plural(count, "event"), "dim")], self.width)]

    # --- one event --------------------------------------------------------------------------

    def event(self, e: Event, first: bool) -> list[Line]:
        """The lines of one event; ``first`` when it is the first of its year."""
        lines = self._row(e) if self.wide else self._compact(e)
        if not first and self.spaced:
            lines.insert(0, [])
        if self.wide and not self.header_shown:
            self.header_shown = True
            lines.insert(0, self._column_names())
        return lines

    def _date(self, e: Event, width: int) -> list[Line]:
        text = e.date.text
        if len(text) > DATE_WIDTH and "/" in text:
            left, _, right = text.partition("/")
            text = f"{left}/\n{right}" if len(left) < DATE_WIDTH else f"{left}\n/{right}"
        colour = self.styles.get(e.jurisdiction, "")
        return [
            line for part in for_terminal(text).split("\n") for line in _fold(part, width, colour)
        ]

    def _title(self, e: Event, width: int) -> list[Line]:
        out: list[Line] = []
        for i, line in enumerate(self._texts(e.title)):
            runs = _marked([(one_line(line), "bold" if i == 0 else "")], self.highlight)
            out += wrap_runs(runs, width)
        return out

    def _compact(self, e: Event) -> list[Line]:
        body = self._title(e, self.body) + wrap_runs(self.meta(e), self.body)
        if self.detail:
            body += self.details(e, self.body)
        if self.under:
            date = self._date(e, self.width)
            return date + [_trim([(" " * GAP, ""), *line]) for line in body]
        date = self._date(e, DATE_WIDTH)
        out: list[Line] = []
        for i in range(max(len(body), len(date))):
            line: Line = list(date[i]) if i < len(date) else []
            if i < len(body):
                line.append((" " * (self.indent - _line_cells(line)), ""))
                line += body[i]
            out.append(_trim(line))
        return out

    def _issuers(self, e: Event) -> str:
        got = self.issuer_text.get(e.issuers)
        if got is None:
            names = {lang: self.timeline.issuer_names(e, lang) for lang in self.langs}
            zh = "、".join(names.get(Lang.ZH, []))
            en = ", ".join(names.get(Lang.EN, []))
            if self.lang is Lang.ZH:
                got = zh
            elif self.lang is Lang.EN:
                got = en
            else:
                got = zh if zh == en else f"{zh} / {en}"
            got = self.issuer_text[e.issuers] = one_line(got)
        return got

    def meta(self, e: Event) -> list[Run]:
        """The compact layout's line under the title: kind · jurisdiction · issuers ·
        due date · sources."""
        colour = self.styles.get(e.jurisdiction, "")
        runs: list[Run] = [
            (one_line(e.kind), "dim"),
            (SEP, "dim"),
            (one_line(e.jurisdiction), f"dim not dim bold {colour}".strip()),
            (SEP, "dim"),
            (self._issuers(e) if e.issuers else "no issuer", "dim"),
            (SEP, "dim"),
        ]
        if e.due is not None:
            runs += [(due_label(e), "dim"), (SEP, "dim")]  # a parsed date: nothing to escape
        runs.append((_plural(_source_count(e), "source").replace(" ", NBSP), "dim"))
        return runs

    def details(self, e: Event, width: int) -> list[Line]:
        """The --detail block ``width`` cells wide: a label column, then the values."""
        out: list[Line] = []
        value_width = max(1, width - LABEL - 1)
        marked = self.highlight

        def add(label: str, values: Iterable[str], style: str = "", mark: bool = True) -> None:
            for i, v in enumerate(values):
                runs = [(one_line(v), style)]
                for j, line in enumerate(
                    wrap_runs(_marked(runs, marked if mark else None), value_width)
                ):
                    head = label if i == 0 and j == 0 else ""
                    out.append(_trim([(head.ljust(LABEL), "dim"), (" ", ""), *line]))

        add("ID", [e.id], "dim")
        if (document := self.timeline.document_title(e)) is not None:
            add("Document", self._texts(document))
        if e.scope is not None:
            add("Scope", self._texts(e.scope))
        if e.summary is not None:
            add("Summary", self._texts(e.summary))
        for c in e.sources:
            if c.quote is None:
                add("Locator", [c.locator or ""], "italic")
            else:
                add("Quote", [f"“{c.quote}”" + (f" ({c.locator})" if c.locator else "")], "italic")
            add("", [f"— {self._source_name(c.source)}"], "dim", mark=False)
        for note in e.notes:
            add("Note", [note])
        if e.tags:
            add("Tags", [", ".join(e.tags)], "dim")
        if e.url:
            add("URL", [e.url])
        return out

    def _source_name(self, source_id: str) -> str:
        s = self.timeline.sources.get(source_id)
        if s is None:
            return source_id
        parts = [p for p in (s.publisher, s.published.text if s.published else None) if p]
        return " ".join(parts) if parts else s.title.get(self.lang) or source_id

    # --- the wide layout's row --------------------------------------------------------------

    def _column_names(self) -> Line:
        names = ("Date", "Kind", "Jur.", "Issuers", "Title", "Src")
        line: Line = []
        for n, (name, w) in enumerate(zip(names, self.widths, strict=True)):
            if n:
                line.append(("  ", ""))
            line.append((name.rjust(w) if n == len(names) - 1 else name.ljust(w), "bold"))
        return _trim(line)

    def _issuer_cell(self, e: Event) -> list[Line]:
        """Each issuer's names, one a line (short name, or name, in each language)."""
        got = self.issuer_cells.get(e.issuers)
        if got is None:
            got = []
            for bid in e.issuers:
                body = self.timeline.bodies.get(bid)
                names = [bid] if body is None else self._texts(body.short or body.name)
                for j, name in enumerate(names):
                    got += wrap_runs([(one_line(name), "dim" if j else "")], self.widths[3])
            if not e.issuers:
                got = [[("—", "dim")]]
            self.issuer_cells[e.issuers] = got
        return got

    def _row(self, e: Event) -> list[Line]:
        colour = self.styles.get(e.jurisdiction, "")
        w = self.widths
        kind = _fold(one_line(e.kind), w[1], "")
        if e.due is not None:
            kind += _fold(due_label(e), w[1], "dim")  # the no-break space kept, as Rich did
        title = self._title(e, w[4])
        if self.detail:
            title += self.details(e, w[4])
        count = str(_source_count(e))
        cells = [
            self._date(e, w[0]),
            kind,
            _fold(one_line(e.jurisdiction), w[2], f"bold {colour}".strip()),
            self._issuer_cell(e),
            title,
            [[(count.rjust(3) if len(count) <= 3 else count[:2] + "…", "dim")]],
        ]
        out: list[Line] = []
        for i in range(max(len(c) for c in cells)):
            line: Line = []
            for n, cell in enumerate(cells):
                if n:
                    line.append(("  ", ""))
                if i < len(cell):
                    line += cell[i]
                    line.append((" " * (w[n] - _line_cells(cell[i])), ""))
                else:
                    line.append((" " * w[n], ""))
            out.append(_trim(line))
        return out


def _source_count(e: Event) -> int:
    return len({c.source for c in e.sources})


# --- the view, as lines, as text and as Rich renderables ------------------------------------


def timeline_lines(
    timeline: Timeline,
    events: Iterable[Event] | None = None,
    *,
    lang: Lang,
    width: int,
    detail: bool = False,
    header: bool = True,
    highlight: str | None = None,
) -> Iterator[list[Line]]:
    """The view of ``events`` (default: the timeline's, in timeline order) in blocks of
    lines: the header, each year's heading, each event, the count.

    ``timeline`` provides the registries and the title; ``events`` may be any
    iterable in timeline order, consumed one year at a time. Each match of
    ``highlight`` (--search: case-insensitive) in titles, documents, summaries,
    quotes and notes is shown in reverse video.
    """
    pattern = None
    if highlight:
        import re

        pattern = re.compile(re.escape(highlight), re.IGNORECASE)
    layout = _Layout(timeline, lang, width, detail, pattern)
    if header:
        lines = layout.header()
        if lines:
            yield lines
    count = 0
    for year, group in itertools.groupby(
        timeline.events if events is None else events, key=lambda e: e.date.start.year
    ):
        rows = list(group)
        count += len(rows)
        yield layout.year_heading(year, len(rows))
        for i, e in enumerate(rows):
            yield layout.event(e, first=i == 0)
    yield layout.footer(count)


class _Painter:
    """Lines to text: plain, or with the escape sequences Rich writes for each style."""

    def __init__(self, console: Console | None) -> None:
        self.console = console if console is not None and console.color_system else None
        self.cache: dict[str, tuple[str, str]] = {}

    def _wrap(self, style: str) -> tuple[str, str]:
        got = self.cache.get(style)
        if got is None:
            assert self.console is not None
            system = self.console._color_system  # what Console._render_buffer uses
            rendered = self.console.get_style(style).render("\0", color_system=system)
            head, _, tail = rendered.partition("\0")
            got = self.cache[style] = (head, tail)
        return got

    def text(self, lines: list[Line]) -> str:
        if self.console is None:
            return "".join("".join(t for t, _ in line) + "\n" for line in lines)
        out: list[str] = []
        for line in lines:
            for text, style in _merged(line):
                if style:
                    head, tail = self._wrap(style)
                    out.append(f"{head}{text}{tail}")
                else:
                    out.append(text)
            out.append("\n")
        return "".join(out)


def _merged(line: Line) -> Iterator[Run]:
    """The non-empty runs of ``line``, neighbours of one style joined."""
    text, style = "", ""
    for t, s in line:
        if not t:
            continue
        if s == style:
            text += t
            continue
        if text:
            yield text, style
        text, style = t, s
    if text:
        yield text, style


def write_timeline(
    out: TextIO, blocks: Iterable[list[Line]], console: Console | None = None
) -> None:
    """Write the view (the blocks of :func:`timeline_lines`) on ``out``: plain text, or
    in colour when ``console`` draws colour.

    The first screenful is flushed at once; the rest as the stream buffers it.
    """
    painter = _Painter(console)
    for n, lines in enumerate(blocks):
        out.write(painter.text(lines))
        if n == FIRST_WRITE:
            out.flush()
    out.flush()


class _Lines:
    """A block of lines as a Rich renderable (for a recording console, and for tests)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        for line in self.lines:
            for text, style in _merged(line):
                yield Segment(text, console.get_style(style) if style else None)
            yield Segment.line()


def render_timeline(blocks: Iterable[list[Line]]) -> Iterator[RenderableType]:
    """The view as Rich renderables, one per block of :func:`timeline_lines`; it never
    prints. Printed with ``console.print(Trimmed(r))`` they show what
    :func:`write_timeline` writes."""
    for lines in blocks:
        yield _Lines(lines)
