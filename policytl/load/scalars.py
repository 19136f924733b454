"""What a YAML scalar is: the types PyYAML's safe loader gives plain scalars, the
text that other YAML versions read otherwise (``Unquoted``), and the checks of
explicitly tagged scalars."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml

from policytl.load.located import brief

__all__ = ["INVALID", "Unquoted", "UnquotedBool", "UnquotedDate", "UnquotedNumber"]


class Unquoted(str):
    """A plain scalar kept as text (PyYAML's safe loader reads it as a string) that
    YAML 1.1 or 1.2 reads as another type: ``reads_as`` says which, for the
    validator's warning (quote it to be read as text everywhere)."""

    __slots__ = ()
    reads_as: ClassVar[str] = "another type"


class UnquotedDate(Unquoted):
    """A plain scalar that YAML 1.1 resolves to a timestamp, kept as its text."""

    __slots__ = ()
    reads_as = "a timestamp (YAML 1.1)"


class UnquotedNumber(Unquoted):
    """A plain scalar that YAML 1.2 reads as a number: ``1e3``, ``1.5e3``, ``0o17``."""

    __slots__ = ()
    reads_as = "a number (YAML 1.2)"


class UnquotedBool(Unquoted):
    """A plain ``y``, ``Y``, ``n`` or ``N``: a boolean in YAML 1.1 (not for PyYAML)."""

    __slots__ = ()
    reads_as = "a boolean (YAML 1.1)"


#: What YAML 1.2's core schema and YAML 1.1's types read as non-strings beyond what
#: PyYAML's safe loader does (its own readings become bool, int, float, None or
#: UnquotedDate): 1.2 floats without a dot or with an unsigned exponent, 1.2
#: octals, and 1.1's one-letter booleans.
_OTHER_READINGS = (
    (
        re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+"),
        UnquotedNumber,
    ),
    (re.compile(r"[yYnN]"), UnquotedBool),
)


def _as_text(value: str) -> str:
    """A plain scalar read as a string, marked if another YAML reads it otherwise."""
    if value[:1] in _OTHER_STARTS:
        for pattern, cls in _OTHER_READINGS:
            if pattern.fullmatch(value):
                return cls(value)
    return value


_OTHER_STARTS = frozenset("-+.0123456789yYnN")


class _Invalid:
    """Stands in for a value that was already reported as a problem."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TS = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_YAML = "tag:yaml.org,2002:yaml"

_scalar_constructor = yaml.constructor.SafeConstructor()
_ScalarNode = yaml.ScalarNode


def _tag_name(tag: str) -> str:
    """A tag as it is usually written (``!!python/name:x``), quoted for a message."""
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag[len("tag:yaml.org,2002:") :]
    return brief(tag)


#: Scalar types by tag, each with the lexical forms YAML 1.1 gives it (the
#: resolver's own patterns), which an explicitly tagged scalar must match too.
_TYPED: dict[str, list[re.Pattern[str]]] = {}
for _first, _resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _regexp not in _TYPED.setdefault(_tag, []):
            _TYPED[_tag].append(_regexp)
_TYPED[_FLOAT] = _TYPED[_FLOAT] + _TYPED[_INT]  # !!float 1 is 1.0
_FAILED = object()


def _construct(tag: str, value: str) -> Any:
    """The value of a scalar whose tag is null, bool, int or float, or _FAILED."""
    if tag == _NULL:
        return None
    node = _ScalarNode(tag, value)
    try:
        if tag == _BOOL:
            return _scalar_constructor.construct_yaml_bool(node)
        if tag == _INT:
            return _scalar_constructor.construct_yaml_int(node)
        return _scalar_constructor.construct_yaml_float(node)
    except (ValueError, KeyError, IndexError, OverflowError, TypeError, yaml.YAMLError):
        return _FAILED


def tagged_value(tag: str, value: str) -> tuple[Any, str | None]:
    """The value of a scalar with an explicit tag; or INVALID and what to report."""
    if tag == _STR:
        return value, None
    if tag in (_NULL, _BOOL, _INT, _FLOAT):
        name = tag.rsplit(":", 1)[-1]
        result = _FAILED
        if any(regexp.match(value) for regexp in _TYPED[tag]):
            result = _construct(tag, value)
        if result is _FAILED:
            return INVALID, f"cannot read {brief(value)} as {name} (it has the YAML tag !!{name})"
        return result, None
    if tag == _TS:
        return INVALID, "YAML tag '!!timestamp' is not allowed: write a date as a quoted string"
    return INVALID, f"YAML tag {_tag_name(tag)} is not allowed (only plain data is accepted)"
