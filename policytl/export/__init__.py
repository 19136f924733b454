"""Export formats: one module per format, each a pure ``render(...) -> str``, or
``render_files(...) -> dict[str, bytes]`` for a format made of files (``FILE_FORMATS``).

The registry maps every member of :class:`Format` onto its module; modules are
imported only when their format is used, so start-up pays for none of them.
Every renderer gets a timeline whose events are already selected (see
``policytl.analyze.query.select``) and returns the whole document as text; it never
prints and never writes files (the CLI does, atomically, only on success).

A format that is not one text (a folder of tables, a binary database) is in
``FILE_FORMATS``: its module's ``render_files`` returns the bytes of its files by
name, which the CLI writes to ``-o`` (required): a ``FOLDER_FORMATS`` format's
files into the folder ``-o`` names, another's one file at ``-o`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module

from policytl.model.records import Lanes, Lang, Timeline

__all__ = [
    "FILE_FORMATS",
    "FOLDER_FORMATS",
    "MODULES",
    "ExportOptions",
    "FileRenderer",
    "Format",
    "Group",
    "Renderer",
    "Style",
    "render",
    "render_files",
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
    DATAPACKAGE = "datapackage"
    SQLITE = "sqlite"


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
    Format.DATAPACKAGE: "datapackage",
    Format.SQLITE: "sqlite",
}

#: Formats made of files rather than one text: their module has ``render_files``.
FILE_FORMATS = frozenset({Format.DATAPACKAGE, Format.SQLITE})
#: File formats whose ``-o`` is a folder that holds their files (the others write
#: their one file at ``-o`` itself).
FOLDER_FORMATS = frozenset({Format.DATAPACKAGE})


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
#: What a file format module's ``render_files`` is: the bytes of each file, by name.
FileRenderer = Callable[[Timeline, ExportOptions], dict[str, bytes]]


def renderer(fmt: Format) -> Renderer:
    if fmt in FILE_FORMATS:
        raise ValueError(f"{fmt.value} is made of files: use render_files")
    module = import_module(f"policytl.export.{MODULES[fmt]}")
    fn: Renderer = module.render
    return fn


def render_files(
    fmt: Format, timeline: Timeline, options: ExportOptions | None = None
) -> dict[str, bytes]:
    """The files of ``timeline`` (its events already selected) in the file format
    ``fmt``, by name (a FOLDER_FORMATS format's names are relative to its folder)."""
    if fmt not in FILE_FORMATS:
        raise ValueError(f"{fmt.value} is one text: use render")
    module = import_module(f"policytl.export.{MODULES[fmt]}")
    fn: FileRenderer = module.render_files
    return fn(timeline, options or ExportOptions())


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
