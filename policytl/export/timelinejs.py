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
(paragraphs, the list of sources) is ours.
"""

from __future__ import annotations

from datetime import date
from html import escape as _html_escape
from typing import Any

from ..dates import Precision
from ..model import Event, Lang, Timeline
from ..textsafe import dump_json
from . import ExportOptions
from .common import (
    citation_text,
    cited_sources,
    date_in_words,
    document_title,
    due_short,
    issuers_text,
    label,
    legend,
    paragraphs,
    sep,
    source_text,
    translation_note,
)

__all__ = ["date_parts", "render"]


def escape(text: str) -> str:
    """Text for an HTML text node (quotes need no escaping there)."""
    return _html_escape(text, quote=False)


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
    body: list[str] = []
    meta = []
    if e.due is not None:
        meta.append(f"{label('due', lang)}{sep(lang)}{date_in_words(e.due, lang)}")
    issuers = issuers_text(timeline, e, lang)
    if issuers:
        meta.append(f"{label('issued_by', lang)}{sep(lang)}{issuers}")
    if e.document is not None:
        meta.append(f"{label('document', lang)}{sep(lang)}{e.document.get(lang)}")
    body += [_p(m) for m in meta]
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
    slide["text"] = {"headline": escape(e.title.get(lang)), "text": "".join(body)}
    jur = timeline.jurisdictions.get(e.jurisdiction)
    slide["group"] = escape(jur.name.get(lang) if jur is not None else e.jurisdiction)
    return slide


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    intro = [_p(p) for p in paragraphs(timeline.description, lang)]
    sources = cited_sources(timeline)
    if sources:
        name = label("sources" if len(sources) > 1 else "source", lang)
        texts = "; ".join(source_text(s, s.id, lang) for s in sources)
        intro.append(_p(f"{name}{sep(lang)}{texts}"))
    for extra in (translation_note(timeline, lang), legend(timeline.events, lang)):
        if extra:
            intro.append(_p(extra))
    if options.filters:
        intro.append(_p(f"{label('filters', lang)}{sep(lang)}{options.filters}"))
    doc = {
        "title": {
            "text": {"headline": escape(document_title(timeline, options)), "text": "".join(intro)}
        },
        "events": [_slide(timeline, e, lang) for e in timeline.events],
    }
    return dump_json(doc)
