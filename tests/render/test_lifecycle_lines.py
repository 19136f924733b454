"""status and upcoming draw their tables as lines (policytl.render.lifecycle._Lines):
the same text as Rich's own rendering of the very table, at every width."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console, RenderableType

from policytl.analyze import lifecycle
from policytl.load.loader import load_timeline
from policytl.model.records import Lang
from policytl.render import Trimmed
from policytl.render.lifecycle import _Lines, status_view, upcoming_view

from ..conftest import ROOT

AI_ACT = ROOT / "examples" / "eu-ai-act.yaml"
DAYS = [date(2020, 5, 10), date(2024, 3, 1), date(2024, 7, 20), date(2025, 9, 1)]


def plain(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, color_system=None, record=True, file=io.StringIO())
    console.print(Trimmed(renderable))
    return console.export_text()


def views(day: date, lang: Lang) -> list[_Lines]:
    timeline = load_timeline([AI_ACT], cache=False)
    out = [
        *status_view(lifecycle.status(timeline, day), day, lang, 100),
        *upcoming_view(lifecycle.upcoming(timeline, timeline.events, day), lang),
    ]
    return [v for v in out if isinstance(v, _Lines)]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("lang", list(Lang))
def test_the_lines_are_richs_table(day: date, lang: Lang) -> None:
    drawn = views(day, lang)
    assert len(drawn) == 2
    for view in drawn:
        for width in range(80, 201, 9):
            assert plain(view, width) == plain(view.table, width)
