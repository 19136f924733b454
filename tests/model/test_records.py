"""The core's dataclasses compare, hash and print exactly as @dataclass makes them.

Their __eq__, __hash__ and __repr__ come from policytl.model._records (start-up time);
each is checked here against the class that @dataclass itself makes of the same
fields, on the objects of the embedded data set and on objects made for it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
from typing import Any

import pytest

from policytl.analyze.query import Filters
from policytl.export import ExportOptions, Group, Style
from policytl.load.loader import load_timeline
from policytl.model.dates import DateRange, PolicyDate, parse_user_date
from policytl.model.errors import DataError, Problem, Severity
from policytl.model.records import (
    Alias,
    Body,
    Citation,
    Event,
    Jurisdiction,
    Lang,
    Source,
    Text,
    Timeline,
)

from ..conftest import child_env

CLASSES = [
    Text,
    Alias,
    Source,
    Jurisdiction,
    Body,
    Citation,
    Event,
    Timeline,
    PolicyDate,
    DateRange,
    Problem,
    DataError,
    ExportOptions,
    Filters,
]


def reference(cls: type) -> type:
    """The dataclass that @dataclass (eq and repr on) makes of ``cls``'s fields."""
    params = cls.__dataclass_params__
    spec = []
    for f in dataclasses.fields(cls):
        kw: dict[str, Any] = {"compare": f.compare, "repr": f.repr, "hash": f.hash, "init": f.init}
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        spec.append((f.name, f.type, dataclasses.field(**kw)))
    ref = dataclasses.make_dataclass(
        cls.__name__, spec, bases=cls.__bases__, frozen=params.frozen, eq=True, repr=True
    )
    ref.__qualname__ = cls.__qualname__
    return ref


def as_reference(obj: Any, ref: type) -> Any:
    """An instance of ``ref`` with the field values of ``obj``."""
    out = ref.__new__(ref)
    for f in dataclasses.fields(obj):
        object.__setattr__(out, f.name, getattr(obj, f.name))
    return out


def samples() -> dict[type, list[Any]]:
    t = load_timeline()
    out: dict[type, list[Any]] = {cls: [] for cls in CLASSES}
    out[Event] = list(t.events)
    out[PolicyDate] = [e.date for e in t.events]
    out[Citation] = [c for e in t.events for c in e.sources]
    out[Text] = [e.title for e in t.events] + [Text("中文"), Text(en="x"), Text("a", "b")]
    out[Source] = list(t.sources.values())
    out[Jurisdiction] = list(t.jurisdictions.values())
    out[Body] = list(t.bodies.values())
    out[Alias] = [a for b in t.bodies.values() for a in b.aliases] + [Alias("a"), Alias("a", "n")]
    out[Timeline] = [t, t.with_events(t.events[:3]), Timeline()]
    out[DateRange] = [parse_user_date(s) for s in ("2016", "2016-06", "June 2016", "2020年5月")]
    out[Problem] = [
        Problem("f.yaml", 3, 4, "events[0]", "bad"),
        Problem("f.yaml", None, None, "", "bad", Severity.WARNING),
    ]
    out[DataError] = [DataError(out[Problem]), DataError([]), DataError(out[Problem][:1])]
    out[ExportOptions] = [
        ExportOptions(),
        ExportOptions(Lang.ZH, Group.MONTH, Style.TABLE, True, "T", "--since 2016"),
    ]
    out[Filters] = [Filters(), Filters(since="2016"), Filters(since="2016", tags=("a",))]
    for objs in out.values():
        # objects differing from the first in one field each, and an equal copy
        first = objs[0]
        for f in dataclasses.fields(first):
            if not f.init:
                continue
            value = getattr(first, f.name)
            other = (not value) if isinstance(value, bool) else f"{value}!"
            with contextlib.suppress(Exception):  # refused by Filters' __post_init__
                objs.append(dataclasses.replace(first, **{f.name: other}))
        objs.append(dataclasses.replace(first))
    return out


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_eq_hash_and_repr_are_the_ones_dataclass_writes(cls: type) -> None:
    ref = reference(cls)
    objs = samples()[cls]
    assert len(objs) >= 4
    params = cls.__dataclass_params__
    assert (params.eq, params.repr) == (True, True)
    assert (cls.__hash__ is None) == (ref.__hash__ is None) == (not params.frozen)
    refs = [as_reference(o, ref) for o in objs]
    for o, r in zip(objs, refs, strict=True):
        assert repr(o) == repr(r)
        if params.frozen:
            assert hash(o) == hash(r)
        assert o.__eq__(object()) is NotImplemented
        assert r.__eq__(object()) is NotImplemented
    pairs = zip(objs, refs, strict=True)
    for (a, ra), (b, rb) in itertools.product(pairs, repeat=2):
        assert (a == b) is (ra == rb)
        assert (a != b) is (ra != rb)
    assert any(a == b for a, b in itertools.combinations(objs, 2))
    assert any(a != b for a, b in itertools.combinations(objs, 2))


def test_a_subclass_is_not_equal_to_its_base_as_with_dataclass() -> None:
    ref = reference(Text)

    class Sub(Text):
        pass

    class RefSub(ref):  # type: ignore[valid-type,misc]
        pass

    a, b = Text("x"), Sub("x")
    ra, rb = as_reference(a, ref), as_reference(b, RefSub)
    assert (a == b) is (ra == rb) is False
    assert repr(b) == repr(rb).replace("RefSub", "Sub")
    assert b == Sub("x") and hash(b) == hash(Sub("x")) == hash(rb)


def test_a_recursive_repr_is_cut_short_as_with_dataclass() -> None:
    err = DataError([])
    err.problems.append(err)  # type: ignore[arg-type]
    ref = as_reference(DataError([]), reference(DataError))
    ref.problems.append(ref)
    assert repr(err) == repr(ref) == "DataError(problems=[...])"


def test_records_stay_frozen_and_mutable_ones_unhashable() -> None:
    text = Text("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        text.zh = "y"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del text.zh  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(Timeline())
    with pytest.raises(TypeError):
        hash(DataError([]))


def _written_by_dataclass(fn: Any) -> bool:
    """Whether ``fn`` is one of the methods @dataclass writes (compiled from text)."""
    return getattr(fn, "__wrapped__", fn).__code__.co_filename == "<string>"


@pytest.mark.parametrize("first", ["eq", "hash", "repr"])
def test_the_first_use_writes_the_dataclass_methods(first: str) -> None:
    from policytl.model._records import value_methods

    @value_methods
    @dataclasses.dataclass(frozen=True, slots=True, eq=False, repr=False)
    class Point:
        """A point."""

        x: int
        y: str = "a"
        z: tuple[int, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @dataclasses.dataclass(frozen=True)
    class Reference:
        """A point."""

        x: int
        y: str = "a"
        z: tuple[int, ...] = dataclasses.field(default=(), compare=False, repr=False)

    assert not any(_written_by_dataclass(Point.__dict__[m]) for m in ("__eq__", "__hash__"))
    p, r = Point(1, "b", (2,)), Reference(1, "b", (2,))
    if first == "eq":
        assert p == Point(1, "b") and p != Point(2, "b") and p.__eq__(r) is NotImplemented
    elif first == "hash":
        assert hash(p) == hash(r) == hash(Point(1, "b"))
    else:
        assert repr(p) == repr(r).replace("Reference", "Point")
    for m in ("__eq__", "__hash__", "__repr__"):
        assert _written_by_dataclass(Point.__dict__[m]), m
        assert Point.__dict__[m].__qualname__.endswith(f"<locals>.Point.{m}")
    assert p == Point(1, "b", (3,)) and hash(p) == hash(r)
    assert repr(p) == repr(r).replace("Reference", "Point")


def test_only_classes_declared_without_eq_and_repr_are_taken() -> None:
    from policytl.model._records import value_methods

    @dataclasses.dataclass
    class Plain:
        x: int

    with pytest.raises(TypeError):
        value_methods(Plain)


def test_every_class_under_value_methods_is_checked_here() -> None:
    """A fresh process finds the classes whose methods are still _records' stand-ins."""
    import subprocess
    import sys

    code = (
        "import importlib, pkgutil, policytl\n"
        "found = set()\n"
        "for m in pkgutil.walk_packages(policytl.__path__, 'policytl.'):\n"
        "    mod = importlib.import_module(m.name)\n"
        "    for obj in vars(mod).values():\n"
        "        eq = isinstance(obj, type) and obj.__dict__.get('__eq__')\n"
        "        code = getattr(eq, '__code__', None)\n"
        "        if code is not None and code.co_filename.endswith('_records.py'):\n"
        "            found.add(f'{obj.__module__}.{obj.__qualname__}')\n"
        "print('\\n'.join(sorted(found)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=child_env(),
    )
    assert proc.stdout.split() == sorted(f"{c.__module__}.{c.__qualname__}" for c in CLASSES)
