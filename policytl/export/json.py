"""JSON export: the documented, versioned policytl/1 schema.

The document has ``format`` (``"policytl/1"``), optional ``title``,
``description`` and ``translations``, ``kinds`` when events use kinds beyond
the built-in vocabulary, then ``sources``, ``jurisdictions``, ``bodies``
(each a mapping by id) and ``events`` (a list in timeline order). Each event
carries its date as written plus the derived ``start``, ``end`` (ISO dates,
inclusive) and ``precision``. UTF-8, ``ensure_ascii=False``. Loading the
file back with ``load_timeline`` gives the same timeline.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import EVENT_KINDS, Timeline
from . import ExportOptions

__all__ = ["CUSTOM_KIND", "document", "render"]

#: The description written for a custom kind: the model does not keep the original.
CUSTOM_KIND = "custom event kind (its description is not exported)"


def document(timeline: Timeline) -> dict[str, Any]:
    doc = timeline.to_json()
    custom = sorted({e.kind for e in timeline.events} - set(EVENT_KINDS))
    if custom:
        # "kinds" belongs after the header fields and before the registries.
        head = {
            k: v for k, v in doc.items() if k in ("format", "title", "description", "translations")
        }
        rest = {k: v for k, v in doc.items() if k not in head}
        doc = {**head, "kinds": {k: CUSTOM_KIND for k in custom}, **rest}
    return doc


def render(timeline: Timeline, options: ExportOptions) -> str:
    return json.dumps(document(timeline), ensure_ascii=False, indent=2) + "\n"
