"""The proportional time axis: one lane per jurisdiction (or issuing body), a mark
over all the days each date may denote, a target's arrow to its due date, the
headline's bracket between the two marks it compares, and the relations drawn
between the marks.

Marks say how precise their dates are: a day is a dot, a month a short bar across
the month, a year a faint band across the year, an interval a thin bar from its
start to its end; uncertain (``?``) and approximate (``~``) dates are dashed
outlines. Lanes take the colours of a palette made for colour-blind readers
(Okabe–Ito, then five more, 12 in all, a light and a dark set); from the 13th lane
on, the colours repeat with square and then diamond marks. A lane is as tall as its
name (one line per language) or its rows of marks, whichever is taller; every
geometry is computed here, in px and shares of the axis, so the page lays out
without its script (which only re-lays out what the filters leave).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from policytl.export.common import label_pair
from policytl.export.html.assets import LINKS_CSS
from policytl.export.html.parts import esc, plain_word, text_html, word
from policytl.model.dates import PolicyDate, Precision
from policytl.model.records import Event, Lanes, Lang, Text, Timeline

if TYPE_CHECKING:
    from policytl.export.html.lead import Headline

__all__ = ["PALETTE", "axis_section"]

#: px per row of marks in a lane
ROW = 20
#: px per line of a lane's name, and the name's width in px (the column less its swatch)
NAME_LINE = 15
NAME_PX = 100
#: px above the lanes for the headline's bracket and its label
BRACKET_ROW = 30
#: a mark is at least this share of the axis wide when a lane's rows are packed
_MIN_SHARE = 1.2
#: the lanes' colours, light and dark (a test checks their CIEDE2000 distances)
PALETTE = (
    (
        *("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"),
        *("#882255", "#332288", "#661100", "#888888", "#7F7F00"),
    ),
    (
        *("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#FFFFFF"),
        *("#AA88DD", "#FFAABB", "#D55E00", "#FB8072", "#A6761D"),
    ),
)


def palette_css() -> str:
    """The palette as custom properties, and a lane's colour as ``--c``."""
    light, dark = (";".join(f"--c{i}:{c}" for i, c in enumerate(p)) for p in PALETTE)
    lanes = "".join(f".c{i}{{--c:var(--c{i})}}" for i in range(len(PALETTE[0])))
    return f":root{{{light}}}\n@media (prefers-color-scheme:dark){{:root{{{dark}}}}}\n{lanes}\n"


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
    by_body: dict[str, list[Event]] = {}
    for e in timeline.events:
        for bid in e.issuers:
            by_body.setdefault(bid, []).append(e)
    out = [
        _Lane(bid, b.short or b.name, by_body[bid])
        for bid, b in timeline.bodies.items()
        if bid in by_body
    ]
    none = [e for e in timeline.events if not e.issuers]
    if none:
        en, zh = label_pair("no_issuer")
        out.append(_Lane("", Text(zh=zh, en=en), none))
    return out


def _px(text: str) -> float:
    """About how wide ``text`` is at the lanes' 12px font: wide characters 12px, others 6.6."""
    return sum(12.0 if unicodedata.east_asian_width(ch) in "WF" else 6.6 for ch in text)


def _name_lines(name: Text) -> int:
    """Lines a lane's name takes in its column, both languages shown (the most)."""
    texts = {v for v in (name.zh, name.en) if v} or {""}
    return sum(max(1, -int(-_px(t) // NAME_PX)) for t in texts)


@dataclass
class _Scale:
    first: int
    last: int
    origin: date = field(init=False)
    days: int = field(init=False)

    def __post_init__(self) -> None:
        self.origin = date(self.first, 1, 1)
        self.days = (date(self.last, 12, 31) - self.origin).days + 1  # 9999 has no next year

    def share(self, d: date) -> float:
        return (d - self.origin).days * 100 / self.days

    def extent(self, d: PolicyDate) -> tuple[float, float]:
        """Where a date's mark starts and how wide it is (shares of the axis)."""
        left = self.share(d.start)
        return left, self.share(d.end) + 100 / self.days - left


#: tick steps in years, the labels of a step at least this many px apart
_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
#: about how wide the track is on a desktop and on a phone (px)
_TRACK_PX = {"wide": 820, "narrow": 230}


def _step(years: int, track_px: int) -> int:
    return next((s for s in _STEPS if track_px * s / years >= 40), _STEPS[-1])


def _ticks(scale: _Scale) -> tuple[list[str], list[str]]:
    """A tick per ``step`` years, the step fitting the width (CSS shows a desktop's or a
    phone's); a label with too little room before the axis' end is left out."""
    years = scale.last - scale.first + 1
    steps = {name: _step(years, px) for name, px in _TRACK_PX.items()}
    wide, narrow = steps["wide"], steps["narrow"]
    html = ['<div class="ticks" aria-hidden="true">']
    css = [
        f".ticks .tick{{display:none}}.ticks .k{wide}{{display:block}}",
        f"@media (max-width:40rem){{.ticks .k{wide}{{display:none}}"
        f".ticks .k{narrow}{{display:block}}}}",
    ]
    for i, year in enumerate(range(scale.first, scale.last + 1)):
        room = scale.last - year + 1  # years from the tick to the axis' end
        shown = {
            f"k{step}"
            for name, step in steps.items()
            if (year - scale.first) % step == 0 and _TRACK_PX[name] * room / years >= 34
        }
        if not shown:
            continue
        html.append(f'<span class="tick {" ".join(sorted(shown))}" id="_y{i}">{year}</span>')
        css.append(f"#_y{i}{{left:{scale.share(date(year, 1, 1)):.3f}%}}")
    html.append("</div>")
    return html, css


def _mark_class(d: PolicyDate) -> str:
    if d.is_interval:
        shape = "i"
    else:
        shape = {Precision.DAY: "d", Precision.MONTH: "m", Precision.YEAR: "y"}[d.precision]
    return shape + (" unc" if d.uncertain or d.approximate else "")


@dataclass
class _Drawn:
    """The lanes drawn: their HTML and CSS, heights, and where each event's mark is."""

    html: list[str] = field(default_factory=list)
    css: list[str] = field(default_factory=list)
    heights: list[int] = field(default_factory=list)
    #: event id -> (lane, row, centre, left) of its first mark
    where: dict[str, tuple[int, int, float, float]] = field(default_factory=dict)
    n: int = 0


def _lane(drawn: _Drawn, li: int, lane: _Lane, scale: _Scale, lang: Lang) -> None:
    """One lane: its name, and its marks packed into rows."""
    rows: list[float] = []  # per row: where its last mark ends (share of the axis)
    marks: list[str] = []
    css = drawn.css
    for e in lane.events:
        left, width = scale.extent(e.date)
        row = next((r for r, end in enumerate(rows) if end <= left), len(rows))
        if row == len(rows):
            rows.append(0.0)
        rows[row] = left + max(width, _MIN_SHARE) + 0.3
        top = 4 + ROW * row
        label = e.date.text  # the script adds the title on hover
        marks.append(
            f'<a class="mark {_mark_class(e.date)}" id="_m{drawn.n}" href="#{esc(e.id)}" '
            f'title="{esc(label)}"></a>'
        )
        css.append(f"#_m{drawn.n}{{left:{left:.2f}%;width:{width:.2f}%;top:{top}px}}")
        is_day = e.date.precision is Precision.DAY and not e.date.is_interval
        drawn.where.setdefault(e.id, (li, row, left if is_day else left + width / 2, left))
        drawn.n += 1
        if e.due is not None:
            end = _due_marks(drawn, marks, e, left + width, top, scale, lang)
            rows[row] = max(rows[row], end)
    height = max(8 + ROW * max(len(rows), 1), 6 + NAME_LINE * _name_lines(lane.name))
    css.append(f"#_l{li} .track{{height:{height}px}}")
    drawn.heights.append(1 + height)
    colour = f"c{li % len(PALETTE[0])} s{li // len(PALETTE[0]) % 3}"
    drawn.html += [
        f'<div class="lane {colour}" id="_l{li}" role="group" '
        f'aria-label="{esc(lane.name.get(lang))}">',
        f'<div class="lane-name"><span class="sw"></span>{text_html(lane.name)}</div>',
        '<div class="track">',
        *marks,
        "</div></div>",
    ]


def _due_marks(
    drawn: _Drawn,
    marks: list[str],
    e: Event,
    start: float,
    top: int,
    scale: _Scale,
    lang: Lang,
) -> float:
    """A target's arrow from its date to its due date, then a hollow mark over the due
    date; returns where the marks end (share of the axis)."""
    assert e.due is not None
    due_label = f"{plain_word('due', lang)}: {e.due.text}"
    d_left, d_width = scale.extent(e.due)
    attrs = f'href="#{esc(e.id)}" title="{esc(due_label)}"'
    if d_left > start:
        # drawn only: hidden from assistive technology and out of the tab order
        marks.append(
            f'<a class="mark arrow" id="_m{drawn.n}" {attrs} tabindex="-1" aria-hidden="true"></a>'
        )
        drawn.css.append(
            f"#_m{drawn.n}{{left:{start:.2f}%;width:{d_left - start:.2f}%;top:{top}px}}"
        )
        drawn.n += 1
    cls = _mark_class(e.due)
    marks.append(f'<a class="mark due {cls}" id="_m{drawn.n}" {attrs}></a>')
    drawn.css.append(f"#_m{drawn.n}{{left:{d_left:.2f}%;width:{d_width:.2f}%;top:{top}px}}")
    drawn.n += 1
    return d_left + max(d_width, _MIN_SHARE) + 0.3


def _bracket(h: Headline | None, drawn: _Drawn, lang: Lang) -> tuple[list[str], list[str]]:
    """The headline's bracket over the lanes, from the leader's first mark to the other's."""
    from policytl.export.html.lead import bracket_words

    if h is None or h.leader.event.id not in drawn.where or h.other.event.id not in drawn.where:
        return [], []
    a = drawn.where[h.leader.event.id][3]
    b = drawn.where[h.other.event.id][3]
    label = (
        f'<span class="l-en" lang="en">{bracket_words(h, Lang.EN)}</span>'
        f'<span class="l-zh" lang="zh">{bracket_words(h, Lang.ZH)}</span>'
    )
    centre = (a + b) / 2
    html = [
        '<div class="overlay" aria-hidden="true">',
        f'<div class="bracket" id="_bracket" data-a="{esc(h.leader.event.id)}" '
        f'data-b="{esc(h.other.event.id)}"></div>',
        f'<span class="bracket-label" id="_bracket-l">{label}</span>',
        "</div>",
    ]
    css = [
        f"#_bracket{{left:{a:.3f}%;width:{b - a:.3f}%}}",
        f"#_bracket-l{{left:{centre:.3f}%;transform:translateX(-{centre:.3f}%)}}",
    ]
    return html, css


def axis_section(
    timeline: Timeline, lanes: Lanes, lang: Lang, head: Headline | None = None
) -> tuple[list[str], list[str]]:
    """The axis' HTML and the CSS rules that place its ticks and marks."""
    first = min(e.date.start.year for e in timeline.events)
    last = max(
        max(e.date.end.year, e.due.end.year if e.due is not None else 0) for e in timeline.events
    )
    scale = _Scale(first, last)
    ticks, css = _ticks(scale)
    drawn = _Drawn()
    all_lanes = _lanes(timeline, lanes)
    for li, lane in enumerate(all_lanes):
        _lane(drawn, li, lane, scale, lang)
    bracket, bracket_css = _bracket(head, drawn, lang)
    offset = BRACKET_ROW if bracket else 0
    links = _links(timeline, drawn, offset)
    many = " many" if len(all_lanes) > 12 else ""
    html = [
        '<section class="axis" aria-labelledby="_axis-h">',
        f'<h2 id="_axis-h">{word("axis")}</h2>',
        '<div class="axis-box">',
        *ticks,
        f'<div class="lanes{" bracketed" if bracket else ""}{many}" id="_lanes">',
        *bracket,
        *drawn.html,
        *links,
        "</div></div>",
        *_key(timeline, bool(links)),
        "</section>",
    ]
    css += drawn.css + bracket_css
    if links:
        css.append(LINKS_CSS)
    return html, css


def _key(timeline: Timeline, links: bool) -> list[str]:
    """The key: a sample of each kind of mark the axis draws, and what it means."""
    samples = [("d", "key_day"), ("m", "key_month"), ("y", "key_year"), ("i", "key_interval")]
    samples.append(("m unc", "key_uncertain"))
    if any(e.due is not None for e in timeline.events):
        samples.append(("arrow", "key_due"))
    out = ['<ul class="key c0 s0">']
    out += [
        f'<li><span class="sample"><span class="mark {cls}"></span></span>{word(key)}</li>'
        for cls, key in samples
    ]
    if links:
        out.append(f"<li>{word('relations_key')}</li>")
    return [*out, "</ul>"]


def _links(timeline: Timeline, drawn: _Drawn, offset: int) -> list[str]:
    """An SVG over the lanes with an arrow from each event's mark to the mark of each
    event it relates to (x in shares of the track, which SVG lines take as they are;
    y in px from the lanes' top); nothing when no relation joins two marks."""
    tops = [offset + sum(drawn.heights[:i]) for i in range(len(drawn.heights))]
    where = drawn.where

    def centre(lane: int, row: int) -> int:
        return tops[lane] + 1 + 4 + ROW * row + 7  # a mark's box is 14px high

    lines = []
    for e in timeline.events:
        for relation in e.relations:
            if e.id not in where or relation.to not in where or relation.to == e.id:
                continue
            (la, ra, xa, _), (lb, rb, xb, _) = where[e.id], where[relation.to]
            ya, yb = centre(la, ra), centre(lb, rb)
            if ya == yb:  # in one row: over the marks between them
                ya = yb = ya - 9
            lines.append(
                f'<line x1="{xa:.3f}%" y1="{ya}" x2="{xb:.3f}%" y2="{yb}" '
                f'data-a="{esc(e.id)}" data-b="{esc(relation.to)}" '
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
