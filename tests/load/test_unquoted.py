"""Plain scalars that PyYAML reads as text but YAML 1.1 or 1.2 reads as another type
are marked (``Unquoted``, with what they read as), for the validator to warn about
(issue 21); quoted ones, and everything else, stay plain str."""

from __future__ import annotations

import pytest

from policytl.load.yamlsafe import (
    Unquoted,
    UnquotedBool,
    UnquotedDate,
    UnquotedNumber,
    parse_document,
)

MARKED = [
    ("1e3", UnquotedNumber),
    ("-1E10", UnquotedNumber),
    ("+1.5e3", UnquotedNumber),
    ("1.5e3", UnquotedNumber),
    ("0o17", UnquotedNumber),
    ("y", UnquotedBool),
    ("Y", UnquotedBool),
    ("n", UnquotedBool),
    ("N", UnquotedBool),
    ("2020-06-30", UnquotedDate),
    ("2020-06-30 08:00:00.5", UnquotedDate),
]
TEXT = ["yy", "no way", "1e", "e3", "1.2.3", "0o8", "1e3x", "v1e3", "2016年", "N/A", "-x"]
#: what PyYAML itself reads as another type: not text at all (the validator says so)
TYPED = [("yes", True), ("off", False), ("1:20", 80), ("012", 10), ("1.5", 1.5), ("~", None)]


def _value(scalar: str) -> object:
    return parse_document(f"key: {scalar}\n", "t.yaml").data["key"]


@pytest.mark.parametrize(("scalar", "cls"), MARKED)
def test_other_readings_are_marked(scalar: str, cls: type[Unquoted]) -> None:
    value = _value(scalar)
    assert type(value) is cls and value == scalar
    assert isinstance(value, Unquoted) and value.reads_as == cls.reads_as
    assert type(_value(f'"{scalar}"')) is str  # quoted: plain text
    assert type(_value(f"'{scalar}'")) is str
    # in a flow sequence, and remembered alike on the second use (keys are names:
    # ids and field names, which the validator checks as such)
    items = parse_document(f"k: [{scalar}, {scalar}]\n", "t.yaml").data["k"]
    assert [*map(type, items)] == [cls, cls]


def test_what_they_read_as() -> None:
    assert UnquotedNumber.reads_as == "a number (YAML 1.2)"
    assert UnquotedBool.reads_as == "a boolean (YAML 1.1)"
    assert UnquotedDate.reads_as == "a timestamp (YAML 1.1)"


@pytest.mark.parametrize("scalar", TEXT)
def test_text_stays_text(scalar: str) -> None:
    value = _value(scalar)
    assert type(value) is str and value == scalar


@pytest.mark.parametrize(("scalar", "value"), TYPED)
def test_pyyaml_readings_are_unchanged(scalar: str, value: object) -> None:
    assert _value(scalar) == value and type(_value(scalar)) is type(value)
