"""Which column holds which field: header names in English and Chinese, the TimelineJS
template's columns, policytl's own CSV export, and ``--map COLUMN=FIELD``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policytl.curate.importing.table import CellProblem, Row, Table, column_letter

__all__ = [
    "FIELDS",
    "FORMATS",
    "IGNORE",
    "Mapping_",
    "map_columns",
    "normal",
    "parse_maps",
    "preset",
]

#: the fields a column can hold, with what each means (``policytl import --help``, the guide)
FIELDS: dict[str, str] = {
    "id": "the event's id (a slug; made from the title when there is none)",
    "date": "when it happened (any date form policytl reads)",
    "due": "the date a target aims at",
    "kind": "the event kind (proposed, adopted, in-force ...)",
    "jurisdiction": "a jurisdiction code (EU, DE, CN-BJ) or a name the file or policytl knows",
    "issuers": "the issuing bodies by id or name, ';' between joint issuers",
    "title": "the title, in Chinese or English as its characters show",
    "title_zh": "the title in Chinese",
    "title_en": "the title in English",
    "summary": "a few sentences (also summary_zh, summary_en)",
    "document": "the document's title, or the id of a document of the file",
    "scope": "the part of the document the event concerns",
    "tags": "tags, ';' or ',' between them",
    "source": "the cited source: its id, its title, or its URL",
    "source_url": "the cited source's URL: one source for each distinct URL",
    "quote": "the source's words, verbatim",
    "locator": "where in the source: article, page, paragraph",
    "notes": "curators' notes",
    "url": "where to read more about the event",
    "relations": "links to other events or documents: 'type:id', ';' between them",
}
#: the field that means "ignore this column"
IGNORE = "-"
_TEXT_LANGS = ("summary", "document", "scope")
for _name in _TEXT_LANGS:
    FIELDS[f"{_name}_zh"] = f"the {_name} in Chinese"
    FIELDS[f"{_name}_en"] = f"the {_name} in English"

#: policytl's own CSV export: its columns that are fields of their own, and those derived
#: from others (left out: the date's parts, the issuers' names, the stage)
_OWN = {
    "sources": "sources",
    "quotes": "quotes",
    "relations": "relations",
    "issuer_names_zh": "issuer_names_zh",
    "issuer_names_en": "issuer_names_en",
    "document_id": "document_id",
}
_OWN_DERIVED = ("precision", "start", "end", "uncertain", "approximate", "stage")
#: the TimelineJS template's columns
_TIMELINEJS = {
    "year": "year",
    "month": "month",
    "day": "day",
    "end year": "end_year",
    "end month": "end_month",
    "end day": "end_day",
    "headline": "title",
    "text": "summary",
    "media": "source_url",
    "group": "jurisdiction",
    "type": "tljs_type",
}
_TIMELINEJS_IGNORED = (
    "time",
    "end time",
    "display date",
    "media credit",
    "media caption",
    "media thumbnail",
    "background",
)

#: the formats whose reader names the columns itself: each column as what the format
#: calls it, the field it holds, and how it is read (``docs/guide/import.md`` shows them)
FORMATS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "ics": (
        ("UID", "id", "the part before the @"),
        (
            "DTSTART",
            "date",
            "with DTEND or DURATION, the days the VEVENT spans: one day, a whole month, a "
            "whole year, else an interval of days; policytl's own export: the date as given",
        ),
        ("SUMMARY", "title", "the title"),
        ("LOCATION", "jurisdiction", "a code, or a name the file or policytl knows"),
        ("CATEGORIES", "tags", "each category a tag"),
        ("URL", "url", "the event's link"),
        ("URL", "source_url", "the cited source, when the DESCRIPTION names none"),
        ("DESCRIPTION", "summary", "the text; policytl's own export: its unlabelled lines"),
        ("DESCRIPTION", "kind", "policytl's own export: the stage of its Stage line"),
        ("DESCRIPTION", "issuers", "policytl's own export: its Issued by line"),
        ("DESCRIPTION", "due", "policytl's own export: its Due line"),
        ("DESCRIPTION", "scope", "policytl's own export: its Scope line"),
        (
            "DESCRIPTION",
            "source",
            "policytl's own export: each [n] line under Sources, its source as written",
        ),
        ("DESCRIPTION", "source_url", "policytl's own export: the URL in the source line"),
        ("DESCRIPTION", "locator", "policytl's own export: what follows that URL"),
        ("DESCRIPTION", "quote", "policytl's own export: the words in “ ” at its end"),
    ),
    "markwhen": (
        ("date", "date", "the event line's date (before its first ': '); a date: property"),
        ("title", "title", "the rest of the event line, its #tags taken out"),
        ("#tags", "tags", "each #tag on the event line"),
        ("section", "jurisdiction", "a jurisdiction: property, else the heading (# Name (CODE))"),
        ("id", "id", "an id: property"),
        ("kind", "kind", "a kind: property"),
        ("issuers", "issuers", "an issuers: property (ids or names)"),
        ("due", "due", "a due: property"),
        ("description", "summary", "the lines under the event line; Summary: lines"),
        ("Source:", "source", "each Source: line (policytl's own export), its source"),
        ("Source:", "source_url", "a URL in it; else the first link of the description"),
        ("Source:", "locator", "what follows that URL"),
        ("Source:", "quote", "the words in “ ” at its end"),
    ),
    "csl": (
        ("id", "id", "the item's id"),
        ("issued", "date", "its date-parts (circa: approximate), or its raw or literal text"),
        ("title", "title", "the title"),
        ("type", "kind", "bill: proposed; any other type: --kind, else document-issued"),
        ("jurisdiction", "jurisdiction", "a code, or a name the file or policytl knows"),
        ("authority", "issuers", "the issuing body (legislation); else the author's literal name"),
        ("abstract", "summary", "the abstract"),
        ("keyword", "tags", "its keywords, ',' or ';' between them"),
        ("title", "source", "the item is the cited source"),
        ("URL", "source_url", "its URL"),
        ("page", "locator", "the page, or section, or number (an article or a law's number)"),
        ("note", "quote", "the words in “ ” that start the note (policytl's cite export)"),
    ),
}


def preset(fmt: str) -> tuple[list[str], tuple[str | None, ...]]:
    """The header and fields of a table read from format ``fmt`` (``FORMATS``)."""
    columns = FORMATS[fmt]
    return [name for name, _, _ in columns], tuple(field for _, field, _ in columns)


#: header names people use, after ``normal()``
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "event id", "key", "编号", "事件编号"),
    "date": (
        "date",
        "when",
        "start",
        "start date",
        "event date",
        "datum",
        "fecha",
        "data",
        "日期",
        "时间",
        "發布日期",
        "发布日期",
        "发布时间",
        "日期时间",
    ),
    "due": ("due", "due date", "deadline", "target date", "期限", "目标日期", "截止日期"),
    "kind": ("kind", "type", "event kind", "event type", "stage", "类型", "事件类型", "阶段"),
    "jurisdiction": (
        "jurisdiction",
        "country",
        "region",
        "state",
        "地区",
        "国家",
        "辖区",
        "国家/地区",
        "行政区",
    ),
    "issuers": (
        "body",
        "bodies",
        "issuer",
        "issuers",
        "issuing body",
        "authority",
        "institution",
        "organisation",
        "organization",
        "actor",
        "发布机构",
        "发文机关",
        "发文单位",
        "机构",
        "部门",
        "发布单位",
    ),
    "title": ("title", "event", "name", "headline", "what", "标题", "事件", "名称"),
    "title_zh": ("title zh", "chinese title", "中文标题", "标题（中文）", "标题(中文)"),
    "title_en": ("title en", "english title", "英文标题", "标题（英文）", "标题(英文)"),
    "summary": ("summary", "description", "details", "摘要", "内容", "描述", "概要"),
    "summary_zh": ("summary zh",),
    "summary_en": ("summary en",),
    "document": ("document", "document title", "law", "act", "文件", "文件名称", "政策文件"),
    "document_zh": ("document zh",),
    "document_en": ("document en",),
    "scope": ("scope", "范围"),
    "relations": ("relations", "links", "关联"),
    "scope_zh": ("scope zh",),
    "scope_en": ("scope en",),
    "tags": ("tags", "tag", "keywords", "topics", "标签", "关键词"),
    "source": ("source", "source title", "publication", "reference", "来源", "出处", "信息来源"),
    "source_url": (
        "source url",
        "url",
        "link",
        "source link",
        "web",
        "链接",
        "网址",
        "来源链接",
        "原文链接",
    ),
    "quote": ("quote", "quotation", "excerpt", "citation", "引文", "原文", "摘录"),
    "locator": ("locator", "article", "page", "section", "pages", "条款", "页码", "条"),
    "notes": ("notes", "note", "comment", "comments", "remarks", "备注", "说明", "注释"),
    "url": ("event url", "more", "read more", "详情"),
}
_BY_ALIAS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


def normal(header: str) -> str:
    """A header as it is looked up: case, spaces, ``_`` and ``-`` do not matter."""
    return re.sub(r"[\s_\-]+", " ", header.strip().casefold()).strip(" :：")


@dataclass(frozen=True, slots=True)
class Mapping_:
    """Each column's field (``None``: ignored), and what kind of file the header shows."""

    fields: tuple[str | None, ...]
    #: "own" (policytl's CSV export), "timelinejs" (the template) or "table"
    layout: str

    def index(self, name: str) -> int | None:
        """The column holding field ``name``, if one does."""
        return self.fields.index(name) if name in self.fields else None


def _layout(headers: Sequence[str]) -> str:
    names = {normal(h) for h in headers}
    if {"id", "date", "precision", "issuer_names_zh", "quotes"} <= {h.strip() for h in headers}:
        return "own"
    if {"year", "headline"} <= names:
        return "timelinejs"
    return "table"


def parse_maps(maps: Sequence[str]) -> dict[str, str]:
    """``--map COLUMN=FIELD`` options as ``{normal(COLUMN): FIELD}``; UsageError if bad."""
    from policytl.model.errors import UsageError

    out: dict[str, str] = {}
    for given in maps:
        column, sep, name = given.rpartition("=")
        name = name.strip()
        if not sep or not column.strip():
            raise UsageError(f"--map {given!r}: expected COLUMN=FIELD (or COLUMN=- to ignore it)")
        if name != IGNORE and name not in FIELDS:
            raise UsageError(
                f"--map {given!r}: unknown field {name!r}; fields: {', '.join(FIELDS)}, "
                f"or {IGNORE} to ignore the column"
            )
        out[normal(column)] = name
    return out


def map_columns(
    table: Table, maps: Mapping[str, str], header_row: int = 1
) -> tuple[Mapping_, list[CellProblem]]:
    """Each column's field, and a problem for each column that has none (or whose
    field another column already holds)."""
    if table.fields is not None:
        return Mapping_(table.fields, table.layout), []
    layout = _layout(table.header)
    problems: list[CellProblem] = []
    fields: list[str | None] = []
    used: dict[str, str] = {}
    for i, header in enumerate(table.header):
        key = normal(header)
        name = table.column_name(i)
        letter = column_letter(i).casefold()
        if key and key in maps:
            field: str | None = maps[key]
        elif letter in maps:
            field = maps[letter]
        else:
            field = _known(key, layout)
        if field is None and not key and all(not _text(r, i) for r in table.rows):
            field = IGNORE  # a column with neither header nor data
        if field is None:
            problems.append(
                CellProblem(
                    table.file,
                    header_row,
                    name,
                    f"no field for column {name!r}: map it with --map '{name}=FIELD' "
                    f"(FIELD one of {', '.join(FIELDS)}) or ignore it with --map '{name}=-'",
                )
            )
        elif field != IGNORE and field in used:
            problems.append(
                CellProblem(
                    table.file,
                    header_row,
                    name,
                    f"column {name!r} holds {field}, as column {used[field]!r} does: "
                    f"map one of them to another field, or ignore it with --map '{name}=-'",
                )
            )
            field = IGNORE
        elif field != IGNORE:
            used[field] = name
        fields.append(None if field in (None, IGNORE) else field)
    return Mapping_(tuple(fields), layout), problems


def _text(row: Row, i: int) -> str:
    value = row.cells[i] if i < len(row.cells) else None
    return "" if value is None else str(value).strip()


def _known(key: str, layout: str) -> str | None:
    if layout == "own":
        if key in _OWN or key.replace(" ", "_") in _OWN:
            return _OWN.get(key) or _OWN[key.replace(" ", "_")]
        if key in _OWN_DERIVED:
            return IGNORE
        plain = key.replace(" ", "_")
        if plain in FIELDS:
            return plain
    if layout == "timelinejs":
        if key in _TIMELINEJS:
            return _TIMELINEJS[key]
        if key in _TIMELINEJS_IGNORED:
            return IGNORE
    plain = key.replace(" ", "_")
    if plain in FIELDS:
        return plain
    return _BY_ALIAS.get(key)
