"""The fast wide view prints exactly what Rich's Table prints, characters and colours."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.cli.context import Environment
from policytl.model.records import Lang, Timeline
from policytl.render import Trimmed, wide
from policytl.render.timeline import WIDE, render_timeline
from policytl.render.wide import _Wide, usable, wide_timeline

from ..conftest import FIXTURES, ROOT, invoke

sys.path.insert(0, str(ROOT / "bench"))
import generate

SOURCES = {
    "embedded": None,
    "show-small": FIXTURES / "show" / "small.yaml",
    "show-hostile": FIXTURES / "show" / "hostile.yaml",
    "export-small": FIXTURES / "export" / "small.yaml",
    "export-hostile": FIXTURES / "export" / "hostile.yaml",
    "compare-names": FIXTURES / "compare" / "names.yaml",
}
WIDTHS = [WIDE, WIDE + 1, 137, 160, 200, 400]


def console(out: io.StringIO, width: int, colour: bool) -> object:
    return Environment(out, sys.stderr, colour, colour, width).console()


def rich_view(timeline: Timeline, lang: Lang, width: int, colour: bool, detail: bool) -> str:
    """The view as Rich's Table draws it (render_timeline, printed as the CLI prints it)."""
    out = io.StringIO()
    c = Environment(out, sys.stderr, colour, colour, width).console()
    for renderable in render_timeline(timeline, lang=lang, width=width, detail=detail):
        c.print(Trimmed(renderable))
    return out.getvalue()


def fast_view(timeline: Timeline, lang: Lang, width: int, colour: bool) -> str:
    out = io.StringIO()
    c = Environment(out, sys.stderr, colour, colour, width).console()
    for piece in wide_timeline(timeline, lang=lang, width=width, console=c):
        if isinstance(piece, str):
            out.write(piece)
        else:
            c.print(piece)
    return out.getvalue()


def load(name: str) -> Timeline:
    path: Path | None = SOURCES[name]
    return load_timeline() if path is None else load_timeline([path])


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(SOURCES))
def test_fast_wide_view_equals_rich_table(name: str, width: int, colour: bool) -> None:
    timeline = load(name)
    for lang in Lang:
        for detail in (False, True):
            if not usable(width, detail):
                assert detail  # --detail (quotes, notes) stays with Rich's nested table
                continue
            expected = rich_view(timeline, lang, width, colour, detail)
            assert fast_view(timeline, lang, width, colour) == expected, (lang, detail)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    """300 events of the benchmark's generator: every date form, long zh and en titles."""
    paths = generate.write("300", tmp_path_factory.mktemp("synthetic"))
    return load_timeline([paths["yaml"]])


@pytest.mark.parametrize("width", [WIDE, 160, 233])
@pytest.mark.parametrize("lang", list(Lang))
def test_fast_wide_view_equals_rich_table_on_synthetic_data(
    synthetic: Timeline, width: int, lang: Lang
) -> None:
    for colour in (False, True):
        expected = rich_view(synthetic, lang, width, colour, False)
        assert fast_view(synthetic, lang, width, colour) == expected


def test_rows_it_cannot_lay_out_are_drawn_by_rich(
    synthetic: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = _Wide.cells
    every_third = {e.id for e in synthetic.events[::3]}

    def some_by_rich(self: _Wide, e: object) -> object:
        return None if e.id in every_third else cells(self, e)  # type: ignore[attr-defined]

    monkeypatch.setattr(_Wide, "cells", some_by_rich)
    for lang in (Lang.ZH, Lang.BOTH):
        for colour in (False, True):
            expected = rich_view(synthetic, lang, 160, colour, False)
            assert fast_view(synthetic, lang, 160, colour) == expected


def test_used_from_wide_on_without_detail() -> None:
    assert not usable(WIDE - 1, False)
    assert usable(WIDE, False) and usable(400, False)
    assert not usable(160, True)


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}], ids=["pipe", "colour"])
def test_the_command_prints_the_fast_view(env: dict[str, str]) -> None:
    result = invoke(["show", "--lang", "both"], env={"COLUMNS": "160", **env})
    assert (result.exit_code, result.stderr) == (0, "")
    colour = bool(env)
    assert result.stdout == fast_view(load_timeline(), Lang.BOTH, 160, colour)
    assert result.stdout == rich_view(load_timeline(), Lang.BOTH, 160, colour, False)
    assert ("\x1b[" in result.stdout) is colour


def test_the_command_uses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[int] = []
    real = wide.wide_timeline

    def spy(*args: object, **kw: object) -> object:
        used.append(1)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(wide, "wide_timeline", spy)
    assert invoke(["show"], env={"COLUMNS": "160"}).exit_code == 0
    assert used == [1]
    assert invoke(["show", "--detail"], env={"COLUMNS": "160"}).exit_code == 0
    assert used == [1]  # --detail: Rich's table
