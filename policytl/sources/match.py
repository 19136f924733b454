"""Finding a quote in a copy's text: as written, after normalisation, or its nearest passage."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from policytl.sources.extract import Text
from policytl.sources.normalise import ALTERNATIVE, FULL, normalise, normalise_mapped

__all__ = ["Found", "Nearest", "Page", "char_diff", "find"]

#: how much of the text around a change a diff keeps (of a quote longer than _SHORT)
_CONTEXT = 12
_SHORT = 80
#: how alike (0 to 100) a passage must be to be shown as the nearest
ALIKE = 60.0


@dataclass(frozen=True)
class Nearest:
    """The passage of the copy most like a quote that is not in it."""

    text: str
    location: str
    #: 0 to 100
    similarity: float
    diff: str


@dataclass(frozen=True)
class Found:
    """Where a quote is in a copy (``nearest`` instead when it is not there)."""

    found: bool
    #: the normalisation steps the match needed (none: as written)
    steps: tuple[str, ...] = ()
    location: str = ""
    nearest: Nearest | None = None


class Page:
    """A copy's text, with its normalised forms made once each."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self._forms: dict[tuple[str, ...], str] = {}

    def form(self, steps: tuple[str, ...]) -> str:
        if steps not in self._forms:
            self._forms[steps] = normalise(self.text.text, steps)
        return self._forms[steps]

    def locate(self, steps: tuple[str, ...], offset: int) -> str:
        mapped = normalise_mapped(self.text.text, steps)
        return self.text.location(mapped.original(offset))


def find(page: Page, quote: str) -> Found:
    """Where ``quote`` is in ``page``: as written, else after as few normalisation steps
    as suffice, else not found with the nearest passage."""
    at = page.text.text.find(quote)
    if at >= 0:
        return Found(True, (), page.text.location(at))
    for steps in (FULL, ALTERNATIVE):
        if normalise(quote, steps) in page.form(steps):
            needed = _fewest(page, quote, steps)
            at = page.form(needed).find(normalise(quote, needed))
            return Found(True, needed, page.locate(needed, at))
    return Found(False, nearest=nearest(page, quote))


def _fewest(page: Page, quote: str, steps: tuple[str, ...]) -> tuple[str, ...]:
    """``steps`` without each step the match does not need."""
    needed = list(steps)
    for step in steps:
        fewer = tuple(s for s in needed if s != step)
        if fewer and normalise(quote, fewer) in page.form(fewer):
            needed.remove(step)
    return tuple(needed)


def nearest(page: Page, quote: str) -> Nearest | None:
    """The passage of ``page`` most like ``quote`` (both fully normalised)."""
    from rapidfuzz import fuzz

    wanted = normalise(quote, FULL)
    text = page.form(FULL)
    if not wanted or not text:
        return None
    aligned = fuzz.partial_ratio_alignment(wanted, text)
    if aligned is None:
        return None
    start, end = aligned.dest_start, aligned.dest_end
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    passage = text[start:end]
    return Nearest(
        passage,
        page.locate(FULL, start),
        round(aligned.score, 1),
        char_diff(wanted, passage),
    )


def char_diff(quote: str, passage: str) -> str:
    """What turns ``quote`` into ``passage``, in wdiff's notation: ``[-taken out-]`` and
    ``{+put in+}``, with a little of the text around each change."""
    matcher = difflib.SequenceMatcher(None, quote, passage, autojunk=False)
    ops = matcher.get_opcodes()
    out: list[str] = []
    short = len(quote) <= _SHORT
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            same = quote[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            if short:
                pass
            elif len(same) > 2 * _CONTEXT + 1 or ((first or last) and len(same) > _CONTEXT):
                head = "" if first else same[:_CONTEXT]
                tail = "" if last else same[-_CONTEXT:]
                same = f"{head}…{tail}"
            out.append(same)
            continue
        if i2 > i1:
            out.append(f"[-{quote[i1:i2]}-]")
        if j2 > j1:
            out.append(f"{{+{passage[j1:j2]}+}}")
    return "".join(out)
