"""Markdown export: a document to publish (CommonMark plus GFM tables and footnotes).

Layout: the title, the description, the sources and the filters, then the
events under a heading per year (and per month with ``--group month``,
where year-precision events get a "date unknown within the year" heading of
their own). Each event shows its date exactly as written, its title, issuers,
document and summary; its citations are GFM footnotes (``[^1]``) quoting the
source. ``--style table`` puts each group's events in a GFM table.

An event's lifecycle stage ("Stage: In force") and scope come before its other
facts; the document's title links to the document's URL, when the registry gives
one; each relation is a line ("Part of: 2020-06-30 · <title>") linking to the other
event's anchor, ``#<event id>``, when the export holds it (else to the document's
URL, or no link). The anchor is the one piece of raw HTML the export writes: an
empty ``<a id="<event id>"></a>`` at the start of each event a relation leads to
(ids are slugs; GitHub shows it as ``user-content-<id>`` and follows ``#<id>`` to it,
pandoc keeps it; a renderer that drops raw HTML leaves the link without a target).
In a table the stage follows the date, like a due date, and the relations the title.

Source URLs are autolinks (``<https://...>``): an autolink takes no
backslash escapes, so a URL is never escaped but percent-encoded where
CommonMark would not keep it in an autolink (spaces, ``< > " \\ ^ ` { | }``,
controls, non-ASCII); a URL that is not ``http(s)`` or ``ftp`` is shown as text.
Adjacent footnote references are separated by ``, `` (``[^4], [^5]``), which
GitHub would otherwise show as one superscript "45".

Everything else that comes from the data is escaped so that it renders as literal
text (:func:`escape`, the one Markdown escaper, which the Markdown of ``stats``,
``compare`` and ``diff`` uses too): whitespace runs (newlines and U+2028 included)
become one space; the characters `` \\ ` * _ [ ] < > | ~ & # ^ `` get a backslash;
``www.`` and ``://`` get one too (``www\\.``, ``:\\//``), so that GitHub's
extended autolinks never start in data text (an autolink runs to the next space
and would swallow the footnote reference after a title ending in
``www.example.com``); control characters (C0, DEL, C1) and bidi controls become
visible escapes (``\\x1b``, ``\\u202e``, which CommonMark shows as written, a
backslash before a letter being literal); and a text that starts a line has its
block markers (``-``, ``+``, ``=``, ``>``, ``1.``, ``1)``) escaped too. No raw HTML
from the data survives.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from policytl.export import ExportOptions, Style
from policytl.export.common import (
    bucket_label,
    cited_sources,
    count_text,
    document_title,
    due_short,
    event_index,
    fact_lines,
    group_events,
    issuers_text,
    label,
    labelled,
    legend,
    one_line,
    paragraphs,
    relation_target,
    relation_word,
    sep,
    source_text,
    stage_word,
    translation_note,
    year_label,
)
from policytl.model.records import Citation, Event, Lang, Source, Timeline
from policytl.model.textsafe import for_terminal

__all__ = ["autolink", "escape", "escape_block", "link", "render"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#^])")
#: where GitHub's extended autolinks start: "www." and a scheme's "://"
_AUTOLINK = re.compile(r"(www)(\.)|(:)(//)", re.IGNORECASE)
_LEADING = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def _no_autolink(m: re.Match[str]) -> str:
    head, dot, colon, slashes = m.groups()
    return f"{head}\\{dot}" if head else f"{colon}\\{slashes}"


def escape(text: str) -> str:
    """Inline Markdown for ``text``: one line, every markup character escaped, no
    autolink, control and bidi characters as visible escapes."""
    marked = _AUTOLINK.sub(_no_autolink, _SPECIAL.sub(r"\\\1", one_line(text)))
    return for_terminal(marked)


def escape_block(text: str) -> str:
    """Like :func:`escape`, for text that starts a line (no list, quote, heading)."""
    return _block(escape(text))


_HTTP = re.compile(r"(?:https?|ftp)://.+", re.IGNORECASE | re.DOTALL)
#: RFC 3986 reserved and unreserved characters, and % (kept as the URL has them)
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]~_"


def autolink(url: str) -> str:
    """``<url>``, percent-encoded, for an http(s) or ftp URL; other text escaped."""
    if not _HTTP.fullmatch(url.strip()):
        return escape(url)
    return f"<{quote(url.strip(), safe=_URL_SAFE)}>"


def link(text: str, href: str) -> str:
    """``[text](#id)`` for an event's anchor, ``[text](<url>)`` for an http(s) or ftp
    URL (percent-encoded as :func:`autolink` does); other hrefs leave the text alone.
    ``text`` is already escaped."""
    if href.startswith("#"):
        return f"[{text}]({href})"
    if not _HTTP.fullmatch(href.strip()):
        return text
    return f"[{text}](<{quote(href.strip(), safe=_URL_SAFE)}>)"


def _anchor(event: Event, anchors: set[str]) -> str:
    return f'<a id="{event.id}"></a>' if event.id in anchors else ""


def _source(source: Source | None, source_id: str, lang: Lang) -> str:
    text = escape(source_text(source, source_id, lang, url=False))
    if source is not None and source.url:
        text += f", {autolink(source.url)}"
    return text


def _citation(timeline: Timeline, citation: Citation, lang: Lang) -> str:
    text = _source(timeline.sources.get(citation.source), citation.source, lang)
    if citation.locator:
        text += f", {escape(citation.locator)}"
    return text if citation.quote is None else text + escape(f"{sep(lang)}“{citation.quote}”")


def _block(text: str) -> str:
    """Escaped inline text made safe to start a line (see :func:`escape_block`)."""
    m = _LEADING.match(text)
    if m is None:
        return text
    if m.group(1)[0].isdigit():  # "1." or "1)" would start an ordered list
        return text[: m.end()] + "\\" + text[m.end() :]
    return "\\" + text


class _Notes:
    """Footnotes numbered in order of first reference."""

    def __init__(self) -> None:
        self.defs: list[str] = []

    def refs(self, timeline: Timeline, event: Event, lang: Lang) -> str:
        refs = []
        for c in event.sources:
            self.defs.append(_block(_citation(timeline, c, lang)))
            refs.append(f"[^{len(self.defs)}]")
        return ", ".join(refs)


def _meta(timeline: Timeline, event: Event, lang: Lang) -> str:
    lines = fact_lines(timeline, event, lang, clean=escape, due_in_words=False, link=link)
    return " · ".join(lines)


def _list_item(
    timeline: Timeline, event: Event, lang: Lang, notes: _Notes, anchors: set[str]
) -> list[str]:
    date, title = escape(event.date.text), escape(event.title.get(lang))
    head = f"- {_anchor(event, anchors)}**{date}** · {title}"
    lines = [head + notes.refs(timeline, event, lang)]
    meta = _meta(timeline, event, lang)
    if meta:
        lines += ["", f"  {meta}"]
    for para in paragraphs(event.summary, lang):
        lines += ["", f"  {escape_block(para)}"]
    return lines


def _relations(timeline: Timeline, event: Event, lang: Lang) -> str:
    """' · Part of: [2020-06-30 · <title>](#id)' for each relation (a table cell's end)."""
    parts = []
    for relation in event.relations:
        text, href = relation_target(timeline, relation, lang)
        target = link(escape(text), href) if href else escape(text)
        parts.append(f" · {escape(relation_word(relation.type, lang))}{sep(lang)}{target}")
    return "".join(parts)


def _document_cell(timeline: Timeline, event: Event, lang: Lang) -> str:
    document = timeline.document_title(event)
    if document is None:
        return ""
    record = timeline.documents.get(event.document) if type(event.document) is str else None
    text = escape(document.get(lang))
    return link(text, record.url) if record is not None and record.url else text


def _table(
    timeline: Timeline, events: list[Event], lang: Lang, notes: _Notes, anchors: set[str]
) -> list[str]:
    cols = ["date_as_given", "title", "issued_by", "document", "summary", "sources"]
    heads = {
        "date_as_given": "Date" if lang != Lang.ZH else "日期",
        "title": "Title" if lang != Lang.ZH else "标题",
    }
    header = [heads.get(c) or label(c, lang) for c in cols]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(cols)]
    for e in events:
        due = due_short(e, lang)
        stage = stage_word(e.stage, lang) if e.stage is not None else None
        cells = [
            escape(e.date.text)
            + (f" ({escape(stage)})" if stage else "")
            + (f" ({escape(due)})" if due else ""),
            _anchor(e, anchors) + escape(e.title.get(lang)) + _relations(timeline, e, lang),
            escape(issuers_text(timeline, e, lang)),
            _document_cell(timeline, e, lang),
            escape(e.summary.get(lang)) if e.summary is not None else "",
            notes.refs(timeline, e, lang),
        ]
        lines.append("| " + " | ".join(c or " " for c in cells) + " |")
    return lines


def _events(
    timeline: Timeline,
    events: list[Event],
    options: ExportOptions,
    notes: _Notes,
    anchors: set[str],
) -> list[str]:
    lang = options.lang
    if options.style == Style.TABLE:
        return _table(timeline, events, lang, notes, anchors)
    lines: list[str] = []
    for e in events:
        if lines:
            lines.append("")
        lines += _list_item(timeline, e, lang, notes, anchors)
    return lines


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    out: list[str] = [f"# {escape(document_title(timeline, options))}"]
    for para in paragraphs(timeline.description, lang):
        out += ["", escape_block(para)]
    sources = cited_sources(timeline)
    if sources:
        name = label("sources" if len(sources) > 1 else "source", lang)
        texts = "; ".join(_source(s, s.id, lang) for s in sources)
        out += ["", f"{name}{sep(lang)}{texts}"]
    note = translation_note(timeline, lang)
    if note:
        out += ["", escape_block(note)]
    if options.filters:
        out += ["", labelled("filters", lang, escape(options.filters))]
    out += ["", escape_block(count_text(len(timeline.events), lang))]
    explain = legend(timeline.events, lang)
    if explain:
        out += ["", escape_block(explain)]
    if not timeline.events:
        out += ["", escape_block(label("no_events", lang))]

    notes = _Notes()
    held = event_index(timeline)
    anchors = {r.to for e in timeline.events for r in e.relations if r.to in held}
    for yg in group_events(timeline.events, options.group):
        out += ["", f"## {year_label(yg.year)}"]
        if not yg.buckets:
            out += ["", *_events(timeline, yg.events, options, notes, anchors)]
            continue
        for bucket in yg.buckets:
            out += ["", f"### {escape(bucket_label(bucket, lang))}"]
            out += ["", *_events(timeline, bucket.events, options, notes, anchors)]

    for i, text in enumerate(notes.defs, 1):
        out += ["", f"[^{i}]: {text}"]
    return "\n".join(out) + "\n"
