"""Export formats: one module per format, each a pure ``render(...) -> str``.

The registry maps every member of :class:`Format` onto its module; modules are
imported only when their format is used, so start-up pays for none of them.
Every renderer gets a timeline whose events are already selected (see
``policytl.analyze.query.select``) and returns the whole document as text; it never
prints and never writes files (the CLI does, atomically, only on success).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module

from policytl.model.records import Lanes, Lang, Timeline

__all__ = [
    "MODULES",
    "ExportOptions",
    "Format",
    "Group",
    "Renderer",
    "Style",
    "render",
    "renderer",
]


class Format(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    ICS = "ics"
    MERMAID = "mermaid"
    TIMELINEJS = "timelinejs"
    MARKWHEN = "markwhen"
    HTML = "html"


#: Format -> module in policytl.export; a test checks this covers Format exactly.
MODULES: dict[Format, str] = {
    Format.MARKDOWN: "markdown",
    Format.JSON: "json",
    Format.CSV: "csv",
    Format.ICS: "ics",
    Format.MERMAID: "mermaid",
    Format.TIMELINEJS: "timelinejs",
    Format.MARKWHEN: "markwhen",
    Format.HTML: "html",
}


class Group(StrEnum):
    """How documents (Markdown, HTML) group events under headings."""

    YEAR = "year"
    MONTH = "month"


class Style(StrEnum):
    """Markdown layout: a list of events, or a GitHub-flavoured table."""

    LIST = "list"
    TABLE = "table"


@dataclass(frozen=True)
class ExportOptions:
    """Presentation choices shared by the exporters."""

    #: language of the texts (titles, summaries, labels); json and csv carry both always
    lang: Lang = Lang.BOTH
    #: Markdown/HTML: group events by year, or by year and month
    group: Group = Group.YEAR
    #: Markdown layout
    style: Style = Style.LIST
    #: CSV: prefix a UTF-8 BOM so that Excel shows Chinese correctly
    excel: bool = False
    #: a title replacing the data set's own (documents, calendars, diagrams)
    title: str | None = None
    #: the filters that selected the events, as the user typed them (shown in documents)
    filters: str = ""
    #: HTML: one lane of the time axis per jurisdiction, or per issuing body
    lanes: Lanes = Lanes.JURISDICTION
    #: HTML: the export date shown in the footer (ISO date), or None to show none
    generated: str | None = None


#: What each format module's ``render`` is. A plain Callable rather than a
#: typing.Protocol: importing typing costs start-up time (see policytl/__init__.py).
Renderer = Callable[[Timeline, ExportOptions], str]


def renderer(fmt: Format) -> Renderer:
    module = import_module(f"policytl.export.{MODULES[fmt]}")
    fn: Renderer = module.render
    return fn


#: Formats read as text by people (and often printed to a terminal): control and
#: bidi characters from data are shown in them as visible escapes such as ``\x1b``.
#: JSON formats escape them as ``\uXXXX`` (same text when parsed); CSV and ICS
#: are data files that carry the text as it is.
TEXT_FORMATS = frozenset({Format.MARKDOWN, Format.HTML, Format.MERMAID, Format.MARKWHEN})


def render(fmt: Format, timeline: Timeline, options: ExportOptions | None = None) -> str:
    """Render ``timeline`` (its events already selected) in format ``fmt``; ``both``
    languages are the ones the data has (``policytl.model.lang.shown``)."""
    from dataclasses import replace

    from policytl.model.lang import shown

    options = options or ExportOptions()
    options = replace(options, lang=shown(options.lang, timeline))
    out = renderer(fmt)(timeline, options)
    if fmt in TEXT_FORMATS:
        from policytl.model.textsafe import for_terminal

        out = for_terminal(out)
    return out
