"""Mermaid export: a ``timeline`` diagram with a section per year.

Each period is a date exactly as written; events with the same date share
it. Labels come from the data, so they are made safe for Mermaid's timeline
grammar: whitespace runs (newlines included) become one space, control
characters become U+FFFD, and the characters that its parser or renderer
reads as syntax are written as Mermaid entity codes (``#35;`` for ``#``,
which starts a comment; ``#58;`` for ``:``, which separates events;
``#59;`` for ``;``; ``#37;`` for ``%``, as ``%%`` starts a comment; and
``< > & ° ¶``, which Mermaid's own entity handling or HTML would read).
Mermaid decodes these codes and shows the original characters. A label
longer than 300 characters is cut there with "…" (Mermaid refuses diagrams
over 50,000 characters). A target stays at the date it was set, its label
followed by its due date: "title (due 2022)".
"""

from __future__ import annotations

import re

from ..model import Timeline
from . import ExportOptions
from .common import document_title, due_short, group_events, one_line

__all__ = ["MAX_LABEL", "label_text", "render"]

MAX_LABEL = 300
_CODES = {c: f"#{ord(c)};" for c in "#:;%<>&°¶"}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def label_text(text: str) -> str:
    """``text`` as a safe Mermaid timeline label."""
    flat = _CONTROL.sub("\ufffd", one_line(text))
    if len(flat) > MAX_LABEL:
        flat = flat[: MAX_LABEL - 1] + "…"
    return "".join(_CODES.get(c, c) for c in flat)


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    lines = ["timeline", f"    title {label_text(document_title(timeline, options))}"]
    for yg in group_events(timeline.events, options.group):
        lines.append(f"    section {yg.year:04d}")
        period: str | None = None
        for e in yg.events:
            text = label_text(e.title.get(lang))
            due = due_short(e, lang)
            if due:
                text += f" ({label_text(due)})"
            if e.date.text == period:
                lines.append(f"        {' ' * len(period)} : {text}")
            else:
                period = e.date.text
                lines.append(f"        {period} : {text}")
    return "\n".join(lines) + "\n"
