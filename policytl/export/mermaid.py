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
followed by its due date: "title (due 2022)". An event of a lifecycle kind
(``proposed`` ... ``expired``) has its stage after its title: "title (in force)".
A timeline diagram has no edges, so relations are not drawn (``policytl trace -f
mermaid`` draws them as a flowchart).

Mermaid wraps a label only at spaces, so a Chinese label would stay one line,
overflow its box (150 px) and overwrite its neighbours. A label holding
wide (CJK) characters is therefore broken into lines of at most
``LINE_CELLS`` (14) terminal cells, a Chinese character being two, with
``<br>``, which timeline events allow: between two characters of which one
is Chinese, or after a space (never inside a Latin word); nothing is
dropped. Labels without wide characters are left to Mermaid's own wrapping.
"""

from __future__ import annotations

import re
import unicodedata

from policytl.export import ExportOptions
from policytl.export.common import document_title, due_short, group_events, one_line, stage_word
from policytl.model.records import STAGES, Timeline

__all__ = ["LINE_CELLS", "MAX_LABEL", "break_lines", "label_text", "render"]

MAX_LABEL = 300
#: the widest line of a broken label, in terminal cells (a CJK character is two)
LINE_CELLS = 14

_CODES = {c: f"#{ord(c)};" for c in "#:;%<>&°¶"}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _cells(text: str) -> int:
    return sum(2 if _wide(c) else 1 for c in text)


def _tokens(text: str) -> list[str]:
    """Spaces, single wide characters, and runs of narrow characters (words)."""
    out: list[str] = []
    for c in text:
        if c == " ":
            if out and out[-1].startswith(" "):
                out[-1] += c
            else:
                out.append(c)
        elif _wide(c) or not out or out[-1].startswith(" ") or _wide(out[-1][-1]):
            out.append(c)
        else:
            out[-1] += c
    return out


def break_lines(text: str, width: int = LINE_CELLS) -> list[str]:
    """``text`` (one line) in lines of at most ``width`` cells, when it has wide characters.

    Lines break between wide characters or after spaces (which stay at the
    end of their line, where Mermaid trims them, so ``"".join`` of the lines
    is ``text``); a narrow word longer than ``width`` gets a line of its own.
    Text with no wide character is one line.
    """
    if not any(_wide(c) for c in text):
        return [text]
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and not token.startswith(" ") and _cells(line.rstrip()) + _cells(token) > width:
            lines.append(line)
            line = ""
        line += token
    if line:
        lines.append(line)
    return lines


def label_text(text: str, *, wrap: bool = True) -> str:
    """``text`` as a safe Mermaid timeline label, broken into lines when it has CJK.

    With ``wrap=False`` (the diagram's title, which is not in a box) it stays one line.
    """
    flat = _CONTROL.sub("\ufffd", one_line(text))
    if len(flat) > MAX_LABEL:
        flat = flat[: MAX_LABEL - 1] + "…"
    lines = break_lines(flat) if wrap else [flat]
    return "<br>".join("".join(_CODES.get(c, c) for c in line) for line in lines)


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    lines = ["timeline", f"    title {label_text(document_title(timeline, options), wrap=False)}"]
    for yg in group_events(timeline.events, options.group):
        lines.append(f"    section {yg.year:04d}")
        period: str | None = None
        for e in yg.events:
            text = label_text(e.title.get(lang))
            if e.kind in STAGES:
                text += f" ({label_text(stage_word(e.kind, lang).lower())})"
            due = due_short(e, lang)
            if due:
                text += f" ({label_text(due)})"
            if e.date.text == period:
                lines.append(f"        {' ' * len(period)} : {text}")
            else:
                period = e.date.text
                lines.append(f"        {period} : {text}")
    return "\n".join(lines) + "\n"
