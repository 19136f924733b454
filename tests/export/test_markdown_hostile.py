"""Hostile text in every Markdown policytl writes, as GitHub (cmark-gfm) renders it.

``export -f markdown`` (list and table) and the Markdown of ``stats``, ``compare``
and ``diff`` share one escaper. With a hostile text in a jurisdiction's name, a
body's short name, an event's title, a source's title and its publisher (so that
the text starts a footnote), the page GitHub renders must have exactly the
structure of the same page with a plain text there (no list from ``1)``, no
autolink swallowing a footnote reference after ``www.example.com``, no emphasis,
link or HTML), show the text as written, and hold no raw control character.
"""

from __future__ import annotations

import html
import html.parser
import json
import re
from pathlib import Path

import pytest

from policytl.analyze.diff import value_text

from ..conftest import FIXTURES, invoke
from ..consumers import need_module
from ..export_parsers import md_normalise
from .hostile_text import HOSTILE, RAW_UNSAFE

SMALL = FIXTURES / "export" / "small.yaml"

#: the texts of small.yaml that each Markdown view shows, replaced by the hostile text
PLACES = (
    "name: {zh: 中国, en: China}",
    "short: {zh: 北京市政府, en: Beijing government}",
    "en: The State Council names blockchain a frontier technology",
    "title: {en: Annual report 2021}",
    "publisher: Example Office",
)

COMMANDS = {
    "export": ["export", "-f", "markdown", "-l", "en"],
    "export-table": ["export", "-f", "markdown", "-l", "en", "--style", "table"],
    "stats": ["stats", "-f", "markdown", "-l", "en"],
    "compare": ["compare", "CN", "CN-BJ", "-f", "markdown", "-l", "en"],
    "diff": ["diff", "-f", "markdown", "-l", "en"],
}


def with_text(text: str, folder: Path) -> Path:
    """small.yaml with ``text`` (a YAML double-quoted string) in every place of PLACES."""
    data = SMALL.read_text(encoding="utf-8")
    quoted = json.dumps(text)  # JSON's escapes are YAML's: no raw control character
    for place in PLACES:
        key = place.split(":")[0]
        assert place in data, place
        if place.startswith(("name:", "short:", "title:")):
            data = data.replace(place, f"{key}: {{zh: {quoted}, en: {quoted}}}")
        else:
            data = data.replace(place, f"{key}: {quoted}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "timeline.yaml"
    path.write_text(data, encoding="utf-8")
    return path


def markdown(command: str, data: Path) -> str:
    inputs = [str(SMALL), str(data)] if command == "diff" else ["--data", str(data)]
    result = invoke([*COMMANDS[command], *inputs])
    assert result.exit_code == (1 if command == "diff" else 0), result.stderr  # 1: differ
    return result.stdout


def gfm(text: str) -> str:
    need_module("cmarkgfm")
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_FOOTNOTES)


class _Structure(html.parser.HTMLParser):
    """The elements of a page in order, a link with its target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(f"a {dict(attrs).get('href')}" if tag == "a" else tag)


def structure(page: str) -> list[str]:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser.tags


def page_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", page))


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_github_shows_hostile_text_as_written(name: str, command: str, tmp_path: Path) -> None:
    text = HOSTILE[name]
    hostile = markdown(command, with_text(text, tmp_path / "hostile"))
    plain = markdown(command, with_text("plain words", tmp_path / "plain"))
    assert not RAW_UNSAFE.search(hostile)
    page = gfm(hostile)
    assert structure(page) == structure(gfm(plain))
    # diff shows a changed value as its value_text (quoted, backslashes doubled)
    shown = value_text(text) if command == "diff" else md_normalise(text)
    assert shown in page_text(page)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("see www.example.com", "see www\\.example.com"),
        ("at https://example.com/x", "at https:\\//example.com/x"),
        ("a\x1bb\x9bc\x7fd\u202ee", "a\\x1bb\\x9bc\\x7fd\\u202ee"),
        ("a\x00b", "a\\x00b"),
        ("a\u2028b\x85c", "a b c"),
    ],
)
def test_the_escaper(text: str, shown: str) -> None:
    from policytl.export.markdown import escape

    assert escape(text) == shown


@pytest.mark.parametrize(("text", "shown"), [("1) a", "1\\) a"), ("12. a", "12\\. a")])
def test_an_ordered_list_marker_is_escaped_at_a_line_start(text: str, shown: str) -> None:
    from policytl.export.markdown import escape_block

    assert escape_block(text) == shown


def test_one_markdown_escaper() -> None:
    """stats, compare and diff write their Markdown with the export's escaper."""
    root = Path(__file__).resolve().parents[2] / "policytl" / "analyze"
    for module in ("compare.py", "diff.py", "stats.py"):
        source = (root / module).read_text(encoding="utf-8")
        assert "from policytl.export.markdown import escape" in source, module
        assert not re.search(r"^def \w*escape", source, re.M), module
