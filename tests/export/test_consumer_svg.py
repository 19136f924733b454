"""The SVG pictures (``--svg``, docs/img/*.svg) opened in headless Chromium.

Each picture loads with no console message and no request (no web font is
fetched), Chromium lays every text run out at its textLength (the cell width
policytl sets), and a screenshot at desktop and phone widths goes to
build/screenshots/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from ..conftest import ROOT
from ..consumers import page_report, run_chromium, screenshot

PICTURES = sorted((ROOT / "docs" / "img").glob("*.svg"))
CELL = 20 * 0.61

MEASURE = """
const report = document.getElementById("policytl-report");
const svg = document.querySelector("svg");
const runs = [...svg.querySelectorAll("text[textLength]")].map((t) => ({
  text: t.textContent,
  length: t.textLength.baseVal.value,
  drawn: t.getNumberOfChars() ? t.getEndPositionOfChar(t.getNumberOfChars() - 1).x
    - t.getStartPositionOfChar(0).x : 0,
}));
report.textContent = JSON.stringify({runs, requests:
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
    runs = report["runs"]
    assert isinstance(runs, list) and runs
    for run in runs:
        text = run["text"].replace("\xa0", " ")
        # the browser draws each run exactly as long as its terminal cells
        assert round(run["length"], 2) == round(cell_len(text) * CELL, 2), text
        assert abs(run["drawn"] - run["length"]) <= max(1.0, 0.02 * run["length"]), run
    stem = picture.stem
    screenshot(picture, f"svg-{stem}-desktop.png", 1400, 1000)
    screenshot(picture, f"svg-{stem}-phone.png", 390, 844)
