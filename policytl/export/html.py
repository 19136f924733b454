"""HTML export: one self-contained page with a vertical timeline.

No network: the CSS is inline, there are no scripts, fonts or images, and a
Content-Security-Policy (``default-src 'none'``) keeps it that way. The
header shows the title, description, sources, the filters that selected the
events and their count; events follow under a heading per year (and per
month with ``--group month``). Every text from the data goes through
``html.escape``; links are made only from ``http``/``https`` URLs.

A target stays under the date it was set; its due date follows that date as an
arrow, "2020-06-30 → Due: 2022", each date in its own ``<time>``.
"""

from __future__ import annotations

import re
from html import escape

from ..dates import PolicyDate, Precision
from ..model import Event, Lang, Source, Text, Timeline
from . import ExportOptions
from .common import (
    Bucket,
    bucket_label,
    cited_sources,
    count_text,
    document_title,
    group_events,
    issuers_text,
    label,
    legend,
    sep,
    source_text,
    translation_note,
    year_label,
)

__all__ = ["CSS", "render"]

CSS = """\
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--dot:#0969da;\
--bg:#fff;--quote:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;\
--dot:#4493f8;--bg:#0d1117;--quote:#151b23}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:50rem;padding:2rem 1.25rem 4rem;color:var(--fg);\
background:var(--bg);font:16px/1.65 system-ui,-apple-system,"Segoe UI","PingFang SC",\
"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;overflow-wrap:anywhere}
header{border-bottom:1px solid var(--line);margin-bottom:1.5rem;padding-bottom:1rem}
h1{font-size:1.75rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem;color:var(--muted)}
.meta,.filters,.legend,footer{color:var(--muted);font-size:.9rem}
.filters code{font-size:.85rem}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1.5rem;border-left:2px solid var(--line)}
li.event{position:relative;margin:0 0 1.5rem}
li.event::before{content:"";position:absolute;left:calc(-1.5rem - 6px);top:.45rem;\
width:10px;height:10px;border-radius:50%;background:var(--dot)}
.date{font-weight:600;font-variant-numeric:tabular-nums}
.due{margin-left:.5rem;color:var(--muted);font-variant-numeric:tabular-nums}
.title{font-size:1.05rem;font-weight:600;margin:.1rem 0 .35rem}
.title .en{display:block;font-weight:500}
li.event p{margin:.3rem 0}
ol.sources{margin:.5rem 0 0;padding-left:1.25rem;font-size:.9rem}
blockquote{margin:.25rem 0;padding:.25rem .75rem;border-left:3px solid var(--line);\
background:var(--quote)}
footer{margin-top:3rem;border-top:1px solid var(--line);padding-top:.75rem}
"""

_LINKABLE = re.compile(r"https?://[^\s\"'<>\\^`{|}]+", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _e(text: str) -> str:
    """Escaped text; control characters (not allowed in HTML) become U+FFFD."""
    return escape(_CONTROL.sub("\ufffd", text), quote=True)


def _text_html(text: Text | None, lang: Lang, tag: str, cls: str = "") -> list[str]:
    """One element per language shown, each with its lang attribute."""
    attr = f' class="{cls}"' if cls else ""
    if text is None:
        return []
    if lang == Lang.BOTH and text.zh and text.en and text.zh != text.en:
        return [
            f'<{tag}{attr} lang="zh">{_e(text.zh)}</{tag}>',
            f'<{tag}{attr} lang="en">{_e(text.en)}</{tag}>',
        ]
    value = text.get(lang)
    which = "zh" if (lang != Lang.EN and text.zh) or not text.en else "en"
    return [f'<{tag}{attr} lang="{which}">{_e(value)}</{tag}>'] if value else []


def _title(text: Text, lang: Lang) -> str:
    if lang == Lang.BOTH and text.zh and text.en and text.zh != text.en:
        inner = (
            f'<span lang="zh">{_e(text.zh)}</span> <span class="en" lang="en">{_e(text.en)}</span>'
        )
    else:
        which = "zh" if (lang != Lang.EN and text.zh) or not text.en else "en"
        inner = f'<span lang="{which}">{_e(text.get(lang))}</span>'
    return f'<div class="title">{inner}</div>'


def _link(url: str) -> str:
    if _LINKABLE.fullmatch(url):
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    return _e(url)


def _source(src: Source | None, source_id: str, lang: Lang) -> str:
    text = _e(source_text(src, source_id, lang, url=False))
    if src is not None and src.url:
        text += f", {_link(src.url)}"
    return text


def _time(d: PolicyDate, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    plain = not (d.is_interval or d.uncertain or d.approximate)
    if plain and d.precision is not Precision.YEAR:
        attr += f' datetime="{_e(d.text)}"'
    return f"<time{attr}>{_e(d.text)}</time>"


def _date(e: Event, lang: Lang) -> str:
    out = _time(e.date, "date")
    if e.due is not None:
        due = f"{_e(label('due', lang))}{sep(lang)}{_time(e.due)}"
        out += f'<span class="due">→ {due}</span>'
    return out


def _event(timeline: Timeline, e: Event, lang: Lang) -> list[str]:
    out = [f'<li class="event" id="{_e(e.id)}">', _date(e, lang), _title(e.title, lang)]
    meta = []
    issuers = issuers_text(timeline, e, lang)
    if issuers:
        meta.append(f"{_e(label('issued_by', lang))}{sep(lang)}{_e(issuers)}")
    if e.document is not None:
        meta.append(f"{_e(label('document', lang))}{sep(lang)}{_e(e.document.get(lang))}")
    if meta:
        out.append(f'<p class="meta">{" · ".join(meta)}</p>')
    out += _text_html(e.summary, lang, "p")
    if e.url:
        out.append(f'<p class="meta">{_link(e.url)}</p>')
    out.append('<ol class="sources">')
    for c in e.sources:
        where = _source(timeline.sources.get(c.source), c.source, lang)
        if c.locator:
            where += f", {_e(c.locator)}"
        out.append(f"<li><blockquote>{_e(c.quote)}</blockquote><cite>{where}</cite></li>")
    out += ["</ol>", "</li>"]
    return out


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    page_lang = "en" if lang == Lang.EN else "zh"
    title = document_title(timeline, options)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{page_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="generator" content="policytl">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
    ]
    body = list(head)
    body += _text_html(timeline.description, lang, "p")
    sources = cited_sources(timeline)
    if sources:
        name = label("sources" if len(sources) > 1 else "source", lang)
        items = "; ".join(_source(s, s.id, lang) for s in sources)
        body.append(f'<p class="meta">{_e(name)}{sep(lang)}{items}</p>')
    note = translation_note(timeline, lang)
    if note:
        body.append(f'<p class="meta">{_e(note)}</p>')
    if options.filters:
        body.append(
            f'<p class="filters">{_e(label("filters", lang))}{sep(lang)}'
            f"<code>{_e(options.filters)}</code></p>"
        )
    body.append(f'<p class="meta">{_e(count_text(len(timeline.events), lang))}</p>')
    explain = legend(timeline.events, lang)
    if explain:
        body.append(f'<p class="legend">{_e(explain)}</p>')
    body += ["</header>", "<main>"]
    if not timeline.events:
        body.append(f"<p>{_e(label('no_events', lang))}</p>")
    for yg in group_events(timeline.events, options.group):
        body += ["<section>", f"<h2>{year_label(yg.year)}</h2>"]
        buckets: list[Bucket | None] = list(yg.buckets) or [None]
        for bucket in buckets:
            events = yg.events if bucket is None else bucket.events
            if bucket is not None:
                body.append(f"<h3>{_e(bucket_label(bucket, lang))}</h3>")
            body.append('<ol class="timeline">')
            for e in events:
                body += _event(timeline, e, lang)
            body.append("</ol>")
        body.append("</section>")
    body += [
        "</main>",
        f"<footer>{_e(label('generated', lang))}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(body) + "\n"
