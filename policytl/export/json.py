"""JSON export: the documented, versioned policytl/1 schema.

The document has ``format``, optional ``title``/``description``/
``translations``, then ``sources``, ``jurisdictions``, ``bodies`` (each a
mapping by id) and ``events`` (a list in timeline order). Each event carries
its date as written plus the derived ``start``, ``end`` and ``precision``.
Loading the file back with ``load_timeline`` gives the same timeline.
"""

from __future__ import annotations

import json

from ..model import Timeline
from . import ExportOptions


def render(timeline: Timeline, options: ExportOptions) -> str:
    return json.dumps(timeline.to_json(), ensure_ascii=False, indent=2) + "\n"
