"""Markwhen texts (``.mw``): one row per event line, numbered by its line, its columns
those of ``columns.FORMATS["markwhen"]``.

An event line is ``DATE: title #tag``; the ``key: value`` lines right after it are
its properties (``id``, ``kind``, ``jurisdiction``, ``issuers``, ``due``, ``date``, as
policytl's own export writes them), the lines after those its description. A heading
(``# 北京市 (CN-BJ)``, ``section EU``, ``group EU``) gives its events' jurisdiction.
The YAML header between ``---`` lines is left out but for its ``title``."""

from __future__ import annotations

import json
import re

from policytl.curate.importing import exported
from policytl.curate.importing.columns import preset
from policytl.curate.importing.table import Row, Table
from policytl.model.dates import MONTH_NAMES

__all__ = ["read_markwhen"]

#: an event line: a date (no ': ' in it) and a title
_EVENT = re.compile(r"(?P<date>[^:#\s][^#]*?):\s+(?P<title>.*)$")
_MONTHS = "|".join(m[:3] for m in MONTH_NAMES)
_DATEISH = re.compile(
    rf"\d|q\d\b|c\.|ca\.|circa\b|about\b|约|(?:{_MONTHS})[a-z]*\.?\s+\d", re.IGNORECASE
)
_PROPERTY = re.compile(r"(?P<key>[A-Za-z_][\w-]*):\s*(?P<value>.*)$")
_HEADING = re.compile(r"(?:#+\s+|(?:section|group)\s+)(?P<name>.+?)\s*$", re.IGNORECASE)
_CODE = re.compile(r"\((?P<code>[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3})?)\)$")
_TAG = re.compile(r"(?:^|\s)#(?P<tag>[\w-]+)")
_LINK = re.compile(r"\[[^\]]*\]\((?P<url>https?://[^)\s]+)\)|(?P<bare>https?://\S+)")
_PROPERTIES = ("id", "kind", "jurisdiction", "issuers", "due", "date")


def read_markwhen(data: bytes, name: str) -> Table:
    """The events of a Markwhen text as rows (a title in its header: the table's title)."""
    from policytl.curate.importing.delimited import decode

    lines = decode(data, name, None).splitlines()
    header, fields = preset("markwhen")
    table = Table(name, header, fields=fields, layout="markwhen")
    start = _after_header(lines, table)
    section = ""
    current: dict[str, str] | None = None
    number = 0
    in_properties = False
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if line.casefold() in ("endsection", "endgroup"):
            section = ""
            continue
        heading = _HEADING.fullmatch(line) if not line.startswith("#") or " " in line else None
        event = _EVENT.match(line) if _DATEISH.match(line) else None
        if heading is not None and event is None:
            _flush(table, current, number, fields)
            current, section = None, _jurisdiction(heading["name"])
            continue
        if event is not None:
            _flush(table, current, number, fields)
            current, number, in_properties = _event(event, section), i + 1, True
            continue
        if current is None or not line:
            in_properties = False
            continue
        prop = _PROPERTY.match(line) if in_properties else None
        if prop is not None and prop["key"] in (*_PROPERTIES, "style"):
            if prop["key"] != "style":
                current[prop["key"]] = _value(prop["value"])
            continue
        in_properties = False
        current["description"] = current.get("description", "") + line + "\n"
    _flush(table, current, number, fields)
    return table


def _after_header(lines: list[str], table: Table) -> int:
    """The first line after the YAML header, if there is one (its title kept)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return i + 1
        m = _PROPERTY.match(lines[i].strip())
        if m is not None and m["key"] == "title":
            table.title = _value(m["value"])
    return 0


def _jurisdiction(heading: str) -> str:
    m = _CODE.search(heading)
    return m["code"] if m is not None else heading


def _value(text: str) -> str:
    """A property's value: a JSON (YAML double-quoted) string or list, else the text."""
    text = text.strip()
    if text[:1] in ('"', "["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return text
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return str(value)
    return text


def _event(m: re.Match[str], section: str) -> dict[str, str]:
    title = m["title"]
    tags = [t["tag"] for t in _TAG.finditer(title)]
    return {
        "date": m["date"].strip(),
        "title": _TAG.sub("", title).strip(),
        "tags": ";".join(tags),
        "jurisdiction": section,
    }


def _flush(
    table: Table, event: dict[str, str] | None, number: int, fields: tuple[str | None, ...]
) -> None:
    if event is None:
        return
    summary: list[str] = []
    cites: list[exported.Cited] = []
    for line in event.pop("description", "").splitlines():
        if (source := exported.labelled(line, "source")) is not None:
            cites.append(exported.citation(source))
        elif (text := exported.labelled(line, "summary")) is not None:
            summary.append(text)
        elif not (
            exported.fact(line)
            or exported.labelled(line, "issued_by") is not None
            or exported.labelled(line, "date_as_given") is not None
            or exported.labelled(line, "due") is not None
            or exported.labelled(line, "stage") is not None
        ):
            summary.append(line)
    cells = {**event, "summary": "\n".join(summary)}
    cells |= exported.cells_of(cites)
    if not cites:
        link = _LINK.search("\n".join(summary))
        cells["source_url"] = (link["url"] or link["bare"]) if link else ""
    table.rows.append(Row(number, tuple(cells.get(f or "", "") for f in fields)))
