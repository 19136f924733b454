"""Helpers shared by the exporters: labels, dates in words, grouping, citations.

Labels are English, or Chinese with ``--lang zh``; the data's own texts
follow ``--lang`` (``both`` gives "中文 / English"). Every fixed word of every
format is in one table, ``_LABELS`` (the HTML page's too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from policytl.export import ExportOptions, Group
from policytl.model.dates import PolicyDate, Precision
from policytl.model.records import Citation, Event, Lang, Relation, Source, Text, Timeline

__all__ = [
    "Bucket",
    "YearGroup",
    "citation_text",
    "date_in_words",
    "document_title",
    "due_short",
    "event_index",
    "fact_lines",
    "group_events",
    "issuers_text",
    "label",
    "label_pair",
    "labelled",
    "one_line",
    "paragraphs",
    "relation_pair",
    "relation_target",
    "relation_word",
    "source_text",
    "stage_pair",
    "stage_word",
    "translation_note",
]

_LABELS: dict[str, tuple[str, str]] = {
    # key: (en, zh)
    "issued_by": ("Issued by", "发布机构"),
    "document": ("Document", "文件"),
    "summary": ("Summary", "摘要"),
    "sources": ("Sources", "来源"),
    "source": ("Source", "来源"),
    "date_as_given": ("Date as given", "原文日期"),
    "due": ("Due", "目标期限"),
    "stage": ("Stage", "阶段"),
    "scope": ("Scope", "范围"),
    "due_short": ("due {date}", "期限 {date}"),
    "due_entry": ("Due: {title}", "目标期限:{title}"),
    "set_on": ("Set on", "提出日期"),
    "filters": ("Filters", "筛选条件"),
    "no_events": ("No events match.", "没有符合条件的事件。"),
    "events": ("events", "个事件"),
    "event": ("event", "个事件"),
    "jurisdiction": ("Jurisdiction", "辖区"),
    "tags": ("Tags", "标签"),
    "translations": ("English texts", "英文文本"),
    "default_title": ("Policy timeline", "政策时间线"),
    "unknown_within_year": ("{year} (date unknown within the year)", "{year}年(年内日期不详)"),
    "legend": (
        "Dates are as the sources give them: ? marks an uncertain date, ~ an approximate "
        "one, % both; A/B is an interval.",
        "日期均按来源原文:? 表示存疑,~ 表示约略,% 表示两者兼有;A/B 表示时间段。",
    ),
    "year": ("year precision", "精确到年"),
    "month": ("month precision", "精确到月"),
    "day": ("day precision", "精确到日"),
    "uncertain": ("uncertain", "存疑"),
    "approximate": ("approximate", "约略"),
    "interval": ("from {a} to {b}", "从{a}到{b}"),
    "generated": ("Exported by policytl.", "由 policytl 导出。"),
    # the HTML page's own words (it writes both languages; the language switch shows one,
    # and "both" the English ones)
    "skip": ("Skip to the events", "跳到事件列表"),
    "selected_with": ("Selected with", "筛选条件"),
    "show": ("Show", "显示"),
    "jurisdictions": ("Jurisdictions", "辖区"),
    "kinds": ("Kinds", "类型"),
    "tag": ("Tag", "标签"),
    "all_tags": ("All tags", "全部标签"),
    "language": ("Language", "语言"),
    "both": ("Both", "双语"),
    "axis": ("Time axis", "时间轴"),
    "axis_key": (
        "Each mark covers every day its date may denote: a dot is a day, a bar a month, "
        "a year or an interval. Dashed marks are uncertain (?) or approximate (~) dates.",
        "每个标记覆盖其日期可能指的全部日子:圆点为某一天,横条为某月、某年或时间段。"
        "虚线标记表示日期存疑(?)或约略(~)。",
    ),
    "no_issuer": ("(no issuer)", "(无发布机构)"),
    "due_key": (
        "A target is marked where it was set; a dashed arrow leads to a hollow mark over "
        "its due date.",
        "目标标在提出之日;虚线箭头指向其目标期限(空心标记)。",
    ),
    "relations_key": (
        "A thin arrow leads from an event to each event it relates to (listed in its entry).",
        "细箭头从一个事件指向与其相关的事件(详见该事件条目)。",
    ),
    "status": ("Status on {date}", "{date} 的状态"),
    "status_key": (
        "Each document's stage on the export date: the last stage whose date lies wholly "
        "before it (possibly a later one whose date may fall either side), and the next "
        "scheduled stage.",
        "各文件在导出之日所处的阶段:日期完全在该日之前的最后一个阶段(日期可能跨越该日的较晚阶段标为“可能”),以及下一个预定阶段。",
    ),
    "next_stage": ("Next stage", "下一阶段"),
    "possibly": ("possibly", "可能"),
    "first": ("Who moved first", "谁先行动"),
    "theme": ("Theme (tag)", "主题(标签)"),
    "verdict": ("Verdict", "结论"),
    "first_key": (
        "For each tag found in more than one jurisdiction: each one's first event with it. "
        "Leads are counted in calendar months and allow for imprecise dates.",
        "对于出现在多个辖区的每个标签:各辖区带该标签的第一个事件。领先时间按日历月计算,并考虑日期的不精确性。",
    ),
    "events_heading": ("Events", "事件"),
    "year_only": ("date unknown within the year", "年内日期不详"),
    "permalink": ("Link to this event", "本事件的链接"),
    "kind": ("Kind", "类型"),
    "notes": ("Curators' notes", "整理者注"),
    "cited": ("Sources", "出处"),
    "citations": ("Citations", "引文"),
    "back": ("back to the event", "返回事件"),
    "digest": ("digest", "摘要值"),
    "exported": ("exported {date} by policytl {version}", "由 policytl {version} 于 {date} 导出"),
    "exported_undated": ("exported by policytl {version}", "由 policytl {version} 导出"),
    # the HTML page's headline (issue 24): the finding of compare, and its bracket
    "headline": ("{a} moved {n} before {b}", "{a}比{b}早{n}行动"),
    "headline_same_month": ("{a} moved first, in the same month as {b}", "{a}先于{b}行动（同月）"),
    "headline_theme": ("First events tagged “{tag}”:", "标签“{tag}”的首个事件："),
    "headline_how": ("as computed by", "计算方式同"),
    "about": ("About these data", "关于本数据集"),
    # who moved first, ranked: how far behind the first each later side moved
    "later": ("{n} later", "晚{n}"),
    "lead_same-day": ("same day", "同日"),
    "lead_same-month": ("same month", "同月"),
    "lead_same-year": ("same year", "同年"),
    "lead_uncertain": ("order uncertain", "先后不确定"),
    # the axis' key: a sample of each mark, and what it means
    "key_day": ("a day", "某一天"),
    "key_month": ("a month", "某月"),
    "key_year": ("a year (a faint band across it)", "某年（整年淡色带）"),
    "key_interval": ("an interval", "时间段"),
    "key_uncertain": ("uncertain (?) or approximate (~)", "日期存疑（?）或约略（~）"),
    "key_due": ("a target, to its due date (hollow)", "目标：箭头指向目标期限（空心）"),
}


#: The lifecycle stages in words (an entry "In force: …", a line "Stage: In force").
_STAGE_WORDS: dict[str, tuple[str, str]] = {
    "proposed": ("Proposed", "提出草案"),
    "adopted": ("Adopted", "通过"),
    "published": ("Published", "发布"),
    "in-force": ("In force", "生效"),
    "applies": ("Applies", "适用"),
    "amended": ("Amended", "修订"),
    "postponed": ("Postponed", "推迟"),
    "suspended": ("Suspended", "暂停"),
    "repealed": ("Repealed", "废止"),
    "expired": ("Expired", "失效"),
}
#: The built-in relation types in words, as a line "Part of: <the other>" reads;
#: a type the file adds is shown as its slug.
_RELATION_WORDS: dict[str, tuple[str, str]] = {
    "responds-to": ("Responds to", "回应"),
    "implements": ("Implements", "落实"),
    "part-of": ("Part of", "属于"),
    "amends": ("Amends", "修订"),
    "postpones": ("Postpones", "推迟"),
    "supersedes": ("Supersedes", "取代"),
    "repeals": ("Repeals", "废止"),
    "based-on": ("Based on", "依据"),
    "transposes": ("Transposes", "转化"),
    "follows": ("Follows", "继"),
}


def stage_pair(stage: str) -> tuple[str, str]:
    """A lifecycle stage's English and Chinese words (the HTML page writes both)."""
    return _STAGE_WORDS[stage]


def stage_word(stage: str, lang: Lang | str) -> str:
    """'In force' (Chinese: '生效')."""
    en, zh = _STAGE_WORDS[stage]
    return zh if lang == Lang.ZH else en


def relation_pair(rtype: str) -> tuple[str, str]:
    """A relation type's English and Chinese words; its slug for a type the file adds."""
    return _RELATION_WORDS.get(rtype, (rtype, rtype))


def relation_word(rtype: str, lang: Lang | str) -> str:
    """'Part of' (Chinese: '属于'); the slug of a type the file adds."""
    en, zh = relation_pair(rtype)
    return zh if lang == Lang.ZH else en


#: the last timeline's events by id (exporters ask for it once per relation)
_INDEX: tuple[list[Event], dict[str, Event]] | None = None


def event_index(timeline: Timeline) -> dict[str, Event]:
    """The timeline's events by id (computed once per list of events)."""
    global _INDEX
    if _INDEX is None or _INDEX[0] is not timeline.events:
        _INDEX = (timeline.events, {e.id: e for e in timeline.events})
    return _INDEX[1]


def relation_target(timeline: Timeline, relation: Relation, lang: Lang | str) -> tuple[str, str]:
    """What a relation leads to, as text, and where: '2020-06-30 · <title>' and
    ``#<event id>`` for an event of the timeline; a document's title and its URL (or
    ``""``); else the id as written and ``""``."""
    event = event_index(timeline).get(relation.to)
    if event is not None:
        return f"{event.date.text} · {event.title.get(lang)}", f"#{event.id}"
    document = timeline.documents.get(relation.to)
    if document is not None:
        return document.title.get(lang), document.url or ""
    return relation.to, ""


def label_pair(key: str) -> tuple[str, str]:
    """A fixed label's English and Chinese texts (the HTML page writes both)."""
    return _LABELS[key]


def label(key: str, lang: Lang | str, **fmt: object) -> str:
    """A fixed label in English, or in Chinese for ``--lang zh``."""
    en, zh = _LABELS[key]
    text = zh if lang == Lang.ZH else en
    return text.format(**fmt) if fmt else text


def sep(lang: Lang | str) -> str:
    """Punctuation after a label."""
    return ":" if lang == Lang.ZH else ": "


def labelled(key: str, lang: Lang | str, value: str) -> str:
    """'Issued by: …' (Chinese: '发布机构:…')."""
    return f"{label(key, lang)}{sep(lang)}{value}"


_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Text with every run of whitespace (newlines too) made one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def paragraphs(text: Text | None, lang: Lang | str) -> list[str]:
    """The text in ``lang``; with ``both``, the Chinese and English texts apart."""
    if text is None:
        return []
    if lang == Lang.BOTH and text.zh and text.en and text.zh != text.en:
        return [text.zh, text.en]
    value = text.get(lang)
    return [value] if value else []


def document_title(timeline: Timeline, options: ExportOptions) -> str:
    if options.title:
        return options.title
    if timeline.title is not None:
        return timeline.title.get(options.lang)
    return label("default_title", options.lang)


def translation_note(timeline: Timeline, lang: Lang | str) -> str | None:
    """ "English texts: unofficial translation ..." when English is shown."""
    status = timeline.translations.get("en")
    if status is None or lang == Lang.ZH:
        return None
    return f"{label('translations', lang)}{sep(lang)}{status}"


def date_in_words(date: PolicyDate, lang: Lang | str) -> str:
    """'2016-02 (month precision)', '2020-06-30/2022 (from day precision to year precision)'."""
    if date.is_interval and date.precision != date.end_precision:
        what = label(
            "interval",
            lang,
            a=label(date.precision.value, lang),
            b=label(date.end_precision.value, lang),
        )
    else:
        what = label(date.precision.value, lang)
    quals = []
    if date.uncertain:
        quals.append(label("uncertain", lang))
    if date.approximate:
        quals.append(label("approximate", lang))
    inner = ("," if lang == Lang.ZH else ", ").join([what, *quals])
    if lang == Lang.ZH:
        return f"{date.text}({inner})"
    return f"{date.text} ({inner})"


def due_short(event: Event, lang: Lang | str) -> str | None:
    """'due 2022' (Chinese: '期限 2022') for an event with a due date, else None."""
    if event.due is None:
        return None
    return label("due_short", lang, date=event.due.text)


def issuers_text(timeline: Timeline, event: Event, lang: Lang | str) -> str:
    names = timeline.issuer_names(event, lang)
    return ("、" if lang == Lang.ZH else ", ").join(names)


def fact_lines(
    timeline: Timeline,
    event: Event,
    lang: Lang | str,
    *,
    clean: Callable[[str], str] | None = None,
    due_in_words: bool = True,
    link: Callable[[str, str], str] | None = None,
) -> list[str]:
    """'Stage: …', 'Scope: …', 'Due: …', 'Issued by: …', 'Document: …', each when the
    event has one, then a line per relation ('Part of: 2020-06-30 · <title>').

    ``clean`` makes a value safe for the format (applied to each value);
    ``due_in_words`` writes the due date with its precision in words
    ('2022 (year precision)'), else as written; ``link(text, href)`` makes the
    cleaned text of a document with a URL, or of a relation's target, a link (an
    event's href is ``#<event id>``).
    """
    values: list[tuple[str, str, str]] = []
    if event.stage is not None:
        values.append((label("stage", lang), stage_word(event.stage, lang), ""))
    if event.scope is not None:
        values.append((label("scope", lang), event.scope.get(lang), ""))
    if event.due is not None:
        due = date_in_words(event.due, lang) if due_in_words else event.due.text
        values.append((label("due", lang), due, ""))
    issuers = issuers_text(timeline, event, lang)
    if issuers:
        values.append((label("issued_by", lang), issuers, ""))
    if (document := timeline.document_title(event)) is not None:
        record = timeline.documents.get(event.document) if type(event.document) is str else None
        url = record.url if record is not None and record.url else ""
        values.append((label("document", lang), document.get(lang), url))
    for relation in event.relations:
        values.append(
            (relation_word(relation.type, lang), *relation_target(timeline, relation, lang))
        )
    lines = []
    for name, value, href in values:
        text = clean(value) if clean else value
        lines.append(f"{name}{sep(lang)}{link(text, href) if link and href else text}")
    return lines


def source_text(
    source: Source | None, source_id: str, lang: Lang | str, *, url: bool = True
) -> str:
    """'PANews, 小湃: 解读…… (2020-07-01)' (the source id when it is unknown)."""
    if source is None:
        return source_id
    who = ", ".join(x for x in (source.publisher, source.author) if x)
    title = source.title.get(lang)
    text = f"{who}{sep(lang)}{title}" if who else title
    if source.published is not None:
        text += f"({source.published.text})" if lang == Lang.ZH else f" ({source.published.text})"
    if url and source.url:
        text += f", {source.url}"
    return text


def citation_text(timeline: Timeline, citation: Citation, lang: Lang | str) -> str:
    """'PANews: 解读…… (2020-07-01), p. 3: “quote”'."""
    text = source_text(timeline.sources.get(citation.source), citation.source, lang)
    if citation.locator:
        text += f", {citation.locator}"
    return text if citation.quote is None else f"{text}{sep(lang)}“{citation.quote}”"


def cited_sources(timeline: Timeline) -> list[Source]:
    """The sources that the selected events cite, in registry order."""
    used = {c.source for e in timeline.events for c in e.sources}
    return [s for sid, s in timeline.sources.items() if sid in used]


# --- grouping -----------------------------------------------------------------------------


@dataclass
class Bucket:
    """Events under one heading: a month ('2016-02'), or the year's undated ones."""

    key: str
    #: True for the year-precision events of a year ("date unknown within year")
    year_only: bool
    events: list[Event] = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    events: list[Event] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)


def group_events(events: list[Event], group: Group) -> list[YearGroup]:
    """Events (in timeline order) by the year they start; with ``month``, by month too.

    Year-precision events go in a bucket of their own ('date unknown within
    the year'); day- and month-precision events go under their month.
    """
    years: list[YearGroup] = []
    for e in events:
        year = e.date.start.year
        if not years or years[-1].year != year:
            years.append(YearGroup(year))
        yg = years[-1]
        yg.events.append(e)
        if group == Group.MONTH:
            year_only = e.date.precision is Precision.YEAR
            key = str(year) if year_only else f"{year:04d}-{e.date.start.month:02d}"
            bucket = next((b for b in yg.buckets if b.key == key), None)
            if bucket is None:
                bucket = Bucket(key, year_only)
                yg.buckets.append(bucket)
            bucket.events.append(e)
    for yg in years:
        # newest first (export --reverse) keeps the months newest first too
        newest_first = yg.events[0].date.start > yg.events[-1].date.start
        yg.buckets.sort(key=lambda b: (not b.year_only, b.key), reverse=newest_first)
    return years


def year_label(year: int) -> str:
    return f"{year:04d}"


def bucket_label(bucket: Bucket, lang: Lang | str) -> str:
    if bucket.year_only:
        return label("unknown_within_year", lang, year=bucket.key)
    return bucket.key


def legend(events: list[Event], lang: Lang | str) -> str | None:
    """A line explaining ? ~ % and A/B, when some date uses them."""
    if any(e.date.uncertain or e.date.approximate or e.date.is_interval for e in events):
        return label("legend", lang)
    return None


def count_text(n: int, lang: Lang | str) -> str:
    if lang == Lang.ZH:
        return f"共 {n} {label('events', lang)}"
    return f"{n} {label('event' if n == 1 else 'events', lang)}"


def iter_citations(events: list[Event]) -> Iterator[tuple[Event, Citation]]:
    for e in events:
        for c in e.sources:
            yield e, c
