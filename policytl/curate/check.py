"""Reading a timeline file to edit it, and checking what an edit would make of it.

add and fmt read a file's text once, edit the text, and check the result as a
whole timeline (with the other files it refers to) before anything is written.
Pure: it never prints and never writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policytl.model.errors import Problem
    from policytl.model.records import Timeline

__all__ = ["added_lines", "check_texts", "read_text"]


def read_text(path: str, max_bytes: int | None = None) -> str:
    """The text of the timeline file ``path`` (UTF-8, at most ``max_bytes``)."""
    from policytl.load.loader import read_bytes
    from policytl.load.yamlsafe import decode
    from policytl.model.limits import DEFAULT_MAX_BYTES

    return decode(read_bytes(path, max_bytes or DEFAULT_MAX_BYTES), path)


def check_texts(
    texts: Mapping[str, str], others: Sequence[str], max_bytes: int | None = None
) -> tuple[Timeline | None, list[Problem]]:
    """Validate files given as text (by name) together with ``others`` as they are on
    disk: (the timeline, or None when it cannot be made; every problem)."""
    from policytl.load.loader import expand_paths, gc_paused, parse_file
    from policytl.load.validate import check_documents
    from policytl.load.yamlsafe import parse_document
    from policytl.model.errors import LoadError
    from policytl.model.limits import DEFAULT_MAX_BYTES

    with gc_paused():
        docs = []
        try:
            for name, text in texts.items():
                docs.append(parse_document(text, name, as_json=name.lower().endswith(".json")))
            for f in expand_paths(others):
                docs.append(parse_file(f, max_bytes=max_bytes or DEFAULT_MAX_BYTES))
        except LoadError as exc:
            return None, [exc.problem]
        return check_documents(docs)


def added_lines(old: str, new: str) -> str:
    """The lines of ``new`` that are not in ``old`` (what an insertion added)."""
    import difflib

    return "".join(
        line[1:]
        for line in difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), n=0
        )
        if line.startswith("+") and not line.startswith("+++")
    )
