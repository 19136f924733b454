"""Bytes to text for a data file: UTF-8 (with or without a BOM) only, with a
diagnosis for what it is instead (UTF-16 or UTF-32, GBK, binary)."""

from __future__ import annotations

import re

from policytl.model.errors import LoadError, Problem

__all__ = ["decode"]


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: a NUL in nearly every other byte."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= half // 3 and min(even, odd) <= half // 20


_CJK = re.compile("[\u4e00-\u9fff]")
_BINARY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _looks_gbk(data: bytes) -> bool:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    # gb18030 decodes almost any bytes: ask for Chinese text and no binary junk.
    return _CJK.search(text) is not None and _BINARY.search(text) is None


def _not_text(data: bytes, file: str, at: int) -> LoadError:
    line = data.count(b"\n", 0, at) + 1
    col = at - (data.rfind(b"\n", 0, at) + 1) + 1
    if _looks_utf16(data):
        return LoadError(
            Problem(
                file, None, None, "", "file looks UTF-16 encoded (without a BOM); save it as UTF-8"
            )
        )
    return LoadError(Problem(file, line, col, "", "file contains NUL bytes; it is not a text file"))


def decode(data: bytes, file: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) only, with a helpful diagnosis."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        utf = "UTF-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "UTF-16"
        raise LoadError(Problem(file, None, None, "", f"file is {utf} encoded; save it as UTF-8"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise _not_text(data, file, nul) from None
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = " (it looks like GBK/GB18030)" if _looks_gbk(data) else ""
        raise LoadError(
            Problem(file, line, col, "", f"file is not valid UTF-8{hint}; save it as UTF-8")
        ) from None
    if not text.strip():
        raise LoadError(
            Problem(file, None, None, "", "file is empty (expected a policytl/1 document)")
        )
    if "\x00" in text:
        raise _not_text(data, file, data.find(b"\x00"))
    return text
