"""Export formats: one module per format, each a pure ``render(...) -> str``.

The registry maps every member of :class:`Format` onto its module; modules are
imported only when their format is used, so start-up pays for none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Protocol

from ..model import Lang, Timeline

__all__ = ["MODULES", "ExportOptions", "Format", "Renderer", "render"]


class Format(StrEnum):
    JSON = "json"


#: Format -> module in policytl.export; a test checks this covers Format exactly.
MODULES: dict[Format, str] = {
    Format.JSON: "json",
}


@dataclass(frozen=True)
class ExportOptions:
    """Presentation choices shared by the exporters."""

    lang: Lang = Lang.BOTH
    #: "year" or "month": how Markdown groups events
    group: str = "year"
    #: "list" or "table": Markdown layout
    style: str = "list"
    #: CSV: prefix a UTF-8 BOM so that Excel shows Chinese correctly
    excel: bool = False
    #: the filters that selected the events, as the user typed them (shown in documents)
    filters: str = ""


class Renderer(Protocol):
    def __call__(self, timeline: Timeline, options: ExportOptions) -> str: ...


def renderer(fmt: Format) -> Renderer:
    module = import_module(f"policytl.export.{MODULES[fmt]}")
    fn: Renderer = module.render
    return fn


def render(fmt: Format, timeline: Timeline, options: ExportOptions | None = None) -> str:
    """Render ``timeline`` (its events already selected) in format ``fmt``."""
    return renderer(fmt)(timeline, options or ExportOptions())
