"""SVG pictures of what the terminal shows (``--svg FILE`` and the README pictures).

Rich's ``Console.export_svg`` draws each run of text with a ``textLength``
taken from its number of characters, not its terminal cells
(Textualize/rich#2742). A Chinese character is two cells wide, so a viewer
squeezes ``中关村区块链产业联盟正式成立`` (14 characters, 28 cells) into
half its width and its glyphs overlap. :func:`export_svg` uses Rich's
layout and corrects every run's ``textLength`` to its cell width
(``CHAR_WIDTH`` pixels a cell), so the text fills exactly the cells the
terminal gave it.

The page template is Rich's, with two changes: no web fonts are fetched
(Rich's template loads Fira Code from a CDN), and the font stack names
monospace fonts that have Chinese glyphs after Fira Code, so that a reader
without Fira Code still sees Chinese in a fixed-pitch font.
"""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["CHAR_WIDTH", "FONT_STACK", "export_svg", "fix_text_lengths"]

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

# A text run as Rich writes it: attributes (textLength among them), then the escaped text.
_RUN = re.compile(r'(<text [^>]*?textLength=")([^"]*)("[^>]*>)([^<]*)(</text>)')


def _fix(m: re.Match[str]) -> str:
    cells = cell_len(unescape(m.group(4)))
    return f"{m.group(1)}{format(CHAR_WIDTH * cells, 'g')}{m.group(3)}{m.group(4)}{m.group(5)}"


def fix_text_lengths(svg: str) -> str:
    """``svg`` (from Rich) with every text run's ``textLength`` set to its cell width."""
    return _RUN.sub(_fix, svg)


def export_svg(console: Console, title: str) -> str:
    """The recorded output of ``console`` as an SVG picture, text at its cell widths."""
    svg = console.export_svg(
        title=title, code_format=SVG_FORMAT, font_aspect_ratio=FONT_ASPECT_RATIO
    )
    return fix_text_lengths(svg)
