"""The whole page: head with its Content-Security-Policy, header, filter controls,
axis, status panel, who moved first, entries, citations and footer."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

from policytl.export import ExportOptions
from policytl.export.common import document_title
from policytl.export.html import status
from policytl.export.html.assets import CSS, SCRIPT
from policytl.export.html.axis import axis_section, palette_css
from policytl.export.html.entries import citations_section, events_section, footer
from policytl.export.html.lead import Headline, comparison, headline, headline_html, who_moved_first
from policytl.export.html.parts import esc, kind_html, plain_word, text_html, word
from policytl.model.lang import shown
from policytl.model.records import EVENT_KINDS, Event, Lang, Timeline


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    title = document_title(timeline, options)
    events = timeline.events
    numbers: dict[str, list[int]] = {}
    citations: list[tuple[Event, int]] = []
    for e in events:
        for i in range(len(e.sources)):
            citations.append((e, i))
            numbers.setdefault(e.id, []).append(len(citations))

    found = comparison(timeline) if events else None
    lead = headline(found)
    body = _page_head(timeline, options, title, lead)
    css_extra: list[str] = []
    if events:
        axis, css_extra = axis_section(timeline, options.lanes, lang, lead)
        body += axis
    body += _about(timeline, lang)
    if events:
        body += _controls(timeline, lang)
        if options.generated:
            body += status.panel(timeline, date.fromisoformat(options.generated))
        body += who_moved_first(found)
    body += events_section(timeline, options, numbers)
    if citations:
        body += citations_section(timeline, citations)
    body.append(footer(timeline, options, title))

    css = CSS + palette_css() + "".join(line + "\n" for line in css_extra)
    policy = (
        f"default-src 'none'; style-src '{_hash(css)}'; script-src '{_hash(SCRIPT)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    page_lang = "en" if lang is Lang.EN else "zh"
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{page_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # color-scheme as a meta tag rather than CSS: the W3C checker's CSS
        # validator does not know the property yet
        '<meta name="color-scheme" content="light dark">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="generator" content="policytl">',
        f"<title>{esc(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        f'<body class="show-{lang.value}">',
    ]
    script = [f"<script>{SCRIPT}</script>"] if events else []
    return "\n".join([*head, *body, *script, "</body>", "</html>"]) + "\n"


def _page_head(
    timeline: Timeline, options: ExportOptions, title: str, head: Headline | None
) -> list[str]:
    """The skip link and the header: title, headline, description, filters, events shown."""
    heading = text_html(timeline.title) if timeline.title and not options.title else esc(title)
    body = [
        f'<a class="skip" href="#_events-h">{word("skip")}</a>',
        '<header class="page-head">',
        f"<h1>{heading}</h1>",
    ]
    body += headline_html(head)
    if options.filters:
        body.append(
            f'<p class="meta">{word("selected_with")}: <code>{esc(options.filters)}</code></p>'
        )
    count_en = "{n} of {m} events shown"
    count_zh = "显示 {n} / {m} 个事件"
    n = len(timeline.events)
    shown = (count_zh if options.lang is Lang.ZH else count_en).format(n=n, m=n)
    body += [
        f'<p class="meta" id="_shown" aria-live="polite" data-en="{count_en}" data-zh="{count_zh}">'
        f"{shown}</p>",
        "</header>",
    ]
    return body


def _controls(timeline: Timeline, lang: Lang) -> list[str]:
    """The filter form: hidden until the script shows it (it does nothing without it)."""
    used_j = {e.jurisdiction for e in timeline.events}
    kinds = sorted({e.kind for e in timeline.events})
    tags = sorted({t for e in timeline.events for t in e.tags})
    out = [
        f'<form class="controls" id="_controls" hidden aria-label="{plain_word("show", lang)}">',
        f"<fieldset><legend>{word('jurisdictions')}</legend>",
    ]
    for code, j in timeline.jurisdictions.items():
        if code in used_j:
            out.append(
                f'<label><input type="checkbox" name="j" value="{esc(code)}" '
                f'data-en="{esc(j.name.get(Lang.EN))}" data-zh="{esc(j.name.get(Lang.ZH))}" '
                f"checked> {esc(code)} {text_html(j.name)}</label>"
            )
    out += ["</fieldset>", f"<fieldset><legend>{word('kinds')}</legend>"]
    for k in kinds:
        help_text = EVENT_KINDS.get(k) or timeline.kinds.get(k, "")
        out.append(
            f'<label title="{esc(help_text)}"><input type="checkbox" name="k" value="{esc(k)}" '
            f"checked> {kind_html(k)}</label>"
        )
    out += [
        "</fieldset>",
        f'<fieldset><legend><label for="_tag-select">{word("tag")}</label></legend>',
        f'<select id="_tag-select" name="t"><option value="">{esc(plain_word("all_tags", lang))}'
        "</option>",
        *(f'<option value="{esc(t)}">{esc(t)}</option>' for t in tags),
        "</select></fieldset>",
    ]
    if shown(Lang.BOTH, timeline) is Lang.BOTH:  # data in one language has no switch
        out.append(f"<fieldset><legend>{word('language')}</legend>")
        for value, text in (("zh", "中文"), ("en", "English"), ("both", None)):
            checked = " checked" if lang.value == value else ""
            label = word("both") if text is None else esc(text)
            out.append(
                f'<label><input type="radio" name="lang" value="{value}"{checked}> {label}</label>'
            )
        out.append("</fieldset>")
    return [*out, "</form>"]


def _about(timeline: Timeline, lang: Lang) -> list[str]:
    """The data set's description and the status of its translations (under the axis:
    the first screen is the title, the headline and the axis)."""
    out = []
    if timeline.description is not None:
        out.append(f'<p class="text">{text_html(timeline.description)}</p>')
    status = timeline.translations.get("en")
    if status:
        out.append(f'<p class="meta t-en" lang="en">{word("translations")}: {esc(status)}</p>')
    if not out:
        return []
    return [
        f'<section class="about" aria-label="{esc(plain_word("about", lang))}">',
        *out,
        "</section>",
    ]
