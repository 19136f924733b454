"""The compact timeline view as plain text, without Rich, for pipes and files.

When stdout is not a terminal (or NO_COLOR is set) there are no styles to
draw, and laying out thousands of events through Rich costs about a
millisecond each. This module writes exactly the lines that the Rich view
(:mod:`policytl.render.timeline`, compact layout) prints without colour,
straight from strings, one event at a time, so output streams out as it is
made. A test checks that both give identical text on every fixture, at every
width this path is used for.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from policytl.model.records import Event, Lang, Text, Timeline
from policytl.model.textsafe import for_terminal, one_line
from policytl.render.timeline import DATE_WIDTH, SEP, WIDE, _plural, due_label
from policytl.render.wrap import NBSP, wrap_plain

__all__ = ["MIN_WIDTH", "plain_timeline", "usable"]

#: Narrower than this, headings could wrap: the Rich view is used instead.
MIN_WIDTH = 40
_GAP = 2
_LABEL = len("Document")


def usable(width: int) -> bool:
    """Whether the plain path lays out this width exactly as the Rich view does."""
    return MIN_WIDTH <= width < WIDE


class _Plain:
    def __init__(self, timeline: Timeline, lang: Lang, width: int, detail: bool) -> None:
        self.timeline = timeline
        self.lang = lang
        self.width = width
        self.detail = detail
        self.indent = DATE_WIDTH + _GAP
        self.body = width - self.indent
        self.pad = " " * self.indent
        self.issuer_cache: dict[tuple[str, ...], str] = {}

    def lines(self, text: Text) -> list[str]:
        if self.lang is not Lang.BOTH:
            return [text.get(self.lang)]
        zh, en = text.get(Lang.ZH), text.get(Lang.EN)
        return [zh] if zh == en else [zh, en]

    def header(self) -> list[str]:
        tl = self.timeline
        out: list[str] = []
        if tl.title is not None:
            for line in self.lines(tl.title):
                out += wrap_plain(one_line(line), self.width)
        if tl.jurisdictions:
            parts = [
                f"{one_line(j.code)}{NBSP}{one_line(j.name.get(self.lang))}"
                for j in tl.jurisdictions.values()
            ]
            out += wrap_plain("Jurisdictions: " + SEP.join(parts), self.width)
        note = tl.translations.get("en")
        if note and self.lang is not Lang.ZH:
            out += wrap_plain("English texts: " + one_line(note), self.width)
        return out

    def issuers(self, e: Event) -> str:
        key = e.issuers
        cached = self.issuer_cache.get(key)
        if cached is not None:
            return cached
        tl = self.timeline
        if self.lang is Lang.BOTH:
            zh = "、".join(tl.issuer_names(e, Lang.ZH))
            en = ", ".join(tl.issuer_names(e, Lang.EN))
            text = zh if zh == en else f"{zh} / {en}"
        elif self.lang is Lang.ZH:
            text = "、".join(tl.issuer_names(e, Lang.ZH))
        else:
            text = ", ".join(tl.issuer_names(e, Lang.EN))
        self.issuer_cache[key] = text
        return text

    def date_lines(self, e: Event) -> list[str]:
        text = e.date.text
        if len(text) > DATE_WIDTH and "/" in text:
            left, _, right = text.partition("/")
            text = f"{left}/\n{right}" if len(left) < DATE_WIDTH else f"{left}\n/{right}"
        out: list[str] = []
        for line in for_terminal(text).split("\n"):
            out += wrap_plain(line, DATE_WIDTH)
        return out

    def details(self, e: Event) -> list[str]:
        out: list[str] = []
        value_width = self.body - _LABEL - 1
        blank = " " * (_LABEL + 1)

        def add(label: str, values: Iterable[str]) -> None:
            for i, v in enumerate(values):
                head = (label if i == 0 else "").ljust(_LABEL) + " "
                for j, line in enumerate(wrap_plain(one_line(v), value_width)):
                    out.append((head if j == 0 else blank) + line)

        add("ID", [e.id])
        if e.document is not None:
            add("Document", self.lines(e.document))
        if e.summary is not None:
            add("Summary", self.lines(e.summary))
        for c in e.sources:
            add("Quote", [f"“{c.quote}”" + (f" ({c.locator})" if c.locator else "")])
            add("", [f"— {self.source_name(c.source)}"])
        for note in e.notes:
            add("Note", [note])
        if e.tags:
            add("Tags", [", ".join(e.tags)])
        if e.url:
            add("URL", [e.url])
        return out

    def source_name(self, source_id: str) -> str:
        s = self.timeline.sources.get(source_id)
        if s is None:
            return source_id
        parts = [p for p in (s.publisher, s.published.text if s.published else None) if p]
        return " ".join(parts) if parts else s.title.get(self.lang) or source_id

    def event(self, e: Event) -> str:
        body: list[str] = []
        for line in self.lines(e.title):
            body += wrap_plain(one_line(line), self.body)
        n = len({c.source for c in e.sources})
        meta = SEP.join(
            (
                one_line(e.kind),
                one_line(e.jurisdiction),
                one_line(self.issuers(e)) if e.issuers else "no issuer",
                *((due_label(e),) if e.due is not None else ()),
                _plural(n, "source").replace(" ", NBSP),
            )
        )
        body += wrap_plain(meta, self.body)
        if self.detail:
            body += self.details(e)
        left = self.date_lines(e)
        out = []
        for i in range(max(len(body), len(left))):
            head = left[i].ljust(self.indent) if i < len(left) else self.pad
            out.append((head + body[i]).rstrip(" ") if i < len(body) else head.rstrip(" "))
        return "\n".join(out) + "\n"


def plain_timeline(
    timeline: Timeline,
    events: Iterable[Event] | None = None,
    *,
    lang: Lang,
    width: int,
    detail: bool = False,
) -> Iterator[str]:
    """The compact view as text, in pieces: the header, then one piece per event."""
    view = _Plain(timeline, lang, width, detail)
    header = view.header()
    if header:
        yield "\n".join(header) + "\n"
    count = 0
    for year, group in itertools.groupby(
        timeline.events if events is None else events, key=lambda e: e.date.start.year
    ):
        rows = list(group)
        count += len(rows)
        yield f"\n{year:04d}  {_plural(len(rows), 'event')}\n"
        for i, e in enumerate(rows):
            yield ("\n" if i else "") + view.event(e)
    yield f"\n{_plural(count, 'event')}\n"
