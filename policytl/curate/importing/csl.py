"""CSL-JSON (what Zotero, pandoc and ``policytl cite -f csl`` write): one row per item,
numbered by the line the item starts on, its columns those of
``columns.FORMATS["csl"]``. Each item is a work, dated by its ``issued`` date and
cited as its own source."""

from __future__ import annotations

import json
from typing import Any

from policytl.curate.importing.columns import preset
from policytl.curate.importing.table import Row, Table
from policytl.model.errors import UsageError

__all__ = ["is_csl", "read_csl"]

#: CSL types whose event is known: a bill is a proposal
_KINDS = {"bill": "proposed"}


def is_csl(doc: object) -> bool:
    """Whether a JSON document is CSL-JSON: a list of items (or one), each with a type."""
    items = doc if isinstance(doc, list) else [doc]
    return bool(items) and all(isinstance(i, dict) and "type" in i for i in items)


def _items(text: str, name: str) -> list[tuple[int, Any]]:
    """Each top-level item of the JSON text with the line it starts on."""
    decoder = json.JSONDecoder()
    at = len(text) - len(text.lstrip())
    try:
        if text[at : at + 1] != "[":
            return [(text.count("\n", 0, at) + 1, decoder.raw_decode(text, at)[0])]
        out: list[tuple[int, Any]] = []
        at += 1
        while True:
            at += len(text[at:]) - len(text[at:].lstrip())
            if text[at : at + 1] == "]":
                return out
            item, end = decoder.raw_decode(text, at)
            out.append((text.count("\n", 0, at) + 1, item))
            at = end + len(text[end:]) - len(text[end:].lstrip())
            if text[at : at + 1] == ",":
                at += 1
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from None


def read_csl(text: str, name: str) -> Table:
    """The items of a CSL-JSON text as rows."""
    header, fields = preset("csl")
    table = Table(name, header, fields=fields, layout="csl", default_kind="document-issued")
    for line, item in _items(text, name):
        if not isinstance(item, dict):
            raise UsageError(f"{name}:{line}: a CSL-JSON item is an object, not {item!r:.40}")
        cells = _cells(item)
        table.rows.append(Row(line, tuple(cells.get(f or "", "") for f in fields)))
    return table


def _date(value: Any) -> object:
    """The text of a CSL date: its date-parts (``circa``: ``~``), else its raw or literal."""
    if not isinstance(value, dict):
        return value if value is not None else ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        texts = []
        for part in parts[:2]:
            try:
                numbers = [int(p) for p in part[:3]]
            except (TypeError, ValueError):
                return json.dumps(part)
            texts.append("-".join(f"{n:0{4 if i == 0 else 2}d}" for i, n in enumerate(numbers)))
        circa = "~" if value.get("circa") and len(texts) == 1 else ""
        return "/".join(texts) + circa
    return str(value.get("raw") or value.get("literal") or "")


def _names(value: Any) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    out = []
    for person in value:
        if isinstance(person, dict):
            literal = person.get("literal") or " ".join(
                str(person[k]) for k in ("given", "family") if person.get(k)
            )
            out.append(str(literal))
    return "\n".join(n for n in out if n)


def _quote(note: Any) -> str:
    if not isinstance(note, str) or not note.startswith("“"):
        return ""
    end = note.find("”")
    return note[1:end] if end > 0 else ""


def _cells(item: dict[str, Any]) -> dict[str, object]:
    def text(key: str) -> str:
        value = item.get(key)
        return "" if value is None else str(value)

    issuers = text("authority")
    if not issuers and item.get("type") in ("legislation", "regulation", "bill"):
        issuers = _names(item.get("author"))
    return {
        "id": text("id"),
        "date": _date(item.get("issued")),
        "title": text("title"),
        "kind": _KINDS.get(text("type"), ""),
        "jurisdiction": text("jurisdiction"),
        "issuers": issuers,
        "summary": text("abstract"),
        "tags": text("keyword"),
        "source": text("title"),
        "source_url": text("URL"),
        "locator": text("page") or text("section") or text("number"),
        "quote": _quote(item.get("note")),
    }
