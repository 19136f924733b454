"""``policytl trace -f mermaid`` read by the real consumer: the ``mermaid`` npm package
renders the flowchart in headless Chromium (as tests/export/test_consumer_browser.py
renders the timeline export), with a box per node, an arrow per relation, and every
label shown as the data has it, hostile ones included."""

from __future__ import annotations

import json
from pathlib import Path

from policytl.analyze.lifecycle import Direction, trace, trace_mermaid
from policytl.model.dates import parse_date
from policytl.model.records import Event, Relation, Text, Timeline

from ..conftest import FIXTURES, invoke
from ..consumers import need_node_package, page_report
from .hostile_text import HOSTILE
from .test_consumer_browser import harness

FLOWCHART_SCRIPT = """
(async () => {
  const report = document.getElementById("policytl-report");
  try {
    const text = JSON.parse(document.getElementById("diagram").textContent);
    mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
    const {svg} = await mermaid.render("policytl-diagram", text);
    document.getElementById("out").innerHTML = svg;
    const nodes = [...document.querySelectorAll("#out g.node")].map((g) => g.textContent);
    const edges = [...document.querySelectorAll("#out g.edgeLabel")].map((g) => g.textContent);
    report.textContent = JSON.stringify({nodes, edges});
  } catch (e) {
    report.textContent = JSON.stringify({error: String(e && e.stack || e)});
  }
})();
"""


def rendered(tmp_path: Path, text: str) -> dict[str, list[str]]:
    folder = need_node_package("mermaid")
    script = (folder / "dist" / "mermaid.min.js").as_uri()
    body = (
        '<script type="application/json" id="diagram">'
        + json.dumps(text).replace("</", "<\\/")
        + '</script><div id="out"></div>'
        + f'<script src="{script}"></script>'
    )
    report = page_report(harness(tmp_path, "trace.html", body, FLOWCHART_SCRIPT))
    assert isinstance(report, dict)
    assert "error" not in report, report.get("error")
    return report


def test_the_fixture_trace_renders(tmp_path: Path) -> None:
    data = str(FIXTURES / "lifecycle" / "ai-act.yaml")
    result = invoke(["trace", "eu-ai-act", "-f", "mermaid", "-l", "en", "--data", data])
    assert result.exit_code == 0
    report = rendered(tmp_path, result.stdout)
    assert len(report["nodes"]) == 4
    assert sorted(report["edges"]) == [
        "implements, +47 months",
        "part-of, -2 to +9 months",
        "responds-to, -14 months",
    ]
    assert any("Place A adopts its AI law" in n.replace("  ", " ") for n in report["nodes"])


def _event(eid: str, title: str, relations: tuple[Relation, ...] = ()) -> Event:
    return Event(
        id=eid,
        date=parse_date("2020-05"),
        kind="statement",
        jurisdiction="XA",
        issuers=(),
        title=Text(en=title),
        sources=(),
        relations=relations,
    )


def test_hostile_labels_show_as_written(tmp_path: Path) -> None:
    hostile = HOSTILE["mermaid"] + ' "quoted" [x] {y} <b>z</b> -->|e|'
    tl = Timeline(
        [
            _event("a", hostile),
            _event("b", "plain", (Relation(type="follows", to="a"),)),
        ]
    )
    text = trace_mermaid(trace(tl, "a", Direction.DOWN), "en")
    report = rendered(tmp_path, text)
    assert len(report["nodes"]) == 2
    assert any(n.endswith(hostile) for n in report["nodes"]), report["nodes"]
    assert report["edges"] == ["follows, same month"]
