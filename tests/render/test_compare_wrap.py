"""compare wraps titles exactly as show does: numbers and words whole, brackets kept.

Each title in compare's side-by-side table is read back from the real output
and checked against show's own output for the same event at the same title
width, at 60, 80 and 160 columns.
"""

from __future__ import annotations

import io
import itertools
import re
import sys

import pytest
from rich.cells import cell_len

from policytl import load_timeline
from policytl.cli.context import Environment
from policytl.model.records import Lang
from policytl.model.textsafe import one_line
from policytl.render import Trimmed
from policytl.render.timeline import DATE_WIDTH, render_timeline, timeline_lines
from policytl.render.wrap import wrap_plain

from ..conftest import FIXTURES, invoke

SOURCES = {
    "embedded": (None, ["CN-BJ", "CN"]),
    "show-small": (str(FIXTURES / "show" / "small.yaml"), None),
}


def _cells(output: str) -> list[tuple[int, list[str]]]:
    """(content width, lines) of every side cell of compare's side-by-side table."""
    cells: list[tuple[int, list[str]]] = []
    current: list[list[str]] = []
    widths: list[int] = []
    header = True  # the first row names the sides
    for line in output.splitlines():
        if line.startswith(("├", "└")):
            if not header:
                cells.extend(zip(widths, current, strict=True))
            current, header = [], False
        elif line.startswith("│"):
            parts = line.split("│")[2:-1]  # the side columns
            if not current:
                widths = [cell_len(p) - 2 for p in parts]
                current = [[] for _ in parts]
            for lines, part in zip(current, parts, strict=True):
                lines.append(part[1:].rstrip())
    return cells


def _titles(width: int, lines: list[str]) -> list[tuple[str, int, list[str]]]:
    """(date, title width, title lines) of each event in one cell."""
    out: list[tuple[str, int, list[str]]] = []
    lines = [line for line in lines if line.strip()]
    if not lines:
        return out
    first = lines[0]
    start = len(first.split(" ")[0])
    start += len(first[start:]) - len(first[start:].lstrip(" "))
    for line in lines:
        if not line.startswith(" "):
            out.append((line.split(" ")[0], width - start, [line[start:]]))
        else:
            out[-1][2].append(line[start:])
    return out


def _show_titles(data: str | None, lang: Lang, width: int) -> dict[str, list[str]]:
    """show's title lines of every event, keyed by the title, for a title ``width`` wide."""
    stacked = width < 20  # show puts the date above the body, indented by 2
    columns = width + 2 if stacked else width + DATE_WIDTH + 2
    # show's own renderer at exactly that width (the command clamps COLUMNS to 40 and more)
    tl = load_timeline([data]) if data else load_timeline()
    text = io.StringIO()
    console = Environment(text, sys.stderr, False, False, columns).console()
    for renderable in render_timeline(timeline_lines(tl, lang=lang, width=columns)):
        console.print(Trimmed(renderable))
    titles = {_key(one_line(e.title.get(lang))): one_line(e.title.get(lang)) for e in tl.events}
    out: dict[str, list[str]] = {}
    for block in text.getvalue().split("\n\n"):
        lines = block.splitlines()
        # the event starts at its date (after the year's heading, when there is one)
        start = next((i for i, line in enumerate(lines) if _starts(line, stacked)), None)
        if start is None:
            continue
        lines = lines[start:]
        body = (
            [line[2:] for line in lines[1:] if line[:2] == "  "]
            if stacked
            else [line[13:] for line in lines]
        )
        for k in range(1, len(body) + 1):
            title = titles.get(_key("".join(body[:k])))
            if title is not None:
                out[title] = body[:k]
                break
    return out


def _starts(line: str, stacked: bool) -> bool:
    """Whether ``line`` is the first of an event in show's compact view."""
    if stacked:
        return re.fullmatch(r"\d{4}\S*", line) is not None
    head = line[: DATE_WIDTH + 2]
    return re.fullmatch(r"\d{4}\S* +", head) is not None and line[DATE_WIDTH + 2 :][:1] != " "


def _key(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("columns", [60, 80, 160])
@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
@pytest.mark.parametrize("source", list(SOURCES))
def test_compare_wraps_titles_as_show_does(source: str, lang: Lang, columns: int) -> None:
    data, sides = SOURCES[source]
    tl = load_timeline([data]) if data else load_timeline()
    if sides is None:
        sides = list(tl.jurisdictions)[:2]
    args = ["compare", *sides, "--lang", lang.value, *(["--data", data] if data else [])]
    result = invoke(args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    titles = {one_line(e.title.get(lang)) for e in tl.events}
    seen = 0
    shown: dict[int, dict[str, list[str]]] = {}
    for width, lines in _cells(result.stdout):
        for _date, title_width, got in _titles(width, lines):
            joined = (" " if lang is Lang.EN else "").join(got)
            title = next(t for t in titles if _key(t) == _key(joined))
            assert got == wrap_plain(title, title_width)
            seen += 1
            if title_width < 10:  # a long interval date leaves a sliver (6 cells)
                continue
            if title_width not in shown:
                shown[title_width] = _show_titles(data, lang, title_width)
            assert shown[title_width][title] == got
    assert seen >= 4


@pytest.mark.parametrize("columns", [60, 80, 160])
def test_no_number_word_or_bracket_is_split(columns: int) -> None:
    result = invoke(["compare", "CN-BJ", "CN", "--lang", "both"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    words = {
        w for e in load_timeline().events for w in re.findall(r"[A-Za-z0-9%]+", e.title.get("both"))
    }
    for width, lines in _cells(result.stdout):
        for _date, title_width, got in _titles(width, lines):
            for a, b in itertools.pairwise(got):
                tail = re.search(r"[A-Za-z0-9]+$", a)
                head = re.match(r"[A-Za-z0-9%]+", b)
                if tail and head and tail[0] + head[0] in words:
                    # a word or number split: only when it is wider than the line
                    assert len(tail[0] + head[0]) > title_width, (a, b)
                assert a[-1] not in "(（《“‘[「『"
                assert b[0] not in ")）》”’],，。、:：;；%"


def test_the_issue_examples_at_80_columns() -> None:
    result = invoke(["compare", "CN-BJ", "CN", "--lang", "zh"], env={"COLUMNS": "80"})
    titles = [
        got for width, lines in _cells(result.stdout) for _date, _w, got in _titles(width, lines)
    ]
    assert [
        "北京市发布首个对区块链企",
        "业予以资金支持的政策:对",
        "开展区块链等前沿技术示范",
        "应用的企业按合同或采购协",
        "议金额30%支持,单个项目最",
        "高500万元",
    ] in titles
    assert ["北京印发《北京市区块", "链创新发展行动计划", "(2020—2022年)》"] in titles
