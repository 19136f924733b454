"""The entries: events under their year (and month) headings, citations, sources and
the footer."""

from __future__ import annotations

import hashlib

from policytl._version import __version__
from policytl.export import ExportOptions
from policytl.export.common import (
    cited_sources,
    event_index,
    group_events,
    relation_pair,
    stage_pair,
)
from policytl.export.html.parts import (
    LINKABLE,
    both,
    data_attrs,
    due_html,
    esc,
    kind_html,
    link,
    qualifiers,
    text_html,
    time_html,
    word,
)
from policytl.model.records import Event, Lang, Relation, Source, Timeline

# --- events, citations, sources -----------------------------------------------------------


def _source_line(src: Source) -> str:
    who = ", ".join(esc(x) for x in (src.publisher, src.author) if x)
    text = f"{who}: {text_html(src.title)}" if who else text_html(src.title)
    if src.published is not None:
        text += f" ({time_html(src.published)})"
    if src.url:
        text += f", {link(src.url)}"
    return text


def _blockquote(quote: str | None) -> str:
    return "" if quote is None else f"<blockquote>{esc(quote)}</blockquote>"


def _source_short(src: Source | None, source_id: str) -> str:
    if src is None:
        return source_id
    who = src.publisher or src.author or src.title.get(Lang.BOTH)
    return f"{who} {src.published.text}" if src.published is not None else who


def _event(timeline: Timeline, e: Event, numbers: list[int], level: int) -> list[str]:
    """One event; ``level`` is its title's heading level (under a year or a month)."""
    jur = timeline.jurisdictions.get(e.jurisdiction)
    refs = " ".join(f'<a href="#_c{k}" id="_r{k}">[{k}]</a>' for k in numbers)
    out = [
        f'<article class="event" id="{esc(e.id)}" {data_attrs(e)}>',
        f'<div class="ev-head">{time_html(e.date)}{qualifiers(e.date)}{due_html(e)}'
        f'<a class="permalink" href="#{esc(e.id)}">#{esc(e.id)}</a>'
        f'<span class="refs">{refs}</span></div>',
        f'<h{level} class="title">{text_html(e.title)}</h{level}>',
        '<p class="badges">',
        f'<span class="badge">{text_html(jur.name) if jur else esc(e.jurisdiction)}</span>',
        f'<span class="badge">{kind_html(e.kind)}</span>',
    ]
    if e.stage is not None:
        out.append(f'<span class="badge">{word("stage")}: {both(*stage_pair(e.stage))}</span>')
    out += [f'<span class="badge">#{esc(t)}</span>' for t in e.tags]
    out.append("</p>")
    if e.issuers:
        bodies = [timeline.bodies.get(i) for i in e.issuers]
        names = [
            text_html(b.short or b.name) if b else esc(i)
            for b, i in zip(bodies, e.issuers, strict=True)
        ]
        out.append(f'<p class="meta">{word("issued_by")}: {"; ".join(names)}</p>')
    if e.scope is not None:
        out.append(f'<p class="meta">{word("scope")}: {text_html(e.scope)}</p>')
    if (document := timeline.document_title(e)) is not None:
        record = timeline.documents.get(e.document) if type(e.document) is str else None
        title = text_html(document)
        if record is not None and record.url and LINKABLE.fullmatch(record.url):
            title = f'<a href="{esc(record.url)}">{title}</a>'
        out.append(f'<p class="meta">{word("document")}: {title}</p>')
    if e.relations:
        out.append('<ul class="relations">')
        out += [f"<li>{_relation(timeline, r)}</li>" for r in e.relations]
        out.append("</ul>")
    if e.summary is not None:
        out.append(f'<p class="text">{text_html(e.summary)}</p>')
    if e.notes:
        out.append(f'<p class="small">{word("notes")}:</p><ul class="notes">')
        out += [f"<li>{esc(note)}</li>" for note in e.notes]
        out.append("</ul>")
    if e.url:
        out.append(f'<p class="meta">{link(e.url)}</p>')
    out.append("</article>")
    return out


def _relation(timeline: Timeline, relation: Relation) -> str:
    """'Part of: <a href="#id">2020-06-30 · <title></a>' (a document: its title)."""
    name = both(*relation_pair(relation.type))
    other = event_index(timeline).get(relation.to)
    if other is not None:
        where = f"{esc(other.date.text)} · {text_html(other.title)}"
        return f'{name}: <a href="#{esc(other.id)}">{where}</a>'
    document = timeline.documents.get(relation.to)
    if document is None:
        return f"{name}: {esc(relation.to)}"
    if document.url and LINKABLE.fullmatch(document.url):
        return f'{name}: <a href="{esc(document.url)}">{text_html(document.title)}</a>'
    return f"{name}: {text_html(document.title)}"


def footer(timeline: Timeline, options: ExportOptions, title: str) -> str:
    from policytl.export.json import render as render_json

    digest = hashlib.sha256(render_json(timeline, ExportOptions()).encode("utf-8")).hexdigest()
    when = (
        word("exported", date=options.generated, version=__version__)
        if options.generated
        else word("exported_undated", version=__version__)
    )
    return (
        f"<footer><p>{esc(title)} · {word('digest')} <code>sha256:{digest[:16]}</code> · "
        f"{when}</p></footer>"
    )


def events_section(
    timeline: Timeline, options: ExportOptions, numbers: dict[str, list[int]]
) -> list[str]:
    """The events under a heading per year (and per month with ``--group month``)."""
    body = ["<main>", f'<h2 id="_events-h">{word("events_heading")}</h2>']
    if not timeline.events:
        body.append(f"<p>{word('no_events')}</p>")
    for yg in group_events(timeline.events, options.group):
        body += ['<section class="period">', f"<h3>{yg.year:04d}</h3>"]
        if yg.buckets:
            for bucket in yg.buckets:
                heading = (
                    bucket.key if not bucket.year_only else f"{bucket.key}, {word('year_only')}"
                )
                body += ['<section class="period">', f"<h4>{heading}</h4>"]
                for e in bucket.events:
                    body.append("".join(_event(timeline, e, numbers[e.id], 5)))
                body.append("</section>")
        else:
            for e in yg.events:
                body.append("".join(_event(timeline, e, numbers[e.id], 4)))
        body.append("</section>")
    body.append("</main>")
    return body


def citations_section(timeline: Timeline, citations: list[tuple[Event, int]]) -> list[str]:
    """The numbered citations with their quotes, then the sources they cite, each once."""
    sources = cited_sources(timeline)
    source_no = {s.id: k for k, s in enumerate(sources, 1)}
    body = [
        '<section aria-labelledby="_cites-h">',
        f'<h2 id="_cites-h">{word("citations")}</h2>',
        '<ol class="citations">',
    ]
    for k, (e, i) in enumerate(citations, 1):
        c = e.sources[i]
        src = timeline.sources.get(c.source)
        where = esc(_source_short(src, c.source))
        if c.source in source_no:
            where = f'<a href="#_s{source_no[c.source]}">{where}</a>'
        if c.locator:
            where += f", {esc(c.locator)}"
        body.append(
            f'<li id="_c{k}">{_blockquote(c.quote)}— {where} · '
            f'<a class="back" href="#{esc(e.id)}">{esc(e.date.text)} ↩</a></li>'
        )
    body += ["</ol>", "</section>"]
    body += [
        '<section aria-labelledby="_sources-h">',
        f'<h2 id="_sources-h">{word("sources")}</h2>',
        '<ol class="sources">',
        *(f'<li id="_s{k}">{_source_line(s)}</li>' for k, s in enumerate(sources, 1)),
        "</ol>",
        "</section>",
    ]
    return body
