"""The HTML page's status panel: each document's stage on the export date.

A minimal stage-as-of, read from the events' stages (``Event.stage``;
``document-issued`` counts as published) in timeline order: a document's stage on
a day is that of its last stage event whose dates all lie on or before the day;
a later stage event whose dates may fall either side of the day (a month that
holds it) makes the stage "possibly" that one; the next stage is the first one
that starts after the day. (``policytl status`` answers the same question in
full; this panel keeps to what one table row can say.)
"""

from __future__ import annotations

from datetime import date

from policytl.export.common import stage_pair
from policytl.export.html.parts import LINKABLE, both, esc, text_html, word
from policytl.model.records import Event, Timeline

__all__ = ["DocumentStage", "panel", "stages_as_of"]


class DocumentStage:
    """A document's stage on a day: the events that settle it, may change it, come next."""

    __slots__ = ("document", "next", "possibly", "settled")

    def __init__(self, document: str) -> None:
        self.document = document
        self.settled: Event | None = None
        self.possibly: Event | None = None
        self.next: Event | None = None


def stages_as_of(timeline: Timeline, as_of: date) -> list[DocumentStage]:
    """Each document of the registry with a stage event in the timeline, in registry order."""
    found: dict[str, DocumentStage] = {}
    for e in timeline.events:
        doc = e.document
        if e.stage is None or type(doc) is not str or doc not in timeline.documents:
            continue
        row = found.setdefault(doc, DocumentStage(doc))
        if e.date.end <= as_of:
            row.settled, row.possibly = e, None
        elif e.date.start <= as_of:
            row.possibly = e
        elif row.next is None or e.date.start < row.next.date.start:
            row.next = e
    return [found[d] for d in timeline.documents if d in found]


def panel(timeline: Timeline, as_of: date) -> list[str]:
    """The panel's HTML (nothing when no document has a stage in the selection)."""
    rows = stages_as_of(timeline, as_of)
    if not rows:
        return []

    def stage(event: Event | None) -> str:
        if event is None or event.stage is None:
            return "—"
        scope = f" ({text_html(event.scope)})" if event.scope is not None else ""
        when = f'<a href="#{esc(event.id)}">{esc(event.date.text)}</a>'
        return f"{both(*stage_pair(event.stage))}{scope}, {when}"

    out = [
        '<section class="status" aria-labelledby="_status-h">',
        f'<h2 id="_status-h">{word("status", date=as_of.isoformat())}</h2>',
        f'<p class="small">{word("status_key")}</p>',
        '<div class="axis-scroll"><table>',
        f'<thead><tr><th scope="col">{word("document")}</th><th scope="col">{word("stage")}</th>'
        f'<th scope="col">{word("next_stage")}</th></tr></thead><tbody>',
    ]
    for row in rows:
        document = timeline.documents[row.document]
        title = text_html(document.title)
        if document.url and LINKABLE.fullmatch(document.url):
            title = f'<a href="{esc(document.url)}">{title}</a>'
        now = stage(row.settled)
        if row.possibly is not None:
            now += f"; {word('possibly')} {stage(row.possibly)}"
        out.append(f'<tr><th scope="row">{title}</th><td>{now}</td><td>{stage(row.next)}</td></tr>')
    out += ["</tbody></table></div>", "</section>"]
    return out
