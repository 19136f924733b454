"""Exports opened in headless Chromium with the real JavaScript consumers.

- Mermaid: the ``mermaid`` npm package renders the timeline; every label's
  text stays inside its box, no box overlaps another (``getBoundingClientRect``),
  no line of a label starts with closing punctuation or ends with opening
  punctuation, and the diagram is at most 1,200 px wide, for ``-l zh``, ``en``
  and ``both``.
- TimelineJS: ``@knight-lab/timelinejs`` shows the shipped data set in a
  700 px embed; no slide's headline or text is wider than the embed.
- HTML and SVG: the page loads without console errors or network requests,
  axe-core reports no accessibility violations (HTML), and screenshots at
  desktop and phone widths go to build/screenshots/ for people to look at.

Each harness page runs the consumer on a file:// page and writes what it
measured as JSON into ``#policytl-report``; Chromium's ``--dump-dom`` gives it
back to the test.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.export.timelinejs import HEADLINE_MAX
from policytl.model.records import Lang, Text
from policytl.model.textsafe import for_terminal

from ..conftest import FIXTURES
from ..consumers import SCREENSHOTS, need_node_package, page_report, screenshot
from .hostile_text import HOSTILE

HARNESS_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>policytl harness</title>
<style>body{margin:0;font-family:"Noto Sans CJK SC",sans-serif}</style>{head}</head>
<body>{body}
<pre id="policytl-report"></pre>
"""


def harness(folder: Path, name: str, body: str, script: str, head: str = "") -> Path:
    page = folder / name
    page.write_text(
        HARNESS_HEAD.replace("{head}", head).replace("{body}", body)
        + f"<script>\n{script}\n</script>\n</body></html>\n",
        encoding="utf-8",
    )
    return page


# --- Mermaid --------------------------------------------------------------------------------

MERMAID_SCRIPT = """
(async () => {
  const report = document.getElementById("policytl-report");
  try {
    const text = JSON.parse(document.getElementById("diagram").textContent);
    mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
    const {svg} = await mermaid.render("policytl-diagram", text);
    document.getElementById("out").innerHTML = svg;
    const box = (el) => { const r = el.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom]; };
    const nodes = [...document.querySelectorAll("#out g.timeline-node")].map((g) => ({
      box: box(g.querySelector("path.node-bkg, rect.node-bkg, .node-bkg")),
      text: box(g.querySelector("text")),
      label: g.querySelector("text").textContent,
      lines: [...g.querySelectorAll("text tspan")].map((t) => t.textContent),
      fill: getComputedStyle(g.querySelector(".node-bkg")).fill,
      colour: getComputedStyle(g.querySelector("text")).fill,
    }));
    const width = document.querySelector("#out svg").viewBox.baseVal.width;
    report.textContent = JSON.stringify({nodes, width});
  } catch (e) {
    report.textContent = JSON.stringify({error: String(e && e.stack || e)});
  }
})();
"""


#: what never starts a line (closing punctuation) and never ends one (opening)
CLOSING = "》」』）)]】〕〉。，,、：:；;！!？?%”’"
OPENING = "《「『（([【〔〈“‘"


def _overlap(a: list[float], b: list[float]) -> bool:
    slack = 0.5  # sub-pixel rounding of adjacent boxes
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def _inside(inner: list[float], outer: list[float]) -> bool:
    slack = 1.0
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


@pytest.mark.parametrize("lang", list(Lang))
def test_mermaid_labels_fit_their_boxes(tmp_path: Path, lang: Lang) -> None:
    folder = need_node_package("mermaid")
    tl = load_timeline()
    text = render(Format.MERMAID, tl, ExportOptions(lang=lang))
    script = (folder / "dist" / "mermaid.min.js").as_uri()
    body = (
        '<script type="application/json" id="diagram">'
        + json.dumps(text).replace("</", "<\\/")
        + '</script><div id="out"></div>'
        + f'<script src="{script}"></script>'
    )
    page = harness(tmp_path, f"mermaid-{lang}.html", body, MERMAID_SCRIPT)
    report = page_report(page)
    assert isinstance(report, dict)
    assert "error" not in report, report.get("error")
    nodes = report["nodes"]
    # a node per period (a year) and per event
    lines = text.splitlines()
    periods = [ln for ln in lines if re.match(r"        \S", ln)]
    events = [ln for ln in lines if re.match(r"        .* : ", ln)]
    assert len(events) == len(tl.events)
    assert len(nodes) == len(periods) + len(events)
    assert report["width"] <= 1200
    # every line of every label obeys kinsoku
    broken = [
        line
        for n in nodes
        for line in n["lines"]
        if line.strip() and (line.strip()[0] in CLOSING or line.strip()[-1] in OPENING)
    ]
    assert broken == []
    # dark text on light fills
    assert {n["colour"] for n in nodes} == {"rgb(26, 26, 26)"}
    outside = [n["label"] for n in nodes if not _inside(n["text"], n["box"])]
    assert outside == []
    clashes = [
        (a["label"], b["label"])
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
        if _overlap(a["box"], b["box"])
    ]
    assert clashes == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, f"mermaid-{lang}.png", 1600, 1000)


# --- TimelineJS -----------------------------------------------------------------------------

TIMELINEJS_SCRIPT = """
const report = document.getElementById("policytl-report");
try {
  const data = JSON.parse(document.getElementById("data").textContent);
  window.timeline = new TL.Timeline("embed", data, {hash_bookmark: false});
  setTimeout(() => {
    const slides = [...document.querySelectorAll(".tl-slide")].map((slide) => {
      const s = slide.getBoundingClientRect();
      let left = 0, right = 0;
      for (const el of slide.querySelectorAll(".tl-slide-content *")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        left = Math.min(left, r.left - s.left);
        right = Math.max(right, r.right - s.left);
      }
      const head = slide.querySelector(".tl-headline");
      return {id: slide.id, width: s.width, left, right,
              headline: head ? head.textContent : null,
              scroll: slide.querySelector(".tl-slide-content").scrollWidth};
    });
    const embed = document.getElementById("embed").getBoundingClientRect();
    report.textContent = JSON.stringify({embed: embed.width, slides});
  }, 3000);
} catch (e) {
  report.textContent = JSON.stringify({error: String(e && e.stack || e)});
}
"""


def _timelinejs_report(tmp_path: Path, name: str, data: str) -> dict[str, object]:
    folder = need_node_package("@knight-lab/timelinejs") / "dist"
    head = (
        f'<link rel="stylesheet" href="{(folder / "css" / "timeline.css").as_uri()}">'
        "<style>#embed{width:700px;height:650px}</style>"
    )
    body = (
        '<div id="embed"></div><script type="application/json" id="data">'
        + data.replace("</", "<\\/")
        + f'</script><script src="{(folder / "js" / "timeline.js").as_uri()}"></script>'
    )
    page = harness(tmp_path, name, body, TIMELINEJS_SCRIPT, head)
    report = page_report(page)
    assert isinstance(report, dict)
    assert "error" not in report, report.get("error")
    screenshot(page, name.replace(".html", ".png"), 700, 700)
    return report


def _overflowing(report: dict[str, object]) -> list[str]:
    slides = report["slides"]
    assert isinstance(slides, list) and slides
    return [
        f"{s['id']}: {s['left']:.0f}..{s['right']:.0f} in {s['width']:.0f} px"
        for s in slides
        if s["left"] < -1 or s["right"] > s["width"] + 1 or s["scroll"] > s["width"] + 1
    ]


@pytest.mark.parametrize("lang", list(Lang))
def test_timelinejs_shows_the_shipped_data_in_a_700px_embed(tmp_path: Path, lang: Lang) -> None:
    tl = load_timeline()
    data = render(Format.TIMELINEJS, tl, ExportOptions(lang=lang))
    report = _timelinejs_report(tmp_path, f"timelinejs-{lang}.html", data)
    assert report["embed"] == 700
    slides = report["slides"]
    assert isinstance(slides, list)
    assert [s["id"] for s in slides][1:] == [e.id for e in tl.events]
    assert _overflowing(report) == []


def test_timelinejs_shows_stages_and_relations_in_their_slides(tmp_path: Path) -> None:
    tl = load_timeline(FIXTURES / "export" / "life.yaml")
    data = render(Format.TIMELINEJS, tl, ExportOptions(lang=Lang.EN))
    report = _timelinejs_report(tmp_path, "timelinejs-life.html", data)
    slides = report["slides"]
    assert isinstance(slides, list)
    assert [s["id"] for s in slides][1:] == [e.id for e in tl.events]
    assert _overflowing(report) == []


@pytest.mark.parametrize(
    "long", ["x" * 2000, "区块链" * 666, "blockchain " * 180], ids=["word", "cjk", "words"]
)
def test_timelinejs_a_2000_character_title_stays_in_its_slide(tmp_path: Path, long: str) -> None:
    tl = load_timeline()
    first = dataclasses.replace(tl.events[0], title=Text(zh=long, en=long))
    tl = dataclasses.replace(tl, events=[first, *tl.events[1:3]])
    data = render(Format.TIMELINEJS, tl, ExportOptions(lang=Lang.ZH))
    name = f"timelinejs-long-{'word' if long[0] == 'x' else len(long)}.html"
    report = _timelinejs_report(tmp_path, name, data)
    assert _overflowing(report) == []
    slides = report["slides"]
    assert isinstance(slides, list)
    assert len(slides[1]["headline"]) == HEADLINE_MAX  # <wbr> adds no text


def _mermaid_label(text: str) -> str:
    """What a label must read in the diagram: one line, controls U+FFFD, bidi escaped."""
    flat = re.sub(r"[\x00-\x1f\x7f-\x9f]", "\ufffd", " ".join(re.split(r"\s+", text.strip())))
    return for_terminal(flat)


def test_mermaid_shows_hostile_labels_as_written(tmp_path: Path) -> None:
    """A label holding ``;``, ``:``, ``#``, ``%%``, braces, controls, bidi, markup ...
    is one event of the diagram, which shows it as written."""
    folder = need_node_package("mermaid")
    base = load_timeline(FIXTURES / "export" / "small.yaml")
    first = base.events[0]
    events = [
        dataclasses.replace(first, id=f"hostile-{i}", title=Text(en=text))
        for i, text in enumerate(HOSTILE.values())
    ]
    text = render(Format.MERMAID, base.with_events(events), ExportOptions(lang=Lang.EN))
    script = (folder / "dist" / "mermaid.min.js").as_uri()
    body = (
        '<script type="application/json" id="diagram">'
        + json.dumps(text).replace("</", "<\\/")
        + '</script><div id="out"></div>'
        + f'<script src="{script}"></script>'
    )
    report = page_report(harness(tmp_path, "mermaid-hostile.html", body, MERMAID_SCRIPT))
    assert isinstance(report, dict)
    assert "error" not in report, report.get("error")
    # one period (the year) and an event per title, in order, after its date and place
    labels = [n["label"] for n in report["nodes"]]
    assert len(labels) == 1 + len(events)

    def squeeze(s: str) -> str:  # mermaid wraps at spaces, into tspans
        return re.sub(r"\s+", "", s)

    where = base.jurisdictions[first.jurisdiction].name.get(Lang.EN)
    assert [squeeze(x) for x in labels[1:]] == [
        squeeze(f"{first.date.text} · {where}{_mermaid_label(t)}") for t in HOSTILE.values()
    ]
