"""The plain-text show path prints exactly what the Rich view prints without colour."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.cli.context import Environment
from policytl.model.records import Lang, Timeline
from policytl.render import Trimmed
from policytl.render import timeline as timeline_view
from policytl.render.plain import MIN_WIDTH, plain_timeline, usable
from policytl.render.timeline import WIDE, render_timeline

from ..conftest import FIXTURES, invoke

SOURCES = {
    "embedded": None,
    "show-small": FIXTURES / "show" / "small.yaml",
    "show-hostile": FIXTURES / "show" / "hostile.yaml",
    "export-small": FIXTURES / "export" / "small.yaml",
    "export-hostile": FIXTURES / "export" / "hostile.yaml",
}


def rich_text(timeline: Timeline, lang: Lang, width: int, detail: bool) -> str:
    out = io.StringIO()
    console = Environment(out, sys.stderr, False, False, width).console()
    for renderable in render_timeline(timeline, lang=lang, width=width, detail=detail):
        console.print(Trimmed(renderable))
    return out.getvalue()


def load(name: str) -> Timeline:
    path: Path | None = SOURCES[name]
    return load_timeline() if path is None else load_timeline(path)


@pytest.mark.parametrize("name", list(SOURCES))
@pytest.mark.parametrize("width", [MIN_WIDTH, 47, 60, 73, 80, 99, 100, WIDE - 1])
def test_plain_equals_rich_without_colour(name: str, width: int) -> None:
    timeline = load(name)
    for lang in Lang:
        for detail in (False, True):
            plain = "".join(plain_timeline(timeline, lang=lang, width=width, detail=detail))
            assert plain == rich_text(timeline, lang, width, detail), (lang, detail)


def test_plain_path_is_used_only_where_it_is_exact() -> None:
    assert not usable(MIN_WIDTH - 1)
    assert usable(MIN_WIDTH) and usable(WIDE - 1)
    assert not usable(WIDE)


@pytest.mark.parametrize("width", [80, WIDE])
def test_chunked_rich_output_equals_one_piece(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    timeline = load("embedded")
    whole = rich_text(timeline, Lang.BOTH, width, True)
    monkeypatch.setattr(timeline_view, "CHUNK", 1)
    assert rich_text(timeline, Lang.BOTH, width, True) == whole
    monkeypatch.setattr(timeline_view, "CHUNK", 2)
    assert rich_text(timeline, Lang.BOTH, width, True) == whole


def test_command_output_is_the_plain_text() -> None:
    result = invoke(["show", "--detail"], env={"COLUMNS": "90"})
    assert result.exit_code == 0
    expected = "".join(plain_timeline(load_timeline(), lang=Lang.BOTH, width=90, detail=True))
    assert result.stdout == expected
