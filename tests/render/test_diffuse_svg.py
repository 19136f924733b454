"""The tile grids shipped with policytl, and the pictures diffuse draws on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.analyze.diffuse import diffuse
from policytl.render.diffuse_svg import GRIDS, NOT_ADOPTED, RAMP, grid_for, load_grid, render_svg

US = """\
format: policytl/1
sources:
  s: {title: {en: A source}}
jurisdictions:
  US: {name: {en: United States}}
  US-CA: {name: {en: California}, parent: US}
  US-NY: {name: {en: New York}, parent: US}
  US-TX: {name: {en: "Texas <b>&"}, parent: US}
events:
  - id: ca
    date: "2019-03-02"
    kind: adopted
    jurisdiction: US-CA
    issuers: []
    title: {en: California adopts}
    sources: [{source: s, quote: q}]
  - id: ny
    date: "2019-06"
    kind: adopted
    jurisdiction: US-NY
    issuers: []
    title: {en: New York adopts}
    sources: [{source: s, quote: q}]
"""


@pytest.mark.parametrize("name", GRIDS)
def test_every_grid_puts_one_code_on_each_tile(name: str) -> None:
    grid = load_grid(name)
    places = list(grid["tiles"].values())
    assert len({tuple(p) for p in places}) == len(places)
    assert all(0 <= c < grid["columns"] and 0 <= r < grid["rows"] for c, r in places)
    assert grid["origin"] and grid["name"]


def test_the_grids_hold_china_s_provinces_and_the_us_states() -> None:
    cn, us = load_grid("cn")["tiles"], load_grid("us")["tiles"]
    assert len(cn) == 34 and {"CN-BJ", "CN-HI", "CN-XJ", "CN-HK", "CN-MO", "CN-TW"} <= set(cn)
    assert len(us) == 51 and {"US-CA", "US-DC", "US-AK", "US-HI"} <= set(us)
    assert grid_for(["CN-BJ", "CN-SH"]) == "cn"
    assert grid_for(["US-CA", "EU"]) == "us"
    assert grid_for(["EU", "EU-DE", "US-CA"]) is None
    assert grid_for([]) is None


def test_a_us_map_colours_adopters_and_escapes_names(tmp_path: Path) -> None:
    data = tmp_path / "us.yaml"
    data.write_text(US, encoding="utf-8")
    d = diffuse(load_timeline(data), parent="US", stage="adopted")
    svg = render_svg(d, "en")
    assert svg.count('rx="4"') == 51
    # California first (the ramp's first colour), New York last; New York's month is imprecise
    assert f'fill="{RAMP[0]}" stroke="#222"/>' in svg
    assert f'fill="{RAMP[-1]}" stroke="#222" stroke-dasharray="4 2"/>' in svg
    assert f'fill="{NOT_ADOPTED}"' in svg
    assert "US-TX Texas &lt;b&gt;&amp;: not adopted" in svg
    assert "<b>" not in svg
