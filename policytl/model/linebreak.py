"""Where a line of mixed Chinese and English text may break (kinsoku), for every format.

A small subset of the Unicode line breaking rules (UAX #14), shared by the
terminal views (:mod:`policytl.render.wrap` fills lines with it) and the
exports that break lines themselves (Mermaid):

- a line may break after spaces, and before or after a wide (CJK) character;
- never before closing punctuation (``，。、）》”%`` and their ASCII kin),
  even after a space, and never after opening punctuation (``（《“``), even
  before a space;
- never before or after an ASCII quote (``"``, ``'``), which may open or close,
  except at a space (so ``"北京方案"`` stays whole);
- never inside a run of Latin letters or digits ("2020", "30%", "PBoC").

A no-break space (U+00A0) keeps two words on one line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["NBSP", "break_opportunities", "iter_breaks", "opens"]

_SPACE, _OPEN, _CLOSE, _WIDE, _OTHER, _QUOTE = range(6)
#: A no-break space glues two words together; it is printed as a plain space.
NBSP = "\u00a0"
#: Besides closing brackets and quotes: punctuation that never starts a line.
_CLOSING = frozenset(",.:;!?%‰、。，．：；！？・…‥")
#: Quotes that may open or close (UAX #14 class QU without a direction).
_QUOTES = frozenset("\"'")


@lru_cache(maxsize=4096)
def _class(ch: str) -> int:
    if ch == NBSP:
        return _OTHER
    if ch.isspace():
        return _SPACE
    if ch in _QUOTES:
        return _QUOTE
    cat = unicodedata.category(ch)
    if cat in ("Ps", "Pi"):
        return _OPEN
    if cat in ("Pe", "Pf") or ch in _CLOSING:
        return _CLOSE
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return _WIDE
    return _OTHER


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


#: ASCII text breaks only after a space, before anything but a space or closing punctuation
_ASCII_BREAK = re.compile(r"\s(?=[^\s)\]},.:;!?%])")


def break_opportunities(text: str) -> list[int]:
    """Offsets ``i`` (0 < i < len) where a line may end before ``text[i]``."""
    return list(iter_breaks(text))


def iter_breaks(text: str) -> Iterator[int]:
    """:func:`break_opportunities`, one at a time (a long text holds millions)."""
    if text.isascii():  # the same answer as the loop below, without a class per character
        for m in _ASCII_BREAK.finditer(text):
            yield m.end()
        return
    #: the class of the last character before the current run of spaces
    before_spaces = _OTHER
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        ca, cb = _class(a), _class(b)
        if ca != _SPACE:
            before_spaces = ca
        if cb in (_SPACE, _CLOSE):
            continue
        if ca == _SPACE:
            if before_spaces != _OPEN:  # an opening mark keeps what follows, spaces or not
                yield i
        elif ca in (_OPEN, _QUOTE) or cb == _QUOTE:
            continue
        elif ca == _WIDE or cb == _WIDE or (ca == _CLOSE and _wide(a)):
            yield i


def opens(ch: str) -> bool:
    """Whether ``ch`` is opening punctuation (a line never ends with it)."""
    return _class(ch) == _OPEN
