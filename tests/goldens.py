"""Golden files: the one way every test module compares with them and updates them.

A golden file is the exact output of a command or a renderer, stored under
tests/golden/ (and tests/fixtures/invalid/*.expected for ``validate``). To rewrite
them after a deliberate change, run the suite with ``POLICYTL_UPDATE_GOLDEN=1``
(exactly ``1``; any other value is refused) and review the diff by eye.

Golden files are reviewed, not only recorded: before a terminal view is compared
(or written), it must obey the rules every view obeys (:func:`rule_breaks`):

- no line is wider than the view's width (the width is in the file's name,
  ``since-2016-60.txt`` is 60 columns; a view without one was drawn at the 100
  columns tests/conftest.invoke sets);
- no line (or table cell) ends with an opening bracket or quote;
- no number is split across two lines.

Export formats (CSV, JSON, ICS, Markdown reports, ...) are not wrapped text: only
the first rule's premise, a width, is missing, and brackets may end their lines
(JSON), so the rules apply to terminal views only (``*.txt``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from rich.cells import cell_len

from .conftest import UPDATE_GOLDEN, UPDATE_GOLDEN_ENV

GOLDEN = Path(__file__).resolve().parent / "golden"
#: the width of a view whose golden file's name does not say it (conftest.invoke's COLUMNS)
DEFAULT_WIDTH = 100
#: folders of golden terminal views (``*.txt``)
VIEW_FOLDERS = ("show", "chart", "stats", "compare", "lifecycle", "diffuse")

#: Golden views known to break the rules, with why; each must still break them (a strict
#: expected failure, tests/test_golden_rules.py), so that the entry goes when it is fixed.
#: (compare/cn-bj-vs-cn.txt was one until compare wrapped titles as show does.)
KNOWN_BREAKS: dict[str, str] = {}

_WIDTH_IN_NAME = re.compile(r"-(\d+)\.txt$")
#: the vertical rules of tables and charts: each cell is checked on its own
_CELL_SEPARATORS = re.compile(r"[│┃║]")
#: a date, as rows of views begin with ("2016", "2016-02", "2020-06-30/2022", "2016-03–2016-07")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?[?~%]*(?:[/–][\d?~%-]*)?")
#: ASCII quotes, opening when nothing but space (or an opening mark) is before them
_ASCII_QUOTES = "\"'"


def _key(path: Path) -> str:
    return path.resolve().relative_to(GOLDEN).as_posix() if path.is_relative_to(GOLDEN) else ""


def view_width(path: Path) -> int | None:
    """The width a golden terminal view was drawn at; None for other golden files."""
    try:
        folder = path.resolve().relative_to(GOLDEN).parts[0]
    except ValueError:
        return None
    if folder not in VIEW_FOLDERS or path.suffix != ".txt":
        return None
    m = _WIDTH_IN_NAME.search(path.name)
    return int(m.group(1)) if m else DEFAULT_WIDTH


def _opening(ch: str) -> bool:
    return unicodedata.category(ch) in ("Ps", "Pi")


def _ends_open(cell: str) -> bool:
    text = cell.rstrip()
    if not text:
        return False
    last = text[-1]
    if _opening(last):
        return True
    if last in _ASCII_QUOTES:
        before = text[:-1]
        return not before or before[-1].isspace() or _opening(before[-1])
    return False


def _cells(line: str) -> list[str]:
    return _CELL_SEPARATORS.split(line)


def _indent(cell: str) -> int:
    return len(cell) - len(cell.lstrip(" "))


def _splits_a_number(cell: str, below: str) -> bool:
    """Does ``cell`` end inside a number that the cell under it goes on with?

    Rows of views may end with a count ("2019-11    0") and the next row begin with a
    date at the same place ("2019-12  1"), or a label begin further left; a wrapped
    text goes on at its own indentation or further right, never with a whole date.
    """
    text, next_text = cell.rstrip(), below.strip()
    if not text or not next_text or not text[-1].isdigit() or not next_text[0].isdigit():
        return False
    if _indent(below) < _indent(cell):
        return False  # the next row of an outer layout
    first_word = next_text.split()[0]
    return _DATE.fullmatch(first_word) is None


def rule_breaks(text: str, width: int) -> list[str]:
    """The rules of a terminal view that ``text`` breaks, one message per break."""
    out: list[str] = []
    lines = text.split("\n")
    for no, line in enumerate(lines, 1):
        if cell_len(line) > width:
            out.append(f"line {no} is {cell_len(line)} columns wide (> {width}): {line!r}")
        cells = _cells(line)
        for cell in cells:
            if _ends_open(cell):
                out.append(f"line {no} ends with an opening bracket or quote: {line!r}")
        if no < len(lines):
            below = _cells(lines[no])
            if len(below) == len(cells):
                for cell, under in zip(cells, below, strict=True):
                    if _splits_a_number(cell, under):
                        out.append(f"lines {no}-{no + 1} split a number: {line!r} / {lines[no]!r}")
    return out


def assert_golden(path: Path, actual: str | bytes) -> None:
    """``actual`` is exactly the golden file ``path`` (rewritten first when
    POLICYTL_UPDATE_GOLDEN=1); a terminal view must obey the rules first."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    width = view_width(path)
    if width is not None and _key(path) not in KNOWN_BREAKS:
        breaks = rule_breaks(data.decode("utf-8"), width)
        assert breaks == [], f"{path.name} breaks the rules of views"
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {path}; run with {UPDATE_GOLDEN_ENV}=1"
    stored = path.read_bytes()
    if isinstance(actual, str):  # a readable diff
        assert actual == stored.decode("utf-8"), f"{path} differs ({UPDATE_GOLDEN_ENV}=1)"
    assert data == stored, f"{path} differs (update: {UPDATE_GOLDEN_ENV}=1)"
