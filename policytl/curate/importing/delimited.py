"""CSV and TSV files: any delimiter ``csv.Sniffer`` finds, UTF-8 with or without a
byte order mark (GB18030 or Big5 when given as the encoding)."""

from __future__ import annotations

import csv
import io

from policytl.curate.importing.table import Row, Table
from policytl.model.errors import UsageError

__all__ = ["read_delimited"]

_DELIMITERS = ",;\t|"


def decode(data: bytes, name: str, encoding: str | None) -> str:
    """The text of ``data``: UTF-8 (a byte order mark dropped) unless ``encoding`` is given."""
    try:
        if encoding is None or encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
            return data.decode("utf-8-sig")
        return data.decode(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        what = encoding or "UTF-8"
        raise UsageError(
            f"{name}: byte {exc.start + 1} is not {what} text; give the file's encoding "
            "with --encoding (gb18030, big5, cp1252 ...)"
        ) from None


def _dialect(text: str, name: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:65536]
    first = sample.split("\n", 1)[0]
    if name.lower().endswith((".tsv", ".tab")):
        return csv.excel_tab
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        # one column, or a header the sniffer cannot decide on: the delimiter the
        # first line holds most of, else a comma
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        if counts[best] == 0:
            return csv.excel
        dialect = csv.excel()
        dialect.delimiter = best
        return dialect


def read_delimited(data: bytes, name: str, encoding: str | None = None) -> Table:
    """The rows of a CSV or TSV file, numbered as a spreadsheet shows them: the header
    is row 1, and a quoted cell with line breaks in it is still one row."""
    text = decode(data, name, encoding)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text, name))
    table: Table | None = None
    try:
        for cells in reader:
            if table is None:
                table = Table(name, [c.strip() for c in cells])
                continue
            if any(c.strip() for c in cells):
                table.rows.append(Row(len(table.rows) + 2, tuple(cells)))
            else:
                table.rows.append(Row(len(table.rows) + 2, ()))
    except csv.Error as exc:
        raise UsageError(f"{name}:{reader.line_num}: not a CSV file ({exc})") from None
    if table is None:
        raise UsageError(f"{name}: the file is empty (expected a header row and rows of data)")
    table.rows = [r for r in table.rows if r.cells]
    return table
