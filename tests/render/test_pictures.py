"""SVG output: `--svg FILE` and the README pictures made by scripts/make_pictures.py."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from rich.cells import cell_len

from policytl import load_timeline
from policytl.model.records import Lang
from policytl.render.cells import BLOCKS
from policytl.render.chart import event_label
from policytl.render.svg import place_characters

from ..conftest import ROOT, invoke

SVG = "{http://www.w3.org/2000/svg}"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_pictures", ROOT / "scripts" / "make_pictures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


CELL = 20 * 0.61  # Rich's cell width in the SVG, px


def svg_text(path: Path) -> str:
    """Every text of a well-formed SVG, spaces as spaces (parsing fails on bad XML)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return " ".join("".join(e.itertext()) for e in root.iter(f"{SVG}text")).replace("\xa0", " ")


def placed(e: ET.Element) -> list[tuple[str, float]]:
    """(character, the x its glyph is centred on) of each character of a text element:
    from its x list, or from a tspan per character."""
    spans = list(e.iter(f"{SVG}tspan"))
    if spans:
        return [(t.text or "", float(t.get("x", "nan"))) for t in spans]
    xs = [float(x) for x in e.get("x", "").split()]
    text = e.text or ""
    assert len(xs) == len(text), (text, xs)
    return list(zip(text, xs, strict=True))


def matrix_texts(path: Path) -> list[tuple[int, ET.Element]]:
    """(terminal line, element) of every text in the terminal matrix (not the window title)."""
    root = ET.parse(path).getroot()
    out = []
    for e in root.iter(f"{SVG}text"):
        m = re.search(r"-line-(\d+)\)", e.get("clip-path", ""))
        if m is not None:
            out.append((int(m.group(1)), e))
    return out


def cells_of(e: ET.Element) -> list[tuple[int, str]]:
    """(first terminal column, character) of each character of a text element, asserting
    that its glyph is centred in its cells."""
    out = []
    for ch, x in placed(e):
        width = cell_len(ch)
        col = round(x / CELL - width / 2)
        assert abs(x - (col + width / 2) * CELL) < 0.01, (ch, x)
        out.append((col, ch.replace("\xa0", " ")))
    return out


def svg_lines(path: Path) -> list[str]:
    """The terminal lines of the SVG, rebuilt from the cell position of each character."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for line, e in matrix_texts(path):
        rows.setdefault(line, []).extend(cells_of(e))
    for line, col, width in bars_of(path):
        assert abs(col - round(col)) < 1e-6, col  # a bar starts at a cell
        full, rest = divmod(round(width * 8), 8)
        blocks = BLOCKS[-1] * full + (BLOCKS[rest - 1] if rest else "")
        rows.setdefault(line, []).extend((round(col) + i, b) for i, b in enumerate(blocks))
    lines: list[str] = []
    for n in range(max(rows) + 1 if rows else 0):
        line = ""
        for col, ch in sorted(rows.get(n, [])):
            assert cell_len(line) <= col, (n, line, col, ch)  # no two characters in one cell
            line += " " * (col - cell_len(line)) + ch
        lines.append(line.rstrip())
    return lines


def bars_of(path: Path) -> list[tuple[int, float, float]]:
    """(terminal line, first column, width in cells) of each bar rectangle."""
    root = ET.parse(path).getroot()
    out = []
    for r in root.iter(f"{SVG}rect"):
        if r.get("class") is None:
            continue  # backgrounds and the window
        line = round((float(r.get("y", "nan")) - 1.5 - 2) / (20 * 1.22))
        out.append((line, float(r.get("x", "nan")) / CELL, float(r.get("width", "nan")) / CELL))
    return out


def test_stats_svg_is_exactly_what_the_terminal_shows(tmp_path: Path) -> None:
    out = tmp_path / "stats.svg"
    result = invoke(["stats", "--svg", str(out)])
    assert result.exit_code == 0
    assert result.stderr == ""
    shown = [line.rstrip() for line in result.stdout.splitlines()]
    lines = svg_lines(out)
    # Rich's SVG has no line for the final newline; blank lines at the end may be dropped
    assert lines == shown[: len(lines)]
    assert all(not line for line in shown[len(lines) :])
    text = svg_text(out)
    assert "policytl stats" in text  # the window title
    for label in (
        "北京金融局 / Beijing Financial Work Bureau",
        "Events per year",
        "document-issued",
    ):
        assert label in text


HOSTILE_YAML = """\
format: policytl/1
sources:
  s:
    title: {en: "S"}
jurisdictions:
  XX:
    name: {en: "[bold]X[/bold]land"}
bodies:
  b:
    name: {en: "<script>alert(1)</script> & [red]B[/red] \\e[31mred\\e]0;t\\a"}
    level: none
    jurisdiction: XX
    classification: other
events:
  - id: e1
    date: "2020-03"
    kind: statement
    jurisdiction: XX
    issuers: [b]
    title: {en: "t"}
    sources:
      - source: s
        quote: q
"""


def test_hostile_names_are_literal_in_terminal_and_svg(tmp_path: Path) -> None:
    data = tmp_path / "hostile.yaml"
    data.write_text(HOSTILE_YAML, encoding="utf-8")
    out = tmp_path / "h.svg"
    result = invoke(["stats", "-d", str(data), "--svg", str(out), "-l", "en"], {"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    shown = "<script>alert(1)</script> & [red]B[/red] \\x1b[31mred\\x1b]0;t\\x07"
    assert shown in result.stdout
    assert "[bold]X[/bold]land (XX)" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    text = svg_text(out)
    assert shown in text and "[bold]X[/bold]land" in text
    root = ET.parse(out).getroot()
    assert not [e for e in root.iter() if e.tag.endswith("script")]


def test_svg_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "x.svg"
    result = invoke(["stats", "--svg", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"policytl: error: cannot write {target}: folder {target.parent} does not exist\n"
    )
    assert not target.parent.exists()


def test_svg_keeps_an_existing_file_when_the_command_fails(tmp_path: Path) -> None:
    target = tmp_path / "x.svg"
    target.write_text("old", encoding="utf-8")
    result = invoke(["stats", "--svg", str(target), "--since", "nonsense"])
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.svg"]


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Path]:
    script = load_script()
    out = tmp_path_factory.mktemp("img")
    assert script.main([str(out)]) == 0
    return script, out


def test_picture_script_runs_and_writes_well_formed_svgs(
    pictures: tuple[ModuleType, Path],
) -> None:
    script, out = pictures
    names = [p.name for p in script.PICTURES]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    for name in names:
        assert svg_text(out / name).strip()


def test_committed_pictures_are_exactly_what_the_script_draws(
    pictures: tuple[ModuleType, Path],
) -> None:
    """docs/img/*.svg are generated: after a change to a view, run
    python scripts/make_pictures.py and look at the new pictures."""
    script, out = pictures
    stale = [
        p.name
        for p in script.PICTURES
        if (ROOT / "docs" / "img" / p.name).read_bytes() != (out / p.name).read_bytes()
    ]
    assert stale == [], "stale pictures (run python scripts/make_pictures.py): " + ", ".join(stale)


def test_pictures_contain_the_event_labels(pictures: tuple[ModuleType, Path]) -> None:
    _, out = pictures
    tl = load_timeline()
    chart = svg_text(out / "chart.svg")
    # every mark is labelled by its title: at least its first 20 cells (wider plots show more)
    for e in tl.events:
        assert event_label(e, Lang.EN).removesuffix("…") in chart
    bodies = svg_text(out / "chart-bodies-zh.svg")
    for e in tl.events:
        assert event_label(e, Lang.ZH).removesuffix("…") in bodies
    assert "Events per year" in svg_text(out / "stats.svg")
    assert "2020-Q2" in svg_text(out / "stats-quarter-zh.svg")
    # colour is on in the pictures
    assert "#68a0b3" in (out / "stats.svg").read_text(encoding="utf-8")


def test_committed_pictures_are_listed_well_formed_and_shown_in_the_docs() -> None:
    script = load_script()
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    shown = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    committed = sorted(p.name for p in (ROOT / "docs" / "img").glob("*.svg"))
    assert committed == sorted(p.name for p in script.PICTURES)
    for name in committed:
        assert svg_text(ROOT / "docs" / "img" / name).strip()
        assert f"img/{name})" in shown, name


def test_each_character_is_centred_in_its_cells_and_bars_are_rectangles() -> None:
    """A Chinese character centred in its two cells, a digit in its one (no run is
    stretched, so "2022" inside a Chinese title is not letter-spaced), and a run of
    blocks one rectangle as wide as its eighths."""
    rich = (
        '<text class="t-r1" x="24.4" y="44.4" textLength="97.6" '
        'clip-path="url(#t-line-1)">到2022年&#160;&lt;b&gt;</text>'
        '<text class="t-r3" x="0" y="20" textLength="36.6" '
        'clip-path="url(#t-line-0)">██▌</text>'
    )
    assert place_characters(rich) == (
        '<text class="t-r1" y="44.4" text-anchor="middle" clip-path="url(#t-line-1)" '
        'x="36.6 54.9 67.1 79.3 91.5 109.8 128.1 140.3 152.5 164.7">'
        "到2022年&#160;&lt;b&gt;</text>"
        '<rect class="t-r3" x="0" y="3.5" width="30.5" height="20.65" '
        'shape-rendering="crispEdges"/>'
    )


def test_characters_a_list_cannot_address_get_a_tspan_each() -> None:
    rich = (
        '<text class="t-r1" x="0" y="20" textLength="36.6" '
        'clip-path="url(#t-line-0)">e\u0301𠀋a</text>'
    )
    assert place_characters(rich) == (
        '<text class="t-r1" y="20" text-anchor="middle" clip-path="url(#t-line-0)">'
        '<tspan x="6.1">e\u0301</tspan><tspan x="24.4">𠀋</tspan><tspan x="42.7">a</tspan></text>'
    )


def assert_characters_fill_their_cells(path: Path) -> None:
    svg = path.read_text(encoding="utf-8")
    assert "textLength" not in svg
    texts = matrix_texts(path)
    assert texts
    for _, e in texts:
        assert e.get("text-anchor") == "middle"
        assert not set("".join(e.itertext())) & set(BLOCKS)  # bars are rectangles
        cells = cells_of(e)  # asserts each glyph's centre
        # characters follow each other cell by cell
        for (a, ca), (b, _) in itertools.pairwise(cells):
            assert b == a + cell_len(ca), (ca, a, b)


def test_show_svg_places_chinese_characters_in_two_cells(tmp_path: Path) -> None:
    out = tmp_path / "show.svg"
    result = invoke(["show", "--since", "2016", "--svg", str(out)], {"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert_characters_fill_their_cells(out)
    title = "中关村区块链产业联盟正式成立"
    (e,) = [e for _, e in matrix_texts(out) if "".join(e.itertext()) == title]
    cols = [col for col, _ in cells_of(e)]
    assert cols == list(range(cols[0], cols[0] + 28, 2))


def test_svg_fetches_no_fonts_and_falls_back_to_a_cjk_font(tmp_path: Path) -> None:
    out = tmp_path / "stats.svg"
    assert invoke(["stats", "--svg", str(out)]).exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert "url(" not in svg.replace("url(#terminal-", "")
    style = ET.parse(out).getroot().find(f"{SVG}style")
    assert style is not None and style.text is not None
    family = re.search(r"-matrix \{\s*font-family: ([^;]*);", style.text)
    assert family is not None
    fonts = [f.strip().strip('"') for f in family.group(1).split(",")]
    assert fonts[0] == "Fira Code" and fonts[-1] == "monospace"
    assert "Noto Sans Mono CJK SC" in fonts


def test_committed_and_generated_pictures_fill_their_cells(
    pictures: tuple[ModuleType, Path],
) -> None:
    script, out = pictures
    for p in script.PICTURES:
        assert_characters_fill_their_cells(out / p.name)
        assert_characters_fill_their_cells(ROOT / "docs" / "img" / p.name)
