"""The SVG pictures (``--svg``, docs/img/*.svg) opened in headless Chromium.

Each picture loads with no console message and no request (no web font is
fetched); Chromium draws every character centred in the terminal cells it
takes (the extent of each glyph, measured with getExtentOfChar, against the
cells that column ``col`` of a terminal gives it: from ``col * cell_width``, one
cell for a Latin letter, two for a Chinese character), and a screenshot at
desktop and phone widths goes to build/screenshots/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from ..conftest import ROOT
from ..consumers import page_report, run_chromium, screenshot
from ..render.test_pictures import cells_of, matrix_texts

PICTURES = sorted((ROOT / "docs" / "img").glob("*.svg"))
CELL = 20 * 0.61

MEASURE = """
const report = document.getElementById("policytl-report");
const svg = document.querySelector("svg");
const texts = [...svg.querySelectorAll("text[clip-path]")].map((t) => {
  const glyphs = [];
  for (let i = 0; i < t.getNumberOfChars(); i++) {
    const box = t.getExtentOfChar(i);
    glyphs.push([box.x, box.width]);
  }
  return {text: t.textContent, glyphs};
});
report.textContent = JSON.stringify({texts, requests:
  performance.getEntriesByType("resource").map((r) => r.name)});
"""


@pytest.mark.parametrize("picture", PICTURES, ids=[p.name for p in PICTURES])
def test_picture_in_chromium(picture: Path, tmp_path: Path) -> None:
    done = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", picture.as_uri()])
    assert done.returncode == 0, done.stderr
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    # the picture inline in a page, measured by the browser
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>svg</title></head>'
        "<body>"
        + picture.read_text(encoding="utf-8")
        + f'<pre id="policytl-report"></pre><script>{MEASURE}</script></body></html>',
        encoding="utf-8",
    )
    report = page_report(page)
    assert isinstance(report, dict)
    assert report["requests"] == []
    texts = report["texts"]
    assert isinstance(texts, list) and texts
    # the columns each character takes, as the terminal lines rebuilt from the file say
    expected = [cells_of(e) for _, e in matrix_texts(picture)]
    assert [t["text"] for t in texts] == [
        "".join(ch for _, ch in cs).replace(" ", "\xa0") for cs in expected
    ]
    for text, cells in zip(texts, expected, strict=True):
        assert len(text["glyphs"]) == len(cells), text["text"]
        for (x, width), (col, ch) in zip(text["glyphs"], cells, strict=True):
            if ch == " ":
                continue
            left, right = col * CELL, (col + cell_len(ch)) * CELL
            # the glyph is centred in its cells and stays inside them
            assert abs(x + width / 2 - (left + right) / 2) < 0.5, (text["text"], ch, x, col)
            assert left - 0.5 <= x and x + width <= right + 0.5, (text["text"], ch, x, width)
    stem = picture.stem
    screenshot(picture, f"svg-{stem}-desktop.png", 1400, 1000)
    screenshot(picture, f"svg-{stem}-phone.png", 390, 844)
