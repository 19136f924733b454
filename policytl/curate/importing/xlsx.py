"""Excel workbooks (``.xlsx``): the first sheet, read with openpyxl in read-only mode.

A date cell arrives as a ``datetime`` with its number format, so that a cell shown
as ``Apr 2021`` reads as the month it shows (:mod:`policytl.curate.importing.dates`).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from policytl.curate.importing.table import Row, Table
from policytl.model.errors import UsageError

__all__ = ["read_xlsx"]


def read_xlsx(data: bytes, name: str) -> Table:
    """The rows of the workbook's first sheet (the header is row 1, as Excel shows it)."""
    import warnings

    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency of policytl
        raise UsageError("reading .xlsx needs openpyxl (pip install openpyxl)") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles it does not read
            book: Any = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UsageError(f"{name}: not an Excel workbook (.xlsx) ({exc})") from None
    try:
        sheet = book.worksheets[0]
        table: Table | None = None
        for cells in sheet.iter_rows():
            values = tuple(getattr(c, "value", None) for c in cells)
            number = next((c.row for c in cells if getattr(c, "row", None)), None)
            if table is None:
                if not any(v not in (None, "") for v in values):
                    continue  # blank rows above the header
                table = Table(name, ["" if v is None else str(v).strip() for v in values])
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            formats = tuple(getattr(c, "number_format", None) for c in cells)
            table.rows.append(Row(number or len(table.rows) + 2, values, formats))
    finally:
        book.close()
    if table is None:
        raise UsageError(f"{name}: the first sheet is empty (expected a header row and rows)")
    return table
