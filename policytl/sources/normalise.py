"""The normalisation quotes are matched after, and where a normalised offset came from.

A quote is first looked for exactly as written. When it is not there, the quote
and the copy's text are both normalised, by these steps in this order:

1. ``soft-hyphens``: soft hyphens (U+00AD) removed;
2. ``hyphenation``: a hyphen at the end of a line between two letters (a PDF's
   line-end hyphenation) removed with the line break: ``regu-\\nlation`` is
   ``regulation``; or, as ``line-end-hyphen``, the line break alone removed
   (``well-\\nknown`` is ``well-known``);
3. ``whitespace``: whitespace and line breaks removed between CJK characters
   (ideographs, kana, hangul, CJK and full-width punctuation), and any other run
   of whitespace made one space;
4. ``nfkc``: Unicode NFKC, which makes full-width and half-width forms one
   (``，`` and ``,``, ``：`` and ``:``, ``Ａ`` and ``A``).

The report names the steps a match needed, as few as suffice.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

__all__ = [
    "ALTERNATIVE",
    "FULL",
    "STEPS",
    "Mapped",
    "normalise",
    "normalise_mapped",
]

#: what each step does, as the report and the docs say it
STEPS: dict[str, str] = {
    "soft-hyphens": "soft hyphens removed",
    "hyphenation": "hyphenation at line ends removed",
    "line-end-hyphen": "line breaks after a hyphen removed",
    "whitespace": "whitespace removed between CJK characters and collapsed elsewhere",
    "nfkc": "Unicode NFKC (full-width and half-width forms)",
}
#: every step, in order: what a quote is matched after when it is not found as written
FULL: tuple[str, ...] = ("soft-hyphens", "hyphenation", "whitespace", "nfkc")
#: the same, keeping a hyphen at a line end (a compound word broken across lines)
ALTERNATIVE: tuple[str, ...] = ("soft-hyphens", "line-end-hyphen", "whitespace", "nfkc")

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_SOFT = re.compile("\u00ad")
_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[^\W\d_])")
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

#: each step as regex substitutions (pattern, replacement), in order; nfkc is its own
_SUBS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "soft-hyphens": ((_SOFT, ""),),
    "hyphenation": ((_HYPHEN, ""),),
    "line-end-hyphen": ((_HYPHEN, "-"),),
    "whitespace": ((_CJK_GAP, ""), (_SPACES, " ")),
}


def normalise(text: str, steps: Sequence[str]) -> str:
    """``text`` after ``steps`` (names of ``STEPS``, applied in the order given)."""
    for step in steps:
        if step == "nfkc":
            if not text.isascii():
                text = unicodedata.normalize("NFKC", text)
            continue
        for pattern, replacement in _SUBS[step]:
            text = pattern.sub(replacement, text)
    return text.strip() if "whitespace" in steps else text


class Mapped:
    """A text after normalisation, and the offset in the original of each of its offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: one list per step: (offset after the step, offset before it) at each change
        self._anchors: list[tuple[list[int], list[int]]] = []

    def _apply(self, changes: list[tuple[int, int, str]]) -> None:
        """Replace the spans ``(start, end, by)`` of the text (in order, not overlapping)."""
        pieces: list[str] = []
        after: list[int] = [0]
        before: list[int] = [0]
        at = 0
        size = 0
        for start, end, by in changes:
            pieces.append(self.text[at:start])
            size += start - at
            after.append(size)
            before.append(start)
            pieces.append(by)
            size += len(by)
            after.append(size)
            before.append(end)
            at = end
        pieces.append(self.text[at:])
        self.text = "".join(pieces)
        self._anchors.append((after, before))

    def sub(self, pattern: re.Pattern[str], replacement: str) -> None:
        self._apply([(m.start(), m.end(), replacement) for m in pattern.finditer(self.text)])

    def nfkc(self) -> None:
        changes = []
        for m in _NON_ASCII.finditer(self.text):
            by = unicodedata.normalize("NFKC", m.group())
            if by != m.group():
                changes.append((m.start(), m.end(), by))
        self._apply(changes)

    def original(self, offset: int) -> int:
        """The offset in the original text that ``offset`` of the normalised one came from."""
        for after, before in reversed(self._anchors):
            i = bisect.bisect_right(after, offset) - 1
            offset = before[i] + min(offset - after[i], _span(after, before, i))
        return offset


def _span(after: list[int], before: list[int], i: int) -> int:
    """How far past anchor ``i`` an offset can be carried unchanged (inside a replacement,
    every offset maps to the replacement's start)."""
    if i + 1 < len(after) and before[i + 1] - before[i] != after[i + 1] - after[i]:
        return 0
    return 1 << 62


def normalise_mapped(text: str, steps: Sequence[str]) -> Mapped:
    """``normalise`` that remembers where each offset of the result came from (slower:
    for locating a passage in the original text)."""
    out = Mapped(text)
    for step in steps:
        if step == "nfkc":
            out.nfkc()
            continue
        for pattern, replacement in _SUBS[step]:
            out.sub(pattern, replacement)
    if "whitespace" in steps:
        size = len(out.text)
        kept = out.text.strip()
        lead = size - len(out.text.lstrip())
        out._apply([(0, lead, ""), (lead + len(kept), size, "")] if kept else [(0, size, "")])
    return out
