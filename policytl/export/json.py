"""JSON export: the documented, versioned policytl/1 schema.

The document has ``format`` (``"policytl/1"``), optional ``title``,
``description`` and ``translations``, ``kinds`` (the kinds the data adds to
the built-in vocabulary, with their descriptions), then ``sources``, ``jurisdictions``, ``bodies``
(each a mapping by id) and ``events`` (a list in timeline order). Each event
carries its date as written plus the derived ``start``, ``end`` (ISO dates,
inclusive) and ``precision``; a target's ``due`` the same way (``due``,
``due_start``, ``due_end``, ``due_precision``). UTF-8, ``ensure_ascii=False``. Loading the
file back with ``load_timeline`` gives the same timeline.
"""

from __future__ import annotations

from policytl.export import ExportOptions
from policytl.model.records import Timeline
from policytl.model.textsafe import dump_json

__all__ = ["render"]


def render(timeline: Timeline, options: ExportOptions) -> str:
    return dump_json(timeline.to_json())
