"""TimelineJS3 export: the JSON that ``new TL.Timeline(id, data)`` reads.

A title slide (the data set's title, description, sources and filters),
then one slide per event: ``start_date`` has only the parts its precision
has (``{"year": 2016, "month": 2}`` for ``2016-02``), an interval has an
``end_date`` the same way, and ``display_date`` is the date as written.
``group`` is the jurisdiction's name, ``unique_id`` the event id. A target
stays at the date it was set: its due date is in ``display_date``
("2020-06-30 → due 2022") and in a "Due: 2022 (year precision)" line.

TimelineJS renders ``headline``, ``text``, ``group`` and ``display_date``
as HTML, so every text from the data is HTML-escaped; the markup around it
(paragraphs, the list of sources) is ours. Control and bidi characters
(U+202E ...) are shown as visible escapes (``\\u202e``), as in the text
formats, so no override reverses a slide.

A headline is at most ``HEADLINE_MAX`` (80) characters: TimelineJS gives a
headline no limit, and a long one lays the slide out far wider than its
embed. A longer title is cut there with "…" and given in full as the first
paragraph of the slide's text. A run of more than ``WORD_MAX`` (16)
characters without a space (a long word or URL, which the browser could
not break: a 2,000-character one made a slide 32,000 px wide) gets a
``<wbr>`` line-break opportunity every 16 characters; nothing is added to
the text itself.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape as _html_escape
from typing import Any

from policytl.export import ExportOptions
from policytl.export.common import (
    citation_text,
    cited_sources,
    document_title,
    due_short,
    fact_lines,
    label,
    labelled,
    legend,
    paragraphs,
    sep,
    source_text,
    translation_note,
)
from policytl.model.dates import Precision
from policytl.model.records import Event, Lang, Timeline
from policytl.model.textsafe import dump_json, for_terminal, one_line

__all__ = ["HEADLINE_MAX", "WORD_MAX", "date_parts", "headline", "render"]

#: the longest headline in characters; longer titles are cut with "…"
HEADLINE_MAX = 80
#: the longest run of characters without a line-break opportunity (<wbr>)
WORD_MAX = 16
_LONG_WORD = re.compile(rf"\S{{{WORD_MAX + 1},}}")


def _breakable(text: str) -> str:
    """Escaped ``text`` with a <wbr> every WORD_MAX characters of a long word."""
    out: list[str] = []
    pos = 0
    for m in _LONG_WORD.finditer(text):
        out.append(_html_escape(text[pos : m.start()], quote=False))
        word = m.group()
        chunks = (word[i : i + WORD_MAX] for i in range(0, len(word), WORD_MAX))
        out.append("<wbr>".join(_html_escape(c, quote=False) for c in chunks))
        pos = m.end()
    out.append(_html_escape(text[pos:], quote=False))
    return "".join(out)


_SEPARATORS = re.compile("[\u2028\u2029]")


def escape(text: str) -> str:
    """Text for an HTML text node, controls made visible, line and paragraph separators
    newlines (whitespace in HTML), long words breakable."""
    return _breakable(for_terminal(_SEPARATORS.sub("\n", text)))


def headline(title: str) -> tuple[str, bool]:
    """The headline for ``title`` (HTML), and whether it was cut."""
    flat = one_line(title)  # controls made visible, whitespace runs one space
    if len(flat) <= HEADLINE_MAX:
        return _breakable(flat), False
    return _breakable(flat[: HEADLINE_MAX - 1].rstrip() + "…"), True


def date_parts(d: date, precision: Precision) -> dict[str, int]:
    """The year/month/day of date ``d`` that ``precision`` has."""
    parts = {"year": d.year}
    if precision is not Precision.YEAR:
        parts["month"] = d.month
    if precision is Precision.DAY:
        parts["day"] = d.day
    return parts


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _slide(timeline: Timeline, e: Event, lang: Lang) -> dict[str, Any]:
    title = e.title.get(lang)
    head, cut = headline(title)
    body: list[str] = [_p(title)] if cut else []
    body += [_p(m) for m in fact_lines(timeline, e, lang)]
    body += [_p(p) for p in paragraphs(e.summary, lang)]
    cites = "".join(f"<li>{escape(citation_text(timeline, c, lang))}</li>" for c in e.sources)
    body.append(f"<p>{escape(label('sources', lang))}</p><ol>{cites}</ol>")
    slide: dict[str, Any] = {
        "unique_id": e.id,
        "start_date": date_parts(e.date.start, e.date.precision),
    }
    if e.date.is_interval:
        slide["end_date"] = date_parts(e.date.end, e.date.end_precision)
    due = due_short(e, lang)
    slide["display_date"] = escape(e.date.text + (f" → {due}" if due else ""))
    slide["text"] = {"headline": head, "text": "".join(body)}
    jur = timeline.jurisdictions.get(e.jurisdiction)
    slide["group"] = escape(jur.name.get(lang) if jur is not None else e.jurisdiction)
    return slide


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    title = document_title(timeline, options)
    head, cut = headline(title)
    intro = [_p(title)] if cut else []
    intro += [_p(p) for p in paragraphs(timeline.description, lang)]
    sources = cited_sources(timeline)
    if sources:
        name = label("sources" if len(sources) > 1 else "source", lang)
        texts = "; ".join(source_text(s, s.id, lang) for s in sources)
        intro.append(_p(f"{name}{sep(lang)}{texts}"))
    for extra in (translation_note(timeline, lang), legend(timeline.events, lang)):
        if extra:
            intro.append(_p(extra))
    if options.filters:
        intro.append(_p(labelled("filters", lang, options.filters)))
    doc = {
        "title": {"text": {"headline": head, "text": "".join(intro)}},
        "events": [_slide(timeline, e, lang) for e in timeline.events],
    }
    return dump_json(doc)
