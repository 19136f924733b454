"""The HTML page's layout in headless Chromium, measured (issue 24's done-when).

At a desktop's 1440x900 and a phone's 390x844, light and dark, zh, en and both, for
the shipped data set and generated ones of 240 and 2,000 events over 8 jurisdictions:
no two lane names, tick labels or the bracket's label overlap, a lane is as tall as
its name, nothing is wider than the page; the headline states the lead of ``compare``
and its bracket spans the two marks it compares; filters collapse emptied lanes, pack
the marks again and recompute the headline; 12 lanes get 12 colours far apart
(CIEDE2000). Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.export.html.axis import PALETTE
from policytl.export.html.lead import comparison, headline, headline_words
from policytl.model.records import Lanes, Lang, Timeline

from ..consumers import SCREENSHOTS, run_chromium
from . import page_data
from .test_consumer_html_page import _harness

DESKTOP = (1440, 900)
PHONE = (390, 844)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Timeline]:
    folder = tmp_path_factory.mktemp("generated")
    return {n: load_timeline([page_data.write(n, folder)]) for n in (240, 2000)}


def _report(
    page: str, script: str, tmp_path: Path, size: tuple[int, int], dark: bool = False
) -> dict[str, object]:
    harness = _harness(page, script, tmp_path, "layout.html")
    args = [f"--window-size={size[0]},{size[1]}", "--virtual-time-budget=10000"]
    if dark:
        args.append("--force-dark-mode")
    done = run_chromium([*args, "--run-all-compositor-stages-before-draw", "--dump-dom",
                         harness.as_uri()])  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = re.search(r'<pre id="policytl-report">(.*?)</pre>', done.stdout, re.S)
    assert found is not None, done.stdout[-2000:]
    text = found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    report = json.loads(text.replace("&amp;", "&"))
    assert isinstance(report, dict)
    return report


#: Boxes of what must not overlap, and the facts the layout tests check.
LAYOUT_SCRIPT = """
(function () {
  var d = document, out = {};
  function box(el) {
    var r = el.getBoundingClientRect();
    return [r.left, r.top + scrollY, r.right, r.bottom + scrollY];
  }
  function shown(el) { return el.offsetParent !== null && el.getClientRects().length > 0; }
  function boxes(sel) {
    return [].filter.call(d.querySelectorAll(sel), shown).map(function (el) {
      return {box: box(el), text: el.textContent};
    });
  }
  out.view = innerWidth;
  out.page = d.documentElement.scrollWidth;
  out.ticks = boxes(".ticks .tick");
  out.names = boxes(".lane-name");
  out.lanes = [].filter.call(d.querySelectorAll(".lane"), shown).map(function (l) {
    return {lane: box(l), name: box(l.querySelector(".lane-name"))};
  });
  out.axis = box(d.querySelector(".axis-box"));
  var label = d.getElementById("_bracket-l"), bracket = d.getElementById("_bracket");
  out.label = label && shown(label) ? {box: box(label), text: label.textContent} : null;
  var head = d.getElementById("_headline");
  out.headline = head && !head.hidden ? {box: box(head), text: head.innerText} : null;
  if (bracket && shown(bracket)) {
    var ends = [bracket.getAttribute("data-a"), bracket.getAttribute("data-b")];
    out.bracket = {box: box(bracket), marks: ends.map(function (id) {
      var m = d.querySelector("a.mark[href='#" + id + "']:not(.arrow):not(.due)");
      var r = m.getBoundingClientRect();
      return /\\bd\\b/.test(m.className) ? r.left + r.width / 2 : r.left;
    }), ids: ends};
  }
  out.colours = [].map.call(d.querySelectorAll(".lane .sw"), function (s) {
    return getComputedStyle(s).backgroundColor;
  });
  out.background = getComputedStyle(d.body).backgroundColor;
  var report = d.createElement("pre");
  report.id = "policytl-report";
  report.textContent = JSON.stringify(out);
  d.body.appendChild(report);
}());
"""


def _overlaps(items: list[dict[str, object]]) -> list[tuple[str, str]]:
    found = []
    for a, b in itertools.combinations(items, 2):
        (al, at, ar, ab), (bl, bt, br, bb) = a["box"], b["box"]  # type: ignore[misc]
        if min(ar, br) - max(al, bl) > 0.5 and min(ab, bb) - max(at, bt) > 0.5:
            found.append((str(a["text"]), str(b["text"])))
    return found


def _check_layout(report: dict[str, object]) -> None:
    assert report["page"] <= report["view"]  # type: ignore[operator]
    labels = [*report["ticks"], *report["names"]]  # type: ignore[misc]
    if report["label"]:
        labels.append(report["label"])
    assert _overlaps(labels) == []
    left, _, right, _ = report["axis"]  # type: ignore[misc]
    for item in labels:  # nothing cut off at the axis' sides
        assert left - 0.5 <= item["box"][0] and item["box"][2] <= right + 0.5, item
    for lane in report["lanes"]:  # type: ignore[attr-defined]
        assert lane["name"][3] <= lane["lane"][3] + 0.5, lane  # as tall as its name


def _shipped(lang: Lang) -> str:
    return render(Format.HTML, load_timeline(), ExportOptions(lang=lang, generated="2020-07-01"))


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("lang", list(Lang))
def test_the_shipped_page_lays_out_without_overlaps(
    tmp_path: Path, size: tuple[int, int], dark: bool, lang: Lang
) -> None:
    report = _report(_shipped(lang), LAYOUT_SCRIPT, tmp_path, size, dark)
    _check_layout(report)
    # the headline states the lead that compare finds, and its bracket spans its marks
    lead = headline(comparison(load_timeline()))
    assert lead is not None
    want = headline_words(lead, Lang.ZH if lang is Lang.ZH else Lang.EN)
    assert report["headline"]["text"] == want  # type: ignore[index]
    assert want in {"Beijing moved 10 months before China", "北京市比中国早10个月行动"}
    bracket = report["bracket"]
    assert bracket["ids"] == [lead.leader.event.id, lead.other.event.id]  # type: ignore[index]
    a, b = bracket["marks"]  # type: ignore[index]
    assert abs(bracket["box"][0] - a) <= 2 and abs(bracket["box"][2] - b) <= 2  # type: ignore[index]
    if size == DESKTOP:  # the first screen holds the headline and the whole axis
        assert report["axis"][3] <= size[1]  # type: ignore[index]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("n", "lang", "lanes"),
    [
        (240, Lang.BOTH, Lanes.JURISDICTION),
        (240, Lang.ZH, Lanes.JURISDICTION),
        (240, Lang.EN, Lanes.BODY),
        (2000, Lang.BOTH, Lanes.JURISDICTION),
    ],
)
def test_generated_pages_lay_out_without_overlaps(
    tmp_path: Path,
    generated: dict[int, Timeline],
    size: tuple[int, int],
    n: int,
    lang: Lang,
    lanes: Lanes,
) -> None:
    page = render(Format.HTML, generated[n], ExportOptions(lang=lang, lanes=lanes))
    report = _report(page, LAYOUT_SCRIPT, tmp_path, size)
    _check_layout(report)
    if lanes is Lanes.BODY:
        assert len(report["lanes"]) > 100  # type: ignore[arg-type]


def test_the_2000_event_page_is_under_2_5_mb(generated: dict[int, Timeline]) -> None:
    page = render(Format.HTML, generated[2000], ExportOptions())
    assert len(page.encode("utf-8")) < 2_500_000


# --- colours ------------------------------------------------------------------------------


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(c1: tuple[float, float, float], c2: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference of two CIELAB colours (Sharma et al. 2005)."""
    (l1, a1, b1), (l2, a2, b2) = c1, c2
    cbar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cbar**7 / (cbar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbar, cbarp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbar = (h1p + h2p) / 2
    else:
        hbar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbar - 30))
        + 0.24 * math.cos(math.radians(2 * hbar))
        + 0.32 * math.cos(math.radians(3 * hbar + 6))
        - 0.20 * math.cos(math.radians(4 * hbar - 63))
    )
    rc = 2 * math.sqrt(cbarp**7 / (cbarp**7 + 25**7))
    rt = -math.sin(math.radians(60 * math.exp(-(((hbar - 275) / 25) ** 2)))) * rc
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    return math.sqrt(
        (d_l / sl) ** 2 + (d_c / sc) ** 2 + (d_h / sh) ** 2 + rt * (d_c / sc) * (d_h / sh)
    )


def test_ciede2000_matches_sharmas_published_pairs() -> None:
    # three of the 34 pairs of Sharma, Wu and Dalal's test data
    pairs = [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ]
    for a, b, want in pairs:
        assert ciede2000(a, b) == pytest.approx(want, abs=1e-4)


def _rgb(css: str) -> tuple[float, float, float]:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
    return r, g, b


#: the smallest CIEDE2000 distance between any two lane colours (light and dark)
MIN_DISTANCE = 15


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_twelve_lanes_get_twelve_colours_far_apart(
    tmp_path: Path, generated: dict[int, Timeline], dark: bool
) -> None:
    page = render(Format.HTML, generated[240], ExportOptions(lanes=Lanes.BODY))
    report = _report(page, LAYOUT_SCRIPT, tmp_path, DESKTOP, dark)
    colours = [_lab(_rgb(c)) for c in report["colours"][:12]]  # type: ignore[index]
    assert len(set(colours)) == 12
    worst = min(ciede2000(a, b) for a, b in itertools.combinations(colours, 2))
    assert worst >= MIN_DISTANCE
    # and the palette as written, in both schemes
    for scheme in PALETTE:
        labs = [_lab(tuple(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5))) for c in scheme]  # type: ignore[misc]
        assert min(ciede2000(a, b) for a, b in itertools.combinations(labs, 2)) >= MIN_DISTANCE


# --- filters ------------------------------------------------------------------------------

FILTER_SCRIPT = """
(function () {
  var d = document, out = {};
  function lanes() {
    return [].map.call(d.querySelectorAll(".lane"), function (l) {
      var marks = [].filter.call(l.querySelectorAll("a.mark"), function (m) { return !m.hidden; });
      return {hidden: l.hidden, height: l.getBoundingClientRect().height,
        bottom: Math.max.apply(null, [0].concat(marks.map(function (m) {
          return m.getBoundingClientRect().bottom - l.getBoundingClientRect().top;
        })))};
    });
  }
  function head() {
    var h = d.getElementById("_headline");
    return !h || h.hidden ? null : h.innerText;
  }
  function lines() {
    return [].filter.call(d.querySelectorAll("svg.links line"), function (l) {
      return l.style.display !== "none";
    }).length;
  }
  function change(el) { el.dispatchEvent(new Event("change", {bubbles: true})); }
  out.start = {lanes: lanes(), headline: head(), lines: lines()};
  %s
  var report = d.createElement("pre");
  report.id = "policytl-report";
  report.textContent = JSON.stringify(out);
  d.body.appendChild(report);
}());
"""


def _without_kind(timeline: Timeline, kind: str) -> Timeline:
    return dataclasses.replace(timeline, events=[e for e in timeline.events if e.kind != kind])


def test_filters_recompute_the_headline_and_collapse_lanes(tmp_path: Path) -> None:
    timeline = load_timeline()
    steps = """
  var box = d.querySelector("input[name=k][value=institution-founded]");
  box.checked = false; change(box);
  out.noFounding = {lanes: lanes(), headline: head()};
  var cn = d.querySelector("input[name=j][value=CN]");
  cn.checked = false; change(cn);
  out.noCN = {lanes: lanes(), headline: head()};
  """
    page = render(Format.HTML, timeline, ExportOptions(lang=Lang.EN))
    got = _report(page, FILTER_SCRIPT % steps, tmp_path, DESKTOP)
    # the headline of what is shown, as compare computes it over those events
    lead = headline(comparison(_without_kind(timeline, "institution-founded")))
    assert lead is not None
    assert got["start"]["headline"] == "Beijing moved 10 months before China"  # type: ignore[index]
    assert got["noFounding"]["headline"] == headline_words(lead, Lang.EN)  # type: ignore[index]
    assert got["noFounding"]["headline"] != got["start"]["headline"]  # type: ignore[index]
    # one jurisdiction left: no lead to state, and China's lane is gone
    assert got["noCN"]["headline"] is None  # type: ignore[index]
    cn, bj = got["noCN"]["lanes"]  # type: ignore[index]
    assert cn["hidden"] is True and bj["hidden"] is False
    # Beijing's marks are packed again into fewer rows: the lane shrinks, its marks inside
    start_bj = got["start"]["lanes"][1]  # type: ignore[index]
    assert got["noFounding"]["lanes"][1]["height"] <= start_bj["height"]  # type: ignore[index]
    for state in ("start", "noFounding", "noCN"):
        for lane in got[state]["lanes"]:  # type: ignore[index]
            assert lane["bottom"] <= lane["height"], (state, lane)


def test_generated_lanes_shrink_when_filtered(
    tmp_path: Path, generated: dict[int, Timeline]
) -> None:
    steps = """
  var tag = d.getElementById("_tag-select");
  tag.value = "talent"; change(tag);
  out.talent = {lanes: lanes(), headline: head()};
  """
    page = render(Format.HTML, generated[240], ExportOptions(lang=Lang.EN))
    got = _report(page, FILTER_SCRIPT % steps, tmp_path, DESKTOP)
    before, after = got["start"]["lanes"], got["talent"]["lanes"]  # type: ignore[index]
    assert sum(lane["height"] for lane in after) < sum(lane["height"] for lane in before)
    talent = dataclasses.replace(
        generated[240], events=[e for e in generated[240].events if "talent" in e.tags]
    )
    lead = headline(comparison(talent))
    want = None if lead is None else headline_words(lead, Lang.EN)
    assert got["talent"]["headline"] == want  # type: ignore[index]


def test_relation_arrows_go_with_their_events(tmp_path: Path) -> None:
    from .test_consumer_html_page import LIFE

    timeline = load_timeline([LIFE])
    steps = """
  var box = d.querySelector("input[name=k][value=postponed]");
  box.checked = false; change(box);
  out.lines = lines();
  """
    page = render(Format.HTML, timeline, ExportOptions(lang=Lang.EN, generated="2025-03-01"))
    got = _report(page, FILTER_SCRIPT % steps, tmp_path, DESKTOP)
    assert got["start"]["lines"] == 3  # type: ignore[index]
    assert got["lines"] == 2  # the postponement's arrow is hidden with it


# --- pictures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "size", "dark"),
    [
        ("html-headline-desktop.png", DESKTOP, False),
        ("html-headline-dark.png", DESKTOP, True),
        ("html-headline-phone.png", PHONE, False),
    ],
)
def test_screenshots(tmp_path: Path, name: str, size: tuple[int, int], dark: bool) -> None:
    page = tmp_path / "page.html"
    page.write_text(_shipped(Lang.BOTH), encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / name
    out.unlink(missing_ok=True)
    args = [f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", page.as_uri()]
    done = run_chromium(["--force-dark-mode", *args] if dark else args)
    assert out.is_file(), done.stderr
