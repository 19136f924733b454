"""Making untrusted text safe to show in a terminal.

Text from data files may hold ANSI escape sequences, other control
characters or bidirectional overrides. ``for_terminal`` turns each of them
into a visible escape (``\\x1b``) so that nothing from data can move the
cursor, change colours, set a window title or reorder what is shown.
"""

from __future__ import annotations

import re

__all__ = [
    "BIDI",
    "dump_json",
    "for_terminal",
    "for_terminal_line",
    "json_ascii",
    "json_for_terminal",
    "no_bidi",
    "one_line",
]

# C0 controls but tab and newline, DEL, C1 controls, and the bidi controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: the bidirectional formatting characters (marks, embeddings, overrides, isolates)
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control character shown as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def for_terminal_line(text: str) -> str:
    """``text`` (a file name) as one line safe for a terminal: control characters,
    newlines and tabs included, shown as visible escapes, so that it cannot fake a line."""
    return for_terminal(text).replace("\n", "\\x0a").replace("\t", "\\x09")


def no_bidi(text: str) -> str:
    """``text`` with only its bidi controls shown as visible escapes (``\\u202e``).

    For the data formats that keep other characters as they are (CSV, ICS):
    a right-to-left override would reverse what a spreadsheet, calendar or
    TimelineJS slide shows, so every format shows bidi controls escaped.
    """
    return BIDI.sub(_escape, text)


def one_line(text: str) -> str:
    """Safe text folded onto one line (newlines and tabs become spaces)."""
    # Printable text (no control, format or non-ASCII space character) needs no escape
    # and has no whitespace but single ASCII spaces to fold: most titles and names.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(for_terminal(text).split())


def json_for_terminal(text: str) -> str:
    """JSON text (from json.dumps) with every unsafe character as a ``\\uXXXX`` escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes only C0 controls; DEL, C1
    controls and bidi overrides would reach the terminal raw. Such characters
    can only stand inside JSON strings, so the result parses to the same data.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_json(value: object) -> str:
    """``value`` as indented UTF-8 JSON text ending in a newline, safe to print.

    Chinese stays readable (``ensure_ascii=False``); characters that could act
    on a terminal are ``\\uXXXX`` escapes, which JSON parsers read back as the
    same text.
    """
    import json

    return json_for_terminal(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _u_escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c < 0x10000:
        return f"\\u{c:04x}"
    c -= 0x10000
    return f"\\u{0xD800 + (c >> 10):04x}\\u{0xDC00 + (c & 0x3FF):04x}"


def json_ascii(text: str) -> str:
    """JSON text with every non-ASCII character as a ``\\uXXXX`` escape (a surrogate
    pair beyond the BMP), as ``json.dumps(..., ensure_ascii=True)`` writes it.

    Outside strings JSON is ASCII, so the result parses to the same data.
    """
    return _NON_ASCII.sub(_u_escape, text)
