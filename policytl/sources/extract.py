"""The text of an archived copy, as a reader sees it: HTML, PDF or plain text.

- **HTML** is read with the standard library's HTML parser, visible text only:
  nothing inside ``script``, ``style``, ``template``, ``noscript``, ``svg``,
  ``iframe`` or an element that is hidden (the ``hidden`` attribute,
  ``aria-hidden="true"``, an inline ``display: none`` or ``visibility: hidden``).
  Block elements start new lines; other whitespace is one space, as a browser
  shows it.
- **PDF** is read with pypdf, page by page.
- **Plain text** is read as it is.

Bytes become text by the copy's own declaration (a byte order mark; an HTML
``<meta charset>`` or ``http-equiv`` content type; a charset the server sent, when
given), else UTF-8, else GB18030 (GB2312 and GBK are read as GB18030, their
superset). A copy that cannot be read is an :class:`Unreadable` with one line saying why.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Text", "Unreadable", "decode", "extract", "kind_of"]


class Unreadable(Exception):
    """An archived copy whose text cannot be read (the message says why, in one line)."""


@dataclass
class Text:
    """The text of a copy, and where each of its pages starts (one page but for a PDF)."""

    text: str
    kind: str
    #: offset in ``text`` where each page starts (PDF); ``[0]`` otherwise
    pages: list[int] = field(default_factory=lambda: [0])

    def location(self, offset: int) -> str:
        """``line 12``, or ``page 3, line 4`` in a PDF, of an offset of the text."""
        import bisect

        page = bisect.bisect_right(self.pages, offset) - 1
        start = self.pages[page]
        line = self.text.count("\n", start, offset) + 1
        if self.kind == "pdf":
            return f"page {page + 1}, line {line}"
        return f"line {line}"


def kind_of(data: bytes, name: str = "") -> str:
    """``pdf``, ``html`` or ``text``: what a copy is, by its bytes (then its name)."""
    head = data[:1024].lstrip(b"\x00\t\n\r\x0c ").lower()
    if head.startswith(b"%pdf-") or name.lower().endswith(".pdf"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head:
        return "html"
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE | re.DOTALL
)
#: what a page may declare, and the codec that reads it
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, kind: str, charset: str | None = None) -> str:
    """The text of a copy's bytes (see the module's docs for the order of the guesses)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace").lstrip("\ufeff")
    declared = _codec(charset)
    if declared is None and kind == "html":
        found = _META.search(data[:8192])
        declared = _codec(found.group(1).decode("ascii")) if found else None
    for codec in (declared, "utf-8", "gb18030"):
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode(declared or "utf-8", errors="replace")


#: elements whose content is never shown
_INVISIBLE = frozenset({"script", "style", "template", "noscript", "svg", "iframe"})
#: elements without an end tag
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr",
    }
)  # fmt: skip
#: elements that start and end a line
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "td", "th", "title", "tr", "ul",
    }
)  # fmt: skip
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)


def _hides(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "aria-hidden" and (value or "").strip().lower() == "true":
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return tag in _INVISIBLE


class _Visible(HTMLParser):
    """Collects the text a browser shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        #: the open elements: (tag, hidden by it)
        self.stack: list[tuple[str, bool]] = []
        self.hidden = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag in _VOID:
            return
        hides = _hides(tag, attrs)
        self.stack.append((tag, hides))
        self.hidden += hides
        self.pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")
        names = [t for t, _ in self.stack]
        if tag not in names:
            return  # a stray end tag
        while self.stack:
            name, hides = self.stack.pop()
            self.hidden -= hides
            self.pre -= name == "pre"
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = (line.strip(" ") for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def html_text(page: str) -> str:
    """The visible text of an HTML page."""
    parser = _Visible()
    parser.feed(page)
    parser.close()
    return parser.text()


def pdf_text(data: bytes) -> Text:
    """The text of a PDF, page by page (Unreadable when pypdf cannot read it)."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unreadable("the PDF is encrypted")
        pages: list[int] = []
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            pages.append(size)
            text = (page.extract_text() or "") + "\n"
            parts.append(text)
            size += len(text)
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken file
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Unreadable(f"not a readable PDF ({reason})") from None
    if not pages:
        raise Unreadable("the PDF has no pages")
    return Text("".join(parts), "pdf", pages)


def extract(data: bytes, name: str = "", charset: str | None = None) -> Text:
    """The text of a copy (its bytes; ``name`` for its kind, ``charset`` as the server
    declared it)."""
    kind = kind_of(data, name)
    if kind == "pdf":
        return pdf_text(data)
    text = decode(data, kind, charset)
    if kind == "html":
        return Text(html_text(text), "html")
    return Text(text, "text")
