"""JSON export: the documented, versioned policytl/1 schema.

The document has ``format`` (``"policytl/1"``), optional ``title``,
``description`` and ``translations``, ``kinds``, ``document-types`` and
``relation-types`` (what the data adds to the built-in vocabularies, with their
descriptions), then ``sources``, ``jurisdictions``, ``bodies``, ``documents`` (when
there are any; each a mapping by id) and ``events`` (a list in timeline order). Each
event carries its date as written plus the derived ``start``, ``end`` (ISO dates,
inclusive) and ``precision``; a target's ``due`` the same way (``due``,
``due_start``, ``due_end``, ``due_precision``); its ``document`` (an id or a title)
and its ``relations`` as records (``{type, to, sources, notes}``). UTF-8,
``ensure_ascii=False``. Loading the file back with ``load_timeline`` gives the same
timeline: an exported selection keeps only the relations whose ``to`` it holds (an
event it selected, or a document), so that it loads back too.
"""

from __future__ import annotations

from dataclasses import replace

from policytl.export import ExportOptions
from policytl.model.records import Event, Timeline
from policytl.model.textsafe import dump_json

__all__ = ["render"]


def _within(event: Event, targets: set[str]) -> Event:
    kept = tuple(r for r in event.relations if r.to in targets)
    return event if len(kept) == len(event.relations) else replace(event, relations=kept)


def render(timeline: Timeline, options: ExportOptions) -> str:
    held = {e.id for e in timeline.events} | set(timeline.documents)
    return dump_json(timeline.with_events([_within(e, held) for e in timeline.events]).to_json())
