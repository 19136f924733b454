"""CSV export: one row per event, stable columns, UTF-8, RFC 4180 (CRLF rows).

The columns (documented in the README, "CSV columns") never depend on the
options: both languages have their own columns, so ``--lang`` does not apply.
``due`` (last, so that earlier columns keep their places) is a target's due
date as written, empty for other events. Lists (issuers, tags, source ids)
are joined with ``;``; quotes and notes, which may hold ``;`` themselves, are
joined with newlines inside their cell.

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

from policytl.export import ExportOptions
from policytl.model.records import Event, Lang, Text, Timeline
from policytl.model.textsafe import no_bidi

__all__ = ["COLUMNS", "defuse", "render", "row"]

COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "precision",
    "start",
    "end",
    "uncertain",
    "approximate",
    "kind",
    "jurisdiction",
    "issuers",
    "issuer_names_zh",
    "issuer_names_en",
    "title_zh",
    "title_en",
    "document_zh",
    "document_en",
    "summary_zh",
    "summary_en",
    "tags",
    "sources",
    "quotes",
    "notes",
    "url",
    "due",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(t: Text | None, lang: str) -> str:
    if t is None:
        return ""
    return (t.zh if lang == "zh" else t.en) or ""


def _flag(value: bool) -> str:
    return "true" if value else "false"


def row(timeline: Timeline, e: Event) -> dict[str, str]:
    """The CSV cells of one event, by column name."""
    d = e.date
    return {
        "id": e.id,
        "date": d.text,
        "precision": d.precision.value
        if not d.is_interval
        else f"{d.precision.value}/{d.end_precision.value}",
        "start": d.start.isoformat(),
        "end": d.end.isoformat(),
        "uncertain": _flag(d.uncertain),
        "approximate": _flag(d.approximate),
        "kind": e.kind,
        "jurisdiction": e.jurisdiction,
        "issuers": ";".join(e.issuers),
        "issuer_names_zh": ";".join(timeline.issuer_names(e, Lang.ZH)),
        "issuer_names_en": ";".join(timeline.issuer_names(e, Lang.EN)),
        "title_zh": _text(e.title, "zh"),
        "title_en": _text(e.title, "en"),
        "document_zh": _text(e.document, "zh"),
        "document_en": _text(e.document, "en"),
        "summary_zh": _text(e.summary, "zh"),
        "summary_en": _text(e.summary, "en"),
        "tags": ";".join(e.tags),
        "sources": ";".join(c.source for c in e.sources),
        "quotes": "\n".join(c.quote for c in e.sources),
        "notes": "\n".join(e.notes),
        "url": e.url or "",
        "due": e.due.text if e.due is not None else "",
    }


def defuse(cell: str) -> str:
    """``cell`` made safe from spreadsheet formula injection (``'`` before ``=+-@``, tab, CR)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def render(timeline: Timeline, options: ExportOptions) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in timeline.events:
        cells = row(timeline, e)
        values = [no_bidi(cells[c]) for c in COLUMNS]
        if options.excel:
            values = [defuse(v) for v in values]
        writer.writerow(values)
    return ("\ufeff" if options.excel else "") + buf.getvalue()
