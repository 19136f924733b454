"""A diffusion as pictures: the cumulative adoption curve and a tile-grid map, in SVG,
and both in a self-contained HTML page (``diffuse --format svg`` / ``html``).

The curve steps up at each adopter's ``hi`` (certainly adopted: the solid line)
and at each ``lo`` (possibly adopted: the dashed line); the band between them is
what the dates leave open. The map draws the tiles of a grid shipped with policytl
(``policytl/grids/*.json``: China's provincial-level divisions, the US states;
docs/guide/diffuse.md says where each layout comes from) when most peers are on
one: adopters coloured from the earliest to the latest first adoption (by the
first day it may be), a dashed border where the date is imprecise; peers that
have not adopted in grey; the rest of the grid in outline.

Pure: strings only, every text from data escaped (``html.escape``); no script,
no web font, no request.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from policytl.analyze.diffuse import CATEGORIES, Diffusion
from policytl.model.records import Lang
from policytl.model.textsafe import one_line
from policytl.render.diffuse import notes

__all__ = ["GRIDS", "grid_for", "load_grid", "render_html", "render_svg"]

GRIDS = ("cn", "us")
_HERE = Path(__file__).resolve().parent.parent / "grids"
#: from the earliest to the latest adopter (a colour-blind-safe sequential ramp)
RAMP = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
NOT_ADOPTED = "#d9d9d9"
FONT = "DejaVu Sans, Arial, Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"


@cache
def load_grid(name: str) -> dict[str, Any]:
    """The tile grid ``name`` (cn or us): {name, origin, columns, rows, tiles}."""
    with open(_HERE / f"{name}.json", encoding="utf-8") as f:
        grid: dict[str, Any] = json.load(f)
    return grid


def grid_for(codes: list[str]) -> str | None:
    """The grid that holds most of ``codes`` (at least half of them), or None."""
    best, hits = None, 0
    for name in GRIDS:
        tiles = load_grid(name)["tiles"]
        n = sum(1 for c in codes if c in tiles)
        if n > hits:
            best, hits = name, n
    return best if codes and hits * 2 >= len(codes) else None


def _t(text: str) -> str:
    return escape(one_line(text))


def _day(d: date) -> int:
    return d.toordinal()


def _colour(d: Diffusion, lo: date) -> str:
    first = min(a.lo for a in d.adopters)
    last = max(a.lo for a in d.adopters)
    if last == first:
        return RAMP[0]
    step = (_day(lo) - _day(first)) / (_day(last) - _day(first))
    return RAMP[min(len(RAMP) - 1, int(step * len(RAMP)))]


# --- the curve ----------------------------------------------------------------------------

W, H, PAD = 640, 300, 48


def _steps(days: list[int], x0: int, x1: int, n: int, x: Any, y: Any) -> str:
    """The points of a step line rising by one at each of ``days`` (sorted)."""
    pts = [f"{x(x0):.1f},{y(0):.1f}"]
    count = 0
    for day in days:
        pts.append(f"{x(day):.1f},{y(count):.1f}")
        count += 1
        pts.append(f"{x(day):.1f},{y(count):.1f}")
    pts.append(f"{x(x1):.1f},{y(count):.1f}")
    return " ".join(pts)


def curve_svg(d: Diffusion, title: str) -> str:
    """The cumulative curve as an SVG element (``<svg>``), counts and shares of the peers."""
    n = max(1, len(d.peers))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" '
        f'height="{H}" role="img" aria-labelledby="curve-title" font-family="{FONT}" '
        'font-size="12">',
        f'<title id="curve-title">{_t(title)}</title>',
        f'<rect width="{W}" height="{H}" fill="white"/>',
    ]
    if not d.adopters:
        out.append(f'<text x="{PAD}" y="{H // 2}">No peer has adopted.</text></svg>')
        return "\n".join(out)
    los = sorted(_day(a.lo) for a in d.adopters)
    his = sorted(_day(a.hi) for a in d.adopters)
    x0, x1 = los[0] - 1, max(his[-1], los[-1]) + 1
    span = max(1, x1 - x0)

    def x(day: int) -> float:
        return PAD + (W - 2 * PAD) * (day - x0) / span

    def y(count: int) -> float:
        return H - PAD - (H - 2 * PAD) * count / n

    out.append(
        f'<line x1="{PAD}" y1="{y(0):.1f}" x2="{W - PAD}" y2="{y(0):.1f}" stroke="#555"/>'
        f'<line x1="{PAD}" y1="{y(0):.1f}" x2="{PAD}" y2="{y(n):.1f}" stroke="#555"/>'
    )
    for count in sorted({0, n // 2, n}):
        share = round(100 * count / n)
        out.append(
            f'<text x="{PAD - 6}" y="{y(count) + 4:.1f}" text-anchor="end">{count}</text>'
            f'<text x="{W - PAD + 6}" y="{y(count) + 4:.1f}">{share}%</text>'
        )
    for day in (x0 + 1, x1 - 1):
        out.append(
            f'<text x="{x(day):.1f}" y="{H - PAD + 18}" text-anchor="middle">'
            f"{date.fromordinal(day).isoformat()}</text>"
        )
    possible = _steps(los, x0, x1, n, x, y)
    certain = _steps(his, x0, x1, n, x, y)
    out += [
        f'<polyline points="{possible}" fill="none" stroke="#b8860b" stroke-width="2" '
        'stroke-dasharray="5 3"/>',
        f'<polyline points="{certain}" fill="none" stroke="#1b7837" stroke-width="2.5"/>',
        f'<text x="{PAD}" y="20" font-weight="bold">{_t(title)}</text>',
        f'<text x="{PAD}" y="36" fill="#1b7837">— certainly adopted</text>'
        f'<text x="{PAD + 150}" y="36" fill="#b8860b">- - possibly adopted</text>'
        f'<text x="{PAD + 300}" y="36">of {len(d.peers)} peers</text>',
        "</svg>",
    ]
    return "\n".join(out)


# --- the map ------------------------------------------------------------------------------

TILE = 54


def map_svg(d: Diffusion, lang: Lang, name: str) -> str:
    """The tile-grid map ``name`` as an SVG element, coloured by first adoption."""
    grid = load_grid(name)
    cols, rows = grid["columns"], grid["rows"]
    width, height = cols * TILE + 20, rows * TILE + 70
    adopters = {a.code: a for a in d.adopters}
    peers = {p.code: p for p in d.peers}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="map-title" '
        f'font-family="{FONT}" font-size="11">',
        f'<title id="map-title">{_t(grid["name"])}: first adoption</title>',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for code, (col, row) in grid["tiles"].items():
        px, py = 10 + col * TILE, 10 + row * TILE
        a = adopters.get(code)
        if a is not None:
            fill, stroke = _colour(d, a.lo), "#222"
            dash = ' stroke-dasharray="4 2"' if a.lo != a.hi else ""
            note = f"{a.date_text} (rank {a.rank})"
        elif code in peers:
            fill, stroke, dash, note = NOT_ADOPTED, "#888", "", "not adopted"
        else:
            fill, stroke, dash, note = "white", "#ccc", "", "not a peer"
        ink = "white" if fill in RAMP[:3] else "#222"
        label = code.split("-", 1)[-1]
        named = peers[code].name.get(lang) if code in peers else code
        out.append(
            f"<g><title>{_t(f'{code} {named}: {note}')}</title>"
            f'<rect x="{px}" y="{py}" width="{TILE - 4}" height="{TILE - 4}" rx="4" '
            f'fill="{fill}" stroke="{stroke}"{dash}/>'
            f'<text x="{px + (TILE - 4) / 2}" y="{py + 22}" text-anchor="middle" '
            f'font-weight="bold" fill="{ink}">{_t(label)}</text>'
        )
        if a is not None:
            out.append(
                f'<text x="{px + (TILE - 4) / 2}" y="{py + 38}" text-anchor="middle" '
                f'font-size="9" fill="{ink}">{_t(a.lo.isoformat()[2:7])}</text>'
            )
        out.append("</g>")
    out.append(_legend(d, 10, rows * TILE + 24))
    out.append("</svg>")
    return "\n".join(out)


def _legend(d: Diffusion, x: int, y: int) -> str:
    if not d.adopters:
        return ""
    first = min(a.lo for a in d.adopters).isoformat()
    last = max(a.lo for a in d.adopters).isoformat()
    parts = [f'<text x="{x}" y="{y - 4}">first adoption: {first}</text>']
    for i, colour in enumerate(RAMP):
        parts.append(f'<rect x="{x + i * 24}" y="{y + 2}" width="22" height="12" fill="{colour}"/>')
    parts.append(
        f'<text x="{x + len(RAMP) * 24 + 6}" y="{y + 12}">{last}; '
        "dashed: date imprecise; grey: not adopted</text>"
    )
    return "".join(parts)


# --- the documents ------------------------------------------------------------------------


def _title(d: Diffusion) -> str:
    what = d.policy or "the policy"
    return f"Adoption of {what}: {len(d.adopters)} of {len(d.peers)} peers"


def render_svg(d: Diffusion, lang: Lang | str = Lang.BOTH) -> str:
    """One SVG document: the curve, and the map beneath when a grid fits the peers."""
    curve = curve_svg(d, _title(d))
    name = grid_for([p.code for p in d.peers])
    parts = [curve]
    height = H
    width = W
    if name is not None:
        grid = load_grid(name)
        parts.append(map_svg(d, Lang(lang), name).replace("<svg ", f'<svg y="{H}" ', 1))
        height += grid["rows"] * TILE + 70
        width = max(W, grid["columns"] * TILE + 20)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">\n'
        f'<rect width="{width}" height="{height}" fill="white"/>\n'
        + "\n".join(parts)
        + "\n</svg>\n"
    )


_STYLE = (
    "body{font-family:" + FONT + ";margin:1.5rem;max-width:60rem;color:#222}"
    "table{border-collapse:collapse;margin:1rem 0}"
    "th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;"
    "vertical-align:top}"
    "figure{margin:1rem 0}svg{max-width:100%;height:auto}"
)


def render_html(d: Diffusion, lang: Lang | str = Lang.BOTH) -> str:
    """A self-contained page: the ranked adopters, the curve, the map, the rest."""
    lang = Lang(lang)
    title = _title(d)
    rows = []
    for a in d.adopters:
        lag = f"<td>{_t(a.lag.text)}</td>" if a.lag is not None else ""
        rows.append(
            f"<tr><td>{a.rank}</td><td>{_t(a.code)} {_t(a.name.get(lang))}</td>"
            f"<td>{_t(a.date_text)}</td>{lag}<td>{_t(a.category)}</td>"
            f"<td>{_t(notes(a))}</td></tr>"
        )
    lag_head = "<th>Lag</th>" if d.trigger is not None else ""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh" if lang is Lang.ZH else "en"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_t(title)}</title><style>{_STYLE}</style></head>",
        f"<body><h1>{_t(title)}</h1>",
    ]
    if d.peer_rule:
        out.append(f"<p>Peers: {_t(d.peer_rule)}.</p>")
    if d.trigger is not None:
        t = d.trigger
        out.append(f"<p>Trigger: {_t(t.date.text)} {_t(t.id)}: {_t(t.title.get(lang))}</p>")
    if rows:
        out += [
            "<table><thead><tr><th>Rank</th><th>Jurisdiction</th><th>First adoption</th>"
            f"{lag_head}<th>Category</th><th>Notes</th></tr></thead><tbody>",
            *rows,
            "</tbody></table>",
        ]
    out.append(f"<figure>{curve_svg(d, title)}<figcaption>Cumulative adoption.</figcaption>")
    out.append("</figure>")
    name = grid_for([p.code for p in d.peers])
    if name is not None:
        out.append(f"<figure>{map_svg(d, lang, name)}")
        out.append(f"<figcaption>{_t(load_grid(name)['origin'])}</figcaption></figure>")
    bounds = ", ".join(f"{c} below {b * 100:g}%" for c, b in CATEGORIES)
    out.append(f"<p>Categories (Rogers) by the share of peers adopted before: {bounds}.</p>")
    if d.non_adopters:
        names = ", ".join(f"{_t(p.code)} {_t(p.name.get(lang))}" for p in d.non_adopters)
        out.append(f"<p>Not adopted ({len(d.non_adopters)}): {names}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
