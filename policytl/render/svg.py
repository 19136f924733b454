"""SVG pictures of what the terminal shows (``--svg FILE`` and the README pictures).

Rich's ``Console.export_svg`` draws each run of text as one ``<text>`` with
a ``textLength``, which a viewer meets by stretching the spaces between the
glyphs of the run: a Chinese character is two cells wide but Rich counts it
as one (Textualize/rich#2742), and, once that is corrected, a run that mixes
Chinese and digits ("到2022年") spreads its digits apart ("2 0 2 2") while
its Chinese glyphs stay close, differently on every line. A terminal draws
each character in its own cells. :func:`export_svg` does the same: it keeps
Rich's layout (which cells hold which character, the colours, the
backgrounds) and rewrites every text run so that each character is centred
in its cells (one for a Latin letter, two for a Chinese character), with an
``x`` list of cell centres and ``text-anchor="middle"``, so the glyph widths
of the viewer's font no longer matter. A character that a list cannot
address one to one (outside the Basic Multilingual Plane, or followed by a
zero-width one such as a combining accent) gets a ``<tspan>`` of its own.

A run of block characters (the bars of ``stats``, ``▏▎▍▌▋▊▉█``) is drawn as one
rectangle of its colour, as wide as its eighths of a cell and as tall as the
line less ``BAR_INSET`` (2 px) above and below (as a block glyph is, so that the
bars of two lines stay apart): glyph by glyph a viewer leaves hairline seams between the blocks.

The page template is Rich's, with two changes: no web fonts are fetched
(Rich's template loads Fira Code from a CDN), and the font stack names
monospace fonts that have Chinese glyphs after Fira Code, so that a reader
without Fira Code still sees Chinese in a fixed-pitch font.
"""

from __future__ import annotations

import itertools
import re
from html import escape, unescape
from typing import TYPE_CHECKING

from rich.cells import cell_len

from policytl.render.cells import BLOCKS

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["CHAR_WIDTH", "FONT_STACK", "LINE_HEIGHT", "export_svg", "place_characters"]

#: Rich's cell size: 20 px high, 0.61 of that wide (Fira Code's aspect ratio)
CHAR_HEIGHT = 20
FONT_ASPECT_RATIO = 0.61
CHAR_WIDTH = CHAR_HEIGHT * FONT_ASPECT_RATIO

#: Latin monospace fonts first, then monospace (or at least CJK) fonts with Chinese glyphs
FONT_STACK = (
    '"Fira Code", "DejaVu Sans Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", '
    '"Source Han Mono SC", "Source Han Mono", "Sarasa Mono SC", "PingFang SC", '
    '"Microsoft YaHei", monospace'
)

# Rich's CONSOLE_SVG_FORMAT (rich/_export_format.py) without the remote font
# files and the full-width East Asian variants, with FONT_STACK.
SVG_FORMAT = (
    """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <!-- Generated with Rich https://www.textualize.io and policytl -->
    <style>

    .{unique_id}-matrix {{
        font-family: """
    + FONT_STACK.replace("{", "{{").replace("}", "}}")
    + """;
        font-size: {char_height}px;
        line-height: {line_height}px;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: arial, sans-serif;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" \
       clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""
)

#: Rich's line height (``Console.export_svg``), and where a line's background starts
LINE_HEIGHT = CHAR_HEIGHT * 1.22
_LINE_TOP = 1.5
#: the gap above and below a bar, so that the bars of two lines stay apart as glyphs do
BAR_INSET = 2

# A text run as Rich writes it: class, x, y, textLength, the line's clip path, the text.
_RUN = re.compile(
    r'<text class="([^"]*)" x="([^"]*)" y="([^"]*)" textLength="[^"]*" '
    r'clip-path="url\(#([^")]*)-line-(\d+)\)">([^<]*)</text>'
)
#: eighths of a cell that each block character fills, from the left
_EIGHTHS = {ch: n for n, ch in enumerate(BLOCKS, 1)}


def _num(value: float) -> str:
    return format(round(value, 3), "g")


def _escape(text: str) -> str:
    """Text for an SVG text node, spaces no-break (as Rich writes them, so none collapse)."""
    return escape(text, quote=False).replace(" ", "&#160;").replace("\xa0", "&#160;")


def _clusters(text: str) -> list[tuple[str, int]]:
    """The characters of ``text`` with the cells each takes; a zero-width character
    stays with the one before it."""
    out: list[tuple[str, int]] = []
    for ch in text:
        cells = cell_len(ch)
        if cells == 0 and out:
            out[-1] = (out[-1][0] + ch, out[-1][1])
        else:
            out.append((ch, cells))
    return out


def _text(cls: str, y: str, clip: str, x0: float, clusters: list[tuple[str, int]]) -> str:
    """One ``<text>``, each character centred in its cells, starting at ``x0``."""
    centres: list[float] = []
    at = x0
    for _, cells in clusters:
        centres.append(at + cells * CHAR_WIDTH / 2)
        at += cells * CHAR_WIDTH
    head = f'<text class="{cls}" y="{y}" text-anchor="middle" clip-path="{clip}"'
    if all(len(ch) == 1 and ord(ch) <= 0xFFFF for ch, _ in clusters):
        body = _escape("".join(ch for ch, _ in clusters))
        return f'{head} x="{" ".join(map(_num, centres))}">{body}</text>'
    spans = "".join(
        f'<tspan x="{_num(c)}">{_escape(ch)}</tspan>'
        for (ch, _), c in zip(clusters, centres, strict=True)
    )
    return f"{head}>{spans}</text>"


def _bar(cls: str, row: int, x0: float, eighths: int) -> str:
    y = row * LINE_HEIGHT + _LINE_TOP + BAR_INSET
    return (
        f'<rect class="{cls}" x="{_num(x0)}" y="{_num(y)}" width="{_num(eighths * CHAR_WIDTH / 8)}"'
        f' height="{_num(LINE_HEIGHT + 0.25 - 2 * BAR_INSET)}" shape-rendering="crispEdges"/>'
    )


def _run(m: re.Match[str]) -> str:
    cls, x, y, unique_id, row, text = m.groups()
    clip = f"url(#{unique_id}-line-{row})"
    out: list[str] = []
    at = float(x)
    for is_bar, group in itertools.groupby(_clusters(unescape(text)), lambda c: c[0] in _EIGHTHS):
        clusters = list(group)
        if is_bar:
            eighths = sum(_EIGHTHS[ch] for ch, _ in clusters)
            out.append(_bar(cls, int(row), at, eighths))
        elif any(not ch.isspace() for ch, _ in clusters):
            out.append(_text(cls, y, clip, at, clusters))
        at += sum(cells for _, cells in clusters) * CHAR_WIDTH
    return "".join(out)


def place_characters(svg: str) -> str:
    """``svg`` (from Rich) with every character centred in its cells and bars as rectangles."""
    return _RUN.sub(_run, svg)


def export_svg(console: Console, title: str) -> str:
    """The recorded output of ``console`` as an SVG picture, drawn cell by cell."""
    svg = console.export_svg(
        title=title, code_format=SVG_FORMAT, font_aspect_ratio=FONT_ASPECT_RATIO
    )
    return place_characters(svg)
