"""CSV export: one row per event, stable columns, UTF-8, RFC 4180 (CRLF rows).

The columns come from the event's field table, in its order: a text field has
one column per language, ``title_zh`` and ``title_en`` always, then one for each
other language the data has (``title_it``), every other field one, and a few
fields are followed by columns derived from them (``_DETAILS``). A field added
after this layout was published is ``appended`` (``due``): its columns come last,
so that earlier columns keep their places; then ``document_id`` (an event's
document, when it names one by id) and ``stage`` (its lifecycle stage). They
never depend on the options: each language has its own columns, so
``--lang`` does not apply. Lists (issuers, tags, source ids) are joined with
``;``; quotes and notes, which may hold ``;`` themselves, are joined with
newlines inside their cell.

``--excel`` prefixes the UTF-8 byte order mark that Excel needs to show
Chinese, and makes every cell that Excel would run as a formula (one that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) start with
``'`` instead.

Bidi controls (U+202E ...) are written as visible escapes (``\\u202e``), as
in every format: an override would reverse what a spreadsheet shows. Every
other character is kept as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from policytl.export import ExportOptions
from policytl.model.dates import PolicyDate
from policytl.model.fields import Kind, Spec, table
from policytl.model.lang import FIRST, data_languages
from policytl.model.records import Event, Text, Timeline
from policytl.model.textsafe import no_bidi

__all__ = ["COLUMNS", "columns", "defuse", "render", "row"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = Callable[[Timeline, Event], str]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _precision(d: PolicyDate) -> str:
    if d.is_interval:
        return f"{d.precision.value}/{d.end_precision.value}"
    return d.precision.value


#: The columns this format derives from a field, after the field's own column(s).
_DETAILS: dict[str, tuple[tuple[str, Cell], ...]] = {
    "date": (
        ("precision", lambda t, e: _precision(e.date)),
        ("start", lambda t, e: e.date.start.isoformat()),
        ("end", lambda t, e: e.date.end.isoformat()),
        ("uncertain", lambda t, e: _flag(e.date.uncertain)),
        ("approximate", lambda t, e: _flag(e.date.approximate)),
    ),
    "sources": (("quotes", lambda t, e: "\n".join(c.quote or "" for c in e.sources)),),
}
#: Columns derived from fields that were published before them: they come last.
_LATE_DETAILS: tuple[tuple[str, Cell], ...] = (
    ("document_id", lambda t, e: e.document if isinstance(e.document, str) else ""),
    ("stage", lambda t, e: e.stage or ""),
)


def _record_cell(record: Any) -> str:
    """A record in a list cell: its fields up to its first reference, joined by ``:``
    (a citation by its source, a relation as ``part-of:<id>``)."""
    parts = []
    for name, spec in table(type(record)):
        parts.append(str(getattr(record, name)))
        if spec.kind is Kind.REF:
            break
    return ":".join(parts)


def _cell(kind: Kind, value: Any) -> str:
    """A field's value in one cell: lists joined with ``;`` (notes with newlines)."""
    if value is None:
        return ""
    if kind is Kind.DATE:
        return str(value.text)
    if kind is Kind.NOTES:
        return "\n".join(value)
    if kind is Kind.RECORDS:
        return ";".join(map(_record_cell, value))
    if type(value) is tuple:
        return ";".join(value)
    return str(value)


def _text_cell(name: str, kind: Kind, lang: str) -> Cell:
    if kind is Kind.DOCREF:  # the document's title, here or in its record
        return lambda t, e: _text(t.document_title(e), lang)
    return lambda t, e: _text(getattr(e, name), lang)


def _value_cell(name: str, kind: Kind) -> Cell:
    return lambda t, e: _cell(kind, getattr(e, name))


def _issuer_names(lang: str) -> Cell:
    return lambda t, e: ";".join(t.issuer_names(e, lang))


def _field_columns(name: str, spec: Spec, langs: tuple[str, ...]) -> list[tuple[str, Cell]]:
    if spec.kind in (Kind.TEXT, Kind.DOCREF):
        own = [(f"{name}_{lang}", _text_cell(name, spec.kind, lang)) for lang in langs]
    else:
        own = [(name, _value_cell(name, spec.kind))]
    if name == "issuers":
        own += [(f"issuer_names_{lang}", _issuer_names(lang)) for lang in langs]
    return [*own, *_DETAILS.get(name, ())]


def _columns(langs: tuple[str, ...]) -> list[tuple[str, Cell]]:
    """The columns in the field table's order; an ``appended`` field's come last."""
    fields = table(Event)
    ordered = [f for f in fields if not f.spec.appended] + [f for f in fields if f.spec.appended]
    own = [column for name, spec in ordered for column in _field_columns(name, spec, langs)]
    return [*own, *_LATE_DETAILS]


_COLUMNS = _columns(FIRST)
#: The columns of data in Chinese and English (every data set has these, in this order).
COLUMNS: tuple[str, ...] = tuple(name for name, _ in _COLUMNS)


def columns(timeline: Timeline) -> list[tuple[str, Cell]]:
    """The columns of this timeline: a text has one per language, ``_zh`` and ``_en``
    always (the published layout), then one for each other language the data has."""
    more = tuple(lang for lang in data_languages(timeline) if lang not in FIRST)
    return _columns((*FIRST, *more)) if more else _COLUMNS


def _text(t: Text | None, lang: str) -> str:
    if t is None:
        return ""
    return t.exact(lang) or ""


def row(timeline: Timeline, e: Event) -> dict[str, str]:
    """The CSV cells of one event, by column name."""
    return {name: cell(timeline, e) for name, cell in columns(timeline)}


def defuse(cell: str) -> str:
    """``cell`` made safe from spreadsheet formula injection (``'`` before ``=+-@``, tab, CR)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def table_csv(columns: Sequence[str], rows: Iterable[dict[str, str]], excel: bool) -> str:
    """A CSV table of ``rows`` (a missing column is empty), CRLF line ends; with
    ``excel`` a BOM and every cell defused, as ``export --format csv --excel``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        values = [r.get(c, "") for c in columns]
        writer.writerow([defuse(v) for v in values] if excel else values)
    return ("\ufeff" if excel else "") + buf.getvalue()


def render(timeline: Timeline, options: ExportOptions) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    cells = columns(timeline)
    writer.writerow(name for name, _ in cells)
    for e in timeline.events:
        values = [no_bidi(cell(timeline, e)) for _, cell in cells]
        if options.excel:
            values = [defuse(v) for v in values]
        writer.writerow(values)
    return ("\ufeff" if options.excel else "") + buf.getvalue()
