"""The proportional time axis: one lane per jurisdiction (or issuing body), a mark
over all the days each date may denote, a target's arrow to its due date, and the
relations drawn between the marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from policytl.export.common import label_pair
from policytl.export.html.assets import LINKS_CSS
from policytl.export.html.parts import data_attrs, esc, plain_word, text_html, word
from policytl.model.dates import PolicyDate, Precision
from policytl.model.records import Event, Lanes, Lang, Text, Timeline

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


def axis_section(timeline: Timeline, lanes: Lanes, lang: Lang) -> tuple[list[str], list[str]]:
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
        f'<h2 id="_axis-h">{word("axis")}</h2>',
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
                f'<a class="mark {kind}{unc}" id="_m{n}" href="#{esc(e.id)}" '
                f"{data_attrs(e)} "
                f'title="{esc(label)}" aria-label="{esc(label)}"></a>'
            )
            css.append(f"#_m{n}{{left:{left:.3f}%;width:{width:.3f}%;top:{4 + 20 * row}px}}")
            where.setdefault(e.id, (li, row, left if kind == "day" else left + width / 2))
            n += 1
            if e.due is not None:
                # an arrow from the date to the due date, then a hollow mark over it
                due_label = f"{plain_word('due', lang)}: {e.due.text} {e.title.get(lang)}"
                start = left + width
                d_left, d_width = extent(e.due)
                attrs = f'href="#{esc(e.id)}" {data_attrs(e)} title="{esc(due_label)}"'
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
                label_attr = f'aria-label="{esc(due_label)}"'
                marks.append(f'<a class="mark due{d_unc}" id="_m{n}" {attrs} {label_attr}></a>')
                place = f"left:{d_left:.3f}%;width:{d_width:.3f}%;top:{4 + 20 * row}px"
                css.append(f"#_m{n}{{{place}}}")
                n += 1
                rows[row] = max(rows[row], d_left + max(d_width, _MIN_SHARE) + 0.3)
        css.append(f"#_l{li} .track{{height:{8 + 20 * max(len(rows), 1)}px}}")
        heights.append(1 + 8 + 20 * max(len(rows), 1))
        html += [
            f'<div class="lane c{li % 6}" id="_l{li}" role="group" '
            f'aria-label="{esc(lane.key)} {esc(lane.name.get(lang))}">',
            f'<div class="lane-name">{esc(lane.key)} {text_html(lane.name)}</div>',
            '<div class="track">',
            *marks,
            "</div></div>",
        ]
    links = _links(timeline, where, heights)
    if links:
        html.insert(lanes_at, '<div class="lanes">')
        html += [*links, "</div>"]
        css.append(LINKS_CSS)
    key = word("axis_key")
    if any(e.due is not None for e in timeline.events):
        key += " " + word("due_key")
    if links:
        key += " " + word("relations_key")
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
