"""HTML export: one self-contained page, a timeline for readers and newsrooms.

The page has, in order: the data set's title, description and the filters that
selected the events; filter controls (jurisdiction, kind, tag, language); a
proportional time axis with one lane per jurisdiction (or per issuing body with
``--lanes body``), where every date is drawn over all the days it may denote (a
month is a bar across the month, a day a dot, uncertain dates dashed); "who
moved first" from :func:`policytl.analyze.compare.compare` when two or more
jurisdictions have events; the events under a heading per year (and month with
``--group month``), each with its date as written, jurisdiction, kind, issuers,
title, document, summary, the curators' notes and numbered citations; the
citations with their quotes; the sources, each once; a footer naming the data
set, its digest and the export date.

A target stays where it was set: on the axis, a dashed arrow runs from its mark
to a hollow mark over its due date; in its entry, its date is followed by
"→ Due: 2022".

Documents, stages and relations: each entry names its lifecycle stage (a badge,
"Stage: In force"; ``document-issued`` counts as published) and scope, links its
document's title to the document's URL, and lists its relations ("Part of: <the
other event>", a link to its entry; a document's title for a relation to a
document). On the axis, a thin arrow runs from an event's mark to the mark of each
event it relates to (an inline SVG over the lanes, drawn only, hidden from
assistive technology). With an export date and a ``documents:`` registry, a
status panel gives each document of the selection its stage on that date: the
last stage whose dates all lie on or before it, "possibly" the next one when its
date may fall either side (a month that holds the export date), and the next
scheduled stage.

Nothing is fetched: the CSS and a small script are inline and allowed by their
SHA-256 hashes in the Content-Security-Policy (``default-src 'none'``, no
``unsafe-inline``), and there are no fonts or images. Without the script the
whole timeline shows and only the filter controls are missing. Every text from
the data goes through ``html.escape``; links are made only from http(s) URLs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from html import escape

from policytl._version import __version__
from policytl.export import ExportOptions, html_status
from policytl.export.common import (
    cited_sources,
    document_title,
    event_index,
    group_events,
    label_pair,
    relation_pair,
    stage_pair,
)
from policytl.model.dates import PolicyDate, Precision
from policytl.model.lang import FIRST, shown
from policytl.model.records import (
    EVENT_KINDS,
    Event,
    Lanes,
    Lang,
    Relation,
    Source,
    Text,
    Timeline,
)

__all__ = ["CSS", "SCRIPT", "render"]

CSS = """\
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;\
--soft:#f6f8fa;--link:#0550ae;--c0:#0969da;--c1:#bf3989;--c2:#1a7f37;--c3:#9a6700;\
--c4:#8250df;--c5:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;\
--bg:#0d1117;--soft:#151b23;--link:#71b7ff;--c0:#4493f8;--c1:#db61a2;--c2:#3fb950;\
--c3:#d29922;--c4:#ab7df8;--c5:#f85149}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:64rem;padding:1.5rem 1.25rem 3rem;color:var(--fg);\
background:var(--bg);font:16px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC",\
"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;overflow-wrap:anywhere}
a{color:var(--link)}
a:focus-visible,article:focus-visible,input:focus-visible,select:focus-visible{\
outline:3px solid var(--c0);outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.25rem .5rem;z-index:2}
.show-zh .t-en,.show-zh .l-en,.show-en .t-zh,.show-en .l-zh,.show-both .l-zh{display:none}
.show-both .title .t-en,.show-both h1 .t-en{display:block;font-weight:500}
.show-both .text .t-en{display:block;margin-top:.2rem}
h1{font-size:1.7rem;line-height:1.3;margin:0 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .75rem;border-bottom:1px solid var(--line)}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
h4{font-size:1.05rem;margin:.15rem 0 .35rem}
.meta,.small,footer{color:var(--muted);font-size:.9rem}
.page-head p{margin:.25rem 0}
form.controls{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:1rem 0;padding:.75rem;\
background:var(--soft);border:1px solid var(--line);border-radius:6px;font-size:.9rem}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{font-weight:600;padding:0}
fieldset label{margin-right:.75rem;white-space:nowrap}
.axis-scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px;padding:.5rem}
.axis-inner{min-width:40rem}
.ticks,.track{position:relative;margin-left:9rem}
.ticks{height:1.4rem;font-size:.8rem;color:var(--muted)}
.tick{position:absolute;top:0;padding-left:3px;border-left:1px solid var(--line);height:1.4rem}
.lane{position:relative;border-top:1px solid var(--line)}
.lane-name{position:absolute;left:0;top:3px;width:8.5rem;font-size:.8rem;line-height:1.2}
.mark{position:absolute;display:block;height:14px;min-width:10px;border-radius:7px;\
background:var(--c0);border:2px solid var(--c0)}
.mark.day{width:10px!important;margin-left:-5px}
.mark.unc{background:repeating-linear-gradient(45deg,var(--bg),var(--bg) 3px,\
transparent 3px,transparent 6px);\
border-style:dashed}
.mark.arrow{background:none!important;border:0;border-top:2px dashed var(--muted);\
height:0;min-width:0;margin-top:6px;border-radius:0}
.mark.arrow::after{content:"";position:absolute;right:-2px;top:-7px;\
border:6px solid transparent;border-left:8px solid var(--muted);border-right:0}
.mark.due{background:transparent!important}
.due{color:var(--muted);font-variant-numeric:tabular-nums}
.c1 .mark{background-color:var(--c1);border-color:var(--c1)}
.c2 .mark{background-color:var(--c2);border-color:var(--c2)}
.c3 .mark{background-color:var(--c3);border-color:var(--c3)}
.c4 .mark{background-color:var(--c4);border-color:var(--c4)}
.c5 .mark{background-color:var(--c5);border-color:var(--c5)}
.key{font-size:.85rem;color:var(--muted);margin:.5rem 0 0}
table{border-collapse:collapse;font-size:.9rem;width:100%}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
article.event{border-left:3px solid var(--line);padding:.1rem 0 .1rem 1rem;margin:0 0 1.5rem}
.ev-head{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap}
.date{font-weight:700;font-variant-numeric:tabular-nums}
.permalink{font-size:.85rem;text-decoration:none}
.badges{margin:.2rem 0}
.badge{display:inline-block;font-size:.8rem;border:1px solid var(--line);border-radius:1rem;\
padding:0 .5rem;margin:0 .25rem .25rem 0;background:var(--soft)}
article p{margin:.3rem 0}
ul.notes{margin:.3rem 0;padding-left:1.25rem;font-size:.9rem;color:var(--muted)}
ol.citations li,ol.sources li{margin:0 0 .75rem}
blockquote{margin:.25rem 0;padding:.25rem .75rem;border-left:3px solid var(--line);\
background:var(--soft)}
footer{margin-top:3rem;border-top:1px solid var(--line);padding-top:.75rem}
@media (max-width:40rem){body{padding:1rem .75rem 2rem}h1{font-size:1.4rem}\
.ticks,.track{margin-left:6.5rem}.lane-name{width:6rem}}
@media print{.controls,.skip,.permalink{display:none!important}\
body{max-width:none;font-size:11pt}.axis-scroll{overflow:visible;border:0}\
article.event,tr,li{break-inside:avoid}\
a[href^="http"]::after{content:" <" attr(href) ">";font-size:.85em}}
"""

#: The rules of the relations drawn on the axis (added only to a page that draws some).
LINKS_CSS = """\
.lanes{position:relative}
.links{position:absolute;top:0;left:9rem;width:calc(100% - 9rem);height:100%;\
pointer-events:none;overflow:visible}
.links line{stroke:var(--fg);stroke-width:1.5;opacity:.6}
.links path{fill:var(--fg);opacity:.6}
@media (max-width:40rem){.links{left:6.5rem;width:calc(100% - 6.5rem)}}"""

#: The filter controls and keyboard navigation. The page is complete without it.
SCRIPT = """\
(function () {
  "use strict";
  var d = document, form = d.getElementById("_controls");
  var events = [].slice.call(d.querySelectorAll("article.event"));
  var marks = [].slice.call(d.querySelectorAll("a.mark"));
  var years = [].slice.call(d.querySelectorAll("section.period"));
  var shown = d.getElementById("_shown");
  form.hidden = false;
  function picked(name) {
    var set = {};
    [].forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (box) {
      if (box.checked) { set[box.value] = true; }
    });
    return set;
  }
  function apply() {
    var j = picked("j"), k = picked("k"), t = form.elements.t.value;
    var lang = form.querySelector("input[name=lang]:checked").value, n = 0;
    d.body.className = d.body.className.replace(/\\bshow-\\w+/, "show-" + lang);
    function keep(el) {
      return j[el.getAttribute("data-j")] && k[el.getAttribute("data-k")] &&
        (!t || (" " + el.getAttribute("data-t") + " ").indexOf(" " + t + " ") >= 0);
    }
    events.forEach(function (el) { el.hidden = !keep(el); if (!el.hidden) { n += 1; } });
    marks.forEach(function (el) { el.hidden = !keep(el); });
    years.forEach(function (sec) {
      sec.hidden = !sec.querySelector("article.event:not([hidden])");
    });
    shown.textContent = shown.getAttribute(lang === "zh" ? "data-zh" : "data-en")
      .replace("{n}", n).replace("{m}", events.length);
  }
  form.addEventListener("change", apply);
  d.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || (ev.key !== "j" && ev.key !== "k")) { return; }
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName)) { return; }
    var visible = events.filter(function (el) { return !el.hidden; });
    if (!visible.length) { return; }
    var at = visible.indexOf(d.activeElement.closest ? d.activeElement.closest("article") : null);
    var next = ev.key === "j" ? Math.min(at + 1, visible.length - 1) : Math.max(at - 1, 0);
    ev.preventDefault();
    visible[next].focus();
    history.replaceState(null, "", "#" + visible[next].id);
  });
  apply();
}());
"""

_LINKABLE = re.compile(r"https?://[^\s\"'<>\\^`{|}]+", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: line breaks, each a newline (whitespace in HTML): CRLF, CR, NEL, U+2028 and U+2029
_NEWLINES = re.compile("\r\n?|[\x85\u2028\u2029]")


def _e(text: str) -> str:
    """Escaped text. Line breaks are whitespace in HTML; control characters (not
    allowed in HTML) become U+FFFD."""
    return escape(_CONTROL.sub("\ufffd", _NEWLINES.sub("\n", text)), quote=True)


def _word(key: str, **fmt: str) -> str:
    """A fixed word (a label of policytl.export.common) in both languages; the language
    switch shows one, and "both" the English one."""
    return _both(*(w.format(**fmt) if fmt else w for w in label_pair(key)))


def _both(en: str, zh: str) -> str:
    """A fixed word's English and Chinese texts, each shown by the language switch."""
    return (
        f'<span class="l-en" lang="en">{_e(en)}</span><span class="l-zh" lang="zh">{_e(zh)}</span>'
    )


def _plain_word(key: str, lang: Lang) -> str:
    """A fixed word in one language, for attributes (which cannot hold two spans)."""
    en, zh = label_pair(key)
    return zh if lang is Lang.ZH else en


def _text(text: Text | None) -> str:
    """A data text: its Chinese and English versions, each marked with its language."""
    if text is None:
        return ""
    if text.zh and text.en and text.zh != text.en:
        return (
            f'<span class="t-zh" lang="zh">{_e(text.zh)}</span> '
            f'<span class="t-en" lang="en">{_e(text.en)}</span>'
        )
    lang, value = next(
        ((k, v) for k, v in text.items() if k in FIRST and v), next(text.items(), ("en", ""))
    )
    return f'<span lang="{_e(lang)}">{_e(value)}</span>'


def _data(e: Event) -> str:
    """The attributes the filter script reads: jurisdiction, kind and tags."""
    return f'data-j="{_e(e.jurisdiction)}" data-k="{_e(e.kind)}" data-t="{_e(" ".join(e.tags))}"'


def _link(url: str) -> str:
    if _LINKABLE.fullmatch(url):
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    return _e(url)


def _machine(start: date, precision: Precision) -> str:
    """The HTML datetime value of the part of a date known: 2016, 2016-02, 2016-02-01."""
    if precision is Precision.YEAR:
        return f"{start.year:04d}"
    if precision is Precision.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


def _time(d: PolicyDate) -> str:
    """The date exactly as written, with machine-readable datetime values for its parts."""
    if not d.is_interval:
        return f'<time class="date" datetime="{_machine(d.start, d.precision)}">{_e(d.text)}</time>'
    left, _, right = d.text.partition("/")
    return (
        f'<span class="date"><time datetime="{_machine(d.start, d.precision)}">{_e(left)}</time>'
        f'/<time datetime="{_machine(d.end, d.end_precision)}">{_e(right)}</time></span>'
    )


def _due(e: Event) -> str:
    """'→ Due: 2022' after a target's date, or nothing."""
    if e.due is None:
        return ""
    return f'<span class="due">→ {_word("due")}: {_time(e.due)}{_qualifiers(e.due)}</span>'


def _qualifiers(d: PolicyDate) -> str:
    flags = (("uncertain", d.uncertain), ("approximate", d.approximate))
    words = [_word(key) for key, on in flags if on]
    return f'<span class="small">({", ".join(words)})</span>' if words else ""


# --- the time axis ------------------------------------------------------------------------


@dataclass
class _Lane:
    key: str
    name: Text
    events: list[Event]


def _lanes(timeline: Timeline, lanes: Lanes) -> list[_Lane]:
    """The lanes in registry order, each with its events in timeline order."""
    if lanes is Lanes.JURISDICTION:
        used = {e.jurisdiction for e in timeline.events}
        return [
            _Lane(code, j.name, [e for e in timeline.events if e.jurisdiction == code])
            for code, j in timeline.jurisdictions.items()
            if code in used
        ]
    out = [
        _Lane(bid, b.short or b.name, [e for e in timeline.events if bid in e.issuers])
        for bid, b in timeline.bodies.items()
    ]
    out = [lane for lane in out if lane.events]
    none = [e for e in timeline.events if not e.issuers]
    if none:
        en, zh = label_pair("no_issuer")
        out.append(_Lane("", Text(zh=zh, en=en), none))
    return out


#: a mark is at least this share of the axis wide when lanes' rows are packed
_MIN_SHARE = 1.2


def _axis(timeline: Timeline, lanes: Lanes, lang: Lang) -> tuple[list[str], list[str]]:
    """The axis' HTML and the CSS rules that place its ticks and marks."""
    first = min(e.date.start.year for e in timeline.events)
    last = max(
        max(e.date.end.year, e.due.end.year if e.due is not None else 0) for e in timeline.events
    )
    origin = date(first, 1, 1)
    days = (date(last, 12, 31) - origin).days + 1  # year 9999 has no next January

    def share(d: date) -> float:
        return (d - origin).days * 100 / days

    def extent(d: PolicyDate) -> tuple[float, float]:
        """Where a date's mark starts and how wide it is (shares of the axis)."""
        left = share(d.start)
        return left, share(d.end) + 100 / days - left

    css: list[str] = []
    html = [
        '<section class="axis" aria-labelledby="_axis-h">',
        f'<h2 id="_axis-h">{_word("axis")}</h2>',
        '<div class="axis-scroll"><div class="axis-inner">',
        '<div class="ticks" aria-hidden="true">',
    ]
    for i, year in enumerate(range(first, last + 1)):
        html.append(f'<span class="tick" id="_y{i}">{year}</span>')
        css.append(f"#_y{i}{{left:{share(date(year, 1, 1)):.3f}%}}")
    html.append("</div>")
    n = 0
    lanes_at = len(html)
    heights: list[int] = []  # per lane: its height in px, its top border included
    where: dict[str, tuple[int, int, float]] = {}  # event id -> (lane, row, centre) of its mark
    for li, lane in enumerate(_lanes(timeline, lanes)):
        rows: list[float] = []  # per row: where its last mark ends (share of the axis)
        marks: list[str] = []
        for e in lane.events:
            left, width = extent(e.date)
            row = next((r for r, end in enumerate(rows) if end <= left), len(rows))
            if row == len(rows):
                rows.append(0.0)
            rows[row] = left + max(width, _MIN_SHARE) + 0.3
            kind = "day" if e.date.precision is Precision.DAY and not e.date.is_interval else "span"
            unc = " unc" if e.date.uncertain or e.date.approximate else ""
            label = f"{e.date.text} {e.title.get(lang)}"
            marks.append(
                f'<a class="mark {kind}{unc}" id="_m{n}" href="#{_e(e.id)}" '
                f"{_data(e)} "
                f'title="{_e(label)}" aria-label="{_e(label)}"></a>'
            )
            css.append(f"#_m{n}{{left:{left:.3f}%;width:{width:.3f}%;top:{4 + 20 * row}px}}")
            where.setdefault(e.id, (li, row, left if kind == "day" else left + width / 2))
            n += 1
            if e.due is not None:
                # an arrow from the date to the due date, then a hollow mark over it
                due_label = f"{_plain_word('due', lang)}: {e.due.text} {e.title.get(lang)}"
                start = left + width
                d_left, d_width = extent(e.due)
                attrs = f'href="#{_e(e.id)}" {_data(e)} title="{_e(due_label)}"'
                if d_left > start:
                    # drawn only: hidden from assistive technology and out of the tab order
                    marks.append(
                        f'<a class="mark arrow" id="_m{n}" {attrs} tabindex="-1" '
                        'aria-hidden="true"></a>'
                    )
                    css.append(
                        f"#_m{n}{{left:{start:.3f}%;width:{d_left - start:.3f}%;"
                        f"top:{4 + 20 * row}px}}"
                    )
                    n += 1
                d_unc = " unc" if e.due.uncertain or e.due.approximate else ""
                label_attr = f'aria-label="{_e(due_label)}"'
                marks.append(f'<a class="mark due{d_unc}" id="_m{n}" {attrs} {label_attr}></a>')
                place = f"left:{d_left:.3f}%;width:{d_width:.3f}%;top:{4 + 20 * row}px"
                css.append(f"#_m{n}{{{place}}}")
                n += 1
                rows[row] = max(rows[row], d_left + max(d_width, _MIN_SHARE) + 0.3)
        css.append(f"#_l{li} .track{{height:{8 + 20 * max(len(rows), 1)}px}}")
        heights.append(1 + 8 + 20 * max(len(rows), 1))
        html += [
            f'<div class="lane c{li % 6}" id="_l{li}" role="group" '
            f'aria-label="{_e(lane.key)} {_e(lane.name.get(lang))}">',
            f'<div class="lane-name">{_e(lane.key)} {_text(lane.name)}</div>',
            '<div class="track">',
            *marks,
            "</div></div>",
        ]
    links = _links(timeline, where, heights)
    if links:
        html.insert(lanes_at, '<div class="lanes">')
        html += [*links, "</div>"]
        css.append(LINKS_CSS)
    key = _word("axis_key")
    if any(e.due is not None for e in timeline.events):
        key += " " + _word("due_key")
    if links:
        key += " " + _word("relations_key")
    html += ["</div></div>", f'<p class="key">{key}</p>', "</section>"]
    return html, css


def _links(
    timeline: Timeline, where: dict[str, tuple[int, int, float]], heights: list[int]
) -> list[str]:
    """An SVG over the lanes with an arrow from each event's mark to the mark of each
    event it relates to (x in shares of the track, which SVG lines take as they are;
    y in px from the lanes' top); nothing when no relation joins two marks."""
    tops = [sum(heights[:i]) for i in range(len(heights))]

    def centre(lane: int, row: int) -> int:
        return tops[lane] + 1 + 4 + 20 * row + 7  # a mark is 14px high, 4px below its row

    lines = []
    for e in timeline.events:
        for relation in e.relations:
            if e.id not in where or relation.to not in where or relation.to == e.id:
                continue
            (la, ra, xa), (lb, rb, xb) = where[e.id], where[relation.to]
            ya, yb = centre(la, ra), centre(lb, rb)
            if ya == yb:  # in one row: over the marks between them
                ya = yb = ya - 9
            lines.append(
                f'<line x1="{xa:.3f}%" y1="{ya}" x2="{xb:.3f}%" y2="{yb}" '
                'marker-end="url(#_arrowhead)"/>'
            )
    if not lines:
        return []
    return [
        '<svg class="links" aria-hidden="true" focusable="false">',
        '<defs><marker id="_arrowhead" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0 0L8 4L0 8z"/></marker></defs>',
        *lines,
        "</svg>",
    ]


# --- who moved first ----------------------------------------------------------------------


def _who_moved_first(timeline: Timeline) -> list[str]:
    """The themes of ``compare`` across the jurisdictions with events, or nothing."""
    from policytl.analyze.compare import compare
    from policytl.analyze.periods import By

    used = {e.jurisdiction for e in timeline.events}
    codes = [code for code in timeline.jurisdictions if code in used]
    if len(codes) < 2:
        return []
    comparison = compare(timeline, codes, by=By.JURISDICTION)
    if not comparison.themes:
        return []
    out = [
        '<section class="first" aria-labelledby="_first-h">',
        f'<h2 id="_first-h">{_word("first")}</h2>',
        f'<p class="small">{_word("first_key")}</p>',
        '<div class="axis-scroll"><table>',
        f'<thead><tr><th scope="col">{_word("theme")}</th>',
    ]
    out += [f'<th scope="col">{_text(s.name)} ({_e(s.id)})</th>' for s in comparison.sides]
    out.append(f'<th scope="col">{_word("verdict")}</th></tr></thead><tbody>')
    for theme in comparison.themes:
        moves = {m.side: m for m in theme.moves}
        cells = []
        for side in comparison.sides:
            move = moves.get(side.id)
            cells.append(
                "<td></td>"
                if move is None
                else f'<td><a href="#{_e(move.event.id)}">{_e(move.date_text)}</a></td>'
            )
        out.append(
            f'<tr><th scope="row">{_e(theme.tag)}</th>{"".join(cells)}'
            f'<td lang="en">{_e(theme.text())}</td></tr>'
        )
    out += ["</tbody></table></div>", "</section>"]
    return out


# --- events, citations, sources -----------------------------------------------------------


def _source_line(src: Source) -> str:
    who = ", ".join(_e(x) for x in (src.publisher, src.author) if x)
    text = f"{who}: {_text(src.title)}" if who else _text(src.title)
    if src.published is not None:
        text += f" ({_time(src.published)})"
    if src.url:
        text += f", {_link(src.url)}"
    return text


def _blockquote(quote: str | None) -> str:
    return "" if quote is None else f"<blockquote>{_e(quote)}</blockquote>"


def _source_short(src: Source | None, source_id: str) -> str:
    if src is None:
        return source_id
    who = src.publisher or src.author or src.title.get(Lang.BOTH)
    return f"{who} {src.published.text}" if src.published is not None else who


def _event(timeline: Timeline, e: Event, numbers: list[int], level: int) -> list[str]:
    """One event; ``level`` is its title's heading level (under a year or a month)."""
    jur = timeline.jurisdictions.get(e.jurisdiction)
    kind_help = EVENT_KINDS.get(e.kind) or timeline.kinds.get(e.kind, "")
    out = [
        f'<article class="event" id="{_e(e.id)}" tabindex="-1" {_data(e)}>',
        f'<div class="ev-head">{_time(e.date)}{_qualifiers(e.date)}{_due(e)}'
        f'<a class="permalink" href="#{_e(e.id)}">#{_e(e.id)}</a></div>',
        f'<h{level} class="title">{_text(e.title)}</h{level}>',
        '<p class="badges">',
        f'<span class="badge">{_word("jurisdiction")}: {_e(e.jurisdiction)}'
        f"{' ' + _text(jur.name) if jur else ''}</span>",
        f'<span class="badge" title="{_e(kind_help)}">{_word("kind")}: {_e(e.kind)}</span>',
    ]
    if e.stage is not None:
        out.append(f'<span class="badge">{_word("stage")}: {_both(*stage_pair(e.stage))}</span>')
    out += [f'<span class="badge">#{_e(t)}</span>' for t in e.tags]
    out.append("</p>")
    if e.issuers:
        bodies = [timeline.bodies.get(i) for i in e.issuers]
        names = [
            _text(b.short or b.name) if b else _e(i) for b, i in zip(bodies, e.issuers, strict=True)
        ]
        out.append(f'<p class="meta">{_word("issued_by")}: {"; ".join(names)}</p>')
    if e.scope is not None:
        out.append(f'<p class="meta">{_word("scope")}: {_text(e.scope)}</p>')
    if (document := timeline.document_title(e)) is not None:
        record = timeline.documents.get(e.document) if type(e.document) is str else None
        title = _text(document)
        if record is not None and record.url and _LINKABLE.fullmatch(record.url):
            title = f'<a href="{_e(record.url)}">{title}</a>'
        out.append(f'<p class="meta">{_word("document")}: {title}</p>')
    if e.relations:
        out.append('<ul class="relations">')
        out += [f"<li>{_relation(timeline, r)}</li>" for r in e.relations]
        out.append("</ul>")
    if e.summary is not None:
        out.append(f'<p class="text">{_text(e.summary)}</p>')
    if e.notes:
        out.append(f'<p class="small">{_word("notes")}:</p><ul class="notes">')
        out += [f"<li>{_e(note)}</li>" for note in e.notes]
        out.append("</ul>")
    if e.url:
        out.append(f'<p class="meta">{_link(e.url)}</p>')
    refs = " ".join(f'<a href="#_c{k}" id="_r{k}">[{k}]</a>' for k in numbers)
    out += [f'<p class="meta">{_word("cited")}: {refs}</p>', "</article>"]
    return out


def _relation(timeline: Timeline, relation: Relation) -> str:
    """'Part of: <a href="#id">2020-06-30 · <title></a>' (a document: its title)."""
    name = _both(*relation_pair(relation.type))
    other = event_index(timeline).get(relation.to)
    if other is not None:
        return f'{name}: <a href="#{_e(other.id)}">{_e(other.date.text)} · {_text(other.title)}</a>'
    document = timeline.documents.get(relation.to)
    if document is None:
        return f"{name}: {_e(relation.to)}"
    if document.url and _LINKABLE.fullmatch(document.url):
        return f'{name}: <a href="{_e(document.url)}">{_text(document.title)}</a>'
    return f"{name}: {_text(document.title)}"


def _footer(timeline: Timeline, options: ExportOptions, title: str) -> str:
    from policytl.export.json import render as render_json

    digest = hashlib.sha256(render_json(timeline, ExportOptions()).encode("utf-8")).hexdigest()
    when = (
        _word("exported", date=options.generated, version=__version__)
        if options.generated
        else _word("exported_undated", version=__version__)
    )
    return (
        f"<footer><p>{_e(title)} · {_word('digest')} <code>sha256:{digest[:16]}</code> · "
        f"{when}</p></footer>"
    )


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    title = document_title(timeline, options)
    events = timeline.events
    numbers: dict[str, list[int]] = {}
    citations: list[tuple[Event, int]] = []
    for e in events:
        for i in range(len(e.sources)):
            citations.append((e, i))
            numbers.setdefault(e.id, []).append(len(citations))

    body = _page_head(timeline, options, title)
    css_extra: list[str] = []
    if events:
        body += _controls(timeline, lang)
        axis, css_extra = _axis(timeline, options.lanes, lang)
        body += axis
        if options.generated:
            body += html_status.panel(
                timeline,
                date.fromisoformat(options.generated),
                e=_e,
                word=_word,
                both=_both,
                text=_text,
                link=lambda url: _LINKABLE.fullmatch(url) is not None,
            )
        body += _who_moved_first(timeline)
    body += _events(timeline, options, numbers)
    if citations:
        body += _citations(timeline, citations)
    body.append(_footer(timeline, options, title))

    css = CSS + "".join(line + "\n" for line in css_extra)
    policy = (
        f"default-src 'none'; style-src '{_hash(css)}'; script-src '{_hash(SCRIPT)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    page_lang = "en" if lang is Lang.EN else "zh"
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{page_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # color-scheme as a meta tag rather than CSS: the W3C checker's CSS
        # validator does not know the property yet
        '<meta name="color-scheme" content="light dark">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="generator" content="policytl">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        f'<body class="show-{lang.value}">',
    ]
    script = [f"<script>{SCRIPT}</script>"] if events else []
    return "\n".join([*head, *body, *script, "</body>", "</html>"]) + "\n"


def _page_head(timeline: Timeline, options: ExportOptions, title: str) -> list[str]:
    """The skip link and the header: title, description, filters, events shown."""
    body = [
        f'<a class="skip" href="#_events-h">{_word("skip")}</a>',
        '<header class="page-head">',
        f"<h1>{_text(timeline.title) if timeline.title and not options.title else _e(title)}</h1>",
    ]
    if timeline.description is not None:
        body.append(f'<p class="text">{_text(timeline.description)}</p>')
    status = timeline.translations.get("en")
    if status:
        body.append(f'<p class="meta t-en" lang="en">{_word("translations")}: {_e(status)}</p>')
    if options.filters:
        body.append(
            f'<p class="meta">{_word("selected_with")}: <code>{_e(options.filters)}</code></p>'
        )
    count_en = "{n} of {m} events shown"
    count_zh = "显示 {n} / {m} 个事件"
    n = len(timeline.events)
    shown = (count_zh if options.lang is Lang.ZH else count_en).format(n=n, m=n)
    body += [
        f'<p class="meta" id="_shown" aria-live="polite" data-en="{count_en}" data-zh="{count_zh}">'
        f"{shown}</p>",
        "</header>",
    ]
    return body


def _events(timeline: Timeline, options: ExportOptions, numbers: dict[str, list[int]]) -> list[str]:
    """The events under a heading per year (and per month with ``--group month``)."""
    body = ["<main>", f'<h2 id="_events-h">{_word("events_heading")}</h2>']
    if not timeline.events:
        body.append(f"<p>{_word('no_events')}</p>")
    for yg in group_events(timeline.events, options.group):
        body += ['<section class="period">', f"<h3>{yg.year:04d}</h3>"]
        if yg.buckets:
            for bucket in yg.buckets:
                heading = (
                    bucket.key if not bucket.year_only else f"{bucket.key}, {_word('year_only')}"
                )
                body += ['<section class="period">', f"<h4>{heading}</h4>"]
                for e in bucket.events:
                    body += _event(timeline, e, numbers[e.id], 5)
                body.append("</section>")
        else:
            for e in yg.events:
                body += _event(timeline, e, numbers[e.id], 4)
        body.append("</section>")
    body.append("</main>")
    return body


def _citations(timeline: Timeline, citations: list[tuple[Event, int]]) -> list[str]:
    """The numbered citations with their quotes, then the sources they cite, each once."""
    sources = cited_sources(timeline)
    source_no = {s.id: k for k, s in enumerate(sources, 1)}
    body = [
        '<section aria-labelledby="_cites-h">',
        f'<h2 id="_cites-h">{_word("citations")}</h2>',
        '<ol class="citations">',
    ]
    for k, (e, i) in enumerate(citations, 1):
        c = e.sources[i]
        src = timeline.sources.get(c.source)
        where = _e(_source_short(src, c.source))
        if c.source in source_no:
            where = f'<a href="#_s{source_no[c.source]}">{where}</a>'
        if c.locator:
            where += f", {_e(c.locator)}"
        body.append(
            f'<li id="_c{k}">{_blockquote(c.quote)}— {where} · '
            f'<a href="#{_e(e.id)}">{_e(e.date.text)} ↩ {_word("back")}</a></li>'
        )
    body += ["</ol>", "</section>"]
    body += [
        '<section aria-labelledby="_sources-h">',
        f'<h2 id="_sources-h">{_word("sources")}</h2>',
        '<ol class="sources">',
        *(f'<li id="_s{k}">{_source_line(s)}</li>' for k, s in enumerate(sources, 1)),
        "</ol>",
        "</section>",
    ]
    return body


def _controls(timeline: Timeline, lang: Lang) -> list[str]:
    """The filter form: hidden until the script shows it (it does nothing without it)."""
    used_j = {e.jurisdiction for e in timeline.events}
    kinds = sorted({e.kind for e in timeline.events})
    tags = sorted({t for e in timeline.events for t in e.tags})
    out = [
        f'<form class="controls" id="_controls" hidden aria-label="{_plain_word("show", lang)}">',
        f"<fieldset><legend>{_word('jurisdictions')}</legend>",
    ]
    for code, j in timeline.jurisdictions.items():
        if code in used_j:
            out.append(
                f'<label><input type="checkbox" name="j" value="{_e(code)}" checked> '
                f"{_e(code)} {_text(j.name)}</label>"
            )
    out += ["</fieldset>", f"<fieldset><legend>{_word('kinds')}</legend>"]
    out += [
        f'<label><input type="checkbox" name="k" value="{_e(k)}" checked> {_e(k)}</label>'
        for k in kinds
    ]
    out += [
        "</fieldset>",
        f'<fieldset><legend><label for="_tag-select">{_word("tag")}</label></legend>',
        f'<select id="_tag-select" name="t"><option value="">{_e(_plain_word("all_tags", lang))}'
        "</option>",
        *(f'<option value="{_e(t)}">{_e(t)}</option>' for t in tags),
        "</select></fieldset>",
    ]
    if shown(Lang.BOTH, timeline) is Lang.BOTH:  # data in one language has no switch
        out.append(f"<fieldset><legend>{_word('language')}</legend>")
        for value, text in (("zh", "中文"), ("en", "English"), ("both", None)):
            checked = " checked" if lang.value == value else ""
            word = _word("both") if text is None else _e(text)
            out.append(
                f'<label><input type="radio" name="lang" value="{value}"{checked}> {word}</label>'
            )
        out.append("</fieldset>")
    return [*out, "</form>"]
