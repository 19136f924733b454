"""Small helpers for terminal text: text cut to a number of cells, and bars.

Widths are terminal cells (``rich.cells.cell_len``): a Chinese character is
two cells wide, so cutting by characters would misalign every column.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.table import Table

__all__ = ["BLOCKS", "bar", "fit", "titled_table"]

#: eighths of a cell, thinnest first
BLOCKS = "▏▎▍▌▋▊▉█"


def fit(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells, ending in "…" when cut."""
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def bar(count: int, most: int, cells: int) -> str:
    """A horizontal bar of ``count`` out of ``most`` in ``cells`` cells, in eighths.

    A non-zero count always shows at least a thin bar; zero shows nothing.
    """
    if count <= 0 or most <= 0 or cells <= 0:
        return ""
    eighths = max(1, round(count * cells * 8 / most))
    full, rest = divmod(eighths, 8)
    return BLOCKS[-1] * full + (BLOCKS[rest - 1] if rest else "")


def titled_table(title: str) -> Table:
    """The report tables' one look: a bold title on the left, a rule under the header."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
    )
