"""Data Package export: ``datapackage.json`` and one CSV file per table.

A Frictionless Tabular Data Package (https://specs.frictionlessdata.io/): the
tables of ``policytl.export.tables`` (events, citations, sources, jurisdictions,
bodies, documents, relations, ...), each a CSV file (UTF-8, a header row, CRLF
rows, RFC 4180) described in ``datapackage.json`` by a Table Schema: its fields
with their types and descriptions (from the field table), which are required,
the values a choice may take, its primary key and its foreign keys.

An empty cell is a missing value; booleans are ``true``/``false``; dates are ISO
8601. Text is the data's, made safe as ``export -f csv --excel`` makes it: a cell
that a spreadsheet would run as a formula (one that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) starts with ``'`` instead, and bidi
controls are visible escapes (``\\u202e``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from policytl.export import ExportOptions
from policytl.export.csv import defuse
from policytl.export.tables import Table, Value, tables
from policytl.model.records import Timeline
from policytl.model.textsafe import no_bidi

__all__ = ["DESCRIPTOR", "descriptor", "render_files", "table_csv"]

#: the name of the package's descriptor in its folder
DESCRIPTOR = "datapackage.json"


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return defuse(no_bidi(value))


def table_csv(made: Table) -> bytes:
    """The CSV file of one table: a header row, then its rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(made.names)
    writer.writerows([_cell(v) for v in row] for row in made.rows)
    return buf.getvalue().encode("utf-8")


def _field(column: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": column.name, "type": column.type.value}
    if column.doc:
        out["description"] = column.doc
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.choices:
        constraints["enum"] = list(column.choices)
    if constraints:
        out["constraints"] = constraints
    return out


def _resource(made: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in made.columns],
        "primaryKey": list(made.key),
    }
    if made.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.columns),
                # "" is the table itself (a jurisdiction's parent), as the spec says
                "reference": {
                    "resource": "" if fk.table == made.name else fk.table,
                    "fields": list(fk.to),
                },
            }
            for fk in made.foreign_keys
        ]
    return {
        "name": made.name,
        "path": f"{made.name}.csv",
        "profile": "tabular-data-resource",
        "description": made.doc,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor(timeline: Timeline, made: list[Table]) -> dict[str, Any]:
    """The ``datapackage.json`` of ``made``, the tables of ``timeline``."""
    out: dict[str, Any] = {"profile": "tabular-data-package", "name": "policytl-timeline"}
    if timeline.title is not None:
        out["title"] = no_bidi(" / ".join(t for _, t in timeline.title.items()))
    if timeline.description is not None:
        out["description"] = no_bidi("\n\n".join(t for _, t in timeline.description.items()))
    out["resources"] = [_resource(t) for t in made]
    return out


def render_files(timeline: Timeline, options: ExportOptions) -> dict[str, bytes]:
    made = tables(timeline)
    files = {f"{t.name}.csv": table_csv(t) for t in made}
    text = json.dumps(descriptor(timeline, made), ensure_ascii=False, indent=2) + "\n"
    return {DESCRIPTOR: text.encode("utf-8"), **files}
