"""The page's escapers and small parts: fixed words in both languages, data texts,
dates as written with machine-readable values, links made only from http(s) URLs."""

from __future__ import annotations

import re
from datetime import date
from html import escape

from policytl.export.common import label_pair
from policytl.model.dates import PolicyDate, Precision
from policytl.model.lang import FIRST
from policytl.model.records import Event, Lang, Text

LINKABLE = re.compile(r"https?://[^\s\"'<>\\^`{|}]+", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: line breaks, each a newline (whitespace in HTML): CRLF, CR, NEL, U+2028 and U+2029
_NEWLINES = re.compile("\r\n?|[\x85\u2028\u2029]")


def esc(text: str) -> str:
    """Escaped text. Line breaks are whitespace in HTML; control characters (not
    allowed in HTML) become U+FFFD."""
    return escape(_CONTROL.sub("\ufffd", _NEWLINES.sub("\n", text)), quote=True)


def word(key: str, **fmt: str) -> str:
    """A fixed word (a label of policytl.export.common) in both languages; the language
    switch shows one, and "both" the English one."""
    return both(*(w.format(**fmt) if fmt else w for w in label_pair(key)))


def both(en: str, zh: str) -> str:
    """A fixed word's English and Chinese texts, each shown by the language switch."""
    return (
        f'<span class="l-en" lang="en">{esc(en)}</span>'
        f'<span class="l-zh" lang="zh">{esc(zh)}</span>'
    )


def plain_word(key: str, lang: Lang) -> str:
    """A fixed word in one language, for attributes (which cannot hold two spans)."""
    en, zh = label_pair(key)
    return zh if lang is Lang.ZH else en


def text_html(text: Text | None) -> str:
    """A data text: its Chinese and English versions, each marked with its language."""
    if text is None:
        return ""
    if text.zh and text.en and text.zh != text.en:
        return (
            f'<span class="t-zh" lang="zh">{esc(text.zh)}</span> '
            f'<span class="t-en" lang="en">{esc(text.en)}</span>'
        )
    lang, value = next(
        ((k, v) for k, v in text.items() if k in FIRST and v), next(text.items(), ("en", ""))
    )
    return f'<span lang="{esc(lang)}">{esc(value)}</span>'


def data_attrs(e: Event) -> str:
    """The attributes the page's script reads: jurisdiction, kind and tags for the
    filters; for who moved first (as ``compare`` reckons it, from the days the first
    ``<time>`` of the entry may denote), whether the date is uncertain, its lifecycle
    stage's rank and whether its kind is a lifecycle kind."""
    from policytl.model.vocabulary import STAGES, stage_rank

    out = f'data-j="{esc(e.jurisdiction)}" data-k="{esc(e.kind)}" data-t="{esc(" ".join(e.tags))}"'
    if e.date.uncertain or e.date.approximate:
        out += ' data-u=""'
    if e.stage is not None:
        out += f' data-s="{stage_rank(e.stage)}"'
    if e.kind in STAGES:
        out += ' data-st=""'
    return out


def link(url: str) -> str:
    if LINKABLE.fullmatch(url):
        return f'<a href="{esc(url)}">{esc(url)}</a>'
    return esc(url)


def _machine(start: date, precision: Precision) -> str:
    """The HTML datetime value of the part of a date known: 2016, 2016-02, 2016-02-01."""
    if precision is Precision.YEAR:
        return f"{start.year:04d}"
    if precision is Precision.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


def time_html(d: PolicyDate) -> str:
    """The date exactly as written, with machine-readable datetime values for its parts."""
    if not d.is_interval:
        value = _machine(d.start, d.precision)
        return f'<time class="date" datetime="{value}">{esc(d.text)}</time>'
    left, _, right = d.text.partition("/")
    return (
        f'<span class="date"><time datetime="{_machine(d.start, d.precision)}">{esc(left)}</time>'
        f'/<time datetime="{_machine(d.end, d.end_precision)}">{esc(right)}</time></span>'
    )


def due_html(e: Event) -> str:
    """'→ Due: 2022' after a target's date, or nothing."""
    if e.due is None:
        return ""
    return f'<span class="due">→ {word("due")}: {time_html(e.due)}{qualifiers(e.due)}</span>'


def qualifiers(d: PolicyDate) -> str:
    flags = (("uncertain", d.uncertain), ("approximate", d.approximate))
    words = [word(key) for key, on in flags if on]
    return f'<span class="small">({", ".join(words)})</span>' if words else ""


#: The built-in kinds' Chinese words (the lifecycle kinds are their stages' words); the
#: page shows the slug in English, and a kind the file adds as its slug in both.
KIND_ZH = {
    "document-issued": "文件发布",
    "institution-founded": "机构成立",
    "fund-launched": "基金启动",
    "fund-announced": "基金宣布",
    "pilot-approved": "试点获批",
    "statement": "表态",
    "report": "报告",
    "target": "目标",
    "statistic": "统计数据",
}


def kind_html(kind: str) -> str:
    """A kind of event in both languages: "statement" / "表态"."""
    from policytl.export.common import stage_pair
    from policytl.model.vocabulary import STAGES

    zh = stage_pair(kind)[1] if kind in STAGES else KIND_ZH.get(kind, kind)
    return both(kind, zh)
