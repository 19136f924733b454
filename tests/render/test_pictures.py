"""SVG output: `--svg FILE` and the README pictures made by scripts/make_pictures.py."""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from rich.cells import cell_len

from policytl import load_timeline
from policytl.model.records import Lang
from policytl.render.chart import event_label

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


def svg_text(path: Path) -> str:
    """Every text of a well-formed SVG, spaces as spaces (parsing fails on bad XML)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return " ".join(e.text or "" for e in root.iter(f"{SVG}text")).replace("\xa0", " ")


def svg_lines(path: Path) -> list[str]:
    """The terminal lines of a Rich SVG, rebuilt from the cell position of each text."""
    root = ET.parse(path).getroot()
    rows: dict[int, list[tuple[int, str]]] = {}
    for e in root.iter(f"{SVG}text"):
        m = re.search(r"-line-(\d+)\)", e.get("clip-path", ""))
        if m is None:
            continue  # the window title
        col = round(float(e.get("x", "0")) / (20 * 0.61))
        rows.setdefault(int(m.group(1)), []).append((col, (e.text or "").replace("\xa0", " ")))
    lines: list[str] = []
    for n in range(max(rows) + 1 if rows else 0):
        line = ""
        for col, text in sorted(rows.get(n, [])):
            line += " " * (col - cell_len(line)) + text
        lines.append(line.rstrip())
    return lines


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


CELL = 20 * 0.61  # Rich's cell width in the SVG, px


def text_runs(path: Path) -> list[tuple[str, float]]:
    """(text, textLength) of every text run in the terminal matrix of a Rich SVG."""
    root = ET.parse(path).getroot()
    return [
        ((e.text or "").replace("\xa0", " "), float(e.get("textLength", "nan")))
        for e in root.iter(f"{SVG}text")
        if e.get("clip-path", "").startswith("url(#terminal-")  # not the window title
    ]


def assert_runs_fill_their_cells(path: Path) -> None:
    runs = text_runs(path)
    assert runs
    wrong = [(t, n) for t, n in runs if round(n, 6) != round(cell_len(t) * CELL, 6)]
    assert wrong == []


def test_every_svg_text_run_is_as_long_as_its_cells(tmp_path: Path) -> None:
    out = tmp_path / "show.svg"
    result = invoke(["show", "--since", "2016", "--svg", str(out)], {"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert_runs_fill_their_cells(out)
    runs = dict(text_runs(out))
    # Rich alone gives this 14 cells (its characters), not its 28 terminal cells
    assert runs["中关村区块链产业联盟正式成立"] == round(28 * CELL, 6)


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
        assert_runs_fill_their_cells(out / p.name)
        assert_runs_fill_their_cells(ROOT / "docs" / "img" / p.name)
