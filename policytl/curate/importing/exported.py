"""What policytl's own text exports (iCalendar, Markwhen) write in words, read back:
their labelled lines (``Issued by: …``, ``Stage: In force``, ``Date as given: 2016-02
(month precision)``) in English or Chinese, and their citations
(``PANews: title (2020-07-01), https://…, Art. 3: “quote”``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from policytl.export.common import label_pair, relation_pair, stage_pair
from policytl.model.records import RELATION_TYPES, STAGES

__all__ = ["Cited", "cells_of", "citation", "date_given", "fact", "labelled", "names", "stage_kind"]

_ADDED_RELATION = re.compile(r"[a-z0-9][a-z0-9._-]*[:：]\s")
_SEP = re.compile(r"\s*[:：]\s*")
_STAGES = {word.casefold(): stage for stage in STAGES for word in stage_pair(stage) if word} | {
    "document issued": "document-issued"
}
_DATE = re.compile(r"[0-9X?~%/.\-]+", re.ASCII)
_QUOTE = re.compile(r"[:：]\s*“(?P<quote>.*)”$", re.DOTALL)
_URL = re.compile(r"(?P<url>https?://[^\s,()]+)")
#: a Markdown (and Markwhen) link
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>https?://[^)\s]+)\)")


def labelled(line: str, key: str) -> str | None:
    """The value of ``line`` when it is ``Label: value`` with the label ``key`` (in English
    or Chinese), else None."""
    for word in label_pair(key):
        if line.startswith(word):
            rest = line[len(word) :]
            m = _SEP.match(rest)
            if m is not None and m.end() > 0:
                return rest[m.end() :].strip()
    return None


def fact(line: str) -> bool:
    """Whether ``line`` is a fact line the reader leaves out: the document (its title,
    not its id) or a relation (``Part of: 2020-06-30 · <title>``)."""
    if labelled(line, "document") is not None:
        return True
    if _ADDED_RELATION.match(line):
        return True  # a relation type the file adds, shown as its slug
    for rtype in RELATION_TYPES:
        for word in relation_pair(rtype):
            if line.startswith(word) and _SEP.match(line[len(word) :]):
                return True
    return False


def stage_kind(word: str) -> str | None:
    """The kind of a stage in words (``In force``, ``生效``), or None."""
    return _STAGES.get(" ".join(word.casefold().split()))


def date_given(text: str) -> str:
    """The date of ``2016-02 (month precision)`` (``2016-02``); the text when it starts
    with no date."""
    m = _DATE.match(text.strip())
    return m.group() if m is not None else text


def names(text: str) -> str:
    """An ``Issued by`` line's names, one a line (``, `` in English, ``、`` in Chinese)."""
    return "\n".join(n.strip() for n in re.split(r"、|, ", text) if n.strip())


@dataclass(frozen=True, slots=True)
class Cited:
    """One citation as an export writes it, in its parts."""

    source: str
    url: str = ""
    locator: str = ""
    quote: str = ""


def citation(text: str) -> Cited:
    """The parts of ``PANews: title (2020-07-01), https://…, Art. 3: “quote”``: the URL and
    the locator after it only when there is a URL (else the locator stays in the source)."""
    quote = ""
    m = _QUOTE.search(text)
    if m is not None:
        quote, text = m["quote"], text[: m.start()]
    text = _LINK.sub(r"\g<text> \g<url>", text)
    u = _URL.search(text)
    if u is None:
        return Cited(text.strip(), quote=quote)
    before, after = text[: u.start()].strip().rstrip(","), text[u.end() :].strip()
    title, _, locator = after.rpartition(", ") if ", " in after else (after, "", "")
    if after.startswith(","):
        title, locator = "", after[1:]
    source = " ".join(t for t in (before, title.strip()) if t)
    return Cited(source, u["url"], locator.strip(), quote)


def cells_of(citations: Iterable[Cited]) -> dict[str, str]:
    """The cells of several citations: each field's values one a line."""
    cites = list(citations)
    if not cites:
        return {}
    return {
        "source": "\n".join(c.source for c in cites),
        "source_url": "\n".join(c.url for c in cites),
        "locator": "\n".join(c.locator for c in cites),
        "quote": "\n".join(c.quote for c in cites),
    }
