"""The terminal timeline view of ``policytl show``.

:func:`render_timeline` turns events into a stream of Rich renderables: a
header (title, jurisdiction legend, translation note), then for each year a
heading and one small table of that year's events, then a count. It never
prints; the CLI prints each renderable as it comes, so a long timeline is
rendered a year at a time rather than as one giant table.

Two layouts, chosen by width:

- *wide* (:data:`WIDE` columns and more): date, kind, jurisdiction, issuers,
  title and source count each in a column of their own;
- *compact*: the date, then the title with a line of kind, jurisdiction,
  issuers and source count under it. It wraps down to about 40 columns.

Dates print as written (``2016-02``, ``2020-05?``); a target's due date shows
as ``due 2022`` (in the meta line, or under the kind in the wide layout), never
in place of its date. Rows are coloured by
jurisdiction; the legend in the header says which colour is which. Every
text from the data is escaped and put in a ``Text`` object (never markup).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from policytl.model.records import EVENT_KINDS, Event, Lang, Text, Timeline
from policytl.render import safe_text
from policytl.render.wrap import NBSP, Paragraph

if TYPE_CHECKING:
    import re

    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.segment import Segment
    from rich.table import Table
    from rich.text import Text as RichText

__all__ = ["PALETTE", "WIDE", "due_label", "jurisdiction_styles", "render_timeline"]

#: From this many columns on, the wide layout is used.
WIDE = 120
#: Colours given to jurisdictions in registry order (then reused).
PALETTE = ("red", "cyan", "green", "magenta", "yellow", "blue")
#: Width of the date column: "2020-06-30" plus a qualifier.
DATE_WIDTH = 11
#: Events laid out per renderable (a long year is printed in pieces of this size).
CHUNK = 100
SEP = " · "
#: how a --search match is shown
HIGHLIGHT = "reverse"


def jurisdiction_styles(timeline: Timeline) -> dict[str, str]:
    """A colour for each jurisdiction code, stable for a given registry."""
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(timeline.jurisdictions)}


def render_timeline(
    timeline: Timeline,
    events: Iterable[Event] | None = None,
    *,
    lang: Lang,
    width: int,
    detail: bool = False,
    header: bool = True,
    highlight: str | None = None,
) -> Iterator[RenderableType]:
    """Renderables showing ``events`` (default: the timeline's), in timeline order.

    ``timeline`` provides the registries (bodies, jurisdictions, sources) and
    the title; ``events`` may be any iterable in timeline order, consumed one
    year at a time. ``width`` chooses the layout; the console sets the actual
    width when printing. Each match of ``highlight`` (--search: case-insensitive) in
    titles, documents, summaries and notes is shown in reverse video.
    """
    view = _View(timeline, lang, detail, width >= WIDE)
    if highlight:
        import re

        view.highlight = re.compile(re.escape(highlight), re.IGNORECASE)
    if header:
        yield from view.header()
    count = 0
    for year, group in itertools.groupby(
        timeline.events if events is None else events, key=lambda e: e.date.start.year
    ):
        rows = list(group)
        count += len(rows)
        yield view.year_heading(year, len(rows))
        # A big year goes out in chunks, so the first lines show without waiting.
        for start in range(0, len(rows), CHUNK):
            yield view.year_table(rows[start : start + CHUNK], continued=start > 0)
    yield view.footer(count)


def due_label(e: Event) -> str:
    """``due 2022``: the date a target aims at, as written (kept on one line)."""
    assert e.due is not None
    return f"due{NBSP}{e.due.text}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _View:
    """The layout choices of one rendering, and what is worked out once for it.

    A plain class: the methods that @dataclass would write for it are compiled
    at every start-up, and nothing compares or prints a view.
    """

    def __init__(self, timeline: Timeline, lang: Lang, detail: bool, wide: bool) -> None:
        self.timeline = timeline
        self.lang = lang
        self.detail = detail
        self.wide = wide
        self.styles = jurisdiction_styles(self.timeline)
        self.header_shown = False  # the wide layout's column names, above the first year
        self.langs: tuple[Lang, ...] = (
            (Lang.ZH, Lang.EN) if self.lang is Lang.BOTH else (self.lang,)
        )
        #: what --search matched, marked where it shows
        self.highlight: re.Pattern[str] | None = None

    def _marked(self, text: RichText) -> RichText:
        if self.highlight is not None:
            text.highlight_regex(self.highlight, HIGHLIGHT)
        return text

    # --- header and footer ------------------------------------------------------------

    def header(self) -> Iterator[RenderableType]:
        from rich.text import Text as RText

        tl = self.timeline
        if tl.title is not None:
            for i, line in enumerate(self._lines(tl.title)):
                yield Paragraph(safe_text(line, "bold" if i == 0 else ""))
        if tl.jurisdictions:
            legend = RText("Jurisdictions: ", style="dim")
            for i, j in enumerate(tl.jurisdictions.values()):
                if i:
                    legend.append(SEP, style="dim")
                legend.append_text(safe_text(j.code, f"bold {self.styles[j.code]}"))
                legend.append(NBSP)  # the code stays with its name
                legend.append_text(safe_text(j.name.get(self.lang)))
            yield Paragraph(legend)
        note = tl.translations.get("en")
        if note and self.lang is not Lang.ZH:
            yield Paragraph(RText.assemble(("English texts: ", "dim"), safe_text(note, "dim")))

    def footer(self, count: int) -> RichText:
        from rich.text import Text as RText

        return RText.assemble("\n", (_plural(count, "event"), "dim"))

    # --- years --------------------------------------------------------------------------

    def year_heading(self, year: int, count: int) -> RichText:
        from rich.text import Text as RText

        return RText.assemble(
            "\n", (f"{year:04d}", "bold underline"), ("  " + _plural(count, "event"), "dim")
        )

    def year_table(self, events: list[Event], continued: bool = False) -> RenderableType:
        """The rows of ``events``; ``continued`` when they follow earlier rows of the year."""
        if not self.wide:
            return _Rows([self._compact(e) for e in events], DATE_WIDTH, continued)
        table = self._table(show_header=not self.header_shown)
        self.header_shown = True
        stacked = self.detail or self.lang is Lang.BOTH
        for i, e in enumerate(events):
            if (i or continued) and stacked:
                table.add_row()  # a blank line between events of several lines
            table.add_row(*self._cells(e))
        return table

    def _table(self, *, show_header: bool) -> Table:
        from rich.table import Table

        table = Table(
            box=None,
            show_header=show_header,
            header_style="bold",
            show_edge=False,
            pad_edge=False,
            padding=(0, 1),
            expand=True,
        )
        kind_w = max(len(k) for k in EVENT_KINDS)
        jur_w = max([4, *(len(c) for c in self.timeline.jurisdictions)])
        table.add_column("Date", width=DATE_WIDTH, no_wrap=False, overflow="fold")
        table.add_column("Kind", width=kind_w, overflow="fold")
        table.add_column("Jur.", width=min(jur_w, 10), overflow="fold")
        table.add_column("Issuers", width=self._issuer_width(), overflow="fold")
        table.add_column("Title", ratio=1, overflow="fold")
        table.add_column("Src", width=3, justify="right")
        return table

    def _issuer_width(self) -> int:
        from rich.cells import cell_len

        names = [b.short_name(lang) for b in self.timeline.bodies.values() for lang in self.langs]
        return max(7, min(22, max((cell_len(n) for n in names), default=7)))

    # --- one event ----------------------------------------------------------------------

    def _compact(self, e: Event) -> tuple[RichText, list[RenderableType]]:
        """The date, and the title, meta line and details to show beside it."""
        colour = self.styles.get(e.jurisdiction, "")
        body: list[RenderableType] = [Paragraph(self._title(e)), Paragraph(self._meta(e, colour))]
        if self.detail:
            body.append(self._details(e))
        return self._date(e, colour), body

    def _cells(self, e: Event) -> list[RenderableType]:
        """The cells of the wide layout's row."""
        from rich.console import Group
        from rich.text import Text as RText

        colour = self.styles.get(e.jurisdiction, "")
        date = self._date(e, colour)
        title = Paragraph(self._title(e))
        main: RenderableType = Group(title, self._details(e)) if self.detail else title

        issuers = RText("")
        for i, bid in enumerate(e.issuers):
            for j, name in enumerate(self._issuer_lines(bid)):
                if i or j:
                    issuers.append("\n")
                issuers.append_text(safe_text(name, "dim" if j else ""))
        if not e.issuers:
            issuers.append("—", style="dim")
        kind = safe_text(e.kind)
        if e.due is not None:
            kind.append("\n")
            kind.append(due_label(e), style="dim")  # a parsed date: nothing to escape
        return [
            date,
            kind,
            safe_text(e.jurisdiction, f"bold {colour}"),
            Paragraph(issuers),
            main,
            RText(str(self._source_count(e)), style="dim"),
        ]

    def _date(self, e: Event, colour: str) -> RichText:
        text = e.date.text
        if len(text) > DATE_WIDTH and "/" in text:
            left, _, right = text.partition("/")
            text = f"{left}/\n{right}" if len(left) < DATE_WIDTH else f"{left}\n/{right}"
        from rich.text import Text as RText

        from policytl.model.textsafe import for_terminal

        return RText(for_terminal(text), style=colour)

    def _lines(self, text: Text) -> list[str]:
        """The text in the chosen language; with both, Chinese then English when they differ."""
        if self.lang is not Lang.BOTH:
            return [text.get(self.lang)]
        zh, en = text.get(Lang.ZH), text.get(Lang.EN)
        return [zh] if zh == en else [zh, en]

    def _title(self, e: Event) -> RichText:
        from rich.text import Text as RText

        out = RText("")
        for i, line in enumerate(self._lines(e.title)):
            if i:
                out.append("\n")
            out.append_text(safe_text(line, "bold" if i == 0 else ""))
        return self._marked(out)

    def _issuer_lines(self, body_id: str) -> list[str]:
        body = self.timeline.bodies.get(body_id)
        if body is None:
            return [body_id]
        return self._lines(body.short or body.name)

    def _issuers(self, e: Event) -> str:
        names = {lang: self.timeline.issuer_names(e, lang) for lang in self.langs}
        zh = "、".join(names.get(Lang.ZH, []))
        en = ", ".join(names.get(Lang.EN, []))
        if self.lang is Lang.ZH:
            return zh
        if self.lang is Lang.EN:
            return en
        return zh if zh == en else f"{zh} / {en}"

    @staticmethod
    def _source_count(e: Event) -> int:
        return len({c.source for c in e.sources})

    def _meta(self, e: Event, colour: str) -> RichText:
        from rich.text import Text as RText

        out = RText("", style="dim")
        out.append_text(safe_text(e.kind))
        out.append(SEP)
        out.append_text(safe_text(e.jurisdiction, f"not dim bold {colour}"))
        out.append(SEP)
        if e.issuers:
            out.append_text(safe_text(self._issuers(e)))
        else:
            out.append("no issuer")
        out.append(SEP)
        if e.due is not None:
            out.append(due_label(e))  # a parsed date: nothing to escape
            out.append(SEP)
        out.append(_plural(self._source_count(e), "source").replace(" ", NBSP))
        return out

    def _details(self, e: Event) -> Table:
        from rich.table import Table

        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(style="dim", no_wrap=True, width=len("Document"))
        grid.add_column(ratio=1, overflow="fold")

        def add(label: str, values: Iterable[str], style: str = "") -> None:
            for i, v in enumerate(values):
                grid.add_row(label if i == 0 else "", Paragraph(self._marked(safe_text(v, style))))

        add("ID", [e.id], "dim")
        if e.document is not None:
            add("Document", self._lines(e.document))
        if e.summary is not None:
            add("Summary", self._lines(e.summary))
        for c in e.sources:
            add("Quote", [f"“{c.quote}”" + (f" ({c.locator})" if c.locator else "")], "italic")
            grid.add_row("", Paragraph(safe_text(f"— {self._source_name(c.source)}", "dim")))
        for note in e.notes:
            add("Note", [note])
        if e.tags:
            add("Tags", [", ".join(e.tags)], "dim")
        if e.url:
            add("URL", [e.url])
        return grid

    def _source_name(self, source_id: str) -> str:
        s = self.timeline.sources.get(source_id)
        if s is None:
            return source_id
        parts = [p for p in (s.publisher, s.published.text if s.published else None) if p]
        return " ".join(parts) if parts else s.title.get(self.lang) or source_id


class _Rows:
    """The compact layout: a fixed-width date column beside a body that wraps in the rest.

    Events are separated by a blank line. This does what a two-column Rich
    Table would, without the table's measuring pass over every cell. On very
    narrow terminals the date goes on a line of its own.
    """

    def __init__(
        self,
        rows: list[tuple[RichText, list[RenderableType]]],
        left: int,
        continued: bool = False,
    ) -> None:
        self.rows = rows
        self.left = left
        self.gap = 2
        #: these rows follow earlier ones: start with the separating blank line
        self.continued = continued

    #: Narrower than this beside the date, the body goes under the date instead.
    MIN_BODY = 20

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        indent = self.left + self.gap
        if options.max_width - indent < self.MIN_BODY:
            yield from self._stacked(console, options)
            return
        body_options = options.update_width(options.max_width - indent)
        left_options = options.update_width(self.left)
        for n, (date, parts) in enumerate(self.rows):
            if n or self.continued:
                yield Segment.line()
            lines: list[list[Segment]] = []
            for part in parts:
                lines.extend(console.render_lines(part, body_options, pad=False))
            left = console.render_lines(date, left_options, pad=False)
            for i in range(max(len(lines), len(left))):
                if i < len(left):
                    yield from left[i]
                    yield Segment(" " * (indent - Segment.get_line_length(left[i])))
                else:
                    yield Segment(" " * indent)
                if i < len(lines):
                    yield from lines[i]
                yield Segment.line()

    def _stacked(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Very narrow terminals: the date on its own line, the body indented under it."""
        from rich.segment import Segment

        body_options = options.update_width(max(1, options.max_width - self.gap))
        for n, (date, parts) in enumerate(self.rows):
            if n or self.continued:
                yield Segment.line()
            yield from console.render(date, options)
            for part in parts:
                for line in console.render_lines(part, body_options, pad=False):
                    yield Segment(" " * self.gap)
                    yield from line
                    yield Segment.line()
