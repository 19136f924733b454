"""The HTML page in the browser people open it with: headless Chromium.

The page as exported must load with no console message and no request beyond its own
file, its script (allowed by its CSP hash) must run, and axe-core must find no
accessibility violation. The filters, the language switch and the j/k keys are driven
by a harness: a copy of the page with a test script added (and its hash added to the
page's own policy). Screenshots at desktop and phone widths go to build/screenshots/.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.model.records import Lang

from ..conftest import FIXTURES, child_env
from ..consumers import need_node_package, need_program, page_report, run_chromium, screenshot

SMALL = FIXTURES / "export" / "small.yaml"
#: documents, stages and relations: relations drawn on the axis, a status panel
LIFE = FIXTURES / "export" / "life.yaml"


def _hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def _page(lang: Lang = Lang.BOTH, *, shipped: bool = True, life: bool = False) -> str:
    if life:
        timeline = load_timeline([LIFE])
        return render(Format.HTML, timeline, ExportOptions(lang=lang, generated="2025-03-01"))
    timeline = load_timeline() if shipped else load_timeline([SMALL])
    return render(Format.HTML, timeline, ExportOptions(lang=lang, generated="2020-07-01"))


def _harness(page: str, script: str, tmp_path: Path, name: str) -> Path:
    """The page with ``script`` run after its own (allowed by a hash added to its CSP)."""
    text = page.replace("script-src '", f"script-src '{_hash(script)}' '", 1)
    text = text.replace("</body>", f"<script>{script}</script>\n</body>", 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("life", [False, True])
def test_the_page_loads_with_no_console_message_and_no_request(tmp_path: Path, life: bool) -> None:
    page = tmp_path / "page.html"
    page.write_text(_page(life=life), encoding="utf-8")
    done = run_chromium(
        [
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ]
    )
    assert done.returncode == 0, done.stderr
    # console messages, CSP violations ("Refused to ...") included, are logged as CONSOLE
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Refused" in line]
    assert console == []
    # the script ran (its CSP hash is right): it showed the controls
    assert re.findall(r'<form class="controls" id="_controls"[^>]*>', done.stdout) == [
        '<form class="controls" id="_controls" aria-label="Show">'
    ]
    # nothing was fetched: the browser lists every resource the page loaded
    script = """
    var report = document.createElement("pre");
    report.id = "policytl-report";
    report.textContent = JSON.stringify(performance.getEntriesByType("resource").map(
      function (r) { return r.name; }));
    document.body.appendChild(report);
    """
    assert page_report(_harness(_page(life=life), script, tmp_path, "resources.html")) == []


FILTER_SCRIPT = """
(function () {
  var d = document, out = {};
  function visible() {
    return [].filter.call(d.querySelectorAll("article.event"), function (a) {
      return a.offsetParent !== null;
    }).map(function (a) { return a.id; });
  }
  function marks() {
    return [].filter.call(d.querySelectorAll("a.mark"), function (a) {
      return a.offsetParent !== null;
    }).length;
  }
  function change(el) { el.dispatchEvent(new Event("change", {bubbles: true})); }
  out.start = {events: visible(), marks: marks(), shown: d.getElementById("_shown").textContent};
  var cn = d.querySelector("input[name=j][value=CN]");
  cn.checked = false; change(cn);
  out.noCN = {events: visible(), marks: marks(), shown: d.getElementById("_shown").textContent};
  cn.checked = true; change(cn);
  var tag = d.getElementById("_tag-select");
  tag.value = "funding"; change(tag);
  var years = [].filter.call(d.querySelectorAll("section.period"), function (s) {
    return !s.hidden;
  });
  out.funding = {events: visible(), years: years.map(function (s) {
    return s.querySelector("h3").textContent;
  })};
  tag.value = ""; change(tag);
  var en = d.querySelector("input[name=lang][value=en]");
  en.checked = true; change(en);
  var title = d.querySelector("article.event .title");
  out.en = [].map.call(title.children, function (s) { return getComputedStyle(s).display; });
  out.enShown = d.getElementById("_shown").textContent;
  var zh = d.querySelector("input[name=lang][value=zh]");
  zh.checked = true; change(zh);
  out.zh = [].map.call(title.children, function (s) { return getComputedStyle(s).display; });
  out.zhShown = d.getElementById("_shown").textContent;
  d.dispatchEvent(new KeyboardEvent("keydown", {key: "j", bubbles: true}));
  d.dispatchEvent(new KeyboardEvent("keydown", {key: "j", bubbles: true}));
  out.afterJJ = d.activeElement.id;
  d.dispatchEvent(new KeyboardEvent("keydown", {key: "k", bubbles: true}));
  out.afterK = d.activeElement.id;
  out.hash = location.hash;
  var report = d.createElement("pre");
  report.id = "policytl-report";
  report.textContent = JSON.stringify(out);
  d.body.appendChild(report);
}());
"""


def test_filters_language_switch_and_keys_work(tmp_path: Path) -> None:
    timeline = load_timeline()
    report = page_report(_harness(_page(), FILTER_SCRIPT, tmp_path, "filters.html"))
    assert isinstance(report, dict)
    ids = [e.id for e in timeline.events]
    n = len(ids)
    # a target has two more marks (the arrow to its due date, and the due date's),
    # shown and hidden with it
    dues = 2 * sum(e.due is not None for e in timeline.events)
    assert report["start"] == {
        "events": ids,
        "marks": n + dues,
        "shown": f"{n} of {n} events shown",
    }
    beijing = [e.id for e in timeline.events if e.jurisdiction != "CN"]
    assert dues == 2 * sum(e.due is not None for e in timeline.events if e.jurisdiction != "CN")
    assert report["noCN"] == {
        "events": beijing,
        "marks": len(beijing) + dues,
        "shown": f"{len(beijing)} of {n} events shown",
    }
    funding = [e for e in timeline.events if "funding" in e.tags]
    assert report["funding"] == {
        "events": [e.id for e in funding],
        "years": sorted({f"{e.date.start.year}" for e in funding}),
    }
    assert report["en"] == ["none", "inline"]  # the first title has zh and en
    assert report["enShown"] == f"{n} of {n} events shown"
    assert report["zh"] == ["inline", "none"]
    assert report["zhShown"] == f"显示 {n} / {n} 个事件"
    assert (report["afterJJ"], report["afterK"], report["hash"]) == (ids[1], ids[0], f"#{ids[0]}")


AXE_RUNNER = """
axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
  var report = document.createElement("pre");
  report.id = "policytl-report";
  report.textContent = JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, nodes: v.nodes.map(function (n) { return n.target; })};
  }));
  document.body.appendChild(report);
});
"""


@pytest.mark.parametrize(
    ("lang", "shipped", "life"),
    [
        (Lang.BOTH, True, False),
        (Lang.ZH, True, False),
        (Lang.EN, False, False),
        (Lang.BOTH, False, True),
        (Lang.ZH, False, True),
    ],
)
def test_axe_core_finds_no_accessibility_violation(
    lang: Lang, shipped: bool, life: bool, tmp_path: Path
) -> None:
    axe = (need_node_package("axe-core") / "axe.min.js").read_text(encoding="utf-8")
    page = _page(lang, shipped=shipped, life=life)
    harness = _harness(page, axe + "\n" + AXE_RUNNER, tmp_path, "axe.html")
    assert page_report(harness) == []


def test_screenshots_at_desktop_and_phone_width(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(_page(), encoding="utf-8")
    for name, width in (("html-page-desktop.png", 1280), ("html-page-phone.png", 390)):
        shot = screenshot(page, name, width, 2400)
        width_px = int.from_bytes(shot.read_bytes()[16:20], "big")  # the PNG's IHDR width
        assert width_px == width


def test_the_page_has_no_horizontal_overflow_on_a_phone(tmp_path: Path) -> None:
    script = """
    (function () {
      var report = document.createElement("pre");
      report.id = "policytl-report";
      report.textContent = JSON.stringify({
        page: document.documentElement.scrollWidth, view: window.innerWidth,
        axis: document.querySelector(".axis-scroll").scrollWidth >
              document.querySelector(".axis-scroll").clientWidth
      });
      document.body.appendChild(report);
    }());
    """
    harness = _harness(_page(), script, tmp_path, "phone.html")
    done = run_chromium(
        ["--window-size=390,900", "--virtual-time-budget=5000", "--dump-dom", harness.as_uri()]
    )
    assert done.returncode == 0, done.stderr
    found = re.search(r'<pre id="policytl-report">(.*?)</pre>', done.stdout)
    assert found is not None
    facts = json.loads(found.group(1).replace("&quot;", '"'))
    # the page fits the phone; only the time axis scrolls sideways, inside its box
    assert facts["page"] <= facts["view"]
    assert facts["axis"] is True


def test_print_layout_keeps_every_event(tmp_path: Path) -> None:
    pdftotext = need_program("pdftotext")
    page = tmp_path / "page.html"
    page.write_text(_page(Lang.EN), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    done = run_chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()])
    assert pdf.is_file(), done.stderr
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    ).stdout

    def words(t: str) -> str:  # a line may break after a hyphen ("sub-" / "fund")
        return re.sub(r"-\s+", "-", " ".join(t.split()))

    printed = words(text)
    missing = [e.id for e in load_timeline().events if words(e.title.get(Lang.EN)) not in printed]
    assert missing == []


#: event ids equal to ids the page used for itself before they were namespaced
PAGE_LIKE_IDS = [
    "shown", "controls", "c1", "s1", "r1", "m0", "y0", "l0", "tag-select",
    "axis-h", "first-h", "events-h", "cites-h", "sources-h",
]  # fmt: skip

PERMALINK_SCRIPT = """
var ids = %s, out = {};
ids.forEach(function (id) {
  var el = document.getElementById(id);
  out[id] = [document.querySelectorAll('[id="' + id + '"]').length,
             el ? el.tagName + "." + el.className : null];
});
out.shown = document.getElementById("_shown").textContent;
var report = document.createElement("pre");
report.id = "policytl-report";
report.textContent = JSON.stringify(out);
document.body.appendChild(report);
"""


def test_event_ids_never_collide_with_the_pages_own_ids(tmp_path: Path) -> None:
    events = "".join(
        f"  - {{id: {eid}, date: '20{10 + i}', kind: statement,"
        f" jurisdiction: {'CN' if i % 2 else 'US'},"
        f" issuers: [], tags: [t], title: {{en: Event {i}}}, sources: [{{source: s, quote: q}}]}}\n"
        for i, eid in enumerate(PAGE_LIKE_IDS)
    )
    data = tmp_path / "ids.yaml"
    data.write_text(
        "format: policytl/1\nsources:\n  s: {title: {en: S}}\njurisdictions:\n"
        "  CN: {name: {zh: 中国, en: China}}\n  US: {name: {zh: 美国, en: USA}}\n"
        f"events:\n{events}",
        encoding="utf-8",
    )
    page = render(Format.HTML, load_timeline([data]), ExportOptions(generated="2020-07-01"))
    script = PERMALINK_SCRIPT % json.dumps(PAGE_LIKE_IDS)
    report = page_report(_harness(page, script, tmp_path, "ids.html"))
    n = len(PAGE_LIKE_IDS)
    # each permalink (#id) lands on its event's entry, and the page's own parts still work
    assert report == {
        **{eid: [1, "ARTICLE.event"] for eid in PAGE_LIKE_IDS},
        "shown": f"{n} of {n} events shown",
    }


RELATIONS_SCRIPT = """
(function () {
  var d = document, out = {lines: [], status: []};
  function centre(el) {
    var r = el.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  }
  var marks = {};
  [].forEach.call(d.querySelectorAll("a.mark:not(.arrow):not(.due)"), function (m) {
    var id = m.getAttribute("href").slice(1);
    if (!marks[id]) { marks[id] = m; }
  });
  [].forEach.call(d.querySelectorAll("svg.links line"), function (l) {
    var box = l.getBoundingClientRect(), x1 = l.x1.baseVal, x2 = l.x2.baseVal;
    var svg = l.ownerSVGElement.getBoundingClientRect();
    out.lines.push([svg.left + x1.value, svg.left + x2.value, svg.top + l.y1.baseVal.value,
      svg.top + l.y2.baseVal.value]);
  });
  out.marks = {};
  Object.keys(marks).forEach(function (id) { out.marks[id] = centre(marks[id]); });
  [].forEach.call(d.querySelectorAll("section.status tbody tr"), function (tr) {
    out.status.push([].map.call(tr.children, function (c) {
      return c.innerText.replace(/\\s+/g, " ");
    }));
  });
  var report = d.createElement("pre");
  report.id = "policytl-report";
  report.textContent = JSON.stringify(out);
  d.body.appendChild(report);
}());
"""


def test_relations_join_the_marks_and_the_status_panel_reads_the_export_date(
    tmp_path: Path,
) -> None:
    """Each arrow on the axis starts at its event's mark and ends at the other event's
    (within a few pixels: a line between marks of one row runs just above them)."""
    got = page_report(_harness(_page(Lang.EN, life=True), RELATIONS_SCRIPT, tmp_path, "r.html"))
    marks = got["marks"]
    pairs = [
        ("bj-plan-goal", "bj-plan-issued"),
        ("ai-act-published", "ai-act-proposed"),
        ("ai-act-high-risk-postponed", "ai-act-prohibitions-apply"),
    ]
    assert len(got["lines"]) == len(pairs)
    for (x1, x2, y1, y2), (a, b) in zip(got["lines"], pairs, strict=True):
        assert abs(x1 - marks[a][0]) <= 6 and abs(x2 - marks[b][0]) <= 6, (a, b)
        assert abs(y1 - marks[a][1]) <= 10 and abs(y2 - marks[b][1]) <= 10, (a, b)
    assert got["status"] == [
        [
            "Artificial Intelligence Act",
            "Applies (Chapter II, prohibited practices), 2025-02-02",
            "Postponed (Article 6(1), high-risk systems), 2027-08?",
        ],
        [
            "Beijing Action Plan for Blockchain Innovation and Development (2020-2022)",
            "Published, 2020-06-30",
            "—",
        ],
    ]
