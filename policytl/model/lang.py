"""Languages: the BCP 47 tags that texts are keyed by, and the ``Text`` they key.

A text (``{zh: ..., en: ..., it: ...}``) holds one string per language, keyed by
a BCP 47 language tag (``en``, ``zh``, ``zh-Hant``, ``it``, ``es-419`` ...). This
module is the one place that says what a tag looks like (``TAG``), how the
languages of a text are ordered (``zh`` and ``en`` first, as the format has
always written them, then the others by tag) and how two tags compare (without
regard to case, as BCP 47 says).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policytl.model.records import Timeline

__all__ = [
    "FIRST",
    "TAG",
    "TAG_EXPECTED",
    "Lang",
    "Text",
    "data_languages",
    "is_tag",
    "languages",
    "ordered",
    "shown",
]

#: The shape of a BCP 47 language tag: a language of two or three lowercase letters,
#: then subtags of 2-8 letters or digits (script ``Hant``, region ``TW`` or ``419``,
#: variant), then extensions and private use (``-u-ca-gregory``, ``-x-legal``).
TAG = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*(?:-[A-Za-z0-9](?:-[A-Za-z0-9]{2,8})+)*"
TAG_EXPECTED = "a BCP 47 language tag such as en, zh-Hant or it"
_TAG = re.compile(TAG)

#: The languages a text lists first, in this order; the others follow by tag.
FIRST = ("zh", "en")


def is_tag(value: object) -> bool:
    """Whether ``value`` has the shape of a BCP 47 language tag."""
    return isinstance(value, str) and _TAG.fullmatch(value) is not None


def _order(tag: str) -> tuple[int, str]:
    return (FIRST.index(tag) if tag in FIRST else len(FIRST), tag.casefold())


def ordered(tags: Iterable[str]) -> list[str]:
    """``tags`` in the order texts list their languages: ``zh``, ``en``, then by tag."""
    return sorted(tags, key=_order)


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Text:
    """A text in one or more languages; at least one is present.

    ``zh`` and ``en`` are the languages the format began with; every other
    language is in ``more``, as ``(tag, text)`` pairs laid out flat and in tag
    order (``("it", "Legge", "ja", "法律")``). Build a text of any languages with
    ``Text.of({"it": ..., "en": ...})``; read it with ``items()`` and ``get()``.
    """

    zh: str | None = None
    en: str | None = None
    more: tuple[str, ...] = ()

    @classmethod
    def of(cls, texts: Mapping[str, str | None]) -> Text:
        """The text of these languages (``None`` values left out), in canonical order."""
        more = [(k, v) for k, v in texts.items() if k not in FIRST and v is not None]
        more.sort(key=lambda kv: _order(kv[0]))
        return cls(texts.get("zh"), texts.get("en"), tuple(x for kv in more for x in kv))

    def items(self) -> Iterator[tuple[str, str]]:
        """``(tag, text)`` for each language the text has, in canonical order."""
        if self.zh is not None:
            yield "zh", self.zh
        if self.en is not None:
            yield "en", self.en
        more = self.more
        for i in range(0, len(more), 2):
            yield more[i], more[i + 1]

    def langs(self) -> tuple[str, ...]:
        """The tags of the languages the text has, in canonical order."""
        return tuple(tag for tag, _ in self.items())

    def exact(self, tag: str) -> str | None:
        """The text in exactly this language (tags compared without regard to case)."""
        if tag == "zh":
            return self.zh
        if tag == "en":
            return self.en
        folded = tag.casefold()
        return next((t for k, t in self.items() if k.casefold() == folded), None)

    def get(self, lang: Lang | str) -> str:
        """The text in ``lang`` (falling back to English, then Chinese, then any other)."""
        if lang == "both" and self.zh and self.en and self.zh != self.en:
            return f"{self.zh} / {self.en}"
        if lang == "en":
            return self.en or self.zh or self._first_more()
        if lang in ("zh", "both"):
            return self.zh or self.en or self._first_more()
        return self.exact(lang) or self.en or self.zh or self._first_more()

    def _first_more(self) -> str:
        return self.more[1] if self.more else ""

    def all(self) -> Iterator[str]:
        """Every non-empty string of the text, in canonical order."""
        for _, text in self.items():
            if text:
                yield text

    def to_json(self) -> dict[str, str]:
        return dict(self.items())


def languages(texts: Iterable[Text | str | None]) -> tuple[str, ...]:
    """The languages these texts have (``None`` and plain strings skipped), in canonical order."""
    seen: dict[str, None] = {}
    for text in texts:
        if isinstance(text, Text):
            if text.zh is not None:
                seen["zh"] = None
            if text.en is not None:
                seen["en"] = None
            for i in range(0, len(text.more), 2):
                seen[text.more[i]] = None
    return tuple(ordered(seen))


def _texts(timeline: Timeline) -> Iterator[Text | str | None]:
    """Every text of a timeline: its header, its registries and its events."""
    yield timeline.title
    yield timeline.description
    for registry in (timeline.sources, timeline.documents):
        for record in registry.values():
            yield record.title
    for place in timeline.jurisdictions.values():
        yield place.name
    for body in timeline.bodies.values():
        yield body.name
        yield body.short
    for e in timeline.events:
        yield e.title
        yield e.document
        yield e.summary
        yield e.scope


def data_languages(timeline: Timeline) -> tuple[str, ...]:
    """The languages of a timeline's texts (its header, registries and events)."""
    return languages(_texts(timeline))


def shown(lang: Lang, timeline: Timeline) -> Lang:
    """What ``lang`` shows of this timeline: the one place a view or an export picks.

    ``both`` shows the languages the data has: Chinese and English for data that
    has both (every text in both, joined as today), the one language of data in
    only one of them (no ``、`` joiners, no language switch), and English for
    data in neither (the interface's words in English, each text in its own
    language: ``Text.get`` falls back to it). ``zh`` and ``en`` are kept.
    """
    if lang is not Lang.BOTH:
        return lang
    zh = en = False
    for text in _texts(timeline):
        if isinstance(text, Text):
            zh = zh or text.zh is not None
            en = en or text.en is not None
            if zh and en:
                return Lang.BOTH
    return Lang.ZH if zh else Lang.EN
