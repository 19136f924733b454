"""Readers for the export formats, used by the tests to check what others would see.

Markdown, iCalendar, CSV, JSON and HTML are read with real parsers
(markdown-it-py, icalendar, csv, json, html.parser). Mermaid and Markwhen
have no Python parser: their grammars are reproduced here from the
upstream sources (mermaid's timeline.jison lexer and entity handling;
@markwhen/parser's regexes), close enough to tell where a line would be
read as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from policytl.model.textsafe import for_terminal

# --- Markdown -----------------------------------------------------------------------------


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables and footnotes, as GitHub renders."""
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin)


def walk(tokens: list[Token]) -> Iterator[Token]:
    for t in tokens:
        yield t
        if t.children:
            yield from walk(t.children)


def inline_text(token: Token) -> str:
    """The literal text of an inline token (text, code and line breaks)."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def md_normalise(text: str) -> str:
    """What a title becomes in Markdown: whitespace runs one space, trimmed, control
    and bidi characters visible escapes (as on a terminal)."""
    return for_terminal(re.sub(r"\s+", " ", text).strip())


# --- iCalendar ----------------------------------------------------------------------------


def ics_unfold(text: str) -> list[str]:
    """Logical content lines of an iCalendar text (RFC 5545 3.1 unfolding)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def ics_unescape(value: str) -> str:
    """RFC 5545 TEXT unescaping, left to right.

    icalendar's own unescaping replaces ``\\n`` before ``\\\\``, so it reads the
    escaped text of a literal backslash followed by "n" as a newline; the tests
    use this correct reader where a text holds backslashes.
    """
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def ics_normalise(text: str, *, line: bool = False) -> str:
    """What a text becomes in iCalendar: CR, CRLF, NEL, U+2028 and U+2029 as LF, other
    controls (C0, DEL, C1) U+FFFD, bidi controls visible escapes (``\\u202e``); with
    ``line`` (SUMMARY, LOCATION ...), every whitespace run one space."""
    if line:
        text = re.sub(r"\s+", " ", text).strip()
    text = re.sub("\r\n|[\r\x85\u2028\u2029]", "\n", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m[0]):04x}", text)
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", text)


# --- HTML ---------------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    def all_text(self) -> str:
        return "".join(self.text)


class TreeParser(HTMLParser):
    """A small DOM: every element with its attributes and its text (descendants' too)."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "link", "hr", "input", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.elements: list[Element] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, dict(attrs))
        self.stack[-1].children.append(el)
        self.elements.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag: str) -> None:
        if self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for el in self.stack:
            el.text.append(data)


def parse_html(text: str) -> TreeParser:
    p = TreeParser()
    p.feed(text)
    p.close()
    return p


def html_normalise(text: str) -> str:
    """Line breaks (CRLF, CR, NEL, U+2028, U+2029) LF, C0/C1 controls (not allowed in
    HTML) U+FFFD, then bidi visible escapes."""
    text = re.sub("\r\n?|[\x85\u2028\u2029]", "\n", text)
    return for_terminal(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "\ufffd", text))


# --- Mermaid ------------------------------------------------------------------------------

# The lexer rules of mermaid's timeline.jison, in order (jison takes the first match).
_MERMAID_RULES: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"%%(?!\{)[^\n]*"), None),
    (re.compile(r"[^\}]%%[^\n]*"), None),
    (re.compile(r"\n+"), "NEWLINE"),
    (re.compile(r"\s+"), None),
    (re.compile(r"#[^\n]*"), None),
    (re.compile(r"timeline", re.I), "timeline"),
    (re.compile(r"title\s[^\n]+", re.I), "title"),
    (re.compile(r"section\s[^:\n]+", re.I), "section"),
    (re.compile(r":\s(?:[^:\n]|:(?!\s))+"), "event"),
    (re.compile(r"[^#:\n]+"), "period"),
]


def mermaid_encode_entities(text: str) -> str:
    """mermaid's encodeEntities: ``#name;`` codes become placeholders before parsing."""

    def repl(m: re.Match[str]) -> str:
        inner = m.group()[1:-1]
        return ("fl°°" if re.fullmatch(r"\+?\d+", inner) else "fl°") + inner + "¶ß"

    return re.sub(r"#\w+;", repl, text)


def mermaid_decode(text: str) -> str:
    """Placeholders back to characters (what the browser shows)."""
    import html

    text = text.replace("fl°°", "&#").replace("fl°", "&").replace("¶ß", ";")
    return html.unescape(text)


#: mermaid's frontMatterRegex: the YAML front matter, which it reads before the diagram
MERMAID_FRONT_MATTER = re.compile(r"^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+", re.DOTALL)


def mermaid_tokens(text: str) -> list[tuple[str, str]]:
    """(token type, text) as mermaid's timeline lexer reads the diagram (after its
    front matter)."""
    src = mermaid_encode_entities(MERMAID_FRONT_MATTER.sub("", text, count=1))
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(src):
        for rx, kind in _MERMAID_RULES:
            m = rx.match(src, i)
            if m is not None and m.end() > i:
                if kind is not None:
                    out.append((kind, m.group()))
                i = m.end()
                break
        else:
            out.append(("INVALID", src[i]))
            i += 1
    return out


def mermaid_title(label: str) -> str:
    """An event label without its first line (the date and the jurisdiction)."""
    meta, _, title = label.partition("<br>")
    assert meta and title, label
    return title


def mermaid_unbreak(label: str) -> str:
    """A label that the exporter broke with <br> as one line again (it drops nothing)."""
    return "".join(label.split("<br>"))


def mermaid_normalise(text: str, limit: int) -> str:
    flat = re.sub("[\x00-\x1f\x7f-\x9f]", "\ufffd", re.sub(r"\s+", " ", text).strip())
    return for_terminal(flat if len(flat) <= limit else flat[: limit - 1] + "…")


# --- Markwhen -----------------------------------------------------------------------------

# From @markwhen/parser src/regex.ts (JavaScript \w is ASCII).
MW_TAG = re.compile(r"(?:^|\s)#(?!\d+(?:\s|$))([A-Za-z0-9_]+)")
MW_SECTION = re.compile(r"^(#{1,6})\s+(.*)$")
MW_PROPERTY = re.compile(r"^(?!-)\s*([A-Za-z0-9_\-.]+)(:)(?:\s|$)")
MW_COMMENT = re.compile(r"^\s*//")
MW_LIST_ITEM = re.compile(r"^\s*- ")
MW_EDTF_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
MW_EDTF_EVENT = re.compile(rf"^\s*({MW_EDTF_DATE}(?:\s*/\s*{MW_EDTF_DATE})?)\s*:(.*)$")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
#: a looser test for any line markwhen could read as an event start (dates,
#: relative dates, casual months, times, "now", a bare colon)
MW_ANY_EVENT_START = re.compile(
    rf"^\s*(?:\d|:|now\b|by\b|before\b|after\b|!|\+|({_MONTHS})[a-z]*\b)", re.IGNORECASE
)


def markwhen_lines(text: str) -> list[str]:
    return text.split("\n")


def parse_properties(lines: list[str]) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load("\n".join(lines))
    assert isinstance(data, dict)
    return data
