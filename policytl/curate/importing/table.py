"""What a reader makes of a spreadsheet: a header and rows of cells, and the problems
found in them, each at ``FILE:ROW:COLUMN`` as the spreadsheet shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CellProblem", "Row", "Table", "column_letter"]


def column_letter(index: int) -> str:
    """The spreadsheet's name of the 0-based column ``index``: A, B, ..., Z, AA, ..."""
    name = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One problem of an import, at ``FILE:ROW:COLUMN`` (as much of it as applies)."""

    file: str
    row: int | None
    column: str | None
    message: str
    #: a warning (the row is skipped or the value kept as it is), not an error
    warning: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column is not None:
            where += f":{self.column}"
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of data: its number as the spreadsheet shows it, and its cells."""

    number: int
    cells: tuple[object, ...]
    #: the Excel number format of each cell (for dates), where the format has one
    formats: tuple[str | None, ...] = ()


@dataclass(slots=True)
class Table:
    """A spreadsheet's first sheet (or a CSV file): its header row and data rows."""

    file: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    #: the field of each column, when the reader knows them (a calendar, a Markwhen
    #: text, CSL-JSON: ``columns.FORMATS``); else the header is mapped by its names
    fields: tuple[str | None, ...] | None = None
    #: the format the reader read ("ics", "markwhen", "csl"), with ``fields``
    layout: str = "table"
    #: the kind of an event whose row gives none, when ``--kind`` gives none either
    default_kind: str | None = None
    #: the timeline's title, when the file gives one (a Markwhen header's)
    title: str | None = None

    def column_name(self, index: int) -> str:
        """How a message names a column: its header, else its letter."""
        name = self.header[index].strip() if index < len(self.header) else ""
        return name or column_letter(index)
