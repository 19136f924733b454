"""@dataclass's ``__eq__``, ``__hash__`` and ``__repr__``, written on first use.

@dataclass writes each method it adds as source text and compiles it with
exec() when the class is made, at every start-up: for the dozen dataclasses a
short command imports (the model, dates, errors, export options, filters)
that was about 5 ms, most of it for ``__eq__``, ``__hash__`` and ``__repr__``,
which most commands never call (a JSON export neither compares, hashes nor
prints a model object).

A class declared ``@dataclass(..., eq=False, repr=False)`` under
``@value_methods`` gets stand-ins for the three. The first call of any of them
has @dataclass write the real ones, from the same fields, for an empty
dataclass made for the purpose, and puts them on the class in place of the
stand-ins; from then on the class has exactly the methods @dataclass(...)
would have given it at import (and they run as fast). ``__dataclass_params__``
says eq and repr, as for ``@dataclass(...)``. A mutable class (not frozen) is
unhashable from the start, as @dataclass makes it. A test compares every such
class with the dataclass @dataclass makes of the same declaration.
"""

from __future__ import annotations

from dataclasses import field, fields, make_dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any, TypeVar

    C = TypeVar("C", bound=type)

__all__ = ["value_methods"]

_METHODS = ("__eq__", "__hash__", "__repr__")


def _write_methods(cls: type) -> None:
    """Put on ``cls`` the __eq__, __repr__ (and __hash__, if frozen) that @dataclass writes."""
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    spec = [
        (f.name, f.type, field(repr=f.repr, compare=f.compare, hash=f.hash)) for f in fields(cls)
    ]
    # init=False: no __init__ to write; unsafe_hash: the __hash__ of eq=True, frozen=True
    source = make_dataclass(
        cls.__name__,
        spec,
        init=False,
        repr=True,
        eq=True,
        unsafe_hash=frozen,
        namespace={"__doc__": cls.__doc__, "__module__": cls.__module__},
    )
    for name in _METHODS if frozen else ("__eq__", "__repr__"):
        fn = source.__dict__[name]
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, fn)


def value_methods(cls: C) -> C:
    """Give a dataclass declared with ``eq=False, repr=False`` @dataclass's
    __eq__, __hash__ and __repr__, written on first use (see the module)."""
    params: Any = cls.__dataclass_params__  # type: ignore[attr-defined]
    if params.eq or params.repr or params.order or params.unsafe_hash:
        raise TypeError(f"{cls.__name__}: declare it with eq=False, repr=False (only)")
    if any(name in cls.__dict__ for name in _METHODS):
        raise TypeError(f"{cls.__name__} defines its own __eq__, __hash__ or __repr__")

    written: Any = cls  # the class, whose methods the stand-ins replace on first use

    def __eq__(self: Any, other: object) -> bool:
        _write_methods(cls)
        equal: bool = written.__eq__(self, other)
        return equal

    def __hash__(self: Any) -> int:
        _write_methods(cls)
        value: int = written.__hash__(self)
        return value

    def __repr__(self: Any) -> str:
        _write_methods(cls)
        text: str = written.__repr__(self)
        return text

    stand_ins: dict[str, Any] = {"__eq__": __eq__, "__hash__": __hash__, "__repr__": __repr__}
    if not params.frozen:
        stand_ins["__hash__"] = None  # eq without frozen: unhashable, as @dataclass makes it
    for name, fn in stand_ins.items():
        if fn is not None:
            fn.__qualname__ = f"{cls.__qualname__}.{name}"
            fn.__module__ = cls.__module__
        setattr(cls, name, fn)
    params.eq = params.repr = True
    return cls
