"""Line breaking for mixed Chinese and English text.

Rich wraps only at spaces and folds anything longer at the cell width, so a
Chinese title wraps in the middle of a number ("3" / "0%") or puts a closing
quote at the start of a line. :class:`Paragraph` wraps at the break
opportunities of :mod:`policytl.model.linebreak` (a subset of UAX #14, shared
with the exports: after spaces, around Chinese characters, never before closing
or after opening punctuation, never inside a Latin word or number) instead.
A word wider than the line is folded at the cell width, as Rich does, but not
right after an opening mark nor between two digits when an earlier place in
the word fits. A no-break space (U+00A0) keeps two words on one line and prints
as a space.
Widths are terminal cells (``rich.cells``), so wide characters count two.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from policytl.model.linebreak import NBSP, break_opportunities, iter_breaks, opens

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

__all__ = ["NBSP", "Paragraph", "break_opportunities", "wrap_plain"]


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the pieces between break opportunities."""
    start = 0
    for i in iter_breaks(text):
        yield start, i
        start = i
    yield start, len(text)


def _cells(s: str) -> int:
    if s.isascii():
        return len(s)
    from rich.cells import cell_len

    return cell_len(s)


def line_ends(text: str, width: int) -> list[int]:
    """Offsets where the lines of one paragraph (no newlines) end, greedily filled.

    One pass over the pieces between break opportunities, counting cells as it goes:
    memory is the list of line ends, whatever the length of ``text``."""
    from rich.cells import get_character_cell_size

    width = max(1, width)
    ascii_only = text.isascii()
    if len(text) * (1 if ascii_only else 2) <= width:
        return []  # fits even if every character is wide (most titles)
    cell = (lambda ch: 1) if ascii_only else get_character_cell_size

    def cells(s: str) -> int:  # the sum of the characters' widths, as Paragraph prints them
        return len(s) if ascii_only else sum(map(cell, s))

    if not ascii_only and cells(text) <= width:
        return []
    ends: list[int] = []
    line_start = 0  # offset where the current line starts
    line_cells = 0  # the width of text[:line_start]
    at = 0  # the width of text[:start]
    for start, end in _chunks(text):
        visible = text[start:end].rstrip()
        visible_cells = cells(visible)
        if start > line_start and at + visible_cells - line_cells > width:
            ends.append(start)
            line_start, line_cells = start, at
        if visible_cells > width:
            # wider than a line: fold it at the cell width
            i, here = start, at  # here: the width of text[:i]
            while i < start + len(visible):
                w = cell(text[i])
                if here + w - line_cells > width and i > line_start:
                    # fold before text[i], or earlier; then check text[i] again
                    cut = _fold_at(text, line_start, i)
                    line_start, line_cells = cut, here - cells(text[cut:i])
                    ends.append(cut)
                else:
                    i, here = i + 1, here + w
        at += cells(text[start:end])
    return ends


def _fold_at(text: str, line_start: int, i: int) -> int:
    """Where to fold a word that does not fit before ``text[i]``: there, or earlier so
    that the line does not end with an opening mark or inside a number."""
    cut = i
    while cut - 1 > line_start and (
        opens(text[cut - 1]) or (text[cut - 1].isdigit() and text[cut].isdigit())
    ):
        cut -= 1
    return cut


def wrap_plain(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width`` cells, as :class:`Paragraph` wraps it (for tests)."""
    lines: list[str] = []
    for para in text.split("\n"):
        cuts = [0, *line_ends(para, width), len(para)]
        lines.extend(para[a:b].rstrip().replace(NBSP, " ") for a, b in itertools.pairwise(cuts))
    return lines


class Paragraph:
    """A Rich Text that wraps Chinese and English text at proper break opportunities."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def _min_width(self) -> int:
        plain = self.text.plain
        return max(
            (_cells(plain[a:b].rstrip()) for line in plain.split("\n") for a, b in _chunks(line)),
            default=0,
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        longest = max((_cells(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(self._min_width(), longest), longest).clamp(
            max_width=options.max_width
        )

    def wrapped(self, width: int) -> Text:
        """The text with a newline at every line end for ``width`` cells."""
        from rich.text import Text as RText

        pieces: list[RText] = []
        for para in self.text.split("\n", allow_blank=True):
            plain = para.plain
            for line in para.divide(line_ends(plain, width)) if plain else [para]:
                line.rstrip()
                pieces.append(line)
        out = RText("\n").join(pieces)
        # Every line fits already (no_wrap spares Rich a second wrapping pass).
        return RText(
            out.plain.replace(NBSP, " "),
            style=out.style,
            spans=out.spans,
            no_wrap=True,
            end=self.text.end,
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wrapped(options.max_width)
